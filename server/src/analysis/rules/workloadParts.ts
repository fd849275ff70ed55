/**
 * The parts of a workload object that its validation reads, as the API
 * server decodes them: the workload spec, the pod template and the pod spec
 * (each possibly absent: Go's zero value), and whether decoding would fail on
 * the way (a scalar where a map belongs: schema/wrong-type reports it, and
 * the API server stops there). Shared by the workload families
 * (workloads.ts, deployments.ts, statefulsets.ts, jobs.ts, cronjobs.ts).
 */
import type { FieldNode } from '../model';
import { child, isSet, num } from '../model';
import { POD_TEMPLATE_PATHS } from '../knowledge/kinds';

export interface WorkloadParts {
  /** The map that holds `template` (`spec`, `spec.jobTemplate.spec`; the object for a PodTemplate). */
  holder?: FieldNode;
  /** Its API path ('' for the object itself). */
  holderPath: string;
  /** The pod template (PodTemplateSpec) when present and not null. */
  template?: FieldNode;
  /** Its API path: `spec.template`, `spec.jobTemplate.spec.template`, `template`. */
  templatePath: string;
  /** The pod spec when present and not null. */
  podSpec?: FieldNode;
  /** The deepest node present on the way to the pod spec (where a finding about a missing part goes). */
  deepest: FieldNode;
  /** Some part on the way is not a map: the API server stops at decoding. */
  broken: boolean;
}

/** The parts of a workload of kind `kind` (undefined for a kind without a pod template). */
export function workloadParts(object: FieldNode, kind: string): WorkloadParts | undefined {
  const path = POD_TEMPLATE_PATHS[kind];
  if (!path) return undefined;
  let f: FieldNode | undefined = object;
  let deepest = object;
  let broken = false;
  let holder: FieldNode | undefined = object;
  for (let i = 0; i < path.length; i++) {
    if (i === path.length - 1) holder = f;
    const next: FieldNode | undefined = child(f, path[i]);
    if (isSet(next) && next.kind !== 'map') broken = true;
    f = isSet(next) && next.kind === 'map' ? next : undefined;
    if (next) deepest = next;
    if (!f) {
      if (i < path.length - 1) holder = undefined;
      break;
    }
  }
  const template = f;
  const podSpecNode = child(template, 'spec');
  if (isSet(podSpecNode) && podSpecNode.kind !== 'map') broken = true;
  if (podSpecNode) deepest = podSpecNode;
  const templatePath = path.join('.');
  return {
    holder: holder && holder.kind === 'map' ? holder : undefined,
    holderPath: path.slice(0, -1).join('.'),
    template,
    templatePath,
    podSpec: isSet(podSpecNode) && podSpecNode.kind === 'map' ? podSpecNode : undefined,
    deepest,
    broken,
  };
}

/** An int32 field as Go decodes it: the number when it is an integer in range, undefined otherwise (or when absent). */
export function int32(f: FieldNode | undefined): number | undefined {
  const v = num(f);
  return v !== undefined && Number.isInteger(v) && v >= -2147483648 && v <= 2147483647 ? v : undefined;
}

/** A path under `base` ('' for the root). */
export const under = (base: string, rest: string): string => (base ? `${base}.${rest}` : rest);
