// The mocha suite that runs inside a VS Code extension host (test/e2e/suite/), shared by both
// runners: run.mjs (code-server) and run-electron.mjs (desktop VS Code).
import fs from 'node:fs';
import path from 'node:path';
import * as esbuild from 'esbuild';
import { ROOT } from './code-server.mjs';

export const SUITE_SRC = path.join(ROOT, 'test', 'e2e', 'suite');
export const SUITE_OUT = path.join(ROOT, 'out', 'e2e', 'suite');
/** What VS Code is given as extensionTestsPath: it exports run(). */
export const SUITE_ENTRY = path.join(SUITE_OUT, 'index.js');
export const FIXTURES = path.join(ROOT, 'test', 'e2e', 'fixtures');

/** test/e2e/suite/*.ts → out/e2e/suite/*.js (CommonJS; vscode and mocha come from the host). */
export async function compileSuite() {
  fs.rmSync(SUITE_OUT, { recursive: true, force: true }); // no stale *.test.js from a removed test
  const entryPoints = fs.readdirSync(SUITE_SRC).filter((f) => f.endsWith('.ts')).map((f) => path.join(SUITE_SRC, f));
  await esbuild.build({
    entryPoints,
    outdir: SUITE_OUT,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode', 'mocha'],
    sourcemap: 'inline',
    logLevel: 'warning',
  });
  return entryPoints.length;
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
  const r = JSON.parse(fs.readFileSync(file, 'utf8'));
  const failures = r.tests
    .filter((t) => t.state === 'failed')
    .map((t) => `suite: ${t.title}\n      ${(t.error || '').split('\n').join('\n      ')}`);
  return { passed: r.passed, failed: r.failed, skipped: r.pending, failures };
}
