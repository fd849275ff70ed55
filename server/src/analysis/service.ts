/**
 * The language service facade: diagnostics, hover, completion and code actions
 * from the model, all in offsets. The LSP server and the checker call only this.
 */
import { Engine, DEFAULT_SETTINGS, type AnalysisSettings, type FileAnalysis, type PlacedSegment } from './engine';
import type { DocModel, FieldNode } from './model';
import { fieldAt } from './model';
import type { Finding, FixSpec } from './rules/api';
import { ruleById } from './rules/index';
import { hoverAt, type HoverResult } from './hover';
import { completionsAt, type CompletionSpec } from './completion';
import { actionsAt } from './actions';
import { timelineHtml, timelineOf, type Timeline } from './timeline';
import { podOf } from './explain';

export interface Located {
  placed: PlacedSegment;
  doc: DocModel;
  /** Offset relative to the segment. */
  local: number;
  field?: FieldNode;
}

export class LanguageService {
  readonly engine = new Engine();

  analyze(text: string, settings: AnalysisSettings = DEFAULT_SETTINGS, isCancelled?: () => boolean): FileAnalysis {
    return this.engine.analyze(text, settings, isCancelled);
  }

  /**
   * Finds the document and the field under an absolute offset. Past the size
   * limit nothing is parsed (analyze says so with file/too-large), so requests
   * on a huge file cost nothing.
   */
  locate(text: string, offset: number, maxFileSize = DEFAULT_SETTINGS.maxFileSize): Located | undefined {
    if (text.length > maxFileSize) return undefined;
    const segments = this.engine.place(text);
    for (const placed of segments) {
      const { segment } = placed;
      if (offset < segment.start || offset > segment.end) continue;
      const local = offset - segment.start;
      for (const doc of placed.parsed.docs) {
        const r = doc.yaml.range;
        if (r && (local < r[0] || local > r[2])) continue;
        return { placed, doc, local, field: fieldAt(doc.root, local) };
      }
      const doc = placed.parsed.docs[0];
      if (doc) return { placed, doc, local, field: fieldAt(doc.root, local) };
    }
    return undefined;
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
   * Code actions for a range: the fixes of the given findings (found by their
   * rule id, never by message), then the pattern insertions available there.
   */
  codeActions(
    text: string,
    start: number,
    end: number,
    findings: Finding[],
    settings: AnalysisSettings = DEFAULT_SETTINGS,
  ): FixSpec[] {
    const out: FixSpec[] = [];
    const at = this.locate(text, start, settings.maxFileSize);
    for (const finding of findings) {
      const rule = ruleById(finding.rule);
      if (!rule?.fix) continue;
      const loc = this.locate(text, finding.start, settings.maxFileSize);
      if (!loc) continue;
      const base = loc.placed.segment.start;
      const local: Finding = { ...finding, start: finding.start - base, end: finding.end - base };
      try {
        for (const fix of rule.fix({ finding: local, doc: loc.doc, text: loc.placed.segment.text, version: settings.kubernetesVersion })) {
          out.push({ ...fix, rule: finding.rule, edits: fix.edits.map((e) => ({ ...e, start: e.start + base, end: e.end + base })) });
        }
      } catch {
        // A fix that cannot be built is not offered.
      }
    }
    for (const finding of findings) {
      if (finding.rule.startsWith('suppression/')) continue;
      out.push({ ...suppressFix(text, finding), rule: finding.rule });
    }
    if (at) {
      const base = at.placed.segment.start;
      for (const fix of actionsAt(at, start - base, end - base, settings)) {
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
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  return {
    title: `Suppress ${finding.rule} on this line`,
    kind: 'quickfix',
    edits: [{ start: lineStart, end: lineStart, newText: `${indent}# podpatterns-disable-next-line ${finding.rule}${eol}` }],
  };
}
