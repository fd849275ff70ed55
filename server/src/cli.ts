/**
 * The command-line checker: the same analysis as the editor, for CI.
 *
 *   kube-pod-patterns check [--format text|json] [--kubernetes-version X.Y] <files, directories or ->
 *
 * Exit 0 when no diagnostic has severity error, 1 when one has, 2 for a usage
 * or I/O error.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { LanguageService } from './analysis/service';
import { DEFAULT_SETTINGS, type AnalysisSettings } from './analysis/engine';
import { LineIndex } from './analysis/text';
import { SUPPORTED_VERSIONS, isSupportedVersion, normalizeVersion } from './analysis/api/table';
import type { Finding } from './analysis/rules/api';

export interface CheckedFile {
  path: string;
  text: string;
  findings: (Finding & { document: number })[];
}

export const USAGE = `Usage: kube-pod-patterns check [options] <file | directory | ->...

Checks Kubernetes pod specs (Pods and the pod templates of workloads) for what
the API server would reject and for what misbehaves at run time.

Options:
  --format text|json         output format (default: text)
  --kubernetes-version X.Y   Kubernetes release to check against (${SUPPORTED_VERSIONS[0]} to ${SUPPORTED_VERSIONS[SUPPORTED_VERSIONS.length - 1]}; default ${DEFAULT_SETTINGS.kubernetesVersion})
  -h, --help                 show this help

Directories are searched for *.yaml and *.yml files; - reads standard input.
Exit status: 0 no errors, 1 errors found, 2 usage or I/O error.`;

class UsageError extends Error {}

interface Options {
  format: 'text' | 'json';
  settings: AnalysisSettings;
  inputs: string[];
}

export function parseArgs(argv: string[]): Options {
  const args = [...argv];
  if (args[0] !== 'check') throw new UsageError(args.length ? `unknown command "${args[0]}"` : 'missing command "check"');
  args.shift();
  const opts: Options = { format: 'text', settings: { ...DEFAULT_SETTINGS, rules: {} }, inputs: [] };
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
      if (v !== 'text' && v !== 'json') throw new UsageError(`unknown format "${v}" (text or json)`);
      opts.format = v;
    } else if (flag === '--kubernetes-version') {
      const v = value();
      if (!isSupportedVersion(v)) throw new UsageError(`unsupported Kubernetes version "${v}" (${SUPPORTED_VERSIONS.join(', ')})`);
      opts.settings.kubernetesVersion = normalizeVersion(v)!;
    } else if (flag === '-h' || flag === '--help') {
      throw new UsageError('');
    } else if (flag.startsWith('-') && flag !== '-') {
      throw new UsageError(`unknown option "${flag}"`);
    } else {
      opts.inputs.push(a);
    }
  }
  if (opts.inputs.length === 0) throw new UsageError('no files, directories or - given');
  return opts;
}

const SKIP_DIRS = new Set(['node_modules', '.git']);

/** Expands the inputs into files; throws for a missing path. */
export function collectFiles(inputs: string[]): string[] {
  const out: string[] = [];
  for (const input of inputs) {
    if (input === '-') {
      out.push('-');
      continue;
    }
    let st: fs.Stats;
    try {
      st = fs.statSync(input);
    } catch {
      throw new Error(`${input}: no such file or directory`);
    }
    if (st.isDirectory()) walk(input, out);
    else out.push(input);
  }
  return out;
}

function walk(dir: string, out: string[]): void {
  let names: fs.Dirent[];
  try {
    names = fs.readdirSync(dir, { withFileTypes: true });
  } catch (e) {
    throw new Error(`${dir}: cannot read directory (${(e as NodeJS.ErrnoException).code ?? String(e)})`, { cause: e });
  }
  names.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const d of names) {
    const p = path.join(dir, d.name);
    if (d.isDirectory()) {
      if (!SKIP_DIRS.has(d.name)) walk(p, out);
    } else if (d.isFile() && /\.ya?ml$/i.test(d.name)) out.push(p);
  }
}

function readInput(file: string): string {
  try {
    return file === '-' ? fs.readFileSync(0, 'utf8') : fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new Error(`${file === '-' ? 'standard input' : file}: cannot read (${(e as NodeJS.ErrnoException).code ?? String(e)})`, { cause: e });
  }
}

export function checkFiles(files: string[], settings: AnalysisSettings): CheckedFile[] {
  const service = new LanguageService();
  return files.map((file) => {
    const raw = readInput(file);
    const text = raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw;
    const findings = service.analyze(text, settings).findings;
    return { path: file === '-' ? '<stdin>' : file.split(path.sep).join('/'), text, findings };
  });
}

export function formatText(files: CheckedFile[]): string {
  const lines: string[] = [];
  let errors = 0;
  let warnings = 0;
  let others = 0;
  for (const f of files) {
    const idx = new LineIndex(f.text);
    for (const d of f.findings) {
      const p = idx.positionAt(d.start);
      lines.push(`${f.path}:${p.line + 1}:${p.character + 1}: ${d.severity}: ${d.message} [${d.rule}]`);
      if (d.severity === 'error') errors++;
      else if (d.severity === 'warning') warnings++;
      else others++;
    }
  }
  lines.push(`${files.length} file${files.length === 1 ? '' : 's'} checked: ${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}, ${others} other${others === 1 ? '' : 's'}`);
  return lines.join('\n') + '\n';
}

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

export function main(argv: string[], out: (s: string) => void = (s) => process.stdout.write(s), err: (s: string) => void = (s) => process.stderr.write(s)): number {
  let opts: Options;
  try {
    opts = parseArgs(argv);
  } catch (e) {
    if (e instanceof UsageError) {
      if (e.message) err(`kube-pod-patterns: ${e.message}\n\n`);
      (e.message ? err : out)(USAGE + '\n');
      return e.message ? 2 : 0;
    }
    throw e;
  }
  let files: CheckedFile[];
  try {
    files = checkFiles(collectFiles(opts.inputs), opts.settings);
  } catch (e) {
    err(`kube-pod-patterns: ${e instanceof Error ? e.message : String(e)}\n`);
    return 2;
  }
  if (opts.format === 'json') out(JSON.stringify(toJson(files, opts.settings), null, 2) + '\n');
  else out(formatText(files));
  return files.some((f) => f.findings.some((d) => d.severity === 'error')) ? 1 : 0;
}

if (require.main === module) {
  process.exitCode = main(process.argv.slice(2));
}
