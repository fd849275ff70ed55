/**
 * What the VS Code client does on every host, desktop (node/extension.ts) and
 * web (browser/extension.ts): the documents it hands to the server, the
 * `podPatterns.*` settings it passes (only those the user set), the project
 * files it reads for the server through `vscode.workspace.fs` (so that a
 * virtual workspace works), and the commands (restart the server, set the
 * Kubernetes version, show a pod's lifecycle in a webview). The analysis is
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

/** The lifecycle of the pod at a position in a webview beside the editor. */
async function showLifecycle(client: BaseLanguageClient, uri?: string, position?: { line: number; character: number }): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  const target = uri ?? editor?.document.uri.toString();
  const pos = position ?? editor?.selection.active;
  if (!target || !pos) return;
  const nonce = Math.random().toString(36).slice(2);
  const page = await client.sendRequest<{ title: string; html: string } | null>(LIFECYCLE_REQUEST, {
    textDocument: { uri: target },
    position: { line: pos.line, character: pos.character },
    nonce,
  });
  if (!page) {
    void vscode.window.showInformationMessage('No pod spec at the cursor.');
    return;
  }
  const panel = vscode.window.createWebviewPanel('podPatterns.lifecycle', `Lifecycle: ${page.title}`, vscode.ViewColumn.Beside, {});
  panel.webview.html = page.html;
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
        command === LIFECYCLE_COMMAND ? showLifecycle(client, args[0] as string | undefined, args[1] as { line: number; character: number } | undefined) : next(command, args),
    },
  };
  // (The middleware above runs once the client has started, when `client` is set.)
  const client = create(CLIENT_ID, CLIENT_NAME, clientOptions);
  client.registerFeature(readFileCapability);
  context.subscriptions.push(
    output,
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
    vscode.commands.registerCommand('podPatterns.showLifecycle', (uri?: string, position?: vscode.Position) => showLifecycle(client, uri, position)),
  );
  await client.start();
  return client;
}
