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

/**
 * Work counter: characters the masking examined. Tests bound it (the cost of a
 * text must grow linearly with its length, whatever it holds) instead of
 * timing it.
 */
export const maskWork = { chars: 0 };

/** The template actions of a text: each `{{` with the first `}}` after it, in order, as [start, end) offsets. */
function findActions(text: string): [number, number][] {
  const out: [number, number][] = [];
  for (let from = 0; ; ) {
    const s = text.indexOf('{{', from);
    if (s < 0) break;
    const close = text.indexOf('}}', s + 2);
    // No `}}` after this `{{`: none after any later one either.
    if (close < 0) break;
    out.push([s, close + 2]);
    from = close + 2;
  }
  maskWork.chars += text.length;
  return out;
}

export function hasTemplateActions(text: string): boolean {
  const s = text.indexOf('{{');
  return s >= 0 && text.indexOf('}}', s + 2) >= 0;
}

const BLANK = /^\s*$/;

export function maskTemplates(text: string): Masked {
  const actions = findActions(text);
  const n = actions.length;
  const multiline = actions.map(([s, e]) => text.indexOf('\n', s) >= 0 && text.indexOf('\n', s) < e);
  // Is the text of the action's line before it (after it) blank, other actions left out? One pass each
  // way over the gaps between actions, so that a line of thousands of actions costs its length.
  const blankBefore: boolean[] = new Array(n);
  for (let k = 0; k < n; k++) {
    const gap = text.slice(k ? actions[k - 1][1] : 0, actions[k][0]);
    maskWork.chars += gap.length;
    const nl = gap.lastIndexOf('\n');
    if (nl >= 0) blankBefore[k] = BLANK.test(gap.slice(nl + 1));
    else if (k === 0 || !multiline[k - 1]) blankBefore[k] = BLANK.test(gap) && (k === 0 || blankBefore[k - 1]);
    else blankBefore[k] = BLANK.test(gap) && blankTail(text, actions[k - 1]);
  }
  const blankAfter: boolean[] = new Array(n);
  for (let k = n - 1; k >= 0; k--) {
    const gap = text.slice(actions[k][1], k + 1 < n ? actions[k + 1][0] : text.length);
    maskWork.chars += gap.length;
    const nl = gap.indexOf('\n');
    if (nl >= 0) blankAfter[k] = BLANK.test(gap.slice(0, nl));
    else blankAfter[k] = BLANK.test(gap) && (k === n - 1 || (!multiline[k + 1] && blankAfter[k + 1]));
  }
  const spans: [number, number][] = [];
  const enclosing = new EnclosingKeys(text);
  const parts: string[] = [];
  let last = 0;
  for (let k = 0; k < n; k++) {
    const [s, e] = actions[k];
    spans.push([s, e]);
    parts.push(text.slice(last, s));
    if ((blankBefore[k] && blankAfter[k]) || multiline[k]) {
      // Control actions and includes on their own lines: blanks, newlines kept.
      parts.push(text.slice(s, e).replace(/[^\n]/g, ' '));
      const lineStart = text.lastIndexOf('\n', s - 1) + 1;
      enclosing.collect(lineStart, s - lineStart);
    } else {
      parts.push('<' + 'x'.repeat(Math.max(0, e - s - 2)) + '>');
    }
    last = e;
  }
  parts.push(text.slice(last));
  return { text: parts.join(''), spans, enclosing: enclosing.lines };
}

/**
 * The line starts inside the multi-line action before: is the action's last
 * line blank once what reads as an action there (`{{` … its closing `}}`) is
 * left out? Only when that line holds a `{{` with blanks before it.
 */
function blankTail(text: string, [, e]: [number, number]): boolean {
  const tail = text.slice(text.lastIndexOf('\n', e - 1) + 1, e);
  maskWork.chars += tail.length;
  const open = tail.indexOf('{{');
  return open >= 0 && BLANK.test(tail.slice(0, open));
}

interface KeyLine {
  start: number;
  end: number;
  indent: number;
  /** Already among the collected lines (and so are the lines below it on the stack). */
  collected: boolean;
}

/**
 * The lines of the keys that enclose a line indented by `indent`: the nearest
 * line above that is less indented, the nearest above that one that is less
 * indented still, and so on (blank lines, comments and lines starting with an
 * action are skipped). Lines are read once, top to bottom, into a stack of
 * strictly growing indentation, which holds exactly those chains; each line is
 * collected once.
 */
class EnclosingKeys {
  readonly lines: [number, number][] = [];
  private stack: KeyLine[] = [];
  /** Start of the first line not read yet. */
  private next = 0;

  constructor(private readonly text: string) {}

  collect(lineStart: number, indent: number): void {
    this.readUpTo(lineStart);
    // The top-most entry less indented than `indent`: the indentations grow up the stack.
    let lo = 0;
    let hi = this.stack.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.stack[mid].indent < indent) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo - 1; i >= 0 && !this.stack[i].collected; i--) {
      const k = this.stack[i];
      k.collected = true;
      this.lines.push([k.start, k.end]);
    }
  }

  /** Reads the lines that end before `lineStart` onto the stack. */
  private readUpTo(lineStart: number): void {
    const text = this.text;
    while (this.next < lineStart) {
      const start = this.next;
      let end = text.indexOf('\n', start);
      if (end < 0 || end >= lineStart) end = lineStart - 1;
      this.next = end + 1;
      const line = text.slice(start, end);
      maskWork.chars += line.length;
      const trimmed = line.trim();
      if (!trimmed || trimmed.startsWith('#') || trimmed.startsWith('{{')) continue;
      let indent = 0;
      while (indent < line.length && (line[indent] === ' ' || line[indent] === '-')) indent++;
      while (this.stack.length && this.stack[this.stack.length - 1].indent >= indent) this.stack.pop();
      this.stack.push({ start, end, indent, collected: false });
    }
  }
}

/**
 * A value that stands for something the user must fill in: `<YOUR-IMAGE>`,
 * `<project-id>`, or an envsubst variable (`${KSA_NAME}`, `$PROJECT_ID`, or
 * an upper-case one within a value, `process-item-$ITEM`).
 */
export const PLACEHOLDER = /<[A-Za-z][A-Za-z0-9 _.:/-]*>|\$\{[A-Za-z_][A-Za-z0-9_]*\}|^\$[A-Za-z_][A-Za-z0-9_]*$|\$[A-Z_][A-Z0-9_]*\b/;
