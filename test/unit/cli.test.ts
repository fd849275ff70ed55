/**
 * The command-line checker, run as users run it (`node dist/cli.js check`):
 * each format, exit codes, the directory walk, standard input, a missing file.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import * as fs from 'node:fs';
import * as os from 'node:os';
import { ROOT, FIXTURES } from '../harness';
import { useColor } from '../../server/src/formats';

const CLI = path.join(ROOT, 'dist', 'cli.js');
// A copy of the fixture tree, with a node_modules folder the walk must skip.
const TREE = fs.mkdtempSync(path.join(os.tmpdir(), 'kpp-cli-'));
fs.cpSync(path.join(FIXTURES, 'cli', 'tree'), TREE, { recursive: true });
fs.mkdirSync(path.join(TREE, 'node_modules'));
fs.copyFileSync(path.join(TREE, 'sub', 'bad.yml'), path.join(TREE, 'node_modules', 'ignored.yaml'));
process.on('exit', () => fs.rmSync(TREE, { recursive: true, force: true }));

function run(args: string[], input?: string): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: TREE, input, encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

test('text format reads like a compiler, exit 1 on errors', () => {
  const r = run(['check', '.']);
  assert.equal(r.code, 1);
  assert.match(r.out, /^sub\/bad\.yml:9:5: error: unknown field "spec\.containers\[0\]\.imagePullPolcy" \[schema\/unknown-field\]$/m);
  assert.doesNotMatch(r.out, /node_modules/);
  assert.match(r.out, /2 files checked: 1 error, 0 warnings/);
});

test('exit 0 when nothing has severity error', () => {
  const r = run(['check', 'good.yaml']);
  assert.equal(r.code, 0, r.out + r.err);
  assert.match(r.out, /1 file checked: 0 errors/);
});

test('json format keeps the documented shape', () => {
  const r = run(['check', '--format', 'json', '--kubernetes-version', '1.33', 'sub/bad.yml']);
  assert.equal(r.code, 1);
  const json = JSON.parse(r.out);
  assert.deepEqual(json, {
    version: 1,
    kubernetesVersion: '1.33',
    files: [
      {
        path: 'sub/bad.yml',
        diagnostics: [
          {
            code: 'schema/unknown-field',
            severity: 'error',
            message: 'unknown field "spec.containers[0].imagePullPolcy"',
            document: 0,
            range: { start: { line: 8, character: 4 }, end: { line: 8, character: 18 } },
            fieldPath: 'spec.containers[0].imagePullPolcy',
            apiErrorType: 'Invalid',
          },
        ],
      },
    ],
  });
});

test('- reads standard input; document indexes count YAML documents', () => {
  const text = 'apiVersion: v1\nkind: Pod\nmetadata: {name: a}\nspec: {containers: [{name: a, image: nginx}]}\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: b}\nspec: {containers: [{name: b, image: nginx, bogus: 1}]}\n';
  const r = run(['check', '--format=json', '-'], text);
  assert.equal(r.code, 1);
  const json = JSON.parse(r.out);
  assert.equal(json.files[0].path, '<stdin>');
  assert.equal(json.files[0].diagnostics[0].document, 1);
  assert.equal(json.files[0].diagnostics[0].range.start.line, 8);
});

test('usage and I/O errors exit 2 with a clear message', () => {
  const missing = run(['check', 'nope.yaml']);
  assert.equal(missing.code, 2);
  assert.match(missing.err, /nope\.yaml: no such file or directory/);
  const badFormat = run(['check', '--format', 'xml', '.']);
  assert.equal(badFormat.code, 2);
  assert.match(badFormat.err, /unknown format "xml"/);
  const badVersion = run(['check', '--kubernetes-version', '1.12', '.']);
  assert.equal(badVersion.code, 2);
  assert.match(badVersion.err, /unsupported Kubernetes version "1\.12"/);
  const none = run(['check']);
  assert.equal(none.code, 2);
  const unknown = run(['lint', '.']);
  assert.equal(unknown.code, 2);
  assert.match(unknown.err, /unknown command "lint"/);
});

test('top-level --help and --version: exit 0, on standard output', () => {
  const version = (JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
  for (const flag of ['--version', '-v']) {
    const r = run([flag]);
    assert.equal(r.code, 0, r.err);
    assert.equal(r.out, `${version}\n`);
  }
  assert.equal(run(['check', '--version']).out, `${version}\n`);
  for (const flag of ['--help', '-h', 'help']) {
    const r = run([flag]);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /^Usage: kube-pod-patterns check \[options\]/);
    assert.match(r.out, /kube-pod-patterns --help \| --version/);
    assert.equal(r.err, '');
  }
});

test('a missing file among many is reported (exit 2) after the others are checked', () => {
  const r = run(['check', 'nope.yaml', 'sub/bad.yml', 'missing/*.yaml', 'good.yaml']);
  assert.equal(r.code, 2);
  assert.match(r.out, /^sub\/bad\.yml:9:5: error: unknown field/m);
  assert.match(r.out, /^2 files checked: 1 error, 0 warnings, 0 information$/m);
  assert.match(r.err, /^kube-pod-patterns: nope\.yaml: no such file or directory$/m);
  assert.match(r.err, /^kube-pod-patterns: missing\/\*\.yaml: no files match this pattern$/m);
  assert.match(r.err, /2 inputs were not found; the others were checked/);
  // In JSON too: the files found are in the output.
  const json = run(['check', '--format', 'json', 'good.yaml', 'nope.yaml']);
  assert.equal(json.code, 2);
  assert.deepEqual((JSON.parse(json.out) as { files: { path: string }[] }).files.map((f) => f.path), ['good.yaml']);
  // Nothing found at all: nothing to report but the missing inputs.
  const none = run(['check', 'nope.yaml']);
  assert.equal(none.code, 2);
  assert.equal(none.out, '');
});

test('text format: the source line of each finding with a caret under its range', () => {
  const r = run(['check', 'sub/bad.yml']);
  const lines = r.out.split('\n');
  const at = lines.findIndex((l) => l.startsWith('sub/bad.yml:9:5: error:'));
  assert.ok(at >= 0, r.out);
  // Range 9:5-9:19 (json: 8:4-8:18): the caret under "imagePullPolcy", the column of the line above.
  assert.equal(lines[at + 1], '    9 |     imagePullPolcy: Always');
  assert.equal(lines[at + 2], `      |     ^${'~'.repeat('imagePullPolcy'.length - 1)}`);
});

test('text format: a tab or control character before a finding does not move its caret; long lines are cut', () => {
  const doc = (containerLine: string): string =>
    `apiVersion: v1\nkind: Pod\nmetadata: {name: a}\nspec:\n  containers:\n${containerLine}\n`;
  // The value of "name" holds a tab and an escape character: escaped in the excerpt (\t, \x1b), the caret follows.
  const tabbed = run(['check', '-'], doc('  - {name: "a\tb\u001b", image: nginx, bogus: 1}'));
  const lines = tabbed.out.split('\n');
  const at = lines.findIndex((l) => /^<stdin>:6:\d+: error: unknown field/.test(l));
  assert.ok(at >= 0, tabbed.out);
  const source = lines[at + 1];
  const caret = lines[at + 2];
  assert.ok(!source.includes('\t') && !source.includes('\u001b'), source);
  assert.equal(source.slice(caret.indexOf('^'), caret.indexOf('^') + 'bogus'.length), 'bogus');
  assert.equal(caret.slice(caret.indexOf('^')), '^~~~~');
  // A line of 10,000 characters is shown cut around the finding.
  const long = run(['check', '-'], doc(`  - {name: a, image: nginx, env: [${Array.from({ length: 700 }, (_, i) => `{name: V${i}, value: x}`).join(', ')}], bogus: 1}`));
  const ll = long.out.split('\n');
  const li = ll.findIndex((l) => /^<stdin>:6:\d+: error: unknown field/.test(l));
  assert.ok(li >= 0, long.out);
  assert.ok(ll[li + 1].length < 200, `excerpt of ${ll[li + 1].length} characters`);
  assert.match(ll[li + 1], /^ +6 \| …/);
  assert.equal(ll[li + 1].slice(ll[li + 2].indexOf('^'), ll[li + 2].indexOf('^') + 5), 'bogus');
});

test('colour: never in a pipe by default, with FORCE_COLOR; NO_COLOR wins', () => {
  const runEnv = (env: Record<string, string>): string => {
    const base = { ...process.env };
    delete base.NO_COLOR;
    delete base.FORCE_COLOR;
    return spawnSync(process.execPath, [CLI, 'check', 'sub/bad.yml'], { cwd: TREE, encoding: 'utf8', env: { ...base, ...env } }).stdout;
  };
  const ESC = '\u001b[';
  assert.ok(!runEnv({}).includes(ESC), 'no colour in a pipe');
  const forced = runEnv({ FORCE_COLOR: '1' });
  assert.ok(forced.includes(`${ESC}31m`), forced);
  // Without the escapes, the same text as without colour.
  // eslint-disable-next-line no-control-regex -- the escapes are what is removed
  assert.equal(forced.replace(/\u001b\[\d+m/g, ''), runEnv({}));
  assert.ok(!runEnv({ FORCE_COLOR: '1', NO_COLOR: '1' }).includes(ESC));
  assert.ok(!runEnv({ FORCE_COLOR: '0' }).includes(ESC));
  // On a terminal: colour unless NO_COLOR is set (and not empty) or the terminal is dumb.
  assert.equal(useColor({}, true), true);
  assert.equal(useColor({ NO_COLOR: '1' }, true), false);
  assert.equal(useColor({ NO_COLOR: '' }, true), true);
  assert.equal(useColor({ TERM: 'dumb' }, true), false);
  assert.equal(useColor({ FORCE_COLOR: 'false' }, true), false);
  assert.equal(useColor({ FORCE_COLOR: '' }, false), false);
  assert.equal(useColor({ FORCE_COLOR: '3' }, false), true);
});
