/**
 * What the rule families share beyond the string formats (stringFormats.ts):
 * a field's value as the API server decodes it, release comparisons, one
 * analysis cached per pod spec and release, the warning for a field the API
 * server drops because its feature gate is off, where a finding about a
 * maybe-absent field goes, and the one check (and fix) of a value against the
 * values the API server accepts.
 */
import type { FieldNode, PodSpecModel } from '../model';
import { isSet, str } from '../model';
import { compareVersions } from '../api/table';
import type { FixSpec } from '../findings';
import type { FixContext, Report } from './rule';
import { accepted, suggestion, type ValueSet } from '../knowledge/values';
import { notSupported, required } from './fieldErrors';
import { replaceValue } from '../edits';

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

/** The anchor for a finding about a field that may be absent: the field's value, else its parent's key. */
export function at(f: FieldNode | undefined, parent: FieldNode): { field: FieldNode; on: 'key' | 'value' } {
  return f ? { field: f, on: f.kind === 'null' ? 'key' : 'value' } : { field: parent, on: 'key' };
}

/** The data of a finding whose value differs from an accepted one only in case: the value to change it to. */
export interface Replacement {
  replacement?: string;
}

/**
 * A field whose value must be one the API server accepts (a value set of
 * knowledge/values.ts): NotSupported otherwise, with the intended value as
 * fix data when it differs only in case. What `""` is depends on the field:
 * `required` (the default: Required value), `defaulted` (the API server fills
 * it in: no error), or `unsupported` (NotSupported like any other value).
 */
export function checkValue(
  ctx: { version: string; report(r: Report<Replacement>): void },
  f: FieldNode | undefined,
  s: ValueSet,
  opts: { empty?: 'required' | 'defaulted' | 'unsupported'; path?: string } = {},
): void {
  if (!f || f.kind === 'null') return;
  const v = str(f);
  const values = accepted(s, ctx.version);
  if (v === undefined || values.includes(v)) return;
  const path = opts.path ?? f.path;
  const empty = opts.empty ?? 'required';
  if (v === '' && empty !== 'unsupported') {
    if (empty === 'required') ctx.report({ field: f, on: 'value', ...required(path) });
    return;
  }
  const replacement = suggestion(values, v);
  ctx.report({ field: f, on: 'value', ...notSupported(path, v, values), data: { replacement } });
}

/** The fix of checkValue's findings: "Change to <value>". */
export function changeValueFix({ field, data }: FixContext<Replacement>): FixSpec[] {
  if (!data?.replacement || !field || field.kind !== 'scalar') return [];
  return [{ title: `Change to ${data.replacement}`, edits: [replaceValue(field, data.replacement)], isPreferred: true }];
}
