/**
 * The checker on many files: worker threads share the files (each takes the
 * next one from a shared counter, so a few large files do not hold up the
 * rest), the calling thread checks files too, and the results come back in
 * the order of the input, so the output is the same as on one thread.
 *
 * The calling thread stays synchronous: it waits on an Atomics slot and reads
 * the workers' results with receiveMessageOnPort, so `checkFiles` keeps its
 * signature. Built as `dist/checkWorker.js`, the worker script; when that file
 * is missing (running from sources), checking stays on one thread.
 *
 * Used from 3 MB of input on; KUBE_POD_PATTERNS_JOBS=N sets the number of
 * threads (1: no workers).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Worker, MessageChannel, isMainThread, parentPort, workerData, receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import { LanguageService } from './analysis/service';
import { KustomizePatches } from './kustomize';
import { FileReadError, TEXT_MAX_BYTES, readStdin, readTextFile } from './safeRead';
import type { AnalysisSettings } from './analysis/settings';
import type { FileAnalysis } from './analysis/engine';

/** One checked file, as the checker prints it. */
export interface CheckedFileResult {
  path: string;
  text: string;
  findings: FileAnalysis['findings'];
}

/**
 * Less input than this is checked faster on one thread: a worker costs ~50 ms
 * to load and then runs cold code for a while (measured on two cores: 1 MB of
 * manifests is 15% slower on two threads, 2.3 MB even, 4.5 MB 35% faster).
 */
export const PARALLEL_MIN_BYTES = 3 * 1024 * 1024;
/** And each thread should get at least a few files. */
const MIN_FILES_PER_THREAD = 4;
const WORKER_SCRIPT = path.join(__dirname, 'checkWorker.js');
/** A worker silent for this long is taken for dead. */
const STALL_MS = 60_000;

/**
 * Checks files one by one on this thread, the same way on every thread: reads
 * a file (`-`: standard input) as UTF-8 without a byte order mark, treats
 * kustomize patches as partial objects, and names it with forward slashes.
 *
 * Only regular files are read (safeRead.ts): a pipe or a device is an error
 * naming the file. A file over the size limit (settings.maxFileSize, in bytes:
 * --max-file-size or maxFileSize of the configuration; none by default) is not
 * read: one information finding says so.
 */
export class FileChecker {
  private readonly service = new LanguageService();
  private readonly patches = new KustomizePatches({ strict: true });
  constructor(private readonly settings: AnalysisSettings) {}

  check(file: string): CheckedFileResult {
    const shown = file === '-' ? '<stdin>' : file.split(path.sep).join('/');
    const limit = this.settings.maxFileSize;
    let raw: string;
    try {
      raw = file === '-' ? readStdin(Math.min(limit, TEXT_MAX_BYTES)) : readTextFile(file, { maxBytes: Math.min(limit, TEXT_MAX_BYTES) });
    } catch (e) {
      if (e instanceof FileReadError && e.reason === 'too-large' && limit < TEXT_MAX_BYTES) return tooLarge(shown, e.size, limit);
      const why = e instanceof FileReadError ? e.detail : ((e as NodeJS.ErrnoException).code ?? String(e));
      throw new Error(`${file === '-' ? 'standard input' : file}: cannot read (${why})`, { cause: e });
    }
    const text = raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw;
    const partial = file !== '-' && this.patches.isPatch(file);
    const findings = this.service.check(text, partial ? { ...this.settings, partial } : this.settings);
    return { path: shown, text, findings };
  }
}

/** A file over the size limit: not read, one information finding. */
function tooLarge(shown: string, size: number | undefined, limit: number): CheckedFileResult {
  return {
    path: shown,
    text: '',
    findings: [
      {
        rule: 'file/too-large',
        severity: 'information',
        message: `Not checked: the file has ${size !== undefined ? `${size} bytes` : 'more bytes'}, more than the size limit (${limit}; --max-file-size or maxFileSize of .podpatterns.yaml)`,
        start: 0,
        end: 0,
        fieldPath: '',
        document: 0,
      },
    ],
  };
}

/** How many threads to check `files` on (the calling thread included); KUBE_POD_PATTERNS_JOBS decides when set. */
export function threadsFor(files: string[]): number {
  const env = Number(process.env.KUBE_POD_PATTERNS_JOBS);
  if (Number.isInteger(env) && env > 0) return Math.max(1, Math.min(env, Math.ceil(files.length / MIN_FILES_PER_THREAD)));
  if (files.length < 2 * MIN_FILES_PER_THREAD) return 1;
  let bytes = 0;
  for (const f of files) {
    try {
      bytes += f === '-' ? 0 : fs.statSync(f).size;
    } catch {
      // Reported when the file is read.
    }
  }
  if (bytes < PARALLEL_MIN_BYTES) return 1;
  const cpus = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
  return Math.max(1, Math.min(cpus, 8, Math.floor(bytes / (PARALLEL_MIN_BYTES / 2)), Math.ceil(files.length / MIN_FILES_PER_THREAD)));
}

/** A worker's answer for one file; `retry`: it could not send the result, check the file here. */
type Outcome = { index: number; result?: CheckedFileResult; error?: string; retry?: boolean };

interface Job {
  kind: 'kpp-check';
  files: string[];
  settings: AnalysisSettings;
  /** [0]: next file index, [1]: workers finished. */
  counters: SharedArrayBuffer;
  port: MessagePort;
}

/** Takes files from the shared counter until none is left. */
function drain(files: string[], counters: Int32Array, settings: AnalysisSettings, emit: (o: Outcome) => void): void {
  const checker = new FileChecker(settings);
  for (let i = Atomics.add(counters, 0, 1); i < files.length; i = Atomics.add(counters, 0, 1)) {
    try {
      emit({ index: i, result: checker.check(files[i]) });
    } catch (e) {
      emit({ index: i, error: e instanceof Error ? e.message : String(e) });
    }
  }
}

/**
 * Checks `files` (paths, not `-`) on several threads; results in input order.
 * Returns undefined when it cannot run in parallel (one thread wanted, no
 * worker script): the caller then checks on its own thread. Throws the first
 * failure in input order, as checking one by one would.
 */
export function checkFilesParallel(files: string[], settings: AnalysisSettings, threads = threadsFor(files)): CheckedFileResult[] | undefined {
  if (threads <= 1 || files.includes('-') || !fs.existsSync(WORKER_SCRIPT)) return undefined;
  const counters = new SharedArrayBuffer(8);
  const shared = new Int32Array(counters);
  const workers: { worker: Worker; port: MessagePort }[] = [];
  const results: Outcome[] = new Array(files.length);
  const take = (port: MessagePort): void => {
    for (let m = receiveMessageOnPort(port); m; m = receiveMessageOnPort(port)) {
      const o = m.message as Outcome;
      results[o.index] = o;
    }
  };
  try {
    for (let w = 0; w < threads - 1; w++) {
      const { port1, port2 } = new MessageChannel();
      const job: Job = { kind: 'kpp-check', files, settings, counters, port: port2 };
      const worker = new Worker(WORKER_SCRIPT, { workerData: job, transferList: [port2] });
      worker.unref();
      workers.push({ worker, port: port1 });
    }
    // This thread works too, then waits for the workers to finish theirs. A worker that makes no
    // progress for a long time (it died) is given up on: the files it held are checked here below.
    drain(files, shared, settings, (o) => (results[o.index] = o));
    let received = -1;
    let lastProgress = Date.now();
    for (let done = Atomics.load(shared, 1); done < workers.length; done = Atomics.load(shared, 1)) {
      for (const w of workers) take(w.port);
      const now = results.filter(Boolean).length + done;
      if (now !== received) {
        received = now;
        lastProgress = Date.now();
      } else if (Date.now() - lastProgress > STALL_MS) break;
      Atomics.wait(shared, 1, done, 200);
    }
    for (const w of workers) take(w.port);
  } finally {
    for (const w of workers) {
      w.port.close();
      void w.worker.terminate();
    }
  }
  const out: CheckedFileResult[] = [];
  let local: FileChecker | undefined;
  for (let i = 0; i < files.length; i++) {
    const o = results[i];
    // A file a worker took but never answered for (the worker died): check it here.
    if (!o || o.retry) out.push((local ??= new FileChecker(settings)).check(files[i]));
    else if (o.error !== undefined) throw new Error(o.error);
    else out.push(o.result!);
  }
  return out;
}

// The worker side: check files until none is left, post each result, then count this worker done.
if (!isMainThread && (workerData as Job | undefined)?.kind === 'kpp-check') {
  const job = workerData as Job;
  const counters = new Int32Array(job.counters);
  try {
    drain(job.files, counters, job.settings, (o) => {
      try {
        job.port.postMessage(o);
      } catch {
        job.port.postMessage({ index: o.index, retry: true } satisfies Outcome);
      }
    });
  } finally {
    Atomics.add(counters, 1, 1);
    Atomics.notify(counters, 1);
    parentPort?.close();
  }
}
