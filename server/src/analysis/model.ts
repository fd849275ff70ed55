/**
 * The pod model: what the analysis knows about one YAML document, built once
 * per document text and shared by diagnostics, hover, completion and code
 * actions. Offsets are relative to the document's segment (see text.ts), so a
 * cached model stays valid when an edit elsewhere in the file moves it.
 */
import type { Document, Node } from 'yaml';
import type { FieldDef, FieldType } from './api/tableTypes';


export type NodeKind = 'map' | 'seq' | 'scalar' | 'null';

/** One value in the document, with its API field path and exact offsets. */
export interface FieldNode {
  /** API field path as the API server writes it: `spec.containers[0].resources.limits[cpu]`. */
  path: string;
  /** The key's text for a mapping entry. */
  key?: string;
  keyStart?: number;
  keyEnd?: number;
  /** Index for a sequence item. */
  index?: number;
  /** Value range; for an empty value (`key:`), both are the end of the key. */
  start: number;
  end: number;
  kind: NodeKind;
  /** The scalar's value as Kubernetes' YAML reading gives it (YAML 1.1 booleans). */
  value?: unknown;
  /** The source text of a scalar, as written (with quotes). */
  source?: string;
  /** Quoted or block scalars are strings whatever they contain. */
  quoted?: boolean;
  /** The API type this value should have, when known. */
  type?: FieldType;
  /** The field's definition in its parent type, when known. */
  def?: FieldDef;
  /** Entries of a map or items of a sequence, in source order. */
  children?: FieldNode[];
  parent?: FieldNode;
  /** The value came through an alias (`*name`): ranges are the alias's. */
  viaAlias?: boolean;
  /** The YAML node (the alias's target for an alias). */
  node: Node | null;
}

export type ContainerList = 'initContainers' | 'containers' | 'ephemeralContainers';
export type ContainerRole = 'init' | 'sidecar' | 'app' | 'ephemeral';

export interface ContainerModel {
  field: FieldNode;
  list: ContainerList;
  index: number;
  name?: string;
  role: ContainerRole;
}

export interface PodSpecModel {
  /** The `spec` map of the pod (for a Deployment, `spec.template.spec`). */
  field: FieldNode;
  /** Its path: `spec`, `spec.template.spec`, `spec.jobTemplate.spec.template.spec`, ... */
  path: string;
  /** The object that holds it (the document root or a List item). */
  object: FieldNode;
  kind: string;
  apiVersion?: string;
  /** Set for pod templates of workloads: the template (with metadata). */
  template?: FieldNode;
  containers: ContainerModel[];
}

/** A problem found while reading, before any rule runs. */
export interface Fact {
  kind:
    | 'syntax'
    | 'unknown-field'
    | 'wrong-type'
    | 'bad-quantity'
    | 'bad-time'
    | 'unresolved-alias'
    | 'too-complex'
    | 'templated';
  start: number;
  end: number;
  message: string;
  /** For syntax facts: the `yaml` error code (`TAB_AS_INDENT`, ...). */
  code?: string;
  path: string;
  field?: FieldNode;
  /** Unknown fields that exist only in newer Kubernetes releases. */
  since?: string;
}

export interface DocModel {
  /** Index of the document within its segment (almost always 0). */
  indexInSegment: number;
  yaml: Document;
  /** Root of the document's value, when it is a map. */
  root: FieldNode | null;
  kind?: string;
  apiVersion?: string;
  /** Kubernetes objects in the document (the root, or the items of a List). */
  objects: FieldNode[];
  pods: PodSpecModel[];
  facts: Fact[];
  /**
   * Objects of the kinds pods refer to by name (ConfigMap, Secret, Service,
   * ServiceAccount, PersistentVolumeClaim, PriorityClass), read without types:
   * paths and offsets for navigation and the workspace index, never checked.
   */
  referenced?: FieldNode[];
  /**
   * Set when the document's only syntax errors are keys being typed (a plain key on its own line
   * with no `:` yet, which the parser reads as a key without a value): the model leaves those keys
   * out, and the rules run on the rest of the document as if they were not there.
   */
  halfTypedKeys?: number;
}

/**
 * Whether a document has syntax errors that make its model unreliable: any, except keys being
 * typed (`halfTypedKeys`), which the model leaves out.
 */
export function isBroken(d: DocModel): boolean {
  return d.yaml.errors.length > 0 && !d.halfTypedKeys;
}

/** Walks up to the nearest ancestor (or self) that satisfies `pred`. */
export function ancestor(f: FieldNode | undefined, pred: (f: FieldNode) => boolean): FieldNode | undefined {
  for (let c = f; c; c = c.parent) if (pred(c)) return c;
  return undefined;
}

export function child(f: FieldNode | undefined, key: string): FieldNode | undefined {
  if (!f || f.kind !== 'map' || !f.children) return undefined;
  for (const c of f.children) if (c.key === key) return c;
  return undefined;
}

export function items(f: FieldNode | undefined): FieldNode[] {
  return f && f.kind === 'seq' && f.children ? f.children : [];
}

export function entries(f: FieldNode | undefined): FieldNode[] {
  return f && f.kind === 'map' && f.children ? f.children : [];
}

/** The string value of a scalar (numbers and booleans as Kubernetes would not coerce them: undefined). */
export function str(f: FieldNode | undefined): string | undefined {
  return f && f.kind === 'scalar' && typeof f.value === 'string' ? f.value : undefined;
}

export function num(f: FieldNode | undefined): number | undefined {
  return f && f.kind === 'scalar' && typeof f.value === 'number' ? f.value : undefined;
}

export function bool(f: FieldNode | undefined): boolean | undefined {
  return f && f.kind === 'scalar' && typeof f.value === 'boolean' ? f.value : undefined;
}

/** True when the field is present with a non-null value. */
export function isSet(f: FieldNode | undefined): f is FieldNode {
  return !!f && f.kind !== 'null';
}

/** Where a diagnostic about the field as a whole belongs: its key, or the item's start. */
export function anchorRange(f: FieldNode): [number, number] {
  if (f.keyStart !== undefined && f.keyEnd !== undefined) return [f.keyStart, f.keyEnd];
  if (f.kind === 'map' && f.children && f.children.length > 0) {
    const first = f.children[0];
    if (first.keyStart !== undefined && first.keyEnd !== undefined) return [first.keyStart, first.keyEnd];
  }
  return [f.start, Math.max(f.start, Math.min(f.end, f.start + 1))];
}

/** Range of the value (falls back to the key for an empty value). */
export function valueRange(f: FieldNode): [number, number] {
  if (f.kind === 'null' && f.keyStart !== undefined && f.keyEnd !== undefined) return [f.keyStart, f.keyEnd];
  return [f.start, f.end];
}

/** Deepest field whose key or value range contains the offset. */
export function fieldAt(root: FieldNode | null, offset: number): FieldNode | undefined {
  if (!root) return undefined;
  let best: FieldNode | undefined;
  const visit = (f: FieldNode): void => {
    const s = f.keyStart ?? f.start;
    const e = Math.max(f.end, f.keyEnd ?? f.end);
    if (offset < s || offset > e) return;
    best = f;
    if (f.children) for (const c of f.children) visit(c);
  };
  visit(root);
  return best;
}
