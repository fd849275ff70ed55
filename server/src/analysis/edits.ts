/**
 * Text edits on the model that keep the file's own style: its indentation,
 * block or flow collections, comments and line ends. Fixes and pattern
 * insertions are built from these; all offsets are in the segment's text.
 */
import type { TextEditSpec } from './rules/api';
import type { FieldNode } from './model';

export function eolOf(text: string): string {
  return text.includes('\r\n') ? '\r\n' : '\n';
}

function lineStartOf(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

function lineEndOf(text: string, offset: number): number {
  const n = text.indexOf('\n', offset);
  return n < 0 ? text.length : n + 1;
}

/** Column of an offset (spaces from the line start). */
export function columnOf(text: string, offset: number): number {
  return offset - lineStartOf(text, offset);
}

/** True when the map or sequence is written in flow style (`{...}` / `[...]`). */
export function isFlow(text: string, f: FieldNode): boolean {
  const c = text[f.start];
  return c === '{' || c === '[';
}

/** The indentation unit the file uses (2 unless it uses 4 or more). */
export function indentUnit(text: string): number {
  const m = /\n( +)\S/.exec(text);
  return m && m[1].length >= 4 && m[1].length % 4 === 0 ? 4 : 2;
}

/** The column where the map's keys start (block style). */
export function keyColumn(text: string, map: FieldNode): number | undefined {
  const first = map.children?.find((c) => c.keyStart !== undefined);
  return first ? columnOf(text, first.keyStart!) : undefined;
}

/**
 * Inserts `key: value` into a map, after its last entry (or after `after`),
 * at the map's key column; `value` may span lines (already indented relative
 * to the key). Flow maps get `, key: value` before the closing brace.
 */
export function insertEntry(text: string, map: FieldNode, key: string, value: string, after?: FieldNode): TextEditSpec {
  const eol = eolOf(text);
  if (isFlow(text, map)) {
    const close = text.lastIndexOf('}', map.end);
    const inner = text.slice(map.start + 1, close).trim();
    const sep = inner.length === 0 ? '' : inner.endsWith(',') ? ' ' : ', ';
    return { start: close, end: close, newText: `${sep}${key}: ${value.replace(/\r?\n\s*/g, ' ')}${inner.length ? ' ' : ''}` };
  }
  const col = keyColumn(text, map) ?? columnOf(text, map.start);
  const last = after ?? map.children?.[map.children.length - 1];
  const at = last ? lineEndOf(text, endOfEntry(text, last)) : lineEndOf(text, map.start);
  const pad = ' '.repeat(col);
  const lines = value.split(/\r?\n/);
  const body = lines.length > 1 ? [lines[0], ...lines.slice(1).map((l) => (l ? pad + l : l))].join(eol) : value;
  const needsEol = at === text.length && !text.endsWith('\n');
  return { start: at, end: at, newText: `${needsEol ? eol : ''}${pad}${key}:${body.startsWith(eol) || body === '' ? '' : ' '}${body}${eol}` };
}

/** Last offset of an entry including a nested block under it (but not trailing comments). */
export function endOfEntry(text: string, f: FieldNode): number {
  let end = f.end;
  for (const c of f.children ?? []) end = Math.max(end, endOfEntry(text, c));
  return Math.max(end - 1, f.keyEnd ?? f.start);
}

/**
 * Removes a map entry (key and its whole value) or a sequence item, with its
 * lines when it stands on lines of its own; in flow style, with its comma.
 */
export function removeEntry(text: string, f: FieldNode): TextEditSpec {
  const start = f.keyStart ?? f.start;
  const parent = f.parent;
  if (parent && isFlow(text, parent)) {
    let end = f.end;
    const m = /^\s*,\s*/.exec(text.slice(end));
    if (m) end += m[0].length;
    else {
      // Last entry: take the comma before it instead.
      const before = text.slice(parent.start + 1, start);
      const comma = before.lastIndexOf(',');
      if (comma >= 0) return { start: parent.start + 1 + comma, end: f.end, newText: '' };
    }
    return { start, end, newText: '' };
  }
  const ls = lineStartOf(text, start);
  const onlyIndentBefore = /^[ \t]*(- )?$/.test(text.slice(ls, start));
  const last = endOfEntry(text, f);
  const le = lineEndOf(text, last);
  if (onlyIndentBefore && /^[ \t]*$/.test(text.slice(ls, start))) return { start: ls, end: le, newText: '' };
  if (onlyIndentBefore) {
    // `- key: v` as the first entry of an item: keep the dash for the next key.
    const next = parent?.children?.[parent.children.indexOf(f) + 1];
    if (next && next.keyStart !== undefined) return { start, end: next.keyStart, newText: '' };
    return { start: ls, end: le, newText: '' };
  }
  return { start, end: le, newText: '' };
}

/** Replaces a scalar value (or an empty value) with new text. */
export function replaceValue(f: FieldNode, newText: string): TextEditSpec {
  if (f.kind === 'null' && f.keyEnd !== undefined) {
    // `key:` with nothing after it: the colon follows the key.
    return { start: f.keyEnd + 1, end: f.keyEnd + 1, newText: ` ${newText}` };
  }
  return { start: f.start, end: f.end, newText };
}

/** Re-indents a multi-line YAML snippet written at column 0 to a column. */
export function indentBlock(snippet: string, col: number, eol = '\n'): string {
  const pad = ' '.repeat(col);
  return snippet
    .replace(/\n$/, '')
    .split('\n')
    .map((l) => (l ? pad + l : l))
    .join(eol);
}

/** Plain text of a snippet: placeholders become their default text, tab stops vanish. */
export function renderSnippet(snippet: string): string {
  let out = snippet;
  // Innermost placeholders first, so nested ones resolve.
  for (let i = 0; i < 10 && /\$\{\d+(:[^{}]*)?\}/.test(out); i++) {
    out = out.replace(/\$\{\d+:([^{}]*)\}/g, '$1').replace(/\$\{\d+\}/g, '');
  }
  return out.replace(/\$\d+/g, '').replace(/\\([$}\\])/g, '$1');
}
