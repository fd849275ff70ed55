/**
 * Completion: the keys of the object under the cursor (with their upstream
 * docs, for the chosen release), enum values, and names the pod declares
 * (volumes in volumeMounts, containers where one is named, ports in probes).
 *
 * To know the object under the cursor even when the line is half typed, the
 * current line's partial key is replaced with a placeholder key and the one
 * document is parsed again: the placeholder's parent in the model is the
 * object being completed.
 */
import type { AnalysisSettings } from './settings';
import type { FieldNode } from './model';
import { child, entries, fieldAt } from './model';
import { fieldDoc, fieldStatus, getType } from './api/table';
import { describeType, readDocument } from './reader';
import { parseSegmentYaml } from './engine';
import type { Located } from './engine';
import { containerOf, podOf } from './knowledge/pods';
import { portTargets, referenceKind, volumeTargets } from './knowledge/names';
import { offeredValues } from './knowledge/values';

export interface CompletionSpec {
  label: string;
  kind: 'property' | 'value' | 'reference';
  detail?: string;
  documentation?: string;
  insertText: string;
  /** Absolute range the completion replaces. */
  start: number;
  end: number;
  sortText?: string;
}

const PLACEHOLDER = '__kpp_completion__';

export function completionsAt(text: string, offset: number, at: Located | undefined, settings: AnalysisSettings): CompletionSpec[] {
  if (!at) return [];
  const seg = at.placed.segment;
  const local = offset - seg.start;
  const segText = seg.text;
  const lineStart = segText.lastIndexOf('\n', local - 1) + 1;
  let lineEnd = segText.indexOf('\n', local);
  if (lineEnd < 0) lineEnd = segText.length;
  const before = segText.slice(lineStart, local);
  const after = segText.slice(local, lineEnd);

  // Value completion: `key: par|`
  // Unquoted, the value starts after the blanks (it cannot begin with one), so that `\s+` and the value
  // never compete for the same characters: a long run of blanks before a `#` costs its length, not its square.
  const valueMatch = /^(\s*(?:-\s+)*)([A-Za-z0-9_./-]+):\s+(["']?)((?<=["'])[^"'#]*|(?:[^\s"'#][^"'#]*)?)$/.exec(before);
  if (valueMatch) {
    const prefixLen = valueMatch[4].length;
    const start = offset - prefixLen;
    const end = offset + (/^[^\s#"']*/.exec(after)?.[0].length ?? 0);
    const field = fieldAt(at.doc.root, local - prefixLen) ?? at.field;
    const target = field && field.key === valueMatch[2] ? field : field?.parent && child(field.parent, valueMatch[2]);
    return target ? valueCompletions(target, at, start, end, settings.kubernetesVersion) : [];
  }

  // Key completion: `  par|` or `  - par|`
  const keyMatch = /^(\s*(?:-\s+)*)([A-Za-z0-9_.-]*)$/.exec(before);
  if (!keyMatch) return [];
  const partial = keyMatch[2];
  const start = offset - partial.length;
  const restOfKey = /^[A-Za-z0-9_.-]*/.exec(after)?.[0] ?? '';
  const end = offset + restOfKey.length;
  const probeText = segText.slice(0, lineStart) + keyMatch[1] + PLACEHOLDER + ': 0' + segText.slice(lineEnd);
  let probe: FieldNode | undefined;
  try {
    const docs = parseSegmentYaml(probeText);
    for (const [i, d] of docs.entries()) {
      const model = readDocument(d, i);
      const found = find(model.root, (f) => f.key === PLACEHOLDER);
      if (found) {
        probe = found;
        break;
      }
    }
  } catch {
    return [];
  }
  const parent = probe?.parent;
  if (!parent || parent.kind !== 'map') return [];
  const typeName = parent.type?.kind === 'object' ? parent.type.ref : undefined;
  const type = typeName ? getType(typeName) : undefined;
  if (!type) return [];
  const present = new Set(entries(parent).map((e) => e.key));
  const out: CompletionSpec[] = [];
  for (const [name, def] of Object.entries(type.fields)) {
    if (present.has(name) || name === 'status') continue;
    if (fieldStatus(def, settings.kubernetesVersion) === 'unknown') continue;
    if (partial && !name.toLowerCase().startsWith(partial.toLowerCase()) && !name.toLowerCase().includes(partial.toLowerCase())) continue;
    const t = def.type;
    const insert =
      t.kind === 'object' || t.kind === 'map'
        ? `${name}:\n`
        : t.kind === 'array'
          ? `${name}:\n`
          : `${name}: `;
    out.push({
      label: name,
      kind: 'property',
      detail: describeType(t) + (def.required ? ' (required)' : ''),
      documentation: fieldDoc(def),
      insertText: insert.replace(/\n$/, ''),
      start,
      end,
      sortText: (def.required ? '0' : '1') + name,
    });
  }
  return out;
}

function find(f: FieldNode | null | undefined, pred: (f: FieldNode) => boolean): FieldNode | undefined {
  if (!f) return undefined;
  if (pred(f)) return f;
  for (const c of f.children ?? []) {
    const r = find(c, pred);
    if (r) return r;
  }
  return undefined;
}

function valueCompletions(f: FieldNode, at: Located, start: number, end: number, version: string): CompletionSpec[] {
  const mk = (label: string, kind: CompletionSpec['kind'], detail?: string, documentation?: string): CompletionSpec => ({
    label,
    kind,
    detail,
    documentation,
    insertText: label,
    start: start,
    end: end,
  });
  const out: CompletionSpec[] = [];
  if (f.def) {
    // What this release accepts (the API server's list where it checks one), as the rules judge it.
    const owner = f.parent?.type?.kind === 'object' ? f.parent.type.ref : undefined;
    const values = offeredValues(owner, f.key, f.def, version);
    if (values) for (const v of values) out.push(mk(v, 'value', f.key, fieldDoc(f.def)));
    if (f.def.type.kind === 'boolean') out.push(mk('true', 'value'), mk('false', 'value'));
  }
  const pod = podOf(at.doc, f);
  if (!pod) return out;
  // Names the value refers to (knowledge/names.ts): the same answer the rules and navigation use.
  switch (referenceKind(f)) {
    case 'volume':
      // A StatefulSet's claim template replaces the pod volume of its name: each name once.
      for (const t of new Map(volumeTargets(pod).map((t) => [t.name, t])).values())
        out.push(mk(t.name, 'reference', t.kind === 'claimTemplate' ? 'volume claim template of this StatefulSet' : 'volume declared in this pod'));
      break;
    case 'port': {
      const container = containerOf(pod, f);
      if (container) for (const t of portTargets(container)) out.push(mk(t.name, 'reference', 'port declared by this container'));
      break;
    }
    case 'container':
      for (const c of pod.containers) if (c.name && c.role !== 'ephemeral') out.push(mk(c.name, 'reference', `${c.role} container`));
      break;
  }
  return out;
}
