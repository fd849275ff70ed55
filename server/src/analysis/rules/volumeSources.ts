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
import { child, entries, isSet, items } from '../model';
import { defineRule } from './rule';
import { forbidden, goQuote, invalid, notSupported, required, type FieldError } from './fieldErrors';
import { canonicalQuantity, isNegative, isZero, quantityOf } from '../quantity';
import { DOWNWARD_API_FIELD_PATHS, VALUE_SETS, accepted, suggestion } from '../knowledge/values';
import { isDroppedImageVolume, replacedByClaimTemplates, validatedVolumeIndex, volumeSources } from '../knowledge/volumes';
import { Issues, atLeast, changeValueFix, checkValue, droppedByGate, goString, int, isMap, known, memo, reportAt, reportIssues, type Issue, type Replacement, type Sink } from './common';
import { checkObjectFieldSelector, checkResourceFieldSelector } from './downwardApi';
import { byteLength, dns1123Label, dns1123Subdomain, goJSONString, invalidRendered, jsonValues, labelValue, localDescendingPath, localNonReservedPath, nameIsDNSSubdomain, pathNoBacksteps, qualifiedName, renderLabelSelector } from './stringFormats';
import { checkLabelSelector } from './selectors';
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
  sourceValue: 'pod/volume-source-value',
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

/** Gated projections: the API server drops them while their gate is off (before 1.37, where both gates are GA). */
const GATED_PROJECTIONS: Record<string, string> = {
  clusterTrustBundle: 'ClusterTrustBundleProjection',
  podCertificate: 'PodCertificateRequest',
};
const PROJECTIONS_GA = '1.37';

/** ValidateSignerName (pkg/apis/core/validation/names.go): `<domain>/<path>`. */
function signerNameErrors(path: string, signer: string, version: string): FieldError[] {
  if (signer === '') return [required(path)];
  const segments = signer.split('/');
  if (segments.length !== 2) return [invalid(path, signer, "must be a fully qualified domain and path of the form 'example.com/signer-name'")];
  const out: FieldError[] = [];
  const [domain, rest] = segments;
  if (byteLength(domain) > 253) out.push(tooLong(path, 253, version));
  const domainLabels = domain.split('.');
  for (const lbl of domainLabels) {
    const errs = dns1123Label(lbl);
    if (errs.length === 0) continue;
    for (const e of errs) out.push(invalid(path, domain, `validating label ${goQuote(lbl)}: ${e}`));
    break;
  }
  if (domainLabels.length < 2) out.push(invalid(path, domain, 'should be a domain with at least two segments separated by dots'));
  for (const lbl of rest.split('.')) {
    const errs = dns1123Subdomain(lbl);
    if (errs.length === 0) continue;
    for (const e of errs) out.push(invalid(path, rest, `validating label ${goQuote(lbl)}: ${e}`));
    break;
  }
  if (byteLength(signer) > 253 + 253 + 63 + 1 + 1) out.push(tooLong(path, 253 + 253 + 63 + 1 + 1, version));
  return out;
}

/** validateProjectionSources, clusterTrustBundle (1.37: the gate is GA). */
function checkClusterTrustBundle(out: Out, ctb: FieldNode, P: string, seen: Set<string>): void {
  const B = ctb.path;
  const nameF = child(ctb, 'name');
  const signerF = child(ctb, 'signerName');
  const pathF = child(ctb, 'path');
  const name = isSet(nameF) ? goString(nameF) : undefined;
  const signer = isSet(signerF) ? goString(signerF) : undefined;
  const path = isSet(pathF) ? goString(pathF) : '';
  if ((isSet(nameF) && name === undefined) || (isSet(signerF) && signer === undefined) || path === undefined) return;
  if (name !== undefined && signer !== undefined) {
    // The internal struct, printed as JSON with Go's field names.
    const sel = child(ctb, 'labelSelector');
    const selText = isSet(sel) ? renderLabelSelector(sel, out.version) : 'null';
    const opt = child(ctb, 'optional');
    const optText = !isSet(opt) ? 'null' : typeof opt.value === 'boolean' ? String(opt.value) : undefined;
    const user = child(ctb, 'user');
    const userText = !isSet(user) ? 'null' : int(user) !== undefined ? String(int(user)) : undefined;
    if (selText !== undefined && optText !== undefined && userText !== undefined) {
      const rendered = `{"Name":${goJSONString(name)},"SignerName":${goJSONString(signer)},"LabelSelector":${selText},"Optional":${optText},"Path":${goJSONString(path)},"User":${userText}}`;
      out.add(R.sourceValue, ctb, 'key', invalidRendered(B, rendered, 'only one of name and signerName may be used'));
    }
  } else if (name !== undefined) {
    if (name === '') out.at(R.sourceRequired, ctb, 'name', required(`${B}.name`, 'must be a valid object name'));
    // ValidateClusterTrustBundleName: after the signer prefix (up to the last ':'), a DNS subdomain.
    const cut = name.lastIndexOf(':');
    for (const m of dns1123Subdomain(cut === -1 ? name : name.slice(cut + 1))) out.at(R.sourceValue, ctb, 'name', invalid(`${B}.name`, name, `not a valid clustertrustbundlename: ${m}`));
    const sel = child(ctb, 'labelSelector');
    const rendered = isSet(sel) ? renderLabelSelector(sel, out.version) : undefined;
    if (sel && rendered) out.add(R.sourceValue, sel, 'key', invalidRendered(`${B}.labelSelector`, rendered, 'labelSelector must be unset if name is specified'));
  } else if (signer !== undefined) {
    if (signer === '') out.at(R.sourceRequired, ctb, 'signerName', required(`${B}.signerName`, 'must be a valid signer name'));
    for (const e of signerNameErrors(`${B}.signerName`, signer, out.version)) out.at(e.apiErrorType === 'Required' ? R.sourceRequired : R.sourceValue, ctb, 'signerName', e);
    checkLabelSelector(out.sink(R.sourceValue), child(ctb, 'labelSelector'), `${B}.labelSelector`, { allowInvalidLabelValue: false });
  } else {
    out.add(R.sourceRequired, ctb, 'key', required(B, 'either name or signerName must be specified'));
  }
  if (path === '') out.at(R.sourceRequired, ctb, 'path', required(`${B}.path`));
  else checkLocalPath(out, R.itemPath, ctb, 'path', `${B}.path`, path, localNonReservedPath);
  // Its path (even an empty one) joins the volume's paths.
  if (seen.has(path)) out.at(R.projectedDuplicatePath, ctb, 'path', invalid(P, path, 'conflicting duplicate paths'));
  else seen.add(path);
}

/** The key types a podCertificate projection accepts (validateProjectionSources). */
const POD_CERTIFICATE_KEY_TYPES = ['RSA3072', 'RSA4096', 'ECDSAP256', 'ECDSAP384', 'ECDSAP521', 'ED25519'];

/** validateProjectionSources, podCertificate (1.37: the gate is GA). */
function checkPodCertificate(out: Out, pc: FieldNode, P: string, claimPath: (p: string, value: string, at: FieldNode) => void): void {
  const C = pc.path;
  const str = (k: string): string | undefined => (isSet(child(pc, k)) ? goString(child(pc, k)) : '');
  const signer = str('signerName');
  const keyType = str('keyType');
  if (signer === undefined || keyType === undefined) return;
  for (const e of signerNameErrors(`${C}.signerName`, signer, out.version)) out.at(e.apiErrorType === 'Required' ? R.sourceRequired : R.sourceValue, pc, 'signerName', e);
  // ValidateUserAnnotations: each key (lower-cased) a label key with a domain prefix. The total size is not checked here.
  const ua = child(pc, 'userAnnotations');
  if (isMap(ua)) {
    const at = `${C}.userAnnotations`;
    for (const e of entries(ua)) {
      if (e.key === undefined) continue;
      const k = e.key.toLowerCase();
      if (k === '') {
        out.add(R.sourceRequired, e, 'key', required(at));
        continue;
      }
      const errs = qualifiedName(k, out.version);
      for (const m of errs) out.add(R.sourceValue, e, 'key', invalid(at, k, m));
      if (errs.length === 0 && k.split('/').length !== 2) out.add(R.sourceValue, e, 'key', invalid(at, k, 'must be a domain-prefixed key (such as "acme.io/foo")'));
    }
  }
  if (!POD_CERTIFICATE_KEY_TYPES.includes(keyType)) out.at(R.sourceValue, pc, 'keyType', notSupported(`${C}.keyType`, keyType, POD_CERTIFICATE_KEY_TYPES));
  const expF = child(pc, 'maxExpirationSeconds');
  const exp = int(expF);
  if (expF && exp !== undefined) {
    const at = `${C}.maxExpirationSeconds`;
    // certificates.MaxMaxExpirationSeconds (91 days), KubernetesMaxMaxExpirationSeconds (1 day) for kubernetes.io signers.
    const host = signer.split('/')[0];
    const max = host === 'kubernetes.io' || host.endsWith('.kubernetes.io') ? 24 * 60 * 60 : 91 * 24 * 60 * 60;
    if (exp < 3600) out.add(R.sourceValue, expF, 'value', invalid(at, exp, 'if provided, maxExpirationSeconds must be >= 3600'));
    if (exp > max) out.add(R.sourceValue, expF, 'value', invalid(at, exp, `if provided, maxExpirationSeconds must be <= ${max}`));
  }
  let numPaths = 0;
  for (const k of ['credentialBundlePath', 'keyPath', 'certificateChainPath']) {
    const v = str(k);
    if (!v) continue;
    numPaths++;
    checkLocalPath(out, R.itemPath, pc, k, `${C}.${k}`, v, localNonReservedPath);
    claimPath(v, v, child(pc, k)!);
  }
  if (numPaths === 0) out.add(R.sourceRequired, pc, 'key', required(C, 'specify at least one of credentialBundlePath, keyPath, and certificateChainPath'));
}

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
      if (!atLeast(version, PROJECTIONS_GA)) {
        warnGated(out, f, f.path, gate);
        continue;
      }
      count++;
      if (!isMap(f)) continue;
      if (k === 'clusterTrustBundle') checkClusterTrustBundle(out, f, P, seen);
      else checkPodCertificate(out, f, P, claimPath);
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
  // ValidateTemplateObjectMeta: annotation keys (ValidateAnnotations) and labels (ValidateLabels), as an object's.
  const metaMap = (key: string): { key: string; value: string; field: FieldNode }[] => {
    const m = child(meta, key);
    if (!isMap(m)) return [];
    return (m.children ?? []).flatMap((e) => {
      const v = e.kind === 'null' ? '' : typeof e.value === 'string' && e.kind === 'scalar' ? e.value : undefined;
      return e.key === undefined || v === undefined ? [] : [{ key: e.key, value: v, field: e }];
    });
  };
  const metaPath = `${tmpl.path}.metadata`;
  for (const { key, field } of metaMap('annotations'))
    for (const m of qualifiedName(key.toLowerCase(), out.version)) out.add(R.ephemeralTemplate, field, 'key', invalid(`${metaPath}.annotations`, key, m));
  for (const { key, value, field } of metaMap('labels')) {
    for (const m of qualifiedName(key, out.version)) out.add(R.ephemeralTemplate, field, 'key', invalid(`${metaPath}.labels`, key, m));
    for (const m of labelValue(value, out.version)) out.add(R.ephemeralTemplate, field, 'value', invalid(`${metaPath}.labels`, value, m));
  }
  for (const [key, lc, zero] of OBJECT_META_FIELDS) {
    const f = child(meta, key);
    if (!isSet(f) || (f.kind === 'scalar' && f.value === zero)) continue;
    out.add(R.ephemeralTemplate, f, 'key', forbidden(`${tmpl.path}.metadata.${lc}`, 'cannot be set'));
  }
  checkClaimSpec(out.sink(R.ephemeralTemplate), child(tmpl, 'spec'), `${tmpl.path}.spec`, tmpl);
}

/** validateDataSource / validateDataSourceRef: what a claim is populated from. */
function checkDataSource(sink: Sink<Replacement>, ds: FieldNode, P: string, withNamespace: boolean): void {
  const name = goString(child(ds, 'name'));
  const kind = goString(child(ds, 'kind'));
  const groupField = child(ds, 'apiGroup');
  const group = isSet(groupField) ? goString(groupField) : '';
  if (name === undefined || kind === undefined || group === undefined) return;
  if (name === '') reportAt(sink, ds, 'name', required(`${P}.name`));
  if (kind === '') reportAt(sink, ds, 'kind', required(`${P}.kind`));
  if (group === '' && kind !== 'PersistentVolumeClaim') sink.report({ field: ds, on: 'key', ...invalid(P, kind, "must be 'PersistentVolumeClaim' when referencing the default apiGroup") });
  if (group !== '' && atLeast(sink.version, '1.29')) for (const m of dns1123Subdomain(group)) reportAt(sink, ds, 'apiGroup', invalid(`${P}.apiGroup`, group, m));
  if (withNamespace) {
    const ns = goString(child(ds, 'namespace'));
    if (ns) for (const m of dns1123Label(ns)) reportAt(sink, ds, 'namespace', invalid(`${P}.namespace`, ns, m));
  }
}

/**
 * ValidatePersistentVolumeClaimSpec (an ephemeral volume's claim template, a
 * StatefulSet's volumeClaimTemplates from 1.34) of the claim spec at `spec`,
 * reported at `T` (its API path); `anchor` holds the spec when it is absent.
 */
export function checkClaimSpec(sink: Sink<Replacement>, spec: FieldNode | undefined, T: string, anchor: FieldNode): void {
  const { version } = sink;
  if (isSet(spec) && spec.kind !== 'map') return;
  const at = spec ?? anchor;
  const modesField = child(spec, 'accessModes');
  const modes = items(modesField);
  if (modes.length === 0) sink.report({ field: modesField ?? at, on: 'key', ...required(`${T}.accessModes`, 'at least 1 access mode is required') });
  const sel = child(spec, 'selector');
  if (isSet(sel)) checkLabelSelector(sink, sel, `${T}.selector`, { allowInvalidLabelValue: false });
  const accessModes = accepted(VALUE_SETS.claimAccessMode, version);
  let rwop = false;
  let other = false;
  for (const m of modes) {
    // A null entry decodes to "", which is not an access mode.
    const mode = goString(m);
    if (mode === undefined) continue;
    if (!accessModes.includes(mode)) sink.report({ field: m, on: 'value', ...notSupported(`${T}.accessModes`, mode, accessModes), data: { replacement: suggestion(accessModes, mode) } });
    else if (mode === 'ReadWriteOncePod') rwop = true;
    else other = true;
  }
  if (rwop && other) sink.report({ field: modesField!, on: 'key', ...forbidden(`${T}.accessModes`, 'may not use ReadWriteOncePod with other access modes') });
  const storage = child(child(child(spec, 'resources'), 'requests'), 'storage');
  if (!isSet(storage)) sink.report({ field: storage ?? child(spec, 'resources') ?? at, on: 'key', ...required(`${T}.resources[storage]`) });
  else {
    const q = quantityOf(storage.value);
    if (q && (isNegative(q) || isZero(q))) sink.report({ field: storage, on: 'value', ...invalid(`${T}.resources[storage]`, canonicalQuantity(q), 'must be greater than zero') });
  }
  const cls = goString(child(spec, 'storageClassName'));
  if (cls) for (const msg of nameIsDNSSubdomain(cls, false)) reportAt(sink, spec!, 'storageClassName', invalid(`${T}.storageClassName`, cls, msg));
  checkValue(sink, child(spec, 'volumeMode'), VALUE_SETS.claimVolumeMode, { empty: 'unsupported', path: `${T}.volumeMode` });
  const ds = child(spec, 'dataSource');
  const dsr = child(spec, 'dataSourceRef');
  if (isSet(ds) && ds.kind === 'map') checkDataSource(sink, ds, `${T}.dataSource`, false);
  if (isSet(dsr) && dsr.kind === 'map') checkDataSource(sink, dsr, `${T}.dataSourceRef`, true);
  const refNs = goString(child(dsr, 'namespace'));
  // The BadValue of these two is a *field.Path: JSON `{}` from 1.34 (it has no exported fields).
  const pathValue = jsonValues(version) ? '{}' : `field.Path{name:"dataSource", index:"", parent:(*field.Path)(0x…)}`;
  if (isSet(dsr) && refNs) {
    if (isSet(ds)) sink.report({ field: ds, on: 'key', ...invalidRendered(T, pathValue, 'may not be specified when dataSourceRef.namespace is specified') });
  } else if (isMap(ds) && isMap(dsr)) {
    const same = ['kind', 'name'].every((k) => goString(child(ds, k)) === goString(child(dsr, k))) && sameGroup(child(ds, 'apiGroup'), child(dsr, 'apiGroup'));
    if (!same) sink.report({ field: ds, on: 'key', ...invalidRendered(T, pathValue, 'must match dataSourceRef') });
  }
  const vac = goString(child(spec, 'volumeAttributesClassName'));
  if (vac && atLeast(version, '1.34')) for (const msg of nameIsDNSSubdomain(vac, false)) reportAt(sink, spec!, 'volumeAttributesClassName', invalid(`${T}.volumeAttributesClassName`, vac, msg));
}

/** reflect.DeepEqual of two *string apiGroups: both nil, or both set and equal. */
function sameGroup(a: FieldNode | undefined, b: FieldNode | undefined): boolean {
  if (!isSet(a) || !isSet(b)) return !isSet(a) && !isSet(b);
  return goString(a) === goString(b);
}

/** field.TooLong in the words of the release: one text from 1.32, "must have at most N bytes" before. */
function tooLong(path: string, max: number, version: string): FieldError {
  const detail = atLeast(version, '1.32') ? `may not be more than ${max} bytes` : `must have at most ${max} bytes`;
  return { fieldPath: path, apiErrorType: 'TooLong', message: `${path}: Too long: ${detail}` };
}

/** ValidateCSIDriverName: at most 63 characters, a DNS subdomain once lowercased. */
function checkCSIDriverName(out: Out, f: FieldNode, path: string, driver: string): void {
  if (driver.length > 63) out.add(R.sourceValue, f, 'value', tooLong(path, 63, out.version));
  for (const msg of dns1123Subdomain(driver.toLowerCase())) out.add(R.sourceValue, f, 'value', invalid(path, driver, msg));
}

const ISCSI_IQN = /iqn\.\d{4}-\d{2}\.([A-Za-z0-9.-]+)(:[^,;*&$|\t\n\v\f\r ]+)$/;
const ISCSI_EUI = /^eui.[A-Za-z0-9]{16}$/;
const ISCSI_NAA = /^naa.[A-Za-z0-9]{32}$/;

/** The iSCSI name checks of validateISCSIVolumeSource: the error detail, if any. */
function iscsiNameError(v: string): string | undefined {
  if (!v.startsWith('iqn') && !v.startsWith('eui') && !v.startsWith('naa')) return 'must be valid format starting with iqn, eui, or naa';
  const re = v.startsWith('iqn') ? ISCSI_IQN : v.startsWith('eui') ? ISCSI_EUI : ISCSI_NAA;
  return re.test(v) ? undefined : 'must be valid format';
}

/** An int32 field's value (its Go zero value when absent), or undefined when it would not decode. */
function int32Of(f: FieldNode | undefined): number | undefined {
  if (!isSet(f)) return 0;
  const v = int(f);
  return v !== undefined && v >= -2147483648 && v <= 2147483647 ? v : undefined;
}

/** validateFCVolumeSource beyond its required fields: not both lists; a lun in 0–255 with targetWWNs. */
function checkFC(out: Out, s: FieldNode, base: string): void {
  const { version } = out;
  const wwns = child(s, 'targetWWNs');
  const list = items(wwns).map((i) => goString(i));
  if (list.some((x) => x === undefined)) return;
  if (list.length > 0 && !empty(child(s, 'wwids'))) {
    const shown = jsonValues(version) ? `[${list.map((x) => goJSONString(x!)).join(',')}]` : `[]string{${list.map((x) => JSON.stringify(x)).join(', ')}}`;
    out.add(R.sourceValue, wwns!, 'key', invalidRendered(`${base}.targetWWNs`, shown, 'targetWWNs and wwids can not be specified simultaneously'));
  }
  if (list.length === 0) return;
  const lunField = child(s, 'lun');
  if (!isSet(lunField)) {
    out.at(R.sourceValue, s, 'lun', required(`${base}.lun`, 'lun is required if targetWWNs is specified'));
    return;
  }
  const lun = int32Of(lunField);
  // A *int32: printed as a number from 1.34, as a pointer before.
  if (lun !== undefined && (lun < 0 || lun > 255))
    out.add(R.sourceValue, lunField, 'value', invalidRendered(`${base}.lun`, jsonValues(version) ? String(lun) : '(*int32)(0x…)', 'must be between 0 and 255, inclusive'));
}

/** net.SplitHostPort accepts `hostport` (a port after the last colon; brackets around a host with colons). */
function splitsHostPort(hp: string): boolean {
  const i = hp.lastIndexOf(':');
  if (i < 0) return false;
  let j = 0;
  let k = 0;
  if (hp[0] === '[') {
    const end = hp.indexOf(']');
    if (end < 0 || end + 1 === hp.length) return false;
    if (end + 1 !== i) return false;
    j = 1;
    k = end + 1;
  } else if (hp.slice(0, i).includes(':')) return false;
  return !hp.slice(j).includes('[') && !hp.slice(k).includes(']');
}

const AZURE_CACHING = ['None', 'ReadOnly', 'ReadWrite'];
const AZURE_KINDS = ['Dedicated', 'Managed', 'Shared'];

/** The value checks of the legacy in-tree sources (validateAzureDisk, validateISCSIVolumeSource, …), after the v1 defaults. */
function checkLegacyValues(out: Out, key: string, s: FieldNode, base: string): void {
  const str = (k: string): string | undefined => goString(child(s, k));
  switch (key) {
    case 'quobyte': {
      // validateQuobyteVolumeSource: an empty registry is reported by the required fields.
      const registry = str('registry');
      const tenant = str('tenant');
      if (!registry || tenant === undefined) break;
      if (new TextEncoder().encode(tenant).length >= 65) {
        out.at(R.sourceValue, s, 'tenant', required(`${base}.tenant`, 'must be a UUID and may not exceed a length of 64 characters'));
        break;
      }
      for (const pair of registry.split(','))
        if (!splitsHostPort(pair)) out.at(R.sourceValue, s, 'registry', invalid(`${base}.registry`, registry, 'must be a host:port pair or multiple pairs separated by commas'));
      break;
    }
    case 'azureDisk': {
      // SetDefaults_AzureDiskVolumeSource: cachingMode ReadWrite, kind Shared.
      const caching = isSet(child(s, 'cachingMode')) ? str('cachingMode') : 'ReadWrite';
      const kind = isSet(child(s, 'kind')) ? str('kind') : 'Shared';
      if (caching !== undefined && !AZURE_CACHING.includes(caching)) out.at(R.sourceValue, s, 'cachingMode', notSupported(`${base}.cachingMode`, caching, AZURE_CACHING));
      if (kind !== undefined && !AZURE_KINDS.includes(kind)) out.at(R.sourceValue, s, 'kind', notSupported(`${base}.kind`, kind, AZURE_KINDS));
      const uri = str('diskURI');
      if (uri === undefined || kind === undefined) break;
      if (kind === 'Managed' && !uri.startsWith('/subscriptions/'))
        out.at(R.sourceValue, s, 'diskURI', notSupported(`${base}.diskURI`, uri, ['/subscriptions/{sub-id}/resourcegroups/{group-name}/providers/microsoft.compute/disks/{disk-id}']));
      if (kind !== 'Managed' && !uri.startsWith('https://'))
        out.at(R.sourceValue, s, 'diskURI', notSupported(`${base}.diskURI`, uri, ['https://{account-name}.blob.core.windows.net/{container-name}/{disk-name}.vhd']));
      break;
    }
    case 'iscsi': {
      const iqn = str('iqn');
      const iqnError = iqn ? iscsiNameError(iqn) : undefined;
      if (iqn && iqnError) out.at(R.sourceValue, s, 'iqn', invalid(`${base}.iqn`, iqn, iqnError));
      const lun = int32Of(child(s, 'lun'));
      if (lun !== undefined && (lun < 0 || lun > 255)) out.at(R.sourceValue, s, 'lun', invalid(`${base}.lun`, lun, 'must be between 0 and 255, inclusive'));
      const chap = ['chapAuthDiscovery', 'chapAuthSession'].some((k) => child(s, k)?.value === true);
      if (chap && !isMap(child(s, 'secretRef'))) out.at(R.sourceValue, s, 'secretRef', required(`${base}.secretRef`));
      const initiatorField = child(s, 'initiatorName');
      const initiator = isSet(initiatorField) ? goString(initiatorField) : undefined;
      if (initiator !== undefined) {
        // Upstream reports it at `initiatorname`; a name without a known prefix gets no second message.
        const e = iscsiNameError(initiator);
        if (e) out.add(R.sourceValue, initiatorField!, 'value', invalid(`${base}.initiatorname`, initiator, e));
      }
      break;
    }
    case 'gcePersistentDisk':
    case 'awsElasticBlockStore': {
      const p = int32Of(child(s, 'partition'));
      if (p !== undefined && (p < 0 || p > 255)) out.at(R.sourceValue, s, 'partition', invalid(`${base}.partition`, p, 'must be between 1 and 255, inclusive'));
      break;
    }
    case 'flexVolume': {
      const options = child(s, 'options');
      if (!isMap(options)) break;
      for (const o of options.children ?? []) {
        const k = o.key ?? '';
        const ns = k.includes('/') ? k.slice(0, k.indexOf('/')) : k;
        const normalized = `.${ns.toLowerCase()}`;
        if (normalized.endsWith('.kubernetes.io') || normalized.endsWith('.k8s.io'))
          out.add(R.sourceValue, o, 'key', invalid(`${base}.options[${k}]`, k, 'kubernetes.io and k8s.io namespaces are reserved'));
      }
      break;
    }
    case 'cinder': {
      // validateCinderVolumeSource: a secretRef that is set needs a name.
      const ref = child(s, 'secretRef');
      if (isMap(ref) && empty(child(ref, 'name'))) out.at(R.sourceRequired, ref, 'name', required(`${base}.secretRef.name`));
      break;
    }
    case 'storageos': {
      const name = str('volumeName');
      if (name) for (const m of dns1123Label(name)) out.at(R.sourceValue, s, 'volumeName', invalid(`${base}.volumeName`, name, m));
      const ns = str('volumeNamespace');
      if (ns) for (const m of dns1123Label(ns)) out.at(R.sourceValue, s, 'volumeNamespace', invalid(`${base}.volumeNamespace`, ns, m));
      const ref = child(s, 'secretRef');
      if (isMap(ref) && empty(child(ref, 'name'))) out.at(R.sourceValue, ref, 'name', required(`${base}.secretRef.name`));
      break;
    }
  }
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
    case 'quobyte':
    case 'azureDisk':
    case 'iscsi':
    case 'gcePersistentDisk':
    case 'awsElasticBlockStore':
    case 'flexVolume':
    case 'storageos':
    case 'cinder':
      checkLegacyValues(out, key, s, base);
      break;
    case 'fc': {
      if (empty(child(s, 'targetWWNs')) && empty(child(s, 'wwids')))
        out.at(R.sourceRequired, s, 'targetWWNs', required(`${base}.targetWWNs`, 'must specify either targetWWNs or wwids, but not both'));
      checkFC(out, s, base);
      break;
    }
    case 'downwardAPI':
      checkMode(out, s, 'defaultMode', `${base}.defaultMode`);
      for (const file of items(child(s, 'items'))) if (file.kind === 'map') checkDownwardFile(out, file, base);
      break;
    case 'projected':
      checkProjected(out, s, base);
      break;
    case 'csi': {
      const driver = goString(child(s, 'driver'));
      if (driver === '') {
        out.at(R.sourceRequired, s, 'driver', required(`${base}.driver`));
        // Up to 1.34 ValidateCSIDriverName goes on with the empty name: it is no DNS subdomain either.
        if (!atLeast(out.version, '1.35')) for (const msg of dns1123Subdomain('')) out.at(R.sourceValue, s, 'driver', invalid(`${base}.driver`, '', msg));
      } else if (driver !== undefined) checkCSIDriverName(out, child(s, 'driver')!, `${base}.driver`, driver);
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
  return { issues: atValidatedIndex(out.list, pod, version), rejected, sourceOf };
});

/**
 * The issues with every path under the pod's `volumes[i]` moved to the index
 * the API server validates that volume at (a StatefulSet's from 1.34 come
 * after its claim templates' volumes: knowledge/volumes.ts).
 */
export function atValidatedIndex<M>(issues: Issue<M>[], pod: PodSpecModel, version: string): Issue<M>[] {
  const index = validatedVolumeIndex(pod, version);
  const prefix = `${pod.path}.volumes[`;
  return issues.map((issue) => {
    const fp = issue.report.fieldPath;
    if (!fp?.startsWith(prefix)) return issue;
    const m = /^(\d+)\]/.exec(fp.slice(prefix.length));
    if (!m) return issue;
    const j = index(Number(m[1]));
    if (j === undefined || j === Number(m[1])) return issue;
    const path = `${prefix}${j}]${fp.slice(prefix.length + m[0].length)}`;
    const message = issue.report.message.startsWith(fp) ? path + issue.report.message.slice(fp.length) : issue.report.message;
    return { ...issue, report: { ...issue.report, fieldPath: path, message } } as Issue<M>;
  });
}

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
      'Sources need the object they point at: `secret.secretName`, `configMap.name`, `persistentVolumeClaim.claimName`, `hostPath.path`, `nfs.server` and `nfs.path`, `csi.driver`, `ephemeral.volumeClaimTemplate`, `image.reference` (from 1.35, in a Pod only: a workload template may leave it empty), projected `secret.name` / `configMap.name`, from 1.37 the `name` or `signerName` and the `path` of a projected `clusterTrustBundle`, and the `signerName` and at least one path of a `podCertificate`, a cinder `secretRef.name` when `secretRef` is set, and the mandatory fields of the legacy in-tree sources. A CSI `nodePublishSecretRef.name` must also be a DNS subdomain (upstream reports it at `csi.name`).',
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
  defineRule({
    id: R.sourceValue,
    severity: 'error',
    title: 'A volume source field has a value the API server refuses',
    upstream: `ValidateCSIDriverName, validateFCVolumeSource, validateQuobyteVolumeSource, validateAzureDisk, validateISCSIVolumeSource, validateGCEPersistentDiskVolumeSource, validateAWSElasticBlockStoreVolumeSource, validateFlexVolumeSource, validateStorageOSVolumeSource, validateProjectionSources (${UP})`,
    rejects: true,
    description:
      'A `csi.driver` is a DNS subdomain of at most 63 characters (case is ignored). From 1.37 a projected `clusterTrustBundle` takes a valid `name` (a DNS subdomain after its signer prefix; then no `labelSelector`) or a `signerName` (`<domain>/<name>`) with a valid `labelSelector`, and a `podCertificate` a valid `signerName`, a `keyType` (`RSA3072`, `RSA4096`, `ECDSAP256`, `ECDSAP384`, `ECDSAP521`, `ED25519`) and a `maxExpirationSeconds` of at least 3600 and at most 91 days (1 day for a kubernetes.io signer). The legacy in-tree sources have their own checks: `fc` takes `targetWWNs` (then with a `lun` in 0–255) or `wwids`, not both; a `quobyte` `registry` is a list of host:port pairs; `azureDisk` `cachingMode` (`None`, `ReadOnly`, `ReadWrite`), `kind` (`Dedicated`, `Managed`, `Shared`, the default) and a `diskURI` that starts with `https://` (with `/subscriptions/` for `kind: Managed`); an `iscsi` `iqn` and `initiatorName` in iqn, eui or naa format, `lun` in 0–255, a `secretRef` with CHAP authentication; a disk `partition` in 0–255; `flexVolume` options outside the kubernetes.io and k8s.io namespaces; `storageos` names that are DNS labels.',
    example: {
      invalid: POD('', '  - name: data\n    csi:\n      driver: Disk_Driver\n'),
      valid: POD('', '  - name: data\n    csi:\n      driver: disk.csi.example.com\n'),
    },
    scope: 'pod',
    check: (ctx) => reportIssues(ctx, sourceIssues(ctx.pod, ctx.version), R.sourceValue),
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
    description: 'Each entry of `projected.sources` holds one of `secret`, `configMap`, `downwardAPI`, `serviceAccountToken` (and from 1.37 `clusterTrustBundle`, `podCertificate`): write one list entry per projection.',
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
      "The template's metadata may only hold labels and annotations (valid label keys and values, and annotation keys, as an object's); its spec needs `accessModes` (known values; `ReadWriteOncePod` alone), `resources.requests.storage` greater than zero, a DNS-subdomain `storageClassName`, and `volumeMode` `Filesystem` or `Block`. For a Pod, `<pod name>-<volume name>` (the claim's name) must be a valid object name.",
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
