/**
 * In-file suppressions, as YAML comments:
 *
 *   # podpatterns-disable-next-line pod/duplicate-container-name, pattern/wait-without-timeout
 *   # podpatterns-disable pattern/unshared-emptydir        (for the rest of the document)
 *
 * A suppression that suppresses nothing is reported, so stale ones are found.
 */
import type { Finding } from './findings';

export interface Suppression {
  kind: 'next-line' | 'rest';
  rules: string[];
  /** The comment's range. */
  start: number;
  end: number;
  /** Offsets of the text it covers. */
  from: number;
  to: number;
}

const RE = /#\s*podpatterns-(disable-next-line|disable)\s+([A-Za-z0-9_./-]+(?:\s*,\s*[A-Za-z0-9_./-]+)*)/g;

export function findSuppressions(text: string): Suppression[] {
  if (!text.includes('podpatterns-disable')) return [];
  const out: Suppression[] = [];
  RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = RE.exec(text))) {
    const start = m.index;
    const end = m.index + m[0].length;
    const rules = m[2].split(',').map((s) => s.trim()).filter(Boolean);
    const lineEnd = text.indexOf('\n', end);
    if (m[1] === 'disable-next-line') {
      const from = lineEnd < 0 ? text.length : lineEnd + 1;
      const next = text.indexOf('\n', from);
      out.push({ kind: 'next-line', rules, start, end, from, to: next < 0 ? text.length : next });
    } else {
      out.push({ kind: 'rest', rules, start, end, from: end, to: text.length });
    }
  }
  return out;
}

/**
 * Drops the findings that a suppression covers and reports the suppressions
 * (rule ids) that covered nothing, through `unused`. Findings of rules that
 * cannot be suppressed stay.
 */
export function applySuppressions(
  text: string,
  findings: Finding[],
  suppressible: (f: Finding) => boolean,
  unused: (s: Suppression, ruleId: string) => Finding | undefined,
): Finding[] {
  const sups = findSuppressions(text);
  if (sups.length === 0) return findings;
  const used = new Set<string>();
  const kept = findings.filter((f) => {
    if (!suppressible(f)) return true;
    for (let i = 0; i < sups.length; i++) {
      const s = sups[i];
      if (f.start < s.from || f.start > s.to) continue;
      if (s.rules.includes(f.rule)) {
        used.add(`${i}|${f.rule}`);
        return false;
      }
    }
    return true;
  });
  sups.forEach((s, i) => {
    for (const r of s.rules) {
      if (used.has(`${i}|${r}`)) continue;
      const f = unused(s, r);
      if (f) kept.push(f);
    }
  });
  return kept;
}
