/**
 * Resource requirements, as validateResourceRequirements
 * (pkg/apis/core/validation/validation.go) checks them for containers
 * (ValidateContainerResourceRequirements), the pod's `overhead`
 * (validateOverhead) and, from 1.34, the pod-level `resources`
 * (validatePodResources): resource names, negative and fractional values,
 * requests against limits, hugepages. Values are compared exactly, after the
 * defaults the API server applies first: every value rounded up to milli
 * units (SetDefaults_ResourceList) and, in Pods only, missing requests copied
 * from limits (SetDefaults_Pod). Messages print values as Quantity.String().
 * Values that do not parse are reported by schema/invalid-quantity. One pass
 * over the pod spec finds the problems of every rule here (as upstream walks
 * it once), cached per pod spec and release; each rule reports its own. Like
 * all of ValidatePodSpec, the rejecting ones run only where the API server
 * validates the pod spec (the engine's default); the warnings of
 * warningsForPodSpecAndMeta (pkg/api/pod/warnings.go) run on every pod spec.
 */
import type { FieldNode, PodSpecModel } from '../model';
import { child, entries, isSet, items } from '../model';
import { compareVersions } from '../api/table';
import { defineRule, type PodCheckContext, type Report } from './rule';
import { duplicate, forbidden, goQuote, invalid, notFound, notSupported, required } from './fieldErrors';
import { dns1123Label, invalidRendered, qualifiedName } from './stringFormats';
import { droppedByGate, goString, isMap, memo, reportIssues, type Issue } from './common';
import { CONTAINERS, snippet } from './examples';
import { addQuantities, apiQuantityString, compareQuantities, goQuantityDump, parseQuantity, quantityOf, roundUpToMilli, type Quantity } from '../quantity';

const FILE = 'pkg/apis/core/validation/validation.go';

// ---- Resource names (pkg/apis/core/helper) ----------------------------------

const STANDARD_CONTAINER = new Set(['cpu', 'memory', 'ephemeral-storage']);
const STANDARD = new Set([
  'cpu',
  'memory',
  'ephemeral-storage',
  'requests.cpu',
  'requests.memory',
  'requests.ephemeral-storage',
  'limits.cpu',
  'limits.memory',
  'limits.ephemeral-storage',
  'pods',
  'resourcequotas',
  'services',
  'replicationcontrollers',
  'secrets',
  'persistentvolumeclaims',
  'configmaps',
  'storage',
  'requests.storage',
  'services.nodeports',
  'services.loadbalancers',
]);
const INTEGER = new Set([
  'pods',
  'resourcequotas',
  'services',
  'replicationcontrollers',
  'secrets',
  'configmaps',
  'persistentvolumeclaims',
  'services.nodeports',
  'services.loadbalancers',
]);

const isHugePages = (n: string): boolean => n.startsWith('hugepages-');
const isNative = (n: string): boolean => !n.includes('/') || n.includes('kubernetes.io/');
const isExtended = (n: string, v: string): boolean => !isNative(n) && !n.startsWith('requests.') && qualifiedName(`requests.${n}`, v).length === 0;
const overcommitAllowed = (n: string): boolean => isNative(n) && !isHugePages(n);
const isIntegerResource = (n: string, v: string): boolean => INTEGER.has(n) || isExtended(n, v);
const isStandard = (n: string): boolean => STANDARD.has(n) || n.startsWith('hugepages-') || n.startsWith('requests.hugepages-');

/**
 * A resource name as a BadValue: a plain string (quoted, %q) up to 1.28; a
 * core.ResourceName from 1.29, printed unquoted up to 1.33; JSON from 1.34.
 */
const resourceNameValue = (n: string, version: string): string =>
  compareVersions(version, '1.34') >= 0 ? JSON.stringify(n) : compareVersions(version, '1.28') <= 0 ? goQuote(n) : n;

/** validateResourceName: a qualified name, and unprefixed names must be standard. */
function resourceNameErrors(name: string, version: string): string[] {
  const errs = qualifiedName(name, version);
  if (errs.length) return errs;
  if (!name.includes('/') && !isStandard(name)) return ['must be a standard resource type or fully qualified'];
  return [];
}

/** validateContainerResourceName. */
function containerResourceNameErrors(name: string, version: string): string[] {
  const errs = resourceNameErrors(name, version);
  if (!name.includes('/')) {
    if (!STANDARD_CONTAINER.has(name) && !isHugePages(name)) errs.push('must be a standard resource for containers');
  } else if (!isNative(name) && !isExtended(name, version)) {
    errs.push("doesn't follow extended resource name standard");
  }
  return errs;
}

// ---- Reading a ResourceRequirements block ----------------------------------------

interface Entry {
  name: string;
  q: Quantity;
  /** Where a finding about the value goes (for a request defaulted from a limit: the limit). */
  field: FieldNode;
  /** `…resources.requests[cpu]` */
  path: string;
  /** Copied from the limit by SetDefaults_Pod: findings about it are anchored on the limit. */
  defaulted?: boolean;
}

interface Block {
  /** `spec.containers[0].resources`, `spec.overhead`, `spec.resources` */
  path: string;
  anchor: FieldNode;
  limits: Entry[];
  requests: Entry[];
  names: 'container' | 'pod';
}

function readList(f: FieldNode | undefined, path: string): Entry[] {
  const out: Entry[] = [];
  for (const e of entries(f)) {
    if (e.key === undefined) continue;
    const q = quantityOf(e.value);
    if (q) out.push({ name: e.key, q, field: e, path: `${path}[${e.key}]` });
  }
  return out;
}

function containerBlock(f: FieldNode, isPod: boolean): Block | undefined {
  const res = child(f, 'resources');
  if (!res || res.kind !== 'map') return undefined;
  const path = res.path;
  const limits = readList(child(res, 'limits'), `${path}.limits`);
  const requests = readList(child(res, 'requests'), `${path}.requests`);
  if (isPod) {
    // SetDefaults_Pod: requests missing for a limited resource are copied from the limit (Pods only, not templates).
    const have = new Set(entries(child(res, 'requests')).map((e) => e.key));
    for (const l of limits) if (!have.has(l.name)) requests.push({ ...l, path: `${path}.requests[${l.name}]`, defaulted: true });
  }
  return { path, anchor: res, limits, requests, names: 'container' };
}

function blocks(pod: PodSpecModel, version: string): Block[] {
  const out: Block[] = [];
  for (const c of pod.containers) {
    // Ephemeral containers may not set resources at all (another rule says so), but validateContainerCommon
    // checks what they set like any container's; SetDefaults_Pod copies no limits into their requests.
    const b = containerBlock(c.field, pod.kind === 'Pod' && c.list !== 'ephemeralContainers');
    if (b) out.push(b);
  }
  const overhead = child(pod.field, 'overhead');
  if (overhead && overhead.kind === 'map') {
    const path = overhead.path;
    out.push({ path, anchor: overhead, limits: readList(overhead, `${path}.limits`), requests: [], names: 'container' });
  }
  const podRes = child(pod.field, 'resources');
  if (podLevelOn(version) && podRes && podRes.kind === 'map') {
    const path = podRes.path;
    const limits = readList(child(podRes, 'limits'), `${path}.limits`);
    const requests = readList(child(podRes, 'requests'), `${path}.requests`);
    if (pod.kind === 'Pod') requests.push(...defaultedPodRequests(pod, podRes, limits));
    out.push({ path, anchor: podRes, limits, requests, names: 'pod' });
  }
  return out;
}

/**
 * defaultPodRequests (SetDefaults_Pod, Pods only, while PodLevelResources is
 * on): with pod-level limits, a pod-level cpu or memory request that is not
 * set becomes the sum of the containers' requests (themselves defaulted from
 * their limits). Reproduced without init containers (whose aggregate follows
 * the sidecar formula), and only where a pod-level limit of that resource
 * exists, the one thing the default is then checked against; the request
 * defaulted from the pod-level limit itself equals it and is left out.
 */
function defaultedPodRequests(pod: PodSpecModel, podRes: FieldNode, limits: Entry[]): Entry[] {
  if (entries(child(podRes, 'limits')).length === 0 || pod.containers.some((c) => c.list === 'initContainers')) return [];
  const have = new Set(entries(child(podRes, 'requests')).map((e) => e.key));
  const ctr = pod.containers.filter((c) => c.list === 'containers').map((c) => containerBlock(c.field, true));
  const out: Entry[] = [];
  for (const name of ['cpu', 'memory']) {
    const lim = limits.find((l) => l.name === name);
    if (!lim || have.has(name)) continue;
    const parts = ctr.flatMap((b) => (b ? b.requests.filter((e) => e.name === name).map((e) => e.q) : []));
    if (parts.length === 0) continue;
    // The first addend is a copy that keeps its text; Add() drops it.
    const q = parts.length === 1 ? parts[0] : { ...sum(parts), text: undefined, suffix: parts[0].suffix };
    out.push({ name, q, field: lim.field, path: `${podRes.path}.requests[${name}]`, defaulted: true });
  }
  return out;
}

const podLevelOn = (version: string): boolean => compareVersions(version, '1.34') >= 0;

// ---- The checks, computed once per pod -------------------------------------------

/** A problem of one rule, reported where the pass found it (no rule here has a fix, so no data). */
/** A problem of one rule of this family: the shared analysis's issue shape (common.ts). */
type Problem = Issue<Record<string, undefined>>;

/** Every problem of the pod spec, computed once per release. */
const problems = memo(compute);

/** The value of a resource.Quantity printed as a BadValue (`must be an integer`): JSON from 1.34, %#v before. */
function quantityValue(q: Quantity, version: string): string {
  const s = JSON.stringify(apiQuantityString(q));
  if (compareVersions(version, '1.34') >= 0) return s;
  return goQuantityDump(q) ?? s;
}

function isIntegral(q: Quantity): boolean {
  const r = roundUpToMilli(q);
  if (r.exp10 >= 0) return true;
  return r.mantissa % 10n ** BigInt(-r.exp10) === 0n;
}

/** IsHugePageResourceValueDivisible: a non-negative whole multiple of the page size in the name. */
function hugePageDivisible(name: string, q: Quantity): boolean {
  const size = parseQuantity(name.slice('hugepages-'.length));
  if (!size || size.mantissa <= 0n || q.mantissa < 0n) return false;
  const whole = (x: Quantity): bigint => {
    // Quantity.Value(): rounded up to an integer.
    if (x.exp10 >= 0) return x.mantissa * 10n ** BigInt(x.exp10);
    const d = 10n ** BigInt(-x.exp10);
    const v = x.mantissa / d;
    return v * d === x.mantissa ? v : v + 1n;
  };
  return whole(q) % whole(size) === 0n;
}

function compute(pod: PodSpecModel, version: string): Problem[] {
  const out: Problem[] = [];
  const add = (rule: string, report: Report<undefined>): void => {
    out.push({ rule, report });
  };
  for (const b of blocks(pod, version)) {
    const limPath = `${b.path}.limits`;
    const reqPath = `${b.path}.requests`;
    const one = (e: Entry): void => {
      const nameAnchor: Pick<Report<undefined>, 'field' | 'on'> = e.defaulted ? { field: e.field, on: 'value' } : { field: e.field, on: 'key' };
      const nameErrs = b.names === 'container' ? containerResourceNameErrors(e.name, version) : resourceNameErrors(e.name, version);
      for (const m of nameErrs) add('pod/resource-name', { ...nameAnchor, ...invalidRendered(e.path, resourceNameValue(e.name, version), m) });
      if (b.names === 'pod' && nameErrs.length === 0 && !['cpu', 'memory'].includes(e.name) && !isHugePages(e.name)) {
        add('pod/pod-resources-name', { ...nameAnchor, ...notSupported(e.path, e.name, ['cpu', 'hugepages-', 'memory']) });
      }
      if (e.q.mantissa < 0n) add('pod/resource-negative', { field: e.field, on: 'value', ...invalid(e.path, apiQuantityString(e.q), 'must be greater than or equal to 0') });
      if (isIntegerResource(e.name, version) && !isIntegral(e.q)) {
        add('pod/resource-not-integer', { field: e.field, on: 'value', ...invalidRendered(e.path, quantityValue(e.q, version), 'must be an integer') });
      }
      if (isHugePages(e.name) && !hugePageDivisible(e.name, e.q)) {
        add('pod/hugepages-page-size', {
          field: e.field,
          on: 'value',
          ...invalid(e.path, apiQuantityString(e.q), `${apiQuantityString(e.q)} is not positive integer multiple of ${e.name}`),
        });
      }
    };
    for (const e of b.limits) one(e);
    for (const e of b.requests) {
      one(e);
      const lim = b.limits.find((l) => l.name === e.name);
      if (lim) {
        const cmp = compareQuantities(roundUpToMilli(e.q), roundUpToMilli(lim.q));
        const req = apiQuantityString(e.q);
        const limit = apiQuantityString(lim.q);
        if (cmp !== 0 && !overcommitAllowed(e.name)) {
          add('pod/resource-request-must-equal-limit', { field: e.field, on: 'value', ...invalid(reqPath, req, `must be equal to ${e.name} limit of ${limit}`) });
        } else if (cmp > 0) {
          add('pod/resource-request-exceeds-limit', { field: e.field, on: 'value', ...invalid(reqPath, req, `must be less than or equal to ${e.name} limit of ${limit}`) });
        }
      } else if (!overcommitAllowed(e.name)) {
        add('pod/resource-limit-required', { field: e.field, on: 'key', ...required(limPath, 'Limit must be set for non overcommitable resources') });
      }
    }
    const all = [...b.limits, ...b.requests];
    if (all.some((e) => isHugePages(e.name)) && !all.some((e) => e.name === 'cpu' || e.name === 'memory')) {
      add('pod/hugepages-without-cpu-memory', { field: b.anchor, on: 'key', ...forbidden(b.path, 'HugePages require cpu or memory') });
    }
  }
  if (podLevelOn(version)) consistency(pod, out);
  return out;
}

/** Go's Quantity.Add: the sum keeps the format of the first value and prints canonically. */
function sum(list: Quantity[]): Quantity {
  let total: Quantity = { mantissa: 0n, exp10: 0, suffix: list[0].suffix };
  for (const q of list) total = { ...addQuantities(total, roundUpToMilli(q)), suffix: list[0].suffix };
  return total;
}

/** validatePodResourceConsistency: container requests within pod requests, container limits within pod limits. */
function consistency(pod: PodSpecModel, out: Problem[]): void {
  const podRes = child(pod.field, 'resources');
  if (!podRes || podRes.kind !== 'map') return;
  const path = podRes.path;
  const podReq = readList(child(podRes, 'requests'), `${path}.requests`);
  const podLim = readList(child(podRes, 'limits'), `${path}.limits`);
  const isPod = pod.kind === 'Pod';
  const app = pod.containers.filter((c) => c.list === 'containers');
  const ctr = app.map((c) => containerBlock(c.field, isPod));
  // With init containers the aggregate follows the sidecar formula; only the plain sum is reproduced here.
  if (!pod.containers.some((c) => c.list === 'initContainers')) {
    for (const r of podReq) {
      const parts = ctr.flatMap((b) => (b ? b.requests.filter((e) => e.name === r.name).map((e) => e.q) : []));
      if (parts.length === 0) continue;
      const total = sum(parts);
      // The first addend is a copy that keeps its text; Add() drops it.
      const shown = parts.length === 1 ? apiQuantityString(parts[0]) : apiQuantityString({ ...total, text: undefined, suffix: parts[0].suffix });
      if (compareQuantities(total, roundUpToMilli(r.q)) > 0) {
        out.push({
          rule: 'pod/pod-resources-aggregate',
          report: {
            field: r.field,
            on: 'value',
            ...invalid(r.path, apiQuantityString(r.q), `must be greater than or equal to aggregate container requests of ${shown}`),
          },
        });
      }
    }
  }
  ctr.forEach((b, i) => {
    if (!b) return;
    for (const l of b.limits) {
      const p = podLim.find((x) => x.name === l.name);
      if (!p || compareQuantities(roundUpToMilli(l.q), roundUpToMilli(p.q)) <= 0) continue;
      out.push({
        rule: 'pod/pod-resources-aggregate',
        report: {
          field: l.field,
          on: 'value',
          ...invalid(`${path}.containers[${app[i].index}][${l.name}].limits`, apiQuantityString(l.q), `must be less than or equal to pod limits of ${apiQuantityString(p.q)}`),
        },
      });
    }
  });
}

// ---- The rules ---------------------------------------------------------------

/** Reports the problems of the pod spec that belong to rule `id`. */
const reportOwn = (ctx: PodCheckContext<undefined>, id: string): void => reportIssues<Record<string, undefined>, string>(ctx, problems(ctx.pod, ctx.version), id);

const POD = (resources: string): string => snippet(`${CONTAINERS}    resources:\n${resources}`);
const UPSTREAM = `validateResourceRequirements, ${FILE}`;

const resourceName = defineRule({
  id: 'pod/resource-name',
  severity: 'error',
  title: 'Resource name not allowed in limits or requests',
  description:
    'Containers may request `cpu`, `memory`, `ephemeral-storage` and `hugepages-<size>`, plus extended resources named with a domain (`nvidia.com/gpu`, `example.com/dongle`). An unprefixed name such as `gpu` or `storage`, or a quota name such as `pods`, is refused. Names under `kubernetes.io/` are reserved for Kubernetes itself.',
  upstream: `validateContainerResourceName, validateResourceName, ${FILE}`,
  rejects: true,
  example: { invalid: POD('      limits:\n        gpu: 1\n'), valid: POD('      limits:\n        nvidia.com/gpu: 1\n') },
  scope: 'pod',
  check: (ctx) => reportOwn(ctx, 'pod/resource-name'),
});

const negative = defineRule({
  id: 'pod/resource-negative',
  severity: 'error',
  title: 'Resource quantity must not be negative',
  description: 'Requests, limits and overhead are amounts: a negative value is refused.',
  upstream: `ValidateResourceQuantityValue, ${FILE}`,
  rejects: true,
  example: { invalid: POD('      requests:\n        cpu: -100m\n'), valid: POD('      requests:\n        cpu: 100m\n') },
  scope: 'pod',
  check: (ctx) => reportOwn(ctx, 'pod/resource-negative'),
});

const notInteger = defineRule({
  id: 'pod/resource-not-integer',
  severity: 'error',
  title: 'Extended resources are counted in whole units',
  description: 'Extended resources such as `nvidia.com/gpu` are whole devices: `0.5` or `500m` is refused. (GPU sharing is configured in the device plugin, not in the pod.)',
  upstream: `ValidateResourceQuantityValue, ${FILE}`,
  rejects: true,
  example: { invalid: POD('      limits:\n        nvidia.com/gpu: 0.5\n'), valid: POD('      limits:\n        nvidia.com/gpu: 1\n') },
  scope: 'pod',
  check: (ctx) => reportOwn(ctx, 'pod/resource-not-integer'),
});

const exceeds = defineRule({
  id: 'pod/resource-request-exceeds-limit',
  severity: 'error',
  title: 'Request greater than the limit',
  description:
    'A request is what the scheduler reserves, the limit what the container may use: a request above its limit is refused. Compare units carefully (`1` CPU is `1000m`, `1Gi` is 1024 `Mi`). In a Pod a missing request defaults to the limit, so only an explicit request can exceed it.',
  upstream: UPSTREAM,
  rejects: true,
  example: {
    invalid: POD('      requests:\n        cpu: "1"\n      limits:\n        cpu: 500m\n'),
    valid: POD('      requests:\n        cpu: 250m\n      limits:\n        cpu: 500m\n'),
  },
  scope: 'pod',
  check: (ctx) => reportOwn(ctx, 'pod/resource-request-exceeds-limit'),
});

const mustEqual = defineRule({
  id: 'pod/resource-request-must-equal-limit',
  severity: 'error',
  title: 'Extended resources and hugepages need request equal to limit',
  description:
    'Extended resources (`nvidia.com/gpu`) and hugepages cannot be overcommitted: when both are given, the request must equal the limit. Usually it is simplest to set only the limit.',
  upstream: UPSTREAM,
  rejects: true,
  example: {
    invalid: POD('      requests:\n        nvidia.com/gpu: 2\n      limits:\n        nvidia.com/gpu: 1\n'),
    valid: POD('      limits:\n        nvidia.com/gpu: 1\n'),
  },
  scope: 'pod',
  check: (ctx) => reportOwn(ctx, 'pod/resource-request-must-equal-limit'),
});

const limitRequired = defineRule({
  id: 'pod/resource-limit-required',
  severity: 'error',
  title: 'Extended resources and hugepages requested without a limit',
  description:
    'A request for an extended resource (`nvidia.com/gpu`) or hugepages needs a limit of the same amount; the request alone is refused. Set the limit (a Pod then defaults the request to it).',
  upstream: UPSTREAM,
  rejects: true,
  example: {
    invalid: POD('      requests:\n        nvidia.com/gpu: 1\n'),
    valid: POD('      limits:\n        nvidia.com/gpu: 1\n'),
  },
  scope: 'pod',
  check: (ctx) => reportOwn(ctx, 'pod/resource-limit-required'),
});

const hugePagesNeedCpu = defineRule({
  id: 'pod/hugepages-without-cpu-memory',
  severity: 'error',
  title: 'HugePages require a cpu or memory request or limit',
  description: 'A container (or the pod overhead) that asks for hugepages must also set `cpu` or `memory` in its requests or limits.',
  upstream: UPSTREAM,
  rejects: true,
  example: {
    invalid: POD('      limits:\n        hugepages-2Mi: 100Mi\n'),
    valid: POD('      limits:\n        hugepages-2Mi: 100Mi\n        memory: 100Mi\n'),
  },
  scope: 'pod',
  check: (ctx) => reportOwn(ctx, 'pod/hugepages-without-cpu-memory'),
});

const hugePageSize = defineRule({
  id: 'pod/hugepages-page-size',
  severity: 'error',
  title: 'Hugepages amount must be a whole number of pages',
  description: 'A `hugepages-<size>` amount is a whole number of pages of that size: `hugepages-2Mi: 3Mi` is refused, `4Mi` is two pages.',
  upstream: `validateResourceQuantityHugePageValue, ${FILE}`,
  rejects: true,
  example: {
    invalid: POD('      limits:\n        hugepages-2Mi: 3Mi\n        memory: 100Mi\n'),
    valid: POD('      limits:\n        hugepages-2Mi: 4Mi\n        memory: 100Mi\n'),
  },
  scope: 'pod',
  check: (ctx) => reportOwn(ctx, 'pod/hugepages-page-size'),
});

const podLevelName = defineRule({
  id: 'pod/pod-resources-name',
  severity: 'error',
  title: 'Pod-level resources support only cpu, memory and hugepages',
  description:
    'The pod-level `spec.resources` (from 1.34) takes `cpu`, `memory` and `hugepages-<size>`; other resources, such as `ephemeral-storage` or extended resources, stay on the containers.',
  upstream: `validatePodResourceName, ${FILE}`,
  rejects: true,
  applies: { since: '1.34' },
  example: {
    invalid: snippet(`  resources:\n    limits:\n      nvidia.com/gpu: 1\n${CONTAINERS}`),
    valid: snippet(`  resources:\n    limits:\n      cpu: "2"\n${CONTAINERS}`),
  },
  scope: 'pod',
  check: (ctx) => reportOwn(ctx, 'pod/pod-resources-name'),
});

const podLevelAggregate = defineRule({
  id: 'pod/pod-resources-aggregate',
  severity: 'error',
  title: 'Container resources exceed the pod-level resources',
  description:
    'With pod-level `spec.resources`, the containers share the pod budget: the sum of the container requests may not exceed the pod request, and no container limit may exceed the pod limit.',
  upstream: `validatePodResourceConsistency, ${FILE}`,
  rejects: true,
  applies: { since: '1.34' },
  example: {
    invalid: snippet(`  resources:\n    limits:\n      cpu: "1"\n${CONTAINERS}    resources:\n      limits:\n        cpu: "2"\n`),
    valid: snippet(`  resources:\n    limits:\n      cpu: "2"\n${CONTAINERS}    resources:\n      limits:\n        cpu: "1"\n`),
  },
  scope: 'pod',
  check: (ctx) => reportOwn(ctx, 'pod/pod-resources-aggregate'),
});

const podLevelGated = defineRule({
  id: 'pod/pod-resources-gated',
  severity: 'warning',
  title: 'Pod-level resources are dropped before 1.34',
  description:
    'The pod-level `spec.resources` field exists from 1.32 behind the `PodLevelResources` feature gate, off by default until 1.34: the API server then drops the field silently, and only the container resources apply.',
  applies: { since: '1.32', until: '1.33' },
  scope: 'pod',
  check(ctx) {
    const f = child(ctx.pod.field, 'resources');
    if (isSet(f)) {
      ctx.report({ field: f, on: 'key', message: droppedByGate(f.path, 'PodLevelResources', ctx.version, '1.34') });
    }
  },
});

/** warningsForPodSpecAndMeta: memory and ephemeral-storage below one byte. */
const fractionalBytes = defineRule({
  id: 'pod/fractional-byte-value',
  severity: 'warning',
  title: 'Memory or ephemeral-storage with a fraction of a byte',
  description:
    'Memory and ephemeral storage are counted in bytes. `m` means milli, so `memory: 512m` is half a byte, not 512 megabytes: write `512Mi` (or `512M`). The API server accepts it with a warning.',
  upstream: 'warningsForPodSpecAndMeta, pkg/api/pod/warnings.go',
  example: { invalid: POD('      limits:\n        memory: 512m\n'), valid: POD('      limits:\n        memory: 512Mi\n') },
  scope: 'pod',
  check(ctx) {
    // Warnings are computed for every pod template, StatefulSets before 1.34 included.
    const lists: Entry[] = [];
    for (const c of ctx.pod.containers) {
      const b = containerBlock(c.field, ctx.pod.kind === 'Pod');
      if (b) lists.push(...b.limits, ...b.requests);
    }
    const overhead = child(ctx.pod.field, 'overhead');
    for (const e of readList(overhead, overhead?.path ?? '')) lists.push(e);
    for (const e of lists) {
      if (e.name !== 'memory' && e.name !== 'ephemeral-storage') continue;
      if (isIntegral(e.q)) continue;
      ctx.report({ field: e.field, on: 'value', message: `${e.path}: fractional byte value ${JSON.stringify(apiQuantityString(e.q))} is invalid, must be an integer` });
    }
  },
});


/** validateResourceClaimNames: a container's `resources.claims` name claims of `spec.resourceClaims`, each once. */
const resourceClaims = defineRule({
  id: 'pod/container-resource-claims',
  severity: 'error',
  title: "A container's resources.claims must name claims of spec.resourceClaims, once each",
  description:
    "Each entry of a container's `resources.claims` names one of the pod's `spec.resourceClaims` (and optionally one `request` of it, a DNS label); a name may not be empty, repeated, or listed both alone and with a request. The pod-level `resources` (1.34+) may not have `claims` at all. Before 1.34 the DynamicResourceAllocation feature gate is off by default and the API server drops `resources.claims` silently.",
  upstream: `validateResourceClaimNames, validatePodResources, ${FILE}; dropDisabledDynamicResourceAllocationFields, pkg/api/pod/util.go`,
  rejects: true,
  example: {
    invalid: POD('      claims:\n      - name: gpu\n'),
    valid: snippet(`  resourceClaims:\n  - name: gpu\n    resourceClaimTemplateName: gpu-template\n${CONTAINERS}    resources:\n      claims:\n      - name: gpu\n`),
  },
  scope: 'pod',
  check(ctx) {
    const gateOn = compareVersions(ctx.version, '1.34') >= 0;
    // gatherPodResourceClaimNames: every non-empty name.
    const podClaims = new Set<string>();
    for (const pc of items(child(ctx.pod.field, 'resourceClaims'))) {
      const n = goString(child(pc, 'name'));
      if (n) podClaims.add(n);
    }
    const known = [...podClaims].sort();
    const check = (claims: FieldNode): void => {
      const names = new Set<string>();
      items(claims).forEach((claim, i) => {
        if (claim.kind !== 'map' && claim.kind !== 'null') return;
        const path = `${claims.path}[${i}]`;
        const name = goString(child(claim, 'name'));
        const request = goString(child(claim, 'request'));
        if (name === undefined || request === undefined) return; // wrong types: decoding fails first
        if (name === '') {
          ctx.report({ field: child(claim, 'name') ?? claim, on: child(claim, 'name') ? 'value' : 'entry', ...required(path) });
          return;
        }
        const nameField = child(claim, 'name')!;
        if (names.has(name)) ctx.report({ field: nameField, on: 'value', ...duplicate(path, name) });
        else {
          let key = name;
          if (request !== '') {
            const rf = child(claim, 'request')!;
            for (const m of dns1123Label(request)) ctx.report({ field: rf, on: 'value', ...invalid(`${path}.request`, request, m) });
            key += `/${request}`;
          }
          if (names.has(key)) ctx.report({ field: nameField, on: 'value', ...duplicate(path, key) });
          else if (request === '') {
            for (const k of names) {
              const slash = k.indexOf('/');
              if (slash >= 0 && k.slice(0, slash) === name) ctx.report({ field: nameField, on: 'value', ...duplicate(path, name) });
            }
          }
          names.add(key);
        }
        if (!podClaims.has(name)) {
          const detail = `must be one of the names in pod.spec.resourceClaims${known.length === 0 ? ' which is empty' : `: ${known.join(', ')}`}`;
          ctx.report({ field: nameField, on: 'value', ...notFound(path, name, detail) });
        }
      });
    };
    for (const c of ctx.pod.containers) {
      const res = child(c.field, 'resources');
      const claims = child(isMap(res) ? res : undefined, 'claims');
      if (!isSet(claims)) continue;
      if (!gateOn) {
        if (items(claims).length > 0) ctx.report({ field: claims, on: 'key', severity: 'warning', message: droppedByGate(claims.path, 'DynamicResourceAllocation', ctx.version, '1.34') });
        continue;
      }
      check(claims);
    }
    // validatePodResources (1.34+, PodLevelResources and DynamicResourceAllocation on): pod-level claims are refused,
    // then checked like a container's. A Windows pod's pod-level resources are refused whole (pod/windows-pod-field).
    const podRes = child(ctx.pod.field, 'resources');
    const podLevel = child(isMap(podRes) ? podRes : undefined, 'claims');
    if (gateOn && isSet(podLevel) && goString(child(child(ctx.pod.field, 'os'), 'name')) !== 'windows') {
      ctx.report({ field: podLevel, on: 'key', ...forbidden(podLevel.path, 'claims may not be set for Resources at pod-level') });
      check(podLevel);
    }
  },
});

export const resourceRules = [
  resourceName,
  negative,
  notInteger,
  exceeds,
  mustEqual,
  limitRequired,
  hugePagesNeedCpu,
  hugePageSize,
  fractionalBytes,
  podLevelGated,
  podLevelName,
  podLevelAggregate,
  resourceClaims,
];
