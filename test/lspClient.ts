/**
 * The language client of the protocol tests: spawns `dist/server.js --stdio`
 * (built by `npm run build`), initializes it with the given options, collects
 * every publishDiagnostics notification, lets a test wait for the one it
 * needs, and shuts the server down.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  InitializeRequest,
  InitializedNotification,
  PublishDiagnosticsNotification,
  ShutdownRequest,
  ExitNotification,
  type InitializeResult,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node';
import { ROOT } from './harness';

export const SERVER = path.join(ROOT, 'dist', 'server.js');

export class LspClient {
  /** Every publishDiagnostics so far, in arrival order. */
  readonly published: PublishDiagnosticsParams[] = [];
  private readonly waiters: (() => void)[] = [];

  /** The server's answer to initialize. */
  init!: InitializeResult;

  private constructor(
    private readonly proc: ChildProcess,
    readonly conn: ProtocolConnection,
  ) {}

  /** Starts the server and completes the initialize handshake with `initializationOptions`. */
  static async start(initializationOptions: unknown): Promise<LspClient> {
    if (!fs.existsSync(SERVER)) throw new Error('dist/server.js is missing: run npm run build');
    const proc = spawn(process.execPath, [SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    const client = new LspClient(proc, createProtocolConnection(new StreamMessageReader(proc.stdout!), new StreamMessageWriter(proc.stdin!)));
    client.conn.onNotification(PublishDiagnosticsNotification.type, (p) => {
      client.published.push(p);
      for (const w of client.waiters.splice(0)) w();
    });
    client.conn.listen();
    client.init = await client.conn.sendRequest(InitializeRequest.type, { processId: process.pid, rootUri: null, capabilities: {}, initializationOptions });
    await client.conn.sendNotification(InitializedNotification.type, {});
    return client;
  }

  /** Resolves with the first value `pick` returns that is not undefined, asked again at each publish; rejects after `ms`. */
  waitFor<T>(pick: () => T | undefined, ms = 10_000): Promise<T> {
    return new Promise((resolve, reject) => {
      const deadline = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for diagnostics`)), ms);
      const check = (): void => {
        const v = pick();
        if (v === undefined) {
          this.waiters.push(check);
          return;
        }
        clearTimeout(deadline);
        resolve(v);
      };
      check();
    });
  }

  /** The last diagnostics published for a version of a document. */
  latest(uri: string, version: number): PublishDiagnosticsParams | undefined {
    return this.published.filter((p) => p.uri === uri && p.version === version).pop();
  }

  /** Waits for the diagnostics of a version of a document. */
  diagnosticsOf(uri: string, version: number, ms?: number): Promise<PublishDiagnosticsParams> {
    return this.waitFor(() => this.latest(uri, version), ms);
  }

  /** shutdown and exit, as an editor closes the server; then the process goes in any case. */
  async shutdown(): Promise<void> {
    try {
      await this.conn.sendRequest(ShutdownRequest.type);
      await this.conn.sendNotification(ExitNotification.type);
    } catch {
      // already gone
    }
    this.conn.dispose();
    this.proc.kill();
  }
}
