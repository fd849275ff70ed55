/**
 * The project around a document, read from the file system: the nearest
 * `.podpatterns.yaml` (shared with the checker: projectConfig.ts), its
 * `ignore` globs, and the kustomizations that list a file as a patch.
 */
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CONFIG_FILE, parseConfig } from '../analysis/config';
import type { AnalysisSettings } from '../analysis/settings';
import { ConfigFinder, ignoredBy, settingsFor } from '../projectConfig';
import { KustomizePatches } from '../kustomize';
import type { ProjectHost } from '../runtime';
import { discoverFiles } from '../files';
import { readTextFile } from '../safeRead';
import { pathToFileURL } from 'node:url';

const filePath = (uri: string): string | undefined => {
  try {
    return uri.startsWith('file:') ? fileURLToPath(uri) : undefined;
  } catch {
    return undefined;
  }
};

export function nodeProject(): ProjectHost {
  const configs = new ConfigFinder();
  const patches = new KustomizePatches();
  return {
    isConfigFile: (uri) => path.basename(filePath(uri) ?? uri) === CONFIG_FILE,
    configProblems: (_uri, text) => parseConfig(text).problems,
    async settingsFor(uri: string, base: AnalysisSettings) {
      const file = filePath(uri);
      if (!file) return base;
      const loaded = configs.nearest(path.dirname(file));
      if (loaded && ignoredBy(loaded, file)) return undefined;
      const settings = settingsFor(base, loaded);
      if (patches.isPatch(file)) settings.partial = true;
      return settings;
    },
    setUnsaved(uri, text) {
      const file = filePath(uri);
      if (file) configs.setUnsaved(file, text);
    },
    reset() {
      configs.reset();
      patches.reset();
    },
    watchedFiles: [`**/${CONFIG_FILE}`, '**/kustomization.yaml', '**/kustomization.yml', '**/Kustomization'],
    // The checker's own walk (files.ts): *.yaml and *.yml below each folder, .gitignore respected.
    listManifests(folderUris, limit) {
      const out: string[] = [];
      for (const uri of folderUris) {
        const folder = filePath(uri);
        if (!folder) continue;
        let found: string[];
        try {
          found = discoverFiles([folder]).map((f) => f.file);
        } catch {
          continue;
        }
        for (const f of found) {
          if (out.length >= limit) return out;
          out.push(pathToFileURL(path.resolve(f)).href);
        }
      }
      return out;
    },
    readManifest(uri, maxBytes) {
      const file = filePath(uri);
      if (!file) return undefined;
      try {
        return readTextFile(file, { maxBytes });
      } catch {
        return undefined;
      }
    },
  };
}
