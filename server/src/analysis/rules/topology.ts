/**
 * Topology spread constraints, as validateTopologySpreadConstraints
 * (pkg/apis/core/validation/validation.go) checks them, and the warning of
 * pkg/api/pod/warnings.go for one without a label selector.
 */
import type { FieldNode, PodSpecModel } from '../model';
import { child, isSet, items, num } from '../model';
import { defineRule } from './rule';
import { duplicate, invalid, notSupported, required } from './fieldErrors';
import { at, atLeast, changeValueFix, checkValue, goString, type Replacement } from './common';
import { VALUE_SETS, accepted, suggestion } from '../knowledge/values';
import { CONTAINERS, snippet } from './examples';
import { SELECTOR_UPSTREAM, checkLabelSelector, checkMatchLabelKeys, checkMatchLabelKeysLegacy, labelKeyList, mergedRequirements, type Requirement } from './selectors';
import { SPREAD_SELECTOR_MERGE } from '../knowledge/features';
import { stringMap } from './stringFormats';

const FILE = 'pkg/apis/core/validation/validation.go';
const WARNINGS_FILE = 'pkg/api/pod/warnings.go';

const SPREAD = (body: string): string => snippet(`${CONTAINERS}  topologySpreadConstraints:\n${body}`);

/** The topology spread constraints of a pod spec that are maps. */
const spreadConstraints = (pod: PodSpecModel): FieldNode[] => items(child(pod.field, 'topologySpreadConstraints')).filter((c) => c.kind === 'map');

/** An int32 field: 0 when absent or null, undefined when it would not decode. */
function int32(f: FieldNode | undefined): number | undefined {
  if (!f || f.kind === 'null') return 0;
  const v = num(f);
  return v !== undefined && Number.isInteger(v) ? v : undefined;
}

const spreadMaxSkew = defineRule({
  id: 'pod/topology-spread-max-skew',
  title: 'Topology spread maxSkew must be greater than zero',
  description: '`maxSkew` (required) is how unevenly the pods may be spread across the topology domains: at least 1.',
  example: {
    invalid: SPREAD('  - topologyKey: topology.kubernetes.io/zone\n    whenUnsatisfiable: DoNotSchedule\n    labelSelector: {matchLabels: {app: web}}\n'),
    valid: SPREAD('  - maxSkew: 1\n    topologyKey: topology.kubernetes.io/zone\n    whenUnsatisfiable: DoNotSchedule\n    labelSelector: {matchLabels: {app: web}}\n'),
  },
  severity: 'error',
  rejects: true,
  upstream: `validateTopologySpreadConstraints, ${FILE}`,
  scope: 'pod',
  check: (ctx) =>
    spreadConstraints(ctx.pod).forEach((c) => {
      const f = child(c, 'maxSkew');
      const v = int32(f);
      if (v !== undefined && v <= 0) ctx.report({ ...at(isSet(f) ? f : undefined, c), ...invalid(`${c.path}.maxSkew`, v, 'must be greater than zero') });
    }),
});

const spreadKey = defineRule({
  id: 'pod/topology-spread-key',
  title: 'Topology spread constraint needs a topologyKey',
  description: '`topologyKey` (required) is the node label that defines the domains to spread over, such as `topology.kubernetes.io/zone` or `kubernetes.io/hostname`.',
  example: {
    invalid: SPREAD('  - maxSkew: 1\n    whenUnsatisfiable: DoNotSchedule\n    labelSelector: {matchLabels: {app: web}}\n'),
    valid: SPREAD('  - maxSkew: 1\n    topologyKey: kubernetes.io/hostname\n    whenUnsatisfiable: DoNotSchedule\n    labelSelector: {matchLabels: {app: web}}\n'),
  },
  severity: 'error',
  rejects: true,
  upstream: `validateTopologySpreadConstraints, ${FILE}`,
  scope: 'pod',
  check: (ctx) =>
    spreadConstraints(ctx.pod).forEach((c) => {
      const f = child(c, 'topologyKey');
      if (goString(f) === '') ctx.report({ ...at(f, c), ...required(`${c.path}.topologyKey`, 'can not be empty') });
    }),
});

const spreadWhen = defineRule<Replacement>({
  id: 'pod/topology-spread-when-unsatisfiable',
  title: 'whenUnsatisfiable must be DoNotSchedule or ScheduleAnyway',
  description:
    '`whenUnsatisfiable` (required) says what the scheduler does when the spread cannot be kept: `DoNotSchedule` (a hard constraint) or `ScheduleAnyway` (a preference).',
  example: {
    invalid: SPREAD('  - maxSkew: 1\n    topologyKey: kubernetes.io/hostname\n    labelSelector: {matchLabels: {app: web}}\n'),
    valid: SPREAD('  - maxSkew: 1\n    topologyKey: kubernetes.io/hostname\n    whenUnsatisfiable: ScheduleAnyway\n    labelSelector: {matchLabels: {app: web}}\n'),
  },
  severity: 'error',
  rejects: true,
  upstream: `validateTopologySpreadConstraints, ${FILE}`,
  scope: 'pod',
  check: (ctx) =>
    spreadConstraints(ctx.pod).forEach((c) => {
      const f = child(c, 'whenUnsatisfiable');
      const v = goString(f);
      const values = accepted(VALUE_SETS.whenUnsatisfiable, ctx.version);
      // Absent or empty is NotSupported too (ValidateWhenUnsatisfiable): the field is required.
      if (v === undefined || values.includes(v)) return;
      ctx.report({ ...at(f, c), ...notSupported(`${c.path}.whenUnsatisfiable`, v, values), data: { replacement: suggestion(values, v) } });
    }),
  fix: changeValueFix,
});

const spreadDuplicate = defineRule({
  id: 'pod/topology-spread-duplicate',
  title: 'Two topology spread constraints with the same topologyKey and whenUnsatisfiable',
  description: 'A `{topologyKey, whenUnsatisfiable}` pair identifies a constraint: two with the same pair are refused (reported on the first). Merge them, or change one.',
  example: {
    invalid: SPREAD(
      '  - maxSkew: 1\n    topologyKey: kubernetes.io/hostname\n    whenUnsatisfiable: DoNotSchedule\n    labelSelector: {matchLabels: {app: web}}\n  - maxSkew: 2\n    topologyKey: kubernetes.io/hostname\n    whenUnsatisfiable: DoNotSchedule\n    labelSelector: {matchLabels: {app: web}}\n',
    ),
  },
  severity: 'error',
  rejects: true,
  upstream: `validateTopologySpreadConstraints, ${FILE}`,
  scope: 'pod',
  check: (ctx) =>
    spreadConstraints(ctx.pod).forEach((c, i, all) => {
      const key = goString(child(c, 'topologyKey'));
      const when = goString(child(c, 'whenUnsatisfiable'));
      if (key === undefined || when === undefined) return;
      const later = all.slice(i + 1).some((o) => goString(child(o, 'topologyKey')) === key && goString(child(o, 'whenUnsatisfiable')) === when);
      if (later) ctx.report({ field: c, on: 'key', ...duplicate(`${c.path}.{topologyKey, whenUnsatisfiable}`, `{${key}, ${when}}`) });
    }),
});

const spreadMinDomains = defineRule({
  id: 'pod/topology-spread-min-domains',
  title: 'minDomains must be positive and needs whenUnsatisfiable DoNotSchedule',
  description: '`minDomains` counts domains for a hard constraint: it must be at least 1, and only works with `whenUnsatisfiable: DoNotSchedule`.',
  example: {
    invalid: SPREAD(
      '  - maxSkew: 1\n    minDomains: 3\n    topologyKey: topology.kubernetes.io/zone\n    whenUnsatisfiable: ScheduleAnyway\n    labelSelector: {matchLabels: {app: web}}\n',
    ),
    valid: SPREAD(
      '  - maxSkew: 1\n    minDomains: 3\n    topologyKey: topology.kubernetes.io/zone\n    whenUnsatisfiable: DoNotSchedule\n    labelSelector: {matchLabels: {app: web}}\n',
    ),
  },
  severity: 'error',
  rejects: true,
  upstream: `validateTopologySpreadConstraints, ${FILE}`,
  scope: 'pod',
  check: (ctx) =>
    spreadConstraints(ctx.pod).forEach((c) => {
      const f = child(c, 'minDomains');
      if (!isSet(f)) return;
      const v = num(f);
      if (v === undefined || !Number.isInteger(v)) return;
      if (v <= 0) ctx.report({ field: f, on: 'value', ...invalid(f.path, v, 'must be greater than zero') });
      const when = goString(child(c, 'whenUnsatisfiable'));
      if (when !== undefined && when !== 'DoNotSchedule') {
        ctx.report({ field: f, on: 'value', ...invalid(f.path, v, `can only use minDomains if whenUnsatisfiable=DoNotSchedule, not ${when}`) });
      }
    }),
});

const spreadPolicy = defineRule<Replacement>({
  id: 'pod/topology-spread-node-policy',
  title: 'nodeAffinityPolicy and nodeTaintsPolicy must be Honor or Ignore',
  description: '`nodeAffinityPolicy` and `nodeTaintsPolicy` say whether node affinity and taints decide which nodes count for the spread: `Honor` or `Ignore`.',
  example: {
    invalid: SPREAD(
      '  - maxSkew: 1\n    topologyKey: kubernetes.io/hostname\n    whenUnsatisfiable: DoNotSchedule\n    nodeTaintsPolicy: honor\n    labelSelector: {matchLabels: {app: web}}\n',
    ),
    valid: SPREAD(
      '  - maxSkew: 1\n    topologyKey: kubernetes.io/hostname\n    whenUnsatisfiable: DoNotSchedule\n    nodeTaintsPolicy: Honor\n    labelSelector: {matchLabels: {app: web}}\n',
    ),
  },
  severity: 'error',
  rejects: true,
  upstream: `validateTopologySpreadConstraints, ${FILE}`,
  scope: 'pod',
  check: (ctx) =>
    spreadConstraints(ctx.pod).forEach((c) => {
      checkValue(ctx, child(c, 'nodeAffinityPolicy'), VALUE_SETS.nodeAffinityPolicy, { empty: 'unsupported' });
      checkValue(ctx, child(c, 'nodeTaintsPolicy'), VALUE_SETS.nodeTaintsPolicy, { empty: 'unsupported' });
    }),
  fix: changeValueFix,
});

const spreadNullSelector = defineRule({
  id: 'pod/topology-spread-null-selector',
  severity: 'warning',
  title: 'Topology spread constraint without labelSelector matches no pod',
  description: 'Without `labelSelector` the constraint counts no pods, so it spreads nothing. Select the pods to spread, usually with the labels of this pod template.',
  upstream: `warningsForPodSpecAndMeta, ${WARNINGS_FILE}`,
  rejects: false,
  example: {
    invalid: SPREAD('  - maxSkew: 1\n    topologyKey: kubernetes.io/hostname\n    whenUnsatisfiable: DoNotSchedule\n'),
    valid: SPREAD('  - maxSkew: 1\n    topologyKey: kubernetes.io/hostname\n    whenUnsatisfiable: DoNotSchedule\n    labelSelector: {matchLabels: {app: web}}\n'),
  },
  scope: 'pod',
  check: (ctx) => {
    for (const c of items(child(ctx.pod.field, 'topologySpreadConstraints'))) {
      if (c.kind !== 'map' || isSet(child(c, 'labelSelector'))) continue;
      ctx.report({ field: c, on: 'key', message: `${c.path}.labelSelector: a null labelSelector results in matching no pod` });
    }
  },
});

/**
 * What the API server appends to a constraint's label selector before it
 * validates (mutateTopologySpreadConstraints): from 1.34, on a Pod, `key In
 * (value)` for each key of `matchLabelKeys` the Pod has as a label.
 */
function appendedToConstraint(c: FieldNode, pod: PodSpecModel, version: string): Requirement[] {
  if (pod.kind !== 'Pod' || !atLeast(version, SPREAD_SELECTOR_MERGE) || !isSet(child(c, 'labelSelector'))) return [];
  const mlk = labelKeyList(child(c, 'matchLabelKeys'));
  if (!mlk) return [];
  const labels = stringMap(child(child(pod.object, 'metadata'), 'labels')) ?? new Map<string, string>();
  return mergedRequirements(mlk, 'In', labels);
}

const spreadMatchLabelKeys = defineRule({
  id: 'pod/topology-spread-match-label-keys',
  title: 'Topology spread matchLabelKeys: label keys, with a labelSelector, not named twice',
  description:
    "`matchLabelKeys` takes the values of those labels from the new pod and adds `key In (value)` to the constraint's `labelSelector` (typically `pod-template-hash`, to spread each rollout on its own). The list needs a `labelSelector`, and each entry is a label key. Up to 1.33 a key may not be one the selector already names. From 1.34 the keys are merged into the selector of a Pod before validation: a key the selector names as well (or twice) is refused, at the path of the constraint itself.",
  example: {
    invalid: SPREAD('  - maxSkew: 1\n    topologyKey: kubernetes.io/hostname\n    whenUnsatisfiable: DoNotSchedule\n    matchLabelKeys: [pod-template-hash]\n'),
    valid: SPREAD(
      '  - maxSkew: 1\n    topologyKey: kubernetes.io/hostname\n    whenUnsatisfiable: DoNotSchedule\n    labelSelector: {matchLabels: {app: web}}\n    matchLabelKeys: [pod-template-hash]\n',
    ),
  },
  severity: 'error',
  rejects: true,
  upstream: `ValidateMatchLabelKeysInTopologySpread, ValidateMatchLabelKeysAndMismatchLabelKeys, ${FILE}`,
  scope: 'pod',
  check: (ctx) =>
    spreadConstraints(ctx.pod).forEach((c) => {
      if (atLeast(ctx.version, SPREAD_SELECTOR_MERGE)) checkMatchLabelKeys(ctx, c, c.path, appendedToConstraint(c, ctx.pod, ctx.version), false);
      else checkMatchLabelKeysLegacy(ctx, c, `${c.path}.matchLabelKeys`);
    }),
});

const spreadSelector = defineRule({
  id: 'pod/topology-spread-label-selector',
  title: 'Topology spread labelSelector must be a valid label selector',
  description:
    "The `labelSelector` of a topology spread constraint (the pods counted in each domain) is a label selector: `matchLabels` keys are qualified names and values label values; each `matchExpressions` requirement has a label key, an operator `In`, `NotIn`, `Exists` or `DoesNotExist`, values for `In` and `NotIn` and none for the others.",
  example: {
    invalid: SPREAD('  - maxSkew: 1\n    topologyKey: kubernetes.io/hostname\n    whenUnsatisfiable: DoNotSchedule\n    labelSelector:\n      matchExpressions:\n      - {key: app, operator: Exists, values: [web]}\n'),
    valid: SPREAD('  - maxSkew: 1\n    topologyKey: kubernetes.io/hostname\n    whenUnsatisfiable: DoNotSchedule\n    labelSelector:\n      matchExpressions:\n      - {key: app, operator: Exists}\n'),
  },
  severity: 'error',
  rejects: true,
  upstream: `validateTopologySpreadConstraints (${SELECTOR_UPSTREAM})`,
  scope: 'pod',
  check: (ctx) =>
    spreadConstraints(ctx.pod).forEach((c) => {
      checkLabelSelector(ctx, child(c, 'labelSelector'), `${c.path}.labelSelector`, { appended: appendedToConstraint(c, ctx.pod, ctx.version) });
    }),
});

export const topologyRules = [
  spreadMaxSkew,
  spreadKey,
  spreadWhen,
  spreadDuplicate,
  spreadMinDomains,
  spreadPolicy,
  spreadMatchLabelKeys,
  spreadSelector,
  spreadNullSelector,
];
