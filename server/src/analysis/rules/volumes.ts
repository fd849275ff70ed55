/**
 * Volume rules: the volumes of a pod spec and the mounts and devices that
 * name them, as ValidateVolumes, ValidateVolumeMounts, ValidateVolumeDevices,
 * validateMountPropagation and validateMountRecursiveReadOnly
 * (pkg/apis/core/validation/validation.go) check them, with the API
 * server's feature-gate dropping (pkg/api/pod/util.go) applied first. What
 * each volume source must hold is in volumeSources.ts.
 *
 * The checks depend on each other as upstream's walk does: a volume with any
 * error (its sources' included) is not registered, so every mount or device
 * naming it is also "Not found". One analysis per pod spec and release
 * registers the volumes, one checks every container's mounts and devices
 * against them; each rule reports the issues found under its id.
 */
import type { ContainerModel, FieldNode, PodSpecModel } from '../model';
import { bool, child, isSet, items } from '../model';
import { defineRule } from './rule';
import { duplicate, forbidden, invalid, notFound, required } from './fieldErrors';
import { VALUE_SETS } from '../knowledge/values';
import { isDroppedImageVolume, replacedByClaimTemplates } from '../knowledge/volumes';
import { volumeTargets } from '../knowledge/names';
import { Issues, atLeast, changeValueFix, checkValue, goString, isMap, known, memo, reportIssues, type Issue, type Replacement } from './common';
import { POD, analyseSources, atValidatedIndex, warnGated } from './volumeSources';
import { dns1123Label, hasBacksteps, localDescendingPath } from './stringFormats';

const R = {
  name: 'pod/volume-name',
  duplicate: 'pod/volume-name-duplicate',
  claimOfEphemeral: 'pod/volume-claim-of-ephemeral',
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

/** What each rule's fix needs. */
type VolumeData = { [K in (typeof R)[keyof typeof R]]: K extends typeof R.propagationValue | typeof R.rroValue ? Replacement : undefined };
type Out = Issues<VolumeData>;

// ---------------------------------------------------------------------------
// ValidateVolumes: names, and which volumes a mount or device can name
// ---------------------------------------------------------------------------

interface VolumeAnalysis {
  issues: readonly Issue<VolumeData>[];
  /**
   * What a mount or device can name (knowledge/names.ts volumeTargets): the
   * volumes without errors, and a StatefulSet's claim templates; with the
   * source each has after defaulting (emptyDir for a volume that sets none).
   */
  registered: ReadonlyMap<string, string>;
  /** Image volumes the API server removes (with their mounts) in this release. */
  dropped: ReadonlySet<string>;
}

const analyseVolumes = memo((pod: PodSpecModel, version: string): VolumeAnalysis => {
  const out: Out = new Issues(version);
  const sources = analyseSources(pod, version);
  const valid = new Set<FieldNode>();
  const dropped = new Set<string>();
  const vols = items(child(pod.field, 'volumes')).filter((v) => v.kind === 'map');
  // Only Pods know their name here (templates validate with no metadata).
  const podName = pod.kind === 'Pod' ? goString(child(child(pod.object, 'metadata'), 'name')) || undefined : undefined;
  const createdClaims = new Set<string>();
  if (podName) for (const v of vols) if (isSet(child(v, 'ephemeral'))) createdClaims.add(`${podName}-${goString(child(v, 'name')) ?? ''}`);
  const names = new Set<string>();
  const replaced = replacedByClaimTemplates(pod);
  for (const vol of vols) {
    const nameField = child(vol, 'name');
    const name = goString(nameField);
    if (isDroppedImageVolume(vol, version)) {
      if (name !== undefined) dropped.add(name);
      warnGated(out, child(vol, 'image')!, `${vol.path}.image`, 'ImageVolume', '1.35', ', with every volumeMount naming this volume');
      continue;
    }
    // A volume a claim template replaces is not validated: the template's volume is (below).
    if (name !== undefined && replaced.has(name)) continue;
    const mark = out.list.length;
    if (name === '') out.at(R.name, vol, 'name', required(`${vol.path}.name`));
    else if (name !== undefined) for (const msg of dns1123Label(name)) out.add(R.name, nameField!, 'value', invalid(`${vol.path}.name`, name, msg));
    if (name !== undefined && names.has(name)) out.at(R.duplicate, vol, 'name', duplicate(`${vol.path}.name`, name));
    // A volume with any error is not registered: mounts naming it are "Not found" too.
    if (name !== undefined && out.rejectionsSince(mark) === 0 && !sources.rejected.has(vol)) {
      names.add(name);
      valid.add(vol);
    }
    const claim = child(vol, 'persistentVolumeClaim');
    const claimName = isMap(claim) ? goString(child(claim, 'claimName')) : undefined;
    if (claimName !== undefined && createdClaims.has(claimName))
      out.at(
        R.claimOfEphemeral,
        claim!,
        'claimName',
        invalid(`${vol.path}.persistentVolumeClaim.claimName`, claimName, 'must not reference a PVC that gets created for an ephemeral volume'),
      );
  }
  // What a mount or device can name: the volumes without errors, then a StatefulSet's claim
  // templates (the controller adds a persistentVolumeClaim volume for each, replacing a pod
  // volume of the same name, before it creates the pods).
  const registered = new Map<string, string>();
  for (const t of volumeTargets(pod)) {
    // A claim template's volume is registered when its name is a valid volume name (statefulsets.ts reports it otherwise).
    if (t.kind === 'claimTemplate') {
      if (dns1123Label(t.name).length === 0) registered.set(t.name, 'persistentVolumeClaim');
    }
    else if (valid.has(t.entry)) registered.set(t.name, sources.sourceOf.get(t.entry) ?? 'emptyDir');
  }
  return { issues: atValidatedIndex(out.list, pod, version), registered, dropped };
});

// ---------------------------------------------------------------------------
// ValidateVolumeMounts, ValidateVolumeDevices of every container
// ---------------------------------------------------------------------------

function checkMounts(out: Out, c: ContainerModel, vols: VolumeAnalysis): void {
  const { version } = out;
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
    const localPath = (key: string, p: string): void => {
      for (const msg of localDescendingPath(p)) out.at(R.subPath, m, key, invalid(`${M}.${key}`, p, msg));
    };
    if (subPath) localPath('subPath', subPath);
    if (subPathExpr) {
      if (subPath) out.at(R.subPathExclusive, m, 'subPathExpr', invalid(`${idx}.subPathExpr`, subPathExpr, 'subPathExpr and subPath are mutually exclusive'));
      localPath('subPathExpr', subPathExpr);
    }
    const propField = child(m, 'mountPropagation');
    const propagation = isSet(propField) ? goString(propField) : undefined;
    if (propagation !== undefined) {
      checkValue(out.sink(R.propagationValue), propField, VALUE_SETS.mountPropagation, { empty: 'unsupported', path: `${M}.mountPropagation` });
      if (propagation === 'Bidirectional' && !privileged)
        out.add(R.propagationPrivileged, propField!, 'value', forbidden(`${M}.mountPropagation`, 'Bidirectional mount propagation is available only to privileged containers'));
    }
    const rroField = child(m, 'recursiveReadOnly');
    const rro = isSet(rroField) && known(rroField, version) ? goString(rroField) : undefined;
    if (rro !== undefined) {
      if (!atLeast(version, '1.31')) {
        warnGated(out, rroField!, `${idx}.recursiveReadOnly`, 'RecursiveReadOnlyMounts', '1.31');
      } else if (rro === 'Enabled' || rro === 'IfPossible') {
        if (bool(child(m, 'readOnly')) !== true) out.add(R.rroConflict, rroField!, 'value', forbidden(`${M}.recursiveReadOnly`, 'may only be specified when readOnly is true'));
        if (propagation !== undefined && propagation !== 'None')
          out.add(R.rroConflict, rroField!, 'value', forbidden(`${M}.recursiveReadOnly`, 'may only be specified when mountPropagation is None or not specified'));
      } else {
        checkValue(out.sink(R.rroValue), rroField, VALUE_SETS.recursiveReadOnly, { empty: 'unsupported', path: `${M}.recursiveReadOnly` });
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
      const source = vols.registered.get(name);
      if (name === '') out.at(R.deviceName, d, 'name', required(`${idx}.name`));
      if (deviceNames.has(name)) out.at(R.deviceName, d, 'name', invalid(`${idx}.name`, name, 'must be unique'));
      if (source && source !== 'persistentVolumeClaim' && source !== 'ephemeral')
        out.at(R.deviceName, d, 'name', invalid(`${idx}.name`, name, 'can only use volume source type of PersistentVolumeClaim or Ephemeral for block mode'));
      if (!source) out.at(R.deviceName, d, 'name', notFound(`${idx}.name`, name));
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

const analyseMounts = memo((pod: PodSpecModel, version: string): readonly Issue<VolumeData>[] => {
  const out: Out = new Issues(version);
  const vols = analyseVolumes(pod, version);
  for (const c of pod.containers) checkMounts(out, c, vols);
  return out.list;
});

/** The issues of both analyses of this file (volumes, then mounts and devices). */
const volumeIssues = (pod: PodSpecModel, version: string): readonly Issue<VolumeData>[] => [...analyseVolumes(pod, version).issues, ...analyseMounts(pod, version)];

// ---------------------------------------------------------------------------
// The rules
// ---------------------------------------------------------------------------

const UP = 'pkg/apis/core/validation/validation.go';

export const volumeRules = [
  defineRule({
    id: R.name,
    severity: 'error',
    title: 'Volume name missing or not a DNS label',
    upstream: `ValidateVolumes (${UP})`,
    rejects: true,
    description:
      'Each volume needs a `name` that is a DNS-1123 label: at most 63 lower-case letters, digits and `-`, starting and ending with a letter or digit (no dots, no upper case). A volume with an invalid name is not registered, so every `volumeMounts` entry naming it is also reported as not found.',
    example: { invalid: POD('', '  - name: Config_Files\n    emptyDir: {}\n'), valid: POD('', '  - name: config-files\n    emptyDir: {}\n') },
    scope: 'pod',
    check: (ctx) => reportIssues(ctx, volumeIssues(ctx.pod, ctx.version), R.name),
  }),
  defineRule({
    id: R.duplicate,
    severity: 'error',
    title: 'Two volumes with the same name',
    upstream: `ValidateVolumes (${UP})`,
    rejects: true,
    description: 'Volume names are unique within a pod. Rename one of them (and the mounts that mean it); mounts resolve to the first one.',
    example: {
      invalid: POD('', '  - name: data\n    emptyDir: {}\n  - name: data\n    emptyDir: {}\n'),
      valid: POD('', '  - name: data\n    emptyDir: {}\n  - name: cache\n    emptyDir: {}\n'),
    },
    scope: 'pod',
    check: (ctx) => reportIssues(ctx, volumeIssues(ctx.pod, ctx.version), R.duplicate),
  }),
  defineRule({
    id: R.claimOfEphemeral,
    severity: 'error',
    title: 'persistentVolumeClaim names the claim of an ephemeral volume',
    upstream: `ValidateVolumes (${UP})`,
    rejects: true,
    description: "The claim `<pod name>-<volume name>` belongs to the pod's ephemeral volume; mount the ephemeral volume instead of referencing its claim.",
    example: {
      invalid: POD(
        '',
        '  - name: scratch\n    ephemeral:\n      volumeClaimTemplate:\n        spec:\n          accessModes: [ReadWriteOnce]\n          resources:\n            requests:\n              storage: 1Gi\n  - name: again\n    persistentVolumeClaim:\n      claimName: web-scratch\n',
      ),
    },
    scope: 'pod',
    check: (ctx) => reportIssues(ctx, volumeIssues(ctx.pod, ctx.version), R.claimOfEphemeral),
  }),
  defineRule({
    id: R.gated,
    severity: 'warning',
    title: 'Volume feature dropped: its feature gate is off in this release',
    upstream: 'dropDisabledFields (pkg/api/pod/util.go)',
    description:
      'The API server silently removes fields whose feature gate is off: `image` volumes in 1.31-1.34 (the volume and every mount naming it disappear), `recursiveReadOnly` in 1.30, and the `clusterTrustBundle` and `podCertificate` projections. The object is accepted but does not do what it says. Target a release where the feature is on by default, or a cluster that enables the gate.',
    example: { invalid: `# kubernetesVersion 1.34\n${POD('', '  - name: model\n    image:\n      reference: registry.example/model:v1\n')}` },
    scope: 'pod',
    check: (ctx) => {
      reportIssues(ctx, analyseSources(ctx.pod, ctx.version).issues, R.gated);
      reportIssues(ctx, volumeIssues(ctx.pod, ctx.version), R.gated);
    },
  }),
  defineRule({
    id: R.mountName,
    severity: 'error',
    title: 'volumeMount names no (valid) volume',
    upstream: `ValidateVolumeMounts (${UP})`,
    rejects: true,
    description:
      "A mount's `name` must be the name of a volume in `spec.volumes`. A volume that has an error of its own is not registered, so its mounts are reported as not found as well: fix the volume first.",
    example: {
      invalid: POD('    volumeMounts:\n    - name: config\n      mountPath: /etc/app\n', '  - name: configs\n    configMap:\n      name: app\n'),
      valid: POD('    volumeMounts:\n    - name: config\n      mountPath: /etc/app\n', '  - name: config\n    configMap:\n      name: app\n'),
    },
    scope: 'pod',
    check: (ctx) => reportIssues(ctx, volumeIssues(ctx.pod, ctx.version), R.mountName),
  }),
  defineRule({
    id: R.mountPathRequired,
    severity: 'error',
    title: 'volumeMount without mountPath',
    upstream: `ValidateVolumeMounts (${UP})`,
    rejects: true,
    description: 'Every mount needs the path inside the container where the volume appears.',
    example: {
      invalid: POD('    volumeMounts:\n    - name: data\n', '  - name: data\n    emptyDir: {}\n'),
      valid: POD('    volumeMounts:\n    - name: data\n      mountPath: /data\n', '  - name: data\n    emptyDir: {}\n'),
    },
    scope: 'pod',
    check: (ctx) => reportIssues(ctx, volumeIssues(ctx.pod, ctx.version), R.mountPathRequired),
  }),
  defineRule({
    id: R.mountPathDuplicate,
    severity: 'error',
    title: 'Two mounts at the same mountPath in one container',
    upstream: `ValidateVolumeMounts (${UP})`,
    rejects: true,
    description:
      'Within a container each `mountPath` is used once (compared as written: `/data` and `/data/` differ). The same volume may be mounted by several containers, and at several paths with `subPath`.',
    example: {
      invalid: POD(
        '    volumeMounts:\n    - name: a\n      mountPath: /data\n    - name: b\n      mountPath: /data\n',
        '  - name: a\n    emptyDir: {}\n  - name: b\n    emptyDir: {}\n',
      ),
      valid: POD(
        '    volumeMounts:\n    - name: a\n      mountPath: /data/a\n    - name: b\n      mountPath: /data/b\n',
        '  - name: a\n    emptyDir: {}\n  - name: b\n    emptyDir: {}\n',
      ),
    },
    scope: 'pod',
    check: (ctx) => reportIssues(ctx, volumeIssues(ctx.pod, ctx.version), R.mountPathDuplicate),
  }),
  defineRule({
    id: R.subPath,
    severity: 'error',
    title: 'subPath or subPathExpr is absolute or climbs out with ..',
    upstream: `ValidateVolumeMounts, validateLocalDescendingPath (${UP})`,
    rejects: true,
    description:
      "`subPath` and `subPathExpr` are relative paths inside the volume without `..` elements. Upstream reports them at `volumeMounts.subPath`, without the mount's index.",
    example: {
      invalid: POD('    volumeMounts:\n    - name: data\n      mountPath: /data\n      subPath: /app\n', '  - name: data\n    emptyDir: {}\n'),
      valid: POD('    volumeMounts:\n    - name: data\n      mountPath: /data\n      subPath: app\n', '  - name: data\n    emptyDir: {}\n'),
    },
    scope: 'pod',
    check: (ctx) => reportIssues(ctx, volumeIssues(ctx.pod, ctx.version), R.subPath),
  }),
  defineRule({
    id: R.subPathExclusive,
    severity: 'error',
    title: 'subPath and subPathExpr together',
    upstream: `ValidateVolumeMounts (${UP})`,
    rejects: true,
    description: 'A mount uses either a fixed `subPath` or an expanded `subPathExpr` (`$(POD_NAME)`), not both.',
    example: {
      invalid: POD('    volumeMounts:\n    - name: data\n      mountPath: /data\n      subPath: app\n      subPathExpr: $(POD_NAME)\n', '  - name: data\n    emptyDir: {}\n'),
    },
    scope: 'pod',
    check: (ctx) => reportIssues(ctx, volumeIssues(ctx.pod, ctx.version), R.subPathExclusive),
  }),
  defineRule({
    id: R.ephemeralSubPath,
    severity: 'error',
    title: 'subPath in an ephemeral container',
    upstream: `validateEphemeralContainers (${UP})`,
    rejects: true,
    description: 'Ephemeral (debug) containers may mount volumes, but not with `subPath` or `subPathExpr`: the bind mounts would leak until the pod exits.',
    example: {
      invalid:
        'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n  - name: web\n    image: nginx:1.27\n  ephemeralContainers:\n  - name: debug\n    image: busybox:1.36\n    volumeMounts:\n    - name: data\n      mountPath: /data\n      subPath: app\n  volumes:\n  - name: data\n    emptyDir: {}\n',
    },
    scope: 'pod',
    check: (ctx) => reportIssues(ctx, volumeIssues(ctx.pod, ctx.version), R.ephemeralSubPath),
  }),
  defineRule<Replacement>({
    id: R.propagationValue,
    severity: 'error',
    title: 'Unknown mountPropagation',
    upstream: `validateMountPropagation (${UP})`,
    rejects: true,
    description: "`mountPropagation` is `None`, `HostToContainer` or `Bidirectional` (case matters). Upstream reports it without the mount's index.",
    example: {
      invalid: POD('    volumeMounts:\n    - name: data\n      mountPath: /data\n      mountPropagation: rslave\n', '  - name: data\n    emptyDir: {}\n'),
      valid: POD('    volumeMounts:\n    - name: data\n      mountPath: /data\n      mountPropagation: HostToContainer\n', '  - name: data\n    emptyDir: {}\n'),
    },
    fix: changeValueFix,
    scope: 'pod',
    check: (ctx) => reportIssues(ctx, volumeIssues(ctx.pod, ctx.version), R.propagationValue),
  }),
  defineRule({
    id: R.propagationPrivileged,
    severity: 'error',
    title: 'Bidirectional mount propagation in an unprivileged container',
    upstream: `validateMountPropagation (${UP})`,
    rejects: true,
    description:
      "`Bidirectional` propagation lets the container mount into the host: it needs `securityContext.privileged: true` on that container. Use `HostToContainer` to only receive the host's mounts.",
    example: {
      invalid: POD('    volumeMounts:\n    - name: host\n      mountPath: /host\n      mountPropagation: Bidirectional\n', '  - name: host\n    hostPath:\n      path: /mnt\n'),
      valid: POD(
        '    securityContext:\n      privileged: true\n    volumeMounts:\n    - name: host\n      mountPath: /host\n      mountPropagation: Bidirectional\n',
        '  - name: host\n    hostPath:\n      path: /mnt\n',
      ),
    },
    scope: 'pod',
    check: (ctx) => reportIssues(ctx, volumeIssues(ctx.pod, ctx.version), R.propagationPrivileged),
  }),
  defineRule<Replacement>({
    id: R.rroValue,
    severity: 'error',
    title: 'Unknown recursiveReadOnly',
    upstream: `validateMountRecursiveReadOnly (${UP})`,
    rejects: true,
    applies: { since: '1.31' },
    description: '`recursiveReadOnly` is `Disabled`, `IfPossible` or `Enabled`.',
    example: {
      invalid: POD('    volumeMounts:\n    - name: data\n      mountPath: /data\n      readOnly: true\n      recursiveReadOnly: "true"\n', '  - name: data\n    emptyDir: {}\n'),
    },
    fix: changeValueFix,
    scope: 'pod',
    check: (ctx) => reportIssues(ctx, volumeIssues(ctx.pod, ctx.version), R.rroValue),
  }),
  defineRule({
    id: R.rroConflict,
    severity: 'error',
    title: 'recursiveReadOnly without readOnly, or with mount propagation',
    upstream: `validateMountRecursiveReadOnly (${UP})`,
    rejects: true,
    applies: { since: '1.31' },
    description: '`recursiveReadOnly: Enabled` or `IfPossible` requires `readOnly: true` and a `mountPropagation` of `None` (or none).',
    example: {
      invalid: POD('    volumeMounts:\n    - name: data\n      mountPath: /data\n      recursiveReadOnly: Enabled\n', '  - name: data\n    emptyDir: {}\n'),
      valid: POD('    volumeMounts:\n    - name: data\n      mountPath: /data\n      readOnly: true\n      recursiveReadOnly: Enabled\n', '  - name: data\n    emptyDir: {}\n'),
    },
    scope: 'pod',
    check: (ctx) => reportIssues(ctx, volumeIssues(ctx.pod, ctx.version), R.rroConflict),
  }),
  defineRule({
    id: R.deviceName,
    severity: 'error',
    title: 'volumeDevice names no block-capable volume',
    upstream: `ValidateVolumeDevices (${UP})`,
    rejects: true,
    description: 'A `volumeDevices` entry needs a unique `name` naming a `persistentVolumeClaim` or `ephemeral` volume of the pod (raw block devices come only from claims).',
    example: {
      invalid: POD('    volumeDevices:\n    - name: data\n      devicePath: /dev/xvda\n', '  - name: data\n    emptyDir: {}\n'),
      valid: POD('    volumeDevices:\n    - name: data\n      devicePath: /dev/xvda\n', '  - name: data\n    persistentVolumeClaim:\n      claimName: block-pvc\n'),
    },
    scope: 'pod',
    check: (ctx) => reportIssues(ctx, volumeIssues(ctx.pod, ctx.version), R.deviceName),
  }),
  defineRule({
    id: R.devicePath,
    severity: 'error',
    title: 'volumeDevice path missing, repeated or climbing with ..',
    upstream: `ValidateVolumeDevices (${UP})`,
    rejects: true,
    description: 'Each device needs a unique `devicePath` without `..` elements.',
    example: { invalid: POD('    volumeDevices:\n    - name: data\n', '  - name: data\n    persistentVolumeClaim:\n      claimName: block-pvc\n') },
    scope: 'pod',
    check: (ctx) => reportIssues(ctx, volumeIssues(ctx.pod, ctx.version), R.devicePath),
  }),
  defineRule({
    id: R.deviceMountConflict,
    severity: 'error',
    title: 'The same volume or path as both mount and device',
    upstream: `ValidateVolumeMounts, ValidateVolumeDevices (${UP})`,
    rejects: true,
    description:
      'A container uses a volume either as a filesystem (`volumeMounts`) or as a raw block device (`volumeDevices`), and a path for one of them only. Upstream reports the conflict on both lists.',
    example: {
      invalid: POD(
        '    volumeMounts:\n    - name: data\n      mountPath: /data\n    volumeDevices:\n    - name: data\n      devicePath: /dev/xvda\n',
        '  - name: data\n    persistentVolumeClaim:\n      claimName: block-pvc\n',
      ),
    },
    scope: 'pod',
    check: (ctx) => reportIssues(ctx, volumeIssues(ctx.pod, ctx.version), R.deviceMountConflict),
  }),
];
