/**
 * Probes and lifecycle handlers: validateLivenessProbe /
 * validateReadinessProbe / validateStartupProbe / validateProbe,
 * validateHandler and its actions, validateLifecycle and validateSleepAction,
 * and the init-container restrictions of validateInitContainers
 * (pkg/apis/core/validation/validation.go), after the probe defaults of
 * pkg/apis/core/v1/defaults.go and the dropping of gated lifecycle fields
 * (pkg/api/pod/util.go; see gatedFields.ts).
 */
import type { ContainerModel, FieldNode, PodSpecModel } from '../model';
import { child, isSet, items, num, str } from '../model';
import { compareVersions } from '../api/table';
import type { FixSpec } from '../findings';
import { defineRule, type FixContext, type PodCheckContext } from './rule';
import { forbidden, invalid, required } from './fieldErrors';
import { insertEntry, removeEntry, replaceValue } from '../edits';
import { atLeast, changeValueFix, checkValue, goString, memo, type Replacement } from './common';
import { gatedLifecycleDrops, handlerSurvives, lifecycleSurvives } from './gatedFields';
import { httpHeaderName, portName, portNum } from './stringFormats';
import { NATIVE_SIDECARS, isNativeSidecar, nativeSidecarSupport } from '../knowledge/features';
import { containerOf } from '../knowledge/pods';
import { portTargets } from '../knowledge/names';
import { VALUE_SETS } from '../knowledge/values';
import { CONTAINERS, snippet } from './examples';

const FILE = 'pkg/apis/core/validation/validation.go';

const PROBES = ['livenessProbe', 'readinessProbe', 'startupProbe'] as const;
type ProbeKey = (typeof PROBES)[number];

/** A Pod whose one container (`web`) has these fields too (indented for the container). */
const container = (fields: string): string => snippet(`${CONTAINERS}${fields}`);

// ---- handlers: what the API server validates

/** Containers whose probes and lifecycle the API server validates: app containers and native sidecars. */
const validated = (pod: PodSpecModel, version: string): ContainerModel[] => pod.containers.filter((c) => c.list === 'containers' || isNativeSidecar(c, version));

/** A handler (probe or lifecycle hook) with the action the API server validates. */
interface Handler {
  container: ContainerModel;
  /** The probe or the postStart/preStop map. */
  field: FieldNode;
  /** 'probe' for the three probes, 'hook' for postStart/preStop. */
  kind: 'probe' | 'hook';
  /** Actions present, in validateHandler's order; the first one is validated, the others are Forbidden. */
  actions: FieldNode[];
}

/** Action keys in validateHandler's order, for the release (sleep: hooks only, 1.30+; 1.29 drops it). */
function actionKeys(kind: 'probe' | 'hook', version: string): string[] {
  if (kind === 'probe') return ['exec', 'httpGet', 'tcpSocket', 'grpc'];
  return atLeast(version, '1.30') ? ['exec', 'httpGet', 'tcpSocket', 'sleep'] : ['exec', 'httpGet', 'tcpSocket'];
}

/** Every handler the API server validates in this pod spec. */
const handlers = memo((pod: PodSpecModel, version: string): Handler[] => {
  const out: Handler[] = [];
  const make = (container: ContainerModel, field: FieldNode, kind: Handler['kind']): void => {
    if (field.kind !== 'map') return;
    const actions = actionKeys(kind, version)
      .map((k) => child(field, k))
      .filter((a): a is FieldNode => isSet(a));
    out.push({ container, field, kind, actions });
  };
  for (const c of validated(pod, version)) {
    const lc = child(c.field, 'lifecycle');
    if (lifecycleSurvives(lc, version) && lc.kind === 'map') {
      for (const k of ['postStart', 'preStop']) {
        const h = child(lc, k);
        if (handlerSurvives(h, version)) make(c, h!, 'hook');
      }
    }
    for (const k of PROBES) {
      const p = child(c.field, k);
      if (isSet(p)) make(c, p, 'probe');
    }
  }
  return out;
});

/** The action the API server validates of each handler (the first one set), for the given action kinds. */
function firstActions(ctx: { pod: PodSpecModel; version: string }, ...keys: string[]): { h: Handler; a: FieldNode }[] {
  return handlers(ctx.pod, ctx.version).flatMap((h) => {
    const a = h.actions[0];
    return a?.key !== undefined && keys.includes(a.key) ? [{ h, a }] : [];
  });
}

// ---- init containers

/** Init containers that are not native sidecars: they may have neither probes nor lifecycle hooks. */
const plainInitContainers = (pod: PodSpecModel, version: string): ContainerModel[] => pod.containers.filter((c) => c.list === 'initContainers' && !isNativeSidecar(c, version));

/** "Remove <key>" and "Make <name> a native sidecar" for the probe or lifecycle of an init container that the check reported. */
function initContainerFixes({ field, pod, text, version }: FixContext<undefined>): FixSpec[] {
  const c = pod && containerOf(pod, field);
  if (!field || !c || field.parent !== c.field || field.viaAlias || c.field.viaAlias) return [];
  const fixes: FixSpec[] = [{ title: `Remove ${field.key}`, edits: [removeEntry(text, field)] }];
  const support = nativeSidecarSupport(version);
  if (support !== 'unknown') {
    const name = str(child(c.field, 'name')) ?? 'the init container';
    const note = support === 'gated' ? ` (${NATIVE_SIDECARS.field}: needs the SidecarContainers feature gate)` : '';
    const rp = child(c.field, 'restartPolicy');
    fixes.push({
      title: `Make ${name} a native sidecar${note}`,
      edits: [rp ? replaceValue(rp, 'Always') : insertEntry(text, c.field, 'restartPolicy', 'Always', child(c.field, 'image') ?? child(c.field, 'name'))],
    });
  }
  return fixes;
}

/** validateInitContainers' detail: it names restartPolicy=Always from the release that has native sidecars. */
const initMessage = (version: string): string =>
  nativeSidecarSupport(version) !== 'unknown' ? 'may not be set for init containers without restartPolicy=Always' : 'may not be set for init containers';

const SIDECAR_DOC = `Ordinary init containers run to completion one after another, so the kubelet never probes them and runs no hooks for them. A native sidecar (an init container with \`restartPolicy: Always\`, Kubernetes ${NATIVE_SIDECARS.onByDefault}+, ${NATIVE_SIDECARS.field} behind the \`SidecarContainers\` gate) keeps running beside the app containers and may have all three probes and lifecycle hooks.`;

const initProbe = defineRule({
  id: 'pod/init-container-probe',
  severity: 'error',
  title: 'Probe on an init container that is not a native sidecar',
  description: `${SIDECAR_DOC} Remove the probe, or make the container a native sidecar if it is meant to keep running.`,
  upstream: `validateInitContainers, ${FILE}`,
  rejects: true,
  example: {
    invalid: snippet(`  initContainers:\n  - name: migrate\n    image: migrate:4\n    readinessProbe:\n      exec:\n        command: [test, -f, /done]\n${CONTAINERS}`),
    valid: snippet(
      `  initContainers:\n  - name: proxy\n    image: envoyproxy/envoy:v1.31\n    restartPolicy: Always\n    readinessProbe:\n      tcpSocket:\n        port: 9901\n${CONTAINERS}`,
    ),
  },
  fix: initContainerFixes,
  scope: 'pod',
  check: (ctx) => {
    for (const c of plainInitContainers(ctx.pod, ctx.version)) {
      for (const k of PROBES) {
        const p = child(c.field, k);
        if (isSet(p)) ctx.report({ field: p, on: 'key', ...forbidden(`${c.field.path}.${k}`, initMessage(ctx.version)) });
      }
    }
  },
});

const initLifecycle = defineRule({
  id: 'pod/init-container-lifecycle',
  severity: 'error',
  title: 'Lifecycle hooks on an init container that is not a native sidecar',
  description: `${SIDECAR_DOC} Remove \`lifecycle\`, or make the container a native sidecar.`,
  upstream: `validateInitContainers, ${FILE}`,
  rejects: true,
  example: {
    invalid: snippet(
      `  initContainers:\n  - name: setup\n    image: busybox:1.36\n    lifecycle:\n      preStop:\n        exec:\n          command: [sh, -c, "sleep 5"]\n${CONTAINERS}`,
    ),
    valid: snippet(`  initContainers:\n  - name: setup\n    image: busybox:1.36\n${CONTAINERS}`),
  },
  fix: initContainerFixes,
  scope: 'pod',
  check: (ctx) => {
    for (const c of plainInitContainers(ctx.pod, ctx.version)) {
      const lc = child(c.field, 'lifecycle');
      if (lifecycleSurvives(lc, ctx.version)) ctx.report({ field: lc, on: 'key', ...forbidden(`${c.field.path}.lifecycle`, initMessage(ctx.version)) });
    }
  },
});

// ---- handlers

const handlerCount = defineRule({
  id: 'pod/handler-count',
  severity: 'error',
  title: 'Probe or lifecycle hook without exactly one action',
  description:
    'A probe has exactly one of `exec`, `httpGet`, `tcpSocket` or `grpc`; a `postStart`/`preStop` hook exactly one of `exec`, `httpGet`, `tcpSocket` or `sleep` (1.30+). With none the API server answers "must specify a handler type"; with several it rejects all but the first in that order.',
  upstream: `validateHandler, ${FILE}`,
  rejects: true,
  example: {
    invalid: container('    livenessProbe:\n      exec:\n        command: [cat, /tmp/healthy]\n      httpGet:\n        port: 8080\n'),
    valid: container('    livenessProbe:\n      httpGet:\n        path: /healthz\n        port: 8080\n'),
  },
  scope: 'pod',
  check: (ctx) => {
    for (const h of handlers(ctx.pod, ctx.version)) {
      if (h.actions.length === 0) ctx.report({ field: h.field, on: 'key', ...required(h.field.path, 'must specify a handler type') });
      for (const extra of h.actions.slice(1)) ctx.report({ field: extra, on: 'key', ...forbidden(extra.path, 'may not specify more than 1 handler type') });
    }
  },
});

const execCommand = defineRule({
  id: 'pod/handler-exec-command',
  severity: 'error',
  title: 'exec action without a command',
  description: 'An `exec` probe or hook runs `command` in the container (no shell unless you call one): it must not be empty.',
  upstream: `validateExecAction, ${FILE}`,
  rejects: true,
  example: { invalid: container('    readinessProbe:\n      exec: {}\n'), valid: container('    readinessProbe:\n      exec:\n        command: [cat, /tmp/ready]\n') },
  scope: 'pod',
  check: (ctx) => {
    for (const { a } of firstActions(ctx, 'exec')) {
      if (a.kind !== 'map') continue;
      const cmd = child(a, 'command');
      if (cmd && (cmd.kind === 'map' || cmd.kind === 'scalar')) continue; // wrong type
      if (items(cmd).length === 0) ctx.report({ field: cmd ?? a, on: 'key', ...required(`${a.path}.command`) });
    }
  },
});

/** ValidatePortNumOrName for an IntOrString port (absent = int 0). */
function checkPort(ctx: PodCheckContext<undefined>, action: FieldNode, intOnly: boolean): void {
  const f = child(action, 'port');
  const path = `${action.path}.port`;
  if (!isSet(f)) {
    for (const msg of portNum(0)) ctx.report({ field: f ?? action, on: 'key', ...invalid(path, 0, msg) });
    return;
  }
  if (f.kind !== 'scalar') return;
  if (typeof f.value === 'number') {
    if (!Number.isInteger(f.value)) return; // wrong type
    for (const msg of portNum(f.value)) ctx.report({ field: f, on: 'value', ...invalid(path, f.value, msg) });
  } else if (typeof f.value === 'string' && !intOnly) {
    for (const msg of portName(f.value)) ctx.report({ field: f, on: 'value', ...invalid(path, f.value, msg) });
  }
}

const handlerPort = defineRule({
  id: 'pod/handler-port',
  severity: 'error',
  title: 'Probe or hook port that is neither a port number nor a port name',
  description:
    'The `port` of `httpGet` and `tcpSocket` is a number from 1 to 65535 or the name of one of the container\'s ports (an IANA service name: at most 15 lowercase letters, digits and single hyphens, with at least one letter). A quoted number (`"8080"`) is a name, and not a valid one. `grpc.port` is always a number.',
  upstream: `ValidatePortNumOrName via validateHTTPGetAction / validateTCPSocketAction / validateGRPCAction, ${FILE}`,
  rejects: true,
  example: { invalid: container('    livenessProbe:\n      tcpSocket:\n        port: "8080"\n'), valid: container('    livenessProbe:\n      tcpSocket:\n        port: 8080\n') },
  scope: 'pod',
  check: (ctx) => {
    for (const { a } of firstActions(ctx, 'httpGet', 'tcpSocket', 'grpc')) if (a.kind === 'map') checkPort(ctx, a, a.key === 'grpc');
  },
});

const portNotDeclared = defineRule<{ port: string }>({
  id: 'pod/handler-port-not-declared',
  severity: 'warning',
  title: 'Probe or hook refers to a port name the container does not declare',
  description:
    "A named `port` in `httpGet` or `tcpSocket` is looked up among the same container's `ports` when the kubelet runs the probe or hook. The API server does not check it; if the name is missing, every probe fails (a liveness probe then restarts the container over and over) and the hook fails.",
  rejects: false,
  example: {
    invalid: container('    ports:\n    - name: web\n      containerPort: 8080\n    readinessProbe:\n      httpGet:\n        port: http\n'),
    valid: container('    ports:\n    - name: http\n      containerPort: 8080\n    readinessProbe:\n      httpGet:\n        port: http\n'),
  },
  scope: 'pod',
  check: (ctx) => {
    for (const { h, a } of firstActions(ctx, 'httpGet', 'tcpSocket')) {
      const port = child(a, 'port');
      const name = str(port);
      if (!port || name === undefined || portName(name).length > 0) continue;
      if (portTargets(h.container).some((t) => t.name === name)) continue;
      const who = h.container.name ? `container "${h.container.name}"` : 'the container';
      ctx.report({
        field: port,
        on: 'value',
        message: `${port.path}: ${JSON.stringify(name)} is not the name of a port of ${who}: the kubelet cannot resolve it, so the ${h.kind === 'probe' ? 'probe' : 'hook'} always fails`,
        data: { port: name },
      });
    }
  },
});

const httpScheme = defineRule<Replacement>({
  id: 'pod/http-get-scheme',
  severity: 'error',
  title: 'Unsupported httpGet scheme',
  description: '`httpGet.scheme` is `HTTP` (the default) or `HTTPS`, in capitals. With `HTTPS` the kubelet does not verify the certificate.',
  upstream: `validateHTTPGetAction, ${FILE}`,
  rejects: true,
  example: {
    invalid: container('    livenessProbe:\n      httpGet:\n        port: 8443\n        scheme: https\n'),
    valid: container('    livenessProbe:\n      httpGet:\n        port: 8443\n        scheme: HTTPS\n'),
  },
  fix: changeValueFix,
  scope: 'pod',
  check: (ctx) => {
    // "" is defaulted to HTTP.
    for (const { a } of firstActions(ctx, 'httpGet')) checkValue(ctx, child(a, 'scheme'), VALUE_SETS.httpGetScheme, { empty: 'defaulted', path: `${a.path}.scheme` });
  },
});

const httpHeader = defineRule({
  id: 'pod/http-get-header',
  severity: 'error',
  title: 'Invalid HTTP header name in httpGet',
  description:
    'Header names in `httpGet.httpHeaders` consist of letters, digits and `-` only (no `_`, spaces or colons). The API server reports the error on `httpHeaders` without an index.',
  upstream: `validateHTTPGetAction → IsHTTPHeaderName, ${FILE}`,
  rejects: true,
  example: {
    invalid: container('    livenessProbe:\n      httpGet:\n        port: 8080\n        httpHeaders:\n        - name: X_Probe\n          value: "1"\n'),
    valid: container('    livenessProbe:\n      httpGet:\n        port: 8080\n        httpHeaders:\n        - name: X-Probe\n          value: "1"\n'),
  },
  scope: 'pod',
  check: (ctx) => {
    for (const { a } of firstActions(ctx, 'httpGet')) {
      for (const hdr of items(child(a, 'httpHeaders'))) {
        const f = child(hdr, 'name');
        const name = goString(f);
        if (name === undefined) continue;
        for (const msg of httpHeaderName(name)) ctx.report({ field: isSet(f) ? f : hdr, on: isSet(f) ? 'value' : 'key', ...invalid(`${a.path}.httpHeaders`, name, msg) });
      }
    }
  },
});

// ---- probe numbers

const NON_NEGATIVE = ['initialDelaySeconds', 'timeoutSeconds', 'periodSeconds', 'successThreshold', 'failureThreshold'];

/** The probes the API server validates, with their kind. */
function probes(pod: PodSpecModel, version: string): { probe: FieldNode; key: ProbeKey }[] {
  const out: { probe: FieldNode; key: ProbeKey }[] = [];
  for (const c of validated(pod, version)) {
    for (const key of PROBES) {
      const p = child(c.field, key);
      if (isSet(p) && p.kind === 'map') out.push({ probe: p, key });
    }
  }
  return out;
}

const probeNegative = defineRule({
  id: 'pod/probe-negative',
  severity: 'error',
  title: 'Negative probe timing or threshold',
  description:
    '`initialDelaySeconds`, `timeoutSeconds`, `periodSeconds`, `successThreshold` and `failureThreshold` cannot be negative. A `0` is fine: except for `initialDelaySeconds` it is replaced by the default (timeout 1, period 10, success 1, failure 3).',
  upstream: `validateProbe → ValidateNonnegativeField, ${FILE}`,
  rejects: true,
  example: {
    invalid: container('    readinessProbe:\n      periodSeconds: -5\n      tcpSocket:\n        port: 8080\n'),
    valid: container('    readinessProbe:\n      periodSeconds: 5\n      tcpSocket:\n        port: 8080\n'),
  },
  scope: 'pod',
  check: (ctx) => {
    for (const { probe } of probes(ctx.pod, ctx.version)) {
      for (const k of NON_NEGATIVE) {
        const f = child(probe, k);
        const v = num(f);
        if (v !== undefined && v < 0) ctx.report({ field: f!, on: 'value', ...invalid(f!.path, v, 'must be greater than or equal to 0') });
      }
    }
  },
});

const successThreshold = defineRule({
  id: 'pod/probe-success-threshold',
  severity: 'error',
  title: 'successThreshold other than 1 on a liveness or startup probe',
  description:
    'One success is what liveness and startup probes mean: `successThreshold` must be 1 (or left out, or 0, which is defaulted to 1). Only readiness probes may ask for several successes in a row.',
  upstream: `validateLivenessProbe / validateStartupProbe, ${FILE}`,
  rejects: true,
  example: {
    invalid: container('    livenessProbe:\n      successThreshold: 3\n      httpGet:\n        port: 8080\n'),
    valid: container('    livenessProbe:\n      failureThreshold: 3\n      httpGet:\n        port: 8080\n'),
  },
  scope: 'pod',
  check: (ctx) => {
    for (const { probe, key } of probes(ctx.pod, ctx.version)) {
      if (key === 'readinessProbe') continue;
      const f = child(probe, 'successThreshold');
      const v = num(f);
      if (v === undefined || v === 0 || v === 1) continue;
      ctx.report({ field: f!, on: 'value', ...invalid(f!.path, v, 'must be 1') });
    }
  },
});

const probeGrace = defineRule({
  id: 'pod/probe-termination-grace-period',
  severity: 'error',
  title: 'Probe terminationGracePeriodSeconds not positive, or set on a readiness probe',
  description:
    "A probe-level `terminationGracePeriodSeconds` replaces the pod's grace period when a failed liveness or startup probe kills the container. It must be greater than 0, and a readiness probe (which never kills) cannot have it.",
  upstream: `validateProbe / validateReadinessProbe, ${FILE}`,
  rejects: true,
  example: {
    invalid: container('    readinessProbe:\n      terminationGracePeriodSeconds: 10\n      tcpSocket:\n        port: 8080\n'),
    valid: container('    livenessProbe:\n      terminationGracePeriodSeconds: 10\n      tcpSocket:\n        port: 8080\n'),
  },
  scope: 'pod',
  check: (ctx) => {
    for (const { probe, key } of probes(ctx.pod, ctx.version)) {
      const f = child(probe, 'terminationGracePeriodSeconds');
      const v = num(f);
      if (v === undefined || !Number.isInteger(v)) continue;
      if (v <= 0) ctx.report({ field: f!, on: 'value', ...invalid(f!.path, v, 'must be greater than 0') });
      if (key === 'readinessProbe') ctx.report({ field: f!, on: 'key', ...invalid(f!.path, v, 'must not be set for readinessProbes') });
    }
  },
});

// ---- lifecycle: sleep action and gated fields

const sleepAction = defineRule({
  id: 'pod/sleep-action',
  severity: 'error',
  title: 'sleep hook longer than the grace period (or not positive)',
  description:
    "A `sleep` hook (1.30+) pauses for `seconds` before the container is stopped; it cannot outlast the pod's `terminationGracePeriodSeconds` (default 30). Up to 1.32 it must also be greater than 0; from 1.33 `0` is allowed.",
  upstream: `validateSleepAction, ${FILE}`,
  rejects: true,
  applies: { since: '1.30' },
  example: {
    invalid: container('    lifecycle:\n      preStop:\n        sleep:\n          seconds: 60\n'),
    valid: container('    lifecycle:\n      preStop:\n        sleep:\n          seconds: 10\n'),
  },
  scope: 'pod',
  check: (ctx) => {
    const tgps = child(ctx.pod.field, 'terminationGracePeriodSeconds');
    const grace = isSet(tgps) ? num(tgps) : 30;
    if (grace === undefined) return; // wrong type
    const allowZero = atLeast(ctx.version, '1.33');
    const msg = allowZero
      ? `must be non-negative and less than terminationGracePeriodSeconds (${grace})`
      : `must be greater than 0 and less than terminationGracePeriodSeconds (${grace})${compareVersions(ctx.version, '1.32') === 0 ? '. Enable AllowPodLifecycleSleepActionZeroValue feature gate for zero sleep.' : ''}`;
    for (const { a } of firstActions(ctx, 'sleep')) {
      if (a.kind !== 'map') continue;
      const f = child(a, 'seconds');
      const s = isSet(f) ? num(f) : 0;
      if (s === undefined || !Number.isInteger(s)) continue;
      const bad = (allowZero ? s < 0 : s <= 0) || s > grace;
      if (bad) ctx.report({ field: isSet(f) ? f : a, on: isSet(f) ? 'value' : 'key', ...invalid(a.path, s, msg) });
    }
  },
});

const gatedLifecycle = defineRule<{ gate: string }>({
  id: 'pod/gated-lifecycle-field',
  severity: 'warning',
  title: 'Lifecycle field dropped because its feature gate is off by default',
  description:
    'The API server silently drops lifecycle fields whose feature gate is off: the `sleep` action in 1.29 (`PodLifecycleSleepAction`, on by default from 1.30) and `stopSignal` (`ContainerStopSignals`, alpha since 1.33). A hook left without an action goes with it. Enable the gate on the cluster, target a later release, or use an `exec` hook instead.',
  rejects: false,
  applies: { since: '1.29' },
  example: { invalid: container('    lifecycle:\n      stopSignal: SIGUSR1\n') },
  scope: 'pod',
  check: (ctx) => {
    for (const c of ctx.pod.containers) {
      for (const d of gatedLifecycleDrops(c, ctx.version)) ctx.report({ field: d.field, on: 'key', message: d.message, data: { gate: d.gate } });
    }
  },
});

export const probeRules = [
  initProbe,
  initLifecycle,
  handlerCount,
  execCommand,
  handlerPort,
  portNotDeclared,
  httpScheme,
  httpHeader,
  probeNegative,
  successThreshold,
  probeGrace,
  sleepAction,
  gatedLifecycle,
];
