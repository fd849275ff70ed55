/**
 * The VS Code client: starts the language server over IPC, passes the
 * `podPatterns.*` settings, and registers the commands (restart the server,
 * set the Kubernetes version, show a pod's lifecycle). The analysis is the
 * server's; the client only shows what it answers.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { SERVER_NODE_ARGS } from '../../server/src/serverArgs';

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel('Kubernetes Pod Patterns', { log: true });
  const module = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc, options: { execArgv: SERVER_NODE_ARGS } },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: [...SERVER_NODE_ARGS, '--nolazy', '--inspect=6010'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'yaml' },
      { scheme: 'untitled', language: 'yaml' },
      { scheme: 'vscode-remote', language: 'yaml' },
    ],
    synchronize: {
      configurationSection: 'podPatterns',
      // Edits to .podpatterns.yaml files on disk re-check the open manifests.
      fileEvents: vscode.workspace.createFileSystemWatcher('**/.podpatterns.yaml'),
    },
    outputChannel: output,
    traceOutputChannel: output,
    initializationOptions: { settings: explicitSettings(), lifecycleView: true },
    middleware: {
      workspace: {
        // Only what the user set: defaults must not hide the values of .podpatterns.yaml.
        configuration: (params, token, next) =>
          params.items.some((i) => i.section === 'podPatterns')
            ? params.items.map((i) => (i.section === 'podPatterns' ? explicitSettings(i.scopeUri) : null))
            : next(params, token),
      },
    },
  };
  client = new LanguageClient('podPatterns', 'Kubernetes Pod Patterns', serverOptions, clientOptions);
  context.subscriptions.push(
    output,
    vscode.commands.registerCommand('podPatterns.restartServer', async () => {
      output.info('Restarting the Kubernetes Pod Patterns server');
      await client?.restart();
    }),
    vscode.commands.registerCommand('podPatterns.setKubernetesVersion', async (version?: string) => {
      const v = version ?? (await vscode.window.showInputBox({ prompt: 'Kubernetes version (e.g. 1.33)' }));
      if (v) await vscode.workspace.getConfiguration('podPatterns').update('kubernetesVersion', v, vscode.ConfigurationTarget.Workspace);
    }),
    vscode.commands.registerCommand('podPatterns.showLifecycle', async (uri?: string, position?: vscode.Position) => {
      const editor = vscode.window.activeTextEditor;
      const target = uri ?? editor?.document.uri.toString();
      const pos = position ?? editor?.selection.active;
      if (!client || !target || !pos) return;
      const nonce = Math.random().toString(36).slice(2);
      const page = await client.sendRequest<{ title: string; html: string } | null>('podPatterns/lifecycle', {
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
    }),
  );
  await client.start();
}

/** The podPatterns.* settings set in user, workspace or folder settings (not the defaults). */
function explicitSettings(scopeUri?: string): Record<string, unknown> {
  const config = vscode.workspace.getConfiguration('podPatterns', scopeUri ? vscode.Uri.parse(scopeUri) : undefined);
  const out: Record<string, unknown> = {};
  for (const key of ['kubernetesVersion', 'rules', 'maxFileSize', 'podTemplatePaths', 'outline.enabled', 'inlayHints.containerOrder', 'inlayHints.effectiveResources', 'inlayHints.defaults', 'workspaceIndex.enabled']) {
    const i = config.inspect(key);
    const v = i?.workspaceFolderValue ?? i?.workspaceValue ?? i?.globalValue;
    if (v !== undefined && v !== null) out[key] = v;
  }
  return out;
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
