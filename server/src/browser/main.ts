/**
 * The language server's browser entry: a web worker started by the web
 * extension (client/src/browser/extension.ts), talking LSP over postMessage.
 * Every file of the project (`.podpatterns.yaml`, kustomizations) is read
 * through the client, so virtual workspaces work; there is no file system,
 * warm-up or V8 tuning here. Nothing in this bundle may need Node.
 */
import { BrowserMessageReader, BrowserMessageWriter, createConnection } from 'vscode-languageserver/browser';
import { version } from '../../../package.json';
import { startServer } from '../server';
import { editorProject } from '../editorProject';

// The worker's global scope (typed as the reader takes it: the project is not compiled with the WebWorker lib).
declare const self: ConstructorParameters<typeof BrowserMessageReader>[0];

const connection = createConnection(new BrowserMessageReader(self), new BrowserMessageWriter(self));

startServer(connection, {
  project: (client) => {
    const host = editorProject((uri) => client.read(uri));
    // The workspace index: the client lists no folders here, so it holds the open documents, and a closed one as the client reads it.
    host.readManifest = async (uri, maxBytes) => {
      try {
        const text = await client.read(uri);
        return text !== undefined && text.length <= maxBytes ? text : undefined;
      } catch {
        return undefined;
      }
    };
    return host;
  },
  timers: { setTimeout: (cb, ms) => setTimeout(cb, ms), clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>) },
  serverInfo: { name: 'kube-pod-patterns', version },
});
