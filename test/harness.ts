/**
 * Fixture harness. A fixture is YAML with its expectations written as YAML
 * comments under the line they point at:
 *
 *       imagePullPolcy: Always
 *   #   ^^^^^^^^^^^^^^ error schema/unknown-field path=spec.containers[0].imagePullPolcy type=Invalid
 *
 * The carets give the exact columns on the line above; `path=` and `type=`
 * (apiErrorType, or `type=-` for none) are optional. A line right under an
 * annotation may give the exact message the user reads:
 *
 *   #   message: spec.containers[0].imagePullPolcy: unknown field …
 *
 * Annotation lines are removed before analysis. A fixture without annotations expects no findings.
 * A first-line `# fixture: version=1.27 only=pod/` sets the Kubernetes
 * version and limits the comparison to rule ids starting with a prefix.
 * Cursors are written `$0` (`|` is YAML syntax).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { LanguageService } from '../server/src/analysis/service';
import { DEFAULT_SETTINGS, type AnalysisSettings } from '../server/src/analysis/settings';
import { LineIndex } from '../server/src/analysis/text';

export const ROOT = path.resolve(__dirname, '..');
export const FIXTURES = path.join(ROOT, 'test', 'fixtures');

const ANNOTATION = /^\s*#(\s*)(\^+)\s+(error|warning|information|hint)\s+(\S+)((?:\s+[^\s=]+=\S*)*)\s*$/;
const MESSAGE = /^\s*#\s*message: (.*)$/;

export interface Expectation {
  line: number;
  start: number;
  end: number;
  severity: string;
  code: string;
  path?: string;
  type?: string;
  message?: string;
}

export interface Fixture {
  text: string;
  expectations: Expectation[];
  settings: AnalysisSettings;
  only?: string;
}

export function parseFixture(raw: string): Fixture {
  const lines = raw.split('\n');
  const kept: string[] = [];
  const expectations: Expectation[] = [];
  const settings: AnalysisSettings = { ...DEFAULT_SETTINGS, rules: {} };
  let only: string | undefined;
  const header = /^#\s*fixture:(.*)$/.exec(lines[0] ?? '');
  if (header) {
    for (const kv of header[1].trim().split(/\s+/)) {
      const [k, v] = kv.split('=');
      if (k === 'version') settings.kubernetesVersion = v;
      else if (k === 'only') only = v;
      else if (k === 'off') settings.rules[v] = 'off';
    }
  }
  for (const line of lines) {
    const msg = MESSAGE.exec(line);
    if (msg && expectations.length > 0 && kept.length > 0) {
      expectations[expectations.length - 1].message = msg[1];
      continue;
    }
    const m = ANNOTATION.exec(line);
    if (m && kept.length > 0) {
      const caretStart = line.indexOf('^');
      const e: Expectation = {
        line: kept.length - 1,
        start: caretStart,
        end: caretStart + m[2].length,
        severity: m[3],
        code: m[4],
      };
      for (const kv of m[5].trim().split(/\s+/).filter(Boolean)) {
        const i = kv.indexOf('=');
        const k = kv.slice(0, i);
        const v = kv.slice(i + 1);
        if (k === 'path') e.path = v;
        else if (k === 'type') e.type = v;
      }
      expectations.push(e);
      continue;
    }
    kept.push(line);
  }
  return { text: kept.join('\n'), expectations, settings, only };
}

export interface Actual extends Expectation {
  message: string;
}

export function runFixture(f: Fixture, service = new LanguageService()): Actual[] {
  const idx = new LineIndex(f.text);
  return service
    .analyze(f.text, f.settings)
    .findings.filter((d) => !f.only || d.rule.startsWith(f.only))
    .map((d) => {
      const s = idx.positionAt(d.start);
      const e = idx.positionAt(d.end);
      return {
        line: s.line,
        start: s.character,
        end: e.line === s.line ? e.character : s.character + 1,
        severity: d.severity,
        code: d.rule,
        path: d.fieldPath,
        type: d.apiErrorType ?? '-',
        message: d.message,
      };
    });
}

/** Renders findings as annotation lines, for readable assertion diffs. */
export function render(list: (Expectation | Actual)[], withDetails: (e: Expectation) => boolean): string[] {
  return list
    .map((e) => {
      const details = withDetails(e) ? `${e.path !== undefined ? ` path=${e.path}` : ''}${e.type !== undefined ? ` type=${e.type}` : ''}` : '';
      const message = e.message !== undefined ? `\n    message: ${e.message}` : '';
      return `${e.line}:${e.start}-${e.end} ${e.severity} ${e.code}${details}${message}`;
    })
    .sort();
}

/** Removes `$0` cursor markers, returning the text and their offsets. */
export function cursors(raw: string): { text: string; offsets: number[] } {
  const offsets: number[] = [];
  let text = '';
  let last = 0;
  const re = /\$0/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(raw))) {
    text += raw.slice(last, m.index);
    offsets.push(text.length);
    last = m.index + 2;
  }
  text += raw.slice(last);
  return { text, offsets };
}

export function listFiles(dir: string, ext: string): string[] {
  if (!fs.existsSync(dir)) return [];
  const out: string[] = [];
  for (const d of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, d.name);
    if (d.isDirectory()) out.push(...listFiles(p, ext));
    else if (d.name.endsWith(ext)) out.push(p);
  }
  return out.sort();
}
