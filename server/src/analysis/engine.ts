/**
 * The analysis engine: text in, findings out, incrementally. A file is split
 * into its YAML documents (text.ts); each document's parse and model are
 * cached by its text, its findings by (settings, text), so an edit re-reads
 * only the document it touched and the rest are reused with shifted offsets.
 */
import { Parser, Composer, Document, YAMLParseError } from 'yaml';
import { MAX_NESTING, nestsTooDeep, splitDocuments, type Segment } from './text';
import { SegmentCache, FindingsCache, ownCopy } from './placement';
import { isPatchDirective, readDocument, readWork } from './reader';
import { adaptToKubectl } from './goYaml';
import type { DocModel, FieldNode, PodSpecModel } from './model';
import { anchorRange, fieldAt, isBroken, valueRange } from './model';
import { ORIGIN, type Finding, type Severity } from './findings';
import type { AnyRule, Policy, Report } from './rules/rule';
import { RULES } from './rules/index';
import { compareVersions } from './api/table';
import { BUILTIN_POD_TEMPLATE_PATHS, podSpecValidated, type PodTemplatePath } from './knowledge/kinds';
import { DEFAULT_SETTINGS, versionOrigin, type AnalysisSettings } from './settings';
import type { WorkspaceView } from './workspaceTypes';
import { applySuppressions } from './suppressions';
import { hasTemplateActions, maskTemplates, PLACEHOLDER } from './templates';
import { fileNotText, fileTooLarge, projectUnreadable, ruleFailed, templateNotChecked, unusedSuppression } from './rules/notices';

/** A cheap test of the whole text before placeholders are looked for value by value. */
const MAY_HOLD_PLACEHOLDERS = /<[A-Za-z]|\$\{?[A-Za-z_]/;

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
  /** What keeping this parse costs, about in bytes: its text and the values read from it (the parse cache's weight). */
  weight?: number;
}

/** Bytes a parse keeps per value read (the `yaml` node and the model's FieldNode), measured on large manifests. */
const BYTES_PER_VALUE = 450;

export interface PlacedSegment {
  segment: Segment;
  parsed: ParsedSegment;
  /** Index in the file of the segment's first YAML document. */
  firstDocument: number;
}

/** A place in a file: its segment, its document, the offset within the segment, and the deepest field there. */
export interface Located {
  placed: PlacedSegment;
  doc: DocModel;
  /** Offset relative to the segment. */
  local: number;
  field?: FieldNode;
}

export interface FileAnalysis {
  segments: PlacedSegment[];
  /** Absolute offsets, sorted by start. */
  findings: (Finding & { document: number })[];
}

/**
 * Parses one segment's text into yaml Documents, read as kubectl reads them
 * (goYaml.ts: duplicate keys, escapes and plain scalars of go-yaml v2).
 */
export function parseSegmentYaml(text: string): Document.Parsed[] {
  const composer = new Composer(PARSE_OPTIONS);
  const docs: Document.Parsed[] = [];
  let from = 0;
  for (const d of composer.compose(new Parser().parse(text), true, text.length)) {
    const doc = d as Document.Parsed;
    adaptToKubectl(doc, text, from);
    from = doc.range?.[2] ?? from;
    docs.push(doc);
  }
  return docs;
}

export class Engine {
  /** Parses by segment text, and the placements of recent texts (placement.ts). */
  private parseCache = new SegmentCache<ParsedSegment>({
    weigh: (p, text) => p.weight ?? text.length,
    // Weights are about bytes: keep 16 MB of parses at least, or the current file's and 8 MB more.
    minWeight: 16 << 20,
    slackWeight: 8 << 20,
  });
  private findingsCache = new FindingsCache<ParsedSegment, Finding[]>();
  /** Counters for tests and the benchmark: how much work the last runs did. */
  stats = { parsed: 0, checked: 0, refusedUnparsed: 0 };

  private readonly byId: Map<string, AnyRule>;

  constructor(private readonly rules: readonly AnyRule[] = RULES) {
    this.byId = new Map(rules.map((r) => [r.id, r]));
  }

  /** How the findings of a rule are treated (its policy), by id. */
  private policyOf = (id: string): Policy | undefined => this.byId.get(id)?.policy;

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
    // A private copy: the parse keeps slices of its text, which must not keep the whole file alive.
    const parsed = this.parseFresh(ownCopy(text));
    this.parseCache.set(text, parsed);
    return parsed;
  }

  /** Parses and reads one segment, without the cache. */
  private parseFresh(text: string): ParsedSegment {
    this.stats.parsed++;
    const templated = hasTemplateActions(text);
    const masked = templated ? maskTemplates(text) : undefined;
    const source = masked ? masked.text : text;
    // A document nested deeper than any manifest is refused before the parser builds millions of nodes for it.
    const valuesBefore = readWork.nodes;
    const tooDeep = nestsTooDeep(source);
    if (tooDeep) this.stats.refusedUnparsed++;
    const docs = tooDeep ? [refusedTooDeep(source)] : parseSegmentYaml(source).map((d, i) => readSafely(d, i, this.customPaths));
    const incompleteSpans = masked ? [...masked.spans] : [];
    const enclosingSpans = masked ? masked.enclosing : [];
    if (MAY_HOLD_PLACEHOLDERS.test(text)) for (const d of docs) withinStack(() => collectPlaceholders(d.root, incompleteSpans), undefined);
    const weight = 2 * text.length + BYTES_PER_VALUE * (readWork.nodes - valuesBefore);
    return { docs, templated, incompleteSpans, enclosingSpans, weight };
  }

  /**
   * Splits and parses (from cache where the text is unchanged). The same text
   * is placed again in O(1); a new one reuses the unchanged segments of a
   * recent text without hashing them (placement.ts).
   */
  place(text: string): PlacedSegment[] {
    return this.parseCache.place(text, (t) => this.parseSegment(t));
  }

  /**
   * Finds the document and the field under an absolute offset. Past the size
   * limit nothing is parsed (analyze says so with file/too-large), so requests
   * on a huge file cost nothing.
   */
  locate(text: string, offset: number, maxFileSize = DEFAULT_SETTINGS.maxFileSize): Located | undefined {
    if (text.length > maxFileSize) return undefined;
    for (const placed of this.place(text)) {
      const { segment } = placed;
      if (offset < segment.start || offset > segment.end) continue;
      const local = offset - segment.start;
      for (const doc of placed.parsed.docs) {
        const r = doc.yaml.range;
        if (r && (local < r[0] || local > r[2])) continue;
        return { placed, doc, local, field: fieldAt(rootOf(doc), local) };
      }
      const doc = placed.parsed.docs[0];
      if (doc) return { placed, doc, local, field: fieldAt(rootOf(doc), local) };
    }
    return undefined;
  }

  analyze(text: string, settings: AnalysisSettings = DEFAULT_SETTINGS, isCancelled?: () => boolean): FileAnalysis {
    this.setPodTemplatePaths(settings.podTemplatePaths);
    const findings: FileAnalysis['findings'] = [];
    if (!this.fileNotices(text, settings, findings)) return { segments: [], findings };
    const segments = this.place(text);
    const emit = this.segmentEmitter(settings, findings, true);
    for (const placed of segments) {
      if (isCancelled?.()) break;
      emit(placed);
    }
    findings.sort((a, b) => a.start - b.start || a.end - b.end);
    return { segments, findings };
  }

  /**
   * The findings of a text that will not be seen again (the checker): the
   * same findings as `analyze`, but segment by segment with nothing cached,
   * so that a file of any size holds one segment's parse at a time; the
   * findings carry no origin (no fixes), which would keep each parse alive.
   */
  checkOnce(text: string, settings: AnalysisSettings = DEFAULT_SETTINGS): FileAnalysis['findings'] {
    this.setPodTemplatePaths(settings.podTemplatePaths);
    const findings: FileAnalysis['findings'] = [];
    if (!this.fileNotices(text, settings, findings)) return findings;
    const emit = this.segmentEmitter(settings, findings, false);
    let firstDocument = 0;
    for (const segment of splitDocuments(text)) {
      const parsed = this.parseFresh(segment.text);
      emit({ segment, parsed, firstDocument });
      firstDocument += parsed.docs.length;
    }
    findings.sort((a, b) => a.start - b.start || a.end - b.end);
    return findings;
  }

  /** What is said about the file as a whole; false when the file is not analysed further (too large, not text). */
  private fileNotices(text: string, settings: AnalysisSettings, findings: FileAnalysis['findings']): boolean {
    const fileNotice = (rule: AnyRule, message: string): void => {
      const f = this.engineFinding(rule, settings, { range: [0, Math.min(text.length, 1)], message });
      if (f) findings.push({ ...f, document: 0 });
    };
    for (const problem of settings.projectProblems ?? []) fileNotice(projectUnreadable, `Project file not read, its settings do not apply here: ${problem}`);
    if (text.length > settings.maxFileSize) {
      fileNotice(fileTooLarge, `Not analysed: the file has ${text.length} characters, more than podPatterns.maxFileSize (${settings.maxFileSize})`);
      return false;
    }
    if (looksBinary(text)) {
      fileNotice(fileNotText, 'Not analysed: the file does not look like text (it holds NUL or other control characters)');
      return false;
    }
    return true;
  }

  /** Adds the findings of one placed segment (from the findings cache when `cached`), at file offsets. */
  private segmentEmitter(settings: AnalysisSettings, findings: FileAnalysis['findings'], cached: boolean): (placed: PlacedSegment) => void {
    const key = settingsKey(settings);
    let templatedSaid = false;
    return (placed) => {
      const { segment, parsed } = placed;
      if (parsed.templated && !templatedSaid) {
        templatedSaid = true;
        const [s, e] = parsed.incompleteSpans[0] ?? [0, 0];
        const f = this.engineFinding(templateNotChecked, settings, {
          range: [segment.start + s, segment.start + Math.min(e, s + 200)],
          message: 'This file holds template actions ({{ }}): what they produce was not checked, and findings in templated documents are at most warnings',
        });
        if (f) findings.push({ ...f, document: placed.firstDocument });
      }
      let local = cached ? this.findingsCache.get(parsed, key) : undefined;
      if (!local) {
        local = this.checkSegment(segment.text, parsed, settings);
        if (cached) this.findingsCache.set(parsed, key, local);
      }
      for (const f of local) {
        const placedFinding: FileAnalysis['findings'][number] = { ...f, start: f.start + segment.start, end: f.end + segment.start, document: placed.firstDocument + (f.document ?? 0) };
        const origin = f[ORIGIN];
        if (cached) placedFinding[ORIGIN] = origin && { ...origin, text: segment.text, base: segment.start };
        else delete placedFinding[ORIGIN];
        findings.push(placedFinding);
      }
    };
  }

  private active = new Map<string, { rule: AnyRule; sev: Severity }[]>();

  /** The rules that apply under these settings (release, severity overrides), worked out once per settings; those that look across files apart. */
  private activeRules(settings: AnalysisSettings, workspace = false): { rule: AnyRule; sev: Severity }[] {
    const key = `${workspace ? 'ws|' : ''}${settingsKey(settings)}`;
    let list = this.active.get(key);
    if (!list) {
      list = [];
      for (const rule of this.rules) {
        if (rule.scope === 'engine' || !!rule.workspace !== workspace) continue;
        const sev = effectiveSeverity(rule, settings);
        if (!sev || !inRelease(rule, settings.kubernetesVersion)) continue;
        list.push({ rule, sev });
      }
      if (this.active.size >= 16) this.active.clear();
      this.active.set(key, list);
    }
    return list;
  }

  /** A finding of a rule the engine reports itself, at its configured severity (undefined when off). */
  private engineFinding(rule: AnyRule, settings: AnalysisSettings, r: Report<unknown>): Finding | undefined {
    const sev = effectiveSeverity(rule, settings);
    return sev ? toFinding(rule, sev, r, settings) : undefined;
  }

  /** Runs every applicable rule on one segment (with `workspace`, only the rules that look across files); offsets stay segment-relative. */
  checkSegment(text: string, parsed: ParsedSegment, settings: AnalysisSettings, workspace?: WorkspaceView): Finding[] {
    if (!workspace) this.stats.checked++;
    const out: Finding[] = [];
    const version = settings.kubernetesVersion;
    const origin = versionOrigin(settings);
    parsed.docs.forEach((doc, di) => {
      // After a YAML syntax error the parser's recovery can shape the tree oddly: until the syntax is
      // fixed, the document gets its syntax errors only, never a cascade of made-up problems. Keys
      // being typed are the exception: the model leaves them out, and the rest is checked as before.
      const broken = isBroken(doc);
      for (const { rule, sev } of this.activeRules(settings, !!workspace)) {
        if (broken && !rule.policy?.onSyntaxErrors) continue;
        const report =
          (where: { pod?: PodSpecModel; object?: FieldNode }) =>
          (r: Report<unknown>): void => {
            const f = toFinding(rule, sev, r, settings);
            if (!f) return;
            f.document = di;
            f[ORIGIN] = { doc, field: r.field, ...where };
            out.push(f);
          };
        try {
          const base = { version, versionOrigin: origin, doc, text, workspace };
          if (rule.scope === 'document') rule.check({ ...base, report: report({}) });
          else if (rule.scope === 'object') {
            for (const object of doc.objects) {
              const kind = kindOf(object);
              if (kind && appliesToKind(rule, kind)) rule.check({ ...base, object, kind, report: report({ object }) });
            }
          } else if (rule.scope === 'pod') {
            for (const pod of doc.pods) if (appliesToPod(rule, pod, version)) rule.check({ ...base, pod, report: report({ pod }) });
          }
        } catch (e) {
          const f = this.engineFinding(ruleFailed, settings, {
            range: [0, 0],
            message: `Rule ${rule.id} failed on this document: ${e instanceof Error ? e.message : String(e)}`,
          });
          if (f) out.push({ ...f, document: di });
        }
      }
    });
    const whole = dropMissingInPatches(parsed, out, settings.partial === true, this.policyOf);
    const complete = parsed.incompleteSpans.length === 0 ? whole : softenIncomplete(parsed, whole, this.policyOf);
    return applySuppressions(
      text,
      dedupe(complete),
      (f) => this.policyOf(f.rule)?.suppressible !== false,
      (sup, ruleId) => {
        // The rules that look across files run apart (checkWorkspace): whether they had something here is not known.
        if (this.byId.get(ruleId)?.workspace) return undefined;
        if (workspace) return undefined;
        const f = this.engineFinding(unusedSuppression, settings, {
          range: [sup.start, sup.end],
          message: this.byId.has(ruleId)
            ? `${ruleId} reports nothing ${sup.kind === 'next-line' ? 'on the next line' : 'in the rest of this document'}: this suppression can go`
            : `${ruleId} is not a rule id of this extension (see docs/rules.md)`,
          tags: ['unnecessary'],
        });
        return f && { ...f, document: 0 };
      },
    );
  }

  /**
   * The findings of the rules that look across objects and files, for the
   * workspace as this file sees it: never cached (other files change them),
   * nothing in templated documents (their names are the template's).
   * Absolute offsets, like analyze's.
   */
  checkWorkspace(text: string, settings: AnalysisSettings, workspace: WorkspaceView, isCancelled?: () => boolean): FileAnalysis['findings'] {
    const out: FileAnalysis['findings'] = [];
    if (text.length > settings.maxFileSize || looksBinary(text) || this.activeRules(settings, true).length === 0) return out;
    this.setPodTemplatePaths(settings.podTemplatePaths);
    for (const placed of this.place(text)) {
      if (isCancelled?.()) break;
      const { segment, parsed } = placed;
      if (parsed.templated) continue;
      for (const f of this.checkSegment(segment.text, parsed, settings, workspace)) {
        const origin = f[ORIGIN];
        out.push({
          ...f,
          start: f.start + segment.start,
          end: f.end + segment.start,
          document: placed.firstDocument + (f.document ?? 0),
          [ORIGIN]: origin && { ...origin, text: segment.text, base: segment.start },
        });
      }
    }
    return out;
  }

  /** What the caches hold (tests and the benchmark): parses kept, their weight, and placements kept. */
  cacheStats(): { parses: number; weight: number; placements: number } {
    return { parses: this.parseCache.size, weight: this.parseCache.totalWeight, placements: this.parseCache.placements };
  }

  /** What the parse cache may hold (its weight budget and entries), for tests. */
  cacheLimits(): { weight: number; entries: number } {
    return this.parseCache.limits;
  }

  clear(): void {
    this.parseCache.clear();
    this.findingsCache.clear();
  }
}

/** The tree a place is looked up in: the document's model, or the object a pod names (a ConfigMap, a Service: read for navigation only). */
const rootOf = (doc: DocModel): FieldNode | null => doc.root ?? doc.referenced?.[0] ?? null;

/** The rule applies to this release (its `applies.since` / `until`). */
function inRelease(rule: AnyRule, version: string): boolean {
  const a = rule.applies;
  if (a?.since && compareVersions(version, a.since) < 0) return false;
  if (a?.until && compareVersions(version, a.until) > 0) return false;
  return true;
}

function appliesToKind(rule: AnyRule, kind: string): boolean {
  const { kinds, exceptKinds } = rule.applies ?? {};
  return (!kinds || kinds.includes(kind)) && !exceptKinds?.includes(kind);
}

/**
 * A pod rule runs on a pod spec of a kind it applies to; one that rejects
 * runs only where the API server validates that pod spec (unless it says
 * `podSpec: 'any'`).
 */
function appliesToPod(rule: AnyRule, pod: PodSpecModel, version: string): boolean {
  if (!appliesToKind(rule, pod.kind)) return false;
  const validatedOnly = (rule.applies?.podSpec ?? (rule.rejects ? 'validated' : 'any')) === 'validated';
  return !validatedOnly || podSpecValidated(pod, version);
}

const kindOf = (object: FieldNode): string | undefined => {
  const k = object.children?.find((c) => c.key === 'kind');
  return k && k.kind === 'scalar' && typeof k.value === 'string' ? k.value : undefined;
};

/**
 * Documents that are not complete manifests yet. In a templated document the
 * template may produce any value and any field: findings on masked actions go,
 * so do missing-field findings and the findings of rules whose policy drops
 * them there (syntax errors of templated text), and the rest are at most
 * warnings. In an example with placeholders (`<YOUR-IMAGE>`) the user fills
 * them in: findings on a placeholder and missing-field findings go, except
 * those of rules whose policy keeps them (a placeholder where a number
 * belongs stays a type error).
 */
function softenIncomplete(parsed: ParsedSegment, list: Finding[], policyOf: (id: string) => Policy | undefined): Finding[] {
  const spans = parsed.incompleteSpans;
  const out: Finding[] = [];
  for (const f of list) {
    if (f.apiErrorType === 'Required' || f.apiErrorType === 'NotFound') continue;
    const policy = policyOf(f.rule);
    const onSpan = spans.some(([s, e]) => f.start < e && f.end > s);
    if (parsed.templated) {
      if (policy?.templated === 'drop' || onSpan) continue;
      if (parsed.enclosingSpans.some(([s, e]) => f.start >= s && f.start <= e)) continue;
      out.push(f.severity === 'error' ? { ...f, severity: 'warning' } : f);
    } else {
      if (onSpan && policy?.placeholders !== 'keep') continue;
      out.push(f);
    }
  }
  return out;
}

/**
 * Patches are partial objects (strategic-merge patches carry `$patch`,
 * `$setElementOrder/…` or `$retainKeys`; kustomizations list patch files):
 * what they leave out is not missing, so Required and Not-found findings go,
 * and so do the findings of rules that compare a field with another the
 * patch may leave to its base.
 */
function dropMissingInPatches(parsed: ParsedSegment, list: Finding[], partialFile: boolean, policyOf: (id: string) => Policy | undefined): Finding[] {
  const partial = parsed.docs.map((d) => partialFile || hasPatchDirectives(d.root));
  if (!partial.some(Boolean)) return list;
  return list.filter(
    (f) => !(partial[f.document ?? 0] && (f.apiErrorType === 'Required' || f.apiErrorType === 'NotFound' || policyOf(f.rule)?.relational)),
  );
}

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
  const model = withinStack(() => readDocument(d, i, paths, { dropHalfTypedKeys: true }), undefined);
  if (model) return model;
  const at = d.range?.[0] ?? 0;
  d.errors.push(new YAMLParseError([at, at + 1], 'RESOURCE_EXHAUSTION', 'The document is nested too deeply to be analysed'));
  return { indexInSegment: i, yaml: d, root: null, objects: [], pods: [], facts: [] };
}

/** A segment refused unparsed (nestsTooDeep): one empty document that carries the RESOURCE_EXHAUSTION error. */
function refusedTooDeep(text: string): DocModel {
  const yaml = new Document(null) as unknown as Document.Parsed;
  yaml.range = [0, text.length, text.length];
  yaml.errors.push(new YAMLParseError([0, Math.min(text.length, 1)], 'RESOURCE_EXHAUSTION', `The document nests deeper than ${MAX_NESTING} levels: not analysed`));
  return { indexInSegment: 0, yaml, root: null, objects: [], pods: [], facts: [] };
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

export function effectiveSeverity(rule: AnyRule, settings: AnalysisSettings): Severity | undefined {
  const o = settings.rules[rule.id];
  if (o === 'off') return undefined;
  return o ?? rule.severity;
}

function settingsKey(s: AnalysisSettings): string {
  const rules = Object.keys(s.rules)
    .sort()
    .map((k) => `${k}=${s.rules[k]}`)
    .join(',');
  return `${s.kubernetesVersion}|${s.versionFrom ?? ''}|${s.partial ? 'partial|' : ''}${rules}`;
}

function toFinding(rule: AnyRule, sev: Severity, r: Report<unknown>, settings: AnalysisSettings): Finding {
  let range: [number, number];
  if (r.range) range = r.range;
  else if (r.field) {
    const on = r.on ?? (r.field.keyStart !== undefined ? 'key' : 'value');
    if (on === 'key') range = anchorRange(r.field);
    else if (on === 'value') range = valueRange(r.field);
    else range = [r.field.keyStart ?? r.field.start, r.field.end];
  } else range = [0, 0];
  // A rule's own downgrade (e.g. a gated feature) applies only when the user did not set the rule's severity.
  const severity = r.severity && !settings.rules[rule.id] ? r.severity : sev;
  const f: Finding = {
    rule: rule.id,
    severity,
    message: r.message,
    start: range[0],
    end: Math.max(range[0], range[1]),
    fieldPath: r.fieldPath ?? r.field?.path ?? '',
  };
  if (r.apiErrorType && rule.rejects) f.apiErrorType = r.apiErrorType;
  if (r.data !== undefined) f.data = r.data;
  if (r.tags) f.tags = r.tags;
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

