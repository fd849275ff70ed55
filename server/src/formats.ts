/**
 * The checker's output formats for CI, besides text and json (cli.ts):
 *
 * - `sarif`: a SARIF 2.1.0 log (one run) for code scanning
 *   (github/codeql-action/upload-sarif and other SARIF viewers);
 * - `github`: GitHub Actions workflow commands (`::error file=…::message`),
 *   which the runner turns into annotations on the pull request.
 *
 * Both use 1-based lines and columns, columns counted in UTF-16 code units
 * (as editors and the SARIF default `utf16CodeUnits` do), end column exclusive.
 *
 * Messages and paths come from the manifests and the repository (a container
 * named "a\n::error file=…::"), so each format has one escaping function that
 * every such value goes through: `escapeText` for text (and the checker's
 * own messages), `escapeData` / `escapeProperty` for workflow commands, and
 * `jsonText` for json and sarif. No control character or line break from a
 * manifest reaches any output as such.
 */
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { version as PACKAGE_VERSION } from '../../package.json';
import { RULES } from './analysis/rules/index';
import type { AnyRule as Rule } from './analysis/rules/rule';
import type { Severity } from './analysis/findings';
import { LineIndex } from './analysis/text';
import { PROJECT_URL, ruleDocUrl } from './analysis/docsLinks';
import picocolors from 'picocolors';

/** The colour functions of picocolors; whether they colour is decided by the caller (useColor). */
export type Colors = ReturnType<typeof picocolors.createColors>;
export const NO_COLORS: Colors = picocolors.createColors(false);

export const FORMATS = ['text', 'json', 'sarif', 'github'] as const;
export type Format = (typeof FORMATS)[number];

export const TOOL_NAME = 'kube-pod-patterns';
/** The package version, taken from package.json when the checker is bundled. */
export const TOOL_VERSION: string = PACKAGE_VERSION;

/** What the formats need of a checked file (cli.ts's CheckedFile is one). */
export interface ReportedFile {
  /** As shown: `/`-separated, relative to the working folder or absolute; `<stdin>` for standard input. */
  path: string;
  text: string;
  findings: { rule: string; severity: Severity; message: string; start: number; end: number; fieldPath?: string; apiErrorType?: string; document?: number }[];
}

export const STDIN_PATH = '<stdin>';

interface Span {
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn: number;
}

function span(idx: LineIndex, start: number, end: number): Span {
  const s = idx.positionAt(start);
  const e = idx.positionAt(Math.max(start, end));
  return { startLine: s.line + 1, startColumn: s.character + 1, endLine: e.line + 1, endColumn: e.character + 1 };
}

/** Findings by severity: information and hints are counted together, as "information" in the summary. */
export function countBySeverity(files: ReportedFile[]): { errors: number; warnings: number; information: number } {
  let errors = 0;
  let warnings = 0;
  let information = 0;
  for (const f of files) {
    for (const d of f.findings) {
      if (d.severity === 'error') errors++;
      else if (d.severity === 'warning') warnings++;
      else information++;
    }
  }
  return { errors, warnings, information };
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/** The closing line of the text format (and of the github one): `2 files checked: 1 error, 0 warnings, 3 information`. */
export function summaryLine(files: ReportedFile[], colors: Colors = NO_COLORS): string {
  const c = countBySeverity(files);
  const counted = (n: number, text: string, paint: (s: string) => string): string => (n ? paint(text) : text);
  return [
    `${plural(files.length, 'file')} checked: `,
    counted(c.errors, plural(c.errors, 'error'), (t) => colors.bold(colors.red(t))),
    ', ',
    counted(c.warnings, plural(c.warnings, 'warning'), colors.yellow),
    ', ',
    counted(c.information, `${c.information} information`, colors.blue),
  ].join('');
}

/**
 * Characters that would break a line of text output or hide what follows:
 * C0 and C1 controls (line breaks, escape sequences, NUL), DEL, the Unicode
 * line and paragraph separators, and the bidirectional controls.
 */
// eslint-disable-next-line no-control-regex -- control characters are what it finds
const UNSAFE_TEXT = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069\\]/g;

/**
 * A value on one line of text output: the characters of UNSAFE_TEXT become
 * escapes (`\n`, `\r`, `\t`, `\x1b`, `\u2028`), and a backslash is doubled,
 * so that an escape in the output always means one in the value.
 */
export function escapeText(s: string): string {
  return s.replace(UNSAFE_TEXT, (c) => {
    if (c === '\\') return '\\\\';
    if (c === '\n') return '\\n';
    if (c === '\r') return '\\r';
    if (c === '\t') return '\\t';
    const code = c.charCodeAt(0);
    return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

/** What JSON.stringify leaves raw in strings though it breaks or hides log lines: DEL, C1 controls, line separators, bidi controls. */
const JSON_RAW = /[\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/**
 * A value as JSON text (json and sarif), indented: JSON.stringify, with the
 * characters of JSON_RAW written as \u escapes too (they can only stand in
 * strings, where the escape means the same character).
 */
export function jsonText(value: unknown): string {
  return JSON.stringify(value, null, 2).replace(JSON_RAW, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Diagnostics as `path:line:col: severity: message [rule]` lines, no summary, no excerpt. */
export function textLines(files: ReportedFile[]): string[] {
  const lines: string[] = [];
  for (const f of files) {
    const idx = new LineIndex(f.text);
    for (const d of f.findings) {
      const s = span(idx, d.start, d.end);
      lines.push(`${escapeText(f.path)}:${s.startLine}:${s.startColumn}: ${d.severity}: ${escapeText(d.message)} [${escapeText(d.rule)}]`);
    }
  }
  return lines;
}

export interface TextOptions {
  /** ANSI colours (useColor decides for a terminal). */
  colors?: Colors;
  /** The source line of each finding with a caret under it (default true). */
  excerpt?: boolean;
}

/** The longest excerpt shown of a source line, in characters as written (a minified line is cut around the finding). */
export const EXCERPT_MAX_CHARS = 120;

const SEVERITY_COLOR: Record<Severity, (c: Colors) => (s: string) => string> = {
  error: (c) => (s) => c.bold(c.red(s)),
  warning: (c) => c.yellow,
  information: (c) => c.blue,
  hint: (c) => c.cyan,
};

/**
 * The finding's source line and a caret under it, indented below the
 * finding: `   12 |     image: nginx:latest` then `      |            ^~~~~~`.
 * The line is escaped as the messages are (escapeText), and the caret is
 * placed by the escaped text, so that a tab or a control character in the
 * line does not move it off its column. A finding that runs past its line is
 * underlined to the line's end. A long line is cut to EXCERPT_MAX_CHARS
 * around the finding, so that the output grows with the findings, not with
 * the length of a minified line times their number.
 */
export function excerptLines(idx: LineIndex, text: string, start: number, end: number, paint: (s: string) => string = (s) => s, dim: (s: string) => string = (s) => s): string[] {
  const line = idx.positionAt(start).line;
  const lineStart = idx.lineStart(line);
  let lineEnd = line + 1 < idx.lineCount ? idx.lineStart(line + 1) : text.length;
  while (lineEnd > lineStart && (text.charCodeAt(lineEnd - 1) === 0x0a || text.charCodeAt(lineEnd - 1) === 0x0d)) lineEnd--;
  const from = Math.min(start, lineEnd) - lineStart;
  const to = Math.min(Math.max(end, start), lineEnd) - lineStart;
  let windowStart = 0;
  let windowEnd = lineEnd - lineStart;
  if (windowEnd > EXCERPT_MAX_CHARS) {
    windowStart = Math.max(0, Math.min(from - Math.floor(EXCERPT_MAX_CHARS / 3), windowEnd - EXCERPT_MAX_CHARS));
    windowEnd = windowStart + EXCERPT_MAX_CHARS;
  }
  const lineText = text.slice(lineStart + windowStart, lineStart + windowEnd);
  const before = escapeText(lineText.slice(0, from - windowStart));
  const marked = escapeText(lineText.slice(from - windowStart, Math.min(to, windowEnd) - windowStart));
  const lead = windowStart > 0 ? '…' : '';
  const tail = lineStart + windowEnd < lineEnd ? '…' : '';
  const number = String(line + 1);
  const width = Math.max(5, number.length + 1);
  // One caret at least: a finding of no width, or one at the end of its line, still points somewhere.
  const caret = '^' + '~'.repeat(Math.max(0, marked.length - 1));
  return [
    dim(`${number.padStart(width)} | `) + lead + escapeText(lineText) + tail,
    dim(`${' '.repeat(width)} | `) + ' '.repeat(lead.length + before.length) + paint(caret),
  ];
}

/** The text format: each finding (with its excerpt), then the summary line. */
export function formatText(files: ReportedFile[], opts: TextOptions = {}): string {
  const c = opts.colors ?? NO_COLORS;
  const excerpt = opts.excerpt ?? true;
  const lines: string[] = [];
  for (const f of files) {
    const idx = new LineIndex(f.text);
    for (const d of f.findings) {
      const s = span(idx, d.start, d.end);
      const paint = SEVERITY_COLOR[d.severity](c);
      lines.push(`${c.bold(`${escapeText(f.path)}:${s.startLine}:${s.startColumn}`)}: ${paint(d.severity)}: ${escapeText(d.message)} ${c.dim(`[${escapeText(d.rule)}]`)}`);
      if (excerpt) lines.push(...excerptLines(idx, f.text, d.start, d.end, paint, c.dim));
    }
  }
  lines.push(summaryLine(files, c));
  return lines.join('\n') + '\n';
}

/**
 * Whether the text format is coloured: never when NO_COLOR is set and not
 * empty (no-color.org: it wins over FORCE_COLOR); always when FORCE_COLOR is
 * set and not empty, unless it is `0` or `false`, which turn colour off;
 * otherwise when standard output is a terminal other than a dumb one.
 */
export function useColor(env: Record<string, string | undefined>, isTTY: boolean): boolean {
  if (env.NO_COLOR) return false;
  if (env.FORCE_COLOR) return !['0', 'false'].includes(env.FORCE_COLOR);
  return isTTY && env.TERM !== 'dumb';
}

// ---------------------------------------------------------------- github

const GITHUB_COMMAND: Record<Severity, string> = { error: 'error', warning: 'warning', information: 'notice', hint: 'notice' };

// eslint-disable-next-line no-control-regex -- control characters are what it finds
const OTHER_CONTROLS = /[\u0000-\u0009\v\f\u000e-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/**
 * A workflow command's message: the runner unescapes `%25`, `%0D` and `%0A`,
 * so those three are escaped that way; other control characters (which the
 * runner passes to the log as they are: escape sequences, NUL) are
 * percent-encoded too, and so stay visible as text.
 */
export function escapeData(s: string): string {
  return s
    .replace(/%/g, '%25')
    .replace(/\r/g, '%0D')
    .replace(/\n/g, '%0A')
    .replace(OTHER_CONTROLS, (c) => encodeURIComponent(c));
}

/** A workflow command's property value: `:` and `,` delimit properties, so they are escaped too. */
export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** One workflow command per finding (`::error file=…,line=…,col=…,endLine=…,endColumn=…,title=<rule>::<message>`), then the summary line. */
export function formatGithub(files: ReportedFile[], summary = true): string {
  const lines: string[] = [];
  for (const f of files) {
    const idx = new LineIndex(f.text);
    for (const d of f.findings) {
      const s = span(idx, d.start, d.end);
      const props: string[] = [];
      if (f.path !== STDIN_PATH) {
        props.push(`file=${escapeProperty(f.path)}`, `line=${s.startLine}`, `col=${s.startColumn}`, `endLine=${s.endLine}`, `endColumn=${s.endColumn}`);
      }
      props.push(`title=${escapeProperty(d.rule)}`);
      lines.push(`::${GITHUB_COMMAND[d.severity]} ${props.join(',')}::${escapeData(d.message)}`);
    }
  }
  if (summary) lines.push(summaryLine(files));
  return lines.map((l) => l + '\n').join('');
}

// ---------------------------------------------------------------- sarif

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
const SARIF_LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', information: 'note', hint: 'note' };
const SRCROOT = '%SRCROOT%';

export interface SarifOptions {
  /** The folder relative paths are relative to (default: the working folder). */
  cwd?: string;
  /** The Kubernetes releases the files were checked against. */
  kubernetesVersions?: string[];
}

/** Markdown to readable plain text, for the SARIF `text` that must accompany `markdown`. */
function plainText(md: string): string {
  return md
    .replace(/\[([^[\]]*)\]\([^()]*\)/g, '$1')
    .replace(/`([^`]*)`/g, '$1')
    .replace(/\*\*([^*]*)\*\*/g, '$1');
}

function ruleDescriptor(r: Rule): Record<string, unknown> {
  const help = `${r.description}\n\nSee ${ruleDocUrl(r.id)}`;
  const properties: Record<string, unknown> = { tags: ['kubernetes', r.id.split('/')[0]], rejects: r.rejects };
  if (r.upstream) properties.upstream = r.upstream;
  if (r.applies?.since) properties.since = r.applies.since;
  if (r.applies?.until) properties.until = r.applies.until;
  return {
    id: r.id,
    shortDescription: { text: r.title },
    fullDescription: { text: plainText(r.description), markdown: r.description },
    help: { text: plainText(help), markdown: `${r.description}\n\n[Documentation](${ruleDocUrl(r.id)})` },
    helpUri: ruleDocUrl(r.id),
    defaultConfiguration: { level: SARIF_LEVEL[r.severity] },
    properties,
  };
}

/** A file's path as a SARIF artifact location: relative paths stay relative (to %SRCROOT%, the working folder), absolute ones become file: URIs. */
export function artifactLocation(shown: string): Record<string, unknown> {
  if (shown === STDIN_PATH) return { description: { text: 'standard input' } };
  if (path.isAbsolute(shown)) return { uri: pathToFileURL(shown).href };
  const rel = path.posix.normalize(shown);
  return { uri: rel.split('/').map(encodeURIComponent).join('/'), uriBaseId: SRCROOT };
}

export function toSarif(files: ReportedFile[], opts: SarifOptions = {}): Record<string, unknown> {
  const rules = RULES.map(ruleDescriptor);
  const ruleIndex = new Map(RULES.map((r, i) => [r.id, i]));
  const ensureRule = (id: string, severity: Severity): number => {
    let i = ruleIndex.get(id);
    if (i === undefined) {
      // A finding from outside the registry (e.g. a rule that failed): describe it briefly.
      i = rules.length;
      rules.push({ id, shortDescription: { text: id }, helpUri: ruleDocUrl(id), defaultConfiguration: { level: SARIF_LEVEL[severity] } });
      ruleIndex.set(id, i);
    }
    return i;
  };
  const artifacts: Record<string, unknown>[] = [];
  const results: Record<string, unknown>[] = [];
  for (const f of files) {
    const location = artifactLocation(f.path);
    const index = artifacts.length;
    artifacts.push({ location, ...(f.path === STDIN_PATH ? {} : { length: Buffer.byteLength(f.text, 'utf8') }) });
    const idx = new LineIndex(f.text);
    for (const d of f.findings) {
      const properties: Record<string, unknown> = { fieldPath: d.fieldPath ?? '' };
      if (d.apiErrorType) properties.apiErrorType = d.apiErrorType;
      if (d.document !== undefined) properties.document = d.document;
      results.push({
        ruleId: d.rule,
        ruleIndex: ensureRule(d.rule, d.severity),
        level: SARIF_LEVEL[d.severity],
        message: { text: d.message },
        locations: [{ physicalLocation: { artifactLocation: { ...location, index }, region: span(idx, d.start, d.end) } }],
        properties,
      });
    }
  }
  const cwd = opts.cwd ?? process.cwd();
  const run: Record<string, unknown> = {
    tool: {
      driver: {
        name: TOOL_NAME,
        version: TOOL_VERSION,
        semanticVersion: TOOL_VERSION,
        informationUri: PROJECT_URL,
        rules,
      },
    },
    originalUriBaseIds: { [SRCROOT]: { uri: pathToFileURL(cwd).href.replace(/\/?$/, '/') } },
    artifacts,
    results,
    columnKind: 'utf16CodeUnits',
  };
  if (opts.kubernetesVersions?.length) run.properties = { kubernetesVersions: opts.kubernetesVersions };
  return { $schema: SARIF_SCHEMA, version: '2.1.0', runs: [run] };
}
