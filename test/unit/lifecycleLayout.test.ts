/**
 * The lifecycle page in a real browser: Debian's chromium (through
 * playwright-core) loads the page that `timelineHtml` builds, at a narrow
 * (500 px) and a wide (1,400 px) viewport, for pods with one init container,
 * with native sidecars, with many containers, and with long names. From the
 * boxes the browser lays out: nothing is wider than the viewport (no
 * horizontal scroll), no two text labels of the chart overlap, every label is
 * inside the chart, a label cut short ends in an ellipsis and its tooltip
 * holds its whole text, and the page's stylesheet applies under its CSP
 * (nothing refused). Screenshots of each go to test-results/lifecycle/.
 *
 * Needs /usr/bin/chromium (scripts/e2e/install.sh installs Debian's):
 * skipped, saying so, where it is missing, except in CI, where that fails.
 */
import { test, before, after } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { ROOT } from '../harness';
import { Engine } from '../../server/src/analysis/engine';
import { timelineHtml, timelineOf } from '../../server/src/analysis/timeline';

const CHROMIUM = '/usr/bin/chromium';
const ci = !!process.env.CI && process.env.CI !== 'false';
const missing = fs.existsSync(CHROMIUM) ? undefined : `${CHROMIUM} is not installed (scripts/e2e/install.sh installs it)`;
const OUT = path.join(ROOT, 'test-results', 'lifecycle');
const WIDTHS = [500, 1400];

const container = (name: string, extra = ''): string => `  - name: ${name}\n    image: busybox:1.36${extra}\n`;
const pod = (name: string, init: string[], sidecars: string[], apps: string[], kind = 'Pod'): string => {
  const spec =
    (init.length || sidecars.length ? `  initContainers:\n${[...init.map((n) => container(n)), ...sidecars.map((n) => container(n, '\n    restartPolicy: Always'))].join('')}` : '') +
    `  containers:\n${apps.map((n) => container(n)).join('')}`;
  return `apiVersion: v1\nkind: ${kind}\nmetadata:\n  name: ${name}\nspec:\n${spec}`;
};

const LONG = 'a-container-name-of-sixty-three-characters-which-is-the-maximum';
const PODS: Record<string, string> = {
  'one-init': pod('web', ['migrate'], [], ['web']),
  sidecars: pod('etl', ['fetch'], ['proxy', 'logs'], ['work']),
  many: pod('busy', ['a1', 'a2', 'a3', 'a4'], ['s1', 's2', 's3'], ['c1', 'c2', 'c3', 'c4', 'c5', 'c6']),
  'long-names': pod(`${LONG}-pod`, [`${LONG}-i`, `init-${'x'.repeat(120)}`], [`${LONG}-s`], [LONG, `app-${'y'.repeat(200)}`]),
};

function pageOf(yaml: string): string {
  const doc = new Engine().place(yaml)[0].parsed.docs[0];
  assert.equal(doc.pods.length, 1, 'the fixture is one pod');
  return timelineHtml(timelineOf(doc.pods[0], '1.37'), 'n0nce');
}

interface Box {
  x: number;
  y: number;
  right: number;
  bottom: number;
}
interface Label {
  text: string;
  /** The text as drawn, cut to its element's box where that clips. */
  box: Box;
  element: Box;
  clipped: boolean;
  ellipsis: boolean;
  title: string | null;
}
interface Layout {
  viewport: number;
  scrollWidth: number;
  chart: Box | null;
  display: string | null;
  labels: Label[];
}

let browser: Browser | undefined;
before(async () => {
  if (!missing) browser = await chromium.launch({ executablePath: CHROMIUM });
});
after(() => browser?.close());

const overlap = (a: Box, b: Box): boolean => Math.min(a.right, b.right) - Math.max(a.x, b.x) > 0.5 && Math.min(a.bottom, b.bottom) - Math.max(a.y, b.y) > 0.5;
const inside = (a: Box, b: Box): boolean => a.x >= b.x - 0.5 && a.right <= b.right + 0.5 && a.y >= b.y - 0.5 && a.bottom <= b.bottom + 0.5;

for (const [name, yaml] of Object.entries(PODS)) {
  test(`the lifecycle page of "${name}" fits 500 px and 1,400 px without overlapping labels`, { skip: !ci && missing }, async () => {
    assert.ok(!missing, `${missing}: in CI the lifecycle layout test must run`);
    const html = pageOf(yaml);
    fs.mkdirSync(OUT, { recursive: true });
    for (const width of WIDTHS) {
      const page = await browser!.newPage({ viewport: { width, height: 900 } });
      const refused: string[] = [];
      page.on('console', (m) => {
        if (/Content Security Policy|Refused to/i.test(m.text())) refused.push(m.text());
      });
      await page.setContent(html);
      // Everything measured in the page: the chart, and every element of it with text of its own.
      const layout = (await page.evaluate(`(() => {
        const box = (r) => ({ x: r.left, y: r.top, right: r.right, bottom: r.bottom });
        const chart = document.querySelector('[aria-label^="Lifecycle of"]');
        const labels = [];
        for (const el of chart ? chart.querySelectorAll('*') : []) {
          const texts = [...el.childNodes].filter((n) => n.nodeType === 3 && n.textContent.trim());
          if (!texts.length) continue;
          const range = document.createRange();
          range.setStartBefore(texts[0]);
          range.setEndAfter(texts[texts.length - 1]);
          const r = range.getBoundingClientRect();
          const e = el.getBoundingClientRect();
          const style = getComputedStyle(el);
          const clips = style.overflowX !== 'visible';
          const clipped = clips && el.scrollWidth > el.clientWidth;
          const drawn = clips ? { left: Math.max(r.left, e.left), right: Math.min(r.right, e.right), top: Math.max(r.top, e.top), bottom: Math.min(r.bottom, e.bottom) } : r;
          labels.push({ text: el.textContent, box: box(drawn), element: box(e), clipped, ellipsis: style.textOverflow === 'ellipsis', title: el.getAttribute('title') });
        }
        return {
          viewport: window.innerWidth,
          scrollWidth: document.documentElement.scrollWidth,
          chart: chart ? box(chart.getBoundingClientRect()) : null,
          display: chart ? getComputedStyle(chart).display : null,
          labels,
        };
      })()`)) as Layout;
      await page.screenshot({ path: path.join(OUT, `${name}-${width}.png`), fullPage: true });
      await page.close();

      const where = `${name} at ${width} px`;
      assert.deepEqual(refused, [], `${where}: the CSP refused nothing`);
      assert.ok(layout.chart, `${where}: the chart is there`);
      assert.equal(layout.display, 'grid', `${where}: the page's stylesheet applies`);
      assert.ok(layout.scrollWidth <= layout.viewport, `${where}: the page is ${layout.scrollWidth} px wide, the viewport ${layout.viewport} px`);
      assert.ok(layout.chart.right <= layout.viewport, `${where}: the chart ends at ${layout.chart.right} px`);
      // Names, bars and the moments on the axis: one label each.
      const bars = timelineOf(new Engine().place(yaml)[0].parsed.docs[0].pods[0]).bars;
      assert.equal(layout.labels.length, bars.length * 2 + 3, `${where}: ${layout.labels.map((l) => l.text).join(' | ')}`);
      for (const l of layout.labels) {
        assert.ok(inside(l.element, layout.chart), `${where}: "${l.text}" is outside the chart: ${JSON.stringify(l.element)} ${JSON.stringify(layout.chart)}`);
        if (l.clipped) {
          assert.ok(l.ellipsis, `${where}: "${l.text}" is cut without an ellipsis`);
          assert.ok(l.title?.includes(l.text), `${where}: "${l.text}" is cut and its tooltip (${l.title}) does not hold it whole`);
        }
      }
      for (let i = 0; i < layout.labels.length; i++)
        for (let j = i + 1; j < layout.labels.length; j++) {
          const [a, b] = [layout.labels[i], layout.labels[j]];
          assert.ok(!overlap(a.box, b.box), `${where}: "${a.text}" ${JSON.stringify(a.box)} overlaps "${b.text}" ${JSON.stringify(b.box)}`);
        }
      if (name === 'long-names') assert.ok(layout.labels.some((l) => l.clipped), `${where}: some long name is cut (else this pod tests nothing)`);
    }
  });
}
