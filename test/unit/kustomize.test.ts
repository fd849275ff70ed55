/**
 * Kustomize patches are partial objects: a file a kustomization lists under
 * `patches` is not reported for what it leaves out, in the checker and in
 * the editor's path; the same object outside a kustomization is.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { KustomizePatches } from '../../server/src/kustomize';
import { FIXTURES, ROOT } from '../harness';

const OVERLAY = path.join(FIXTURES, 'kustomize', 'overlay');

test('a file listed under patches is recognised; its neighbour is not', () => {
  const k = new KustomizePatches();
  assert.equal(k.isPatch(path.join(OVERLAY, 'resources-patch.yaml')), true);
  assert.equal(k.isPatch(path.join(OVERLAY, 'not-listed.yaml')), false);
});

test('the checker reports no missing image or selector in a listed patch, but does in an unlisted copy', () => {
  const run = (f: string) => spawnSync(process.execPath, [path.join(ROOT, 'dist', 'cli.js'), 'check', '--format', 'json', path.join(OVERLAY, f)], { encoding: 'utf8' });
  const listed = run('resources-patch.yaml');
  assert.equal(listed.status, 0, listed.stdout);
  const unlisted = run('not-listed.yaml');
  assert.equal(unlisted.status, 1);
  const codes = JSON.parse(unlisted.stdout).files[0].diagnostics.map((d: { code: string }) => d.code);
  assert.ok(codes.includes('pod/container-image-required'), codes.join(','));
  assert.ok(codes.includes('workload/selector-required'), codes.join(','));
});
