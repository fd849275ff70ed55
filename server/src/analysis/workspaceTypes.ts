/**
 * What the workspace index knows of each file, and the view of it that rules
 * and navigation get: plain data, shared by the index (workspace.ts), the
 * rules that look across objects (rules/references.ts), navigation and the
 * checker. No logic here.
 */
import type { Position } from './text';
import type { ReferencedKind } from './knowledge/kinds';

/** A place in a file of the workspace: offsets in the file, and the same as positions. */
export interface Loc {
  uri: string;
  start: number;
  end: number;
  range: { start: Position; end: Position };
}

/** A label (or a selector's entry): key and value, with where each is written. */
export interface IndexedLabel {
  key: string;
  value: string;
  keyLoc: Loc;
  valueLoc?: Loc;
}

/** An object that pods name: a ConfigMap, Secret, Service, ServiceAccount, PVC or PriorityClass, or a kustomize generator's. */
export interface IndexedObject {
  kind: ReferencedKind;
  name: string;
  namespace?: string;
  /** Where the name is written: `metadata.name`, or the generator's `name`. */
  loc: Loc;
  /** Made by a kustomize generator (`configMapGenerator`, `secretGenerator`), with its behavior. */
  generator?: { behavior: 'create' | 'merge' | 'replace' };
  /** A ConfigMap's or Secret's keys; undefined where they cannot be known (files of `envs`, template actions, a token Secret). */
  keys?: { name: string; loc: Loc }[];
  /** A Service's selector (undefined: none, endpoints are managed by hand). */
  selector?: IndexedLabel[];
  /** A Service's ports. */
  ports?: { name?: string; port?: number; targetPort?: string | number; targetLoc?: Loc; loc: Loc }[];
  /** A Service's type (`ExternalName` selects nothing by design). */
  serviceType?: string;
}

/** A reference from a pod to an object by name (knowledge/names.ts ObjectRef), placed in its file. */
export interface IndexedRef {
  kind: ReferencedKind;
  name: string;
  /** The namespace it looks in: the one its name says, else the pod's. */
  namespace?: string;
  loc: Loc;
  key?: { name: string; loc: Loc };
  optional: boolean;
  /** How the pod uses it ("env of `web`"). */
  via: string;
  /** The pod it is in: `Kind name`. */
  pod: string;
}

/** A pod spec (a Pod's, or a workload's template) as the index keeps it. */
export interface IndexedPod {
  uri: string;
  /** `Deployment web`. */
  title: string;
  namespace?: string;
  /** Where its object's name is (or the object starts). */
  loc: Loc;
  labels: IndexedLabel[];
  /** Named container ports. */
  ports: { container: string; name: string; number?: number; loc: Loc }[];
  refs: IndexedRef[];
}

/** What the index keeps of one file. */
export interface FileEntry {
  uri: string;
  objects: IndexedObject[];
  pods: IndexedPod[];
}

/** A candidate with whether it is close enough to the asking file for a finding (its folder, one above or below it). */
export interface Near<T> {
  item: T;
  near: boolean;
}

/** The index as one file sees it: lookups ordered nearest first (same file, same folder, …). */
export interface WorkspaceView {
  /** The file the view is for. */
  readonly uri: string;
  /** Objects of a kind and name that a reference from a namespace may mean. */
  objects(kind: ReferencedKind, name: string, namespace: string | undefined): Near<IndexedObject>[];
  /** Pod templates whose labels a selector matches, in namespaces compatible with `namespace`. */
  podsSelected(selector: readonly { key: string; value: string }[], namespace: string | undefined): Near<IndexedPod>[];
  /** How many pod templates there are near the file, in namespaces compatible with `namespace` (0 when one of them has labels a substitution fills in: nothing is known then). */
  podsNear(namespace: string | undefined): number;
  /** Every reference to an object of this kind and name (and key), across the workspace. */
  referencesTo(kind: ReferencedKind, name: string, namespace: string | undefined, key?: string): IndexedRef[];
  /** Services whose selector selects pods with these labels. */
  servicesSelecting(labels: readonly { key: string; value: string }[], namespace: string | undefined): IndexedObject[];
  /** A place as a reader finds it: `config.yaml, line 4` (the file's name, never its folder). */
  describe(loc: Loc): string;
}
