/**
 * What a name refers to, written once for the rules, completion, hover,
 * navigation and the workspace index.
 *
 * Inside a pod:
 * - a volume mount or device names a pod volume, or in a StatefulSet a volume
 *   claim template (the controller adds a volume for each);
 * - a probe's or lifecycle handler's port may name a port of its container;
 * - `targetContainerName`, `resourceFieldRef.containerName` and the
 *   `kubectl.kubernetes.io/default-container` annotation name a container;
 * - `$(VAR)` in command, args and env values names an env entry of the
 *   container (an env value only the entries before its own);
 * - a workload's `selector.matchLabels` names labels of its pod template.
 *
 * Across objects (objectReferences): ConfigMaps and Secrets (env, envFrom,
 * volumes, projected sources, with their keys), the ServiceAccount, the
 * PersistentVolumeClaims, the PriorityClass, pull Secrets, and the Services
 * an init container waits for (scripts.ts reads the wait loop).
 */
import type { ContainerModel, DocModel, FieldNode, PodSpecModel } from '../model';
import { child, entries, items, str } from '../model';
import { scriptArgs, serviceWaits } from './scripts';
import type { ReferencedKind } from './kinds';

/** A name that something can refer to. */
export interface NameDef {
  name: string;
  /** The node holding the name (its value). */
  field: FieldNode;
  /** The entry that the name names (the volume, the port, the container, the env entry). */
  entry: FieldNode;
  /** What kind of thing it is. */
  kind: 'volume' | 'claimTemplate' | 'port' | 'container' | 'env';
}

function named(list: FieldNode | undefined, kind: NameDef['kind'], nameOf: (e: FieldNode) => FieldNode | undefined = (e) => child(e, 'name')): NameDef[] {
  const out: NameDef[] = [];
  for (const entry of items(list)) {
    const field = nameOf(entry);
    const name = str(field);
    if (field && name) out.push({ name, field, entry, kind });
  }
  return out;
}

/** The volume claim templates of a StatefulSet (their metadata names). */
export function claimTemplates(pod: PodSpecModel): NameDef[] {
  if (pod.kind !== 'StatefulSet') return [];
  return named(child(child(pod.object, 'spec'), 'volumeClaimTemplates'), 'claimTemplate', (t) => child(child(t, 'metadata'), 'name'));
}

/** The names a `volumeMounts[].name` or `volumeDevices[].name` can take: the pod's volumes, then a StatefulSet's claim templates. */
export function volumeTargets(pod: PodSpecModel): NameDef[] {
  return [...named(child(pod.field, 'volumes'), 'volume'), ...claimTemplates(pod)];
}

/** The named ports of a container (what a probe's `port: http` can name). */
export function portTargets(c: ContainerModel): NameDef[] {
  return named(child(c.field, 'ports'), 'port');
}

/**
 * The containers a container name can refer to: init, sidecar and app
 * containers (ephemeral containers are never a target).
 */
export function containerTargets(pod: PodSpecModel): NameDef[] {
  const out: NameDef[] = [];
  for (const c of pod.containers) {
    if (c.role === 'ephemeral') continue;
    const field = child(c.field, 'name');
    if (field && c.name) out.push({ name: c.name, field, entry: c.field, kind: 'container' });
  }
  return out;
}

/** The env entries of a container, in order (a `$(VAR)` expands only those defined before its own entry). */
export function envTargets(c: ContainerModel): NameDef[] {
  return named(child(c.field, 'env'), 'env');
}

/** Annotation keys whose value names a container of the pod. */
export const CONTAINER_NAME_ANNOTATIONS: readonly string[] = ['kubectl.kubernetes.io/default-container', 'kubectl.kubernetes.io/default-logs-container'];

/** What a field's value names, judged by where it is: undefined for fields that name nothing. */
export function referenceKind(f: FieldNode): 'volume' | 'port' | 'container' | undefined {
  const p = f.path;
  if (/\.(volumeMounts|volumeDevices)\[\d+\]\.name$/.test(p)) return 'volume';
  if (/Probe\.(httpGet|tcpSocket|grpc)\.port$/.test(p) || /\.lifecycle\.(postStart|preStop)\.(httpGet|tcpSocket)\.port$/.test(p)) return 'port';
  if (/ephemeralContainers\[\d+\]\.targetContainerName$/.test(p) || /\.resourceFieldRef\.containerName$/.test(p)) return 'container';
  if (f.parent?.key === 'annotations' && f.key !== undefined && CONTAINER_NAME_ANNOTATIONS.includes(f.key)) return 'container';
  return undefined;
}

// ---- names inside a pod, both ways ------------------------------------------

/** The kinds of names a pod defines and refers to. */
export type PodNameKind = 'volume' | 'container' | 'port' | 'env' | 'labelKey' | 'labelValue';

/**
 * One place where a name occurs in a pod: where it is defined (a volume's
 * name, a container's, a port's, an env entry's, a template label) or where
 * it is used. Offsets are those of the name itself in the document's segment:
 * a whole value, or `VAR` inside `$(VAR)`.
 */
export interface NameOccurrence {
  kind: PodNameKind;
  name: string;
  role: 'def' | 'ref';
  /** What names of this kind are unique within: the pod spec (volumes, containers, labels) or a container (ports, env). */
  scope: FieldNode;
  field: FieldNode;
  start: number;
  end: number;
  /** A definition: what it defines (a claim template for a StatefulSet's volume). */
  def?: NameDef;
  /** A label value: its key, which names the label together with it. */
  labelKey?: string;
  /**
   * An env reference in `env[i].value`: it can name only entries before i.
   * (Command and args can name every entry.)
   */
  envBefore?: number;
}

const whole = (f: FieldNode): { start: number; end: number } => ({ start: f.start, end: f.end });

/** A scalar that the document writes as itself (not through an alias): its text can be edited in place. */
const editable = (f: FieldNode | undefined): f is FieldNode => !!f && f.kind === 'scalar' && typeof f.value === 'string' && !f.viaAlias;

/** The offsets of a scalar's value inside its source text (quotes left out). */
function valueSpan(text: string, f: FieldNode): { start: number; end: number } {
  const raw = text.slice(f.start, f.end);
  if ((raw.startsWith('"') && raw.endsWith('"')) || (raw.startsWith("'") && raw.endsWith("'"))) return { start: f.start + 1, end: f.end - 1 };
  return whole(f);
}

/**
 * `$(VAR)` references in a string as the kubelet expands it
 * (third_party/forked/golang/expansion): `$$` is an escaped `$`, `$(` opens a
 * reference up to the next `)`. Read in the source text, so that the offsets
 * are those of the document; names with blanks are left out.
 */
export function expansionRefs(text: string, f: FieldNode): { name: string; start: number; end: number }[] {
  if (!editable(f)) return [];
  const out: { name: string; start: number; end: number }[] = [];
  const s = text.slice(f.start, f.end);
  if (!s.includes('$(')) return out;
  for (let i = 0; i < s.length - 1; i++) {
    if (s[i] !== '$') continue;
    if (s[i + 1] === '$') {
      i++;
      continue;
    }
    if (s[i + 1] !== '(') continue;
    const close = s.indexOf(')', i + 2);
    if (close < 0) break;
    const name = s.slice(i + 2, close);
    if (name && !/[\s"'\\]/.test(name)) out.push({ name, start: f.start + i + 2, end: f.start + close });
    i = close;
  }
  return out;
}

/** The labels of a workload's pod template (or a Pod's own), by key. */
export function templateLabels(pod: PodSpecModel): FieldNode[] {
  const meta = pod.template ? child(pod.template, 'metadata') : child(pod.object, 'metadata');
  return entries(child(meta, 'labels'));
}

/** The labels a workload's selector requires (`selector.matchLabels`, or a ReplicationController's `selector` map). */
export function selectorLabels(pod: PodSpecModel): FieldNode[] {
  if (!pod.template) return [];
  const sel = child(child(pod.object, 'spec'), 'selector');
  if (pod.kind === 'ReplicationController') return entries(sel);
  return entries(child(sel, 'matchLabels'));
}

/** The fields of a container that may hold `resourceFieldRef`s: its env and the pod's downwardAPI volumes. */
function resourceFieldRefs(pod: PodSpecModel): FieldNode[] {
  const out: FieldNode[] = [];
  for (const c of pod.containers) for (const e of items(child(c.field, 'env'))) out.push(child(child(child(e, 'valueFrom'), 'resourceFieldRef'), 'containerName')!);
  const fromItems = (downward: FieldNode | undefined): void => {
    for (const it of items(child(downward, 'items'))) out.push(child(child(it, 'resourceFieldRef'), 'containerName')!);
  };
  for (const v of items(child(pod.field, 'volumes'))) {
    fromItems(child(v, 'downwardAPI'));
    for (const s of items(child(child(v, 'projected'), 'sources'))) fromItems(child(s, 'downwardAPI'));
  }
  return out.filter(Boolean);
}

/** The metadata whose annotations apply to the pod: a Pod's own, a workload's template's. */
const podMetadata = (pod: PodSpecModel): FieldNode | undefined => (pod.template ? child(pod.template, 'metadata') : child(pod.object, 'metadata'));

const PROBE_KEYS = ['livenessProbe', 'readinessProbe', 'startupProbe'];

/** The `port` fields of a container's probes and lifecycle handlers. */
export function handlerPorts(c: ContainerModel): FieldNode[] {
  const out: FieldNode[] = [];
  for (const k of PROBE_KEYS) {
    const p = child(c.field, k);
    for (const a of ['httpGet', 'tcpSocket', 'grpc']) {
      const port = child(child(p, a), 'port');
      if (port) out.push(port);
    }
  }
  for (const h of ['postStart', 'preStop']) {
    const handler = child(child(c.field, 'lifecycle'), h);
    for (const a of ['httpGet', 'tcpSocket']) {
      const port = child(child(handler, a), 'port');
      if (port) out.push(port);
    }
  }
  return out;
}

/**
 * Every name a pod defines and every place that names one, in document
 * order within each kind. `text` is the document's segment (for `$(VAR)`).
 */
export function podNames(pod: PodSpecModel, text: string): NameOccurrence[] {
  const out: NameOccurrence[] = [];
  const podScope = pod.field;
  // Volumes and claim templates, and the mounts and devices that name them.
  for (const d of volumeTargets(pod)) if (editable(d.field)) out.push({ kind: 'volume', name: d.name, role: 'def', scope: podScope, field: d.field, ...valueSpan(text, d.field), def: d });
  for (const c of pod.containers) {
    for (const list of ['volumeMounts', 'volumeDevices']) {
      for (const m of items(child(c.field, list))) {
        const f = child(m, 'name');
        if (editable(f)) out.push({ kind: 'volume', name: f.value as string, role: 'ref', scope: podScope, field: f, ...valueSpan(text, f) });
      }
    }
  }
  // Containers, and what names one.
  for (const d of containerTargets(pod)) if (editable(d.field)) out.push({ kind: 'container', name: d.name, role: 'def', scope: podScope, field: d.field, ...valueSpan(text, d.field), def: d });
  const containerRefs: FieldNode[] = [...resourceFieldRefs(pod)];
  for (const c of pod.containers) if (c.list === 'ephemeralContainers') containerRefs.push(child(c.field, 'targetContainerName')!);
  for (const a of entries(child(podMetadata(pod), 'annotations'))) if (a.key && CONTAINER_NAME_ANNOTATIONS.includes(a.key)) containerRefs.push(a);
  for (const f of containerRefs) if (editable(f)) out.push({ kind: 'container', name: f.value as string, role: 'ref', scope: podScope, field: f, ...valueSpan(text, f) });
  for (const c of pod.containers) {
    // Ports of the container, and the probes and hooks that name one.
    for (const d of portTargets(c)) if (editable(d.field)) out.push({ kind: 'port', name: d.name, role: 'def', scope: c.field, field: d.field, ...valueSpan(text, d.field), def: d });
    for (const f of handlerPorts(c)) if (editable(f)) out.push({ kind: 'port', name: f.value as string, role: 'ref', scope: c.field, field: f, ...valueSpan(text, f) });
    // Env entries, and `$(VAR)` in command, args and env values.
    for (const d of envTargets(c)) if (editable(d.field)) out.push({ kind: 'env', name: d.name, role: 'def', scope: c.field, field: d.field, ...valueSpan(text, d.field), def: d });
    for (const f of scriptArgs(c)) for (const r of expansionRefs(text, f)) out.push({ kind: 'env', name: r.name, role: 'ref', scope: c.field, field: f, start: r.start, end: r.end });
    items(child(c.field, 'env')).forEach((e, i) => {
      const v = child(e, 'value');
      if (v) for (const r of expansionRefs(text, v)) out.push({ kind: 'env', name: r.name, role: 'ref', scope: c.field, field: v, start: r.start, end: r.end, envBefore: i });
    });
  }
  // Template labels (definitions) and the workload selector's (references).
  const label = (f: FieldNode, role: 'def' | 'ref'): void => {
    if (f.key === undefined || f.keyStart === undefined || f.keyEnd === undefined || f.viaAlias) return;
    out.push({ kind: 'labelKey', name: f.key, role, scope: podScope, field: f, start: f.keyStart, end: f.keyEnd });
    if (editable(f)) out.push({ kind: 'labelValue', name: f.value as string, role, scope: podScope, field: f, ...valueSpan(text, f), labelKey: f.key });
  };
  for (const f of templateLabels(pod)) label(f, 'def');
  for (const f of selectorLabels(pod)) label(f, 'ref');
  return out;
}

/** Do two occurrences name the same thing? (Same kind, scope and name; a label value with its key; an env reference only entries before it.) */
export function sameName(a: NameOccurrence, b: NameOccurrence): boolean {
  if (a.kind !== b.kind || a.scope !== b.scope || a.name !== b.name) return false;
  if (a.kind === 'labelValue' && a.labelKey !== b.labelKey) return false;
  return true;
}

/**
 * The definitions an occurrence resolves to: for a `$(VAR)` in an env value,
 * the last entry of that name before it (the kubelet's expansion); for other
 * names, every definition of the name (a claim template and the volume it
 * replaces, or duplicates).
 */
export function definitionsOf(occ: NameOccurrence, all: NameOccurrence[]): NameOccurrence[] {
  const defs = all.filter((o) => o.role === 'def' && sameName(o, occ));
  if (occ.kind === 'env' && occ.role === 'ref') {
    const env = items(child(occ.scope, 'env'));
    const usable = defs.filter((d) => occ.envBefore === undefined || env.indexOf(d.def!.entry) < occ.envBefore);
    return usable.length ? [usable[usable.length - 1]] : [];
  }
  return defs;
}

// ---- names of other objects -------------------------------------------------

/**
 * Pod labels that controllers add, with values the manifest cannot know
 * (pkg/apis/batch/types.go: `job-name`, `controller-uid` and their
 * `batch.kubernetes.io/` forms, set from the Job's name and uid; the
 * Deployment's `pod-template-hash`; the StatefulSet's and DaemonSet's
 * `controller-revision-hash`, `statefulset.kubernetes.io/pod-name`,
 * `apps.kubernetes.io/pod-index`, `pod-template-generation`). A selector on
 * one of them cannot be matched against the manifests.
 */
export const CONTROLLER_POD_LABELS: readonly string[] = [
  'job-name',
  'controller-uid',
  'batch.kubernetes.io/job-name',
  'batch.kubernetes.io/controller-uid',
  'batch.kubernetes.io/job-completion-index',
  'pod-template-hash',
  'controller-revision-hash',
  'statefulset.kubernetes.io/pod-name',
  'apps.kubernetes.io/pod-index',
  'pod-template-generation',
];

/** Kinds whose objects live in no namespace. */
export const CLUSTER_SCOPED: readonly string[] = ['PriorityClass'];

/** A place in a pod that names another object (and maybe one of its keys). */
export interface ObjectRef {
  kind: ReferencedKind;
  name: string;
  /** The field that holds the name, and the name's own offsets (inside a script for a Service). */
  field: FieldNode;
  start: number;
  end: number;
  /** The key it names in a ConfigMap or Secret. */
  key?: { name: string; field: FieldNode; start: number; end: number };
  /** `optional: true`: the pod starts without the object (or key). */
  optional?: boolean;
  /** The namespace the reference itself names (a Service's DNS name `db.prod.svc`). */
  namespace?: string;
  /** The container that holds it, if any. */
  container?: ContainerModel;
  /** How the pod uses it, in a few words ("env of `web`", "volume `config`"). */
  via: string;
}

const optionalOf = (f: FieldNode | undefined): boolean => child(f, 'optional')?.value === true;

/**
 * Every reference a pod makes to other objects by name, with the keys it
 * names; `text` is the document's segment (the wait loops of init
 * containers are read in it).
 */
export function objectReferences(pod: PodSpecModel, text: string): ObjectRef[] {
  const out: ObjectRef[] = [];
  const push = (kind: ReferencedKind, nameField: FieldNode | undefined, via: string, extra: Partial<ObjectRef> = {}): void => {
    if (!editable(nameField) || !nameField.value) return;
    out.push({ kind, name: nameField.value as string, field: nameField, ...valueSpan(text, nameField), via, ...extra });
  };
  const keyOf = (f: FieldNode | undefined): ObjectRef['key'] => (editable(f) && f.value ? { name: f.value as string, field: f, ...valueSpan(text, f) } : undefined);
  for (const c of pod.containers) {
    const who = c.name ?? `${c.list}[${c.index}]`;
    for (const e of items(child(c.field, 'envFrom'))) {
      for (const [k, kind] of [['configMapRef', 'ConfigMap'], ['secretRef', 'Secret']] as const) {
        const ref = child(e, k);
        push(kind, child(ref, 'name'), `envFrom of ${who}`, { optional: optionalOf(ref), container: c });
      }
    }
    for (const e of items(child(c.field, 'env'))) {
      const vf = child(e, 'valueFrom');
      for (const [k, kind] of [['configMapKeyRef', 'ConfigMap'], ['secretKeyRef', 'Secret']] as const) {
        const ref = child(vf, k);
        push(kind, child(ref, 'name'), `env ${str(child(e, 'name')) ?? ''} of ${who}`.replace('  ', ' '), { key: keyOf(child(ref, 'key')), optional: optionalOf(ref), container: c });
      }
    }
  }
  const keyed = (kind: 'ConfigMap' | 'Secret', src: FieldNode | undefined, nameKey: string, via: string): void => {
    if (!src) return;
    const list = items(child(src, 'items'));
    const optional = optionalOf(src);
    if (list.length === 0) push(kind, child(src, nameKey), via, { optional });
    // One reference per key: each names the object and a key of it.
    for (const it of list) push(kind, child(src, nameKey), via, { optional, key: keyOf(child(it, 'key')) });
  };
  for (const v of items(child(pod.field, 'volumes'))) {
    const vol = `volume ${str(child(v, 'name')) ?? ''}`.trim();
    keyed('ConfigMap', child(v, 'configMap'), 'name', vol);
    keyed('Secret', child(v, 'secret'), 'secretName', vol);
    for (const s of items(child(child(v, 'projected'), 'sources'))) {
      keyed('ConfigMap', child(s, 'configMap'), 'name', vol);
      keyed('Secret', child(s, 'secret'), 'name', vol);
    }
    push('PersistentVolumeClaim', child(child(v, 'persistentVolumeClaim'), 'claimName'), vol);
  }
  push('ServiceAccount', child(pod.field, 'serviceAccountName') ?? child(pod.field, 'serviceAccount'), 'serviceAccountName');
  push('PriorityClass', child(pod.field, 'priorityClassName'), 'priorityClassName');
  for (const s of items(child(pod.field, 'imagePullSecrets'))) push('Secret', child(s, 'name'), 'imagePullSecrets');
  for (const c of pod.containers) {
    if (c.role !== 'init') continue;
    for (const w of serviceWaits(c, text)) {
      out.push({ kind: 'Service', name: w.service, field: w.field, start: w.start, end: w.end, namespace: w.namespace, container: c, via: `wait loop of ${c.name ?? 'an init container'}` });
    }
  }
  return out;
}

/** The namespace an object is in, as its document says (undefined: not said, the one it is applied to). */
export function namespaceOf(object: FieldNode): string | undefined {
  return str(child(child(object, 'metadata'), 'namespace')) || undefined;
}

/** Objects of the kinds pods refer to, in a document (its root, or the items of a List): read without types (reader.ts). */
export function referencedObjects(doc: DocModel): FieldNode[] {
  return doc.referenced ?? [];
}
