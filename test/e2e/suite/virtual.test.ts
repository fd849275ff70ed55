// A virtual workspace: files that exist only behind a VS Code file system provider (as on
// vscode.dev with a GitHub repository), here an in-memory one under the `memfs:` scheme that this
// suite registers. The language server has no disk for them, in either host: it reads
// `.podpatterns.yaml` and kustomizations through the client (`podPatterns/readFile`, answered
// with vscode.workspace.fs).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

const SCHEME = 'memfs';
const CODE_UNKNOWN_FIELD = 'schema/unknown-field';
/** What a Deployment without a selector and without an image misses: not reported in a patch. */
const CODES_MISSING = ['pod/container-image-required', 'workload/selector-required'];
const DEADLINE_MS = 20_000;

/** A minimal in-memory file system: files and the folders above them. */
class MemFs implements vscode.FileSystemProvider {
  private readonly files = new Map<string, { data: Uint8Array; mtime: number }>();
  private readonly emitter = new vscode.EventEmitter<vscode.FileChangeEvent[]>();
  readonly onDidChangeFile = this.emitter.event;

  private isDir(path: string): boolean {
    const prefix = path.endsWith('/') ? path : `${path}/`;
    return [...this.files.keys()].some((f) => f.startsWith(prefix));
  }
  watch(): vscode.Disposable {
    return new vscode.Disposable(() => {});
  }
  stat(uri: vscode.Uri): vscode.FileStat {
    const f = this.files.get(uri.path);
    if (f) return { type: vscode.FileType.File, ctime: 0, mtime: f.mtime, size: f.data.byteLength };
    if (uri.path === '/' || this.isDir(uri.path)) return { type: vscode.FileType.Directory, ctime: 0, mtime: 0, size: 0 };
    throw vscode.FileSystemError.FileNotFound(uri);
  }
  readDirectory(uri: vscode.Uri): [string, vscode.FileType][] {
    const prefix = uri.path.endsWith('/') ? uri.path : `${uri.path}/`;
    const names = new Map<string, vscode.FileType>();
    for (const f of this.files.keys()) {
      if (!f.startsWith(prefix)) continue;
      const [name, ...rest] = f.slice(prefix.length).split('/');
      names.set(name, rest.length ? vscode.FileType.Directory : vscode.FileType.File);
    }
    return [...names];
  }
  createDirectory(): void {}
  readFile(uri: vscode.Uri): Uint8Array {
    const f = this.files.get(uri.path);
    if (!f) throw vscode.FileSystemError.FileNotFound(uri);
    return f.data;
  }
  writeFile(uri: vscode.Uri, content: Uint8Array): void {
    const existed = this.files.has(uri.path);
    this.files.set(uri.path, { data: content, mtime: Date.now() });
    this.emitter.fire([{ type: existed ? vscode.FileChangeType.Changed : vscode.FileChangeType.Created, uri }]);
  }
  delete(uri: vscode.Uri): void {
    this.files.delete(uri.path);
    this.emitter.fire([{ type: vscode.FileChangeType.Deleted, uri }]);
  }
  rename(): void {
    throw vscode.FileSystemError.NoPermissions('rename');
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitFor<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, ms = DEADLINE_MS): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await sleep(100);
  }
}

const codeOf = (d: vscode.Diagnostic): string => String(typeof d.code === 'object' ? d.code.value : d.code);
const describe = (uri: vscode.Uri): string =>
  vscode.languages.getDiagnostics(uri).map((d) => `  line ${d.range.start.line}: [${codeOf(d)}] ${d.message}`).join('\n') || '  (none)';

// A native sidecar (restartPolicy on an init container): an unknown field before Kubernetes 1.28.
const POD = ['apiVersion: v1', 'kind: Pod', 'metadata:', '  name: virtual', 'spec:', '  initContainers:', '  - name: proxy', '    image: envoyproxy/envoy:v1.31', '    restartPolicy: Always', '  containers:', '  - name: app', '    image: nginx:1.27', ''].join('\n');
// A Deployment patch: no selector, no image; whole, it would miss them. Its misspelt field is reported in both.
const PATCH = ['apiVersion: apps/v1', 'kind: Deployment', 'metadata:', '  name: web', 'spec:', '  minReadySecondz: 5', '  template:', '    spec:', '      containers:', '      - name: web', '        resources:', '          limits:', '            memory: 512Mi', ''].join('\n');

suite('a virtual workspace (memfs:): project files read through the editor', () => {
  const fsp = new MemFs();
  let registration: vscode.Disposable | undefined;
  const uri = (path: string) => vscode.Uri.from({ scheme: SCHEME, path });
  const write = (path: string, text: string) => fsp.writeFile(uri(path), new TextEncoder().encode(text));

  suiteSetup(() => {
    registration = vscode.workspace.registerFileSystemProvider(SCHEME, fsp, { isCaseSensitive: true });
    write('/repo/.podpatterns.yaml', 'kubernetesVersion: "1.27"\n');
    write('/repo/apps/pod.yaml', POD);
    write('/repo/deploy/kustomization.yaml', 'resources:\n  - base.yaml\npatches:\n  - path: replicas.yaml\n');
    write('/repo/deploy/replicas.yaml', PATCH);
    write('/repo/deploy/whole.yaml', PATCH);
  });
  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    registration?.dispose();
  });

  test('the nearest .podpatterns.yaml above a virtual document applies, and its unsaved edits too', async () => {
    const doc = await vscode.workspace.openTextDocument(uri('/repo/apps/pod.yaml'));
    assert.equal(doc.languageId, 'yaml');
    await vscode.window.showTextDocument(doc);
    const onSidecar = () => vscode.languages.getDiagnostics(doc.uri).filter((d) => codeOf(d) === CODE_UNKNOWN_FIELD && d.range.start.line === 8);
    // 1.27 from /repo/.podpatterns.yaml, two folders up: the native sidecar's restartPolicy is unknown.
    await waitFor(`${CODE_UNKNOWN_FIELD} on the sidecar's restartPolicy (Kubernetes 1.27 from the configuration)`, () => (onSidecar().length ? true : undefined)).catch((e: Error) => {
      throw new Error(`${e.message}; diagnostics were:\n${describe(doc.uri)}`);
    });

    // The configuration opened and edited (not saved): 1.33 knows native sidecars.
    const config = await vscode.workspace.openTextDocument(uri('/repo/.podpatterns.yaml'));
    const editor = await vscode.window.showTextDocument(config);
    try {
      assert.ok(await editor.edit((b) => b.replace(new vscode.Range(0, 0, config.lineCount, 0), 'kubernetesVersion: "1.33"\n')));
      await waitFor('the diagnostic to go under Kubernetes 1.33 (the unsaved configuration)', () => (onSidecar().length ? undefined : true)).catch((e: Error) => {
        throw new Error(`${e.message}; diagnostics were:\n${describe(doc.uri)}`);
      });
    } finally {
      await vscode.window.showTextDocument(config);
      await vscode.commands.executeCommand('workbench.action.files.revert');
    }
    // Reverted (and so 1.27 again): the diagnostic is back.
    await waitFor(`${CODE_UNKNOWN_FIELD} again once the configuration is reverted`, () => (onSidecar().length ? true : undefined)).catch((e: Error) => {
      throw new Error(`${e.message}; diagnostics were:\n${describe(doc.uri)}`);
    });
  });

  test('a kustomization beside a virtual document makes it a patch: what a patch leaves out is not reported', async () => {
    // The same text twice: the file the kustomization lists is a patch, the other one a whole Deployment.
    const codesOf = async (path: string): Promise<string[]> => {
      const doc = await vscode.workspace.openTextDocument(uri(path));
      await vscode.window.showTextDocument(doc);
      // The misspelt field is reported in both: once it is, the server has published this document's findings.
      await waitFor(`${CODE_UNKNOWN_FIELD} in ${path}`, () => vscode.languages.getDiagnostics(doc.uri).some((d) => codeOf(d) === CODE_UNKNOWN_FIELD) || undefined).catch((e: Error) => {
        throw new Error(`${e.message}; diagnostics were:\n${describe(doc.uri)}`);
      });
      return vscode.languages.getDiagnostics(doc.uri).map(codeOf).sort();
    };
    const whole = await codesOf('/repo/deploy/whole.yaml');
    for (const c of CODES_MISSING) assert.ok(whole.includes(c), `the whole Deployment misses ${c}: ${whole.join(', ')}`);
    const patch = await codesOf('/repo/deploy/replicas.yaml');
    assert.deepEqual(patch.filter((c) => CODES_MISSING.includes(c)), [], `the patch: ${patch.join(', ')}`);
  });
});
