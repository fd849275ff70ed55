/**
 * The fixed-seed sample that the test suite can run: a few thousand cases on the oldest and the
 * newest release that have an oracle, failing on every disagreement not listed in
 * known-differences.json. `npm run oracle:sample` runs it; `runSample()` is the entry point for a
 * test. Without Go it says loudly that it skipped, and passes.
 */
import * as path from 'node:path';
import { ROOT } from '../../harness';
import { knownReleases } from './drivers';
import { run } from './run';

export const SAMPLE_SEED = 20260101;
export const SAMPLE_CASES = 3000;

export interface SampleResult {
  skipped?: string;
  /** One line per unlisted disagreement: release, case, what differs. */
  failures: string[];
  summary: string[];
}

export async function runSample(opts: { cases?: number; out?: string; log?: (s: string) => void } = {}): Promise<SampleResult> {
  const releases = knownReleases();
  const pick = [...new Set([releases[0], releases[releases.length - 1]])];
  const r = await run({ cases: opts.cases ?? SAMPLE_CASES, seed: SAMPLE_SEED, releases: pick, out: opts.out, log: opts.log });
  if (r.skipped) return { skipped: r.skipped, failures: [], summary: [] };
  const failures: string[] = [];
  const summary: string[] = [];
  for (const s of r.releases) {
    summary.push(`${s.release}: ${s.agree} agree, ${s.disagree} disagree (${s.listed} listed), ${s.skipped} skipped`);
    for (const o of s.outcomes) {
      if (o.listed) continue;
      const parts = [
        o.cmp.missing.length ? `missing ${o.cmp.missing.join(', ')}` : '',
        o.cmp.extra.length ? `extra ${o.cmp.extra.join(', ')}` : '',
        o.cmp.falseErrors.length ? `error on accepted case: ${o.cmp.falseErrors.map((e) => e.code).join(', ')}` : '',
      ].filter(Boolean);
      failures.push(`${s.release} ${o.c.id} (${o.c.source}: ${o.c.origin.slice(0, 120)}): ${parts.join('; ')}`);
    }
  }
  if (r.releases.length < pick.length) failures.push(`the oracle did not build for ${pick.filter((p) => !r.releases.some((s) => s.release === p)).join(', ')}`);
  return { failures, summary };
}

// As a script: npm run oracle:sample
if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(__filename)) {
  runSample({ out: path.join(ROOT, 'test-results', 'oracle-sample') }).then(
    (r) => {
      if (r.skipped) return;
      for (const l of r.summary) console.log(l);
      for (const f of r.failures.slice(0, 50)) console.log(`  ${f}`);
      if (r.failures.length > 50) console.log(`  ... and ${r.failures.length - 50} more (test-results/oracle-sample/)`);
      console.log(`${r.failures.length} unlisted disagreements`);
      process.exit(r.failures.length ? 1 : 0);
    },
    (e: unknown) => {
      console.error(e);
      process.exit(2);
    },
  );
}
