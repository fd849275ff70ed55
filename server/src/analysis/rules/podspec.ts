/**
 * Pod-level fields of the pod spec, as ValidatePodSpec
 * (pkg/apis/core/validation/validation.go) checks them after the defaults of
 * pkg/apis/core/v1/defaults.go: restartPolicy, dnsPolicy and dnsConfig,
 * activeDeadlineSeconds, preemptionPolicy, the names that must be DNS names,
 * hostAliases, schedulingGates, shareProcessNamespace with hostPID,
 * tolerations, topologySpreadConstraints, os and hostnameOverride; plus the
 * warnings the API server returns for a pod (pkg/api/pod/warnings.go).
 * Container resources, pod-level `resources` and `overhead` are in
 * resources.ts.
 */
import type { FixContext, FixSpec, PodRule, PodRuleContext } from './api';
import type { FieldNode } from '../model';
import { bool, child, fieldAt, isSet, items, num, str } from '../model';
import { compareVersions } from '../api/table';
import { duplicate, forbidden, invalid, notSupported, required, tooLong } from './fieldErrors';
import {
  IP_MSG,
  byteLength,
  dns1123Label,
  dns1123Subdomain,
  dnsSearchDomain,
  invalidRendered,
  isIPSloppy,
  labelValue,
  podSpecValidated,
  qualifiedName,
  renderStringList,
} from './stringFormats';
import { droppedByGate, goString } from './common';
import { replaceValue } from '../edits';

const FILE = 'pkg/apis/core/validation/validation.go';
const WARNINGS_FILE = 'pkg/api/pod/warnings.go';
const MAX_INT32 = 2147483647;

type Def = Omit<PodRule, 'scope' | 'check'>;

/**
 * A pod rule that runs only where the API server validates the pod spec. The
 * warnings of warnings.go (rules that do not reject) are computed for every
 * pod template, StatefulSets before 1.34 included.
 */
function podRule(def: Def, check: (ctx: PodRuleContext) => void): PodRule {
  return {
    ...def,
    scope: 'pod',
    check(ctx) {
      if (!def.rejects || podSpecValidated(ctx.pod, ctx.version)) check(ctx);
    },
  };
}

/** The anchor for a finding about a field that may be absent: the field's value, else its parent's key. */
function at(f: FieldNode | undefined, parent: FieldNode): { field: FieldNode; on: 'key' | 'value' } {
  return f ? { field: f, on: f.kind === 'null' ? 'key' : 'value' } : { field: parent, on: 'key' };
}

const pathOf = (parent: FieldNode, key: string): string => `${parent.path}.${key}`;

/** Quick fix for a value that differs from a supported one only in case (`always` -> `Always`). */
function caseFix(ctx: FixContext): FixSpec[] {
  const replacement = ctx.finding.data?.replacement;
  if (typeof replacement !== 'string') return [];
  const f = fieldAt(ctx.doc.root, ctx.finding.start);
  if (!f || f.kind !== 'scalar' || f.start !== ctx.finding.start) return [];
  return [{ title: `Change to ${replacement}`, edits: [replaceValue(f, replacement)], isPreferred: true }];
}

const caseMatch = (value: string, supported: readonly string[]): string | undefined =>
  supported.find((s) => s.toLowerCase() === value.toLowerCase().replace(/[-_ ]/g, ''));

/** A field whose value must be one of a list (NotSupported; "" is Required unless defaulted). */
function enumCheck(ctx: PodRuleContext, f: FieldNode | undefined, supported: readonly string[], emptyIsDefaulted: boolean): void {
  if (!f || f.kind === 'null') return;
  const v = str(f);
  if (v === undefined || supported.includes(v)) return;
  if (v === '') {
    if (!emptyIsDefaulted) ctx.report({ field: f, on: 'value', ...required(f.path) });
    return;
  }
  const replacement = caseMatch(v, supported);
  ctx.report({ field: f, on: 'value', ...notSupported(f.path, v, supported), data: replacement ? { replacement } : undefined });
}

const snippet = (spec: string): string => `apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n${spec}`;
const CONTAINERS = '  containers:\n  - name: web\n    image: nginx:1.27\n';

const RESTART_POLICIES = ['Always', 'OnFailure', 'Never'] as const;

const restartPolicy = podRule(
  {
    id: 'pod/restart-policy',
    severity: 'error',
    title: 'restartPolicy must be Always, OnFailure or Never',
    description:
      'The pod `restartPolicy` takes exactly `Always`, `OnFailure` or `Never` (case matters). Left out, it defaults to `Always`. Workloads narrow it further: Deployments, StatefulSets, DaemonSets and ReplicaSets accept only `Always`, Jobs and CronJobs only `OnFailure` or `Never` (see the `workload/` rules).',
    upstream: `validateRestartPolicy, ${FILE}`,
    rejects: true,
    example: { invalid: snippet(`  restartPolicy: always\n${CONTAINERS}`), valid: snippet(`  restartPolicy: Always\n${CONTAINERS}`) },
    fix: caseFix,
  },
  (ctx) => enumCheck(ctx, child(ctx.pod.field, 'restartPolicy'), RESTART_POLICIES, true),
);

const DNS_POLICIES = ['ClusterFirstWithHostNet', 'ClusterFirst', 'Default', 'None'] as const;

const dnsPolicy = podRule(
  {
    id: 'pod/dns-policy',
    severity: 'error',
    title: 'dnsPolicy must be ClusterFirstWithHostNet, ClusterFirst, Default or None',
    description:
      'The pod `dnsPolicy` takes `ClusterFirst` (the default), `ClusterFirstWithHostNet`, `Default` (the node\'s resolver) or `None` (only `dnsConfig`). Values are case-sensitive.',
    upstream: `validateDNSPolicy, ${FILE}`,
    rejects: true,
    example: { invalid: snippet(`  dnsPolicy: clusterFirst\n${CONTAINERS}`), valid: snippet(`  dnsPolicy: ClusterFirst\n${CONTAINERS}`) },
    fix: caseFix,
  },
  (ctx) => enumCheck(ctx, child(ctx.pod.field, 'dnsPolicy'), DNS_POLICIES, true),
);

const dnsNoneNeedsConfig = podRule(
  {
    id: 'pod/dns-none-without-nameservers',
    severity: 'error',
    title: 'dnsPolicy None requires dnsConfig with at least one nameserver',
    description:
      'With `dnsPolicy: None` the pod gets no DNS settings from the cluster: everything comes from `dnsConfig`, which must list at least one nameserver.',
    upstream: `validatePodDNSConfig, ${FILE}`,
    rejects: true,
    example: {
      invalid: snippet(`  dnsPolicy: None\n${CONTAINERS}`),
      valid: snippet(`  dnsPolicy: None\n  dnsConfig:\n    nameservers: ["10.0.0.10"]\n${CONTAINERS}`),
    },
  },
  (ctx) => {
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
);

const dnsConfig = podRule(
  {
    id: 'pod/dns-config',
    severity: 'error',
    title: 'dnsConfig: at most 3 nameservers (IP addresses), 32 search domains, 2048 characters of searches, named options',
    description:
      'The resolver in the container (libc) uses at most three nameservers, and they must be IP addresses, not host names. Search domains must be DNS names (from 1.33 underscores are allowed), at most 32 of them and 2048 characters in all; every option needs a `name`.',
    upstream: `validatePodDNSConfig, ${FILE}`,
    rejects: true,
    example: {
      invalid: snippet(`  dnsConfig:\n    nameservers: ["dns.example.com"]\n${CONTAINERS}`),
      valid: snippet(`  dnsConfig:\n    nameservers: ["10.0.0.10"]\n${CONTAINERS}`),
    },
  },
  (ctx) => {
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
      if (s !== undefined && !isIPSloppy(s)) ctx.report({ field: n, on: 'value', ...invalid(n.path, s, IP_MSG) });
    });
    const se = child(config, 'searches');
    const searches = items(se).map((n) => goString(n));
    if (se && searches.every((s) => s !== undefined)) {
      const list = searches as string[];
      if (list.length > 32) ctx.report({ field: se, on: 'key', ...invalidRendered(se.path, renderStringList(list, ctx.version), 'must not have more than 32 search paths') });
      if (list.join(' ').length > 2048) {
        ctx.report({ field: se, on: 'key', ...invalidRendered(se.path, renderStringList(list, ctx.version), 'must not have more than 2048 characters (including spaces) in the search list') });
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
);

const activeDeadline = podRule(
  {
    id: 'pod/active-deadline-seconds',
    severity: 'error',
    title: 'activeDeadlineSeconds must be between 1 and 2147483647',
    description:
      "`activeDeadlineSeconds` bounds how long the pod may run (counted from its start, init containers included); 0 or a negative value is refused. In a Job, the Job's own `spec.activeDeadlineSeconds` is usually what is meant.",
    upstream: `ValidatePodSpec, ${FILE}`,
    rejects: true,
    example: { invalid: snippet(`  activeDeadlineSeconds: 0\n${CONTAINERS}`), valid: snippet(`  activeDeadlineSeconds: 600\n${CONTAINERS}`) },
  },
  (ctx) => {
    const f = child(ctx.pod.field, 'activeDeadlineSeconds');
    const v = num(f);
    if (f && v !== undefined && Number.isInteger(v) && (v < 1 || v > MAX_INT32)) {
      ctx.report({ field: f, on: 'value', ...invalid(f.path, v, `must be between 1 and ${MAX_INT32}, inclusive`) });
    }
  },
);

const negativeGracePeriod = podRule(
  {
    id: 'pod/negative-termination-grace-period',
    severity: 'warning',
    title: 'Negative terminationGracePeriodSeconds is treated as 1',
    description:
      'The API server accepts a negative `terminationGracePeriodSeconds` but warns and treats it as 1 second: containers are killed almost at once on shutdown. Use 0 for an immediate kill, or the number of seconds the app needs to drain (the default is 30).',
    upstream: `warningsForPodSpecAndMeta, ${WARNINGS_FILE}`,
    rejects: false,
    example: { invalid: snippet(`  terminationGracePeriodSeconds: -1\n${CONTAINERS}`), valid: snippet(`  terminationGracePeriodSeconds: 30\n${CONTAINERS}`) },
  },
  (ctx) => {
    const f = child(ctx.pod.field, 'terminationGracePeriodSeconds');
    const v = num(f);
    if (f && v !== undefined && v < 0) ctx.report({ field: f, on: 'value', message: `${f.path}: must be >= 0; negative values are invalid and will be treated as 1` });
  },
);

const preemptionPolicy = podRule(
  {
    id: 'pod/preemption-policy',
    severity: 'error',
    title: 'preemptionPolicy must be PreemptLowerPriority or Never',
    description: '`preemptionPolicy` takes `PreemptLowerPriority` (the default from the PriorityClass) or `Never`.',
    upstream: `ValidatePreemptionPolicy, ${FILE}`,
    rejects: true,
    example: { invalid: snippet(`  preemptionPolicy: never\n${CONTAINERS}`), valid: snippet(`  preemptionPolicy: Never\n${CONTAINERS}`) },
    fix: caseFix,
  },
  (ctx) => enumCheck(ctx, child(ctx.pod.field, 'preemptionPolicy'), ['PreemptLowerPriority', 'Never'], false),
);

/** A name field checked with a string format (a DNS subdomain or label). */
function nameRule(
  key: string,
  id: string,
  what: string,
  check: (value: string, version: string) => string[],
  opts: { validateEmpty?: boolean; skipStatefulSet?: boolean; description: string; upstream: string; bad: string; good: string },
): PodRule {
  return podRule(
    {
      id,
      severity: 'error',
      title: `${key} must be ${what}`,
      description: opts.description,
      upstream: `${opts.upstream}, ${FILE}`,
      rejects: true,
      example: { invalid: snippet(`  ${key}: ${opts.bad}\n${CONTAINERS}`), valid: snippet(`  ${key}: ${opts.good}\n${CONTAINERS}`) },
    },
    (ctx) => {
      // The StatefulSet controller sets hostname and subdomain itself: the API server does not check the template's.
      if (opts.skipStatefulSet && ctx.pod.kind === 'StatefulSet') return;
      const f = child(ctx.pod.field, key);
      const v = f && f.kind === 'null' ? undefined : str(f);
      if (!f || v === undefined || (v === '' && !opts.validateEmpty)) return;
      for (const m of check(v, ctx.version)) ctx.report({ field: f, on: 'value', ...invalid(f.path, v, m) });
    },
  );
}

const SUBDOMAIN_WHAT = 'a lowercase DNS subdomain';
const subdomain = (v: string): string[] => dns1123Subdomain(v);

const serviceAccountName = nameRule('serviceAccountName', 'pod/service-account-name', SUBDOMAIN_WHAT, subdomain, {
  description: 'A ServiceAccount name is a lowercase DNS subdomain: lower case letters, digits, `-` and `.`, starting and ending with a letter or digit.',
  upstream: 'ValidatePodSpec (ValidateServiceAccountName)',
  bad: 'Build_Bot',
  good: 'build-bot',
});

const nodeName = nameRule('nodeName', 'pod/node-name', SUBDOMAIN_WHAT, subdomain, {
  description: 'A node name is a lowercase DNS subdomain. Setting `nodeName` bypasses the scheduler; prefer a `nodeSelector` on `kubernetes.io/hostname`.',
  upstream: 'ValidatePodSpec (ValidateNodeName)',
  bad: 'Worker_1',
  good: 'worker-1',
});

const priorityClassName = nameRule('priorityClassName', 'pod/priority-class-name', SUBDOMAIN_WHAT, subdomain, {
  description: 'A PriorityClass name is a lowercase DNS subdomain (`system-cluster-critical`, `high-priority`).',
  upstream: 'ValidatePodSpec (ValidatePriorityClassName)',
  bad: 'HighPriority',
  good: 'high-priority',
});

const runtimeClassName = nameRule('runtimeClassName', 'pod/runtime-class-name', SUBDOMAIN_WHAT, subdomain, {
  validateEmpty: true,
  description:
    'A RuntimeClass name is a lowercase DNS subdomain. An empty string is refused too: leave the field out for the default runtime.',
  upstream: 'ValidatePodSpec (ValidateRuntimeClassName)',
  bad: 'gVisor',
  good: 'gvisor',
});

const hostname = nameRule('hostname', 'pod/hostname', 'a DNS label', dns1123Label, {
  skipStatefulSet: true,
  description:
    'The pod `hostname` is a single DNS label: lower case letters, digits and `-`, at most 63 characters, no dots (the domain part comes from `subdomain` and the namespace).',
  upstream: 'ValidatePodSpec (ValidateDNS1123Label)',
  bad: 'web.local',
  good: 'web',
});

const subdomainRule = nameRule('subdomain', 'pod/subdomain', 'a DNS label', dns1123Label, {
  skipStatefulSet: true,
  description: 'The pod `subdomain` is the name of a headless Service: a single DNS label (no dots).',
  upstream: 'ValidatePodSpec (ValidateDNS1123Label)',
  bad: 'Web_Svc',
  good: 'web-svc',
});

const hostAliases = podRule(
  {
    id: 'pod/host-aliases',
    severity: 'error',
    title: 'hostAliases need an IP address and DNS host names',
    description: 'Each `hostAliases` entry adds a line to `/etc/hosts`: `ip` must be an IP address and every host name a lowercase DNS subdomain.',
    upstream: `ValidateHostAliases, ${FILE}`,
    rejects: true,
    example: {
      invalid: snippet(`  hostAliases:\n  - ip: db.internal\n    hostnames: ["db"]\n${CONTAINERS}`),
      valid: snippet(`  hostAliases:\n  - ip: 10.0.0.5\n    hostnames: ["db.internal"]\n${CONTAINERS}`),
    },
  },
  (ctx) => {
    for (const a of items(child(ctx.pod.field, 'hostAliases'))) {
      if (a.kind !== 'map') continue;
      const ipField = child(a, 'ip');
      const ip = goString(ipField);
      if (ip !== undefined && !isIPSloppy(ip)) ctx.report({ ...at(ipField, a), ...invalid(pathOf(a, 'ip'), ip, IP_MSG) });
      for (const h of items(child(a, 'hostnames'))) {
        const v = goString(h);
        if (v === undefined) continue;
        for (const m of dns1123Subdomain(v)) ctx.report({ field: h, on: 'value', ...invalid(h.path, v, m) });
      }
    }
  },
);

const imagePullSecrets = podRule(
  {
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
  },
  (ctx) => {
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
);

const schedulingGates = podRule(
  {
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
  },
  (ctx) => {
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
);

const nodeNameWithGates = podRule(
  {
    id: 'pod/node-name-with-scheduling-gates',
    severity: 'error',
    title: 'A Pod created with nodeName cannot have schedulingGates',
    description:
      'A pod with scheduling gates waits for the scheduler, while `nodeName` bypasses it: a Pod may not be created with both (templates are not checked; their pods are).',
    upstream: `ValidatePodCreate, ${FILE}`,
    rejects: true,
    example: {
      invalid: snippet(`  nodeName: worker-1\n  schedulingGates:\n  - name: example.com/quota\n${CONTAINERS}`),
      valid: snippet(`  schedulingGates:\n  - name: example.com/quota\n${CONTAINERS}`),
    },
  },
  (ctx) => {
    if (ctx.pod.kind !== 'Pod') return;
    const nn = child(ctx.pod.field, 'nodeName');
    if (!nn || !goString(nn) || items(child(ctx.pod.field, 'schedulingGates')).length === 0) return;
    ctx.report({ field: nn, on: 'key', ...forbidden(nn.path, 'cannot be set until all schedulingGates have been cleared') });
  },
);

const shareProcessNamespace = podRule(
  {
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
  },
  (ctx) => {
    const spn = child(ctx.pod.field, 'shareProcessNamespace');
    if (bool(spn) !== true || bool(child(ctx.pod.field, 'hostPID')) !== true) return;
    // The internal API type keeps the field in the pod security context, and the path says so.
    const path = `${ctx.pod.path}.securityContext.shareProcessNamespace`;
    ctx.report({ field: spn!, on: 'value', ...invalid(path, true, 'ShareProcessNamespace and HostPID cannot both be enabled') });
  },
);

// ---- Tolerations -------------------------------------------------------------

interface Toleration {
  item: FieldNode;
  key?: string;
  keyField?: FieldNode;
  operator?: string;
  operatorField?: FieldNode;
  value?: string;
  valueField?: FieldNode;
  effect?: string;
  effectField?: FieldNode;
  seconds?: FieldNode;
}

function tolerations(ctx: PodRuleContext): Toleration[] {
  const out: Toleration[] = [];
  for (const item of items(child(ctx.pod.field, 'tolerations'))) {
    if (item.kind !== 'map') continue;
    const keyField = child(item, 'key');
    const operatorField = child(item, 'operator');
    const valueField = child(item, 'value');
    const effectField = child(item, 'effect');
    const seconds = child(item, 'tolerationSeconds');
    out.push({
      item,
      key: goString(keyField),
      keyField,
      operator: goString(operatorField),
      operatorField,
      value: goString(valueField),
      valueField,
      effect: goString(effectField),
      effectField,
      seconds: isSet(seconds) ? seconds : undefined,
    });
  }
  return out;
}

const TOLERATION = (body: string): string => snippet(`${CONTAINERS}  tolerations:\n${body}`);

function tolerationRule(def: Omit<Def, 'upstream' | 'rejects' | 'severity'>, check: (ctx: PodRuleContext, t: Toleration) => void): PodRule {
  return podRule({ ...def, severity: 'error', rejects: true, upstream: `ValidateTolerations, ${FILE}` }, (ctx) => {
    for (const t of tolerations(ctx)) check(ctx, t);
  });
}

const tolerationKey = tolerationRule(
  {
    id: 'pod/toleration-key',
    title: 'Toleration key must be a qualified name',
    description: 'A toleration `key` names a taint key: a qualified name such as `dedicated` or `node.kubernetes.io/not-ready`.',
    example: { invalid: TOLERATION('  - key: "dedicated pool"\n    operator: Exists\n'), valid: TOLERATION('  - key: dedicated-pool\n    operator: Exists\n') },
  },
  (ctx, t) => {
    if (!t.key || !t.keyField) return;
    for (const m of qualifiedName(t.key, ctx.version)) ctx.report({ field: t.keyField, on: 'value', ...invalid(t.keyField.path, t.key, m) });
  },
);

const tolerationEmptyKey = tolerationRule(
  {
    id: 'pod/toleration-empty-key',
    title: 'A toleration without key must use operator Exists',
    description:
      'A toleration with no `key` tolerates every taint, which is only expressible with `operator: Exists`. Name the taint `key`, or set `operator: Exists` (and no `value`) to tolerate everything.',
    example: { invalid: TOLERATION('  - operator: Equal\n    value: gpu\n'), valid: TOLERATION('  - key: dedicated\n    operator: Equal\n    value: gpu\n') },
  },
  (ctx, t) => {
    if (t.key !== '' || t.operator === 'Exists' || t.operator === undefined) return;
    const path = `${t.item.path}.operator`;
    ctx.report({
      ...at(t.operatorField, t.item),
      ...invalid(path, t.operator, 'operator must be Exists when `key` is empty, which means "match all values and all keys"'),
    });
  },
);

const tolerationOperator = tolerationRule(
  {
    id: 'pod/toleration-operator',
    title: 'Toleration operator must be Equal or Exists',
    description:
      'A toleration `operator` is `Equal` (the default: key and value must match) or `Exists` (any value). Values are case-sensitive. From 1.35 `Lt` and `Gt` (numeric comparison) exist behind the alpha `TaintTolerationComparisonOperators` gate, off by default: they are reported as a warning.',
    example: { invalid: TOLERATION('  - key: dedicated\n    operator: exists\n'), valid: TOLERATION('  - key: dedicated\n    operator: Exists\n') },
    fix: caseFix,
  },
  (ctx, t) => {
    const op = t.operator;
    if (op === undefined || op === '' || op === 'Equal' || op === 'Exists' || !t.operatorField) return;
    // From 1.35 the comparison operators exist behind a gate that is off by default; the list then names them.
    const comparison = (op === 'Lt' || op === 'Gt') && compareVersions(ctx.version, '1.35') >= 0;
    const supported = comparison ? ['Equal', 'Exists', 'Lt', 'Gt'] : ['Equal', 'Exists'];
    const replacement = caseMatch(op, ['Equal', 'Exists']);
    const err = notSupported(t.operatorField.path, op, supported);
    if (comparison) {
      // Refused unless the cluster enables the alpha gate: a warning, not a certain rejection.
      ctx.report({
        field: t.operatorField,
        on: 'value',
        severity: 'warning',
        message: `${err.message} (unless the TaintTolerationComparisonOperators feature gate, alpha and off by default, is enabled)`,
      });
      return;
    }
    ctx.report({ field: t.operatorField, on: 'value', ...err, data: replacement ? { replacement } : undefined });
  },
);

const tolerationValue = tolerationRule(
  {
    id: 'pod/toleration-value',
    title: 'Toleration value must be a label value',
    description:
      'With `operator: Equal` (or no operator) the toleration `value` is compared with the taint value: it must be a valid label value (63 characters, alphanumerics, `-`, `_`, `.`). The API server reports it at the `operator` path.',
    example: { invalid: TOLERATION('  - key: dedicated\n    value: "gpu nodes"\n'), valid: TOLERATION('  - key: dedicated\n    value: gpu-nodes\n') },
  },
  (ctx, t) => {
    if (t.value === undefined || (t.operator !== '' && t.operator !== 'Equal')) return;
    const errs = labelValue(t.value);
    if (errs.length) ctx.report({ ...at(t.valueField, t.item), ...invalid(`${t.item.path}.operator`, t.value, errs.join(';')) });
  },
);

const tolerationExistsWithValue = tolerationRule(
  {
    id: 'pod/toleration-exists-with-value',
    title: 'A toleration with operator Exists must not set a value',
    description:
      '`operator: Exists` matches the taint key whatever its value, so a `value` makes no sense and is refused. Drop the `value`, or use `operator: Equal` to match that value only.',
    example: {
      invalid: TOLERATION('  - key: dedicated\n    operator: Exists\n    value: gpu\n'),
      valid: TOLERATION('  - key: dedicated\n    operator: Equal\n    value: gpu\n'),
    },
  },
  (ctx, t) => {
    if (t.operator !== 'Exists' || !t.value) return;
    const path = `${t.item.path}.operator`;
    const detail = "value must be empty when `operator` is 'Exists'";
    if (compareVersions(ctx.version, '1.32') >= 0) {
      ctx.report({ ...at(t.valueField, t.item), ...invalid(path, t.value, detail) });
      return;
    }
    // Before 1.32 the whole toleration was printed (%#v of core.Toleration; a set tolerationSeconds prints as a pointer).
    const secs = t.seconds ? '(*int64)(0xc000000000)' : '(*int64)(nil)';
    const dump = `core.Toleration{Key:${JSON.stringify(t.key ?? '')}, Operator:"Exists", Value:${JSON.stringify(t.value)}, Effect:${JSON.stringify(t.effect ?? '')}, TolerationSeconds:${secs}}`;
    ctx.report({ ...at(t.valueField, t.item), ...invalidRendered(path, dump, detail) });
  },
);

const EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'] as const;

const tolerationEffect = tolerationRule(
  {
    id: 'pod/toleration-effect',
    title: 'Toleration effect must be NoSchedule, PreferNoSchedule or NoExecute',
    description: 'A toleration `effect` is `NoSchedule`, `PreferNoSchedule` or `NoExecute`; leave it out to match every effect.',
    example: { invalid: TOLERATION('  - key: dedicated\n    operator: Exists\n    effect: NoExec\n'), valid: TOLERATION('  - key: dedicated\n    operator: Exists\n    effect: NoExecute\n') },
    fix: caseFix,
  },
  (ctx, t) => {
    if (!t.effect || !t.effectField || (EFFECTS as readonly string[]).includes(t.effect)) return;
    const replacement = caseMatch(t.effect, EFFECTS);
    ctx.report({ field: t.effectField, on: 'value', ...notSupported(t.effectField.path, t.effect, EFFECTS), data: replacement ? { replacement } : undefined });
  },
);

const tolerationSeconds = tolerationRule(
  {
    id: 'pod/toleration-seconds-effect',
    title: 'tolerationSeconds requires effect NoExecute',
    description:
      '`tolerationSeconds` says how long a running pod stays on a node after a `NoExecute` taint appears. It means nothing for the other effects, and the API server refuses it unless `effect: NoExecute` is set.',
    example: {
      invalid: TOLERATION('  - key: node.kubernetes.io/unreachable\n    operator: Exists\n    tolerationSeconds: 30\n'),
      valid: TOLERATION('  - key: node.kubernetes.io/unreachable\n    operator: Exists\n    effect: NoExecute\n    tolerationSeconds: 30\n'),
    },
  },
  (ctx, t) => {
    if (!t.seconds || t.effect === 'NoExecute' || t.effect === undefined) return;
    const path = `${t.item.path}.effect`;
    ctx.report({ ...(t.effectField ? at(t.effectField, t.item) : { field: t.seconds, on: 'key' as const }), ...invalid(path, t.effect, "effect must be 'NoExecute' when `tolerationSeconds` is set") });
  },
);

// ---- Topology spread constraints --------------------------------------------

const SPREAD = (body: string): string => snippet(`${CONTAINERS}  topologySpreadConstraints:\n${body}`);

function spreadRule(def: Omit<Def, 'upstream' | 'rejects' | 'severity'>, check: (ctx: PodRuleContext, c: FieldNode, i: number, all: FieldNode[]) => void): PodRule {
  return podRule({ ...def, severity: 'error', rejects: true, upstream: `validateTopologySpreadConstraints, ${FILE}` }, (ctx) => {
    const all = items(child(ctx.pod.field, 'topologySpreadConstraints')).filter((c) => c.kind === 'map');
    all.forEach((c, i) => check(ctx, c, i, all));
  });
}

/** An int32 field: 0 when absent or null, undefined when it would not decode. */
function int32(f: FieldNode | undefined): number | undefined {
  if (!f || f.kind === 'null') return 0;
  const v = num(f);
  return v !== undefined && Number.isInteger(v) ? v : undefined;
}

const spreadMaxSkew = spreadRule(
  {
    id: 'pod/topology-spread-max-skew',
    title: 'Topology spread maxSkew must be greater than zero',
    description: '`maxSkew` (required) is how unevenly the pods may be spread across the topology domains: at least 1.',
    example: {
      invalid: SPREAD('  - topologyKey: topology.kubernetes.io/zone\n    whenUnsatisfiable: DoNotSchedule\n    labelSelector: {matchLabels: {app: web}}\n'),
      valid: SPREAD('  - maxSkew: 1\n    topologyKey: topology.kubernetes.io/zone\n    whenUnsatisfiable: DoNotSchedule\n    labelSelector: {matchLabels: {app: web}}\n'),
    },
  },
  (ctx, c) => {
    const f = child(c, 'maxSkew');
    const v = int32(f);
    if (v !== undefined && v <= 0) ctx.report({ ...at(isSet(f) ? f : undefined, c), ...invalid(`${c.path}.maxSkew`, v, 'must be greater than zero') });
  },
);

const spreadKey = spreadRule(
  {
    id: 'pod/topology-spread-key',
    title: 'Topology spread constraint needs a topologyKey',
    description: '`topologyKey` (required) is the node label that defines the domains to spread over, such as `topology.kubernetes.io/zone` or `kubernetes.io/hostname`.',
    example: {
      invalid: SPREAD('  - maxSkew: 1\n    whenUnsatisfiable: DoNotSchedule\n    labelSelector: {matchLabels: {app: web}}\n'),
      valid: SPREAD('  - maxSkew: 1\n    topologyKey: kubernetes.io/hostname\n    whenUnsatisfiable: DoNotSchedule\n    labelSelector: {matchLabels: {app: web}}\n'),
    },
  },
  (ctx, c) => {
    const f = child(c, 'topologyKey');
    if (goString(f) === '') ctx.report({ ...at(f, c), ...required(`${c.path}.topologyKey`, 'can not be empty') });
  },
);

const WHEN = ['DoNotSchedule', 'ScheduleAnyway'] as const;

const spreadWhen = spreadRule(
  {
    id: 'pod/topology-spread-when-unsatisfiable',
    title: 'whenUnsatisfiable must be DoNotSchedule or ScheduleAnyway',
    description: '`whenUnsatisfiable` (required) says what the scheduler does when the spread cannot be kept: `DoNotSchedule` (a hard constraint) or `ScheduleAnyway` (a preference).',
    example: {
      invalid: SPREAD('  - maxSkew: 1\n    topologyKey: kubernetes.io/hostname\n    labelSelector: {matchLabels: {app: web}}\n'),
      valid: SPREAD('  - maxSkew: 1\n    topologyKey: kubernetes.io/hostname\n    whenUnsatisfiable: ScheduleAnyway\n    labelSelector: {matchLabels: {app: web}}\n'),
    },
    fix: caseFix,
  },
  (ctx, c) => {
    const f = child(c, 'whenUnsatisfiable');
    const v = goString(f);
    if (v === undefined || (WHEN as readonly string[]).includes(v)) return;
    const replacement = caseMatch(v, WHEN);
    ctx.report({ ...at(f, c), ...notSupported(`${c.path}.whenUnsatisfiable`, v, WHEN), data: replacement ? { replacement } : undefined });
  },
);

const spreadDuplicate = spreadRule(
  {
    id: 'pod/topology-spread-duplicate',
    title: 'Two topology spread constraints with the same topologyKey and whenUnsatisfiable',
    description:
      'A `{topologyKey, whenUnsatisfiable}` pair identifies a constraint: two with the same pair are refused (reported on the first). Merge them, or change one.',
    example: {
      invalid: SPREAD(
        '  - maxSkew: 1\n    topologyKey: kubernetes.io/hostname\n    whenUnsatisfiable: DoNotSchedule\n    labelSelector: {matchLabels: {app: web}}\n  - maxSkew: 2\n    topologyKey: kubernetes.io/hostname\n    whenUnsatisfiable: DoNotSchedule\n    labelSelector: {matchLabels: {app: web}}\n',
      ),
    },
  },
  (ctx, c, i, all) => {
    const key = goString(child(c, 'topologyKey'));
    const when = goString(child(c, 'whenUnsatisfiable'));
    if (key === undefined || when === undefined) return;
    const later = all.slice(i + 1).some((o) => goString(child(o, 'topologyKey')) === key && goString(child(o, 'whenUnsatisfiable')) === when);
    if (later) ctx.report({ field: c, on: 'key', ...duplicate(`${c.path}.{topologyKey, whenUnsatisfiable}`, `{${key}, ${when}}`) });
  },
);

const spreadMinDomains = spreadRule(
  {
    id: 'pod/topology-spread-min-domains',
    title: 'minDomains must be positive and needs whenUnsatisfiable DoNotSchedule',
    description: '`minDomains` counts domains for a hard constraint: it must be at least 1, and only works with `whenUnsatisfiable: DoNotSchedule`.',
    example: {
      invalid: SPREAD('  - maxSkew: 1\n    minDomains: 3\n    topologyKey: topology.kubernetes.io/zone\n    whenUnsatisfiable: ScheduleAnyway\n    labelSelector: {matchLabels: {app: web}}\n'),
      valid: SPREAD('  - maxSkew: 1\n    minDomains: 3\n    topologyKey: topology.kubernetes.io/zone\n    whenUnsatisfiable: DoNotSchedule\n    labelSelector: {matchLabels: {app: web}}\n'),
    },
  },
  (ctx, c) => {
    const f = child(c, 'minDomains');
    if (!isSet(f)) return;
    const v = num(f);
    if (v === undefined || !Number.isInteger(v)) return;
    if (v <= 0) ctx.report({ field: f, on: 'value', ...invalid(f.path, v, 'must be greater than zero') });
    const when = goString(child(c, 'whenUnsatisfiable'));
    if (when !== undefined && when !== 'DoNotSchedule') {
      ctx.report({ field: f, on: 'value', ...invalid(f.path, v, `can only use minDomains if whenUnsatisfiable=DoNotSchedule, not ${when}`) });
    }
  },
);

const spreadPolicy = spreadRule(
  {
    id: 'pod/topology-spread-node-policy',
    title: 'nodeAffinityPolicy and nodeTaintsPolicy must be Honor or Ignore',
    description: '`nodeAffinityPolicy` and `nodeTaintsPolicy` say whether node affinity and taints decide which nodes count for the spread: `Honor` or `Ignore`.',
    example: {
      invalid: SPREAD('  - maxSkew: 1\n    topologyKey: kubernetes.io/hostname\n    whenUnsatisfiable: DoNotSchedule\n    nodeTaintsPolicy: honor\n    labelSelector: {matchLabels: {app: web}}\n'),
      valid: SPREAD('  - maxSkew: 1\n    topologyKey: kubernetes.io/hostname\n    whenUnsatisfiable: DoNotSchedule\n    nodeTaintsPolicy: Honor\n    labelSelector: {matchLabels: {app: web}}\n'),
    },
    fix: caseFix,
  },
  (ctx, c) => {
    for (const key of ['nodeAffinityPolicy', 'nodeTaintsPolicy']) {
      const f = child(c, key);
      if (!isSet(f)) continue;
      const v = str(f);
      if (v === undefined || v === 'Honor' || v === 'Ignore') continue;
      const replacement = caseMatch(v, ['Honor', 'Ignore']);
      ctx.report({ field: f, on: 'value', ...notSupported(f.path, v, ['Honor', 'Ignore']), data: replacement ? { replacement } : undefined });
    }
  },
);

const spreadNullSelector = podRule(
  {
    id: 'pod/topology-spread-null-selector',
    severity: 'warning',
    title: 'Topology spread constraint without labelSelector matches no pod',
    description:
      'Without `labelSelector` the constraint counts no pods, so it spreads nothing. Select the pods to spread, usually with the labels of this pod template.',
    upstream: `warningsForPodSpecAndMeta, ${WARNINGS_FILE}`,
    rejects: false,
    example: {
      invalid: SPREAD('  - maxSkew: 1\n    topologyKey: kubernetes.io/hostname\n    whenUnsatisfiable: DoNotSchedule\n'),
      valid: SPREAD('  - maxSkew: 1\n    topologyKey: kubernetes.io/hostname\n    whenUnsatisfiable: DoNotSchedule\n    labelSelector: {matchLabels: {app: web}}\n'),
    },
  },
  (ctx) => {
    for (const c of items(child(ctx.pod.field, 'topologySpreadConstraints'))) {
      if (c.kind !== 'map' || isSet(child(c, 'labelSelector'))) continue;
      ctx.report({ field: c, on: 'key', message: `${c.path}.labelSelector: a null labelSelector results in matching no pod` });
    }
  },
);

// ---- os, hostnameOverride -------------------------------------------------------

const podOS = podRule(
  {
    id: 'pod/os',
    severity: 'error',
    title: 'os.name must be linux or windows, and a linux pod has no Windows options',
    description:
      '`spec.os.name` declares the operating system the pod needs: `linux` or `windows` (lower case). With `linux`, Windows security options are refused, and the other way round.',
    upstream: `validateOS, validateLinux, ${FILE}`,
    rejects: true,
    example: { invalid: snippet(`  os:\n    name: Linux\n${CONTAINERS}`), valid: snippet(`  os:\n    name: linux\n${CONTAINERS}`) },
    fix: caseFix,
  },
  (ctx) => {
    const os = child(ctx.pod.field, 'os');
    if (!os || os.kind !== 'map') return;
    const nf = child(os, 'name');
    const name = goString(nf);
    if (name === undefined) return;
    if (name === '') {
      ctx.report({ ...at(nf, os), ...required(`${os.path}.name`) });
      return;
    }
    if (name !== 'linux' && name !== 'windows') {
      const replacement = caseMatch(name, ['linux', 'windows']);
      ctx.report({ field: nf!, on: 'value', ...notSupported(os.path, name, ['linux', 'windows']), data: replacement ? { replacement } : undefined });
      return;
    }
    if (name !== 'linux') return;
    const windowsOptions = (sc: FieldNode | undefined): FieldNode | undefined => {
      const w = child(sc, 'windowsOptions');
      return isSet(w) ? w : undefined;
    };
    const podLevel = windowsOptions(child(ctx.pod.field, 'securityContext'));
    if (podLevel) ctx.report({ field: podLevel, on: 'key', ...forbidden(podLevel.path, 'windows options cannot be set for a linux pod') });
    for (const c of ctx.pod.containers) {
      const w = windowsOptions(child(c.field, 'securityContext'));
      if (w) ctx.report({ field: w, on: 'key', ...forbidden(w.path, 'windows options cannot be set for a linux pod') });
    }
  },
);

const hostnameOverride = podRule(
  {
    id: 'pod/hostname-override',
    severity: 'error',
    title: 'hostnameOverride: a DNS subdomain of at most 64 characters, not with hostNetwork or setHostnameAsFQDN',
    description:
      '`hostnameOverride` sets the pod hostname outright. It must be a lowercase DNS subdomain of at most 64 characters, and cannot be combined with `hostNetwork: true` (the node\'s hostname) or `setHostnameAsFQDN: true`. It is validated from 1.35; in 1.34 the feature gate is off by default and the API server drops the field silently.',
    upstream: `validatePodHostName, ${FILE}`,
    since: '1.34',
    rejects: true,
    example: {
      invalid: snippet(`  hostNetwork: true\n  hostnameOverride: build-01\n${CONTAINERS}`),
      valid: snippet(`  hostnameOverride: build-01\n${CONTAINERS}`),
    },
  },
  (ctx) => {
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
);

export const podSpecRules: PodRule[] = [
  restartPolicy,
  dnsPolicy,
  dnsNoneNeedsConfig,
  dnsConfig,
  activeDeadline,
  negativeGracePeriod,
  preemptionPolicy,
  serviceAccountName,
  nodeName,
  priorityClassName,
  runtimeClassName,
  hostname,
  subdomainRule,
  hostAliases,
  imagePullSecrets,
  schedulingGates,
  nodeNameWithGates,
  shareProcessNamespace,
  tolerationKey,
  tolerationEmptyKey,
  tolerationOperator,
  tolerationValue,
  tolerationExistsWithValue,
  tolerationEffect,
  tolerationSeconds,
  spreadMaxSkew,
  spreadKey,
  spreadWhen,
  spreadDuplicate,
  spreadMinDomains,
  spreadPolicy,
  spreadNullSelector,
  podOS,
  hostnameOverride,
];
