/**
 * Accepted differences between our checker and the oracle (test/oracle/known-differences.json).
 * Each entry names what differs and why; the file should end up empty. A disagreeing case is
 * "listed" when every differing key (and every error of ours on an accepted case) matches an entry.
 *
 * Entry fields:
 *   key       regular expression over a compared key: `<fieldPath>|<Type>` or `decode:<kind>@<path>`
 *   side      "missing" (the API server rejects, we say nothing), "extra" (we claim, it does not),
 *             or "false-error" (our error on a case it accepts; key is then matched against the rule id)
 *   releases  optional list of minors ("1.34") the entry applies to; all when absent
 *   cases     optional regular expression over the case's `<source>: <origin>` (a corpus file, a
 *             fixture, a mutation's description): the entry applies to those cases only
 *   reason    why the difference is accepted (required)
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ROOT } from '../../harness';
import type { Comparison, OurDiagnostic } from './compare';

export interface KnownDifference {
  key: string;
  side: 'missing' | 'extra' | 'false-error';
  releases?: string[];
  cases?: string;
  reason: string;
}

export const KNOWN_FILE = path.join(ROOT, 'test', 'oracle', 'known-differences.json');

export function loadKnownDifferences(file = KNOWN_FILE): KnownDifference[] {
  const raw = JSON.parse(fs.readFileSync(file, 'utf8')) as { differences?: unknown };
  if (!Array.isArray(raw.differences)) throw new Error(`${file}: "differences" must be a list`);
  return raw.differences.map((d, i) => {
    const e = d as KnownDifference;
    if (typeof e.key !== 'string' || !['missing', 'extra', 'false-error'].includes(e.side) || typeof e.reason !== 'string' || !e.reason.trim()) {
      throw new Error(`${file}: entry ${i} needs key, side (missing|extra|false-error) and a reason`);
    }
    new RegExp(e.key);
    if (e.cases !== undefined) new RegExp(e.cases);
    return e;
  });
}

export function isListed(list: KnownDifference[], release: string, cmp: Comparison, _ours: OurDiagnostic[], caseName = ''): boolean {
  const applies = list.filter((e) => (!e.releases || e.releases.includes(release)) && (e.cases === undefined || new RegExp(e.cases).test(caseName)));
  if (!applies.length) return false;
  const match = (side: KnownDifference['side'], key: string): boolean => applies.some((e) => e.side === side && new RegExp(e.key).test(key));
  return cmp.missing.every((k) => match('missing', k)) && cmp.extra.every((k) => match('extra', k)) && cmp.falseErrors.every((d) => match('false-error', d.code));
}
