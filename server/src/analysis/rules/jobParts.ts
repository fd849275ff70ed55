/**
 * What the API server does to a Job before validating it
 * (generateSelectorIfNeeded, pkg/registry/batch/job/strategy.go): unless
 * `manualSelector: true`, the pod template gets the labels `job-name` and
 * `controller-uid` (legacy and `batch.kubernetes.io/` forms) where it lacks
 * them, and the selector gets `batch.kubernetes.io/controller-uid: <uid>`.
 * The uid is generated on create: here it is a value no manifest holds,
 * printed as `<uid>`.
 */
import type { FieldNode } from '../model';
import { bool, child } from '../model';
import { goString } from './common';

/** The uid the API server generates (a value no manifest can hold). */
export const JOB_UID = '\u0000uid';
/** How messages print the generated uid. */
export const UID_TEXT = '<uid>';

export const LEGACY_CONTROLLER_UID = 'controller-uid';
export const LEGACY_JOB_NAME = 'job-name';
export const CONTROLLER_UID = 'batch.kubernetes.io/controller-uid';
export const JOB_NAME = 'batch.kubernetes.io/job-name';

/** `spec.manualSelector: true` (the holder is the Job's spec). */
export const isManualSelector = (jobSpec: FieldNode | undefined): boolean => bool(child(jobSpec, 'manualSelector')) === true;

/** The Job's name when the manifest gives it (undefined with generateName or none: the API server makes it up). */
export function jobName(object: FieldNode): string | undefined {
  const n = goString(child(child(object, 'metadata'), 'name'));
  return n ? n : undefined;
}

/**
 * The template labels after generateSelector: the user's labels, plus
 * job-name and controller-uid (both forms) where absent. A Job without a
 * name (generateName) gets its name later: undefined then.
 */
export function generatedJobLabels(user: ReadonlyMap<string, string> | undefined, name: string | undefined): Map<string, string> | undefined {
  if (name === undefined) return undefined;
  const out = new Map(user ?? []);
  for (const k of [LEGACY_JOB_NAME, JOB_NAME]) if (!out.has(k)) out.set(k, name);
  for (const k of [LEGACY_CONTROLLER_UID, CONTROLLER_UID]) if (!out.has(k)) out.set(k, JOB_UID);
  return out;
}

/** A rendered value with the generated uid shown as `<uid>`. */
export const showUid = (rendered: string): string => rendered.split('\\u0000uid').join(UID_TEXT).split('\u0000uid').join(UID_TEXT);
