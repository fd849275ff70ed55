/**
 * Volume rules: `spec.volumes` (ValidateVolumes, validateVolumeSource and the
 * per-source validators) and every container's `volumeMounts` and
 * `volumeDevices` (ValidateVolumeMounts, ValidateVolumeDevices), as in
 * pkg/apis/core/validation/validation.go, with the API server's defaulting
 * and feature-gate dropping applied first.
 *
 * One analysis per pod collects every issue, because the checks depend on
 * each other: a volume with any error is not registered, so every mount or
 * device naming it is also "Not found" (the API server's cascade).
 */
import type { FieldNode, PodSpecModel } from '../model';
import { bool, child, isSet, items } from '../model';
import type { PodRule } from './api';
import { duplicate, forbidden, invalid, notFound, notSupported, required } from './fieldErrors';
import { quantityOf } from '../quantity';
import {
  type Issue,
  Issues,
  VOLUME_FIELD_PATHS,
  canonicalQuantity,
  checkObjectFieldSelector,
  checkResourceFieldSelector,
  compareWithZero,
  imageVolumesDropped,
  int,
  isMap,
  issueRule,
  known,
  volumeSources,
} from './env';
import { atLeast, droppedByGate, goString, memo } from './common';
import { dns1123Label, dns1123Subdomain, hasBacksteps, localDescendingPath, localNonReservedPath, nameIsDNSSubdomain, pathNoBacksteps } from './stringFormats';

const R = {
  name: 'pod/volume-name',
  duplicate: 'pod/volume-name-duplicate',
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
  claimOfEphemeral: 'pod/volume-claim-of-ephemeral',
  imagePullPolicy: 'pod/volume-image-pull-policy',
  gated: 'pod/volume-feature-gated',
  mountName: 'pod/volume-mount-name',
  mountPathRequired: 'pod/volume-mount-path-required',
  mountPathDuplicate: 'pod/volume-mount-path-duplicate',
  subPath: 'pod/volume-mount-sub-path',
  subPathExclusive: 'pod/volume-mount-sub-path-exclusive',
  ephemeralSubPath: 'pod/volume-mount-sub-path-ephemeral',
  propagationValue: 'pod/volume-mount-propagation',
  propagationPrivileged: 'pod/volume-mount-bidirectional-unprivileged',
  rroValue: 'pod/volume-mount-recursive-read-only-value',
  rroConflict: 'pod/volume-mount-recursive-read-only-conflict',
  deviceName: 'pod/volume-device-name',
  devicePath: 'pod/volume-device-path',
  deviceMountConflict: 'pod/volume-device-mount-conflict',
} as const;

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

/** Empty as Go sees it: absent, null, "" or an empty list. */
function empty(f: FieldNode | undefined): boolean {
  if (!f || f.kind === 'null') return true;
  if (f.kind === 'seq') return (f.children ?? []).length === 0;
  return f.kind === 'scalar' && f.value === '';
}

function checkMode(out: Issues, parent: FieldNode, key: string, path: string): void {
  const f = child(parent, key);
  const n = int(f);
  if (f && n !== undefined && (n < 0 || n > 0o777)) out.add(R.fileMode, f, 'value', invalid(path, n, FILE_MODE_MSG));
}

/** A field the API server drops because its feature gate is off (pod/volume-feature-gated). */
function warnGated(out: Issues, f: FieldNode, path: string, gate: string, version: string, onFrom?: string, also?: string): void {
  out.warn(R.gated, f, 'key', droppedByGate(path, gate, version, onFrom, also), path, { gate });
}

function checkLocalPath(out: Issues, rule: string, parent: FieldNode, key: string, path: string, p: string, check: (p: string) => string[]): void {
  for (const msg of check(p)) out.at(rule, parent, key, invalid(path, p, msg));
}

/** validateKeyToPath. */
function checkKeyToPath(out: Issues, kp: FieldNode): void {
  const P = kp.path;
  const key = goString(child(kp, 'key'));
  const path = goString(child(kp, 'path'));
  if (key === '') out.at(R.itemPath, kp, 'key', required(`${P}.key`));
  if (path === '') out.at(R.itemPath, kp, 'path', required(`${P}.path`));
  if (path !== undefined) checkLocalPath(out, R.itemPath, kp, 'path', `${P}.path`, path, localNonReservedPath);
  checkMode(out, kp, 'mode', `${P}.mode`);
}

/** validateDownwardAPIVolumeFile: `D` is the source's path, without the item's index (as upstream reports it). */
function checkDownwardFile(out: Issues, file: FieldNode, D: string, version: string): void {
  const path = goString(child(file, 'path'));
  if (path === '') out.at(R.itemPath, file, 'path', required(`${D}.path`));
  if (path !== undefined) checkLocalPath(out, R.itemPath, file, 'path', `${D}.path`, path, localNonReservedPath);
  const fieldRef = child(file, 'fieldRef');
  const resourceFieldRef = child(file, 'resourceFieldRef');
  const rebased = (f: FieldNode, key: string): FieldNode => ({ ...f, path: `${D}.${key}` });
  if (isSet(fieldRef)) {
    if (isMap(fieldRef)) checkObjectFieldSelector(out, R.downwardItem, rebased(fieldRef, 'fieldRef'), VOLUME_FIELD_PATHS, version);
    if (isSet(resourceFieldRef)) out.add(R.downwardItem, resourceFieldRef, 'key', invalid(D, 'resource', 'fieldRef and resourceFieldRef can not be specified simultaneously'));
  } else if (isSet(resourceFieldRef)) {
    if (isMap(resourceFieldRef)) checkResourceFieldSelector(out, R.downwardItem, rebased(resourceFieldRef, 'resourceFieldRef'), true);
  } else {
    out.add(R.downwardItem, file, 'key', required(D, 'one of fieldRef and resourceFieldRef is required'));
  }
  checkMode(out, file, 'mode', `${D}.mode`);
}

function checkItems(out: Issues, source: FieldNode): void {
  for (const kp of items(child(source, 'items'))) if (kp.kind === 'map') checkKeyToPath(out, kp);
}

/** Gated projections: the API server drops them while their gate is off (every release we know). */
const GATED_PROJECTIONS: Record<string, string> = {
  clusterTrustBundle: 'ClusterTrustBundleProjection',
  podCertificate: 'PodCertificateRequest',
};

/** validateProjectedVolumeSource / validateProjectionSources. */
function checkProjected(out: Issues, proj: FieldNode, P: string, version: string): void {
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
        checkDownwardFile(out, file, dapi.path, version);
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
      warnGated(out, f, f.path, gate, version);
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

const ACCESS_MODES = ['ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOnce', 'ReadWriteOncePod'];
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

/** validateEphemeralVolumeSource: the claim template's metadata and spec. */
function checkEphemeral(out: Issues, eph: FieldNode, E: string): void {
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
  let rwop = false;
  let other = false;
  for (const m of modes) {
    const mode = goString(m);
    if (mode === undefined) continue;
    if (!ACCESS_MODES.includes(mode)) out.add(R.ephemeralTemplate, m, 'value', notSupported(`${T}.accessModes`, mode, ACCESS_MODES));
    else if (mode === 'ReadWriteOncePod') rwop = true;
    else other = true;
  }
  if (rwop && other) out.add(R.ephemeralTemplate, modesField!, 'key', forbidden(`${T}.accessModes`, 'may not use ReadWriteOncePod with other access modes'));
  const storage = child(child(child(spec, 'resources'), 'requests'), 'storage');
  if (!isSet(storage)) out.add(R.ephemeralTemplate, storage ?? child(spec, 'resources') ?? anchor, 'key', required(`${T}.resources[storage]`));
  else {
    const q = quantityOf(storage.value);
    if (q && compareWithZero(q) <= 0) out.add(R.ephemeralTemplate, storage, 'value', invalid(`${T}.resources[storage]`, canonicalQuantity(q), 'must be greater than zero'));
  }
  const cls = goString(child(spec, 'storageClassName'));
  if (cls) for (const msg of nameIsDNSSubdomain(cls, false)) out.at(R.ephemeralTemplate, spec!, 'storageClassName', invalid(`${T}.storageClassName`, cls, msg));
  const modeField = child(spec, 'volumeMode');
  const volumeMode = isSet(modeField) ? goString(modeField) : undefined;
  if (volumeMode !== undefined && volumeMode !== 'Block' && volumeMode !== 'Filesystem')
    out.add(R.ephemeralTemplate, modeField!, 'value', notSupported(`${T}.volumeMode`, volumeMode, ['Block', 'Filesystem']));
}

const HOST_PATH_TYPES = ['', 'BlockDevice', 'CharDevice', 'Directory', 'DirectoryOrCreate', 'File', 'FileOrCreate', 'Socket'];
const PULL_POLICIES = ['Always', 'IfNotPresent', 'Never'];

/** The validation of the (first) source a volume sets. */
function checkSource(out: Issues, key: string, s: FieldNode, base: string, vol: FieldNode, podName: string | undefined, version: string): void {
  const need = (k: string, detail?: string): void => {
    if (empty(child(s, k))) out.at(R.sourceRequired, s, k, required(`${base}.${k}`, detail));
  };
  for (const [k, detail] of REQUIRED_FIELDS[key] ?? []) need(k, detail);
  switch (key) {
    case 'emptyDir': {
      const limit = child(s, 'sizeLimit');
      const q = isSet(limit) ? quantityOf(limit.value) : undefined;
      if (limit && q && compareWithZero(q) < 0) out.add(R.emptyDirSizeLimit, limit, 'value', forbidden(`${base}.sizeLimit`, 'SizeLimit field must be a valid resource quantity'));
      const mediumField = child(s, 'medium');
      const medium = goString(mediumField);
      if (mediumField && medium && medium !== 'Memory' && medium !== 'HugePages' && !medium.startsWith('HugePages-'))
        out.warn(
          R.emptyDirMedium,
          mediumField,
          'value',
          `${base}.medium: ${JSON.stringify(medium)} is not a storage medium the kubelet knows ("", "Memory", "HugePages", "HugePages-<size>"): the API server accepts it, but the pod's volume setup fails with "unknown storage medium"`,
          `${base}.medium`,
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
      const typeField = child(s, 'type');
      const t = isSet(typeField) ? goString(typeField) : undefined;
      if (t !== undefined && !HOST_PATH_TYPES.includes(t)) out.add(R.hostPathType, typeField!, 'value', notSupported(`${base}.type`, t, HOST_PATH_TYPES));
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
      for (const file of items(child(s, 'items'))) if (file.kind === 'map') checkDownwardFile(out, file, base, version);
      break;
    case 'projected':
      checkProjected(out, s, base, version);
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
    case 'image': {
      need('reference');
      const pf = child(s, 'pullPolicy');
      const p = goString(pf);
      // An empty pullPolicy is defaulted (Always for :latest, else IfNotPresent).
      if (pf && p && !PULL_POLICIES.includes(p)) out.add(R.imagePullPolicy, pf, 'value', notSupported(`${base}.pullPolicy`, p, PULL_POLICIES));
      break;
    }
  }
}

// ---------------------------------------------------------------------------
// The pod analysis: volumes, then every container's mounts and devices
// ---------------------------------------------------------------------------

interface Registered {
  vol: FieldNode;
  /** The source key after defaulting (emptyDir for a volume that sets none). */
  source: string;
}

interface VolumeAnalysis {
  issues: Issue[];
  registered: Map<string, Registered>;
  /** Image volumes the API server removes (with their mounts) in this release. */
  dropped: Set<string>;
}

function analyseVolumeList(pod: PodSpecModel, version: string, out: Issues): VolumeAnalysis {
  const registered = new Map<string, Registered>();
  const dropped = new Set<string>();
  const vols = items(child(pod.field, 'volumes')).filter((v) => v.kind === 'map');
  // Only Pods know their name here (templates validate with no metadata).
  const podName = pod.kind === 'Pod' ? goString(child(child(pod.object, 'metadata'), 'name')) || undefined : undefined;
  const createdClaims = new Set<string>();
  if (podName) for (const v of vols) if (isSet(child(v, 'ephemeral'))) createdClaims.add(`${podName}-${goString(child(v, 'name')) ?? ''}`);
  const names = new Set<string>();
  for (const vol of vols) {
    const nameField = child(vol, 'name');
    const name = goString(nameField);
    const image = child(vol, 'image');
    if (imageVolumesDropped(version) && isSet(image) && known(image, version)) {
      if (name !== undefined) dropped.add(name);
      warnGated(out, image, `${vol.path}.image`, 'ImageVolume', version, '1.35', ', with every volumeMount naming this volume');
      continue;
    }
    const mark = out.list.length;
    const sources = volumeSources(vol, version);
    sources.forEach(({ source, field }, i) => {
      if (i > 0) out.add(R.multipleSources, field, 'key', forbidden(`${vol.path}.${source.forbiddenKey}`, 'may not specify more than 1 volume type'));
      else if (isMap(field)) checkSource(out, source.key, field, `${vol.path}.${source.pathKey}`, vol, podName, version);
    });
    if (name === '') out.at(R.name, vol, 'name', required(`${vol.path}.name`));
    else if (name !== undefined) for (const msg of dns1123Label(name, version)) out.add(R.name, nameField!, 'value', invalid(`${vol.path}.name`, name, msg));
    if (name !== undefined && names.has(name)) out.at(R.duplicate, vol, 'name', duplicate(`${vol.path}.name`, name));
    // A volume with any error is not registered: mounts naming it are "Not found" too.
    if (name !== undefined && out.rejectionsSince(mark) === 0) {
      names.add(name);
      registered.set(name, { vol, source: sources[0]?.source.key ?? 'emptyDir' });
    }
    const claim = child(vol, 'persistentVolumeClaim');
    const claimName = isMap(claim) ? goString(child(claim, 'claimName')) : undefined;
    if (claimName !== undefined && createdClaims.has(claimName))
      out.at(R.claimOfEphemeral, claim!, 'claimName', invalid(`${vol.path}.persistentVolumeClaim.claimName`, claimName, 'must not reference a PVC that gets created for an ephemeral volume'));
  }
  // The StatefulSet controller adds a persistentVolumeClaim volume for each claim template
  // (replacing a pod volume of the same name) before it creates the pods.
  if (pod.kind === 'StatefulSet')
    for (const t of items(child(child(pod.object, 'spec'), 'volumeClaimTemplates'))) {
      const name = goString(child(child(t, 'metadata'), 'name'));
      if (name) registered.set(name, { vol: t, source: 'persistentVolumeClaim' });
    }
  return { issues: out.list, registered, dropped };
}

const PROPAGATIONS = ['Bidirectional', 'HostToContainer', 'None'];
const RRO_VALUES = ['Disabled', 'Enabled', 'IfPossible'];

function checkMounts(out: Issues, c: PodSpecModel['containers'][number], vols: VolumeAnalysis, version: string): void {
  const M = `${c.field.path}.volumeMounts`;
  const mounts = items(child(c.field, 'volumeMounts')).filter((m) => {
    if (m.kind !== 'map') return false;
    const name = goString(child(m, 'name'));
    return !(name !== undefined && vols.dropped.has(name));
  });
  const devices = items(child(c.field, 'volumeDevices')).filter((d) => d.kind === 'map');
  const deviceMap = new Map<string, string | undefined>();
  for (const d of devices) {
    const n = goString(child(d, 'name'));
    if (n !== undefined) deviceMap.set(n, goString(child(d, 'devicePath')));
  }
  const mountMap = new Map<string, string | undefined>();
  for (const m of mounts) {
    const n = goString(child(m, 'name'));
    if (n !== undefined) mountMap.set(n, goString(child(m, 'mountPath')));
  }
  const privileged = bool(child(child(c.field, 'securityContext'), 'privileged')) === true;
  const mountPoints = new Set<string>();
  for (const m of mounts) {
    const idx = m.path;
    const name = goString(child(m, 'name'));
    const mountPath = goString(child(m, 'mountPath'));
    if (name === '') out.at(R.mountName, m, 'name', required(`${idx}.name`));
    if (name !== undefined && !vols.registered.has(name)) out.at(R.mountName, m, 'name', notFound(`${idx}.name`, name));
    if (mountPath === '') out.at(R.mountPathRequired, m, 'mountPath', required(`${idx}.mountPath`));
    if (mountPath !== undefined) {
      if (mountPoints.has(mountPath)) out.at(R.mountPathDuplicate, m, 'mountPath', invalid(`${idx}.mountPath`, mountPath, 'must be unique'));
      mountPoints.add(mountPath);
    }
    if (name !== undefined && deviceMap.has(name)) out.at(R.deviceMountConflict, m, 'name', invalid(`${idx}.name`, name, 'must not already exist in volumeDevices'));
    if (mountPath !== undefined && [...deviceMap.values()].includes(mountPath))
      out.at(R.deviceMountConflict, m, 'mountPath', invalid(`${idx}.mountPath`, mountPath, 'must not already exist as a path in volumeDevices'));
    // The subPath, subPathExpr, mountPropagation and recursiveReadOnly errors carry no index upstream.
    const subPath = goString(child(m, 'subPath'));
    const subPathExpr = goString(child(m, 'subPathExpr'));
    if (subPath) checkLocalPath(out, R.subPath, m, 'subPath', `${M}.subPath`, subPath, localDescendingPath);
    if (subPathExpr) {
      if (subPath) out.at(R.subPathExclusive, m, 'subPathExpr', invalid(`${idx}.subPathExpr`, subPathExpr, 'subPathExpr and subPath are mutually exclusive'));
      checkLocalPath(out, R.subPath, m, 'subPathExpr', `${M}.subPathExpr`, subPathExpr, localDescendingPath);
    }
    const propField = child(m, 'mountPropagation');
    const propagation = isSet(propField) ? goString(propField) : undefined;
    if (propagation !== undefined) {
      if (!PROPAGATIONS.includes(propagation)) out.add(R.propagationValue, propField!, 'value', notSupported(`${M}.mountPropagation`, propagation, PROPAGATIONS));
      if (propagation === 'Bidirectional' && !privileged)
        out.add(R.propagationPrivileged, propField!, 'value', forbidden(`${M}.mountPropagation`, 'Bidirectional mount propagation is available only to privileged containers'));
    }
    const rroField = child(m, 'recursiveReadOnly');
    const rro = isSet(rroField) && known(rroField, version) ? goString(rroField) : undefined;
    if (rro !== undefined) {
      if (!atLeast(version, '1.31')) {
        warnGated(out, rroField!, `${idx}.recursiveReadOnly`, 'RecursiveReadOnlyMounts', version, '1.31');
      } else if (rro === 'Enabled' || rro === 'IfPossible') {
        if (bool(child(m, 'readOnly')) !== true)
          out.add(R.rroConflict, rroField!, 'value', forbidden(`${M}.recursiveReadOnly`, 'may only be specified when readOnly is true'));
        if (propagation !== undefined && propagation !== 'None')
          out.add(R.rroConflict, rroField!, 'value', forbidden(`${M}.recursiveReadOnly`, 'may only be specified when mountPropagation is None or not specified'));
      } else if (rro !== 'Disabled') {
        out.add(R.rroValue, rroField!, 'value', notSupported(`${M}.recursiveReadOnly`, rro, RRO_VALUES));
      }
    }
    if (c.list === 'ephemeralContainers') {
      for (const k of ['subPath', 'subPathExpr']) {
        const f = child(m, k);
        if (goString(f)) out.add(R.ephemeralSubPath, f!, 'key', forbidden(`${idx}.${k}`, 'cannot be set for an Ephemeral Container'));
      }
    }
  }
  const devicePaths = new Set<string>();
  const deviceNames = new Set<string>();
  for (const d of devices) {
    const idx = d.path;
    const name = goString(child(d, 'name'));
    const devPath = goString(child(d, 'devicePath'));
    if (name !== undefined) {
      const reg = vols.registered.get(name);
      if (name === '') out.at(R.deviceName, d, 'name', required(`${idx}.name`));
      if (deviceNames.has(name)) out.at(R.deviceName, d, 'name', invalid(`${idx}.name`, name, 'must be unique'));
      if (reg && reg.source !== 'persistentVolumeClaim' && reg.source !== 'ephemeral')
        out.at(R.deviceName, d, 'name', invalid(`${idx}.name`, name, 'can only use volume source type of PersistentVolumeClaim or Ephemeral for block mode'));
      if (!reg) out.at(R.deviceName, d, 'name', notFound(`${idx}.name`, name));
    }
    if (devPath !== undefined) {
      if (devPath === '') out.at(R.devicePath, d, 'devicePath', required(`${idx}.devicePath`));
      if (devicePaths.has(devPath)) out.at(R.devicePath, d, 'devicePath', invalid(`${idx}.devicePath`, devPath, 'must be unique'));
      if (devPath.length > 0 && hasBacksteps(devPath)) out.at(R.devicePath, d, 'devicePath', invalid(`${idx}.devicePath`, devPath, "can not contain backsteps ('..')"));
      else devicePaths.add(devPath);
    }
    if (name !== undefined && mountMap.has(name)) out.at(R.deviceMountConflict, d, 'name', invalid(`${idx}.name`, name, 'must not already exist in volumeMounts'));
    if (devPath !== undefined && [...mountMap.values()].includes(devPath))
      out.at(R.deviceMountConflict, d, 'devicePath', invalid(`${idx}.devicePath`, devPath, 'must not already exist as a path in volumeMounts'));
    if (name) deviceNames.add(name);
  }
}

const analyseVolumes = memo((pod: PodSpecModel, version: string): readonly Issue[] => {
  const out = new Issues();
  const vols = analyseVolumeList(pod, version, out);
  for (const c of pod.containers) checkMounts(out, c, vols, version);
  return out.list;
});

// ---------------------------------------------------------------------------
// The rules
// ---------------------------------------------------------------------------

const UP = 'pkg/apis/core/validation/validation.go';
const POD = (containers: string, volumes = ''): string =>
  `apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n  - name: web\n    image: nginx:1.27\n${containers}${volumes ? `  volumes:\n${volumes}` : ''}`;
const rule = (meta: Parameters<typeof issueRule>[0]): PodRule => issueRule(meta, analyseVolumes);

export const volumeRules: PodRule[] = [
  rule({
    id: R.name,
    title: 'Volume name missing or not a DNS label',
    upstream: `ValidateVolumes (${UP})`,
    description:
      'Each volume needs a `name` that is a DNS-1123 label: at most 63 lower-case letters, digits and `-`, starting and ending with a letter or digit (no dots, no upper case). A volume with an invalid name is not registered, so every `volumeMounts` entry naming it is also reported as not found.',
    example: { invalid: POD('', '  - name: Config_Files\n    emptyDir: {}\n'), valid: POD('', '  - name: config-files\n    emptyDir: {}\n') },
  }),
  rule({
    id: R.duplicate,
    title: 'Two volumes with the same name',
    upstream: `ValidateVolumes (${UP})`,
    description: 'Volume names are unique within a pod. Rename one of them (and the mounts that mean it); mounts resolve to the first one.',
    example: { invalid: POD('', '  - name: data\n    emptyDir: {}\n  - name: data\n    emptyDir: {}\n'), valid: POD('', '  - name: data\n    emptyDir: {}\n  - name: cache\n    emptyDir: {}\n') },
  }),
  rule({
    id: R.multipleSources,
    title: 'A volume sets more than one source',
    upstream: `validateVolumeSource (${UP})`,
    description:
      'A volume has exactly one source (`emptyDir`, `configMap`, `secret`, `persistentVolumeClaim`, ...). Each source after the first is rejected (upstream writes `downwarAPI` and `cephFS` in these paths). To combine ConfigMaps, Secrets and downward API files in one directory, use a `projected` volume. A volume with no source at all is fine: it becomes an `emptyDir`.',
    example: {
      invalid: POD('', '  - name: config\n    configMap:\n      name: app\n    secret:\n      secretName: app\n'),
      valid: POD('', '  - name: config\n    projected:\n      sources:\n      - configMap:\n          name: app\n      - secret:\n          name: app\n'),
    },
  }),
  rule({
    id: R.sourceRequired,
    title: 'A volume source misses a required field',
    upstream: `validateVolumeSource and the per-source validators (${UP})`,
    description:
      'Sources need the object they point at: `secret.secretName`, `configMap.name`, `persistentVolumeClaim.claimName`, `hostPath.path`, `nfs.server` and `nfs.path`, `csi.driver`, `ephemeral.volumeClaimTemplate`, `image.reference` (from 1.35), projected `secret.name` / `configMap.name`, and the mandatory fields of the legacy in-tree sources. A CSI `nodePublishSecretRef.name` must also be a DNS subdomain (upstream reports it at `csi.name`).',
    example: { invalid: POD('', '  - name: config\n    configMap: {}\n'), valid: POD('', '  - name: config\n    configMap:\n      name: app-config\n') },
  }),
  rule({
    id: R.sourcePath,
    title: 'A volume source path is malformed',
    upstream: `validateHostPathVolumeSource, validateNFSVolumeSource, validateGitRepoVolumeSource (${UP})`,
    description: '`hostPath.path` must not contain a `..` element; `nfs.path` must be absolute; `gitRepo.directory` must be relative and without `..`.',
    example: { invalid: POD('', '  - name: logs\n    hostPath:\n      path: /var/log/../lib\n'), valid: POD('', '  - name: logs\n    hostPath:\n      path: /var/log\n') },
  }),
  rule({
    id: R.hostPathType,
    title: 'Unknown hostPath type',
    upstream: `validateHostPathType (${UP})`,
    description: '`hostPath.type` is one of `""`, `DirectoryOrCreate`, `Directory`, `FileOrCreate`, `File`, `Socket`, `CharDevice`, `BlockDevice` (case matters).',
    example: { invalid: POD('', '  - name: sock\n    hostPath:\n      path: /run/docker.sock\n      type: socket\n'), valid: POD('', '  - name: sock\n    hostPath:\n      path: /run/docker.sock\n      type: Socket\n') },
  }),
  rule({
    id: R.emptyDirSizeLimit,
    title: 'Negative emptyDir sizeLimit',
    upstream: `validateVolumeSource (${UP})`,
    description: '`emptyDir.sizeLimit` must not be negative.',
    example: { invalid: POD('', '  - name: scratch\n    emptyDir:\n      sizeLimit: -1Gi\n'), valid: POD('', '  - name: scratch\n    emptyDir:\n      sizeLimit: 1Gi\n') },
  }),
  rule({
    id: R.emptyDirMedium,
    title: 'emptyDir medium the kubelet does not know',
    upstream: 'emptyDir volume plugin (pkg/volume/emptydir): the API server does not validate medium',
    rejects: false,
    description:
      'The API server accepts any `medium`, but the kubelet only knows `""` (node disk), `Memory` (tmpfs), `HugePages` and `HugePages-<size>`; anything else (`memory`, `tmpfs`) makes the volume setup fail and the pod stays in ContainerCreating.',
    example: { invalid: POD('', '  - name: scratch\n    emptyDir:\n      medium: memory\n'), valid: POD('', '  - name: scratch\n    emptyDir:\n      medium: Memory\n') },
  }),
  rule({
    id: R.fileMode,
    title: 'File mode out of range',
    upstream: `validateSecretVolumeSource, validateConfigMapVolumeSource, validateKeyToPath, validateDownwardAPIVolumeFile, validateProjectedVolumeSource (${UP})`,
    description:
      '`defaultMode` and `mode` are between 0 and 0777 (511). YAML reads `0644` as octal (420) but `644` as decimal 644, which is out of range: write the leading zero, or the decimal value.',
    example: { invalid: POD('', '  - name: config\n    configMap:\n      name: app\n      defaultMode: 644\n'), valid: POD('', '  - name: config\n    configMap:\n      name: app\n      defaultMode: 0644\n') },
  }),
  rule({
    id: R.itemPath,
    title: 'Volume item key or path missing or not a relative path',
    upstream: `validateKeyToPath, validateDownwardAPIVolumeFile, validateProjectionSources, ValidateLocalNonReservedPath (${UP})`,
    description:
      'Items of configMap, secret, downwardAPI and projected volumes need a `key` (where there is one) and a `path`, which must be relative, contain no `..` element and not start with `..`. Upstream reports downwardAPI item errors without the item\'s index, and a projected serviceAccountToken path at the projected volume\'s `path`.',
    example: {
      invalid: POD('', '  - name: config\n    configMap:\n      name: app\n      items:\n      - key: app.yaml\n        path: /etc/app.yaml\n'),
      valid: POD('', '  - name: config\n    configMap:\n      name: app\n      items:\n      - key: app.yaml\n        path: app.yaml\n'),
    },
  }),
  rule({
    id: R.downwardItem,
    title: 'downwardAPI volume file reads nothing, or a field it cannot read',
    upstream: `validateDownwardAPIVolumeFile, validateObjectFieldSelector, validateContainerResourceFieldSelector (${UP})`,
    description:
      'Each file takes exactly one of `fieldRef` or `resourceFieldRef`. `fieldRef` may read `metadata.name`, `metadata.namespace`, `metadata.uid`, `metadata.labels`, `metadata.annotations` (or one label or annotation, `metadata.labels[\'key\']`); status fields such as `status.podIP` are only for env vars. `resourceFieldRef` needs `containerName` in a volume.',
    example: {
      invalid: POD('', '  - name: info\n    downwardAPI:\n      items:\n      - path: ip\n        fieldRef:\n          fieldPath: status.podIP\n'),
      valid: POD('', '  - name: info\n    downwardAPI:\n      items:\n      - path: labels\n        fieldRef:\n          fieldPath: metadata.labels\n'),
    },
  }),
  rule({
    id: R.projectedMultiple,
    title: 'A projected source sets more than one projection',
    upstream: `validateProjectionSources (${UP})`,
    description: 'Each entry of `projected.sources` holds one of `secret`, `configMap`, `downwardAPI`, `serviceAccountToken`: write one list entry per projection.',
    example: {
      invalid: POD('', '  - name: all\n    projected:\n      sources:\n      - configMap:\n          name: app\n        secret:\n          name: app\n'),
      valid: POD('', '  - name: all\n    projected:\n      sources:\n      - configMap:\n          name: app\n      - secret:\n          name: app\n'),
    },
  }),
  rule({
    id: R.projectedDuplicatePath,
    title: 'Two projections write the same file',
    upstream: `validateProjectionSources (${UP})`,
    description: 'Item paths of one projected volume must be distinct across its sources. Upstream reports the projected volume with the second source\'s name (or the path, for downwardAPI files).',
    example: {
      invalid: POD('', '  - name: all\n    projected:\n      sources:\n      - configMap:\n          name: a\n          items:\n          - key: conf\n            path: app.conf\n      - configMap:\n          name: b\n          items:\n          - key: conf\n            path: app.conf\n'),
    },
  }),
  rule({
    id: R.tokenExpiration,
    title: 'serviceAccountToken expirationSeconds out of range',
    upstream: `validateProjectionSources (${UP})`,
    description: 'A projected service account token lives at least 600 seconds (10 minutes) and at most 2^32 seconds; the default is 3600.',
    example: {
      invalid: POD('', '  - name: token\n    projected:\n      sources:\n      - serviceAccountToken:\n          path: token\n          expirationSeconds: 60\n'),
      valid: POD('', '  - name: token\n    projected:\n      sources:\n      - serviceAccountToken:\n          path: token\n          expirationSeconds: 3600\n'),
    },
  }),
  rule({
    id: R.ephemeralTemplate,
    title: 'Invalid ephemeral volume claim template',
    upstream: `validateEphemeralVolumeSource, ValidatePersistentVolumeClaimTemplate, ValidatePersistentVolumeClaimSpec (${UP})`,
    description:
      'The template\'s metadata may only hold labels and annotations; its spec needs `accessModes` (known values; `ReadWriteOncePod` alone), `resources.requests.storage` greater than zero, a DNS-subdomain `storageClassName`, and `volumeMode` `Filesystem` or `Block`. For a Pod, `<pod name>-<volume name>` (the claim\'s name) must be a valid object name.',
    example: {
      invalid: POD('', '  - name: scratch\n    ephemeral:\n      volumeClaimTemplate:\n        spec:\n          accessModes: [ReadWriteOnce]\n'),
      valid: POD('', '  - name: scratch\n    ephemeral:\n      volumeClaimTemplate:\n        spec:\n          accessModes: [ReadWriteOnce]\n          resources:\n            requests:\n              storage: 1Gi\n'),
    },
  }),
  rule({
    id: R.claimOfEphemeral,
    title: 'persistentVolumeClaim names the claim of an ephemeral volume',
    upstream: `ValidateVolumes (${UP})`,
    description: 'The claim `<pod name>-<volume name>` belongs to the pod\'s ephemeral volume; mount the ephemeral volume instead of referencing its claim.',
    example: {
      invalid: POD('', '  - name: scratch\n    ephemeral:\n      volumeClaimTemplate:\n        spec:\n          accessModes: [ReadWriteOnce]\n          resources:\n            requests:\n              storage: 1Gi\n  - name: again\n    persistentVolumeClaim:\n      claimName: web-scratch\n'),
    },
  }),
  rule({
    id: R.imagePullPolicy,
    title: 'Unknown image volume pullPolicy',
    upstream: `validateImageVolumeSource, validatePullPolicy (${UP})`,
    since: '1.35',
    description: '`image.pullPolicy` is `Always`, `IfNotPresent` or `Never` (left empty, it defaults from the reference\'s tag).',
    example: { invalid: POD('', '  - name: model\n    image:\n      reference: registry.example/model:v1\n      pullPolicy: always\n'), valid: POD('', '  - name: model\n    image:\n      reference: registry.example/model:v1\n      pullPolicy: Always\n') },
  }),
  rule({
    id: R.gated,
    title: 'Volume feature dropped: its feature gate is off in this release',
    upstream: 'dropDisabledFields (pkg/api/pod/util.go)',
    rejects: false,
    description:
      'The API server silently removes fields whose feature gate is off: `image` volumes in 1.31-1.34 (the volume and every mount naming it disappear), `recursiveReadOnly` in 1.30, and the `clusterTrustBundle` and `podCertificate` projections. The object is accepted but does not do what it says. Target a release where the feature is on by default, or a cluster that enables the gate.',
    example: { invalid: `# kubernetesVersion 1.34\n${POD('', '  - name: model\n    image:\n      reference: registry.example/model:v1\n')}` },
  }),
  rule({
    id: R.mountName,
    title: 'volumeMount names no (valid) volume',
    upstream: `ValidateVolumeMounts (${UP})`,
    description:
      'A mount\'s `name` must be the name of a volume in `spec.volumes`. A volume that has an error of its own is not registered, so its mounts are reported as not found as well: fix the volume first.',
    example: { invalid: POD('    volumeMounts:\n    - name: config\n      mountPath: /etc/app\n', '  - name: configs\n    configMap:\n      name: app\n'), valid: POD('    volumeMounts:\n    - name: config\n      mountPath: /etc/app\n', '  - name: config\n    configMap:\n      name: app\n') },
  }),
  rule({
    id: R.mountPathRequired,
    title: 'volumeMount without mountPath',
    upstream: `ValidateVolumeMounts (${UP})`,
    description: 'Every mount needs the path inside the container where the volume appears.',
    example: { invalid: POD('    volumeMounts:\n    - name: data\n', '  - name: data\n    emptyDir: {}\n'), valid: POD('    volumeMounts:\n    - name: data\n      mountPath: /data\n', '  - name: data\n    emptyDir: {}\n') },
  }),
  rule({
    id: R.mountPathDuplicate,
    title: 'Two mounts at the same mountPath in one container',
    upstream: `ValidateVolumeMounts (${UP})`,
    description: 'Within a container each `mountPath` is used once (compared as written: `/data` and `/data/` differ). The same volume may be mounted by several containers, and at several paths with `subPath`.',
    example: {
      invalid: POD('    volumeMounts:\n    - name: a\n      mountPath: /data\n    - name: b\n      mountPath: /data\n', '  - name: a\n    emptyDir: {}\n  - name: b\n    emptyDir: {}\n'),
      valid: POD('    volumeMounts:\n    - name: a\n      mountPath: /data/a\n    - name: b\n      mountPath: /data/b\n', '  - name: a\n    emptyDir: {}\n  - name: b\n    emptyDir: {}\n'),
    },
  }),
  rule({
    id: R.subPath,
    title: 'subPath or subPathExpr is absolute or climbs out with ..',
    upstream: `ValidateVolumeMounts, validateLocalDescendingPath (${UP})`,
    description: '`subPath` and `subPathExpr` are relative paths inside the volume without `..` elements. Upstream reports them at `volumeMounts.subPath`, without the mount\'s index.',
    example: { invalid: POD('    volumeMounts:\n    - name: data\n      mountPath: /data\n      subPath: /app\n', '  - name: data\n    emptyDir: {}\n'), valid: POD('    volumeMounts:\n    - name: data\n      mountPath: /data\n      subPath: app\n', '  - name: data\n    emptyDir: {}\n') },
  }),
  rule({
    id: R.subPathExclusive,
    title: 'subPath and subPathExpr together',
    upstream: `ValidateVolumeMounts (${UP})`,
    description: 'A mount uses either a fixed `subPath` or an expanded `subPathExpr` (`$(POD_NAME)`), not both.',
    example: { invalid: POD('    volumeMounts:\n    - name: data\n      mountPath: /data\n      subPath: app\n      subPathExpr: $(POD_NAME)\n', '  - name: data\n    emptyDir: {}\n') },
  }),
  rule({
    id: R.ephemeralSubPath,
    title: 'subPath in an ephemeral container',
    upstream: `validateEphemeralContainers (${UP})`,
    description: 'Ephemeral (debug) containers may mount volumes, but not with `subPath` or `subPathExpr`: the bind mounts would leak until the pod exits.',
    example: {
      invalid: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n  - name: web\n    image: nginx:1.27\n  ephemeralContainers:\n  - name: debug\n    image: busybox:1.36\n    volumeMounts:\n    - name: data\n      mountPath: /data\n      subPath: app\n  volumes:\n  - name: data\n    emptyDir: {}\n',
    },
  }),
  rule({
    id: R.propagationValue,
    title: 'Unknown mountPropagation',
    upstream: `validateMountPropagation (${UP})`,
    description: '`mountPropagation` is `None`, `HostToContainer` or `Bidirectional` (case matters). Upstream reports it without the mount\'s index.',
    example: { invalid: POD('    volumeMounts:\n    - name: data\n      mountPath: /data\n      mountPropagation: rslave\n', '  - name: data\n    emptyDir: {}\n'), valid: POD('    volumeMounts:\n    - name: data\n      mountPath: /data\n      mountPropagation: HostToContainer\n', '  - name: data\n    emptyDir: {}\n') },
  }),
  rule({
    id: R.propagationPrivileged,
    title: 'Bidirectional mount propagation in an unprivileged container',
    upstream: `validateMountPropagation (${UP})`,
    description: '`Bidirectional` propagation lets the container mount into the host: it needs `securityContext.privileged: true` on that container. Use `HostToContainer` to only receive the host\'s mounts.',
    example: {
      invalid: POD('    volumeMounts:\n    - name: host\n      mountPath: /host\n      mountPropagation: Bidirectional\n', '  - name: host\n    hostPath:\n      path: /mnt\n'),
      valid: POD('    securityContext:\n      privileged: true\n    volumeMounts:\n    - name: host\n      mountPath: /host\n      mountPropagation: Bidirectional\n', '  - name: host\n    hostPath:\n      path: /mnt\n'),
    },
  }),
  rule({
    id: R.rroValue,
    title: 'Unknown recursiveReadOnly',
    upstream: `validateMountRecursiveReadOnly (${UP})`,
    since: '1.31',
    description: '`recursiveReadOnly` is `Disabled`, `IfPossible` or `Enabled`.',
    example: { invalid: POD('    volumeMounts:\n    - name: data\n      mountPath: /data\n      readOnly: true\n      recursiveReadOnly: "true"\n', '  - name: data\n    emptyDir: {}\n') },
  }),
  rule({
    id: R.rroConflict,
    title: 'recursiveReadOnly without readOnly, or with mount propagation',
    upstream: `validateMountRecursiveReadOnly (${UP})`,
    since: '1.31',
    description: '`recursiveReadOnly: Enabled` or `IfPossible` requires `readOnly: true` and a `mountPropagation` of `None` (or none).',
    example: {
      invalid: POD('    volumeMounts:\n    - name: data\n      mountPath: /data\n      recursiveReadOnly: Enabled\n', '  - name: data\n    emptyDir: {}\n'),
      valid: POD('    volumeMounts:\n    - name: data\n      mountPath: /data\n      readOnly: true\n      recursiveReadOnly: Enabled\n', '  - name: data\n    emptyDir: {}\n'),
    },
  }),
  rule({
    id: R.deviceName,
    title: 'volumeDevice names no block-capable volume',
    upstream: `ValidateVolumeDevices (${UP})`,
    description: 'A `volumeDevices` entry needs a unique `name` naming a `persistentVolumeClaim` or `ephemeral` volume of the pod (raw block devices come only from claims).',
    example: {
      invalid: POD('    volumeDevices:\n    - name: data\n      devicePath: /dev/xvda\n', '  - name: data\n    emptyDir: {}\n'),
      valid: POD('    volumeDevices:\n    - name: data\n      devicePath: /dev/xvda\n', '  - name: data\n    persistentVolumeClaim:\n      claimName: block-pvc\n'),
    },
  }),
  rule({
    id: R.devicePath,
    title: 'volumeDevice path missing, repeated or climbing with ..',
    upstream: `ValidateVolumeDevices (${UP})`,
    description: 'Each device needs a unique `devicePath` without `..` elements.',
    example: { invalid: POD('    volumeDevices:\n    - name: data\n', '  - name: data\n    persistentVolumeClaim:\n      claimName: block-pvc\n') },
  }),
  rule({
    id: R.deviceMountConflict,
    title: 'The same volume or path as both mount and device',
    upstream: `ValidateVolumeMounts, ValidateVolumeDevices (${UP})`,
    description: 'A container uses a volume either as a filesystem (`volumeMounts`) or as a raw block device (`volumeDevices`), and a path for one of them only. Upstream reports the conflict on both lists.',
    example: {
      invalid: POD('    volumeMounts:\n    - name: data\n      mountPath: /data\n    volumeDevices:\n    - name: data\n      devicePath: /dev/xvda\n', '  - name: data\n    persistentVolumeClaim:\n      claimName: block-pvc\n'),
    },
  }),
];
