/**
 * Pod-level fields of the pod spec, as ValidatePodSpec
 * (pkg/apis/core/validation/validation.go) checks them after the defaults of
 * pkg/apis/core/v1/defaults.go: restartPolicy, dnsPolicy and dnsConfig,
 * activeDeadlineSeconds, preemptionPolicy, the names that must be DNS names,
 * hostAliases, schedulingGates, shareProcessNamespace with hostPID and
 * hostnameOverride (`os` is in os.ts); plus the warnings the API server returns for a pod
 * (pkg/api/pod/warnings.go). Tolerations are in tolerations.ts, topology
 * spread constraints in topology.ts, container resources, pod-level
 * `resources` and `overhead` in resources.ts.
 */
import type { FieldNode } from '../model';
import { bool, child, isSet, items, num, str } from '../model';
import { compareVersions } from '../api/table';
import { defineRule, type PodCheckContext } from './rule';
import { duplicate, forbidden, invalid, required, tooLong } from './fieldErrors';
import { byteLength, dns1123Label, dns1123Subdomain, dnsSearchDomain, goJSONString, invalidRendered, ipForLegacyField, qualifiedName, renderStringList } from './stringFormats';
import { at, atLeast, changeValueFix, checkValue, droppedByGate, goString, type Replacement } from './common';
import { VALUE_SETS } from '../knowledge/values';
import { CONTAINERS, snippet } from './examples';

const FILE = 'pkg/apis/core/validation/validation.go';
const WARNINGS_FILE = 'pkg/api/pod/warnings.go';
const MAX_INT32 = 2147483647;

const pathOf = (parent: FieldNode, key: string): string => `${parent.path}.${key}`;

const restartPolicy = defineRule<Replacement>({
  id: 'pod/restart-policy',
  severity: 'error',
  title: 'restartPolicy must be Always, OnFailure or Never',
  description:
    'The pod `restartPolicy` takes exactly `Always`, `OnFailure` or `Never` (case matters). Left out, it defaults to `Always`. Workloads narrow it further: Deployments, StatefulSets, DaemonSets and ReplicaSets accept only `Always`, Jobs and CronJobs only `OnFailure` or `Never` (see the `workload/` rules).',
  upstream: `validateRestartPolicy, ${FILE}`,
  rejects: true,
  example: { invalid: snippet(`  restartPolicy: always\n${CONTAINERS}`), valid: snippet(`  restartPolicy: Always\n${CONTAINERS}`) },
  fix: changeValueFix,
  scope: 'pod',
  check: (ctx) => checkValue(ctx, child(ctx.pod.field, 'restartPolicy'), VALUE_SETS.podRestartPolicy, { empty: 'defaulted' }),
});

const dnsPolicy = defineRule<Replacement>({
  id: 'pod/dns-policy',
  severity: 'error',
  title: 'dnsPolicy must be ClusterFirstWithHostNet, ClusterFirst, Default or None',
  description:
    "The pod `dnsPolicy` takes `ClusterFirst` (the default), `ClusterFirstWithHostNet`, `Default` (the node's resolver) or `None` (only `dnsConfig`). Values are case-sensitive.",
  upstream: `validateDNSPolicy, ${FILE}`,
  rejects: true,
  example: { invalid: snippet(`  dnsPolicy: clusterFirst\n${CONTAINERS}`), valid: snippet(`  dnsPolicy: ClusterFirst\n${CONTAINERS}`) },
  fix: changeValueFix,
  scope: 'pod',
  check: (ctx) => checkValue(ctx, child(ctx.pod.field, 'dnsPolicy'), VALUE_SETS.dnsPolicy, { empty: 'defaulted' }),
});

const dnsNoneNeedsConfig = defineRule({
  id: 'pod/dns-none-without-nameservers',
  severity: 'error',
  title: 'dnsPolicy None requires dnsConfig with at least one nameserver',
  description: 'With `dnsPolicy: None` the pod gets no DNS settings from the cluster: everything comes from `dnsConfig`, which must list at least one nameserver.',
  upstream: `validatePodDNSConfig, ${FILE}`,
  rejects: true,
  example: {
    invalid: snippet(`  dnsPolicy: None\n${CONTAINERS}`),
    valid: snippet(`  dnsPolicy: None\n  dnsConfig:\n    nameservers: ["10.0.0.10"]\n${CONTAINERS}`),
  },
  scope: 'pod',
  check: (ctx) => {
    const spec = ctx.pod.field;
    const policy = child(spec, 'dnsPolicy');
    if (str(policy) !== 'None') return;
    const config = child(spec, 'dnsConfig');
    if (!isSet(config)) {
      ctx.report({ field: config ?? policy!, on: config ? 'key' : 'value', ...required(pathOf(spec, 'dnsConfig'), 'must provide `dnsConfig` when `dnsPolicy` is None') });
      return;
    }
    const ns = child(config, 'nameservers');
    if (items(ns).length === 0 && (!ns || ns.kind !== 'scalar')) {
      ctx.report({ ...at(ns, config), ...required(pathOf(config, 'nameservers'), 'must provide at least one DNS nameserver when `dnsPolicy` is None') });
    }
  },
});

const dnsConfig = defineRule({
  id: 'pod/dns-config',
  severity: 'error',
  title: 'dnsConfig: at most 3 nameservers (IP addresses), 32 search domains, 2048 characters of searches, named options',
  description:
    'The resolver in the container (libc) uses at most three nameservers, and they must be IP addresses, not host names (from 1.36 without leading zeros and not IPv4-mapped IPv6). Search domains must be DNS names (from 1.33 underscores are allowed), at most 32 of them and 2048 characters in all; every option needs a `name`.',
  upstream: `validatePodDNSConfig, ${FILE}`,
  rejects: true,
  example: {
    invalid: snippet(`  dnsConfig:\n    nameservers: ["dns.example.com"]\n${CONTAINERS}`),
    valid: snippet(`  dnsConfig:\n    nameservers: ["10.0.0.10"]\n${CONTAINERS}`),
  },
  scope: 'pod',
  check: (ctx) => {
    const config = child(ctx.pod.field, 'dnsConfig');
    if (!config || config.kind !== 'map') return;
    // With dnsPolicy None and no nameservers, validation stops at the Required error.
    if (str(child(ctx.pod.field, 'dnsPolicy')) === 'None' && items(child(config, 'nameservers')).length === 0) return;
    const ns = child(config, 'nameservers');
    const servers = items(ns).map((n) => goString(n));
    if (ns && servers.length > 3 && servers.every((s) => s !== undefined)) {
      ctx.report({ field: ns, on: 'key', ...invalidRendered(ns.path, renderStringList(servers as string[], ctx.version), 'must not have more than 3 nameservers') });
    }
    items(ns).forEach((n, i) => {
      const s = servers[i];
      if (s !== undefined) for (const m of ipForLegacyField(s, ctx.version)) ctx.report({ field: n, on: 'value', ...invalid(n.path, s, m) });
    });
    const se = child(config, 'searches');
    const searches = items(se).map((n) => goString(n));
    if (se && searches.every((s) => s !== undefined)) {
      const list = searches as string[];
      if (list.length > 32) ctx.report({ field: se, on: 'key', ...invalidRendered(se.path, renderStringList(list, ctx.version), 'must not have more than 32 search paths') });
      if (list.join(' ').length > 2048) {
        ctx.report({
          field: se,
          on: 'key',
          ...invalidRendered(se.path, renderStringList(list, ctx.version), 'must not have more than 2048 characters (including spaces) in the search list'),
        });
      }
    }
    const relaxed = compareVersions(ctx.version, '1.33') >= 0;
    items(se).forEach((n, i) => {
      let s = searches[i];
      if (s === undefined || (relaxed && s === '.')) return;
      s = s.endsWith('.') ? s.slice(0, -1) : s;
      for (const m of dnsSearchDomain(s, ctx.version)) ctx.report({ field: n, on: 'value', ...invalid(n.path, s, m) });
    });
    items(child(config, 'options')).forEach((o) => {
      if (goString(child(o, 'name')) === '') ctx.report({ field: o, on: 'key', ...required(o.path, 'must not be empty') });
    });
  },
});

const activeDeadline = defineRule({
  id: 'pod/active-deadline-seconds',
  severity: 'error',
  title: 'activeDeadlineSeconds must be between 1 and 2147483647',
  description:
    "`activeDeadlineSeconds` bounds how long the pod may run (counted from its start, init containers included); 0 or a negative value is refused. In a Job, the Job's own `spec.activeDeadlineSeconds` is usually what is meant.",
  upstream: `ValidatePodSpec, ${FILE}`,
  rejects: true,
  example: { invalid: snippet(`  activeDeadlineSeconds: 0\n${CONTAINERS}`), valid: snippet(`  activeDeadlineSeconds: 600\n${CONTAINERS}`) },
  scope: 'pod',
  check: (ctx) => {
    const f = child(ctx.pod.field, 'activeDeadlineSeconds');
    const v = num(f);
    if (f && v !== undefined && Number.isInteger(v) && (v < 1 || v > MAX_INT32)) {
      ctx.report({ field: f, on: 'value', ...invalid(f.path, v, `must be between 1 and ${MAX_INT32}, inclusive`) });
    }
  },
});

const negativeGracePeriod = defineRule({
  id: 'pod/negative-termination-grace-period',
  severity: 'warning',
  title: 'Negative terminationGracePeriodSeconds is treated as 1',
  description:
    'The API server accepts a negative `terminationGracePeriodSeconds` but warns and treats it as 1 second: containers are killed almost at once on shutdown. Use 0 for an immediate kill, or the number of seconds the app needs to drain (the default is 30).',
  upstream: `warningsForPodSpecAndMeta, ${WARNINGS_FILE}`,
  rejects: false,
  example: { invalid: snippet(`  terminationGracePeriodSeconds: -1\n${CONTAINERS}`), valid: snippet(`  terminationGracePeriodSeconds: 30\n${CONTAINERS}`) },
  scope: 'pod',
  check: (ctx) => {
    const f = child(ctx.pod.field, 'terminationGracePeriodSeconds');
    const v = num(f);
    if (f && v !== undefined && v < 0) ctx.report({ field: f, on: 'value', message: `${f.path}: must be >= 0; negative values are invalid and will be treated as 1` });
  },
});

const preemptionPolicy = defineRule<Replacement>({
  id: 'pod/preemption-policy',
  severity: 'error',
  title: 'preemptionPolicy must be PreemptLowerPriority or Never',
  description: '`preemptionPolicy` takes `PreemptLowerPriority` (the default from the PriorityClass) or `Never`.',
  upstream: `ValidatePreemptionPolicy, ${FILE}`,
  rejects: true,
  example: { invalid: snippet(`  preemptionPolicy: never\n${CONTAINERS}`), valid: snippet(`  preemptionPolicy: Never\n${CONTAINERS}`) },
  fix: changeValueFix,
  scope: 'pod',
  check: (ctx) => checkValue(ctx, child(ctx.pod.field, 'preemptionPolicy'), VALUE_SETS.preemptionPolicy),
});

/** A pod spec name field checked with a string format (a DNS subdomain or label); `""` is checked only where upstream does. */
function checkName(ctx: PodCheckContext<undefined>, key: string, check: (value: string, version: string) => string[], validateEmpty = false): void {
  const f = child(ctx.pod.field, key);
  const v = f && f.kind === 'null' ? undefined : str(f);
  if (!f || v === undefined || (v === '' && !validateEmpty)) return;
  for (const m of check(v, ctx.version)) ctx.report({ field: f, on: 'value', ...invalid(f.path, v, m) });
}

const nameExample = (key: string, bad: string, good: string): { invalid: string; valid: string } => ({
  invalid: snippet(`  ${key}: ${bad}\n${CONTAINERS}`),
  valid: snippet(`  ${key}: ${good}\n${CONTAINERS}`),
});

const SUBDOMAIN_WHAT = 'a lowercase DNS subdomain';
const subdomain = (v: string): string[] => dns1123Subdomain(v);

const serviceAccountName = defineRule({
  id: 'pod/service-account-name',
  severity: 'error',
  title: `serviceAccountName must be ${SUBDOMAIN_WHAT}`,
  description: 'A ServiceAccount name is a lowercase DNS subdomain: lower case letters, digits, `-` and `.`, starting and ending with a letter or digit.',
  upstream: `ValidatePodSpec (ValidateServiceAccountName), ${FILE}`,
  rejects: true,
  example: nameExample('serviceAccountName', 'Build_Bot', 'build-bot'),
  scope: 'pod',
  check: (ctx) => {
    const name = child(ctx.pod.field, 'serviceAccountName');
    if (str(name)) return checkName(ctx, 'serviceAccountName', subdomain);
    // An empty serviceAccountName takes the value of the deprecated `serviceAccount` (SetDefaults_PodSpec,
    // pkg/apis/core/v1/defaults.go; the v1 conversion before 1.34): that value is validated, under serviceAccountName's path.
    const legacy = child(ctx.pod.field, 'serviceAccount');
    const v = legacy && legacy.kind !== 'null' ? str(legacy) : undefined;
    if (!legacy || !v) return;
    const path = legacy.path.replace(/serviceAccount$/, 'serviceAccountName');
    for (const m of subdomain(v)) ctx.report({ field: legacy, on: 'value', ...invalid(path, v, m) });
  },
});

const podSpecRequired = defineRule({
  id: 'pod/spec-required',
  severity: 'error',
  title: 'A Pod needs a spec',
  description:
    'A Pod without `spec` (or with `spec: null`) has no containers: the API server defaults an empty pod spec and refuses it (`spec.containers: Required value`).',
  upstream: `ValidatePodSpec (validateContainers), ${FILE}`,
  rejects: true,
  applies: { kinds: ['Pod'] },
  example: { invalid: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n', valid: snippet(CONTAINERS) },
  scope: 'object',
  check(ctx) {
    const spec = child(ctx.object, 'spec');
    if (spec && spec.kind !== 'null') return;
    // At the `spec` key when it is there, else at `kind: Pod`.
    ctx.report({ field: spec ?? child(ctx.object, 'kind') ?? ctx.object, on: 'key', ...required('spec.containers') });
  },
});

const nodeName = defineRule({
  id: 'pod/node-name',
  severity: 'error',
  title: `nodeName must be ${SUBDOMAIN_WHAT}`,
  description: 'A node name is a lowercase DNS subdomain. Setting `nodeName` bypasses the scheduler; prefer a `nodeSelector` on `kubernetes.io/hostname`.',
  upstream: `ValidatePodSpec (ValidateNodeName), ${FILE}`,
  rejects: true,
  example: nameExample('nodeName', 'Worker_1', 'worker-1'),
  scope: 'pod',
  check: (ctx) => checkName(ctx, 'nodeName', subdomain),
});

const priorityClassName = defineRule({
  id: 'pod/priority-class-name',
  severity: 'error',
  title: `priorityClassName must be ${SUBDOMAIN_WHAT}`,
  description: 'A PriorityClass name is a lowercase DNS subdomain (`system-cluster-critical`, `high-priority`).',
  upstream: `ValidatePodSpec (ValidatePriorityClassName), ${FILE}`,
  rejects: true,
  example: nameExample('priorityClassName', 'HighPriority', 'high-priority'),
  scope: 'pod',
  check: (ctx) => checkName(ctx, 'priorityClassName', subdomain),
});

const runtimeClassName = defineRule({
  id: 'pod/runtime-class-name',
  severity: 'error',
  title: `runtimeClassName must be ${SUBDOMAIN_WHAT}`,
  description: 'A RuntimeClass name is a lowercase DNS subdomain. An empty string is refused too: leave the field out for the default runtime.',
  upstream: `ValidatePodSpec (ValidateRuntimeClassName), ${FILE}`,
  rejects: true,
  example: nameExample('runtimeClassName', 'gVisor', 'gvisor'),
  scope: 'pod',
  check: (ctx) => checkName(ctx, 'runtimeClassName', subdomain, true),
});

const hostname = defineRule({
  id: 'pod/hostname',
  severity: 'error',
  title: 'hostname must be a DNS label',
  description:
    'The pod `hostname` is a single DNS label: lower case letters, digits and `-`, at most 63 characters, no dots (the domain part comes from `subdomain` and the namespace).',
  upstream: `ValidatePodSpec (ValidateDNS1123Label), ${FILE}`,
  rejects: true,
  // The StatefulSet controller sets hostname and subdomain itself: the API server does not check the template's.
  applies: { exceptKinds: ['StatefulSet'] },
  example: nameExample('hostname', 'web.local', 'web'),
  scope: 'pod',
  check: (ctx) => checkName(ctx, 'hostname', dns1123Label),
});

const subdomainRule = defineRule({
  id: 'pod/subdomain',
  severity: 'error',
  title: 'subdomain must be a DNS label',
  description: 'The pod `subdomain` is the name of a headless Service: a single DNS label (no dots).',
  upstream: `ValidatePodSpec (ValidateDNS1123Label), ${FILE}`,
  rejects: true,
  // The StatefulSet controller sets hostname and subdomain itself: the API server does not check the template's.
  applies: { exceptKinds: ['StatefulSet'] },
  example: nameExample('subdomain', 'Web_Svc', 'web-svc'),
  scope: 'pod',
  check: (ctx) => checkName(ctx, 'subdomain', dns1123Label),
});

const hostAliases = defineRule({
  id: 'pod/host-aliases',
  severity: 'error',
  title: 'hostAliases need an IP address and DNS host names',
  description: 'Each `hostAliases` entry adds a line to `/etc/hosts`: `ip` must be an IP address (from 1.36, when StrictIPCIDRValidation is on by default, without leading zeros such as `010.0.0.1` and not an IPv4-mapped IPv6 address such as `::ffff:10.0.0.1`) and every host name a lowercase DNS subdomain.',
  upstream: `ValidateHostAliases, ${FILE}`,
  rejects: true,
  example: {
    invalid: snippet(`  hostAliases:\n  - ip: db.internal\n    hostnames: ["db"]\n${CONTAINERS}`),
    valid: snippet(`  hostAliases:\n  - ip: 10.0.0.5\n    hostnames: ["db.internal"]\n${CONTAINERS}`),
  },
  scope: 'pod',
  check: (ctx) => {
    const list = child(ctx.pod.field, 'hostAliases');
    // Up to 1.29 ValidateHostAliases reports at `hostAliases.ip` and `hostAliases.hostnames`, without indices.
    const indexed = atLeast(ctx.version, '1.30');
    for (const a of items(list)) {
      if (a.kind !== 'map') continue;
      const ipField = child(a, 'ip');
      const ip = goString(ipField);
      const ipPath = indexed ? pathOf(a, 'ip') : `${list!.path}.ip`;
      if (ip !== undefined) for (const m of ipForLegacyField(ip, ctx.version)) ctx.report({ ...at(ipField, a), ...invalid(ipPath, ip, m) });
      for (const h of items(child(a, 'hostnames'))) {
        const v = goString(h);
        if (v === undefined) continue;
        for (const m of dns1123Subdomain(v)) ctx.report({ field: h, on: 'value', ...invalid(indexed ? h.path : `${list!.path}.hostnames`, v, m) });
      }
    }
  },
});

const imagePullSecrets = defineRule({
  id: 'pod/image-pull-secret-name',
  severity: 'warning',
  title: 'imagePullSecrets entry without a name, or named twice',
  description:
    'Each `imagePullSecrets` entry names a Secret in the namespace. The API server warns about an entry with an empty name (it is ignored) and about a name listed twice.',
  upstream: `warningsForPodSpecAndMeta, ${WARNINGS_FILE}`,
  rejects: false,
  example: {
    invalid: snippet(`  imagePullSecrets:\n  - name: ""\n${CONTAINERS}`),
    valid: snippet(`  imagePullSecrets:\n  - name: registry-credentials\n${CONTAINERS}`),
  },
  scope: 'pod',
  check: (ctx) => {
    const list = items(child(ctx.pod.field, 'imagePullSecrets'));
    const seen = new Set<string>();
    list.forEach((s) => {
      if (s.kind !== 'map' && s.kind !== 'null') return;
      const nf = child(s, 'name');
      const name = goString(nf);
      if (name === undefined) return;
      const path = `${s.path}.name`;
      if (list.length > 1 && seen.has(name)) ctx.report({ ...at(nf, s), message: `${path}: duplicate name ${JSON.stringify(name)}` });
      seen.add(name);
      if (name === '') ctx.report({ ...at(nf, s), message: `${path}: invalid empty name ""` });
    });
  },
});

const schedulingGates = defineRule({
  id: 'pod/scheduling-gates',
  severity: 'error',
  title: 'schedulingGates names must be qualified names, each listed once',
  description:
    'A scheduling gate keeps the pod from being scheduled until a controller removes it. Its `name` is a qualified name (`example.com/gate`), and a name may appear once.',
  upstream: `validateSchedulingGates, ${FILE}`,
  rejects: true,
  example: {
    invalid: snippet(`  schedulingGates:\n  - name: example.com/quota\n  - name: example.com/quota\n${CONTAINERS}`),
    valid: snippet(`  schedulingGates:\n  - name: example.com/quota\n${CONTAINERS}`),
  },
  scope: 'pod',
  check: (ctx) => {
    const seen = new Set<string>();
    for (const g of items(child(ctx.pod.field, 'schedulingGates'))) {
      const nf = child(g, 'name');
      const name = goString(nf);
      if (name === undefined) continue;
      for (const m of qualifiedName(name, ctx.version)) ctx.report({ ...at(nf, g), ...invalid(g.path, name, m) });
      if (seen.has(name)) ctx.report({ ...at(nf, g), ...duplicate(g.path, name) });
      seen.add(name);
    }
  },
});

const readinessGates = defineRule({
  id: 'pod/readiness-gates',
  severity: 'error',
  title: 'readinessGates conditionType must be a qualified name',
  description:
    'A readiness gate names a pod condition (set by a controller, such as a load balancer) that must be `True` before the pod counts as ready. Its `conditionType` is a qualified name (`example.com/feature-1`).',
  upstream: `validateReadinessGates, ${FILE}`,
  rejects: true,
  example: {
    invalid: snippet(`  readinessGates:\n  - conditionType: "example.com/lb ready"\n${CONTAINERS}`),
    valid: snippet(`  readinessGates:\n  - conditionType: example.com/lb-ready\n${CONTAINERS}`),
  },
  scope: 'pod',
  check: (ctx) => {
    const gates = child(ctx.pod.field, 'readinessGates');
    if (!gates || gates.kind !== 'seq') return;
    for (const g of items(gates)) {
      if (g.kind !== 'map' && g.kind !== 'null') continue;
      const f = child(g, 'conditionType');
      const v = goString(f);
      if (v === undefined) continue;
      for (const m of qualifiedName(v, ctx.version)) ctx.report({ ...at(isSet(f) ? f : undefined, g), ...invalid(`${g.path}.conditionType`, v, m) });
    }
  },
});

/** The built-in PriorityClasses (pkg/apis/scheduling/types.go): every cluster has them, with these values. */
const SYSTEM_PRIORITY_CLASSES: Readonly<Record<string, number>> = { 'system-node-critical': 2000001000, 'system-cluster-critical': 2000000000 };

const priorityAdmission = defineRule({
  id: 'pod/priority-admission',
  severity: 'warning',
  title: 'priority and preemptionPolicy come from the PriorityClass: a different value is refused',
  description:
    "The Priority admission plugin (on by default) fills in a pod's `priority` and `preemptionPolicy` from its `priorityClassName` (or from the cluster's global default class; without one, priority 0 and `PreemptLowerPriority`), and refuses a Pod that sets a different value: \"the integer value of priority (…) must not be provided in pod spec\". Set `priorityClassName` and leave both fields out. Reported where the value is known to differ: no class (and no global default in the cluster), or a built-in `system-` class.",
  upstream: 'admitPod, plugin/pkg/admission/priority/admission.go',
  rejects: false,
  example: {
    invalid: snippet(`  priority: 1000\n${CONTAINERS}`),
    valid: snippet(`  priorityClassName: high-priority\n${CONTAINERS}`),
  },
  scope: 'pod',
  check: (ctx) => {
    const spec = ctx.pod.field;
    const cls = goString(child(spec, 'priorityClassName'));
    if (cls === undefined) return;
    const system = SYSTEM_PRIORITY_CLASSES[cls];
    const pf = child(spec, 'priority');
    const p = num(pf);
    const computed = cls === '' ? 0 : system;
    const where = cls === '' ? 'without a priorityClassName (unless the cluster has a global default PriorityClass)' : `from the PriorityClass ${cls}`;
    if (pf && p !== undefined && Number.isInteger(p) && Math.abs(p) < 2 ** 31 && computed !== undefined && p !== computed) {
      ctx.report({
        field: pf,
        on: 'value',
        message: `${pf.path}: refused by the Priority admission plugin, which computes ${computed} ${where}: "the integer value of priority (${p}) must not be provided in pod spec; priority admission controller computed ${computed} from the given PriorityClass name"`,
      });
    }
    const ppf = child(spec, 'preemptionPolicy');
    const pp = goString(ppf);
    if (ppf && pp === 'Never' && (cls === '' || system !== undefined)) {
      ctx.report({
        field: ppf,
        on: 'value',
        message: `${ppf.path}: refused by the Priority admission plugin, which computes PreemptLowerPriority ${where}: "the string value of PreemptionPolicy (Never) must not be provided in pod spec; priority admission controller computed PreemptLowerPriority from the given PriorityClass name"`,
      });
    }
  },
});

/** DynamicResourceAllocation: GA and on from 1.34; before, off by default and the API server drops `resourceClaims`. */
const DRA_ON = '1.34';

/** A *string field: undefined when absent or null (nil), '' … when set; null when it would not decode as a string. */
function stringPointer(f: FieldNode | undefined): string | undefined | null {
  if (!isSet(f)) return undefined;
  return f.kind === 'scalar' && typeof f.value === 'string' ? f.value : null;
}

const resourceClaims = defineRule({
  id: 'pod/resource-claims',
  severity: 'error',
  title: 'resourceClaims: unique DNS-label names, each with exactly one claim or template name',
  description:
    "Each entry of `resourceClaims` (dynamic resource allocation) has a `name` (a DNS label, unique in the pod, which containers list in `resources.claims`) and exactly one of `resourceClaimName` (an existing ResourceClaim) or `resourceClaimTemplateName` (a ResourceClaimTemplate the pod gets its own claim from), each a DNS subdomain. Before 1.34 the DynamicResourceAllocation gate is off by default and the API server drops the field (a warning).",
  upstream: `validatePodResourceClaims, ${FILE}`,
  rejects: true,
  example: {
    invalid: snippet(`  resourceClaims:\n  - name: gpu\n${CONTAINERS}`),
    valid: snippet(`  resourceClaims:\n  - name: gpu\n    resourceClaimTemplateName: single-gpu\n${CONTAINERS}`),
  },
  scope: 'pod',
  check: (ctx) => {
    const list = child(ctx.pod.field, 'resourceClaims');
    if (!list || list.kind !== 'seq') return;
    if (compareVersions(ctx.version, DRA_ON) < 0) {
      if (items(list).length > 0) {
        ctx.report({ field: list, on: 'key', severity: 'warning', message: droppedByGate(list.path, 'DynamicResourceAllocation', ctx.version, DRA_ON) });
      }
      return;
    }
    // The whole list decodes first: an item that does not is left to the schema (decoding stops there).
    const claims = items(list).map((c) => {
      if (c.kind !== 'map' && c.kind !== 'null') return undefined;
      const nameField = child(c, 'name');
      const name = goString(nameField);
      const claimName = stringPointer(child(c, 'resourceClaimName'));
      const templateName = stringPointer(child(c, 'resourceClaimTemplateName'));
      if (name === undefined || claimName === null || templateName === null) return undefined;
      return { c, nameField, name, claimName, templateName };
    });
    if (claims.some((x) => !x)) return;
    const seen = new Set<string>();
    const ptr = (v: string | undefined): string => (v === undefined ? 'null' : goJSONString(v));
    for (const x of claims) {
      const { c, nameField, name, claimName, templateName } = x!;
      const anchor = at(isSet(nameField) ? nameField : undefined, c);
      if (name === '') ctx.report({ ...anchor, ...required(`${c.path}.name`) });
      else if (seen.has(name)) ctx.report({ ...anchor, ...duplicate(`${c.path}.name`, name) });
      else {
        for (const m of dns1123Label(name)) ctx.report({ ...anchor, ...invalid(`${c.path}.name`, name, m) });
        seen.add(name);
      }
      const shown = `{"Name":${goJSONString(name)},"ResourceClaimName":${ptr(claimName)},"ResourceClaimTemplateName":${ptr(templateName)}}`;
      const whole = { field: c, on: 'key' as const };
      if (claimName !== undefined && templateName !== undefined) {
        ctx.report({ ...whole, ...invalidRendered(c.path, shown, 'at most one of `resourceClaimName` or `resourceClaimTemplateName` may be specified') });
      }
      if (claimName === undefined && templateName === undefined) {
        ctx.report({ ...whole, ...invalidRendered(c.path, shown, 'must specify one of: `resourceClaimName`, `resourceClaimTemplateName`') });
      }
      for (const [key, v] of [['resourceClaimName', claimName], ['resourceClaimTemplateName', templateName]] as const) {
        if (v === undefined) continue;
        const f = child(c, key)!;
        for (const m of dns1123Subdomain(v)) ctx.report({ field: f, on: 'value', ...invalid(`${c.path}.${key}`, v, m) });
      }
    }
  },
});

const nodeNameWithGates = defineRule({
  id: 'pod/node-name-with-scheduling-gates',
  severity: 'error',
  title: 'A Pod created with nodeName cannot have schedulingGates',
  description: 'A pod with scheduling gates waits for the scheduler, while `nodeName` bypasses it: a Pod may not be created with both (templates are not checked; their pods are).',
  upstream: `ValidatePodCreate, ${FILE}`,
  rejects: true,
  example: {
    invalid: snippet(`  nodeName: worker-1\n  schedulingGates:\n  - name: example.com/quota\n${CONTAINERS}`),
    valid: snippet(`  schedulingGates:\n  - name: example.com/quota\n${CONTAINERS}`),
  },
  scope: 'pod',
  check: (ctx) => {
    if (ctx.pod.kind !== 'Pod') return;
    const nn = child(ctx.pod.field, 'nodeName');
    if (!nn || !goString(nn) || items(child(ctx.pod.field, 'schedulingGates')).length === 0) return;
    ctx.report({ field: nn, on: 'key', ...forbidden(nn.path, 'cannot be set until all schedulingGates have been cleared') });
  },
});

const shareProcessNamespace = defineRule({
  id: 'pod/share-process-namespace-host-pid',
  severity: 'error',
  title: 'shareProcessNamespace and hostPID cannot both be true',
  description:
    "`shareProcessNamespace: true` gives the pod's containers one PID namespace of their own; `hostPID: true` puts them in the node's. The two exclude each other: drop one.",
  upstream: `validatePodSpecSecurityContext, ${FILE}`,
  rejects: true,
  example: {
    invalid: snippet(`  hostPID: true\n  shareProcessNamespace: true\n${CONTAINERS}`),
    valid: snippet(`  shareProcessNamespace: true\n${CONTAINERS}`),
  },
  scope: 'pod',
  check: (ctx) => {
    const spn = child(ctx.pod.field, 'shareProcessNamespace');
    if (bool(spn) !== true || bool(child(ctx.pod.field, 'hostPID')) !== true) return;
    // Up to 1.36 the internal API type keeps the field in the pod security context, and the path says so.
    const path = compareVersions(ctx.version, '1.37') >= 0 ? `${ctx.pod.path}.shareProcessNamespace` : `${ctx.pod.path}.securityContext.shareProcessNamespace`;
    ctx.report({ field: spn!, on: 'value', ...invalid(path, true, 'ShareProcessNamespace and HostPID cannot both be enabled') });
  },
});

// ---- hostnameOverride -------------------------------------------------------------

const hostnameOverride = defineRule({
  id: 'pod/hostname-override',
  severity: 'error',
  title: 'hostnameOverride: a DNS subdomain of at most 64 characters, not with hostNetwork or setHostnameAsFQDN',
  description:
    "`hostnameOverride` sets the pod hostname outright. It must be a lowercase DNS subdomain of at most 64 characters, and cannot be combined with `hostNetwork: true` (the node's hostname) or `setHostnameAsFQDN: true`. It is validated from 1.35; in 1.34 the feature gate is off by default and the API server drops the field silently.",
  upstream: `validatePodHostName, ${FILE}`,
  applies: { since: '1.34' },
  rejects: true,
  example: {
    invalid: snippet(`  hostNetwork: true\n  hostnameOverride: build-01\n${CONTAINERS}`),
    valid: snippet(`  hostnameOverride: build-01\n${CONTAINERS}`),
  },
  scope: 'pod',
  check: (ctx) => {
    const f = child(ctx.pod.field, 'hostnameOverride');
    if (!isSet(f)) return;
    const v = str(f);
    if (v === undefined) return;
    if (compareVersions(ctx.version, '1.35') < 0) {
      ctx.report({ field: f, on: 'key', severity: 'warning', message: droppedByGate(f.path, 'HostnameOverride', ctx.version, '1.35') });
      return;
    }
    if (bool(child(ctx.pod.field, 'setHostnameAsFQDN')) === true) ctx.report({ field: f, on: 'key', ...forbidden(f.path, 'may not be specified when setHostnameAsFQDN is true') });
    if (bool(child(ctx.pod.field, 'hostNetwork')) === true) ctx.report({ field: f, on: 'key', ...forbidden(f.path, 'may not be specified when hostNetwork is true') });
    if (byteLength(v) > 64) ctx.report({ field: f, on: 'value', ...tooLong(f.path, 64) });
    for (const m of dns1123Subdomain(v)) ctx.report({ field: f, on: 'value', ...invalid(f.path, v, m) });
  },
});

export const podSpecRules = [
  restartPolicy,
  dnsPolicy,
  dnsNoneNeedsConfig,
  dnsConfig,
  activeDeadline,
  negativeGracePeriod,
  preemptionPolicy,
  serviceAccountName,
  podSpecRequired,
  nodeName,
  priorityClassName,
  runtimeClassName,
  hostname,
  subdomainRule,
  hostAliases,
  imagePullSecrets,
  schedulingGates,
  readinessGates,
  resourceClaims,
  nodeNameWithGates,
  priorityAdmission,
  shareProcessNamespace,
  hostnameOverride,
];
