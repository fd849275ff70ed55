/**
 * Compares, per case, our diagnostics with the oracle's answer.
 *
 * Keys compared:
 * - validation errors: `<fieldPath>|<Type>` for the oracle's errors, and for each of our
 *   diagnostics that carries apiErrorType (a claim that the API server rejects) and is not a
 *   decoding rule;
 * - decoding: `decode:<kind>@<path>` where kind is unknown-field, duplicate-field, wrong-type,
 *   unserved, and `decode:yaml` / `decode:invalid-object` without a path. Our schema/unknown-field
 *   maps to unknown-field, schema/wrong-type to wrong-type (the JSON decoder names struct fields
 *   without list indices or map keys, so wrong-type paths are compared without them), schema/invalid-quantity
 *   to bad-quantity (a quantity's own decoding error carries no path upstream), schema/invalid-time to bad-time (likewise for
 *   metav1.Time's `parsing time …`), schema/type-meta-case to wrong-type at apiVersion or kind (the serializer's
 *   version/kind lookup; `no kind … is registered for version` has no path upstream and is keyed at apiVersion),
 *   schema/unserved-api-version to unserved (kubectl finds no REST mapping), schema/unresolved-alias to decode:yaml,
 *   schema/missing-api-version to invalid-object (kubectl refuses it before sending), and any error-severity yaml/* diagnostic to decode:yaml (kubectl cannot
 *   read the file).
 *
 * What the server never gets to is not held against us: the server stops at the first failing
 * step. When the oracle has decoding errors, our validation claims are "masked" (not compared);
 * when its decoding error is a type error (the JSON decoder reports only the first), only that
 * one must be among ours.
 */

export interface OracleError {
  field: string;
  type: string;
  detail: string;
  message: string;
}
export interface OracleDecodeError {
  field: string;
  kind: string;
  message: string;
}
export interface OracleDocument {
  index: number;
  item?: number;
  kind?: string;
  apiVersion?: string;
  skipped?: string;
  errors: OracleError[];
  decodeErrors: OracleDecodeError[];
  warnings: string[];
  status?: string;
}
export interface OracleResult {
  id?: string;
  release: string;
  documents: OracleDocument[];
  error?: string;
}

export interface OurDiagnostic {
  code: string;
  severity: string;
  message: string;
  document?: number;
  fieldPath?: string;
  apiErrorType?: string;
}

/**
 * A name generated from generateName ends in five random characters
 * (names.SimpleNameGenerator); our message shows them as `xxxxx`. The last
 * five characters of an invalid `metadata.name` (and of the host name an
 * Indexed Job's name gives its last pod) are compared as such. The object's
 * UID, random too, is compared as `<uid>`, which is what ours prints.
 */
export const maskGeneratedName = (message: string): string =>
  message
    .replace(/^(metadata\.name: Invalid value: "(?:[^"\\]|\\.)*)[a-z0-9]{5}(": )/, '$1xxxxx$2')
    // An Indexed Job's last pod host name, made of that name.
    .replace(/^(metadata\.name: Invalid value: .*: will not able to create pod with invalid DNS label: .*)[a-z0-9]{5}(-\d+)$/, '$1xxxxx$2')
    // The UID the API server gives the object (a Job's generated selector and labels carry it): ours says `<uid>`.
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, '<uid>');

/** A path as the JSON decoder names it: no list indices, no map keys. */
export const stripIndices = (p: string): string => p.replace(/\[[^[\]]*\]/g, '');

export function ourKey(d: OurDiagnostic): string | undefined {
  if (d.code.startsWith('yaml/')) return d.severity === 'error' ? 'decode:yaml' : undefined;
  if (!d.apiErrorType) return undefined;
  switch (d.code) {
    case 'schema/unknown-field':
      return `decode:unknown-field@${d.fieldPath ?? ''}`;
    case 'schema/wrong-type':
      return `decode:wrong-type@${stripIndices(d.fieldPath ?? '')}`;
    case 'schema/invalid-quantity':
      return 'decode:bad-quantity';
    case 'schema/invalid-time':
      return 'decode:bad-time';
    case 'schema/type-meta-case':
      return `decode:wrong-type@${d.fieldPath ?? ''}`;
    case 'schema/unserved-api-version':
      return 'decode:unserved@apiVersion';
    case 'schema/unresolved-alias':
      // go-yaml refuses the alias while kubectl converts the file to JSON (nothing is sent).
      return 'decode:yaml';
    case 'schema/missing-api-version':
      // kubectl --validate=strict: "error validating data: apiVersion not set" (nothing is sent).
      return 'decode:invalid-object';
  }
  return `${d.fieldPath ?? ''}|${d.apiErrorType}`;
}

export function oracleDecodeKey(e: OracleDecodeError): string {
  if (e.kind === 'yaml' || e.kind === 'invalid-object') return `decode:${e.kind}`;
  // resource.Quantity's own JSON decoding fails without a path: any bad quantity of ours matches.
  if (e.kind === 'wrong-type' && !e.field && e.message.startsWith('quantities must match')) return 'decode:bad-quantity';
  // metav1.Time's own JSON decoding (time.Parse) fails without a path too: any bad timestamp of ours matches.
  if (e.kind === 'wrong-type' && !e.field && e.message.startsWith('parsing time ')) return 'decode:bad-time';
  // The version a body is decoded as is unknown to the scheme (or does not parse): the failure is its apiVersion's.
  if (e.kind === 'wrong-type' && !e.field && /^(no kind "[^"]*" is registered for version |unexpected GroupVersion string: )/.test(e.message))
    return 'decode:wrong-type@apiVersion';
  if (e.kind === 'wrong-type') return `decode:wrong-type@${stripIndices(e.field)}`;
  return `decode:${e.kind}@${e.field}`;
}

/** Paths of resource.Quantity fields (resources, overhead, sizeLimit, storage capacity). */
const QUANTITY_PATH = /(limits|requests|overhead|sizeLimit|capacity)(\.|\[|$)/;

export type Verdict = 'agree' | 'disagree' | 'skipped';

export interface Comparison {
  verdict: Verdict;
  /** Keys the oracle has and we do not (after masking). */
  missing: string[];
  /** Keys we claim and the oracle does not (after masking). */
  extra: string[];
  /** Our claims not compared because the server stops before them. */
  masked: string[];
  /** The oracle accepts the case (no error of any kind, nothing skipped). */
  oracleAccepts: boolean;
  /** Our error-severity diagnostics on a case the oracle accepts. */
  falseErrors: OurDiagnostic[];
  /** Agreeing validation keys, and how many of them have the same message texts (as sets, per key). */
  agreeingErrors: number;
  sameText: number;
  textDiffs: { key: string; ours: string; oracle: string }[];
}

export function compare(oracle: OracleResult, ours: OurDiagnostic[]): Comparison {
  const docs = oracle.documents;
  const oracleValidation = new Map<string, OracleError>();
  const oracleTexts = new Map<string, Set<string>>();
  const oracleDecode = new Set<string>();
  let wrongType: string | undefined;
  for (const d of docs) {
    for (const e of d.errors) {
      const k = `${e.field}|${e.type}`;
      if (!oracleValidation.has(k)) oracleValidation.set(k, e);
      if (!oracleTexts.has(k)) oracleTexts.set(k, new Set());
      oracleTexts.get(k)?.add(maskGeneratedName(e.message));
    }
    for (const e of d.decodeErrors) {
      const k = oracleDecodeKey(e);
      oracleDecode.add(k);
      if (e.kind === 'wrong-type') wrongType = k;
    }
  }
  const ourByKey = new Map<string, OurDiagnostic>();
  const ourTexts = new Map<string, Set<string>>();
  for (const d of ours) {
    const k = ourKey(d);
    if (!k) continue;
    if (!ourByKey.has(k)) ourByKey.set(k, d);
    if (!ourTexts.has(k)) ourTexts.set(k, new Set());
    ourTexts.get(k)?.add(maskGeneratedName(d.message));
  }
  const allSkipped = docs.length > 0 && docs.every((d) => d.skipped && d.errors.length === 0 && d.decodeErrors.length === 0);
  const oracleAccepts = !oracle.error && docs.every((d) => !d.skipped && d.errors.length === 0 && d.decodeErrors.length === 0) && docs.length > 0;
  const falseErrors = oracleAccepts ? ours.filter((d) => d.severity === 'error') : [];
  const missing: string[] = [];
  const extra: string[] = [];
  const masked: string[] = [];
  let agreeingErrors = 0;
  let sameText = 0;
  const textDiffs: Comparison['textDiffs'] = [];
  if (oracle.error) {
    return { verdict: 'disagree', missing: [`oracle-error: ${oracle.error.split('\n')[0]}`], extra: [], masked: [], oracleAccepts: false, falseErrors, agreeingErrors, sameText, textDiffs };
  }
  const ourKeys = [...ourByKey.keys()];
  if (oracleDecode.size > 0) {
    const decodeOurs = ourKeys.filter((k) => k.startsWith('decode:'));
    masked.push(...ourKeys.filter((k) => !k.startsWith('decode:')));
    if (oracleDecode.has('decode:yaml')) {
      // kubectl could not read the file: nothing was sent, so the server's strict decoding never ran.
      if (!ourByKey.has('decode:yaml')) missing.push('decode:yaml');
      masked.push(...decodeOurs.filter((k) => k !== 'decode:yaml'));
    } else if (wrongType) {
      // A quantity's own decoder names no path, and fails alike for "1GB" and for a list or a
      // boolean: our wrong-type claim at a quantity field says the same.
      const quantityWrongType = wrongType === 'decode:bad-quantity' && ourKeys.some((k) => k.startsWith('decode:wrong-type@') && QUANTITY_PATH.test(k));
      if (!ourByKey.has(wrongType) && !quantityWrongType) missing.push(wrongType);
      // Other decoding claims of ours may be true but are hidden behind the first type error.
      masked.push(...decodeOurs.filter((k) => k !== wrongType));
    } else {
      for (const k of oracleDecode) if (!ourByKey.has(k)) missing.push(k);
      for (const k of decodeOurs) if (!oracleDecode.has(k)) extra.push(k);
    }
  } else {
    for (const k of oracleValidation.keys()) {
      if (!ourByKey.has(k)) {
        missing.push(k);
        continue;
      }
      // The same (path, type) may carry several errors (a name both too long and badly formed):
      // the texts agree when the two sets of messages are the same.
      agreeingErrors++;
      const theirs = [...(oracleTexts.get(k) ?? [])].sort();
      const mine = [...(ourTexts.get(k) ?? [])].sort();
      if (theirs.length === mine.length && theirs.every((t, i) => t === mine[i])) sameText++;
      else textDiffs.push({ key: k, ours: mine.join(' | '), oracle: theirs.join(' | ') });
    }
    for (const k of ourKeys) if (!oracleValidation.has(k)) extra.push(k);
  }
  let verdict: Verdict = missing.length === 0 && extra.length === 0 && falseErrors.length === 0 ? 'agree' : 'disagree';
  if (allSkipped && ourKeys.length === 0 && falseErrors.length === 0) verdict = 'skipped';
  return { verdict, missing, extra, masked, oracleAccepts, falseErrors, agreeingErrors, sameText, textDiffs };
}

/** The upstream area of a field path, for grouping disagreements. */
export function area(key: string, kind?: string): string {
  if (key.startsWith('decode:')) {
    const m = /^decode:([a-z-]+)/.exec(key);
    return `decoding (${m ? m[1] : '?'})`;
  }
  if (key.startsWith('oracle-error')) return 'oracle error';
  const p = key.split('|')[0];
  const tests: [RegExp, string][] = [
    [/securityContext/, 'securityContext'],
    [/affinity/, 'affinity'],
    [/tolerations/, 'tolerations'],
    [/topologySpreadConstraints/, 'topologySpread'],
    [/(liveness|readiness|startup)Probe/, 'probes'],
    [/lifecycle/, 'lifecycle'],
    [/\.volumes\[|\.volumes$|volumeClaimTemplates/, 'volumes'],
    [/volumeMounts|volumeDevices/, 'volumeMounts'],
    [/\.env(From)?\[|\.env(From)?$/, 'env'],
    [/\.ports\[|\.ports$/, 'ports'],
    [/resources|resizePolicy/, 'resources'],
    [/(^|\.)metadata(\.|$)/, 'metadata'],
    [/(init|ephemeral)?[cC]ontainers/, 'containers'],
    [/dnsConfig|dnsPolicy|hostAliases|hostname|subdomain/, 'dns/hostname'],
    [/template\.spec\.|^spec\.(?!template|jobTemplate)[a-zA-Z]+$/, kind === 'Pod' ? 'podSpec' : 'podSpec'],
    [/jobTemplate|schedule|timeZone|concurrencyPolicy|startingDeadlineSeconds|HistoryLimit|suspend/, 'cronjob'],
    [/completion|parallelism|backoffLimit|podFailurePolicy|successPolicy|activeDeadlineSeconds|ttlSecondsAfterFinished|manualSelector|podReplacementPolicy|maxFailedIndexes/, 'job'],
    [/selector/, 'selector'],
    [/^spec\./, 'workloadSpec'],
    [/^apiVersion|^kind/, 'apiVersion/kind'],
  ];
  for (const [re, name] of tests) if (re.test(p)) return name;
  return p === '' ? '(no path)' : 'other';
}
