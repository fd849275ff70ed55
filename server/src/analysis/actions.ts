/**
 * Code actions that do not fix a finding: pattern insertions available at the
 * cursor (add a native sidecar, an adapter, an ambassador, an init container
 * that waits for a Service) and turning an app container into a native
 * sidecar. Edits keep the file's layout (see edits.ts); the new container's
 * name and image are snippet tab stops.
 */
import type { AnalysisSettings } from './settings';
import type { FixSpec, TextEditSpec } from './rules/api';
import type { ContainerModel, DocModel, FieldNode, PodSpecModel } from './model';
import { ancestor, child, items, str } from './model';
import { compareVersions } from './api/table';
import {
  Scalar,
  appendItem,
  beforeEntry,
  columnOf,
  dashOf,
  detectStyle,
  endOfEntry,
  isFlow,
  itemExtent,
  joinEdits,
  keyColumn,
  lineEndOf,
  placeholder,
  shiftLines,
  type BlockStyle,
  type YamlValue,
} from './edits';

export interface ActionTarget {
  doc: DocModel;
  local: number;
  field?: FieldNode;
  placed: { segment: { text: string } };
}

/** Native sidecars (init containers with `restartPolicy: Always`) are on by default from 1.29. */
export const NATIVE_SIDECAR_SINCE = '1.29';

export const ADD_NATIVE_SIDECAR = 'Add native sidecar container';
export const ADD_ADAPTER = 'Add adapter container';
export const ADD_AMBASSADOR = 'Add ambassador container';
export const ADD_WAIT_INIT = 'Add init container that waits for a Service';
export const CONVERT_TO_NATIVE_SIDECAR = 'Convert to native sidecar';

export function actionsAt(at: ActionTarget, _start: number, _end: number, settings: AnalysisSettings, onError: (what: string, e: unknown) => void = () => {}): FixSpec[] {
  const text = at.placed.segment.text;
  const pod = podAt(at.doc, at.field, at.local);
  if (!pod || pod.field.viaAlias || isFlow(text, pod.field)) return [];
  const sidecars = compareVersions(settings.kubernetesVersion, NATIVE_SIDECAR_SINCE) >= 0;
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
      offer(CONVERT_TO_NATIVE_SIDECAR, 'refactor.rewrite', () => convertToNativeSidecar(text, at.doc, container));
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
  return pod.kind === 'Job' || pod.kind === 'CronJob';
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

/**
 * Moves an app container (its whole block with its comments) to
 * `initContainers` and gives it `restartPolicy: Always`, so that it runs as a
 * native sidecar: started before, and stopped after, the app containers. A
 * missing `initContainers` is created in front of `containers`. Returns no
 * edits where the layout does not allow a correct move (flow collections,
 * aliases).
 */
export function convertToNativeSidecar(text: string, doc: DocModel, container: ContainerModel | FieldNode): TextEditSpec[] {
  const item = 'field' in container && 'list' in container ? container.field : (container as FieldNode);
  const pod = doc.pods.find((p) => p.containers.some((c) => c.field === item && c.list === 'containers'));
  if (!pod || item.kind !== 'map' || item.viaAlias) return [];
  const seq = item.parent;
  if (!seq || seq.kind !== 'seq' || seq.viaAlias || isFlow(text, seq) || isFlow(text, pod.field)) return [];
  const ext = itemExtent(text, item);
  if (!ext) return [];
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const srcDash = columnOf(text, dashOf(text, item)!);

  // The block, with `restartPolicy: Always` set in it.
  let block = text.slice(ext[0], ext[1]);
  if (!block.endsWith('\n')) block += eol;
  const rel = (o: number): number => o - ext[0];
  const rp = child(item, 'restartPolicy');
  if (rp && rp.kind === 'scalar' && !rp.viaAlias) {
    block = block.slice(0, rel(rp.start)) + 'Always' + block.slice(rel(rp.end));
  } else if (rp) {
    return [];
  } else if (isFlow(text, item)) {
    const close = text.lastIndexOf('}', item.end - 1);
    const inner = text.slice(item.start + 1, close).trimEnd();
    const at = rel(item.start + 1 + inner.length);
    block = block.slice(0, at) + `${inner.trim() ? (inner.endsWith(',') ? ' ' : ', ') : ''}restartPolicy: Always` + block.slice(at);
  } else {
    const anchor = child(item, 'image') ?? child(item, 'name') ?? item.children?.[0];
    if (!anchor || anchor.viaAlias) return [];
    const at = Math.min(rel(lineEndOf(text, endOfEntry(text, anchor))), block.length);
    const lead = block.slice(0, at).endsWith('\n') ? '' : eol;
    block = block.slice(0, at) + `${lead}${' '.repeat(columnOf(text, item.start))}restartPolicy: Always${eol}` + block.slice(at);
  }

  const remove: TextEditSpec = { start: ext[0], end: ext[1], newText: '' };
  const init = child(pod.field, 'initContainers');
  const containers = child(pod.field, 'containers')!;
  const style = detectStyle(text, pod.field, doc.root);
  const keyCol = keyColumn(text, pod.field) ?? columnOf(text, pod.field.start);
  if (!init) {
    // A new list in front of `containers`, laid out like it.
    const at = beforeEntry(text, containers);
    const dash = keyCol + (srcDash - columnOf(text, containers.keyStart!));
    return [{ start: at, end: at, newText: `${' '.repeat(keyCol)}initContainers:${eol}${shiftLines(block, dash - srcDash)}` }, remove];
  }
  if (init.viaAlias) return [];
  if (init.kind === 'null' || (init.kind === 'seq' && !init.children?.length && isFlow(text, init))) {
    const colon = text.indexOf(':', init.keyEnd ?? init.start);
    if (colon < 0) return [];
    const moved = shiftLines(block, keyCol + style.seqIndent - srcDash).replace(/\r?\n$/, '');
    return [{ start: colon + 1, end: Math.max(colon + 1, init.end), newText: eol + moved }, remove].sort((a, b) => a.start - b.start);
  }
  if (init.kind !== 'seq' || isFlow(text, init)) return [];
  const last = init.children![init.children!.length - 1];
  const lastExt = itemExtent(text, last);
  if (!lastExt || last.viaAlias) return [];
  const dash = columnOf(text, init.start);
  const lead = lastExt[1] === text.length && !text.endsWith('\n') ? eol : '';
  const insert: TextEditSpec = { start: lastExt[1], end: lastExt[1], newText: lead + shiftLines(block, dash - srcDash) };
  return [insert, remove].sort((a, b) => a.start - b.start);
}
