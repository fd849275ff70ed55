/**
 * Where pattern insertions, conversions and fixes are offered, and where they
 * are not (their edits are tested as before/after files in test/fixtures/fixes).
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { LanguageService } from '../../server/src/analysis/service';
import { DEFAULT_SETTINGS } from '../../server/src/analysis/settings';
import { cursors } from '../harness';

const svc = new LanguageService();
function titles(raw: string, version = DEFAULT_SETTINGS.kubernetesVersion): string[] {
  const { text, offsets } = cursors(raw);
  const settings = { ...DEFAULT_SETTINGS, rules: {}, kubernetesVersion: version };
  const findings = svc.analyze(text, settings).findings.filter((f) => f.start <= offsets[0] && f.end >= offsets[0]);
  return svc.codeActions(text, offsets[0], offsets[0], findings, settings).map((a) => a.title);
}

const POD = `apiVersion: v1
kind: Pod
metadata:
  name: $1web
spec:
  initContainers:
  - name: $2init
    image: busybox
  containers:
  - name: $3web
    image: nginx
  - name: $4shipper
    image: fluent/fluent-bit:3.1
`;
const at = (n: number, text = POD) => text.replace(`$${n}`, '$0').replace(/\$[1-9]/g, '');

test('inside a pod spec: the four insertions; on a second app container also the conversion', () => {
  assert.deepEqual(titles(at(3)).filter((t) => !t.startsWith('Suppress')), [
    'Convert to native sidecar',
    'Add native sidecar container',
    'Add adapter container',
    'Add ambassador container',
    'Add init container that waits for a Service',
  ]);
});

test('no conversion on an init container, nor on the only app container', () => {
  assert.ok(!titles(at(2)).includes('Convert to native sidecar'));
  const single = at(3).replace(/ {2}- name: shipper\n {4}image: fluent\/fluent-bit:3.1\n/, '');
  assert.ok(!titles(single).includes('Convert to native sidecar'));
});

test('nothing outside a pod spec', () => {
  assert.deepEqual(titles(at(1)), []);
});

test('no native sidecar actions before Kubernetes 1.29', () => {
  const t = titles(at(3), '1.28');
  assert.ok(!t.includes('Add native sidecar container'));
  assert.ok(!t.includes('Convert to native sidecar'));
  assert.ok(t.includes('Add adapter container'));
});

test('a quick fix and a refactoring with the same edit are offered once', () => {
  const job = `apiVersion: batch/v1
kind: Job
metadata: {name: j}
spec:
  template:
    spec:
      restartPolicy: Never
      containers:
      - name: work
        image: busybox
      - name: cloud-sql-$0proxy
        image: gcr.io/cloud-sql-connectors/cloud-sql-proxy:2.14.0
`;
  const t = titles(job);
  assert.ok(t.includes('Convert cloud-sql-proxy to a native sidecar'));
  assert.ok(!t.includes('Convert to native sidecar'), t.join(', '));
});

test('a Job restartPolicy fix offers OnFailure only where the Job has no podFailurePolicy', () => {
  const job = (restart: string, pfp: boolean) => `apiVersion: batch/v1
kind: Job
metadata: {name: j}
spec:
${pfp ? '  podFailurePolicy:\n    rules:\n    - action: FailJob\n      onExitCodes: {operator: In, values: [42]}\n' : ''}  template:
    $0spec:
${restart ? `      restartPolicy: ${restart}\n` : ''}      containers:
      - name: work
        image: busybox
`;
  const fixes = (t: string[]) => t.filter((x) => x.startsWith('Set restartPolicy'));
  assert.deepEqual(fixes(titles(job('', false))), ['Set restartPolicy: Never', 'Set restartPolicy: OnFailure']);
  assert.deepEqual(fixes(titles(job('', true))), ['Set restartPolicy: Never']);
  assert.deepEqual(fixes(titles(job('OnFailure', true).replace('$0spec', 'spec').replace('restartPolicy: OnFailure', 'restartPolicy: $0OnFailure'))), ['Set restartPolicy: Never']);
});
