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
}

const ACTION = /\{\{[\s\S]*?\}\}/g;

export function hasTemplateActions(text: string): boolean {
  return text.includes('{{') && /\{\{[\s\S]*?\}\}/.test(text);
}

export function maskTemplates(text: string): Masked {
  const spans: [number, number][] = [];
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
    } else {
      out += '<' + 'x'.repeat(Math.max(0, m[0].length - 2)) + '>';
    }
    last = e;
  }
  out += text.slice(last);
  return { text: out, spans };
}

/** A value that stands for something the user must fill in: `<YOUR-IMAGE>`, `<project-id>`. */
export const PLACEHOLDER = /<[A-Za-z][A-Za-z0-9 _.:/-]*>/;
