/**
 * A Job's own fields, as validateJobSpec, ValidateJobSpec,
 * validateGeneratedSelector and ValidateJob(Create)
 * (pkg/apis/batch/validation/validation.go) check them, after the API server
 * generated the selector (generateSelectorIfNeeded) and dropped the fields
 * whose feature gate is off (PrepareForCreate, pkg/registry/batch/job/strategy.go):
 * completion mode and its limits, backoffLimitPerIndex and maxFailedIndexes,
 * podFailurePolicy, successPolicy, podReplacementPolicy, managedBy, the
 * selector. A CronJob's `jobTemplate.spec` goes through validateJobSpec too
 * (ValidateJobTemplateSpec): the same checks at its paths; its job template
 * keeps fields that a Job's create drops while their gate is off.
 *
 * One analysis per job spec and release; each rule reports what it found
 * under its id.
 */
import type { FieldNode } from '../model';
import { child, entries, isSet, items, num } from '../model';
import { defineRule } from './rule';
import { duplicate, forbidden, invalid, notSupported, required, tooMany, type FieldError } from './fieldErrors';
import { dns1123Label, dns1123Subdomain, goJSONString, invalidRendered, jsonValues, qualifiedName, regexError, renderLabelSelector, selectorMatches, stringMap } from './stringFormats';
import { Issues, atLeast, droppedByGate, goString, known, reportIssues, type Issue } from './common';
import { JOB } from './examples';
import { int32, workloadParts } from './workloadParts';
import {
  CONTROLLER_UID,
  JOB_NAME,
  JOB_UID,
  LEGACY_CONTROLLER_UID,
  LEGACY_JOB_NAME,
  UID_TEXT,
  generatedJobLabels,
  isManualSelector,
  jobName,
  showUid,
} from './jobParts';

const BATCH = 'pkg/apis/batch/validation/validation.go';

const R = {
  completionMode: 'workload/job-completion-mode',
  perIndex: 'workload/job-backoff-limit-per-index',
  podFailurePolicy: 'workload/job-pod-failure-policy',
  successPolicy: 'workload/job-success-policy',
  replacement: 'workload/job-pod-replacement-policy',
  managedBy: 'workload/job-managed-by',
  gated: 'workload/job-gated-field',
} as const;
type JobData = { [K in (typeof R)[keyof typeof R]]: undefined };
type Out = Issues<JobData>;

/** Limits of validateJobSpec. */
const MAX_PARALLELISM_INDEXED = 100000;
const MAX_FAILED_INDEXES = 100000;
const COMPLETIONS_SOFT_LIMIT = 100000;
const PARALLELISM_LIMIT_HIGH_COMPLETIONS = 10000;
const MAX_FAILED_INDEXES_HIGH_COMPLETIONS = 10000;
const MAX_POD_FAILURE_POLICY_RULES = 20;
const MAX_ON_EXIT_CODES_VALUES = 255;
const MAX_ON_POD_CONDITIONS = 20;
const MAX_MANAGED_BY = 63;
const MAX_SUCCEEDED_INDEXES = 64 * 1024;
const MAX_SUCCESS_POLICY_RULES = 20;

/**
 * The job spec fields a release's Job create drops while their feature gate is
 * off by default (PrepareForCreate): [field, gate, first release with the gate on].
 * A CronJob's job template keeps them.
 */
const GATED_JOB_FIELDS: readonly [string, string, string][] = [
  ['backoffLimitPerIndex', 'JobBackoffLimitPerIndex', '1.29'],
  ['maxFailedIndexes', 'JobBackoffLimitPerIndex', '1.29'],
  ['podReplacementPolicy', 'JobPodReplacementPolicy', '1.29'],
  ['successPolicy', 'JobSuccessPolicy', '1.31'],
  ['managedBy', 'JobManagedBy', '1.32'],
];

/** "Too long" in the words of the release: TooLongMaxLength / TooLong up to 1.31, then one TooLong. */
function tooLongIn(path: string, max: number, version: string, maxLength: boolean): FieldError {
  const detail = atLeast(version, '1.32') ? `may not be more than ${max} bytes` : maxLength ? `may not be longer than ${max}` : `must have at most ${max} bytes`;
  return { fieldPath: path, apiErrorType: 'TooLong', message: `${path}: Too long: ${detail}` };
}

/** Go's %q of a []string (`["a" "b"]`), as the "valid values" details print a list. */
const goQuotedList = (list: readonly string[]): string => `[${list.map((s) => JSON.stringify(s)).join(' ')}]`;

/** A []int32 as a BadValue: JSON from 1.34, Go's %#v before. */
function renderInt32s(values: number[] | undefined, version: string): string {
  if (jsonValues(version)) return values ? `[${values.join(',')}]` : 'null';
  return values ? `[]int32{${values.join(', ')}}` : '[]int32(nil)';
}

/** A string field's value printed as a BadValue of a named string type (JSON from 1.34, %#v before: both quoted). */
const quoted = (s: string, version: string): string => (jsonValues(version) ? goJSONString(s) : JSON.stringify(s));

/** The field is present, known to the release and not dropped by the API server (for a Job). */
function present(f: FieldNode | undefined, version: string): f is FieldNode {
  return isSet(f) && known(f, version);
}

/** IsDomainPrefixedPath (k8s.io/apimachinery/pkg/util/validation). */
function domainPrefixedPath(path: string, v: string): FieldError[] {
  if (v === '') return [required(path)];
  const slash = v.indexOf('/');
  const host = slash < 0 ? v : v.slice(0, slash);
  const rest = slash < 0 ? '' : v.slice(slash + 1);
  if (slash < 0 || host === '' || rest === '') return [invalid(path, v, 'must be a domain-prefixed path (such as "acme.io/foo")')];
  const errs = dns1123Subdomain(host).map((m) => invalid(path, host, m));
  const HTTP_PATH = "[A-Za-z0-9/\\-._~%!$&'()*+,;=:]+";
  if (!new RegExp(`^${HTTP_PATH}$`).test(rest)) errs.push(invalid(path, rest, regexError('Invalid path', HTTP_PATH)));
  return errs;
}

/** validateIndexesFormat: the number of indexes, or parseIndexInterval's error. */
function indexesFormat(s: string, completions: number): { total: number } | { error: string } {
  if (s === '') return { total: 0 };
  let last: number | undefined;
  let total = 0;
  const atoi = (t: string): number | undefined => (/^[+-]?\d+$/.test(t) ? Number(t) : undefined);
  for (const interval of s.split(',')) {
    const limits = interval.split('-');
    if (limits.length > 2) return { error: `the fragment ${JSON.stringify(interval)} violates the requirement that an index interval can have at most two parts separated by '-'` };
    const x = atoi(limits[0]);
    if (x === undefined) return { error: `cannot convert string to integer for index: ${JSON.stringify(limits[0])}` };
    if (x >= completions) return { error: `too large index: ${JSON.stringify(limits[0])}` };
    let y = x;
    if (limits.length > 1) {
      const yy = atoi(limits[1]);
      if (yy === undefined) return { error: `cannot convert string to integer for index: ${JSON.stringify(limits[1])}` };
      if (yy >= completions) return { error: `too large index: ${JSON.stringify(limits[1])}` };
      if (x >= yy) return { error: `non-increasing order, previous: ${x}, current: ${yy}` };
      y = yy;
    }
    if (last !== undefined && last >= x) return { error: `non-increasing order, previous: ${last}, current: ${x}` };
    total += y - x + 1;
    last = y;
  }
  return { total };
}

// ---------------------------------------------------------------------------
// The analysis: validateJobSpec's checks of the Job's own fields
// ---------------------------------------------------------------------------

interface JobSpecView {
  /** The job spec (a Job's `spec`, a CronJob's `spec.jobTemplate.spec`). */
  spec: FieldNode;
  path: string;
  /** The pod spec of its template, when present. */
  podSpec?: FieldNode;
  /** A Job (its create drops gated fields) or a CronJob's job template. */
  isJob: boolean;
}

function analyse(out: Out, v: JobSpecView, object: FieldNode): void {
  const { version } = out;
  const { spec, path: P, isJob } = v;
  // Fields the Job create drops while their gate is off: warned about, then not judged.
  const dropped = new Set<string>();
  if (isJob) {
    for (const [key, gate, on] of GATED_JOB_FIELDS) {
      const f = child(spec, key);
      if (!present(f, version) || atLeast(version, on)) continue;
      dropped.add(key);
      out.warn(R.gated, f, 'key', droppedByGate(`${P}.${key}`, gate, version, on), `${P}.${key}`);
    }
  }
  const field = (key: string): FieldNode | undefined => {
    const f = child(spec, key);
    return present(f, version) && !dropped.has(key) ? f : undefined;
  };
  const intOf = (key: string): number | undefined => int32(field(key));
  const parallelism = intOf('parallelism');
  const completions = intOf('completions');
  const perIndexField = field('backoffLimitPerIndex');
  const maxFailedField = field('maxFailedIndexes');
  const perIndex = int32(perIndexField);
  const maxFailed = int32(maxFailedField);
  // A value that does not decode stops the API server at decoding: nothing more is judged of it.
  if ((perIndexField && perIndex === undefined) || (maxFailedField && maxFailed === undefined)) return;

  if (maxFailedField && !perIndexField)
    out.at(R.perIndex, spec, 'backoffLimitPerIndex', required(`${P}.backoffLimitPerIndex`, 'when maxFailedIndexes is specified'));

  const managedBy = field('managedBy');
  const mb = goString(managedBy);
  if (managedBy && mb !== undefined) {
    for (const e of domainPrefixedPath(`${P}.managedBy`, mb)) out.add(R.managedBy, managedBy, 'value', e);
    if (new TextEncoder().encode(mb).length > MAX_MANAGED_BY) out.add(R.managedBy, managedBy, 'value', tooLongIn(`${P}.managedBy`, MAX_MANAGED_BY, version, true));
  }

  const modeField = field('completionMode');
  const mode = isSet(modeField) ? goString(modeField) : undefined;
  if (isSet(modeField) && mode === undefined) return;
  const indexed = mode === 'Indexed';
  if (mode !== undefined && mode !== 'NonIndexed' && mode !== 'Indexed') {
    out.add(R.completionMode, modeField!, 'value', invalidNamed('NotSupported', `${P}.completionMode`, quoted(mode, version), 'supported values: "NonIndexed", "Indexed"'));
  }
  if (indexed) {
    if (completions === undefined && !isSet(child(spec, 'completions')))
      out.at(R.completionMode, spec, 'completions', required(`${P}.completions`, 'when completion mode is Indexed'));
    if (parallelism !== undefined && parallelism > MAX_PARALLELISM_INDEXED)
      out.at(R.completionMode, spec, 'parallelism', invalid(`${P}.parallelism`, parallelism, `must be less than or equal to ${MAX_PARALLELISM_INDEXED} when completion mode is Indexed`));
    if (completions !== undefined && maxFailed !== undefined && maxFailed > completions)
      out.add(R.perIndex, maxFailedField!, 'value', invalid(`${P}.maxFailedIndexes`, maxFailed, 'must be less than or equal to completions'));
    if (maxFailed !== undefined && maxFailed > MAX_FAILED_INDEXES)
      out.add(R.perIndex, maxFailedField!, 'value', invalid(`${P}.maxFailedIndexes`, maxFailed, `must be less than or equal to ${MAX_FAILED_INDEXES}`));
    if (completions !== undefined && completions > COMPLETIONS_SOFT_LIMIT && perIndexField) {
      if (!maxFailedField) out.at(R.perIndex, spec, 'maxFailedIndexes', required(`${P}.maxFailedIndexes`, `must be specified when completions is above ${COMPLETIONS_SOFT_LIMIT}`));
      const suffix = `when completions are above ${COMPLETIONS_SOFT_LIMIT} and used with backoff limit per index`;
      if (parallelism !== undefined && parallelism > PARALLELISM_LIMIT_HIGH_COMPLETIONS)
        out.at(R.perIndex, spec, 'parallelism', invalid(`${P}.parallelism`, parallelism, `must be less than or equal to ${PARALLELISM_LIMIT_HIGH_COMPLETIONS} ${suffix}`));
      if (maxFailed !== undefined && maxFailed > MAX_FAILED_INDEXES_HIGH_COMPLETIONS)
        out.add(R.perIndex, maxFailedField!, 'value', invalid(`${P}.maxFailedIndexes`, maxFailed, `must be less than or equal to ${MAX_FAILED_INDEXES_HIGH_COMPLETIONS} ${suffix}`));
    }
  }
  if (mode === undefined || mode === 'NonIndexed') {
    if (perIndex !== undefined) out.add(R.perIndex, perIndexField!, 'value', invalid(`${P}.backoffLimitPerIndex`, perIndex, 'requires indexed completion mode'));
    if (maxFailed !== undefined) out.add(R.perIndex, maxFailedField!, 'value', invalid(`${P}.maxFailedIndexes`, maxFailed, 'requires indexed completion mode'));
  }

  const pfp = field('podFailurePolicy');
  if (pfp && pfp.kind === 'map') checkPodFailurePolicy(out, pfp, `${P}.podFailurePolicy`, v, perIndexField !== undefined, !dropped.has('backoffLimitPerIndex'));

  const sp = field('successPolicy');
  if (sp && sp.kind === 'map') {
    if (!indexed) {
      const rendered = renderSuccessPolicy(sp, version);
      if (rendered !== undefined) out.add(R.successPolicy, sp, 'key', invalidRendered(`${P}.successPolicy`, rendered, 'requires indexed completion mode'));
    } else if (completions !== undefined) {
      checkSuccessPolicy(out, sp, `${P}.successPolicy`, completions);
    }
  }

  const rp = field('podReplacementPolicy');
  const rpv = goString(rp);
  if (rp && rpv !== undefined) {
    if (isSet(pfp)) {
      if (rpv !== 'Failed') out.add(R.replacement, rp, 'value', notSupported(`${P}.podReplacementPolicy`, rpv, ['Failed']));
    } else if (rpv !== 'Failed' && rpv !== 'TerminatingOrFailed') {
      out.add(R.replacement, rp, 'value', notSupported(`${P}.podReplacementPolicy`, rpv, ['Failed', 'TerminatingOrFailed']));
    }
  }

  // ValidateJob(Create): an Indexed Job's last pod hostname, <name>-<completions-1>, must be a DNS label.
  if (isJob && indexed && completions !== undefined && completions > 0) {
    const name = jobName(object);
    const nameField = child(child(object, 'metadata'), 'name');
    if (name !== undefined && nameField) {
      const host = `${name}-${completions - 1}`;
      if (dns1123Label(host).length > 0)
        out.add(R.completionMode, nameField, 'value', invalid('metadata.name', name, `will not able to create pod with invalid DNS label: ${host}`));
    }
  }
}

/** A NotSupported or Invalid error whose value the caller printed. */
function invalidNamed(type: 'NotSupported' | 'Invalid', path: string, rendered: string, detail: string): FieldError {
  const word = type === 'NotSupported' ? 'Unsupported value' : 'Invalid value';
  return { fieldPath: path, apiErrorType: type, message: `${path}: ${word}: ${rendered}: ${detail}` };
}

/** The actions of a pod failure policy rule per release (FailIndex from 1.28). */
const actions = (version: string): string[] => (atLeast(version, '1.28') ? ['Count', 'FailIndex', 'FailJob', 'Ignore'] : ['Count', 'FailJob', 'Ignore']);

function checkPodFailurePolicy(out: Out, pfp: FieldNode, P: string, v: JobSpecView, hasPerIndex: boolean, perIndexKept: boolean): void {
  const { version } = out;
  const rulesField = child(pfp, 'rules');
  const rules = items(rulesField);
  if (rules.length > MAX_POD_FAILURE_POLICY_RULES) out.add(R.podFailurePolicy, rulesField!, 'key', tooMany(`${P}.rules`, rules.length, MAX_POD_FAILURE_POLICY_RULES));
  const names = new Set<string>();
  for (const list of ['containers', 'initContainers']) for (const c of items(child(v.podSpec, list))) names.add(goString(child(c, 'name')) ?? '');
  const all = actions(version);
  rules.forEach((rule, i) => {
    if (rule.kind !== 'map' && rule.kind !== 'null') return;
    const RP = `${P}.rules[${i}]`;
    const actionField = child(rule, 'action');
    const action = goString(actionField);
    if (action === undefined) return;
    // While JobBackoffLimitPerIndex is off, a Job's FailIndex rules are dropped (1.28).
    if (action === 'FailIndex' && !perIndexKept) return;
    if (action === '') out.at(R.podFailurePolicy, rule, 'action', required(`${RP}.action`, `valid values: ${goQuotedList(all)}`));
    else if (action === 'FailIndex' && all.includes('FailIndex')) {
      if (!hasPerIndex) out.add(R.podFailurePolicy, actionField!, 'value', invalid(`${RP}.action`, action, 'requires the backoffLimitPerIndex to be set'));
    } else if (!all.includes(action)) out.add(R.podFailurePolicy, actionField!, 'value', notSupported(`${RP}.action`, action, all));
    const onExit = child(rule, 'onExitCodes');
    const onCond = child(rule, 'onPodConditions');
    const conds = items(onCond);
    if (isSet(onExit) && onExit.kind === 'map') checkOnExitCodes(out, onExit, `${RP}.onExitCodes`, names);
    if (conds.length > 0) checkOnPodConditions(out, onCond!, conds, `${RP}.onPodConditions`, v.isJob || atLeast(version, '1.34'));
    if (isSet(onExit) && conds.length > 0) out.add(R.podFailurePolicy, rule, 'entry', invalidOmitted(RP, 'specifying both OnExitCodes and OnPodConditions is not supported'));
    if (!isSet(onExit) && conds.length === 0) out.add(R.podFailurePolicy, rule, 'entry', invalidOmitted(RP, 'specifying one of OnExitCodes and OnPodConditions is required'));
  });
}

/** field.Invalid with field.OmitValueType{}: no value printed. */
const invalidOmitted = (path: string, detail: string): FieldError => ({ fieldPath: path, apiErrorType: 'Invalid', message: `${path}: Invalid value: ${detail}` });

function checkOnExitCodes(out: Out, oe: FieldNode, P: string, names: Set<string>): void {
  const { version } = out;
  const opField = child(oe, 'operator');
  const op = goString(opField);
  if (op === '') out.at(R.podFailurePolicy, oe, 'operator', required(`${P}.operator`, `valid values: ${goQuotedList(['In', 'NotIn'])}`));
  else if (op !== undefined && op !== 'In' && op !== 'NotIn') out.add(R.podFailurePolicy, opField!, 'value', notSupported(`${P}.operator`, op, ['In', 'NotIn']));
  const cnField = child(oe, 'containerName');
  const cn = isSet(cnField) ? goString(cnField) : undefined;
  if (cn !== undefined && !names.has(cn))
    out.add(R.podFailurePolicy, cnField!, 'value', invalid(`${P}.containerName`, cn, 'must be one of the container or initContainer names in the pod template'));
  const valuesField = child(oe, 'values');
  const nodes = items(valuesField);
  const values: number[] = [];
  for (const n of nodes) {
    const x = n.kind === 'null' ? 0 : int32(n);
    if (x === undefined) return;
    values.push(x);
  }
  const V = `${P}.values`;
  if (values.length === 0) {
    out.add(R.podFailurePolicy, valuesField ?? oe, 'key', invalidRendered(V, renderInt32s(isSet(valuesField) ? [] : undefined, version), 'at least one value is required'));
  } else if (values.length > MAX_ON_EXIT_CODES_VALUES) out.add(R.podFailurePolicy, valuesField!, 'key', tooMany(V, values.length, MAX_ON_EXIT_CODES_VALUES));
  let ordered = true;
  const seen = new Set<number>();
  values.forEach((x, j) => {
    if (op === 'In' && x === 0) out.add(R.podFailurePolicy, nodes[j], 'value', invalid(`${V}[${j}]`, 0, 'must not be 0 for the In operator'));
    if (seen.has(x)) out.add(R.podFailurePolicy, nodes[j], 'value', duplicate(`${V}[${j}]`, x));
    else seen.add(x);
    if (j > 0 && values[j - 1] > x) ordered = false;
  });
  if (!ordered) out.add(R.podFailurePolicy, valuesField!, 'key', invalidRendered(V, renderInt32s(values, version), 'must be ordered'));
}

/**
 * `statusDefaulted`: an empty status is defaulted to True (batch/v1 SetDefaults_Job for a Job in every
 * release; for a CronJob's job template from 1.34, where the pattern has its own defaulter).
 */
function checkOnPodConditions(out: Out, list: FieldNode, conds: FieldNode[], P: string, statusDefaulted: boolean): void {
  const { version } = out;
  if (conds.length > MAX_ON_POD_CONDITIONS) out.add(R.podFailurePolicy, list, 'key', tooMany(P, conds.length, MAX_ON_POD_CONDITIONS));
  const statuses = ['False', 'True', 'Unknown'];
  conds.forEach((c, j) => {
    if (c.kind !== 'map' && c.kind !== 'null') return;
    const typeField = child(c, 'type');
    const type = goString(typeField);
    if (type !== undefined) for (const m of qualifiedName(type, version)) out.at(R.podFailurePolicy, c, 'type', invalid(`${P}[${j}].type`, type, m));
    const stField = child(c, 'status');
    const st = goString(stField);
    if (st === '') {
      if (!statusDefaulted) out.at(R.podFailurePolicy, c, 'status', required(`${P}[${j}].status`, `valid values: ${goQuotedList(statuses)}`));
    } else if (st !== undefined && !statuses.includes(st)) out.add(R.podFailurePolicy, stField!, 'value', notSupported(`${P}[${j}].status`, st, statuses));
  });
}

/** A SuccessPolicy as a BadValue: JSON of the internal struct from 1.34 (Go field names), %#v before. */
function renderSuccessPolicy(sp: FieldNode, version: string): string | undefined {
  const rules: { idx?: string; count?: number }[] = [];
  const rf = child(sp, 'rules');
  if (isSet(rf) && rf.kind !== 'seq') return undefined;
  for (const r of items(rf)) {
    if (r.kind !== 'map' && r.kind !== 'null') return undefined;
    const idxF = child(r, 'succeededIndexes');
    const cntF = child(r, 'succeededCount');
    const idx = isSet(idxF) ? goString(idxF) : undefined;
    const count = isSet(cntF) ? int32(cntF) : undefined;
    if ((isSet(idxF) && idx === undefined) || (isSet(cntF) && count === undefined)) return undefined;
    rules.push({ idx, count });
  }
  if (jsonValues(version)) {
    const rs = isSet(rf) ? `[${rules.map((r) => `{"SucceededIndexes":${r.idx === undefined ? 'null' : goJSONString(r.idx)},"SucceededCount":${r.count ?? 'null'}}`).join(',')}]` : 'null';
    return `{"Rules":${rs}}`;
  }
  // %#v of a set pointer prints its address (shown as 0x…): the message then cannot read the same, the path and type do.
  const ptr = (type: string, set: boolean): string => `(*${type})(${set ? '0x…' : 'nil'})`;
  const rs = isSet(rf)
    ? `[]batch.SuccessPolicyRule{${rules.map((r) => `batch.SuccessPolicyRule{SucceededIndexes:${ptr('string', r.idx !== undefined)}, SucceededCount:${ptr('int32', r.count !== undefined)}}`).join(', ')}}`
    : '[]batch.SuccessPolicyRule(nil)';
  return `batch.SuccessPolicy{Rules:${rs}}`;
}

function checkSuccessPolicy(out: Out, sp: FieldNode, P: string, completions: number): void {
  const { version } = out;
  const rf = child(sp, 'rules');
  const rules = items(rf);
  if (rules.length === 0) out.add(R.successPolicy, rf ?? sp, 'key', required(`${P}.rules`, 'at least one rules must be specified when the successPolicy is specified'));
  if (rules.length > MAX_SUCCESS_POLICY_RULES) out.add(R.successPolicy, rf!, 'key', tooMany(`${P}.rules`, rules.length, MAX_SUCCESS_POLICY_RULES));
  rules.forEach((r, i) => {
    const RP = `${P}.rules[${i}]`;
    const idxF = child(r, 'succeededIndexes');
    const cntF = child(r, 'succeededCount');
    if (!isSet(idxF) && !isSet(cntF)) out.add(R.successPolicy, r, 'entry', required(RP, 'at least one of succeededCount or succeededIndexes must be specified'));
    let total = 0;
    if (isSet(idxF)) {
      const idx = goString(idxF);
      if (idx === undefined) return;
      if (new TextEncoder().encode(idx).length > MAX_SUCCEEDED_INDEXES) out.add(R.successPolicy, idxF, 'value', tooLongIn(`${RP}.succeededIndexes`, MAX_SUCCEEDED_INDEXES, version, false));
      const parsed = indexesFormat(idx, completions);
      if ('error' in parsed) out.add(R.successPolicy, idxF, 'value', invalid(`${RP}.succeededIndexes`, idx, `error parsing succeededIndexes: ${parsed.error}`));
      else total = parsed.total;
    }
    if (isSet(cntF)) {
      const cnt = int32(cntF);
      if (cnt === undefined) return;
      const CP = `${RP}.succeededCount`;
      if (cnt < 0) out.add(R.successPolicy, cntF, 'value', invalid(CP, cnt, 'must be greater than or equal to 0'));
      if (cnt > completions) out.add(R.successPolicy, cntF, 'value', invalid(CP, cnt, `must be less than or equal to ${completions} (the number of specified completions)`));
      if (isSet(idxF) && cnt > total)
        out.add(R.successPolicy, cntF, 'value', invalid(CP, cnt, `must be less than or equal to ${total} (the number of indexes in the specified succeededIndexes field)`));
    }
  });
}

/** The job spec of a Job or of a CronJob's job template. */
function jobSpecView(object: FieldNode, kind: string): JobSpecView | undefined {
  const parts = workloadParts(object, kind);
  if (!parts?.holder) return undefined;
  return { spec: parts.holder, path: parts.holderPath, podSpec: parts.podSpec, isJob: kind === 'Job' };
}

const cache = new WeakMap<FieldNode, Map<string, readonly Issue<JobData>[]>>();

/** The issues of one job spec in one release (cached: every rule of the family reads them). */
function jobIssues(object: FieldNode, kind: string, version: string): readonly Issue<JobData>[] {
  let byVersion = cache.get(object);
  if (!byVersion) cache.set(object, (byVersion = new Map()));
  let hit = byVersion.get(version);
  if (!hit) {
    const out: Out = new Issues(version);
    const v = jobSpecView(object, kind);
    if (v) analyse(out, v, object);
    byVersion.set(version, (hit = out.list));
  }
  return hit;
}

// ---------------------------------------------------------------------------
// The rules
// ---------------------------------------------------------------------------

const KINDS = ['Job', 'CronJob'];
const withSpec = (fields: string): string => JOB('      restartPolicy: Never\n').replace('spec:\n  template:', `spec:\n${fields}  template:`);

const completionMode = defineRule({
  id: R.completionMode,
  severity: 'error',
  title: 'completionMode is NonIndexed or Indexed, and an Indexed Job needs completions',
  description:
    "`completionMode: Indexed` gives each pod an index from 0 to `completions - 1`, so `completions` is required, `parallelism` is at most 100000, and the Job's name plus `-<last index>` must still be a DNS label (it becomes the pod hostname).",
  upstream: `validateJobSpec, ValidateJob (${BATCH})`,
  rejects: true,
  applies: { kinds: KINDS },
  example: { invalid: withSpec('  completionMode: Indexed\n'), valid: withSpec('  completionMode: Indexed\n  completions: 5\n') },
  scope: 'object',
  check: (ctx) => reportIssues(ctx, jobIssues(ctx.object, ctx.kind, ctx.version), R.completionMode),
});

const perIndexRule = defineRule({
  id: R.perIndex,
  severity: 'error',
  title: 'backoffLimitPerIndex and maxFailedIndexes need an Indexed Job',
  description:
    '`backoffLimitPerIndex` counts failures per index, so it needs `completionMode: Indexed`; `maxFailedIndexes` needs `backoffLimitPerIndex` and is at most `completions` (and 100000). Above 100000 completions with a per-index limit, `maxFailedIndexes` is required and both it and `parallelism` are at most 10000.',
  upstream: `validateJobSpec, ${BATCH}`,
  rejects: true,
  applies: { kinds: KINDS },
  example: {
    invalid: withSpec('  backoffLimitPerIndex: 1\n'),
    valid: withSpec('  completionMode: Indexed\n  completions: 10\n  backoffLimitPerIndex: 1\n  maxFailedIndexes: 3\n'),
  },
  scope: 'object',
  check: (ctx) => reportIssues(ctx, jobIssues(ctx.object, ctx.kind, ctx.version), R.perIndex),
});

const podFailurePolicy = defineRule({
  id: R.podFailurePolicy,
  severity: 'error',
  title: 'podFailurePolicy rules need an action and exactly one of onExitCodes and onPodConditions',
  description:
    'Each rule of `podFailurePolicy` (at most 20) has an `action` (`Count`, `FailIndex` — which needs `backoffLimitPerIndex` —, `FailJob`, `Ignore`) and either `onExitCodes` (operator `In` or `NotIn`, 1 to 255 distinct exit codes in increasing order, no 0 with `In`, a `containerName` of the template) or `onPodConditions` (up to 20 patterns with a condition type and a status `True`, `False` or `Unknown`).',
  upstream: `validatePodFailurePolicy, validatePodFailurePolicyRule, validatePodFailurePolicyRuleOnExitCodes, validatePodFailurePolicyRuleOnPodConditions (${BATCH})`,
  rejects: true,
  applies: { kinds: KINDS },
  example: {
    invalid: withSpec('  podFailurePolicy:\n    rules:\n    - action: FailJob\n      onExitCodes:\n        operator: In\n        values: [0, 42]\n'),
    valid: withSpec('  podFailurePolicy:\n    rules:\n    - action: FailJob\n      onExitCodes:\n        operator: In\n        values: [42]\n'),
  },
  scope: 'object',
  check: (ctx) => reportIssues(ctx, jobIssues(ctx.object, ctx.kind, ctx.version), R.podFailurePolicy),
});

const successPolicy = defineRule({
  id: R.successPolicy,
  severity: 'error',
  title: 'successPolicy needs an Indexed Job and rules within its completions',
  description:
    "A `successPolicy` declares an Indexed Job succeeded early: it needs `completionMode: Indexed`, 1 to 20 rules, each with `succeededIndexes` (increasing intervals such as `0-2,5` below `completions`) or `succeededCount` (at most `completions`, and at most the number of indexes it goes with).",
  upstream: `validateJobSpec, validateSuccessPolicy, validateSuccessPolicyRule (${BATCH})`,
  rejects: true,
  applies: { kinds: KINDS, since: '1.30' },
  example: {
    invalid: withSpec('  completionMode: Indexed\n  completions: 3\n  successPolicy:\n    rules:\n    - succeededIndexes: "0-3"\n'),
    valid: withSpec('  completionMode: Indexed\n  completions: 3\n  successPolicy:\n    rules:\n    - succeededIndexes: "0-2"\n'),
  },
  scope: 'object',
  check: (ctx) => reportIssues(ctx, jobIssues(ctx.object, ctx.kind, ctx.version), R.successPolicy),
});

const replacementPolicy = defineRule({
  id: R.replacement,
  severity: 'error',
  title: 'podReplacementPolicy is TerminatingOrFailed or Failed (only Failed with a podFailurePolicy)',
  description: '`podReplacementPolicy` says when a replacement pod is created: `TerminatingOrFailed` (as soon as the old one is terminating) or `Failed` (once it has failed). With a `podFailurePolicy`, only `Failed` is accepted.',
  upstream: `validatePodReplacementPolicy, ${BATCH}`,
  rejects: true,
  applies: { kinds: KINDS, since: '1.28' },
  example: { invalid: withSpec('  podReplacementPolicy: Terminating\n'), valid: withSpec('  podReplacementPolicy: Failed\n') },
  scope: 'object',
  check: (ctx) => reportIssues(ctx, jobIssues(ctx.object, ctx.kind, ctx.version), R.replacement),
});

const managedBy = defineRule({
  id: R.managedBy,
  severity: 'error',
  title: 'managedBy is a domain-prefixed path of at most 63 characters',
  description: "`managedBy` names the controller that syncs the Job instead of the built-in one: a domain-prefixed path such as `example.com/job-controller` (a DNS subdomain, `/`, then URL path characters), at most 63 bytes.",
  upstream: `validateJobSpec (IsDomainPrefixedPath), ${BATCH}`,
  rejects: true,
  applies: { kinds: KINDS, since: '1.30' },
  example: { invalid: withSpec('  managedBy: my-controller\n'), valid: withSpec('  managedBy: example.com/my-controller\n') },
  scope: 'object',
  check: (ctx) => reportIssues(ctx, jobIssues(ctx.object, ctx.kind, ctx.version), R.managedBy),
});

const gatedField = defineRule({
  id: R.gated,
  severity: 'warning',
  title: 'Job field dropped because its feature gate is off in this release',
  description:
    'While a feature gate is off by default, the API server silently drops its field when a Job is created: `backoffLimitPerIndex` and `maxFailedIndexes` (and `FailIndex` pod failure rules) before 1.29, `podReplacementPolicy` before 1.29, `successPolicy` before 1.31, `managedBy` before 1.32. The Job is created without it.',
  example: { invalid: withSpec('  managedBy: example.com/my-controller\n') },
  applies: { kinds: ['Job'] },
  scope: 'object',
  check: (ctx) => reportIssues(ctx, jobIssues(ctx.object, ctx.kind, ctx.version), R.gated),
});

// ---- The selector the API server generates --------------------------------------

/** The labels validateGeneratedSelector requires on the template of a Job without manualSelector, in its order. */
const EXPECTED_LABELS = [LEGACY_CONTROLLER_UID, LEGACY_JOB_NAME, CONTROLLER_UID, JOB_NAME];

const jobSelector = defineRule({
  id: 'workload/job-selector',
  severity: 'error',
  title: 'Jobs generate their selector: leave spec.selector out',
  description:
    "The API server gives each Job a selector on its unique `batch.kubernetes.io/controller-uid` label, and labels its pods with it and with `job-name`. A `spec.selector` of your own (copied from a Deployment, say) is refused unless `manualSelector: true`, and so are template labels `controller-uid` or `job-name` with other values; in a CronJob's `jobTemplate` a selector is always refused. The generated uid is not known before the Job exists: messages show it as `<uid>`.",
  upstream: `validateGeneratedSelector, ValidateJobTemplateSpec, ${BATCH}`,
  rejects: true,
  applies: { kinds: KINDS },
  example: {
    invalid: JOB('').replace('spec:\n  template:', 'spec:\n  selector:\n    matchLabels:\n      app: migrate\n  template:'),
    valid: JOB('      restartPolicy: Never\n'),
  },
  scope: 'object',
  check(ctx) {
    const parts = workloadParts(ctx.object, ctx.kind);
    const spec = parts?.holder;
    if (!parts || !spec) return;
    const sel = child(spec, 'selector');
    if (ctx.kind === 'CronJob') {
      if (isSet(sel)) {
        const rendered = sel.kind === 'map' ? renderLabelSelector(sel, ctx.version) : undefined;
        if (rendered) ctx.report({ field: sel, on: 'key', ...invalidRendered(sel.path, rendered, '`selector` will be auto-generated') });
      }
      const ms = child(spec, 'manualSelector');
      if (isManualSelector(spec)) ctx.report({ field: ms!, on: 'value', ...notSupported(ms!.path, true, ['nil', 'false']) });
      return;
    }
    if (isManualSelector(spec) || parts.broken) return;
    const name = jobName(ctx.object);
    // The template labels the user set that the generated ones must equal (ValidateHasLabel).
    const meta = child(parts.template, 'metadata');
    const lf = child(meta, 'labels');
    const userLabels = isSet(lf) ? stringMap(lf) : new Map<string, string>();
    if (!userLabels) return;
    const labels = generatedJobLabels(userLabels, name);
    if (name !== undefined && labels) {
      for (const key of EXPECTED_LABELS) {
        const expected = key.endsWith('controller-uid') ? JOB_UID : name;
        const actual = userLabels.get(key);
        if (actual === undefined || actual === expected) continue;
        const entry = entries(lf).find((e) => e.key === key);
        const path = `spec.template.metadata.labels[${key}]`;
        ctx.report({
          field: entry ?? lf!,
          on: 'value',
          ...invalidRendered(path, showUid(renderLabelsMap(labels, ctx.version)), `must be '${expected === JOB_UID ? UID_TEXT : expected}'`),
        });
      }
    }
    // The selector, with controller-uid=<uid> added, must select the generated labels.
    if (!isSet(sel) || sel.kind !== 'map') return;
    const expected = new Map<string, string>([
      [CONTROLLER_UID, JOB_UID],
      [JOB_NAME, name ?? '\u0000name'],
      [LEGACY_CONTROLLER_UID, JOB_UID],
      [LEGACY_JOB_NAME, name ?? '\u0000name'],
    ]);
    const ml = stringMap(child(sel, 'matchLabels'));
    if (!ml) return;
    const matches = selectorMatches(sel, expected, ctx.version);
    if (matches === undefined || (name === undefined && matchesName(sel))) return;
    const uidOk = ml.has(CONTROLLER_UID) ? ml.get(CONTROLLER_UID) === JOB_UID : true;
    if (matches && uidOk) return;
    const rendered = renderLabelSelector(sel, ctx.version, ml.has(CONTROLLER_UID) ? undefined : new Map([[CONTROLLER_UID, JOB_UID]]));
    if (rendered) ctx.report({ field: sel, on: 'key', ...invalidRendered(sel.path, showUid(rendered), '`selector` not auto-generated') });
  },
});

/** The selector names a job-name label (undecidable while the name is generated). */
const matchesName = (sel: FieldNode): boolean =>
  entries(child(sel, 'matchLabels')).some((e) => e.key === JOB_NAME || e.key === LEGACY_JOB_NAME) ||
  items(child(sel, 'matchExpressions')).some((e) => [JOB_NAME, LEGACY_JOB_NAME].includes(goString(child(e, 'key')) ?? ''));

/** A labels map as the API server prints the template's labels. */
function renderLabelsMap(m: Map<string, string>, version: string): string {
  const keys = [...m.keys()].sort();
  if (jsonValues(version)) return `{${keys.map((k) => `${goJSONString(k)}:${goJSONString(m.get(k)!)}`).join(',')}}`;
  return `map[string]string{${keys.map((k) => `${JSON.stringify(k)}:${JSON.stringify(m.get(k)!)}`).join(', ')}}`;
}

void num;
void forbidden;

export const jobRules = [completionMode, perIndexRule, podFailurePolicy, successPolicy, replacementPolicy, managedBy, gatedField, jobSelector];
