/**
 * Navigation as a client sees it, through `dist/server.js`: the capabilities,
 * textDocument/definition, references, documentHighlight, prepareRename and
 * rename (an edit of every occurrence, and refusals as error responses),
 * documentSymbol and inlayHint, and the settings that switch them off; the
 * code lens in an editor without our client, answered by executeCommand.
 */
import { test, before, after } from 'node:test';
import * as assert from 'node:assert/strict';
import {
  DidOpenTextDocumentNotification,
  DefinitionRequest,
  ReferencesRequest,
  DocumentHighlightRequest,
  PrepareRenameRequest,
  RenameRequest,
  DocumentSymbolRequest,
  InlayHintRequest,
  DidChangeConfigurationNotification,
  type DocumentSymbol,
  CodeLensRequest,
  ExecuteCommandRequest,
  type Location,
  type TextEdit,
} from 'vscode-languageserver-protocol/node';
import { LspClient } from '../lspClient';

let client: LspClient;
const URI = 'file:///nav/pod.yaml';

const POD = `apiVersion: v1
kind: Pod
metadata:
  name: web
  annotations:
    kubectl.kubernetes.io/default-container: web
spec:
  containers:
  - name: web
    image: nginx:1.27
    ports:
    - name: http
      containerPort: 80
    livenessProbe:
      httpGet:
        path: /
        port: http
    volumeMounts:
    - name: html
      mountPath: /usr/share/nginx/html
  volumes:
  - name: html
    emptyDir: {}
`;

before(async () => {
  client = await LspClient.start({ podPatterns: {} });
  const caps = client.init.capabilities;
  assert.ok(caps.definitionProvider && caps.referencesProvider && caps.documentHighlightProvider);
  assert.deepEqual(caps.renameProvider, { prepareProvider: true });
  await client.conn.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: URI, languageId: 'yaml', version: 1, text: POD } });
  await client.diagnosticsOf(URI, 1);
});

after(() => client.shutdown());

const pos = (line: number, character: number) => ({ textDocument: { uri: URI }, position: { line, character } });
const lines = POD.split('\n');
const textOf = (r: { start: { line: number; character: number }; end: { line: number; character: number } }): string => `${r.start.line}:${lines[r.start.line].slice(r.start.character, r.end.character)}`;

test('definition: a mount goes to its volume, a probe port to the named port', async () => {
  const vol = (await client.conn.sendRequest(DefinitionRequest.type, pos(18, 13))) as Location[];
  assert.deepEqual(
    vol.map((l) => [l.uri, textOf(l.range)]),
    [[URI, '21:html']],
  );
  const port = (await client.conn.sendRequest(DefinitionRequest.type, pos(16, 15))) as Location[];
  assert.deepEqual(
    port.map((l) => textOf(l.range)),
    ['11:http'],
  );
});

test('references and highlights of a container name', async () => {
  const refs = (await client.conn.sendRequest(ReferencesRequest.type, { ...pos(8, 10), context: { includeDeclaration: true } })) ?? [];
  assert.deepEqual(refs.map((l) => textOf(l.range)).sort(), ['5:web', '8:web']);
  const hl = (await client.conn.sendRequest(DocumentHighlightRequest.type, pos(5, 47))) ?? [];
  assert.deepEqual(hl.map((h) => `${textOf(h.range)}:${h.kind}`).sort(), ['5:web:2', '8:web:3']);
});

test('prepareRename gives the name; rename edits every occurrence', async () => {
  const prep = await client.conn.sendRequest(PrepareRenameRequest.type, pos(21, 10));
  assert.ok(prep && 'placeholder' in prep, JSON.stringify(prep));
  assert.equal(prep.placeholder, 'html');
  assert.equal(textOf(prep.range), '21:html');
  const edit = await client.conn.sendRequest(RenameRequest.type, { ...pos(21, 10), newName: 'site' });
  const change = edit?.documentChanges?.[0] as { textDocument: { uri: string; version: number }; edits: TextEdit[] };
  assert.deepEqual(change.textDocument, { uri: URI, version: 1 });
  assert.deepEqual(change.edits.map((e) => `${textOf(e.range)}>${e.newText}`).sort(), ['18:html>site', '21:html>site']);
});

test('rename refuses an invalid or colliding name, and a place that names nothing, with the reason', async () => {
  await assert.rejects(client.conn.sendRequest(RenameRequest.type, { ...pos(21, 10), newName: 'Site_1' }), /not a valid volume name/);
  await assert.rejects(client.conn.sendRequest(RenameRequest.type, { ...pos(11, 12), newName: 'a-port-name-too-long' }), /not a valid port name/);
  await assert.rejects(client.conn.sendRequest(PrepareRenameRequest.type, pos(9, 12)), /Nothing to rename here/);
});

test('documentSymbol: the object, its containers by role, its volumes', async () => {
  const symbols = (await client.conn.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri: URI } })) as DocumentSymbol[];
  assert.deepEqual(
    symbols.map((s) => [s.name, s.children?.map((c) => c.name)]),
    [['Pod web', ['app web', 'volume html']]],
  );
  assert.equal(textOf(symbols[0].children![0].selectionRange), '8:web');
});

test('inlayHint: defaults that apply, in the range asked for; off by setting', async () => {
  const range = { start: { line: 0, character: 0 }, end: { line: lines.length, character: 0 } };
  const hints = (await client.conn.sendRequest(InlayHintRequest.type, { textDocument: { uri: URI }, range })) ?? [];
  assert.deepEqual(
    hints.map((h) => `${h.position.line}:${h.position.character} ${String(h.label)}`),
    ['6:5 restartPolicy: Always', '9:21 imagePullPolicy: IfNotPresent'],
  );
  await client.conn.sendNotification(DidChangeConfigurationNotification.type, { settings: { podPatterns: { inlayHints: { defaults: false }, outline: { enabled: false } } } });
  const after = (await client.conn.sendRequest(InlayHintRequest.type, { textDocument: { uri: URI }, range })) ?? [];
  assert.deepEqual(after, []);
  assert.deepEqual(await client.conn.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri: URI } }), []);
  await client.conn.sendNotification(DidChangeConfigurationNotification.type, { settings: { podPatterns: {} } });
});

test('the code lens runs the server command that answers with the lifecycle as markdown (our client opens its webview instead)', async () => {
  assert.deepEqual(client.init.capabilities.executeCommandProvider?.commands, ['podPatterns.lifecycle']);
  const lenses = (await client.conn.sendRequest(CodeLensRequest.type, { textDocument: { uri: URI } })) ?? [];
  assert.equal(lenses.length, 1);
  const cmd = lenses[0].command!;
  assert.equal(cmd.command, 'podPatterns.lifecycle');
  const md = (await client.conn.sendRequest(ExecuteCommandRequest.type, { command: cmd.command, arguments: cmd.arguments })) as string;
  assert.match(md, /^### Lifecycle of Pod web$/m);
  assert.match(md, /^\| web \| app container \|/m);
  assert.match(md, /1\. the app container web gets SIGTERM/);
  // Bad arguments: no answer, no crash.
  assert.equal(await client.conn.sendRequest(ExecuteCommandRequest.type, { command: cmd.command, arguments: [42] }), null);
});
