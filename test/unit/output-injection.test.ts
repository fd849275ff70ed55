/**
 * Output injection: a manifest (or a file name) from a stranger must not write
 * lines of its own into the checker's output. A container named
 * "a\n::error file=…::" or a script holding "::add-mask::" would otherwise
 * become workflow commands in a CI log; an escape sequence would recolour or
 * hide the log. Each format is checked with hostile names: text and github
 * keep one line per finding, json and sarif are JSON with every value
 * escaped, and no output holds a raw control character besides its own line
 * breaks.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { escapeText, escapeData, jsonText } from '../../server/src/formats';
import { ROOT } from '../harness';

const CLI = path.join(ROOT, 'dist', 'cli.js');
const HOSTILE = 'x\n::error file=.github/workflows/ci.yml,line=1::owned\r\n::add-mask::secret\u001b[2K\u2028::warning::x\u0000\u202e';
const POD = `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  initContainers:
  - name: ${JSON.stringify(HOSTILE)}
    image: busybox
    command: ["sh", "-c", ${JSON.stringify(`until nslookup db${HOSTILE}; do sleep 2; done`)}]
  containers:
  - name: ${JSON.stringify(HOSTILE + '2')}
    image: nginx
    imagePullPolcy: Always
`;

// Controls that must never appear raw: every C0 control but the line feed that ends each line, DEL, C1, separators, bidi controls.
// eslint-disable-next-line no-control-regex -- control characters are what it looks for
const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kpp-inject-'));
process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
fs.writeFileSync(path.join(dir, 'pod.yaml'), POD);
const EVIL_NAME = process.platform === 'win32' ? 'evil.yaml' : 'evil\n::error::name\u001b[31m.yaml';
fs.writeFileSync(path.join(dir, EVIL_NAME), POD);

function run(format: string): { out: string; err: string; code: number | null } {
  const r = spawnSync(process.execPath, [CLI, 'check', '--format', format, '.'], { cwd: dir, encoding: 'utf8' });
  return { out: r.stdout, err: r.stderr, code: r.status };
}

/** The findings, as the json format reports them (the reference count). */
function findings(): { path: string; message: string }[] {
  const json = JSON.parse(run('json').out) as { files: { path: string; diagnostics: { message: string }[] }[] };
  return json.files.flatMap((f) => f.diagnostics.map((d) => ({ path: f.path, message: d.message })));
}

test('the hostile names reach the findings (else this file tests nothing)', () => {
  const all = findings();
  assert.ok(all.some((f) => f.message.includes('::add-mask::secret')), JSON.stringify(all));
  assert.ok(all.some((f) => f.path === EVIL_NAME));
});

test('text: one line per finding, nothing starts a line but a path, no raw control character', () => {
  const n = findings().length;
  const r = run('text');
  assert.equal(r.code, 1, r.err);
  assert.doesNotMatch(r.out, RAW_CONTROL);
  const all = r.out.split('\n').slice(0, -1);
  // Each finding's line is followed by its excerpt: the source line and the caret, behind a gutter of spaces and "|".
  assert.equal(all.length, 3 * n + 1, r.out);
  const lines = all.filter((l, i) => i === all.length - 1 || i % 3 === 0);
  for (const [i, l] of all.entries()) if (i < all.length - 1 && i % 3 !== 0) assert.match(l, /^ +(\d+ )?\| /);
  for (const l of lines.slice(0, -1)) assert.match(l, /^(pod\.yaml|evil.*\.yaml):\d+:\d+: (error|warning|information|hint): .* \[[\w/-]+\]$/);
  assert.ok(!lines.some((l) => l.startsWith('::')));
  assert.match(r.out, /::add-mask::secret/, 'the name is shown, escaped');
});

test('github: one workflow command per finding, none injected', () => {
  const n = findings().length;
  const r = run('github');
  assert.doesNotMatch(r.out, RAW_CONTROL);
  const lines = r.out.split('\n').slice(0, -1);
  assert.equal(lines.length, n + 1);
  const commands = lines.filter((l) => l.startsWith('::'));
  assert.equal(commands.length, n);
  for (const l of commands) assert.match(l, /^::(error|warning|notice) file=(pod\.yaml|evil[^,:]*\.yaml),line=\d+,col=\d+,endLine=\d+,endColumn=\d+,title=[\w/%-]+::[^\n]*$/);
});

test('json and sarif: JSON with every value escaped, the hostile text intact inside', () => {
  for (const format of ['json', 'sarif']) {
    const r = run(format);
    assert.doesNotMatch(r.out, RAW_CONTROL, format);
    const text = JSON.stringify(JSON.parse(r.out));
    assert.ok(text.includes(JSON.stringify(HOSTILE).slice(1, -1)), `${format}: the name is kept, as JSON escapes`);
  }
});

test('the escaping functions: controls become visible escapes, a backslash is doubled', () => {
  assert.equal(escapeText('a\nb\r\tc\u001b[0m\u2028\\n'), 'a\\nb\\r\\tc\\x1b[0m\\u2028\\\\n');
  assert.equal(escapeData('50%\r\n::x\u001b'), '50%25%0D%0A::x%1B');
  const value = { s: 'a\u2028b\u202e\u0085\n' };
  assert.equal(jsonText(value), '{\n  "s": "a\\u2028b\\u202e\\u0085\\n"\n}');
  assert.deepEqual(JSON.parse(jsonText(value)), value);
});
