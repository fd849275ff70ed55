/**
 * The analysis engine: text in, findings out, incrementally. A file is split
 * into its YAML documents (text.ts); each document's parse and model are
 * cached by its text, its findings by (settings, text), so an edit re-reads
 * only the document it touched and the rest are reused with shifted offsets.
 */
import { Parser, Composer, YAMLParseError, type Document } from 'yaml';
import { type Segment } from './text';
import { SegmentCache, FindingsCache, ownCopy } from './placement';
import { isPatchDirective, readDocument } from './reader';
import type { DocModel, FieldNode, Severity } from './model';
import type { Finding, PodRuleContext, ReportArgs, Rule, RuleContext } from './rules/api';
import { RULES, ruleById } from './rules/index';
import { DEFAULT_VERSION, compareVersions } from './api/table';
import { anchorRange, valueRange } from './model';
import { BUILTIN_POD_TEMPLATE_PATHS, type PodTemplatePath } from './config';
import { applySuppressions } from './suppressions';
import { hasTemplateActions, maskTemplates, PLACEHOLDER } from './templates';

/** A cheap test of the whole text before placeholders are looked for value by value. */
const MAY_HOLD_PLACEHOLDERS = /<[A-Za-z]|\$\{?[A-Za-z_]/;
import { templateNotChecked } from './rules/file';
import { unusedSuppression } from './rules/suppression';

export type SeverityOverride = Severity | 'off';

export interface AnalysisSettings {
  /** Kubernetes minor, "1.27" … "1.36". */
  kubernetesVersion: string;
  /** Per-rule severity overrides by rule id. */
  rules: Record<string, SeverityOverride>;
  /** Files larger than this many bytes are not analysed (one information diagnostic says so). */
  maxFileSize: number;
  /** Custom resources' pod templates, in addition to the built-in ones (Argo Rollout, Knative Service, KEDA ScaledJob). */
  podTemplatePaths?: PodTemplatePath[];
  /** The file is a patch (a kustomization lists it): its objects are partial, missing fields are not errors. */
  partial?: boolean;
}

export const DEFAULT_SETTINGS: AnalysisSettings = {
  kubernetesVersion: DEFAULT_VERSION,
  rules: {},
  maxFileSize: 5 * 1024 * 1024,
};

export const PARSE_OPTIONS = {
  prettyErrors: false,
  // The CST is not used after composition: keeping it would double the memory of every cached parse.
  keepSourceTokens: false,
  // Kubernetes reads YAML as YAML 1.1 (sigs.k8s.io/yaml): `yes`/`on` are booleans, `0777` is octal,
  // `<<` merges. Reading it the same way is what makes type checks truthful.
  version: '1.1',
  merge: true,
  uniqueKeys: true,
  strict: true,
} as const;

/** A parsed document segment: settings-independent, cached by text. */
export interface ParsedSegment {
  docs: DocModel[];
  /** The segment holds template actions (`{{ }}`), masked before parsing. */
  templated: boolean;
  /** Masked template actions and placeholder values (`<YOUR-IMAGE>`): findings there are dropped. */
  incompleteSpans: [number, number][];
  /** Key lines above template actions that stand alone on their line (see templates.ts). */
  enclosingSpans: [number, number][];
}

export interface PlacedSegment {
  segment: Segment;
  parsed: ParsedSegment;
  /** Index in the file of the segment's first YAML document. */
  firstDocument: number;
}

export interface FileAnalysis {
  segments: PlacedSegment[];
  /** Absolute offsets, sorted by start. */
  findings: (Finding & { document: number })[];
}

/** Parses one segment's text into yaml Documents. */
export function parseSegmentYaml(text: string): Document.Parsed[] {
  const composer = new Composer(PARSE_OPTIONS);
  const docs: Document.Parsed[] = [];
  for (const d of composer.compose(new Parser().parse(text), true, text.length)) docs.push(d as Document.Parsed);
  return docs;
}

export class Engine {
  /** Parses by segment text, and the placements of recent texts (placement.ts). */
  private parseCache = new SegmentCache<ParsedSegment>();
  private findingsCache = new FindingsCache<ParsedSegment, Finding[]>();
  /** Counters for tests and the benchmark: how much work the last runs did. */
  stats = { parsed: 0, checked: 0 };

  constructor(private readonly rules: readonly Rule[] = RULES) {}

  private customPaths: readonly PodTemplatePath[] = BUILTIN_POD_TEMPLATE_PATHS;
  private customKey = '';

  /** Custom pod-template paths change the model: a change drops the parse cache. */
  setPodTemplatePaths(paths: readonly PodTemplatePath[] | undefined): void {
    const all = [...BUILTIN_POD_TEMPLATE_PATHS, ...(paths ?? [])];
    const key = JSON.stringify(paths ?? []);
    if (key === this.customKey) return;
    this.customKey = key;
    this.customPaths = all;
    this.parseCache.clear();
    this.findingsCache.clear();
  }

  parseSegment(text: string): ParsedSegment {
    const hit = this.parseCache.get(text);
    if (hit) return hit;
    this.stats.parsed++;
    // A private copy: the parse keeps slices of its text, which must not keep the whole file alive.
    text = ownCopy(text);
    const templated = hasTemplateActions(text);
    const masked = templated ? maskTemplates(text) : undefined;
    const docs = parseSegmentYaml(masked ? masked.text : text).map((d, i) => readSafely(d, i, this.customPaths));
    const incompleteSpans = masked ? [...masked.spans] : [];
    const enclosingSpans = masked ? masked.enclosing : [];
    if (MAY_HOLD_PLACEHOLDERS.test(text)) for (const d of docs) withinStack(() => collectPlaceholders(d.root, incompleteSpans), undefined);
    const parsed: ParsedSegment = { docs, templated, incompleteSpans, enclosingSpans };
    this.parseCache.set(text, parsed);
    return parsed;
  }

  /**
   * Splits and parses (from cache where the text is unchanged). The same text
   * is placed again in O(1); a new one reuses the unchanged segments of a
   * recent text without hashing them (placement.ts).
   */
  place(text: string): PlacedSegment[] {
    return this.parseCache.place(text, (t) => this.parseSegment(t));
  }

  analyze(text: string, settings: AnalysisSettings = DEFAULT_SETTINGS, isCancelled?: () => boolean): FileAnalysis {
    this.setPodTemplatePaths(settings.podTemplatePaths);
    const findings: FileAnalysis['findings'] = [];
    if (text.length > settings.maxFileSize) {
      findings.push({
        rule: 'file/too-large',
        severity: 'information',
        message: `Not analysed: the file has ${text.length} characters, more than podPatterns.maxFileSize (${settings.maxFileSize})`,
        start: 0,
        end: Math.min(text.length, 1),
        fieldPath: '',
        document: 0,
      });
      return { segments: [], findings };
    }
    if (looksBinary(text)) {
      findings.push({
        rule: 'file/not-text',
        severity: 'information',
        message: 'Not analysed: the file does not look like text (it holds NUL or other control characters)',
        start: 0,
        end: Math.min(text.length, 1),
        fieldPath: '',
        document: 0,
      });
      return { segments: [], findings };
    }
    const segments = this.place(text);
    const key = settingsKey(settings);
    let templatedSaid = false;
    for (const placed of segments) {
      if (isCancelled?.()) break;
      const { segment, parsed } = placed;
      if (parsed.templated && !templatedSaid) {
        templatedSaid = true;
        const sev = effectiveSeverity(templateNotChecked, settings);
        const [s, e] = parsed.incompleteSpans[0] ?? [0, 0];
        if (sev)
          findings.push({
            rule: templateNotChecked.id,
            severity: sev,
            message: 'This file holds template actions ({{ }}): what they produce was not checked, and findings in templated documents are at most warnings',
            start: segment.start + s,
            end: segment.start + Math.min(e, s + 200),
            fieldPath: '',
            document: placed.firstDocument,
          });
      }
      let local = this.findingsCache.get(parsed, key);
      if (!local) {
        local = this.checkSegment(segment.text, parsed, settings);
        this.findingsCache.set(parsed, key, local);
      }
      for (const f of local) {
        findings.push({
          ...f,
          start: f.start + segment.start,
          end: f.end + segment.start,
          document: placed.firstDocument + (f.document ?? 0),
        });
      }
    }
    findings.sort((a, b) => a.start - b.start || a.end - b.end);
    return { segments, findings };
  }

  private active = new Map<string, { rule: Rule; sev: Severity }[]>();

  /** The rules that apply under these settings (version, severity overrides), worked out once per settings. */
  private activeRules(settings: AnalysisSettings): { rule: Rule; sev: Severity }[] {
    const key = settingsKey(settings);
    let list = this.active.get(key);
    if (!list) {
      list = [];
      for (const rule of this.rules) {
        const sev = effectiveSeverity(rule, settings);
        if (!sev) continue;
        if (rule.since && compareVersions(settings.kubernetesVersion, rule.since) < 0) continue;
        if (rule.until && compareVersions(settings.kubernetesVersion, rule.until) > 0) continue;
        list.push({ rule, sev });
      }
      if (this.active.size >= 16) this.active.clear();
      this.active.set(key, list);
    }
    return list;
  }

  /** Runs every applicable rule on one segment; offsets stay segment-relative. */
  checkSegment(text: string, parsed: ParsedSegment, settings: AnalysisSettings): Finding[] {
    this.stats.checked++;
    const out: Finding[] = [];
    parsed.docs.forEach((doc, di) => {
      // After a YAML syntax error the parser's recovery can shape the tree oddly: until the syntax is
      // fixed, the document gets its syntax errors only, never a cascade of made-up problems.
      const broken = doc.yaml.errors.length > 0;
      for (const { rule, sev } of this.activeRules(settings)) {
        if (broken && !rule.id.startsWith('yaml/')) continue;
        const report = (args: ReportArgs): void => {
          const f = toFinding(rule, sev, args, settings);
          if (!f) return;
          f.document = di;
          out.push(f);
        };
        const base: RuleContext = { version: settings.kubernetesVersion, doc, text, report };
        try {
          if (rule.scope === 'document') rule.check(base);
          else for (const pod of doc.pods) rule.check({ ...base, pod } as PodRuleContext);
        } catch (e) {
          out.push({
            rule: 'internal/rule-failed',
            severity: 'information',
            message: `Rule ${rule.id} failed on this document: ${e instanceof Error ? e.message : String(e)}`,
            start: 0,
            end: 0,
            fieldPath: '',
            document: di,
          });
        }
      }
    });
    const unusedSev = effectiveSeverity(unusedSuppression, settings);
    const whole = dropMissingInPatches(parsed, out, settings.partial === true);
    const complete = parsed.incompleteSpans.length === 0 ? whole : softenIncomplete(parsed, whole);
    return applySuppressions(text, dedupe(complete), (sup, ruleId) =>
      unusedSev
        ? {
            rule: unusedSuppression.id,
            severity: unusedSev,
            message: ruleById(ruleId)
              ? `${ruleId} reports nothing ${sup.kind === 'next-line' ? 'on the next line' : 'in the rest of this document'}: this suppression can go`
              : `${ruleId} is not a rule id of this extension (see docs/rules.md)`,
            start: sup.start,
            end: sup.end,
            fieldPath: '',
            document: 0,
            tags: ['unnecessary'],
          }
        : undefined,
    );
  }

  clear(): void {
    this.parseCache.clear();
    this.findingsCache.clear();
  }
}

/**
 * Documents that are not complete manifests yet. In a templated document the
 * template may produce any value and any field: findings on masked actions go,
 * so do missing-field findings and syntax errors of templated text, and the
 * rest are at most warnings. In an example with placeholders (`<YOUR-IMAGE>`)
 * the user fills them in: format checks on a placeholder and missing-field
 * findings go, but a placeholder where a number belongs stays a type error.
 */
function softenIncomplete(parsed: ParsedSegment, list: Finding[]): Finding[] {
  const spans = parsed.incompleteSpans;
  const out: Finding[] = [];
  for (const f of list) {
    if (f.apiErrorType === 'Required' || f.apiErrorType === 'NotFound') continue;
    const onSpan = spans.some(([s, e]) => f.start < e && f.end > s);
    if (parsed.templated) {
      if (f.rule.startsWith('yaml/') || onSpan) continue;
      if (parsed.enclosingSpans.some(([s, e]) => f.start >= s && f.start <= e)) continue;
      out.push(f.severity === 'error' ? { ...f, severity: 'warning' } : f);
    } else {
      if (onSpan && !f.rule.startsWith('schema/')) continue;
      out.push(f);
    }
  }
  return out;
}

/**
 * Patches are partial objects (strategic-merge patches carry `$patch`,
 * `$setElementOrder/…` or `$retainKeys`; kustomizations list patch files):
 * what they leave out is not missing, so Required and Not-found findings go.
 */
function dropMissingInPatches(parsed: ParsedSegment, list: Finding[], partialFile: boolean): Finding[] {
  const partial = parsed.docs.map((d) => partialFile || hasPatchDirectives(d.root));
  if (!partial.some(Boolean)) return list;
  return list.filter((f) => !(partial[f.document ?? 0] && (f.apiErrorType === 'Required' || f.apiErrorType === 'NotFound' || RELATIONAL.has(f.rule))));
}

/** Rules that compare a field with another that a patch may leave to its base. */
const RELATIONAL = new Set(['workload/selector-mismatch', 'workload/selector-required']);

export function hasPatchDirectives(f: FieldNode | null): boolean {
  if (!f) return false;
  if (f.key && isPatchDirective(f.key)) return true;
  return (f.children ?? []).some(hasPatchDirectives);
}

/**
 * Runs `f`; a stack overflow (a document nested deeper than the recursion in
 * the reader can follow, though the parser could) gives `fallback` instead.
 */
function withinStack<T>(f: () => T, fallback: T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof RangeError) return fallback;
    throw e;
  }
}

/**
 * The model of one parsed document. One nested too deeply to read is refused
 * the way the parser refuses one it cannot compose: a RESOURCE_EXHAUSTION
 * error (reported by yaml/RESOURCE_EXHAUSTION) and an empty model.
 */
function readSafely(d: Document.Parsed, i: number, paths: readonly PodTemplatePath[]): DocModel {
  const model = withinStack(() => readDocument(d, i, paths), undefined);
  if (model) return model;
  const at = d.range?.[0] ?? 0;
  d.errors.push(new YAMLParseError([at, at + 1], 'RESOURCE_EXHAUSTION', 'The document is nested too deeply to be analysed'));
  return { indexInSegment: i, yaml: d, root: null, objects: [], pods: [], facts: [] };
}

function collectPlaceholders(f: FieldNode | null, spans: [number, number][]): void {
  if (!f) return;
  if (f.kind === 'scalar' && typeof f.value === 'string' && PLACEHOLDER.test(f.value)) spans.push([f.start, f.end]);
  if (f.key && PLACEHOLDER.test(f.key) && f.keyStart !== undefined) spans.push([f.keyStart, f.keyEnd!]);
  for (const c of f.children ?? []) collectPlaceholders(c, spans);
}

function dedupe(list: Finding[]): Finding[] {
  const seen = new Set<string>();
  return list.filter((f) => {
    const k = `${f.rule}|${f.start}|${f.end}|${f.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

export function effectiveSeverity(rule: Rule, settings: AnalysisSettings): Severity | undefined {
  const o = settings.rules[rule.id];
  if (o === 'off') return undefined;
  return o ?? rule.severity;
}

function settingsKey(s: AnalysisSettings): string {
  const rules = Object.keys(s.rules)
    .sort()
    .map((k) => `${k}=${s.rules[k]}`)
    .join(',');
  return `${s.kubernetesVersion}|${s.partial ? 'partial|' : ''}${rules}`;
}

function toFinding(rule: Rule, sev: Severity, a: ReportArgs, settings: AnalysisSettings): Finding | undefined {
  let range: [number, number];
  if (a.range) range = a.range;
  else if (a.field) {
    const on = a.on ?? (a.field.keyStart !== undefined ? 'key' : 'value');
    if (on === 'key') range = anchorRange(a.field);
    else if (on === 'value') range = valueRange(a.field);
    else range = [a.field.keyStart ?? a.field.start, a.field.end];
  } else range = [0, 0];
  let severity = sev;
  // A rule's own downgrade (e.g. gated feature) applies only when the user did not override the rule.
  if (a.severity && !settings.rules[rule.id]) severity = a.severity;
  const f: Finding = {
    rule: rule.id,
    severity,
    message: a.message,
    start: range[0],
    end: Math.max(range[0], range[1]),
    fieldPath: a.fieldPath ?? a.field?.path ?? '',
  };
  if (a.apiErrorType && rule.rejects) f.apiErrorType = a.apiErrorType;
  if (a.data) f.data = { ...a.data };
  if (a.tags) f.tags = a.tags;
  return f;
}

function looksBinary(text: string): boolean {
  const n = Math.min(text.length, 8192);
  let bad = 0;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 0) return true;
    if (c < 9 || (c > 13 && c < 32 && c !== 27)) bad++;
  }
  return n > 0 && bad / n > 0.1;
}

