#!/usr/bin/env node
// Browser end-to-end tests in a real VS Code: code-server (VS Code 1.100.3) driven by a headless
// chromium through playwright-core, once for each extension host the extension runs in:
//
//   node  VS Code's Node extension host (on code-server's side): the extension's `main`, the
//         language server a Node process;
//   web   the browser's web-worker extension host, as on vscode.dev: the extension's `browser`
//         entry, the language server a web worker. code-server runs the extension there because
//         its user settings say `"remote.extensionKind": { "<publisher>.<name>": ["web"] }`.
//
// For each host, with a fresh code-server:
//   (a) the mocha suite test/e2e/suite/*.test.ts runs inside that extension host, with the
//       extension loaded as a development extension (extensionDevelopmentPath/extensionTestsPath in
//       the workbench address); its console is relayed here. The suite prints which host it found
//       itself in (KPP_E2E_HOST): a run whose suite does not say it ran in the host asked for FAILS;
//   (b) the UI checks of test/e2e/ui/workbench.ui.mjs drive the workbench with the extension
//       installed (linked into --extensions-dir), with screenshots in test-results/e2e/<host>/; the
//       last one reads VS Code's own "Running Extensions" view for where the extension runs;
//   (c) code-server's own logs: the Node host's must show the extension's activation in a node run,
//       and no log of code-server may show it in a web run (checkServerLogs).
//
// Needs scripts/e2e/install.sh once and a built extension (`npm run build`); builds nothing itself
// except the test suite. Closes with "N passed, N failed[, N skipped]" over everything, and exits
// non-zero if anything failed. On failure test-results/e2e/<host>/ also gets the code-server log
// and the pages' console logs.
//
// usage: node scripts/e2e/run.mjs [--host node|web] [--only suite|ui] [--grep REGEXP] [--extension DIR] [--keep]
//   --host HOST       one extension host only (default: both, node then web)
//   --extension DIR   extension folder to test (default: the repo root; env KPP_E2E_EXTENSION)
//   --grep REGEXP     run only the suite tests whose title matches
//   --keep            keep the temporary state folder (printed) for a look afterwards
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import util from 'node:util';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { CHROMIUM, CODE_SERVER, ROOT, TOOLS, freePort, readExtension, startCodeServer } from './code-server.mjs';
import { SUITE_ENTRY, WEB_SUITE_ENTRY, compileSuite, copyFixtures, parseSuiteResult, readSuiteResult } from './suite.mjs';

const UI_CHECKS = path.join(ROOT, 'test', 'e2e', 'ui', 'workbench.ui.mjs');
const RESULTS = path.join(ROOT, 'test-results', 'e2e');

// Deadlines (ms). Generous but bounded: a passing run takes about half a minute.
const HEALTHZ_MS = 30_000;
const SUITE_MS = 150_000;  // the whole mocha run inside the extension host
const CHECK_MS = 70_000;   // one UI check

const { values: opts } = util.parseArgs({
  options: {
    host: { type: 'string' },
    only: { type: 'string' },
    grep: { type: 'string' },
    extension: { type: 'string' },
    keep: { type: 'boolean', default: false },
  },
});
if (opts.only && !['suite', 'ui'].includes(opts.only)) fail(`--only takes "suite" or "ui", not "${opts.only}"`);
const EXT = readExtension(path.resolve(opts.extension || process.env.KPP_E2E_EXTENSION || ROOT));

/** The extension hosts, in the order they run. */
const HOSTS = {
  node: { name: 'Node extension host', suiteEntry: SUITE_ENTRY, userSettings: {} },
  web: { name: 'web-worker extension host', suiteEntry: WEB_SUITE_ENTRY, userSettings: { 'remote.extensionKind': { [EXT.id]: ['web'] } } },
};
if (opts.host && !(opts.host in HOSTS)) fail(`--host takes "node" or "web", not "${opts.host}"`);
/** What the suite prints about the host it runs in, and the line with its results (test/e2e/suite/outcomes.ts). */
const HOST_MARKER = 'KPP_E2E_HOST ';
const RESULT_MARKER = 'KPP_E2E_RESULT ';

const t0 = Date.now();
const log = (...a) => console.log(`[e2e ${((Date.now() - t0) / 1000).toFixed(1)}s]`, ...a);
function fail(msg) {
  console.error(`e2e: ${msg}`);
  process.exit(2);
}

// ---- preconditions ----------------------------------------------------------------------------
if (!fs.existsSync(CODE_SERVER)) fail(`code-server is not installed in ${TOOLS}: run scripts/e2e/install.sh`);
if (!fs.existsSync(CHROMIUM)) fail(`no chromium at ${CHROMIUM}: run scripts/e2e/install.sh`);
for (const entry of [EXT.main, EXT.browser].filter(Boolean)) {
  if (!fs.existsSync(entry)) log(`WARNING: ${entry} does not exist: run \`npm run build\` first; the extension cannot activate.`);
}

// ---- state, cleanup and signals -----------------------------------------------------------------
const state = fs.mkdtempSync(path.join(os.tmpdir(), 'kpp-e2e-'));
fs.rmSync(RESULTS, { recursive: true, force: true });
fs.mkdirSync(RESULTS, { recursive: true });

/** The code-server running now. @type {Awaited<ReturnType<typeof startCodeServer>> | undefined} */
let cs;
/** @type {import('playwright-core').Browser | undefined} */
let browser;
let cleaning;

/** Stops the browser and code-server (its whole process group: extension hosts, language servers). */
function cleanup() {
  cleaning ??= (async () => {
    if (browser) await Promise.race([browser.close().catch(() => {}), new Promise((r) => setTimeout(r, 5_000))]);
    if (cs) await cs.stop();
    cs = undefined;
    for (const l of linked) fs.rmSync(l, { force: true });
    if (opts.keep) log(`state kept in ${state}`);
    else fs.rmSync(state, { recursive: true, force: true });
  })();
  return cleaning;
}

let stopping = false;
for (const [sig, code] of [['SIGINT', 130], ['SIGTERM', 143], ['SIGHUP', 129]]) {
  process.on(sig, () => {
    if (stopping) return;
    stopping = true;
    log(`${sig}: stopping`);
    cleanup().finally(() => process.exit(code));
  });
}
/** After a signal the steps still running unwind with errors: let the signal handler end the run quietly. */
const unlessStopping = async () => { if (stopping) await new Promise(() => {}); };

// ---- steps ------------------------------------------------------------------------------------
async function launchBrowser() {
  const profile = path.join(state, 'chromium');
  fs.mkdirSync(profile, { recursive: true });
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    // This script handles the signals itself, so that code-server is stopped too.
    handleSIGINT: false, handleSIGTERM: false, handleSIGHUP: false,
    env: { ...process.env, HOME: profile, XDG_CONFIG_HOME: profile, XDG_CACHE_HOME: profile },
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** A page whose console goes to `logName` in the host's state folder; `relay` picks lines to print here. */
async function newPage(hostState, logName, relay) {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  const file = path.join(hostState, logName);
  const write = (line) => fs.appendFileSync(file, `${line}\n`);
  page.on('console', async (m) => {
    let args = await Promise.all(m.args().map((a) => a.jsonValue().catch(() => '?')));
    if (!args.length) args = [m.text()];
    const hostLine = typeof args[0] === 'string' && /^%c/.test(args[0]);
    // VS Code styles its log lines: ["%c INFO", "color: #33f", message, ...]; drop the style.
    const line = util.format(...(hostLine ? args.slice(2) : args));
    write(`[${m.type()}] ${line}`);
    if (relay && hostLine) relay(line, m.type());
  });
  page.on('pageerror', (e) => write(`[pageerror] ${e.message}`));
  return { page, context };
}

// In test mode the workbench logs the extension host's console through its own log service, so
// both arrive alike; these are the workbench's own routine lines, left out of the relay (they stay
// in suite-console.log).
const WORKBENCH_NOISE = new RegExp('^(Resolving connection token|Resolved connection token|Creating a socket|' +
  '\\[Service Worker\\]|Ignoring fetching additional builtin extensions|Updating additional builtin extensions cache|' +
  'ChatSessionStore:|\\[lifecycle\\] Long running operations during shutdown)');

/**
 * Where the suite is given to VS Code for `host`. VS Code runs the tests in the extension host of the
 * extension whose folder holds them: for an extension folder other than the repository (an unpacked
 * .vsix), the compiled suite is linked into it (and unlinked at the end), or the tests would run in
 * the Node host whatever the extension's host.
 */
function suiteEntryFor(host) {
  const entry = HOSTS[host].suiteEntry;
  if (!path.relative(EXT.dir, entry).startsWith('..')) return entry;
  const link = path.join(EXT.dir, '.kpp-e2e-suite');
  fs.rmSync(link, { force: true });
  fs.symlinkSync(path.dirname(entry), link, 'dir');
  linked.push(link);
  return path.join(link, path.basename(entry));
}
const linked = [];

/** (a) The mocha suite inside the extension host `host`, as extensionTestsPath. */
async function runSuite(cs, host, hostState, results, workspace) {
  const seen = { hosts: [], result: undefined };
  const relay = (line) => {
    if (line.startsWith(RESULT_MARKER)) return void (seen.result = line.slice(RESULT_MARKER.length));
    if (line.startsWith(HOST_MARKER)) seen.hosts.push(line.slice(HOST_MARKER.length));
    if (!WORKBENCH_NOISE.test(line)) console.log(`  │ ${line}`);
  };
  const { page, context } = await newPage(hostState, 'suite-console.log', relay);
  const exited = new Promise((resolve) => page.exposeFunction('codeAutomationExit', (code) => resolve(code)));
  await page.exposeFunction('codeAutomationLog', () => {}); // the workbench's automation log sink: not needed
  // The workbench accepts "remote" as code-server's remote authority; the web-worker host finds the test's extension
  // by location, which carries the real one (host:port): with "remote" the tests would run in the Node host instead.
  const remote = (p) => `vscode-remote://${new URL(cs.base).host}${p}`;
  const payload = JSON.stringify([
    ['extensionDevelopmentPath', remote(EXT.dir)],
    ['extensionTestsPath', remote(suiteEntryFor(host))],
  ]);
  await page.goto(`${cs.base}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(payload)}`);
  let timer;
  const code = await Promise.race([
    exited,
    new Promise((r) => { timer = setTimeout(() => r('timeout'), SUITE_MS); }),
    cs.stopped.then(() => 'code-server exited'),
  ]);
  clearTimeout(timer);
  if (code !== 0) await page.screenshot({ path: path.join(results, 'suite-FAILED.png') }).catch(() => {});
  await context.close().catch(() => {});

  // The host the suite found itself in, from the page's console: anything but the one asked for fails the run.
  const wrongHost = seen.hosts.find((h) => !h.startsWith(`${host} `));
  const hostProblem = !seen.hosts.length || wrongHost
    ? `suite: asked for the ${HOSTS[host].name}, but the suite ${wrongHost ? `ran in: ${wrongHost}` : 'never said where it ran (no KPP_E2E_HOST line in the console)'}`
    : undefined;
  if (!hostProblem) log(`suite ran in the ${HOSTS[host].name} (console: ${HOST_MARKER}${seen.hosts[0]})`);
  // Node writes a file; the web worker has none and prints its results to the console.
  const r = host === 'web' ? seen.result && parseSuiteResult(seen.result) : readSuiteResult(path.join(hostState, 'suite-result.json'));
  if (!r) {
    const why = code === 'timeout' ? `did not finish in ${SUITE_MS / 1000} s` : `ended (${code}) without reporting results`;
    return { passed: 0, failed: 1, skipped: 0, failures: [`suite: ${why}`, ...(hostProblem ? [hostProblem] : [])] };
  }
  if (code !== 0 && r.failed === 0) {
    r.failures.push(`suite: the extension host ended with ${code} though no test failed`);
    r.failed = 1;
  }
  if (hostProblem) {
    r.failures.push(hostProblem);
    r.failed++;
  }
  return r;
}

/** (b) The UI checks, in order, on one page. */
async function runUi(cs, host, hostState, results, workspace) {
  const { checks } = await import(pathToFileURL(UI_CHECKS).href);
  const { page, context } = await newPage(hostState, 'ui-console.log');
  const outcome = new Map();
  const res = { passed: 0, failed: 0, skipped: 0, failures: [] };
  let n = 0;
  for (const check of checks) {
    const shot = path.join(results, `ui-${String(++n).padStart(2, '0')}-${check.id}`);
    const missing = (check.needs || []).filter((id) => outcome.get(id) !== 'passed');
    if (missing.length) {
      outcome.set(check.id, 'skipped');
      res.skipped++;
      log(`  - ${check.name} (skipped: needs ${missing.join(', ')})`);
      continue;
    }
    const started = Date.now();
    let timer;
    try {
      await Promise.race([
        check.run({
          page, base: cs.base, workspace, host, extensionName: EXT.manifest.displayName, log: (m) => log(`    ${m}`),
          // An extra screenshot of a state on the way (the end state is taken below).
          screenshot: (name) => page.screenshot({ path: `${shot}-${name}.png`, animations: 'disabled' }),
        }),
        new Promise((_, rej) => { timer = setTimeout(() => rej(new Error(`check timed out after ${CHECK_MS / 1000} s`)), CHECK_MS); }),
      ]);
      outcome.set(check.id, 'passed');
      res.passed++;
      log(`  ✓ ${check.name} (${Date.now() - started} ms)`);
      await page.screenshot({ path: `${shot}.png`, animations: 'disabled' }).catch(() => {});
    } catch (e) {
      await unlessStopping();
      outcome.set(check.id, 'failed');
      res.failed++;
      const msg = String(e?.message || e).split('\n')[0];
      res.failures.push(`ui: ${check.name}\n      ${msg}`);
      log(`  ✗ ${check.name} (${Date.now() - started} ms): ${msg}`);
      await page.screenshot({ path: `${shot}-FAILED.png`, animations: 'disabled' }).catch(() => {});
    } finally {
      clearTimeout(timer);
    }
  }
  await context.close().catch(() => {});
  return res;
}

// ---- main -------------------------------------------------------------------------------------
const total = { passed: 0, failed: 0, skipped: 0, failures: [] };
const add = (host, r) => {
  total.passed += r.passed;
  total.failed += r.failed;
  total.skipped += r.skipped;
  total.failures.push(...r.failures.map((f) => `[${host}] ${f}`));
};

/**
 * (c) code-server's own logs (user-data/logs): its Node extension host logs each activation
 * ("ExtensionService#_doActivateExtension <id>"). Asked for the Node host, the extension must have
 * been activated there; asked for the web worker, never there: the browser's web-worker host keeps
 * its log in the browser, so code-server's logs must not name the extension's activation at all.
 */
function checkServerLogs(host, hostState) {
  const logs = path.join(hostState, 'user-data', 'logs');
  const files = fs.existsSync(logs) ? fs.readdirSync(logs, { recursive: true }).map((f) => path.join(logs, String(f))).filter((f) => fs.statSync(f).isFile()) : [];
  const needle = `ExtensionService#_doActivateExtension ${EXT.id}`;
  const hits = files.filter((f) => fs.readFileSync(f, 'utf8').includes(needle)).map((f) => path.relative(logs, f));
  const extHostLogs = files.filter((f) => /exthost/i.test(path.relative(logs, f)));
  const name = `code-server's logs: the extension activated ${host === 'node' ? 'in its Node extension host' : 'nowhere on code-server\'s side (so in the web worker)'}`;
  let problem;
  if (host === 'node' && !hits.length) problem = `no "${needle}" in code-server's logs (${files.length} files: ${files.map((f) => path.relative(logs, f)).join(', ') || 'none'})`;
  if (host === 'web' && hits.length) problem = `code-server's Node extension host activated the extension (${hits.join(', ')}), not the web worker`;
  if (problem) {
    log(`  ✗ ${name}: ${problem}`);
    return { passed: 0, failed: 1, skipped: 0, failures: [`logs: ${problem}`] };
  }
  log(`  ✓ ${name} (${hits.length ? `"${needle}" in ${hits.join(', ')}` : `${extHostLogs.length} extension host log(s) of code-server, none with "${needle}"`})`);
  return { passed: 1, failed: 0, skipped: 0, failures: [] };
}

/** One host: a fresh code-server with its settings, the suite, the UI checks, and code-server stopped. */
async function runHost(host) {
  const hostState = path.join(state, host);
  const results = path.join(RESULTS, host);
  fs.mkdirSync(hostState, { recursive: true });
  fs.mkdirSync(results, { recursive: true });
  const before = total.failed;
  try {
    await startCodeServer({
      state: hostState,
      ext: EXT, // installed, for the UI checks; the suite loads it as a development extension instead
      port: await freePort(),
      userSettings: HOSTS[host].userSettings,
      env: {
        KPP_E2E_RESULT_FILE: path.join(hostState, 'suite-result.json'),
        ...(opts.grep ? { KPP_E2E_GREP: opts.grep } : {}),
      },
      onSpawn: (handle) => { cs = handle; },
    });
    log(`${host}: code-server ready at ${cs.base} (pid ${cs.pid}); the extension runs in its ${HOSTS[host].name}`);
    if (opts.only !== 'ui') {
      log(`${host}: suite: mocha inside the ${HOSTS[host].name}`);
      const r = await runSuite(cs, host, hostState, results, copyFixtures(path.join(hostState, 'workspace-suite')));
      await unlessStopping();
      log(`${host}: suite: ${r.passed} passed, ${r.failed} failed${r.skipped ? `, ${r.skipped} pending` : ''}`);
      add(host, r);
    }
    if (opts.only !== 'suite') {
      log(`${host}: ui: checks in the workbench`);
      add(host, await runUi(cs, host, hostState, results, copyFixtures(path.join(hostState, 'workspace-ui'))));
    }
  } catch (e) {
    await unlessStopping();
    add(host, { passed: 0, failed: 1, skipped: 0, failures: [`run: ${e?.stack || e}`] });
  } finally {
    if (cs) await cs.stop();
    cs = undefined;
  }
  // After code-server has stopped: its logs are flushed then.
  add(host, checkServerLogs(host, hostState));
  if (total.failed > before) {
    // Keep what explains the failure next to the screenshots.
    for (const f of ['code-server.log', 'suite-console.log', 'ui-console.log', 'suite-result.json']) {
      const src = path.join(hostState, f);
      if (fs.existsSync(src)) fs.copyFileSync(src, path.join(results, f));
    }
  }
}

try {
  log(`testing ${EXT.id} ${EXT.manifest.version} from ${EXT.dir}`);
  const files = await compileSuite({ grep: opts.grep });
  log(`compiled ${files} suite file(s) for Node and for the web worker`);
  browser = await launchBrowser();
  for (const host of opts.host ? [opts.host] : Object.keys(HOSTS)) {
    await runHost(host);
    await unlessStopping();
  }
} catch (e) {
  await unlessStopping();
  add('run', { passed: 0, failed: 1, skipped: 0, failures: [`run: ${e?.stack || e}`] });
}

await unlessStopping();
if (total.failed) {
  console.log('\nFailures:');
  for (const f of total.failures) console.log(`  ✗ ${f}`);
  console.log(`Artifacts in ${path.relative(process.cwd(), RESULTS) || RESULTS}`);
}
await cleanup();
log(`done in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
console.log(`${total.passed} passed, ${total.failed} failed${total.skipped ? `, ${total.skipped} skipped` : ''}`);
process.exit(total.failed ? 1 : 0);
