/**
 * The container fields that the API server drops before it validates a pod
 * (dropDisabledFields, pkg/api/pod/util.go) because their feature gate is off
 * by default in the release: what the container, restart and probe rules must
 * not judge, and what pod/gated-container-field and pod/gated-lifecycle-field
 * warn about. Shared by containers.ts, restartPolicies.ts and probes.ts.
 */
import type { ContainerModel, FieldNode } from '../model';
import { child, isSet, items, str } from '../model';
import { compareVersions } from '../api/table';
import { atLeast, atMost } from './common';
import { NATIVE_SIDECARS, nativeSidecarSupport } from '../knowledge/features';

/** A field dropped before validation because a feature gate is off by default in the release. */
export interface GatedDrop {
  field: FieldNode;
  gate: string;
  message: string;
}

/** Container restartPolicy / restartPolicyRules / resizePolicy that the API server drops in this release. */
export function gatedContainerDrops(c: ContainerModel, version: string): GatedDrop[] {
  const out: GatedDrop[] = [];
  const rp = child(c.field, 'restartPolicy');
  const rules = child(c.field, 'restartPolicyRules');
  const resize = child(c.field, 'resizePolicy');
  if (c.list === 'initContainers' && nativeSidecarSupport(version) === 'gated' && isSet(rp) && str(rp) !== 'Always') {
    // SidecarContainers is alpha (off) in its first release: every init restartPolicy is dropped. (`Always`, a
    // native sidecar, has its own warning: pattern/native-sidecar-unsupported-version.)
    out.push({
      field: rp,
      gate: 'SidecarContainers',
      message: `${rp.path}: dropped by the API server of Kubernetes ${NATIVE_SIDECARS.field}: an init container restartPolicy needs the SidecarContainers feature gate (alpha, off by default), and even then only "Always" (a native sidecar) is accepted`,
    });
  }
  if (compareVersions(version, '1.34') === 0) {
    // ContainerRestartRules is alpha (off) in 1.34: dropContainerRestartRules.
    const rpValue = str(rp);
    if (isSet(rp) && !(c.list === 'initContainers' && rpValue === 'Always')) {
      out.push({
        field: rp,
        gate: 'ContainerRestartRules',
        message: `${rp.path}: dropped by the API server of Kubernetes 1.34: a ${c.list === 'initContainers' ? 'restartPolicy other than Always on an init container' : `restartPolicy on ${c.list === 'containers' ? 'an app' : 'an ephemeral'} container`} needs the ContainerRestartRules feature gate (alpha, off by default); it is supported from 1.35`,
      });
    }
    if (isSet(rules) && items(rules).length > 0) {
      out.push({
        field: rules,
        gate: 'ContainerRestartRules',
        message: `${rules.path}: dropped by the API server of Kubernetes 1.34: restartPolicyRules need the ContainerRestartRules feature gate (alpha, off by default); they are supported from 1.35`,
      });
    }
  }
  if (atMost(version, '1.32') && isSet(resize) && items(resize).length > 0) {
    out.push({
      field: resize,
      gate: 'InPlacePodVerticalScaling',
      message: `${resize.path}: dropped by the API server of Kubernetes ${version}: resizePolicy needs the InPlacePodVerticalScaling feature gate (alpha, off by default until 1.33)`,
    });
  }
  return out;
}

/**
 * Is the container field still there after gated dropping? (While native
 * sidecars are gated, an init container's `Always` is taken as meant: see
 * isNativeSidecar.)
 */
export function survives(c: ContainerModel, f: FieldNode | undefined, version: string): f is FieldNode {
  if (!isSet(f)) return false;
  return !gatedContainerDrops(c, version).some((d) => d.field === f);
}

/** The lifecycle fields that the API server drops in this release: `sleep` handlers in 1.29, `stopSignal` from 1.33. */
export function gatedLifecycleDrops(c: ContainerModel, version: string): GatedDrop[] {
  const out: GatedDrop[] = [];
  const lc = child(c.field, 'lifecycle');
  if (!isSet(lc)) return out;
  if (compareVersions(version, '1.29') === 0) {
    for (const k of ['postStart', 'preStop']) {
      const sleep = child(child(lc, k), 'sleep');
      if (!isSet(sleep)) continue;
      out.push({
        field: sleep,
        gate: 'PodLifecycleSleepAction',
        message: `${sleep.path}: dropped by the API server of Kubernetes 1.29: the sleep action needs the PodLifecycleSleepAction feature gate (alpha, off by default; on from 1.30)`,
      });
    }
  }
  const stop = child(lc, 'stopSignal');
  if (isSet(stop) && atLeast(version, '1.33')) {
    out.push({
      field: stop,
      gate: 'ContainerStopSignals',
      message: `${stop.path}: dropped by the API server of Kubernetes ${version}: stopSignal needs the ContainerStopSignals feature gate (alpha, off by default)`,
    });
  }
  return out;
}

/**
 * Whether a `lifecycle` is still there after the API server drops disabled
 * fields: in 1.29 (PodLifecycleSleepAction off) `sleep` handlers go, a handler
 * left with no action goes, and a lifecycle left without handlers goes; from
 * 1.33 `stopSignal` (ContainerStopSignals, alpha) goes, and the lifecycle with
 * it when nothing else is left.
 */
export function lifecycleSurvives(lc: FieldNode | undefined, version: string): lc is FieldNode {
  if (!isSet(lc)) return false;
  if (lc.kind !== 'map') return true;
  const handlers = handlerSurvives(child(lc, 'preStop'), version) || handlerSurvives(child(lc, 'postStart'), version);
  if (compareVersions(version, '1.29') === 0) return handlers;
  if (isSet(child(lc, 'stopSignal')) && atLeast(version, '1.33')) return handlers;
  return true;
}

/** Whether a lifecycle handler survives the 1.29 dropping of `sleep`. */
export function handlerSurvives(h: FieldNode | undefined, version: string): boolean {
  if (!isSet(h)) return false;
  if (h.kind !== 'map' || compareVersions(version, '1.29') !== 0 || !isSet(child(h, 'sleep'))) return true;
  return ['exec', 'httpGet', 'tcpSocket'].some((k) => isSet(child(h, k)));
}
