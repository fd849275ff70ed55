// The test run behind `npm test` (after build, typecheck and lint):
//  1. unit, protocol, checker, grammar and corpus tests with node's test runner (TypeScript via tsx);
//  2. the browser end-to-end tests in a real VS Code (code-server + chromium): installed by
//     scripts/e2e/install.sh when missing. Skipping them is explicit: SKIP_E2E=1 (never in CI).
// Arguments: test files to run instead of all of test/unit (then no end-to-end tests).
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

const only = process.argv.slice(2);
const files = readdirSync('test/unit').filter((f) => f.endsWith('.test.ts')).sort().map((f) => join('test/unit', f));
const run = (cmd, args) => spawnSync(cmd, args, { stdio: 'inherit' }).status ?? 1;

const unit = run(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', ...(only.length ? only : files)]);
if (only.length) process.exit(unit);

const ci = !!process.env.CI && process.env.CI !== 'false';
let e2e = 0;
if (process.env.SKIP_E2E === '1' && !ci) {
  console.log('\nEnd-to-end tests skipped (SKIP_E2E=1).');
} else {
  if (process.env.SKIP_E2E === '1') console.log('\nSKIP_E2E=1 is ignored in CI: the end-to-end tests always run there.');
  e2e = run('bash', ['scripts/e2e/install.sh']);
  if (e2e === 0) e2e = run(process.execPath, ['scripts/e2e/run.mjs']);
}
process.exit(unit || e2e);
