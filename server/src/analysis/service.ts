/**
 * The language service facade: diagnostics, hover, completion and code actions
 * from the model, all in offsets. The LSP server and the checker call only this.
 */
import { Engine, type FileAnalysis, type Located } from './engine';
import { DEFAULT_SETTINGS, type AnalysisSettings } from './settings';
import { ORIGIN, type Finding, type FixSpec } from './findings';
import { ruleById } from './rules/index';
import { hoverAt, type HoverResult } from './hover';
import { completionsAt, type CompletionSpec } from './completion';
import { actionsAt } from './actions';
import { eolOf } from './edits';
import { timelineHtml, timelineOf, type Timeline } from './timeline';
import { podOf } from './knowledge/pods';

export class LanguageService {
  readonly engine = new Engine();

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

  hover(text: string, offset: number, settings: AnalysisSettings = DEFAULT_SETTINGS): HoverResult | undefined {
    const at = this.locate(text, offset, settings.maxFileSize);
    if (!at) return undefined;
    const h = hoverAt(at, settings);
    if (!h) return undefined;
    return { ...h, start: h.start + at.placed.segment.start, end: h.end + at.placed.segment.start };
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
  lifecycle(text: string, offset: number, nonce = ''): { timeline: Timeline; html: string } | undefined {
    const at = this.locate(text, offset);
    let pod = at?.field ? podOf(at.doc, at.field) : undefined;
    if (!pod && at) pod = at.doc.pods.find((p) => offset - at.placed.segment.start >= p.object.start && offset - at.placed.segment.start <= p.object.end) ?? at.doc.pods[0];
    if (!pod) return undefined;
    const timeline = timelineOf(pod);
    return { timeline, html: timelineHtml(timeline, nonce) };
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
