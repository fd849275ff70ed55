/**
 * What the analysis knows about Kubernetes kinds: where each workload keeps
 * its pod spec, which group versions serve it, the pod templates of
 * well-known custom resources, and where the API server validates a pod spec.
 */
import type { FieldNode, PodSpecModel } from '../model';
import { child } from '../model';
import { selectorMatches } from '../rules/stringFormats';
import { compareVersions } from '../api/table';

/** Where each workload kind keeps its pod spec. */
export const POD_SPEC_PATHS: Readonly<Record<string, readonly string[]>> = {
  Pod: ['spec'],
  PodTemplate: ['template', 'spec'],
  Deployment: ['spec', 'template', 'spec'],
  StatefulSet: ['spec', 'template', 'spec'],
  DaemonSet: ['spec', 'template', 'spec'],
  ReplicaSet: ['spec', 'template', 'spec'],
  ReplicationController: ['spec', 'template', 'spec'],
  Job: ['spec', 'template', 'spec'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
};

/** Where each workload kind keeps its pod template (PodTemplateSpec): its pod spec path without the last `spec`. */
export const POD_TEMPLATE_PATHS: Readonly<Record<string, readonly string[]>> = Object.fromEntries(
  Object.entries(POD_SPEC_PATHS)
    .filter(([, p]) => p.length > 1)
    .map(([k, p]) => [k, p.slice(0, -1)]),
);

/** The kinds whose pod template a controller keeps running (restartPolicy Always). */
export const LONG_RUNNING_KINDS: readonly string[] = ['Deployment', 'DaemonSet', 'ReplicaSet', 'StatefulSet', 'ReplicationController'];

/** The kinds whose pods run to completion. */
export const RUN_TO_COMPLETION_KINDS: readonly string[] = ['Job', 'CronJob'];

/** The API group/versions that serve each kind today. */
export const SERVED_API_VERSIONS: Readonly<Record<string, readonly string[]>> = {
  Pod: ['v1'],
  PodTemplate: ['v1'],
  ReplicationController: ['v1'],
  Deployment: ['apps/v1'],
  StatefulSet: ['apps/v1'],
  DaemonSet: ['apps/v1'],
  ReplicaSet: ['apps/v1'],
  Job: ['batch/v1'],
  CronJob: ['batch/v1'],
};

/**
 * Group versions that the API server's scheme still decodes each kind from
 * (the install packages of pkg/apis/apps and pkg/apis/batch register them, the
 * same from 1.27 to 1.37) although no release serves them: a body whose
 * version resolves to one of these decodes as that version. Any other version
 * fails with `no kind "Deployment" is registered for version …`.
 */
export const SCHEME_API_VERSIONS: Readonly<Record<string, readonly string[]>> = {
  Deployment: ['apps/v1beta1', 'apps/v1beta2'],
  StatefulSet: ['apps/v1beta1', 'apps/v1beta2'],
  DaemonSet: ['apps/v1beta2'],
  ReplicaSet: ['apps/v1beta2'],
  CronJob: ['batch/v1beta1'],
};

/**
 * The scheme's name in `no kind … is registered … in scheme "…"`: the line of
 * k8s.io/apimachinery pkg/runtime/scheme.go that names it, per release.
 */
export function schemeName(version: string): string {
  const line = compareVersions(version, '1.35') >= 0 ? 111 : compareVersions(version, '1.33') >= 0 ? 110 : 100;
  return `pkg/runtime/scheme.go:${line}`;
}

/** Where a custom resource keeps a pod spec (or a pod template). */
export interface PodTemplatePath {
  apiVersion?: string;
  kind: string;
  /** Dotted path to a PodSpec (`spec.template.spec`) or to a PodTemplateSpec (`spec.template`, its `spec` is used). */
  path: string;
}

/** Pod templates of well-known custom resources, recognised without configuration. */
export const BUILTIN_POD_TEMPLATE_PATHS: readonly PodTemplatePath[] = [
  { apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout', path: 'spec.template' },
  { apiVersion: 'serving.knative.dev/v1', kind: 'Service', path: 'spec.template' },
  { apiVersion: 'keda.sh/v1alpha1', kind: 'ScaledJob', path: 'spec.jobTargetRef.template' },
];

/**
 * Whether the API server validates this pod spec when the object is created.
 * A StatefulSet's pod template is validated from 1.34 only (before, only its
 * labels and annotations: ValidatePodTemplateSpecForStatefulSet); the
 * controller's pod creation fails instead.
 */
export function podSpecValidated(pod: PodSpecModel, version: string): boolean {
  return (pod.kind !== 'StatefulSet' || compareVersions(version, '1.34') >= 0) && !templateBlockedBySelector(pod.object, pod.kind, version);
}

/** The kinds whose spec validation checks the pod template only when `spec.selector` converts to a selector. */
const SELECTOR_GATED_KINDS: readonly string[] = ['Deployment', 'ReplicaSet', 'StatefulSet'];

/**
 * ValidateDeploymentSpec, ValidateReplicaSetSpec and ValidateStatefulSetSpec
 * (pkg/apis/apps/validation) validate the pod template only when
 * metav1.LabelSelectorAsSelector accepts `spec.selector` (a bad operator, key
 * or value, or In without values, fails it): otherwise the API server reports
 * the selector and nothing of the template (a StatefulSet's restartPolicy and
 * activeDeadlineSeconds checks excepted, which come after).
 */
export function templateBlockedBySelector(object: FieldNode, kind: string, version: string): boolean {
  if (!SELECTOR_GATED_KINDS.includes(kind)) return false;
  const sel = child(child(object, 'spec'), 'selector');
  return !!sel && sel.kind === 'map' && selectorMatches(sel, new Map(), version) === undefined;
}

/** Kinds that pods refer to by name (knowledge/names.ts): the reader keeps them, untyped, for navigation and the workspace index. */
export const REFERENCED_KINDS = ['ConfigMap', 'Secret', 'ServiceAccount', 'PersistentVolumeClaim', 'PriorityClass', 'Service'] as const;
export type ReferencedKind = (typeof REFERENCED_KINDS)[number];

/** Whether an object is one of those (a Knative `Service` is not: only the core group's, and scheduling's PriorityClass). */
export function isReferencedKind(kind: string, apiVersion: string | undefined): kind is ReferencedKind {
  if (!(REFERENCED_KINDS as readonly string[]).includes(kind)) return false;
  return kind === 'PriorityClass' ? /^scheduling\.k8s\.io\//.test(apiVersion ?? '') : apiVersion === 'v1';
}
