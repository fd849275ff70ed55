/**
 * The outline and the inlay hints of a file, from the model and lifecycle.ts:
 * - symbols: per YAML document its object (`Deployment web`), then its pod
 *   spec's containers by role in start order (`init 1/2 wait-db`, `sidecar
 *   log-shipper`, `app web`) and its volumes;
 * - hints: after a container's name its role and place in the start and stop
 *   order, after a container's `resources` the pod's effective request where
 *   it differs from the container's own, and the defaults the API server
 *   applies to fields left out (`restartPolicy`, `imagePullPolicy`).
 * All in absolute offsets of the file.
 */
import type { PlacedSegment } from './engine';
import type { ContainerModel, FieldNode, PodSpecModel } from './model';
import { child, isBroken, items, str } from './model';
import { containerResources, effectiveResources, lifecycleOf, showQuantity, type Lifecycle } from './lifecycle';
import { compareQuantities } from './quantity';
import { defaultImagePullPolicy, DEFAULT_RESTART_POLICY } from './knowledge/defaults';
import { RUN_TO_COMPLETION_KINDS } from './knowledge/kinds';
import { hintOn, type AnalysisSettings } from './settings';

export type SymbolKind = 'object' | 'container' | 'volume';

export interface OutlineSymbol {
  name: string;
  detail?: string;
  kind: SymbolKind;
  /** The whole entry. */
  start: number;
  end: number;
  /** Its name. */
  selStart: number;
  selEnd: number;
  children: OutlineSymbol[];
}

const ordinal = (n: number): string => {
  const s = n % 100 >= 11 && n % 100 <= 13 ? 'th' : ['th', 'st', 'nd', 'rd'][n % 10] ?? 'th';
  return `${n}${s}`;
};

/** A container's role and place, as the outline names it: `init 1/2`, `sidecar`, `app`, `ephemeral`. */
function roleOf(l: Lifecycle, c: ContainerModel): string {
  if (c.list === 'ephemeralContainers') return 'ephemeral';
  if (c.list === 'containers') return 'app';
  const step = l.init.find((s) => s.container === c);
  if (step?.sidecar) return 'sidecar';
  return `init ${step?.position ?? c.index + 1}/${l.init.length}`;
}

/** Containers in the order the kubelet starts them: init steps (sidecars among them), apps, then ephemeral ones. */
function startOrder(l: Lifecycle): ContainerModel[] {
  return [...l.init.map((s) => s.container), ...l.apps, ...l.ephemeral];
}

const nameSpan = (f: FieldNode, base: number): { selStart: number; selEnd: number } => {
  const name = child(f, 'name');
  const at = name ?? f;
  return { selStart: base + at.start, selEnd: base + at.end };
};

function objectTitle(object: FieldNode): { name: string; sel: FieldNode } {
  const kind = str(child(object, 'kind')) ?? 'Object';
  const nameField = child(child(object, 'metadata'), 'name');
  return { name: `${kind} ${str(nameField) ?? '(unnamed)'}`, sel: nameField ?? child(object, 'kind') ?? object };
}

function podChildren(pod: PodSpecModel, base: number): OutlineSymbol[] {
  const l = lifecycleOf(pod);
  const out: OutlineSymbol[] = [];
  for (const c of startOrder(l)) {
    out.push({
      name: `${roleOf(l, c)} ${c.name ?? `${c.list}[${c.index}]`}`,
      detail: str(child(c.field, 'image')),
      kind: 'container',
      start: base + c.field.start,
      end: base + c.field.end,
      ...nameSpan(c.field, base),
      children: [],
    });
  }
  for (const v of items(child(pod.field, 'volumes'))) {
    const name = str(child(v, 'name'));
    if (!name) continue;
    const source = (v.children ?? []).find((f) => f.key !== 'name')?.key;
    out.push({ name: `volume ${name}`, detail: source, kind: 'volume', start: base + v.start, end: base + v.end, ...nameSpan(v, base), children: [] });
  }
  return out;
}

/** The outline of a file: one symbol per object (the items of a List each), with its pod spec's containers and volumes. */
export function outlineOf(segments: readonly PlacedSegment[]): OutlineSymbol[] {
  const out: OutlineSymbol[] = [];
  for (const placed of segments) {
    const base = placed.segment.start;
    for (const doc of placed.parsed.docs) {
      const objects = [...doc.objects, ...(doc.referenced ?? [])].sort((a, b) => a.start - b.start);
      for (const object of objects) {
        if (object.kind !== 'map') continue;
        const { name, sel } = objectTitle(object);
        const pods = doc.pods.filter((p) => p.object === object);
        out.push({
          name,
          kind: 'object',
          start: base + object.start,
          end: base + object.end,
          selStart: base + sel.start,
          selEnd: base + sel.end,
          children: pods.flatMap((p) => podChildren(p, base)),
        });
      }
    }
  }
  return out;
}

// ---- inlay hints --------------------------------------------------------------

export interface InlayHintSpec {
  /** Where the hint stands: after the value it explains. */
  offset: number;
  label: string;
  kind: 'containerOrder' | 'effectiveResources' | 'defaults';
  tooltip?: string;
}

/** The hint after a container's name: its role and its place in the start and stop order. */
function orderHint(l: Lifecycle, c: ContainerModel): string | undefined {
  if (c.list === 'ephemeralContainers') return undefined;
  const step = l.init.find((s) => s.container === c);
  if (step && !step.sidecar) return `init ${step.position}/${l.init.length}`;
  const startsAt = step ? step.position : l.init.length + 1;
  // Stop order: the app containers first (together), then the sidecars in reverse start order.
  const sidecarIndex = l.sidecars.indexOf(c);
  const stopSteps = (l.apps.length ? 1 : 0) + l.sidecars.length;
  const stopsAt = step ? (l.apps.length ? 1 : 0) + (l.sidecars.length - sidecarIndex) : 1;
  const stops = stopsAt === stopSteps && stopSteps > 1 ? 'stops last' : stopsAt === 1 && stopSteps > 1 ? 'stops first' : stopSteps > 1 ? `stops ${ordinal(stopsAt)}` : '';
  if (step) return `sidecar, starts ${ordinal(startsAt)}${stops ? `, ${stops}` : ''}`;
  // An app container: worth a hint only where something starts before it or stops after it.
  if (l.init.length === 0) return undefined;
  return `app, starts ${ordinal(startsAt)}${l.sidecars.length ? `, ${stops}` : ''}`;
}

/** The hint after a container's `resources`: the pod's effective requests where they differ from the container's own. */
function resourceHint(c: ContainerModel, eff: ReturnType<typeof effectiveResources>): string | undefined {
  const own = containerResources(c).requests;
  const parts: string[] = [];
  for (const [k, total] of eff.requests) {
    const mine = own.get(k);
    if (mine && compareQuantities(mine, total) === 0) continue;
    parts.push(`${k} ${showQuantity(k, total)}`);
  }
  return parts.length ? `pod requests ${parts.join(', ')}` : undefined;
}

/** Inlay hints of a file between two offsets, as the settings switch them on. */
export function inlayHintsOf(segments: readonly PlacedSegment[], start: number, end: number, settings: AnalysisSettings): InlayHintSpec[] {
  const out: InlayHintSpec[] = [];
  const order = hintOn(settings, 'containerOrder');
  const resources = hintOn(settings, 'effectiveResources');
  const defaults = hintOn(settings, 'defaults');
  for (const placed of segments) {
    const base = placed.segment.start;
    if (base > end || placed.segment.end < start || placed.parsed.templated) continue;
    for (const doc of placed.parsed.docs) {
      if (isBroken(doc)) continue;
      for (const pod of doc.pods) {
        if (base + pod.object.end < start || base + pod.object.start > end) continue;
        const l = lifecycleOf(pod);
        const eff = resources ? effectiveResources(pod) : undefined;
        for (const c of pod.containers) {
          const name = child(c.field, 'name');
          if (order && name && name.kind === 'scalar') {
            const label = orderHint(l, c);
            if (label) out.push({ offset: base + name.end, label, kind: 'containerOrder' });
          }
          const res = child(c.field, 'resources');
          if (eff && res && c.list !== 'ephemeralContainers') {
            const label = resourceHint(c, eff);
            const at = res.keyEnd !== undefined ? res.keyEnd + 1 : res.start;
            if (label) out.push({ offset: base + at, label, kind: 'effectiveResources', tooltip: 'What the scheduler reserves for the whole pod (init containers, sidecars and overhead included)' });
          }
          const image = child(c.field, 'image');
          if (defaults && image && typeof image.value === 'string' && !child(c.field, 'imagePullPolicy')) {
            out.push({
              offset: base + image.end,
              label: `imagePullPolicy: ${defaultImagePullPolicy(image.value)}`,
              kind: 'defaults',
              tooltip: 'The API server sets imagePullPolicy when it is left out: Always for the latest tag (written, or implied by no tag), else IfNotPresent',
            });
          }
        }
        // restartPolicy: a Job's pods must set it (OnFailure or Never), so no default is shown there.
        if (defaults && !child(pod.field, 'restartPolicy') && !RUN_TO_COMPLETION_KINDS.includes(pod.kind) && pod.field.keyEnd !== undefined) {
          out.push({ offset: base + pod.field.keyEnd + 1, label: `restartPolicy: ${DEFAULT_RESTART_POLICY}`, kind: 'defaults', tooltip: 'The API server sets restartPolicy to Always when it is left out' });
        }
      }
    }
  }
  return out.filter((h) => h.offset >= start && h.offset <= end).sort((a, b) => a.offset - b.offset);
}
