/**
 * The settings of one analysis, and how the editor's and the checker's
 * settings (`podPatterns.*`) are read: defensively, anything malformed is
 * ignored. The editor sends only the settings the user set explicitly, so
 * that they override `.podpatterns.yaml` and the file's values apply
 * otherwise.
 */
import type { SeverityOverride } from './findings';
import { DEFAULT_VERSION, isSupportedVersion, normalizeVersion } from './api/table';
import type { PodTemplatePath } from './knowledge/kinds';

export interface AnalysisSettings {
  /** Kubernetes minor, "1.27" … "1.36". */
  kubernetesVersion: string;
  /** Per-rule severity overrides by rule id. */
  rules: Record<string, SeverityOverride>;
  /** Files larger than this many characters are not analysed (one information diagnostic says so). */
  maxFileSize: number;
  /** Custom resources' pod templates, in addition to the built-in ones (Argo Rollout, Knative Service, KEDA ScaledJob). */
  podTemplatePaths?: PodTemplatePath[];
  /** The file is a patch (a kustomization lists it): its objects are partial, missing fields are not errors. */
  partial?: boolean;
  /**
   * Files of the project around this document that could not be read (its `.podpatterns.yaml`, a
   * kustomization that is a device, a pipe, too large, or a link out of the repository), each as
   * `<file>: cannot read (<why>)`: one `project/unreadable-file` finding each.
   */
  projectProblems?: string[];
}

export const DEFAULT_SETTINGS: AnalysisSettings = {
  kubernetesVersion: DEFAULT_VERSION,
  rules: {},
  maxFileSize: 5 * 1024 * 1024,
};

const LEVELS = new Set(['off', 'hint', 'information', 'warning', 'error']);

/** The explicitly given settings, validated; absent keys stay absent. */
export function overridesFromConfig(config: unknown): Partial<AnalysisSettings> {
  const c = (config && typeof config === 'object' ? config : {}) as Record<string, unknown>;
  const out: Partial<AnalysisSettings> = {};
  const v = typeof c.kubernetesVersion === 'string' ? normalizeVersion(c.kubernetesVersion) : undefined;
  if (v && isSupportedVersion(v)) out.kubernetesVersion = v;
  if (c.rules && typeof c.rules === 'object') {
    const rules: Record<string, SeverityOverride> = {};
    for (const [id, level] of Object.entries(c.rules as Record<string, unknown>)) {
      const l = typeof level === 'string' ? (level === 'info' ? 'information' : level) : '';
      if (LEVELS.has(l)) rules[id] = l as SeverityOverride;
    }
    out.rules = rules;
  }
  if (typeof c.maxFileSize === 'number' && c.maxFileSize > 0) out.maxFileSize = c.maxFileSize;
  if (Array.isArray(c.podTemplatePaths)) {
    const paths: PodTemplatePath[] = [];
    for (const p of c.podTemplatePaths as unknown[]) {
      const e = p as Record<string, unknown>;
      if (e && typeof e.kind === 'string' && typeof e.path === 'string')
        paths.push({ kind: e.kind, path: e.path, apiVersion: typeof e.apiVersion === 'string' ? e.apiVersion : undefined });
    }
    out.podTemplatePaths = paths;
  }
  return out;
}

/** Editor overrides on top of the settings a configuration file gives. */
export function applyOverrides(base: AnalysisSettings, o: Partial<AnalysisSettings>): AnalysisSettings {
  return {
    ...base,
    kubernetesVersion: o.kubernetesVersion ?? base.kubernetesVersion,
    rules: { ...base.rules, ...o.rules },
    maxFileSize: o.maxFileSize ?? base.maxFileSize,
    podTemplatePaths: [...(base.podTemplatePaths ?? []), ...(o.podTemplatePaths ?? [])],
  };
}
