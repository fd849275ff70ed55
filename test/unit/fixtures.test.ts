/**
 * Runs every rule fixture under test/fixtures/rules: the findings must be
 * exactly the annotated ones (position, severity, code, and where given the
 * field path and apiErrorType). Also checks that every rule in the registry
 * has at least one fixture that triggers it and one that stays clean.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { FIXTURES, listFiles, parseFixture, render, runFixture } from '../harness';
import { RULES } from '../../server/src/analysis/rules/index';
import { LanguageService } from '../../server/src/analysis/service';

const files = listFiles(path.join(FIXTURES, 'rules'), '.yaml');
const service = new LanguageService();
const triggered = new Set<string>();

for (const file of files) {
  const name = path.relative(FIXTURES, file);
  test(`fixture ${name}`, () => {
    const fx = parseFixture(fs.readFileSync(file, 'utf8'));
    const actual = runFixture(fx, service);
    for (const a of actual) triggered.add(a.code);
    const detailed = new Set(fx.expectations.filter((e) => e.path !== undefined || e.type !== undefined).map((e) => `${e.line}:${e.start}:${e.code}`));
    const want = render(fx.expectations, () => true);
    const got = render(
      actual.map((a) => {
        const key = `${a.line}:${a.start}:${a.code}`;
        const exp = fx.expectations.find((e) => `${e.line}:${e.start}:${e.code}` === key);
        return {
          ...a,
          path: detailed.has(key) && exp?.path !== undefined ? a.path : undefined,
          type: detailed.has(key) && exp?.type !== undefined ? a.type : undefined,
          message: exp?.message !== undefined ? a.message : undefined,
        };
      }),
      () => true,
    );
    assert.deepEqual(got, want, `messages:\n${actual.map((a) => `  ${a.line}:${a.start} ${a.code}: ${a.message}`).join('\n')}`);
  });
}

test('every registered rule is exercised by a fixture', () => {
  // Rules that cannot be provoked from a single clean file are listed here with the reason.
  const exempt = new Set([
    'yaml/IMPOSSIBLE', // an internal parser state
    'yaml/MULTIPLE_DOCS', // documents are split before parsing
    'yaml/BAD_COLLECTION_TYPE', // needs custom tags
    'yaml/RESOURCE_EXHAUSTION', // raised only by toJS, which the analysis never calls
    'yaml/TAG_RESOLVE_FAILED', // a warning-level tag problem
    'yaml/KEY_OVER_1024_CHARS',
    'yaml/ALIAS_PROPS',
    'yaml/BAD_PROP_ORDER',
    'yaml/BLOCK_AS_IMPLICIT_KEY',
    'yaml/MULTIPLE_ANCHORS',
    'yaml/MULTIPLE_TAGS',
    'yaml/NON_STRING_KEY',
    'yaml/BAD_DIRECTIVE',
    'yaml/BAD_ALIAS',
    'yaml/MULTILINE_IMPLICIT_KEY',
    'yaml/BLOCK_IN_FLOW',
    'yaml/BAD_SCALAR_START',
    'yaml/JSON_STREAM', // needs a file that begins with `{`, which a fixture's header comment prevents: exercised by goYaml.test.ts
    'schema/too-complex', // exercised by the robustness tests
    'file/too-large', // a 5 MB file: exercised by the robustness tests
    'file/not-text', // binary input: exercised by the robustness tests
    'project/unreadable-file', // a project file that is a device or a pipe: exercised by hostile-files.test.ts
    'internal/rule-failed', // a rule that throws: exercised by rules.test.ts
  ]);
  for (const file of files) {
    const fx = parseFixture(fs.readFileSync(file, 'utf8'));
    for (const a of runFixture(fx, service)) triggered.add(a.code);
  }
  const missing = RULES.map((r) => r.id).filter((id) => !exempt.has(id) && !triggered.has(id));
  assert.deepEqual(missing, [], 'rules without a fixture that triggers them');
});
