/**
 * Which files the checker reads: files named on the command line, directories
 * walked for *.yaml / *.yml, and glob patterns (`'manifests/**\/*.yaml'`,
 * quoted so that the shell leaves them alone) expanded here, the same on every
 * shell and platform.
 *
 * Walks and globs skip node_modules and .git folders and what the .gitignore
 * files say, as git reads them: a .gitignore applies to its folder and below,
 * a deeper one can re-include (`!pattern`) what a shallower one ignored, and
 * nothing inside an ignored folder comes back. The .gitignore files that apply
 * are those from the repository root (the nearest folder upward holding
 * `.git`) down; outside a repository, those from the searched folder down.
 * What is named on the command line itself is never ignored: `check build/`
 * walks build/ even when .gitignore lists it. Walks and globs leave out the
 * configuration files (.podpatterns.yaml): they are no manifests.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
// Required, not imported: the bundle is CommonJS, and tinyglobby's ES module build (through fdir)
// needs import.meta.url, which a CommonJS bundle does not have; its CommonJS build does not.
const { globSync, isDynamicPattern } = require('tinyglobby') as typeof import('tinyglobby');
import ignore, { type Ignore } from 'ignore';
import { CONFIG_FILE } from './analysis/config';
import { CONFIG_MAX_BYTES, FileReadError, readTextFile, repositoryRoot } from './safeRead';

export const SKIP_DIRS = new Set(['node_modules', '.git']);
const YAML_FILE = /\.ya?ml$/i;

export interface FoundFile {
  /** The path as it is shown: as given, joined below a given folder, or relative to the working folder for glob matches; `-` for standard input. */
  file: string;
  /** Named on the command line (not found by a walk or a glob). */
  explicit: boolean;
}

/**
 * Expands the inputs into files, in the order given, each once. A missing
 * path or a glob that matches nothing is given to `onMissing` (with the
 * message to show) when there is one, so that the other inputs are still
 * expanded; without it, it throws.
 */
export function discoverFiles(inputs: string[], cwd: string = process.cwd(), onMissing?: (input: string, message: string) => void): FoundFile[] {
  const out: FoundFile[] = [];
  const seen = new Set<string>();
  const scopes = new ScopeCache();
  const add = (file: string, explicit: boolean): void => {
    const key = file === '-' ? '-' : path.resolve(cwd, file);
    if (seen.has(key)) return;
    seen.add(key);
    out.push({ file, explicit });
  };
  for (const input of inputs) {
    if (input === '-') {
      add('-', true);
      continue;
    }
    let st: fs.Stats | undefined;
    try {
      st = fs.statSync(path.resolve(cwd, input));
    } catch {
      st = undefined;
    }
    if (!st) {
      const matches = isGlob(input) ? expandGlob(input, cwd, scopes) : [];
      if (matches.length === 0) {
        const message = isGlob(input) ? `${input}: no files match this pattern` : `${input}: no such file or directory`;
        if (!onMissing) throw new Error(message);
        onMissing(input, message);
      }
      for (const m of matches) add(m, false);
    } else if (st.isDirectory()) {
      const root = path.resolve(cwd, input);
      const found: string[] = [];
      walk(input, root, root, scopes.forFolder(root), found);
      for (const f of found) add(f, false);
    } else add(input, true);
  }
  return out;
}

/** The same as discoverFiles, paths only. */
export function collectFiles(inputs: string[], cwd?: string): string[] {
  return discoverFiles(inputs, cwd).map((f) => f.file);
}

/** Does the argument hold glob syntax (`*`, `?`, `[…]`, `{a,b}`)? An existing path never counts as one. */
export function isGlob(input: string): boolean {
  return isDynamicPattern(toPattern(input));
}

/** Glob patterns are written with `/`; on Windows a `\` is a separator, not an escape. */
function toPattern(input: string): string {
  return process.platform === 'win32' ? input.replace(/\\/g, '/') : input;
}

function expandGlob(input: string, cwd: string, scopes: ScopeCache): string[] {
  const pattern = toPattern(input);
  const absolute = path.isAbsolute(input);
  const matches = globSync([pattern], {
    cwd,
    absolute,
    onlyFiles: true,
    expandDirectories: false,
    ignore: [...SKIP_DIRS].map((d) => `**/${d}/**`),
  });
  // .gitignore applies below the pattern's literal leading folders (they were named on the command line).
  const base = path.resolve(cwd, staticBase(pattern));
  const scope = scopes.forFolder(base);
  return matches
    .map((m) => (absolute ? path.normalize(m) : m.split('/').join(path.sep)))
    .filter((m) => path.basename(m) !== CONFIG_FILE && !scope.ignoredBelow(path.resolve(cwd, m), false, base))
    .sort(compareNames);
}

/** The leading folders of a pattern that hold no glob syntax (`manifests/prod` of `manifests/prod/**\/*.yaml`). */
export function staticBase(pattern: string): string {
  const parts = pattern.split('/');
  const fixed: string[] = [];
  for (const p of parts.slice(0, -1)) {
    if (isDynamicPattern(p)) break;
    fixed.push(p);
  }
  if (fixed.length === 1 && fixed[0] === '') return '/';
  return fixed.join('/') || '.';
}

const compareNames = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function walk(shown: string, abs: string, root: string, scope: IgnoreScope, out: string[]): void {
  let names: fs.Dirent[];
  try {
    names = fs.readdirSync(abs, { withFileTypes: true });
  } catch (e) {
    throw new Error(`${shown}: cannot read directory (${(e as NodeJS.ErrnoException).code ?? String(e)})`, { cause: e });
  }
  names.sort((a, b) => compareNames(a.name, b.name));
  for (const d of names) {
    const p = path.join(shown, d.name);
    const a = path.join(abs, d.name);
    if (d.isDirectory()) {
      if (!SKIP_DIRS.has(d.name) && !scope.matches(a, true, root)) walk(p, a, root, scope, out);
    } else if (d.isFile() && YAML_FILE.test(d.name) && d.name !== CONFIG_FILE && !scope.matches(a, false, root)) out.push(p);
  }
}

/** The folder whose .gitignore files apply below it: the repository root above `folder`, else `folder` itself. */
export function ignoreBoundary(folder: string): string {
  return repositoryRoot(folder) ?? folder;
}

class ScopeCache {
  private scopes = new Map<string, IgnoreScope>();
  forFolder(folder: string): IgnoreScope {
    const boundary = ignoreBoundary(folder);
    let s = this.scopes.get(boundary);
    if (!s) this.scopes.set(boundary, (s = new IgnoreScope(boundary)));
    return s;
  }
}

interface Level {
  dir: string;
  text: string;
  ig: Ignore;
}

/** A path segment as a literal .gitignore pattern. */
const literal = (segment: string): string => segment.replace(/[\\*?[\]!#]/g, '\\$&').replace(/ $/, '\\ ');

/** The .gitignore files below one boundary folder, read once each. */
export class IgnoreScope {
  private chains = new Map<string, Level[]>();
  private derived = new Map<string, Ignore>();
  private dirs = new Map<string, boolean>();

  constructor(readonly boundary: string) {}

  /** The .gitignore levels that apply to the entries of `dir`, shallowest first. */
  private chain(dir: string): Level[] {
    const hit = this.chains.get(dir);
    if (hit) return hit;
    if (!this.contains(dir)) return [];
    const above = dir === this.boundary ? [] : this.chain(path.dirname(dir));
    let chain = above;
    let text: string | undefined;
    try {
      // A regular file of bounded size, not a link out of the repository: anything else is an error, not a silent skip.
      text = readTextFile(path.join(dir, '.gitignore'), { maxBytes: CONFIG_MAX_BYTES, within: this.boundary });
    } catch (e) {
      if (!(e instanceof FileReadError) || e.reason !== 'missing') throw e;
      text = undefined;
    }
    if (text !== undefined) chain = [...above, { dir, text, ig: ignore().add(text) }];
    this.chains.set(dir, chain);
    return chain;
  }

  private contains(p: string): boolean {
    const rel = path.relative(this.boundary, p);
    return !rel.startsWith('..') && !path.isAbsolute(rel);
  }

  /**
   * A level's rules as they apply below `base`, a folder named on the command
   * line: for a level above it, the base and the folders between are
   * re-included, so that only what lies below the base can be ignored.
   */
  private rules(level: Level, base: string): Ignore {
    const rel = path.relative(level.dir, base);
    if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) return level.ig;
    const key = `${level.dir}\u0000${base}`;
    let ig = this.derived.get(key);
    if (!ig) {
      const parts = rel.split(path.sep);
      const negations = parts.map((_, i) => `!/${parts.slice(0, i + 1).map(literal).join('/')}/`);
      this.derived.set(key, (ig = ignore().add(level.text).add(negations)));
    }
    return ig;
  }

  /** Do the .gitignore files say so of this path itself (the folders above it not considered)? */
  matches(abs: string, isDir: boolean, base: string = this.boundary): boolean {
    if (!this.contains(abs) || abs === this.boundary) return false;
    const levels = this.chain(path.dirname(abs));
    for (let i = levels.length - 1; i >= 0; i--) {
      const rel = path.relative(levels[i].dir, abs).split(path.sep).join('/') + (isDir ? '/' : '');
      const r = this.rules(levels[i], base).test(rel);
      if (r.ignored) return true;
      if (r.unignored) return false;
    }
    return false;
  }

  /** Is the path, or a folder between `base` (excluded: it was named) and it, ignored? */
  ignoredBelow(abs: string, isDir: boolean, base: string): boolean {
    const rel = path.relative(base, abs);
    if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) return this.matches(abs, isDir, base);
    const parts = rel.split(path.sep);
    let dir = base;
    for (const part of parts.slice(0, -1)) {
      dir = path.join(dir, part);
      const key = `${base}\u0000${dir}`;
      let ignored = this.dirs.get(key);
      if (ignored === undefined) this.dirs.set(key, (ignored = this.matches(dir, true, base)));
      if (ignored) return true;
    }
    return this.matches(abs, isDir, base);
  }
}
