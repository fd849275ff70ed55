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
  /**
   * How the API documentation gives the values, when not as a list: `prose`
   * (the description names each value in words) or `none` (it names not all
   * of them: only validation.go says), with where or why.
   */
  documented?: { prose: string } | { none: string };
}

const set = (field: string, values: readonly string[], extra: Omit<ValueSet, 'field' | 'values'> = {}): ValueSet => ({ field, values, ...extra });

/** Every field whose values the API server checks against a list, by `<Type>.<field>`. */
export const VALUE_SETS = {
  // ---- pod spec (rules/podspec.ts, tolerations.ts, topology.ts)
  podRestartPolicy: set('V1PodSpec.restartPolicy', ['Always', 'OnFailure', 'Never']),
  dnsPolicy: set('V1PodSpec.dnsPolicy', ['ClusterFirstWithHostNet', 'ClusterFirst', 'Default', 'None']),
  preemptionPolicy: set('V1PodSpec.preemptionPolicy', ['PreemptLowerPriority', 'Never']),
  podOS: set('V1PodOS.name', ['linux', 'windows'], { documented: { prose: '"The currently supported values are linux and windows."' } }),
  tolerationOperator: set('V1Toleration.operator', ['Equal', 'Exists'], {
    gated: { Lt: { gate: 'TaintTolerationComparisonOperators', since: '1.35' }, Gt: { gate: 'TaintTolerationComparisonOperators', since: '1.35' } },
  }),
  tolerationEffect: set('V1Toleration.effect', ['NoSchedule', 'PreferNoSchedule', 'NoExecute']),
  whenUnsatisfiable: set('V1TopologySpreadConstraint.whenUnsatisfiable', ['DoNotSchedule', 'ScheduleAnyway'], {
    documented: { prose: '"- DoNotSchedule (default) tells the scheduler not to schedule it. - ScheduleAnyway tells the scheduler…"' },
  }),
  // Label selectors (rules/selectors.ts) and node selector terms (rules/affinity.ts): an unknown operator is Invalid, not NotSupported.
  labelSelectorOperator: set('V1LabelSelectorRequirement.operator', ['In', 'NotIn', 'Exists', 'DoesNotExist']),
  nodeSelectorOperator: set('V1NodeSelectorRequirement.operator', ['In', 'NotIn', 'Exists', 'DoesNotExist', 'Gt', 'Lt']),
  nodeAffinityPolicy: set('V1TopologySpreadConstraint.nodeAffinityPolicy', ['Honor', 'Ignore']),
  nodeTaintsPolicy: set('V1TopologySpreadConstraint.nodeTaintsPolicy', ['Honor', 'Ignore']),
  // ---- containers, probes, ports (rules/containers.ts, restartPolicies.ts, securityContext.ts, probes.ts, ports.ts)
  imagePullPolicy: set('V1Container.imagePullPolicy', ['Always', 'IfNotPresent', 'Never']),
  terminationMessagePolicy: set('V1Container.terminationMessagePolicy', ['File', 'FallbackToLogsOnError'], {
    documented: { prose: '"File will use the contents of terminationMessagePath … FallbackToLogsOnError will use the last chunk of container log output"' },
  }),
  // Up to 1.33 only an init container's `Always` (a native sidecar); from 1.35 (ContainerRestartRules) any container's.
  containerRestartPolicy: set('V1Container.restartPolicy', ['Always'], {
    documented: { none: 'the description explains "Always" for init containers only; validateContainerRestartPolicy lists the rest' },
    gated: { Never: { gate: 'ContainerRestartRules', since: '1.34', on: '1.35' }, OnFailure: { gate: 'ContainerRestartRules', since: '1.34', on: '1.35' } },
  }),
  // RestartAllContainersOnContainerExits: alpha in 1.35, beta and on by default from 1.36 (pkg/features/kube_features.go).
  restartRuleAction: set('V1ContainerRestartRule.action', ['Restart'], {
    gated: { RestartAllContainers: { gate: 'RestartAllContainersOnContainerExits', since: '1.35', on: '1.36' } },
    undocumented: ['RestartAllContainers'],
  }),
  restartRuleOperator: set('V1ContainerRestartRuleOnExitCodes.operator', ['In', 'NotIn']),
  resizeResource: set('V1ContainerResizePolicy.resourceName', ['cpu', 'memory'], { documented: { prose: '"Supported values: cpu, memory."' } }),
  resizeRestartPolicy: set('V1ContainerResizePolicy.restartPolicy', ['NotRequired', 'RestartContainer'], {
    documented: { none: 'the description names only the default, NotRequired' },
  }),
  seccompProfileType: set('V1SeccompProfile.type', ['Localhost', 'RuntimeDefault', 'Unconfined']),
  appArmorProfileType: set('V1AppArmorProfile.type', ['Localhost', 'RuntimeDefault', 'Unconfined']),
  // ValidateProcMountType; from 1.33 (ProcMountType on): before, any value is forced to Default.
  procMount: set('V1SecurityContext.procMount', ['Default', 'Unmasked'], { documented: { none: 'the description names only the default, Default' } }),
  // ---- pod security context (rules/securityContext.ts): sets.List order, sorted
  fsGroupChangePolicy: set('V1PodSecurityContext.fsGroupChangePolicy', ['Always', 'OnRootMismatch']),
  supplementalGroupsPolicy: set('V1PodSecurityContext.supplementalGroupsPolicy', ['Merge', 'Strict']),
  // With SELinuxMount off (until 1.37) only Recursive is accepted (validateSELinuxChangePolicy, AllowOnlyRecursiveSELinuxChangePolicy).
  seLinuxChangePolicy: set('V1PodSecurityContext.seLinuxChangePolicy', ['Recursive'], { gated: { MountOption: { gate: 'SELinuxMount', since: '1.32', on: '1.37' } } }),
  portProtocol: set('V1ContainerPort.protocol', ['SCTP', 'TCP', 'UDP']),
  httpGetScheme: set('V1HTTPGetAction.scheme', ['HTTP', 'HTTPS'], { documented: { none: 'the description names only the default, HTTP' } }),
  // ---- volumes, env (rules/volumes.ts, mounts.ts, env.ts, downwardApi.ts)
  hostPathType: set('V1HostPathVolumeSource.type', ['', 'BlockDevice', 'CharDevice', 'Directory', 'DirectoryOrCreate', 'File', 'FileOrCreate', 'Socket'], {
    documented: { none: 'the description names only the default, ""' },
  }),
  imageVolumePullPolicy: set('V1ImageVolumeSource.pullPolicy', ['Always', 'IfNotPresent', 'Never'], { documented: { prose: '"Possible values are: Always: … Never: … IfNotPresent: …"' } }),
  claimAccessMode: set('V1PersistentVolumeClaimSpec.accessModes', ['ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOnce', 'ReadWriteOncePod'], {
    documented: { none: 'the description links to the documentation instead' },
  }),
  claimVolumeMode: set('V1PersistentVolumeClaimSpec.volumeMode', ['Block', 'Filesystem'], { documented: { none: 'the description names only the default, Filesystem' } }),
  mountPropagation: set('V1VolumeMount.mountPropagation', ['Bidirectional', 'HostToContainer', 'None'], { documented: { none: 'the description names only the default, None' } }),
  recursiveReadOnly: set('V1VolumeMount.recursiveReadOnly', ['Disabled', 'Enabled', 'IfPossible'], {
    documented: { prose: '"If this field is set to Disabled … IfPossible … Enabled"' },
  }),
  /** validContainerResourceFieldPathExpressions (besides `limits.hugepages-<size>` and `requests.hugepages-<size>`). */
  resourceFieldRef: set(
    'V1ResourceFieldSelector.resource',
    ['limits.cpu', 'limits.ephemeral-storage', 'limits.memory', 'requests.cpu', 'requests.ephemeral-storage', 'requests.memory'],
    { documented: { none: 'the description says only "resource to select"' } },
  ),
  // ---- workloads (rules/deployments.ts, statefulsets.ts, jobs.ts, cronjobs.ts)
  deploymentStrategy: set('V1DeploymentStrategy.type', ['Recreate', 'RollingUpdate']),
  daemonSetUpdateStrategy: set('V1DaemonSetUpdateStrategy.type', ['RollingUpdate', 'OnDelete']),
  statefulSetUpdateStrategy: set('V1StatefulSetUpdateStrategy.type', ['RollingUpdate', 'OnDelete'], {
    documented: { none: 'the description names only the default, RollingUpdate' },
  }),
  podManagementPolicy: set('V1StatefulSetSpec.podManagementPolicy', ['OrderedReady', 'Parallel'], { documented: { prose: '"The default policy is `OrderedReady` … The alternative policy is `Parallel`"' } }),
  claimRetentionWhenDeleted: set('V1StatefulSetPersistentVolumeClaimRetentionPolicy.whenDeleted', ['Retain', 'Delete'], {
    documented: { prose: '"The default policy of `Retain` … The `Delete` policy …"' },
  }),
  claimRetentionWhenScaled: set('V1StatefulSetPersistentVolumeClaimRetentionPolicy.whenScaled', ['Retain', 'Delete'], {
    documented: { prose: '"The default policy of `Retain` … The `Delete` policy …"' },
  }),
  jobCompletionMode: set('V1JobSpec.completionMode', ['NonIndexed', 'Indexed']),
  podReplacementPolicy: set('V1JobSpec.podReplacementPolicy', ['Failed', 'TerminatingOrFailed']),
  podFailurePolicyAction: set('V1PodFailurePolicyRule.action', ['Count', 'FailIndex', 'FailJob', 'Ignore'], { since: { FailIndex: '1.28' } }),
  podFailurePolicyOperator: set('V1PodFailurePolicyOnExitCodesRequirement.operator', ['In', 'NotIn']),
  podFailurePolicyStatus: set('V1PodFailurePolicyOnPodConditionsPattern.status', ['False', 'True', 'Unknown'], {
    documented: { none: 'the description names only the default, True' },
  }),
  concurrencyPolicy: set('V1CronJobSpec.concurrencyPolicy', ['Allow', 'Forbid', 'Replace']),
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

/** Optimal string alignment distance (edits, with a swap of neighbours as one), stopping once it exceeds `max`. */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev2: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prev2[j - 2] + 1);
      cur.push(v);
      best = Math.min(best, v);
    }
    if (best > max) return max + 1;
    prev2 = prev;
    prev = cur;
  }
  return prev[b.length];
}

/**
 * The candidate a mistyped word was meant to be: the same but for case, else
 * the one nearest in edits, if near enough (a third of the word's length,
 * at least 1, at most 3) and nearer than every other.
 */
export function nearestWord(candidates: readonly string[], word: string): string | undefined {
  const lower = word.toLowerCase();
  const same = candidates.find((c) => c.toLowerCase() === lower);
  if (same) return same;
  const max = Math.min(3, Math.max(1, Math.floor(word.length / 3)));
  let best: string | undefined;
  let bestD = max + 1;
  let tie = false;
  for (const c of candidates) {
    const d = editDistance(lower, c.toLowerCase(), max);
    if (d < bestD) {
      best = c;
      bestD = d;
      tie = false;
    } else if (d === bestD) tie = true;
  }
  return best && !tie ? best : undefined;
}
