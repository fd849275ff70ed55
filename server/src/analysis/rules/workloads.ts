/**
 * Workload-level checks of the pod template: what the apps validation
 * (pkg/apis/apps/validation/validation.go: ValidatePodTemplateSpecForReplicaSet,
 * ValidateDeploymentSpec, ValidateReplicaSetSpec, ValidateDaemonSetSpec,
 * ValidateStatefulSetSpec, ValidatePodTemplateSpecForStatefulSet), the batch
 * validation (pkg/apis/batch/validation/validation.go: ValidateJobSpec,
 * validateJobSpec, validateGeneratedSelector, ValidateJobTemplateSpec,
 * validateCronJobSpec, ValidateCronJobCreate) and the core
 * ReplicationController validation (ValidatePodTemplateSpecForRC) add to
 * ValidatePodTemplateSpec: the restartPolicy each controller accepts,
 * activeDeadlineSeconds, the selector against the template labels,
 * non-negative counts, the CronJob schedule. Workload defaults (apps/v1,
 * batch/v1 defaults.go) apply first. These are the workload's own checks of
 * its template, made even where the API server does not validate the pod spec
 * itself (a StatefulSet's before 1.34): `podSpec: 'any'`. Also the
 * document-level check that a workload names its apiVersion.
 */
import type { FieldNode, PodSpecModel } from '../model';
import { bool, child, isSet, items, num, str } from '../model';
import type { FixSpec } from '../findings';
import { defineRule } from './rule';
import { forbidden, invalid, notSupported, required } from './fieldErrors';
import { invalidRendered, renderLabelSelector, renderStringMap, selectorMatches, stringMap } from './stringFormats';
import { goString } from './common';
import { eolOf, insertEntry, replaceValue } from '../edits';
import { LONG_RUNNING_KINDS, RUN_TO_COMPLETION_KINDS, SERVED_API_VERSIONS } from '../knowledge/kinds';
import { CRONJOB, DEPLOYMENT, JOB } from './examples';

const APPS = 'pkg/apis/apps/validation/validation.go';
const BATCH = 'pkg/apis/batch/validation/validation.go';
const CORE = 'pkg/apis/core/validation/validation.go';

/** The kinds whose pod template a workload validation checks against its selector. */
const SELECTING_KINDS: readonly string[] = [...LONG_RUNNING_KINDS, 'Job'];

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

const jobRestartPolicy = defineRule<JobRestartData>({
  id: 'workload/job-restart-policy',
  severity: 'error',
  title: 'Jobs and CronJobs need restartPolicy OnFailure or Never',
  description:
    'A Job runs its pods to completion, so their `restartPolicy` must be `Never` (a failed pod is replaced by a new one, counted against `backoffLimit`) or `OnFailure` (the container is restarted in place). The pod default, `Always`, is refused — so a Job template without `restartPolicy` is refused too. With a `podFailurePolicy`, only `Never` is allowed.',
  upstream: `validateJobSpec, ${BATCH}`,
  rejects: true,
  applies: { kinds: RUN_TO_COMPLETION_KINDS, podSpec: 'any' },
  example: { invalid: JOB(''), valid: JOB('      restartPolicy: Never\n') },
  scope: 'pod',
  check(ctx) {
    const f = child(ctx.pod.field, 'restartPolicy');
    const v = goString(f);
    if (v === undefined) return;
    const path = `${ctx.pod.path}.restartPolicy`;
    const data = { podFailurePolicy: isSet(child(ctx.pod.template?.parent, 'podFailurePolicy')) };
    if (v === '' || v === 'Always') {
      ctx.report({
        ...(f && f.kind !== 'null' ? { field: f, on: 'value' as const } : { field: f ?? ctx.pod.field, on: 'key' as const }),
        ...required(path, 'valid values: "OnFailure", "Never"'),
        data,
      });
    } else if (v !== 'OnFailure' && v !== 'Never') {
      ctx.report({ field: f!, on: 'value', ...notSupported(path, v, ['OnFailure', 'Never']), data });
    } else if (v === 'OnFailure' && data.podFailurePolicy) {
      ctx.report({ field: f!, on: 'value', ...invalid(path, v, 'only "Never" is supported when podFailurePolicy is specified'), data });
    }
  },
  fix: ({ pod, text, data }) => [...setRestartPolicy(pod, text, 'Never', true), ...(data.podFailurePolicy ? [] : setRestartPolicy(pod, text, 'OnFailure', false))],
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
    const f = child(ctx.pod.field, 'activeDeadlineSeconds');
    if (!isSet(f)) return;
    ctx.report({ field: f, on: 'key', ...forbidden(f.path, `activeDeadlineSeconds in ${validatedAs(ctx.pod.kind)} is not Supported`) });
  },
});

// ---- Selector and template labels ---------------------------------------------

/** The template's labels as the API server sees them (nil when absent), and where to point. */
function templateLabels(pod: PodSpecModel): { labels?: Map<string, string>; anchor: FieldNode; ok: boolean } {
  const tpl = pod.template!;
  const meta = child(tpl, 'metadata');
  const lf = child(meta, 'labels');
  const anchor = lf ?? meta ?? tpl;
  if (!lf || lf.kind === 'null') return { labels: undefined, anchor, ok: true };
  const labels = stringMap(lf);
  return { labels, anchor, ok: labels !== undefined };
}

const selectorOf = (pod: PodSpecModel): FieldNode | undefined => child(pod.template?.parent, 'selector');
const manualSelector = (pod: PodSpecModel): boolean => bool(child(pod.template?.parent, 'manualSelector')) === true;

const selectorMismatch = defineRule({
  id: 'workload/selector-mismatch',
  severity: 'error',
  title: 'The selector does not match the template labels',
  description:
    "A controller owns the pods its `selector` matches, so its own pods' labels (the template's `metadata.labels`) must match the selector; otherwise it could never find them. The template may carry more labels than the selector names. Jobs generate their selector unless `manualSelector: true`.",
  upstream: `ValidatePodTemplateSpecForReplicaSet, ValidateDaemonSetSpec, ValidatePodTemplateSpecForStatefulSet (${APPS}); ValidateJobSpec (${BATCH}); ValidatePodTemplateSpecForRC (${CORE})`,
  rejects: true,
  applies: { kinds: SELECTING_KINDS, podSpec: 'any' },
  // A patch may leave the selector or the labels to its base.
  policy: { relational: true },
  example: {
    invalid:
      'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: frontend\n    spec:\n      containers:\n      - name: web\n        image: nginx:1.27\n',
    valid:
      'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n        tier: frontend\n    spec:\n      containers:\n      - name: web\n        image: nginx:1.27\n',
  },
  scope: 'pod',
  check(ctx) {
    const { pod } = ctx;
    if (!pod.template || pod.template.kind !== 'map') return;
    if (pod.kind === 'Job' && !manualSelector(pod)) return;
    const { labels, anchor, ok } = templateLabels(pod);
    if (!ok) return;
    const sel = selectorOf(pod);
    let matches: boolean | undefined;
    if (pod.kind === 'ReplicationController') {
      // A map selector; an empty one is defaulted from the template labels.
      const m = sel && sel.kind !== 'null' ? stringMap(sel) : new Map<string, string>();
      if (!m || m.size === 0) return;
      matches = [...m].every(([k, v]) => labels?.get(k) === v);
    } else {
      matches = selectorMatches(sel, labels ?? new Map(), ctx.version);
    }
    if (matches !== false) return;
    const path = `${pod.template.path}.metadata.labels`;
    ctx.report({ field: anchor, on: 'key', ...invalidRendered(path, renderStringMap(labels, ctx.version), '`selector` does not match template `labels`') });
  },
});

const selectorRequired = defineRule({
  id: 'workload/selector-required',
  severity: 'error',
  title: 'Deployments, StatefulSets, ReplicaSets and DaemonSets need a non-empty selector',
  description:
    '`spec.selector` is required in `apps/v1` and is not filled in from the template: set `matchLabels` to (some of) the template labels. An empty selector would select every pod in the namespace and is refused.',
  upstream: `ValidateDeploymentSpec, ValidateReplicaSetSpec, ValidateStatefulSetSpec, ValidateDaemonSetSpec (${APPS}); ValidateJobSpec (${BATCH})`,
  rejects: true,
  applies: { kinds: SELECTING_KINDS, podSpec: 'any' },
  // A patch may leave the selector to its base.
  policy: { relational: true },
  example: {
    invalid:
      'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n      - name: web\n        image: nginx:1.27\n',
    valid:
      'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n      - name: web\n        image: nginx:1.27\n',
  },
  scope: 'pod',
  check(ctx) {
    const { pod } = ctx;
    const spec = pod.template?.parent;
    if (!spec || spec.kind !== 'map') return;
    const sel = child(spec, 'selector');
    const path = `${spec.path}.selector`;
    const needs = ['Deployment', 'ReplicaSet', 'StatefulSet'].includes(pod.kind) || (pod.kind === 'Job' && manualSelector(pod));
    if (!isSet(sel)) {
      // Pointed at the `selector` key when it is there but empty, else at `template` beside which it belongs.
      const anchor = sel ?? pod.template ?? spec;
      if (needs) ctx.report({ field: anchor, on: 'key', ...required(path) });
      else if (pod.kind === 'ReplicationController') {
        const { labels } = templateLabels(pod);
        if (!labels || labels.size === 0) ctx.report({ field: anchor, on: 'key', ...required(path) });
      }
      return;
    }
    const word = { Deployment: 'deployment', ReplicaSet: 'deployment', StatefulSet: 'statefulset', DaemonSet: 'daemonset' }[pod.kind];
    if (!word || sel.kind !== 'map') return;
    const count = items(child(sel, 'matchExpressions')).length + (child(sel, 'matchLabels')?.children?.length ?? 0);
    if (count > 0) return;
    const rendered = renderLabelSelector(sel, ctx.version);
    if (rendered) ctx.report({ field: sel, on: 'key', ...invalidRendered(path, rendered, `empty selector is invalid for ${word}`) });
  },
});

const JOB_NAME_LABELS = ['job-name', 'batch.kubernetes.io/job-name'];

const jobSelector = defineRule({
  id: 'workload/job-selector',
  severity: 'error',
  title: 'Jobs generate their selector: leave spec.selector out',
  description:
    "The API server gives each Job a selector on its unique `batch.kubernetes.io/controller-uid` label. A `spec.selector` of your own (copied from a Deployment, say) is refused unless `manualSelector: true`; in a CronJob's `jobTemplate` a selector is always refused. The generated uid is not known before the Job exists: messages show it as `<uid>`.",
  upstream: `validateGeneratedSelector, ValidateJobTemplateSpec, ${BATCH}`,
  rejects: true,
  applies: { kinds: RUN_TO_COMPLETION_KINDS, podSpec: 'any' },
  example: {
    invalid: JOB('').replace('spec:\n  template:', 'spec:\n  selector:\n    matchLabels:\n      app: migrate\n  template:'),
    valid: JOB('      restartPolicy: Never\n'),
  },
  scope: 'pod',
  check(ctx) {
    const { pod } = ctx;
    const spec = pod.template?.parent;
    if (!spec || spec.kind !== 'map') return;
    const sel = child(spec, 'selector');
    if (pod.kind === 'CronJob') {
      if (isSet(sel)) {
        const rendered = sel.kind === 'map' ? renderLabelSelector(sel, ctx.version) : undefined;
        if (rendered) ctx.report({ field: sel, on: 'key', ...invalidRendered(sel.path, rendered, '`selector` will be auto-generated') });
      }
      const ms = child(spec, 'manualSelector');
      if (bool(ms) === true) ctx.report({ field: ms!, on: 'value', ...notSupported(ms!.path, true, ['nil', 'false']) });
      return;
    }
    if (manualSelector(pod) || !isSet(sel) || sel.kind !== 'map') return;
    if (isSet(child(sel, 'matchExpressions'))) return;
    const ml = stringMap(child(sel, 'matchLabels'));
    if (!ml) return;
    const name = str(child(child(pod.object, 'metadata'), 'name'));
    const generated = [...ml].every(([k, v]) => JOB_NAME_LABELS.includes(k) && v === name);
    if (generated) return;
    // The generated uid is unknown before the Job exists: shown as <uid>.
    const rendered = renderLabelSelector(sel, ctx.version, new Map([['batch.kubernetes.io/controller-uid', '<uid>']]))?.replace('\\u003cuid\\u003e', '<uid>');
    if (rendered) ctx.report({ field: sel, on: 'key', ...invalidRendered(sel.path, rendered, '`selector` not auto-generated') });
  },
});

// ---- Counts and the CronJob schedule -----------------------------------------------

const NON_NEGATIVE: Record<string, string[]> = {
  Deployment: ['replicas', 'minReadySeconds', 'revisionHistoryLimit', 'progressDeadlineSeconds'],
  ReplicaSet: ['replicas', 'minReadySeconds'],
  StatefulSet: ['replicas', 'minReadySeconds', 'ordinals.start', 'updateStrategy.rollingUpdate.partition'],
  DaemonSet: ['minReadySeconds', 'revisionHistoryLimit'],
  ReplicationController: ['replicas', 'minReadySeconds'],
  Job: ['parallelism', 'completions', 'activeDeadlineSeconds', 'backoffLimit', 'ttlSecondsAfterFinished'],
  CronJob: [
    'startingDeadlineSeconds',
    'successfulJobsHistoryLimit',
    'failedJobsHistoryLimit',
    'jobTemplate.spec.parallelism',
    'jobTemplate.spec.completions',
    'jobTemplate.spec.activeDeadlineSeconds',
    'jobTemplate.spec.backoffLimit',
    'jobTemplate.spec.ttlSecondsAfterFinished',
  ],
};

const dig = (f: FieldNode | undefined, path: string): FieldNode | undefined => path.split('.').reduce<FieldNode | undefined>((x, k) => child(x, k), f);

const negativeField = defineRule({
  id: 'workload/negative-field',
  severity: 'error',
  title: 'Replica counts, history limits and Job counts must not be negative',
  description:
    "`replicas`, `minReadySeconds`, `revisionHistoryLimit`, `progressDeadlineSeconds`, a StatefulSet `partition`, and a Job's `parallelism`, `completions`, `backoffLimit`, `activeDeadlineSeconds` and `ttlSecondsAfterFinished` (and the CronJob history limits and `startingDeadlineSeconds`) are counts or durations: 0 or more.",
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
    for (const key of NON_NEGATIVE[ctx.kind] ?? []) {
      const f = dig(spec, key);
      const v = num(f);
      if (!f || v === undefined || !Number.isInteger(v) || v >= 0) continue;
      ctx.report({ field: f, on: 'value', ...invalid(`${spec!.path}.${key}`, v, 'must be greater than or equal to 0') });
    }
  },
});

const progressDeadline = defineRule({
  id: 'workload/progress-deadline',
  severity: 'error',
  title: 'progressDeadlineSeconds must be greater than minReadySeconds',
  description:
    'A Deployment is marked as failing to progress after `progressDeadlineSeconds` (default 600); a pod only counts as available after `minReadySeconds`. The deadline must be longer — also when you raise `minReadySeconds` to 600 or more and leave the deadline at its default.',
  upstream: `ValidateDeploymentSpec, ${APPS}`,
  rejects: true,
  applies: { kinds: ['Deployment'] },
  example: {
    invalid: DEPLOYMENT('').replace('spec:\n  selector:', 'spec:\n  minReadySeconds: 900\n  selector:'),
    valid: DEPLOYMENT('').replace('spec:\n  selector:', 'spec:\n  minReadySeconds: 900\n  progressDeadlineSeconds: 1200\n  selector:'),
  },
  scope: 'object',
  check(ctx) {
    const spec = child(ctx.object, 'spec');
    if (!spec || spec.kind !== 'map') return;
    const pf = child(spec, 'progressDeadlineSeconds');
    const mf = child(spec, 'minReadySeconds');
    const pds = isSet(pf) ? num(pf) : 600;
    const mrs = isSet(mf) ? num(mf) : 0;
    if (pds === undefined || mrs === undefined || pds > mrs) return;
    const anchor = isSet(pf) ? pf : mf!;
    ctx.report({ field: anchor, on: 'value', ...invalid(`${spec.path}.progressDeadlineSeconds`, pds, 'must be greater than minReadySeconds') });
  },
});

const cronSchedule = defineRule({
  id: 'workload/cronjob-schedule',
  severity: 'error',
  title: 'CronJob needs a schedule, without TZ= in it',
  description:
    '`spec.schedule` is required: five cron fields (`*/5 * * * *`) or a macro such as `@hourly`. A time zone goes in `spec.timeZone` (`Europe/Paris`), not as `TZ=` or `CRON_TZ=` inside the schedule.',
  upstream: `validateCronJobSpec, validateScheduleFormat, ${BATCH}`,
  rejects: true,
  applies: { kinds: ['CronJob'] },
  example: { invalid: CRONJOB(''), valid: CRONJOB('  schedule: "0 3 * * *"\n') },
  scope: 'object',
  check(ctx) {
    const spec = child(ctx.object, 'spec');
    const f = child(spec, 'schedule');
    const v = goString(f);
    if (v === undefined) return;
    if (v === '') {
      // Pointed at `jobTemplate`, beside which the schedule belongs, when there is no `schedule` key.
      ctx.report({ field: f ?? child(spec, 'jobTemplate') ?? spec ?? child(ctx.object, 'kind')!, on: 'key', ...required(`${spec?.path ?? 'spec'}.schedule`) });
    } else if (v.includes('TZ')) {
      ctx.report({ field: f!, on: 'value', ...invalid(f!.path, v, 'cannot use TZ or CRON_TZ in schedule, use timeZone field instead') });
    }
  },
});

const cronName = defineRule({
  id: 'workload/cronjob-name-length',
  severity: 'error',
  title: 'CronJob name longer than 52 characters',
  description: 'The CronJob controller names each Job `<cronjob-name>-<11 digits>`, and a Job name may have 63 characters: a CronJob name is at most 52.',
  upstream: `ValidateCronJobCreate, ${BATCH}`,
  rejects: true,
  applies: { kinds: ['CronJob'] },
  example: {
    invalid: CRONJOB('  schedule: "0 3 * * *"\n').replace('name: report', 'name: nightly-report-generation-for-the-finance-department-eu'),
    valid: CRONJOB('  schedule: "0 3 * * *"\n').replace('name: report', 'name: finance-nightly-report'),
  },
  scope: 'object',
  check(ctx) {
    const f = child(child(ctx.object, 'metadata'), 'name');
    const v = str(f);
    if (f && v !== undefined && v.length > 52) ctx.report({ field: f, on: 'value', ...invalid(f.path, v, 'must be no more than 52 characters') });
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
  selectorMismatch,
  selectorRequired,
  jobSelector,
  missingApiVersion,
  negativeField,
  progressDeadline,
  cronSchedule,
  cronName,
];
