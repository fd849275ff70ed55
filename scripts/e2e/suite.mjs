// The mocha suite that runs inside a VS Code extension host (test/e2e/suite/), shared by the
// runners: run.mjs (code-server, its Node extension host and its web-worker extension host) and
// run-electron.mjs (desktop VS Code). The same *.test.ts files are compiled twice: for Node
// (index.ts and one file per test) and for the web worker (index.web.ts, one bundle with mocha's
// browser build and the `assert` package for `node:assert/strict`).
import fs from 'node:fs';
import path from 'node:path';
import * as esbuild from 'esbuild';
import { ROOT } from './code-server.mjs';

export const SUITE_SRC = path.join(ROOT, 'test', 'e2e', 'suite');
export const SUITE_OUT = path.join(ROOT, 'out', 'e2e', 'suite');
/** What VS Code is given as extensionTestsPath: it exports run(). */
export const SUITE_ENTRY = path.join(SUITE_OUT, 'index.js');
/** The same for the web-worker extension host. */
export const WEB_SUITE_ENTRY = path.join(ROOT, 'out', 'e2e', 'web', 'index.js');
const WEB_SHIMS = path.join(ROOT, 'test', 'e2e', 'web');
export const FIXTURES = path.join(ROOT, 'test', 'e2e', 'fixtures');

/** The suite's test files, sorted. */
const testFiles = () => fs.readdirSync(SUITE_SRC).filter((f) => f.endsWith('.test.ts')).sort();

/**
 * test/e2e/suite/{index,*.test}.ts → out/e2e/suite/*.js (CommonJS; vscode and mocha come from the
 * host), and index.web.ts with every test → out/e2e/web/index.js (for the web worker: only
 * `vscode` comes from the host). `grep` is compiled into the web bundle. Returns the number of test files.
 */
export async function compileSuite({ grep = '' } = {}) {
  for (const out of [SUITE_OUT, path.dirname(WEB_SUITE_ENTRY)]) fs.rmSync(out, { recursive: true, force: true }); // no stale test from a removed file
  const tests = testFiles();
  const common = { bundle: true, format: 'cjs', sourcemap: 'inline', logLevel: 'warning' };
  await esbuild.build({
    ...common,
    entryPoints: ['index.ts', ...tests].map((f) => path.join(SUITE_SRC, f)),
    outdir: SUITE_OUT,
    platform: 'node',
    target: 'node20',
    external: ['vscode', 'mocha'],
  });
  await esbuild.build({
    ...common,
    entryPoints: [path.join(SUITE_SRC, 'index.web.ts')],
    outfile: WEB_SUITE_ENTRY,
    platform: 'browser',
    target: 'es2022',
    external: ['vscode'],
    alias: { 'node:assert/strict': path.join(WEB_SHIMS, 'assertStrict.ts') },
    define: {
      KPP_E2E_GREP: JSON.stringify(grep),
      // The little of Node's `process` that the `assert` package and its `util` read, where there is none.
      'process.env.NODE_DEBUG': 'undefined',
      'process.stderr': 'undefined',
      'process.emitWarning': 'undefined',
    },
    plugins: [
      {
        // `kpp-e2e:tests`: a module that loads every test file.
        name: 'suite-tests',
        setup(build) {
          build.onResolve({ filter: /^kpp-e2e:tests$/ }, () => ({ path: 'tests', namespace: 'kpp-e2e' }));
          build.onLoad({ filter: /.*/, namespace: 'kpp-e2e' }, () => ({
            contents: tests.map((f) => `require(${JSON.stringify(`./${f}`)});`).join('\n'),
            resolveDir: SUITE_SRC,
            loader: 'js',
          }));
        },
      },
    ],
  });
  return tests.length;
}

/** A fresh copy of the fixtures to open as the workspace: tests may edit files and settings. */
export function copyFixtures(dest) {
  fs.cpSync(FIXTURES, dest, { recursive: true });
  return dest;
}

/**
 * The summary test/e2e/suite/index.ts wrote to KPP_E2E_RESULT_FILE, as
 * { passed, failed, skipped, failures: string[] }, or undefined when it wrote none.
 */
export function readSuiteResult(file) {
  if (!fs.existsSync(file)) return undefined;
  return summaryOf(JSON.parse(fs.readFileSync(file, 'utf8')));
}

/** The same from the summary the web-worker suite printed (the JSON after the marker), or undefined. */
export function parseSuiteResult(json) {
  try {
    return summaryOf(JSON.parse(json));
  } catch {
    return undefined;
  }
}

function summaryOf(r) {
  const failures = r.tests
    .filter((t) => t.state === 'failed')
    .map((t) => `suite: ${t.title}\n      ${(t.error || '').split('\n').join('\n      ')}`);
  return { passed: r.passed, failed: r.failed, skipped: r.pending, failures };
}
