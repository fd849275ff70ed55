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
  /** Where kubernetesVersion came from, for messages that name the release (absent: the default). */
  versionFrom?: VersionSource;
  /** Document symbols (the outline); off for users whose YAML extension gives one already. */
  outline?: boolean;
  /** Which inlay hints are shown (each on unless set false). */
  inlayHints?: Partial<InlayHintSettings>;
  /** The workspace index (cross-file navigation and findings); on unless set false. */
  workspaceIndex?: boolean;
  /**
   * Files of the project around this document that could not be read (its `.podpatterns.yaml`, a
   * kustomization that is a device, a pipe, too large, or a link out of the repository), each as
   * `<file>: cannot read (<why>)`: one `project/unreadable-file` finding each.
   */
  projectProblems?: string[];
}

export interface InlayHintSettings {
  /** After a container's name: its role and place in the start order (`init 1/2`, `sidecar, starts 1st, stops last`). */
  containerOrder: boolean;
  /** After a container's `resources`: the pod's effective request, where it differs from the container's own. */
  effectiveResources: boolean;
  /** Defaults the API server applies to fields left out (`restartPolicy`, `imagePullPolicy`). */
  defaults: boolean;
}

export const INLAY_HINT_KINDS: readonly (keyof InlayHintSettings)[] = ['containerOrder', 'effectiveResources', 'defaults'];

/** Is this kind of inlay hint on? */
export const hintOn = (s: AnalysisSettings, kind: keyof InlayHintSettings): boolean => s.inlayHints?.[kind] !== false;

/** Where the release checked against was set. */
export type VersionSource = 'default' | 'setting' | 'config' | 'flag';

/** The release and where it was set, as messages say it ("podPatterns.kubernetesVersion is 1.28"). */
export function versionOrigin(s: Pick<AnalysisSettings, 'kubernetesVersion' | 'versionFrom'>): string {
  const v = s.kubernetesVersion;
  switch (s.versionFrom) {
    case 'setting':
      return `the podPatterns.kubernetesVersion setting is ${v}`;
    case 'config':
      return `kubernetesVersion is ${v} in .podpatterns.yaml`;
    case 'flag':
      return `--kubernetes-version is ${v}`;
    default:
      return `the release checked against is ${v} (the default: set kubernetesVersion in .podpatterns.yaml or the podPatterns.kubernetesVersion setting)`;
  }
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
  if (v && isSupportedVersion(v)) {
    out.kubernetesVersion = v;
    out.versionFrom = 'setting';
  }
  if (c.rules && typeof c.rules === 'object') {
    const rules: Record<string, SeverityOverride> = {};
    for (const [id, level] of Object.entries(c.rules as Record<string, unknown>)) {
      const l = typeof level === 'string' ? (level === 'info' ? 'information' : level) : '';
      if (LEVELS.has(l)) rules[id] = l as SeverityOverride;
    }
    out.rules = rules;
  }
  if (typeof c.maxFileSize === 'number' && c.maxFileSize > 0) out.maxFileSize = c.maxFileSize;
  // Nested (`outline: { enabled }`, as VS Code sends a section) or dotted (`outline.enabled`, as the client lists explicit settings).
  const flag = (path: string): boolean | undefined => {
    const dotted = c[path];
    if (typeof dotted === 'boolean') return dotted;
    const [a, b] = path.split('.');
    const nested = (c[a] as Record<string, unknown> | undefined)?.[b];
    return typeof nested === 'boolean' ? nested : undefined;
  };
  const outline = flag('outline.enabled');
  if (outline !== undefined) out.outline = outline;
  const index = flag('workspaceIndex.enabled');
  if (index !== undefined) out.workspaceIndex = index;
  for (const kind of INLAY_HINT_KINDS) {
    const on = flag(`inlayHints.${kind}`);
    if (on !== undefined) (out.inlayHints ??= {})[kind] = on;
  }
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
    versionFrom: o.kubernetesVersion ? 'setting' : base.versionFrom,
    outline: o.outline ?? base.outline,
    workspaceIndex: o.workspaceIndex ?? base.workspaceIndex,
    inlayHints: { ...base.inlayHints, ...o.inlayHints },
    rules: { ...base.rules, ...o.rules },
    maxFileSize: o.maxFileSize ?? base.maxFileSize,
    podTemplatePaths: [...(base.podTemplatePaths ?? []), ...(o.podTemplatePaths ?? [])],
  };
}
