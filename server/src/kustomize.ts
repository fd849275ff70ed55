/**
 * Kustomize patches are partial objects: a Deployment patch without
 * `containers` or `selector` is not an invalid Deployment. A file is a patch
 * when a kustomization in its folder or up to three folders above lists it
 * under `patches`, `patchesStrategicMerge` or `patchesJson6902`.
 *
 * Kustomizations are read with safeRead.ts: regular files of at most
 * CONFIG_MAX_BYTES, not through a symbolic link out of the manifest's
 * repository. One that cannot be read counts as listing nothing; the problem
 * is kept (`problems`), and with `strict` (the checker) it is thrown.
 */
import * as path from 'node:path';
import { parseDocument } from 'yaml';
import { CONFIG_MAX_BYTES, FileReadError, exists, readTextFile, repositoryRoot } from './safeRead';

const NAMES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];

export interface KustomizeOptions {
  /** Throw when a kustomization cannot be read, instead of passing over it. */
  strict?: boolean;
}

export class KustomizePatches {
  private listed = new Map<string, Set<string>>();
  /** Kustomizations that could not be read, with why (`<file>: cannot read (…)`). */
  readonly problems = new Map<string, string>();

  constructor(private readonly opts: KustomizeOptions = {}) {}

  /** Is the file listed as a patch by a nearby kustomization? */
  isPatch(file: string): boolean {
    const abs = path.resolve(file);
    let dir = path.dirname(abs);
    const root = repositoryRoot(dir) ?? dir;
    for (let i = 0; i < 4; i++) {
      if (this.patchesIn(dir, root).has(abs)) return true;
      const up = path.dirname(dir);
      if (up === dir) break;
      dir = up;
    }
    return false;
  }

  /** Why the kustomizations that `isPatch(file)` looks at could not be read (after a call of isPatch). */
  problemsFor(file: string): string[] {
    const out: string[] = [];
    let dir = path.dirname(path.resolve(file));
    for (let i = 0; i < 4; i++) {
      for (const name of NAMES) {
        const p = this.problems.get(path.join(dir, name));
        if (p) out.push(p);
      }
      const up = path.dirname(dir);
      if (up === dir) break;
      dir = up;
    }
    return out;
  }

  reset(): void {
    this.listed.clear();
    this.problems.clear();
  }

  private patchesIn(dir: string, root: string): Set<string> {
    const hit = this.listed.get(dir);
    if (hit) return hit;
    const out = new Set<string>();
    for (const name of NAMES) {
      const file = path.join(dir, name);
      if (!exists(file)) continue;
      let text: string;
      try {
        // Above the repository (no `.git` found, so above the manifest's folder), only real files.
        text = readTextFile(file, { maxBytes: CONFIG_MAX_BYTES, within: root });
      } catch (e) {
        if (!(e instanceof FileReadError) || e.reason === 'missing') continue;
        this.problems.set(file, e.message);
        if (this.opts.strict) throw e;
        continue;
      }
      let k: Record<string, unknown> | null;
      try {
        k = parseDocument(text).toJS({ maxAliasCount: 100 }) as Record<string, unknown> | null;
      } catch {
        continue;
      }
      if (!k || typeof k !== 'object') continue;
      const add = (p: unknown): void => {
        // Inline patches (YAML text) are not files.
        if (typeof p === 'string' && !p.includes('\n')) out.add(path.resolve(dir, p));
      };
      for (const key of ['patches', 'patchesJson6902']) {
        const list = k[key];
        if (Array.isArray(list)) for (const e of list) add(typeof e === 'string' ? e : (e as { path?: unknown })?.path);
      }
      if (Array.isArray(k.patchesStrategicMerge)) for (const e of k.patchesStrategicMerge) add(e);
    }
    this.listed.set(dir, out);
    return out;
  }
}
