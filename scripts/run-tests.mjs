// The test run behind `npm test` (after build, typecheck and lint):
//  0. unless the end-to-end tests are skipped: scripts/e2e/install.sh (Debian's chromium, Neovim and
//     Emacs with lsp-mode and eglot, code-server in .e2e/), so that the Neovim and Emacs tests of
//     step 2 have their editors;
//  1. the npm package packed once (scripts/pack-npm.mjs), for the tests that install it as a user
//     does (KPP_PACKAGE_TARBALL);
//  2. unit, protocol, checker, package, Neovim, Emacs, grammar and corpus tests with node's test runner
//     (TypeScript via tsx);
//  3. the browser end-to-end tests in a real VS Code (code-server + chromium), in its Node and its
//     web-worker extension hosts. Skipping them is explicit: SKIP_E2E=1 (never in CI).
// Arguments: test files to run instead of all of test/unit (then no end-to-end tests).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const only = process.argv.slice(2);
const files = readdirSync('test/unit').filter((f) => f.endsWith('.test.ts')).sort().map((f) => join('test/unit', f));
const run = (cmd, args, env = process.env) => spawnSync(cmd, args, { stdio: 'inherit', env }).status ?? 1;

const ci = !!process.env.CI && process.env.CI !== 'false';
const e2eWanted = only.length === 0 && !(process.env.SKIP_E2E === '1' && !ci);
if (process.env.SKIP_E2E === '1' && ci && only.length === 0) console.log('SKIP_E2E=1 is ignored in CI: the end-to-end tests always run there.\n');

let install = 0;
if (e2eWanted) install = run('bash', ['scripts/e2e/install.sh']);

const packDir = mkdtempSync(join(tmpdir(), 'kpp-tests-pack-'));
const pack = spawnSync(process.execPath, ['scripts/pack-npm.mjs', '--out', packDir, '--json'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
const env = { ...process.env };
if (pack.status === 0) env.KPP_PACKAGE_TARBALL = JSON.parse(pack.stdout).tarball;
else console.error('scripts/pack-npm.mjs failed: the package tests will try again and say why.');

const unit = run(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', ...(only.length ? only : files)], env);
rmSync(packDir, { recursive: true, force: true });
if (only.length) process.exit(unit);

let e2e = 0;
if (!e2eWanted) console.log('\nEnd-to-end tests skipped (SKIP_E2E=1).');
else e2e = install || run(process.execPath, ['scripts/e2e/run.mjs']);
process.exit(unit || e2e);
