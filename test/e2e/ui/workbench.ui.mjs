// UI checks: what a person sees in a real VS Code workbench (code-server in headless chromium),
// driven through the keyboard and the mouse. scripts/e2e/run.mjs runs them in order on one page
// and counts each as a test; a check whose `needs` did not pass is skipped. Each passing check
// leaves a screenshot of its end state in test-results/e2e/ (ui-NN-<id>.png), and may take more
// on the way with `screenshot(name)`.
//
// The story: open a Deployment whose init container has a livenessProbe; open its lifecycle view
// from the code lens; move through it (Go to
// Definition from a volume mount to its volume, Rename Symbol on a container, the inlay hints after
// the container names, the Outline view), each time from the file as it is on disk; see the squiggle and the
// error count in the status bar, hover the pod's initContainers and the squiggle and read the
// explanations, find the problem in the Problems panel, then fix it from the light bulb (Ctrl+.)
// and see the text change and the problem go. Last, VS Code's own "Running Extensions" view says
// in which extension host the extension runs: the web worker, or code-server's Node host.
//
// (Named *.ui.mjs rather than *.test.mjs so that unit-test globs never pick it up: it needs
// a browser and a running workbench.)

import { readFile } from 'node:fs/promises';
import * as path from 'node:path';

export const CODE_INIT_CONTAINER_PROBE = 'pod/init-container-probe';
const FILE = 'web-deployment.yaml';
const FIX = 'Remove livenessProbe';
// Not offered: migrate runs the database migrations, which must finish before the app starts.
const MISLEADING = 'Make migrate a native sidecar';
const WAIT_MS = 20_000;

const SQUIGGLE = '.editor-instance .squiggly-error';
const SELECTION_STATUS = '.statusbar-item[id="status.editor.selection"]';
const HOVER = '.monaco-hover:not(.hidden)';
const PROBLEMS_STATUS = '.statusbar-item[id="status.problems"]';

/**
 * @typedef {object} Ctx
 * @property {import('playwright-core').Page} page
 * @property {string} base       code-server address, e.g. http://127.0.0.1:PORT
 * @property {string} workspace  absolute path of the folder to open (a copy of test/e2e/fixtures)
 * @property {'node' | 'web'} host  the extension host the extension should run in
 * @property {string} extensionName  the extension's display name
 * @property {(msg: string) => void} log
 * @property {(name: string) => Promise<unknown>} screenshot  saves ui-NN-<id>-<name>.png
 */

/** The editor's lines as shown, top to bottom (Monaco positions its line elements absolutely). */
async function editorLines(page) {
  return page.locator('.editor-instance .view-lines').first().evaluate((el) =>
    [...el.querySelectorAll(':scope > .view-line')]
      .map((l) => ({ top: parseFloat(l.style.top) || 0, text: l.textContent.replace(/\u00a0/g, ' ') }))
      .sort((a, b) => a.top - b.top)
      .map((l) => l.text));
}

/** Polls `probe` until it returns something truthy; throws `what` after `ms`. */
async function until(what, probe, ms = WAIT_MS) {
  const end = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * The counts of the status bar's problems item, from its accessible label ("Errors: 1", "Errors: 1,
 * Warnings: 2", "No Problems": a kind it does not name has none). NaN while the item is missing.
 */
async function problemCounts(page) {
  const label = (await page.locator(PROBLEMS_STATUS).first().getAttribute('aria-label', { timeout: 1_000 }).catch(() => null)) ?? '';
  const n = (re) => (label ? Number(re.exec(label)?.[1] ?? 0) : NaN);
  return { errors: n(/errors?:\s*(\d+)/i), warnings: n(/warnings?:\s*(\d+)/i), label };
}

/**
 * Moves the mouse onto `box` until a hover matching `text` shows; moves away between tries, so
 * each arrival hovers anew. Deadline-bound: the language server may still be starting.
 */
async function hoverUntil(page, box, text) {
  // A hover on a loaded machine (CI) failed after 20 s of retries once: retries go on for 60 s.
  const end = Date.now() + 3 * WAIT_MS;
  for (let i = 0; ; i++) {
    await page.mouse.move(box.x + Math.min(5, box.width / 2) + (i % 2), box.y + box.height / 2);
    try {
      await page.locator(HOVER).filter({ hasText: text }).first().waitFor({ timeout: 3_000 });
      return;
    } catch (e) {
      if (Date.now() > end) throw e;
      await page.mouse.move(box.x + box.width + 400, box.y + 300);
    }
  }
}

/** Runs a command of the palette (F1) by its title. */
async function palette(page, title) {
  await page.keyboard.press('Escape');
  await page.keyboard.press('F1');
  // Into the palette's own input (typed keys could still go where the focus was, e.g. a webview, while it opens).
  const input = page.locator('.quick-input-widget .quick-input-box input').first();
  await input.waitFor({ timeout: WAIT_MS });
  await input.fill(`>${title}`);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor({ timeout: WAIT_MS });
  await page.keyboard.press('Enter');
}

/** The fixture's text on disk: the checks below revert the editor to it first. */
async function fixtureLines(workspace) {
  return (await readFile(path.join(workspace, FILE), 'utf8')).split(/\r?\n/);
}

/** 1-based line of the first line matching `re` at or after 1-based line `from`. */
function lineNumber(lines, re, from = 1) {
  const i = lines.findIndex((t, n) => n >= from - 1 && re.test(t));
  if (i < 0) throw new Error(`no line of ${FILE} matches ${re}`);
  return i + 1;
}

/** Puts the cursor at a 1-based line and column with Go to Line (Ctrl+G), as a user does. */
async function gotoLine(page, line, column) {
  await page.keyboard.press('Escape');
  await page.keyboard.press('Control+G');
  await page.keyboard.type(`${line}:${column}`);
  await page.keyboard.press('Enter');
  await until(`the cursor at ${line}:${column}`, async () => (await cursorAt(page)).line === line);
}

/** The cursor's line and column as the status bar shows them ("Ln 12, Col 9"). */
async function cursorAt(page) {
  const text = (await page.locator(SELECTION_STATUS).first().innerText({ timeout: 1_000 }).catch(() => '')) ?? '';
  const m = /Ln (\d+), Col (\d+)/.exec(text);
  return m ? { line: Number(m[1]), column: Number(m[2]) } : { line: NaN, column: NaN, text };
}

/** Brings the Deployment back as it is on disk, in the editor (the first group: the lifecycle view is beside it). */
async function freshFile(page) {
  await palette(page, 'View: Focus First Editor Group');
  await page.keyboard.press('Escape');
  await page.keyboard.press('Control+P');
  await page.keyboard.type(FILE);
  await page.waitForSelector(`.quick-input-list .monaco-list-row[aria-label*="${FILE}"]`, { timeout: WAIT_MS });
  await page.keyboard.press('Enter');
  await page.waitForSelector(`.tabs-container .tab.active[aria-label*="${FILE}"]`, { timeout: WAIT_MS });
  await palette(page, 'File: Revert File');
  await page.locator('.editor-instance .view-lines').first().click();
}

/** @type {{ id: string, name: string, needs?: string[], run: (ctx: Ctx) => Promise<void> }[]} */
export const checks = [
  {
    id: 'workbench',
    name: 'the workbench opens the fixtures workspace',
    async run({ page, base, workspace }) {
      await page.goto(`${base}/?folder=${encodeURIComponent(workspace)}`);
      await page.waitForSelector(`.explorer-folders-view .monaco-list-row[aria-label*="${FILE}"]`, { timeout: 60_000 });
    },
  },
  {
    id: 'open',
    name: 'Quick Open opens a Deployment manifest as YAML',
    needs: ['workbench'],
    async run({ page }) {
      await page.locator('.monaco-workbench .part.editor').click();
      await page.keyboard.press('Control+P');
      await page.keyboard.type(FILE);
      await page.waitForSelector(`.quick-input-list .monaco-list-row[aria-label*="${FILE}"]`, { timeout: WAIT_MS });
      await page.keyboard.press('Enter');
      await page.waitForSelector(`.tabs-container .tab[aria-label*="${FILE}"]`, { timeout: WAIT_MS });
      await page.waitForSelector('.editor-instance .view-lines .view-line', { timeout: WAIT_MS });
      await page.waitForSelector('.statusbar-item[aria-label="YAML"], .statusbar-item:has-text("YAML")', { timeout: WAIT_MS });
    },
  },
  {
    id: 'lifecycle',
    name: 'the "Show Pod Lifecycle" code lens above the Deployment opens the lifecycle view beside the editor',
    needs: ['open'],
    async run({ page }) {
      await page.mouse.move(5, 5);
      await page.keyboard.press('Escape');
      const lens = page.locator('.editor-instance .codelens-decoration a', { hasText: 'Show Pod Lifecycle' }).first();
      // The first check that needs the language server: its start is part of the wait.
      await lens.waitFor({ timeout: 3 * WAIT_MS });
      await lens.click();
      await page.waitForSelector('.tabs-container .tab[aria-label*="Lifecycle: Deployment web"]', { timeout: WAIT_MS });
      // The webview's page: the title, the chart, the statuses and the shutdown order.
      const view = page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
      await view.locator('h2', { hasText: 'Lifecycle of Deployment web' }).waitFor({ timeout: WAIT_MS });
      const text = await view.locator('body').innerText();
      for (const want of [/migrate/, /log-shipper/, /While it starts/, /Shutdown order/, /log-shipper stops \(native sidecar\)/]) {
        if (!want.test(text)) throw new Error(`the lifecycle view does not say ${want}:\n${text}`);
      }
      if ((await view.locator('.chart .bar').count()) < 3) throw new Error('the chart has no bars');
    },
  },
  {
    id: 'definition',
    name: 'Go to Definition (F12) on the name in a volumeMounts entry moves the cursor to the volume it names',
    needs: ['open'],
    async run({ page, workspace }) {
      await freshFile(page);
      const lines = await fixtureLines(workspace);
      const mount = lineNumber(lines, /^\s+- name: logs/, lineNumber(lines, /^\s+- name: web$/));
      const volume = lineNumber(lines, /^\s+- name: logs/, lineNumber(lines, /^\s*volumes:/));
      const column = lines[mount - 1].indexOf('logs') + 2;
      await gotoLine(page, mount, column);
      await page.keyboard.press('F12');
      await until(`the cursor on the volume (line ${volume})`, async () => (await cursorAt(page)).line === volume).catch(async (e) => {
        throw new Error(`${e.message}; the status bar says ${JSON.stringify(await cursorAt(page))}`);
      });
    },
  },
  {
    id: 'rename',
    name: 'Rename Symbol (F2) on a container renames it and the default-container annotation that names it; the lifecycle view beside follows the edit',
    needs: ['lifecycle'],
    async run({ page, workspace, screenshot }) {
      await freshFile(page);
      const lines = await fixtureLines(workspace);
      const name = lineNumber(lines, /^\s+- name: web$/);
      await gotoLine(page, name, lines[name - 1].indexOf('web') + 2);
      await page.keyboard.press('F2');
      // The rename box opens once the server has said what can be renamed there; typing before it has the focus would edit the text.
      await until('the rename box to have the focus', () => page.evaluate(() => !!document.activeElement?.closest('.rename-box')));
      // The box holds the old name, selected: typing replaces it.
      await page.keyboard.type('web-server');
      await screenshot('input');
      await page.keyboard.press('Enter');
      await until('the container renamed', async () => (await editorLines(page)).some((t) => /^\s+- name: web-server\b/.test(t))).catch(async (e) => {
        throw new Error(`${e.message}; the editor shows:\n${(await editorLines(page)).join('\n')}`);
      });
      await page.keyboard.press('Control+Home');
      const top = await until('the annotation renamed', async () => {
        const l = await editorLines(page);
        return l.some((t) => /default-container: web-server\b/.test(t)) ? l : undefined;
      }).catch(async (e) => {
        throw new Error(`${e.message}; the editor shows:\n${(await editorLines(page)).join('\n')}`);
      });
      if (!top.some((t) => /^\s+name: web\s*$/.test(t))) throw new Error(`the Deployment's own name changed:\n${top.join('\n')}`);
      if (top.filter((t) => /^\s+app: web\s*$/.test(t)).length < 2) throw new Error(`the labels changed:\n${top.join('\n')}`);
      // The lifecycle view beside (opened from the code lens above) follows the edit: the app container is web-server there too.
      const view = page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
      await until('the lifecycle view to show the renamed container', async () => /web-server/.test(await view.locator('body').innerText({ timeout: 1_000 }).catch(() => ''))).catch(async (e) => {
        throw new Error(`${e.message}; the view says:\n${await view.locator('body').innerText({ timeout: 1_000 }).catch(() => '(nothing)')}`);
      });
    },
  },
  {
    id: 'inlay-hints',
    name: 'inlay hints after each container name say its order and role, and after a missing restartPolicy what applies',
    needs: ['open'],
    async run({ page }) {
      await freshFile(page);
      await page.keyboard.press('Control+Home');
      // The hints are drawn inside the line, after the text they follow (so lines end with them: the checks above match the start).
      await until('the hints in the editor', async () => {
        const l = await editorLines(page);
        return [/- name: migrate\s*init 1\/2/, /- name: log-shipper\s*sidecar, starts 2nd, stops last/, /imagePullPolicy: IfNotPresent/].every((re) => l.some((t) => re.test(t)));
      }).catch(async (e) => {
        throw new Error(`${e.message}; the editor shows:\n${(await editorLines(page)).join('\n')}`);
      });
    },
  },
  {
    id: 'outline',
    name: 'the Outline view lists the Deployment, its containers by role in start order, and its volume',
    needs: ['open'],
    async run({ page }) {
      await freshFile(page);
      await palette(page, 'Explorer: Focus on Outline View');
      const rows = page.locator('.monaco-list-row', { hasText: 'sidecar log-shipper' });
      await rows.first().waitFor({ timeout: WAIT_MS });
      const texts = await until('the outline of the pod', async () => {
        const t = (await page.locator('.outline-pane .monaco-list-row, .pane-body .monaco-list-row').allInnerTexts()).map((x) => x.replace(/\s+/g, ' ').trim());
        const want = ['Deployment web', 'init 1/2 migrate', 'sidecar log-shipper', 'app web', 'volume logs'];
        const at = want.map((w) => t.findIndex((x) => x.startsWith(w)));
        return at.every((i, n) => i >= 0 && (n === 0 || i > at[n - 1])) ? t : undefined;
      }).catch(async (e) => {
        throw new Error(`${e.message}; the rows are: ${(await page.locator('.monaco-list-row').allInnerTexts()).join(' | ')}`);
      });
      void texts;
    },
  },
  {
    id: 'squiggle',
    name: 'the livenessProbe of the init container is underlined, and the status bar counts 1 error',
    needs: ['open'],
    async run({ page }) {
      await page.keyboard.press('Escape');
      const squiggle = page.locator(SQUIGGLE).first();
      await squiggle.waitFor({ timeout: WAIT_MS });
      // The underline sits on the line of the livenessProbe key.
      const lines = await editorLines(page);
      const probeLine = lines.findIndex((l) => /^\s+livenessProbe:/.test(l));
      if (probeLine < 0) throw new Error(`no livenessProbe line among:\n${lines.join('\n')}`);
      const line = page.locator('.editor-instance .view-lines .view-line', { hasText: 'livenessProbe:' }).first();
      const [sb, lb] = [await squiggle.boundingBox(), await line.boundingBox()];
      if (!sb || !lb || Math.abs(sb.y + sb.height / 2 - (lb.y + lb.height / 2)) > lb.height) {
        throw new Error('the underline is not on the livenessProbe line');
      }
      const counts = await until('the status bar to count 1 error', async () => {
        const c = await problemCounts(page);
        return c.errors === 1 ? c : undefined;
      }).catch(async (e) => {
        throw new Error(`${e.message}; the problems item says "${(await problemCounts(page)).label}"`);
      });
      if (counts.warnings !== 0) throw new Error(`expected no warning, the status bar says "${counts.label}"`);
    },
  },
  {
    id: 'hover-init',
    name: 'hovering initContainers explains the init sequence of this pod',
    needs: ['open'],
    async run({ page }) {
      const key = page.locator('.editor-instance .view-lines .view-line span span', { hasText: /^initContainers$/ }).first();
      await key.waitFor({ timeout: WAIT_MS });
      const box = await key.boundingBox();
      if (!box) throw new Error('initContainers is not visible in the editor');
      await hoverUntil(page, box, /Init sequence of this pod/);
      const text = await page.locator(HOVER).first().innerText();
      for (const want of [/2 init containers, 1 of them native sidecar/, /migrate/, /log-shipper/, /Init:0\/2/]) {
        if (!want.test(text)) throw new Error(`the hover does not say ${want}:\n${text}`);
      }
      // The screenshot (the README's picture) shows the underline beside the hover, not under it.
      const [hb, sb] = [await page.locator(HOVER).first().boundingBox(), await page.locator(SQUIGGLE).first().boundingBox()];
      if (!hb || !sb) throw new Error('the underline should be visible with the hover');
      const overlap = sb.x < hb.x + hb.width && hb.x < sb.x + sb.width && sb.y < hb.y + hb.height && hb.y < sb.y + sb.height;
      if (overlap) throw new Error('the hover covers the underline');
    },
  },
  {
    id: 'hover-problem',
    name: `hovering the underline shows the problem, its code ${CODE_INIT_CONTAINER_PROBE} and why probes are not allowed there`,
    needs: ['squiggle'],
    async run({ page }) {
      await page.mouse.move(5, 5);
      await page.keyboard.press('Escape');
      const box = await page.locator(SQUIGGLE).first().boundingBox();
      if (!box) throw new Error('the underline is not visible');
      await hoverUntil(page, box, CODE_INIT_CONTAINER_PROBE);
      const text = await page.locator(HOVER).filter({ hasText: CODE_INIT_CONTAINER_PROBE }).first().innerText();
      for (const want of [
        /may not be set for init containers without restartPolicy=Always/, // the API server's words
        /Not allowed here/, // our explanation of the probe on this container
        /native sidecar/,
      ]) {
        if (!want.test(text)) throw new Error(`the hover does not say ${want}:\n${text}`);
      }
    },
  },
  {
    id: 'problems',
    name: 'the Problems panel lists it',
    needs: ['squiggle'], // the same diagnostic: without the underline it will not be listed either
    async run({ page }) {
      await page.mouse.move(5, 5);
      await page.keyboard.press('Escape');
      await page.keyboard.press('Control+Shift+M');
      await page.locator('.markers-panel .monaco-list-row').filter({ hasText: CODE_INIT_CONTAINER_PROBE }).first().waitFor({ timeout: WAIT_MS });
    },
  },
  {
    id: 'quick-fix',
    name: `the light bulb (Ctrl+.) offers "${FIX}" and not "${MISLEADING}" (a migration must finish first); the fix removes the probe and clears the error`,
    needs: ['squiggle'],
    async run({ page, screenshot, workspace }) {
      // The probe's line into view (the Problems panel is open below), the cursor onto the problem
      // as a user clicks on it, then Ctrl+. in the editor.
      const lines = await fixtureLines(workspace);
      const probe = lineNumber(lines, /^\s+livenessProbe:/);
      await page.locator('.editor-instance .view-lines').first().click();
      await gotoLine(page, probe, lines[probe - 1].indexOf('livenessProbe') + 1);
      const box = await page.locator(SQUIGGLE).first().boundingBox();
      if (!box) throw new Error('the underline is not visible');
      await page.mouse.click(box.x + Math.min(5, box.width / 2), box.y + box.height / 2);
      await page.keyboard.press('Escape'); // a hover the click may have opened
      await page.keyboard.press('Control+.');
      const menu = page.locator('.action-widget');
      await menu.locator('.monaco-list-row', { hasText: FIX }).first().waitFor({ timeout: WAIT_MS });
      await screenshot('menu');
      // The server answers all its quick fixes for the problem at once: the menu is complete now.
      const offered = await menu.locator('.monaco-list-row').allInnerTexts();
      if (offered.some((t) => t.includes(MISLEADING))) throw new Error(`"${MISLEADING}" is offered: ${offered.join(' | ')}`);
      // Down to the fix (the first entry has the focus), then Enter, as with the keyboard.
      const focused = menu.locator('.monaco-list-row.focused');
      await until(`"${FIX}" to have the focus in the menu`, async () => {
        if ((await focused.innerText({ timeout: 1_000 }).catch(() => '')).includes(FIX)) return true;
        await page.keyboard.press('ArrowDown');
        return false;
      });
      await page.keyboard.press('Enter');
      await menu.waitFor({ state: 'hidden', timeout: WAIT_MS });

      // The text: migrate keeps its args, and its probe is gone.
      await until('the livenessProbe of migrate to be removed', async () => {
        const l = await editorLines(page);
        const image = l.findIndex((t) => /^\s+image: migrate\//.test(t));
        return image >= 0 && /^\s+args:/.test(l[image + 1] ?? '') && !l.some((t) => /^\s+livenessProbe:/.test(t)) ? l : undefined;
      }).catch(async (e) => {
        throw new Error(`${e.message}; the editor shows:\n${(await editorLines(page)).join('\n')}`);
      });
      // And the problem is gone: no underline, no error in the status bar, none in the panel.
      await page.locator(SQUIGGLE).first().waitFor({ state: 'detached', timeout: WAIT_MS });
      await until('the status bar to count 0 errors', async () => (await problemCounts(page)).errors === 0);
      await page.locator('.markers-panel .monaco-list-row').filter({ hasText: CODE_INIT_CONTAINER_PROBE }).first()
        .waitFor({ state: 'detached', timeout: WAIT_MS });
    },
  },
  {
    id: 'host',
    name: 'Developer: Show Running Extensions lists the extension in the extension host the run asked for',
    needs: ['squiggle'], // it is active
    async run({ page, host, extensionName }) {
      await page.mouse.move(5, 5);
      await page.keyboard.press('Escape');
      await page.keyboard.press('F1');
      await page.keyboard.type('Show Running Extensions');
      await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Show Running Extensions' }).first().waitFor({ timeout: WAIT_MS });
      await page.keyboard.press('Enter');
      const row = page.locator('.editor-instance .monaco-list-row', { hasText: extensionName }).first();
      await row.waitFor({ timeout: WAIT_MS });
      // The row names the host: "web worker", or the remote's address for code-server's Node host.
      const text = (await row.innerText()).replace(/\s+/g, ' ');
      const inWorker = /\bweb worker\b/i.test(text);
      const remote = /\b127\.0\.0\.1:\d+\b/.test(text);
      if (host === 'web' ? !inWorker || remote : inWorker || !remote) {
        throw new Error(`expected the extension in the ${host === 'web' ? 'web worker' : 'Node (remote) extension host'}; the view says: ${text}`);
      }
    },
  },
];
