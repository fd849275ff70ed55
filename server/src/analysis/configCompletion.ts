/**
 * Completion inside `.podpatterns.yaml`: its keys, the supported Kubernetes
 * versions, rule ids (with their titles) under `rules:`, and severities.
 */
import type { CompletionSpec } from './completion';
import { RULES } from './rules/index';
import { SUPPORTED_VERSIONS } from './api/table';

const KEYS: [string, string][] = [
  ['kubernetesVersion', 'Kubernetes release to check against (1.27–1.36)'],
  ['rules', 'Severity per rule id: off, hint, information, warning, error'],
  ['ignore', 'Glob patterns of files not to analyse, relative to this file'],
  ['podTemplatePaths', 'Where custom resources keep their pod templates: {apiVersion, kind, path}'],
  ['maxFileSize', 'Files larger than this are not analysed: bytes, or 10MB, 512KB'],
];
const LEVELS = ['off', 'hint', 'information', 'warning', 'error'];

export function configCompletions(text: string, offset: number): CompletionSpec[] {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const before = text.slice(lineStart, offset);
  const spec = (label: string, detail: string | undefined, start: number, kind: CompletionSpec['kind'] = 'value', insertText = label): CompletionSpec => ({
    label,
    kind,
    detail,
    insertText,
    start,
    end: offset,
  });
  // A value after `key:`.
  const value = /^(\s*)([A-Za-z0-9_./-]+):\s+(\S*)$/.exec(before);
  if (value) {
    const start = offset - value[3].length;
    if (value[1] === '' && value[2] === 'kubernetesVersion') return SUPPORTED_VERSIONS.map((v) => spec(`"${v}"`, `Kubernetes ${v}`, start));
    if (value[1] !== '' && inside(text, lineStart, 'rules')) return LEVELS.map((l) => spec(l, 'severity', start));
    return [];
  }
  const key = /^(\s*)([A-Za-z0-9_./-]*)$/.exec(before);
  if (!key) return [];
  const start = offset - key[2].length;
  if (key[1] === '') return KEYS.map(([k, d]) => spec(k, d, start, 'property', `${k}: `));
  if (inside(text, lineStart, 'rules')) return RULES.map((r) => spec(r.id, r.title, start, 'property', `${r.id}: `));
  return [];
}

/** Is the line at `lineStart` inside the top-level block `key:`? */
function inside(text: string, lineStart: number, key: string): boolean {
  let end = lineStart - 1;
  while (end > 0) {
    const start = text.lastIndexOf('\n', end - 1) + 1;
    const line = text.slice(start, end);
    if (/^\S/.test(line) && !line.startsWith('#')) return line.startsWith(`${key}:`);
    end = start - 1;
  }
  return false;
}
