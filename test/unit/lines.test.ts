/**
 * Line rules: the checker (text.ts LineIndex, used by every output format)
 * and the editor (TextDocument, which the server uses) count lines the LSP
 * way — `\n`, `\r\n` and a lone `\r` each end a line — and put every offset at
 * the same line and character, on every kind of line ending.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import fc from 'fast-check';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { LineIndex } from '../../server/src/analysis/text';
import { LanguageService } from '../../server/src/analysis/service';
import { DEFAULT_SETTINGS } from '../../server/src/analysis/settings';
import { toJson, formatText, type CheckedFile } from '../../server/src/cli';
import { toSarif, formatGithub } from '../../server/src/formats';
import { ROOT } from '../harness';

function agree(text: string): void {
  const idx = new LineIndex(text);
  const doc = TextDocument.create('file:///x.yaml', 'yaml', 1, text);
  assert.equal(idx.lineCount, doc.lineCount, `line count of ${JSON.stringify(text)}`);
  for (let o = -1; o <= text.length + 1; o++) assert.deepEqual(idx.positionAt(o), doc.positionAt(o), `offset ${o} of ${JSON.stringify(text)}`);
  for (let line = -1; line <= doc.lineCount; line++) {
    for (let character = -1; character <= 6; character++) {
      assert.equal(idx.offsetAt({ line, character }), doc.offsetAt({ line, character }), `${line}:${character} of ${JSON.stringify(text)}`);
    }
  }
}

test('LineIndex and TextDocument agree on every kind of line ending', () => {
  for (const text of ['', 'a', '\n', '\r', '\r\n', '\n\r', 'a\rb\rc', 'a\r\nb\r\n\r\nc', 'a\nb\r\n\rc\r', '\r\r\n\n', 'x\r\n\r\n']) agree(text);
  fc.assert(
    fc.property(fc.array(fc.constantFrom('a', 'é', '\u{1f600}', ' ', '\n', '\r', '\r\n'), { maxLength: 40 }), (parts) => agree(parts.join(''))),
    { seed: 6, numRuns: 500 },
  );
});

const POD = ['apiVersion: v1', 'kind: Pod', 'metadata:', '  name: x', 'spec:', '  containers:', '  - name: a', '    image: nginx', '    imagePullPolcy: Always', ''];

/** Each finding's range as the editor shows it and as the checker's json, text, sarif and github formats say it. */
function ranges(text: string, settings = { ...DEFAULT_SETTINGS, rules: {} }) {
  const findings = new LanguageService().analyze(text, settings).findings;
  assert.ok(findings.length > 0);
  const doc = TextDocument.create('file:///x.yaml', 'yaml', 1, text);
  const file: CheckedFile = { path: 'x.yaml', text, findings };
  const editor = findings.map((f) => ({ start: doc.positionAt(f.start), end: doc.positionAt(f.end) }));
  const json = (toJson([file], settings) as { files: { diagnostics: { range: unknown }[] }[] }).files[0].diagnostics.map((d) => d.range);
  const sarif = ((toSarif([file]) as { runs: { results: { locations: { physicalLocation: { region: Record<string, number> } }[] }[] }[] }).runs[0].results).map(
    (r) => r.locations[0].physicalLocation.region,
  );
  const github = [...formatGithub([file]).matchAll(/line=(\d+),col=(\d+),endLine=(\d+),endColumn=(\d+)/g)].map((m) => m.slice(1).map(Number));
  const textLines = [...formatText([file]).matchAll(/^x\.yaml:(\d+):(\d+):/gm)].map((m) => [Number(m[1]), Number(m[2])]);
  return { editor, json, sarif, github, textLines };
}

for (const [name, eol] of [
  ['LF', '\n'],
  ['CRLF', '\r\n'],
  ['lone CR', '\r'],
] as const) {
  test(`findings are on the same line and column in the editor and every checker format (${name})`, () => {
    const text = POD.join(eol);
    const r = ranges(text);
    assert.deepEqual(r.json, r.editor);
    assert.deepEqual(
      r.sarif,
      r.editor.map((e) => ({ startLine: e.start.line + 1, startColumn: e.start.character + 1, endLine: e.end.line + 1, endColumn: e.end.character + 1 })),
    );
    assert.deepEqual(r.github, r.editor.map((e) => [e.start.line + 1, e.start.character + 1, e.end.line + 1, e.end.character + 1]));
    assert.deepEqual(r.textLines, r.editor.map((e) => [e.start.line + 1, e.start.character + 1]));
  });
}

test('a finding on an empty CRLF line has the same (empty) range in the editor and the checker', () => {
  // file/too-large covers the first character: here the `\r` of an empty first line.
  const text = '\r\n' + POD.join('\r\n');
  const r = ranges(text, { ...DEFAULT_SETTINGS, rules: {}, maxFileSize: 10 });
  assert.deepEqual(r.editor, [{ start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }]);
  assert.deepEqual(r.json, r.editor);
  assert.deepEqual(r.github, [[1, 1, 1, 1]]);
});

test('the checker counts a lone CR as a line break', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kpp-lines-'));
  try {
    fs.writeFileSync(path.join(dir, 'cr.yaml'), POD.join('\r'));
    const r = spawnSync(process.execPath, [path.join(ROOT, 'dist', 'cli.js'), 'check', 'cr.yaml'], { cwd: dir, encoding: 'utf8' });
    const lines = [...r.stdout.matchAll(/^cr\.yaml:(\d+):/gm)].map((m) => Number(m[1]));
    assert.ok(lines.length > 0, r.stdout + r.stderr);
    assert.ok(lines.some((l) => l > 1), `every finding on line 1: ${r.stdout}`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
