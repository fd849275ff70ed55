/**
 * Generated documentation and manifest contributions stay true to the code:
 * docs/rules.md is what the registry renders, every rule is documented with
 * what it needs, and the settings in package.json match the server's.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { renderRulesDoc } from '../../scripts/rules-doc';
import { RULES } from '../../server/src/analysis/rules/index';
import { SUPPORTED_VERSIONS, DEFAULT_VERSION } from '../../server/src/analysis/api/table';
import { ROOT } from '../harness';

test('docs/rules.md is up to date with the registry (npm run docs)', () => {
  const onDisk = fs.readFileSync(path.join(ROOT, 'docs', 'rules.md'), 'utf8');
  assert.equal(onDisk, renderRulesDoc(), 'docs/rules.md is stale: run npm run docs');
});

test('every rule that claims API rejection names the upstream code it mirrors', () => {
  for (const r of RULES) {
    assert.match(r.id, /^[a-z]+\/[A-Za-z0-9_-]+$/, r.id);
    assert.ok(r.title && r.description, `${r.id} lacks a title or description`);
    if (r.rejects) assert.ok(r.upstream, `${r.id} claims rejection without naming upstream code`);
  }
});

test('package.json settings match the server: versions and default', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  const v = pkg.contributes.configuration.properties['podPatterns.kubernetesVersion'];
  assert.deepEqual(v.enum, [...SUPPORTED_VERSIONS]);
  assert.equal(v.default, DEFAULT_VERSION);
  const rules = pkg.contributes.configuration.properties['podPatterns.rules'];
  assert.deepEqual(rules.additionalProperties.enum, ['off', 'hint', 'information', 'warning', 'error']);
});
