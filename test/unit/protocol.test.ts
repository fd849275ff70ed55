/**
 * The language server as a client sees it: spawns `dist/server.js --stdio`
 * (built by `npm run build`), talks JSON-RPC to it, opens and edits a
 * document, and checks the published diagnostics, a hover, a completion, a
 * code action, and that the server survives requests for unknown documents.
 */
import { test, before, after } from 'node:test';
import * as assert from 'node:assert/strict';
import {
  DidOpenTextDocumentNotification,
  DidChangeTextDocumentNotification,
  HoverRequest,
  CompletionRequest,
  CodeActionRequest,
} from 'vscode-languageserver-protocol/node';
import { LspClient } from '../lspClient';

let client: LspClient;

const POD = `apiVersion: v1
kind: Pod
metadata:
  name: myapp-pod
spec:
  initContainers:
  - name: init-myservice
    image: busybox:1.28
    command: ['sh', '-c', 'until nslookup myservice; do sleep 2; done']
  containers:
  - name: myapp-container
    image: busybox:1.28
    imagePullPolcy: Always
`;

before(async () => {
  client = await LspClient.start({ podPatterns: { kubernetesVersion: '1.33' } });
  assert.equal(client.init.serverInfo?.name, 'kube-pod-patterns');
  assert.ok(client.init.capabilities.hoverProvider);
});

after(() => client.shutdown());

test('publishes diagnostics for a broken pod, at the exact place', async () => {
  await client.conn.sendNotification(DidOpenTextDocumentNotification.type, {
    textDocument: { uri: 'file:///pod.yaml', languageId: 'yaml', version: 1, text: POD },
  });
  const p = await client.diagnosticsOf('file:///pod.yaml', 1);
  const d = p.diagnostics.find((x) => x.code === 'schema/unknown-field');
  assert.ok(d, JSON.stringify(p.diagnostics));
  assert.deepEqual(d.range, { start: { line: 12, character: 4 }, end: { line: 12, character: 18 } });
  assert.equal(d.severity, 1);
  assert.equal((d.data as { rule: string }).rule, 'schema/unknown-field');
});

test('an incremental edit re-publishes for the new version', async () => {
  await client.conn.sendNotification(DidChangeTextDocumentNotification.type, {
    textDocument: { uri: 'file:///pod.yaml', version: 2 },
    contentChanges: [{ range: { start: { line: 12, character: 4 }, end: { line: 12, character: 18 } }, text: 'imagePullPolicy' }],
  });
  const p = await client.diagnosticsOf('file:///pod.yaml', 2);
  assert.equal(p.diagnostics.find((x) => x.code === 'schema/unknown-field'), undefined);
});

test('answers a hover with the upstream description', async () => {
  const h = await client.conn.sendRequest(HoverRequest.type, { textDocument: { uri: 'file:///pod.yaml' }, position: { line: 11, character: 6 } });
  assert.ok(h);
  const value = (h.contents as { value: string }).value;
  assert.match(value, /image/);
  assert.match(value, /Container image name/);
});

test('answers a completion with the keys of the object under the cursor', async () => {
  await client.conn.sendNotification(DidOpenTextDocumentNotification.type, {
    textDocument: { uri: 'file:///c.yaml', languageId: 'yaml', version: 1, text: POD.replace('    imagePullPolcy: Always\n', '    ima\n') },
  });
  const list = await client.conn.sendRequest(CompletionRequest.type, { textDocument: { uri: 'file:///c.yaml' }, position: { line: 12, character: 7 } });
  const labels = (Array.isArray(list) ? list : (list?.items ?? [])).map((i) => i.label);
  assert.ok(labels.includes('imagePullPolicy'), labels.join(','));
  assert.ok(!labels.includes('image'), 'image is already set');
});

test('survives requests for unknown documents and bad positions', async () => {
  const h = await client.conn.sendRequest(HoverRequest.type, { textDocument: { uri: 'file:///nope.yaml' }, position: { line: 99, character: 99 } });
  assert.equal(h, null);
  const actions = await client.conn.sendRequest(CodeActionRequest.type, {
    textDocument: { uri: 'file:///nope.yaml' },
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    context: { diagnostics: [] },
  });
  assert.deepEqual(actions, []);
  const again = await client.conn.sendRequest(HoverRequest.type, { textDocument: { uri: 'file:///pod.yaml' }, position: { line: 11, character: 6 } });
  assert.ok(again, 'the server still answers');
});

test('survives exceptions in handlers, closed documents and malformed messages', async () => {
  const uri = 'file:///closed.yaml';
  await client.conn.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'yaml', version: 1, text: POD } });
  await client.diagnosticsOf(uri, 1);
  await client.conn.sendNotification('textDocument/didClose', { textDocument: { uri } });
  // Requests for the closed document get empty answers.
  const at = { textDocument: { uri }, position: { line: 11, character: 6 } };
  assert.equal(await client.conn.sendRequest(HoverRequest.type, at), null);
  const items = await client.conn.sendRequest(CompletionRequest.type, at);
  assert.deepEqual(Array.isArray(items) ? items : (items?.items ?? []), []);
  const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  assert.deepEqual(await client.conn.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range, context: { diagnostics: [] } }), []);
  assert.deepEqual(await client.conn.sendRequest('textDocument/codeLens', { textDocument: { uri } }), []);
  // Malformed parameters make the handlers throw inside; each answers with its empty result.
  const open = 'file:///pod.yaml';
  assert.equal(await client.conn.sendRequest('textDocument/hover', { textDocument: { uri: open } }), null);
  const none = await client.conn.sendRequest('textDocument/completion', { textDocument: { uri: open }, position: null });
  assert.ok(none === null || (Array.isArray(none) && none.length === 0), JSON.stringify(none));
  assert.deepEqual(await client.conn.sendRequest('textDocument/codeAction', { textDocument: { uri: open }, range }), []);
  assert.equal(await client.conn.sendRequest('podPatterns/lifecycle', {}), null);
  // Notifications for documents the server does not know, and an edit far outside the text.
  await client.conn.sendNotification(DidChangeTextDocumentNotification.type, {
    textDocument: { uri: 'file:///never-opened.yaml', version: 2 },
    contentChanges: [{ range, text: 'x' }],
  });
  await client.conn.sendNotification('textDocument/didClose', { textDocument: { uri: 'file:///never-opened.yaml' } });
  await client.conn.sendNotification(DidChangeTextDocumentNotification.type, {
    textDocument: { uri: open, version: 50 },
    contentChanges: [{ range: { start: { line: 999, character: 99 }, end: { line: 1999, character: 0 } }, text: '\n# appended\n' }],
  });
  await client.diagnosticsOf(open, 50);
  // The server still works.
  const again = await client.conn.sendRequest(HoverRequest.type, { textDocument: { uri: open }, position: { line: 11, character: 6 } });
  assert.ok(again, 'the server still answers');
});
