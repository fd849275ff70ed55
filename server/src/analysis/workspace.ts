/**
 * The workspace index: what each manifest of the workspace defines that pods
 * name (ConfigMaps with their keys, Secrets, Services with their selectors
 * and ports, ServiceAccounts, PVCs, PriorityClasses, kustomize generators),
 * and what each pod template names and offers (its references, labels and
 * named ports). Pure: files come in as text (the language server reads them
 * through its runtime, the checker from its inputs), so it runs in a browser
 * worker too. Lookups go nearest first: the same file, the same folder, a
 * folder above or below, then the rest.
 */
import { parseDocument, isMap, isScalar, isSeq, type Node, type Pair } from 'yaml';
import type { DocModel, FieldNode, PodSpecModel } from './model';
import { child, entries, isBroken, items, num, str } from './model';
import { LineIndex } from './text';
import { CLUSTER_SCOPED, namespaceOf, objectReferences, portTargets, templateLabels } from './knowledge/names';
import type { ReferencedKind } from './knowledge/kinds';
import type { FileEntry, IndexedLabel, IndexedObject, IndexedPod, IndexedRef, Loc, Near, WorkspaceView } from './workspaceTypes';

/** What extraction needs of the engine: the file's segments with their parses (cached by the engine). */
export interface Placer {
  place(text: string): { segment: { start: number; text: string }; parsed: { docs: DocModel[]; templated: boolean } }[];
}

const KUSTOMIZATION = /(^|\/)(kustomization\.ya?ml|Kustomization)$/;

/** Is the file a kustomization (its generators define ConfigMaps and Secrets)? */
export const isKustomization = (uri: string): boolean => KUSTOMIZATION.test(uri);

/** Builds locs in one file: offsets to positions through one line index. */
class Locator {
  private lines?: LineIndex;
  constructor(
    readonly uri: string,
    private readonly text: string,
  ) {}
  at(start: number, end: number): Loc {
    this.lines ??= new LineIndex(this.text);
    return { uri: this.uri, start, end, range: { start: this.lines.positionAt(start), end: this.lines.positionAt(end) } };
  }
}

/** What the index keeps of a file: its objects and pod templates (a kustomization: its generators). */
export function extractFile(uri: string, text: string, placer: Placer): FileEntry {
  const entry: FileEntry = { uri, objects: [], pods: [] };
  const loc = new Locator(uri, text);
  if (isKustomization(uri)) {
    extractKustomization(text, loc, entry);
    return entry;
  }
  for (const placed of placer.place(text)) {
    // Names made by template actions are unknown: a templated document defines and names nothing here.
    if (placed.parsed.templated) continue;
    const base = placed.segment.start;
    const at = (f: { start: number; end: number }): Loc => loc.at(base + f.start, base + f.end);
    for (const doc of placed.parsed.docs) {
      if (isBroken(doc)) continue;
      for (const obj of doc.referenced ?? []) {
        const o = indexObject(obj, at);
        if (o) entry.objects.push(o);
      }
      for (const pod of doc.pods) entry.pods.push(indexPod(uri, pod, placed.segment.text, at));
    }
  }
  return entry;
}

const valueLoc = (f: FieldNode, at: (f: { start: number; end: number }) => Loc): Loc => at(f);

function keyLoc(f: FieldNode, at: (f: { start: number; end: number }) => Loc): Loc {
  return at({ start: f.keyStart ?? f.start, end: f.keyEnd ?? f.end });
}

function indexObject(obj: FieldNode, at: (f: { start: number; end: number }) => Loc): IndexedObject | undefined {
  const kind = str(child(obj, 'kind')) as ReferencedKind | undefined;
  const nameField = child(child(obj, 'metadata'), 'name');
  const name = str(nameField);
  if (!kind || !name || !nameField) return undefined;
  const o: IndexedObject = { kind, name, loc: valueLoc(nameField, at) };
  const ns = namespaceOf(obj);
  if (ns && !CLUSTER_SCOPED.includes(kind)) o.namespace = ns;
  if (kind === 'ConfigMap' || kind === 'Secret') {
    const type = str(child(obj, 'type'));
    // A token Secret's keys are filled in by the token controller.
    if (kind === 'Secret' && type === 'kubernetes.io/service-account-token') return o;
    o.keys = [];
    for (const section of kind === 'ConfigMap' ? ['data', 'binaryData'] : ['data', 'stringData']) {
      for (const e of entries(child(obj, section))) if (e.key !== undefined) o.keys.push({ name: e.key, loc: keyLoc(e, at) });
    }
  }
  if (kind === 'Service') {
    const spec = child(obj, 'spec');
    o.serviceType = str(child(spec, 'type'));
    const sel = child(spec, 'selector');
    if (sel && sel.kind === 'map' && sel.children?.length) o.selector = labelsOf(entries(sel), at);
    o.ports = [];
    for (const p of items(child(spec, 'ports'))) {
      const tp = child(p, 'targetPort');
      const target = str(tp) ?? num(tp);
      o.ports.push({
        name: str(child(p, 'name')),
        port: num(child(p, 'port')),
        targetPort: target,
        targetLoc: tp && target !== undefined ? valueLoc(tp, at) : undefined,
        loc: at(p),
      });
    }
  }
  return o;
}

function labelsOf(list: FieldNode[], at: (f: { start: number; end: number }) => Loc): IndexedLabel[] {
  const out: IndexedLabel[] = [];
  for (const e of list) {
    if (e.key === undefined) continue;
    const v = e.kind === 'scalar' ? String(e.value) : '';
    out.push({ key: e.key, value: v, keyLoc: keyLoc(e, at), valueLoc: e.kind === 'scalar' ? valueLoc(e, at) : undefined });
  }
  return out;
}

function indexPod(uri: string, pod: PodSpecModel, segText: string, at: (f: { start: number; end: number }) => Loc): IndexedPod {
  const nameField = child(child(pod.object, 'metadata'), 'name');
  const title = `${pod.kind} ${str(nameField) ?? '(unnamed)'}`;
  const namespace = namespaceOf(pod.object);
  const ports: IndexedPod['ports'] = [];
  for (const c of pod.containers) {
    if (c.role === 'ephemeral') continue;
    for (const t of portTargets(c)) ports.push({ container: c.name ?? '', name: t.name, number: num(child(t.entry, 'containerPort')), loc: valueLoc(t.field, at) });
  }
  const refs: IndexedRef[] = objectReferences(pod, segText).map((r) => {
    const ref: IndexedRef = { kind: r.kind, name: r.name, loc: at(r), optional: !!r.optional, via: r.via, pod: title };
    const ns = r.namespace ?? namespace;
    if (ns && !CLUSTER_SCOPED.includes(r.kind)) ref.namespace = ns;
    if (r.key) ref.key = { name: r.key.name, loc: at(r.key) };
    return ref;
  });
  return {
    uri,
    title,
    namespace,
    loc: nameField && str(nameField) ? valueLoc(nameField, at) : at({ start: pod.object.start, end: pod.object.start }),
    labels: labelsOf(templateLabels(pod), at),
    ports,
    refs,
  };
}

/**
 * A kustomization's generators: each `configMapGenerator` and
 * `secretGenerator` entry defines an object of its name (kustomize rewrites
 * the references to the generated name). Keys come from `literals`
 * (`KEY=value`) and `files` (`key=path`, else the file's name); `envs` keys
 * are in other files: unknown.
 */
function extractKustomization(text: string, loc: Locator, entry: FileEntry): void {
  let doc;
  try {
    doc = parseDocument(text, { version: '1.1', uniqueKeys: false, prettyErrors: false });
  } catch {
    return;
  }
  const root = doc.contents as Node | null;
  if (!root || !isMap(root)) return;
  const get = (m: Node | null | undefined, key: string): Node | undefined => {
    if (!m || !isMap(m)) return undefined;
    const pair = (m.items as Pair[]).find((p) => isScalar(p.key) && p.key.value === key);
    return (pair?.value as Node | null | undefined) ?? undefined;
  };
  const scalar = (n: Node | undefined): string | undefined => (n && isScalar(n) && typeof n.value === 'string' ? n.value : undefined);
  const at = (n: Node): Loc => loc.at(n.range?.[0] ?? 0, n.range?.[1] ?? 0);
  const namespace = scalar(get(root, 'namespace'));
  for (const [section, kind] of [
    ['configMapGenerator', 'ConfigMap'],
    ['secretGenerator', 'Secret'],
  ] as const) {
    const list = get(root, section);
    if (!list || !isSeq(list)) continue;
    for (const g of list.items as Node[]) {
      const nameNode = get(g, 'name');
      const name = scalar(nameNode);
      if (!name || !nameNode) continue;
      const b = scalar(get(g, 'behavior'));
      const o: IndexedObject = { kind, name, loc: at(nameNode), generator: { behavior: b === 'merge' || b === 'replace' ? b : 'create' } };
      const ns = scalar(get(g, 'namespace')) ?? namespace;
      if (ns) o.namespace = ns;
      const keys: { name: string; loc: Loc }[] = [];
      let known = !get(g, 'envs') && !get(g, 'env');
      const literals = get(g, 'literals');
      if (literals && isSeq(literals)) {
        for (const l of literals.items as Node[]) {
          const s = scalar(l);
          const eq = s?.indexOf('=') ?? -1;
          if (!s || eq <= 0) {
            known = false;
            continue;
          }
          const start = (l.range?.[0] ?? 0) + (text[l.range?.[0] ?? 0] === '"' || text[l.range?.[0] ?? 0] === "'" ? 1 : 0);
          keys.push({ name: s.slice(0, eq), loc: loc.at(start, start + eq) });
        }
      }
      const files = get(g, 'files');
      if (files && isSeq(files)) {
        for (const f of files.items as Node[]) {
          const s = scalar(f);
          if (!s) {
            known = false;
            continue;
          }
          const eq = s.indexOf('=');
          keys.push({ name: eq > 0 ? s.slice(0, eq) : s.slice(s.lastIndexOf('/') + 1), loc: at(f) });
        }
      }
      if (known) o.keys = keys;
      entry.objects.push(o);
    }
  }
}

// ---- the index ----------------------------------------------------------------

const dirOf = (uri: string): string => uri.slice(0, uri.lastIndexOf('/'));

/** 0 the same file, 1 the same folder, 2 a folder above or below, 3 elsewhere. */
function distance(from: string, to: string): number {
  if (from === to) return 0;
  const a = dirOf(from);
  const b = dirOf(to);
  if (a === b) return 1;
  if (a.startsWith(`${b}/`) || b.startsWith(`${a}/`)) return 2;
  return 3;
}

/** Namespaces match when they are equal or one of them is not said (the namespace it is applied to). */
const sameNamespace = (a: string | undefined, b: string | undefined): boolean => !a || !b || a === b;

const selects = (selector: readonly { key: string; value: string }[], labels: readonly { key: string; value: string }[]): boolean =>
  selector.length > 0 && selector.every((s) => labels.some((l) => l.key === s.key && l.value === s.value));

/** A file entry without its places: what the analysis of other files depends on. */
function signature(e: FileEntry): string {
  return JSON.stringify(e, (k, v: unknown) => (k === 'loc' || k === 'keyLoc' || k === 'valueLoc' || k === 'targetLoc' ? undefined : v));
}

export class WorkspaceIndex {
  private files = new Map<string, { entry: FileEntry; sig: string }>();
  private objectsByName?: Map<string, IndexedObject[]>;
  private refsByName?: Map<string, IndexedRef[]>;
  /** Bumped when what a file defines or names changes (not when it only moves): the findings of other files may change. */
  generation = 0;

  get size(): number {
    return this.files.size;
  }

  has(uri: string): boolean {
    return this.files.has(uri);
  }

  entry(uri: string): FileEntry | undefined {
    return this.files.get(uri)?.entry;
  }

  /** Stores a file's entry; true when what it defines or names changed. */
  set(entry: FileEntry): boolean {
    const sig = signature(entry);
    const old = this.files.get(entry.uri);
    this.files.set(entry.uri, { entry, sig });
    this.objectsByName = this.refsByName = undefined;
    if (old?.sig === sig) return false;
    this.generation++;
    return true;
  }

  delete(uri: string): boolean {
    if (!this.files.delete(uri)) return false;
    this.objectsByName = this.refsByName = undefined;
    this.generation++;
    return true;
  }

  clear(): void {
    this.files.clear();
    this.objectsByName = this.refsByName = undefined;
    this.generation++;
  }

  /** Counts for `podPatterns/stats` and tests. */
  stats(): { files: number; objects: number; pods: number } {
    let objects = 0;
    let pods = 0;
    for (const { entry } of this.files.values()) {
      objects += entry.objects.length;
      pods += entry.pods.length;
    }
    return { files: this.files.size, objects, pods };
  }

  private byName(): { objects: Map<string, IndexedObject[]>; refs: Map<string, IndexedRef[]> } {
    if (!this.objectsByName || !this.refsByName) {
      const objects = new Map<string, IndexedObject[]>();
      const refs = new Map<string, IndexedRef[]>();
      const add = <T>(m: Map<string, T[]>, k: string, v: T): void => {
        const l = m.get(k);
        if (l) l.push(v);
        else m.set(k, [v]);
      };
      for (const { entry } of this.files.values()) {
        for (const o of entry.objects) add(objects, `${o.kind}/${o.name}`, o);
        for (const p of entry.pods) for (const r of p.refs) add(refs, `${r.kind}/${r.name}`, r);
      }
      this.objectsByName = objects;
      this.refsByName = refs;
    }
    return { objects: this.objectsByName, refs: this.refsByName };
  }

  private allPods(): IndexedPod[] {
    const out: IndexedPod[] = [];
    for (const { entry } of this.files.values()) out.push(...entry.pods);
    return out;
  }

  /**
   * The index as `uri` sees it; `current` stands for that file's entry (an
   * open document's text, newer than what the index holds).
   */
  view(uri: string, current?: FileEntry): WorkspaceView {
    const ownObjects = current?.objects;
    const ownPods = current?.pods;
    const objectsNamed = (kind: ReferencedKind, name: string): IndexedObject[] => {
      const all = this.byName().objects.get(`${kind}/${name}`) ?? [];
      if (!current) return all;
      return [...all.filter((o) => o.loc.uri !== uri), ...(ownObjects ?? []).filter((o) => o.kind === kind && o.name === name)];
    };
    const pods = (): IndexedPod[] => (current ? [...this.allPods().filter((p) => p.uri !== uri), ...(ownPods ?? [])] : this.allPods());
    const nearest = <T>(list: T[], uriOf: (t: T) => string): Near<T>[] =>
      list
        .map((item) => ({ item, d: distance(uri, uriOf(item)) }))
        .sort((a, b) => a.d - b.d || (uriOf(a.item) < uriOf(b.item) ? -1 : uriOf(a.item) > uriOf(b.item) ? 1 : 0))
        .map(({ item, d }) => ({ item, near: d <= 2 }));
    return {
      uri,
      objects: (kind, name, namespace) =>
        nearest(
          objectsNamed(kind, name).filter((o) => CLUSTER_SCOPED.includes(kind) || sameNamespace(o.namespace, namespace)),
          (o) => o.loc.uri,
        ),
      podsSelected: (selector, namespace) =>
        nearest(
          pods().filter((p) => sameNamespace(p.namespace, namespace) && selects(selector, p.labels)),
          (p) => p.uri,
        ),
      // A pod template whose labels a substitution fills in (`${APP}`) may match anything: then none counts as known.
      podsNear: (namespace) => {
        const near = pods().filter((p) => sameNamespace(p.namespace, namespace) && distance(uri, p.uri) <= 2);
        return near.some((p) => p.labels.some((l) => /[$({<]/.test(l.value) || /[$({<]/.test(l.key))) ? 0 : near.length;
      },
      referencesTo: (kind, name, namespace, key) => {
        const all = this.byName().refs.get(`${kind}/${name}`) ?? [];
        const own = current ? (ownPods ?? []).flatMap((p) => p.refs.filter((r) => r.kind === kind && r.name === name)) : [];
        return [...all.filter((r) => !current || r.loc.uri !== uri), ...own].filter(
          (r) => (CLUSTER_SCOPED.includes(kind) || sameNamespace(r.namespace, namespace)) && (key === undefined || r.key?.name === key),
        );
      },
      servicesSelecting: (labels, namespace) => {
        const out: IndexedObject[] = [];
        const entries = current ? [...[...this.files.values()].map((f) => f.entry).filter((e) => e.uri !== uri), current] : [...this.files.values()].map((f) => f.entry);
        for (const e of entries) for (const o of e.objects) if (o.kind === 'Service' && o.selector && sameNamespace(o.namespace, namespace) && selects(o.selector, labels)) out.push(o);
        return out;
      },
      describe: (loc) => {
        const line = `line ${loc.range.start.line + 1}`;
        if (loc.uri === uri) return line;
        let name = loc.uri.slice(loc.uri.lastIndexOf('/') + 1);
        try {
          name = decodeURIComponent(name);
        } catch {
          // Shown as it is.
        }
        return `${name}, ${line}`;
      },
    };
  }
}
