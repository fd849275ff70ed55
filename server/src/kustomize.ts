/**
 * Kustomize patches are partial objects: a Deployment patch without
 * `containers` or `selector` is not an invalid Deployment. A file is a patch
 * when a kustomization in its folder or up to three folders above lists it
 * under `patches`, `patchesStrategicMerge` or `patchesJson6902`.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseDocument } from 'yaml';

const NAMES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];

export class KustomizePatches {
  private listed = new Map<string, Set<string>>();

  /** Is the file listed as a patch by a nearby kustomization? */
  isPatch(file: string): boolean {
    const abs = path.resolve(file);
    let dir = path.dirname(abs);
    for (let i = 0; i < 4; i++) {
      if (this.patchesIn(dir).has(abs)) return true;
      const up = path.dirname(dir);
      if (up === dir) break;
      dir = up;
    }
    return false;
  }

  reset(): void {
    this.listed.clear();
  }

  private patchesIn(dir: string): Set<string> {
    const hit = this.listed.get(dir);
    if (hit) return hit;
    const out = new Set<string>();
    for (const name of NAMES) {
      let text: string;
      try {
        text = fs.readFileSync(path.join(dir, name), 'utf8');
      } catch {
        continue;
      }
      const k = parseDocument(text).toJS({ maxAliasCount: 100 }) as Record<string, unknown> | null;
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
