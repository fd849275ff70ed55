/**
 * Reading files from repositories that strangers wrote. Every file the
 * checker and the server read from disk — manifests, `.podpatterns.yaml`,
 * kustomizations, `.gitignore` files — goes through `readTextFile`:
 *
 * - it must be a regular file: a named pipe would block the read for ever, a
 *   device (`kustomization.yaml -> /dev/zero`) would fill the memory. The file
 *   is opened without blocking and checked on the open descriptor, so that it
 *   cannot be swapped between the check and the read;
 * - it must not be larger than a limit (and the read stops at the limit if
 *   the file grows meanwhile);
 * - a configuration file (`within` given) reached through a symbolic link must
 *   stay inside its repository: a link out of it is not followed.
 *
 * Failures are `FileReadError`s whose message names the file and says why.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { constants as bufferConstants } from 'node:buffer';

/** Configuration files (`.podpatterns.yaml`, kustomizations, `.gitignore`) larger than this are refused. */
export const CONFIG_MAX_BYTES = 1024 * 1024;

/** The longest text a string can hold: no file larger than this can be read as text at all. */
export const TEXT_MAX_BYTES: number = bufferConstants.MAX_STRING_LENGTH;

export type ReadFailure = 'missing' | 'not-regular' | 'too-large' | 'outside' | 'io';

export class FileReadError extends Error {
  constructor(
    readonly file: string,
    readonly reason: ReadFailure,
    /** Why, in a few words: `a named pipe, not a regular file`, `ENOENT`. */
    readonly detail: string,
    readonly size?: number,
  ) {
    super(`${file}: cannot read (${detail})`);
  }
}

export interface ReadOptions {
  /** Refuse files larger than this many bytes (default: the longest string). */
  maxBytes?: number;
  /** A configuration file: when reached through a symbolic link, its real path must be inside this folder. */
  within?: string;
  /** How the file is named in messages (default: the path as given). */
  shown?: string;
}

/** What a file system entry is, for messages. */
function kindOf(st: fs.Stats): string {
  if (st.isDirectory()) return 'a directory';
  if (st.isFIFO()) return 'a named pipe';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  if (st.isSocket()) return 'a socket';
  return 'not a regular file';
}

const errno = (e: unknown): string => (e as NodeJS.ErrnoException).code ?? String(e);

/** O_NONBLOCK where the platform has it: opening a named pipe then returns at once instead of waiting for a writer. */
const OPEN_FLAGS = fs.constants.O_RDONLY | (process.platform === 'win32' ? 0 : (fs.constants.O_NONBLOCK ?? 0));

/** Is `p` inside `root` (or `root` itself)? Both absolute. */
export function isInside(p: string, root: string): boolean {
  const rel = path.relative(root, p);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/** The repository a folder is in: the nearest folder upward holding `.git`; undefined outside any. */
export function repositoryRoot(folder: string): string | undefined {
  for (let dir = path.resolve(folder); ; ) {
    if (fs.existsSync(path.join(dir, '.git'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/** Does the path exist at all (a dangling link or a device counts)? */
export function exists(p: string): boolean {
  try {
    fs.lstatSync(p);
    return true;
  } catch {
    return false;
  }
}

/** Reads a regular file of bounded size as UTF-8 text (byte order mark kept); throws FileReadError. */
export function readTextFile(file: string, opts: ReadOptions = {}): string {
  const shown = opts.shown ?? file;
  const maxBytes = Math.min(opts.maxBytes ?? TEXT_MAX_BYTES, TEXT_MAX_BYTES);
  if (opts.within !== undefined) checkLinks(file, opts.within, shown);
  let fd: number;
  try {
    fd = fs.openSync(file, OPEN_FLAGS);
  } catch (e) {
    const code = errno(e);
    throw new FileReadError(shown, code === 'ENOENT' ? 'missing' : 'io', code);
  }
  try {
    const st = fs.fstatSync(fd);
    if (!st.isFile()) throw new FileReadError(shown, 'not-regular', `${kindOf(st)}, not a regular file`);
    if (st.size > maxBytes) throw new FileReadError(shown, 'too-large', `${st.size} bytes, more than the limit of ${maxBytes}`, st.size);
    // One byte more than the size: a file that grew since fstat is noticed, not read without end.
    const buf = Buffer.allocUnsafe(st.size + 1);
    let length = 0;
    while (length < buf.length) {
      let n: number;
      try {
        n = fs.readSync(fd, buf, length, buf.length - length, null);
      } catch (e) {
        throw new FileReadError(shown, 'io', errno(e));
      }
      if (n === 0) break;
      length += n;
    }
    if (length > st.size) throw new FileReadError(shown, 'io', 'the file changed while it was read');
    return buf.toString('utf8', 0, length);
  } finally {
    fs.closeSync(fd);
  }
}

/** A configuration reached through a symbolic link (the file or a folder above it) must resolve inside `root`. */
function checkLinks(file: string, root: string, shown: string): void {
  const abs = path.resolve(file);
  let real: string;
  try {
    real = fs.realpathSync(abs);
  } catch {
    // A dangling link, or no file: the open says so.
    return;
  }
  if (real === abs) return;
  let realRoot: string;
  try {
    realRoot = fs.realpathSync(root);
  } catch {
    realRoot = path.resolve(root);
  }
  if (!isInside(real, realRoot)) throw new FileReadError(shown, 'outside', `a symbolic link to ${real}, outside ${root}: not followed`);
}

/**
 * Reads standard input as UTF-8 text, at most `maxBytes` of it (standard
 * input is a pipe or a terminal more often than a file: only its length is
 * bounded).
 */
export function readStdin(maxBytes: number = TEXT_MAX_BYTES): string {
  const limit = Math.min(maxBytes, TEXT_MAX_BYTES);
  const chunks: Buffer[] = [];
  let length = 0;
  const buf = Buffer.allocUnsafe(64 * 1024);
  for (;;) {
    let n: number;
    try {
      n = fs.readSync(0, buf, 0, buf.length, null);
    } catch (e) {
      const code = errno(e);
      if (code === 'EAGAIN') {
        // A non-blocking pipe with nothing yet: wait a little for the writer.
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);
        continue;
      }
      if (code === 'EOF') break;
      throw new FileReadError('standard input', 'io', code);
    }
    if (n === 0) break;
    length += n;
    if (length > limit) throw new FileReadError('standard input', 'too-large', `more than the limit of ${limit} bytes`, length);
    chunks.push(Buffer.from(buf.subarray(0, n)));
  }
  return Buffer.concat(chunks, length).toString('utf8');
}
