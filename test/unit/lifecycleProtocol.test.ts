/**
 * The lifecycle view's request (`podPatterns/lifecycle`) as a client sees it,
 * through `dist/server.js`: asked at a position it answers the page with the
 * pod's key; asked with that key after edits it finds the same pod again
 * (lines and a document inserted above it, a container renamed, the pod
 * renamed), says plainly when the pod is gone or its YAML does not parse, and
 * shows it again when it is back. The page follows the Kubernetes version
 * setting; bad keys get no answer and crash nothing.
 */
import { test, before, after } from 'node:test';
import * as assert from 'node:assert/strict';
import { DidChangeConfigurationNotification, DidChangeTextDocumentNotification, DidOpenTextDocumentNotification } from 'vscode-languageserver-protocol/node';
import { LspClient } from '../lspClient';
import type { LifecycleResult, PodKey } from '../../server/src/protocol';

let client: LspClient;
const URI = 'file:///lifecycle/app.yaml';
let version = 1;

const CONFIG = `apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
data:
  a: b
`;
const deployment = (name: string, app: string, init = '') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
spec:
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      initContainers:
      - name: proxy
        image: envoyproxy/envoy:v1.31.0
        restartPolicy: Always
${init}      containers:
      - name: ${app}
        image: nginx:1.27
`;
const JOB = `apiVersion: batch/v1
kind: Job
metadata:
  name: once
spec:
  template:
    spec:
      restartPolicy: Never
      containers:
      - name: run
        image: busybox:1.36
`;

async function setText(text: string): Promise<void> {
  version++;
  await client.conn.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri: URI, version }, contentChanges: [{ text }] });
}
const byKey = (key: unknown) => client.conn.sendRequest('podPatterns/lifecycle', { textDocument: { uri: URI }, key, nonce: 'k3y' }) as Promise<LifecycleResult>;
/** The names of the chart's rows (the page's name cells). */
const rows = (html: string): string[] => [...html.matchAll(/<div class="name [^"]*" title="([^"]*)">/g)].map((m) => m[1]);

before(async () => {
  client = await LspClient.start({ podPatterns: {} });
  await client.conn.sendNotification(DidOpenTextDocumentNotification.type, {
    textDocument: { uri: URI, languageId: 'yaml', version, text: `${CONFIG}---\n${deployment('web', 'web')}---\n${JOB}` },
  });
  await client.diagnosticsOf(URI, version);
});

after(() => client.shutdown());

test('at a position: the page of the pod there and the key that finds it again', async () => {
  const r = await client.conn.sendRequest('podPatterns/lifecycle', { textDocument: { uri: URI }, position: { line: 20, character: 8 }, nonce: 'k3y' }) as LifecycleResult;
  assert.ok(r);
  assert.deepEqual(r.key, { document: 1, object: 0, path: 'spec.template.spec', kind: 'Deployment', name: 'web' } satisfies PodKey);
  assert.equal(r.title, 'Deployment web');
  assert.deepEqual(rows(r.html), ['proxy', 'web']);
  assert.match(r.html, /style-src 'nonce-k3y'/);
  assert.equal(r.notice, undefined);
  // The Job's document: another key.
  const job = await client.conn.sendRequest('podPatterns/lifecycle', { textDocument: { uri: URI }, position: { line: 31, character: 2 } }) as LifecycleResult;
  assert.deepEqual(job?.key, { document: 2, object: 0, path: 'spec.template.spec', kind: 'Job', name: 'once' });
});

test('by key after edits: lines and a document inserted above, a container renamed, an init container added, the pod renamed', async () => {
  const key: PodKey = { document: 1, object: 0, path: 'spec.template.spec', kind: 'Deployment', name: 'web' };
  // A document above the Deployment, comments above it, its app container renamed and an init container added.
  await setText(`# notes\n# more notes\n${CONFIG}---\n${JOB}---\n# the web tier\n${deployment('web', 'nginx', '      - name: migrate\n        image: busybox:1.36\n')}`);
  const moved = await byKey(key);
  assert.ok(moved);
  assert.equal(moved.notice, undefined);
  assert.deepEqual(moved.key, { ...key, document: 2 });
  assert.deepEqual(rows(moved.html), ['proxy', 'migrate', 'nginx']);
  // The pod renamed where it is: found by its document, path and kind; the title follows.
  await setText(`${CONFIG}---\n${deployment('frontend', 'web')}---\n${JOB}`);
  const renamed = await byKey(key);
  assert.equal(renamed?.title, 'Deployment frontend');
  assert.deepEqual(renamed?.key, { ...key, name: 'frontend' });
  assert.match(renamed!.html, /Lifecycle of Deployment frontend/);
});

test('by key: a pod that disappeared, and YAML that does not parse, are said plainly; the view comes back with the pod', async () => {
  const key: PodKey = { document: 1, object: 0, path: 'spec.template.spec', kind: 'Deployment', name: 'web' };
  await setText(`${CONFIG}---\n${JOB}`);
  const gone = await byKey(key);
  assert.ok(gone);
  assert.deepEqual(gone.key, key);
  assert.match(gone.notice ?? '', /^There is no Deployment web in this file any more \(it was YAML document 2, at `spec\.template\.spec`\)/);
  assert.match(gone.html, /<p class="notice" role="status">There is no Deployment web/);
  assert.deepEqual(rows(gone.html), []);
  // The pod's document broken: a flow sequence that is never closed.
  await setText(`${CONFIG}---\n${deployment('web', 'web').replace('      containers:\n', '      containers: [\n')}`);
  const broken = await byKey(key);
  assert.match(broken?.notice ?? '', /^The YAML of this pod does not parse \(line \d+: .+\)\. The lifecycle shows again once it does\.$/);
  assert.deepEqual(rows(broken!.html), []);
  // Back.
  await setText(`${CONFIG}---\n${deployment('web', 'web')}`);
  const back = await byKey(key);
  assert.equal(back?.notice, undefined);
  assert.deepEqual(rows(back!.html), ['proxy', 'web']);
});

test('the page follows the Kubernetes version setting', async () => {
  await setText(`${CONFIG}---\n${deployment('web', 'web')}`);
  const key: PodKey = { document: 1, object: 0, path: 'spec.template.spec', kind: 'Deployment', name: 'web' };
  assert.match((await byKey(key))!.html, /As Kubernetes 1\.37 runs it\./);
  await client.conn.sendNotification(DidChangeConfigurationNotification.type, { settings: { podPatterns: { kubernetesVersion: '1.28' } } });
  const old = (await byKey(key))!.html;
  assert.match(old, /As Kubernetes 1\.28 runs it\./);
  assert.match(old, /native sidecars need the SidecarContainers feature gate/);
  await client.conn.sendNotification(DidChangeConfigurationNotification.type, { settings: { podPatterns: {} } });
  assert.doesNotMatch((await byKey(key))!.html, /SidecarContainers/);
});

test('bad keys and parameters: no answer, no crash', async () => {
  for (const key of [null, 42, 'web', {}, { document: '1', object: 0, path: 'spec', kind: 'Pod' }, { document: 1, object: 0, path: 'spec', kind: 'Pod', name: 7 }]) {
    assert.equal(await byKey(key), null, JSON.stringify(key));
  }
  assert.equal(await client.conn.sendRequest('podPatterns/lifecycle', { textDocument: { uri: 'file:///not-open.yaml' }, key: { document: 0, object: 0, path: 'spec', kind: 'Pod' } }), null);
  // A key of a document index far beyond the file: a notice, not an error.
  const far = await byKey({ document: 1e9, object: 3, path: 'spec', kind: 'Pod', name: 'x' });
  assert.match(far?.notice ?? '', /There is no Pod x in this file any more/);
  // The server still answers.
  assert.ok(await byKey({ document: 1, object: 0, path: 'spec.template.spec', kind: 'Deployment', name: 'web' }));
});
