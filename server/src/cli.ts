/**
 * The command-line checker: the same analysis as the editor, for CI.
 *
 *   kube-pod-patterns check [--format text|json|sarif|github] [--kubernetes-version X.Y]
 *       [--config FILE] [--max-warnings N] <files, directories, globs or ->
 *   kube-pod-patterns --help | --version
 *
 * The text format shows each finding's source line with a caret under it, in
 * colour on a terminal (formats.ts, useColor: NO_COLOR and FORCE_COLOR). A
 * missing file or a glob that matches nothing is reported after the other
 * inputs are checked, and the exit status is then 2.
 *
 * Exit 0 when no diagnostic has severity error, 1 when one has (or when there
 * are more warnings than --max-warnings), 2 for a usage, configuration or I/O
 * error. File discovery is in files.ts, `.podpatterns.yaml` in
 * projectConfig.ts, the sarif and github formats in formats.ts.
 *
 * Output is written synchronously (StdWriter): when the reader of a pipe goes
 * away (`check … | head -1`) the checker stops writing and exits as it would
 * have; any other write error (a full disk) is reported on standard error and
 * the exit status is 2. Never a stack trace.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { LanguageService } from './analysis/service';
import * as tty from 'node:tty';
import { FileChecker, checkFilesParallel } from './checkWorker';
import { DEFAULT_SETTINGS, type AnalysisSettings } from './analysis/settings';
import { LineIndex } from './analysis/text';
import { SUPPORTED_VERSIONS, isSupportedVersion, normalizeVersion } from './analysis/api/table';
import type { Finding } from './analysis/findings';
import { discoverFiles } from './files';
import { FORMATS, TOOL_VERSION, countBySeverity, escapeText, formatGithub, formatText, jsonText, textLines, toSarif, useColor, NO_COLORS, type Format } from './formats';
import picocolors from 'picocolors';
import { configProblemFiles, displayPath, planCheck, type CheckGroup } from './projectConfig';
import { parseSize } from './analysis/config';
import { TEXT_MAX_BYTES } from './safeRead';

export interface CheckedFile {
  path: string;
  text: string;
  findings: (Finding & { document: number })[];
}

export const USAGE = `Usage: kube-pod-patterns check [options] <file | directory | ->...
       kube-pod-patterns --help | --version

Checks Kubernetes pod specs (Pods and the pod templates of workloads) for what
the API server would reject and for what misbehaves at run time.

Options:
  --format FORMAT            text (default), json, sarif (SARIF 2.1.0 for code
                             scanning) or github (GitHub Actions annotations)
  --kubernetes-version X.Y   Kubernetes release to check against (${SUPPORTED_VERSIONS[0]} to ${SUPPORTED_VERSIONS[SUPPORTED_VERSIONS.length - 1]}; default ${DEFAULT_SETTINGS.kubernetesVersion});
                             overrides kubernetesVersion of the configuration
  --config FILE              configuration for every file (default: the nearest
                             .podpatterns.yaml upward from each file)
  --max-warnings N           exit 1 when there are more than N warnings
  --max-file-size SIZE       do not check files larger than SIZE bytes (10MB,
                             512KB: K, M, G are 1024, 1024², 1024³); overrides
                             maxFileSize of the configuration (default: no limit)
  -h, --help                 show this help
  -v, --version              show the version

The text format shows the source line of each finding with a caret under it,
in colour when the output is a terminal (NO_COLOR turns colour off, and wins;
FORCE_COLOR=1 turns it on in a pipe). Positions are 1-based lines and columns;
json ranges are 0-based (LSP positions).
Directories are searched for *.yaml and *.yml files, skipping node_modules,
.git and what .gitignore files ignore. Quoted glob patterns ('k8s/**/*.yaml')
are expanded by the checker. - reads standard input.
Exit status: 0 no errors, 1 errors found or too many warnings, 2 usage,
configuration or I/O error.`;

class UsageError extends Error {}
/** --version, anywhere before the files: the version is printed, nothing is checked. */
class VersionRequest extends Error {}

interface Options {
  format: Format;
  settings: AnalysisSettings;
  inputs: string[];
  /** --kubernetes-version, when given: it wins over the configuration. */
  kubernetesVersion?: string;
  configFile?: string;
  maxWarnings?: number;
  /** --max-file-size, when given: it wins over the configuration. */
  maxFileSize?: number;
}

export function parseArgs(argv: string[]): Options {
  const args = [...argv];
  if (args[0] === '-h' || args[0] === '--help' || args[0] === 'help') throw new UsageError('');
  if (args[0] === '-v' || args[0] === '--version') throw new VersionRequest();
  if (args[0] !== 'check') throw new UsageError(args.length ? `unknown command "${args[0]}"` : 'missing command "check"');
  args.shift();
  // The checker has no size limit of its own (the editor's, DEFAULT_SETTINGS.maxFileSize, keeps typing fast):
  // generated bundles of many megabytes are common in CI.
  const opts: Options = { format: 'text', settings: { ...DEFAULT_SETTINGS, rules: {}, maxFileSize: TEXT_MAX_BYTES }, inputs: [] };
  while (args.length) {
    const a = args.shift()!;
    const [flag, inline] = a.startsWith('--') && a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
    const value = (): string => {
      const v = inline ?? args.shift();
      if (v === undefined) throw new UsageError(`${flag} needs a value`);
      return v;
    };
    if (flag === '--format') {
      const v = value();
      if (!(FORMATS as readonly string[]).includes(v)) throw new UsageError(`unknown format "${v}" (${FORMATS.join(', ')})`);
      opts.format = v as Format;
    } else if (flag === '--kubernetes-version') {
      const v = value();
      if (!isSupportedVersion(v)) throw new UsageError(`unsupported Kubernetes version "${v}" (${SUPPORTED_VERSIONS.join(', ')})`);
      opts.settings.kubernetesVersion = opts.kubernetesVersion = normalizeVersion(v)!;
    } else if (flag === '--config') {
      opts.configFile = value();
    } else if (flag === '--max-warnings') {
      const v = value();
      if (!/^(-1|\d+)$/.test(v)) throw new UsageError(`--max-warnings needs a number of warnings, not "${v}"`);
      opts.maxWarnings = Number(v) < 0 ? undefined : Number(v);
    } else if (flag === '--max-file-size') {
      const v = value();
      const size = parseSize(v);
      if (size === undefined) throw new UsageError(`--max-file-size needs a size in bytes (e.g. 10485760 or 10MB), not "${v}"`);
      opts.maxFileSize = size;
    } else if (flag === '-h' || flag === '--help') {
      throw new UsageError('');
    } else if (flag === '-v' || flag === '--version') {
      throw new VersionRequest();
    } else if (flag.startsWith('-') && flag !== '-') {
      throw new UsageError(`unknown option "${flag}"`);
    } else {
      opts.inputs.push(a);
    }
  }
  if (opts.inputs.length === 0) throw new UsageError('no files, directories or - given');
  return opts;
}

/** Expands the inputs into files (files.ts: walks, globs, .gitignore). */
export { collectFiles } from './files';

/** Checks files in input order: on worker threads when there are many (checkWorker.ts). */
export function checkFiles(files: string[], settings: AnalysisSettings): CheckedFile[] {
  const parallel = checkFilesParallel(files, settings);
  if (parallel) return parallel;
  const checker = new FileChecker(settings);
  return files.map((file) => checker.check(file));
}

/**
 * The findings that look across files (rules/references.ts), with the inputs
 * as the workspace: every input is indexed once (the editor's index, built
 * from the same code), then each file is checked against the others.
 */
export function addWorkspaceFindings(groups: readonly CheckGroup[], files: CheckedFile[]): void {
  const service = new LanguageService();
  const uriOf = (file: string): string => (file === '-' ? 'untitled:stdin.yaml' : pathToFileURL(path.resolve(file)).href);
  const each = (fn: (file: string, checked: CheckedFile, settings: AnalysisSettings) => void): void => {
    for (const g of groups) g.files.forEach((file, i) => files[g.indices[i]]?.text && fn(file, files[g.indices[i]], g.settings));
  };
  each((file, checked, settings) => service.indexFile(uriOf(file), checked.text, settings));
  each((file, checked, settings) => {
    const extra = service.workspaceFindings(uriOf(file), checked.text, settings);
    if (extra.length) checked.findings = [...checked.findings, ...extra].sort((a, b) => a.start - b.start || a.end - b.end);
  });
}

/** The text format (formats.ts). */
export { formatText };

export function toJson(files: CheckedFile[], settings: AnalysisSettings): unknown {
  return {
    version: 1,
    kubernetesVersion: settings.kubernetesVersion,
    files: files.map((f) => {
      const idx = new LineIndex(f.text);
      return {
        path: f.path,
        diagnostics: f.findings.map((d) => {
          const out: Record<string, unknown> = {
            code: d.rule,
            severity: d.severity,
            message: d.message,
            document: d.document,
            range: { start: idx.positionAt(d.start), end: idx.positionAt(d.end) },
            fieldPath: d.fieldPath,
          };
          if (d.apiErrorType) out.apiErrorType = d.apiErrorType;
          return out;
        }),
      };
    }),
  };
}

/**
 * Writes to a file descriptor synchronously, whole strings. A closed pipe
 * (EPIPE) ends the writing quietly; another error (ENOSPC, EIO) ends it too
 * and is kept in `error` for the caller to report.
 */
export class StdWriter {
  closed = false;
  error?: string;
  constructor(private readonly fd: number) {}

  readonly write = (s: string): void => {
    if (this.closed || this.error) return;
    const buf = Buffer.from(s, 'utf8');
    for (let off = 0; off < buf.length; ) {
      try {
        off += fs.writeSync(this.fd, buf, off, buf.length - off);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code ?? String(e);
        if (code === 'EAGAIN') {
          // A non-blocking pipe that is full: wait for the reader.
          Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5);
          continue;
        }
        if (code === 'EPIPE') this.closed = true;
        else this.error = code;
        return;
      }
    }
  };
}

/**
 * Runs the checker; returns the exit status. Output goes to `out` and `err`
 * (standard output and error, through StdWriter, when not given).
 */
export function main(argv: string[], out?: (s: string) => void, err?: (s: string) => void): number {
  const stdout = out ? undefined : new StdWriter(1);
  const stderr = err ? undefined : new StdWriter(2);
  const report = err ?? stderr!.write;
  // Colour only for the real standard output, when it is a terminal (or FORCE_COLOR says so).
  const color = !out && useColor(process.env, tty.isatty(1));
  const code = run(argv, out ?? stdout!.write, report, color);
  if (stdout?.error) {
    report(`kube-pod-patterns: cannot write the output (${stdout.error})\n`);
    return 2;
  }
  return code;
}

function run(argv: string[], out: (s: string) => void, err: (s: string) => void, color = false): number {
  let opts: Options;
  try {
    opts = parseArgs(argv);
  } catch (e) {
    if (e instanceof VersionRequest) {
      out(`${TOOL_VERSION}\n`);
      return 0;
    }
    if (e instanceof UsageError) {
      if (e.message) err(`kube-pod-patterns: ${escapeText(e.message)}\n\n`);
      (e.message ? err : out)(USAGE + '\n');
      return e.message ? 2 : 0;
    }
    throw e;
  }
  const files: CheckedFile[] = [];
  const fileVersions: string[] = [];
  let versions: string[];
  // Inputs that are missing: reported after the others are checked (exit 2), not instead of them.
  const missing: string[] = [];
  try {
    const found = discoverFiles(opts.inputs, undefined, (_input, message) => missing.push(message));
    if (found.length === 0 && missing.length) {
      for (const m of missing) err(`kube-pod-patterns: ${escapeText(m)}\n`);
      return 2;
    }
    const plan = planCheck(found, { configFile: opts.configFile, base: opts.settings, kubernetesVersion: opts.kubernetesVersion, maxFileSize: opts.maxFileSize });
    const problems = configProblemFiles(plan.configs);
    if (problems.length) {
      if (opts.format === 'github') out(formatGithub(problems, false));
      else err(textLines(problems).join('\n') + '\n');
      err(`kube-pod-patterns: ${problems.map((p) => escapeText(p.path)).join(', ')}: the configuration has problems; nothing was checked\n`);
      return 2;
    }
    for (const i of plan.ignored) if (i.explicit) err(`kube-pod-patterns: ${escapeText(i.file)}: not checked, ignored by ${escapeText(displayPath(i.config.file))}\n`);
    for (const g of plan.groups) {
      checkFiles(g.files, g.settings).forEach((f, i) => {
        files[g.indices[i]] = f;
        fileVersions[g.indices[i]] = g.settings.kubernetesVersion;
      });
    }
    addWorkspaceFindings(plan.groups, files);
    versions = [...new Set(plan.groups.map((g) => g.settings.kubernetesVersion))].sort();
  } catch (e) {
    err(`kube-pod-patterns: ${escapeText(e instanceof Error ? e.message : String(e))}\n`);
    return 2;
  }
  if (opts.format === 'json') {
    // Files whose configurations name different releases each say theirs.
    const json = toJson(files, { ...opts.settings, kubernetesVersion: versions.length === 1 ? versions[0] : opts.settings.kubernetesVersion }) as { files: Record<string, unknown>[] };
    if (versions.length > 1) json.files.forEach((f, i) => (f.kubernetesVersion = fileVersions[i]));
    out(jsonText(json) + '\n');
  } else if (opts.format === 'sarif') out(jsonText(toSarif(files, { kubernetesVersions: versions })) + '\n');
  else if (opts.format === 'github') out(formatGithub(files));
  else out(formatText(files, { colors: color ? picocolors.createColors(true) : NO_COLORS }));
  const { errors, warnings } = countBySeverity(files);
  if (missing.length) {
    for (const m of missing) err(`kube-pod-patterns: ${escapeText(m)}\n`);
    err(`kube-pod-patterns: ${missing.length === 1 ? 'an input was' : `${missing.length} inputs were`} not found; the others were checked\n`);
    return 2;
  }
  if (opts.maxWarnings !== undefined && warnings > opts.maxWarnings) {
    err(`kube-pod-patterns: too many warnings (${warnings}, --max-warnings ${opts.maxWarnings})\n`);
    return 1;
  }
  return errors ? 1 : 0;
}

if (require.main === module) {
  process.exitCode = main(process.argv.slice(2));
}
