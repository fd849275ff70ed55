/**
 * Code actions that do not fix a finding: pattern insertions available at the
 * cursor (add a native sidecar, an adapter, an ambassador, an init container
 * that waits for a Service) and turning an app container into a native
 * sidecar (transforms.ts). Edits keep the file's layout (see edits.ts); the new container's
 * name and image are snippet tab stops.
 */
import type { AnalysisSettings } from './settings';
import type { FixSpec, TextEditSpec } from './findings';
import type { ContainerModel, DocModel, FieldNode, PodSpecModel } from './model';
import { ancestor, child, items, str } from './model';
import { Scalar, appendItem, columnOf, detectStyle, isFlow, joinEdits, keyColumn, placeholder, type BlockStyle, type YamlValue } from './edits';
import { convertToNativeSidecar } from './transforms';
import { nativeSidecarsOn } from './knowledge/features';
import { RUN_TO_COMPLETION_KINDS } from './knowledge/kinds';

export interface ActionTarget {
  doc: DocModel;
  local: number;
  field?: FieldNode;
  placed: { segment: { text: string } };
}

export const ADD_NATIVE_SIDECAR = 'Add native sidecar container';
export const ADD_ADAPTER = 'Add adapter container';
export const ADD_AMBASSADOR = 'Add ambassador container';
export const ADD_WAIT_INIT = 'Add init container that waits for a Service';
export const CONVERT_TO_NATIVE_SIDECAR = 'Convert to native sidecar';

export function actionsAt(at: ActionTarget, _start: number, _end: number, settings: AnalysisSettings, onError: (what: string, e: unknown) => void = () => {}): FixSpec[] {
  const text = at.placed.segment.text;
  const pod = podAt(at.doc, at.field, at.local);
  if (!pod || pod.field.viaAlias || isFlow(text, pod.field)) return [];
  const sidecars = nativeSidecarsOn(settings.kubernetesVersion);
  const out: FixSpec[] = [];
  const offer = (title: string, kind: string, build: () => TextEditSpec[] | undefined): void => {
    try {
      const edits = build();
      if (edits && edits.length) out.push({ title, kind, edits });
    } catch (e) {
      // An action that cannot be built is not offered; the caller hears why.
      onError(title, e);
    }
  };
  const ctx: PatternContext = { text, pod, style: detectStyle(text, pod.field, at.doc.root), sidecars };
  if (sidecars) {
    const container = pod.containers.find((c) => c.list === 'containers' && ancestor(at.field, (f) => f === c.field));
    if (container && pod.containers.filter((c) => c.list === 'containers').length > 1) {
      offer(CONVERT_TO_NATIVE_SIDECAR, 'refactor.rewrite', () => convertToNativeSidecar(text, at.doc, pod, container));
    }
    offer(ADD_NATIVE_SIDECAR, 'refactor', () => addNativeSidecar(ctx));
  }
  // A helper in the containers of a Job would keep it from completing: there it is added as a native sidecar.
  if (!runsToCompletion(pod) || sidecars) {
    offer(ADD_ADAPTER, 'refactor', () => addAdapter(ctx));
    offer(ADD_AMBASSADOR, 'refactor', () => addAmbassador(ctx));
  }
  offer(ADD_WAIT_INIT, 'refactor', () => addWaitForService(ctx));
  return out;
}

/** The pod spec the cursor is in (on its `spec:` key or anywhere inside it). */
function podAt(doc: DocModel, field: FieldNode | undefined, local: number): PodSpecModel | undefined {
  return (
    doc.pods.find((p) => ancestor(field, (f) => f === p.field)) ??
    doc.pods.find((p) => !field && local >= (p.field.keyStart ?? p.field.start) && local <= p.field.end)
  );
}

interface PatternContext {
  text: string;
  pod: PodSpecModel;
  style: BlockStyle;
  /** The targeted release runs native sidecars. */
  sidecars: boolean;
}

/** Pods of Jobs and CronJobs end when their app containers exit: a helper must not outlive them. */
function runsToCompletion(pod: PodSpecModel): boolean {
  return RUN_TO_COMPLETION_KINDS.includes(pod.kind);
}

/**
 * Where a long-running helper goes: `containers`, or, in a pod that runs to
 * completion, `initContainers` as a native sidecar (stopped after the app).
 */
function helper(ctx: PatternContext, container: { [key: string]: YamlValue }): { list: 'initContainers' | 'containers'; container: YamlValue } {
  if (!runsToCompletion(ctx.pod)) return { list: 'containers', container };
  const { name, image, ...rest } = container;
  return { list: 'initContainers', container: { name, image, restartPolicy: 'Always', ...rest } };
}

/** A name not used yet: `base`, else `base-2`, `base-3`, ... */
function unique(base: string, taken: Set<string>): string {
  if (!taken.has(base)) return base;
  for (let i = 2; ; i++) if (!taken.has(`${base}-${i}`)) return `${base}-${i}`;
}

function containerNames(pod: PodSpecModel): Set<string> {
  return new Set(pod.containers.map((c) => c.name).filter((n): n is string => !!n));
}

function namesIn(list: FieldNode | undefined, key: string): Set<string> {
  return new Set(items(list).map((i) => str(child(i, key))).filter((n): n is string => !!n));
}

/** The first app container (the one a shared volume is mounted in), when it is a map. */
function firstApp(pod: PodSpecModel): ContainerModel | undefined {
  return pod.containers.find((c) => c.list === 'containers' && c.field.kind === 'map');
}

/** Rank of an insertion among others at the same offset: deeper appends close first, new keys in front of an entry last. */
const after = (text: string, map: FieldNode): number => -(keyColumn(text, map) ?? columnOf(text, map.start));
const BEFORE = 1_000;

/**
 * Edits that add a shared emptyDir: a fresh volume name, a mount in the first
 * app container (at a path it does not use yet) and the `volumes` entry.
 */
function sharedVolume(
  ctx: PatternContext,
  base: string,
  path: string,
): { name: string; mountPath: string; edits: { edit: TextEditSpec; rank: number }[] } | undefined {
  const { text, pod, style } = ctx;
  const name = unique(base, namesIn(child(pod.field, 'volumes'), 'name'));
  const app = firstApp(pod);
  const mountPath = unique(path, app ? namesIn(child(app.field, 'volumeMounts'), 'mountPath') : new Set());
  const edits: { edit: TextEditSpec; rank: number }[] = [];
  if (app) {
    const mount = appendItem(text, app.field, 'volumeMounts', { name, mountPath }, style);
    if (!mount) return undefined;
    edits.push({ edit: mount, rank: after(text, app.field) });
  }
  const vol = appendItem(text, pod.field, 'volumes', { name, emptyDir: {} }, style);
  if (!vol) return undefined;
  edits.push({ edit: vol, rank: after(text, pod.field) });
  return { name, mountPath, edits };
}

/** Appends a container (a snippet) to `initContainers` or `containers`; a new `initContainers` goes in front of `containers`. */
function addContainer(ctx: PatternContext, list: 'initContainers' | 'containers', container: YamlValue): { edit: TextEditSpec; rank: number } | undefined {
  const { text, pod, style } = ctx;
  const containers = child(pod.field, 'containers');
  const before = list === 'initContainers' && !child(pod.field, 'initContainers') && containers?.keyStart !== undefined ? containers : undefined;
  const edit = appendItem(text, pod.field, list, container, style, { before, snippet: true });
  if (!edit) return undefined;
  const target = child(pod.field, list);
  const rank = before ? BEFORE : target ? after(text, target) - 1 : after(text, pod.field);
  return { edit, rank };
}

function addNativeSidecar(ctx: PatternContext): TextEditSpec[] | undefined {
  const vol = sharedVolume(ctx, 'shared-data', '/shared');
  if (!vol) return undefined;
  const sidecar = addContainer(ctx, 'initContainers', {
    name: placeholder(1, unique('sidecar', containerNames(ctx.pod))),
    image: placeholder(2, 'busybox:1.36'),
    restartPolicy: 'Always',
    command: ['sh', '-c', `touch /tmp/started && exec tail -n+1 -F ${vol.mountPath}/app.log`],
    startupProbe: { exec: { command: ['test', '-e', '/tmp/started'] }, periodSeconds: '1', failureThreshold: '30' },
    volumeMounts: [{ name: vol.name, mountPath: vol.mountPath }],
  });
  return sidecar && joinEdits([sidecar, ...vol.edits]);
}

function addAdapter(ctx: PatternContext): TextEditSpec[] | undefined {
  const vol = sharedVolume(ctx, 'app-logs', '/var/log/app');
  if (!vol) return undefined;
  const h = helper(ctx, {
    name: placeholder(1, unique('adapter', containerNames(ctx.pod))),
    image: placeholder(2, 'busybox:1.36'),
    command: ['sh', '-c', `tail -n+1 -F ${vol.mountPath}/app.log`],
    volumeMounts: [{ name: vol.name, mountPath: vol.mountPath, readOnly: 'true' }],
  });
  const adapter = addContainer(ctx, h.list, h.container);
  return adapter && joinEdits([adapter, ...vol.edits]);
}

function addAmbassador(ctx: PatternContext): TextEditSpec[] | undefined {
  const h = helper(ctx, {
    name: placeholder(1, unique('ambassador', containerNames(ctx.pod))),
    image: placeholder(2, 'alpine/socat:1.8.0.0'),
    // Listens on the pod's loopback only: the app connects to localhost, the ambassador to the remote.
    args: [new Scalar('TCP-LISTEN:', { tabstop: 3, text: '6379' }, ',bind=127.0.0.1,fork,reuseaddr'), new Scalar('TCP:', { tabstop: 4, text: 'redis.example.com:6379' })],
  });
  const ambassador = addContainer(ctx, h.list, h.container);
  return ambassador && joinEdits([ambassador]);
}

function addWaitForService(ctx: PatternContext): TextEditSpec[] | undefined {
  const wait = addContainer(ctx, 'initContainers', {
    name: placeholder(2, unique('wait-for-service', containerNames(ctx.pod))),
    image: placeholder(3, 'busybox:1.36'),
    // `timeout` ends the wait, so a missing Service fails the pod instead of hanging it.
    command: ['sh', '-c', new Scalar("timeout 300 sh -c 'until nslookup ", { tabstop: 1, text: 'my-service' }, "; do sleep 2; done'")],
  });
  return wait && joinEdits([wait]);
}
