/**
 * What a pod volume is for the API server of a release: the volume sources
 * in the order validateVolumeSource (pkg/apis/core/validation/validation.go)
 * checks them, which of them the release decodes, when image volumes work,
 * what SetDefaults_Volume (pkg/apis/core/v1/defaults.go) makes of a
 * volume that sets no source, and which pod volumes a StatefulSet's claim
 * templates replace.
 */
import type { FieldNode, PodSpecModel } from '../model';
import { child, isSet, items } from '../model';
import { compareVersions, fieldStatus } from '../api/table';

export interface VolumeSourceKey {
  /** The YAML key. */
  key: string;
  /** The path element upstream writes in "may not specify more than 1 volume type" (typos included). */
  forbiddenKey: string;
  /** The path element upstream validates the source under. */
  pathKey: string;
}

const src = (key: string, forbiddenKey = key, pathKey = key): VolumeSourceKey => ({ key, forbiddenKey, pathKey });

/** The volume sources, in validateVolumeSource's order. */
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

/**
 * Image volumes: the field exists from 1.31 behind the ImageVolume gate (off
 * by default), which is on by default from 1.35.
 */
export const IMAGE_VOLUMES = { field: '1.31', onByDefault: '1.35' } as const;

/** Image volumes exist in the release, but their gate is off by default: the API server drops them, with the mounts naming them. */
export const imageVolumesGatedOff = (version: string): boolean => compareVersions(version, IMAGE_VOLUMES.field) >= 0 && compareVersions(version, IMAGE_VOLUMES.onByDefault) < 0;

/** The volume is an image volume that the API server drops (with the mounts naming it) in this release. */
export function isDroppedImageVolume(vol: FieldNode, version: string): boolean {
  const image = child(vol, 'image');
  return imageVolumesGatedOff(version) && isSet(image) && (!image.def || fieldStatus(image.def, version) !== 'unknown');
}

/** The sources a volume sets, in upstream order, as the release decodes them (a key it does not know is no source). */
export function volumeSources(vol: FieldNode, version: string): { source: VolumeSourceKey; field: FieldNode }[] {
  const out: { source: VolumeSourceKey; field: FieldNode }[] = [];
  for (const source of VOLUME_SOURCES) {
    const f = child(vol, source.key);
    if (!isSet(f) || (f.def && fieldStatus(f.def, version) === 'unknown')) continue;
    if (source.key === 'image' && compareVersions(version, IMAGE_VOLUMES.field) < 0) continue;
    out.push({ source, field: f });
  }
  return out;
}

/** SetDefaults_Volume: a volume that sets no source is an emptyDir. */
export function isEmptyDirAfterDefaults(vol: FieldNode, version: string): boolean {
  const sources = volumeSources(vol, version);
  return sources.length === 0 || sources.some((s) => s.source.key === 'emptyDir');
}

/** A volume that ValidateStatefulSetSpec adds to the validated pod template for a claim template. */
export interface ClaimTemplateVolume {
  /** The claim template's name ('' when it has none): the volume's name and claimName. */
  name: string;
  nameField?: FieldNode;
  /** The (first) claim template of that name. */
  template: FieldNode;
}

/**
 * The volumes that ValidateStatefulSetSpec (pkg/apis/apps/validation, from
 * 1.34) puts first in the pod template it validates: one
 * `persistentVolumeClaim` volume per distinct claim template name
 * (volumesToAddForTemplates, a Go map: with several, their order is random;
 * listed here in template order). Undefined for an object that is no
 * StatefulSet, or when a claim template would not decode.
 */
export function claimTemplateVolumes(object: FieldNode): ClaimTemplateVolume[] | undefined {
  const list = child(child(object, 'spec'), 'volumeClaimTemplates');
  if (isSet(list) && list.kind !== 'seq') return undefined;
  const out: ClaimTemplateVolume[] = [];
  const seen = new Set<string>();
  for (const t of items(list)) {
    if (t.kind === 'null') continue;
    if (t.kind !== 'map') return undefined;
    const meta = child(t, 'metadata');
    if (isSet(meta) && meta.kind !== 'map') return undefined;
    const nameField = child(meta, 'name');
    const name = !isSet(nameField) ? '' : nameField.kind === 'scalar' && typeof nameField.value === 'string' ? nameField.value : undefined;
    if (name === undefined) return undefined;
    if (seen.has(name)) continue;
    seen.add(name);
    out.push({ name, nameField, template: t });
  }
  return out;
}

/** Whether the API server validates a StatefulSet's pod template with its claim templates' volumes (from 1.34). */
const claimVolumesValidated = (pod: PodSpecModel, version: string): boolean => pod.kind === 'StatefulSet' && compareVersions(version, '1.34') >= 0;

/**
 * The names of the pod volumes that a StatefulSet's volume claim templates
 * replace: the controller gives every pod a persistentVolumeClaim volume per
 * template instead of a volume of that name, and from 1.34
 * ValidateStatefulSetSpec (pkg/apis/apps/validation/validation.go) validates
 * the template that way too, so such a pod volume is never validated nor
 * mounted. Empty for other kinds.
 */
export function replacedByClaimTemplates(pod: PodSpecModel): ReadonlySet<string> {
  if (pod.kind !== 'StatefulSet') return new Set();
  return new Set((claimTemplateVolumes(pod.object) ?? []).map((v) => v.name));
}

/**
 * Where ValidateVolumes finds each pod volume of the template the API server
 * validates: for a StatefulSet from 1.34, after its claim templates' volumes
 * (a volume a claim template replaces has no place: undefined); elsewhere
 * where it is written. `i` is the index in the manifest.
 */
export function validatedVolumeIndex(pod: PodSpecModel, version: string): (i: number) => number | undefined {
  if (!claimVolumesValidated(pod, version)) return (i) => i;
  const claims = claimTemplateVolumes(pod.object);
  if (!claims || claims.length === 0) return (i) => i;
  const replaced = new Set(claims.map((c) => c.name));
  const index = new Map<number, number>();
  let next = claims.length;
  items(child(pod.field, 'volumes')).forEach((v, i) => {
    const nf = child(v, 'name');
    const name = !isSet(nf) ? '' : nf.kind === 'scalar' && typeof nf.value === 'string' ? nf.value : undefined;
    if (name !== undefined && replaced.has(name)) return;
    index.set(i, next++);
  });
  return (i) => index.get(i);
}
