/**
 * Label selectors and label maps as the API server validates them, for every
 * family that has one (workload selectors, pod affinity terms, topology
 * spread constraints, node selectors):
 *
 * - `checkLabels`: ValidateLabels (a label map: qualified keys, label values);
 * - `checkLabelSelector`: ValidateLabelSelector and
 *   ValidateLabelSelectorRequirement
 *   (k8s.io/apimachinery/pkg/apis/meta/v1/validation/validation.go), with the
 *   options callers pass (`allowInvalidLabelValue`) and the requirements the
 *   API server appends before it validates (a Pod's `matchLabelKeys`);
 * - `checkLabelName`: ValidateLabelName (a qualified key at a path);
 * - `readLabelSelector`: the selector as Go decodes it, for checks of other
 *   fields against it.
 *
 * Each check reports into a `Sink` (a rule's context, or an analysis shared by
 * several rules) with the API server's path, type and message. Values that do
 * not decode as strings are left alone: the API server stops at decoding and
 * schema/wrong-type reports them.
 */
import type { FieldNode } from '../model';
import { child, entries, isSet, items } from '../model';
import { at, goString, type Sink } from './common';
import { forbidden, goQuote, invalid, required, type FieldError } from './fieldErrors';
import { goJSONString, invalidRendered, jsonValues, labelValue, qualifiedName } from './stringFormats';

const FILE = 'k8s.io/apimachinery/pkg/apis/meta/v1/validation/validation.go';
/** The upstream functions of this module, for the `upstream` of the rules that use it. */
export const SELECTOR_UPSTREAM = `ValidateLabelSelector, ValidateLabels, ${FILE}`;

/** The operators of a label selector requirement (metav1.LabelSelectorOperator). */
export const LABEL_SELECTOR_OPERATORS: readonly string[] = ['In', 'NotIn', 'Exists', 'DoesNotExist'];

/**
 * A value of a named string type (an operator) as a BadValue: Go's %#v (the
 * same as %q) up to 1.33, JSON from 1.34 (field.Error marshals what is not a
 * plain string).
 */
export function invalidNamedString(path: string, value: string, detail: string, version: string): FieldError {
  return invalidRendered(path, jsonValues(version) ? goJSONString(value) : goQuote(value), detail);
}

/** ValidateLabelName: `key` must be a qualified name (a label key); errors at `path`. */
export function checkLabelName<D>(sink: Sink<D>, key: string, path: string, anchor: { field: FieldNode; on: 'key' | 'value' | 'entry' }): void {
  for (const m of qualifiedName(key, sink.version)) sink.report({ ...anchor, ...invalid(path, key, m) });
}

/**
 * ValidateLabels: every key a qualified name, every value a label value, both
 * reported at the path of the map itself. A map that does not decode (a list,
 * a number) and entries whose value is not a string are left to the schema.
 */
export function checkLabels<D>(sink: Sink<D>, labels: FieldNode | undefined, path: string): void {
  if (!labels || labels.kind !== 'map') return;
  for (const e of entries(labels)) {
    if (e.key === undefined) continue;
    const v = goString(e);
    if (v === undefined) continue;
    checkLabelName(sink, e.key, path, { field: e, on: 'key' });
    for (const m of labelValue(v, sink.version)) sink.report({ field: e, on: e.kind === 'null' ? 'key' : 'value', ...invalid(path, v, m) });
  }
}

/** One requirement of a selector as Go decodes it. */
export interface Requirement {
  key: string;
  operator: string;
  values: string[];
  /** The item (`matchExpressions[i]`), or for an appended requirement the node that caused it. */
  node: FieldNode;
  keyField?: FieldNode;
  operatorField?: FieldNode;
  valuesField?: FieldNode;
  /** The API server appended it (it is not in the manifest). */
  appended?: boolean;
}

/** A metav1.LabelSelector as Go decodes it. */
export interface LabelSelector {
  node: FieldNode;
  /** `matchLabels` in source order (a key written twice keeps its last value, as Go's map does). */
  matchLabels: Map<string, { value: string; entry: FieldNode }>;
  matchExpressions: Requirement[];
}

/** A requirement item: a map, or null (Go's zero value); undefined when it would not decode. */
export function readRequirement(item: FieldNode): Requirement | undefined {
  if (item.kind !== 'map' && item.kind !== 'null') return undefined;
  const keyField = child(item, 'key');
  const operatorField = child(item, 'operator');
  const valuesField = child(item, 'values');
  const key = goString(keyField);
  const operator = goString(operatorField);
  if (key === undefined || operator === undefined) return undefined;
  if (isSet(valuesField) && valuesField.kind !== 'seq') return undefined;
  const values: string[] = [];
  for (const v of items(valuesField)) {
    // A null item of a []string decodes to "".
    const s = goString(v);
    if (s === undefined) return undefined;
    values.push(s);
  }
  return { key, operator, values, node: item, keyField, operatorField, valuesField };
}

/**
 * The selector at `node` as the API server decodes it: undefined when it is
 * absent or null (a nil selector) or would not decode (the API server then
 * stops at decoding).
 */
export function readLabelSelector(node: FieldNode | undefined): LabelSelector | undefined {
  if (!node || node.kind !== 'map') return undefined;
  const matchLabels = new Map<string, { value: string; entry: FieldNode }>();
  const ml = child(node, 'matchLabels');
  if (isSet(ml)) {
    if (ml.kind !== 'map') return undefined;
    for (const e of entries(ml)) {
      const v = goString(e);
      if (v === undefined || e.key === undefined) return undefined;
      matchLabels.delete(e.key);
      matchLabels.set(e.key, { value: v, entry: e });
    }
  }
  const me = child(node, 'matchExpressions');
  if (isSet(me) && me.kind !== 'seq') return undefined;
  const matchExpressions: Requirement[] = [];
  for (const item of items(me)) {
    const r = readRequirement(item);
    if (!r) return undefined;
    matchExpressions.push(r);
  }
  return { node, matchLabels, matchExpressions };
}

export interface LabelSelectorOptions {
  /** LabelSelectorValidationOptions.AllowInvalidLabelValueInSelector: the values of requirements are not checked. */
  allowInvalidLabelValue?: boolean;
  /**
   * Requirements the API server appends to `matchExpressions` before it
   * validates (PrepareForCreate merges a Pod's `matchLabelKeys` into the
   * selector); their errors are reported on their `node`.
   */
  appended?: readonly Requirement[];
}

/** ValidateLabelSelectorRequirement of one requirement at `path` (`…matchExpressions[i]`). */
export function checkRequirement<D>(sink: Sink<D>, r: Requirement, path: string, opts: LabelSelectorOptions = {}): void {
  const anchor = (f: FieldNode | undefined): { field: FieldNode; on: 'key' | 'value' } => (r.appended ? { field: r.node, on: 'value' } : at(f, r.node));
  switch (r.operator) {
    case 'In':
    case 'NotIn':
      if (r.values.length === 0) sink.report({ ...anchor(r.valuesField), ...required(`${path}.values`, "must be specified when `operator` is 'In' or 'NotIn'") });
      break;
    case 'Exists':
    case 'DoesNotExist':
      if (r.values.length > 0) {
        sink.report({ ...(r.appended ? anchor(undefined) : { field: r.valuesField!, on: 'key' as const }), ...forbidden(`${path}.values`, "may not be specified when `operator` is 'Exists' or 'DoesNotExist'") });
      }
      break;
    default:
      sink.report({ ...anchor(r.operatorField), ...invalidNamedString(`${path}.operator`, r.operator, 'not a valid selector operator', sink.version) });
  }
  checkLabelName(sink, r.key, `${path}.key`, anchor(r.keyField));
  if (opts.allowInvalidLabelValue) return;
  const valueNodes = items(r.valuesField);
  r.values.forEach((v, i) => {
    const node = r.appended ? undefined : valueNodes[i];
    for (const m of labelValue(v, sink.version)) sink.report({ ...(node ? { field: node, on: 'value' as const } : anchor(undefined)), ...invalid(`${path}.values[${i}]`, v, m) });
  });
}

/**
 * ValidateLabelSelector of the selector at `node`, reported at `path` (the
 * selector's own path, e.g. `spec.selector`). A nil selector is valid; one
 * that would not decode is left to the schema.
 */
export function checkLabelSelector<D>(sink: Sink<D>, node: FieldNode | undefined, path: string, opts: LabelSelectorOptions = {}): void {
  const sel = readLabelSelector(node);
  if (!sel) return;
  checkLabels(sink, child(sel.node, 'matchLabels'), `${path}.matchLabels`);
  const all = [...sel.matchExpressions, ...(opts.appended ?? [])];
  all.forEach((r, i) => checkRequirement(sink, r, `${path}.matchExpressions[${i}]`, opts));
}

// ---- matchLabelKeys and mismatchLabelKeys (pod affinity terms, topology spread constraints) ----

/** Label keys of a list as Go decodes them (undefined when some item is not a string). */
export function labelKeyList(f: FieldNode | undefined): { keys: string[]; nodes: FieldNode[] } | undefined {
  if (isSet(f) && f.kind !== 'seq') return undefined;
  const keys: string[] = [];
  const nodes = items(f);
  for (const n of nodes) {
    const s = goString(n);
    if (s === undefined) return undefined;
    keys.push(s);
  }
  return { keys, nodes };
}

/**
 * The requirements the API server appends to a Pod's selector
 * (applyLabelKeysToLabelSelector, pkg/registry/core/pod/strategy.go): for each
 * key of `keys` the Pod has as a label, `key <operator> (value)`.
 */
export function mergedRequirements(keys: { keys: string[]; nodes: FieldNode[] }, operator: 'In' | 'NotIn', podLabels: ReadonlyMap<string, string>): Requirement[] {
  const out: Requirement[] = [];
  keys.keys.forEach((key, i) => {
    const value = podLabels.get(key);
    if (value !== undefined) out.push({ key, operator, values: [value], node: keys.nodes[i], appended: true });
  });
  return out;
}

/**
 * validateLabelKeys: a list of label keys (`matchLabelKeys`) needs a label
 * selector beside it (Forbidden at the list, and nothing more), and each key
 * is a qualified name.
 */
function checkLabelKeys<D>(sink: Sink<D>, list: FieldNode | undefined, keys: string[], path: string, hasSelector: boolean): void {
  if (keys.length === 0 || !list) return;
  if (!hasSelector) {
    sink.report({ field: list, on: 'key', ...forbidden(path, 'must not be specified when labelSelector is not set') });
    return;
  }
  items(list).forEach((n, i) => checkLabelName(sink, keys[i], `${path}[${i}]`, { field: n, on: 'value' }));
}

/**
 * ValidateMatchLabelKeysAndMismatchLabelKeys (pkg/apis/core/validation):
 * `matchLabelKeys` and `mismatchLabelKeys` of `parent` (a pod affinity term,
 * or a topology spread constraint, which has no mismatchLabelKeys) checked
 * against its `labelSelector` as the API server sees it, with what it
 * `appended`. A key of `matchLabelKeys` that the selector names twice (in
 * matchLabels or an earlier requirement, then in a requirement) is reported
 * at `<parentPath>[i]`: the API server indexes the parent's own path.
 */
export function checkMatchLabelKeys<D>(sink: Sink<D>, parent: FieldNode, parentPath: string, appended: readonly Requirement[], withMismatch: boolean): void {
  const selectorNode = child(parent, 'labelSelector');
  const selector = readLabelSelector(selectorNode);
  if (isSet(selectorNode) && !selector) return;
  const mlkField = child(parent, 'matchLabelKeys');
  const mmField = withMismatch ? child(parent, 'mismatchLabelKeys') : undefined;
  const mlk = labelKeyList(mlkField);
  const mm = labelKeyList(mmField);
  if (!mlk || !mm) return;
  checkLabelKeys(sink, mlkField, mlk.keys, `${parentPath}.matchLabelKeys`, !!selector);
  checkLabelKeys(sink, mmField, mm.keys, `${parentPath}.mismatchLabelKeys`, !!selector);
  if (selector) {
    const index = new Map<string, number>();
    mlk.keys.forEach((k, i) => index.set(k, i));
    const seen = new Set(selector.matchLabels.keys());
    for (const r of [...selector.matchExpressions, ...appended]) {
      const i = index.get(r.key);
      if (i !== undefined && seen.has(r.key)) {
        sink.report({ field: mlk.nodes[i], on: 'value', ...invalid(`${parentPath}[${i}]`, r.key, 'exists in both matchLabelKeys and labelSelector') });
      }
      seen.add(r.key);
    }
  }
  const mismatch = new Set(mm.keys);
  mlk.keys.forEach((k, i) => {
    if (mismatch.has(k)) sink.report({ field: mlk.nodes[i], on: 'value', ...invalid(`${parentPath}.matchLabelKeys[${i}]`, k, 'exists in both matchLabelKeys and mismatchLabelKeys') });
  });
}

/**
 * ValidateMatchLabelKeysInTopologySpread (before 1.34, and whenever the
 * selector merge is off): each key of a topology spread constraint's
 * `matchLabelKeys` is a qualified name that its label selector does not
 * already name; without a selector the list is Forbidden (and its keys are
 * still checked).
 */
export function checkMatchLabelKeysLegacy<D>(sink: Sink<D>, constraint: FieldNode, path: string): void {
  const selectorNode = child(constraint, 'labelSelector');
  const selector = readLabelSelector(selectorNode);
  if (isSet(selectorNode) && !selector) return;
  const list = child(constraint, 'matchLabelKeys');
  const mlk = labelKeyList(list);
  if (!mlk || mlk.keys.length === 0 || !list) return;
  const named = new Set(selector ? [...selector.matchLabels.keys(), ...selector.matchExpressions.map((r) => r.key)] : []);
  if (!selector) sink.report({ field: list, on: 'key', ...forbidden(path, 'must not be specified when labelSelector is not set') });
  mlk.keys.forEach((k, i) => {
    checkLabelName(sink, k, `${path}[${i}]`, { field: mlk.nodes[i], on: 'value' });
    if (named.has(k)) sink.report({ field: mlk.nodes[i], on: 'value', ...invalid(`${path}[${i}]`, k, 'exists in both matchLabelKeys and labelSelector') });
  });
}
