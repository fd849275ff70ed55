/**
 * The language client of the protocol tests: spawns `dist/server.js --stdio`
 * (built by `npm run build`), or another command (the installed package's
 * server), initializes it with the given options, collects
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
  type ClientCapabilities,
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

  /** What the client answers to workspace/configuration, by section (null for the others). */
  configuration: Record<string, unknown> = {};

  /** Requests the server sent to the client (`client/registerCapability`, …), in arrival order. */
  readonly serverRequests: { method: string; params: unknown }[] = [];

  /**
   * Starts the server and completes the initialize handshake with `initializationOptions` (and client `capabilities`).
   * `command` starts another server than dist/server.js (its arguments included), with `env` and in `cwd`;
   * `configuration` is what the client answers to workspace/configuration at first; `workspaceFolders` go with initialize.
   */
  static async start(
    initializationOptions: unknown,
    capabilities: ClientCapabilities = {},
    spawnWith: {
      command?: string[];
      env?: NodeJS.ProcessEnv;
      cwd?: string;
      configuration?: Record<string, unknown>;
      /** Answers podPatterns/readFile (a client that reads files for the server; declare it in the capabilities too). */
      readFile?: (uri: string) => Promise<string | null>;
      workspaceFolders?: { uri: string; name: string }[] | null;
    } = {},
  ): Promise<LspClient> {
    if (!spawnWith.command && !fs.existsSync(SERVER)) throw new Error('dist/server.js is missing: run npm run build');
    const [cmd, ...args] = spawnWith.command ?? [process.execPath, SERVER, '--stdio'];
    const proc = spawn(cmd, args, { stdio: ['pipe', 'pipe', 'pipe'], env: spawnWith.env, cwd: spawnWith.cwd });
    const client = new LspClient(proc, createProtocolConnection(new StreamMessageReader(proc.stdout!), new StreamMessageWriter(proc.stdin!)));
    client.configuration = { ...spawnWith.configuration };
    client.conn.onNotification(PublishDiagnosticsNotification.type, (p) => {
      client.published.push(p);
      for (const w of client.waiters.splice(0)) w();
    });
    for (const method of ['client/registerCapability', 'client/unregisterCapability', 'workspace/configuration'])
      client.conn.onRequest(method, (params: unknown) => {
        client.serverRequests.push({ method, params });
        for (const w of client.waiters.splice(0)) w();
        return method === 'workspace/configuration' ? ((params as { items: { section?: string }[] }).items ?? []).map((i) => client.configuration[i.section ?? ''] ?? null) : null;
      });
    if (spawnWith.readFile) {
      const read = spawnWith.readFile;
      client.conn.onRequest('podPatterns/readFile', async (params: { uri: string }) => {
        client.serverRequests.push({ method: 'podPatterns/readFile', params });
        for (const w of client.waiters.splice(0)) w();
        const text = await read(params.uri);
        return text === null ? null : { text };
      });
    }
    client.conn.listen();
    client.init = await client.conn.sendRequest(InitializeRequest.type, { processId: process.pid, rootUri: null, capabilities, initializationOptions, workspaceFolders: spawnWith.workspaceFolders ?? null });
    await client.conn.sendNotification(InitializedNotification.type, {});
    return client;
  }

  /** Resolves with the first value `pick` returns that is not undefined, asked again at each publish or server request; rejects after `ms`. */
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

  /**
   * Writes JSON-RPC messages to the server in ONE write, framed as the
   * protocol frames them (a write of at most 4,096 bytes to a pipe is atomic:
   * the server reads it whole). Answers to requests sent this way are not
   * awaited: use ids no other request uses.
   */
  writeRaw(messages: object[]): number {
    const frames = messages.map((m) => {
      const body = Buffer.from(JSON.stringify({ jsonrpc: '2.0', ...m }), 'utf8');
      return Buffer.concat([Buffer.from(`Content-Length: ${body.length}\r\n\r\n`, 'ascii'), body]);
    });
    const all = Buffer.concat(frames);
    this.proc.stdin!.write(all);
    return all.length;
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
