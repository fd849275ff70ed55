/**
 * Settings as the editor and the checker pass them (`podPatterns.*`), read
 * defensively: anything malformed falls back to the default.
 */
import { DEFAULT_SETTINGS, type AnalysisSettings, type SeverityOverride } from './engine';
import { isSupportedVersion, normalizeVersion } from './api/table';

const LEVELS = new Set(['off', 'hint', 'information', 'warning', 'error']);

export function settingsFromConfig(config: unknown): AnalysisSettings {
  const c = (config && typeof config === 'object' ? config : {}) as Record<string, unknown>;
  const out: AnalysisSettings = { ...DEFAULT_SETTINGS, rules: {} };
  const v = typeof c.kubernetesVersion === 'string' ? normalizeVersion(c.kubernetesVersion) : undefined;
  if (v && isSupportedVersion(v)) out.kubernetesVersion = v;
  if (c.rules && typeof c.rules === 'object') {
    for (const [id, level] of Object.entries(c.rules as Record<string, unknown>)) {
      const l = typeof level === 'string' ? (level === 'info' ? 'information' : level) : '';
      if (LEVELS.has(l)) out.rules[id] = l as SeverityOverride;
    }
  }
  if (typeof c.maxFileSize === 'number' && c.maxFileSize > 0) out.maxFileSize = c.maxFileSize;
  return out;
}
