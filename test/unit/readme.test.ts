/**
 * The README's examples stay true: its `.podpatterns.yaml` example parses
 * without problems and fits the contributed schema, and its suppression
 * comment syntax suppresses what it names.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv from 'ajv';
import { parseDocument } from 'yaml';
import { parseConfig } from '../../server/src/analysis/config';
import { LanguageService } from '../../server/src/analysis/service';
import { ROOT } from '../harness';

const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');

test('the configuration example parses cleanly and fits the schema', () => {
  const section = readme.slice(readme.indexOf('## Configuration'));
  const block = /```yaml\n([\s\S]*?)```/.exec(section)?.[1];
  assert.ok(block, 'a yaml block under ## Configuration');
  const { config, problems } = parseConfig(block);
  assert.deepEqual(problems, []);
  assert.equal(config.kubernetesVersion, '1.33');
  assert.equal(config.rules['pattern/wait-without-timeout'], 'off');
  const schema = JSON.parse(fs.readFileSync(path.join(ROOT, 'schemas', 'podpatterns.schema.json'), 'utf8'));
  assert.ok(new Ajv().compile(schema)(parseDocument(block).toJS()));
});

test('the suppression comments the README shows work as it says', () => {
  const m = /`(# podpatterns-disable-next-line) <rule-id>/.exec(readme);
  assert.ok(m);
  const pod = (comment: string) =>
    `apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - {name: a, image: nginx}\n  initContainers:\n${comment}  - name: wait\n    image: busybox\n    command: ["sh", "-c", "until nslookup db; do sleep 2; done"]\n`;
  const svc = new LanguageService();
  const rule = 'pattern/wait-without-timeout';
  assert.ok(svc.analyze(pod('')).findings.some((f) => f.rule === rule));
  assert.ok(!svc.analyze(pod(`  ${m[1]} ${rule}\n`)).findings.some((f) => f.rule === rule));
});
