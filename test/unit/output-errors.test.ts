/**
 * Output errors: `kube-pod-patterns check … | head -1` closes the pipe after
 * one line, `> /dev/full` fails every write. The checker ends quietly on a
 * closed pipe (the exit status it would have had, nothing on standard error)
 * and exits 2 with a clear message on any other write error; never a stack
 * trace.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ROOT } from '../harness';

const CLI = path.join(ROOT, 'dist', 'cli.js');
const POD = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\nspec:\n  containers:\n  - name: a\n    image: nginx\n    imagePullPolcy: Always\n';
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kpp-output-'));
process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
// About 800 KB of output: far more than a pipe holds, so the checker is still writing when the reader goes.
fs.writeFileSync(path.join(dir, 'many.yaml'), Array.from({ length: 8_000 }, () => POD).join('---\n'));

test('a pipe closed after the first line: the exit status of the check, nothing on standard error', { skip: process.platform === 'win32' && 'POSIX pipes' }, async () => {
  for (const format of ['text', 'json', 'github']) {
    const child = spawn(process.execPath, [CLI, 'check', '--format', format, 'many.yaml'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    let first = '';
    // Read up to the first line break, then close the read end, as `head -1` does.
    child.stdout.on('data', (d: Buffer) => {
      first += d.toString();
      if (first.includes('\n')) child.stdout.destroy();
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
    assert.ok(first.length > 0, `${format}: no output at all`);
    assert.equal(err, '', `${format}: ${err}`);
    assert.equal(code, 1, `${format}: exit ${code}`);
  }
});

test('a full disk: exit 2, a clear message, no stack trace', { skip: !fs.existsSync('/dev/full') && 'no /dev/full' }, () => {
  const full = fs.openSync('/dev/full', 'w');
  try {
    const r = spawnSync(process.execPath, [CLI, 'check', 'many.yaml'], { cwd: dir, stdio: ['ignore', full, 'pipe'], encoding: 'utf8' });
    assert.equal(r.status, 2, r.stderr);
    assert.equal(r.stderr, 'kube-pod-patterns: cannot write the output (ENOSPC)\n');
  } finally {
    fs.closeSync(full);
  }
});
