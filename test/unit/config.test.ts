/**
 * One configuration for editor and checker: `.podpatterns.yaml` in the
 * editor path (the language server finds the nearest one, explicit editor
 * settings override it, edits to it re-check open manifests at once, its own
 * problems are reported, its keys are completed) and its JSON schema.
 */
import { test, before, after } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import Ajv from 'ajv';
import { DidOpenTextDocumentNotification, DidChangeTextDocumentNotification, CompletionRequest } from 'vscode-languageserver-protocol/node';
import { ROOT } from '../harness';
import { LspClient } from '../lspClient';
import { parseConfig, isIgnored } from '../../server/src/analysis/config';
import { configCompletions } from '../../server/src/analysis/configCompletion';
import { SUPPORTED_VERSIONS } from '../../server/src/analysis/api/table';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kpp-config-'));
const team = path.join(dir, 'team');
fs.mkdirSync(path.join(team, 'sub'), { recursive: true });
fs.writeFileSync(path.join(dir, '.podpatterns.yaml'), 'kubernetesVersion: "1.27"\n');
fs.writeFileSync(path.join(team, '.podpatterns.yaml'), 'kubernetesVersion: "1.33"\nrules:\n  pattern/wait-without-timeout: off\nignore:\n  - "generated/**"\n');
const SIDECAR = 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  initContainers:\n  - name: wait\n    image: busybox\n    command: ["sh", "-c", "until nslookup db; do sleep 2; done"]\n  - name: s\n    image: busybox\n    restartPolicy: Always\n  containers:\n  - {name: a, image: nginx}\n';
const uri = (p: string) => pathToFileURL(p).toString();

let client: LspClient;

before(async () => {
  client = await LspClient.start({ podPatterns: {} });
});
after(async () => {
  await client.shutdown();
  fs.rmSync(dir, { recursive: true, force: true });
});

test('the nearest .podpatterns.yaml applies: version and rule severities', async () => {
  const outer = path.join(dir, 'pod.yaml');
  const inner = path.join(team, 'sub', 'pod.yaml');
  await client.conn.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: uri(outer), languageId: 'yaml', version: 1, text: SIDECAR } });
  await client.conn.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: uri(inner), languageId: 'yaml', version: 1, text: SIDECAR } });
  const o = await client.diagnosticsOf(uri(outer), 1);
  const i = await client.diagnosticsOf(uri(inner), 1);
  assert.ok(o.diagnostics.some((d) => d.code === 'schema/unknown-field'), '1.27 from the outer file: no native sidecars');
  assert.ok(o.diagnostics.some((d) => d.code === 'pattern/wait-without-timeout'));
  assert.ok(!i.diagnostics.some((d) => d.code === 'schema/unknown-field'), '1.33 from the nearer file');
  assert.ok(!i.diagnostics.some((d) => d.code === 'pattern/wait-without-timeout'), 'turned off by the nearer file');
});

test('ignore globs: an ignored manifest gets no diagnostics', async () => {
  fs.mkdirSync(path.join(team, 'generated'), { recursive: true });
  const gen = path.join(team, 'generated', 'pod.yaml');
  await client.conn.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: uri(gen), languageId: 'yaml', version: 1, text: SIDECAR.replace('image: busybox', 'bogus: 1') } });
  const g = await client.diagnosticsOf(uri(gen), 1);
  assert.deepEqual(g.diagnostics, []);
});

test('editing the configuration re-checks open manifests at once; its problems are reported', async () => {
  const cfg = path.join(dir, '.podpatterns.yaml');
  const outer = uri(path.join(dir, 'pod.yaml'));
  const before = client.published.length;
  await client.conn.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: uri(cfg), languageId: 'yaml', version: 1, text: 'kubernetesVersion: "1.27"\n' } });
  await client.conn.sendNotification(DidChangeTextDocumentNotification.type, {
    textDocument: { uri: uri(cfg), version: 2 },
    contentChanges: [{ text: 'kubernetesVersion: "1.36"\nrules:\n  pattern/wait-without-timeout: loud\n' }],
  });
  // Opening the configuration (still 1.27) may re-check the manifest before the edit does: wait for the re-check with
  // 1.36 from the unsaved configuration (native sidecars known, so no schema/unknown-field).
  await client.waitFor(() => client.published.slice(before).find((p) => p.uri === outer && !p.diagnostics.some((d) => d.code === 'schema/unknown-field')));
  const own = await client.diagnosticsOf(uri(cfg), 2);
  assert.equal(own.diagnostics.length, 1);
  assert.equal(own.diagnostics[0].code, 'config/invalid');
  assert.match(own.diagnostics[0].message as string, /Unknown severity "loud"/);
  const list = await client.conn.sendRequest(CompletionRequest.type, { textDocument: { uri: uri(cfg) }, position: { line: 2, character: 2 } });
  const labels = (Array.isArray(list) ? list : (list?.items ?? [])).map((i) => i.label);
  assert.ok(labels.includes('pod/duplicate-container-name'));
});

test('parseConfig reports problems at their place; globs match like .gitignore', () => {
  const text = 'kubernetesVersion: "1.12"\nrulez: {}\n';
  const { problems } = parseConfig(text);
  assert.deepEqual(problems.map((p) => text.slice(p.start, p.end)), ['"1.12"', 'rulez']);
  assert.ok(isIgnored(parseConfig('ignore: ["generated/**"]').config, 'generated/a/b.yaml'));
  assert.ok(isIgnored(parseConfig('ignore: ["*.tmpl.yaml"]').config, 'deep/x.tmpl.yaml'));
  assert.ok(!isIgnored(parseConfig('ignore: ["generated/**"]').config, 'src/generated.yaml'));
});

test('config completion: keys, versions, rule ids, severities', () => {
  assert.deepEqual(configCompletions('', 0).map((c) => c.label), ['kubernetesVersion', 'rules', 'ignore', 'podTemplatePaths', 'maxFileSize']);
  assert.equal(configCompletions('kubernetesVersion: ', 19).length, SUPPORTED_VERSIONS.length);
  assert.deepEqual(configCompletions('rules:\n  pod/x: ', 16).map((c) => c.label), ['off', 'hint', 'information', 'warning', 'error']);
});

test('the contributed JSON schema accepts a good configuration and refuses a bad one', () => {
  const schema = JSON.parse(fs.readFileSync(path.join(ROOT, 'schemas', 'podpatterns.schema.json'), 'utf8'));
  assert.deepEqual(schema.properties.kubernetesVersion.enum, [...SUPPORTED_VERSIONS]);
  const validate = new Ajv().compile(schema);
  assert.ok(validate({ kubernetesVersion: '1.33', rules: { 'pattern/unshared-emptydir': 'off' }, ignore: ['x/**'], podTemplatePaths: [{ kind: 'Worker', path: 'spec.template' }] }));
  assert.ok(!validate({ kubernetesVersion: '1.12' }));
  assert.ok(!validate({ rules: { 'pod/x': 'loud' } }));
  for (const size of [10485760, '10MB', '512 KiB', '1.5G', '300']) assert.ok(validate({ maxFileSize: size }), `maxFileSize ${size}`);
  for (const size of [0, 'lots', '10 TB', -1]) assert.ok(!validate({ maxFileSize: size }), `maxFileSize ${size}`);
  // The schema and the parser agree on sizes.
  for (const size of ['10MB', '512 KiB', '1.5G', '300', 'lots', '10 TB']) assert.equal(validate({ maxFileSize: size }), parseConfig(`maxFileSize: "${size}"`).problems.length === 0, size);
});
