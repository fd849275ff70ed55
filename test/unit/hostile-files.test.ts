/**
 * Repositories cloned from strangers: what they hold instead of ordinary files
 * must neither hang nor exhaust the checker or the server.
 *
 * - A named pipe as an input, as --config or as `.podpatterns.yaml`; a device
 *   (`/dev/zero`) named on the command line or reached through a symbolic link
 *   (`kustomization.yaml`, `.gitignore`, `.podpatterns.yaml`); an oversized
 *   configuration: the checker exits 2 and names the file; the server goes on
 *   publishing diagnostics for the manifests.
 * - `ignore` globs that picomatch cannot compile, or that would backtrack
 *   without end (`*a*a*a…b`): a problem at the pattern, with its line and
 *   column in the checker, and as `config/invalid` in the editor.
 *
 * Nothing is timed. The checker runs with a cap on its address space, so that
 * reading a device without end fails at once instead of filling the machine;
 * a pipe is fed by the test as soon as the checker opens it, so that a checker
 * that reads it gets a manifest (and exits 1, not 2) instead of blocking.
 */
import { test, before, after } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { DidOpenTextDocumentNotification } from 'vscode-languageserver-protocol/node';
import { ROOT } from '../harness';
import { LspClient } from '../lspClient';
import { KustomizePatches } from '../../server/src/kustomize';
import { parseConfig, isIgnored } from '../../server/src/analysis/config';
import { compileGlob, globWork, MAX_WILDCARDS } from '../../server/src/analysis/glob';
import { CONFIG_MAX_BYTES } from '../../server/src/safeRead';

const CLI = path.join(ROOT, 'dist', 'cli.js');
const POSIX = process.platform !== 'win32';
const POD = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\nspec:\n  containers:\n  - name: a\n    image: nginx\n    imagePullPolcy: Always\n';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kpp-hostile-'));
after(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A repository (it has `.git`) with files: text, or `{ link }` for a symbolic link, `{ fifo: true }` for a named pipe. */
function repo(name: string, files: Record<string, string | { link: string } | { fifo: true }>): string {
  const root = path.join(dir, name);
  fs.mkdirSync(path.join(root, '.git'), { recursive: true });
  for (const [rel, content] of Object.entries(files)) {
    const p = path.join(root, rel);
    fs.mkdirSync(path.dirname(p), { recursive: true });
    if (typeof content === 'string') fs.writeFileSync(p, content);
    else if ('link' in content) fs.symlinkSync(content.link, p);
    else spawnSync('mkfifo', [p]);
  }
  return root;
}

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  out: string;
  err: string;
}

/**
 * Runs the checker with its address space capped at 4 GB (a read of /dev/zero
 * without end fails instead of filling the memory) and feeds every named pipe
 * in `pipes` with a manifest once it is opened (a checker that reads a pipe
 * gets a file instead of blocking).
 */
async function check(cwd: string, args: string[], pipes: string[] = []): Promise<Run> {
  const child = spawn('sh', ['-c', 'ulimit -v 4000000 && exec "$0" "$@"', process.execPath, CLI, 'check', ...args], { cwd });
  let out = '';
  let err = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (err += d));
  // Opening a pipe for writing waits for a reader: it completes when (and only if) the checker opens it.
  const feeding = pipes.map(async (p) => {
    const fh = await fs.promises.open(p, 'w');
    await fh.write(POD).catch(() => undefined);
    await fh.close();
  });
  const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) => child.on('close', (c, s) => resolve([c, s])));
  // A pipe the checker never opened: open it here, so that the pending writer completes.
  for (const p of pipes) fs.closeSync(fs.openSync(p, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK));
  await Promise.all(feeding);
  return { code, signal, out, err };
}

test('a named pipe as an input or as --config: exit 2, the file named', { skip: !POSIX && 'named pipes' }, async () => {
  const root = repo('fifo', { 'pod.yaml': POD, 'in.yaml': { fifo: true }, 'config.yaml': { fifo: true } });
  const input = await check(root, ['in.yaml'], [path.join(root, 'in.yaml')]);
  assert.equal(input.code, 2, input.out + input.err);
  assert.match(input.err, /in\.yaml: cannot read \(a named pipe, not a regular file\)/);
  const config = await check(root, ['--config', 'config.yaml', 'pod.yaml'], [path.join(root, 'config.yaml')]);
  assert.equal(config.code, 2, config.out + config.err);
  assert.match(config.err, /config\.yaml: cannot read the configuration \(a named pipe, not a regular file\)/);
});

test('a device named on the command line or as --config: exit 2, the file named', { skip: !POSIX && 'no /dev/zero' }, async () => {
  const root = repo('device', { 'pod.yaml': POD });
  const input = await check(root, ['/dev/zero']);
  assert.equal(input.code, 2, input.out + input.err);
  assert.match(input.err, /\/dev\/zero: cannot read \(a character device, not a regular file\)/);
  const config = await check(root, ['--config', '/dev/zero', 'pod.yaml']);
  assert.equal(config.code, 2, config.out + config.err);
  assert.match(config.err, /\/dev\/zero: cannot read the configuration \(a character device, not a regular file\)/);
});

test('configuration files linked to /dev/zero are not followed: exit 2, the file named', { skip: !POSIX && 'symbolic links' }, async () => {
  for (const name of ['kustomization.yaml', '.gitignore', '.podpatterns.yaml']) {
    const root = repo(`zero-${name}`, { 'app/pod.yaml': POD, [`app/${name}`]: { link: '/dev/zero' } });
    const r = await check(root, ['app']);
    assert.equal(r.code, 2, `${name}: ${r.out}${r.err}`);
    assert.match(r.err, new RegExp(`app/${name.replace('.', '\\.')}: cannot read.*symbolic link to /dev/zero`), name);
  }
  // A link that stays inside the repository is followed.
  const inside = repo('inside-link', { 'app/pod.yaml': POD, 'shared/kustomization.yaml': 'patches:\n- ../app/pod.yaml\n', 'app/kustomization.yaml': { link: '../shared/kustomization.yaml' } });
  const r = await check(inside, ['app']);
  assert.equal(r.code, 1, r.err);
});

test('an oversized configuration is refused: exit 2, the file named', async () => {
  const big = '# padding\n'.repeat(Math.ceil((CONFIG_MAX_BYTES + 1) / 10));
  const root = repo('big', { 'pod.yaml': POD, '.podpatterns.yaml': big });
  const r = await check(root, ['pod.yaml']);
  assert.equal(r.code, 2, r.out + r.err);
  assert.match(r.err, new RegExp(`\\.podpatterns\\.yaml: cannot read the configuration \\(${big.length} bytes, more than the limit of ${CONFIG_MAX_BYTES}\\)`));
});

test('the server passes over unreadable configuration files and goes on checking', { skip: !POSIX && 'named pipes' }, async () => {
  const root = repo('server', {
    'zero/kustomization.yaml': { link: '/dev/zero' },
    'zero/pod.yaml': POD,
    'fifo/.podpatterns.yaml': { fifo: true },
    'fifo/pod.yaml': POD,
    'globs/.podpatterns.yaml': 'ignore:\n  - "x{a,b"\n  - "*a*a*a*a*a*a*a*a*a*a*a*a*b"\n',
    'globs/pod.yaml': POD,
  });
  // In process, as the server holds it: a kustomization that cannot be read lists nothing, and says why.
  const patches = new KustomizePatches();
  assert.equal(patches.isPatch(path.join(root, 'zero', 'pod.yaml')), false);
  assert.match([...patches.problems.values()].join('\n'), /kustomization\.yaml: cannot read \(a symbolic link to \/dev\/zero/);
  const client = await LspClient.start({ settings: {} });
  try {
    for (const d of ['zero', 'fifo', 'globs']) {
      const uri = pathToFileURL(path.join(root, d, 'pod.yaml')).toString();
      await client.conn.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'yaml', version: 1, text: POD } });
      const published = await client.diagnosticsOf(uri, 1);
      assert.ok(published.diagnostics.some((x) => x.code === 'schema/unknown-field'), `${d}: ${JSON.stringify(published.diagnostics)}`);
      // And the document says which project file was not read, and why.
      const unread = published.diagnostics.filter((x) => x.code === 'project/unreadable-file').map((x) => (typeof x.message === 'string' ? x.message : x.message.value));
      const expected = { zero: /kustomization\.yaml: cannot read \(a symbolic link to \/dev\/zero/, fifo: /\.podpatterns\.yaml: cannot read \(a named pipe/, globs: undefined }[d];
      if (expected) assert.ok(unread.length === 1 && expected.test(unread[0]), `${d}: ${JSON.stringify(unread)}`);
      else assert.deepEqual(unread, [], d);
    }
    // The configuration, open, shows its bad patterns.
    const cfg = path.join(root, 'globs', '.podpatterns.yaml');
    const cfgUri = pathToFileURL(cfg).toString();
    await client.conn.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: cfgUri, languageId: 'yaml', version: 1, text: fs.readFileSync(cfg, 'utf8') } });
    const own = await client.diagnosticsOf(cfgUri, 1);
    assert.deepEqual(
      own.diagnostics.map((x) => [x.code, x.range.start.line, x.range.start.character]),
      [
        ['config/invalid', 1, 4],
        ['config/invalid', 2, 4],
      ],
    );
  } finally {
    await client.shutdown();
  }
});

// ---------------------------------------------------------------- ignore globs

test('bad ignore patterns are problems of the configuration, with line and column in the checker', async () => {
  const text = `ignore:\n  - "x{a,b"\n  - "*a*a*a*a*a*a*a*a*a*a*a*a*b"\n  - 'tail\\'\n  - "{*}"\n  - "ok/**"\n`;
  const { config, problems } = parseConfig(text);
  assert.deepEqual(
    problems.map((p) => text.slice(p.start, p.end)),
    ['"x{a,b"', '"*a*a*a*a*a*a*a*a*a*a*a*a*b"', "'tail\\'"],
  );
  assert.match(problems[0].message, /a \{ is not closed/);
  assert.match(problems[1].message, new RegExp(`at most ${MAX_WILDCARDS}`));
  // What picomatch itself cannot compile (a lone trailing backslash) is a problem too, without the raw expression.
  assert.match(problems[2].message, /^ignore: "tail\\" is not a valid glob \(/);
  assert.doesNotMatch(problems[2].message, /\/\^/);
  // The good ones still apply; `{*}` is a literal name in braces, not an error.
  assert.deepEqual(config.ignore, ['{*}', 'ok/**']);
  assert.ok(isIgnored(config, 'ok/a/b.yaml'));
  assert.ok(isIgnored(config, 'deep/{x}.yaml') === false && isIgnored(config, '{x}') === true);
  const root = repo('globs', { '.podpatterns.yaml': text, 'pod.yaml': POD });
  const r = await check(root, ['.']);
  assert.equal(r.code, 2, r.out + r.err);
  assert.match(r.err, /^\.podpatterns\.yaml:2:5: error: ignore: "x\{a,b": a \{ is not closed/m);
  assert.match(r.err, /^\.podpatterns\.yaml:3:5: error: ignore: "\*a\*a.*" holds 13 wildcards/m);
  // The text format doubles the backslash (formats.ts escapeText).
  assert.match(r.err, /^\.podpatterns\.yaml:4:5: error: ignore: "tail\\\\" is not a valid glob/m);
  assert.doesNotMatch(r.err, /Invalid regular expression: \//);
});

test('ignore globs keep their meaning', () => {
  const ignored = (glob: string, p: string): boolean => {
    const g = compileGlob(glob);
    assert.equal(g.error, undefined, `${glob}: ${g.error}`);
    return g.match!(p);
  };
  assert.ok(ignored('generated/**', 'generated/a/b.yaml'));
  assert.ok(!ignored('generated/**', 'src/generated/b.yaml'), 'a slash anchors the pattern');
  assert.ok(ignored('*.tmpl.yaml', 'deep/er/x.tmpl.yaml'), 'no slash: any depth');
  assert.ok(ignored('./build', 'build/x.yaml') && ignored('build/', 'a/build/x.yaml'), 'a folder ignores what is below it');
  assert.ok(ignored('**/charts/**/*.yaml', 'a/charts/b/c/d.yaml') && !ignored('**/charts/**/*.yaml', 'a/chart/b.yaml'));
  assert.ok(ignored('*.{yaml,yml}', 'x.yml') && ignored('[ab]?.yaml', 'b1.yaml') && ignored('.hidden*', 'a/.hidden.yaml'));
  assert.ok(ignored('app(1)|x.yaml', 'app(1)|x.yaml') && ignored('!keep.yaml', '!keep.yaml'), 'parentheses, | and ! are plain characters');
});

test('matching a glob costs pattern segments × path segments tests, however deep the path', () => {
  const g = compileGlob('**/a/**/b/**/c/*.yaml');
  const tests = (depth: number): number => {
    globWork.segmentTests = 0;
    g.match!([...Array(depth).fill('a'), 'x.yaml'].join('/'));
    return globWork.segmentTests;
  };
  const [small, large] = [tests(200), tests(800)];
  assert.ok(large <= 8 * 801, `${large} segment tests for 801 segments`);
  assert.ok(large / small < 4.5, `4× the depth cost ${(large / small).toFixed(1)}× the tests`);
});

// ---------------------------------------------------------------- size limits

before(() => {
  assert.ok(fs.existsSync(CLI), 'dist/cli.js is missing: run npm run build');
});

test('the checker checks large files by default; --max-file-size and maxFileSize set a limit', async () => {
  // Over the editor's 5 MB default.
  const pad = `\n  annotations:\n    pad: "${'x'.repeat(4_000)}"`;
  const big = Array.from({ length: 1_400 }, (_, i) => POD.replace('name: x', `name: x${i}${pad}`)).join('---\n');
  assert.ok(big.length > 5 * 1024 * 1024);
  const root = repo('sizes', { 'big.yaml': big, 'small.yaml': POD });
  const all = await check(root, ['--format', 'json', 'big.yaml']);
  assert.equal(all.code, 1, all.err);
  const found = JSON.parse(all.out).files[0].diagnostics;
  assert.equal(found.filter((d: { code: string }) => d.code === 'schema/unknown-field').length, 1_400);
  const limited = await check(root, ['--max-file-size', '1MB', 'big.yaml', 'small.yaml']);
  assert.equal(limited.code, 1, limited.err);
  assert.match(limited.out, new RegExp(`^big\\.yaml:1:1: information: Not checked: the file has ${Buffer.byteLength(big)} bytes, more than the size limit \\(1048576;`, 'm'));
  assert.match(limited.out, /^small\.yaml:9:5: error: unknown field/m);
  // The configuration's limit applies; the flag wins over it.
  fs.writeFileSync(path.join(root, '.podpatterns.yaml'), 'maxFileSize: 100\n');
  const configured = await check(root, ['small.yaml']);
  assert.equal(configured.code, 0, configured.err);
  assert.match(configured.out, new RegExp(`^small\\.yaml:1:1: information: Not checked: the file has ${POD.length} bytes, more than the size limit \\(100;`, 'm'));
  const flag = await check(root, ['--max-file-size', '1KB', 'small.yaml']);
  assert.equal(flag.code, 1, flag.err);
  assert.doesNotMatch(flag.out, /Not checked/);
  const bad = await check(root, ['--max-file-size', 'lots', 'small.yaml']);
  assert.equal(bad.code, 2);
  assert.match(bad.err, /--max-file-size needs a size in bytes/);
});

test('the glob matcher keeps the analysis core bundleable for a browser (no Node built-ins)', async () => {
  const esbuild = await import('esbuild');
  // The language service and the configuration parser (which compiles the ignore globs): both run in a browser worker.
  const core = ['service.ts', 'config.ts'].map((f) => path.join(ROOT, 'server', 'src', 'analysis', f));
  const r = await esbuild.build({ entryPoints: core, outdir: 'out', bundle: true, platform: 'browser', format: 'esm', write: false, logLevel: 'silent', metafile: true });
  assert.deepEqual(r.errors, []);
  const inputs = Object.keys(r.metafile.inputs);
  assert.ok(inputs.some((i) => i.includes('node_modules/picomatch/')), 'picomatch is part of the core bundle');
  assert.deepEqual(inputs.filter((i) => /^(node:|fs$|path$|os$)/.test(i)), []);
});
