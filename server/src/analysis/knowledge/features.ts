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
