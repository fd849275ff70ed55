/**
 * Env rules: container `env` and `envFrom` as the API server validates them
 * (ValidateEnv, validateEnvVarValueFrom, validateConfigMapKeySelector,
 * validateSecretKeySelector, validateFileKeySelector, validateFileKeyRefVolumes
 * and ValidateEnvFrom in pkg/apis/core/validation/validation.go), for init,
 * app and ephemeral containers alike. The downward API selectors are shared
 * with downwardAPI volumes (downwardApi.ts), the string formats are in
 * stringFormats.ts.
 *
 * One analysis per pod spec and release walks every env entry, as upstream
 * does; each rule reports the issues it found under the rule's id.
 */
import type { FieldNode, PodSpecModel } from '../model';
import { child, isSet, items } from '../model';
import { defineRule } from './rule';
import { forbidden, invalid, notFound, required } from './fieldErrors';
import { DOWNWARD_API_FIELD_PATHS } from '../knowledge/values';
import { isEmptyDirAfterDefaults } from '../knowledge/volumes';
import { claimTemplates } from '../knowledge/names';
import { Issues, atLeast, changeValueFix, droppedByGate, goString, hasUnknownKey, isMap, known, memo, reportIssues, type Issue, type Replacement } from './common';
import { checkObjectFieldSelector, checkResourceFieldSelector } from './downwardApi';
import { configMapKey, dns1123Label, envVarName, nameIsDNSSubdomain, pathNoBacksteps, relaxedEnvVarName } from './stringFormats';
import { CONTAINERS, snippet } from './examples';

const R = {
  name: 'pod/env-name',
  valueFrom: 'pod/env-value-from',
  fieldRef: 'pod/env-field-ref',
  resourceFieldRef: 'pod/env-resource-field-ref',
  keyRef: 'pod/env-key-ref',
  fileKeyRef: 'pod/env-file-key-ref',
  fileKeyRefGated: 'pod/env-file-key-ref-gated',
  fromSource: 'pod/env-from-source',
  fromPrefix: 'pod/env-from-prefix',
  fromName: 'pod/env-from-name',
} as const;

/** What each rule's fix needs. */
type EnvData = { [K in (typeof R)[keyof typeof R]]: K extends typeof R.fieldRef | typeof R.resourceFieldRef ? Replacement : undefined };

// ---------------------------------------------------------------------------
// The analysis
// ---------------------------------------------------------------------------

/** EnvFiles: alpha (off) in 1.34, beta (on) from 1.35. */
const fileKeyRefHonoured = (version: string): boolean => atLeast(version, '1.35');

/** validateConfigMapKeySelector, validateSecretKeySelector. */
function checkKeySelector(out: Issues<EnvData>, ks: FieldNode): void {
  const name = goString(child(ks, 'name'));
  const key = goString(child(ks, 'key'));
  // Both selectors use ValidateSecretName: an empty name is Invalid, not Required.
  if (name !== undefined) for (const msg of nameIsDNSSubdomain(name, false)) out.at(R.keyRef, ks, 'name', invalid(`${ks.path}.name`, name, msg));
  if (key === '') out.at(R.keyRef, ks, 'key', required(`${ks.path}.key`));
  else if (key !== undefined) for (const msg of configMapKey(key)) out.at(R.keyRef, ks, 'key', invalid(`${ks.path}.key`, key, msg));
}

/** validateFileKeySelector. */
function checkFileKeySelector(out: Issues<EnvData>, fk: FieldNode): void {
  const key = goString(child(fk, 'key'));
  const volumeName = goString(child(fk, 'volumeName'));
  const path = goString(child(fk, 'path'));
  if (key === '') out.at(R.fileKeyRef, fk, 'key', required(`${fk.path}.key`));
  else if (key !== undefined) for (const msg of relaxedEnvVarName(key)) out.at(R.fileKeyRef, fk, 'key', invalid(`${fk.path}.key`, key, msg));
  if (volumeName === '') out.at(R.fileKeyRef, fk, 'volumeName', required(`${fk.path}.volumeName`));
  else if (volumeName !== undefined)
    for (const msg of dns1123Label(volumeName)) out.at(R.fileKeyRef, fk, 'volumeName', invalid(`${fk.path}.volumeName`, volumeName, msg));
  if (path === '') out.at(R.fileKeyRef, fk, 'path', required(`${fk.path}.path`));
  else if (path !== undefined) for (const msg of pathNoBacksteps(path)) out.at(R.fileKeyRef, fk, 'path', invalid(`${fk.path}.path`, path, msg));
}

/** validateEnvVarValueFrom. */
function checkValueFrom(out: Issues<EnvData>, ev: FieldNode, vf: FieldNode): void {
  const { version } = out;
  const V = vf.path;
  let sources = 0;
  const fieldRef = child(vf, 'fieldRef');
  if (isSet(fieldRef)) {
    sources++;
    if (isMap(fieldRef)) {
      checkObjectFieldSelector(out.sink(R.fieldRef), fieldRef, fieldRef.path, DOWNWARD_API_FIELD_PATHS.env);
      // validateDownwardAPIHostIPs: PodHostIPs was alpha (off) in 1.28.
      if (version === '1.28' && goString(child(fieldRef, 'fieldPath')) === 'status.hostIPs')
        out.add(R.fieldRef, fieldRef, 'key', forbidden(`${V}.fieldRef`, "may not be set when feature gate 'PodHostIPs' is not enabled"));
    }
  }
  const resourceFieldRef = child(vf, 'resourceFieldRef');
  if (isSet(resourceFieldRef)) {
    sources++;
    if (isMap(resourceFieldRef)) checkResourceFieldSelector(out.sink(R.resourceFieldRef), resourceFieldRef, resourceFieldRef.path, false);
  }
  for (const k of ['configMapKeyRef', 'secretKeyRef']) {
    const ks = child(vf, k);
    if (!isSet(ks)) continue;
    sources++;
    if (isMap(ks)) checkKeySelector(out, ks);
  }
  const fileKeyRef = child(vf, 'fileKeyRef');
  if (isSet(fileKeyRef) && known(fileKeyRef, version)) {
    if (fileKeyRefHonoured(version)) {
      sources++;
      if (isMap(fileKeyRef)) checkFileKeySelector(out, fileKeyRef);
    } else {
      out.warn(R.fileKeyRefGated, fileKeyRef, 'key', droppedByGate(`${V}.fileKeyRef`, 'EnvFiles', version, '1.35'), `${V}.fileKeyRef`);
    }
  }
  const value = goString(child(ev, 'value'));
  if (sources === 0) {
    // A key this release does not know (a typo, a newer field) fails decoding first: the schema family says so.
    if (hasUnknownKey(vf, version)) return;
    const detail = fileKeyRefHonoured(version)
      ? 'must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef`, `secretKeyRef` or `fileKeyRef`'
      : 'must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`';
    out.add(R.valueFrom, vf, 'key', invalid(V, '', detail));
  } else if (value === undefined) {
    return;
  } else if (value !== '') {
    out.add(R.valueFrom, vf, 'key', invalid(V, '', 'may not be specified when `value` is not empty'));
  } else if (sources > 1) {
    out.add(R.valueFrom, vf, 'key', invalid(V, '', 'may not have more than one field specified at a time'));
  }
}

/** ValidateEnvFrom. */
function checkEnvFrom(out: Issues<EnvData>, list: FieldNode): void {
  for (const ef of items(list)) {
    if (ef.kind !== 'map') continue;
    const prefix = goString(child(ef, 'prefix'));
    if (prefix) for (const msg of envVarName(prefix, out.version)) out.at(R.fromPrefix, ef, 'prefix', invalid(`${ef.path}.prefix`, prefix, msg));
    let sources = 0;
    for (const k of ['configMapRef', 'secretRef']) {
      const ref = child(ef, k);
      if (!isSet(ref)) continue;
      sources++;
      if (!isMap(ref)) continue;
      const name = goString(child(ref, 'name'));
      if (name === '') out.at(R.fromName, ref, 'name', required(`${ref.path}.name`));
      else if (name !== undefined) for (const msg of nameIsDNSSubdomain(name, true)) out.at(R.fromName, ref, 'name', invalid(`${ref.path}.name`, name, msg));
    }
    // These two carry the list's path, without the entry's index, exactly as upstream reports them.
    if (sources === 0 && !hasUnknownKey(ef, out.version)) out.add(R.fromSource, ef, 'key', invalid(list.path, '', 'must specify one of: `configMapRef` or `secretRef`'));
    else if (sources > 1) out.add(R.fromSource, ef, 'key', invalid(list.path, '', 'may not have more than one field specified at a time'));
  }
}

/**
 * validateFileKeyRefVolumes: the volume a fileKeyRef names must exist and be
 * an emptyDir (after defaulting). Where two volumes share a name the last one
 * counts, as in upstream's map; in a StatefulSet, whose template
 * ValidateStatefulSetSpec validates with a persistentVolumeClaim volume for
 * each claim template instead of a pod volume of its name, a claim template
 * is a volume that is no emptyDir.
 */
function checkFileKeyRefVolumes(out: Issues<EnvData>, pod: PodSpecModel): void {
  const emptyDir = new Map<string, boolean>();
  for (const v of items(child(pod.field, 'volumes'))) {
    if (v.kind !== 'map') continue;
    const name = goString(child(v, 'name'));
    if (name !== undefined) emptyDir.set(name, isEmptyDirAfterDefaults(v, out.version));
  }
  for (const t of claimTemplates(pod)) emptyDir.set(t.name, false);
  for (const c of pod.containers) {
    for (const ev of items(child(c.field, 'env'))) {
      const fk = child(child(ev, 'valueFrom'), 'fileKeyRef');
      if (!isMap(fk)) continue;
      const name = goString(child(fk, 'volumeName'));
      if (name === undefined) continue;
      const isEmptyDir = emptyDir.get(name);
      const path = `${fk.path}.volumeName`;
      if (isEmptyDir === undefined) out.at(R.fileKeyRef, fk, 'volumeName', notFound(path, name));
      else if (!isEmptyDir) out.at(R.fileKeyRef, fk, 'volumeName', invalid(path, name, 'referenced volume must be of type emptyDir'));
    }
  }
}

/** ValidateEnv and ValidateEnvFrom for every container, then validateFileKeyRefVolumes. */
const analyseEnv = memo((pod: PodSpecModel, version: string): readonly Issue<EnvData>[] => {
  const out = new Issues<EnvData>(version);
  for (const c of pod.containers) {
    for (const ev of items(child(c.field, 'env'))) {
      if (ev.kind !== 'map') continue;
      const name = goString(child(ev, 'name'));
      if (name === '') out.at(R.name, ev, 'name', required(`${ev.path}.name`));
      else if (name !== undefined) for (const msg of envVarName(name, version)) out.at(R.name, ev, 'name', invalid(`${ev.path}.name`, name, msg));
      const vf = child(ev, 'valueFrom');
      if (isMap(vf)) checkValueFrom(out, ev, vf);
    }
    const envFrom = child(c.field, 'envFrom');
    if (envFrom) checkEnvFrom(out, envFrom);
  }
  if (fileKeyRefHonoured(version)) checkFileKeyRefVolumes(out, pod);
  return out.list;
});

// ---------------------------------------------------------------------------
// The rules
// ---------------------------------------------------------------------------

const UP = 'pkg/apis/core/validation/validation.go';
const POD = (containers: string): string => snippet(`${CONTAINERS}${containers}`);

const envName = defineRule({
  id: R.name,
  severity: 'error',
  title: 'Environment variable name missing or not allowed',
  upstream: `ValidateEnv (${UP}); IsEnvVarName / IsRelaxedEnvVarName (k8s.io/apimachinery/pkg/util/validation)`,
  rejects: true,
  description:
    'Every `env` entry needs a `name`. Up to Kubernetes 1.31 a name must match `[-._a-zA-Z][-._a-zA-Z0-9]*` and must not be `.`, `..` or start with `..` (so `1ST_PORT` or `MY VAR` are rejected). From 1.32 (RelaxedEnvironmentVariableValidation, on by default) any printable ASCII character except `=` is allowed. Set `podPatterns.kubernetesVersion` to the cluster you deploy to, or rename the variable to the strict form, which every release accepts.',
  example: {
    invalid: POD('    env:\n    - name: 1ST_PORT\n      value: "8080"\n'),
    valid: POD('    env:\n    - name: FIRST_PORT\n      value: "8080"\n'),
  },
  scope: 'pod',
  check: (ctx) => reportIssues(ctx, analyseEnv(ctx.pod, ctx.version), R.name),
});

const valueFrom = defineRule({
  id: R.valueFrom,
  severity: 'error',
  title: '`valueFrom` must have exactly one source and no `value` beside it',
  upstream: `validateEnvVarValueFrom (${UP})`,
  rejects: true,
  description:
    '`valueFrom` takes exactly one of `fieldRef`, `resourceFieldRef`, `configMapKeyRef`, `secretKeyRef` (and `fileKeyRef` from 1.35), and cannot be combined with a non-empty `value`. An empty `valueFrom: {}` or one whose only source is a field the release drops (`fileKeyRef` in 1.34) is rejected too.',
  example: {
    invalid: POD('    env:\n    - name: MODE\n      value: prod\n      valueFrom:\n        configMapKeyRef:\n          name: settings\n          key: mode\n'),
    valid: POD('    env:\n    - name: MODE\n      valueFrom:\n        configMapKeyRef:\n          name: settings\n          key: mode\n'),
  },
  scope: 'pod',
  check: (ctx) => reportIssues(ctx, analyseEnv(ctx.pod, ctx.version), R.valueFrom),
});

const fieldRef = defineRule<Replacement>({
  id: R.fieldRef,
  severity: 'error',
  title: '`fieldRef` reads a field the downward API does not offer to env vars',
  upstream: `validateObjectFieldSelector (${UP}); ConvertDownwardAPIFieldLabel (pkg/apis/core/pods/helpers.go)`,
  rejects: true,
  description:
    "Env vars can read `metadata.name`, `metadata.namespace`, `metadata.uid`, `spec.nodeName`, `spec.serviceAccountName`, `status.hostIP`, `status.hostIPs` (1.28+; rejected in 1.28 where PodHostIPs was off), `status.podIP`, `status.podIPs`, and single labels or annotations written `metadata.labels['key']` (single quotes). Whole `metadata.labels` or `metadata.annotations` only work in a downwardAPI volume.",
  example: {
    invalid: POD('    env:\n    - name: PHASE\n      valueFrom:\n        fieldRef:\n          fieldPath: status.phase\n'),
    valid: POD("    env:\n    - name: APP\n      valueFrom:\n        fieldRef:\n          fieldPath: metadata.labels['app']\n"),
  },
  fix: changeValueFix,
  scope: 'pod',
  check: (ctx) => reportIssues(ctx, analyseEnv(ctx.pod, ctx.version), R.fieldRef),
});

const resourceFieldRef = defineRule<Replacement>({
  id: R.resourceFieldRef,
  severity: 'error',
  title: '`resourceFieldRef` names an unknown resource or an unsupported divisor',
  upstream: `validateContainerResourceFieldSelector, validateContainerResourceDivisor (${UP})`,
  rejects: true,
  description:
    '`resource` is one of `limits.cpu`, `limits.memory`, `limits.ephemeral-storage`, the same three under `requests.`, or a `limits.hugepages-<size>` / `requests.hugepages-<size>`. The `divisor` must be `1m` or `1` for cpu, and a power of 1000 or 1024 with mantissa 1 (`1`, `1Ki`, `1Mi`, `1M`, ...) for memory, ephemeral storage and huge pages.',
  example: {
    invalid: POD('    env:\n    - name: MEM\n      valueFrom:\n        resourceFieldRef:\n          resource: limits.memory\n          divisor: 2Mi\n'),
    valid: POD('    env:\n    - name: MEM\n      valueFrom:\n        resourceFieldRef:\n          resource: limits.memory\n          divisor: 1Mi\n'),
  },
  fix: changeValueFix,
  scope: 'pod',
  check: (ctx) => reportIssues(ctx, analyseEnv(ctx.pod, ctx.version), R.resourceFieldRef),
});

const keyRef = defineRule({
  id: R.keyRef,
  severity: 'error',
  title: '`configMapKeyRef` / `secretKeyRef` with a bad name or key',
  upstream: `validateConfigMapKeySelector, validateSecretKeySelector (${UP})`,
  rejects: true,
  description:
    "The referenced object's `name` must be a DNS subdomain (lower case, digits, `-` and `.`); an empty name is rejected as invalid. The `key` is required and must consist of letters, digits, `-`, `_` and `.` (at most 253 characters, not `.`, `..` or starting with `..`).",
  example: {
    invalid: POD('    env:\n    - name: PASSWORD\n      valueFrom:\n        secretKeyRef:\n          name: DB_Secret\n          key: password\n'),
    valid: POD('    env:\n    - name: PASSWORD\n      valueFrom:\n        secretKeyRef:\n          name: db-secret\n          key: password\n'),
  },
  scope: 'pod',
  check: (ctx) => reportIssues(ctx, analyseEnv(ctx.pod, ctx.version), R.keyRef),
});

const fileKeyRef = defineRule({
  id: R.fileKeyRef,
  severity: 'error',
  title: '`fileKeyRef` with a bad key, path or volume',
  upstream: `validateFileKeySelector, validateFileKeyRefVolumes (${UP})`,
  rejects: true,
  applies: { since: '1.35' },
  description:
    '`fileKeyRef` (EnvFiles, on by default from 1.35) reads a variable from a file in an `emptyDir` volume of the pod. `key`, `volumeName` and `path` are required; the volume must be declared in `spec.volumes` and be an emptyDir (a volume with no source is one); `path` must not contain `..`.',
  example: {
    invalid: POD(
      '    env:\n    - name: TOKEN\n      valueFrom:\n        fileKeyRef:\n          volumeName: config\n          path: env/../token.env\n          key: TOKEN\n  volumes:\n  - name: config\n    configMap:\n      name: app\n',
    ),
    valid: POD(
      '    env:\n    - name: TOKEN\n      valueFrom:\n        fileKeyRef:\n          volumeName: shared\n          path: token.env\n          key: TOKEN\n  volumes:\n  - name: shared\n    emptyDir: {}\n',
    ),
  },
  scope: 'pod',
  check: (ctx) => reportIssues(ctx, analyseEnv(ctx.pod, ctx.version), R.fileKeyRef),
});

const fileKeyRefGated = defineRule({
  id: R.fileKeyRefGated,
  severity: 'warning',
  title: '`fileKeyRef` is dropped: the EnvFiles feature gate is off in this release',
  upstream: `dropDisabledFields (pkg/api/pod/util.go)`,
  applies: { since: '1.34', until: '1.34' },
  description:
    "In Kubernetes 1.34 `fileKeyRef` is alpha and off by default: the API server silently removes it. If it was the variable's only source, `valueFrom` is then empty and the object is rejected. Use it from 1.35, or on clusters that enable EnvFiles.",
  example: {
    invalid: POD('    env:\n    - name: TOKEN\n      valueFrom:\n        fileKeyRef:\n          volumeName: shared\n          path: token.env\n          key: TOKEN\n'),
  },
  scope: 'pod',
  check: (ctx) => reportIssues(ctx, analyseEnv(ctx.pod, ctx.version), R.fileKeyRefGated),
});

const fromSource = defineRule({
  id: R.fromSource,
  severity: 'error',
  title: '`envFrom` entry needs exactly one of `configMapRef` or `secretRef`',
  upstream: `ValidateEnvFrom (${UP})`,
  rejects: true,
  description:
    "Each `envFrom` entry imports one ConfigMap or one Secret. An entry with neither (only a `prefix`) or with both is rejected; the API server reports it at `envFrom` without the entry's index.",
  example: {
    invalid: POD('    envFrom:\n    - prefix: APP_\n'),
    valid: POD('    envFrom:\n    - prefix: APP_\n      configMapRef:\n        name: app-settings\n'),
  },
  scope: 'pod',
  check: (ctx) => reportIssues(ctx, analyseEnv(ctx.pod, ctx.version), R.fromSource),
});

const fromPrefix = defineRule({
  id: R.fromPrefix,
  severity: 'error',
  title: '`envFrom` prefix is not a valid variable name',
  upstream: `ValidateEnvFrom (${UP})`,
  rejects: true,
  description:
    'The prefix is checked like a variable name: strictly up to 1.31 (`[-._a-zA-Z][-._a-zA-Z0-9]*`, so no leading digit), relaxed from 1.32 (printable ASCII except `=`).',
  example: {
    invalid: POD('    envFrom:\n    - prefix: 1_\n      configMapRef:\n        name: app\n'),
    valid: POD('    envFrom:\n    - prefix: APP_\n      configMapRef:\n        name: app\n'),
  },
  scope: 'pod',
  check: (ctx) => reportIssues(ctx, analyseEnv(ctx.pod, ctx.version), R.fromPrefix),
});

const fromName = defineRule({
  id: R.fromName,
  severity: 'error',
  title: '`envFrom` ConfigMap or Secret name missing or malformed',
  upstream: `validateConfigMapEnvSource, validateSecretEnvSource (${UP})`,
  rejects: true,
  description: 'The name is required and must be a DNS subdomain: lower case letters, digits, `-` and `.`.',
  example: { invalid: POD('    envFrom:\n    - secretRef:\n        name: App_Secrets\n'), valid: POD('    envFrom:\n    - secretRef:\n        name: app-secrets\n') },
  scope: 'pod',
  check: (ctx) => reportIssues(ctx, analyseEnv(ctx.pod, ctx.version), R.fromName),
});

export const envRules = [envName, valueFrom, fieldRef, resourceFieldRef, keyRef, fileKeyRef, fileKeyRefGated, fromSource, fromPrefix, fromName];
