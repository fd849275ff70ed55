/**
 * What a pod volume is for the API server of a release: the volume sources
 * in the order validateVolumeSource (pkg/apis/core/validation/validation.go)
 * checks them, which of them the release decodes, when image volumes work,
 * what SetDefaults_Volume (pkg/apis/core/v1/defaults.go) makes of a
 * volume that sets no source, and which pod volumes a StatefulSet's claim
 * templates replace.
 */
import type { FieldNode, PodSpecModel } from '../model';
import { child, isSet } from '../model';
import { compareVersions, fieldStatus } from '../api/table';
import { claimTemplates } from './names';

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

/**
 * The names of the pod volumes that a StatefulSet's volume claim templates
 * replace: the controller gives every pod a persistentVolumeClaim volume per
 * template instead of a volume of that name, and from 1.34
 * ValidateStatefulSetSpec (pkg/apis/apps/validation/validation.go) validates
 * the template that way too, so such a pod volume is never validated nor
 * mounted. Empty for other kinds.
 */
export function replacedByClaimTemplates(pod: PodSpecModel): ReadonlySet<string> {
  return new Set(claimTemplates(pod).map((t) => t.name));
}
