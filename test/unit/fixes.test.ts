/**
 * Quick fixes and pattern insertions as before/after files:
 * test/fixtures/fixes/<name>.before.yaml starts with `# fix: <title>` (and
 * optionally `# fixture: version=1.28`), has a `$0` cursor where the user
 * asks for code actions; applying the action with that exact title must give
 * <name>.after.yaml byte for byte (the header lines are kept in both files).
 * Afterwards the finding it fixes is gone (under the release a fix that sets
 * podPatterns.kubernetesVersion chooses), and no error is new.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { LanguageService } from '../../server/src/analysis/service';
import { DEFAULT_SETTINGS } from '../../server/src/analysis/settings';
import type { TextEditSpec } from '../../server/src/analysis/findings';
import { RULES } from '../../server/src/analysis/rules/index';
import { FIXTURES, cursors, listFiles } from '../harness';
import { renderSnippet } from '../../server/src/analysis/edits';

export function applyEdits(text: string, edits: TextEditSpec[]): string {
  const sorted = [...edits].sort((a, b) => b.start - a.start || b.end - a.end);
  let out = text;
  for (const e of sorted) out = out.slice(0, e.start) + (e.snippet ? renderSnippet(e.newText) : e.newText) + out.slice(e.end);
  return out;
}

const service = new LanguageService();
/** The rules whose fix a fixture applied. */
const fixed = new Set<string>();
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
    // A fix may change the setting instead of the text: the result is checked under the release it sets.
    const command = action.command?.command === 'podPatterns.setKubernetesVersion' ? action.command : undefined;
    const afterSettings = command ? { ...settings, kubernetesVersion: String(command.arguments?.[0]) } : settings;
    // The finding the fix is for is gone.
    if (action.rule) {
      fixed.add(action.rule);
      const count = (t: string, s: typeof settings): number => service.analyze(t, s).findings.filter((f) => f.rule === action.rule).length;
      assert.ok(count(after, afterSettings) < count(text, settings), `${action.rule} still reports after the fix`);
    }
    // The result must not bring new errors of its own.
    const errors = service.analyze(after, afterSettings).findings.filter((f) => f.severity === 'error');
    assert.deepEqual(errors.map((e) => `${e.rule}: ${e.message}`), []);
  });
}

test('every rule with a fix has a fixture that applies it', () => {
  const missing = RULES.filter((r) => r.fix && !fixed.has(r.id)).map((r) => r.id);
  assert.deepEqual(missing, [], 'fixable rules without a before/after fixture in test/fixtures/fixes');
});
