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

export const CONFIG_FILE = '.podpatterns.yaml';

export interface ProjectConfig {
  kubernetesVersion?: string;
  rules: Record<string, SeverityOverride>;
  /** Glob patterns (relative to the config file's folder) of files not to analyse. */
  ignore: string[];
  podTemplatePaths: PodTemplatePath[];
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
    bad(root, 'The configuration must be a mapping (kubernetesVersion, rules, ignore, podTemplatePaths)');
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
      for (const it of value.items) {
        if (isScalar(it) && typeof it.value === 'string') config.ignore.push(it.value);
        else bad(it as Node, 'ignore: each entry is a glob pattern string');
      }
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
      bad(pair.key as Node, `Unknown key "${key}": expected kubernetesVersion, rules, ignore or podTemplatePaths`);
    }
  }
  return { config, problems };
}

/** Turns a glob (`**`, `*`, `?`, `{a,b}`) into a RegExp over `/`-separated relative paths. */
export function globToRegExp(glob: string): RegExp {
  let re = '';
  let i = 0;
  const g = glob.replace(/^\.\//, '');
  while (i < g.length) {
    const c = g[i];
    if (c === '*') {
      if (g[i + 1] === '*') {
        re += g[i + 2] === '/' ? '(?:.*/)?' : '.*';
        i += g[i + 2] === '/' ? 3 : 2;
        continue;
      }
      re += '[^/]*';
    } else if (c === '?') re += '[^/]';
    else if (c === '{') {
      const close = g.indexOf('}', i);
      if (close > i) {
        re += '(?:' + g.slice(i + 1, close).split(',').map(escapeRe).join('|') + ')';
        i = close + 1;
        continue;
      }
      re += '\\{';
    } else re += escapeRe(c);
    i++;
  }
  // A pattern without a slash matches at any depth, as in .gitignore.
  const anchored = g.includes('/') ? `^${re}` : `(?:^|/)${re}`;
  return new RegExp(`${anchored}(?:/.*)?$`);
}

const escapeRe = (s: string): string => s.replace(/[.+^$()|[\]\\]/g, '\\$&');

/** Is a path (relative to the config's folder, `/`-separated) ignored? */
export function isIgnored(config: ProjectConfig, relativePath: string): boolean {
  return config.ignore.some((g) => globToRegExp(g).test(relativePath));
}
