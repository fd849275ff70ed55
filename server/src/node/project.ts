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
      const problems: string[] = [];
      let loaded: ReturnType<ConfigFinder['nearest']>;
      try {
        loaded = configs.nearest(path.dirname(file));
      } catch (e) {
        // An unreadable configuration (a device, a pipe, too large, a link out of the repository): said on the document.
        problems.push(e instanceof Error ? e.message : String(e));
      }
      if (loaded && ignoredBy(loaded, file)) return undefined;
      const settings = settingsFor(base, loaded);
      if (patches.isPatch(file)) settings.partial = true;
      problems.push(...patches.problemsFor(file));
      if (problems.length) settings.projectProblems = problems;
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
  };
}
