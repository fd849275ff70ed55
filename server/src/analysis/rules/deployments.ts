/**
 * The fields of Deployments and DaemonSets (and the ReplicaSets and
 * ReplicationControllers they share checks with), as ValidateDeploymentSpec,
 * ValidateDeploymentStrategy, ValidateRollingUpdateDeployment,
 * ValidateDaemonSetSpec, ValidateDaemonSetUpdateStrategy,
 * ValidateRollingUpdateDaemonSet (pkg/apis/apps/validation/validation.go) and
 * ValidateReadOnlyPersistentDisks (pkg/apis/core/validation, up to 1.28)
 * check them after the apps/v1 defaults (a RollingUpdate strategy with 25%
 * for a Deployment, maxUnavailable 1 and maxSurge 0 for a DaemonSet,
 * progressDeadlineSeconds 600). What every workload checks (selector,
 * template, counts) is in workloads.ts.
 */
import type { FieldNode } from '../model';
import { child, isSet, items } from '../model';
import { defineRule, type ObjectCheckContext } from './rule';
import { forbidden, invalid, required, type FieldError } from './fieldErrors';
import { atMost, changeValueFix, goString, type Replacement } from './common';
import { accepted, suggestion, VALUE_SETS, type ValueSet } from '../knowledge/values';
import { DEPLOYMENT } from './examples';
import { goJSONString, invalidRendered, jsonValues } from './stringFormats';
import { intOrPercentValue, intOrString, notMoreThan100Percent, positiveIntOrPercent, renderIntOrString, ZERO, type IntOrString } from './intOrPercent';
import { int32, workloadParts } from './workloadParts';
import { templateBlockedBySelector } from '../knowledge/kinds';

const APPS = 'pkg/apis/apps/validation/validation.go';

/** A strategy's `rollingUpdate` as the internal struct (both IntOrString fields, zero when absent); undefined when it would not decode. */
function rollingUpdateOf(ru: FieldNode): { maxUnavailable: IntOrString; maxSurge: IntOrString } | undefined {
  const mu = child(ru, 'maxUnavailable');
  const ms = child(ru, 'maxSurge');
  const u = isSet(mu) ? intOrString(mu) : ZERO;
  const s = isSet(ms) ? intOrString(ms) : ZERO;
  return u && s ? { maxUnavailable: u, maxSurge: s } : undefined;
}

/**
 * A strategy struct as a BadValue (NotSupported of an unknown type):
 * `{"Type":"X","RollingUpdate":null}` from 1.34; before, Go's %#v, whose
 * pointer to a rolling update prints as an address (shown as `0x…`).
 */
function renderStrategy(goType: string, type: string, ru: FieldNode | undefined, version: string): string | undefined {
  const r = isSet(ru) ? (ru.kind === 'map' ? rollingUpdateOf(ru) : undefined) : null;
  if (r === undefined) return undefined;
  if (jsonValues(version)) {
    const rs = r ? `{"MaxUnavailable":${renderIntOrString(r.maxUnavailable, version)},"MaxSurge":${renderIntOrString(r.maxSurge, version)}}` : 'null';
    return `{"Type":${goJSONString(type)},"RollingUpdate":${rs}}`;
  }
  return `apps.${goType}{Type:${JSON.stringify(type)}, RollingUpdate:(*apps.${goType === 'DeploymentStrategy' ? 'RollingUpdateDeployment' : 'RollingUpdateDaemonSet'})(${r ? '0x…' : 'nil'})}`;
}

/** NotSupported with the value the caller printed. */
function notSupportedRendered(path: string, rendered: string, supported: readonly string[]): FieldError {
  return { fieldPath: path, apiErrorType: 'NotSupported', message: `${path}: Unsupported value: ${rendered}: supported values: ${supported.map((s) => JSON.stringify(s)).join(', ')}` };
}

/** A Deployment's `strategy` or a DaemonSet's `updateStrategy` where a rolling update applies, with a reporter for its findings. */
interface RollingStrategy {
  strategy: FieldNode;
  /** The strategy's path. */
  P: string;
  ru: FieldNode | undefined;
  report: (f: FieldNode, on: 'key' | 'value', e: FieldError, data?: Replacement) => void;
}

/**
 * The head both strategy checks share: the strategy map and its type, the other type's rule
 * (Recreate forbids `rollingUpdate`; OnDelete has none), an unknown type as NotSupported. Returns
 * the strategy when its type is RollingUpdate (written or defaulted), else undefined.
 */
function rollingStrategy(
  ctx: ObjectCheckContext<Replacement>,
  key: 'strategy' | 'updateStrategy',
  other: 'Recreate' | 'OnDelete',
  goType: 'DeploymentStrategy' | 'DaemonSetUpdateStrategy',
  values: ValueSet,
): RollingStrategy | undefined {
  const strategy = child(child(ctx.object, 'spec'), key);
  if (!isSet(strategy) || strategy.kind !== 'map') return undefined;
  const P = strategy.path;
  const typeField = child(strategy, 'type');
  const type = goString(typeField);
  if (type === undefined) return undefined;
  const ru = child(strategy, 'rollingUpdate');
  if (isSet(ru) && ru.kind !== 'map') return undefined;
  const report = (f: FieldNode, on: 'key' | 'value', e: FieldError, data?: Replacement): void => ctx.report({ field: f, on, ...e, data });
  if (type === other) {
    if (other === 'Recreate' && isSet(ru)) report(ru, 'key', forbidden(`${P}.rollingUpdate`, "may not be specified when strategy `type` is 'Recreate'"));
    return undefined;
  }
  if (type !== '' && type !== 'RollingUpdate') {
    const rendered = renderStrategy(goType, type, ru, ctx.version);
    const supported = accepted(values, ctx.version);
    if (rendered) report(typeField!, 'value', notSupportedRendered(P, rendered, supported), { replacement: suggestion(supported, type) });
    return undefined;
  }
  return { strategy, P, ru, report };
}

const deploymentStrategy = defineRule<Replacement>({
  id: 'workload/deployment-strategy',
  severity: 'error',
  title: 'Deployment strategy: Recreate, or RollingUpdate with valid maxSurge and maxUnavailable',
  description:
    "`strategy.type` is `RollingUpdate` (the default) or `Recreate`; `rollingUpdate` goes only with `RollingUpdate`. `maxSurge` and `maxUnavailable` are each a non-negative integer or a percentage such as `25%` (a string; `\"5\"` without `%` is refused), `maxUnavailable` at most 100%, and they may not both be 0 (the rollout could never make progress). Unset, both default to 25%.",
  upstream: `ValidateDeploymentStrategy, ValidateRollingUpdateDeployment, ValidatePositiveIntOrPercent, IsNotMoreThan100Percent (${APPS})`,
  rejects: true,
  applies: { kinds: ['Deployment'] },
  example: {
    invalid: DEPLOYMENT('').replace('spec:\n  selector:', 'spec:\n  strategy:\n    rollingUpdate:\n      maxSurge: 0\n      maxUnavailable: 0\n  selector:'),
    valid: DEPLOYMENT('').replace('spec:\n  selector:', 'spec:\n  strategy:\n    rollingUpdate:\n      maxSurge: 1\n      maxUnavailable: 0\n  selector:'),
  },
  scope: 'object',
  check(ctx) {
    const st = rollingStrategy(ctx, 'strategy', 'Recreate', 'DeploymentStrategy', VALUE_SETS.deploymentStrategy);
    if (!st) return;
    const { P, ru, report } = st;
    // RollingUpdate: absent values are defaulted to 25%.
    const R = `${P}.rollingUpdate`;
    const muField = child(ru, 'maxUnavailable');
    const msField = child(ru, 'maxSurge');
    const mu = isSet(muField) ? intOrString(muField) : { str: '25%' };
    const ms = isSet(msField) ? intOrString(msField) : { str: '25%' };
    if (!mu || !ms) return;
    for (const e of positiveIntOrPercent(mu, `${R}.maxUnavailable`, ctx.version)) report(muField!, 'value', e);
    for (const e of positiveIntOrPercent(ms, `${R}.maxSurge`, ctx.version)) report(msField!, 'value', e);
    if (intOrPercentValue(mu) === 0 && intOrPercentValue(ms) === 0)
      report(muField!, 'value', invalidRendered(`${R}.maxUnavailable`, renderIntOrString(mu, ctx.version), 'may not be 0 when `maxSurge` is 0'));
    for (const e of notMoreThan100Percent(mu, `${R}.maxUnavailable`, ctx.version)) report(muField!, 'value', e);
  },
  fix: changeValueFix,
});

const daemonSetUpdateStrategy = defineRule<Replacement>({
  id: 'workload/daemonset-update-strategy',
  severity: 'error',
  title: 'DaemonSet updateStrategy: OnDelete, or RollingUpdate with exactly one of maxSurge and maxUnavailable',
  description:
    "`updateStrategy.type` is `RollingUpdate` (the default) or `OnDelete`. A rolling update either surges (`maxSurge` non-zero: a new pod starts beside the old one on each node) or takes pods down (`maxUnavailable` non-zero), never both and never neither; each is a non-negative integer or a percentage of at most 100%. Unset, `maxUnavailable` is 1 and `maxSurge` 0.",
  upstream: `ValidateDaemonSetUpdateStrategy, ValidateRollingUpdateDaemonSet, ValidatePositiveIntOrPercent, IsNotMoreThan100Percent (${APPS})`,
  rejects: true,
  applies: { kinds: ['DaemonSet'] },
  example: {
    invalid: DEPLOYMENT('')
      .replace('kind: Deployment', 'kind: DaemonSet')
      .replace('spec:\n  selector:', 'spec:\n  updateStrategy:\n    rollingUpdate:\n      maxSurge: 1\n  selector:'),
    valid: DEPLOYMENT('')
      .replace('kind: Deployment', 'kind: DaemonSet')
      .replace('spec:\n  selector:', 'spec:\n  updateStrategy:\n    rollingUpdate:\n      maxSurge: 1\n      maxUnavailable: 0\n  selector:'),
  },
  scope: 'object',
  check(ctx) {
    const st = rollingStrategy(ctx, 'updateStrategy', 'OnDelete', 'DaemonSetUpdateStrategy', VALUE_SETS.daemonSetUpdateStrategy);
    if (!st) return;
    const { P, ru, strategy, report } = st;
    const R = `${P}.rollingUpdate`;
    const muField = child(ru, 'maxUnavailable');
    const msField = child(ru, 'maxSurge');
    const mu = isSet(muField) ? intOrString(muField) : { int: 1 };
    const ms = isSet(msField) ? intOrString(msField) : { int: 0 };
    if (!mu || !ms) return;
    const anchor = (f: FieldNode | undefined): FieldNode => f ?? ru ?? strategy;
    for (const e of positiveIntOrPercent(mu, `${R}.maxUnavailable`, ctx.version)) report(muField!, 'value', e);
    for (const e of positiveIntOrPercent(ms, `${R}.maxSurge`, ctx.version)) report(msField!, 'value', e);
    for (const e of notMoreThan100Percent(mu, `${R}.maxUnavailable`, ctx.version)) report(muField!, 'value', e);
    for (const e of notMoreThan100Percent(ms, `${R}.maxSurge`, ctx.version)) report(msField!, 'value', e);
    const hasUnavailable = intOrPercentValue(mu) !== 0;
    const hasSurge = intOrPercentValue(ms) !== 0;
    if (hasUnavailable && hasSurge)
      report(anchor(msField), isSet(msField) ? 'value' : 'key', invalidRendered(`${R}.maxSurge`, renderIntOrString(ms, ctx.version), 'may not be set when maxUnavailable is non-zero'));
    else if (!hasUnavailable && !hasSurge) report(anchor(muField), isSet(muField) ? 'value' : 'key', required(`${R}.maxUnavailable`, 'cannot be 0 when maxSurge is 0'));
  },
  fix: changeValueFix,
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
    const pds = isSet(pf) ? int32(pf) : 600;
    const mrs = isSet(mf) ? int32(mf) : 0;
    if (pds === undefined || mrs === undefined || pds > mrs) return;
    const anchor = isSet(pf) ? pf : mf!;
    ctx.report({ field: anchor, on: 'value', ...invalid(`${spec.path}.progressDeadlineSeconds`, pds, 'must be greater than minReadySeconds') });
  },
});

const gcePersistentDiskReadOnly = defineRule({
  id: 'workload/gce-pd-read-only',
  severity: 'error',
  title: 'A GCE persistent disk shared by several pods must be read-only (up to 1.28)',
  description:
    'A GCE persistent disk can be attached to several machines only read-only. Up to Kubernetes 1.28 the API server refuses a writable `gcePersistentDisk` volume in a DaemonSet, and in a Deployment, ReplicaSet or ReplicationController with more than one replica: set `readOnly: true`, or use a claim per pod (a StatefulSet).',
  upstream: `ValidateReadOnlyPersistentDisks (pkg/apis/core/validation/validation.go), from ValidateDaemonSetSpec and ValidatePodTemplateSpecForReplicaSet (${APPS}) and ValidatePodTemplateSpecForRC`,
  rejects: true,
  applies: { kinds: ['Deployment', 'ReplicaSet', 'ReplicationController', 'DaemonSet'], until: '1.28' },
  example: {
    invalid: DEPLOYMENT('      volumes:\n      - name: data\n        gcePersistentDisk:\n          pdName: data\n').replace('spec:\n  selector:', 'spec:\n  replicas: 3\n  selector:'),
    valid: DEPLOYMENT('      volumes:\n      - name: data\n        gcePersistentDisk:\n          pdName: data\n          readOnly: true\n').replace('spec:\n  selector:', 'spec:\n  replicas: 3\n  selector:'),
  },
  scope: 'object',
  check(ctx) {
    const parts = workloadParts(ctx.object, ctx.kind);
    if (!parts?.podSpec || parts.broken || templateBlockedBySelector(ctx.object, ctx.kind, ctx.version)) return;
    if (ctx.kind !== 'DaemonSet') {
      const replicas = child(parts.holder, 'replicas');
      const n = isSet(replicas) ? int32(replicas) : 1;
      if (n === undefined || n <= 1) return;
    }
    items(child(parts.podSpec, 'volumes')).forEach((vol, i) => {
      const pd = child(vol, 'gcePersistentDisk');
      if (!isSet(pd) || pd.kind !== 'map') return;
      const ro = child(pd, 'readOnly');
      if (isSet(ro) && !(ro.kind === 'scalar' && typeof ro.value === 'boolean')) return;
      if (isSet(ro) && ro.value === true) return;
      const path = `${parts.templatePath}.spec.volumes[${i}].gcePersistentDisk.readOnly`;
      ctx.report({
        field: ro ?? pd,
        on: ro ? 'value' : 'key',
        ...invalid(path, false, 'must be true for replicated pods > 1; GCE PD can only be mounted on multiple machines if it is read-only'),
      });
    });
  },
});

void atMost;

export const deploymentRules = [deploymentStrategy, daemonSetUpdateStrategy, progressDeadline, gcePersistentDiskReadOnly];
