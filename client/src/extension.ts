/**
 * The VS Code client: starts the language server over IPC, passes the
 * `podPatterns.*` settings, and offers a "Restart server" command. Nothing
 * else lives here: the analysis is the server's.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel('Kubernetes Pod Patterns', { log: true });
  const module = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6010'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'yaml' },
      { scheme: 'untitled', language: 'yaml' },
      { scheme: 'vscode-remote', language: 'yaml' },
    ],
    synchronize: { configurationSection: 'podPatterns' },
    outputChannel: output,
    traceOutputChannel: output,
    initializationOptions: { settings: vscode.workspace.getConfiguration('podPatterns') },
  };
  client = new LanguageClient('podPatterns', 'Kubernetes Pod Patterns', serverOptions, clientOptions);
  context.subscriptions.push(
    output,
    vscode.commands.registerCommand('podPatterns.restartServer', async () => {
      output.appendLine('Restarting the Kubernetes Pod Patterns server');
      await client?.restart();
    }),
  );
  await client.start();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
