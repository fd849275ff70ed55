/**
 * What a name in a pod spec refers to, written once for the rules,
 * completion, hover and navigation:
 * - a volume mount or device names a pod volume, or in a StatefulSet a volume
 *   claim template (the controller adds a volume for each);
 * - a probe's or lifecycle handler's port may name a port of its container;
 * - `targetContainerName`, `resourceFieldRef.containerName` and the
 *   `kubectl.kubernetes.io/default-container` annotation name a container;
 * - `$(VAR)` in command, args and env values names an env entry of the
 *   container.
 */
import type { ContainerModel, FieldNode, PodSpecModel } from '../model';
import { child, items, str } from '../model';

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
