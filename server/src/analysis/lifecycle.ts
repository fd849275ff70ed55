/**
 * What the kubelet and the scheduler will do with a pod: each container's
 * role, the startup and shutdown sequence, the STATUS `kubectl get pod`
 * shows on the way, what a failure does under the pod's restartPolicy, and
 * the pod's effective resource requests and limits (init containers and
 * native sidecars included, as the scheduler computes them).
 */
import type { ContainerModel, FieldNode, PodSpecModel } from './model';
import { child, entries, str } from './model';
import { addQuantities, compareQuantities, formatQuantity, quantityOf, type Quantity } from './quantity';
import { mdCode } from './markdown';

export type PodRestartPolicy = 'Always' | 'OnFailure' | 'Never';

/** The pod's restartPolicy, with the default the API server applies. */
export function podRestartPolicy(pod: PodSpecModel): PodRestartPolicy {
  const v = str(child(pod.field, 'restartPolicy'));
  return v === 'OnFailure' || v === 'Never' ? v : 'Always';
}

export interface InitStep {
  container: ContainerModel;
  /** 1-based position among the init containers. */
  position: number;
  sidecar: boolean;
  /** The sidecars already running when this step starts. */
  runningSidecars: ContainerModel[];
  hasStartupProbe: boolean;
}

export interface Lifecycle {
  pod: PodSpecModel;
  init: InitStep[];
  sidecars: ContainerModel[];
  apps: ContainerModel[];
  ephemeral: ContainerModel[];
  restartPolicy: PodRestartPolicy;
  /** Is this pod run by a Job (its completion depends on the app containers)? */
  job: boolean;
}

export function lifecycleOf(pod: PodSpecModel): Lifecycle {
  const initContainers = pod.containers.filter((c) => c.list === 'initContainers');
  const running: ContainerModel[] = [];
  const init: InitStep[] = initContainers.map((c, i) => {
    const step: InitStep = {
      container: c,
      position: i + 1,
      sidecar: c.role === 'sidecar',
      runningSidecars: [...running],
      hasStartupProbe: !!child(c.field, 'startupProbe'),
    };
    if (c.role === 'sidecar') running.push(c);
    return step;
  });
  return {
    pod,
    init,
    sidecars: running,
    apps: pod.containers.filter((c) => c.list === 'containers'),
    ephemeral: pod.containers.filter((c) => c.list === 'ephemeralContainers'),
    restartPolicy: podRestartPolicy(pod),
    job: pod.kind === 'Job' || pod.kind === 'CronJob',
  };
}

/** A container in markdown (hovers): its name as a code span that holds it exactly (markdown.ts). */
const label = (c: ContainerModel): string => mdCode(c.name ?? `${c.list}[${c.index}]`);

/** The STATUS column of `kubectl get pod` while the pod starts. */
export function initStatuses(l: Lifecycle): string[] {
  const n = l.init.length;
  if (n === 0) return ['`ContainerCreating`, then `Running`'];
  const out = [n === 1 ? '`Init:0/1` while the init container runs' : `\`Init:0/${n}\` … \`Init:${n - 1}/${n}\` while init containers run`];
  out.push('`Init:Error` when an init container exits non-zero');
  if (l.restartPolicy !== 'Never') out.push('`Init:CrashLoopBackOff` when it keeps failing (restarted with back-off)');
  out.push('`PodInitializing` once all have succeeded (or started, for sidecars), then `Running`');
  return out;
}

/** What happens when a regular init container fails, under the pod's restartPolicy. */
export function initFailure(l: Lifecycle): string {
  if (l.restartPolicy === 'Never')
    return 'the pod fails (`restartPolicy: Never`): init containers are not retried' + (l.job ? '; the Job may create a new pod, up to `backoffLimit`' : '');
  return `the kubelet restarts it with exponential back-off (\`restartPolicy: ${l.restartPolicy}\`) until it succeeds`;
}

/** Ordered startup lines, as markdown list items. */
export function startupSequence(l: Lifecycle): string[] {
  const lines: string[] = [];
  for (const s of l.init) {
    const c = s.container;
    if (s.sidecar) {
      lines.push(
        `${s.position}. ${label(c)}: native sidecar: starts, and the next step waits only until it has ${s.hasStartupProbe ? 'passed its `startupProbe`' : 'started (no `startupProbe`)'}; it keeps running`,
      );
    } else {
      const wait = s.position === 1 ? 'runs first' : `starts after step ${s.position - 1} ${l.init[s.position - 2].sidecar ? 'has started' : 'has succeeded'}`;
      lines.push(`${s.position}. ${label(c)}: init container: ${wait}, must exit 0`);
    }
  }
  if (l.apps.length) {
    lines.push(`${l.init.length + 1}. ${l.apps.map(label).join(', ')}: app container${l.apps.length > 1 ? 's start together' : ' starts'} once every init step is done`);
  }
  return lines;
}

/** Shutdown order: app containers first, then sidecars in reverse start order. */
export function shutdownSequence(l: Lifecycle): string[] {
  const lines: string[] = [];
  if (l.apps.length) lines.push(`${l.apps.map(label).join(', ')} receive SIGTERM (preStop hooks run first)`);
  const rev = [...l.sidecars].reverse();
  if (rev.length) lines.push(`then the sidecars, in reverse order: ${rev.map(label).join(', ')}`);
  return lines;
}

// ---- Effective resources ---------------------------------------------------

export type ResourceMap = Map<string, Quantity>;

export interface ContainerResources {
  requests: ResourceMap;
  limits: ResourceMap;
}

function readMap(f: FieldNode | undefined): ResourceMap {
  const out: ResourceMap = new Map();
  for (const e of entries(f)) {
    const q = quantityOf(e.value);
    if (e.key && q) out.set(e.key, q);
  }
  return out;
}

/** A container's requests and limits, with requests defaulted from limits as the API server does. */
export function containerResources(c: ContainerModel): ContainerResources {
  const res = child(c.field, 'resources');
  const limits = readMap(child(res, 'limits'));
  const requests = readMap(child(res, 'requests'));
  for (const [k, v] of limits) if (!requests.has(k)) requests.set(k, v);
  return { requests, limits };
}

function addInto(target: ResourceMap, src: ResourceMap): void {
  for (const [k, v] of src) target.set(k, target.has(k) ? addQuantities(target.get(k)!, v) : v);
}


export interface EffectiveResources {
  requests: ResourceMap;
  limits: ResourceMap;
  /** Resources some container leaves unlimited: the pod has no effective limit for them. */
  unlimited: Map<string, string[]>;
  /** Which term decided each request: 'init:<name>' or 'containers'. */
  requestSource: Map<string, string>;
  /** Pod-level `spec.resources` was set and decides. */
  podLevel: boolean;
  overhead: ResourceMap;
}

/**
 * The scheduler's view (k8s.io/component-helpers resource.PodRequests): for
 * each init step, its own value plus the sidecars already running; the pod
 * needs the larger of the biggest init step and the sum of app containers
 * and all sidecars; pod overhead is added; pod-level resources win where set.
 */
export function effectiveResources(pod: PodSpecModel): EffectiveResources {
  const l = lifecycleOf(pod);
  const compute = (which: 'requests' | 'limits'): { total: ResourceMap; source: Map<string, string> } => {
    const sidecarSum: ResourceMap = new Map();
    const initMax: ResourceMap = new Map();
    const source = new Map<string, string>();
    for (const s of l.init) {
      const own = containerResources(s.container)[which];
      if (s.sidecar) {
        addInto(sidecarSum, own);
        const cum = new Map(sidecarSum);
        for (const [k, v] of cum) {
          if (!initMax.has(k) || compareQuantities(v, initMax.get(k)!) > 0) {
            initMax.set(k, v);
            source.set(k, `sidecars up to ${label(s.container)}`);
          }
        }
      } else {
        const step = new Map(own);
        addInto(step, sidecarSum);
        for (const [k, v] of step) {
          if (!initMax.has(k) || compareQuantities(v, initMax.get(k)!) > 0) {
            initMax.set(k, v);
            source.set(k, `init container ${label(s.container)}${sidecarSum.size ? ' plus the sidecars running then' : ''}`);
          }
        }
      }
    }
    const apps: ResourceMap = new Map();
    for (const c of l.apps) addInto(apps, containerResources(c)[which]);
    addInto(apps, sidecarSum);
    const total = new Map(apps);
    const appsLabel = l.sidecars.length ? 'app containers plus sidecars' : 'app containers';
    for (const k of apps.keys()) if (!initMax.has(k) || compareQuantities(apps.get(k)!, initMax.get(k)!) >= 0) source.set(k, appsLabel);
    for (const [k, v] of initMax) if (!total.has(k) || compareQuantities(v, total.get(k)!) > 0) total.set(k, v);
    return { total, source };
  };
  const req = compute('requests');
  const lim = compute('limits');
  const overhead = readMap(child(pod.field, 'overhead'));
  addInto(req.total, overhead);
  // A resource is unlimited for the pod when a long-running container has no limit for it.
  const unlimited = new Map<string, string[]>();
  const longRunning = [...l.apps, ...l.sidecars];
  for (const k of new Set([...req.total.keys(), ...lim.total.keys()])) {
    const missing = longRunning.filter((c) => !containerResources(c).limits.has(k)).map((c) => c.name ?? '?');
    if (missing.length) unlimited.set(k, missing);
  }
  const podRes = child(pod.field, 'resources');
  const podLevel = !!podRes && podRes.kind === 'map';
  if (podLevel) {
    const pl = readMap(child(podRes, 'limits'));
    const pr = readMap(child(podRes, 'requests'));
    for (const [k, v] of pl) if (!pr.has(k)) pr.set(k, v);
    for (const [k, v] of pr) {
      req.total.set(k, v);
      req.source.set(k, 'pod-level `spec.resources`');
    }
    for (const [k, v] of pl) {
      lim.total.set(k, v);
      unlimited.delete(k);
    }
  }
  return { requests: req.total, limits: lim.total, unlimited, requestSource: req.source, podLevel, overhead };
}

const BINARY_RESOURCES = /^(memory|ephemeral-storage|hugepages-)/;

export function showQuantity(name: string, q: Quantity): string {
  return formatQuantity(q, BINARY_RESOURCES.test(name));
}
