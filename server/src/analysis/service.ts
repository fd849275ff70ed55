/**
 * The language service facade: diagnostics, hover, completion and code actions
 * from the model, all in offsets. The LSP server and the checker call only this.
 */
import { Engine, type FileAnalysis, type Located } from './engine';
import { DEFAULT_SETTINGS, versionOrigin, type AnalysisSettings } from './settings';
import { ORIGIN, type Finding, type FixSpec } from './findings';
import { ruleById } from './rules/index';
import { hoverAt, type HoverResult } from './hover';
import { completionsAt, type CompletionSpec } from './completion';
import { actionsAt } from './actions';
import { eolOf } from './edits';
import { timelineHtml, timelineMarkdown, timelineOf, type Timeline } from './timeline';
import { podOf } from './knowledge/pods';
import { WorkspaceIndex, extractFile } from './workspace';
import { inlayHintsOf, outlineOf, type InlayHintSpec, type OutlineSymbol } from './outline';
import type { FileEntry, Loc, WorkspaceView } from './workspaceTypes';
import { definitions, highlights, prepareRename, references, rename, waitsFor, type Highlight, type NavContext, type RenameCheck, type RenameResult } from './navigation';

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

  /** The lifecycle picture of the pod at an offset (or the file's first pod). */
  lifecycle(text: string, offset: number, nonce = ''): { timeline: Timeline; html: string; markdown: string } | undefined {
    const at = this.locate(text, offset);
    let pod = at?.field ? podOf(at.doc, at.field) : undefined;
    if (!pod && at) pod = at.doc.pods.find((p) => offset - at.placed.segment.start >= p.object.start && offset - at.placed.segment.start <= p.object.end) ?? at.doc.pods[0];
    if (!pod) return undefined;
    const timeline = timelineOf(pod);
    return { timeline, html: timelineHtml(timeline, nonce), markdown: timelineMarkdown(timeline) };
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
