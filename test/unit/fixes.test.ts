/**
 * Quick fixes and pattern insertions as before/after files:
 * test/fixtures/fixes/<name>.before.yaml starts with `# fix: <title>` (and
 * optionally `# fixture: version=1.28`), has a `$0` cursor where the user
 * asks for code actions; applying the action with that exact title must give
 * <name>.after.yaml byte for byte (the header lines are kept in both files),
 * with no error left and the finding it fixes gone.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { LanguageService } from '../../server/src/analysis/service';
import { DEFAULT_SETTINGS } from '../../server/src/analysis/settings';
import type { TextEditSpec } from '../../server/src/analysis/rules/api';
import { FIXTURES, cursors, listFiles } from '../harness';
import { renderSnippet } from '../../server/src/analysis/edits';

export function applyEdits(text: string, edits: TextEditSpec[]): string {
  const sorted = [...edits].sort((a, b) => b.start - a.start || b.end - a.end);
  let out = text;
  for (const e of sorted) out = out.slice(0, e.start) + (e.snippet ? renderSnippet(e.newText) : e.newText) + out.slice(e.end);
  return out;
}

const service = new LanguageService();
for (const before of listFiles(path.join(FIXTURES, 'fixes'), '.before.yaml')) {
  const name = path.basename(before, '.before.yaml');
  test(`fix ${name}`, () => {
    const raw = fs.readFileSync(before, 'utf8');
    const title = /^# fix: (.+)$/m.exec(raw)?.[1].trim();
    assert.ok(title, 'missing "# fix: <title>" header');
    const version = /^# fixture: version=(\S+)/m.exec(raw)?.[1];
    const settings = { ...DEFAULT_SETTINGS, rules: {}, kubernetesVersion: version ?? DEFAULT_SETTINGS.kubernetesVersion };
    const { text, offsets } = cursors(raw);
    assert.equal(offsets.length, 1, 'one $0 cursor');
    const at = offsets[0];
    const findings = service.analyze(text, settings).findings.filter((f) => f.start <= at && f.end >= at);
    const actions = service.codeActions(text, at, at, findings, settings);
    const action = actions.find((a) => a.title === title);
    assert.ok(action, `no action "${title}"; offered: ${actions.map((a) => JSON.stringify(a.title)).join(', ') || 'none'}`);
    const after = applyEdits(text, action.edits);
    const expected = fs.readFileSync(before.replace(/\.before\.yaml$/, '.after.yaml'), 'utf8');
    assert.equal(after, expected);
    // The result must not bring new errors of its own, and the finding it fixes (of any severity) is gone.
    const rest = service.analyze(after, settings).findings;
    const errors = rest.filter((f) => f.severity === 'error');
    assert.deepEqual(errors.map((e) => `${e.rule}: ${e.message}`), []);
    const fixed = new Set(findings.filter((f) => f.rule === action.rule).map((f) => `${f.rule} at ${f.fieldPath}`));
    assert.deepEqual(rest.filter((f) => fixed.has(`${f.rule} at ${f.fieldPath}`)).map((f) => `${f.rule}: ${f.message}`), [], 'the fixed finding is gone');
  });
}
