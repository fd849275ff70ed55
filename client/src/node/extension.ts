/**
 * The desktop (and remote) VS Code client: starts the language server as a
 * Node process over IPC (dist/server.js); everything else is common.ts.
 */
import * as path from 'node:path';
import type * as vscode from 'vscode';
import { LanguageClient, TransportKind, type BaseLanguageClient, type ServerOptions } from 'vscode-languageclient/node';
import { SERVER_NODE_ARGS } from '../../../server/src/serverArgs';
import { startClient } from '../common';

let client: BaseLanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const module = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc, options: { execArgv: SERVER_NODE_ARGS } },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: [...SERVER_NODE_ARGS, '--nolazy', '--inspect=6010'] } },
  };
  client = await startClient(context, (id, name, options) => new LanguageClient(id, name, serverOptions, options));
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
