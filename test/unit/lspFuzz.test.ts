/**
 * A fuzz target on the LSP stream: one server, driven as an editor drives it,
 * with random incremental edits (line endings of every kind, tabs, template
 * actions, broken YAML), requests that are cancelled at once, requests that
 * run, and bursts of edits that are not waited for. After each run the
 * server's final diagnostics of the document must equal what the checker finds
 * in the same text: the editor and CI never disagree, whatever the path to
 * the text. At the end the server is shut down and must refuse what follows.
 *
 * fast-check draws the runs with a fixed seed, so a failure is reproducible.
 * Nothing is timed: the test waits for the diagnostics of each final version.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import fc from 'fast-check';
import { TextDocument } from 'vscode-languageserver-textdocument';
import {
  CancellationTokenSource,
  CodeActionRequest,
  CompletionRequest,
  DidChangeTextDocumentNotification,
  DidOpenTextDocumentNotification,
  HoverRequest,
  ShutdownRequest,
  type Diagnostic,
} from 'vscode-languageserver-protocol/node';
import { ROOT } from '../harness';
import { LspClient } from '../lspClient';

const SEED = 20_261_205;
const RUNS = 24;
const CLI = path.join(ROOT, 'dist', 'cli.js');

const BASES = fs
  .readdirSync(path.join(ROOT, 'examples'))
  .filter((f) => f.endsWith('.yaml'))
  .map((f) => fs.readFileSync(path.join(ROOT, 'examples', f), 'utf8'));

/** What an edit inserts: YAML structure, line endings of every kind, tabs, template actions, Unicode. */
const PIECES = [
  '', 'x', ' ', ':', ': ', '- ', '\n', '\r\n', '\r', '\t', '\n---\n', '{', '}', '[', '"', "'", '#', '{{ .Values.x }}', '{{', '&a ', '*a',
  'é', '\u{1f600}', '\u2028', '\ufeff', 'restartPolicy: Always', '\n  - name: side\n    image: busybox\n', 'imagePullPolicy: always', '\r\r\n\n',
];

type Step =
  | { kind: 'edit'; at: number; length: number; insert: string; wait: boolean }
  | { kind: 'request'; method: 'hover' | 'completion' | 'codeAction'; at: number; cancel: boolean };

const frac = fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true });
const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('edit' as const), at: frac, length: fc.integer({ min: 0, max: 24 }), insert: fc.constantFrom(...PIECES), wait: fc.boolean() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('request' as const), method: fc.constantFrom('hover' as const, 'completion' as const, 'codeAction' as const), at: frac, cancel: fc.boolean() }) },
);

interface Run {
  base: string;
  steps: Step[];
}

const shape = (d: { code?: unknown; severity?: unknown; message: string | { value: string }; range: Diagnostic['range'] }): string =>
  `${String(d.code)}|${String(d.severity)}|${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character}|${typeof d.message === 'string' ? d.message : d.message.value}`;
const SEVERITY: Record<string, number> = { error: 1, warning: 2, information: 3, hint: 4 };

test('random edits, cancellations and requests over LSP end with the diagnostics the checker gives', async () => {
  const runs = fc.sample(fc.record({ base: fc.constantFrom(...BASES), steps: fc.array(step, { minLength: 5, maxLength: 40 }) }), { seed: SEED, numRuns: RUNS }) as Run[];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kpp-lsp-fuzz-'));
  const client = await LspClient.start({ settings: {} });
  const finals: { file: string; uri: string; version: number }[] = [];
  try {
    for (const [i, run] of runs.entries()) {
      const file = path.join(dir, `run-${String(i).padStart(2, '0')}.yaml`);
      const uri = pathToFileURL(file).toString();
      let doc = TextDocument.create(uri, 'yaml', 1, run.base);
      await client.conn.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'yaml', version: 1, text: run.base } });
      const pending: Promise<unknown>[] = [];
      for (const s of run.steps) {
        const text = doc.getText();
        const offset = Math.floor(s.at * (text.length + 1));
        if (s.kind === 'edit') {
          const range = { start: doc.positionAt(offset), end: doc.positionAt(offset + s.length) };
          doc = TextDocument.update(doc, [{ range, text: s.insert }], doc.version + 1);
          await client.conn.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version: doc.version }, contentChanges: [{ range, text: s.insert }] });
          if (s.wait) await client.diagnosticsOf(uri, doc.version, 60_000);
        } else {
          const position = doc.positionAt(offset);
          const source = new CancellationTokenSource();
          const p =
            s.method === 'hover'
              ? client.conn.sendRequest(HoverRequest.type, { textDocument: { uri }, position }, source.token)
              : s.method === 'completion'
                ? client.conn.sendRequest(CompletionRequest.type, { textDocument: { uri }, position }, source.token)
                : client.conn.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range: { start: position, end: position }, context: { diagnostics: [] } }, source.token);
          if (s.cancel) source.cancel();
          // A cancelled request may answer RequestCancelled; one that runs must answer without an error.
          pending.push(p.then(undefined, (e: unknown) => assert.ok(s.cancel, `${s.method} failed: ${String(e)}`)));
        }
      }
      await Promise.all(pending);
      fs.writeFileSync(file, doc.getText());
      finals.push({ file, uri, version: doc.version });
    }
    const server = new Map<string, string[]>();
    for (const f of finals) server.set(path.basename(f.file), (await client.diagnosticsOf(f.uri, f.version, 60_000)).diagnostics.map(shape).sort());

    const r = spawnSync(process.execPath, [CLI, 'check', '--format', 'json', dir], { encoding: 'utf8', maxBuffer: 1 << 26 });
    assert.ok(r.status === 0 || r.status === 1, `checker exit ${r.status}: ${r.stderr}`);
    const out = JSON.parse(r.stdout) as { files: { path: string; diagnostics: { code: string; severity: string; message: string; range: Diagnostic['range'] }[] }[] };
    const checker = new Map(out.files.map((f) => [path.basename(f.path), f.diagnostics.map((d) => shape({ ...d, severity: SEVERITY[d.severity] })).sort()]));
    let diagnostics = 0;
    for (const [name, got] of server) {
      assert.deepEqual(got, checker.get(name) ?? [], `${name}: the server's final diagnostics differ from the checker's`);
      diagnostics += got.length;
    }
    // The runs must exercise something: edits that break the text produce findings.
    assert.ok(diagnostics > RUNS, `only ${diagnostics} diagnostics in ${RUNS} runs`);

    // Shut down: what follows is refused, and nothing more is published.
    await client.conn.sendRequest(ShutdownRequest.type);
    const published = client.published.length;
    await assert.rejects(client.conn.sendRequest(HoverRequest.type, { textDocument: { uri: finals[0].uri }, position: { line: 0, character: 0 } }));
    await client.conn.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri: finals[0].uri, version: 999 }, contentChanges: [{ text: 'kind: Pod\n' }] });
    await assert.rejects(client.conn.sendRequest(HoverRequest.type, { textDocument: { uri: finals[0].uri }, position: { line: 0, character: 0 } }));
    assert.equal(client.published.length, published, 'published after shutdown');
  } finally {
    await client.shutdown();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
