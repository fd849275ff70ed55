/**
 * The project configuration, `.podpatterns.yaml`, shared by the editor and
 * the checker: the Kubernetes version, per-rule severities, paths to ignore,
 * and where custom resources keep their pod templates. Parsing is pure; the
 * server and the checker find the file (nearest one upward from the manifest).
 */
import { parseDocument, isMap, isSeq, isScalar, type Node } from 'yaml';
import type { SeverityOverride } from './findings';
import { isSupportedVersion, normalizeVersion, SUPPORTED_VERSIONS } from './api/table';
import type { PodTemplatePath } from './knowledge/kinds';
import { compileGlob, type PathMatcher } from './glob';

export const CONFIG_FILE = '.podpatterns.yaml';

export interface ProjectConfig {
  kubernetesVersion?: string;
  rules: Record<string, SeverityOverride>;
  /** Glob patterns (relative to the config file's folder) of files not to analyse. */
  ignore: string[];
  podTemplatePaths: PodTemplatePath[];
  /** Files larger than this are not analysed (bytes for the checker, characters in the editor). */
  maxFileSize?: number;
}

export interface ConfigProblem {
  start: number;
  end: number;
  message: string;
}

const LEVELS = new Set(['off', 'hint', 'information', 'warning', 'error']);

export function emptyConfig(): ProjectConfig {
  return { rules: {}, ignore: [], podTemplatePaths: [] };
}

/** Parses `.podpatterns.yaml`; problems point at the offending text. */
export function parseConfig(text: string): { config: ProjectConfig; problems: ConfigProblem[] } {
  const config = emptyConfig();
  const problems: ConfigProblem[] = [];
  const doc = parseDocument(text, { prettyErrors: false });
  for (const e of doc.errors) problems.push({ start: e.pos[0], end: Math.max(e.pos[1], e.pos[0] + 1), message: e.message });
  const root = doc.contents as Node | null;
  if (!root) return { config, problems };
  const at = (n: Node | null | undefined): [number, number] => [n?.range?.[0] ?? 0, n?.range?.[1] ?? 0];
  const bad = (n: Node | null | undefined, message: string): void => {
    const [start, end] = at(n);
    problems.push({ start, end: Math.max(end, start + 1), message });
  };
  if (!isMap(root)) {
    bad(root, 'The configuration must be a mapping (kubernetesVersion, rules, ignore, podTemplatePaths, maxFileSize)');
    return { config, problems };
  }
  for (const pair of root.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : '';
    const value = pair.value as Node | null;
    if (key === 'kubernetesVersion') {
      const v = isScalar(value) ? String(value.value) : '';
      const n = normalizeVersion(v);
      if (n && isSupportedVersion(n)) config.kubernetesVersion = n;
      else bad(value, `Unsupported Kubernetes version "${v}": use one of ${SUPPORTED_VERSIONS.join(', ')}`);
    } else if (key === 'rules') {
      if (!isMap(value)) {
        bad(value, 'rules: a mapping of rule id to severity (off, hint, information, warning, error)');
        continue;
      }
      for (const r of value.items) {
        const id = isScalar(r.key) ? String(r.key.value) : '';
        const level = isScalar(r.value) ? String(r.value.value) : '';
        const l = level === 'info' ? 'information' : level;
        if (LEVELS.has(l)) config.rules[id] = l as SeverityOverride;
        else bad(r.value as Node, `Unknown severity "${level}" for ${id}: use off, hint, information, warning or error`);
      }
    } else if (key === 'ignore') {
      if (!isSeq(value)) {
        bad(value, 'ignore: a list of glob patterns');
        continue;
      }
      const matchers: PathMatcher[] = [];
      for (const it of value.items) {
        if (!isScalar(it) || typeof it.value !== 'string') {
          bad(it as Node, 'ignore: each entry is a glob pattern string');
          continue;
        }
        const glob = compileGlob(it.value);
        if (glob.error !== undefined) {
          bad(it, `ignore: ${glob.error}`);
          continue;
        }
        config.ignore.push(it.value);
        matchers.push(glob.match);
      }
      IGNORE_MATCHERS.set(config, matchers);
    } else if (key === 'maxFileSize') {
      const size = isScalar(value) ? parseSize(value.value) : undefined;
      if (size !== undefined) config.maxFileSize = size;
      else bad(value, 'maxFileSize: a size in bytes, e.g. 10485760 or 10MB (KB, MB, GB: 1024, 1024², 1024³)');
    } else if (key === 'podTemplatePaths') {
      if (!isSeq(value)) {
        bad(value, 'podTemplatePaths: a list of {apiVersion, kind, path}');
        continue;
      }
      for (const it of value.items) {
        if (!isMap(it)) {
          bad(it as Node, 'podTemplatePaths: each entry is {apiVersion, kind, path}');
          continue;
        }
        const get = (k: string): string | undefined => {
          const v = it.get(k, true);
          return isScalar(v) && typeof v.value === 'string' ? v.value : undefined;
        };
        const kind = get('kind');
        const path = get('path');
        if (!kind || !path || !/^[A-Za-z0-9_]+(\.[A-Za-z0-9_]+)*$/.test(path)) bad(it as Node, 'podTemplatePaths: kind and a dotted path (e.g. spec.template) are required');
        else config.podTemplatePaths.push({ apiVersion: get('apiVersion'), kind, path });
      }
    } else {
      bad(pair.key as Node, `Unknown key "${key}": expected kubernetesVersion, rules, ignore, podTemplatePaths or maxFileSize`);
    }
  }
  return { config, problems };
}

/** The compiled `ignore` globs of a parsed configuration (glob.ts). */
const IGNORE_MATCHERS = new WeakMap<ProjectConfig, PathMatcher[]>();

/** Is a path (relative to the config's folder, `/`-separated) ignored? */
export function isIgnored(config: ProjectConfig, relativePath: string): boolean {
  let matchers = IGNORE_MATCHERS.get(config);
  if (!matchers) {
    // A configuration built by hand, not parsed: its globs are compiled here (the bad ones match nothing).
    matchers = config.ignore.map((g) => compileGlob(g).match ?? (() => false));
    IGNORE_MATCHERS.set(config, matchers);
  }
  return matchers.some((m) => m(relativePath));
}

const SIZE_UNITS: Record<string, number> = { '': 1, b: 1, k: 1024, kb: 1024, kib: 1024, m: 1024 ** 2, mb: 1024 ** 2, mib: 1024 ** 2, g: 1024 ** 3, gb: 1024 ** 3, gib: 1024 ** 3 };

/**
 * A size in bytes: a positive number, or a string such as `10MB`, `512 KiB`,
 * `1.5G` (K, M and G are 1024, 1024² and 1024³, with or without B or iB).
 * Undefined when it is not one.
 */
export function parseSize(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) && v > 0 ? Math.floor(v) : undefined;
  if (typeof v !== 'string') return undefined;
  const m = /^(\d+(?:\.\d+)?) ?([a-z]*)$/i.exec(v.trim());
  const unit = m ? SIZE_UNITS[m[2].toLowerCase()] : undefined;
  if (!m || unit === undefined) return undefined;
  const n = Math.floor(Number(m[1]) * unit);
  return n > 0 && Number.isSafeInteger(n) ? n : undefined;
}
