/**
 * A StatefulSet's own fields, as ValidateStatefulSetSpec,
 * validateRollingUpdateStatefulSet, ValidatePersistentVolumeClaimRetentionPolicy
 * and validateVolumeClaimTemplates (pkg/apis/apps/validation/validation.go)
 * check them on create, after the apps/v1 defaults (OrderedReady,
 * RollingUpdate with partition 0, Retain) and the dropping of
 * `rollingUpdate.maxUnavailable` while MaxUnavailableStatefulSet is off
 * (up to 1.36): podManagementPolicy, updateStrategy, the claim retention
 * policy, serviceName (from 1.33), the claim templates' specs and names
 * (from 1.34: each claim template becomes a persistentVolumeClaim volume of
 * the validated pod template, placed before the pod's own volumes; see
 * knowledge/volumes.ts). What every workload checks is in workloads.ts.
 */
import type { FieldNode } from '../model';
import { child, isSet, items } from '../model';
import { defineRule } from './rule';
import { invalid, required, type FieldError } from './fieldErrors';
import { atLeast, changeValueFix, checkValue, droppedByGate, goString, reportIssues, Issues, type Issue, type Replacement } from './common';
import { VALUE_SETS } from '../knowledge/values';
import { claimTemplateVolumes } from '../knowledge/volumes';
import { templateBlockedBySelector } from '../knowledge/kinds';
import { DEPLOYMENT } from './examples';
import { dns1123Label, goJSONString, invalidRendered, jsonValues } from './stringFormats';
import { intOrPercentValue, intOrString, notMoreThan100Percent, positiveIntOrPercent, renderIntOrString } from './intOrPercent';
import { checkClaimSpec } from './volumeSources';
import { int32 } from './workloadParts';

const APPS = 'pkg/apis/apps/validation/validation.go';

/** A StatefulSet example: the Deployment example with the StatefulSet's own lines before its selector. */
const STATEFULSET = (lines: string, tail = ''): string =>
  DEPLOYMENT('').replace('kind: Deployment', 'kind: StatefulSet').replace('spec:\n  selector:', `spec:\n  serviceName: web\n${lines}  selector:`) + tail;

/** MaxUnavailableStatefulSet: on by default from 1.37 (before, rollingUpdate.maxUnavailable is dropped on create). */
const maxUnavailableOn = (version: string): boolean => atLeast(version, '1.37');

const podManagementPolicy = defineRule<Replacement>({
  id: 'workload/statefulset-pod-management-policy',
  severity: 'error',
  title: "podManagementPolicy must be 'OrderedReady' or 'Parallel'",
  description: '`podManagementPolicy` is `OrderedReady` (the default: pods are created and removed one at a time, in order) or `Parallel` (all at once).',
  upstream: `ValidateStatefulSetSpec, ${APPS}`,
  rejects: true,
  applies: { kinds: ['StatefulSet'] },
  example: { invalid: STATEFULSET('  podManagementPolicy: parallel\n'), valid: STATEFULSET('  podManagementPolicy: Parallel\n') },
  scope: 'object',
  check(ctx) {
    const f = child(child(ctx.object, 'spec'), 'podManagementPolicy');
    const v = goString(f);
    // An empty value is defaulted to OrderedReady.
    if (!isSet(f) || v === undefined || v === '' || v === 'OrderedReady' || v === 'Parallel') return;
    const rendered = jsonValues(ctx.version) ? goJSONString(v) : JSON.stringify(v);
    ctx.report({ field: f, on: 'value', ...invalidRendered(f.path, rendered, "must be 'OrderedReady' or 'Parallel'"), data: { replacement: ['OrderedReady', 'Parallel'].find((x) => x.toLowerCase() === v.toLowerCase()) } });
  },
  fix: changeValueFix,
});

/** A RollingUpdateStatefulSetStrategy as a BadValue (partition 0 when absent; maxUnavailable dropped while its gate is off). */
function renderRollingUpdate(ru: FieldNode, version: string): string | undefined {
  const pf = child(ru, 'partition');
  const partition = isSet(pf) ? int32(pf) : 0;
  const muf = child(ru, 'maxUnavailable');
  const mu = isSet(muf) && maxUnavailableOn(version) ? intOrString(muf) : null;
  if (partition === undefined || mu === undefined) return undefined;
  if (jsonValues(version)) return `{"Partition":${partition},"MaxUnavailable":${mu ? renderIntOrString(mu, version) : 'null'}}`;
  return `apps.RollingUpdateStatefulSetStrategy{Partition:${partition}, MaxUnavailable:(*intstr.IntOrString)(${mu ? '0x…' : 'nil'})}`;
}

const updateStrategy = defineRule({
  id: 'workload/statefulset-update-strategy',
  severity: 'error',
  title: "StatefulSet updateStrategy: 'RollingUpdate' (with a valid partition and maxUnavailable) or 'OnDelete'",
  description:
    '`updateStrategy.type` is `RollingUpdate` (the default) or `OnDelete`; `rollingUpdate` goes only with `RollingUpdate`. Its `partition` is 0 or more; `maxUnavailable` (from 1.37, before which the API server drops it) is a positive integer or a percentage of at most 100%, not 0.',
  upstream: `ValidateStatefulSetSpec, validateRollingUpdateStatefulSet (${APPS})`,
  rejects: true,
  applies: { kinds: ['StatefulSet'] },
  example: {
    invalid: STATEFULSET('  updateStrategy:\n    type: OnDelete\n    rollingUpdate:\n      partition: 2\n'),
    valid: STATEFULSET('  updateStrategy:\n    type: RollingUpdate\n    rollingUpdate:\n      partition: 2\n'),
  },
  scope: 'object',
  check(ctx) {
    const { version } = ctx;
    const strategy = child(child(ctx.object, 'spec'), 'updateStrategy');
    if (!isSet(strategy) || strategy.kind !== 'map') return;
    const P = strategy.path;
    const typeField = child(strategy, 'type');
    const type = goString(typeField);
    const ru = child(strategy, 'rollingUpdate');
    if (type === undefined || (isSet(ru) && ru.kind !== 'map')) return;
    const report = (f: FieldNode, on: 'key' | 'value', e: FieldError): void => ctx.report({ field: f, on, ...e });
    if (type === 'OnDelete') {
      if (!isSet(ru)) return;
      const rendered = renderRollingUpdate(ru, version);
      if (rendered) report(ru, 'key', invalidRendered(`${P}.rollingUpdate`, rendered, "only allowed for updateStrategy 'RollingUpdate'"));
      return;
    }
    if (type !== '' && type !== 'RollingUpdate') {
      // Recreate needs StatefulSetRecreateStrategy (alpha, off by default in 1.37): refused like any other value.
      const r = isSet(ru) ? renderRollingUpdate(ru, version) : 'null';
      if (r === undefined) return;
      const rendered = jsonValues(version)
        ? `{"Type":${goJSONString(type)},"RollingUpdate":${r}}`
        : `apps.StatefulSetUpdateStrategy{Type:${JSON.stringify(type)}, RollingUpdate:(*apps.RollingUpdateStatefulSetStrategy)(${isSet(ru) ? '0x…' : 'nil'})}`;
      report(typeField!, 'value', invalidRendered(P, rendered, "must be 'RollingUpdate' or 'OnDelete'"));
      return;
    }
    if (!isSet(ru)) return;
    const pf = child(ru, 'partition');
    const partition = int32(pf);
    if (pf && partition !== undefined && partition < 0) report(pf, 'value', invalid(`${P}.rollingUpdate.partition`, partition, 'must be greater than or equal to 0'));
    const muf = child(ru, 'maxUnavailable');
    if (!isSet(muf) || !maxUnavailableOn(version)) return;
    const mu = intOrString(muf);
    if (!mu) return;
    const M = `${P}.rollingUpdate.maxUnavailable`;
    for (const e of positiveIntOrPercent(mu, M, version)) report(muf, 'value', e);
    if (intOrPercentValue(mu) === 0) report(muf, 'value', invalidRendered(M, renderIntOrString(mu, version), 'cannot be 0'));
    for (const e of notMoreThan100Percent(mu, M, version)) report(muf, 'value', e);
  },
});

const maxUnavailableGated = defineRule({
  id: 'workload/statefulset-max-unavailable-gated',
  severity: 'warning',
  title: 'StatefulSet rollingUpdate.maxUnavailable is dropped before 1.37',
  description:
    '`updateStrategy.rollingUpdate.maxUnavailable` needs the MaxUnavailableStatefulSet feature gate, off by default up to Kubernetes 1.36: the API server silently drops the field and updates one pod at a time.',
  applies: { kinds: ['StatefulSet'], until: '1.36' },
  example: { invalid: STATEFULSET('  updateStrategy:\n    rollingUpdate:\n      maxUnavailable: 2\n') },
  scope: 'object',
  check(ctx) {
    const ru = child(child(child(ctx.object, 'spec'), 'updateStrategy'), 'rollingUpdate');
    const muf = child(ru, 'maxUnavailable');
    if (!isSet(muf) || !muf.def) return;
    ctx.report({ field: muf, on: 'key', message: droppedByGate(muf.path, 'MaxUnavailableStatefulSet', ctx.version, '1.37'), fieldPath: muf.path });
  },
});

const claimRetentionPolicy = defineRule<Replacement>({
  id: 'workload/statefulset-claim-retention-policy',
  severity: 'error',
  title: 'persistentVolumeClaimRetentionPolicy takes Retain or Delete',
  description: "`persistentVolumeClaimRetentionPolicy.whenDeleted` and `.whenScaled` say what happens to the StatefulSet's claims when it is deleted or scaled down: `Retain` (the default) or `Delete`.",
  upstream: `ValidatePersistentVolumeClaimRetentionPolicy, ${APPS}`,
  rejects: true,
  applies: { kinds: ['StatefulSet'] },
  example: {
    invalid: STATEFULSET('  persistentVolumeClaimRetentionPolicy:\n    whenDeleted: delete\n'),
    valid: STATEFULSET('  persistentVolumeClaimRetentionPolicy:\n    whenDeleted: Delete\n'),
  },
  scope: 'object',
  check(ctx) {
    const policy = child(child(ctx.object, 'spec'), 'persistentVolumeClaimRetentionPolicy');
    if (!isSet(policy) || policy.kind !== 'map') return;
    // An empty value is defaulted to Retain.
    checkValue(ctx, child(policy, 'whenDeleted'), VALUE_SETS.claimRetentionWhenDeleted, { empty: 'defaulted' });
    checkValue(ctx, child(policy, 'whenScaled'), VALUE_SETS.claimRetentionWhenScaled, { empty: 'defaulted' });
  },
  fix: changeValueFix,
});

const serviceName = defineRule({
  id: 'workload/statefulset-service-name',
  severity: 'error',
  title: 'serviceName must be a DNS label (from 1.33)',
  description:
    "`serviceName` names the headless Service that gives the StatefulSet's pods their DNS names (`<pod>.<serviceName>`): a lowercase RFC 1123 label. From Kubernetes 1.33 the API server refuses anything else on create.",
  upstream: `ValidateStatefulSetSpec (ValidateDNS1123Label), ${APPS}`,
  rejects: true,
  applies: { kinds: ['StatefulSet'], since: '1.33' },
  example: { invalid: STATEFULSET('').replace('serviceName: web', 'serviceName: web.svc'), valid: STATEFULSET('') },
  scope: 'object',
  check(ctx) {
    const f = child(child(ctx.object, 'spec'), 'serviceName');
    const v = goString(f);
    if (!f || !v) return;
    for (const m of dns1123Label(v)) ctx.report({ field: f, on: 'value', ...invalid(f.path, v, m) });
  },
});

type ClaimData = { 'workload/statefulset-claim-template': Replacement };

const claimTemplates = defineRule<Replacement>({
  id: 'workload/statefulset-claim-template',
  severity: 'error',
  title: 'StatefulSet volumeClaimTemplates need access modes, a storage request and a volume name (from 1.34)',
  description:
    "From Kubernetes 1.34 the API server validates each of `volumeClaimTemplates` as it validates a PersistentVolumeClaim's spec — at least one access mode, `resources.requests.storage` greater than zero, a valid `storageClassName`, `volumeMode`, data source — and validates the pod template with one `persistentVolumeClaim` volume per claim template, named after it, placed before the pod's own volumes: the claim template's `metadata.name` must be a volume name (a DNS label), and errors of the pod's own volumes name their index in that list.",
  upstream: `validateVolumeClaimTemplates, ValidateStatefulSetSpec (${APPS}); ValidatePersistentVolumeClaimSpec, ValidateVolumes (pkg/apis/core/validation/validation.go)`,
  rejects: true,
  applies: { kinds: ['StatefulSet'], since: '1.34' },
  example: {
    invalid: STATEFULSET('', '  volumeClaimTemplates:\n  - metadata:\n      name: data\n    spec:\n      resources:\n        requests:\n          storage: 1Gi\n'),
    valid: STATEFULSET('', '  volumeClaimTemplates:\n  - metadata:\n      name: data\n    spec:\n      accessModes: ["ReadWriteOnce"]\n      resources:\n        requests:\n          storage: 1Gi\n'),
  },
  scope: 'object',
  check(ctx) {
    const spec = child(ctx.object, 'spec');
    const list = child(spec, 'volumeClaimTemplates');
    if (!isSet(list) || list.kind !== 'seq') return;
    const out = new Issues<ClaimData>(ctx.version);
    const sink = out.sink('workload/statefulset-claim-template');
    items(list).forEach((t) => {
      if (t.kind !== 'map') return;
      checkClaimSpec(sink, child(t, 'spec'), `${t.path}.spec`, t);
    });
    // The claim templates' volumes, as ValidateVolumes checks them at their place in the validated template.
    // The template (with these volumes) is validated only when the selector converts.
    const vols = templateBlockedBySelector(ctx.object, ctx.kind, ctx.version) ? undefined : claimTemplateVolumes(ctx.object);
    const templatePath = `${spec!.path}.template.spec`;
    if (vols) {
      vols.forEach((v, k) => {
        const V = `${templatePath}.volumes[${k}]`;
        const anchor = v.nameField ?? v.template;
        const errs: FieldError[] = [];
        if (v.name === '') errs.push(required(`${V}.name`), required(`${V}.persistentVolumeClaim.claimName`));
        else for (const m of dns1123Label(v.name)) errs.push(invalid(`${V}.name`, v.name, m));
        for (const e of errs) sink.report({ field: anchor, on: v.nameField ? 'value' : 'key', ...e });
      });
    }
    reportIssues(ctx, out.list as Issue<ClaimData>[], 'workload/statefulset-claim-template');
  },
  fix: changeValueFix,
});

export const statefulSetRules = [podManagementPolicy, updateStrategy, maxUnavailableGated, claimRetentionPolicy, serviceName, claimTemplates];
