/**
 * The project around a document in the editor, for every host: the nearest
 * `.podpatterns.yaml` upward from the document (its version, rules, pod-template
 * paths and `ignore` globs), and the kustomizations that list the document as a
 * patch. Documents are named by URI, and files are read through a function the
 * host gives: the Node server reads `file:` URIs from disk, the browser worker
 * asks the client (`podPatterns/readFile`, answered with `vscode.workspace.fs`),
 * so that a virtual workspace works as a local folder does. No Node and no
 * editor API here: the same module runs in both.
 *
 * The checker finds configurations on its own, by path and synchronously
 * (projectConfig.ts); both read the file with analysis/config.ts.
 */
import { URI, Utils } from 'vscode-uri';
import { parseDocument } from 'yaml';
import { CONFIG_FILE, isIgnored, parseConfig, type ProjectConfig } from './analysis/config';
import type { AnalysisSettings } from './analysis/settings';
import type { ProjectHost } from './runtime';

/** Reads a file: its text, or undefined when there is none. Throws when it exists but cannot be read. */
export type ReadFile = (uri: string) => Promise<string | undefined>;

/** Kustomizations are looked for in the manifest's folder and up to this many folders above it. */
const KUSTOMIZE_LEVELS = 4;
const KUSTOMIZATIONS = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];

interface Loaded {
  uri: URI;
  /** The folder of the configuration: `ignore` globs are relative to it. */
  dir: URI;
  config: ProjectConfig;
}

/** One spelling of a URI (clients and this module may encode the same one differently). */
const key = (u: URI): string => u.toString();

/** The parent folder, or undefined at the root (and for URIs without a folder path, such as `untitled:`). */
function parentOf(u: URI): URI | undefined {
  if (!u.path.startsWith('/') || u.path === '/') return undefined;
  const up = Utils.dirname(u);
  return up.path === u.path ? undefined : up;
}

/** `file`'s path below `dir`, `/`-separated, or undefined when it is not below it. */
function below(dir: URI, file: URI): string | undefined {
  if (dir.scheme !== file.scheme || dir.authority !== file.authority) return undefined;
  const prefix = dir.path.endsWith('/') ? dir.path : `${dir.path}/`;
  return file.path.startsWith(prefix) ? file.path.slice(prefix.length) : undefined;
}

/** The settings under a configuration, on top of `base` (defaults). */
export function configuredSettings(base: AnalysisSettings, config: ProjectConfig | undefined): AnalysisSettings {
  const settings: AnalysisSettings = {
    ...base,
    kubernetesVersion: config?.kubernetesVersion ?? base.kubernetesVersion,
    versionFrom: config?.kubernetesVersion ? 'config' : base.versionFrom,
    rules: { ...base.rules, ...config?.rules },
  };
  if (config?.podTemplatePaths.length) settings.podTemplatePaths = [...(base.podTemplatePaths ?? []), ...config.podTemplatePaths];
  return settings;
}

/**
 * The paths a kustomization lists as patch files (`patches`, `patchesJson6902`,
 * `patchesStrategicMerge`), as written: relative to its folder. Inline patches
 * (YAML text) are not files. Text that is not a kustomization lists none.
 */
export function listedPatches(text: string): string[] {
  let k: unknown;
  try {
    k = parseDocument(text).toJS({ maxAliasCount: 100 });
  } catch {
    return [];
  }
  if (!k || typeof k !== 'object') return [];
  const o = k as Record<string, unknown>;
  const out: string[] = [];
  const add = (p: unknown): void => {
    if (typeof p === 'string' && p && !p.includes('\n')) out.push(p);
  };
  for (const field of ['patches', 'patchesJson6902']) {
    const list = o[field];
    if (Array.isArray(list)) for (const e of list) add(typeof e === 'string' ? e : (e as { path?: unknown } | null)?.path);
  }
  if (Array.isArray(o.patchesStrategicMerge)) for (const e of o.patchesStrategicMerge) add(e);
  return out;
}

/** The project host of the editor over `read`. */
export function editorProject(read: ReadFile): ProjectHost {
  /** Texts of configuration files open in the editor, newer than what is stored. */
  const unsaved = new Map<string, string>();
  /** The configuration that applies in a folder (null: none up to the root), by folder URI. */
  let nearestIn = new Map<string, Promise<Loaded | null>>();
  /** The patch files listed by the kustomizations of a folder, and why those that exist could not be read, by folder URI. */
  let patchesIn = new Map<string, Promise<{ patches: Set<string>; problems: string[] }>>();

  async function loadConfig(uri: URI, dir: URI): Promise<Loaded | null> {
    let text = unsaved.get(key(uri));
    if (text === undefined) text = await read(key(uri));
    if (text === undefined) return null;
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    return { uri, dir, config: parseConfig(text).config };
  }

  /** The nearest configuration in `dir` or a folder above it. A read that fails rejects (and is tried again next time). */
  function nearest(dir: URI): Promise<Loaded | null> {
    const k = key(dir);
    let hit = nearestIn.get(k);
    if (!hit) {
      const cache = nearestIn;
      hit = loadConfig(Utils.joinPath(dir, CONFIG_FILE), dir).then((here) => {
        if (here) return here;
        const up = parentOf(dir);
        return up ? nearest(up) : null;
      });
      hit.catch(() => {
        if (cache.get(k) === hit) cache.delete(k);
      });
      cache.set(k, hit);
    }
    return hit;
  }

  function patchesOf(dir: URI): Promise<{ patches: Set<string>; problems: string[] }> {
    const k = key(dir);
    let hit = patchesIn.get(k);
    if (!hit) {
      const problems: string[] = [];
      hit = Promise.all(
        KUSTOMIZATIONS.map(async (name) => {
          // A kustomization that cannot be read lists nothing (the document is then checked as a whole object), and the document says why.
          const text = await read(key(Utils.joinPath(dir, name))).catch((e: unknown) => {
            problems.push(e instanceof Error ? e.message : String(e));
            return undefined;
          });
          return text === undefined ? [] : listedPatches(text).map((p) => key(Utils.resolvePath(dir, p)));
        }),
      ).then((lists) => ({ patches: new Set(lists.flat()), problems }));
      patchesIn.set(k, hit);
    }
    return hit;
  }

  /** Whether a kustomization of the document's folder or one above lists it as a patch, and the kustomizations that could not be read. */
  async function patchOf(doc: URI): Promise<{ patch: boolean; problems: string[] }> {
    const target = key(doc);
    const dirs: URI[] = [];
    for (let d = parentOf(doc); d && dirs.length < KUSTOMIZE_LEVELS; d = parentOf(d)) dirs.push(d);
    const found = await Promise.all(dirs.map((d) => patchesOf(d)));
    return { patch: found.some((f) => f.patches.has(target)), problems: found.flatMap((f) => f.problems) };
  }

  const forget = (): void => {
    nearestIn = new Map();
    patchesIn = new Map();
  };

  return {
    isConfigFile: (uri) => Utils.basename(URI.parse(uri)) === CONFIG_FILE,
    configProblems: (_uri, text) => parseConfig(text).problems,
    async settingsFor(uri, base) {
      const doc = URI.parse(uri);
      const dir = parentOf(doc);
      if (!dir) return base;
      const problems: string[] = [];
      const [loaded, { patch, problems: unread }] = await Promise.all([
        // An unreadable configuration (a device, a pipe, too large, a link out of the repository) is said on the document.
        nearest(dir).catch((e: unknown) => {
          problems.push(e instanceof Error ? e.message : String(e));
          return null;
        }),
        patchOf(doc),
      ]);
      if (loaded) {
        const rel = below(loaded.dir, doc);
        if (rel !== undefined && isIgnored(loaded.config, rel)) return undefined;
      }
      const settings = configuredSettings(base, loaded?.config);
      if (patch) settings.partial = true;
      problems.push(...unread);
      if (problems.length) settings.projectProblems = problems;
      return settings;
    },
    setUnsaved(uri, text) {
      const k = key(URI.parse(uri));
      if (text === undefined) unsaved.delete(k);
      else unsaved.set(k, text);
      nearestIn = new Map();
    },
    reset: forget,
    watchedFiles: [`**/${CONFIG_FILE}`, ...KUSTOMIZATIONS.map((n) => `**/${n}`)],
  };
}
