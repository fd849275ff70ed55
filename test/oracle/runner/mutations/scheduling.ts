/**
 * The scheduling area of the case generator: everything that decides where a pod may run
 * (affinity, topology spread constraints, tolerations, nodeSelector, readiness and scheduling
 * gates, priority, nodeName, schedulerName), and the pod's resource claims, host aliases and DNS
 * configuration.
 *
 * - `enrich` puts a valid, fully populated scheduling part into the pod spec of a base, so
 *   that every field of these types is present for the mutations (and their removal).
 * - `mutate` picks a field site of the area from the API table (every field under the area's
 *   pod spec fields, at any depth) and sets a value chosen by the field's role: label keys for
 *   the fields that hold one, label values, operators of every selector type, weights, names;
 *   fields without a role get the generic values of their type (mutate.ts). Relational draws
 *   copy a label key that the object already uses into another key field, so that the checks
 *   of one field against another (a key named in both matchLabelKeys and the selector) are met.
 */
import { compareVersions, enumValues, getField } from '../../../../server/src/analysis/api/table';
import { POD_SPEC_PATHS } from '../../../../server/src/analysis/knowledge/kinds';
import type { Obj } from '../bases';
import { INT32_MAX, getAt, setAt, valuesFor, type FieldSite, type Mutation, type Segment } from '../mutate';
import type { Random } from '../random';
import type { AreaModule } from './types';

/** The pod spec fields of the area: a field site belongs to it when its path goes through one. */
const ROOTS = new Set([
  'affinity',
  'topologySpreadConstraints',
  'tolerations',
  'nodeSelector',
  'readinessGates',
  'schedulingGates',
  'priority',
  'priorityClassName',
  'preemptionPolicy',
  'schedulerName',
  'nodeName',
  'resourceClaims',
  'hostAliases',
  'dnsConfig',
]);

const LONG = (n: number, c = 'a'): string => c.repeat(n);

/** Label keys (qualified names): valid ones, each way one can fail, and keys the bases use. */
const LABEL_KEYS = [
  'app',
  'tier',
  'kubernetes.io/hostname',
  'topology.kubernetes.io/zone',
  'example.com/key',
  'pod-template-hash',
  '',
  'a b',
  'a/b/c',
  '/name',
  'example.com/',
  'Example.COM/key',
  '-app',
  'app-',
  'a_b.c-d',
  'UPPER',
  LONG(63),
  LONG(64),
  `${LONG(250, 'p')}.com/key`,
  'ключ',
  'metadata.name',
];

/** Label values: valid ones (also empty) and each way one can fail. */
const LABEL_VALUES = ['web', 'fe', '', 'a b', '-web', 'web-', 'a.b_c-d', 'Worker_1', 'worker-1', LONG(63), LONG(64), '1', 'é', 'a/b'];

/** Names checked as DNS labels or subdomains (namespaces, node names, class names). */
const NAMES = ['default', 'kube-system', 'worker-1', 'Team-A', 'a.b', 'a_b', '', '-a', LONG(63), LONG(64), `${LONG(250)}.com`, 'system-node-critical'];

/** IP addresses: valid ones, and those each release's legacy IP validation treats differently. */
const IPS = ['10.0.0.10', '2001:db8::1', '010.0.0.1', '::ffff:10.0.0.2', '::ffff:c0a8:0105', '1.2.3', 'db.internal', '', '0.0.0.0', 'fe80::1%eth0'];

/** Every operator of the selector types the area has, from the API table, with case variants and strangers. */
function operators(version: string): string[] {
  const out = new Set<string>(['', 'Equals', 'in', 'exists', 'NOTIN', 'Gt', 'Lt']);
  for (const [type, field] of [
    ['V1LabelSelectorRequirement', 'operator'],
    ['V1NodeSelectorRequirement', 'operator'],
    ['V1Toleration', 'operator'],
  ]) {
    const def = getField(type, field);
    for (const v of (def ? enumValues(def, version) : undefined) ?? []) out.add(v);
  }
  return [...out];
}

/** A label map drawn from the pools: mostly valid entries, now and then a bad key or value. */
function labelMap(rnd: Random): Record<string, string> {
  const out: Record<string, string> = {};
  const n = 1 + rnd.int(3);
  for (let i = 0; i < n; i++) out[rnd.chance(0.6) ? rnd.pick(['app', 'tier', 'example.com/key']) : rnd.pick(LABEL_KEYS)] = rnd.chance(0.6) ? 'web' : rnd.pick(LABEL_VALUES);
  return out;
}

/** A string list drawn from a pool (possibly empty, possibly with a repeat). */
function stringList(pool: readonly string[], rnd: Random): string[] {
  const n = rnd.int(4);
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push(rnd.chance(0.2) && out.length ? out[out.length - 1] : rnd.pick(pool));
  return out;
}

/**
 * Values for a field of the area by its role (its name, and the element type of lists and
 * maps); undefined when the field has no role and takes the generic values of its type.
 */
function roleValues(site: FieldSite, version: string, rnd: Random): unknown[] | undefined {
  const name = String(site.path[site.path.length - 1]);
  const t = site.def.type;
  const list = t.kind === 'array' && t.items?.kind === 'string';
  switch (name) {
    case 'key':
    case 'topologyKey':
    case 'conditionType':
      return LABEL_KEYS;
    case 'name':
      // A scheduling gate's name is a qualified name; a resource claim's a DNS label.
      if (site.owner === 'V1PodSchedulingGate') return LABEL_KEYS;
      return site.owner === 'V1PodResourceClaim' ? NAMES : undefined;
    case 'resourceClaimName':
    case 'resourceClaimTemplateName':
      return [...NAMES, null];
    case 'ip':
      return IPS;
    case 'nameservers':
      return list ? [[], [rnd.pick(IPS)], stringList(IPS, rnd), ['10.0.0.1', '10.0.0.2', '10.0.0.3', '10.0.0.4'], null] : undefined;
    case 'hostnames':
    case 'searches':
      return list ? [[], [rnd.pick(NAMES)], stringList(NAMES, rnd), null] : undefined;
    case 'matchLabelKeys':
    case 'mismatchLabelKeys':
      return list ? [[], ['app'], ['app', 'tier'], ['app', 'app'], [rnd.pick(LABEL_KEYS)], stringList(LABEL_KEYS, rnd), null] : undefined;
    case 'values':
      return list ? [[], ['web'], ['1'], ['web', 'fe'], [rnd.pick(LABEL_VALUES)], [rnd.pick(NAMES)], stringList(LABEL_VALUES, rnd), null] : undefined;
    case 'value':
      return LABEL_VALUES;
    case 'operator':
      return operators(version);
    case 'weight':
      return [0, 1, 50, 100, 101, -1, INT32_MAX];
    case 'namespaces':
      return [[], ['default'], stringList(NAMES, rnd), [rnd.pick(NAMES)], null];
    case 'matchLabels':
    case 'nodeSelector':
      return [{}, labelMap(rnd), { [rnd.pick(LABEL_KEYS)]: rnd.pick(LABEL_VALUES) }, null];
    case 'nodeName':
    case 'priorityClassName':
    case 'schedulerName':
      return NAMES;
    case 'priority':
      return [0, 1000, -1, 2000000000, 2000001000, INT32_MAX];
    case 'maxSkew':
    case 'minDomains':
      return [0, 1, 2, -1];
    default:
      return undefined;
  }
}

/** The pod spec of an object of `kind`, created when absent. */
function podSpecOf(obj: Obj, kind: string): Obj | undefined {
  const path = POD_SPEC_PATHS[kind];
  if (!path) return undefined;
  let cur: Obj = obj;
  for (const seg of path) {
    const next = cur[seg];
    if (next === null || typeof next !== 'object' || Array.isArray(next)) cur[seg] = {};
    cur = cur[seg] as Obj;
  }
  return cur;
}

/** A valid scheduling part for a pod spec: every type of the area present, accepted by every release it exists in. */
function schedulingPart(version: string, rnd: Random): Obj {
  const selector = (): Obj => ({ matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['fe', 'be'] }] });
  const term = (): Obj => {
    const t: Obj = { topologyKey: rnd.pick(['kubernetes.io/hostname', 'topology.kubernetes.io/zone']), labelSelector: selector() };
    if (rnd.chance(0.5)) t.namespaceSelector = { matchExpressions: [{ key: 'team', operator: 'Exists' }] };
    if (rnd.chance(0.5)) t.namespaces = ['default'];
    // The fields exist from 1.29 (getField knows when): only where the newest release of the run has them.
    if (rnd.chance(0.5) && known('V1PodAffinityTerm', 'matchLabelKeys', version)) {
      t.matchLabelKeys = ['pod-template-hash'];
      t.mismatchLabelKeys = ['example.com/tenant'];
    }
    return t;
  };
  const nodeTerm = (): Obj => ({
    matchExpressions: [
      { key: 'kubernetes.io/arch', operator: 'In', values: ['amd64', 'arm64'] },
      { key: 'example.com/cores', operator: 'Gt', values: ['4'] },
    ],
    ...(rnd.chance(0.5) ? { matchFields: [{ key: 'metadata.name', operator: 'NotIn', values: ['worker-9'] }] } : {}),
  });
  const part: Obj = {
    affinity: {
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [nodeTerm()] },
        preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 20, preference: nodeTerm() }],
      },
      podAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: [term()],
        preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, podAffinityTerm: term() }],
      },
      podAntiAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: [term()],
        preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 1, podAffinityTerm: term() }],
      },
    },
    topologySpreadConstraints: [
      {
        maxSkew: 1,
        topologyKey: 'topology.kubernetes.io/zone',
        whenUnsatisfiable: 'DoNotSchedule',
        labelSelector: selector(),
        ...(rnd.chance(0.5) ? { matchLabelKeys: ['pod-template-hash'] } : {}),
        ...(rnd.chance(0.5) ? { minDomains: 2 } : {}),
      },
    ],
    tolerations: [
      { key: 'dedicated', operator: 'Equal', value: 'web', effect: 'NoSchedule' },
      { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 60 },
    ],
    nodeSelector: { 'kubernetes.io/os': 'linux' },
    readinessGates: [{ conditionType: 'example.com/lb-ready' }],
  };
  if (known('V1PodResourceClaim', 'resourceClaimTemplateName', version)) {
    part.resourceClaims = [{ name: 'gpu', resourceClaimTemplateName: 'single-gpu' }, { name: 'shared', resourceClaimName: 'shared-gpu' }];
  }
  part.hostAliases = [{ ip: '10.0.0.5', hostnames: ['db.internal', 'cache'] }];
  part.dnsConfig = { nameservers: ['10.0.0.10'], searches: ['svc.cluster.local'], options: [{ name: 'ndots', value: '2' }] };
  if (rnd.chance(0.3)) part.priorityClassName = 'system-cluster-critical';
  if (rnd.chance(0.3)) part.schedulerName = 'default-scheduler';
  return part;
}

function known(type: string, field: string, version: string): boolean {
  const def = getField(type, field);
  return !!def && (!def.since || compareVersions(version, def.since) >= 0);
}

/** The area's field sites of a kind: those whose path goes through one of the area's pod spec fields. */
const areaSites = new WeakMap<FieldSite[], FieldSite[]>();
function sitesOf(sites: FieldSite[]): FieldSite[] {
  let s = areaSites.get(sites);
  if (!s) areaSites.set(sites, (s = sites.filter((x) => x.path.some((seg) => typeof seg === 'string' && ROOTS.has(seg)))));
  return s;
}

/** The label keys the object uses (its labels, its template's, the selectors of its area), to copy into key fields. */
function usedLabelKeys(obj: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(obj)) obj.forEach((v) => usedLabelKeys(v, out));
  else if (obj && typeof obj === 'object') {
    for (const [k, v] of Object.entries(obj as Obj)) {
      if ((k === 'labels' || k === 'matchLabels') && v && typeof v === 'object' && !Array.isArray(v)) Object.keys(v).forEach((x) => out.add(x));
      if (k === 'key' && typeof v === 'string') out.add(v);
      usedLabelKeys(v, out);
    }
  }
  return out;
}

const clone = <T>(v: T): T => (v === undefined ? v : (JSON.parse(JSON.stringify(v)) as T));

export const scheduling: AreaModule = {
  name: 'scheduling',
  enrich(obj, kind, version, rnd) {
    const spec = podSpecOf(obj, kind);
    if (!spec) return;
    const part = schedulingPart(version, rnd);
    // Some of it, not always all: the rest of the pod spec is mutated too.
    for (const [k, v] of Object.entries(part)) if (rnd.chance(0.75)) spec[k] = v;
  },
  mutate(obj, kind, sites, version, rnd): Mutation | undefined {
    const mine = sitesOf(sites);
    if (!mine.length) return undefined;
    // Prefer fields whose parent is present (the enriched part), as the generic mutations do.
    let site = rnd.pick(mine);
    for (let tries = 0; tries < 6 && getAt(obj, site.path.slice(0, -1)) === undefined; tries++) site = rnd.pick(mine);
    const name = String(site.path[site.path.length - 1]);
    const keyField = ['key', 'topologyKey', 'matchLabelKeys', 'mismatchLabelKeys'].includes(name);
    if (keyField && rnd.chance(0.35)) {
      // A key the object already uses, so that checks of one field against another are met.
      const used = [...usedLabelKeys(obj)];
      if (used.length) {
        const k = rnd.pick(used);
        const value = name.endsWith('LabelKeys') ? [k] : k;
        setAt(obj, site.path as Segment[], value);
        return { kind: 'set', path: site.path, value };
      }
    }
    const pool = roleValues(site, version, rnd) ?? valuesFor(site, version, rnd);
    const value = clone(rnd.pick(pool));
    setAt(obj, site.path as Segment[], value);
    return { kind: 'set', path: site.path, value };
  },
};
