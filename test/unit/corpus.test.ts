/**
 * Real manifests written by others (../shared/corpus, when it exists beside
 * the repository): no exception on any file; no error-severity diagnostic on
 * the main corpus except on the files index.tsv marks (removed API versions,
 * fields newer than the newest release we know); errors on the files
 * index.tsv records as invalid; Helm templates survived.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { LanguageService } from '../../server/src/analysis/service';
import { ROOT } from '../harness';

const CORPUS = process.env.POD_PATTERNS_CORPUS ?? path.resolve(ROOT, '..', 'shared', 'corpus');
const present = fs.existsSync(path.join(CORPUS, 'index.tsv'));
if (!present) console.log(`# corpus tests skipped: ${CORPUS} does not exist`);

interface Row {
  path: string;
  category: string;
  schemaCheck: string;
}

function rows(): Row[] {
  const lines = fs.readFileSync(path.join(CORPUS, 'index.tsv'), 'utf8').trim().split('\n');
  const head = lines[0].split('\t');
  const col = (n: string): number => head.indexOf(n);
  return lines.slice(1).map((l) => {
    const c = l.split('\t');
    return { path: c[col('path')], category: c[col('category')], schemaCheck: c[col('schema_check')] };
  });
}

const service = new LanguageService();
function errorsOf(file: string): string[] {
  const text = fs.readFileSync(path.join(CORPUS, file), 'utf8').replace(/^\ufeff/, '');
  return service
    .analyze(text)
    .findings.filter((f) => f.severity === 'error')
    .map((f) => `${f.rule}: ${f.message}`);
}

test('main corpus: no false errors', { skip: !present && 'no ../shared/corpus' }, () => {
  const problems: string[] = [];
  let checked = 0;
  for (const r of rows()) {
    if (r.category !== 'main' && r.category !== 'main-kyaml') continue;
    checked++;
    const errors = errorsOf(r.path);
    const marked = r.schemaCheck !== 'ok';
    if (errors.length && !marked) problems.push(`${r.path}\n    ${errors.join('\n    ')}`);
  }
  assert.ok(checked > 300, `only ${checked} main files`);
  assert.deepEqual(problems, []);
});

test('main corpus: the files index.tsv marks do get errors', { skip: !present && 'no ../shared/corpus' }, () => {
  for (const r of rows()) {
    if ((r.category === 'main' || r.category === 'main-kyaml') && r.schemaCheck !== 'ok') {
      assert.ok(errorsOf(r.path).length > 0, `${r.path}: ${r.schemaCheck}`);
    }
  }
});

test('invalid-or-partial: errors where the file is invalid, never a crash', { skip: !present && 'no ../shared/corpus' }, () => {
  const missed: string[] = [];
  for (const r of rows()) {
    if (r.category !== 'invalid-or-partial') continue;
    const errors = errorsOf(r.path);
    // Partial objects (kustomize and kubeadm patches) are recognised as such, not reported as invalid pods.
    if (r.schemaCheck.startsWith('NOTE:') || /(^|\/)(overlays|kustomize)\/|patch\.ya?ml$/.test(r.path)) continue;
    if (errors.length === 0) missed.push(`${r.path}: ${r.schemaCheck}`);
  }
  assert.deepEqual(missed, []);
});

test('helm templates are survived', { skip: !present && 'no ../shared/corpus' }, () => {
  for (const r of rows()) {
    if (r.category !== 'helm-template') continue;
    const text = fs.readFileSync(path.join(CORPUS, r.path), 'utf8');
    const result = service.analyze(text);
    assert.ok(Array.isArray(result.findings));
  }
});
