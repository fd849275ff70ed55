/**
 * Env rules: container `env` and `envFrom` as the API server validates them
 * (ValidateEnv, validateEnvVarValueFrom, ValidateEnvFrom and the selectors in
 * pkg/apis/core/validation/validation.go), for init, app and ephemeral
 * containers alike.
 *
 * The first half of this file is shared with the volumes family: collected
 * issues, the downward API selectors and the volume-source table, in the API
 * server's words. The string formats are in stringFormats.ts.
 */
import type { FieldNode, PodSpecModel } from '../model';
import type { Severity } from '../findings';
import { child, entries, isSet, items } from '../model';
import type { PodRule, PodRuleContext } from './api';
import type { FieldError } from './fieldErrors';
import { forbidden, invalid, notFound, notSupported, required } from './fieldErrors';
import { fieldStatus } from '../api/table';
import { compareQuantities, formatQuantity, isZero, quantityOf, type Quantity } from '../quantity';
import { atLeast, droppedByGate, goString, memo } from './common';
import { configMapKey, dns1123Label, envVarName, nameIsDNSSubdomain, pathNoBacksteps, qualifiedName, relaxedEnvVarName } from './stringFormats';

// ---------------------------------------------------------------------------
// Fields the chosen release knows
// ---------------------------------------------------------------------------

/** Whether the field exists in the chosen release (fields without a definition count as known). */
export function known(f: FieldNode | undefined, version: string): boolean {
  return !!f && (!f.def || fieldStatus(f.def, version) !== 'unknown');
}

/** A key the chosen release does not know (the schema family reports it; the API server stops at decoding). */
export function hasUnknownKey(f: FieldNode, version: string): boolean {
  return entries(f).some((c) => !c.def || fieldStatus(c.def, version) === 'unknown');
}

// ---------------------------------------------------------------------------
// Values as the API server sees them after decoding
// ---------------------------------------------------------------------------

/** An integer field's value when it is one. */
export function int(f: FieldNode | undefined): number | undefined {
  return f && f.kind === 'scalar' && typeof f.value === 'number' && Number.isInteger(f.value) ? f.value : undefined;
}

/** A struct pointer that decodes to a value (a map); null counts as absent. */
export const isMap = (f: FieldNode | undefined): f is FieldNode => !!f && f.kind === 'map';

// ---------------------------------------------------------------------------
// Findings collected by an analysis, reported by the rule they belong to
// ---------------------------------------------------------------------------

export interface Issue {
  rule: string;
  field: FieldNode;
  on: 'key' | 'value' | 'entry';
  message: string;
  fieldPath: string;
  apiErrorType?: FieldError['apiErrorType'];
  severity?: Severity;
  data?: Record<string, unknown>;
}

/** Collects issues; `blocking` tells whether any rejection was added since a mark. */
export class Issues {
  readonly list: Issue[] = [];
  add(rule: string, field: FieldNode, on: Issue['on'], err: FieldError, data?: Record<string, unknown>): void {
    this.list.push({ rule, field, on, ...err, data });
  }
  /** A non-rejecting note (a gated field the API server drops, a kubelet-side failure). */
  warn(rule: string, field: FieldNode, on: Issue['on'], message: string, fieldPath: string, data?: Record<string, unknown>): void {
    this.list.push({ rule, field, on, message, fieldPath, severity: 'warning', data });
  }
  /** Adds an error at the field named `key` of `parent`: its value when present, else the parent's key. */
  at(rule: string, parent: FieldNode, key: string, err: FieldError): void {
    const f = child(parent, key);
    if (f) this.add(rule, f, 'value', err);
    else this.add(rule, parent, 'key', err);
  }
  rejectionsSince(mark: number): number {
    return this.list.slice(mark).filter((i) => i.apiErrorType).length;
  }
}

export interface RuleMeta {
  id: string;
  title: string;
  description: string;
  upstream: string;
  example: { invalid: string; valid?: string };
  severity?: Severity;
  rejects?: boolean;
  since?: string;
  until?: string;
}

/** A pod rule that reports the issues an analysis collected under its id. */
export function issueRule(meta: RuleMeta, analyse: (pod: PodSpecModel, version: string) => readonly Issue[]): PodRule {
  const rejects = meta.rejects ?? true;
  return {
    id: meta.id,
    scope: 'pod',
    severity: meta.severity ?? (rejects ? 'error' : 'warning'),
    title: meta.title,
    description: meta.description,
    upstream: meta.upstream,
    since: meta.since,
    until: meta.until,
    rejects,
    example: meta.example,
    check(ctx: PodRuleContext) {
      for (const i of analyse(ctx.pod, ctx.version)) {
        if (i.rule !== meta.id) continue;
        ctx.report({
          field: i.field,
          on: i.on,
          message: i.message,
          fieldPath: i.fieldPath,
          apiErrorType: i.apiErrorType,
          severity: i.severity,
          data: i.data,
        });
      }
    },
  };
}

// ---------------------------------------------------------------------------
// Downward API selectors (validateObjectFieldSelector, validateContainerResourceFieldSelector)
// ---------------------------------------------------------------------------

/** The fields env vars may read (validEnvDownwardAPIFieldPathExpressions), sorted as upstream prints them. */
export function envFieldPaths(version: string): string[] {
  const all = ['metadata.name', 'metadata.namespace', 'metadata.uid', 'spec.nodeName', 'spec.serviceAccountName', 'status.hostIP', 'status.hostIPs', 'status.podIP', 'status.podIPs'];
  return atLeast(version, '1.28') ? all : all.filter((p) => p !== 'status.hostIPs');
}

/** The fields downward API volume files may read (validVolumeDownwardAPIFieldPathExpressions). */
export const VOLUME_FIELD_PATHS = ['metadata.annotations', 'metadata.labels', 'metadata.name', 'metadata.namespace', 'metadata.uid'];

/** The labels ConvertDownwardAPIFieldLabel (pkg/apis/core/pods/helpers.go) accepts. */
function convertibleLabels(version: string): string[] {
  const labels = [
    'metadata.annotations',
    'metadata.labels',
    'metadata.name',
    'metadata.namespace',
    'metadata.uid',
    'spec.nodeName',
    'spec.restartPolicy',
    'spec.serviceAccountName',
    'spec.schedulerName',
    'status.phase',
    'status.hostIP',
    'status.podIP',
    'status.podIPs',
  ];
  if (atLeast(version, '1.28')) labels.push('status.hostIPs');
  if (atLeast(version, '1.35')) labels.push('spec.terminationGracePeriodSeconds');
  return labels;
}

/** fieldpath.SplitMaybeSubscriptedPath: `metadata.labels['app']` -> ['metadata.labels', 'app']. */
export function splitSubscript(fp: string): [string, string] | undefined {
  if (!fp.endsWith("']")) return undefined;
  const s = fp.slice(0, -2);
  const at = s.indexOf("['");
  if (at <= 0) return undefined;
  return [s.slice(0, at), s.slice(at + 2)];
}

/**
 * validateObjectFieldSelector at `fs` (path `base`): Required fieldPath, the
 * conversion errors, the subscript's qualified-name errors (at `base` itself)
 * and NotSupported against `expressions`.
 */
export function checkObjectFieldSelector(out: Issues, rule: string, fs: FieldNode, expressions: readonly string[], version: string): void {
  const base = fs.path;
  const apiVersion = goString(child(fs, 'apiVersion'));
  const fpField = child(fs, 'fieldPath');
  const fp = goString(fpField);
  if (apiVersion === undefined || fp === undefined) return;
  // apiVersion "" is defaulted to "v1" (SetDefaults_ObjectFieldSelector).
  const version1 = apiVersion === '' ? 'v1' : apiVersion;
  if (fp === '') {
    out.at(rule, fs, 'fieldPath', required(`${base}.fieldPath`));
    return;
  }
  const atFp = (err: FieldError): void => out.at(rule, fs, 'fieldPath', err);
  if (version1 !== 'v1') {
    atFp(invalid(`${base}.fieldPath`, fp, `error converting fieldPath: unsupported pod version: ${version1}`));
    return;
  }
  let internal = fp;
  const sub = splitSubscript(fp);
  if (sub) {
    if (sub[0] !== 'metadata.annotations' && sub[0] !== 'metadata.labels') {
      atFp(invalid(`${base}.fieldPath`, fp, `error converting fieldPath: field label does not support subscript: ${fp}`));
      return;
    }
    const value = sub[0] === 'metadata.annotations' ? sub[1].toLowerCase() : sub[1];
    for (const msg of qualifiedName(value, version)) atFp(invalid(base, value, msg));
    return;
  }
  if (fp === 'spec.host') internal = 'spec.nodeName';
  else if (!convertibleLabels(version).includes(fp)) {
    atFp(invalid(`${base}.fieldPath`, fp, `error converting fieldPath: field label not supported: ${fp}`));
    return;
  }
  if (!expressions.includes(internal)) atFp(notSupported(`${base}.fieldPath`, internal, expressions));
}

const RESOURCE_FIELD_PATHS = ['limits.cpu', 'limits.ephemeral-storage', 'limits.memory', 'requests.cpu', 'requests.ephemeral-storage', 'requests.memory'];
const BYTE_DIVISORS = ['1', '1k', '1M', '1G', '1T', '1P', '1E', '1Ki', '1Mi', '1Gi', '1Ti', '1Pi', '1Ei'];
const BYTE_DIVISORS_TEXT = BYTE_DIVISORS.join(', ');

/** Quantity.String() of the API server: the canonical form the divisor sets are written in. */
export function canonicalQuantity(q: Quantity): string {
  if (/^[eE]/.test(q.suffix)) {
    let m = q.mantissa;
    let e = q.exp10;
    while (m !== 0n && m % 10n === 0n) {
      m /= 10n;
      e++;
    }
    while (e % 3 !== 0) {
      m *= 10n;
      e--;
    }
    return e === 0 ? `${m}` : `${m}e${e}`;
  }
  return formatQuantity(q, q.suffix.endsWith('i'));
}

/** validateContainerResourceFieldSelector at `fs`; `volume`: containerName is required (downward API volumes). */
export function checkResourceFieldSelector(out: Issues, rule: string, fs: FieldNode, volume: boolean): void {
  const base = fs.path;
  const containerName = goString(child(fs, 'containerName'));
  const resource = goString(child(fs, 'resource'));
  if (containerName === undefined || resource === undefined) return;
  const hugePages = resource.startsWith('requests.hugepages-') || resource.startsWith('limits.hugepages-');
  if (volume && containerName === '') out.at(rule, fs, 'containerName', required(`${base}.containerName`));
  else if (resource === '') out.at(rule, fs, 'resource', required(`${base}.resource`));
  else if (!RESOURCE_FIELD_PATHS.includes(resource) && !hugePages) out.at(rule, fs, 'resource', notSupported(`${base}.resource`, resource, RESOURCE_FIELD_PATHS));
  const divisorField = child(fs, 'divisor');
  const divisor = isSet(divisorField) ? quantityOf(divisorField.value) : undefined;
  if (!divisor || isZero(divisor)) return;
  const d = canonicalQuantity(divisor);
  let detail: string | undefined;
  if (resource === 'limits.cpu' || resource === 'requests.cpu') {
    if (d !== '1m' && d !== '1') detail = "only divisor's values 1m and 1 are supported with the cpu resource";
  } else if (resource === 'limits.memory' || resource === 'requests.memory') {
    if (!BYTE_DIVISORS.includes(d)) detail = `only divisor's values ${BYTE_DIVISORS_TEXT} are supported with the memory resource`;
  } else if (resource === 'limits.ephemeral-storage' || resource === 'requests.ephemeral-storage') {
    if (!BYTE_DIVISORS.includes(d)) detail = `only divisor's values ${BYTE_DIVISORS_TEXT} are supported with the local ephemeral storage resource`;
  }
  if (detail) out.add(rule, divisorField!, 'value', invalid(`${base}.divisor`, resource, detail));
  if (hugePages && !BYTE_DIVISORS.includes(d))
    out.add(rule, divisorField!, 'value', invalid(`${base}.divisor`, resource, `only divisor's values ${BYTE_DIVISORS_TEXT} are supported with the hugepages resource`));
}

/** A quantity compared with zero, for callers that need the sign. */
export const compareWithZero = (q: Quantity): number => compareQuantities(q, { mantissa: 0n, exp10: 0, suffix: '' });

// ---------------------------------------------------------------------------
// Volume sources (validateVolumeSource's order), shared with the volumes family
// ---------------------------------------------------------------------------

export interface VolumeSourceKey {
  /** The YAML key. */
  key: string;
  /** The path element upstream writes in "may not specify more than 1 volume type" (typos included). */
  forbiddenKey: string;
  /** The path element upstream validates the source under. */
  pathKey: string;
}

const src = (key: string, forbiddenKey = key, pathKey = key): VolumeSourceKey => ({ key, forbiddenKey, pathKey });

export const VOLUME_SOURCES: readonly VolumeSourceKey[] = [
  src('emptyDir'),
  src('hostPath'),
  src('gitRepo'),
  src('gcePersistentDisk', 'gcePersistentDisk', 'persistentDisk'),
  src('awsElasticBlockStore'),
  src('secret'),
  src('nfs'),
  src('iscsi'),
  src('glusterfs'),
  src('flocker'),
  src('persistentVolumeClaim'),
  src('rbd'),
  src('cinder'),
  src('cephfs', 'cephFS', 'cephfs'),
  src('quobyte'),
  src('downwardAPI', 'downwarAPI', 'downwardAPI'),
  src('fc'),
  src('flexVolume'),
  src('configMap'),
  src('azureFile'),
  src('vsphereVolume'),
  src('photonPersistentDisk'),
  src('portworxVolume'),
  src('azureDisk'),
  src('storageos'),
  src('projected'),
  src('scaleIO'),
  src('csi'),
  src('ephemeral'),
  src('image'),
];

/** Image volumes: unknown before 1.31, dropped with their mounts while ImageVolume is off by default (1.31-1.34). */
export const imageVolumesDropped = (version: string): boolean => atLeast(version, '1.31') && !atLeast(version, '1.35');

/** The sources a volume sets, in upstream order, as the chosen release decodes them. */
export function volumeSources(vol: FieldNode, version: string): { source: VolumeSourceKey; field: FieldNode }[] {
  const out: { source: VolumeSourceKey; field: FieldNode }[] = [];
  for (const source of VOLUME_SOURCES) {
    const f = child(vol, source.key);
    if (!isSet(f) || !known(f, version)) continue;
    if (source.key === 'image' && !atLeast(version, '1.31')) continue;
    out.push({ source, field: f });
  }
  return out;
}

/** SetDefaults_Volume: a volume that sets no source is an emptyDir. */
export function isEmptyDirAfterDefaults(vol: FieldNode, version: string): boolean {
  const sources = volumeSources(vol, version);
  return sources.length === 0 || sources.some((s) => s.source.key === 'emptyDir');
}

// ---------------------------------------------------------------------------
// The env analysis
// ---------------------------------------------------------------------------

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

/** EnvFiles: alpha (off) in 1.34, beta (on) from 1.35. */
const fileKeyRefHonoured = (version: string): boolean => atLeast(version, '1.35');

function checkKeySelector(out: Issues, ks: FieldNode): void {
  const name = goString(child(ks, 'name'));
  const key = goString(child(ks, 'key'));
  // Both selectors use ValidateSecretName: an empty name is Invalid, not Required.
  if (name !== undefined) for (const msg of nameIsDNSSubdomain(name, false)) out.at(R.keyRef, ks, 'name', invalid(`${ks.path}.name`, name, msg));
  if (key === '') out.at(R.keyRef, ks, 'key', required(`${ks.path}.key`));
  else if (key !== undefined) for (const msg of configMapKey(key)) out.at(R.keyRef, ks, 'key', invalid(`${ks.path}.key`, key, msg));
}

function checkFileKeySelector(out: Issues, fk: FieldNode, version: string): void {
  const key = goString(child(fk, 'key'));
  const volumeName = goString(child(fk, 'volumeName'));
  const path = goString(child(fk, 'path'));
  if (key === '') out.at(R.fileKeyRef, fk, 'key', required(`${fk.path}.key`));
  else if (key !== undefined) for (const msg of relaxedEnvVarName(key)) out.at(R.fileKeyRef, fk, 'key', invalid(`${fk.path}.key`, key, msg));
  if (volumeName === '') out.at(R.fileKeyRef, fk, 'volumeName', required(`${fk.path}.volumeName`));
  else if (volumeName !== undefined) for (const msg of dns1123Label(volumeName, version)) out.at(R.fileKeyRef, fk, 'volumeName', invalid(`${fk.path}.volumeName`, volumeName, msg));
  if (path === '') out.at(R.fileKeyRef, fk, 'path', required(`${fk.path}.path`));
  else if (path !== undefined) for (const msg of pathNoBacksteps(path)) out.at(R.fileKeyRef, fk, 'path', invalid(`${fk.path}.path`, path, msg));
}

function checkValueFrom(out: Issues, ev: FieldNode, vf: FieldNode, version: string): void {
  const V = vf.path;
  let sources = 0;
  const fieldRef = child(vf, 'fieldRef');
  if (isSet(fieldRef)) {
    sources++;
    if (isMap(fieldRef)) {
      checkObjectFieldSelector(out, R.fieldRef, fieldRef, envFieldPaths(version), version);
      // validateDownwardAPIHostIPs: PodHostIPs was alpha (off) in 1.28.
      if (version === '1.28' && goString(child(fieldRef, 'fieldPath')) === 'status.hostIPs')
        out.add(R.fieldRef, fieldRef, 'key', forbidden(`${V}.fieldRef`, "may not be set when feature gate 'PodHostIPs' is not enabled"));
    }
  }
  const resourceFieldRef = child(vf, 'resourceFieldRef');
  if (isSet(resourceFieldRef)) {
    sources++;
    if (isMap(resourceFieldRef)) checkResourceFieldSelector(out, R.resourceFieldRef, resourceFieldRef, false);
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
      if (isMap(fileKeyRef)) checkFileKeySelector(out, fileKeyRef, version);
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

function checkEnvFrom(out: Issues, list: FieldNode, version: string): void {
  for (const ef of items(list)) {
    if (ef.kind !== 'map') continue;
    const prefix = goString(child(ef, 'prefix'));
    if (prefix) for (const msg of envVarName(prefix, version)) out.at(R.fromPrefix, ef, 'prefix', invalid(`${ef.path}.prefix`, prefix, msg));
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
    if (sources === 0 && !hasUnknownKey(ef, version))
      out.add(R.fromSource, ef, 'key', invalid(list.path, '', 'must specify one of: `configMapRef` or `secretRef`'));
    else if (sources > 1) out.add(R.fromSource, ef, 'key', invalid(list.path, '', 'may not have more than one field specified at a time'));
  }
}

/** validateFileKeyRefVolumes: the volume a fileKeyRef names must exist and be an emptyDir (after defaulting). */
function checkFileKeyRefVolumes(out: Issues, pod: PodSpecModel, version: string): void {
  const volumes = new Map<string, FieldNode>();
  for (const v of items(child(pod.field, 'volumes'))) {
    if (v.kind !== 'map') continue;
    const name = goString(child(v, 'name'));
    if (name !== undefined) volumes.set(name, v);
  }
  for (const c of pod.containers) {
    for (const ev of items(child(c.field, 'env'))) {
      const fk = child(child(ev, 'valueFrom'), 'fileKeyRef');
      if (!isMap(fk)) continue;
      const name = goString(child(fk, 'volumeName'));
      if (name === undefined) continue;
      const vol = volumes.get(name);
      const path = `${fk.path}.volumeName`;
      if (!vol) out.at(R.fileKeyRef, fk, 'volumeName', notFound(path, name));
      else if (!isEmptyDirAfterDefaults(vol, version)) out.at(R.fileKeyRef, fk, 'volumeName', invalid(path, name, 'referenced volume must be of type emptyDir'));
    }
  }
}

const analyseEnv = memo((pod: PodSpecModel, version: string): readonly Issue[] => {
  const out = new Issues();
  for (const c of pod.containers) {
    for (const ev of items(child(c.field, 'env'))) {
      if (ev.kind !== 'map') continue;
      const name = goString(child(ev, 'name'));
      if (name === '') out.at(R.name, ev, 'name', required(`${ev.path}.name`));
      else if (name !== undefined) for (const msg of envVarName(name, version)) out.at(R.name, ev, 'name', invalid(`${ev.path}.name`, name, msg));
      const vf = child(ev, 'valueFrom');
      if (isMap(vf)) checkValueFrom(out, ev, vf, version);
    }
    const envFrom = child(c.field, 'envFrom');
    if (envFrom) checkEnvFrom(out, envFrom, version);
  }
  if (fileKeyRefHonoured(version)) checkFileKeyRefVolumes(out, pod, version);
  return out.list;
});

// ---------------------------------------------------------------------------
// The rules
// ---------------------------------------------------------------------------

const UP = 'pkg/apis/core/validation/validation.go';
const POD = (containers: string): string =>
  `apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n  - name: web\n    image: nginx:1.27\n${containers}`;

export const envRules: PodRule[] = [
  issueRule(
    {
      id: R.name,
      title: 'Environment variable name missing or not allowed',
      upstream: `ValidateEnv (${UP}); IsEnvVarName / IsRelaxedEnvVarName (k8s.io/apimachinery/pkg/util/validation)`,
      description:
        'Every `env` entry needs a `name`. Up to Kubernetes 1.31 a name must match `[-._a-zA-Z][-._a-zA-Z0-9]*` and must not be `.`, `..` or start with `..` (so `1ST_PORT` or `MY VAR` are rejected). From 1.32 (RelaxedEnvironmentVariableValidation, on by default) any printable ASCII character except `=` is allowed. Set `podPatterns.kubernetesVersion` to the cluster you deploy to, or rename the variable to the strict form, which every release accepts.',
      example: {
        invalid: POD('    env:\n    - name: 1ST_PORT\n      value: "8080"\n'),
        valid: POD('    env:\n    - name: FIRST_PORT\n      value: "8080"\n'),
      },
    },
    analyseEnv,
  ),
  issueRule(
    {
      id: R.valueFrom,
      title: '`valueFrom` must have exactly one source and no `value` beside it',
      upstream: `validateEnvVarValueFrom (${UP})`,
      description:
        '`valueFrom` takes exactly one of `fieldRef`, `resourceFieldRef`, `configMapKeyRef`, `secretKeyRef` (and `fileKeyRef` from 1.35), and cannot be combined with a non-empty `value`. An empty `valueFrom: {}` or one whose only source is a field the release drops (`fileKeyRef` in 1.34) is rejected too.',
      example: {
        invalid: POD('    env:\n    - name: MODE\n      value: prod\n      valueFrom:\n        configMapKeyRef:\n          name: settings\n          key: mode\n'),
        valid: POD('    env:\n    - name: MODE\n      valueFrom:\n        configMapKeyRef:\n          name: settings\n          key: mode\n'),
      },
    },
    analyseEnv,
  ),
  issueRule(
    {
      id: R.fieldRef,
      title: '`fieldRef` reads a field the downward API does not offer to env vars',
      upstream: `validateObjectFieldSelector (${UP}); ConvertDownwardAPIFieldLabel (pkg/apis/core/pods/helpers.go)`,
      description:
        'Env vars can read `metadata.name`, `metadata.namespace`, `metadata.uid`, `spec.nodeName`, `spec.serviceAccountName`, `status.hostIP`, `status.hostIPs` (1.28+; rejected in 1.28 where PodHostIPs was off), `status.podIP`, `status.podIPs`, and single labels or annotations written `metadata.labels[\'key\']` (single quotes). Whole `metadata.labels` or `metadata.annotations` only work in a downwardAPI volume.',
      example: {
        invalid: POD('    env:\n    - name: PHASE\n      valueFrom:\n        fieldRef:\n          fieldPath: status.phase\n'),
        valid: POD("    env:\n    - name: APP\n      valueFrom:\n        fieldRef:\n          fieldPath: metadata.labels['app']\n"),
      },
    },
    analyseEnv,
  ),
  issueRule(
    {
      id: R.resourceFieldRef,
      title: '`resourceFieldRef` names an unknown resource or an unsupported divisor',
      upstream: `validateContainerResourceFieldSelector, validateContainerResourceDivisor (${UP})`,
      description:
        '`resource` is one of `limits.cpu`, `limits.memory`, `limits.ephemeral-storage`, the same three under `requests.`, or a `limits.hugepages-<size>` / `requests.hugepages-<size>`. The `divisor` must be `1m` or `1` for cpu, and a power of 1000 or 1024 with mantissa 1 (`1`, `1Ki`, `1Mi`, `1M`, ...) for memory, ephemeral storage and huge pages.',
      example: {
        invalid: POD('    env:\n    - name: MEM\n      valueFrom:\n        resourceFieldRef:\n          resource: limits.memory\n          divisor: 2Mi\n'),
        valid: POD('    env:\n    - name: MEM\n      valueFrom:\n        resourceFieldRef:\n          resource: limits.memory\n          divisor: 1Mi\n'),
      },
    },
    analyseEnv,
  ),
  issueRule(
    {
      id: R.keyRef,
      title: '`configMapKeyRef` / `secretKeyRef` with a bad name or key',
      upstream: `validateConfigMapKeySelector, validateSecretKeySelector (${UP})`,
      description:
        'The referenced object\'s `name` must be a DNS subdomain (lower case, digits, `-` and `.`); an empty name is rejected as invalid. The `key` is required and must consist of letters, digits, `-`, `_` and `.` (at most 253 characters, not `.`, `..` or starting with `..`).',
      example: {
        invalid: POD('    env:\n    - name: PASSWORD\n      valueFrom:\n        secretKeyRef:\n          name: DB_Secret\n          key: password\n'),
        valid: POD('    env:\n    - name: PASSWORD\n      valueFrom:\n        secretKeyRef:\n          name: db-secret\n          key: password\n'),
      },
    },
    analyseEnv,
  ),
  issueRule(
    {
      id: R.fileKeyRef,
      title: '`fileKeyRef` with a bad key, path or volume',
      upstream: `validateFileKeySelector, validateFileKeyRefVolumes (${UP})`,
      since: '1.35',
      description:
        '`fileKeyRef` (EnvFiles, on by default from 1.35) reads a variable from a file in an `emptyDir` volume of the pod. `key`, `volumeName` and `path` are required; the volume must be declared in `spec.volumes` and be an emptyDir (a volume with no source is one); `path` must not contain `..`.',
      example: {
        invalid: POD('    env:\n    - name: TOKEN\n      valueFrom:\n        fileKeyRef:\n          volumeName: config\n          path: env/../token.env\n          key: TOKEN\n  volumes:\n  - name: config\n    configMap:\n      name: app\n'),
        valid: POD('    env:\n    - name: TOKEN\n      valueFrom:\n        fileKeyRef:\n          volumeName: shared\n          path: token.env\n          key: TOKEN\n  volumes:\n  - name: shared\n    emptyDir: {}\n'),
      },
    },
    analyseEnv,
  ),
  issueRule(
    {
      id: R.fileKeyRefGated,
      title: '`fileKeyRef` is dropped: the EnvFiles feature gate is off in this release',
      upstream: `dropDisabledFields (pkg/api/pod/util.go)`,
      rejects: false,
      since: '1.34',
      until: '1.34',
      description:
        'In Kubernetes 1.34 `fileKeyRef` is alpha and off by default: the API server silently removes it. If it was the variable\'s only source, `valueFrom` is then empty and the object is rejected. Use it from 1.35, or on clusters that enable EnvFiles.',
      example: {
        invalid: POD('    env:\n    - name: TOKEN\n      valueFrom:\n        fileKeyRef:\n          volumeName: shared\n          path: token.env\n          key: TOKEN\n'),
      },
    },
    analyseEnv,
  ),
  issueRule(
    {
      id: R.fromSource,
      title: '`envFrom` entry needs exactly one of `configMapRef` or `secretRef`',
      upstream: `ValidateEnvFrom (${UP})`,
      description:
        'Each `envFrom` entry imports one ConfigMap or one Secret. An entry with neither (only a `prefix`) or with both is rejected; the API server reports it at `envFrom` without the entry\'s index.',
      example: {
        invalid: POD('    envFrom:\n    - prefix: APP_\n'),
        valid: POD('    envFrom:\n    - prefix: APP_\n      configMapRef:\n        name: app-settings\n'),
      },
    },
    analyseEnv,
  ),
  issueRule(
    {
      id: R.fromPrefix,
      title: '`envFrom` prefix is not a valid variable name',
      upstream: `ValidateEnvFrom (${UP})`,
      description:
        'The prefix is checked like a variable name: strictly up to 1.31 (`[-._a-zA-Z][-._a-zA-Z0-9]*`, so no leading digit), relaxed from 1.32 (printable ASCII except `=`).',
      example: { invalid: POD('    envFrom:\n    - prefix: 1_\n      configMapRef:\n        name: app\n'), valid: POD('    envFrom:\n    - prefix: APP_\n      configMapRef:\n        name: app\n') },
    },
    analyseEnv,
  ),
  issueRule(
    {
      id: R.fromName,
      title: '`envFrom` ConfigMap or Secret name missing or malformed',
      upstream: `validateConfigMapEnvSource, validateSecretEnvSource (${UP})`,
      description: 'The name is required and must be a DNS subdomain: lower case letters, digits, `-` and `.`.',
      example: { invalid: POD('    envFrom:\n    - secretRef:\n        name: App_Secrets\n'), valid: POD('    envFrom:\n    - secretRef:\n        name: app-secrets\n') },
    },
    analyseEnv,
  ),
];
