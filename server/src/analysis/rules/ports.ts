/**
 * Container ports: what validateContainerPorts, the hostPort conflict check
 * (AccumulateUniqueHostPorts / checkHostPortConflicts) and the hostNetwork port
 * check of pkg/apis/core/validation/validation.go reject, after the defaulting
 * of pkg/apis/core/v1/defaults.go (protocol "" -> TCP; in hostNetwork pods
 * hostPort 0 -> containerPort). Plus two patterns the API server accepts but
 * that fail at run time: two containers of one pod on the same port, and a
 * hostIP that is not an IP address.
 */
import type { ContainerModel, FieldNode, PodSpecModel } from '../model';
import { bool, child, items, str } from '../model';
import { compareVersions } from '../api/table';
import { defineRule } from './rule';
import { duplicate, invalid, required } from './fieldErrors';
import { changeValueFix, checkValue, goString, memo, type Replacement } from './common';
import { isIPStrict, portName, portNum } from './stringFormats';
import { VALUE_SETS } from '../knowledge/values';
import { nativeSidecarsOn } from '../knowledge/features';
import { CONTAINERS, snippet } from './examples';

const UPSTREAM_FILE = 'pkg/apis/core/validation/validation.go';
const INT32_MAX = 2147483647;

/** One `ports[]` entry as the API server sees it after defaulting; undefined parts failed to decode. */
interface Port {
  container: ContainerModel;
  item: FieldNode;
  index: number;
  /** `spec.containers[0].ports[1]` */
  path: string;
  name?: FieldNode;
  /** 0 when absent or null (Go's zero value); undefined when the value would not decode. */
  containerPort?: number;
  containerPortField?: FieldNode;
  /** As written (0 when absent). */
  hostPort?: number;
  hostPortField?: FieldNode;
  /** After the hostNetwork defaulting (hostPort 0 -> containerPort). */
  effectiveHostPort?: number;
  /** "TCP" when absent; undefined when not a string. */
  protocol?: string;
  protocolField?: FieldNode;
  hostIP?: string;
  hostIPField?: FieldNode;
}

/** An int32 field: 0 when absent or null, undefined when JSON decoding into int32 would fail. */
function int32(f: FieldNode | undefined): number | undefined {
  if (!f || f.kind === 'null') return 0;
  const v = f.kind === 'scalar' ? f.value : undefined;
  if (typeof v !== 'number' || !Number.isInteger(v) || v > INT32_MAX || v < -INT32_MAX - 1) return undefined;
  return v;
}

const hostNetwork = (pod: PodSpecModel): boolean => bool(child(pod.field, 'hostNetwork')) === true;

/**
 * Whether SetDefaults_Pod (1.28+, Pods only) or SetDefaults_PodSpec (1.27, templates too)
 * sets hostPort = containerPort for the ports of containers and init containers.
 */
function defaultsHostPorts(pod: PodSpecModel, version: string): boolean {
  return hostNetwork(pod) && (pod.kind === 'Pod' || compareVersions(version, '1.28') < 0);
}

/** The ports of every container of the pod, in list order (init, regular, ephemeral); shared by the rules. */
const podPorts = memo((pod: PodSpecModel, version: string): Port[] => {
  const defaults = defaultsHostPorts(pod, version);
  const out: Port[] = [];
  for (const c of pod.containers) {
    items(child(c.field, 'ports')).forEach((item, index) => {
      if (item.kind !== 'map') return;
      const cpf = child(item, 'containerPort');
      const hpf = child(item, 'hostPort');
      const pf = child(item, 'protocol');
      const ipf = child(item, 'hostIP');
      const containerPort = int32(cpf);
      const hostPort = int32(hpf);
      const protocol = goString(pf);
      const port: Port = {
        container: c,
        item,
        index,
        path: item.path,
        name: child(item, 'name'),
        containerPort,
        containerPortField: cpf,
        hostPort,
        hostPortField: hpf,
        effectiveHostPort: hostPort,
        protocol: protocol === '' ? 'TCP' : protocol,
        protocolField: pf,
        hostIP: goString(ipf),
        hostIPField: ipf,
      };
      if (defaults && c.list !== 'ephemeralContainers' && hostPort === 0) port.effectiveHostPort = containerPort;
      out.push(port);
    });
  }
  return out;
});

/** Where to show a finding about the hostPort: the field, or the containerPort it was defaulted from. */
function hostPortAnchor(p: Port): { field: FieldNode; on: 'key' | 'value' } {
  if (p.hostPortField && p.hostPort !== 0) return { field: p.hostPortField, on: 'value' };
  if (p.containerPortField) return { field: p.containerPortField, on: 'value' };
  return { field: p.item, on: 'key' };
}

/**
 * The hostPort conflicts upstream reports: one accumulator across all regular
 * containers; each init container on its own, its path always written with
 * index 0 (checkHostPortConflicts([]core.Container{ctr}, fldPath)); ephemeral
 * containers never.
 */
function hostPortConflicts(pod: PodSpecModel, ports: Port[]): { port: Port; key: string; path: string }[] {
  const out: { port: Port; key: string; path: string }[] = [];
  const seen = new Map<string, Set<string>>();
  for (const p of ports) {
    const c = p.container;
    if (c.list === 'ephemeralContainers') continue;
    const hp = p.effectiveHostPort;
    if (hp === undefined || hp === 0 || p.protocol === undefined || p.hostIP === undefined) continue;
    const scope = c.list === 'containers' ? 'containers' : `init${c.index}`;
    let acc = seen.get(scope);
    if (!acc) seen.set(scope, (acc = new Set()));
    const key = `${p.protocol}/${p.hostIP}/${hp}`;
    if (!acc.has(key)) {
      acc.add(key);
      continue;
    }
    const ci = c.list === 'containers' ? c.index : 0;
    out.push({ port: p, key, path: `${pod.path}.${c.list}[${ci}].ports[${p.index}].hostPort` });
  }
  return out;
}

/** A Pod whose one container (`web`) has these ports (indented for the list). */
const PORT_EXAMPLE = (ports: string): string => snippet(`${CONTAINERS}    ports:\n${ports}`);

const containerPortRequired = defineRule({
  id: 'pod/container-port-required',
  severity: 'error',
  title: 'A container port without containerPort',
  description:
    'Every entry of `ports` must give the port the container listens on (`containerPort`, 1–65535); `hostPort` and `name` alone are not enough. An absent, empty or `0` value is rejected.',
  upstream: `validateContainerPorts (${UPSTREAM_FILE})`,
  rejects: true,
  example: {
    invalid: PORT_EXAMPLE('    - name: http\n      hostPort: 8080\n'),
    valid: PORT_EXAMPLE('    - name: http\n      containerPort: 8080\n      hostPort: 8080\n'),
  },
  scope: 'pod',
  check(ctx) {
    for (const p of podPorts(ctx.pod, ctx.version)) {
      if (p.containerPort !== 0) continue;
      const at = p.containerPortField ? { field: p.containerPortField, on: 'key' as const } : { field: p.item, on: 'key' as const };
      ctx.report({ ...at, ...required(`${p.path}.containerPort`) });
    }
  },
});

const portRange = defineRule({
  id: 'pod/port-range',
  severity: 'error',
  title: 'containerPort or hostPort outside 1–65535',
  description:
    'Port numbers must be between 1 and 65535. `hostPort: 0` means "no host port" and is fine. In a Pod with `hostNetwork: true` an unset `hostPort` is set to the `containerPort` before validation, so an out-of-range `containerPort` is reported for `hostPort` too.',
  upstream: `validateContainerPorts (${UPSTREAM_FILE}); hostNetwork defaulting in SetDefaults_Pod (pkg/apis/core/v1/defaults.go)`,
  rejects: true,
  example: {
    invalid: PORT_EXAMPLE('    - containerPort: 80800\n'),
    valid: PORT_EXAMPLE('    - containerPort: 8080\n'),
  },
  scope: 'pod',
  check(ctx) {
    for (const p of podPorts(ctx.pod, ctx.version)) {
      const cp = p.containerPort;
      if (cp !== undefined && cp !== 0 && p.containerPortField) {
        for (const msg of portNum(cp)) ctx.report({ field: p.containerPortField, on: 'value', ...invalid(`${p.path}.containerPort`, cp, msg) });
      }
      const hp = p.effectiveHostPort;
      if (hp !== undefined && hp !== 0) for (const msg of portNum(hp)) ctx.report({ ...hostPortAnchor(p), ...invalid(`${p.path}.hostPort`, hp, msg) });
    }
  },
});

const portNameRule = defineRule({
  id: 'pod/port-name',
  severity: 'error',
  title: 'Port name that is not a valid IANA service name',
  description:
    'A port `name` (what Services and probes refer to) must be an IANA_SVC_NAME: at most 15 characters, only lowercase letters, digits and `-`, at least one letter, and no leading, trailing or double hyphens. `http-metrics-port` (17 characters) or `HTTP` are rejected; use `metrics` or `http`.',
  upstream: `validateContainerPorts / IsValidPortName (${UPSTREAM_FILE}, k8s.io/apimachinery/pkg/util/validation)`,
  rejects: true,
  example: {
    invalid: PORT_EXAMPLE('    - name: http-metrics-port\n      containerPort: 9090\n'),
    valid: PORT_EXAMPLE('    - name: metrics\n      containerPort: 9090\n'),
  },
  scope: 'pod',
  check(ctx) {
    for (const p of podPorts(ctx.pod, ctx.version)) {
      const name = str(p.name);
      if (!p.name || !name) continue;
      for (const msg of portName(name)) ctx.report({ field: p.name, on: 'value', ...invalid(`${p.path}.name`, name, msg) });
    }
  },
});

const duplicatePortName = defineRule({
  id: 'pod/duplicate-port-name',
  severity: 'error',
  title: 'Two ports of one container with the same name',
  description:
    'Port names must be unique within a container, since a Service `targetPort` or a probe `port` refers to them by name. The same name in two different containers is allowed.',
  upstream: `validateContainerPorts (${UPSTREAM_FILE})`,
  rejects: true,
  example: {
    invalid: PORT_EXAMPLE('    - name: http\n      containerPort: 8080\n    - name: http\n      containerPort: 8443\n'),
    valid: PORT_EXAMPLE('    - name: http\n      containerPort: 8080\n    - name: https\n      containerPort: 8443\n'),
  },
  scope: 'pod',
  check(ctx) {
    const seen = new Map<ContainerModel, Set<string>>();
    for (const p of podPorts(ctx.pod, ctx.version)) {
      const name = str(p.name);
      if (!p.name || !name || portName(name).length) continue;
      let names = seen.get(p.container);
      if (!names) seen.set(p.container, (names = new Set()));
      if (names.has(name)) ctx.report({ field: p.name, on: 'value', ...duplicate(`${p.path}.name`, name) });
      else names.add(name);
    }
  },
});

const portProtocol = defineRule<Replacement>({
  id: 'pod/port-protocol',
  severity: 'error',
  title: 'Port protocol other than TCP, UDP or SCTP',
  description:
    "`protocol` is case sensitive and must be `TCP` (the default when omitted), `UDP` or `SCTP`; `tcp` or `HTTP` are rejected. Application protocols belong in a Service's `appProtocol`.",
  upstream: `validateContainerPorts (${UPSTREAM_FILE})`,
  rejects: true,
  example: {
    invalid: PORT_EXAMPLE('    - containerPort: 53\n      protocol: udp\n'),
    valid: PORT_EXAMPLE('    - containerPort: 53\n      protocol: UDP\n'),
  },
  scope: 'pod',
  fix: changeValueFix,
  check(ctx) {
    // "" is defaulted to TCP.
    for (const p of podPorts(ctx.pod, ctx.version)) checkValue(ctx, p.protocolField, VALUE_SETS.portProtocol, { empty: 'defaulted', path: `${p.path}.protocol` });
  },
});

const hostPortConflict = defineRule<{ key: string }>({
  id: 'pod/host-port-conflict',
  severity: 'error',
  title: 'Two ports of the pod claim the same hostPort',
  description: [
    'A host port (with its protocol and `hostIP`) can be claimed once per pod: the API server rejects a second claim among the app containers, or within one init container. It compares `protocol/hostIP/hostPort` literally: `UDP` and `TCP` on the same port do not conflict, and neither do `hostIP: ""` and `hostIP: 0.0.0.0`.',
    '',
    'With `hostNetwork: true`, the API server first sets an unset `hostPort` of a Pod to its `containerPort`, so two containers that both declare `containerPort: 80` conflict there. (Pod templates of Deployments and other workloads are defaulted this way only up to Kubernetes 1.27; later the conflict surfaces when the controller creates the pods: see `pattern/shared-container-port`.)',
    '',
    'Quirk reproduced from upstream: a conflict inside an init container is reported with index 0 (`spec.initContainers[0].ports[1].hostPort`) whichever init container it is in.',
  ].join('\n'),
  upstream: `AccumulateUniqueHostPorts / checkHostPortConflicts (${UPSTREAM_FILE}), after SetDefaults_Pod (pkg/apis/core/v1/defaults.go)`,
  rejects: true,
  example: {
    invalid: PORT_EXAMPLE('    - containerPort: 80\n      hostPort: 8080\n    - containerPort: 81\n      hostPort: 8080\n'),
    valid: PORT_EXAMPLE('    - containerPort: 80\n      hostPort: 8080\n    - containerPort: 81\n      hostPort: 8081\n'),
  },
  scope: 'pod',
  check(ctx) {
    for (const { port, key, path } of hostPortConflicts(ctx.pod, podPorts(ctx.pod, ctx.version))) {
      ctx.report({ ...hostPortAnchor(port), ...duplicate(path, key), data: { key } });
    }
  },
});

const hostNetworkPortMismatch = defineRule({
  id: 'pod/host-network-port-mismatch',
  severity: 'error',
  title: 'With hostNetwork, a hostPort different from its containerPort',
  description: [
    'With `hostNetwork: true` the container listens directly on the node, so there is no port mapping: `hostPort` must be left out (it is then taken to be the `containerPort`) or equal the `containerPort`. Only app containers are checked.',
    '',
    'Kubernetes 1.28 changed the report: 1.28+ names `hostPort` (``must match `containerPort` when `hostNetwork` is true``); 1.27 named `containerPort` (``must match `hostPort` when `hostNetwork` is true``).',
  ].join('\n'),
  upstream: `validatePodHostNetworkDeps (1.28+) / validateHostNetwork (1.27) (${UPSTREAM_FILE})`,
  rejects: true,
  example: {
    invalid:
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: agent\nspec:\n  hostNetwork: true\n  containers:\n  - name: agent\n    image: agent:1.0\n    ports:\n    - containerPort: 9100\n      hostPort: 9101\n',
    valid:
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: agent\nspec:\n  hostNetwork: true\n  containers:\n  - name: agent\n    image: agent:1.0\n    ports:\n    - containerPort: 9100\n',
  },
  scope: 'pod',
  check(ctx) {
    if (!hostNetwork(ctx.pod)) return;
    const old = compareVersions(ctx.version, '1.28') < 0;
    for (const p of podPorts(ctx.pod, ctx.version)) {
      if (p.container.list !== 'containers') continue;
      const cp = p.containerPort;
      const hp = p.hostPort;
      // After defaulting (Pods; 1.27 templates) hostPort 0 became containerPort; 1.28+ templates allow 0 explicitly.
      if (cp === undefined || hp === undefined || hp === 0 || hp === cp) continue;
      if (old) {
        const at = p.containerPortField ? { field: p.containerPortField, on: 'value' as const } : { field: p.item, on: 'key' as const };
        ctx.report({ ...at, ...invalid(`${p.path}.containerPort`, cp, 'must match `hostPort` when `hostNetwork` is true') });
      } else {
        ctx.report({ ...hostPortAnchor(p), ...invalid(`${p.path}.hostPort`, hp, 'must match `containerPort` when `hostNetwork` is true') });
      }
    }
  },
});

const sharedContainerPort = defineRule<{ other: string }>({
  id: 'pattern/shared-container-port',
  severity: 'warning',
  title: 'Two containers of the pod declare the same containerPort',
  description: [
    'All containers of a pod (app containers and native sidecars, which run alongside them) share one network namespace: a port number can be bound by only one of them. When two containers declare the same `containerPort` and protocol, the second process to start fails with "address already in use" and its container crash-loops, although the API server accepts the manifest (it only prints a `duplicate port definition` warning).',
    '',
    'Give one of the containers another port (and change what it listens on), or drop the declaration from the container that does not actually listen there. Init containers that run to completion are not counted: they have exited before the app containers start.',
    '',
    "With `hostNetwork: true` the ports are the node's ports. For a Pod, the API server already rejects two app containers on the same port (see `pod/host-port-conflict`), so this warning covers the rest: app containers against sidecars, and pod templates, whose pods the API server will reject when the controller creates them.",
  ].join('\n'),
  rejects: false,
  example: {
    invalid:
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n  - name: web\n    image: nginx:1.27\n    ports:\n    - containerPort: 8080\n  - name: proxy\n    image: envoyproxy/envoy:v1.31\n    ports:\n    - containerPort: 8080\n',
    valid:
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n  - name: web\n    image: nginx:1.27\n    ports:\n    - containerPort: 8080\n  - name: proxy\n    image: envoyproxy/envoy:v1.31\n    ports:\n    - containerPort: 8081\n',
  },
  scope: 'pod',
  check(ctx) {
    const all = podPorts(ctx.pod, ctx.version);
    const rejected = new Set(hostPortConflicts(ctx.pod, all).map((c) => c.port));
    const running = (c: ContainerModel): boolean => c.list === 'containers' || (c.role === 'sidecar' && nativeSidecarsOn(ctx.version));
    const first = new Map<string, Port>();
    const onNode = hostNetwork(ctx.pod);
    // Pod templates are not defaulted since 1.28: the conflict surfaces only when the controller creates the pods.
    const undefaulted = onNode && !defaultsHostPorts(ctx.pod, ctx.version);
    const asPod = (q: Port): boolean => q.container.list === 'containers' && (q.hostPort === 0 || q.hostPort === q.containerPort);
    for (const p of all) {
      const cp = p.containerPort;
      if (!running(p.container) || cp === undefined || portNum(cp).length > 0 || p.protocol === undefined) continue;
      const key = `${cp}/${p.protocol}`;
      const other = first.get(key);
      if (!other) {
        first.set(key, p);
        continue;
      }
      if (other.container === p.container || rejected.has(p)) continue;
      const who = other.container.name ? `container "${other.container.name}"` : 'another container';
      const ns = onNode ? "the node's network namespace (hostNetwork)" : 'one network namespace';
      const podsRejected = undefaulted && asPod(p) && asPod(other) && p.hostIP === other.hostIP;
      ctx.report({
        field: p.containerPortField ?? p.item,
        on: p.containerPortField ? 'value' : 'key',
        message:
          `${p.path}.containerPort: ${cp}/${p.protocol} is also declared by ${who} (${other.path}): containers of a pod share ${ns}, so only one of them can bind it` +
          (podsRejected ? '; the API server will also reject the pods created from this template (hostPort conflict)' : ''),
        data: { other: other.path },
      });
    }
  },
});

const hostIPFormat = defineRule({
  id: 'pattern/host-ip-format',
  severity: 'warning',
  title: 'hostIP that is not an IP address',
  description:
    "`hostIP` is the node address a `hostPort` is bound to. The API server does not validate it, but the kubelet and the network plugin's port mapping need an IPv4 or IPv6 address: a host name, a CIDR or a typo leaves the pod without its host port (or stuck creating its sandbox). Leading zeros count as a typo: current parsers refuse `010.0.0.5`, and others read it as octal. Write an address such as `10.0.0.5` or leave `hostIP` out to bind on all addresses.",
  rejects: false,
  example: {
    invalid: PORT_EXAMPLE('    - containerPort: 80\n      hostPort: 8080\n      hostIP: localhost\n'),
    valid: PORT_EXAMPLE('    - containerPort: 80\n      hostPort: 8080\n      hostIP: 127.0.0.1\n'),
  },
  scope: 'pod',
  check(ctx) {
    for (const p of podPorts(ctx.pod, ctx.version)) {
      if (!p.hostIPField || !p.hostIP || isIPStrict(p.hostIP)) continue;
      ctx.report({ field: p.hostIPField, on: 'value', message: `${p.path}.hostIP: ${JSON.stringify(p.hostIP)} is not an IP address` });
    }
  },
});

export const portRules = [
  containerPortRequired,
  portRange,
  portNameRule,
  duplicatePortName,
  portProtocol,
  hostPortConflict,
  hostNetworkPortMismatch,
  sharedContainerPort,
  hostIPFormat,
];
