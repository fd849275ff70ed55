/**
 * The server for any LSP client, not only the VS Code extension: settings
 * accepted the same way from initializationOptions, pushed with
 * workspace/didChangeConfiguration, and asked with workspace/configuration;
 * a client that cannot watch files still has changed project files noticed;
 * the code lenses name the server's own command, which answers markdown.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  CodeLensRequest,
  DidChangeConfigurationNotification,
  DidOpenTextDocumentNotification,
  DidSaveTextDocumentNotification,
  ExecuteCommandRequest,
  ResponseError,
  DidChangeTextDocumentNotification,
} from 'vscode-languageserver-protocol/node';
import { LspClient } from '../lspClient';

// A native sidecar: an unknown field in Kubernetes 1.27, none from 1.29; and a wait loop without a timeout.
const POD = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  initContainers:\n  - name: wait\n    image: busybox\n    command: ["sh", "-c", "until nslookup db; do sleep 2; done"]\n  - name: proxy\n    image: envoy\n    restartPolicy: Always\n  containers:\n  - name: app\n    image: nginx\n';
const codes = (p: { diagnostics: { code?: string | number }[] }): string[] => p.diagnostics.map((d) => String(d.code)).sort();
const UNKNOWN = 'schema/unknown-field';
const WAIT = 'pattern/wait-without-timeout';
const NO_STARTUP_PROBE = 'pattern/sidecar-without-startup-probe';

/** Opens `uri` with POD and returns the diagnostics of that version. */
async function openPod(client: LspClient, uri: string, version = 1) {
  await client.conn.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'yaml', version, text: POD } });
  return client.diagnosticsOf(uri, version);
}

/** The next diagnostics published for `uri` after `since` (an index into `published`) that satisfy `pred`. */
const nextFor = (client: LspClient, uri: string, since: number, pred: (c: string[]) => boolean) =>
  client.waitFor(() => client.published.slice(since).find((p) => p.uri === uri && pred(codes(p))));

test('settings: initializationOptions.podPatterns, then pushed with didChangeConfiguration (replacing them)', async () => {
  const client = await LspClient.start({ podPatterns: { kubernetesVersion: '1.27', rules: { [WAIT]: 'off' } } });
  try {
    const uri = 'file:///settings/pod.yaml';
    assert.deepEqual(codes(await openPod(client, uri)), [UNKNOWN, 'pattern/native-sidecar-unsupported-version', NO_STARTUP_PROBE].sort(), 'from initializationOptions: 1.27, the wait rule off');
    const since = client.published.length;
    await client.conn.sendNotification(DidChangeConfigurationNotification.type, { settings: { podPatterns: { kubernetesVersion: '1.33' } } });
    // The pushed settings are all the client's settings now: 1.33, and the wait rule on again.
    await nextFor(client, uri, since, (c) => c.join() === [NO_STARTUP_PROBE, WAIT].sort().join());
  } finally {
    await client.shutdown();
  }
});

test('settings: a bare didChangeConfiguration makes the server ask with workspace/configuration (section podPatterns)', async () => {
  const client = await LspClient.start({ podPatterns: {} }, { workspace: { configuration: true } }, { configuration: { podPatterns: { kubernetesVersion: '1.27' } } });
  try {
    const uri = 'file:///pull/pod.yaml';
    // Asked once initialized, before the document is checked.
    assert.ok(codes(await openPod(client, uri)).includes(UNKNOWN));
    const asked = client.serverRequests.filter((r) => r.method === 'workspace/configuration');
    assert.deepEqual((asked[0].params as { items: { section: string }[] }).items.map((i) => i.section), ['podPatterns']);
    client.configuration.podPatterns = { kubernetesVersion: '1.36', rules: { [WAIT]: 'off' } };
    const since = client.published.length;
    await client.conn.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
    await nextFor(client, uri, since, (c) => c.join() === NO_STARTUP_PROBE);
  } finally {
    await client.shutdown();
  }
});

test('a client that cannot watch files: a .podpatterns.yaml changed on disk counts from the next open or save', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kpp-nowatch-'));
  const config = path.join(dir, '.podpatterns.yaml');
  fs.writeFileSync(config, 'kubernetesVersion: "1.27"\nrules:\n  pattern/wait-without-timeout: off\n');
  const client = await LspClient.start({ podPatterns: {} });
  try {
    assert.equal(client.serverRequests.filter((r) => r.method === 'client/registerCapability').length, 0, 'no watchers asked of a client without dynamic registration');
    const a = pathToFileURL(path.join(dir, 'a.yaml')).toString();
    assert.ok(codes(await openPod(client, a)).includes(UNKNOWN), '1.27 from the file');
    // Changed behind the server's back: the next document opened reads it again.
    fs.writeFileSync(config, 'kubernetesVersion: "1.33"\nrules:\n  pattern/wait-without-timeout: off\n');
    const b = pathToFileURL(path.join(dir, 'b.yaml')).toString();
    assert.deepEqual(codes(await openPod(client, b)), [NO_STARTUP_PROBE], '1.33 read at the open of b.yaml');
    // And a save re-checks every open document with what is stored.
    fs.writeFileSync(config, 'kubernetesVersion: "1.27"\nrules:\n  pattern/wait-without-timeout: off\n');
    const since = client.published.length;
    await client.conn.sendNotification(DidSaveTextDocumentNotification.type, { textDocument: { uri: b } });
    await nextFor(client, a, since, (c) => c.includes(UNKNOWN));
    await nextFor(client, b, since, (c) => c.includes(UNKNOWN));
  } finally {
    await client.shutdown();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('code lenses name the server\'s command, podPatterns.lifecycle, which answers the timeline as markdown', async () => {
  const client = await LspClient.start({ podPatterns: {} });
  try {
    assert.deepEqual(client.init.capabilities.executeCommandProvider, { commands: ['podPatterns.lifecycle'] });
    const uri = 'file:///lens/pod.yaml';
    await openPod(client, uri);
    const lenses = await client.conn.sendRequest(CodeLensRequest.type, { textDocument: { uri } });
    assert.deepEqual(lenses?.map((l) => [l.range.start.line, l.command?.title, l.command?.command]), [[0, 'Show Pod Lifecycle', 'podPatterns.lifecycle']]);
    const md = String(await client.conn.sendRequest(ExecuteCommandRequest.type, { command: 'podPatterns.lifecycle', arguments: lenses![0].command!.arguments }));
    assert.match(md, /^### Lifecycle of Pod p$/m);
    assert.match(md, /^\| wait \| init container \| init 1\/2: must exit 0 \|$/m);
    assert.match(md, /^\| proxy \| native sidecar \| native sidecar, init 2\/2 \|$/m);
    assert.match(md, /^\| app \| app container \| app container \|$/m);
    assert.match(md, /^1\. the app container app gets SIGTERM$/m);
    assert.match(md, /^2\. proxy stops \(native sidecar\)$/m);
    // The chart: the init step, then the sidecar running to the end, the app between start and shutdown.
    assert.match(md, /```text\n {11}scheduled {3}app starts {2}shutdown\n {11}\| {11}\| {11}\|\nwait {7}={5}\nproxy {12}~{29}\napp {20}#{17}\n/);
    // No pod at the position: null. An unknown command: an error.
    assert.equal(await client.conn.sendRequest(ExecuteCommandRequest.type, { command: 'podPatterns.lifecycle', arguments: ['file:///nowhere.yaml', { line: 0, character: 0 }] }), null);
    await assert.rejects(client.conn.sendRequest(ExecuteCommandRequest.type, { command: 'podPatterns.nothing', arguments: [] }), (e: unknown) => e instanceof ResponseError && /Unknown command/.test(e.message));
  } finally {
    await client.shutdown();
  }
});

test('a slow read of the project does not publish over a newer result (files read through the client)', async () => {
  // The client reads files for the server (as the web extension does); the first read of the configuration hangs.
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  let hung = 0;
  const client = await LspClient.start({ podPatterns: {} }, { experimental: { podPatterns: { readFile: true } } }, {
    readFile: async (uri) => {
      if (uri !== 'memfs:/r/.podpatterns.yaml') return null;
      if (hung++ === 0) await gate;
      return 'kubernetesVersion: "1.27"\nrules:\n  pattern/wait-without-timeout: off\n';
    },
  });
  try {
    const pod = 'memfs:/r/pod.yaml';
    await client.conn.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: pod, languageId: 'yaml', version: 1, text: POD } });
    await client.waitFor(() => (client.serverRequests.some((r) => r.method === 'podPatterns/readFile' && (r.params as { uri: string }).uri === 'memfs:/r/.podpatterns.yaml') ? true : undefined));
    // Meanwhile the configuration is opened and edited: 1.33, under which the sidecar is fine. The hung read (the
    // stored 1.27) is answered right after, so that the server hears it before its new check of pod.yaml runs.
    const cfg = 'memfs:/r/.podpatterns.yaml';
    await client.conn.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: cfg, languageId: 'yaml', version: 1, text: 'kubernetesVersion: "1.27"\n' } });
    await client.conn.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri: cfg, version: 2 }, contentChanges: [{ text: 'kubernetesVersion: "1.33"\nrules:\n  pattern/wait-without-timeout: off\n' }] });
    release();
    // The check that started with the old read must neither publish nor leave its analysis for the new one.
    await client.waitFor(() => client.published.find((p) => p.uri === pod && codes(p).join() === NO_STARTUP_PROBE));
    await client.conn.sendRequest('podPatterns/stats');
    await client.conn.sendRequest('podPatterns/stats');
    const last = client.published.filter((p) => p.uri === pod).pop()!;
    assert.deepEqual(codes(last), [NO_STARTUP_PROBE], 'the newest settings (1.33) have the last word');
  } finally {
    await client.shutdown();
  }
});
