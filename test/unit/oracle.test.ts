// The differential oracle's fixed-seed sample: a few thousand generated cases on the oldest and the
// newest release, checked by the API server's own validation code (test/oracle/) and by our checker.
// Any disagreement not listed in test/oracle/known-differences.json fails the suite. Without Go the
// sample cannot run: a developer is told loudly and the test is skipped; in CI that is a failure.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { test } from 'node:test';
import { ROOT } from '../harness';
import { goAvailable } from '../oracle/runner/drivers';
import { runSample } from '../oracle/runner/sample';

const ci = !!process.env.CI && process.env.CI !== 'false';

test('the oracle sample: our checker and the API server agree on every generated case', async (t) => {
  if (!goAvailable()) {
    const msg = 'THE ORACLE WAS SKIPPED: Go is not installed (go not on PATH), so nothing proves our diagnostics against the API server.';
    assert.ok(!ci, `${msg} CI requires Go.`);
    console.warn(`\n*** ${msg} ***\n`);
    t.skip(msg);
    return;
  }
  const r = await runSample({ out: path.join(ROOT, 'test-results', 'oracle-sample'), log: (s) => console.log(s) });
  assert.equal(r.skipped, undefined, r.skipped);
  for (const l of r.summary) console.log(l);
  assert.ok(r.summary.length >= 1, 'the sample compared at least one release');
  assert.deepEqual(r.failures.slice(0, 30), [], `${r.failures.length} disagreements not listed in known-differences.json (all in test-results/oracle-sample/)`);
});
