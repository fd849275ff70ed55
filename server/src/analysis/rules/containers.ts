/**
 * Container rules: the container side of ValidatePodSpec in
 * pkg/apis/core/validation/validation.go (validateContainers,
 * validateInitContainers, validateEphemeralContainers, validateContainerCommon),
 * with the defaulting (pkg/apis/core/v1/defaults.go) and the feature-gated
 * field dropping (pkg/api/pod/util.go) that run before it. Ports and hostPort
 * conflicts are in ports.ts; probes and lifecycle handlers in probes.ts.
 */
import type { PodRule, PodRuleContext } from './api';
import type { ContainerModel, FieldNode } from '../model';
import { bool, child, entries, isSet, items, num, str } from '../model';
import { compareVersions } from '../api/table';
import { GoStringer, duplicate, forbidden, invalid, notFound, notSupported, required, tooLong, tooMany } from './fieldErrors';
import { atLeast, atMost, goString } from './common';
import { byteLength, dns1123Label, localDescendingPath } from './stringFormats';

// ---------------------------------------------------------------------------
// Shared helpers (probes.ts uses them too)

/** Offset range of the container as a whole (its first key). */
const whole = (c: ContainerModel): FieldNode => c.field;

/**
 * Is the container a native sidecar for the API server of this release? Its
 * `restartPolicy: Always` exists from 1.28 (in 1.28 only with the
 * SidecarContainers gate: pod/sidecar-feature-gate warns; the rest of the
 * analysis takes the user's intent).
 */
export function isSidecar(c: ContainerModel, version: string): boolean {
  return c.list === 'initContainers' && str(child(c.field, 'restartPolicy')) === 'Always' && atLeast(version, '1.28');
}

/** The pod's restartPolicy after defaulting. */
export const podRestartPolicy = (ctx: PodRuleContext): string => str(child(ctx.pod.field, 'restartPolicy')) || 'Always';

/** Go's strings.TrimSpace set (unicode.IsSpace). */
const GO_SPACE = '\\t\\n\\v\\f\\r \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
const PADDED = new RegExp(`^[${GO_SPACE}]|[${GO_SPACE}]$`);

function containersOf(ctx: PodRuleContext, list: ContainerModel['list']): ContainerModel[] {
  return ctx.pod.containers.filter((c) => c.list === list);
}

/** Fields dropped before validation because a feature gate is off by default in the release. */
interface GatedDrop {
  field: FieldNode;
  gate: string;
  message: string;
}

/** Container restartPolicy / restartPolicyRules / resizePolicy that the API server drops in this release. */
function gatedContainerDrops(c: ContainerModel, version: string): GatedDrop[] {
  const out: GatedDrop[] = [];
  const rp = child(c.field, 'restartPolicy');
  const rules = child(c.field, 'restartPolicyRules');
  const resize = child(c.field, 'resizePolicy');
  if (c.list === 'initContainers' && compareVersions(version, '1.28') === 0 && isSet(rp) && str(rp) !== 'Always') {
    // SidecarContainers is alpha (off) in 1.28: every init restartPolicy is dropped. (`Always`, a native
    // sidecar, has its own warning: pattern/native-sidecar-unsupported-version.)
    out.push({
      field: rp,
      gate: 'SidecarContainers',
      message: `${rp.path}: dropped by the API server of Kubernetes 1.28: an init container restartPolicy needs the SidecarContainers feature gate (alpha, off by default), and even then only "Always" (a native sidecar) is accepted`,
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

/** Is the field still there after gated dropping? (In 1.28 an init container's `Always` is taken as meant: see isSidecar.) */
function survives(c: ContainerModel, f: FieldNode | undefined, version: string): f is FieldNode {
  if (!isSet(f)) return false;
  return !gatedContainerDrops(c, version).some((d) => d.field === f);
}

// ---------------------------------------------------------------------------
// Lists and names

const containersRequired: PodRule = {
  id: 'pod/containers-required',
  scope: 'pod',
  severity: 'error',
  title: 'A pod needs at least one app container',
  description:
    '`containers` must list at least one container; init containers, sidecars and ephemeral containers do not count. The API server rejects a pod spec (or pod template) without it.',
  upstream: 'validateContainers (pkg/apis/core/validation/validation.go)',
  rejects: true,
  example: {
    invalid: 'spec:\n  initContainers:\n  - name: setup\n    image: busybox:1.36\n',
    valid: 'spec:\n  initContainers:\n  - name: setup\n    image: busybox:1.36\n  containers:\n  - name: app\n    image: nginx:1.27\n',
  },
  check(ctx) {
    const list = child(ctx.pod.field, 'containers');
    if (list && (list.kind === 'map' || list.kind === 'scalar')) return; // wrong type: schema/wrong-type
    if (items(list).length > 0) return;
    // On the `containers` key, or on the pod spec's own key when there is none.
    ctx.report({ field: list ?? ctx.pod.field, on: 'key', ...required(`${ctx.pod.path}.containers`) });
  },
};

const containerName: PodRule = {
  id: 'pod/container-name',
  scope: 'pod',
  severity: 'error',
  title: 'Container name missing or not a DNS-1123 label',
  description:
    'Every container (app, init, sidecar, ephemeral) needs a `name` that is a lowercase RFC 1123 label: at most 63 characters of `a-z`, `0-9` and `-`, starting and ending with a letter or digit. Names are used in `kubectl logs -c`, in status and in events; the API server rejects anything else.',
  upstream: 'validateContainerCommon → ValidateDNS1123Label (pkg/apis/core/validation/validation.go)',
  rejects: true,
  example: {
    invalid: '  containers:\n  - name: My_App\n    image: nginx:1.27\n',
    valid: '  containers:\n  - name: my-app\n    image: nginx:1.27\n',
  },
  check(ctx) {
    for (const c of ctx.pod.containers) {
      const f = child(c.field, 'name');
      const name = goString(f);
      if (name === undefined) continue;
      const path = `${c.field.path}.name`;
      if (name === '') {
        ctx.report({ field: f ?? whole(c), on: 'key', ...required(path) });
        continue;
      }
      for (const msg of dns1123Label(name, ctx.version)) ctx.report({ field: f!, on: 'value', ...invalid(path, name, msg) });
    }
  },
};

const duplicateName: PodRule = {
  id: 'pod/duplicate-container-name',
  scope: 'pod',
  severity: 'error',
  title: 'Two containers of the pod share a name',
  description:
    'Container names must be unique across `containers`, `initContainers` and `ephemeralContainers` together: the kubelet, `kubectl logs -c` and the status all identify containers by name. The API server reports the later one (an init container clashing with an app container is reported on the init container).',
  upstream: 'validateContainers / validateInitContainers / validateEphemeralContainers (pkg/apis/core/validation/validation.go)',
  rejects: true,
  example: {
    invalid: '  initContainers:\n  - name: app\n    image: busybox:1.36\n  containers:\n  - name: app\n    image: nginx:1.27\n',
    valid: '  initContainers:\n  - name: setup\n    image: busybox:1.36\n  containers:\n  - name: app\n    image: nginx:1.27\n',
  },
  check(ctx) {
    const nameOf = (c: ContainerModel): string | undefined => goString(child(c.field, 'name'));
    const report = (c: ContainerModel, name: string): void => {
      const f = child(c.field, 'name');
      ctx.report({ field: f ?? whole(c), on: f && isSet(f) ? 'value' : 'key', ...duplicate(`${c.field.path}.name`, name) });
    };
    // Regular containers: among themselves (empty names included).
    const regular = new Set<string>();
    for (const c of containersOf(ctx, 'containers')) {
      const n = nameOf(c);
      if (n === undefined) continue;
      if (regular.has(n)) report(c, n);
      else regular.add(n);
    }
    // Init containers: against every regular name and earlier (non-empty) init names.
    const withInit = new Set(regular);
    for (const c of containersOf(ctx, 'initContainers')) {
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
    for (const c of containersOf(ctx, 'ephemeralContainers')) {
      const n = nameOf(c);
      if (n === undefined) continue;
      if (all.has(n)) report(c, n);
      else all.add(n);
    }
  },
};

// ---------------------------------------------------------------------------
// Image

const imageRequired: PodRule = {
  id: 'pod/container-image-required',
  scope: 'pod',
  severity: 'error',
  title: 'Container without an image',
  description:
    'Every container, init container, sidecar and ephemeral container needs an `image`, in pods and in workload templates alike. (Configuration management can fill it in later; the object sent to the API server must have it.)',
  upstream: 'validateContainerCommon (pkg/apis/core/validation/validation.go)',
  rejects: true,
  example: {
    invalid: '  containers:\n  - name: app\n',
    valid: '  containers:\n  - name: app\n    image: nginx:1.27\n',
  },
  check(ctx) {
    for (const c of ctx.pod.containers) {
      const f = child(c.field, 'image');
      const image = goString(f);
      if (image !== '') continue;
      ctx.report({ field: f ?? whole(c), on: 'key', ...required(`${c.field.path}.image`) });
    }
  },
};

const imageWhitespace: PodRule = {
  id: 'pod/container-image-whitespace',
  scope: 'pod',
  severity: 'error',
  title: 'Image name with leading or trailing whitespace',
  description:
    'The API server rejects a Pod whose container images begin or end with whitespace (usually a quoted value with a stray space). It checks the containers and init containers of Pods, and ephemeral containers everywhere; workload templates are not checked, but their pods would then be rejected when created.',
  upstream: 'validateContainerOnlyForPod (pkg/apis/core/validation/validation.go)',
  rejects: true,
  example: {
    invalid: '  containers:\n  - name: app\n    image: "nginx:1.27 "\n',
    valid: '  containers:\n  - name: app\n    image: nginx:1.27\n',
  },
  check(ctx) {
    for (const c of ctx.pod.containers) {
      if (ctx.pod.kind !== 'Pod' && c.list !== 'ephemeralContainers') continue;
      const f = child(c.field, 'image');
      const image = goString(f);
      if (!image || !PADDED.test(image)) continue;
      ctx.report({ field: f!, on: 'value', ...invalid(`${c.field.path}.image`, image, 'must not have leading or trailing whitespace') });
    }
  },
};

// ---------------------------------------------------------------------------
// Ephemeral containers

const ephemeralOnCreate: PodRule = {
  id: 'pod/ephemeral-containers-on-create',
  scope: 'pod',
  severity: 'error',
  title: 'Ephemeral containers in a new pod or a pod template',
  description:
    'Ephemeral containers are added to a running pod with `kubectl debug` (the `ephemeralcontainers` subresource). A Pod cannot be created with them, and pod templates of workloads cannot hold them.',
  upstream: 'ValidatePodCreate / ValidatePodTemplateSpec (pkg/apis/core/validation/validation.go)',
  rejects: true,
  example: {
    invalid: 'spec:\n  containers:\n  - name: app\n    image: nginx:1.27\n  ephemeralContainers:\n  - name: debug\n    image: busybox:1.36\n',
    valid: 'spec:\n  containers:\n  - name: app\n    image: nginx:1.27\n# kubectl debug -it pod/web --image=busybox:1.36 --target=app\n',
  },
  check(ctx) {
    const f = child(ctx.pod.field, 'ephemeralContainers');
    if (!f || items(f).length === 0) return;
    const path = `${ctx.pod.path}.ephemeralContainers`;
    ctx.report({
      field: f,
      on: 'key',
      ...forbidden(path, ctx.pod.kind === 'Pod' ? 'cannot be set on create' : 'ephemeral containers not allowed in pod template'),
    });
  },
};

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

const ephemeralField: PodRule = {
  id: 'pod/ephemeral-container-field',
  scope: 'pod',
  severity: 'error',
  title: 'Field that ephemeral containers cannot have',
  description:
    'Ephemeral (debug) containers get no resources, ports, probes, lifecycle hooks, resize or restart policy. Even an empty list (`ports: []`) or map (`resources: {limits: {}}`) counts as set. (Their volume mounts cannot use `subPath`: see `pod/volume-mount-sub-path-ephemeral`.)',
  upstream: 'validateEphemeralContainers → validateFieldAllowList (pkg/apis/core/validation/validation.go)',
  rejects: true,
  example: {
    invalid: '  ephemeralContainers:\n  - name: debug\n    image: busybox:1.36\n    ports:\n    - containerPort: 8080\n',
    valid: '  ephemeralContainers:\n  - name: debug\n    image: busybox:1.36\n',
  },
  check(ctx) {
    for (const c of containersOf(ctx, 'ephemeralContainers')) {
      const msg = 'cannot be set for an Ephemeral Container';
      for (const { key, struct } of EPHEMERAL_FORBIDDEN) {
        const f = child(c.field, key);
        if (!isSet(f)) continue;
        if (struct && entries(f).every((e) => !isSet(e))) continue; // the zero struct
        if (!survives(c, f, ctx.version)) continue;
        if (key === 'lifecycle' && !lifecycleSurvives(f, ctx.version)) continue; // pod/gated-lifecycle-field
        ctx.report({ field: f, on: 'key', ...forbidden(`${c.field.path}.${key}`, msg) });
      }
    }
  },
};

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

const ephemeralTarget: PodRule = {
  id: 'pod/ephemeral-target-container',
  scope: 'pod',
  severity: 'error',
  title: 'Ephemeral container targets a container that does not exist',
  description:
    '`targetContainerName` names the container whose process namespace the debug container joins; it must be one of the pod\'s `containers` or `initContainers`.',
  upstream: 'validateEphemeralContainers (pkg/apis/core/validation/validation.go)',
  rejects: true,
  example: {
    invalid: '  containers:\n  - name: app\n    image: nginx:1.27\n  ephemeralContainers:\n  - name: debug\n    image: busybox:1.36\n    targetContainerName: ap\n',
    valid: '  containers:\n  - name: app\n    image: nginx:1.27\n  ephemeralContainers:\n  - name: debug\n    image: busybox:1.36\n    targetContainerName: app\n',
  },
  check(ctx) {
    const names = new Set<string>();
    for (const c of ctx.pod.containers) {
      if (c.list === 'ephemeralContainers') continue;
      const n = goString(child(c.field, 'name'));
      if (n !== undefined) names.add(n);
    }
    for (const c of containersOf(ctx, 'ephemeralContainers')) {
      const f = child(c.field, 'targetContainerName');
      const target = goString(f);
      if (!target || names.has(target)) continue;
      ctx.report({ field: f!, on: 'value', ...notFound(`${c.field.path}.targetContainerName`, target) });
    }
  },
};

// ---------------------------------------------------------------------------
// Container restartPolicy and restartPolicyRules

const CONTAINER_RESTART_POLICIES = ['Always', 'Never', 'OnFailure'];

const gatedField: PodRule = {
  id: 'pod/gated-container-field',
  scope: 'pod',
  severity: 'warning',
  title: 'Container field dropped because its feature gate is off by default',
  description:
    'Some container fields exist in the API before their feature is on by default: the API server then drops them silently on create. `resizePolicy` needs `InPlacePodVerticalScaling` (on by default from 1.33); in 1.28 an init container `restartPolicy` needs `SidecarContainers` (on by default from 1.29; a native sidecar\'s `Always` is covered by `pattern/native-sidecar-unsupported-version`); in 1.34 a container `restartPolicy` other than a sidecar\'s `Always`, and `restartPolicyRules`, need `ContainerRestartRules` (on by default from 1.35). Enable the gate on the cluster, target a later release, or remove the field.',
  rejects: false,
  until: '1.34',
  example: {
    invalid: '  containers:\n  - name: app\n    image: nginx:1.27\n    resizePolicy:\n    - resourceName: cpu\n      restartPolicy: NotRequired\n',
  },
  check(ctx) {
    for (const c of ctx.pod.containers) {
      for (const d of gatedContainerDrops(c, ctx.version)) ctx.report({ field: d.field, on: 'key', message: d.message, data: { gate: d.gate } });
    }
  },
};

const restartPolicy: PodRule = {
  id: 'pod/container-restart-policy',
  scope: 'pod',
  severity: 'error',
  title: 'Container restartPolicy not allowed here or not a supported value',
  description:
    'A container-level `restartPolicy` on an init container makes it a native sidecar (`Always`). Up to 1.33 only `Always` is accepted, and only on init containers. From 1.35 (`ContainerRestartRules`) any container may set `Always`, `Never` or `OnFailure` to override the pod\'s policy; an init container with `Never`/`OnFailure` stays an ordinary init container.',
  upstream: 'validateContainers / validateInitContainerRestartPolicy / validateContainerRestartPolicy (pkg/apis/core/validation/validation.go)',
  rejects: true,
  since: '1.28',
  example: {
    invalid: '  initContainers:\n  - name: proxy\n    image: envoyproxy/envoy:v1.31\n    restartPolicy: Sometimes\n',
    valid: '  initContainers:\n  - name: proxy\n    image: envoyproxy/envoy:v1.31\n    restartPolicy: Always\n',
  },
  check(ctx) {
    const rulesEnabled = atLeast(ctx.version, '1.35');
    for (const c of ctx.pod.containers) {
      if (c.list === 'ephemeralContainers') continue; // pod/ephemeral-container-field
      const f = child(c.field, 'restartPolicy');
      const rulesField = child(c.field, 'restartPolicyRules');
      const path = `${c.field.path}.restartPolicy`;
      if (!survives(c, f, ctx.version)) {
        // No policy: rules need one (1.35+; init containers and regular ones alike).
        if (rulesEnabled && !isSet(f) && items(rulesField).length > 0) {
          ctx.report({ field: rulesField!, on: 'key', ...required(path, 'must specify restartPolicy when restart rules are used') });
        }
        continue;
      }
      const v = goString(f);
      if (v === undefined) continue;
      if (rulesEnabled) {
        if (!CONTAINER_RESTART_POLICIES.includes(v)) ctx.report({ field: f, on: 'value', ...notSupported(path, v, CONTAINER_RESTART_POLICIES) });
      } else if (c.list === 'containers') {
        ctx.report({ field: f, on: 'key', ...forbidden(path, 'may not be set for non-init containers') });
      } else if (v !== 'Always') {
        ctx.report({ field: f, on: 'value', ...notSupported(path, v, ['Always']) });
      }
    }
  },
};

const restartRules: PodRule = {
  id: 'pod/container-restart-rules',
  scope: 'pod',
  severity: 'error',
  title: 'Invalid restartPolicyRules',
  description:
    '`restartPolicyRules` (1.35+) restart or stop a container depending on its exit code. Each rule needs `action: Restart` and `exitCodes` with `operator: In` or `NotIn` and at most 255 `values`; at most 20 rules; the container needs a `restartPolicy`. A sidecar (init container with `restartPolicy: Always`) cannot have rules, and `action: RestartAllContainers` is not accepted, unless the alpha `RestartAllContainersOnContainerExits` feature gate is on (these two are warnings).',
  upstream: 'validateInitContainerRestartPolicy / validateContainerRestartPolicy (pkg/apis/core/validation/validation.go)',
  rejects: true,
  since: '1.35',
  example: {
    invalid: '  containers:\n  - name: app\n    image: nginx:1.27\n    restartPolicy: Never\n    restartPolicyRules:\n    - action: Restart\n',
    valid: '  containers:\n  - name: app\n    image: nginx:1.27\n    restartPolicy: Never\n    restartPolicyRules:\n    - action: Restart\n      exitCodes:\n        operator: In\n        values: [42]\n',
  },
  check(ctx) {
    const tooManyOrLong = (path: string, n: number, max: number) =>
      atLeast(ctx.version, '1.36') ? tooMany(path, n, max) : tooLong(path, max);
    for (const c of ctx.pod.containers) {
      if (c.list === 'ephemeralContainers') continue;
      const rules = child(c.field, 'restartPolicyRules');
      const list = items(rules);
      if (list.length === 0) continue;
      const path = `${c.field.path}.restartPolicyRules`;
      // An init container without a policy gets only pod/container-restart-policy's Required.
      if (c.list === 'initContainers' && !isSet(child(c.field, 'restartPolicy'))) continue;
      if (c.list === 'initContainers' && str(child(c.field, 'restartPolicy')) === 'Always') {
        // Allowed only with RestartAllContainersOnContainerExits (alpha, off by default): a warning, as for dropped fields.
        const e = forbidden(path, 'restartPolicyRules are not allowed for init containers with restart policy Always');
        ctx.report({ field: rules!, on: 'key', ...e, apiErrorType: undefined, severity: 'warning', message: `${e.message} (unless the RestartAllContainersOnContainerExits feature gate, alpha and off by default, is enabled)` });
        continue;
      }
      if (list.length > 20) ctx.report({ field: rules!, on: 'key', ...tooManyOrLong(path, list.length, 20) });
      for (const rule of list) {
        const action = child(rule, 'action');
        const a = goString(action);
        if (a !== undefined && a !== 'Restart') {
          const e = notSupported(`${rule.path}.action`, a, ['Restart']);
          const at = { field: isSet(action) ? action : rule, on: isSet(action) ? ('value' as const) : ('key' as const) };
          // RestartAllContainers needs RestartAllContainersOnContainerExits (alpha, off by default).
          if (a === 'RestartAllContainers') ctx.report({ ...at, ...e, apiErrorType: undefined, severity: 'warning', message: `${e.message} (RestartAllContainers needs the RestartAllContainersOnContainerExits feature gate, alpha and off by default)` });
          else ctx.report({ ...at, ...e });
        }
        const codes = child(rule, 'exitCodes');
        if (!isSet(codes)) {
          ctx.report({ field: codes ?? rule, on: 'key', ...required(`${rule.path}.exitCodes`, 'must be specified') });
          continue;
        }
        const op = child(codes, 'operator');
        const o = goString(op);
        if (o !== undefined && o !== 'In' && o !== 'NotIn') ctx.report({ field: isSet(op) ? op : codes, on: isSet(op) ? 'value' : 'key', ...notSupported(`${codes.path}.operator`, o, ['In', 'NotIn']) });
        const values = child(codes, 'values');
        const n = items(values).length;
        if (n > 255) ctx.report({ field: values!, on: 'key', ...tooManyOrLong(`${codes.path}.values`, n, 255) });
      }
    }
  },
};

// ---------------------------------------------------------------------------
// Enumerated container fields

/** A check that every container's `key` is one of `supported` (NotSupported); "" is left to the defaults. */
function enumField(key: string, supported: string[]): PodRule['check'] {
  return (ctx) => {
    for (const c of ctx.pod.containers) {
      const f = child(c.field, key);
      const v = goString(f);
      if (!v || supported.includes(v)) continue;
      ctx.report({ field: f!, on: 'value', ...notSupported(`${c.field.path}.${key}`, v, supported) });
    }
  };
}

const terminationMessagePolicy: PodRule = {
  id: 'pod/termination-message-policy',
  scope: 'pod',
  severity: 'error',
  title: 'Unsupported terminationMessagePolicy',
  description:
    '`terminationMessagePolicy` is `File` (the default: the kubelet reads `terminationMessagePath`) or `FallbackToLogsOnError` (use the end of the log when that file is empty and the container failed). Values are case sensitive.',
  upstream: 'validateContainerCommon (pkg/apis/core/validation/validation.go)',
  rejects: true,
  example: {
    invalid: '  containers:\n  - name: app\n    image: nginx:1.27\n    terminationMessagePolicy: file\n',
    valid: '  containers:\n  - name: app\n    image: nginx:1.27\n    terminationMessagePolicy: FallbackToLogsOnError\n',
  },
  // "" is defaulted to File before validation.
  check: enumField('terminationMessagePolicy', ['File', 'FallbackToLogsOnError']),
};

const imagePullPolicy: PodRule = {
  id: 'pod/image-pull-policy',
  scope: 'pod',
  severity: 'error',
  title: 'Unsupported imagePullPolicy',
  description:
    '`imagePullPolicy` is `Always`, `IfNotPresent` or `Never` (case sensitive). Leave it out to get the default: `Always` for `:latest` or untagged images, `IfNotPresent` otherwise.',
  upstream: 'validatePullPolicy (pkg/apis/core/validation/validation.go)',
  rejects: true,
  example: {
    invalid: '  containers:\n  - name: app\n    image: nginx:1.27\n    imagePullPolicy: always\n',
    valid: '  containers:\n  - name: app\n    image: nginx:1.27\n    imagePullPolicy: Always\n',
  },
  // "" is defaulted from the image's tag before validation.
  check: enumField('imagePullPolicy', ['Always', 'IfNotPresent', 'Never']),
};

// ---------------------------------------------------------------------------
// resizePolicy (validated from 1.33, when InPlacePodVerticalScaling is on by default)

const resizePolicy: PodRule = {
  id: 'pod/resize-policy',
  scope: 'pod',
  severity: 'error',
  title: 'Invalid container resizePolicy',
  description:
    '`resizePolicy` says, per resource, whether an in-place resize restarts the container: one entry per resource (`cpu` or `memory`) with `restartPolicy` `NotRequired` or `RestartContainer`. In a pod whose `restartPolicy` is `Never` only `NotRequired` is allowed, and from 1.36 an init container that is not a sidecar cannot use `RestartContainer`.',
  upstream: 'validateResizePolicy / validateInitContainers (pkg/apis/core/validation/validation.go)',
  rejects: true,
  since: '1.33',
  example: {
    invalid: '  containers:\n  - name: app\n    image: nginx:1.27\n    resizePolicy:\n    - resourceName: gpu\n      restartPolicy: NotRequired\n',
    valid: '  containers:\n  - name: app\n    image: nginx:1.27\n    resizePolicy:\n    - resourceName: cpu\n      restartPolicy: NotRequired\n',
  },
  check(ctx) {
    const podNever = podRestartPolicy(ctx) === 'Never';
    // core.ResourceName has a String() method: printed unquoted up to 1.33, as JSON from 1.34.
    const resourceName = (rn: string): unknown => (atLeast(ctx.version, '1.34') ? rn : new GoStringer(rn));
    const neverMsg = atLeast(ctx.version, '1.36')
      ? "must be 'NotRequired' when pod `restartPolicy` is 'Never'"
      : "must be 'NotRequired' when `restartPolicy` is 'Never'";
    for (const c of ctx.pod.containers) {
      const list = child(c.field, 'resizePolicy');
      if (!isSet(list)) continue;
      const path = `${c.field.path}.resizePolicy`;
      const seen = new Set<string>();
      for (const p of items(list)) {
        if (p.kind !== 'map') continue;
        const rnField = child(p, 'resourceName');
        const rpField = child(p, 'restartPolicy');
        const rn = goString(rnField);
        const rp = goString(rpField);
        if (rn !== undefined) {
          if (seen.has(rn)) ctx.report({ field: isSet(rnField) ? rnField : p, on: 'value', ...duplicate(p.path, resourceName(rn)) });
          seen.add(rn);
          if (rn === '') ctx.report({ field: rnField ?? p, on: 'key', ...required(path) });
          else if (rn !== 'cpu' && rn !== 'memory') ctx.report({ field: rnField!, on: 'value', ...notSupported(path, resourceName(rn), ['cpu', 'memory']) });
        }
        if (rp === undefined) continue;
        if (rp === '') ctx.report({ field: rpField ?? p, on: 'key', ...required(path) });
        else if (rp !== 'NotRequired' && rp !== 'RestartContainer') ctx.report({ field: rpField!, on: 'value', ...notSupported(path, rp, ['NotRequired', 'RestartContainer']) });
        if (podNever && rp !== 'NotRequired') ctx.report({ field: isSet(rpField) ? rpField : p, on: isSet(rpField) ? 'value' : 'key', ...invalid(path, rp, neverMsg) });
        if (atLeast(ctx.version, '1.36') && c.list === 'initContainers' && !isSidecar(c, ctx.version) && rp === 'RestartContainer') {
          ctx.report({
            field: rpField!,
            on: 'value',
            ...invalid(`${p.path}.restartPolicy`, rp, "must not be set to 'RestartContainer' for non-sidecar initContainers"),
          });
        }
      }
    }
  },
};

// ---------------------------------------------------------------------------
// Container securityContext (ValidateSecurityContext; the spec.os checks are pod-level)

const MAX_ID = 2147483647; // validation.IsValidUserID / IsValidGroupID: math.MaxInt32

const runAsId: PodRule = {
  id: 'pod/container-run-as-id',
  scope: 'pod',
  severity: 'error',
  title: 'Container runAsUser or runAsGroup out of range',
  description:
    '`securityContext.runAsUser` and `runAsGroup` are Linux user and group IDs from 0 to 2147483647. Use `runAsNonRoot: true` with a non-zero ID to keep the container off root.',
  upstream: 'ValidateSecurityContext (pkg/apis/core/validation/validation.go)',
  rejects: true,
  example: {
    invalid: '    securityContext:\n      runAsUser: -1\n',
    valid: '    securityContext:\n      runAsUser: 10001\n      runAsNonRoot: true\n',
  },
  check(ctx) {
    for (const c of ctx.pod.containers) {
      const sc = child(c.field, 'securityContext');
      for (const k of ['runAsUser', 'runAsGroup']) {
        const f = child(sc, k);
        const v = num(f);
        if (v === undefined || !Number.isInteger(v) || (v >= 0 && v <= MAX_ID)) continue;
        ctx.report({ field: f!, on: 'value', ...invalid(f!.path, v, `must be between 0 and ${MAX_ID}, inclusive`) });
      }
    }
  },
};

const PROFILE_TYPES = ['Localhost', 'RuntimeDefault', 'Unconfined'];

/** The internal core type of a profile as errors.go renders it (JSON of a struct without json tags). */
const profileValue = (p: FieldNode): Record<string, unknown> => ({
  Type: goString(child(p, 'type')) ?? '',
  LocalhostProfile: isSet(child(p, 'localhostProfile')) ? goString(child(p, 'localhostProfile')) : null,
});

const securityProfile: PodRule = {
  id: 'pod/container-security-profile',
  scope: 'pod',
  severity: 'error',
  title: 'Invalid seccompProfile or appArmorProfile of a container',
  description:
    '`seccompProfile` and `appArmorProfile` (1.30+) need a `type`: `RuntimeDefault`, `Unconfined` or `Localhost`. `localhostProfile` is required with `Localhost` and only allowed with it; a seccomp profile is a relative path below the kubelet\'s seccomp directory (no `..`), an AppArmor profile name has no surrounding whitespace.',
  upstream: 'validateSeccompProfileField / validateAppArmorProfileField (pkg/apis/core/validation/validation.go)',
  rejects: true,
  example: {
    invalid: '    securityContext:\n      seccompProfile:\n        type: Localhost\n',
    valid: '    securityContext:\n      seccompProfile:\n        type: Localhost\n        localhostProfile: profiles/audit.json\n',
  },
  check(ctx) {
    for (const c of ctx.pod.containers) {
      const sc = child(c.field, 'securityContext');
      for (const [key, what] of [['seccompProfile', 'seccomp'], ['appArmorProfile', 'AppArmor']] as const) {
        const p = child(sc, key);
        if (!isSet(p) || p.kind !== 'map') continue;
        if (key === 'appArmorProfile' && !atLeast(ctx.version, '1.30')) continue; // not in the API yet
        const typeField = child(p, 'type');
        const type = goString(typeField);
        const local = child(p, 'localhostProfile');
        const localValue = goString(local);
        if (type === undefined || localValue === undefined) continue; // wrong types
        if (type === '') ctx.report({ field: typeField ?? p, on: 'key', ...required(`${p.path}.type`, `type is required when ${key} is set`) });
        else if (!PROFILE_TYPES.includes(type)) ctx.report({ field: typeField!, on: 'value', ...notSupported(`${p.path}.type`, type, PROFILE_TYPES) });
        const lpath = `${p.path}.localhostProfile`;
        if (type === 'Localhost') {
          if (!isSet(local) || (key === 'appArmorProfile' && localValue === '')) {
            ctx.report({ field: local ?? typeField!, on: 'key', ...required(lpath, `must be set when ${what} type is Localhost`) });
          } else if (key === 'seccompProfile') {
            // validateLocalDescendingPath.
            for (const msg of localDescendingPath(localValue)) ctx.report({ field: local, on: 'value', ...invalid(lpath, localValue, msg) });
          } else if (PADDED.test(localValue)) {
            ctx.report({ field: local, on: 'value', ...invalid(lpath, localValue, 'must not be padded with whitespace') });
          } else if (byteLength(localValue) > 4095) {
            ctx.report({ field: local, on: 'value', ...tooLong(lpath, 4095) });
          }
        } else if (isSet(local)) {
          ctx.report({ field: local, on: 'key', ...invalid(lpath, profileValue(p), `can only be set when ${what} type is Localhost`) });
        }
      }
    }
  },
};

/**
 * The container's internal core.SecurityContext as errors.go renders a struct
 * BadValue from 1.34 on (JSON with Go field names; procMount defaulted to
 * "Default"). Up to 1.33 Go printed it with %#v, pointer addresses included.
 */
function securityContextValue(sc: FieldNode): Record<string, unknown> {
  const b = (k: string): unknown => (isSet(child(sc, k)) ? child(sc, k)!.value : null);
  const strs = (f: FieldNode | undefined): unknown => (isSet(f) ? items(f).map((i) => i.value) : null);
  const caps = child(sc, 'capabilities');
  const se = child(sc, 'seLinuxOptions');
  const win = child(sc, 'windowsOptions');
  const opt = (f: FieldNode | undefined, k: string): unknown => (isSet(child(f, k)) ? child(f, k)!.value : null);
  const profile = (k: string): unknown => (isSet(child(sc, k)) ? profileValue(child(sc, k)!) : null);
  return {
    Capabilities: isSet(caps) ? { Add: strs(child(caps, 'add')), Drop: strs(child(caps, 'drop')) } : null,
    Privileged: b('privileged'),
    SELinuxOptions: isSet(se) ? { User: opt(se, 'user') ?? '', Role: opt(se, 'role') ?? '', Type: opt(se, 'type') ?? '', Level: opt(se, 'level') ?? '' } : null,
    WindowsOptions: isSet(win)
      ? { GMSACredentialSpecName: opt(win, 'gmsaCredentialSpecName'), GMSACredentialSpec: opt(win, 'gmsaCredentialSpec'), RunAsUserName: opt(win, 'runAsUserName'), HostProcess: opt(win, 'hostProcess') }
      : null,
    RunAsUser: b('runAsUser'),
    RunAsGroup: b('runAsGroup'),
    RunAsNonRoot: b('runAsNonRoot'),
    ReadOnlyRootFilesystem: b('readOnlyRootFilesystem'),
    AllowPrivilegeEscalation: b('allowPrivilegeEscalation'),
    ProcMount: b('procMount') ?? 'Default',
    SeccompProfile: profile('seccompProfile'),
    AppArmorProfile: profile('appArmorProfile'),
  };
}

const privilegeEscalation: PodRule = {
  id: 'pod/privilege-escalation-conflict',
  scope: 'pod',
  severity: 'error',
  title: 'allowPrivilegeEscalation: false with privileged or CAP_SYS_ADMIN',
  description:
    'A privileged container, or one that adds `CAP_SYS_ADMIN`, always can escalate privileges: `allowPrivilegeEscalation: false` contradicts it and the API server rejects the container. Drop `privileged` (add only the capabilities you need), or drop `allowPrivilegeEscalation: false`. The error shows the whole securityContext as its value (from 1.34 as JSON; earlier releases print Go syntax).',
  upstream: 'ValidateSecurityContext (pkg/apis/core/validation/validation.go)',
  rejects: true,
  example: {
    invalid: '    securityContext:\n      privileged: true\n      allowPrivilegeEscalation: false\n',
    valid: '    securityContext:\n      allowPrivilegeEscalation: false\n      capabilities:\n        add: [NET_ADMIN]\n',
  },
  check(ctx) {
    for (const c of ctx.pod.containers) {
      const sc = child(c.field, 'securityContext');
      const ape = child(sc, 'allowPrivilegeEscalation');
      if (!sc || bool(ape) !== false) continue;
      const path = sc.path;
      if (bool(child(sc, 'privileged')) === true) {
        ctx.report({ field: ape!, on: 'key', ...invalid(path, securityContextValue(sc), 'cannot set `allowPrivilegeEscalation` to false and `privileged` to true') });
      }
      if (items(child(child(sc, 'capabilities'), 'add')).some((i) => i.value === 'CAP_SYS_ADMIN')) {
        ctx.report({ field: ape!, on: 'key', ...invalid(path, securityContextValue(sc), 'cannot set `allowPrivilegeEscalation` to false and `capabilities.Add` CAP_SYS_ADMIN') });
      }
    }
  },
};

export const containerRules: PodRule[] = [
  containersRequired,
  containerName,
  duplicateName,
  imageRequired,
  imageWhitespace,
  ephemeralOnCreate,
  ephemeralField,
  ephemeralTarget,
  restartPolicy,
  restartRules,
  gatedField,
  terminationMessagePolicy,
  imagePullPolicy,
  resizePolicy,
  runAsId,
  securityProfile,
  privilegeEscalation,
];
