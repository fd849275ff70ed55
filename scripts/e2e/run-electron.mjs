#!/usr/bin/env node
// The same end-to-end suite (test/e2e/suite/) in desktop VS Code, through @vscode/test-electron:
// for machines that can download VS Code (it is cached in .vscode-test/). Where VS Code cannot be
// downloaded, use scripts/e2e/run.mjs (code-server in a headless browser) instead.
// Needs a built extension (`npm run build`); on Linux without a display, run it under xvfb-run.
//
// usage: node scripts/e2e/run-electron.mjs [--vscode-version stable|insiders|1.101.0] [--grep REGEXP]
//          [--vscode-executable PATH]   (a VS Code already on the machine: no download)
//   (env KPP_E2E_VSCODE_VERSION and KPP_E2E_VSCODE_EXECUTABLE work too). The suite loads mocha 12, which needs the extension
//   host's Node to load ES modules with require(): VS Code 1.101 or later (Electron with Node 22).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import util from 'node:util';
import { downloadAndUnzipVSCode, runTests } from '@vscode/test-electron';
import { ROOT, readExtension } from './code-server.mjs';
import { SUITE_ENTRY, compileSuite, copyFixtures, readSuiteResult } from './suite.mjs';

const { values: opts } = util.parseArgs({
  options: {
    'vscode-version': { type: 'string', default: process.env.KPP_E2E_VSCODE_VERSION || 'stable' },
    'vscode-executable': { type: 'string', default: process.env.KPP_E2E_VSCODE_EXECUTABLE },
    grep: { type: 'string' },
  },
});
const version = opts['vscode-version'];
const say = (msg) => console.log(`[e2e electron] ${msg}`);

const ext = readExtension(ROOT);
if (!fs.existsSync(ext.main)) say(`WARNING: ${ext.main} does not exist: run \`npm run build\` first.`);

let vscodeExecutablePath = opts['vscode-executable'];
if (!vscodeExecutablePath) {
  say(`downloading VS Code ${version} (or using the copy in .vscode-test/)`);
  try {
    vscodeExecutablePath = await downloadAndUnzipVSCode({ version, timeout: 30_000 });
  } catch (e) {
    const reason = String(e?.message || e).split('\n')[0];
    console.error(`[e2e electron] Could not download VS Code ${version}: ${reason}`);
    console.error('[e2e electron] This runner needs to download VS Code (or --vscode-executable). Without that,');
    console.error('[e2e electron] run the same suite in code-server instead: scripts/e2e/install.sh, then node scripts/e2e/run.mjs');
    console.log('0 passed, 1 failed');
    process.exit(1);
  }
}

await compileSuite();
const state = fs.mkdtempSync(path.join(os.tmpdir(), 'kpp-e2e-electron-'));
const resultFile = path.join(state, 'suite-result.json');
let code;
let result;
try {
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    say('no DISPLAY: if VS Code fails to start, run this under xvfb-run -a');
  }
  code = await runTests({
    vscodeExecutablePath,
    extensionDevelopmentPath: ROOT,
    extensionTestsPath: SUITE_ENTRY,
    extensionTestsEnv: { KPP_E2E_RESULT_FILE: resultFile, ...(opts.grep ? { KPP_E2E_GREP: opts.grep } : {}) },
    // runTests adds --disable-workspace-trust, --skip-welcome and the like itself.
    launchArgs: [
      copyFixtures(path.join(state, 'workspace')),
      '--user-data-dir', path.join(state, 'user-data'),
      '--extensions-dir', path.join(state, 'extensions'),
    ],
  }).catch((e) => {
    console.error(`[e2e electron] VS Code failed: ${e?.message || e}`);
    return 1;
  });
} finally {
  result = readSuiteResult(resultFile);
  fs.rmSync(state, { recursive: true, force: true });
}

const r = result ?? { passed: 0, failed: 1, skipped: 0, failures: ['suite: VS Code ended without reporting results'] };
if (code !== 0 && r.failed === 0) r.failed = 1;
if (r.failures.length) {
  console.log('\nFailures:');
  for (const f of r.failures) console.log(`  ✗ ${f}`);
}
console.log(`${r.passed} passed, ${r.failed} failed${r.skipped ? `, ${r.skipped} skipped` : ''}`);
process.exit(r.failed ? 1 : 0);
