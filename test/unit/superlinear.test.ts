/**
 * Work that grows faster than the input: manifests come from strangers, so no
 * shape of text may make the analysis do quadratic (or worse) work. Nothing
 * here is timed; the work is counted:
 *
 * - regular expressions: V8 counts the backtracking of each attempt (see
 *   test/backtrackProbe.ts); for every shape, at N and 4N, no attempt of any
 *   expression may exceed a fixed budget far below the input's length;
 * - template masking: the characters it examines (templates.ts `maskWork`),
 *   N against 4N;
 * - and lint: eslint-plugin-regexp rejects super-linear patterns in the
 *   sources (`npm run lint`); a snippet shows that the rules are on.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { ESLint } from 'eslint';
import { maskTemplates, maskWork } from '../../server/src/analysis/templates';
import { SHAPES } from '../backtrackProbe';
import { ROOT } from '../harness';

/** Backtracking steps one attempt of one expression may take: far below the inputs' lengths (N ≥ 2,000). */
const BUDGET = 500;
const N = 2_000;

/** Runs a shape at N and 4N under the budget; returns the trace lines of the expressions that exceeded it. */
function overBudget(shape: string, sizes: number[]): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'test', 'backtrackProbe.ts'), shape, String(BUDGET), ...sizes.map(String)], { cwd: ROOT });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0 || !out.includes('probe done')) reject(new Error(`probe ${shape} exited ${code}: ${err}`));
      else resolve(out.split('\n').filter((l) => l.startsWith('Experimental execution')));
    });
  });
}

test('the backtracking probe sees a super-linear expression (control)', async () => {
  // /\s*x/ on blanks: each attempt runs over the rest of the blanks.
  const lines = await overBudget('control', [N]);
  assert.ok(lines.some((l) => l.includes('\\\\s*x')), `no trace of the control expression: ${lines.join('\n')}`);
});

test('no expression backtracks more as the input grows (N and 4N), for any hostile shape', async () => {
  const shapes = Object.keys(SHAPES).filter((s) => s !== 'control');
  const results: [string, string[]][] = [];
  // Two at a time: each probe is a process of its own.
  for (let i = 0; i < shapes.length; i += 2) {
    const batch = shapes.slice(i, i + 2);
    results.push(...(await Promise.all(batch.map(async (s) => [s, await overBudget(s, [N, 4 * N])] as [string, string[]]))));
  }
  const failed = results.filter(([, lines]) => lines.length);
  assert.deepEqual(
    failed.map(([s, lines]) => `${s}: ${[...new Set(lines.map((l) => l.replace(/0x[0-9a-f]+ /, '')))].join('; ')}`),
    [],
  );
});

test('template masking examines each character a bounded number of times (N and 4N)', () => {
  const work = (text: string): number => {
    maskWork.chars = 0;
    maskTemplates(text);
    return maskWork.chars;
  };
  const head = 'spec:\n  containers:\n  - name: a\n    image: b\n';
  const shapes: Record<string, (n: number) => string> = {
    'actions on one line': (n) => head + '    args: [' + '{{a}}'.repeat(n) + ']\n',
    'actions alone on their lines': (n) => head + '    {{- if .x }}\n'.repeat(n),
    'actions under deeper and deeper keys': (n) => Array.from({ length: n }, (_, i) => `${' '.repeat(i % 200)}k${i}:\n${' '.repeat((i % 200) + 2)}{{ x }}\n`).join(''),
    'unclosed actions': (n) => head + '    image: "' + '{{'.repeat(n) + '"\n',
  };
  for (const [name, make] of Object.entries(shapes)) {
    const small = make(N);
    const large = make(4 * N);
    const [a, b] = [work(small), work(large)];
    assert.ok(a <= 4 * small.length && b <= 4 * large.length, `${name}: ${a} characters examined for ${small.length}, ${b} for ${large.length}`);
    assert.ok(b / a < 4.5, `${name}: 4× the input cost ${(b / a).toFixed(1)}× the work`);
  }
});

test('lint rejects super-linear regular expressions', async () => {
  const eslint = new ESLint({ cwd: ROOT });
  const [result] = await eslint.lintText(
    "export const nested = (s: string): boolean => /(a+)+b/.test(s);\nexport const move = (s: string): boolean => /\\s*x/.test(s);\n",
    { filePath: path.join(ROOT, 'server', 'src', 'analysis', 'lint-probe.ts') },
  );
  const rules = result.messages.map((m) => m.ruleId);
  assert.ok(rules.includes('regexp/no-super-linear-backtracking'), JSON.stringify(result.messages));
  assert.ok(rules.includes('regexp/no-super-linear-move'), JSON.stringify(result.messages));
  // The scripts too (JavaScript, not only TypeScript).
  const [script] = await eslint.lintText('export const f = (s) => /(a|a)*b/.test(s);\n', { filePath: path.join(ROOT, 'scripts', 'lint-probe.mjs') });
  assert.ok(script.messages.some((m) => m.ruleId?.startsWith('regexp/')), JSON.stringify(script.messages));
});
