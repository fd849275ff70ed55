/**
 * The web extension's bundles (scripts/bundles.mjs: the web client and the
 * language server as a web worker), built minified as they ship:
 *  - nothing in them comes from, or asks for, a Node built-in module (esbuild's
 *    metafile lists every input and import; the output has no `require` but
 *    the web client's `vscode`);
 *  - their sizes stay within budget (printed);
 *  - the worker runs where there is no Node: in a bare JavaScript context
 *    with only what a browser's worker has, it answers `initialize`, asks the
 *    client for `.podpatterns.yaml` through `podPatterns/readFile`, and
 *    publishes diagnostics under the configuration it read, for a document of
 *    a virtual workspace (`memfs:`).
 */
import { test, before } from 'node:test';
import * as assert from 'node:assert/strict';
import { builtinModules } from 'node:module';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vm from 'node:vm';
import * as esbuild from 'esbuild';
import { ROOT } from '../harness';

interface Built {
  name: string;
  code: string;
  metafile: esbuild.Metafile;
}

/**
 * Client and worker must each stay under these, minified (bytes). The worker was 1041 KiB once navigation
 * joined the rule families; the API table's upstream descriptions (215 KiB) then left its bundle: the web
 * client reads them (dist/web/apiDocs.json) and hands them over in `initialize`.
 */
const BUDGET: Record<string, number> = { webClient: 512 * 1024, webServer: 900 * 1024 };
/** One upstream description (of Container.image), which only the descriptions file may carry. */
const A_DESCRIPTION = 'Container image name.';
const NODE_BUILTINS = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);

let built: Built[] = [];

before(async () => {
  const { bundles, WEB_BUNDLES } = (await import(path.join(ROOT, 'scripts', 'bundles.mjs'))) as {
    bundles: (o: { minify: boolean }) => Record<string, esbuild.BuildOptions & { outfile: string }>;
    WEB_BUNDLES: string[];
  };
  const all = bundles({ minify: true });
  built = await Promise.all(
    WEB_BUNDLES.map(async (name) => {
      const r = await esbuild.build({ ...all[name], absWorkingDir: ROOT, write: false, sourcemap: false, logLevel: 'silent' });
      const js = r.outputFiles.find((f) => f.path.endsWith('.js'));
      assert.ok(js && r.metafile, `${name} was built`);
      return { name, code: js.text, metafile: r.metafile };
    }),
  );
});

test('the web bundles take nothing from Node: no built-in among their inputs or imports', () => {
  assert.deepEqual(built.map((b) => b.name).sort(), ['webClient', 'webServer']);
  for (const b of built) {
    const inputs = Object.keys(b.metafile.inputs);
    assert.ok(inputs.length > 10, `${b.name}: the metafile lists the inputs`);
    for (const [file, input] of Object.entries(b.metafile.inputs)) {
      assert.ok(!NODE_BUILTINS.has(file) && !file.startsWith('node:'), `${b.name} bundles the Node built-in ${file}`);
      for (const imp of input.imports) {
        assert.ok(!NODE_BUILTINS.has(imp.path), `${b.name}: ${file} imports the Node built-in ${imp.path}`);
        // (A relative "external" is an import of types only, which vanishes.)
        if (imp.external && !imp.path.startsWith('.')) assert.equal(imp.path, 'vscode', `${b.name}: ${file} leaves ${imp.path} to be loaded at run time`);
      }
    }
    // Nothing resolved through a package's browser field to an empty module either (how `fs` would slip in).
    assert.ok(!inputs.some((f) => f.startsWith('(disabled):')), `${b.name} has disabled inputs: ${inputs.filter((f) => f.startsWith('(disabled):')).join(', ')}`);
    const required = [...b.code.matchAll(/\brequire\(\s*["'`]([^"'`]+)["'`]\s*\)/g)].map((m) => m[1]);
    assert.deepEqual([...new Set(required)], b.name === 'webClient' ? ['vscode'] : [], `${b.name} requires ${required.join(', ')}`);
  }
});

test('the web bundles stay within budget, minified', () => {
  let total = 0;
  for (const b of built) {
    const bytes = Buffer.byteLength(b.code);
    total += bytes;
    const table = Object.entries(b.metafile.outputs)
      .flatMap(([, o]) => Object.entries(o.inputs))
      .find(([f]) => f.endsWith('apiTable.json'));
    console.log(`${b.name}: ${(bytes / 1024).toFixed(0)} KiB minified${table ? ` (the API table: ${(table[1].bytesInOutput / 1024).toFixed(0)} KiB)` : ''}`);
    assert.ok(bytes <= BUDGET[b.name], `${b.name} is ${bytes} bytes, over its budget of ${BUDGET[b.name]}`);
  }
  console.log(`web client + worker: ${(total / 1024).toFixed(0)} KiB minified`);
  const worker = built.find((b) => b.name === 'webServer')!;
  assert.ok(!worker.code.includes(A_DESCRIPTION), 'the worker bundles no upstream descriptions');
  assert.ok(!Object.keys(worker.metafile.inputs).some((f) => f.endsWith('api/docs.ts')), 'the worker has docs.web.ts in place of docs.ts');
});

/** A worker's global scope, as far as the server uses one: messages in and out, timers, text codecs. Nothing of Node. */
function workerScope(onPost: (msg: unknown) => void) {
  const self: Record<string, unknown> = {
    postMessage: (m: unknown) => onPost(structuredClone(m)),
    addEventListener: () => {},
    removeEventListener: () => {},
    close: () => {},
  };
  const ctx = vm.createContext({
    self,
    console,
    setTimeout,
    clearTimeout,
    setInterval,
    clearInterval,
    queueMicrotask,
    TextEncoder,
    TextDecoder,
    performance: { now: () => performance.now() },
    URL,
    structuredClone,
  });
  // `self` is the global object in a worker.
  vm.runInContext('self.self = self;', ctx);
  return { ctx, self };
}

test('the web worker runs without Node: initialize, .podpatterns.yaml read through the client, diagnostics', async () => {
  const worker = built.find((b) => b.name === 'webServer')!;
  const posted: { id?: number; method?: string; params?: Record<string, unknown>; result?: unknown }[] = [];
  // Responses to our requests have no method; the server's own requests (ids of its own) do.
  const waiters: (() => void)[] = [];
  const reads: string[] = [];
  const { ctx, self } = workerScope((m) => {
    posted.push(m as (typeof posted)[number]);
    for (const w of waiters.splice(0)) w();
  });
  const send = (msg: object): void => (self.onmessage as (e: { data: unknown }) => void)({ data: { jsonrpc: '2.0', ...msg } });
  const waitFor = <T>(pick: () => T | undefined): Promise<T> =>
    new Promise((resolve, reject) => {
      const deadline = setTimeout(() => reject(new Error(`timed out; the worker posted:\n${posted.map((p) => JSON.stringify(p).slice(0, 200)).join('\n')}`)), 10_000);
      const check = (): void => {
        const v = pick();
        if (v === undefined) return void waiters.push(check);
        clearTimeout(deadline);
        resolve(v);
      };
      check();
    });

  // A virtual workspace: the files exist only on the client's side.
  const files: Record<string, string> = {
    'memfs:/ws/.podpatterns.yaml': 'kubernetesVersion: "1.27"\n',
  };
  assert.doesNotThrow(() => vm.runInContext(worker.code, ctx, { filename: 'dist/web/server.js' }));
  assert.equal(typeof self.onmessage, 'function', 'the server listens on the worker scope');

  // The descriptions, as the web client reads them from dist/web/apiDocs.json (scripts/build.mjs writes it from the table).
  const { docs } = JSON.parse(fs.readFileSync(path.join(ROOT, 'server/src/analysis/generated/apiTable.json'), 'utf8')) as { docs: string[] };
  send({ id: 1, method: 'initialize', params: { processId: null, rootUri: 'memfs:/ws', capabilities: { experimental: { podPatterns: { readFile: true } } }, initializationOptions: { apiDocs: docs } } });
  const init = await waitFor(() => posted.find((p) => p.id === 1 && !p.method));
  const caps = (init.result as { capabilities: { executeCommandProvider?: { commands: string[] } } }).capabilities;
  assert.deepEqual(caps.executeCommandProvider?.commands, ['podPatterns.lifecycle']);
  send({ method: 'initialized', params: {} });

  // The server asks the client for files: answer from `files`.
  const answered = new Set<number>();
  const answer = (): void => {
    for (const p of posted) {
      if (p.method === 'podPatterns/readFile' && p.id !== undefined && !answered.has(p.id)) {
        answered.add(p.id);
        const uri = (p.params as { uri: string }).uri;
        reads.push(uri);
        send({ id: p.id, result: uri in files ? { text: files[uri] } : null });
      }
    }
  };
  waiters.push(function loop() {
    answer();
    waiters.push(loop);
  });

  // A native sidecar: an unknown field in 1.27 (from the configuration), none in 1.36 (the default).
  const pod = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  initContainers:\n  - name: s\n    image: busybox\n    restartPolicy: Always\n  containers:\n  - name: a\n    image: nginx\n';
  const uri = 'memfs:/ws/app/pod.yaml';
  send({ method: 'textDocument/didOpen', params: { textDocument: { uri, languageId: 'yaml', version: 1, text: pod } } });
  const published = await waitFor(() => posted.find((p) => p.method === 'textDocument/publishDiagnostics' && (p.params as { uri: string }).uri === uri));
  const diagnostics = (published.params as { diagnostics: { code: string; range: { start: { line: number } } }[] }).diagnostics;
  assert.deepEqual(
    diagnostics.map((d) => [d.code, d.range.start.line]),
    [
      ['schema/unknown-field', 8],
      ['pattern/native-sidecar-unsupported-version', 8],
    ],
    JSON.stringify(diagnostics),
  );
  assert.ok(reads.includes('memfs:/ws/app/.podpatterns.yaml') && reads.includes('memfs:/ws/.podpatterns.yaml'), `looked upward from the document: ${reads.join(', ')}`);
  assert.ok(reads.includes('memfs:/ws/app/kustomization.yaml'), `kustomizations are read through the client too: ${reads.join(', ')}`);

  // The lifecycle command answers markdown.
  send({ id: 2, method: 'workspace/executeCommand', params: { command: 'podPatterns.lifecycle', arguments: [uri, { line: 6, character: 4 }] } });
  const md = await waitFor(() => posted.find((p) => p.id === 2 && !p.method));
  assert.match(String(md.result), /^### Lifecycle of Pod p$/m);

  // A hover on a field: its upstream description, from what the client handed over.
  send({ id: 4, method: 'textDocument/hover', params: { textDocument: { uri }, position: { line: 11, character: 5 } } });
  const hover = await waitFor(() => posted.find((p) => p.id === 4 && !p.method));
  assert.match(JSON.stringify(hover.result), new RegExp(A_DESCRIPTION.replace('.', '\\.')), JSON.stringify(hover.result));

  send({ id: 3, method: 'shutdown' });
  await waitFor(() => posted.find((p) => p.id === 3 && !p.method));
});
