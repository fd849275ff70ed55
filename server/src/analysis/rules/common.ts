/**
 * What the rule families share beyond the string formats (stringFormats.ts):
 * a field's value as the API server decodes it, release comparisons, one
 * analysis cached per pod spec and release, and the warning for a field the
 * API server drops because its feature gate is off.
 */
import type { FieldNode, PodSpecModel } from '../model';
import { isSet } from '../model';
import { compareVersions } from '../api/table';

/** `version` is at least `min` ("1.32"). */
export const atLeast = (version: string, min: string): boolean => compareVersions(version, min) >= 0;
/** `version` is at most `max`. */
export const atMost = (version: string, max: string): boolean => compareVersions(version, max) <= 0;

/**
 * The Go string a field decodes to: '' when absent or null (Go's zero
 * value), undefined when it is not a string (a decoding error that
 * schema/wrong-type reports: no further judgement on it).
 */
export function goString(f: FieldNode | undefined): string | undefined {
  if (!isSet(f)) return '';
  return f.kind === 'scalar' && typeof f.value === 'string' ? f.value : undefined;
}

/** Caches one analysis per pod spec and release (the model is cached per document text). */
export function memo<T>(fn: (pod: PodSpecModel, version: string) => T): (pod: PodSpecModel, version: string) => T {
  const cache = new WeakMap<FieldNode, Map<string, T>>();
  return (pod, version) => {
    let byVersion = cache.get(pod.field);
    if (!byVersion) cache.set(pod.field, (byVersion = new Map()));
    let hit = byVersion.get(version);
    if (hit === undefined) byVersion.set(version, (hit = fn(pod, version)));
    return hit;
  };
}

/**
 * The warning for a field that the API server silently drops before
 * validation (dropDisabledFields, pkg/api/pod/util.go) because its feature
 * gate is off by default in `version`; `onFrom` is the first release that
 * has it on, `also` what goes with it.
 */
export function droppedByGate(path: string, gate: string, version: string, onFrom?: string, also = ''): string {
  return `${path}: dropped by the API server${also}: the ${gate} feature gate is off by default in Kubernetes ${version}${onFrom ? ` (on from ${onFrom})` : ''}`;
}
