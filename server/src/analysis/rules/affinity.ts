/**
 * Where a pod may run: node affinity, pod affinity and anti-affinity, and the
 * pod's `nodeSelector`, as ValidatePodSpec (pkg/apis/core/validation/validation.go)
 * checks them on create: validateAffinity, ValidateNodeSelector,
 * ValidateNodeSelectorTerm, ValidateNodeSelectorRequirement,
 * ValidateNodeFieldSelectorRequirement, ValidatePreferredSchedulingTerms,
 * validatePodAffinityTerm(s), validateWeightedPodAffinityTerms,
 * ValidatePodAffinityTermSelector and ValidateMatchLabelKeysAndMismatchLabelKeys,
 * with the label selectors of rules/selectors.ts. A Pod's `matchLabelKeys` and
 * `mismatchLabelKeys` are merged into its term's selector before validation
 * (pkg/registry/core/pod/strategy.go, mutatePodAffinity); pod templates are
 * validated as written.
 */
import type { FieldNode, PodSpecModel } from '../model';
import { child, isSet, items, num } from '../model';
import { defineRule } from './rule';
import { forbidden, invalid, required } from './fieldErrors';
import { at, atLeast, changeValueFix, droppedByGate, goString, type Replacement, type Sink } from './common';
import { dns1123Label, dns1123Subdomain, labelValue, qualifiedName, stringMap } from './stringFormats';
import {
  SELECTOR_UPSTREAM,
  checkLabelName,
  checkLabelSelector,
  checkLabels,
  checkMatchLabelKeys,
  invalidNamedString,
  labelKeyList,
  mergedRequirements,
  readRequirement,
  type Requirement,
} from './selectors';
import { VALUE_SETS, accepted, suggestion } from '../knowledge/values';
import { POD_AFFINITY_MATCH_LABEL_KEYS, podAffinityMatchLabelKeys } from '../knowledge/features';
import { CONTAINERS, snippet } from './examples';

const FILE = 'pkg/apis/core/validation/validation.go';
const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;

// ---- Walking the affinity of a pod spec -----------------------------------------

/** A struct or pointer that decodes: a map, or null (a zero struct where the field is not a pointer). */
const decodesAsStruct = (f: FieldNode | undefined): boolean => !f || f.kind === 'map' || f.kind === 'null';

/** A list field: its items when it decodes (absent, null or a sequence), else undefined. */
function list(f: FieldNode | undefined): FieldNode[] | undefined {
  if (!isSet(f)) return [];
  return f.kind === 'seq' ? f.children ?? [] : undefined;
}

/** An int32 field: 0 when absent or null, undefined when it would not decode. */
function int32(f: FieldNode | undefined): number | undefined {
  if (!isSet(f)) return 0;
  const v = num(f);
  return v !== undefined && Number.isInteger(v) && v >= INT32_MIN && v <= INT32_MAX ? v : undefined;
}

const affinityOf = (pod: PodSpecModel): FieldNode | undefined => {
  const a = child(pod.field, 'affinity');
  return a && a.kind === 'map' ? a : undefined;
};

/** One term of pod (anti-)affinity: the term (absent or null when the API server sees a zero term), where it is, and where to point. */
interface PodTerm {
  term?: FieldNode;
  path: string;
  /** The node a finding about an absent field of the term goes to. */
  anchor: FieldNode;
}

/** A preferred (weighted) term of node or pod affinity. */
interface WeightedTerm {
  item: FieldNode;
}

const POD_AFFINITIES = ['podAffinity', 'podAntiAffinity'] as const;
const REQUIRED = 'requiredDuringSchedulingIgnoredDuringExecution';
const PREFERRED = 'preferredDuringSchedulingIgnoredDuringExecution';

/** Every pod affinity and anti-affinity term that the API server validates, required and preferred. */
function podTerms(pod: PodSpecModel): PodTerm[] {
  const out: PodTerm[] = [];
  const affinity = affinityOf(pod);
  for (const which of POD_AFFINITIES) {
    const pa = child(affinity, which);
    if (!pa || pa.kind !== 'map') continue;
    for (const item of list(child(pa, REQUIRED)) ?? []) {
      if (decodesAsStruct(item)) out.push({ term: item, path: item.path, anchor: item });
    }
    for (const item of list(child(pa, PREFERRED)) ?? []) {
      if (!decodesAsStruct(item)) continue;
      const term = child(item, 'podAffinityTerm');
      if (decodesAsStruct(term)) out.push({ term, path: `${item.path}.podAffinityTerm`, anchor: term ?? item });
    }
  }
  return out;
}

/** The preferred terms of node affinity and of pod (anti-)affinity, each with a weight to check. */
function weightedTerms(pod: PodSpecModel): WeightedTerm[] {
  const out: WeightedTerm[] = [];
  const affinity = affinityOf(pod);
  for (const which of ['nodeAffinity', ...POD_AFFINITIES]) {
    const a = child(affinity, which);
    if (!a || a.kind !== 'map') continue;
    for (const item of list(child(a, PREFERRED)) ?? []) if (decodesAsStruct(item)) out.push({ item });
  }
  return out;
}

/** A node selector term and whether invalid label values pass in it (preferred terms, and required ones before 1.33). */
interface NodeTerm {
  term?: FieldNode;
  path: string;
  allowInvalidValues: boolean;
}

/** The node selector terms of node affinity, required and preferred. */
function nodeTerms(pod: PodSpecModel, version: string): NodeTerm[] {
  const out: NodeTerm[] = [];
  const na = child(affinityOf(pod), 'nodeAffinity');
  if (!na || na.kind !== 'map') return out;
  const req = child(na, REQUIRED);
  if (req && req.kind === 'map') {
    // From 1.33 (AllowInvalidLabelValueInRequiredNodeAffinity false on create) the values of required terms are label values.
    for (const t of list(child(req, 'nodeSelectorTerms')) ?? []) {
      if (decodesAsStruct(t)) out.push({ term: t, path: t.path, allowInvalidValues: !atLeast(version, '1.33') });
    }
  }
  for (const item of list(child(na, PREFERRED)) ?? []) {
    if (!decodesAsStruct(item)) continue;
    const pref = child(item, 'preference');
    if (decodesAsStruct(pref)) out.push({ term: pref, path: `${item.path}.preference`, allowInvalidValues: true });
  }
  return out;
}

/** The requirements of a term's list (`matchExpressions` or `matchFields`) that decode, with their paths. */
function requirements(term: FieldNode | undefined, key: 'matchExpressions' | 'matchFields', path: string): { r: Requirement; path: string }[] {
  const out: { r: Requirement; path: string }[] = [];
  (list(child(term, key)) ?? []).forEach((item, i) => {
    const r = readRequirement(item);
    if (r) out.push({ r, path: `${path}.${key}[${i}]` });
  });
  return out;
}

/** The Pod's own labels (what PrepareForCreate merges matchLabelKeys from); empty for templates, which are validated as written. */
function mergeLabels(pod: PodSpecModel): Map<string, string> | undefined {
  if (pod.kind !== 'Pod') return undefined;
  return stringMap(child(child(pod.object, 'metadata'), 'labels')) ?? new Map();
}

/** What the API server appends to a term's label selector before validating it (a Pod, where the release merges matchLabelKeys). */
function appendedToTerm(t: PodTerm, pod: PodSpecModel, version: string): Requirement[] {
  const labels = mergeLabels(pod);
  if (!labels || !t.term || podAffinityMatchLabelKeys(version) !== 'on' || !isSet(child(t.term, 'labelSelector'))) return [];
  const mlk = labelKeyList(child(t.term, 'matchLabelKeys'));
  const mm = labelKeyList(child(t.term, 'mismatchLabelKeys'));
  if (!mlk || !mm) return [];
  return [...mergedRequirements(mlk, 'In', labels), ...mergedRequirements(mm, 'NotIn', labels)];
}

const AFFINITY = (body: string): string => snippet(`${CONTAINERS}  affinity:\n${body}`);
const REQUIRED_NODE = (expr: string): string =>
  AFFINITY(`    nodeAffinity:\n      requiredDuringSchedulingIgnoredDuringExecution:\n        nodeSelectorTerms:\n        - ${expr}`);
const ANTI = (term: string): string =>
  AFFINITY(`    podAntiAffinity:\n      requiredDuringSchedulingIgnoredDuringExecution:\n      - labelSelector:\n          matchLabels: {app: web}\n${term}`);

// ---- Node affinity -----------------------------------------------------------------

const nodeSelectorTermsRequired = defineRule({
  id: 'pod/node-affinity-terms',
  severity: 'error',
  title: 'Required node affinity needs at least one node selector term',
  description:
    '`requiredDuringSchedulingIgnoredDuringExecution` of `nodeAffinity` lists `nodeSelectorTerms`, of which a node must match one. An empty list is refused: list a term, or drop the required node affinity.',
  upstream: `ValidateNodeSelector, ${FILE}`,
  rejects: true,
  example: {
    invalid: AFFINITY('    nodeAffinity:\n      requiredDuringSchedulingIgnoredDuringExecution:\n        nodeSelectorTerms: []\n'),
    valid: REQUIRED_NODE('matchExpressions:\n          - {key: kubernetes.io/arch, operator: In, values: [amd64]}\n'),
  },
  scope: 'pod',
  check: (ctx) => {
    const req = child(child(affinityOf(ctx.pod), 'nodeAffinity'), REQUIRED);
    if (!req || req.kind !== 'map') return;
    const terms = child(req, 'nodeSelectorTerms');
    const all = list(terms);
    if (all && all.length === 0) ctx.report({ ...at(terms, req), ...required(`${req.path}.nodeSelectorTerms`, 'must have at least one node selector term') });
  },
});

/** ValidateNodeSelectorRequirement. */
function checkNodeRequirement(sink: Sink<Replacement>, r: Requirement, path: string, allowInvalidValues: boolean): void {
  const values = r.values;
  const valuesAnchor = at(r.valuesField, r.node);
  switch (r.operator) {
    case 'In':
    case 'NotIn':
      if (values.length === 0) sink.report({ ...valuesAnchor, ...required(`${path}.values`, "must be specified when `operator` is 'In' or 'NotIn'") });
      break;
    case 'Exists':
    case 'DoesNotExist':
      if (values.length > 0) sink.report({ field: r.valuesField!, on: 'key', ...forbidden(`${path}.values`, "may not be specified when `operator` is 'Exists' or 'DoesNotExist'") });
      break;
    case 'Gt':
    case 'Lt':
      if (values.length !== 1) sink.report({ ...valuesAnchor, ...required(`${path}.values`, "must be specified single value when `operator` is 'Lt' or 'Gt'") });
      break;
    default: {
      const replacement = suggestion(accepted(VALUE_SETS.nodeSelectorOperator, sink.version), r.operator);
      sink.report({ ...at(r.operatorField, r.node), ...invalidNamedString(`${path}.operator`, r.operator, 'not a valid selector operator', sink.version), data: { replacement } });
    }
  }
  checkLabelName(sink, r.key, `${path}.key`, at(r.keyField, r.node));
  if (allowInvalidValues) return;
  items(r.valuesField).forEach((n, i) => {
    for (const m of labelValue(values[i], sink.version)) sink.report({ field: n, on: 'value', ...invalid(`${path}.values[${i}]`, values[i], m) });
  });
}

const nodeSelectorRequirement = defineRule<Replacement>({
  id: 'pod/node-selector-requirement',
  severity: 'error',
  title: 'Node affinity matchExpressions: a known operator, its values, and a label key',
  description:
    "Each `matchExpressions` requirement of a node selector term names a node label `key` (a qualified name) and an `operator`: `In` and `NotIn` need `values`, `Exists` and `DoesNotExist` take none, `Gt` and `Lt` take exactly one (an integer). Operators are case-sensitive. From 1.33 the values of required node affinity must be label values (preferred terms accept any).",
  upstream: `ValidateNodeSelectorRequirement, ${FILE}`,
  rejects: true,
  example: {
    invalid: REQUIRED_NODE('matchExpressions:\n          - {key: kubernetes.io/arch, operator: in, values: [amd64]}\n'),
    valid: REQUIRED_NODE('matchExpressions:\n          - {key: kubernetes.io/arch, operator: In, values: [amd64]}\n'),
  },
  scope: 'pod',
  check: (ctx) => {
    for (const t of nodeTerms(ctx.pod, ctx.version)) {
      for (const { r, path } of requirements(t.term, 'matchExpressions', t.path)) checkNodeRequirement(ctx, r, path, t.allowInvalidValues);
    }
  },
  fix: changeValueFix,
});

const nodeFieldSelector = defineRule({
  id: 'pod/node-field-selector',
  severity: 'error',
  title: 'Node affinity matchFields: only metadata.name, with In or NotIn and one node name',
  description:
    'A `matchFields` requirement selects nodes by a field of the Node object. The only field is `metadata.name`, with operator `In` or `NotIn` and exactly one value, a node name (a lowercase DNS subdomain). Select by node labels with `matchExpressions` instead.',
  upstream: `ValidateNodeFieldSelectorRequirement, ${FILE}`,
  rejects: true,
  example: {
    invalid: REQUIRED_NODE('matchFields:\n          - {key: metadata.labels, operator: In, values: [worker-1]}\n'),
    valid: REQUIRED_NODE('matchFields:\n          - {key: metadata.name, operator: In, values: [worker-1]}\n'),
  },
  scope: 'pod',
  check: (ctx) => {
    for (const t of nodeTerms(ctx.pod, ctx.version)) {
      for (const { r, path } of requirements(t.term, 'matchFields', t.path)) {
        if (r.operator === 'In' || r.operator === 'NotIn') {
          if (r.values.length !== 1) {
            ctx.report({ ...at(r.valuesField, r.node), ...required(`${path}.values`, "must be only one value when `operator` is 'In' or 'NotIn' for node field selector") });
          }
        } else {
          ctx.report({ ...at(r.operatorField, r.node), ...invalidNamedString(`${path}.operator`, r.operator, 'not a valid selector operator', ctx.version) });
        }
        if (r.key !== 'metadata.name') {
          ctx.report({ ...at(r.keyField, r.node), ...invalid(`${path}.key`, r.key, 'not a valid field selector key') });
          continue;
        }
        items(r.valuesField).forEach((n, i) => {
          for (const m of dns1123Subdomain(r.values[i])) ctx.report({ field: n, on: 'value', ...invalid(`${path}.values[${i}]`, r.values[i], m) });
        });
      }
    }
  },
});

const affinityWeight = defineRule({
  id: 'pod/affinity-weight',
  severity: 'error',
  title: 'Preferred affinity terms need a weight from 1 to 100',
  description:
    'Each `preferredDuringSchedulingIgnoredDuringExecution` term of node, pod or pod anti-affinity carries a `weight` from 1 to 100 (required) that the scheduler adds to a node matching the term.',
  upstream: `ValidatePreferredSchedulingTerms, validateWeightedPodAffinityTerms, ${FILE}`,
  rejects: true,
  example: {
    invalid: AFFINITY(
      '    nodeAffinity:\n      preferredDuringSchedulingIgnoredDuringExecution:\n      - weight: 0\n        preference:\n          matchExpressions:\n          - {key: disktype, operator: In, values: [ssd]}\n',
    ),
    valid: AFFINITY(
      '    nodeAffinity:\n      preferredDuringSchedulingIgnoredDuringExecution:\n      - weight: 50\n        preference:\n          matchExpressions:\n          - {key: disktype, operator: In, values: [ssd]}\n',
    ),
  },
  scope: 'pod',
  check: (ctx) => {
    for (const { item } of weightedTerms(ctx.pod)) {
      const wf = child(item, 'weight');
      const w = int32(wf);
      if (w !== undefined && (w <= 0 || w > 100)) ctx.report({ ...at(isSet(wf) ? wf : undefined, item), ...invalid(`${item.path}.weight`, w, 'must be in the range 1-100') });
    }
  },
});

// ---- Pod affinity and anti-affinity terms ----------------------------------------------

const topologyKey = defineRule({
  id: 'pod/affinity-topology-key',
  severity: 'error',
  title: 'Pod affinity terms need a topologyKey that is a label key',
  description:
    '`topologyKey` (required) is the node label that defines "the same place" for pod affinity and anti-affinity, such as `kubernetes.io/hostname` (the same node) or `topology.kubernetes.io/zone`. It must be a qualified name; an empty key is refused.',
  upstream: `validatePodAffinityTerm, ${FILE}`,
  rejects: true,
  example: { invalid: ANTI('        topologyKey: ""\n'), valid: ANTI('        topologyKey: kubernetes.io/hostname\n') },
  scope: 'pod',
  check: (ctx) => {
    for (const t of podTerms(ctx.pod)) {
      const f = child(t.term, 'topologyKey');
      const v = goString(f);
      if (v === undefined) continue;
      const path = `${t.path}.topologyKey`;
      const anchor = at(isSet(f) ? f : undefined, t.anchor);
      if (v === '') ctx.report({ ...anchor, ...required(path, 'can not be empty') });
      for (const m of qualifiedName(v, ctx.version)) ctx.report({ ...anchor, ...invalid(path, v, m) });
    }
  },
});

const affinityNamespaces = defineRule({
  id: 'pod/affinity-namespaces',
  severity: 'error',
  title: 'Pod affinity namespaces must be namespace names',
  description:
    '`namespaces` lists the namespaces whose pods the term selects (besides those `namespaceSelector` matches): each must be a namespace name, a lowercase DNS label. The API server reports them at the path `namespace`, without an index.',
  upstream: `validatePodAffinityTerm (ValidateNamespaceName), ${FILE}`,
  rejects: true,
  example: {
    invalid: ANTI('        topologyKey: kubernetes.io/hostname\n        namespaces: [Team-A]\n'),
    valid: ANTI('        topologyKey: kubernetes.io/hostname\n        namespaces: [team-a]\n'),
  },
  scope: 'pod',
  check: (ctx) => {
    for (const t of podTerms(ctx.pod)) {
      for (const n of list(child(t.term, 'namespaces')) ?? []) {
        const v = goString(n);
        if (v === undefined) continue;
        for (const m of dns1123Label(v)) ctx.report({ field: n, on: 'value', ...invalid(`${t.path}.namespace`, v, m) });
      }
    }
  },
});

const affinitySelector = defineRule({
  id: 'pod/affinity-label-selector',
  severity: 'error',
  title: 'Pod affinity labelSelector and namespaceSelector must be valid label selectors',
  description:
    "The `labelSelector` (which pods) and `namespaceSelector` (in which namespaces) of a pod affinity or anti-affinity term are label selectors: `matchLabels` keys are qualified names and values label values; each `matchExpressions` requirement has a label key, an operator `In`, `NotIn`, `Exists` or `DoesNotExist`, values for `In` and `NotIn` and none for the others. On a Pod, the labels named by `matchLabelKeys` and `mismatchLabelKeys` are added to the selector first.",
  upstream: `ValidatePodAffinityTermSelector (${SELECTOR_UPSTREAM})`,
  rejects: true,
  example: {
    invalid: AFFINITY(
      '    podAffinity:\n      requiredDuringSchedulingIgnoredDuringExecution:\n      - topologyKey: kubernetes.io/hostname\n        labelSelector:\n          matchExpressions:\n          - {key: app, operator: Equals, values: [cache]}\n',
    ),
    valid: AFFINITY(
      '    podAffinity:\n      requiredDuringSchedulingIgnoredDuringExecution:\n      - topologyKey: kubernetes.io/hostname\n        labelSelector:\n          matchExpressions:\n          - {key: app, operator: In, values: [cache]}\n',
    ),
  },
  scope: 'pod',
  check: (ctx) => {
    for (const t of podTerms(ctx.pod)) {
      if (!t.term) continue;
      checkLabelSelector(ctx, child(t.term, 'labelSelector'), `${t.path}.labelSelector`, { appended: appendedToTerm(t, ctx.pod, ctx.version) });
      checkLabelSelector(ctx, child(t.term, 'namespaceSelector'), `${t.path}.namespaceSelector`);
    }
  },
});

const matchLabelKeys = defineRule({
  id: 'pod/affinity-match-label-keys',
  severity: 'error',
  title: 'matchLabelKeys and mismatchLabelKeys: label keys, with a labelSelector, not also in it',
  description:
    "`matchLabelKeys` (and `mismatchLabelKeys`) of a pod affinity term take the values of those labels from the new pod and add `key In (value)` (`NotIn`) to the term's `labelSelector`. They need a `labelSelector`; each entry is a label key; a key may not be in both lists, and a key of `matchLabelKeys` may not be one the selector already names (on a Pod the added requirement would name it twice). The fields exist from 1.29; in 1.29 and 1.30 the MatchLabelKeysInPodAffinity gate is off by default and the API server drops them.",
  upstream: `ValidateMatchLabelKeysAndMismatchLabelKeys, ${FILE}`,
  rejects: true,
  applies: { since: POD_AFFINITY_MATCH_LABEL_KEYS.field },
  example: {
    invalid: ANTI('        topologyKey: kubernetes.io/hostname\n        matchLabelKeys: [pod-template-hash]\n        mismatchLabelKeys: [pod-template-hash]\n'),
    valid: ANTI('        topologyKey: kubernetes.io/hostname\n        matchLabelKeys: [pod-template-hash]\n'),
  },
  scope: 'pod',
  check: (ctx) => {
    const support = podAffinityMatchLabelKeys(ctx.version);
    for (const t of podTerms(ctx.pod)) {
      if (!t.term) continue;
      if (support === 'gated') {
        for (const key of ['matchLabelKeys', 'mismatchLabelKeys']) {
          const f = child(t.term, key);
          if (f && items(f).length > 0) {
            ctx.report({ field: f, on: 'key', severity: 'warning', message: droppedByGate(`${t.path}.${key}`, 'MatchLabelKeysInPodAffinity', ctx.version, POD_AFFINITY_MATCH_LABEL_KEYS.onByDefault) });
          }
        }
        continue;
      }
      checkMatchLabelKeys(ctx, t.term, t.path, appendedToTerm(t, ctx.pod, ctx.version), true);
    }
  },
});

// ---- nodeSelector -------------------------------------------------------------------

const nodeSelector = defineRule({
  id: 'pod/node-selector',
  severity: 'error',
  title: 'nodeSelector keys must be label keys and its values label values',
  description:
    "`nodeSelector` matches node labels: each key is a qualified name (`kubernetes.io/os`, `disktype`) and each value a label value (63 characters at most, alphanumerics, `-`, `_`, `.`; it may be empty). The API server reports both at the path `nodeSelector`. A value YAML reads as a number or a boolean (`true`, `1.0`) must be quoted.",
  upstream: `ValidatePodSpec (${SELECTOR_UPSTREAM})`,
  rejects: true,
  example: {
    invalid: snippet(`  nodeSelector:\n    disk type: ssd\n${CONTAINERS}`),
    valid: snippet(`  nodeSelector:\n    disktype: ssd\n${CONTAINERS}`),
  },
  scope: 'pod',
  check: (ctx) => checkLabels(ctx, child(ctx.pod.field, 'nodeSelector'), `${ctx.pod.path}.nodeSelector`),
});

export const affinityRules = [
  nodeSelector,
  nodeSelectorTermsRequired,
  nodeSelectorRequirement,
  nodeFieldSelector,
  affinityWeight,
  topologyKey,
  affinityNamespaces,
  affinitySelector,
  matchLabelKeys,
];
