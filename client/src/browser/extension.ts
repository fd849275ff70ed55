/**
 * The web client (vscode.dev, github.dev, code-server's browser extension
 * host): starts the language server as a web worker (dist/web/server.js) and
 * talks to it over postMessage; everything else is common.ts. Nothing in this
 * bundle may need Node.
 */
import * as vscode from 'vscode';
import { BrowserMessageReader, BrowserMessageWriter, LanguageClient, type BaseLanguageClient, type MessageTransports } from 'vscode-languageclient/browser';
import { startClient } from '../common';

/** The Worker type of the client's ServerOptions. */
type ServerWorker = Exclude<ConstructorParameters<typeof LanguageClient>[2], () => unknown> & { terminate(): void };
// The host's Worker (the project is not compiled with the DOM lib).
declare const Worker: new (url: string, options?: { name?: string }) => ServerWorker;

let client: BaseLanguageClient | undefined;
let worker: ServerWorker | undefined;

/**
 * The address to start the server worker from. An extension installed on a
 * remote host (code-server, a remote window) lives at a `vscode-remote:` URI,
 * from which VS Code does not start workers: its code is fetched (the host's
 * fetch reads such URIs) and started from a blob.
 */
async function workerAddress(serverMain: vscode.Uri): Promise<string> {
  if (serverMain.scheme !== 'vscode-remote') return serverMain.toString(true);
  const response = await fetch(serverMain.toString(true));
  if (!response.ok) throw new Error(`cannot load the language server from ${serverMain.toString(true)}: ${response.status} ${response.statusText}`);
  return URL.createObjectURL(new Blob([await response.text()], { type: 'application/javascript' }));
}

/**
 * The API table's field descriptions (for hovers and completion), which the worker's bundle leaves out:
 * read beside it and handed over in `initialize`. Without them (an unreadable file) the server works without descriptions.
 */
async function apiDocs(context: vscode.ExtensionContext): Promise<string[] | undefined> {
  const uri = vscode.Uri.joinPath(context.extensionUri, 'dist', 'web', 'apiDocs.json');
  try {
    const response = await fetch(uri.toString(true));
    if (!response.ok) throw new Error(`${response.status} ${response.statusText}`);
    const docs: unknown = await response.json();
    return Array.isArray(docs) && docs.every((d) => typeof d === 'string') ? docs : undefined;
  } catch (e) {
    console.warn(`kube-pod-patterns: no field descriptions (${uri.toString(true)}: ${String(e)})`);
    return undefined;
  }
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const serverMain = vscode.Uri.joinPath(context.extensionUri, 'dist', 'web', 'server.js');
  let address: Promise<string> | undefined;
  // A new worker at each (re)start: the stopped one is ended. The transports are made here: VS Code's extension
  // host replaces `Worker` with a function of its own, so the client cannot tell that what it gets is a worker.
  const startWorker = async (): Promise<MessageTransports> => {
    worker?.terminate();
    worker = new Worker(await (address ??= workerAddress(serverMain)), { name: 'kube-pod-patterns language server' });
    return { reader: new BrowserMessageReader(worker), writer: new BrowserMessageWriter(worker) };
  };
  const docs = await apiDocs(context);
  client = await startClient(context, (id, name, options) => new LanguageClient(id, name, startWorker, options), docs ? { apiDocs: docs } : {});
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
  worker?.terminate();
  worker = undefined;
}
