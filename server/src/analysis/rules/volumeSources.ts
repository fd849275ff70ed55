/**
 * Volume source rules: what each source of a pod volume must hold, as
 * validateVolumeSource and the per-source validators of
 * pkg/apis/core/validation/validation.go check it (one source per volume;
 * hostPath, emptyDir, secret and configMap items and modes, downwardAPI
 * files, projected sources, ephemeral claim templates, csi, image), after
 * the API server's defaulting and feature-gate dropping. Which sources a
 * release knows is in knowledge/volumes.ts; volume names, mounts and devices
 * are in volumes.ts, which registers only the volumes without errors.
 *
 * One analysis per pod spec and release validates every volume's sources;
 * each rule reports the issues found under its id.
 */
import type { FieldNode, PodSpecModel } from '../model';
import { child, isSet, items } from '../model';
import { defineRule } from './rule';
import { forbidden, invalid, notSupported, required } from './fieldErrors';
import { canonicalQuantity, isNegative, isZero, quantityOf } from '../quantity';
import { DOWNWARD_API_FIELD_PATHS, VALUE_SETS, accepted, suggestion } from '../knowledge/values';
import { isDroppedImageVolume, replacedByClaimTemplates, volumeSources } from '../knowledge/volumes';
import { Issues, atLeast, changeValueFix, checkValue, droppedByGate, goString, int, isMap, known, memo, reportIssues, type Issue, type Replacement } from './common';
import { checkObjectFieldSelector, checkResourceFieldSelector } from './downwardApi';
import { dns1123Subdomain, localDescendingPath, localNonReservedPath, nameIsDNSSubdomain, pathNoBacksteps } from './stringFormats';
import { CONTAINERS, snippet } from './examples';

const R = {
  multipleSources: 'pod/volume-multiple-sources',
  sourceRequired: 'pod/volume-source-required',
  sourcePath: 'pod/volume-source-path',
  hostPathType: 'pod/volume-host-path-type',
  emptyDirSizeLimit: 'pod/volume-empty-dir-size-limit',
  emptyDirMedium: 'pod/volume-empty-dir-medium',
  fileMode: 'pod/volume-file-mode',
  itemPath: 'pod/volume-item-path',
  downwardItem: 'pod/volume-downward-api-item',
  projectedMultiple: 'pod/volume-projected-multiple-types',
  projectedDuplicatePath: 'pod/volume-projected-duplicate-path',
  tokenExpiration: 'pod/volume-token-expiration',
  ephemeralTemplate: 'pod/volume-ephemeral-claim-template',
  imagePullPolicy: 'pod/volume-image-pull-policy',
  /** Defined in volumes.ts, which reports what every volume analysis finds. */
  gated: 'pod/volume-feature-gated',
} as const;

type Fixable = typeof R.hostPathType | typeof R.emptyDirMedium | typeof R.downwardItem | typeof R.ephemeralTemplate | typeof R.imagePullPolicy;
/** What each rule's fix needs. */
type SourceData = { [K in (typeof R)[keyof typeof R]]: K extends Fixable ? Replacement : undefined };

const FILE_MODE_MSG = 'must be a number between 0 and 0777 (octal), both inclusive';

// ---------------------------------------------------------------------------
// Source validators
// ---------------------------------------------------------------------------

/** Required string fields (and required lists) of the sources that need no more than that. */
const REQUIRED_FIELDS: Record<string, [key: string, detail?: string][]> = {
  awsElasticBlockStore: [['volumeID']],
  gcePersistentDisk: [['pdName']],
  persistentVolumeClaim: [['claimName']],
  iscsi: [['targetPortal'], ['iqn']],
  glusterfs: [['endpoints'], ['path']],
  rbd: [['monitors'], ['image']],
  cinder: [['volumeID']],
  cephfs: [['monitors']],
  quobyte: [['registry', 'must be a host:port pair or multiple pairs separated by commas'], ['volume']],
  flexVolume: [['driver']],
  azureFile: [['secretName'], ['shareName']],
  vsphereVolume: [['volumePath']],
  photonPersistentDisk: [['pdID']],
  portworxVolume: [['volumeID']],
  azureDisk: [['diskName'], ['diskURI']],
  storageos: [['volumeName']],
  scaleIO: [['gateway'], ['system'], ['volumeName']],
};

type Out = Issues<SourceData>;

/** Empty as Go sees it: absent, null, "" or an empty list. */
function empty(f: FieldNode | undefined): boolean {
  if (!f || f.kind === 'null') return true;
  if (f.kind === 'seq') return (f.children ?? []).length === 0;
  return f.kind === 'scalar' && f.value === '';
}

function checkMode(out: Out, parent: FieldNode, key: string, path: string): void {
  const f = child(parent, key);
  const n = int(f);
  if (f && n !== undefined && (n < 0 || n > 0o777)) out.add(R.fileMode, f, 'value', invalid(path, n, FILE_MODE_MSG));
}

/** A field the API server drops because its feature gate is off (pod/volume-feature-gated). */
export function warnGated<M extends { 'pod/volume-feature-gated': undefined }>(out: Issues<M>, f: FieldNode, path: string, gate: string, onFrom?: string, also?: string): void {
  out.warn('pod/volume-feature-gated', f, 'key', droppedByGate(path, gate, out.version, onFrom, also), path);
}

function checkLocalPath(out: Out, rule: typeof R.sourcePath | typeof R.itemPath, parent: FieldNode, key: string, path: string, p: string, check: (p: string) => string[]): void {
  for (const msg of check(p)) out.at(rule, parent, key, invalid(path, p, msg));
}

/** validateKeyToPath. */
function checkKeyToPath(out: Out, kp: FieldNode): void {
  const P = kp.path;
  const key = goString(child(kp, 'key'));
  const path = goString(child(kp, 'path'));
  if (key === '') out.at(R.itemPath, kp, 'key', required(`${P}.key`));
  if (path === '') out.at(R.itemPath, kp, 'path', required(`${P}.path`));
  if (path !== undefined) checkLocalPath(out, R.itemPath, kp, 'path', `${P}.path`, path, localNonReservedPath);
  checkMode(out, kp, 'mode', `${P}.mode`);
}

/** validateDownwardAPIVolumeFile: `D` is the source's path, without the item's index (as upstream reports it). */
function checkDownwardFile(out: Out, file: FieldNode, D: string): void {
  const path = goString(child(file, 'path'));
  if (path === '') out.at(R.itemPath, file, 'path', required(`${D}.path`));
  if (path !== undefined) checkLocalPath(out, R.itemPath, file, 'path', `${D}.path`, path, localNonReservedPath);
  const fieldRef = child(file, 'fieldRef');
  const resourceFieldRef = child(file, 'resourceFieldRef');
  if (isSet(fieldRef)) {
    if (isMap(fieldRef)) checkObjectFieldSelector(out.sink(R.downwardItem), fieldRef, `${D}.fieldRef`, DOWNWARD_API_FIELD_PATHS.volume);
    if (isSet(resourceFieldRef)) out.add(R.downwardItem, resourceFieldRef, 'key', invalid(D, 'resource', 'fieldRef and resourceFieldRef can not be specified simultaneously'));
  } else if (isSet(resourceFieldRef)) {
    if (isMap(resourceFieldRef)) checkResourceFieldSelector(out.sink(R.downwardItem), resourceFieldRef, `${D}.resourceFieldRef`, true);
  } else {
    out.add(R.downwardItem, file, 'key', required(D, 'one of fieldRef and resourceFieldRef is required'));
  }
  checkMode(out, file, 'mode', `${D}.mode`);
}

function checkItems(out: Out, source: FieldNode): void {
  for (const kp of items(child(source, 'items'))) if (kp.kind === 'map') checkKeyToPath(out, kp);
}

/** Gated projections: the API server drops them while their gate is off (every release we know). */
const GATED_PROJECTIONS: Record<string, string> = {
  clusterTrustBundle: 'ClusterTrustBundleProjection',
  podCertificate: 'PodCertificateRequest',
};

/** validateProjectedVolumeSource / validateProjectionSources. */
function checkProjected(out: Out, proj: FieldNode, P: string): void {
  const { version } = out;
  checkMode(out, proj, 'defaultMode', `${P}.defaultMode`);
  const seen = new Set<string>();
  const claimPath = (p: string, value: string, at: FieldNode): void => {
    if (!p) return;
    if (seen.has(p)) out.add(R.projectedDuplicatePath, at, 'value', invalid(P, value, 'conflicting duplicate paths'));
    else seen.add(p);
  };
  for (const s of items(child(proj, 'sources'))) {
    if (s.kind !== 'map') continue;
    let count = 0;
    for (const k of ['secret', 'configMap']) {
      const ref = child(s, k);
      if (!isSet(ref)) continue;
      count++;
      if (!isMap(ref)) continue;
      const name = goString(child(ref, 'name'));
      if (name === '') out.at(R.sourceRequired, ref, 'name', required(`${ref.path}.name`));
      for (const kp of items(child(ref, 'items'))) {
        if (kp.kind !== 'map') continue;
        checkKeyToPath(out, kp);
        const p = goString(child(kp, 'path'));
        if (p && name !== undefined) claimPath(p, name, child(kp, 'path')!);
      }
    }
    const dapi = child(s, 'downwardAPI');
    if (isSet(dapi)) {
      count++;
      for (const file of items(child(dapi, 'items'))) {
        if (file.kind !== 'map') continue;
        checkDownwardFile(out, file, dapi.path);
        const p = goString(child(file, 'path'));
        if (p) claimPath(p, p, child(file, 'path')!);
      }
    }
    const sat = child(s, 'serviceAccountToken');
    if (isSet(sat)) {
      count++;
      if (isMap(sat)) {
        const expField = child(sat, 'expirationSeconds');
        const exp = int(expField);
        if (expField && exp !== undefined) {
          const at = `${sat.path}.expirationSeconds`;
          if (exp < 600) out.add(R.tokenExpiration, expField, 'value', invalid(at, exp, 'may not specify a duration less than 10 minutes'));
          if (exp > 2 ** 32) out.add(R.tokenExpiration, expField, 'value', invalid(at, exp, 'may not specify a duration larger than 2^32 seconds'));
        }
        const path = goString(child(sat, 'path'));
        // The path errors carry the projected volume's path, not the source's.
        if (path === '') out.at(R.itemPath, sat, 'path', required(`${P}.path`));
        else if (path !== undefined && atLeast(version, '1.28')) checkLocalPath(out, R.itemPath, sat, 'path', `${P}.path`, path, localNonReservedPath);
      }
    }
    for (const [k, gate] of Object.entries(GATED_PROJECTIONS)) {
      const f = child(s, k);
      if (!isSet(f) || !known(f, version)) continue;
      warnGated(out, f, f.path, gate);
    }
    if (count > 1)
      out.add(
        R.projectedMultiple,
        s,
        'key',
        forbidden(s.path, atLeast(version, '1.32') ? 'may not specify more than 1 volume type per source' : 'may not specify more than 1 volume type'),
      );
  }
}

/**
 * ObjectMeta fields other than labels and annotations, in Go order, named as
 * validateFieldAllowList names them (UID becomes "uID"), with what decodes to
 * Go's zero value: null always; "" for strings, 0 for generation. Pointers,
 * and slices written `[]`, are set.
 */
const OBJECT_META_FIELDS: [key: string, lc: string, zero?: string | number][] = [
  ['name', 'name', ''],
  ['generateName', 'generateName', ''],
  ['namespace', 'namespace', ''],
  ['selfLink', 'selfLink', ''],
  ['uid', 'uID', ''],
  ['resourceVersion', 'resourceVersion', ''],
  ['generation', 'generation', 0],
  ['creationTimestamp', 'creationTimestamp'],
  ['deletionTimestamp', 'deletionTimestamp'],
  ['deletionGracePeriodSeconds', 'deletionGracePeriodSeconds'],
  ['ownerReferences', 'ownerReferences'],
  ['finalizers', 'finalizers'],
  ['managedFields', 'managedFields'],
];

/** validateEphemeralVolumeSource: the claim template's metadata and spec (ValidatePersistentVolumeClaimSpec). */
function checkEphemeral(out: Out, eph: FieldNode, E: string): void {
  const tmpl = child(eph, 'volumeClaimTemplate');
  if (!isSet(tmpl)) {
    out.at(R.sourceRequired, eph, 'volumeClaimTemplate', required(`${E}.volumeClaimTemplate`));
    return;
  }
  if (!isMap(tmpl)) return;
  const meta = child(tmpl, 'metadata');
  for (const [key, lc, zero] of OBJECT_META_FIELDS) {
    const f = child(meta, key);
    if (!isSet(f) || (f.kind === 'scalar' && f.value === zero)) continue;
    out.add(R.ephemeralTemplate, f, 'key', forbidden(`${tmpl.path}.metadata.${lc}`, 'cannot be set'));
  }
  const spec = child(tmpl, 'spec');
  const T = `${tmpl.path}.spec`;
  const anchor = spec ?? tmpl;
  const modesField = child(spec, 'accessModes');
  const modes = items(modesField);
  if (modes.length === 0) out.add(R.ephemeralTemplate, modesField ?? anchor, 'key', required(`${T}.accessModes`, 'at least 1 access mode is required'));
  const accessModes = accepted(VALUE_SETS.claimAccessMode, out.version);
  let rwop = false;
  let other = false;
  for (const m of modes) {
    // A null entry decodes to "", which is not an access mode.
    const mode = goString(m);
    if (mode === undefined) continue;
    if (!accessModes.includes(mode)) out.add(R.ephemeralTemplate, m, 'value', notSupported(`${T}.accessModes`, mode, accessModes), { replacement: suggestion(accessModes, mode) });
    else if (mode === 'ReadWriteOncePod') rwop = true;
    else other = true;
  }
  if (rwop && other) out.add(R.ephemeralTemplate, modesField!, 'key', forbidden(`${T}.accessModes`, 'may not use ReadWriteOncePod with other access modes'));
  const storage = child(child(child(spec, 'resources'), 'requests'), 'storage');
  if (!isSet(storage)) out.add(R.ephemeralTemplate, storage ?? child(spec, 'resources') ?? anchor, 'key', required(`${T}.resources[storage]`));
  else {
    const q = quantityOf(storage.value);
    if (q && (isNegative(q) || isZero(q))) out.add(R.ephemeralTemplate, storage, 'value', invalid(`${T}.resources[storage]`, canonicalQuantity(q), 'must be greater than zero'));
  }
  const cls = goString(child(spec, 'storageClassName'));
  if (cls) for (const msg of nameIsDNSSubdomain(cls, false)) out.at(R.ephemeralTemplate, spec!, 'storageClassName', invalid(`${T}.storageClassName`, cls, msg));
  checkValue(out.sink(R.ephemeralTemplate), child(spec, 'volumeMode'), VALUE_SETS.claimVolumeMode, { empty: 'unsupported', path: `${T}.volumeMode` });
}

/** The media the kubelet's emptyDir plugin knows (besides "" and `HugePages-<size>`). */
const KUBELET_MEDIA = ['Memory', 'HugePages'];

/** The validation of the (first) source a volume sets. */
function checkSource(out: Out, key: string, s: FieldNode, base: string, vol: FieldNode, isPod: boolean, podName: string | undefined): void {
  const need = (k: string, detail?: string): void => {
    if (empty(child(s, k))) out.at(R.sourceRequired, s, k, required(`${base}.${k}`, detail));
  };
  for (const [k, detail] of REQUIRED_FIELDS[key] ?? []) need(k, detail);
  switch (key) {
    case 'emptyDir': {
      const limit = child(s, 'sizeLimit');
      const q = isSet(limit) ? quantityOf(limit.value) : undefined;
      if (limit && q && isNegative(q)) out.add(R.emptyDirSizeLimit, limit, 'value', forbidden(`${base}.sizeLimit`, 'SizeLimit field must be a valid resource quantity'));
      const mediumField = child(s, 'medium');
      const medium = goString(mediumField);
      if (mediumField && medium && !KUBELET_MEDIA.includes(medium) && !medium.startsWith('HugePages-'))
        out.warn(
          R.emptyDirMedium,
          mediumField,
          'value',
          `${base}.medium: ${JSON.stringify(medium)} is not a storage medium the kubelet knows ("", "Memory", "HugePages", "HugePages-<size>"): the API server accepts it, but the pod's volume setup fails with "unknown storage medium"`,
          `${base}.medium`,
          { replacement: suggestion(KUBELET_MEDIA, medium) },
        );
      break;
    }
    case 'hostPath': {
      const p = goString(child(s, 'path'));
      if (p === '') {
        out.at(R.sourceRequired, s, 'path', required(`${base}.path`));
        break;
      }
      if (p !== undefined) checkLocalPath(out, R.sourcePath, s, 'path', `${base}.path`, p, pathNoBacksteps);
      checkValue(out.sink(R.hostPathType), child(s, 'type'), VALUE_SETS.hostPathType, { empty: 'unsupported', path: `${base}.type` });
      break;
    }
    case 'gitRepo': {
      need('repository');
      const dir = goString(child(s, 'directory'));
      if (dir) checkLocalPath(out, R.sourcePath, s, 'directory', `${base}.directory`, dir, localDescendingPath);
      break;
    }
    case 'secret':
    case 'configMap':
      need(key === 'secret' ? 'secretName' : 'name');
      checkMode(out, s, 'defaultMode', `${base}.defaultMode`);
      checkItems(out, s);
      break;
    case 'nfs': {
      need('server');
      need('path');
      const p = goString(child(s, 'path'));
      if (p !== undefined && !p.startsWith('/')) out.at(R.sourcePath, s, 'path', invalid(`${base}.path`, p, 'must be an absolute path'));
      break;
    }
    case 'flocker':
      if (empty(child(s, 'datasetName')) && empty(child(s, 'datasetUUID'))) out.add(R.sourceRequired, s, 'key', required(base, 'one of datasetName and datasetUUID is required'));
      break;
    case 'fc':
      if (empty(child(s, 'targetWWNs')) && empty(child(s, 'wwids')))
        out.at(R.sourceRequired, s, 'targetWWNs', required(`${base}.targetWWNs`, 'must specify either targetWWNs or wwids, but not both'));
      break;
    case 'downwardAPI':
      checkMode(out, s, 'defaultMode', `${base}.defaultMode`);
      for (const file of items(child(s, 'items'))) if (file.kind === 'map') checkDownwardFile(out, file, base);
      break;
    case 'projected':
      checkProjected(out, s, base);
      break;
    case 'csi': {
      const driver = goString(child(s, 'driver'));
      if (driver === '') out.at(R.sourceRequired, s, 'driver', required(`${base}.driver`));
      const ref = child(s, 'nodePublishSecretRef');
      if (isMap(ref)) {
        const name = goString(child(ref, 'name'));
        if (name === '') out.at(R.sourceRequired, ref, 'name', required(`${base}.nodePublishSecretRef.name`));
        // Upstream reports a malformed name at `csi.name`.
        else if (name !== undefined) for (const msg of nameIsDNSSubdomain(name, false)) out.at(R.sourceRequired, ref, 'name', invalid(`${base}.name`, name, msg));
      }
      break;
    }
    case 'ephemeral': {
      checkEphemeral(out, s, base);
      const volName = goString(child(vol, 'name'));
      if (podName && volName) {
        const pvc = `${podName}-${volName}`;
        for (const msg of dns1123Subdomain(pvc)) out.at(R.ephemeralTemplate, vol, 'name', invalid(`${vol.path}.name`, volName, `PVC name ${JSON.stringify(pvc)}: ${msg}`));
      }
      break;
    }
    case 'image':
      // validateImageVolumeSource: the reference is required in a Pod only (opts.ResourceIsPod) up to
      // 1.36; from 1.37 everywhere (unless the stored object already had an empty one).
      if (isPod || atLeast(out.version, '1.37')) need('reference');
      // An empty pullPolicy is defaulted (Always for :latest, else IfNotPresent).
      checkValue(out.sink(R.imagePullPolicy), child(s, 'pullPolicy'), VALUE_SETS.imageVolumePullPolicy, { empty: 'defaulted', path: `${base}.pullPolicy` });
      break;
  }
}

// ---------------------------------------------------------------------------
// The analysis: validateVolumeSource of every volume
// ---------------------------------------------------------------------------

export interface SourceAnalysis {
  issues: readonly Issue<SourceData>[];
  /** The volumes whose sources the API server rejects (ValidateVolumes does not register them). */
  rejected: ReadonlySet<FieldNode>;
  /** The source each volume sets (the first, when several). */
  sourceOf: ReadonlyMap<FieldNode, string>;
}

export const analyseSources = memo((pod: PodSpecModel, version: string): SourceAnalysis => {
  const out: Out = new Issues(version);
  const rejected = new Set<FieldNode>();
  const sourceOf = new Map<FieldNode, string>();
  // Only Pods know their name here (templates validate with no metadata).
  const podName = pod.kind === 'Pod' ? goString(child(child(pod.object, 'metadata'), 'name')) || undefined : undefined;
  const replaced = replacedByClaimTemplates(pod);
  for (const vol of items(child(pod.field, 'volumes'))) {
    // Dropped image volumes are not validated (volumes.ts warns about them), nor volumes a claim template replaces.
    if (vol.kind !== 'map' || isDroppedImageVolume(vol, version) || replaced.has(goString(child(vol, 'name')) ?? '')) continue;
    const mark = out.list.length;
    const sources = volumeSources(vol, version);
    if (sources.length > 0) sourceOf.set(vol, sources[0].source.key);
    sources.forEach(({ source, field }, i) => {
      if (i > 0) out.add(R.multipleSources, field, 'key', forbidden(`${vol.path}.${source.forbiddenKey}`, 'may not specify more than 1 volume type'));
      else if (isMap(field)) checkSource(out, source.key, field, `${vol.path}.${source.pathKey}`, vol, pod.kind === 'Pod', podName);
    });
    if (out.rejectionsSince(mark) > 0) rejected.add(vol);
  }
  return { issues: out.list, rejected, sourceOf };
});

/** The issues of the source analysis. */
const sourceIssues = (pod: PodSpecModel, version: string): readonly Issue<SourceData>[] => analyseSources(pod, version).issues;

// ---------------------------------------------------------------------------
// The rules
// ---------------------------------------------------------------------------

const UP = 'pkg/apis/core/validation/validation.go';
/** A Pod with one app container (plus `containers`, its further lines) and the given volumes. */
export const POD = (containers: string, volumes = ''): string => snippet(`${CONTAINERS}${containers}${volumes ? `  volumes:\n${volumes}` : ''}`);

export const volumeSourceRules = [
  defineRule({
    id: R.multipleSources,
    severity: 'error',
    title: 'A volume sets more than one source',
    upstream: `validateVolumeSource (${UP})`,
    rejects: true,
    description:
      'A volume has exactly one source (`emptyDir`, `configMap`, `secret`, `persistentVolumeClaim`, ...). Each source after the first is rejected (upstream writes `downwarAPI` and `cephFS` in these paths). To combine ConfigMaps, Secrets and downward API files in one directory, use a `projected` volume. A volume with no source at all is fine: it becomes an `emptyDir`.',
    example: {
      invalid: POD('', '  - name: config\n    configMap:\n      name: app\n    secret:\n      secretName: app\n'),
      valid: POD('', '  - name: config\n    projected:\n      sources:\n      - configMap:\n          name: app\n      - secret:\n          name: app\n'),
    },
    scope: 'pod',
    check: (ctx) => reportIssues(ctx, sourceIssues(ctx.pod, ctx.version), R.multipleSources),
  }),
  defineRule({
    id: R.sourceRequired,
    severity: 'error',
    title: 'A volume source misses a required field',
    upstream: `validateVolumeSource and the per-source validators (${UP})`,
    rejects: true,
    description:
      'Sources need the object they point at: `secret.secretName`, `configMap.name`, `persistentVolumeClaim.claimName`, `hostPath.path`, `nfs.server` and `nfs.path`, `csi.driver`, `ephemeral.volumeClaimTemplate`, `image.reference` (from 1.35, in a Pod only: a workload template may leave it empty), projected `secret.name` / `configMap.name`, and the mandatory fields of the legacy in-tree sources. A CSI `nodePublishSecretRef.name` must also be a DNS subdomain (upstream reports it at `csi.name`).',
    example: { invalid: POD('', '  - name: config\n    configMap: {}\n'), valid: POD('', '  - name: config\n    configMap:\n      name: app-config\n') },
    scope: 'pod',
    check: (ctx) => reportIssues(ctx, sourceIssues(ctx.pod, ctx.version), R.sourceRequired),
  }),
  defineRule({
    id: R.sourcePath,
    severity: 'error',
    title: 'A volume source path is malformed',
    upstream: `validateHostPathVolumeSource, validateNFSVolumeSource, validateGitRepoVolumeSource (${UP})`,
    rejects: true,
    description: '`hostPath.path` must not contain a `..` element; `nfs.path` must be absolute; `gitRepo.directory` must be relative and without `..`.',
    example: { invalid: POD('', '  - name: logs\n    hostPath:\n      path: /var/log/../lib\n'), valid: POD('', '  - name: logs\n    hostPath:\n      path: /var/log\n') },
    scope: 'pod',
    check: (ctx) => reportIssues(ctx, sourceIssues(ctx.pod, ctx.version), R.sourcePath),
  }),
  defineRule<Replacement>({
    id: R.hostPathType,
    severity: 'error',
    title: 'Unknown hostPath type',
    upstream: `validateHostPathType (${UP})`,
    rejects: true,
    description: '`hostPath.type` is one of `""`, `DirectoryOrCreate`, `Directory`, `FileOrCreate`, `File`, `Socket`, `CharDevice`, `BlockDevice` (case matters).',
    example: {
      invalid: POD('', '  - name: sock\n    hostPath:\n      path: /run/docker.sock\n      type: socket\n'),
      valid: POD('', '  - name: sock\n    hostPath:\n      path: /run/docker.sock\n      type: Socket\n'),
    },
    fix: changeValueFix,
    scope: 'pod',
    check: (ctx) => reportIssues(ctx, sourceIssues(ctx.pod, ctx.version), R.hostPathType),
  }),
  defineRule({
    id: R.emptyDirSizeLimit,
    severity: 'error',
    title: 'Negative emptyDir sizeLimit',
    upstream: `validateVolumeSource (${UP})`,
    rejects: true,
    description: '`emptyDir.sizeLimit` must not be negative.',
    example: { invalid: POD('', '  - name: scratch\n    emptyDir:\n      sizeLimit: -1Gi\n'), valid: POD('', '  - name: scratch\n    emptyDir:\n      sizeLimit: 1Gi\n') },
    scope: 'pod',
    check: (ctx) => reportIssues(ctx, sourceIssues(ctx.pod, ctx.version), R.emptyDirSizeLimit),
  }),
  defineRule<Replacement>({
    id: R.emptyDirMedium,
    severity: 'warning',
    title: 'emptyDir medium the kubelet does not know',
    upstream: 'emptyDir volume plugin (pkg/volume/emptydir): the API server does not validate medium',
    description:
      'The API server accepts any `medium`, but the kubelet only knows `""` (node disk), `Memory` (tmpfs), `HugePages` and `HugePages-<size>`; anything else (`memory`, `tmpfs`) makes the volume setup fail and the pod stays in ContainerCreating.',
    example: { invalid: POD('', '  - name: scratch\n    emptyDir:\n      medium: memory\n'), valid: POD('', '  - name: scratch\n    emptyDir:\n      medium: Memory\n') },
    fix: changeValueFix,
    scope: 'pod',
    check: (ctx) => reportIssues(ctx, sourceIssues(ctx.pod, ctx.version), R.emptyDirMedium),
  }),
  defineRule({
    id: R.fileMode,
    severity: 'error',
    title: 'File mode out of range',
    upstream: `validateSecretVolumeSource, validateConfigMapVolumeSource, validateKeyToPath, validateDownwardAPIVolumeFile, validateProjectedVolumeSource (${UP})`,
    rejects: true,
    description:
      '`defaultMode` and `mode` are between 0 and 0777 (511). YAML reads `0644` as octal (420) but `644` as decimal 644, which is out of range: write the leading zero, or the decimal value.',
    example: {
      invalid: POD('', '  - name: config\n    configMap:\n      name: app\n      defaultMode: 644\n'),
      valid: POD('', '  - name: config\n    configMap:\n      name: app\n      defaultMode: 0644\n'),
    },
    scope: 'pod',
    check: (ctx) => reportIssues(ctx, sourceIssues(ctx.pod, ctx.version), R.fileMode),
  }),
  defineRule({
    id: R.itemPath,
    severity: 'error',
    title: 'Volume item key or path missing or not a relative path',
    upstream: `validateKeyToPath, validateDownwardAPIVolumeFile, validateProjectionSources, ValidateLocalNonReservedPath (${UP})`,
    rejects: true,
    description:
      "Items of configMap, secret, downwardAPI and projected volumes need a `key` (where there is one) and a `path`, which must be relative, contain no `..` element and not start with `..`. Upstream reports downwardAPI item errors without the item's index, and a projected serviceAccountToken path at the projected volume's `path`.",
    example: {
      invalid: POD('', '  - name: config\n    configMap:\n      name: app\n      items:\n      - key: app.yaml\n        path: /etc/app.yaml\n'),
      valid: POD('', '  - name: config\n    configMap:\n      name: app\n      items:\n      - key: app.yaml\n        path: app.yaml\n'),
    },
    scope: 'pod',
    check: (ctx) => reportIssues(ctx, sourceIssues(ctx.pod, ctx.version), R.itemPath),
  }),
  defineRule<Replacement>({
    id: R.downwardItem,
    severity: 'error',
    title: 'downwardAPI volume file reads nothing, or a field it cannot read',
    upstream: `validateDownwardAPIVolumeFile, validateObjectFieldSelector, validateContainerResourceFieldSelector (${UP})`,
    rejects: true,
    description:
      "Each file takes exactly one of `fieldRef` or `resourceFieldRef`. `fieldRef` may read `metadata.name`, `metadata.namespace`, `metadata.uid`, `metadata.labels`, `metadata.annotations` (or one label or annotation, `metadata.labels['key']`); status fields such as `status.podIP` are only for env vars. `resourceFieldRef` needs `containerName` in a volume.",
    example: {
      invalid: POD('', '  - name: info\n    downwardAPI:\n      items:\n      - path: ip\n        fieldRef:\n          fieldPath: status.podIP\n'),
      valid: POD('', '  - name: info\n    downwardAPI:\n      items:\n      - path: labels\n        fieldRef:\n          fieldPath: metadata.labels\n'),
    },
    fix: changeValueFix,
    scope: 'pod',
    check: (ctx) => reportIssues(ctx, sourceIssues(ctx.pod, ctx.version), R.downwardItem),
  }),
  defineRule({
    id: R.projectedMultiple,
    severity: 'error',
    title: 'A projected source sets more than one projection',
    upstream: `validateProjectionSources (${UP})`,
    rejects: true,
    description: 'Each entry of `projected.sources` holds one of `secret`, `configMap`, `downwardAPI`, `serviceAccountToken`: write one list entry per projection.',
    example: {
      invalid: POD('', '  - name: all\n    projected:\n      sources:\n      - configMap:\n          name: app\n        secret:\n          name: app\n'),
      valid: POD('', '  - name: all\n    projected:\n      sources:\n      - configMap:\n          name: app\n      - secret:\n          name: app\n'),
    },
    scope: 'pod',
    check: (ctx) => reportIssues(ctx, sourceIssues(ctx.pod, ctx.version), R.projectedMultiple),
  }),
  defineRule({
    id: R.projectedDuplicatePath,
    severity: 'error',
    title: 'Two projections write the same file',
    upstream: `validateProjectionSources (${UP})`,
    rejects: true,
    description:
      "Item paths of one projected volume must be distinct across its sources. Upstream reports the projected volume with the second source's name (or the path, for downwardAPI files).",
    example: {
      invalid: POD(
        '',
        '  - name: all\n    projected:\n      sources:\n      - configMap:\n          name: a\n          items:\n          - key: conf\n            path: app.conf\n      - configMap:\n          name: b\n          items:\n          - key: conf\n            path: app.conf\n',
      ),
    },
    scope: 'pod',
    check: (ctx) => reportIssues(ctx, sourceIssues(ctx.pod, ctx.version), R.projectedDuplicatePath),
  }),
  defineRule({
    id: R.tokenExpiration,
    severity: 'error',
    title: 'serviceAccountToken expirationSeconds out of range',
    upstream: `validateProjectionSources (${UP})`,
    rejects: true,
    description: 'A projected service account token lives at least 600 seconds (10 minutes) and at most 2^32 seconds; the default is 3600.',
    example: {
      invalid: POD('', '  - name: token\n    projected:\n      sources:\n      - serviceAccountToken:\n          path: token\n          expirationSeconds: 60\n'),
      valid: POD('', '  - name: token\n    projected:\n      sources:\n      - serviceAccountToken:\n          path: token\n          expirationSeconds: 3600\n'),
    },
    scope: 'pod',
    check: (ctx) => reportIssues(ctx, sourceIssues(ctx.pod, ctx.version), R.tokenExpiration),
  }),
  defineRule<Replacement>({
    id: R.ephemeralTemplate,
    severity: 'error',
    title: 'Invalid ephemeral volume claim template',
    upstream: `validateEphemeralVolumeSource, ValidatePersistentVolumeClaimTemplate, ValidatePersistentVolumeClaimSpec (${UP})`,
    rejects: true,
    description:
      "The template's metadata may only hold labels and annotations; its spec needs `accessModes` (known values; `ReadWriteOncePod` alone), `resources.requests.storage` greater than zero, a DNS-subdomain `storageClassName`, and `volumeMode` `Filesystem` or `Block`. For a Pod, `<pod name>-<volume name>` (the claim's name) must be a valid object name.",
    example: {
      invalid: POD('', '  - name: scratch\n    ephemeral:\n      volumeClaimTemplate:\n        spec:\n          accessModes: [ReadWriteOnce]\n'),
      valid: POD(
        '',
        '  - name: scratch\n    ephemeral:\n      volumeClaimTemplate:\n        spec:\n          accessModes: [ReadWriteOnce]\n          resources:\n            requests:\n              storage: 1Gi\n',
      ),
    },
    fix: changeValueFix,
    scope: 'pod',
    check: (ctx) => reportIssues(ctx, sourceIssues(ctx.pod, ctx.version), R.ephemeralTemplate),
  }),
  defineRule<Replacement>({
    id: R.imagePullPolicy,
    severity: 'error',
    title: 'Unknown image volume pullPolicy',
    upstream: `validateImageVolumeSource, validatePullPolicy (${UP})`,
    rejects: true,
    applies: { since: '1.35' },
    description: "`image.pullPolicy` is `Always`, `IfNotPresent` or `Never` (left empty, it defaults from the reference's tag).",
    example: {
      invalid: POD('', '  - name: model\n    image:\n      reference: registry.example/model:v1\n      pullPolicy: always\n'),
      valid: POD('', '  - name: model\n    image:\n      reference: registry.example/model:v1\n      pullPolicy: Always\n'),
    },
    fix: changeValueFix,
    scope: 'pod',
    check: (ctx) => reportIssues(ctx, sourceIssues(ctx.pod, ctx.version), R.imagePullPolicy),
  }),
];
