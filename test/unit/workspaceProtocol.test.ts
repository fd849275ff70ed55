/**
 * The workspace index as a client sees it, through `dist/server.js`: built in
 * the background from the workspace folder (what `.gitignore` ignores left
 * out), navigation from an open pod to a ConfigMap in a file that is not
 * open, the information findings across files, the index following a
 * file changed on disk (a watched-file event), and the file watchers the
 * server registers itself.
 */
import { test, before, after } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  DidOpenTextDocumentNotification,
  DidChangeWatchedFilesNotification,
  DefinitionRequest,
  FileChangeType,
  type Location,
} from 'vscode-languageserver-protocol/node';
import { LspClient } from '../lspClient';

let client: LspClient;
let dir: string;
const uri = (f: string): string => pathToFileURL(path.join(dir, f)).href;

const POD = `apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
  - name: web
    image: nginx:1.27
    env:
    - name: LEVEL
      valueFrom:
        configMapKeyRef:
          name: web-config
          key: LOG_LEVEL
`;

const CONFIG = `apiVersion: v1
kind: ConfigMap
metadata:
  name: web-config
data:
  LEVEL: info
`;

before(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kpp-ws-'));
  fs.mkdirSync(path.join(dir, '.git'));
  fs.writeFileSync(path.join(dir, 'config.yaml'), CONFIG);
  // Ignored by .gitignore: its ConfigMap of the same name must not count.
  fs.mkdirSync(path.join(dir, 'build'));
  fs.writeFileSync(path.join(dir, '.gitignore'), 'build/\n');
  fs.writeFileSync(path.join(dir, 'build', 'config.yaml'), CONFIG.replace('LEVEL', 'LOG_LEVEL'));
  client = await LspClient.start({ podPatterns: {} }, { workspace: { didChangeWatchedFiles: { dynamicRegistration: true } } }, { workspaceFolders: [{ uri: pathToFileURL(dir).href, name: 'ws' }] });
});

after(async () => {
  await client.shutdown();
  fs.rmSync(dir, { recursive: true, force: true });
});

const index = (): Promise<{ files: number; objects: number; pods: number; building: boolean }> => client.conn.sendRequest('podPatterns/workspaceIndex');

test('the server watches the manifests itself and builds the index in the background', async () => {
  const reg = await client.waitFor(() => client.serverRequests.find((r) => r.method === 'client/registerCapability'));
  const globs = JSON.stringify(reg.params);
  assert.match(globs, /\*\*\/\*\.yaml/);
  assert.match(globs, /\*\*\/\*\.yml/);
  let stats = await index();
  for (let i = 0; i < 200 && (stats.building || stats.files === 0); i++) {
    await new Promise((r) => setTimeout(r, 50));
    stats = await index();
  }
  assert.deepEqual({ files: stats.files, objects: stats.objects }, { files: 1, objects: 1 });
});

test('definition goes to the ConfigMap of a file that is not open; the missing key is an information finding', async () => {
  const pod = uri('pod.yaml');
  fs.writeFileSync(path.join(dir, 'pod.yaml'), POD);
  await client.conn.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: pod, languageId: 'yaml', version: 1, text: POD } });
  const diags = await client.diagnosticsOf(pod, 1);
  const missing = diags.diagnostics.filter((d) => d.code === 'reference/configmap-key-missing');
  assert.equal(missing.length, 1, JSON.stringify(diags.diagnostics));
  assert.equal(missing[0].severity, 3);
  assert.match(String(missing[0].message), /ConfigMap "web-config" \(config\.yaml, line 4\) has no key "LOG_LEVEL" \(it has "LEVEL"\)/);
  const defs = (await client.conn.sendRequest(DefinitionRequest.type, { textDocument: { uri: pod }, position: { line: 12, character: 17 } })) as Location[];
  assert.deepEqual(
    defs.map((l) => [l.uri, l.range.start.line]),
    [[uri('config.yaml'), 3]],
  );
});

test('a file changed on disk updates the index, and the open pod is checked again', async () => {
  const pod = uri('pod.yaml');
  const before = client.published.filter((p) => p.uri === pod).length;
  fs.writeFileSync(path.join(dir, 'config.yaml'), CONFIG.replace('LEVEL: info', 'LOG_LEVEL: info'));
  await client.conn.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: uri('config.yaml'), type: FileChangeType.Changed }] });
  const p = await client.waitFor(() => {
    const later = client.published.filter((x) => x.uri === pod).slice(before);
    return later.find((x) => !x.diagnostics.some((d) => d.code === 'reference/configmap-key-missing'));
  });
  assert.ok(p);
  // Deleted: nothing is claimed about a ConfigMap the workspace does not hold, and there is nowhere to go.
  fs.rmSync(path.join(dir, 'config.yaml'));
  await client.conn.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: uri('config.yaml'), type: FileChangeType.Deleted }] });
  const stats = await index();
  assert.equal(stats.objects, 0);
  const defs = (await client.conn.sendRequest(DefinitionRequest.type, { textDocument: { uri: pod }, position: { line: 12, character: 17 } })) as Location[];
  assert.deepEqual(defs, []);
});
