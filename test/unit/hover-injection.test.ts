/**
 * Hovers carry names from the manifest (containers, volumes, resources,
 * keys): rendered as markdown, a hostile name must stay text. The hover
 * markdown is rendered with markdown-it (HTML and links written as bare URLs
 * on, as permissive as a client gets) and its tokens checked: no image, no
 * heading, no HTML, no link to where a name points, and every hostile name
 * shown whole. (Domain names without a scheme, `nvidia.com/gpu`, are no link
 * here: a resource may be named so, and it loads nothing.)
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import MarkdownIt from 'markdown-it';
import { LanguageService } from '../../server/src/analysis/service';
import { DEFAULT_SETTINGS } from '../../server/src/analysis/settings';
import { mdCode, mdText } from '../../server/src/analysis/markdown';

const md = new MarkdownIt({ html: true, linkify: true });
md.linkify.set({ fuzzyLink: false });

const NAMES = [
  '![x](http://evil/beacon.png)',
  '[link](http://x)',
  '# heading',
  'a`b``c`',
  '`',
  '<img src="http://evil/beacon.png">',
  'line\n# heading\n![y](http://evil/2.png)',
  'tick` ![z](http://evil/3.png) `',
];

interface Token {
  type: string;
  content: string;
  attrs: [string, string][] | null;
  children: Token[] | null;
}

/** Every token of the rendered markdown, inline children included. */
function tokens(markdown: string): Token[] {
  const out: Token[] = [];
  const walk = (list: Token[]): void => {
    for (const t of list) {
      out.push(t);
      if (t.children) walk(t.children);
    }
  };
  walk(md.parse(markdown, {}) as unknown as Token[]);
  return out;
}

/** The text a reader sees: text and code spans, joined. */
const shown = (ts: Token[]): string => ts.filter((t) => t.type === 'text' || t.type === 'code_inline').map((t) => t.content).join('');

function assertInert(markdown: string, names: string[], where: string): void {
  const ts = tokens(markdown);
  assert.deepEqual(ts.filter((t) => /^(image|heading_open|html_inline|html_block)$/.test(t.type)).map((t) => t.type), [], `${where}:\n${markdown}`);
  const links = ts.filter((t) => t.type === 'link_open').map((t) => t.attrs?.find(([k]) => k === 'href')?.[1] ?? '');
  // The hovers' own links go to the Kubernetes documentation; the names point at evil or x.
  for (const href of links) assert.doesNotMatch(href, /evil|^http:\/\/x/, `${where}: a link to ${href}\n${markdown}`);
  const text = shown(ts);
  for (const n of names) assert.ok(text.includes(n.replace(/\n/g, '\\n')), `${where}: ${JSON.stringify(n)} not shown whole in ${JSON.stringify(text)}`);
}

function pod(names: string[]): string {
  const c = (n: string, i: number) => `  - name: ${JSON.stringify(n)}\n    image: busybox\n    restartPolicy: ${i === 0 ? 'Always' : JSON.stringify(n)}\n    resources:\n      requests:\n        ${JSON.stringify(n)}: 1\n      limits:\n        ${JSON.stringify(n)}: 1\n`;
  return `apiVersion: batch/v1
kind: Job
metadata:
  name: j
spec:
  template:
    spec:
      restartPolicy: Never
      initContainers:
${names.map(c).join('').replace(/^/gm, '    ')}      containers:
${names.map(c).join('').replace(/^/gm, '    ')}`;
}

test('hover markdown shows hostile names as text', () => {
  const settings = { ...DEFAULT_SETTINGS, rules: {} };
  const text = pod(NAMES);
  const service = new LanguageService();
  let hovers = 0;
  // Every position of the document: names, keys, restartPolicy, resources, the pod's lists.
  for (let o = 0; o < text.length; o++) {
    const h = service.hover(text, o, settings);
    if (!h) continue;
    hovers++;
    assertInert(h.markdown, [], `hover at ${o}`);
  }
  assert.ok(hovers > 100, `${hovers} hovers`);
  // And the names themselves are shown whole where the hover names them.
  const at = (needle: string, from = 0): number => text.indexOf(needle, from) + 2;
  const initList = service.hover(text, at('initContainers'), settings)!;
  assertInert(initList.markdown, NAMES, 'initContainers');
  const resources = service.hover(text, at('resources:'), settings)!;
  assertInert(resources.markdown, NAMES, 'resources');
});

test('mdCode and mdText: one inline element holding the value exactly; ordinary names unchanged', () => {
  for (const n of NAMES) {
    for (const [f, type] of [
      [mdCode, 'code_inline'],
      [mdText, 'text'],
    ] as const) {
      const ts = tokens(`x ${f(n)} y`);
      assert.deepEqual(ts.filter((t) => !['paragraph_open', 'paragraph_close', 'inline', 'text', 'code_inline', 'softbreak'].includes(t.type)).map((t) => t.type), [], `${f.name}(${JSON.stringify(n)})`);
      assert.ok(shown(ts).includes(n.replace(/\n/g, '\\n')), `${f.name}(${JSON.stringify(n)}): ${shown(ts)}`);
      if (type === 'code_inline') assert.equal(ts.filter((t) => t.type === 'code_inline').length, 1);
    }
  }
  assert.equal(mdCode('web'), '`web`');
  assert.equal(mdText('nvidia.com/gpu'), 'nvidia.com/gpu');
  assert.equal(mdText('ephemeral-storage'), 'ephemeral-storage');
});
