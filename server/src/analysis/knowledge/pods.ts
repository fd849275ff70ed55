/**
 * Finding the pod spec and the container a field belongs to: one answer for
 * hover, completion, rules, fixes and navigation.
 */
import type { ContainerModel, DocModel, FieldNode, PodSpecModel } from '../model';
import { ancestor } from '../model';

/**
 * The pod spec that a field belongs to: the one of the object that holds the
 * field (its pod spec, its template's metadata, or the workload's own fields),
 * or undefined outside every object with a pod spec.
 */
export function podOf(doc: DocModel, f: FieldNode | undefined): PodSpecModel | undefined {
  if (!f) return undefined;
  return doc.pods.find((p) => ancestor(f, (a) => a === p.object) !== undefined);
}

/** The container (init, app or ephemeral) that holds a field, or undefined. */
export function containerOf(pod: PodSpecModel, f: FieldNode | undefined): ContainerModel | undefined {
  if (!f) return undefined;
  return pod.containers.find((c) => ancestor(f, (a) => a === c.field) !== undefined);
}

/** Whether the field lies inside the pod spec itself (not in the template's metadata or the workload's spec). */
export const inPodSpec = (pod: PodSpecModel, f: FieldNode): boolean => ancestor(f, (a) => a === pod.field) !== undefined;
