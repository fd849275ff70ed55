/**
 * Text edits on the model that keep the file's own style: its indentation,
 * block or flow collections, comments and line ends. Fixes and pattern
 * insertions are built from these; all offsets are in the segment's text.
 */
import type { TextEditSpec } from './findings';
import type { FieldNode } from './model';

export function eolOf(text: string): string {
  return text.includes('\r\n') ? '\r\n' : '\n';
}

export function lineStartOf(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

export function lineEndOf(text: string, offset: number): number {
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
 * Where text goes to add an entry at the end of a flow collection (`{a: 1}`,
 * `[a, b]`) and the separator it needs: right after the last entry, so that
 * `{a: 1}` and `{ a: 1 }` keep their own spacing. `f.end` is just past the
 * closing bracket (which may be followed by an outer one).
 */
export function flowInsertion(text: string, f: FieldNode): { at: number; sep: string } {
  const close = text.lastIndexOf(f.kind === 'seq' ? ']' : '}', f.end - 1);
  const inner = text.slice(f.start + 1, close).trimEnd();
  return { at: f.start + 1 + inner.length, sep: inner.trim().length === 0 ? '' : inner.endsWith(',') ? ' ' : ', ' };
}

/**
 * Inserts `key: value` into a map, after its last entry (or after `after`),
 * at the map's key column; `value` may span lines (already indented relative
 * to the key). Flow maps get `, key: value` before the closing brace.
 */
export function insertEntry(text: string, map: FieldNode, key: string, value: string, after?: FieldNode): TextEditSpec {
  const eol = eolOf(text);
  if (isFlow(text, map)) {
    const { at, sep } = flowInsertion(text, map);
    return { start: at, end: at, newText: `${sep}${key}: ${value.replace(/\r?\n\s*/g, ' ')}` };
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
  const le = trailingComments(text, lineEndOf(text, last), columnOf(text, start));
  if (onlyIndentBefore && /^[ \t]*$/.test(text.slice(ls, start))) return { start: ls, end: le, newText: '' };
  if (onlyIndentBefore) {
    // `- key: v` as the first entry of an item: keep the dash for the next key.
    const next = parent?.children?.[parent.children.indexOf(f) + 1];
    if (next && next.keyStart !== undefined) return { start, end: next.keyStart, newText: '' };
    return { start: ls, end: le, newText: '' };
  }
  return { start, end: le, newText: '' };
}

/**
 * Extends a line end over the comment lines right after it that are indented
 * deeper than `col`: they sit inside the block being removed.
 */
function trailingComments(text: string, at: number, col: number): number {
  let end = at;
  while (end < text.length) {
    const next = lineEndOf(text, end);
    const m = /^([ \t]*)#/.exec(text.slice(end, next));
    if (!m || m[1].length <= col) break;
    end = next;
  }
  return end;
}

/** Replaces a scalar value (or an empty value) with new text. */
export function replaceValue(f: FieldNode, newText: string): TextEditSpec {
  if (f.kind === 'null' && f.keyEnd !== undefined) {
    // `key:` with nothing after it: the colon follows the key.
    return { start: f.keyEnd + 1, end: f.keyEnd + 1, newText: ` ${newText}` };
  }
  return { start: f.start, end: f.end, newText };
}

/** Plain text of a snippet: placeholders become their default text, choices their first option, tab stops vanish. */
export function renderSnippet(snippet: string): string {
  let out = snippet.replace(/\$\{\d+\|([^,|]*)(?:,[^|]*)?\|\}/g, '$1');
  // Innermost placeholders first, so nested ones resolve.
  for (let i = 0; i < 10 && /\$\{\d+(:[^{}]*)?\}/.test(out); i++) {
    out = out.replace(/\$\{\d+:([^{}]*)\}/g, '$1').replace(/\$\{\d+\}/g, '');
  }
  return out.replace(/\$\d+/g, '').replace(/\\([$}\\])/g, '$1');
}

// ---------------------------------------------------------------------------
// Block-style emission and list edits for inserting whole YAML structures
// (containers, volumes, mounts) in the file's own layout.

/** How a file lays out block collections. */
export interface BlockStyle {
  /** Spaces per nesting level of maps. */
  unit: number;
  /** Column of a sequence's dashes relative to its key: 0 (`key:\n- a`) or `unit`. */
  seqIndent: number;
  /** Column of an item's keys relative to its dash (2 for `- name: a`). */
  itemIndent: number;
  eol: string;
}

/** A placeholder of snippet syntax (`${1:default}`); rendered as its default in plain text. */
export interface Placeholder {
  tabstop: number;
  text: string;
}

/** A scalar written as YAML source, possibly with placeholders in it. */
export class Scalar {
  readonly parts: (string | Placeholder)[];
  constructor(...parts: (string | Placeholder)[]) {
    this.parts = parts;
  }
}

/** A value to emit: a scalar (YAML source text), a sequence or a map (in key order). */
export type YamlValue = string | Scalar | YamlValue[] | { [key: string]: YamlValue };

export function placeholder(tabstop: number, text: string): Scalar {
  return new Scalar({ tabstop, text });
}

/** Escapes text for snippet syntax. */
export function escapeSnippet(text: string): string {
  return text.replace(/[\\$}]/g, (c) => `\\${c}`);
}

function isScalarValue(v: YamlValue): v is string | Scalar {
  return typeof v === 'string' || v instanceof Scalar;
}

function scalarText(v: string | Scalar, snippet: boolean, flow: boolean): string {
  const parts = typeof v === 'string' ? [v] : v.parts;
  const plain = parts.map((p) => (typeof p === 'string' ? p : p.text)).join('');
  // In flow collections, `,[]{}` and `: ` end a plain scalar: quote it.
  const quote = flow && /[,[\]{}]|: | #/.test(plain);
  const lit = (s: string): string => {
    const q = quote ? s.replace(/["\\]/g, (c) => `\\${c}`) : s;
    return snippet ? escapeSnippet(q) : q;
  };
  const body = parts.map((p) => (typeof p === 'string' ? lit(p) : snippet ? `\${${p.tabstop}:${escapeSnippet(p.text)}}` : lit(p.text))).join('');
  return quote ? `"${body}"` : body;
}

/** One value in flow style (`{name: a, items: [b, c]}`). */
export function emitFlow(v: YamlValue, snippet = false): string {
  if (isScalarValue(v)) return scalarText(v, snippet, true);
  if (Array.isArray(v)) return `[${v.map((x) => emitFlow(x, snippet)).join(', ')}]`;
  return `{${Object.entries(v)
    .map(([k, x]) => `${k}: ${emitFlow(x, snippet)}`)
    .join(', ')}}`;
}

function emptyOrFlowLeaf(v: YamlValue, snippet: boolean): string | undefined {
  if (isScalarValue(v)) return scalarText(v, snippet, false);
  if (Array.isArray(v)) return v.length === 0 ? '[]' : undefined;
  return Object.keys(v).length === 0 ? '{}' : undefined;
}

/** Lines of a block map whose keys start at `col`. */
export function emitMapLines(map: { [key: string]: YamlValue }, col: number, style: BlockStyle, snippet = false): string[] {
  const pad = ' '.repeat(col);
  const out: string[] = [];
  for (const [k, v] of Object.entries(map)) {
    const leaf = emptyOrFlowLeaf(v, snippet);
    if (leaf !== undefined) out.push(`${pad}${k}: ${leaf}`);
    else if (Array.isArray(v)) out.push(`${pad}${k}:`, ...emitSeqLines(v, col + style.seqIndent, style, snippet));
    else out.push(`${pad}${k}:`, ...emitMapLines(v as { [key: string]: YamlValue }, col + style.unit, style, snippet));
  }
  return out;
}

/** Lines of a block sequence whose dashes stand at `dashCol`. */
export function emitSeqLines(seq: YamlValue[], dashCol: number, style: BlockStyle, snippet = false, itemIndent = style.itemIndent): string[] {
  const pad = ' '.repeat(dashCol);
  const dash = `-${' '.repeat(Math.max(1, itemIndent - 1))}`;
  const out: string[] = [];
  for (const v of seq) {
    if (isScalarValue(v) || Array.isArray(v) || Object.keys(v).length === 0) {
      out.push(`${pad}- ${isScalarValue(v) ? scalarText(v, snippet, false) : emitFlow(v, snippet)}`);
      continue;
    }
    const lines = emitMapLines(v, dashCol + dash.length, style, snippet);
    lines[0] = pad + dash + lines[0].trimStart();
    out.push(...lines);
  }
  return out;
}

/** Column of a sequence's dash for a block item, when the item follows `- ` on its line. */
export function dashOf(text: string, item: FieldNode): number | undefined {
  let i = item.start - 1;
  while (i >= 0 && text[i] === ' ') i--;
  if (i < 0 || text[i] !== '-') return undefined;
  // Only indentation before the dash (not `- - a`).
  return /^ *$/.test(text.slice(lineStartOf(text, i), i)) ? i : undefined;
}

/**
 * The lines of a block sequence item with the comments that belong to it: the
 * comment lines right above its dash at the dash's column, and those right
 * after it indented deeper than the dash. [start, end) are line boundaries.
 */
export function itemExtent(text: string, item: FieldNode): [number, number] | undefined {
  const dash = dashOf(text, item);
  if (dash === undefined) return undefined;
  const col = columnOf(text, dash);
  let start = lineStartOf(text, dash);
  while (start > 0) {
    const prev = lineStartOf(text, start - 1);
    const m = /^( *)#/.exec(text.slice(prev, start));
    if (!m || m[1].length !== col) break;
    start = prev;
  }
  return [start, commentsAfter(text, lineEndOf(text, endOfEntry(text, item)), col)];
}

function commentsAfter(text: string, at: number, col: number): number {
  let end = at;
  while (end < text.length) {
    const next = lineEndOf(text, end);
    const m = /^( *)#/.exec(text.slice(end, next));
    if (!m || m[1].length <= col) break;
    end = next;
  }
  return end;
}

/** Where a new entry goes in front of `entry`: before the comment lines above it at its column. */
export function beforeEntry(text: string, entry: FieldNode): number {
  const keyAt = entry.keyStart ?? entry.start;
  const col = columnOf(text, keyAt);
  let start = lineStartOf(text, keyAt);
  while (start > 0) {
    const prev = lineStartOf(text, start - 1);
    const m = /^( *)#/.exec(text.slice(prev, start));
    if (!m || m[1].length !== col) break;
    start = prev;
  }
  return start;
}

/** Shifts every non-blank line of a block by `delta` columns (removing at most its indentation). */
export function shiftLines(block: string, delta: number): string {
  if (delta === 0) return block;
  return block
    .split('\n')
    .map((l) => {
      if (/^\s*$/.test(l)) return l;
      if (delta > 0) return ' '.repeat(delta) + l;
      const lead = /^ */.exec(l)![0].length;
      return l.slice(Math.min(lead, -delta));
    })
    .join('\n');
}

function walkFields(f: FieldNode | null | undefined, visit: (f: FieldNode) => boolean): boolean {
  if (!f) return false;
  if (visit(f)) return true;
  for (const c of f.children ?? []) if (walkFields(c, visit)) return true;
  return false;
}

/**
 * The block layout the file uses around `scope` (a pod spec): its map
 * indentation, whether sequences are indented under their key, and how far an
 * item's keys stand from its dash, read from the nearest written examples
 * (`scope` first, then `root`); the usual `- name:` layout where nothing shows.
 */
export function detectStyle(text: string, scope: FieldNode, root?: FieldNode | null): BlockStyle {
  const eol = eolOf(text);
  let unit = 0;
  const kc = keyColumn(text, scope);
  if (kc !== undefined && scope.keyStart !== undefined && !isFlow(text, scope)) unit = kc - columnOf(text, scope.keyStart);
  if (unit <= 0) unit = indentUnit(text);
  let seqIndent: number | undefined;
  let itemIndent: number | undefined;
  const look = (f: FieldNode): boolean => {
    if (f.kind !== 'seq' || f.keyStart === undefined || f.viaAlias || isFlow(text, f) || !f.children?.length) return false;
    if (lineStartOf(text, f.start) === lineStartOf(text, f.keyStart)) return false;
    seqIndent ??= columnOf(text, f.start) - columnOf(text, f.keyStart);
    const first = f.children[0];
    if (itemIndent === undefined && first.kind === 'map' && !isFlow(text, first) && lineStartOf(text, first.start) === lineStartOf(text, f.start)) {
      itemIndent = columnOf(text, first.start) - columnOf(text, f.start);
    }
    return itemIndent !== undefined;
  };
  if (!walkFields(scope, look) && root) walkFields(root, look);
  return { unit, seqIndent: seqIndent !== undefined && seqIndent >= 0 ? seqIndent : unit, itemIndent: itemIndent && itemIndent >= 2 ? itemIndent : 2, eol };
}

/**
 * Appends an item to the sequence under `key` of a map, creating the key when
 * it is missing (in front of `before` when given, else after the last entry).
 * Block sequences keep their dash column and item layout; flow sequences and
 * flow maps get a flow item. An empty value or `[]` becomes a block sequence.
 * Returns undefined where it cannot edit correctly (aliases, other types).
 */
export function appendItem(
  text: string,
  map: FieldNode,
  key: string,
  item: YamlValue,
  style: BlockStyle,
  opts: { before?: FieldNode; snippet?: boolean } = {},
): TextEditSpec | undefined {
  const snippet = !!opts.snippet;
  const eol = style.eol;
  const edit = (start: number, end: number, newText: string): TextEditSpec =>
    snippet ? { start, end, newText, snippet: true } : { start, end, newText };
  if (map.kind !== 'map' || map.viaAlias) return undefined;
  const seq = map.children?.find((c) => c.key === key);
  if (seq?.viaAlias) return undefined;
  if (isFlow(text, map)) {
    if (!seq) {
      const { at, sep } = flowInsertion(text, map);
      return edit(at, at, `${sep}${key}: [${emitFlow(item, snippet)}]`);
    }
    if (seq.kind === 'seq' && isFlow(text, seq)) return appendFlow(text, seq, item, edit, snippet);
    return undefined;
  }
  const keyCol = keyColumn(text, map) ?? columnOf(text, map.start);
  if (!seq) {
    const lines = [`${' '.repeat(keyCol)}${key}:`, ...emitSeqLines([item], keyCol + style.seqIndent, style, snippet)];
    if (opts.before) return edit(beforeEntry(text, opts.before), beforeEntry(text, opts.before), lines.join(eol) + eol);
    const last = map.children?.[map.children.length - 1];
    const at = last ? lineEndOf(text, endOfEntry(text, last)) : lineEndOf(text, map.start);
    const lead = at === text.length && !text.endsWith('\n') ? eol : '';
    return edit(at, at, lead + lines.join(eol) + eol);
  }
  if (seq.kind === 'null' || (seq.kind === 'seq' && !seq.children?.length && isFlow(text, seq))) {
    // `key:`, `key: null` or `key: []`: the value becomes a block sequence.
    const colon = text.indexOf(':', seq.keyEnd ?? seq.start);
    if (colon < 0) return undefined;
    const lines = emitSeqLines([item], keyCol + style.seqIndent, style, snippet);
    return edit(colon + 1, Math.max(colon + 1, seq.end), eol + lines.join(eol));
  }
  if (seq.kind !== 'seq') return undefined;
  if (isFlow(text, seq)) return appendFlow(text, seq, item, edit, snippet);
  const items = seq.children!;
  const last = items[items.length - 1];
  const ext = itemExtent(text, last);
  if (!ext || last.viaAlias) return undefined;
  const dashCol = columnOf(text, seq.start);
  const first = items[0];
  const itemIndent =
    first.kind === 'map' && !isFlow(text, first) && lineStartOf(text, first.start) === lineStartOf(text, seq.start)
      ? columnOf(text, first.start) - dashCol
      : style.itemIndent;
  const lines = emitSeqLines([item], dashCol, style, snippet, itemIndent);
  const lead = ext[1] === text.length && !text.endsWith('\n') ? eol : '';
  return edit(ext[1], ext[1], lead + lines.join(eol) + eol);
}

function appendFlow(
  text: string,
  seq: FieldNode,
  item: YamlValue,
  edit: (s: number, e: number, t: string) => TextEditSpec,
  snippet: boolean,
): TextEditSpec {
  const { at, sep } = flowInsertion(text, seq);
  return edit(at, at, `${sep}${emitFlow(item, snippet)}`);
}

/**
 * Orders and joins insertions that land on the same offset, so that every
 * client applies them the same way: `rank` gives their order in the text.
 */
export function joinEdits(edits: { edit: TextEditSpec; rank: number }[]): TextEditSpec[] {
  const sorted = [...edits].sort((a, b) => a.edit.start - b.edit.start || a.rank - b.rank);
  const out: TextEditSpec[] = [];
  for (const { edit } of sorted) {
    const prev = out[out.length - 1];
    if (prev && prev.start === prev.end && edit.start === edit.end && prev.start === edit.start) {
      const snippet = !!(prev.snippet || edit.snippet);
      const t = (e: TextEditSpec): string => (snippet && !e.snippet ? escapeSnippet(e.newText) : e.newText);
      // Both may start a line at the end of a file that has no final line break: one break is enough.
      const next = prev.newText.endsWith('\n') ? t(edit).replace(/^\r?\n/, '') : t(edit);
      out[out.length - 1] = { start: prev.start, end: prev.end, newText: t(prev) + next, ...(snippet ? { snippet } : {}) };
    } else out.push(edit);
  }
  return out;
}
