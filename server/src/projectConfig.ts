/**
 * The checker's side of `.podpatterns.yaml`: which configuration applies to
 * each checked file (the one given with --config, else the nearest one found
 * upward from the file's folder; standard input looks from the working
 * folder), which files its `ignore` globs leave out, and the settings each
 * file is checked with: the defaults, then the file's configuration, then the
 * command line (--kubernetes-version wins over the file's kubernetesVersion).
 * Files that share a configuration are checked together, as one group.
 */
import * as path from 'node:path';
import { CONFIG_FILE, isIgnored, parseConfig, type ConfigProblem, type ProjectConfig } from './analysis/config';
import type { AnalysisSettings } from './analysis/settings';
import type { FoundFile } from './files';
import { CONFIG_MAX_BYTES, FileReadError, exists, readTextFile, repositoryRoot } from './safeRead';

export interface LoadedConfig {
  /** Absolute path of the configuration file. */
  file: string;
  /** Its folder: `ignore` globs are relative to it. */
  dir: string;
  text: string;
  config: ProjectConfig;
  problems: ConfigProblem[];
}

/** Reads configuration files once each and finds the nearest one upward from a folder. */
export class ConfigFinder {
  private files = new Map<string, LoadedConfig>();
  private nearestIn = new Map<string, LoadedConfig | null>();

  /** Texts of configuration files open in an editor, newer than what is on disk. */
  private unsaved = new Map<string, string>();

  /** Uses this text for the file instead of reading the disk (an open, edited configuration). */
  setUnsaved(file: string, text: string | undefined): void {
    const abs = path.resolve(file);
    if (text === undefined) this.unsaved.delete(abs);
    else this.unsaved.set(abs, text);
    this.files.clear();
    this.nearestIn.clear();
  }

  /** Forgets what was read: configuration files changed on disk. */
  reset(): void {
    this.files.clear();
    this.nearestIn.clear();
  }

  /**
   * Reads and parses a configuration file; throws when it cannot be read: a
   * pipe, a device, more than CONFIG_MAX_BYTES, or (for one found near a
   * manifest, not named with --config) a symbolic link out of its repository.
   */
  load(file: string, named = false): LoadedConfig {
    const abs = path.resolve(file);
    const hit = this.files.get(abs);
    if (hit) return hit;
    const open = this.unsaved.get(abs);
    if (open !== undefined) {
      const { config, problems } = parseConfig(open);
      const loaded: LoadedConfig = { file: abs, dir: path.dirname(abs), text: open, config, problems };
      this.files.set(abs, loaded);
      return loaded;
    }
    let text: string;
    try {
      const dir = path.dirname(abs);
      text = readTextFile(abs, { shown: file, maxBytes: CONFIG_MAX_BYTES, within: named ? undefined : (repositoryRoot(dir) ?? dir) });
    } catch (e) {
      const why = e instanceof FileReadError ? e.detail : ((e as NodeJS.ErrnoException).code ?? String(e));
      throw new Error(`${file}: cannot read the configuration (${why})`, { cause: e });
    }
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    const { config, problems } = parseConfig(text);
    const loaded: LoadedConfig = { file: abs, dir: path.dirname(abs), text, config, problems };
    this.files.set(abs, loaded);
    return loaded;
  }

  /** The nearest `.podpatterns.yaml` in `dir` or a folder above it. */
  nearest(dir: string): LoadedConfig | undefined {
    const abs = path.resolve(dir);
    const hit = this.nearestIn.get(abs);
    if (hit !== undefined) return hit ?? undefined;
    const candidate = path.join(abs, CONFIG_FILE);
    let found: LoadedConfig | undefined;
    // Whatever is there under the name is the configuration (a pipe or a device too: load refuses it, and says so).
    if (this.unsaved.has(candidate) || exists(candidate)) found = this.load(candidate);
    else {
      const parent = path.dirname(abs);
      found = parent === abs ? undefined : this.nearest(parent);
    }
    this.nearestIn.set(abs, found ?? null);
    return found;
  }
}

/** The settings a file is checked with under a configuration; the checker's flags, when given, win. */
export function settingsFor(base: AnalysisSettings, loaded: LoadedConfig | undefined, kubernetesVersionFlag?: string, maxFileSizeFlag?: number): AnalysisSettings {
  const c = loaded?.config;
  const settings: AnalysisSettings = {
    ...base,
    kubernetesVersion: kubernetesVersionFlag ?? c?.kubernetesVersion ?? base.kubernetesVersion,
    rules: { ...base.rules, ...c?.rules },
    maxFileSize: maxFileSizeFlag ?? c?.maxFileSize ?? base.maxFileSize,
  };
  if (c && c.podTemplatePaths.length) settings.podTemplatePaths = [...(base.podTemplatePaths ?? []), ...c.podTemplatePaths];
  return settings;
}

export interface CheckGroup {
  settings: AnalysisSettings;
  config?: LoadedConfig;
  files: string[];
  /** Where each file stands in the plan's order. */
  indices: number[];
}

export interface CheckPlan {
  /** The files to check, in order. */
  files: string[];
  groups: CheckGroup[];
  /** The configurations in use (with --config, that one). */
  configs: LoadedConfig[];
  /** Files left out by a configuration's `ignore` globs. */
  ignored: { file: string; explicit: boolean; config: LoadedConfig }[];
}

export interface PlanOptions {
  /** --config: one configuration for every file. */
  configFile?: string;
  base: AnalysisSettings;
  /** --kubernetes-version, when given. */
  kubernetesVersion?: string;
  /** --max-file-size, when given. */
  maxFileSize?: number;
  cwd?: string;
}

/** Assigns each file its configuration and settings, leaving out what the configurations ignore. */
export function planCheck(found: FoundFile[], opts: PlanOptions, finder: ConfigFinder = new ConfigFinder()): CheckPlan {
  const cwd = opts.cwd ?? process.cwd();
  const fixed = opts.configFile ? finder.load(path.resolve(cwd, opts.configFile), true) : undefined;
  const plan: CheckPlan = { files: [], groups: [], configs: fixed ? [fixed] : [], ignored: [] };
  const groups = new Map<LoadedConfig | undefined, CheckGroup>();
  for (const f of found) {
    const abs = f.file === '-' ? undefined : path.resolve(cwd, f.file);
    const loaded = fixed ?? finder.nearest(abs ? path.dirname(abs) : cwd);
    if (loaded && !plan.configs.includes(loaded)) plan.configs.push(loaded);
    if (loaded && abs && ignoredBy(loaded, abs)) {
      plan.ignored.push({ file: f.file, explicit: f.explicit, config: loaded });
      continue;
    }
    let g = groups.get(loaded);
    if (!g) {
      g = { settings: settingsFor(opts.base, loaded, opts.kubernetesVersion, opts.maxFileSize), config: loaded, files: [], indices: [] };
      groups.set(loaded, g);
      plan.groups.push(g);
    }
    g.indices.push(plan.files.length);
    g.files.push(f.file);
    plan.files.push(f.file);
  }
  return plan;
}

/** Do the configuration's `ignore` globs leave out this file? Only files inside the configuration's folder can be. */
export function ignoredBy(loaded: LoadedConfig, abs: string): boolean {
  const rel = path.relative(loaded.dir, abs);
  if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) return false;
  return isIgnored(loaded.config, rel.split(path.sep).join('/'));
}

/** A path as the user reads it: relative to the working folder when below it, `/`-separated. */
export function displayPath(abs: string, cwd: string = process.cwd()): string {
  const rel = path.relative(cwd, abs);
  const shown = rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : abs;
  return shown.split(path.sep).join('/');
}

/** The configurations' problems as files with findings (rule `config`), for the output formats. */
export function configProblemFiles(configs: LoadedConfig[], cwd: string = process.cwd()): { path: string; text: string; findings: { rule: string; severity: 'error'; message: string; start: number; end: number }[] }[] {
  return configs
    .filter((c) => c.problems.length)
    .map((c) => ({
      path: displayPath(c.file, cwd),
      text: c.text,
      findings: c.problems.map((p) => ({ rule: 'config', severity: 'error' as const, message: p.message, start: p.start, end: p.end })),
    }));
}
