/**
 * The benchmark: starts `dist/server.js --stdio` as an editor would (JSON-RPC
 * over stdio), and measures, for generated files of 1 document, 1,000, 10,000
 * and 50,000 lines (bench/generate.ts):
 *
 * - server start → initialize answered;
 * - didOpen → the first publishDiagnostics;
 * - a one-character didChange → the publishDiagnostics of that version, typed
 *   in a middle document, at the start of the file, and removing / adding a
 *   `---` (debounce included: it is the time a user waits);
 * - hover, completion and code actions at several positions (p95);
 * - the server's peak memory (VmHWM of /proc/<pid>/status);
 *
 * next to the time the `yaml` parser alone takes for the same file, and the
 * checker's throughput on ../shared/corpus when that folder exists.
 * Several runs, each on a fresh server; medians and p95 are printed as a table
 * and written to bench/results/<date>.json and bench/results/latest.json.
 *
 *   npm run bench                    (builds first)
 *   BENCH_RUNS=3 BENCH_SIZES=1doc,10k tsx bench/run.ts
 */
import { fork, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  IPCMessageReader,
  IPCMessageWriter,
  InitializeRequest,
  InitializedNotification,
  DidOpenTextDocumentNotification,
  DidChangeTextDocumentNotification,
  PublishDiagnosticsNotification,
  HoverRequest,
  CompletionRequest,
  CodeActionRequest,
  ShutdownRequest,
  ExitNotification,
  type Diagnostic,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node';
import { SIZES, generate, countLines, type SizeName } from './generate';
import { SERVER_NODE_ARGS } from '../server/src/serverArgs';

const ROOT = path.resolve(__dirname, '..');
const SERVER = path.join(ROOT, 'dist', 'server.js');
const CLI = path.join(ROOT, 'dist', 'cli.js');
const CORPUS = path.resolve(ROOT, '..', 'shared', 'corpus');
const RUNS = Math.max(1, Number(process.env.BENCH_RUNS ?? 5));
const ONLY = process.env.BENCH_SIZES?.split(',').filter(Boolean) as SizeName[] | undefined;
/** Edits of each kind per run, and requests of each kind per position. */
const EDITS = 10;
const REPEATS = 5;
/** Edits of the long-day measurement (BENCH_LONG_EDITS). */
const LONG_EDITS = Math.max(1000, Number(process.env.BENCH_LONG_EDITS ?? 20_000));
const URI = 'file:///bench/manifest.yaml';
/** Extra node options for the server process (experiments only; the editor starts it without any). */
// The node options the editor's client starts the server with, unless BENCH_NODE_ARGS says otherwise.
const NODE_ARGS = process.env.BENCH_NODE_ARGS !== undefined ? process.env.BENCH_NODE_ARGS.split(' ').filter(Boolean) : SERVER_NODE_ARGS;

/** The targets of the performance issue, in ms (memory in MB), by size. */
const TARGETS: Record<SizeName, { open: number; edit: number; request: number; memory: number; initialize?: number }> = {
  '1doc': { open: 30, edit: 30, request: 5, memory: 80, initialize: 150 },
  // The issue sets no targets for 1,000 lines: those of 10,000 lines apply.
  '1k': { open: 150, edit: 40, request: 5, memory: 120 },
  '10k': { open: 150, edit: 40, request: 5, memory: 120 },
  '50k': { open: 700, edit: 60, request: 10, memory: 200 },
};

// ---------------------------------------------------------------- statistics

function quantile(xs: number[], q: number): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const i = Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1));
  return s[i];
}
const median = (xs: number[]): number => {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const round = (x: number, d = 2): number => Math.round(x * 10 ** d) / 10 ** d;

interface Stat {
  n: number;
  median: number;
  p95: number;
  max: number;
}
function stat(xs: number[]): Stat {
  return { n: xs.length, median: round(median(xs)), p95: round(quantile(xs, 0.95)), max: round(Math.max(...xs)) };
}

// ---------------------------------------------------------------- text positions

interface Pos {
  line: number;
  character: number;
}
class Lines {
  starts: number[] = [0];
  constructor(readonly text: string) {
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
  }
  pos(offset: number): Pos {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: offset - this.starts[lo] };
  }
}

/** Offsets of the document markers (`---` lines). */
function markers(text: string): number[] {
  const out: number[] = [];
  for (let i = text.indexOf('---\n'); i >= 0; i = text.indexOf('---\n', i + 1)) if (i === 0 || text[i - 1] === '\n') out.push(i);
  return out;
}

// ---------------------------------------------------------------- the client

class Client {
  proc: ChildProcess;
  conn: ProtocolConnection;
  private waiters = new Map<string, (p: PublishDiagnosticsParams) => void>();
  last = new Map<string, PublishDiagnosticsParams>();
  exited = false;

  constructor() {
    // BENCH_TRANSPORT=ipc talks over node IPC, as the VS Code client does (and frees stdout, e.g. for --trace-gc).
    const ipc = process.env.BENCH_TRANSPORT === 'ipc';
    this.proc = ipc
      ? fork(SERVER, ['--node-ipc'], { execArgv: NODE_ARGS, stdio: ['pipe', 'pipe', 'pipe', 'ipc'] })
      : spawn(process.execPath, [...NODE_ARGS, SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    // BENCH_SERVER_LOG=<file> keeps the server's standard error (e.g. with BENCH_NODE_ARGS=--trace-gc).
    const log = process.env.BENCH_SERVER_LOG ? fs.createWriteStream(process.env.BENCH_SERVER_LOG, { flags: 'a' }) : undefined;
    this.proc.stderr!.on('data', (d: Buffer) => log?.write(d));
    if (ipc) this.proc.stdout!.on('data', (d: Buffer) => log?.write(d));
    this.proc.on('exit', () => (this.exited = true));
    this.conn = ipc
      ? createProtocolConnection(new IPCMessageReader(this.proc), new IPCMessageWriter(this.proc))
      : createProtocolConnection(new StreamMessageReader(this.proc.stdout!), new StreamMessageWriter(this.proc.stdin!));
    this.conn.onNotification(PublishDiagnosticsNotification.type, (p) => {
      const key = `${p.uri}@${p.version}`;
      this.last.set(key, p);
      const w = this.waiters.get(key);
      if (w) {
        this.waiters.delete(key);
        w(p);
      }
    });
    this.conn.onNotification('window/logMessage', () => undefined);
    this.conn.listen();
  }

  diagnostics(uri: string, version: number, ms = 60_000): Promise<PublishDiagnosticsParams> {
    const key = `${uri}@${version}`;
    const hit = this.last.get(key);
    if (hit) return Promise.resolve(hit);
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`no diagnostics for ${key} within ${ms} ms`)), ms);
      this.waiters.set(key, (p) => {
        clearTimeout(t);
        resolve(p);
      });
    });
  }

  /** The initialize handshake as the editor's client does it (versioned diagnostics, default settings). */
  async initialize(): Promise<void> {
    await this.conn.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: null,
      capabilities: { textDocument: { publishDiagnostics: { versionSupport: true } } },
      initializationOptions: { podPatterns: {} },
    });
    await this.conn.sendNotification(InitializedNotification.type, {});
  }

  /** Peak resident memory of the server process, in MB. */
  peakMemoryMB(): number {
    const status = fs.readFileSync(`/proc/${this.proc.pid}/status`, 'utf8');
    const m = /^VmHWM:\s+(\d+)\s+kB/m.exec(status);
    return m ? Number(m[1]) / 1024 : NaN;
  }

  async stop(): Promise<void> {
    try {
      await Promise.race([this.conn.sendRequest(ShutdownRequest.type), new Promise((r) => setTimeout(r, 2000))]);
      await this.conn.sendNotification(ExitNotification.type);
    } catch {
      // gone already
    }
    await new Promise((r) => setTimeout(r, 50));
    if (!this.exited) this.proc.kill();
    this.conn.dispose();
  }
}

// ---------------------------------------------------------------- one run

interface RunResult {
  initialize: number;
  open: number;
  openDiagnostics: number;
  edits: Record<string, number[]>;
  hover: number[];
  completion: number[];
  codeAction: number[];
  memoryMB: number;
  memoryAfterOpenMB: number;
  memoryAfterEditsMB: number;
}

async function timed<T>(f: () => Promise<T>): Promise<[number, T]> {
  const t0 = performance.now();
  const v = await f();
  return [performance.now() - t0, v];
}

/** Time from initialized to didOpen: the server is "already started" (it warms up while idle, see server/src/warmup.ts). */
const SETTLE_MS = Number(process.env.BENCH_SETTLE_MS ?? 1000);

/** didOpen sent right after initialized, as an editor restoring its tabs does: the open that meets a cold server. */
async function coldOpen(text: string): Promise<number> {
  const client = new Client();
  await client.conn.sendRequest(InitializeRequest.type, { processId: process.pid, rootUri: null, capabilities: {}, initializationOptions: { podPatterns: {} } });
  await client.conn.sendNotification(InitializedNotification.type, {});
  const [ms] = await timed(async () => {
    await client.conn.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: URI, languageId: 'yaml', version: 1, text } });
    return client.diagnostics(URI, 1);
  });
  await client.stop();
  return ms;
}

async function oneRun(text: string): Promise<RunResult> {
  const t0 = performance.now();
  const client = new Client();
  const { conn } = client;
  await client.initialize();
  const initialize = performance.now() - t0;
  await new Promise((r) => setTimeout(r, SETTLE_MS));

  let version = 1;
  const [open, first] = await timed(async () => {
    await conn.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: URI, languageId: 'yaml', version, text } });
    return client.diagnostics(URI, version);
  });

  const memoryAfterOpenMB = client.peakMemoryMB();
  // The text as the server holds it, kept in step with our edits.
  let current = text;
  const edit = async (offset: number, deleteCount: number, insert: string): Promise<number> => {
    const lines = new Lines(current);
    const range = { start: lines.pos(offset), end: lines.pos(offset + deleteCount) };
    current = current.slice(0, offset) + insert + current.slice(offset + deleteCount);
    version++;
    const v = version;
    const [ms] = await timed(async () => {
      await conn.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri: URI, version: v }, contentChanges: [{ range, text: insert }] });
      return client.diagnostics(URI, v);
    });
    return ms;
  };
  const edits: Record<string, number[]> = { middle: [], start: [], removeMarker: [], addMarker: [] };

  // Typing a word into a value of the middle document (each keystroke a new text).
  const ms = markers(current);
  const midDoc = ms.length ? ms[ms.length >> 1] : 0;
  const valueAt = current.indexOf('value: "', midDoc);
  let cursor = (valueAt >= 0 ? valueAt : current.indexOf('name: ', midDoc)) + 8;
  const word = 'abcdefghijklmnopqrstuvwxyz';
  for (let i = 0; i < EDITS; i++) {
    edits.middle.push(await edit(cursor, 0, word[i % word.length]));
    cursor++;
  }
  // Typing at the very start of the file (the first comment line): every later offset shifts.
  let startCursor = current.indexOf('\n') >= 0 ? Math.min(current.indexOf('\n'), 2) : 0;
  for (let i = 0; i < EDITS; i++) {
    edits.start.push(await edit(startCursor, 0, word[i % word.length]));
    startCursor++;
  }
  // Removing one `-` of a marker (two documents become one), then putting it back.
  for (let i = 0; i < Math.min(EDITS, markers(current).length); i++) {
    const all = markers(current);
    const at = all[Math.floor(((i + 0.5) * all.length) / Math.min(EDITS, all.length))];
    edits.removeMarker.push(await edit(at, 1, ''));
    edits.addMarker.push(await edit(at, 0, '-'));
  }

  const memoryAfterEditsMB = client.peakMemoryMB();
  // Requests in the middle document, at keys, values and findings.
  const lines = new Lines(current);
  const mid = markers(current)[markers(current).length >> 1] ?? 0;
  const spots = ['image: ', 'restartPolicy: ', 'containerPort: ', 'memory: ', 'mountPath: ', 'periodSeconds: ']
    .map((k) => current.indexOf(k, mid))
    .filter((o) => o >= 0);
  const hover: number[] = [];
  const completion: number[] = [];
  const codeAction: number[] = [];
  const lastDiags = (await client.diagnostics(URI, version)).diagnostics;
  const near = lastDiags.filter((d) => d.range.start.line >= lines.pos(mid).line).slice(0, 3);
  for (let r = 0; r < REPEATS; r++) {
    for (const o of spots) {
      const keyPos = lines.pos(o + 2);
      const valuePos = lines.pos(current.indexOf('\n', o));
      hover.push((await timed(() => conn.sendRequest(HoverRequest.type, { textDocument: { uri: URI }, position: keyPos })))[0]);
      hover.push((await timed(() => conn.sendRequest(HoverRequest.type, { textDocument: { uri: URI }, position: valuePos })))[0]);
      // Completion of a key (the cursor at a key's start) and of a value (at the end of a line).
      completion.push((await timed(() => conn.sendRequest(CompletionRequest.type, { textDocument: { uri: URI }, position: lines.pos(o) })))[0]);
      completion.push((await timed(() => conn.sendRequest(CompletionRequest.type, { textDocument: { uri: URI }, position: valuePos })))[0]);
      codeAction.push(
        (
          await timed(() =>
            conn.sendRequest(CodeActionRequest.type, {
              textDocument: { uri: URI },
              range: { start: keyPos, end: keyPos },
              context: { diagnostics: [] },
            }),
          )
        )[0],
      );
    }
    for (const d of near as Diagnostic[]) {
      codeAction.push(
        (await timed(() => conn.sendRequest(CodeActionRequest.type, { textDocument: { uri: URI }, range: d.range, context: { diagnostics: [d] } })))[0],
      );
    }
  }
  const memoryMB = client.peakMemoryMB();
  if (process.env.BENCH_MEMORY_DETAIL) {
    const st = fs.readFileSync(`/proc/${client.proc.pid}/status`, 'utf8');
    process.stderr.write(`\n${st.split('\n').filter((l) => /^(VmHWM|VmRSS|RssAnon|RssFile|RssShmem)/.test(l)).join(' ')}\n`);
  }
  await client.stop();
  return { initialize, open, openDiagnostics: first.diagnostics.length, edits, hover, completion, codeAction, memoryMB, memoryAfterOpenMB, memoryAfterEditsMB };
}

// ---------------------------------------------------------------- the yaml parser alone

/** parseAllDocuments of the file in a fresh process: the first (cold) call, and the median of warm calls. */
function yamlBaseline(file: string): { coldMs: number; warmMs: number } {
  const script = `
    const { parseAllDocuments } = require('yaml');
    const { performance } = require('node:perf_hooks');
    const text = require('node:fs').readFileSync(process.argv[1], 'utf8');
    const times = [];
    for (let i = 0; i < 6; i++) { const t = performance.now(); parseAllDocuments(text); times.push(performance.now() - t); }
    process.stdout.write(JSON.stringify(times));`;
  const r = spawnSync(process.execPath, ['-e', script, file], { cwd: ROOT, encoding: 'utf8' });
  const times = JSON.parse(r.stdout) as number[];
  return { coldMs: round(times[0]), warmMs: round(median(times.slice(1))) };
}

// ---------------------------------------------------------------- the checker on the corpus

function corpusFiles(dir: string): string[] {
  const out: string[] = [];
  for (const d of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, d.name);
    if (d.isDirectory() && d.name !== 'node_modules' && d.name !== '.git') out.push(...corpusFiles(p));
    else if (d.isFile() && /\.ya?ml$/i.test(d.name)) out.push(p);
  }
  return out;
}

interface Throughput {
  ms: Stat;
  filesPerSecond: number;
  mbPerSecond: number;
}

/** `check --format json` on a folder, a few times, with extra environment. */
function throughput(dir: string, files: number, bytes: number, env: Record<string, string>): Throughput {
  const times: number[] = [];
  for (let i = 0; i < Math.max(3, Math.min(RUNS, 5)); i++) {
    const t = performance.now();
    const r = spawnSync(process.execPath, [CLI, 'check', '--format', 'json', dir], { encoding: 'utf8', maxBuffer: 1 << 28, env: { ...process.env, ...env } });
    times.push(performance.now() - t);
    if (r.status !== 0 && r.status !== 1) throw new Error(`checker failed: ${r.stderr}`);
  }
  const m = median(times);
  return { ms: stat(times), filesPerSecond: round(files / (m / 1000), 1), mbPerSecond: round(bytes / 1e6 / (m / 1000)) };
}

/**
 * The checker on ../shared/corpus as it is (automatic thread count: one thread
 * below 3 MB), forced onto one thread and onto all cores; and on four copies of
 * it, where the worker threads pay off.
 */
function checker(tmp: string): Record<string, unknown> | undefined {
  if (!fs.existsSync(CORPUS)) return undefined;
  const files = corpusFiles(CORPUS);
  const bytes = files.reduce((n, f) => n + fs.statSync(f).size, 0);
  const cpus = String(os.cpus().length);
  const four = path.join(tmp, 'corpus-x4');
  for (let i = 0; i < 4; i++) fs.cpSync(CORPUS, path.join(four, String(i)), { recursive: true });
  const measure = (dir: string, n: number, b: number) => ({
    files: n,
    bytes: b,
    auto: throughput(dir, n, b, {}),
    oneThread: throughput(dir, n, b, { KUBE_POD_PATTERNS_JOBS: '1' }),
    allCores: throughput(dir, n, b, { KUBE_POD_PATTERNS_JOBS: cpus }),
  });
  return { corpus: measure(CORPUS, files.length, bytes), corpusTimesFour: measure(four, files.length * 4, bytes * 4) };
}

// ---------------------------------------------------------------- a long day of editing

/** Current resident memory of the server process, in MB. */
function rssMB(pid: number | undefined): number {
  const m = /^VmRSS:\s+(\d+)\s+kB/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? round(Number(m[1]) / 1024, 1) : NaN;
}

/**
 * One server, one ~30 KB document edited LONG_EDITS times (each edit a new text of the same
 * length: a counter in a value), each edit waited for until its diagnostics arrive: resident
 * memory after the first 1,000 edits and at the end. Flat memory means the caches are bounded.
 */
async function longDay(text: string, count: number): Promise<{ edits: number; rssAfter1kMB: number; rssAtEndMB: number; peakMB: number; ms: number }> {
  const client = new Client();
  const { conn } = client;
  await client.initialize();
  await conn.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: URI, languageId: 'yaml', version: 1, text } });
  await client.diagnostics(URI, 1);
  const at = text.indexOf('name: ', text.length >> 1) + 'name: '.length;
  const pos = new Lines(text).pos(at);
  let rssAfter1kMB = NaN;
  const t0 = performance.now();
  for (let i = 1; i <= count; i++) {
    const v = i + 1;
    const range = { start: pos, end: { line: pos.line, character: pos.character + (i === 1 ? 0 : 6) } };
    await conn.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri: URI, version: v }, contentChanges: [{ range, text: `e${String(i).padStart(5, '0')}` }] });
    await client.diagnostics(URI, v);
    client.last.delete(`${URI}@${v}`);
    if (i === 1000) rssAfter1kMB = rssMB(client.proc.pid);
    if (i % 500 === 0) process.stderr.write(`long day: ${i}/${count} edits\r`);
  }
  const ms = performance.now() - t0;
  const rssAtEndMB = rssMB(client.proc.pid);
  const peakMB = round(client.peakMemoryMB(), 1);
  await client.stop();
  return { edits: count, rssAfter1kMB, rssAtEndMB, peakMB, ms: round(ms) };
}

// ---------------------------------------------------------------- a 5 MB file in the checker

/** About 5 MB of small pods, one per document, as generated bundles are. */
function smallPods(bytes: number): string {
  const parts: string[] = [];
  let n = 0;
  for (let i = 0; n < bytes; i++) {
    const doc = `apiVersion: v1\nkind: Pod\nmetadata:\n  name: pod-${i}\n  labels:\n    app: web-${i % 50}\nspec:\n  initContainers:\n  - name: init\n    image: busybox:1.36\n    command: ["sh", "-c", "true"]\n  containers:\n  - name: app\n    image: nginx:1.27\n    ports:\n    - containerPort: 80\n    resources:\n      requests:\n        cpu: 100m\n        memory: 64Mi\n`;
    parts.push(doc);
    n += doc.length + 4;
  }
  return parts.join('---\n');
}

/** `check --format json` of one big file: wall time, documents per second, peak memory (GNU time's %M). */
function bigFile(file: string, documents: number): { ms: number; documentsPerSecond: number; peakMB: number; yaml: { coldMs: number; warmMs: number } } {
  const times: number[] = [];
  let peakMB = 0;
  for (let i = 0; i < 3; i++) {
    const t = performance.now();
    const r = spawnSync('/usr/bin/time', ['-f', '%M', process.execPath, CLI, 'check', '--format', 'json', file], { encoding: 'utf8', maxBuffer: 1 << 28 });
    times.push(performance.now() - t);
    if (r.status !== 0 && r.status !== 1) throw new Error(`checker failed: ${r.stderr}`);
    const kb = Number(r.stderr.trim().split('\n').pop());
    peakMB = Math.max(peakMB, round(kb / 1024, 1));
  }
  const ms = median(times);
  return { ms: round(ms), documentsPerSecond: round(documents / (ms / 1000), 0), peakMB, yaml: yamlBaseline(file) };
}

// ---------------------------------------------------------------- main

async function main(): Promise<void> {
  if (!fs.existsSync(SERVER)) throw new Error('dist/server.js is missing: run npm run build');
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kpp-bench-'));
  // Other work on the machine skews every number: it is recorded with them.
  const loadBefore = os.loadavg().map((x) => round(x));
  const sizes = (Object.keys(SIZES) as SizeName[]).filter((s) => !ONLY || ONLY.includes(s));
  const results: Record<string, unknown> = {};
  const rows: string[][] = [];
  const verdicts: string[] = [];
  for (const size of sizes) {
    const text = generate(SIZES[size]);
    const file = path.join(tmp, `${size}.yaml`);
    fs.writeFileSync(file, text);
    const runs: RunResult[] = [];
    const n = size === '50k' ? Math.max(1, Math.min(RUNS, 3)) : RUNS;
    for (let i = 0; i < n; i++) {
      process.stderr.write(`${size}: run ${i + 1}/${n}\r`);
      runs.push(await oneRun(text));
    }
    const cold: number[] = [];
    for (let i = 0; i < Math.min(n, 3); i++) cold.push(await coldOpen(text));
    const all = (f: (r: RunResult) => number[]): number[] => runs.flatMap(f);
    const editKinds = Object.keys(runs[0].edits).filter((k) => runs[0].edits[k].length > 0);
    const edit: Record<string, Stat> = {};
    for (const k of editKinds) edit[k] = stat(all((r) => r.edits[k]));
    const allEdits = stat(all((r) => editKinds.flatMap((k) => r.edits[k])));
    const res = {
      lines: countLines(text),
      documents: markers(text).length + 1,
      characters: text.length,
      runs: n,
      yaml: yamlBaseline(file),
      initialize: stat(runs.map((r) => r.initialize)),
      open: stat(runs.map((r) => r.open)),
      openRightAfterStart: stat(cold),
      diagnostics: runs[0].openDiagnostics,
      edit: { ...edit, all: allEdits },
      hover: stat(all((r) => r.hover)),
      completion: stat(all((r) => r.completion)),
      codeAction: stat(all((r) => r.codeAction)),
      memoryMB: stat(runs.map((r) => r.memoryMB)),
      memoryAfterOpenMB: stat(runs.map((r) => r.memoryAfterOpenMB)),
      memoryAfterEditsMB: stat(runs.map((r) => r.memoryAfterEditsMB)),
    };
    results[size] = res;
    const t = TARGETS[size];
    const check = (what: string, v: number, target: number): string => {
      const ok = v < target;
      if (!ok) verdicts.push(`${size}: ${what} ${round(v, 1)} ≥ target ${target}`);
      return `${round(v, 1)}${ok ? '' : ' ✗'}`;
    };
    const worstEdit = Math.max(...editKinds.map((k) => edit[k].median));
    rows.push([
      size,
      String(res.lines),
      String(res.documents),
      `${res.yaml.coldMs} / ${res.yaml.warmMs}`,
      t.initialize ? check('initialize', res.initialize.median, t.initialize) : String(round(res.initialize.median, 1)),
      check('open', res.open.median, t.open),
      String(round(res.openRightAfterStart.median, 1)),
      editKinds.map((k) => `${k} ${round(edit[k].median, 1)}`).join(', ') + (worstEdit < t.edit ? '' : ' ✗'),
      check('edit (worst kind, median)', worstEdit, t.edit),
      check('hover p95', res.hover.p95, t.request),
      check('completion p95', res.completion.p95, t.request),
      check('code action p95', res.codeAction.p95, t.request),
      check('peak memory', res.memoryMB.max, t.memory),
    ]);
  }
  process.stderr.write('\n');
  const header = ['size', 'lines', 'docs', 'yaml cold/warm', 'init', 'open→diag', 'cold open', 'edit→diag median by kind', 'edit worst', 'hover p95', 'compl. p95', 'action p95', 'peak MB'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const fmt = (r: string[]): string => '| ' + r.map((c, i) => c.padEnd(widths[i])).join(' | ') + ' |';
  const loadAfter = os.loadavg().map((x) => round(x));
  console.log(`\nAll times in ms (median unless marked p95); ✗ marks a missed target. Load average ${loadBefore[0]} before, ${loadAfter[0]} after.\n`);
  console.log(fmt(header));
  console.log('|' + widths.map((w) => '-'.repeat(w + 2)).join('|') + '|');
  for (const r of rows) console.log(fmt(r));

  // A 5 MB file of 13,000-odd small pods in the checker, next to the parse of the same text.
  const five = path.join(tmp, 'five-mb.yaml');
  const fiveText = smallPods(5_000_000);
  fs.writeFileSync(five, fiveText);
  const big = bigFile(five, markers(fiveText).length + 1);
  console.log(
    `\nChecker on one 5 MB file (${markers(fiveText).length + 1} pods): ${big.ms} ms = ${big.documentsPerSecond} documents/s, peak ${big.peakMB} MB; ` +
      `the yaml parse alone: ${big.yaml.coldMs} ms cold, ${big.yaml.warmMs} ms warm (checker / warm parse = ${round(big.ms / big.yaml.warmMs, 1)}, process start included)`,
  );
  // A long day of editing: memory after 1,000 and after all edits.
  const dayText = generate(SIZES['1k']);
  const day = await longDay(dayText, LONG_EDITS);
  process.stderr.write('\n');
  console.log(
    `\nA long day: ${day.edits} edits of a ${round(dayText.length / 1024, 0)} KB document, each waited for (${round(day.ms / 1000, 0)} s): ` +
      `RSS ${day.rssAfter1kMB} MB after 1,000 edits, ${day.rssAtEndMB} MB after ${day.edits}; peak ${day.peakMB} MB`,
  );

  const check = checker(tmp);
  if (check) {
    for (const [name, c] of Object.entries(check) as [string, { files: number; bytes: number; auto: Throughput; oneThread: Throughput; allCores: Throughput }][]) {
      const line = (t: Throughput): string => `${t.ms.median} ms = ${t.filesPerSecond} files/s, ${t.mbPerSecond} MB/s`;
      console.log(
        `\nChecker on ${name === 'corpus' ? '../shared/corpus' : 'four copies of it'} (${c.files} files, ${round(c.bytes / 1e6)} MB):\n` +
          `  automatic threads: ${line(c.auto)}\n  one thread:        ${line(c.oneThread)}\n  ${os.cpus().length} threads:         ${line(c.allCores)}`,
      );
    }
  }
  console.log(verdicts.length ? `\nMissed targets:\n  ${verdicts.join('\n  ')}` : '\nAll targets met.');

  const out = {
    date: new Date().toISOString(),
    machine: { cpus: os.cpus().length, cpu: os.cpus()[0]?.model, memoryGB: round(os.totalmem() / 2 ** 30, 1), node: process.version, platform: process.platform },
    loadAverage: { before: loadBefore, after: loadAfter },
    runs: RUNS,
    targets: TARGETS,
    sizes: results,
    fiveMegabyteFile: big,
    longDay: day,
    checker: check,
    missed: verdicts,
  };
  const dir = path.join(__dirname, 'results');
  fs.mkdirSync(dir, { recursive: true });
  const name = `${out.date.slice(0, 19).replace(/:/g, '-')}.json`;
  fs.writeFileSync(path.join(dir, name), JSON.stringify(out, null, 2) + '\n');
  fs.writeFileSync(path.join(dir, 'latest.json'), JSON.stringify(out, null, 2) + '\n');
  console.log(`\nwritten: bench/results/${name} and bench/results/latest.json`);
  fs.rmSync(tmp, { recursive: true, force: true });
}

main().catch((e) => {
  console.error(e instanceof Error ? (e.stack ?? e.message) : String(e));
  process.exit(1);
});
