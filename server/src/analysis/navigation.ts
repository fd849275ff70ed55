/**
 * Navigation: definition, references, highlights and rename of the names in
 * and around a pod, from knowledge/names.ts (what a name refers to) and the
 * workspace index (what other documents and files define and name). Results
 * are places (workspaceTypes.ts Loc: offsets and positions); rename returns
 * edits in offsets of the file, or why it refuses.
 */
import type { TextEditSpec } from './findings';
import type { FieldNode, PodSpecModel } from './model';
import { ancestor, child, entries, str } from './model';
import type { Located } from './engine';
import { LineIndex } from './text';
import { containerOf, podOf } from './knowledge/pods';
import { serviceWaits } from './knowledge/scripts';
import { mdCode, mdText } from './markdown';
import { definitionsOf, namespaceOf, objectReferences, podNames, referencedObjects, sameName, templateLabels, volumeTargets, type NameOccurrence, type ObjectRef } from './knowledge/names';
import type { ReferencedKind } from './knowledge/kinds';
import type { IndexedObject, Loc, WorkspaceView } from './workspaceTypes';
import { dns1123Label, envVarName, labelValue, portName, qualifiedName } from './rules/stringFormats';

export interface NavContext {
  uri: string;
  /** The whole file. */
  text: string;
  at: Located;
  version: string;
  view: WorkspaceView;
}

/** What is under the cursor. */
type Symbol =
  | { type: 'pod'; pod: PodSpecModel; here: NameOccurrence; all: NameOccurrence[] }
  | { type: 'ref'; pod: PodSpecModel; ref: ObjectRef; onKey: boolean }
  | { type: 'object'; object: FieldNode; kind: ReferencedKind; name: string; namespace?: string; key?: string; nameField: FieldNode; keyField?: FieldNode }
  | { type: 'selector'; service: FieldNode; entry: FieldNode; onKey: boolean }
  | { type: 'targetPort'; service: FieldNode; field: FieldNode; name: string };

const within = (local: number, s: number, e: number): boolean => local >= s && local <= e;

function symbolAt(ctx: NavContext): Symbol | undefined {
  const { at } = ctx;
  const text = at.placed.segment.text;
  const local = at.local;
  const pod = at.field ? podOf(at.doc, at.field) : undefined;
  if (pod) {
    const all = podNames(pod, text);
    const hits = all.filter((o) => within(local, o.start, o.end)).sort((a, b) => a.end - a.start - (b.end - b.start));
    if (hits.length) return { type: 'pod', pod, here: hits[0], all };
    const refs = objectReferences(pod, text);
    for (const ref of refs) {
      if (ref.key && within(local, ref.key.start, ref.key.end)) return { type: 'ref', pod, ref, onKey: true };
      if (within(local, ref.start, ref.end)) return { type: 'ref', pod, ref, onKey: false };
    }
    return undefined;
  }
  const object = at.field && referencedObjects(at.doc).find((o) => ancestor(at.field, (a) => a === o));
  if (!object || !at.field) return undefined;
  const kind = str(child(object, 'kind')) as ReferencedKind;
  const nameField = child(child(object, 'metadata'), 'name');
  const name = str(nameField);
  if (!name || !nameField) return undefined;
  const f = at.field;
  const namespace = namespaceOf(object);
  if (f === nameField && within(local, f.start, f.end)) return { type: 'object', object, kind, name, namespace, nameField };
  // A ConfigMap's or Secret's key.
  const section = f.parent?.key;
  if ((kind === 'ConfigMap' || kind === 'Secret') && f.parent?.parent === object && (section === 'data' || section === 'binaryData' || section === 'stringData')) {
    if (f.keyStart !== undefined && within(local, f.keyStart, f.keyEnd!)) return { type: 'object', object, kind, name, namespace, key: f.key, nameField, keyField: f };
  }
  if (kind === 'Service') {
    const spec = child(object, 'spec');
    if (f.parent === child(spec, 'selector') && f.key !== undefined) return { type: 'selector', service: object, entry: f, onKey: f.keyStart !== undefined && within(local, f.keyStart, f.keyEnd!) };
    if (f.key === 'targetPort' && typeof f.value === 'string' && within(local, f.start, f.end)) return { type: 'targetPort', service: object, field: f, name: f.value };
  }
  return undefined;
}

/** Places in the current file, from segment offsets. */
class Here {
  private lines?: LineIndex;
  constructor(private readonly ctx: NavContext) {}
  loc(start: number, end: number): Loc {
    const base = this.ctx.at.placed.segment.start;
    this.lines ??= new LineIndex(this.ctx.text);
    return { uri: this.ctx.uri, start: base + start, end: base + end, range: { start: this.lines.positionAt(base + start), end: this.lines.positionAt(base + end) } };
  }
  of(o: { start: number; end: number }): Loc {
    return this.loc(o.start, o.end);
  }
}

/** The occurrences that name the same thing as `here` (an env reference: those that resolve to the same entry). */
function group(here: NameOccurrence, all: NameOccurrence[]): NameOccurrence[] {
  if (here.kind !== 'env') return all.filter((o) => sameName(o, here));
  const defs = here.role === 'def' ? [here] : definitionsOf(here, all);
  if (defs.length === 0) return all.filter((o) => o.role === 'ref' && sameName(o, here) && definitionsOf(o, all).length === 0);
  return all.filter((o) => sameName(o, here) && (o.role === 'def' ? defs.includes(o) : definitionsOf(o, all).some((d) => defs.includes(d))));
}

const labelsOfPod = (pod: PodSpecModel): { key: string; value: string }[] =>
  templateLabels(pod)
    .filter((l) => l.key !== undefined && l.kind === 'scalar')
    .map((l) => ({ key: l.key!, value: String(l.value) }));

/** Services (of the workspace) that select the pod, with the entries of their selectors and ports. */
function servicesOf(ctx: NavContext, pod: PodSpecModel): IndexedObject[] {
  return ctx.view.servicesSelecting(labelsOfPod(pod), namespaceOf(pod.object));
}

const locOf = (o: IndexedObject, key?: string): Loc => (key && o.keys?.find((k) => k.name === key)?.loc) || o.loc;

export function definitions(ctx: NavContext): Loc[] {
  const s = symbolAt(ctx);
  if (!s) return [];
  const here = new Here(ctx);
  switch (s.type) {
    case 'pod': {
      const defs = s.here.role === 'def' ? [s.here] : definitionsOf(s.here, s.all);
      return defs.map((d) => here.of(d));
    }
    case 'ref': {
      const ns = s.ref.namespace ?? namespaceOf(s.pod.object);
      const objects = ctx.view.objects(s.ref.kind, s.ref.name, ns).map((n) => n.item);
      const key = s.onKey ? s.ref.key?.name : undefined;
      return objects.map((o) => locOf(o, key));
    }
    case 'object':
      return [here.of(s.keyField ? { start: s.keyField.keyStart!, end: s.keyField.keyEnd! } : s.nameField)];
    case 'selector': {
      const pods = selectedPods(ctx, s.service);
      return pods.flatMap((p) => p.labels.filter((l) => l.key === s.entry.key).map((l) => (s.onKey ? l.keyLoc : (l.valueLoc ?? l.keyLoc))));
    }
    case 'targetPort':
      return selectedPods(ctx, s.service).flatMap((p) => p.ports.filter((port) => port.name === s.name).map((port) => port.loc));
  }
}

function selectedPods(ctx: NavContext, service: FieldNode) {
  const sel = entries(child(child(service, 'spec'), 'selector'))
    .filter((e) => e.key !== undefined && e.kind === 'scalar')
    .map((e) => ({ key: e.key!, value: String(e.value) }));
  return ctx.view.podsSelected(sel, namespaceOf(service)).map((n) => n.item);
}

export function references(ctx: NavContext, includeDeclaration: boolean): Loc[] {
  const s = symbolAt(ctx);
  if (!s) return [];
  const here = new Here(ctx);
  const out: Loc[] = [];
  switch (s.type) {
    case 'pod': {
      for (const o of group(s.here, s.all)) if (includeDeclaration || o.role === 'ref') out.push(here.of(o));
      out.push(...serviceUses(ctx, s.pod, s.here));
      break;
    }
    case 'ref': {
      const ns = s.ref.namespace ?? namespaceOf(s.pod.object);
      const key = s.onKey ? s.ref.key?.name : undefined;
      if (includeDeclaration) for (const o of ctx.view.objects(s.ref.kind, s.ref.name, ns)) out.push(locOf(o.item, key));
      for (const r of ctx.view.referencesTo(s.ref.kind, s.ref.name, ns, key)) out.push(key && r.key ? r.key.loc : r.loc);
      break;
    }
    case 'object': {
      if (includeDeclaration) out.push(here.of(s.keyField ? { start: s.keyField.keyStart!, end: s.keyField.keyEnd! } : s.nameField));
      for (const r of ctx.view.referencesTo(s.kind, s.name, s.namespace, s.key)) out.push(s.key && r.key ? r.key.loc : r.loc);
      break;
    }
    case 'selector':
    case 'targetPort':
      out.push(...definitions(ctx));
      break;
  }
  return dedupe(out);
}

/** Where Services use a pod's name: the targetPorts that name its port, the selectors that name its label. */
function serviceUses(ctx: NavContext, pod: PodSpecModel, occ: NameOccurrence): Loc[] {
  const out: Loc[] = [];
  if (occ.kind === 'port') {
    for (const svc of servicesOf(ctx, pod)) for (const p of svc.ports ?? []) if (p.targetPort === occ.name && p.targetLoc) out.push(p.targetLoc);
  } else if (occ.kind === 'labelKey' || occ.kind === 'labelValue') {
    const key = occ.kind === 'labelKey' ? occ.name : occ.labelKey;
    for (const svc of servicesOf(ctx, pod)) {
      for (const l of svc.selector ?? []) {
        if (l.key !== key) continue;
        if (occ.kind === 'labelKey') out.push(l.keyLoc);
        else if (l.valueLoc && l.value === occ.name) out.push(l.valueLoc);
      }
    }
  }
  return out;
}

function dedupe(locs: Loc[]): Loc[] {
  const seen = new Set<string>();
  return locs.filter((l) => {
    const k = `${l.uri}|${l.start}|${l.end}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

export interface Highlight {
  start: number;
  end: number;
  kind: 'read' | 'write';
}

/** The occurrences in this file of the name under the cursor: definitions written, uses read. */
export function highlights(ctx: NavContext): Highlight[] {
  const s = symbolAt(ctx);
  if (!s) return [];
  const defs = new Set(definitions(ctx).map((l) => `${l.uri}|${l.start}`));
  return references(ctx, true)
    .filter((l) => l.uri === ctx.uri)
    .map((l) => ({ start: l.start, end: l.end, kind: defs.has(`${l.uri}|${l.start}`) || (s.type === 'object' && l.start === ctx.at.placed.segment.start + (s.keyField?.keyStart ?? s.nameField.start)) ? ('write' as const) : ('read' as const) }));
}

// ---- rename -------------------------------------------------------------------

const WHAT: Record<NameOccurrence['kind'], string> = {
  volume: 'volume name',
  container: 'container name',
  port: 'port name',
  env: 'environment variable name',
  labelKey: 'label key',
  labelValue: 'label value',
};

/** The API server's checks of a new name (rules/stringFormats.ts), as it would refuse it. */
function nameErrors(kind: NameOccurrence['kind'], name: string, version: string): string[] {
  switch (kind) {
    case 'volume':
    case 'container':
      return dns1123Label(name);
    case 'port':
      return portName(name);
    case 'env':
      return envVarName(name, version);
    case 'labelKey':
      return qualifiedName(name, version);
    case 'labelValue':
      return labelValue(name);
  }
}

export type RenameCheck = { start: number; end: number; placeholder: string } | { error: string };

function renameTarget(ctx: NavContext): { s: Extract<Symbol, { type: 'pod' }>; occurrences: NameOccurrence[] } | { error: string } {
  const s = symbolAt(ctx);
  if (!s) return { error: 'Nothing to rename here: rename works on the names of a pod (volumes, containers, ports, env variables, labels).' };
  if (s.type !== 'pod') return { error: `Only names inside a pod are renamed here; this ${s.type === 'ref' ? `${s.ref.kind}'s name` : 'name'} is defined by another object.` };
  const occurrences = group(s.here, s.all);
  if (!occurrences.some((o) => o.role === 'def')) return { error: `${JSON.stringify(s.here.name)} is not defined in this pod: there is nothing to rename with it.` };
  if (throughAlias(s.pod, s.here)) return { error: `${JSON.stringify(s.here.name)} is also used through a YAML alias, which a rename cannot change in place.` };
  return { s, occurrences };
}

/** Is a value of that name written through an alias somewhere in the object (a use that a rename would miss)? */
function throughAlias(pod: PodSpecModel, occ: NameOccurrence): boolean {
  const visit = (f: FieldNode): boolean => {
    if (f.viaAlias && f.kind === 'scalar' && typeof f.value === 'string' && f.value.includes(occ.name)) return true;
    return (f.children ?? []).some(visit);
  };
  return visit(pod.object);
}

export function prepareRename(ctx: NavContext): RenameCheck {
  const t = renameTarget(ctx);
  if ('error' in t) return t;
  const base = ctx.at.placed.segment.start;
  return { start: base + t.s.here.start, end: base + t.s.here.end, placeholder: t.s.here.name };
}

/** YAML 1.1 reads these plain scalars as something other than a string: such a new name is quoted. */
const NOT_PLAIN = /^(?:[-+]?(?:\d[\d_]*(?:\.[\d_]*)?|\.\d[\d_]*)(?:[eE][-+]?\d+)?|0x[0-9a-fA-F_]+|0o?[0-7_]+|0b[01_]+|[yYnN~]|yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|null|Null|NULL|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)|\d+(?::[0-5]?\d)+(?:\.\d*)?|<<)$/;
const PLAIN_SAFE = /^[\w./-][\w./ -]*$/;

/** The text that writes `name` where `occ` stands, in the quoting style of its scalar (undefined: it cannot be written there). */
function writeName(segText: string, occ: NameOccurrence, name: string): string | undefined {
  const f = occ.field;
  const isKey = occ.kind === 'labelKey';
  const [s, e] = isKey ? [f.keyStart!, f.keyEnd!] : [f.start, f.end];
  const raw = segText.slice(s, e);
  const q = raw[0];
  if (q === "'") return name.replace(/'/g, "''");
  if (q === '"') return name.replace(/[\\"]/g, '\\$&');
  if (q === '|' || q === '>') return name.includes('\n') ? undefined : name;
  // A plain scalar: a part of it (`$(VAR)`) must stay plain text; a whole one is quoted where YAML would read it otherwise.
  if (occ.start !== s || occ.end !== e) return /^[^\s#:'"]+$/.test(name) ? name : undefined;
  return plainOrQuoted(name);
}

const plainOrQuoted = (name: string): string => (NOT_PLAIN.test(name) || !PLAIN_SAFE.test(name) || name.endsWith(' ') ? JSON.stringify(name) : name);

export type RenameResult = { edits: TextEditSpec[] } | { error: string };

export function rename(ctx: NavContext, newName: string): RenameResult {
  const t = renameTarget(ctx);
  if ('error' in t) return t;
  const { s, occurrences } = t;
  const old = s.here.name;
  const kind = s.here.kind;
  if (newName === old) return { edits: [] };
  const errs = nameErrors(kind, newName, ctx.version);
  if (errs.length) return { error: `${JSON.stringify(newName)} is not a valid ${WHAT[kind]}: ${errs.join('; ')}` };
  if (kind === 'env' && /[()$]/.test(newName)) return { error: `${JSON.stringify(newName)} cannot be written inside $(…): it holds ( ) or $` };
  const clash = collision(s, newName);
  if (clash) return { error: clash };
  const segText = ctx.at.placed.segment.text;
  const base = ctx.at.placed.segment.start;
  const edits: TextEditSpec[] = [];
  for (const o of occurrences) {
    const written = writeName(segText, o, newName);
    if (written === undefined) return { error: `${JSON.stringify(newName)} cannot be written at line ${new LineIndex(ctx.text).positionAt(base + o.start).line + 1} without changing how the value reads` };
    edits.push({ start: base + o.start, end: base + o.end, newText: written });
  }
  // Services in this file that use the name: their targetPort, their selector.
  for (const loc of serviceUses(ctx, s.pod, s.here)) {
    if (loc.uri !== ctx.uri) continue;
    const raw = ctx.text.slice(loc.start, loc.end);
    const q = raw[0];
    edits.push(
      q === '"' || q === "'"
        ? { start: loc.start + 1, end: loc.end - 1, newText: q === "'" ? newName.replace(/'/g, "''") : newName.replace(/[\\"]/g, '\\$&') }
        : { start: loc.start, end: loc.end, newText: plainOrQuoted(newName) },
    );
  }
  const seen = new Set<string>();
  return {
    edits: edits
      .filter((e) => {
        const k = `${e.start}|${e.end}`;
        if (seen.has(k)) return false;
        seen.add(k);
        return true;
      })
      .sort((a, b) => a.start - b.start),
  };
}

/** Why the new name collides with a name of the same kind that already exists, or undefined. */
function collision(s: Extract<Symbol, { type: 'pod' }>, newName: string): string | undefined {
  const { here, all, pod } = s;
  switch (here.kind) {
    case 'volume':
      if (volumeTargets(pod).some((t) => t.name === newName)) return `This pod already has a volume${pod.kind === 'StatefulSet' ? ' or volume claim template' : ''} named ${JSON.stringify(newName)}`;
      return undefined;
    case 'container':
      if (pod.containers.some((c) => c.name === newName)) return `This pod already has a container named ${JSON.stringify(newName)}`;
      return undefined;
    case 'port':
    case 'env':
      if (all.some((o) => o.kind === here.kind && o.role === 'def' && o.scope === here.scope && o.name === newName)) return `This container already has ${here.kind === 'env' ? 'an environment variable' : 'a port'} named ${JSON.stringify(newName)}`;
      return undefined;
    case 'labelKey':
      if (templateLabels(pod).some((l) => l.key === newName)) return `The pod template already has a label ${JSON.stringify(newName)}`;
      return undefined;
    case 'labelValue':
      return undefined;
  }
}

// ---- hover: the Services an init container waits for --------------------------

/**
 * For a place in an init container's name, command or args: the Services its
 * wait loop waits for and where each is defined in the workspace (or that it
 * is not), as markdown lines; undefined elsewhere.
 */
export function waitsFor(ctx: NavContext): string | undefined {
  const { at } = ctx;
  const pod = at.field ? podOf(at.doc, at.field) : undefined;
  const c = pod && containerOf(pod, at.field);
  if (!pod || !c || c.list !== 'initContainers') return undefined;
  const inName = at.field === child(c.field, 'name');
  const inScript = ['command', 'args'].some((k) => ancestor(at.field, (a) => a === child(c.field, k)));
  if (!inName && !inScript) return undefined;
  const waits = serviceWaits(c, at.placed.segment.text);
  if (waits.length === 0) return undefined;
  const seen = new Set<string>();
  const lines: string[] = [];
  for (const w of waits) {
    const ns = w.namespace ?? namespaceOf(pod.object);
    const key = `${w.service}/${ns ?? ''}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const defs = ctx.view.objects('Service', w.service, ns);
    const where = defs.length ? `defined in ${mdText(ctx.view.describe(defs[0].item.loc))}` : 'not defined in the workspace (it may be created in the cluster)';
    lines.push(`- Service ${mdCode(w.service)}${w.namespace ? ` in namespace ${mdCode(w.namespace)}` : ''} (${mdText(w.tool)}): ${where}`);
  }
  return [`**${mdText(c.name ?? 'This init container')} waits for**`, '', ...lines].join('\n');
}
