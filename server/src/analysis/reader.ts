/**
 * Reads one YAML document into the pod model: a schema-guided walk that gives
 * every value its API field path and offsets, notes what does not fit the
 * upstream types (unknown fields, wrong types, bad quantities), and finds the
 * pod specs of every workload kind.
 */
import { isAlias, isMap, isPair, isScalar, isSeq, type Document, type Node, type Pair, type Scalar } from 'yaml';
import type { FieldDef, FieldType } from './api/tableTypes';
import { getField, getType, rootType } from './api/table';
import type { ContainerModel, ContainerList, DocModel, Fact, FieldNode, PodSpecModel } from './model';
import { child, items, str } from './model';
import { QUANTITY_REGEX, parseQuantity } from './quantity';
import { BUILTIN_POD_TEMPLATE_PATHS, POD_SPEC_PATHS, isReferencedKind, type PodTemplatePath } from './knowledge/kinds';
import { kubeKey, kubeScalarValue } from './goYaml';
import { goRfc3339ParseError } from './goTime';

/**
 * A key as text. A collection used as a key (`{a: 1}: x`, or `{{{{…` read as
 * nested flow maps) is named by its kind: writing it out would write out its
 * keys, and theirs, again at every level (quadratic in the nesting).
 */
function keyString(k: Node | null): string {
  if (isScalar(k)) return kubeKey(k) ?? String(k.value);
  if (isMap(k)) return '{…}';
  if (isSeq(k)) return '[…]';
  return String(k);
}


/** Upper bound on values visited per document: alias bombs and giant documents stop here. */
export const MAX_NODES_PER_DOCUMENT = 200_000;

/**
 * Values a document may make the reader visit, per character of its text. A
 * value takes at least two characters to write, so only aliases (`*a`, `<<:
 * *base`) can exceed it: a file of many small alias bombs then costs at most
 * this many values per character in all, not MAX_NODES_PER_DOCUMENT per bomb.
 */
export const NODES_PER_CHARACTER = 16;

/** The reading budget of a document of `chars` characters. */
export const readBudget = (chars: number): number => Math.min(MAX_NODES_PER_DOCUMENT, 1_000 + NODES_PER_CHARACTER * chars);

/** Work counter for tests and the benchmark: values (nodes) the reader has visited, aliases expanded included. */
export const readWork = { nodes: 0 };

interface WalkState {
  doc: Document;
  facts: Fact[];
  budget: number;
  /** The budget the document started with (for the message). */
  limit: number;
  /** Aliases being expanded (cycle guard). */
  expanding: Set<Node>;
  /** Start offsets of the half-typed keys to leave out, and whether each was met. */
  halfTyped?: Map<number, boolean>;
}

const HALF_TYPED_KEY = /^Implicit map keys need to be followed by map values/;

/**
 * The keys being typed in a document whose only syntax errors they are, by start offset: a plain
 * key on a line of its own with no `:` yet (`imagePull` below `image: nginx`), which the parser
 * reads as a key without a value. Undefined when the document has another error (or none).
 */
function halfTypedKeys(yaml: Document): Map<number, boolean> | undefined {
  const errors = yaml.errors;
  if (!errors.length || !errors.every((e) => e.code === 'MISSING_CHAR' && HALF_TYPED_KEY.test(e.message))) return undefined;
  return new Map(errors.map((e) => [e.pos[0], false]));
}

const joinKey = (path: string, key: string): string => (path ? `${path}.${key}` : key);

/**
 * Builds the model of one parsed YAML document. With `dropHalfTypedKeys`, keys being typed (see
 * halfTypedKeys) are left out of the model, and `halfTypedKeys` on it says how many were.
 */
export function readDocument(
  yaml: Document,
  indexInSegment: number,
  custom: readonly PodTemplatePath[] = BUILTIN_POD_TEMPLATE_PATHS,
  { dropHalfTypedKeys = false }: { dropHalfTypedKeys?: boolean } = {},
): DocModel {
  const halfTyped = dropHalfTypedKeys ? halfTypedKeys(yaml) : undefined;
  const model = readModel(yaml, indexInSegment, custom, halfTyped);
  // Every half-typed key must have been found and left out; else the document stays one with syntax errors.
  if (halfTyped && [...halfTyped.values()].every(Boolean)) model.halfTypedKeys = halfTyped.size;
  return model;
}

function readModel(
  yaml: Document,
  indexInSegment: number,
  custom: readonly PodTemplatePath[],
  halfTyped: Map<number, boolean> | undefined,
): DocModel {
  const facts: Fact[] = [];
  const range = yaml.range as [number, number, number] | undefined;
  const budget = readBudget(range ? range[2] - range[0] : MAX_NODES_PER_DOCUMENT);
  const state: WalkState = { doc: yaml, facts, budget, limit: budget, expanding: new Set(), halfTyped };
  const contents = yaml.contents as Node | null;
  const model: DocModel = { indexInSegment, yaml, root: null, objects: [], pods: [], facts };
  if (!contents || !isMap(contents)) return model;
  const kindNode = lastValue(contents.items as Pair[], 'kind');
  const apiNode = lastValue(contents.items as Pair[], 'apiVersion');
  const kind = isScalar(kindNode) && typeof kindNode.value === 'string' ? kindNode.value : undefined;
  const apiVersion = isScalar(apiNode) && typeof apiNode.value === 'string' ? apiNode.value : undefined;
  model.kind = kind;
  model.apiVersion = apiVersion;
  // Only Kubernetes objects of the kinds we know are read; anything else is left alone. A workload
  // kind without apiVersion is still read, so that rules can say what is missing.
  if (!kind || (!apiVersion && !rootType(kind))) return model;
  // The objects pods name (a ConfigMap, a Service, …): walked without types, for navigation only.
  if (isReferencedKind(kind, apiVersion)) {
    model.referenced = [walk(state, contents, '', { kind: 'any' }, undefined, undefined)];
    return model;
  }
  if (kind === 'List' || kind.endsWith('List')) {
    const root = walk(state, contents, '', { kind: 'any' }, undefined, undefined);
    model.root = root;
    for (const item of items(child(root, 'items'))) {
      if (item.kind !== 'map' || !item.node) continue;
      const itemKind = str(child(item, 'kind'));
      if (itemKind && isReferencedKind(itemKind, str(child(item, 'apiVersion')))) (model.referenced ??= []).push(item);
      if (!itemKind || !rootType(itemKind)) continue;
      // Each item is an object of its own: its paths start afresh, as the API server sees it.
      const obj = walk(state, item.node, '', { kind: 'object', ref: rootType(itemKind) }, undefined, item.parent);
      replaceChild(item, obj);
      model.objects.push(obj);
    }
  } else {
    const ref = rootType(kind);
    const template = ref ? undefined : custom.find((c) => c.kind === kind && (!c.apiVersion || c.apiVersion === apiVersion));
    if (template) {
      // A custom resource: only its pod template is typed; the rest is left alone (never reported).
      model.root = walk(state, contents, '', { kind: 'any' }, undefined, undefined);
      const obj = model.root;
      model.objects.push(obj);
      const pod = readCustomPodTemplate(state, obj, kind, apiVersion ?? '', template.path);
      if (pod) model.pods.push(pod);
      return model;
    }
    if (!ref) {
      model.root = null;
      return model;
    }
    model.root = walk(state, contents, '', { kind: 'object', ref }, undefined, undefined);
    model.objects.push(model.root);
  }
  for (const obj of model.objects) {
    const pod = findPodSpec(obj);
    if (pod) model.pods.push(pod);
  }
  return model;
}

/** Walks the pod template (or pod spec) of a custom resource at its configured path, typed. */
function readCustomPodTemplate(state: WalkState, obj: FieldNode, kind: string, apiVersion: string, path: string): PodSpecModel | undefined {
  let f: FieldNode | undefined = obj;
  for (const k of path.split('.')) f = child(f, k);
  if (!f || f.kind !== 'map' || !f.node) return undefined;
  const isTemplate = !!child(f, 'spec') && !child(f, 'containers');
  const typed = walk(state, f.node, f.path, { kind: 'object', ref: isTemplate ? 'V1PodTemplateSpec' : 'V1PodSpec' }, undefined, f.parent);
  typed.key = f.key;
  typed.keyStart = f.keyStart;
  typed.keyEnd = f.keyEnd;
  replaceChild(f, typed);
  const spec = isTemplate ? child(typed, 'spec') : typed;
  if (!spec || spec.kind !== 'map') return undefined;
  return buildPod(spec, obj, kind, apiVersion, isTemplate ? typed : undefined);
}

function replaceChild(old: FieldNode, next: FieldNode): void {
  const parent = old.parent;
  next.index = old.index;
  next.parent = parent;
  if (parent?.children) {
    const i = parent.children.indexOf(old);
    if (i >= 0) parent.children[i] = next;
  }
}

export function findPodSpec(obj: FieldNode): PodSpecModel | undefined {
  const kind = str(child(obj, 'kind'));
  if (!kind) return undefined;
  const path = POD_SPEC_PATHS[kind];
  if (!path) return undefined;
  let f: FieldNode | undefined = obj;
  let template: FieldNode | undefined;
  for (let i = 0; i < path.length && f; i++) {
    f = child(f, path[i]);
    if (path[i] === 'template') template = f;
  }
  if (!f || f.kind !== 'map') return undefined;
  return buildPod(f, obj, kind, str(child(obj, 'apiVersion')), template);
}

function buildPod(f: FieldNode, obj: FieldNode, kind: string, apiVersion: string | undefined, template: FieldNode | undefined): PodSpecModel {
  const pod: PodSpecModel = {
    field: f,
    path: f.path,
    object: obj,
    kind,
    apiVersion,
    template,
    containers: [],
  };
  for (const list of ['initContainers', 'containers', 'ephemeralContainers'] as ContainerList[]) {
    items(child(f, list)).forEach((c, index) => {
      if (c.kind !== 'map') return;
      const name = str(child(c, 'name'));
      const rp = str(child(c, 'restartPolicy'));
      const role: ContainerModel['role'] =
        list === 'containers' ? 'app' : list === 'ephemeralContainers' ? 'ephemeral' : rp === 'Always' ? 'sidecar' : 'init';
      pod.containers.push({ field: c, list, index, name, role });
    });
  }
  return pod;
}

function walk(
  state: WalkState,
  node: Node | null | undefined,
  path: string,
  type: FieldType | undefined,
  def: FieldDef | undefined,
  parent: FieldNode | undefined,
  viaAliasRange?: [number, number],
): FieldNode {
  state.budget--;
  readWork.nodes++;
  let target: Node | null | undefined = node;
  let range: [number, number] | undefined = viaAliasRange;
  let viaAlias = !!viaAliasRange;
  if (target && isAlias(target)) {
    const aliasRange: [number, number] = [target.range?.[0] ?? 0, target.range?.[1] ?? 0];
    const resolved = target.resolve(state.doc) as Node | undefined;
    if (!resolved) {
      state.facts.push({
        kind: 'unresolved-alias',
        start: aliasRange[0],
        end: aliasRange[1],
        message: `error converting YAML to JSON: yaml: unknown anchor '${target.source}' referenced (no &${target.source} before this *${target.source})`,
        path,
      });
      return { path, start: aliasRange[0], end: aliasRange[1], kind: 'null', node: null, parent, type, def };
    }
    if (state.expanding.has(resolved)) {
      return { path, start: aliasRange[0], end: aliasRange[1], kind: 'null', node: null, parent, type, def };
    }
    target = resolved;
    range = range ?? aliasRange;
    viaAlias = true;
  }
  const start = range ? range[0] : (target?.range?.[0] ?? 0);
  const end = range ? range[1] : (target?.range?.[1] ?? start);
  const f: FieldNode = { path, start, end, kind: 'null', node: target ?? null, parent, type, def };
  if (viaAlias) f.viaAlias = true;
  if (!target) return f;
  if (state.budget <= 0) {
    if (state.budget === 0) {
      state.facts.push({
        kind: 'too-complex',
        start,
        end,
        message: `Analysis stopped here: the document has more than ${state.limit} values (or aliases that expand to that many; a document may expand to ${NODES_PER_CHARACTER} values per character of its text, ${MAX_NODES_PER_DOCUMENT} at most)`,
        path,
      });
    }
    return f;
  }
  if (viaAlias) state.expanding.add(target);
  try {
    if (isMap(target)) {
      f.kind = 'map';
      f.children = [];
      walkMapPairs(state, target.items as Pair[], f, type, viaAlias ? [start, end] : undefined, new Set());
      if (type && (type.kind === 'array' || isScalarKind(type.kind))) wrongType(state, f, type);
    } else if (isSeq(target)) {
      f.kind = 'seq';
      f.children = [];
      const itemType = type?.kind === 'array' ? type.items : undefined;
      target.items.forEach((it, i) => {
        const c = walk(state, it as Node, `${path}[${i}]`, itemType, undefined, f, viaAlias ? [start, end] : undefined);
        c.index = i;
        f.children!.push(c);
      });
      if (type && type.kind !== 'array' && type.kind !== 'any') wrongType(state, f, type);
    } else if (isScalar(target)) {
      const s = target as Scalar;
      const v = kubeScalarValue(s);
      if (v === null || v === undefined) {
        f.kind = 'null';
      } else {
        f.kind = 'scalar';
        f.value = v;
        f.source = s.source ?? String(s.value);
        f.quoted = s.type === 'QUOTE_DOUBLE' || s.type === 'QUOTE_SINGLE' || s.type === 'BLOCK_LITERAL' || s.type === 'BLOCK_FOLDED';
        if (type) checkScalar(state, f, type);
      }
    }
  } finally {
    if (viaAlias) state.expanding.delete(target);
  }
  return f;
}

function walkMapPairs(
  state: WalkState,
  pairs: Pair[],
  f: FieldNode,
  type: FieldType | undefined,
  aliasRange: [number, number] | undefined,
  seen: Set<string>,
): void {
  const mergeSources: Node[] = [];
  // A key given twice: kubectl's reading keeps the last value, and the API server never sees the others.
  const last = pairs.length > 1 ? lastIndexByKey(pairs) : undefined;
  for (let i = 0; i < pairs.length; i++) {
    const pair = pairs[i];
    if (!isPair(pair)) continue;
    const keyNode = pair.key as Node | null;
    if (isMergeKey(keyNode)) {
      mergeSources.push(pair.value as Node);
      continue;
    }
    // A key being typed (no `:` yet): not in the model until it is written.
    const keyAt = keyNode?.range?.[0];
    if (state.halfTyped && keyAt !== undefined && state.halfTyped.has(keyAt) && isScalar(keyNode) && pair.value == null) {
      state.halfTyped.set(keyAt, true);
      continue;
    }
    const keyText = keyNode ? keyString(keyNode) : '';
    if (last && last.get(keyText) !== i) continue;
    seen.add(keyText);
    const kStart = aliasRange ? aliasRange[0] : (keyNode?.range?.[0] ?? 0);
    const kEnd = aliasRange ? aliasRange[1] : (keyNode?.range?.[1] ?? kStart);
    let childType: FieldType | undefined;
    let childDef: FieldDef | undefined;
    let childPath: string;
    if (type?.kind === 'object' && type.ref) {
      childDef = getField(type.ref, keyText);
      childType = childDef?.type;
      childPath = joinKey(f.path, keyText);
      if (!childDef && getType(type.ref) && keyText !== 'status' && !isPatchDirective(keyText)) {
        state.facts.push({
          kind: 'unknown-field',
          start: kStart,
          end: kEnd,
          message: `unknown field "${joinKey(f.path, keyText)}"`,
          path: joinKey(f.path, keyText),
        });
      }
    } else if (type?.kind === 'map') {
      childType = type.items;
      childPath = `${f.path}[${keyText}]`;
    } else {
      childPath = joinKey(f.path, keyText);
    }
    const valueNode = pair.value as Node | null;
    let c: FieldNode;
    if (valueNode) {
      c = walk(state, valueNode, childPath, childType, childDef, f, aliasRange);
    } else {
      c = { path: childPath, start: kEnd, end: kEnd, kind: 'null', node: null, parent: f, type: childType, def: childDef };
    }
    c.key = keyText;
    c.keyStart = kStart;
    c.keyEnd = kEnd;
    if (c.kind === 'null' && !valueNode) {
      c.start = kEnd;
      c.end = kEnd;
    }
    f.children!.push(c);
  }
  // YAML merge keys (`<<: *base`): the merged entries count as if written here, unless overridden.
  for (const src of mergeSources) {
    const list = src && isSeq(src) ? (src.items as Node[]) : [src];
    for (const one of list) {
      let target: Node | undefined = one;
      if (target && isAlias(target)) target = target.resolve(state.doc) as Node | undefined;
      if (!target || !isMap(target) || state.expanding.has(target)) continue;
      const r: [number, number] = aliasRange ?? [one?.range?.[0] ?? 0, one?.range?.[1] ?? 0];
      const fresh = (target.items as Pair[]).filter((p) => {
        const k = keyString(p.key as Node | null);
        return !seen.has(k);
      });
      state.expanding.add(target);
      try {
        walkMapPairs(state, fresh, f, type, r, seen);
      } finally {
        state.expanding.delete(target);
      }
    }
  }
}

/** The value of a key in a map as kubectl reads it: the last one given. */
function lastValue(pairs: Pair[], key: string): Node | null | undefined {
  for (let i = pairs.length - 1; i >= 0; i--) {
    const p = pairs[i];
    if (isPair(p) && isScalar(p.key) && keyString(p.key) === key) return p.value as Node | null;
  }
  return undefined;
}

const isMergeKey = (k: Node | null): boolean => !!k && isScalar(k) && (typeof k.value === 'symbol' || k.source === '<<');

/** The index of the last pair of each key (merge keys left out). */
function lastIndexByKey(pairs: Pair[]): Map<string, number> {
  const m = new Map<string, number>();
  pairs.forEach((p, i) => {
    if (isPair(p) && !isMergeKey(p.key as Node | null)) m.set(p.key ? keyString(p.key as Node) : '', i);
  });
  return m;
}

function isScalarKind(k: FieldType['kind']): boolean {
  return (
    k === 'string' ||
    k === 'integer' ||
    k === 'number' ||
    k === 'boolean' ||
    k === 'quantity' ||
    k === 'intOrString' ||
    k === 'dateTime'
  );
}

/** How Go's encoding/json names what it found. */
function jsonKindOf(f: FieldNode): string {
  if (f.kind === 'map') return 'object';
  if (f.kind === 'seq') return 'array';
  if (typeof f.value === 'boolean') return 'bool';
  if (typeof f.value === 'number') return 'number';
  return 'string';
}

export function describeType(t: FieldType): string {
  switch (t.kind) {
    case 'object':
      return `object (${t.ref ?? 'object'})`;
    case 'array':
      return t.items ? `array of ${describeType(t.items)}` : 'array';
    case 'map':
      return t.items ? `map of string to ${describeType(t.items)}` : 'map';
    case 'integer':
      return t.format ?? 'integer';
    case 'quantity':
      return 'quantity';
    case 'intOrString':
      return 'integer or string';
    case 'dateTime':
      return 'date-time string';
    default:
      return t.kind;
  }
}

function wrongType(state: WalkState, f: FieldNode, type: FieldType): void {
  const found = jsonKindOf(f);
  state.facts.push({
    kind: 'wrong-type',
    start: f.start,
    end: f.end,
    message: `${f.path}: Invalid value: ${found}: cannot unmarshal ${found} into a field of type ${describeType(type)}`,
    path: f.path,
    field: f,
  });
}

/** An integer within the range of the Go integer type named by the field's format (int32, int64). */
function inIntRange(v: number, format: string | undefined): boolean {
  if (format === 'int32') return v >= -(2 ** 31) && v < 2 ** 31;
  // Beyond 2^53 a double is inexact: 2^63 - 1 reads as 2^63, so only what is surely out of range is refused.
  if (format === 'int64') return v >= -(2 ** 63) && v <= 2 ** 63;
  return true;
}

function checkScalar(state: WalkState, f: FieldNode, type: FieldType): void {
  const v = f.value;
  let ok = true;
  switch (type.kind) {
    case 'string':
      ok = typeof v === 'string';
      break;
    case 'dateTime': {
      // Every date-time field of the table is a metav1.Time: Time.UnmarshalJSON parses it with
      // time.Parse(time.RFC3339, …) and fails the request with Go's ParseError, without a path.
      ok = typeof v === 'string';
      const error = typeof v === 'string' ? goRfc3339ParseError(v) : undefined;
      if (error) {
        state.facts.push({
          kind: 'bad-time',
          start: f.start,
          end: f.end,
          message: `${f.path}: Invalid value: ${JSON.stringify(v)}: ${error}`,
          path: f.path,
          field: f,
        });
      }
      break;
    }
    case 'integer':
      // Go's encoding/json refuses a number out of the Go type's range (`cannot unmarshal number 2147483648 … of type int32`).
      ok = typeof v === 'number' && Number.isInteger(v) && inIntRange(v, type.format);
      break;
    case 'number':
      ok = typeof v === 'number';
      break;
    case 'boolean':
      ok = typeof v === 'boolean';
      break;
    case 'intOrString':
      ok = typeof v === 'string' || (typeof v === 'number' && Number.isInteger(v));
      break;
    case 'quantity':
      if (typeof v === 'number') ok = Number.isFinite(v);
      else if (typeof v === 'string') {
        if (!parseQuantity(v)) {
          state.facts.push({
            kind: 'bad-quantity',
            start: f.start,
            end: f.end,
            message: `${f.path}: Invalid value: ${JSON.stringify(v)}: quantities must match the regular expression '${QUANTITY_REGEX}'`,
            path: f.path,
            field: f,
          });
        }
        return;
      } else ok = false;
      break;
    case 'any':
      return;
    case 'object':
    case 'array':
    case 'map':
      ok = false;
      break;
  }
  if (!ok) {
    const found = jsonKindOf(f);
    const shown = typeof v === 'string' ? JSON.stringify(v) : String(v);
    let hint = '';
    if (type.kind === 'string' && (typeof v === 'boolean' || typeof v === 'number')) hint = `; quote it: "${f.source}"`;
    else if ((type.kind === 'integer' || type.kind === 'number') && typeof v === 'string' && /^-?\d+$/.test(v))
      hint = `; write it without quotes: ${v}`;
    state.facts.push({
      kind: 'wrong-type',
      start: f.start,
      end: f.end,
      message: `${f.path}: Invalid value: ${shown}: cannot unmarshal ${found} into a field of type ${describeType(type)}${hint}`,
      path: f.path,
      field: f,
    });
  }
}

/** Strategic-merge patch directives (`$patch`, `$setElementOrder/containers`, …) are not fields. */
export function isPatchDirective(key: string): boolean {
  return key === '$patch' || key === '$retainKeys' || key.startsWith('$setElementOrder/') || key.startsWith('$deleteFromPrimitiveList/');
}

