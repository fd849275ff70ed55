// UI checks: what a person sees in a real VS Code workbench (code-server in headless chromium),
// driven through the keyboard and the mouse. scripts/e2e/run.mjs runs them in order on one page
// and counts each as a test; a check whose `needs` did not pass is skipped.
//
// Checks whose name starts with "[awaits: ...]" exercise a feature that is still being built:
// they are expected to fail until it lands.
//
// (Named *.ui.mjs rather than *.test.mjs so that unit-test globs never pick it up: it needs
// a browser and a running workbench.)

export const CODE_INIT_CONTAINER_PROBE = 'pod/init-container-probe';
const FILE = 'init-probe.yaml';
const WAIT_MS = 20_000;

/**
 * @typedef {object} Ctx
 * @property {import('playwright-core').Page} page
 * @property {string} base       code-server address, e.g. http://127.0.0.1:PORT
 * @property {string} workspace  absolute path of the folder to open (a copy of test/e2e/fixtures)
 * @property {(msg: string) => void} log
 */

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
    name: 'Quick Open opens a pod manifest as YAML',
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
    id: 'hover-init',
    name: 'hovering initContainers explains the init sequence',
    needs: ['open'],
    async run({ page }) {
      const key = page.locator('.editor-instance .view-lines .view-line span span', { hasText: /^initContainers$/ }).first();
      await key.waitFor({ timeout: WAIT_MS });
      const box = await key.boundingBox();
      if (!box) throw new Error('initContainers is not visible in the editor');
      // Deadline-bound retries: the language server may still be starting when the mouse first arrives.
      const end = Date.now() + WAIT_MS;
      for (let i = 0; ; i++) {
        await page.mouse.move(box.x + 5 + (i % 2), box.y + box.height / 2);
        try {
          await page.locator('.monaco-hover').filter({ hasText: /sequen|in order|one (at a time|after another)/i }).first().waitFor({ timeout: 3_000 });
          return;
        } catch (e) {
          if (Date.now() > end) throw e;
          await page.mouse.move(box.x + box.width + 300, box.y + 200);   // away, so the next move hovers anew
        }
      }
    },
  },
  {
    id: 'squiggle',
    name: `[awaits: rule ${CODE_INIT_CONTAINER_PROBE}] the problem is underlined in the editor`,
    needs: ['open'],
    async run({ page }) {
      await page.keyboard.press('Escape');
      await page.waitForSelector('.squiggly-error, .squiggly-warning, .squiggly-info', { timeout: WAIT_MS });
    },
  },
  {
    id: 'hover-problem',
    name: `[awaits: rule ${CODE_INIT_CONTAINER_PROBE}] hovering the underline shows the problem and its code`,
    needs: ['squiggle'],
    async run({ page }) {
      const sq = page.locator('.squiggly-error, .squiggly-warning, .squiggly-info').first();
      const b = await sq.boundingBox();
      if (!b) throw new Error('the underline is not visible');
      await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2);
      await page.locator('.monaco-hover').filter({ hasText: CODE_INIT_CONTAINER_PROBE }).first().waitFor({ timeout: WAIT_MS });
    },
  },
  {
    id: 'problems',
    name: `[awaits: rule ${CODE_INIT_CONTAINER_PROBE}] the Problems panel lists it`,
    needs: ['squiggle'], // the same diagnostic: without the underline it will not be listed either
    async run({ page }) {
      await page.mouse.move(5, 5);
      await page.keyboard.press('Escape');
      await page.keyboard.press('Control+Shift+M');
      await page.locator('.markers-panel .monaco-list-row').filter({ hasText: CODE_INIT_CONTAINER_PROBE }).first().waitFor({ timeout: WAIT_MS });
    },
  },
];
