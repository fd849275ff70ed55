#!/usr/bin/env node
// Time to first diagnostics in a real VS Code (code-server 4.100.3, headless chromium), in each
// extension host: the workbench open on the e2e fixtures with nothing of the extension started,
// then a click on web-deployment.yaml in the explorer (t0) until its error is underlined in the
// editor (t1). That covers the extension's activation (onLanguage:yaml), starting the language
// server (a Node process, or a web worker fetched by the web client), initialize, reading
// .podpatterns.yaml and kustomizations (through the client in the web worker), the analysis and
// the rendering. Then a second file (init-probe.yaml) the same way, with everything started. A fresh
// code-server and browser page per run. Not a test: numbers only.
//
// usage: node bench/first-diagnostics.mjs [--runs N] [--host node|web]   (npm run build first)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import util from 'node:util';
import { chromium } from 'playwright-core';
import { CHROMIUM, ROOT, freePort, readExtension, startCodeServer } from '../scripts/e2e/code-server.mjs';
import { copyFixtures } from '../scripts/e2e/suite.mjs';

const { values: opts } = util.parseArgs({ options: { runs: { type: 'string', default: '5' }, host: { type: 'string' } } });
const ext = readExtension(ROOT);
const settings = { node: {}, web: { 'remote.extensionKind': { [ext.id]: ['web'] } } };
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
const results = {};
const warm = {};
/** When the file's text was on screen (VS Code's part, before any diagnostics). */
const shown = {};
try {
  for (const host of opts.host ? [opts.host] : ['node', 'web']) {
    results[host] = [];
    for (let i = 0; i < Number(opts.runs); i++) {
      const state = fs.mkdtempSync(path.join(os.tmpdir(), 'kpp-ttfd-'));
      const cs = await startCodeServer({ state, ext, port: await freePort(), userSettings: settings[host] });
      const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
      try {
        const page = await context.newPage();
        const ws = copyFixtures(path.join(state, 'ws'));
        await page.goto(`${cs.base}/?folder=${encodeURIComponent(ws)}`);
        const row = page.locator('.explorer-folders-view .monaco-list-row[aria-label*="web-deployment.yaml"]');
        await row.waitFor({ timeout: 60_000 });
        const t0 = Date.now();
        await row.click();
        await page.locator('.editor-instance .view-line', { hasText: 'kind: Deployment' }).first().waitFor({ timeout: 60_000 });
        (shown[host] ??= []).push(Date.now() - t0);
        await page.locator('.editor-instance .squiggly-error').first().waitFor({ timeout: 60_000 });
        results[host].push(Date.now() - t0);
        // The second file: the server is running.
        const second = page.locator('.explorer-folders-view .monaco-list-row[aria-label*="init-probe.yaml"]');
        const t2 = Date.now();
        await second.click();
        await page.locator('.tabs-container .tab.active[aria-label*="init-probe.yaml"]').waitFor({ timeout: 60_000 });
        await page.locator('.editor-instance .squiggly-error').first().waitFor({ timeout: 60_000 });
        (warm[host] ??= []).push(Date.now() - t2);
        console.log(`${host} run ${i + 1}: first file ${results[host].at(-1)} ms (its text shown at ${shown[host].at(-1)} ms), second file ${warm[host].at(-1)} ms`);
      } finally {
        await context.close();
        await cs.stop();
        fs.rmSync(state, { recursive: true, force: true });
      }
    }
    console.log(`${host}: first file median ${median(results[host])} ms (min ${Math.min(...results[host])}, max ${Math.max(...results[host])}; text shown at ${median(shown[host])} ms); second file median ${median(warm[host])} ms (${results[host].length} runs; load ${os.loadavg()[0].toFixed(2)})`);
  }
} finally {
  await browser.close();
}
