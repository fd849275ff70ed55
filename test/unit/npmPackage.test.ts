/**
 * The npm package `kube-pod-patterns` (packages/kube-pod-patterns, packed by
 * scripts/pack-npm.mjs), as a user outside this repository gets it: the
 * tarball installed with npm into an empty folder elsewhere, nothing linked
 * back. Its files, no dependencies, `kube-pod-patterns --version` and
 * `--help`, `check` on the examples in each output format, and the language
 * server over stdio (initialize, diagnostics, the lifecycle command).
 */
import { test, before } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { DidOpenTextDocumentNotification, ExecuteCommandRequest } from 'vscode-languageserver-protocol/node';
import { ROOT } from '../harness';
import { installPackage, packageTarball, userEnv, type Installed } from '../installedPackage';
import { LspClient } from '../lspClient';

const ROOT_MANIFEST = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };
const BROKEN = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: broken\nspec:\n  initContainers:\n  - name: migrate\n    image: busybox\n    livenessProbe:\n      exec: {command: [ls]}\n  containers:\n  - name: app\n    image: nginx\n';

let user: Installed;
let work: string;

before(() => {
  user = installPackage();
  // The user's own manifests, beside the installation: the repository's examples and one broken pod.
  work = path.join(user.dir, 'manifests');
  fs.cpSync(path.join(ROOT, 'examples'), work, { recursive: true });
  fs.writeFileSync(path.join(user.dir, 'broken.yaml'), BROKEN);
});

function run(bin: string, args: string[], input?: string) {
  const r = spawnSync(user.bin(bin), args, { cwd: user.dir, encoding: 'utf8', input, env: userEnv() });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

test('the tarball holds the bundles, the commands, the schema and the papers; no sources, maps or dependencies', () => {
  const list = spawnSync('tar', ['tzf', packageTarball()], { encoding: 'utf8' });
  assert.equal(list.status, 0, list.stderr);
  const files = list.stdout.split('\n').filter(Boolean).map((f) => f.replace(/^package\//, '')).sort();
  assert.deepEqual(files, [
    'CHANGELOG.md',
    'LICENSE',
    'README.md',
    'bin/kube-pod-patterns-language-server.js',
    'bin/kube-pod-patterns.js',
    'dist/checkWorker.js',
    'dist/cli.js',
    'dist/server.js',
    'package.json',
    'schemas/podpatterns.schema.json',
  ]);
  const manifest = JSON.parse(fs.readFileSync(path.join(user.dir, 'node_modules', 'kube-pod-patterns', 'package.json'), 'utf8'));
  assert.equal(manifest.version, ROOT_MANIFEST.version, 'the package carries the repository\'s version');
  for (const field of ['dependencies', 'peerDependencies', 'optionalDependencies']) assert.equal(manifest[field], undefined, `no ${field}: everything is bundled`);
  assert.deepEqual(Object.keys(manifest.bin).sort(), ['kube-pod-patterns', 'kube-pod-patterns-language-server']);
  // npm installed this package and nothing else.
  const installed = fs.readdirSync(path.join(user.dir, 'node_modules')).filter((n) => !n.startsWith('.'));
  assert.deepEqual(installed, ['kube-pod-patterns']);
  // The bundles name no place of this machine's repository (no source paths, no maps).
  for (const f of ['dist/cli.js', 'dist/checkWorker.js', 'dist/server.js']) {
    const text = fs.readFileSync(path.join(user.dir, 'node_modules', 'kube-pod-patterns', f), 'utf8');
    assert.ok(!text.includes(ROOT), `${f} names ${ROOT}`);
    assert.ok(!/sourceMappingURL/.test(text), `${f} points at a source map`);
  }
});

test('kube-pod-patterns --version and --help', () => {
  const v = run('kube-pod-patterns', ['--version']);
  assert.equal(v.code, 0, v.err);
  assert.equal(v.out.trim(), ROOT_MANIFEST.version);
  const h = run('kube-pod-patterns', ['--help']);
  assert.equal(h.code, 0, h.err);
  assert.match(h.out, /^Usage: kube-pod-patterns check \[options\]/);
  assert.match(h.out, /--format FORMAT/);
  assert.match(h.out, /kube-pod-patterns-language-server --stdio/);
  const s = run('kube-pod-patterns-language-server', ['--version']);
  assert.equal(s.out.trim(), ROOT_MANIFEST.version);
});

test('kube-pod-patterns check: the examples in each format, and a broken pod', () => {
  const text = run('kube-pod-patterns', ['check', 'manifests']);
  assert.equal(text.code, 0, text.out + text.err);
  assert.match(text.out, /^5 files checked: 0 errors, 0 warnings, 2 information$/m);
  assert.match(text.out, /^manifests\/myapp-pod\.yaml:15:11: information: .* \[pattern\/wait-without-timeout\]$/m);

  const json = run('kube-pod-patterns', ['check', '--format', 'json', 'manifests']);
  assert.equal(json.code, 0, json.err);
  const parsed = JSON.parse(json.out) as { version: number; files: { path: string; diagnostics: { code: string }[] }[] };
  assert.equal(parsed.version, 1);
  assert.equal(parsed.files.length, 5);
  assert.deepEqual(parsed.files.flatMap((f) => f.diagnostics.map((d) => d.code)), ['pattern/wait-without-timeout', 'pattern/wait-without-timeout']);

  const sarif = run('kube-pod-patterns', ['check', '--format', 'sarif', 'manifests']);
  assert.equal(sarif.code, 0, sarif.err);
  const log = JSON.parse(sarif.out);
  assert.equal(log.version, '2.1.0');
  assert.equal(log.runs[0].tool.driver.name, 'kube-pod-patterns');
  assert.equal(log.runs[0].tool.driver.version, ROOT_MANIFEST.version);
  assert.equal(log.runs[0].results.length, 2);

  const github = run('kube-pod-patterns', ['check', '--format', 'github', 'manifests']);
  assert.equal(github.code, 0, github.err);
  assert.deepEqual(github.out.split('\n').filter((l) => l.startsWith('::')).map((l) => l.slice(0, l.indexOf(','))), ['::notice file=manifests/myapp-pod.yaml', '::notice file=manifests/myapp-pod.yaml']);

  // An error: exit status 1, in the API server's words; and from standard input.
  const broken = run('kube-pod-patterns', ['check', 'broken.yaml']);
  assert.equal(broken.code, 1);
  assert.match(broken.out, /^broken\.yaml:9:5: error: spec\.initContainers\[0\]\.livenessProbe: Forbidden: .* \[pod\/init-container-probe\]$/m);
  const stdin = run('kube-pod-patterns', ['check', '--format', 'github', '-'], BROKEN);
  assert.equal(stdin.code, 1);
  assert.match(stdin.out, /^::error .*title=pod\/init-container-probe::spec\.initContainers\[0\]\.livenessProbe: Forbidden/m);
});

test('the installed language server over stdio: initialize, diagnostics, the lifecycle command', async () => {
  // No transport argument: stdio is the default.
  const client = await LspClient.start({ podPatterns: { kubernetesVersion: '1.33' } }, {}, { command: [user.bin('kube-pod-patterns-language-server')], env: userEnv(), cwd: user.dir });
  try {
    assert.deepEqual(client.init.serverInfo, { name: 'kube-pod-patterns', version: ROOT_MANIFEST.version });
    assert.deepEqual(client.init.capabilities.executeCommandProvider?.commands, ['podPatterns.lifecycle']);
    const uri = pathToFileURL(path.join(user.dir, 'broken.yaml')).toString();
    await client.conn.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'yaml', version: 1, text: BROKEN } });
    const published = await client.diagnosticsOf(uri, 1);
    assert.deepEqual(
      published.diagnostics.map((d) => [d.code, d.range.start.line, d.message]),
      [['pod/init-container-probe', 8, 'spec.initContainers[0].livenessProbe: Forbidden: may not be set for init containers without restartPolicy=Always']],
    );
    const md = await client.conn.sendRequest(ExecuteCommandRequest.type, { command: 'podPatterns.lifecycle', arguments: [uri, { line: 6, character: 4 }] });
    assert.match(String(md), /^### Lifecycle of Pod broken$/m);
    assert.match(String(md), /\| migrate \| init container \|/);
  } finally {
    await client.shutdown();
  }
});
