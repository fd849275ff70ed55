/**
 * The language service facade: diagnostics, hover, completion and code actions
 * from the model, all in offsets. The LSP server and the checker call only this.
 */
import { Engine, type FileAnalysis, type Located, type PlacedSegment } from './engine';
import type { DocModel, PodSpecModel } from './model';
import { child, str } from './model';
import { DEFAULT_SETTINGS, versionOrigin, type AnalysisSettings } from './settings';
import { ORIGIN, type Finding, type FixSpec } from './findings';
import { ruleById } from './rules/index';
import { hoverAt, type HoverResult } from './hover';
import { completionsAt, type CompletionSpec } from './completion';
import { actionsAt } from './actions';
import { eolOf } from './edits';
import { lifecycleNoticeHtml, timelineHtml, timelineMarkdown, timelineOf, type Timeline } from './timeline';
import { podOf } from './knowledge/pods';
import { WorkspaceIndex, extractFile } from './workspace';
import { inlayHintsOf, outlineOf, type InlayHintSpec, type OutlineSymbol } from './outline';
import type { FileEntry, Loc, WorkspaceView } from './workspaceTypes';
import { definitions, highlights, prepareRename, references, rename, waitsFor, type Highlight, type NavContext, type RenameCheck, type RenameResult } from './navigation';

/**
 * What finds a pod again after edits (the lifecycle view follows it): the
 * index of its YAML document in the file, the object in that document (0,
 * or the item of a List), the pod spec's path in the object, and the
 * object's kind and name. Lines inserted above it change none of these;
 * documents inserted above change only `document`, renaming the object only
 * `name`, and either alone still finds it.
 */
export interface PodKey {
  document: number;
  object: number;
  path: string;
  kind: string;
  name?: string;
}

/** The lifecycle view of a pod: its key, a title, and the page (a timeline, or a notice that says why there is none). */
export interface LifecyclePage {
  key: PodKey;
  title: string;
  html: string;
  markdown: string;
  timeline?: Timeline;
  /** Set when there is no timeline: why (the pod is gone, its YAML does not parse). */
  notice?: string;
}

interface PodAt {
  placed: PlacedSegment;
  doc: DocModel;
  pod: PodSpecModel;
  key: PodKey;
}

function keyOf(document: number, doc: DocModel, pod: PodSpecModel): PodKey {
  const name = str(child(child(pod.object, 'metadata'), 'name'));
  return { document, object: Math.max(0, doc.objects.indexOf(pod.object)), path: pod.path, kind: pod.kind, ...(name !== undefined ? { name } : {}) };
}

/** A key from a client: checked field by field (bad input is no key). */
export function podKeyFrom(v: unknown): PodKey | undefined {
  const k = v as Partial<Record<keyof PodKey, unknown>> | null | undefined;
  if (!k || typeof k !== 'object') return undefined;
  const { document, object, path, kind, name } = k;
  if (!Number.isInteger(document) || !Number.isInteger(object) || typeof path !== 'string' || typeof kind !== 'string') return undefined;
  if (name !== undefined && typeof name !== 'string') return undefined;
  return { document: document as number, object: object as number, path, kind, ...(name !== undefined ? { name } : {}) };
}

export class LanguageService {
  readonly engine = new Engine();
  /** What the other files of the workspace define and name (filled by the server or the checker; empty: this file alone). */
  readonly workspace = new WorkspaceIndex();

  analyze(text: string, settings: AnalysisSettings = DEFAULT_SETTINGS, isCancelled?: () => boolean): FileAnalysis {
    return this.engine.analyze(text, settings, isCancelled);
  }

  /** The findings of a text checked once (the checker): as `analyze`, but nothing is kept and findings carry no fixes (see Engine.checkOnce). */
  check(text: string, settings: AnalysisSettings = DEFAULT_SETTINGS): FileAnalysis['findings'] {
    return this.engine.checkOnce(text, settings);
  }

  /** The document and the field under an absolute offset (see Engine.locate). */
  locate(text: string, offset: number, maxFileSize = DEFAULT_SETTINGS.maxFileSize): Located | undefined {
    return this.engine.locate(text, offset, maxFileSize);
  }

  /** The hover at an offset; with the file's uri, an init container's hover also says where the Services it waits for are defined. */
  hover(text: string, offset: number, settings: AnalysisSettings = DEFAULT_SETTINGS, uri?: string): HoverResult | undefined {
    const at = this.locate(text, offset, settings.maxFileSize);
    if (!at) return undefined;
    const h = hoverAt(at, settings);
    if (!h) return undefined;
    const waits = uri ? waitsFor({ uri, text, at, version: settings.kubernetesVersion, view: this.viewFor(uri, text, settings) }) : undefined;
    return { ...h, markdown: waits ? `${h.markdown}\n\n---\n\n${waits}` : h.markdown, start: h.start + at.placed.segment.start, end: h.end + at.placed.segment.start };
  }

  complete(text: string, offset: number, settings: AnalysisSettings = DEFAULT_SETTINGS): CompletionSpec[] {
    const at = this.locate(text, offset, settings.maxFileSize);
    return completionsAt(text, offset, at, settings);
  }

  /** Every pod spec in the file, with the offset where its code lens goes (the object's first line). */
  podSpecs(text: string, settings: AnalysisSettings = DEFAULT_SETTINGS): { offset: number; title: string }[] {
    const out: { offset: number; title: string }[] = [];
    if (text.length > settings.maxFileSize) return out;
    for (const placed of this.engine.place(text)) {
      if (placed.parsed.templated) continue;
      for (const doc of placed.parsed.docs) {
        for (const pod of doc.pods) out.push({ offset: placed.segment.start + (pod.object.keyStart ?? pod.object.start), title: timelineOf(pod).title });
      }
    }
    return out;
  }

  /** The lifecycle picture of the pod at an offset (or the first pod of the document there), with the key that finds it again. */
  lifecycle(text: string, offset: number, nonce = '', settings?: AnalysisSettings): LifecyclePage | undefined {
    const at = this.locate(text, offset, settings?.maxFileSize);
    if (!at) return undefined;
    if (settings) this.engine.setPodTemplatePaths(settings.podTemplatePaths);
    let pod = at.field ? podOf(at.doc, at.field) : undefined;
    pod ??= at.doc.pods.find((p) => at.local >= p.object.start && at.local <= p.object.end) ?? at.doc.pods[0];
    if (!pod) return undefined;
    return this.pageOf(text, { placed: at.placed, doc: at.doc, pod }, nonce, settings);
  }

  /**
   * The lifecycle picture of the pod a key names, after any edit (see
   * PodKey): the same kind, name and spec path first (in the document of the
   * key's index when several match), else the same document index, object
   * and path (the pod was renamed). When there is no such pod, or its YAML no
   * longer parses, the page says so, under the key asked for.
   */
  lifecycleOfKey(text: string, key: PodKey, nonce = '', settings?: AnalysisSettings): LifecyclePage {
    const title = `${key.kind} ${key.name ?? '(unnamed)'}`;
    const notice = (message: string): LifecyclePage => ({ key, title, html: lifecycleNoticeHtml(title, message, nonce), markdown: `### Lifecycle of ${title}\n\n${message}\n`, notice: message });
    if (text.length > (settings?.maxFileSize ?? DEFAULT_SETTINGS.maxFileSize)) return notice('The file is larger than the `podPatterns.maxFileSize` setting: it is not read.');
    if (settings) this.engine.setPodTemplatePaths(settings.podTemplatePaths);
    const candidates = [...this.podsOf(text)];
    const same = (c: PodAt): boolean => c.key.kind === key.kind && c.key.path === key.path;
    const byName = candidates.filter((c) => same(c) && c.key.name === key.name);
    const found =
      byName.find((c) => c.key.document === key.document && c.key.object === key.object) ??
      byName.sort((a, b) => Math.abs(a.key.document - key.document) - Math.abs(b.key.document - key.document))[0] ??
      candidates.find((c) => same(c) && c.key.document === key.document && c.key.object === key.object);
    if (found) return this.pageOf(text, found, nonce, settings);
    const broken = this.firstSyntaxError(text);
    if (broken) return notice(`The YAML does not parse (line ${broken.line}: ${broken.message}). The lifecycle shows again once it does.`);
    return notice(`There is no ${title} in this file any more (it was YAML document ${key.document + 1}, at \`${key.path}\`). The lifecycle shows again when it is back.`);
  }

  /** Every pod spec of the file with its key (documents of templates, which are not what the cluster gets, left out). */
  private *podsOf(text: string): Generator<PodAt> {
    for (const placed of this.engine.place(text)) {
      if (placed.parsed.templated) continue;
      for (const doc of placed.parsed.docs) for (const pod of doc.pods) yield { placed, doc, pod, key: keyOf(placed.firstDocument + doc.indexInSegment, doc, pod) };
    }
  }

  /** The first YAML syntax error of the file: its line (1-based) and message. */
  private firstSyntaxError(text: string): { line: number; message: string } | undefined {
    for (const placed of this.engine.place(text)) {
      for (const doc of placed.parsed.docs) {
        const e = doc.yaml.errors[0];
        if (!e) continue;
        const offset = placed.segment.start + (e.pos?.[0] ?? 0);
        let line = 1;
        for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) line++;
        return { line, message: e.message.split('\n')[0] };
      }
    }
    return undefined;
  }

  private pageOf(text: string, at: { placed: PlacedSegment; doc: DocModel; pod: PodSpecModel; key?: PodKey }, nonce: string, settings?: AnalysisSettings): LifecyclePage {
    const key = at.key ?? keyOf(at.placed.firstDocument + at.doc.indexInSegment, at.doc, at.pod);
    const timeline = timelineOf(at.pod, settings?.kubernetesVersion);
    const error = at.doc.yaml.errors[0];
    if (error) {
      // A pod read from YAML that does not parse may be anything: no picture until it parses again.
      const broken = this.firstSyntaxError(text);
      const message = `The YAML of this pod does not parse (line ${broken?.line ?? '?'}: ${broken?.message ?? error.message.split('\n')[0]}). The lifecycle shows again once it does.`;
      return { key, title: timeline.title, html: lifecycleNoticeHtml(timeline.title, message, nonce), markdown: `### Lifecycle of ${timeline.title}\n\n${message}\n`, notice: message };
    }
    return { key, title: timeline.title, timeline, html: timelineHtml(timeline, nonce), markdown: timelineMarkdown(timeline) };
  }

  /** The outline: per object its pod spec's containers in start order and its volumes (empty when switched off). */
  symbols(text: string, settings: AnalysisSettings = DEFAULT_SETTINGS): OutlineSymbol[] {
    if (settings.outline === false || text.length > settings.maxFileSize) return [];
    this.engine.setPodTemplatePaths(settings.podTemplatePaths);
    return outlineOf(this.engine.place(text));
  }

  /** Inlay hints between two offsets, as the settings switch them on. */
  inlayHints(text: string, start: number, end: number, settings: AnalysisSettings = DEFAULT_SETTINGS): InlayHintSpec[] {
    if (text.length > settings.maxFileSize) return [];
    this.engine.setPodTemplatePaths(settings.podTemplatePaths);
    return inlayHintsOf(this.engine.place(text), start, end, settings);
  }

  // ---- the workspace and navigation -------------------------------------------

  /** What the index keeps of a file's text (its objects, pod templates and references). */
  extract(uri: string, text: string, settings: AnalysisSettings = DEFAULT_SETTINGS): FileEntry {
    if (text.length > settings.maxFileSize) return { uri, objects: [], pods: [] };
    this.engine.setPodTemplatePaths(settings.podTemplatePaths);
    return extractFile(uri, text, this.engine);
  }

  /** Stores (or replaces) a file in the workspace index; true when what it defines or names changed. */
  indexFile(uri: string, text: string, settings: AnalysisSettings = DEFAULT_SETTINGS): boolean {
    return this.workspace.set(this.extract(uri, text, settings));
  }

  /** The workspace as a file sees it, with its current text standing for what the index holds of it. */
  viewOf(uri: string, text: string, settings: AnalysisSettings = DEFAULT_SETTINGS): WorkspaceView {
    return this.workspace.view(uri, this.extract(uri, text, settings));
  }

  /** The findings of the rules that look across objects and files (workspace index), absolute offsets. */
  workspaceFindings(uri: string, text: string, settings: AnalysisSettings = DEFAULT_SETTINGS, isCancelled?: () => boolean): FileAnalysis['findings'] {
    if (settings.workspaceIndex === false) return [];
    return this.engine.checkWorkspace(text, settings, this.viewOf(uri, text, settings), isCancelled);
  }

  /** The workspace as navigation sees it: the index, or this file alone when the index is switched off. */
  private viewFor(uri: string, text: string, settings: AnalysisSettings): WorkspaceView {
    return settings.workspaceIndex === false ? new WorkspaceIndex().view(uri, this.extract(uri, text, settings)) : this.viewOf(uri, text, settings);
  }

  private navContext(uri: string, text: string, offset: number, settings: AnalysisSettings): NavContext | undefined {
    const at = this.locate(text, offset, settings.maxFileSize);
    if (!at) return undefined;
    return { uri, text, at, version: settings.kubernetesVersion, view: this.viewFor(uri, text, settings) };
  }

  /** Where the name under the cursor is defined (in this file or another of the workspace). */
  definition(uri: string, text: string, offset: number, settings: AnalysisSettings = DEFAULT_SETTINGS): Loc[] {
    const ctx = this.navContext(uri, text, offset, settings);
    return ctx ? definitions(ctx) : [];
  }

  /** Every place that names the same thing as the name under the cursor. */
  references(uri: string, text: string, offset: number, includeDeclaration: boolean, settings: AnalysisSettings = DEFAULT_SETTINGS): Loc[] {
    const ctx = this.navContext(uri, text, offset, settings);
    return ctx ? references(ctx, includeDeclaration) : [];
  }

  /** The occurrences in this file of the name under the cursor. */
  highlights(uri: string, text: string, offset: number, settings: AnalysisSettings = DEFAULT_SETTINGS): Highlight[] {
    const ctx = this.navContext(uri, text, offset, settings);
    return ctx ? highlights(ctx) : [];
  }

  /** Whether the name under the cursor can be renamed: its range and text, or why not. */
  prepareRename(uri: string, text: string, offset: number, settings: AnalysisSettings = DEFAULT_SETTINGS): RenameCheck {
    const ctx = this.navContext(uri, text, offset, settings);
    return ctx ? prepareRename(ctx) : { error: 'Nothing to rename here.' };
  }

  /** The edits (in this file) that rename the name under the cursor, or why the new name is refused. */
  rename(uri: string, text: string, offset: number, newName: string, settings: AnalysisSettings = DEFAULT_SETTINGS): RenameResult {
    const ctx = this.navContext(uri, text, offset, settings);
    return ctx ? rename(ctx, newName) : { error: 'Nothing to rename here.' };
  }

  /**
   * Code actions for a range: the fixes of the given findings (each rule's fix
   * gets the node and data its check reported), a suppression comment for
   * each, then the pattern insertions available there. A fix that throws is
   * not offered, and `onError` hears of it.
   */
  codeActions(
    text: string,
    start: number,
    end: number,
    findings: Finding[],
    settings: AnalysisSettings = DEFAULT_SETTINGS,
    onError: (what: string, e: unknown) => void = () => {},
  ): FixSpec[] {
    const out: FixSpec[] = [];
    for (const finding of findings) {
      const rule = ruleById(finding.rule);
      const origin = finding[ORIGIN];
      if (!rule?.fix || !origin || origin.text === undefined || origin.base === undefined) continue;
      const base = origin.base;
      try {
        const fixes = rule.fix({
          field: origin.field,
          pod: origin.pod,
          object: origin.object,
          data: finding.data,
          doc: origin.doc,
          text: origin.text,
          version: settings.kubernetesVersion,
          versionOrigin: versionOrigin(settings),
        });
        for (const fix of fixes) out.push({ ...fix, rule: finding.rule, edits: fix.edits.map((e) => ({ ...e, start: e.start + base, end: e.end + base })) });
      } catch (e) {
        onError(`the fix of ${finding.rule}`, e);
      }
    }
    for (const finding of findings) {
      if (ruleById(finding.rule)?.policy?.suppressible === false) continue;
      out.push({ ...suppressFix(text, finding), rule: finding.rule });
    }
    const at = this.locate(text, start, settings.maxFileSize);
    if (at) {
      const base = at.placed.segment.start;
      for (const fix of actionsAt(at, start - base, end - base, settings, onError)) {
        out.push({ ...fix, edits: fix.edits.map((e) => ({ ...e, start: e.start + base, end: e.end + base })) });
      }
    }
    // A quick fix and a refactoring that make the same edit are offered once (the quick fix).
    const seen = new Set<string>();
    return out.filter((f) => {
      if (f.edits.length === 0) return true;
      const key = JSON.stringify(f.edits.map((e) => [e.start, e.end, e.newText]));
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  }
}

/** "Suppress <rule> on this line": a `# podpatterns-disable-next-line` comment above, at the line's indentation. */
export function suppressFix(text: string, finding: Finding): FixSpec {
  const lineStart = text.lastIndexOf('\n', finding.start - 1) + 1;
  const indent = /^[ \t]*/.exec(text.slice(lineStart))![0].replace(/\t/g, '  ');
  const eol = eolOf(text);
  return {
    title: `Suppress ${finding.rule} on this line`,
    kind: 'quickfix',
    edits: [{ start: lineStart, end: lineStart, newText: `${indent}# podpatterns-disable-next-line ${finding.rule}${eol}` }],
  };
}
