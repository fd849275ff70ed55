/**
 * Containers: the container side of ValidatePodSpec in
 * pkg/apis/core/validation/validation.go (validateContainers,
 * validateInitContainers, validateEphemeralContainers, validateContainerCommon,
 * validateContainerOnlyForPod, validatePullPolicy, and ValidatePodCreate /
 * ValidatePodTemplateSpec for ephemeral containers), after the defaulting of
 * pkg/apis/core/v1/defaults.go and the feature-gated field dropping of
 * pkg/api/pod/util.go (gatedFields.ts). Container restartPolicy,
 * restartPolicyRules and resizePolicy are in restartPolicies.ts, the security
 * context in securityContext.ts, ports in ports.ts, probes and lifecycle
 * handlers in probes.ts.
 */
import type { ContainerModel, FieldNode, PodSpecModel } from '../model';
import { child, entries, isSet, items } from '../model';
import { defineRule, type PodCheckContext } from './rule';
import { compareVersions } from '../api/table';
import { duplicate, forbidden, invalid, notFound, required } from './fieldErrors';
import { changeValueFix, checkValue, goString, type Replacement } from './common';
import { dns1123Label, paddedWithSpace } from './stringFormats';
import { lifecycleSurvives, survives } from './gatedFields';
import { VALUE_SETS, type ValueSet } from '../knowledge/values';
import { containerTargets } from '../knowledge/names';
import { CONTAINERS, snippet } from './examples';

const FILE = 'pkg/apis/core/validation/validation.go';

/** A Pod whose one container (`web`) has these fields too (indented for the container). */
const container = (fields: string): string => snippet(`${CONTAINERS}${fields}`);

const containersOf = (pod: PodSpecModel, list: ContainerModel['list']): ContainerModel[] => pod.containers.filter((c) => c.list === list);

// ---- lists and names

const containersRequired = defineRule({
  id: 'pod/containers-required',
  severity: 'error',
  title: 'A pod needs at least one app container',
  description:
    '`containers` must list at least one container; init containers, sidecars and ephemeral containers do not count. The API server rejects a pod spec (or pod template) without it.',
  upstream: `validateContainers, ${FILE}`,
  rejects: true,
  example: {
    invalid: snippet('  initContainers:\n  - name: setup\n    image: busybox:1.36\n'),
    valid: snippet(`  initContainers:\n  - name: setup\n    image: busybox:1.36\n${CONTAINERS}`),
  },
  scope: 'pod',
  check: (ctx) => {
    const list = child(ctx.pod.field, 'containers');
    if (list && (list.kind === 'map' || list.kind === 'scalar')) return; // wrong type: schema/wrong-type
    if (items(list).length > 0) return;
    // On the `containers` key, or on the pod spec's own key when there is none.
    ctx.report({ field: list ?? ctx.pod.field, on: 'key', ...required(`${ctx.pod.path}.containers`) });
  },
});

const containerName = defineRule({
  id: 'pod/container-name',
  severity: 'error',
  title: 'Container name missing or not a DNS-1123 label',
  description:
    'Every container (app, init, sidecar, ephemeral) needs a `name` that is a lowercase RFC 1123 label: at most 63 characters of `a-z`, `0-9` and `-`, starting and ending with a letter or digit. Names are used in `kubectl logs -c`, in status and in events; the API server rejects anything else.',
  upstream: `validateContainerCommon → ValidateDNS1123Label, ${FILE}`,
  rejects: true,
  example: {
    invalid: snippet('  containers:\n  - name: My_App\n    image: nginx:1.27\n'),
    valid: snippet('  containers:\n  - name: my-app\n    image: nginx:1.27\n'),
  },
  scope: 'pod',
  check: (ctx) => {
    for (const c of ctx.pod.containers) {
      const f = child(c.field, 'name');
      const name = goString(f);
      if (name === undefined) continue;
      const path = `${c.field.path}.name`;
      if (name === '') {
        ctx.report({ field: f ?? c.field, on: 'key', ...required(path) });
        continue;
      }
      for (const msg of dns1123Label(name)) ctx.report({ field: f!, on: 'value', ...invalid(path, name, msg) });
    }
  },
});

const duplicateName = defineRule({
  id: 'pod/duplicate-container-name',
  severity: 'error',
  title: 'Two containers of the pod share a name',
  description:
    'Container names must be unique across `containers`, `initContainers` and `ephemeralContainers` together: the kubelet, `kubectl logs -c` and the status all identify containers by name. The API server reports the later one (an init container clashing with an app container is reported on the init container).',
  upstream: `validateContainers / validateInitContainers / validateEphemeralContainers, ${FILE}`,
  rejects: true,
  example: {
    invalid: snippet('  initContainers:\n  - name: web\n    image: busybox:1.36\n' + CONTAINERS),
    valid: snippet('  initContainers:\n  - name: setup\n    image: busybox:1.36\n' + CONTAINERS),
  },
  scope: 'pod',
  check: (ctx) => {
    const nameOf = (c: ContainerModel): string | undefined => goString(child(c.field, 'name'));
    const report = (c: ContainerModel, name: string): void => {
      const f = child(c.field, 'name');
      ctx.report({ field: f ?? c.field, on: f && isSet(f) ? 'value' : 'key', ...duplicate(`${c.field.path}.name`, name) });
    };
    // Regular containers: among themselves (empty names included).
    const regular = new Set<string>();
    for (const c of containersOf(ctx.pod, 'containers')) {
      const n = nameOf(c);
      if (n === undefined) continue;
      if (regular.has(n)) report(c, n);
      else regular.add(n);
    }
    // Init containers: against every regular name and earlier (non-empty) init names.
    const withInit = new Set(regular);
    for (const c of containersOf(ctx.pod, 'initContainers')) {
      const n = nameOf(c);
      if (n === undefined) continue;
      if (withInit.has(n)) report(c, n);
      else if (n.length > 0) withInit.add(n);
    }
    // Ephemeral containers: against all other names and earlier ephemeral names.
    const all = new Set<string>();
    for (const c of ctx.pod.containers) {
      if (c.list === 'ephemeralContainers') continue;
      const n = nameOf(c);
      if (n !== undefined) all.add(n);
    }
    for (const c of containersOf(ctx.pod, 'ephemeralContainers')) {
      const n = nameOf(c);
      if (n === undefined) continue;
      if (all.has(n)) report(c, n);
      else all.add(n);
    }
  },
});

// ---- image

const imageRequired = defineRule({
  id: 'pod/container-image-required',
  severity: 'error',
  title: 'Container without an image',
  description:
    'Every container, init container, sidecar and ephemeral container needs an `image`, in pods and in workload templates alike. (Configuration management can fill it in later; the object sent to the API server must have it.)',
  upstream: `validateContainerCommon, ${FILE}`,
  rejects: true,
  example: { invalid: snippet('  containers:\n  - name: web\n'), valid: snippet(CONTAINERS) },
  scope: 'pod',
  check: (ctx) => {
    for (const c of ctx.pod.containers) {
      const f = child(c.field, 'image');
      if (goString(f) !== '') continue;
      ctx.report({ field: f ?? c.field, on: 'key', ...required(`${c.field.path}.image`) });
    }
  },
});

const imageWhitespace = defineRule({
  id: 'pod/container-image-whitespace',
  severity: 'error',
  title: 'Image name with leading or trailing whitespace',
  description:
    'The API server rejects a Pod whose container images begin or end with whitespace (usually a quoted value with a stray space). It checks the containers and init containers of Pods, and ephemeral containers everywhere; workload templates are not checked, but their pods would then be rejected when created.',
  upstream: `validateContainerOnlyForPod, ${FILE}`,
  rejects: true,
  example: { invalid: snippet('  containers:\n  - name: web\n    image: "nginx:1.27 "\n'), valid: snippet(CONTAINERS) },
  scope: 'pod',
  check: (ctx) => {
    for (const c of ctx.pod.containers) {
      // Pod creation checks every container; a template, only its ephemeral containers (validateEphemeralContainers).
      if (ctx.pod.kind !== 'Pod' && c.list !== 'ephemeralContainers') continue;
      const f = child(c.field, 'image');
      const image = goString(f);
      if (!image || !paddedWithSpace(image)) continue;
      ctx.report({ field: f!, on: 'value', ...invalid(`${c.field.path}.image`, image, 'must not have leading or trailing whitespace') });
    }
  },
});

// ---- ephemeral containers

const EPHEMERAL = '  ephemeralContainers:\n  - name: debug\n    image: busybox:1.36\n';

const ephemeralOnCreate = defineRule({
  id: 'pod/ephemeral-containers-on-create',
  severity: 'error',
  title: 'Ephemeral containers in a new pod or a pod template',
  description:
    'Ephemeral containers are added to a running pod with `kubectl debug` (the `ephemeralcontainers` subresource). A Pod cannot be created with them, and pod templates of workloads cannot hold them.',
  upstream: `ValidatePodCreate / ValidatePodTemplateSpec, ${FILE}`,
  rejects: true,
  example: {
    invalid: snippet(CONTAINERS + EPHEMERAL),
    valid: `${snippet(CONTAINERS)}# kubectl debug -it pod/web --image=busybox:1.36 --target=web\n`,
  },
  scope: 'pod',
  check: (ctx) => {
    const f = child(ctx.pod.field, 'ephemeralContainers');
    if (!f || items(f).length === 0) return;
    const path = `${ctx.pod.path}.ephemeralContainers`;
    ctx.report({ field: f, on: 'key', ...forbidden(path, ctx.pod.kind === 'Pod' ? 'cannot be set on create' : 'ephemeral containers not allowed in pod template') });
  },
});

/** Fields of EphemeralContainerCommon outside allowedEphemeralContainerFields, in struct order; `struct` = a value type. */
const EPHEMERAL_FORBIDDEN: { key: string; struct?: boolean }[] = [
  { key: 'ports' },
  { key: 'resources', struct: true },
  { key: 'resizePolicy' },
  { key: 'restartPolicy' },
  { key: 'restartPolicyRules' },
  { key: 'livenessProbe' },
  { key: 'readinessProbe' },
  { key: 'startupProbe' },
  { key: 'lifecycle' },
];

const ephemeralField = defineRule({
  id: 'pod/ephemeral-container-field',
  severity: 'error',
  title: 'Field that ephemeral containers cannot have',
  description:
    'Ephemeral (debug) containers get no resources, ports, probes, lifecycle hooks, resize or restart policy. Even an empty list (`ports: []`) or map (`resources: {limits: {}}`) counts as set. (Their volume mounts cannot use `subPath`: see `pod/volume-mount-sub-path-ephemeral`.)',
  upstream: `validateEphemeralContainers → validateFieldAllowList, ${FILE}`,
  rejects: true,
  example: {
    invalid: snippet(`${CONTAINERS}${EPHEMERAL}    ports:\n    - containerPort: 8080\n`),
    valid: snippet(CONTAINERS + EPHEMERAL),
  },
  scope: 'pod',
  check: (ctx) => {
    for (const c of containersOf(ctx.pod, 'ephemeralContainers')) {
      for (const { key, struct } of EPHEMERAL_FORBIDDEN) {
        const f = child(c.field, key);
        if (!isSet(f)) continue;
        // The zero struct; before 1.34 resources.claims is dropped first (DynamicResourceAllocation off by default).
        const dropped = (e: FieldNode): boolean => key === 'resources' && e.key === 'claims' && compareVersions(ctx.version, '1.34') < 0;
        if (struct && entries(f).every((e) => !isSet(e) || dropped(e))) continue;
        if (!survives(c, f, ctx.version)) continue;
        // 1.34 drops restartPolicyRules even when empty (dropContainerRestartRules sets them to nil), which survives() does not list.
        if (key === 'restartPolicyRules' && compareVersions(ctx.version, '1.34') === 0) continue;
        if (key === 'lifecycle' && !lifecycleSurvives(f, ctx.version)) continue; // pod/gated-lifecycle-field
        ctx.report({ field: f, on: 'key', ...forbidden(`${c.field.path}.${key}`, 'cannot be set for an Ephemeral Container') });
      }
    }
  },
});

const ephemeralTarget = defineRule({
  id: 'pod/ephemeral-target-container',
  severity: 'error',
  title: 'Ephemeral container targets a container that does not exist',
  description: "`targetContainerName` names the container whose process namespace the debug container joins; it must be one of the pod's `containers` or `initContainers`.",
  upstream: `validateEphemeralContainers, ${FILE}`,
  rejects: true,
  example: {
    invalid: snippet(`${CONTAINERS}${EPHEMERAL}    targetContainerName: wbe\n`),
    valid: snippet(`${CONTAINERS}${EPHEMERAL}    targetContainerName: web\n`),
  },
  scope: 'pod',
  check: (ctx) => {
    const names = new Set(containerTargets(ctx.pod).map((t) => t.name));
    for (const c of containersOf(ctx.pod, 'ephemeralContainers')) {
      const f = child(c.field, 'targetContainerName');
      const target = goString(f);
      if (!target || names.has(target)) continue;
      ctx.report({ field: f!, on: 'value', ...notFound(`${c.field.path}.targetContainerName`, target) });
    }
  },
});

// ---- enumerated container fields

/** Each container's `key` checked against its value set; "" is defaulted before validation. */
function checkEach(ctx: PodCheckContext<Replacement>, key: string, set: ValueSet): void {
  for (const c of ctx.pod.containers) checkValue(ctx, child(c.field, key), set, { empty: 'defaulted', path: `${c.field.path}.${key}` });
}

const terminationMessagePolicy = defineRule<Replacement>({
  id: 'pod/termination-message-policy',
  severity: 'error',
  title: 'Unsupported terminationMessagePolicy',
  description:
    '`terminationMessagePolicy` is `File` (the default: the kubelet reads `terminationMessagePath`) or `FallbackToLogsOnError` (use the end of the log when that file is empty and the container failed). Values are case sensitive.',
  upstream: `validateContainerCommon, ${FILE}`,
  rejects: true,
  example: { invalid: container('    terminationMessagePolicy: file\n'), valid: container('    terminationMessagePolicy: FallbackToLogsOnError\n') },
  fix: changeValueFix,
  scope: 'pod',
  // "" is defaulted to File before validation.
  check: (ctx) => checkEach(ctx, 'terminationMessagePolicy', VALUE_SETS.terminationMessagePolicy),
});

const imagePullPolicy = defineRule<Replacement>({
  id: 'pod/image-pull-policy',
  severity: 'error',
  title: 'Unsupported imagePullPolicy',
  description:
    '`imagePullPolicy` is `Always`, `IfNotPresent` or `Never` (case sensitive). Leave it out to get the default: `Always` for `:latest` or untagged images, `IfNotPresent` otherwise.',
  upstream: `validatePullPolicy, ${FILE}`,
  rejects: true,
  example: { invalid: container('    imagePullPolicy: always\n'), valid: container('    imagePullPolicy: Always\n') },
  fix: changeValueFix,
  scope: 'pod',
  // "" is defaulted from the image's tag before validation.
  check: (ctx) => checkEach(ctx, 'imagePullPolicy', VALUE_SETS.imagePullPolicy),
});

export const containerRules = [
  containersRequired,
  containerName,
  duplicateName,
  imageRequired,
  imageWhitespace,
  ephemeralOnCreate,
  ephemeralField,
  ephemeralTarget,
  terminationMessagePolicy,
  imagePullPolicy,
];
