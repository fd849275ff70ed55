/**
 * What the rule families share beyond the string formats (stringFormats.ts):
 * a field's value as the API server decodes it, release comparisons, one
 * analysis cached per pod spec and release (and the issues it collects for
 * several rules), the warning for a field the API server drops because its
 * feature gate is off, where a finding about a maybe-absent field goes, and
 * the one check (and fix) of a value against the values the API server
 * accepts.
 */
import type { FieldNode, PodSpecModel } from '../model';
import { child, entries, isSet, str } from '../model';
import { compareVersions, fieldStatus } from '../api/table';
import type { FixSpec } from '../findings';
import type { FixContext, Report } from './rule';
import { accepted, suggestion, type ValueSet } from '../knowledge/values';
import { notSupported, required, type FieldError } from './fieldErrors';
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

/** An integer field's value when it is one. */
export function int(f: FieldNode | undefined): number | undefined {
  return f && f.kind === 'scalar' && typeof f.value === 'number' && Number.isInteger(f.value) ? f.value : undefined;
}

/** A struct pointer that decodes to a value (a map); null counts as absent. */
export const isMap = (f: FieldNode | undefined): f is FieldNode => !!f && f.kind === 'map';

/** The field exists in the release (a field without a definition counts as known). */
export function known(f: FieldNode | undefined, version: string): boolean {
  return !!f && (!f.def || fieldStatus(f.def, version) !== 'unknown');
}

/** The map holds a key the release does not know (the schema family reports it; the API server stops at decoding). */
export function hasUnknownKey(f: FieldNode, version: string): boolean {
  return entries(f).some((c) => !c.def || fieldStatus(c.def, version) === 'unknown');
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

// ---------------------------------------------------------------------------
// One analysis, several rules: upstream validates a pod spec in one walk with
// early exits, and what it finds belongs to several rules.
// ---------------------------------------------------------------------------

/** Where a check reports: a rule's check context, or an analysis collecting for one rule. */
export interface Sink<D> {
  version: string;
  report(r: Report<D>): void;
}

/** An error at the field `key` of `parent`: on its value when present, else on the parent's key. */
export function reportAt<D>(sink: Sink<D>, parent: FieldNode, key: string, err: FieldError, data?: D): void {
  const f = child(parent, key);
  sink.report({ field: f ?? parent, on: f ? 'value' : 'key', ...err, data });
}

/** What an analysis found for rule `rule`; `M` maps each rule id of the analysis to the data its fix needs. */
export type Issue<M> = { [K in keyof M & string]: { rule: K; report: Report<M[K]> } }[keyof M & string];

/** The issues of one analysis, in the order found. */
export class Issues<M> {
  readonly list: Issue<M>[] = [];
  constructor(readonly version: string) {}
  /** Where rule `rule`'s findings go (for checks shared with other analyses, and checkValue). */
  sink<K extends keyof M & string>(rule: K): Sink<M[K]> {
    return { version: this.version, report: (report) => void this.list.push({ rule, report } as Issue<M>) };
  }
  add<K extends keyof M & string>(rule: K, field: FieldNode, on: 'key' | 'value' | 'entry', err: FieldError, data?: M[K]): void {
    this.sink(rule).report({ field, on, ...err, data });
  }
  at<K extends keyof M & string>(rule: K, parent: FieldNode, key: string, err: FieldError, data?: M[K]): void {
    reportAt(this.sink(rule), parent, key, err, data);
  }
  /** A finding that does not reject (a field the API server drops, a failure on the node). */
  warn<K extends keyof M & string>(rule: K, field: FieldNode, on: 'key' | 'value', message: string, fieldPath: string, data?: M[K]): void {
    this.sink(rule).report({ field, on, message, fieldPath, severity: 'warning', data });
  }
  /** How many rejections were found after the first `mark` issues. */
  rejectionsSince(mark: number): number {
    return this.list.slice(mark).filter((i) => i.report.apiErrorType).length;
  }
}

/** The check of a rule over a shared analysis: reports what the analysis found under the rule's id. */
export function reportIssues<M, K extends keyof M & string>(ctx: Sink<M[K]>, issues: readonly Issue<M>[], rule: K): void {
  for (const i of issues) if (i.rule === rule) ctx.report(i.report as Report<M[K]>);
}
