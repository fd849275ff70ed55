/**
 * The values the API server accepts for a field, per release: one list per
 * field for the rules (which print them, in the API server's order, in a
 * NotSupported message), completion (which offers only what the release
 * accepts) and the schema rule (which leaves these fields to their rules).
 *
 * The lists are the API server's (validation.go), not the API documentation's;
 * a unit test checks them against the generated API table of every release,
 * so a value upstream adds or drops shows up as a failing test.
 */
import type { FieldDef } from '../api/tableTypes';
import { compareVersions, enumValues } from '../api/table';

export interface ValueSet {
  /** The table field these values are for: `<Type>.<field>` (`V1PodSpec.restartPolicy`). */
  field: string;
  /** The accepted values, in the order the API server lists them in its messages. */
  values: readonly string[];
  /** Values accepted only from a release on. */
  since?: Readonly<Record<string, string>>;
  /**
   * Values the API documents that are refused unless a feature gate is on
   * which is off by default: from `since` (and, if it ever turns on by
   * default, until before `on`).
   */
  gated?: Readonly<Record<string, { gate: string; since: string; on?: string }>>;
  /** Values the API server accepts that the API documentation does not list (with the reason), e.g. `""` for a defaulted field. */
  undocumented?: readonly string[];
}

const set = (field: string, values: readonly string[], extra: Omit<ValueSet, 'field' | 'values'> = {}): ValueSet => ({ field, values, ...extra });

/** Every field whose values the API server checks against a list, by `<Type>.<field>`. */
export const VALUE_SETS = {
  // ---- pod spec (rules/podspec.ts, tolerations.ts, topology.ts)
  podRestartPolicy: set('V1PodSpec.restartPolicy', ['Always', 'OnFailure', 'Never']),
  dnsPolicy: set('V1PodSpec.dnsPolicy', ['ClusterFirstWithHostNet', 'ClusterFirst', 'Default', 'None']),
  preemptionPolicy: set('V1PodSpec.preemptionPolicy', ['PreemptLowerPriority', 'Never']),
  podOS: set('V1PodOS.name', ['linux', 'windows']),
  tolerationOperator: set('V1Toleration.operator', ['Equal', 'Exists'], {
    gated: { Lt: { gate: 'TaintTolerationComparisonOperators', since: '1.35' }, Gt: { gate: 'TaintTolerationComparisonOperators', since: '1.35' } },
  }),
  tolerationEffect: set('V1Toleration.effect', ['NoSchedule', 'PreferNoSchedule', 'NoExecute']),
  whenUnsatisfiable: set('V1TopologySpreadConstraint.whenUnsatisfiable', ['DoNotSchedule', 'ScheduleAnyway']),
  nodeAffinityPolicy: set('V1TopologySpreadConstraint.nodeAffinityPolicy', ['Honor', 'Ignore']),
  nodeTaintsPolicy: set('V1TopologySpreadConstraint.nodeTaintsPolicy', ['Honor', 'Ignore']),
  // ---- volumes, env (rules/volumes.ts, mounts.ts, env.ts, downwardApi.ts)
  hostPathType: set('V1HostPathVolumeSource.type', ['', 'BlockDevice', 'CharDevice', 'Directory', 'DirectoryOrCreate', 'File', 'FileOrCreate', 'Socket']),
  imageVolumePullPolicy: set('V1ImageVolumeSource.pullPolicy', ['Always', 'IfNotPresent', 'Never']),
  claimAccessMode: set('V1PersistentVolumeClaimSpec.accessModes', ['ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOnce', 'ReadWriteOncePod']),
  claimVolumeMode: set('V1PersistentVolumeClaimSpec.volumeMode', ['Block', 'Filesystem']),
  mountPropagation: set('V1VolumeMount.mountPropagation', ['Bidirectional', 'HostToContainer', 'None']),
  recursiveReadOnly: set('V1VolumeMount.recursiveReadOnly', ['Disabled', 'Enabled', 'IfPossible']),
  /** validContainerResourceFieldPathExpressions (besides `limits.hugepages-<size>` and `requests.hugepages-<size>`). */
  resourceFieldRef: set('V1ResourceFieldSelector.resource', [
    'limits.cpu',
    'limits.ephemeral-storage',
    'limits.memory',
    'requests.cpu',
    'requests.ephemeral-storage',
    'requests.memory',
  ]),
} as const satisfies Record<string, ValueSet>;

/**
 * The fields a downward API `fieldRef.fieldPath` may read (after
 * ConvertDownwardAPIFieldLabel, and besides one label or annotation written
 * `metadata.labels['key']`). One API field, two lists: which one applies
 * depends on where the selector is, so they are not in VALUE_SETS (which
 * goes by field).
 */
export const DOWNWARD_API_FIELD_PATHS = {
  /** validEnvDownwardAPIFieldPathExpressions. */
  env: set(
    'V1ObjectFieldSelector.fieldPath',
    ['metadata.name', 'metadata.namespace', 'metadata.uid', 'spec.nodeName', 'spec.serviceAccountName', 'status.hostIP', 'status.hostIPs', 'status.podIP', 'status.podIPs'],
    { since: { 'status.hostIPs': '1.28' } },
  ),
  /** validVolumeDownwardAPIFieldPathExpressions. */
  volume: set('V1ObjectFieldSelector.fieldPath', ['metadata.annotations', 'metadata.labels', 'metadata.name', 'metadata.namespace', 'metadata.uid']),
} as const satisfies Record<string, ValueSet>;

export type ValueSetName = keyof typeof VALUE_SETS;

const byField = new Map<string, ValueSet>(Object.values(VALUE_SETS).map((s) => [s.field, s]));

/** The value set of a table field (`V1PodSpec`, `restartPolicy`), when the API server checks it against a list. */
export function valueSetOf(typeName: string | undefined, fieldName: string | undefined): ValueSet | undefined {
  return typeName && fieldName ? byField.get(`${typeName}.${fieldName}`) : undefined;
}

/** The values `set` accepts in `version`, in the API server's order (gated values only once on by default). */
export function accepted(s: ValueSet, version: string): string[] {
  const out = s.values.filter((v) => !s.since?.[v] || compareVersions(version, s.since[v]) >= 0);
  for (const [v, g] of Object.entries(s.gated ?? {})) if (g.on && compareVersions(version, g.on) >= 0) out.push(v);
  return out;
}

/** The feature gate that `value` needs in `version` (it exists, but the gate is off by default), or undefined. */
export function gateOf(s: ValueSet, value: string, version: string): { gate: string } | undefined {
  const g = s.gated?.[value];
  if (!g || compareVersions(version, g.since) < 0 || (g.on && compareVersions(version, g.on) >= 0)) return undefined;
  return { gate: g.gate };
}

/** The accepted value that `value` was meant to be, when they differ only in case or separators (`always`, `Cluster-First`, `Limits.Ephemeral_Storage`). */
export function suggestion(values: readonly string[], value: string): string | undefined {
  const norm = (v: string): string => v.toLowerCase().replace(/[-_ ]/g, '');
  return values.find((s) => norm(s) === norm(value));
}

/**
 * The values to offer for a field in `version`: the accepted ones where the
 * API server checks a list, else the values the API documents for that
 * release; undefined when the field takes free text.
 */
export function offeredValues(typeName: string | undefined, fieldName: string | undefined, def: FieldDef, version: string): readonly string[] | undefined {
  const s = valueSetOf(typeName, fieldName);
  if (s) return accepted(s, version).filter((v) => v !== '');
  return enumValues(def, version);
}
