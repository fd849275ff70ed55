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
  const help = run(['--help']);
  assert.equal(help.code, 2);
});
