/**
 * Text utilities of the pure core: splitting a file into its YAML documents
 * cheaply, and mapping offsets to line/character positions. No parsing here.
 */

/** A slice of the file that holds one YAML document (or comments only). */
export interface Segment {
  /** Offset of the segment's first character in the file. */
  start: number;
  /** Offset one past its last character. */
  end: number;
  /** The segment's text: file.slice(start, end). */
  text: string;
}

/**
 * Segments shorter than this are not cut off: they stay with the document
 * that follows. A file of a million empty documents (`---` lines) is then a
 * few ten thousand segments, while every real manifest keeps a segment of its
 * own.
 */
export const MIN_SEGMENT_CHARS = 256;

/**
 * Splits a file at document markers (`---` or `...` at the start of a line,
 * followed by white space or the end of the line). A marker line belongs to the
 * segment it opens, so every segment parses on its own exactly as the whole
 * file would. Directives (`%YAML`) stay with the marker that follows them.
 * Tiny documents share a segment with the next (MIN_SEGMENT_CHARS). Linear in
 * the text's length and allocation-light: this runs on every keystroke.
 */
export function splitDocuments(text: string, minChars = MIN_SEGMENT_CHARS): Segment[] {
  const segments: Segment[] = [];
  let segStart = 0;
  let lineStart = 0;
  let pendingDirectiveStart = -1;
  const n = text.length;
  while (lineStart <= n) {
    let nl = text.indexOf('\n', lineStart);
    if (nl < 0) nl = n;
    const c = text.charCodeAt(lineStart);
    if (c === 0x2d /* - */ || c === 0x2e /* . */) {
      if (isMarker(text, lineStart, nl, c)) {
        const cut = pendingDirectiveStart >= 0 ? pendingDirectiveStart : lineStart;
        if (c === 0x2d) {
          // A directive must open a stream of its own: it is never appended to a previous document.
          if (cut > segStart && (cut - segStart >= minChars || pendingDirectiveStart >= 0)) {
            segments.push({ start: segStart, end: cut, text: text.slice(segStart, cut) });
            segStart = cut;
          }
        } else {
          // `...` ends a document: it stays with the document it ends.
          const end = nl < n ? nl + 1 : n;
          if (end - segStart >= minChars) {
            segments.push({ start: segStart, end, text: text.slice(segStart, end) });
            segStart = end;
          }
        }
        pendingDirectiveStart = -1;
      } else {
        pendingDirectiveStart = -1;
      }
    } else if (c === 0x25 /* % */) {
      if (pendingDirectiveStart < 0) pendingDirectiveStart = lineStart;
    } else if (!(c === 0x23 /* # */ || nl === lineStart || (c === 0x0d && nl === lineStart + 1))) {
      pendingDirectiveStart = -1;
    }
    if (nl >= n) break;
    lineStart = nl + 1;
  }
  if (segStart < n || segments.length === 0) segments.push({ start: segStart, end: n, text: text.slice(segStart, n) });
  return segments;
}

function isMarker(text: string, s: number, e: number, c: number): boolean {
  if (e - s < 3) return false;
  if (text.charCodeAt(s + 1) !== c || text.charCodeAt(s + 2) !== c) return false;
  if (e - s === 3) return true;
  const d = text.charCodeAt(s + 3);
  return d === 0x20 || d === 0x09 || d === 0x0d;
}

export interface Position {
  line: number;
  character: number;
}

/**
 * Offset ↔ position in UTF-16 code units, by the LSP's line rules: a line ends
 * at `\n`, `\r\n` or a lone `\r`, and a position never falls inside a line
 * break (an offset between `\r` and `\n`, or past a line's end, is the end of
 * that line). The checker's formats and the editor agree through this: it
 * gives the positions `TextDocument` (vscode-languageserver-textdocument)
 * gives, which the server uses.
 */
export class LineIndex {
  private readonly starts: number[];
  constructor(private readonly text: string) {
    const starts = [0];
    const n = text.length;
    for (let i = 0; i < n; i++) {
      const c = text.charCodeAt(i);
      if (c === 0x0a) starts.push(i + 1);
      else if (c === 0x0d) {
        if (i + 1 < n && text.charCodeAt(i + 1) === 0x0a) i++;
        starts.push(i + 1);
      }
    }
    this.starts = starts;
  }
  get lineCount(): number {
    return this.starts.length;
  }
  positionAt(offset: number): Position {
    const o = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= o) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: this.beforeBreak(o, this.starts[lo]) - this.starts[lo] };
  }
  offsetAt(pos: Position): number {
    if (pos.line >= this.starts.length) return this.text.length;
    if (pos.line < 0) return 0;
    const start = this.starts[pos.line];
    if (pos.character <= 0) return start;
    const next = pos.line + 1 < this.starts.length ? this.starts[pos.line + 1] : this.text.length;
    return this.beforeBreak(Math.min(start + pos.character, next), start);
  }
  lineStart(line: number): number {
    return this.starts[Math.max(0, Math.min(line, this.starts.length - 1))];
  }
  /** Moves an offset of a line back before the line's break characters. */
  private beforeBreak(offset: number, lineStart: number): number {
    let o = offset;
    while (o > lineStart) {
      const c = this.text.charCodeAt(o - 1);
      if (c !== 0x0a && c !== 0x0d) break;
      o--;
    }
    return o;
  }
}

/** Deeper than any manifest nests: flow brackets open at once, or columns of block indentation before content. */
export const MAX_NESTING = 1000;

/**
 * Whether a document nests deeper than `max`, found by one linear scan before
 * any parsing: more than `max` flow collections (`[`, `{`) open at once, or a
 * line whose block indentation (spaces, and the `- `, `? ` indicators of
 * compact nesting) runs past `max` columns before its content. Quotes that
 * open a scalar are skipped; brackets inside plain text count, which only a
 * document that is not a manifest can push past the limit. The parser would
 * otherwise build millions of nodes for a few megabytes of `[`.
 */
export function nestsTooDeep(text: string, max = MAX_NESTING): boolean {
  let depth = 0;
  let quote = 0;
  let col = 0;
  let indicators = 0;
  let atLineStart = true;
  let prev = 0x0a;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (quote) {
      if (c === 0x5c /* \ */ && quote === 0x22) i++;
      else if (c === quote) quote = 0;
      continue;
    }
    if (c === 0x0a || c === 0x0d) {
      atLineStart = true;
      col = 0;
      indicators = 0;
      prev = c;
      continue;
    }
    if (atLineStart) {
      const indicator = (c === 0x2d || c === 0x3f) && (text.charCodeAt(i + 1) === 0x20 || text.charCodeAt(i + 1) === 0x09);
      if (c === 0x20 || c === 0x09 || indicator) {
        col++;
        // Each `- ` opens a collection even before any content: a line of them nests as deep as it is long.
        if (indicator && ++indicators > max) return true;
        prev = c;
        continue;
      }
      atLineStart = false;
      if (c !== 0x23 /* # */ && col > max) return true;
    }
    if (c === 0x23 && (prev === 0x20 || prev === 0x09 || prev === 0x0a || prev === 0x0d)) {
      // A comment: to the end of the line.
      while (i + 1 < text.length && text.charCodeAt(i + 1) !== 0x0a && text.charCodeAt(i + 1) !== 0x0d) i++;
      continue;
    }
    if ((c === 0x22 || c === 0x27) && (prev === 0x20 || prev === 0x09 || prev === 0x5b || prev === 0x7b || prev === 0x2c || prev === 0x3a || prev === 0x0a || prev === 0x0d)) {
      quote = c;
      prev = c;
      continue;
    }
    if (c === 0x5b || c === 0x7b) {
      if (++depth > max) return true;
    } else if ((c === 0x5d || c === 0x7d) && depth > 0) depth--;
    prev = c;
  }
  return false;
}
