/**
 * Roles, sequence, effective resources and the lifecycle picture of a pod.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { Engine } from '../../server/src/analysis/engine';
import { effectiveResources, lifecycleOf, showQuantity, startupSequence, shutdownSequence } from '../../server/src/analysis/lifecycle';
import { timelineHtml, timelineOf } from '../../server/src/analysis/timeline';
import { LanguageService } from '../../server/src/analysis/service';

const POD = `apiVersion: batch/v1
kind: Job
metadata:
  name: etl
spec:
  template:
    spec:
      restartPolicy: Never
      initContainers:
      - name: fetch
        image: busybox
        resources: {requests: {cpu: "1", memory: 1Gi}}
      - name: proxy
        image: envoyproxy/envoy:v1.31.0
        restartPolicy: Always
        startupProbe: {tcpSocket: {port: 9901}}
        resources: {requests: {cpu: 100m, memory: 64Mi}, limits: {cpu: 200m, memory: 64Mi}}
      - name: logs
        image: fluent/fluent-bit:3.1
        restartPolicy: Always
        resources: {limits: {cpu: 100m, memory: 32Mi}}
      - name: migrate
        image: migrate/migrate
        resources: {requests: {cpu: 1500m, memory: 256Mi}}
      containers:
      - name: work
        image: example.com/etl:1
        resources: {requests: {cpu: 250m, memory: 2Gi}, limits: {cpu: "1", memory: 2Gi}}
`;

const pod = () => new Engine().place(POD)[0].parsed.docs[0].pods[0];

test('roles and the startup and shutdown sequence', () => {
  const l = lifecycleOf(pod());
  assert.deepEqual(
    l.init.map((s) => [s.container.name, s.sidecar, s.runningSidecars.map((c) => c.name)]),
    [
      ['fetch', false, []],
      ['proxy', true, []],
      ['logs', true, ['proxy']],
      ['migrate', false, ['proxy', 'logs']],
    ],
  );
  assert.equal(l.restartPolicy, 'Never');
  assert.equal(l.job, true);
  const seq = startupSequence(l);
  assert.equal(seq.length, 5);
  assert.match(seq[1], /`proxy`: native sidecar.*passed its `startupProbe`/);
  assert.match(seq[3], /`migrate`: init container: starts after step 3 has started/);
  assert.deepEqual(shutdownSequence(l), ['`work` receives SIGTERM (preStop hooks run first)', 'then the native sidecars, in reverse start order: `logs`, `proxy`']);
});

test('effective resources as the scheduler computes them', () => {
  const e = effectiveResources(pod());
  // cpu: max(fetch 1, proxy 100m, proxy+logs 200m, migrate 1500m + 200m = 1700m, work 250m + 200m) = 1700m
  assert.equal(showQuantity('cpu', e.requests.get('cpu')!), '1700m');
  // memory: max(1Gi, 64Mi, 96Mi, 256Mi + 96Mi, 2Gi + 96Mi) = 2144Mi
  assert.equal(showQuantity('memory', e.requests.get('memory')!), '2144Mi');
  // limits: work 1 cpu + sidecars 300m; memory 2Gi + 96Mi
  assert.equal(showQuantity('cpu', e.limits.get('cpu')!), '1300m');
  assert.equal(showQuantity('memory', e.limits.get('memory')!), '2144Mi');
  assert.equal(e.unlimited.size, 0);
});

test('the lifecycle picture: sidecars span to the end, stopped in reverse order', () => {
  const t = timelineOf(pod());
  assert.equal(t.title, 'Job etl');
  const bar = (n: string) => t.bars.find((b) => b.name === n)!;
  assert.deepEqual([bar('fetch').start, bar('fetch').end], [0, 1]);
  assert.equal(bar('proxy').role, 'sidecar');
  assert.ok(bar('proxy').end > bar('logs').end, 'proxy started first, stops last');
  assert.ok(bar('logs').end > bar('work').end, 'sidecars stop after the app');
  const html = timelineHtml(t, 'n0nce');
  assert.match(html, /<div class="chart" role="group" aria-label="Lifecycle of Job etl"/);
  assert.match(html, /style-src 'nonce-n0nce'/);
  assert.doesNotMatch(html, /<script/);
});

test('code lenses: one per pod spec', () => {
  const svc = new LanguageService();
  const text = POD + '---\napiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: a, image: b}]}\n';
  const specs = svc.podSpecs(text);
  assert.deepEqual(specs.map((s) => s.title), ['Job etl', 'Pod p']);
  assert.equal(text.slice(specs[1].offset, specs[1].offset + 10), 'apiVersion');
  assert.equal(svc.lifecycle(text, text.indexOf('kind: Pod'))?.timeline?.title, 'Pod p');
});

test('the shutdown order reads as English: one or several app containers, one sidecar named sidecar', () => {
  const doc = new Engine().place(`apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  initContainers:
  - {name: sidecar, image: busybox:1.36, restartPolicy: Always}
  containers:
  - {name: web, image: nginx:1.27}
  - {name: worker, image: busybox:1.36}
`)[0].parsed.docs[0];
  const l = lifecycleOf(doc.pods[0]);
  assert.deepEqual(shutdownSequence(l), ['`web` and `worker` receive SIGTERM (preStop hooks run first)', 'then the native sidecar `sidecar`']);
  const t = timelineOf(doc.pods[0]);
  assert.deepEqual(t.shutdown, ['the app containers web and worker get SIGTERM', 'sidecar stops (native sidecar)']);
});
