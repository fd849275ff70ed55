/**
 * Release facts that several parts of the analysis need: when a feature
 * appeared, and when it is on by default. Written once here.
 */
import { compareVersions } from '../api/table';
import type { ContainerModel } from '../model';
import { child, str } from '../model';

/**
 * Native sidecars (init containers with `restartPolicy: Always`): the field
 * exists from 1.28 behind the SidecarContainers gate (alpha, off by default),
 * and is on by default from 1.29.
 */
export const NATIVE_SIDECARS = { field: '1.28', onByDefault: '1.29' } as const;

/** The last release in which native sidecars are not on by default (the one before `onByDefault`). */
export const NATIVE_SIDECARS_OFF_UNTIL: string = previousMinor(NATIVE_SIDECARS.onByDefault);

function previousMinor(version: string): string {
  const [major, minor] = version.split('.').map(Number);
  return `${major}.${minor - 1}`;
}

/** What a release does with a native sidecar: `unknown` (no such field), `gated` (dropped unless the gate is on), `on`. */
export function nativeSidecarSupport(version: string): 'unknown' | 'gated' | 'on' {
  if (compareVersions(version, NATIVE_SIDECARS.field) < 0) return 'unknown';
  if (compareVersions(version, NATIVE_SIDECARS.onByDefault) < 0) return 'gated';
  return 'on';
}

/** Native sidecars work as such without any feature gate. */
export const nativeSidecarsOn = (version: string): boolean => nativeSidecarSupport(version) === 'on';

/**
 * Is the container a native sidecar for the API server of this release? Its
 * `restartPolicy: Always` exists from 1.28 (in 1.28 only with the
 * SidecarContainers gate, which a warning reports; the rest of the analysis
 * takes the user's intent).
 */
export function isNativeSidecar(c: ContainerModel, version: string): boolean {
  return c.list === 'initContainers' && str(child(c.field, 'restartPolicy')) === 'Always' && nativeSidecarSupport(version) !== 'unknown';
}

/**
 * `matchLabelKeys` and `mismatchLabelKeys` of pod (anti-)affinity terms: the
 * fields exist from 1.29 behind MatchLabelKeysInPodAffinity (alpha, off: the
 * API server drops them), on by default from 1.31 (GA in 1.33).
 */
export const POD_AFFINITY_MATCH_LABEL_KEYS = { field: '1.29', onByDefault: '1.31' } as const;

/** What a release does with a pod affinity term's matchLabelKeys: `unknown` (no such field), `gated` (dropped), `on`. */
export function podAffinityMatchLabelKeys(version: string): 'unknown' | 'gated' | 'on' {
  if (compareVersions(version, POD_AFFINITY_MATCH_LABEL_KEYS.field) < 0) return 'unknown';
  if (compareVersions(version, POD_AFFINITY_MATCH_LABEL_KEYS.onByDefault) < 0) return 'gated';
  return 'on';
}

/**
 * MatchLabelKeysInPodTopologySpreadSelectorMerge (beta, on by default from
 * 1.34): a Pod's topology spread `matchLabelKeys` are merged into the
 * constraint's label selector before validation, and are checked as pod
 * affinity's are (ValidateMatchLabelKeysAndMismatchLabelKeys) instead of by
 * ValidateMatchLabelKeysInTopologySpread.
 */
export const SPREAD_SELECTOR_MERGE = '1.34';

/**
 * Feature gates that decide, per release, whether the API server keeps and
 * validates a pod field (pkg/features/kube_features.go, and the dropping in
 * pkg/api/pod/util.go): `field` is the first release whose API has the field,
 * `on` the first whose default turns the gate on. Before `on` the API server
 * drops the field (or, for procMount, forces it to Default) before
 * validation.
 */
export const POD_GATES = {
  /** `hostUsers` (beta off in 1.30–1.32). */
  UserNamespacesSupport: { field: '1.25', on: '1.33' },
  /** A container's `procMount` other than Default (forced to Default while off). */
  ProcMountType: { field: '1.12', on: '1.33' },
  /** `securityContext.supplementalGroupsPolicy`. */
  SupplementalGroupsPolicy: { field: '1.31', on: '1.33' },
  /** `securityContext.seLinuxChangePolicy`. */
  SELinuxChangePolicy: { field: '1.32', on: '1.33' },
  /** `seLinuxChangePolicy: MountOption` (with SELinuxMount off only Recursive is accepted). */
  SELinuxMount: { field: '1.30', on: '1.37' },
  /** `spec.resourceClaims` and a container's `resources.claims` (the API of 1.31 on; 1.27–1.30 had an older shape, gate off too). */
  DynamicResourceAllocation: { field: '1.26', on: '1.34' },
} as const satisfies Record<string, { field: string; on: string }>;

export type PodGate = keyof typeof POD_GATES;

/** The gate is on by default in the release. */
export const gateOn = (gate: PodGate, version: string): boolean => compareVersions(version, POD_GATES[gate].on) >= 0;
