/**
 * Documents that are not complete manifests yet: Helm and other Go templates
 * (`{{ }}` actions) and examples with placeholders (`<YOUR-IMAGE>`). Template
 * actions are masked so that the YAML around them still parses with the same
 * offsets: an action alone on its line becomes blanks, an action inside a
 * value becomes a `<…>` placeholder of the same length.
 */

export interface Masked {
  text: string;
  /** Ranges of the masked actions (and placeholders), in the text's offsets. */
  spans: [number, number][];
  /**
   * Lines (as offset ranges) of the keys above an action that stands alone on
   * its line: the action may add entries to those maps, so what is said about
   * them (a missing selector, an empty list) cannot be trusted.
   */
  enclosing: [number, number][];
}

const ACTION = /\{\{[\s\S]*?\}\}/g;

export function hasTemplateActions(text: string): boolean {
  return text.includes('{{') && /\{\{[\s\S]*?\}\}/.test(text);
}

export function maskTemplates(text: string): Masked {
  const spans: [number, number][] = [];
  const enclosing: [number, number][] = [];
  let out = '';
  let last = 0;
  ACTION.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = ACTION.exec(text))) {
    const s = m.index;
    const e = s + m[0].length;
    spans.push([s, e]);
    out += text.slice(last, s);
    const lineStart = text.lastIndexOf('\n', s - 1) + 1;
    let lineEnd = text.indexOf('\n', e);
    if (lineEnd < 0) lineEnd = text.length;
    const rest = text.slice(lineStart, s) + text.slice(e, lineEnd);
    const alone = /^[\s]*$/.test(rest.replace(/\{\{[\s\S]*?\}\}/g, ''));
    if (alone || m[0].includes('\n')) {
      // Control actions and includes on their own lines: blanks, newlines kept.
      out += m[0].replace(/[^\n]/g, ' ');
      enclosingKeys(text, lineStart, s - lineStart, enclosing);
    } else {
      out += '<' + 'x'.repeat(Math.max(0, m[0].length - 2)) + '>';
    }
    last = e;
  }
  out += text.slice(last);
  return { text: out, spans, enclosing };
}

/** Collects the lines of the keys that enclose a line indented by `indent` (each less indented than the last). */
function enclosingKeys(text: string, lineStart: number, indent: number, out: [number, number][]): void {
  let limit = indent;
  let end = lineStart - 1;
  while (end > 0 && limit > 0) {
    const start = text.lastIndexOf('\n', end - 1) + 1;
    const line = text.slice(start, end);
    const ind = /^[ -]*/.exec(line)![0].length;
    if (line.trim() && !line.trim().startsWith('#') && !line.trim().startsWith('{{') && ind < limit) {
      out.push([start, end]);
      limit = ind;
    }
    end = start - 1;
  }
}

/**
 * A value that stands for something the user must fill in: `<YOUR-IMAGE>`,
 * `<project-id>`, or an envsubst variable (`${KSA_NAME}`, `$PROJECT_ID`).
 */
export const PLACEHOLDER = /<[A-Za-z][A-Za-z0-9 _.:/-]*>|\$\{[A-Za-z_][A-Za-z0-9_]*\}|^\$[A-Za-z_][A-Za-z0-9_]*$/;
