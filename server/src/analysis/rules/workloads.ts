/**
 * What every workload validation adds to its pod template, shared by the
 * workload kinds (pkg/apis/apps/validation/validation.go:
 * ValidatePodTemplateSpecForReplicaSet, ValidateDeploymentSpec,
 * ValidateReplicaSetSpec, ValidateDaemonSetSpec, ValidateStatefulSetSpec,
 * ValidatePodTemplateSpecForStatefulSet; pkg/apis/batch/validation/validation.go:
 * ValidateJobSpec, validateJobSpec; pkg/apis/core/validation/validation.go:
 * ValidateReplicationControllerSpec, ValidatePodTemplateSpecForRC): the pod
 * template itself, the restartPolicy each controller accepts,
 * activeDeadlineSeconds, the selector and the template labels it must match,
 * non-negative counts, after the workload defaults (apps/v1, batch/v1 and
 * core/v1 defaults.go). These are the workload's own checks of its template,
 * made even where the API server does not validate the pod spec itself (a
 * StatefulSet's before 1.34). Each kind's own fields are in its family:
 * deployments.ts (Deployments, ReplicaSets, DaemonSets, ReplicationControllers),
 * statefulsets.ts, jobs.ts, cronjobs.ts. Also the document-level check that a
 * workload names its apiVersion.
 */
import type { FieldNode, PodSpecModel } from '../model';
import { child, isSet, items } from '../model';
import type { FixSpec } from '../findings';
import { defineRule } from './rule';
import { forbidden, invalid, notSupported, required } from './fieldErrors';
import { invalidRendered, renderLabelSelector, renderStringMap, selectorMatches, stringMap } from './stringFormats';
import { atLeast, goString, known } from './common';
import { eolOf, insertEntry, replaceValue } from '../edits';
import { PLACEHOLDER } from '../templates';
import { LONG_RUNNING_KINDS, POD_TEMPLATE_PATHS, RUN_TO_COMPLETION_KINDS, SERVED_API_VERSIONS, templateBlockedBySelector } from '../knowledge/kinds';
import { DEPLOYMENT, JOB } from './examples';
import { checkLabelSelector, SELECTOR_UPSTREAM } from './selectors';
import { int32, under, workloadParts, type WorkloadParts } from './workloadParts';
import { CONTROLLER_UID, generatedJobLabels, isManualSelector, jobName, JOB_UID, showUid } from './jobParts';

const APPS = 'pkg/apis/apps/validation/validation.go';
const BATCH = 'pkg/apis/batch/validation/validation.go';
const CORE = 'pkg/apis/core/validation/validation.go';

/** The kinds whose pod template a workload validation checks against its selector. */
const SELECTING_KINDS: readonly string[] = [...LONG_RUNNING_KINDS, 'Job'];

/**
 * A Deployment's or ReplicaSet's template whose selector does not convert: the API server checks
 * nothing of it (a StatefulSet checks restartPolicy and activeDeadlineSeconds after the gate).
 */
const templateUnchecked = (pod: PodSpecModel, version: string): boolean => pod.kind !== 'StatefulSet' && templateBlockedBySelector(pod.object, pod.kind, version);

/** The kind the activeDeadlineSeconds message names: a Deployment's template is validated as its ReplicaSet's. */
const validatedAs = (kind: string): string => (kind === 'Deployment' ? 'ReplicaSet' : kind);

/** "Set restartPolicy: X": replaces the value, or adds the field to the pod spec. */
function setRestartPolicy(pod: PodSpecModel | undefined, text: string, value: string, preferred: boolean): FixSpec[] {
  if (!pod || pod.field.viaAlias) return [];
  const f = child(pod.field, 'restartPolicy');
  const edit = f ? replaceValue(f, value) : insertEntry(text, pod.field, 'restartPolicy', value);
  return [{ title: `Set restartPolicy: ${value}`, edits: [edit], isPreferred: preferred }];
}

const templateRestartPolicy = defineRule({
  id: 'workload/template-restart-policy',
  severity: 'error',
  title: 'Deployments, StatefulSets, DaemonSets and ReplicaSets run pods with restartPolicy Always',
  description:
    'A controller that keeps pods running replaces them when they stop, so their template must use `restartPolicy: Always` (the default: leave the field out). For work that finishes, use a Job.',
  upstream: `ValidatePodTemplateSpecForReplicaSet, ValidateDaemonSetSpec, ValidateStatefulSetSpec (${APPS}); ValidatePodTemplateSpecForRC (${CORE})`,
  rejects: true,
  applies: { kinds: LONG_RUNNING_KINDS, podSpec: 'any' },
  example: { invalid: DEPLOYMENT('      restartPolicy: OnFailure\n'), valid: DEPLOYMENT('') },
  scope: 'pod',
  check(ctx) {
    if (templateUnchecked(ctx.pod, ctx.version)) return;
    const f = child(ctx.pod.field, 'restartPolicy');
    const v = goString(f);
    if (!f || v === undefined || v === '' || v === 'Always') return;
    ctx.report({ field: f, on: 'value', ...notSupported(f.path, v, ['Always']) });
  },
  fix: ({ pod, text }) => setRestartPolicy(pod, text, 'Always', true),
});

/** What the fix of a Job's restartPolicy may offer: with a podFailurePolicy, only Never is accepted. */
interface JobRestartData {
  podFailurePolicy: boolean;
}

const podOf = (doc: { pods: PodSpecModel[] }, object: FieldNode | undefined): PodSpecModel | undefined => doc.pods.find((p) => p.object === object);

const jobRestartPolicy = defineRule<JobRestartData>({
  id: 'workload/job-restart-policy',
  severity: 'error',
  title: 'Jobs and CronJobs need restartPolicy OnFailure or Never',
  description:
    'A Job runs its pods to completion, so their `restartPolicy` must be `Never` (a failed pod is replaced by a new one, counted against `backoffLimit`) or `OnFailure` (the container is restarted in place). The pod default, `Always`, is refused — so a Job template without `restartPolicy` (or without a pod spec at all) is refused too. With a `podFailurePolicy`, only `Never` is allowed.',
  upstream: `validateJobSpec, ${BATCH}`,
  rejects: true,
  applies: { kinds: RUN_TO_COMPLETION_KINDS },
  example: { invalid: JOB(''), valid: JOB('      restartPolicy: Never\n') },
  scope: 'object',
  check(ctx) {
    const parts = workloadParts(ctx.object, ctx.kind);
    if (!parts || parts.broken) return;
    const f = child(parts.podSpec, 'restartPolicy');
    const v = goString(f);
    if (v === undefined) return;
    const path = `${parts.templatePath}.spec.restartPolicy`;
    const data = { podFailurePolicy: isSet(child(parts.holder, 'podFailurePolicy')) };
    if (v === '' || v === 'Always') {
      const anchor = f && f.kind !== 'null' ? { field: f, on: 'value' as const } : { field: f ?? parts.podSpec ?? parts.deepest, on: 'key' as const };
      ctx.report({ ...anchor, ...required(path, 'valid values: "OnFailure", "Never"'), data });
    } else if (v !== 'OnFailure' && v !== 'Never') {
      ctx.report({ field: f!, on: 'value', ...notSupported(path, v, ['OnFailure', 'Never']), data });
    } else if (v === 'OnFailure' && data.podFailurePolicy) {
      ctx.report({ field: f!, on: 'value', ...invalid(path, v, 'only "Never" is supported when podFailurePolicy is specified'), data });
    }
  },
  fix: ({ doc, object, text, data }) => {
    const pod = podOf(doc, object);
    return [...setRestartPolicy(pod, text, 'Never', true), ...(data.podFailurePolicy ? [] : setRestartPolicy(pod, text, 'OnFailure', false))];
  },
});

const activeDeadline = defineRule({
  id: 'workload/active-deadline-seconds',
  severity: 'error',
  title: 'activeDeadlineSeconds is not supported in Deployment, StatefulSet, DaemonSet or ReplicaSet templates',
  description:
    'A pod deadline would kill pods that their controller is meant to keep running (and then replace them, over and over). The API server refuses `activeDeadlineSeconds` in these templates; the message says "ReplicaSet" for Deployments too. For work with a time limit, use a Job and its `spec.activeDeadlineSeconds`.',
  upstream: `ValidatePodTemplateSpecForReplicaSet, ValidateDaemonSetSpec, ValidateStatefulSetSpec (${APPS}); ValidatePodTemplateSpecForRC (${CORE})`,
  rejects: true,
  applies: { kinds: LONG_RUNNING_KINDS, podSpec: 'any' },
  example: { invalid: DEPLOYMENT('      activeDeadlineSeconds: 3600\n'), valid: DEPLOYMENT('') },
  scope: 'pod',
  check(ctx) {
    if (templateUnchecked(ctx.pod, ctx.version)) return;
    const f = child(ctx.pod.field, 'activeDeadlineSeconds');
    if (!isSet(f)) return;
    ctx.report({ field: f, on: 'key', ...forbidden(f.path, `activeDeadlineSeconds in ${validatedAs(ctx.pod.kind)} is not Supported`) });
  },
});

const podTemplateRequired = defineRule({
  id: 'workload/pod-template-required',
  severity: 'error',
  title: 'A workload needs a pod template with a pod spec',
  description:
    "A workload creates its pods from `template` (a CronJob from `jobTemplate.spec.template`): without a template, or with a template that has no `spec`, there are no containers to run, and the API server refuses the object (`…template.spec.containers: Required value`; a ReplicationController's `spec.template: Required value`). A StatefulSet's pod spec is checked from 1.34 only.",
  upstream: `ValidatePodTemplateSpec, validateContainers (${CORE}); ValidateReplicationControllerSpec (${CORE})`,
  rejects: true,
  applies: { kinds: Object.keys(POD_TEMPLATE_PATHS) },
  example: {
    invalid: 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n',
    valid: DEPLOYMENT(''),
  },
  scope: 'object',
  check(ctx) {
    const parts = workloadParts(ctx.object, ctx.kind);
    if (!parts || parts.broken) return;
    if (ctx.kind === 'ReplicationController' && !parts.template) {
      ctx.report({ field: parts.deepest, on: 'key', ...required(parts.templatePath) });
      return;
    }
    if (ctx.kind === 'StatefulSet' && !atLeast(ctx.version, '1.34')) return;
    if (parts.podSpec || templateBlockedBySelector(ctx.object, ctx.kind, ctx.version)) return;
    ctx.report({ field: parts.deepest, on: 'key', ...required(`${parts.templatePath}.spec.containers`) });
  },
});

// ---- Selector and template labels ---------------------------------------------

/** The template's labels as the API server sees them (nil when absent), and where to point. */
function templateLabels(parts: WorkloadParts): { labels?: Map<string, string>; anchor: FieldNode; ok: boolean } {
  const tpl = parts.template;
  const meta = child(tpl, 'metadata');
  const lf = child(meta, 'labels');
  const anchor = lf ?? meta ?? tpl ?? parts.deepest;
  if (isSet(meta) && meta.kind !== 'map') return { anchor, ok: false };
  if (!lf || lf.kind === 'null') return { labels: undefined, anchor, ok: true };
  const labels = stringMap(lf);
  return { labels, anchor, ok: labels !== undefined };
}

/** Some scalar or key under `f` is a placeholder. */
function holdsPlaceholder(f: FieldNode): boolean {
  if (f.kind === 'scalar' && typeof f.value === 'string' && PLACEHOLDER.test(f.value)) return true;
  if (f.key && PLACEHOLDER.test(f.key)) return true;
  return (f.children ?? []).some(holdsPlaceholder);
}

/** The selector decodes as a metav1.LabelSelector (a map of strings, requirements with string keys, operators and values). */
function decodesAsSelector(sel: FieldNode): boolean {
  if (sel.kind !== 'map') return false;
  const ml = child(sel, 'matchLabels');
  if (isSet(ml) && (ml.kind !== 'map' || !stringMap(ml))) return false;
  const me = child(sel, 'matchExpressions');
  if (isSet(me) && me.kind !== 'seq') return false;
  for (const e of items(me)) {
    if (e.kind === 'null') continue;
    if (e.kind !== 'map') return false;
    if (goString(child(e, 'key')) === undefined || goString(child(e, 'operator')) === undefined) return false;
    const vs = child(e, 'values');
    if (isSet(vs) && (vs.kind !== 'seq' || items(vs).some((v) => goString(v) === undefined))) return false;
  }
  return true;
}

/** The number of requirements of a decoded selector: len(matchLabels) + len(matchExpressions). */
const requirementCount = (sel: FieldNode): number => items(child(sel, 'matchExpressions')).length + (child(sel, 'matchLabels')?.children?.length ?? 0);

/** The selector as the validation sees it (a Job's after generateSelector): does it match `labels`? undefined: it does not convert. */
function jobSelectorMatches(sel: FieldNode | undefined, labels: Map<string, string>, version: string, manual: boolean): boolean | undefined {
  if (manual) return selectorMatches(sel, labels, version);
  // generateSelector: the selector gets controller-uid=<uid> (unless it names that key).
  const named = isSet(sel) && sel.kind === 'map' && stringMap(child(sel, 'matchLabels'))?.has(CONTROLLER_UID);
  const rest = isSet(sel) ? selectorMatches(sel, labels, version) : true;
  if (rest === undefined) return undefined;
  return rest && (named || labels.get(CONTROLLER_UID) === JOB_UID);
}

const selectorMismatch = defineRule({
  id: 'workload/selector-mismatch',
  severity: 'error',
  title: 'The selector does not match the template labels',
  description:
    "A controller owns the pods its `selector` matches, so its own pods' labels (the template's `metadata.labels`) must match the selector; otherwise it could never find them. The template may carry more labels than the selector names. A workload without a selector matches nothing. Jobs generate their selector (and label their pods) unless `manualSelector: true`.",
  upstream: `ValidatePodTemplateSpecForReplicaSet, ValidateDaemonSetSpec, ValidatePodTemplateSpecForStatefulSet (${APPS}); ValidateJobSpec (${BATCH}); ValidatePodTemplateSpecForRC (${CORE})`,
  rejects: true,
  applies: { kinds: SELECTING_KINDS },
  // A patch may leave the selector or the labels to its base.
  policy: { relational: true },
  example: {
    invalid:
      'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: frontend\n    spec:\n      containers:\n      - name: web\n        image: nginx:1.27\n',
    valid:
      'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n        tier: frontend\n    spec:\n      containers:\n      - name: web\n        image: nginx:1.27\n',
  },
  scope: 'object',
  check(ctx) {
    const parts = workloadParts(ctx.object, ctx.kind);
    if (!parts || parts.broken) return;
    const { labels, anchor, ok } = templateLabels(parts);
    if (!ok) return;
    const sel = child(parts.holder, 'selector');
    let shown = labels;
    let matches: boolean | undefined;
    if (ctx.kind === 'ReplicationController') {
      // A map selector; an empty one is defaulted from the template labels. Without a template: template Required only.
      if (!parts.template || (isSet(sel) && sel.kind !== 'map')) return;
      const m = isSet(sel) ? stringMap(sel) : new Map<string, string>();
      if (!m || m.size === 0) return;
      matches = [...m].every(([k, v]) => labels?.get(k) === v);
    } else if (ctx.kind === 'Job') {
      const manual = isManualSelector(parts.holder);
      shown = manual ? labels : generatedJobLabels(labels, jobName(ctx.object));
      // A manual selector is matched against the template's own labels: none (printed null) match no selector but {}.
      if (!shown && !manual) return;
      matches = jobSelectorMatches(sel, shown ?? new Map(), ctx.version, manual);
    } else {
      matches = selectorMatches(sel, labels ?? new Map(), ctx.version);
    }
    if (matches !== false) return;
    const path = `${parts.templatePath}.metadata.labels`;
    ctx.report({ field: anchor, on: 'key', ...invalidRendered(path, showUid(renderStringMap(shown, ctx.version)), '`selector` does not match template `labels`') });
  },
});

/** The word the "empty selector" message uses: a ReplicaSet's says deployment. */
const EMPTY_SELECTOR_WORD: Record<string, string> = { Deployment: 'deployment', ReplicaSet: 'deployment', StatefulSet: 'statefulset', DaemonSet: 'daemonset' };

const selectorRequired = defineRule({
  id: 'workload/selector-required',
  severity: 'error',
  title: 'Deployments, StatefulSets, ReplicaSets and DaemonSets need a non-empty selector',
  description:
    '`spec.selector` is required in `apps/v1` (a DaemonSet may leave it out, but then it matches no pod, not even its own) and is not filled in from the template: set `matchLabels` to (some of) the template labels. An empty selector would select every pod in the namespace and is refused. A ReplicationController takes the template labels when its selector is empty; a Job with `manualSelector: true` needs one.',
  upstream: `ValidateDeploymentSpec, ValidateReplicaSetSpec, ValidateStatefulSetSpec, ValidateDaemonSetSpec (${APPS}); ValidateJobSpec (${BATCH}); ValidateNonEmptySelector (${CORE})`,
  rejects: true,
  applies: { kinds: SELECTING_KINDS },
  // A patch may leave the selector to its base.
  policy: { relational: true },
  example: {
    invalid:
      'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n      - name: web\n        image: nginx:1.27\n',
    valid:
      'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n      - name: web\n        image: nginx:1.27\n',
  },
  scope: 'object',
  check(ctx) {
    const parts = workloadParts(ctx.object, ctx.kind);
    if (!parts) return;
    const spec = parts.holder;
    const sel = child(spec, 'selector');
    const path = under(parts.holderPath, 'selector');
    // Pointed at the `selector` key when it is there but empty, else at `template` beside which it belongs.
    const anchor = sel ?? child(spec, 'template') ?? parts.deepest;
    if (!isSet(sel)) {
      if (['Deployment', 'ReplicaSet', 'StatefulSet'].includes(ctx.kind) || (ctx.kind === 'Job' && isManualSelector(spec))) {
        ctx.report({ field: anchor, on: 'key', ...required(path) });
      } else if (ctx.kind === 'ReplicationController' && !parts.broken) {
        const { labels, ok } = templateLabels(parts);
        if (ok && (!labels || labels.size === 0)) ctx.report({ field: anchor, on: 'key', ...required(path) });
      }
      return;
    }
    if (ctx.kind === 'ReplicationController') {
      if (sel.kind !== 'map' || (sel.children?.length ?? 0) > 0 || parts.broken) return;
      const { labels, ok } = templateLabels(parts);
      if (ok && (!labels || labels.size === 0)) ctx.report({ field: sel, on: 'key', ...required(path) });
      return;
    }
    const word = EMPTY_SELECTOR_WORD[ctx.kind];
    if (!word || !decodesAsSelector(sel) || requirementCount(sel) > 0) return;
    const rendered = renderLabelSelector(sel, ctx.version);
    if (rendered) ctx.report({ field: sel, on: 'key', ...invalidRendered(path, rendered, `empty selector is invalid for ${word}`) });
  },
});

const selectorInvalid = defineRule({
  id: 'workload/selector-invalid',
  severity: 'error',
  title: 'The selector must be a valid label selector',
  description:
    "`spec.selector` is a label selector: `matchLabels` keys and values are label keys and values, each `matchExpressions` entry has a label key, an operator (`In`, `NotIn`, `Exists`, `DoesNotExist`) and values only with `In` and `NotIn` (then at least one). Deployments, ReplicaSets and StatefulSets also report a selector that does not convert as a whole (`invalid label selector`).",
  upstream: `${SELECTOR_UPSTREAM}; ValidateDeploymentSpec, ValidateReplicaSetSpec, ValidateStatefulSetSpec, ValidateDaemonSetSpec (${APPS}); ValidateJobSpec (${BATCH})`,
  rejects: true,
  applies: { kinds: ['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet', 'Job'] },
  example: {
    invalid: DEPLOYMENT('').replace('    matchLabels:\n      app: web\n', '    matchExpressions:\n    - {key: app, operator: in, values: [web]}\n'),
    valid: DEPLOYMENT('').replace('    matchLabels:\n      app: web\n', '    matchExpressions:\n    - {key: app, operator: In, values: [web]}\n'),
  },
  scope: 'object',
  check(ctx) {
    const parts = workloadParts(ctx.object, ctx.kind);
    if (!parts) return;
    const sel = child(parts.holder, 'selector');
    if (!isSet(sel) || !decodesAsSelector(sel)) return;
    const path = under(parts.holderPath, 'selector');
    checkLabelSelector(ctx, sel, path, { allowInvalidLabelValue: false });
    if (!['Deployment', 'ReplicaSet', 'StatefulSet'].includes(ctx.kind)) return;
    if (selectorMatches(sel, new Map(), ctx.version) !== undefined) return;
    // A placeholder (`<YOUR-APP>`) the user fills in: the finding on the whole selector would outlive the engine's placeholder policy.
    if (holdsPlaceholder(sel)) return;
    const rendered = renderLabelSelector(sel, ctx.version);
    if (rendered) ctx.report({ field: sel, on: 'key', ...invalidRendered(path, rendered, ctx.kind === 'StatefulSet' ? '' : 'invalid label selector') });
  },
});

// ---- Counts ---------------------------------------------------------------------------

/** The integer fields a workload validation requires to be 0 or more (ValidateNonnegativeField), by kind, from the workload spec. */
const JOB_COUNTS = ['parallelism', 'completions', 'activeDeadlineSeconds', 'backoffLimit', 'ttlSecondsAfterFinished', 'backoffLimitPerIndex', 'maxFailedIndexes'];
const NON_NEGATIVE: Record<string, string[]> = {
  Deployment: ['replicas', 'minReadySeconds', 'revisionHistoryLimit', 'progressDeadlineSeconds'],
  ReplicaSet: ['replicas', 'minReadySeconds'],
  StatefulSet: ['replicas', 'minReadySeconds', 'ordinals.start'],
  DaemonSet: ['minReadySeconds', 'revisionHistoryLimit'],
  ReplicationController: ['replicas', 'minReadySeconds'],
  Job: JOB_COUNTS,
  CronJob: ['startingDeadlineSeconds', 'successfulJobsHistoryLimit', 'failedJobsHistoryLimit', ...JOB_COUNTS.map((k) => `jobTemplate.spec.${k}`)],
};

/** A Job's backoffLimitPerIndex and maxFailedIndexes are dropped while JobBackoffLimitPerIndex is off (1.28; a CronJob's job template keeps them). */
const droppedJobField = (kind: string, key: string, version: string): boolean =>
  kind === 'Job' && (key === 'backoffLimitPerIndex' || key === 'maxFailedIndexes') && !atLeast(version, '1.29');

const dig = (f: FieldNode | undefined, path: string): FieldNode | undefined => path.split('.').reduce<FieldNode | undefined>((x, k) => child(x, k), f);

const negativeField = defineRule({
  id: 'workload/negative-field',
  severity: 'error',
  title: 'Replica counts, history limits and Job counts must not be negative',
  description:
    "`replicas`, `minReadySeconds`, `revisionHistoryLimit`, `progressDeadlineSeconds`, a StatefulSet's `ordinals.start`, and a Job's `parallelism`, `completions`, `backoffLimit`, `backoffLimitPerIndex`, `maxFailedIndexes`, `activeDeadlineSeconds` and `ttlSecondsAfterFinished` (and the CronJob history limits and `startingDeadlineSeconds`) are counts or durations: 0 or more.",
  upstream: `ValidateNonnegativeField in ValidateDeploymentSpec and the other workload validations (${APPS}, ${BATCH}, ${CORE})`,
  rejects: true,
  applies: { kinds: Object.keys(NON_NEGATIVE) },
  example: {
    invalid: JOB('      restartPolicy: Never\n').replace('spec:\n  template:', 'spec:\n  backoffLimit: -1\n  template:'),
    valid: JOB('      restartPolicy: Never\n').replace('spec:\n  template:', 'spec:\n  backoffLimit: 0\n  template:'),
  },
  scope: 'object',
  check(ctx) {
    const spec = child(ctx.object, 'spec');
    if (!spec || spec.kind !== 'map') return;
    for (const key of NON_NEGATIVE[ctx.kind] ?? []) {
      const f = dig(spec, key);
      const v = int32(f);
      if (!f || v === undefined || v >= 0 || !known(f, ctx.version)) continue;
      if (droppedJobField(ctx.kind, key, ctx.version)) continue;
      ctx.report({ field: f, on: 'value', ...invalid(`${spec.path}.${key}`, v, 'must be greater than or equal to 0') });
    }
  },
});

// ---- apiVersion ---------------------------------------------------------------------

const missingApiVersion = defineRule<{ apiVersion: string }>({
  id: 'schema/missing-api-version',
  severity: 'error',
  title: 'Workload without apiVersion',
  description:
    'Every Kubernetes object names its `apiVersion` and `kind`; without `apiVersion`, kubectl cannot tell which API serves the object and refuses the file ("apiVersion not set"). Pods and ReplicationControllers are `v1`, Deployments, StatefulSets, DaemonSets and ReplicaSets `apps/v1`, Jobs and CronJobs `batch/v1`.',
  upstream: 'kubectl object decoding: apiVersion not set',
  rejects: true,
  example: { invalid: 'kind: Pod\nmetadata:\n  name: web\n', valid: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n' },
  scope: 'document',
  check(ctx) {
    const root = ctx.doc.root;
    const kind = ctx.doc.kind;
    if (!root || !kind || ctx.doc.apiVersion !== undefined || isSet(child(root, 'apiVersion'))) return;
    const served = SERVED_API_VERSIONS[kind];
    const kindField = child(root, 'kind');
    if (!served || !kindField) return;
    ctx.report({
      field: kindField,
      on: 'value',
      message: `apiVersion not set: kind ${kind} is served by apiVersion ${served[0]}`,
      fieldPath: 'apiVersion',
      apiErrorType: 'Required',
      data: { apiVersion: served[0] },
    });
  },
  fix({ doc, text, data }) {
    const root = doc.root;
    const first = root?.children?.[0];
    if (!root || first?.keyStart === undefined || text[root.start] === '{') return [];
    const lineStart = text.lastIndexOf('\n', first.keyStart - 1) + 1;
    const indent = text.slice(lineStart, first.keyStart);
    if (!/^ *$/.test(indent)) return [];
    return [
      {
        title: `Add apiVersion: ${data.apiVersion}`,
        edits: [{ start: lineStart, end: lineStart, newText: `${indent}apiVersion: ${data.apiVersion}${eolOf(text)}` }],
        isPreferred: true,
      },
    ];
  },
});

export const workloadRules = [
  templateRestartPolicy,
  jobRestartPolicy,
  activeDeadline,
  podTemplateRequired,
  selectorMismatch,
  selectorRequired,
  selectorInvalid,
  missingApiVersion,
  negativeField,
];
