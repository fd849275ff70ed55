/**
 * The language server's Node entry: the connection over stdio or IPC (as
 * vscode-languageserver picks from argv: `--stdio`, `--node-ipc`) and the Node
 * runtime (the file system, Node's timers, warm-up and V8 tuning).
 */
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { version } from '../../../package.json';
import { startServer } from '../server';
import { nodeProject } from './project';
import { startWarmUp } from '../warmup';
import { capYoungGeneration } from '../memory';

process.on('uncaughtException', (e) => {
  console.error(`[kube-pod-patterns] uncaught: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
});

startServer(createConnection(ProposedFeatures.all), {
  project: nodeProject,
  timers: { setTimeout: (cb, ms) => setTimeout(cb, ms), clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout) },
  afterWork: capYoungGeneration,
  warmUp: process.env.KUBE_POD_PATTERNS_NO_WARMUP === '1' ? undefined : (settings, log) => startWarmUp(settings, undefined, (e) => log(`warm-up failed: ${String(e)}`)),
  serverInfo: { name: 'kube-pod-patterns', version },
});
