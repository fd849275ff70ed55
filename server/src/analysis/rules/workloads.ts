/**
 * Workload-level checks of the pod template: what the apps validation
 * (pkg/apis/apps/validation/validation.go: ReplicaSet, Deployment,
 * DaemonSet, StatefulSet), the batch validation
 * (pkg/apis/batch/validation/validation.go: Job, CronJob) and the core
 * ReplicationController validation add to ValidatePodTemplateSpec: the
 * restartPolicy each controller accepts, activeDeadlineSeconds, the selector
 * against the template labels, non-negative counts, the CronJob schedule.
 * Workload defaults (apps/v1, batch/v1 defaults.go) apply first. Also the
 * document-level check that a workload names its apiVersion.
 */
import type { DocumentRule, FixContext, FixSpec, PodRule, RuleContext } from './api';
import type { FieldNode, PodSpecModel } from '../model';
import { bool, child, isSet, items, num, str } from '../model';
import { forbidden, invalid, notSupported, required } from './fieldErrors';
import { invalidRendered, renderLabelSelector, renderStringMap, selectorMatches, stringMap } from './stringFormats';
import { goString } from './common';
import { eolOf, insertEntry, replaceValue } from '../edits';
import { POD_SPEC_PATHS, SERVED_API_VERSIONS } from '../knowledge/kinds';

const APPS = 'pkg/apis/apps/validation/validation.go';
const BATCH = 'pkg/apis/batch/validation/validation.go';
const CORE = 'pkg/apis/core/validation/validation.go';

/** Kinds whose pods run forever, and the word the activeDeadlineSeconds message uses for each. */
const LONG_RUNNING: Record<string, string> = {
  Deployment: 'ReplicaSet',
  ReplicaSet: 'ReplicaSet',
  DaemonSet: 'DaemonSet',
  StatefulSet: 'StatefulSet',
  ReplicationController: 'ReplicationController',
};


const isJob = (pod: PodSpecModel): boolean => pod.kind === 'Job' || pod.kind === 'CronJob';

/** The pod that holds a finding (by offset and path), for fixes. */
function podOf(ctx: FixContext): PodSpecModel | undefined {
  const { finding } = ctx;
  return ctx.doc.pods.find(
    (p) => p.object.start <= finding.start && finding.start <= p.object.end && finding.fieldPath.startsWith(`${p.path}.`),
  );
}

/** "Set restartPolicy: X": replaces the value, or adds the field to the pod spec. */
function setRestartPolicy(ctx: FixContext, value: string, preferred: boolean): FixSpec | undefined {
  const pod = podOf(ctx);
  if (!pod || pod.field.viaAlias) return undefined;
  const f = child(pod.field, 'restartPolicy');
  const edit = f ? replaceValue(f, value) : insertEntry(ctx.text, pod.field, 'restartPolicy', value);
  return { title: `Set restartPolicy: ${value}`, edits: [edit], isPreferred: preferred };
}

const DEPLOYMENT = (spec: string): string =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n${spec}      containers:\n      - name: web\n        image: nginx:1.27\n`;
const JOB = (spec: string): string =>
  `apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: migrate\nspec:\n  template:\n    spec:\n${spec}      containers:\n      - name: migrate\n        image: flyway/flyway:10\n`;

const templateRestartPolicy: PodRule = {
  id: 'workload/template-restart-policy',
  scope: 'pod',
  severity: 'error',
  title: 'Deployments, StatefulSets, DaemonSets and ReplicaSets run pods with restartPolicy Always',
  description:
    'A controller that keeps pods running replaces them when they stop, so their template must use `restartPolicy: Always` (the default: leave the field out). For work that finishes, use a Job.',
  upstream: `ValidatePodTemplateSpecForReplicaSet, ValidateDaemonSetSpec, ValidateStatefulSetSpec (${APPS}); ValidatePodTemplateSpecForRC (${CORE})`,
  rejects: true,
  example: { invalid: DEPLOYMENT('      restartPolicy: OnFailure\n'), valid: DEPLOYMENT('') },
  check(ctx) {
    if (!LONG_RUNNING[ctx.pod.kind]) return;
    const f = child(ctx.pod.field, 'restartPolicy');
    const v = goString(f);
    if (!f || v === undefined || v === '' || v === 'Always') return;
    ctx.report({ field: f, on: 'value', ...notSupported(f.path, v, ['Always']) });
  },
  fix(ctx) {
    const fix = setRestartPolicy(ctx, 'Always', true);
    return fix ? [fix] : [];
  },
};

const jobRestartPolicy: PodRule = {
  id: 'workload/job-restart-policy',
  scope: 'pod',
  severity: 'error',
  title: 'Jobs and CronJobs need restartPolicy OnFailure or Never',
  description:
    'A Job runs its pods to completion, so their `restartPolicy` must be `Never` (a failed pod is replaced by a new one, counted against `backoffLimit`) or `OnFailure` (the container is restarted in place). The pod default, `Always`, is refused — so a Job template without `restartPolicy` is refused too. With a `podFailurePolicy`, only `Never` is allowed.',
  upstream: `validateJobSpec, ${BATCH}`,
  rejects: true,
  example: { invalid: JOB(''), valid: JOB('      restartPolicy: Never\n') },
  check(ctx) {
    if (!isJob(ctx.pod)) return;
    const f = child(ctx.pod.field, 'restartPolicy');
    const v = goString(f);
    if (v === undefined) return;
    const path = `${ctx.pod.path}.restartPolicy`;
    if (v === '' || v === 'Always') {
      ctx.report({
        ...(f && f.kind !== 'null' ? { field: f, on: 'value' as const } : { field: f ?? ctx.pod.field, on: 'key' as const }),
        ...required(path, 'valid values: "OnFailure", "Never"'),
      });
    } else if (v !== 'OnFailure' && v !== 'Never') {
      ctx.report({ field: f!, on: 'value', ...notSupported(path, v, ['OnFailure', 'Never']) });
    } else if (v === 'OnFailure' && isSet(child(ctx.pod.template?.parent, 'podFailurePolicy'))) {
      ctx.report({ field: f!, on: 'value', ...invalid(path, v, 'only "Never" is supported when podFailurePolicy is specified') });
    }
  },
  fix(ctx) {
    const out: FixSpec[] = [];
    const message = ctx.finding.message;
    const pfp = message.includes('podFailurePolicy');
    const never = setRestartPolicy(ctx, 'Never', true);
    if (never) out.push(never);
    if (!pfp) {
      const onFailure = setRestartPolicy(ctx, 'OnFailure', false);
      if (onFailure) out.push(onFailure);
    }
    return out;
  },
};

const activeDeadline: PodRule = {
  id: 'workload/active-deadline-seconds',
  scope: 'pod',
  severity: 'error',
  title: 'activeDeadlineSeconds is not supported in Deployment, StatefulSet, DaemonSet or ReplicaSet templates',
  description:
    'A pod deadline would kill pods that their controller is meant to keep running (and then replace them, over and over). The API server refuses `activeDeadlineSeconds` in these templates; the message says "ReplicaSet" for Deployments too. For work with a time limit, use a Job and its `spec.activeDeadlineSeconds`.',
  upstream: `ValidatePodTemplateSpecForReplicaSet, ValidateDaemonSetSpec, ValidateStatefulSetSpec (${APPS}); ValidatePodTemplateSpecForRC (${CORE})`,
  rejects: true,
  example: { invalid: DEPLOYMENT('      activeDeadlineSeconds: 3600\n'), valid: DEPLOYMENT('') },
  check(ctx) {
    const word = LONG_RUNNING[ctx.pod.kind];
    const f = child(ctx.pod.field, 'activeDeadlineSeconds');
    if (!word || !isSet(f)) return;
    ctx.report({ field: f, on: 'key', ...forbidden(f.path, `activeDeadlineSeconds in ${word} is not Supported`) });
  },
};

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

const selectorMismatch: PodRule = {
  id: 'workload/selector-mismatch',
  scope: 'pod',
  severity: 'error',
  title: 'The selector does not match the template labels',
  description:
    "A controller owns the pods its `selector` matches, so its own pods' labels (the template's `metadata.labels`) must match the selector; otherwise it could never find them. The template may carry more labels than the selector names. Jobs generate their selector unless `manualSelector: true`.",
  upstream: `ValidatePodTemplateSpecForReplicaSet, ValidateDaemonSetSpec, ValidatePodTemplateSpecForStatefulSet (${APPS}); ValidateJobSpec (${BATCH}); ValidatePodTemplateSpecForRC (${CORE})`,
  rejects: true,
  example: {
    invalid:
      'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: frontend\n    spec:\n      containers:\n      - name: web\n        image: nginx:1.27\n',
    valid:
      'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n        tier: frontend\n    spec:\n      containers:\n      - name: web\n        image: nginx:1.27\n',
  },
  check(ctx) {
    const { pod } = ctx;
    if (!pod.template || pod.template.kind !== 'map' || !POD_SPEC_PATHS[pod.kind]) return;
    if (pod.kind === 'CronJob' || pod.kind === 'PodTemplate' || pod.kind === 'Pod') return;
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
};

const selectorRequired: PodRule = {
  id: 'workload/selector-required',
  scope: 'pod',
  severity: 'error',
  title: 'Deployments, StatefulSets, ReplicaSets and DaemonSets need a non-empty selector',
  description:
    '`spec.selector` is required in `apps/v1` and is not filled in from the template: set `matchLabels` to (some of) the template labels. An empty selector would select every pod in the namespace and is refused.',
  upstream: `ValidateDeploymentSpec, ValidateReplicaSetSpec, ValidateStatefulSetSpec, ValidateDaemonSetSpec (${APPS}); ValidateJobSpec (${BATCH})`,
  rejects: true,
  example: {
    invalid:
      'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n      - name: web\n        image: nginx:1.27\n',
    valid:
      'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n      - name: web\n        image: nginx:1.27\n',
  },
  check(ctx) {
    const { pod } = ctx;
    const spec = pod.template?.parent;
    if (!spec || spec.kind !== 'map' || !POD_SPEC_PATHS[pod.kind]) return;
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
};

const JOB_NAME_LABELS = ['job-name', 'batch.kubernetes.io/job-name'];

const jobSelector: PodRule = {
  id: 'workload/job-selector',
  scope: 'pod',
  severity: 'error',
  title: 'Jobs generate their selector: leave spec.selector out',
  description:
    "The API server gives each Job a selector on its unique `batch.kubernetes.io/controller-uid` label. A `spec.selector` of your own (copied from a Deployment, say) is refused unless `manualSelector: true`; in a CronJob's `jobTemplate` a selector is always refused. The generated uid is not known before the Job exists: messages show it as `<uid>`.",
  upstream: `validateGeneratedSelector, ValidateJobTemplateSpec, ${BATCH}`,
  rejects: true,
  example: {
    invalid: JOB('').replace('spec:\n  template:', 'spec:\n  selector:\n    matchLabels:\n      app: migrate\n  template:'),
    valid: JOB('      restartPolicy: Never\n'),
  },
  check(ctx) {
    const { pod } = ctx;
    const spec = pod.template?.parent;
    if (!spec || spec.kind !== 'map' || !POD_SPEC_PATHS[pod.kind]) return;
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
    if (pod.kind !== 'Job' || manualSelector(pod) || !isSet(sel) || sel.kind !== 'map') return;
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
};

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

function eachObject(ctx: RuleContext, fn: (obj: FieldNode, kind: string, spec: FieldNode | undefined) => void): void {
  for (const obj of ctx.doc.objects) {
    const kind = str(child(obj, 'kind'));
    if (kind) fn(obj, kind, child(obj, 'spec'));
  }
}

const negativeField: DocumentRule = {
  id: 'workload/negative-field',
  scope: 'document',
  severity: 'error',
  title: 'Replica counts, history limits and Job counts must not be negative',
  description:
    '`replicas`, `minReadySeconds`, `revisionHistoryLimit`, `progressDeadlineSeconds`, a StatefulSet `partition`, and a Job\'s `parallelism`, `completions`, `backoffLimit`, `activeDeadlineSeconds` and `ttlSecondsAfterFinished` (and the CronJob history limits and `startingDeadlineSeconds`) are counts or durations: 0 or more.',
  upstream: `ValidateNonnegativeField in ValidateDeploymentSpec and the other workload validations (${APPS}, ${BATCH}, ${CORE})`,
  rejects: true,
  example: {
    invalid: JOB('      restartPolicy: Never\n').replace('spec:\n  template:', 'spec:\n  backoffLimit: -1\n  template:'),
    valid: JOB('      restartPolicy: Never\n').replace('spec:\n  template:', 'spec:\n  backoffLimit: 0\n  template:'),
  },
  check(ctx) {
    eachObject(ctx, (_obj, kind, spec) => {
      for (const key of NON_NEGATIVE[kind] ?? []) {
        const f = dig(spec, key);
        const v = num(f);
        if (!f || v === undefined || !Number.isInteger(v) || v >= 0) continue;
        ctx.report({ field: f, on: 'value', ...invalid(`${spec!.path}.${key}`, v, 'must be greater than or equal to 0') });
      }
    });
  },
};

const progressDeadline: DocumentRule = {
  id: 'workload/progress-deadline',
  scope: 'document',
  severity: 'error',
  title: 'progressDeadlineSeconds must be greater than minReadySeconds',
  description:
    'A Deployment is marked as failing to progress after `progressDeadlineSeconds` (default 600); a pod only counts as available after `minReadySeconds`. The deadline must be longer — also when you raise `minReadySeconds` to 600 or more and leave the deadline at its default.',
  upstream: `ValidateDeploymentSpec, ${APPS}`,
  rejects: true,
  example: {
    invalid: DEPLOYMENT('').replace('spec:\n  selector:', 'spec:\n  minReadySeconds: 900\n  selector:'),
    valid: DEPLOYMENT('').replace('spec:\n  selector:', 'spec:\n  minReadySeconds: 900\n  progressDeadlineSeconds: 1200\n  selector:'),
  },
  check(ctx) {
    eachObject(ctx, (_obj, kind, spec) => {
      if (kind !== 'Deployment' || !spec || spec.kind !== 'map') return;
      const pf = child(spec, 'progressDeadlineSeconds');
      const mf = child(spec, 'minReadySeconds');
      const pds = isSet(pf) ? num(pf) : 600;
      const mrs = isSet(mf) ? num(mf) : 0;
      if (pds === undefined || mrs === undefined || pds > mrs) return;
      const anchor = isSet(pf) ? pf : mf!;
      ctx.report({ field: anchor, on: 'value', ...invalid(`${spec.path}.progressDeadlineSeconds`, pds, 'must be greater than minReadySeconds') });
    });
  },
};

const CRONJOB = (spec: string): string =>
  `apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: report\nspec:\n${spec}  jobTemplate:\n    spec:\n      template:\n        spec:\n          restartPolicy: OnFailure\n          containers:\n          - name: report\n            image: busybox:1.36\n`;

const cronSchedule: DocumentRule = {
  id: 'workload/cronjob-schedule',
  scope: 'document',
  severity: 'error',
  title: 'CronJob needs a schedule, without TZ= in it',
  description:
    '`spec.schedule` is required: five cron fields (`*/5 * * * *`) or a macro such as `@hourly`. A time zone goes in `spec.timeZone` (`Europe/Paris`), not as `TZ=` or `CRON_TZ=` inside the schedule.',
  upstream: `validateCronJobSpec, validateScheduleFormat, ${BATCH}`,
  rejects: true,
  example: { invalid: CRONJOB(''), valid: CRONJOB('  schedule: "0 3 * * *"\n') },
  check(ctx) {
    eachObject(ctx, (obj, kind, spec) => {
      if (kind !== 'CronJob') return;
      const f = child(spec, 'schedule');
      const v = goString(f);
      if (v === undefined) return;
      if (v === '') {
        // Pointed at `jobTemplate`, beside which the schedule belongs, when there is no `schedule` key.
        ctx.report({ field: f ?? child(spec, 'jobTemplate') ?? spec ?? child(obj, 'kind')!, on: 'key', ...required(`${spec?.path ?? 'spec'}.schedule`) });
      } else if (v.includes('TZ')) {
        ctx.report({ field: f!, on: 'value', ...invalid(f!.path, v, 'cannot use TZ or CRON_TZ in schedule, use timeZone field instead') });
      }
    });
  },
};

const cronName: DocumentRule = {
  id: 'workload/cronjob-name-length',
  scope: 'document',
  severity: 'error',
  title: 'CronJob name longer than 52 characters',
  description: 'The CronJob controller names each Job `<cronjob-name>-<11 digits>`, and a Job name may have 63 characters: a CronJob name is at most 52.',
  upstream: `ValidateCronJobCreate, ${BATCH}`,
  rejects: true,
  example: {
    invalid: CRONJOB('  schedule: "0 3 * * *"\n').replace('name: report', 'name: nightly-report-generation-for-the-finance-department-eu'),
    valid: CRONJOB('  schedule: "0 3 * * *"\n').replace('name: report', 'name: finance-nightly-report'),
  },
  check(ctx) {
    eachObject(ctx, (obj, kind) => {
      if (kind !== 'CronJob') return;
      const f = child(child(obj, 'metadata'), 'name');
      const v = str(f);
      if (f && v !== undefined && v.length > 52) ctx.report({ field: f, on: 'value', ...invalid(f.path, v, 'must be no more than 52 characters') });
    });
  },
};

// ---- apiVersion ---------------------------------------------------------------------

const missingApiVersion: DocumentRule = {
  id: 'schema/missing-api-version',
  scope: 'document',
  severity: 'error',
  title: 'Workload without apiVersion',
  description:
    'Every Kubernetes object names its `apiVersion` and `kind`; without `apiVersion`, kubectl cannot tell which API serves the object and refuses the file ("apiVersion not set"). Pods and ReplicationControllers are `v1`, Deployments, StatefulSets, DaemonSets and ReplicaSets `apps/v1`, Jobs and CronJobs `batch/v1`.',
  upstream: 'kubectl object decoding: apiVersion not set',
  rejects: true,
  example: { invalid: 'kind: Pod\nmetadata:\n  name: web\n', valid: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n' },
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
  fix(ctx) {
    const v = ctx.finding.data?.apiVersion;
    const root = ctx.doc.root;
    const first = root?.children?.[0];
    if (typeof v !== 'string' || !root || first?.keyStart === undefined || ctx.text[root.start] === '{') return [];
    const lineStart = ctx.text.lastIndexOf('\n', first.keyStart - 1) + 1;
    const indent = ctx.text.slice(lineStart, first.keyStart);
    if (!/^ *$/.test(indent)) return [];
    return [{ title: `Add apiVersion: ${v}`, edits: [{ start: lineStart, end: lineStart, newText: `${indent}apiVersion: ${v}${eolOf(ctx.text)}` }], isPreferred: true }];
  },
};

export const workloadPodRules: PodRule[] = [templateRestartPolicy, jobRestartPolicy, activeDeadline, selectorMismatch, selectorRequired, jobSelector];
export const workloadDocumentRules: DocumentRule[] = [missingApiVersion, negativeField, progressDeadline, cronSchedule, cronName];
export const workloadRules = [...workloadPodRules, ...workloadDocumentRules];
