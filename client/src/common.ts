/**
 * What the VS Code client does on every host, desktop (node/extension.ts) and
 * web (browser/extension.ts): the documents it hands to the server, the
 * `podPatterns.*` settings it passes (only those the user set), the project
 * files it reads for the server through `vscode.workspace.fs` (so that a
 * virtual workspace works), and the commands (restart the server, set the
 * Kubernetes version, show a pod's lifecycle in a webview that follows the
 * pod through edits). The analysis is
 * the server's; the client only shows what it answers. Only `vscode` and
 * type imports here: this module is bundled for both hosts.
 */
import * as vscode from 'vscode';
import type { BaseLanguageClient, LanguageClientOptions, StaticFeature } from 'vscode-languageclient';
import {
  LIFECYCLE_COMMAND,
  LIFECYCLE_REQUEST,
  PROJECT_FILE_MAX_BYTES,
  READ_FILE_REQUEST,
  type ExperimentalClientCapabilities,
  type LifecycleParams,
  type LifecycleResult,
  type PodKey,
  type ReadFileParams,
  type ReadFileResult,
} from '../../server/src/protocol';

export const CLIENT_ID = 'podPatterns';
export const CLIENT_NAME = 'Kubernetes Pod Patterns';
const SETTINGS = [
  'kubernetesVersion',
  'rules',
  'maxFileSize',
  'podTemplatePaths',
  'outline.enabled',
  'inlayHints.containerOrder',
  'inlayHints.effectiveResources',
  'inlayHints.defaults',
  'workspaceIndex.enabled',
] as const;

/**
 * The YAML documents the server checks: on disk, unsaved, on a remote host,
 * and in virtual workspaces (GitHub and Azure Repos, the web test file system,
 * and whatever scheme the open folders have), not the read-only views of
 * other schemes (`git:` diffs, output).
 */
function documentSelector(): { scheme: string; language: string }[] {
  const schemes = new Set(['file', 'untitled', 'vscode-remote', 'vscode-vfs', 'vscode-test-web', 'memfs']);
  for (const f of vscode.workspace.workspaceFolders ?? []) schemes.add(f.uri.scheme);
  return [...schemes].map((scheme) => ({ scheme, language: 'yaml' }));
}

/** The podPatterns.* settings set in user, workspace or folder settings (not the defaults: they must not hide `.podpatterns.yaml`). */
export function explicitSettings(scopeUri?: string): Record<string, unknown> {
  const config = vscode.workspace.getConfiguration('podPatterns', scopeUri ? vscode.Uri.parse(scopeUri) : undefined);
  const out: Record<string, unknown> = {};
  for (const key of SETTINGS) {
    const i = config.inspect(key);
    const v = i?.workspaceFolderValue ?? i?.workspaceValue ?? i?.globalValue;
    if (v !== undefined && v !== null) out[key] = v;
  }
  return out;
}

/** Tells the server that this client answers `podPatterns/readFile`. */
const readFileCapability: StaticFeature = {
  fillClientCapabilities(caps) {
    const experimental = (caps.experimental ?? {}) as ExperimentalClientCapabilities;
    caps.experimental = { ...experimental, podPatterns: { ...experimental.podPatterns, readFile: true } };
  },
  initialize() {},
  getState: () => ({ kind: 'static' }),
  clear() {},
};

/** A project file for the server, through the editor's file system (any scheme, virtual ones too). */
export async function readProjectFile(params: ReadFileParams): Promise<ReadFileResult> {
  const uri = vscode.Uri.parse(params.uri, true);
  let stat: vscode.FileStat;
  try {
    stat = await vscode.workspace.fs.stat(uri);
  } catch (e) {
    if (e instanceof vscode.FileSystemError && e.code === 'FileNotFound') return null;
    // A scheme without a file system provider (or one that refuses) has no project files either.
    if (e instanceof vscode.FileSystemError && (e.code === 'Unavailable' || e.code === 'NoPermissions')) return null;
    throw e;
  }
  if ((stat.type & vscode.FileType.File) === 0) return null;
  if (stat.size > PROJECT_FILE_MAX_BYTES) throw new Error(`${params.uri} is larger than ${PROJECT_FILE_MAX_BYTES} bytes`);
  return { text: new TextDecoder('utf-8').decode(await vscode.workspace.fs.readFile(uri)) };
}

/** What a lifecycle panel shows (the test-only command `podPatterns.lifecycleState` lists them). */
export interface LifecyclePanelState {
  uri: string;
  key: PodKey;
  title: string;
  html: string;
  /** How many pages it has shown: 1 once opened, one more per re-render. */
  renders: number;
}

interface LifecyclePanel extends LifecyclePanelState {
  panel: vscode.WebviewPanel;
  timer?: ReturnType<typeof setTimeout>;
  /** The last request sent: an older answer that comes later is dropped. */
  asked: number;
  disposed: boolean;
}

/** Edits come in bursts while typing: a panel is re-rendered once they pause this long. */
const LIFECYCLE_RENDER_DELAY_MS = 300;

const sameKey = (a: PodKey, b: PodKey): boolean => a.document === b.document && a.object === b.object && a.path === b.path && a.kind === b.kind && a.name === b.name;
const newNonce = (): string => Math.random().toString(36).slice(2) + Math.random().toString(36).slice(2);

/**
 * The lifecycle views: one webview panel per pod, which follows its pod. The
 * server answers each page with the pod's key (protocol.ts); the panel asks
 * again with that key when its document changes (after a pause) or the
 * podPatterns settings do, so it finds its pod after edits move it, and says
 * so when the pod is gone or its YAML does not parse. The lens of a pod that
 * has a panel reveals that panel. A panel's subscriptions end with it.
 */
class LifecycleViews {
  private readonly panels = new Set<LifecyclePanel>();

  constructor(private readonly client: BaseLanguageClient) {}

  /** The panel of the pod at a position (the code lens, the command), opened or revealed. */
  async show(uri?: string, position?: { line: number; character: number }): Promise<void> {
    const editor = vscode.window.activeTextEditor;
    const target = uri ?? editor?.document.uri.toString();
    const pos = position ?? editor?.selection.active;
    if (!target || !pos) return;
    // Panels of this document with an edit not rendered yet: rendered first, so that their keys are current.
    await Promise.all([...this.panels].filter((p) => p.uri === target && p.timer).map((p) => this.render(p)));
    const page = await this.client.sendRequest<LifecycleResult>(LIFECYCLE_REQUEST, {
      textDocument: { uri: target },
      position: { line: pos.line, character: pos.character },
      nonce: newNonce(),
    } satisfies LifecycleParams);
    if (!page) {
      void vscode.window.showInformationMessage('No pod spec at the cursor.');
      return;
    }
    const open = [...this.panels].find((p) => p.uri === target && sameKey(p.key, page.key));
    if (open) {
      this.apply(open, page);
      open.panel.reveal();
      return;
    }
    const panel = vscode.window.createWebviewPanel('podPatterns.lifecycle', `Lifecycle: ${page.title}`, vscode.ViewColumn.Beside, {});
    const p: LifecyclePanel = { panel, uri: target, key: page.key, title: page.title, html: '', renders: 0, asked: 0, disposed: false };
    this.panels.add(p);
    const subscriptions = [
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.contentChanges.length && e.document.uri.toString() === p.uri) this.schedule(p);
      }),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('podPatterns')) this.schedule(p);
      }),
    ];
    panel.onDidDispose(() => {
      p.disposed = true;
      if (p.timer) clearTimeout(p.timer);
      p.timer = undefined;
      for (const s of subscriptions) s.dispose();
      this.panels.delete(p);
    });
    this.apply(p, page);
  }

  /** Closes every panel (their subscriptions end with them). */
  dispose(): void {
    for (const p of [...this.panels]) p.panel.dispose();
  }

  /** What every open panel shows, for tests. */
  state(): LifecyclePanelState[] {
    return [...this.panels].map(({ uri, key, title, html, renders }) => ({ uri, key, title, html, renders }));
  }

  private schedule(p: LifecyclePanel): void {
    if (p.timer) clearTimeout(p.timer);
    p.timer = setTimeout(() => void this.render(p), LIFECYCLE_RENDER_DELAY_MS);
  }

  /** Asks the server for the panel's pod by key, and shows the answer (null: the document is closed; the panel keeps its page). */
  private async render(p: LifecyclePanel): Promise<void> {
    if (p.timer) clearTimeout(p.timer);
    p.timer = undefined;
    const asked = ++p.asked;
    let page: LifecycleResult;
    try {
      page = await this.client.sendRequest<LifecycleResult>(LIFECYCLE_REQUEST, { textDocument: { uri: p.uri }, key: p.key, nonce: newNonce() } satisfies LifecycleParams);
    } catch {
      return; // The server is restarting, or stopped: the next edit asks again.
    }
    if (page && !p.disposed && asked === p.asked) this.apply(p, page);
  }

  private apply(p: LifecyclePanel, page: NonNullable<LifecycleResult>): void {
    p.key = page.key;
    p.title = page.title;
    p.html = page.html;
    p.renders++;
    p.panel.title = `Lifecycle: ${page.title}`;
    p.panel.webview.html = page.html;
  }
}

export type ClientFactory = (id: string, name: string, options: LanguageClientOptions) => BaseLanguageClient;

/**
 * Creates the client with `create` (the host's LanguageClient and its way to
 * start the server), registers the commands, and starts it. Returns the
 * client, for deactivate().
 */
export async function startClient(context: vscode.ExtensionContext, create: ClientFactory, initialization: Record<string, unknown> = {}): Promise<BaseLanguageClient> {
  const output = vscode.window.createOutputChannel(CLIENT_NAME, { log: true });
  const clientOptions: LanguageClientOptions = {
    documentSelector: documentSelector(),
    // The server registers watchers for .podpatterns.yaml and kustomizations itself; changes of settings are sent here.
    synchronize: { configurationSection: 'podPatterns' },
    outputChannel: output,
    traceOutputChannel: output,
    initializationOptions: { ...initialization, podPatterns: explicitSettings() },
    middleware: {
      workspace: {
        // Only what the user set: defaults must not hide the values of .podpatterns.yaml.
        configuration: (params, token, next) =>
          params.items.some((i) => i.section === 'podPatterns')
            ? params.items.map((i) => (i.section === 'podPatterns' ? explicitSettings(i.scopeUri) : null))
            : next(params, token),
        didChangeConfiguration: async () => {
          await client.sendNotification('workspace/didChangeConfiguration', { settings: { podPatterns: explicitSettings() } });
        },
      },
      // The code lenses name the server's lifecycle command (markdown, for any editor): here it opens the webview.
      executeCommand: (command, args, next) =>
        command === LIFECYCLE_COMMAND ? lifecycle.show(args[0] as string | undefined, args[1] as { line: number; character: number } | undefined) : next(command, args),
    },
  };
  // (The middleware above runs once the client has started, when `client` and `lifecycle` are set.)
  const client = create(CLIENT_ID, CLIENT_NAME, clientOptions);
  const lifecycle = new LifecycleViews(client);
  client.registerFeature(readFileCapability);
  context.subscriptions.push(
    output,
    lifecycle,
    client.onRequest(READ_FILE_REQUEST, (params: ReadFileParams) => readProjectFile(params)),
    vscode.commands.registerCommand('podPatterns.restartServer', async () => {
      output.info(`Restarting the ${CLIENT_NAME} server`);
      await client.stop();
      await client.start();
    }),
    vscode.commands.registerCommand('podPatterns.setKubernetesVersion', async (version?: string) => {
      const v = version ?? (await vscode.window.showInputBox({ prompt: 'Kubernetes version (e.g. 1.33)' }));
      if (v) await vscode.workspace.getConfiguration('podPatterns').update('kubernetesVersion', v, vscode.ConfigurationTarget.Workspace);
    }),
    vscode.commands.registerCommand('podPatterns.showLifecycle', (uri?: string, position?: vscode.Position) => lifecycle.show(uri, position)),
    // For the end-to-end tests (not in the Command Palette): what each lifecycle panel shows.
    vscode.commands.registerCommand('podPatterns.lifecycleState', () => lifecycle.state()),
  );
  await client.start();
  return client;
}
