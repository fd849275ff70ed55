/**
 * The server's life as an editor drives it: a request cancelled before it runs
 * is never computed, text sent again under the same version is analysed
 * afresh, the server watches the project's own files (configuration,
 * kustomizations) and re-checks when they change, and after `shutdown` it
 * refuses requests and publishes nothing.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  DidOpenTextDocumentNotification,
  DidChangeTextDocumentNotification,
  DidChangeWatchedFilesNotification,
  CodeActionRequest,
  HoverRequest,
  ShutdownRequest,
  FileChangeType,
  ResponseError,
} from 'vscode-languageserver-protocol/node';
import { LspClient } from '../lspClient';

const POD = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n  - name: web\n    image: nginx:1.27\n    imagePullPolicy: always\n';

interface Stats {
  parsed: number;
  checked: number;
  computed: Record<string, number>;
}

test('requests cancelled before they run are never computed; one not cancelled is', async () => {
  const client = await LspClient.start({ podPatterns: {} });
  try {
    const uri = 'file:///cancel.yaml';
    await client.conn.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'yaml', version: 1, text: POD } });
    await client.diagnosticsOf(uri, 1);
    const before = await client.conn.sendRequest<Stats>('podPatterns/stats');
    const params = { textDocument: { uri }, range: { start: { line: 8, character: 21 }, end: { line: 8, character: 21 } }, context: { diagnostics: [] } };
    // Each request is followed at once by its cancellation, all in one atomic write: the server reads them together.
    const pairs = Array.from({ length: 8 }, (_, i) => [
      { id: 9000 + i, method: 'textDocument/codeAction', params },
      { method: '$/cancelRequest', params: { id: 9000 + i } },
    ]).flat();
    assert.ok(client.writeRaw(pairs) <= 4096, 'one atomic write');
    const after = await client.conn.sendRequest<Stats>('podPatterns/stats');
    assert.equal(after.computed.codeAction ?? 0, before.computed.codeAction ?? 0, 'no cancelled code action was computed');
    // (A cancellation sent in a later write may arrive after the work is done, and then the answer is
    // legitimately the result: only the atomic case above is deterministic, so only it is asserted.)
    // One that is not cancelled is computed.
    const actions = await client.conn.sendRequest(CodeActionRequest.type, params);
    assert.ok(Array.isArray(actions));
    const last = await client.conn.sendRequest<Stats>('podPatterns/stats');
    assert.ok(last.computed.codeAction! >= (before.computed.codeAction ?? 0) + 1);
  } finally {
    await client.shutdown();
  }
});

test('text sent again under the same version is analysed afresh', async () => {
  const client = await LspClient.start({ podPatterns: {} });
  try {
    const uri = 'file:///same-version.yaml';
    await client.conn.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'yaml', version: 1, text: POD } });
    const first = await client.diagnosticsOf(uri, 1);
    assert.ok(first.diagnostics.some((d) => d.code === 'pod/image-pull-policy'), JSON.stringify(first.diagnostics.map((d) => d.code)));
    const count = client.published.length;
    // A client that sends a change without raising the version (it happens): the text decides, not the number.
    await client.conn.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version: 1 }, contentChanges: [{ text: POD.replace('always', 'Always') }] });
    const again = await client.waitFor(() => client.published.slice(count).find((p) => p.uri === uri && p.version === 1));
    assert.deepEqual(again.diagnostics, [], 'the new text is clean');
  } finally {
    await client.shutdown();
  }
});

test('the server watches the project files and re-checks when a kustomization appears', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kpp-watch-'));
  const client = await LspClient.start({ podPatterns: {} }, { workspace: { didChangeWatchedFiles: { dynamicRegistration: true } } });
  try {
    const reg = await client.waitFor(() => client.serverRequests.find((r) => r.method === 'client/registerCapability'));
    const globs = JSON.stringify(reg.params);
    for (const g of ['.podpatterns.yaml', 'kustomization.yaml', 'Kustomization']) assert.ok(globs.includes(g), `${g} is watched: ${globs}`);
    // A Deployment patch: without a kustomization it is an incomplete Deployment.
    const patch = path.join(dir, 'replicas.yaml');
    const text = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      containers:\n      - name: web\n        resources:\n          limits:\n            memory: 1Gi\n';
    fs.writeFileSync(patch, text);
    const uri = pathToFileURL(patch).toString();
    await client.conn.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'yaml', version: 1, text } });
    const before = await client.diagnosticsOf(uri, 1);
    assert.ok(before.diagnostics.some((d) => (d.data as { apiErrorType?: string }).apiErrorType === 'Required'), 'missing fields are reported');
    const count = client.published.length;
    const kustomization = path.join(dir, 'kustomization.yaml');
    fs.writeFileSync(kustomization, 'resources: []\npatches:\n- path: replicas.yaml\n');
    await client.conn.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: pathToFileURL(kustomization).toString(), type: FileChangeType.Created }] });
    // A publish may still be on its way from before; the re-check is the one without Required findings.
    const required = (p: { diagnostics: { data?: unknown }[] }) => p.diagnostics.filter((d) => (d.data as { apiErrorType?: string }).apiErrorType === 'Required');
    const after = await client.waitFor(() => client.published.slice(count).find((p) => p.uri === uri && required(p).length === 0));
    assert.ok(after, 'a patch lacks nothing');
  } finally {
    await client.shutdown();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('after shutdown the server refuses requests with InvalidRequest and publishes nothing', async () => {
  const client = await LspClient.start({ podPatterns: {} });
  try {
    const uri = 'file:///shutdown.yaml';
    await client.conn.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'yaml', version: 1, text: POD } });
    await client.diagnosticsOf(uri, 1);
    await client.conn.sendRequest(ShutdownRequest.type);
    const count = client.published.length;
    const answer = await client.conn.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 7, character: 6 } }).then(
      () => 'answered',
      (e: unknown) => (e instanceof ResponseError ? e.code : String(e)),
    );
    assert.equal(answer, -32600, 'InvalidRequest');
    await client.conn.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: 'file:///late.yaml', languageId: 'yaml', version: 1, text: POD } });
    // A hover round trip after the open: had the open been handled, its publish would be scheduled by now.
    await client.conn.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 0, character: 0 } }).catch(() => undefined);
    assert.equal(client.published.length, count, 'nothing published after shutdown');
  } finally {
    await client.shutdown();
  }
});
