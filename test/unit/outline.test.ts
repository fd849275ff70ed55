/**
 * The outline and the inlay hints (analysis/outline.ts): containers by role in
 * start order, volumes, one symbol per object; hints for the start and stop
 * order, the pod's effective request, and the defaults the API server
 * applies; each switched off by its setting.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { LanguageService } from '../../server/src/analysis/service';
import { DEFAULT_SETTINGS, applyOverrides, overridesFromConfig } from '../../server/src/analysis/settings';
import type { OutlineSymbol } from '../../server/src/analysis/outline';

const TEXT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  selector:
    matchLabels: {app: api}
  template:
    metadata:
      labels: {app: api}
    spec:
      initContainers:
      - name: wait-db
        image: busybox
        command: ['sh', '-c', 'until nslookup db; do sleep 2; done']
        resources:
          requests: {cpu: "1", memory: 64Mi}
      - name: proxy
        image: envoyproxy/envoy:v1.31.0
        restartPolicy: Always
        resources:
          requests: {cpu: 100m, memory: 128Mi}
      - name: log-shipper
        image: fluent/fluent-bit:3.1
        restartPolicy: Always
      - name: migrate
        image: migrate/migrate:v4.17.1
        imagePullPolicy: Always
      containers:
      - name: api
        image: registry.example.com/api:latest
        resources:
          requests:
            cpu: 250m
            memory: 256Mi
      volumes:
      - name: data
        emptyDir: {}
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: api-config
data: {a: b}
---
apiVersion: batch/v1
kind: Job
metadata: {name: once}
spec:
  template:
    spec:
      restartPolicy: Never
      containers: [{name: run, image: "busybox:1.36", resources: {requests: {cpu: 100m}}}]
`;

const svc = new LanguageService();

const flat = (list: OutlineSymbol[], depth = 0): string[] => list.flatMap((s) => [`${'  '.repeat(depth)}${s.name}`, ...flat(s.children, depth + 1)]);

test('the outline: objects, then containers by role in start order, then volumes', () => {
  const symbols = svc.symbols(TEXT, DEFAULT_SETTINGS);
  assert.deepEqual(flat(symbols), [
    'Deployment api',
    '  init 1/4 wait-db',
    '  sidecar proxy',
    '  sidecar log-shipper',
    '  init 4/4 migrate',
    '  app api',
    '  volume data',
    'ConfigMap api-config',
    'Job once',
    '  app run',
  ]);
  // The selection is the name, the range the whole entry.
  const wait = symbols[0].children[0];
  assert.equal(TEXT.slice(wait.selStart, wait.selEnd), 'wait-db');
  assert.ok(TEXT.slice(wait.start, wait.end).startsWith('name: wait-db') && TEXT.slice(wait.start, wait.end).includes('memory: 64Mi'));
  assert.equal(symbols[0].children[5].detail, 'emptyDir');
});

/** The hints written into the text, as an editor shows them. */
function withHints(text: string, settings = DEFAULT_SETTINGS, start = 0, end = text.length): string {
  let out = text;
  for (const h of [...svc.inlayHints(text, start, end, settings)].reverse()) out = `${out.slice(0, h.offset)} «${h.label}»${out.slice(h.offset)}`;
  return out;
}

test('inlay hints: start and stop order, effective requests, defaults', () => {
  const out = withHints(TEXT);
  const has = (line: string): void => assert.ok(out.includes(line), `missing ${JSON.stringify(line)} in\n${out}`);
  has('- name: wait-db «init 1/4»');
  has('- name: proxy «sidecar, starts 2nd, stops last»');
  has('- name: log-shipper «sidecar, starts 3rd, stops 2nd»');
  has('- name: migrate «init 4/4»');
  has('- name: api «app, starts 5th, stops first»');
  // Effective: the biggest init step (wait-db, 1 CPU) against apps plus sidecars (250m + 100m, 256Mi + 128Mi).
  has('resources: «pod requests memory 384Mi»\n          requests: {cpu: "1", memory: 64Mi}');
  has('resources: «pod requests cpu 1, memory 384Mi»\n          requests: {cpu: 100m, memory: 128Mi}');
  // Defaults: no tag is latest (Always), a version tag IfNotPresent; none where it is set.
  has('image: busybox «imagePullPolicy: Always»');
  has('image: fluent/fluent-bit:3.1 «imagePullPolicy: IfNotPresent»');
  has('image: registry.example.com/api:latest «imagePullPolicy: Always»');
  has('image: migrate/migrate:v4.17.1\n');
  has('    spec: «restartPolicy: Always»\n      initContainers');
  // A Job's pod must set restartPolicy; a pod of one container needs no effective-request hint.
  assert.ok(!out.includes('restartPolicy: Never «'), out);
  assert.ok(!/requests: \{cpu: 100m\}\}\}\] «/.test(out), out);
  assert.ok(!out.includes('«pod requests cpu 100m»'), out);
});

test('inlay hints only in the range asked for', () => {
  const start = TEXT.indexOf('containers:\n      - name: api');
  const end = TEXT.indexOf('volumes:');
  const labels = svc.inlayHints(TEXT, start, end, DEFAULT_SETTINGS).map((h) => h.label);
  assert.deepEqual(labels, ['app, starts 5th, stops first', 'imagePullPolicy: Always', 'pod requests cpu 1, memory 384Mi']);
});

test('settings switch each kind of hint and the outline off', () => {
  const off = (config: Record<string, unknown>) => applyOverrides({ ...DEFAULT_SETTINGS, rules: {} }, overridesFromConfig(config));
  const kinds = (settings: typeof DEFAULT_SETTINGS): string[] => [...new Set(svc.inlayHints(TEXT, 0, TEXT.length, settings).map((h) => h.kind))].sort();
  assert.deepEqual(kinds(DEFAULT_SETTINGS), ['containerOrder', 'defaults', 'effectiveResources']);
  assert.deepEqual(kinds(off({ 'inlayHints.containerOrder': false })), ['defaults', 'effectiveResources']);
  assert.deepEqual(kinds(off({ inlayHints: { effectiveResources: false } })), ['containerOrder', 'defaults']);
  assert.deepEqual(kinds(off({ 'inlayHints.defaults': false })), ['containerOrder', 'effectiveResources']);
  assert.deepEqual(svc.symbols(TEXT, off({ 'outline.enabled': false })), []);
  assert.deepEqual(svc.symbols(TEXT, off({ outline: { enabled: true } })).length, 3);
});

test('bad input never crashes the outline or the hints', () => {
  for (const t of ['', '---\n---', 'kind: Pod\nspec: 1', 'kind: Pod\nspec:\n  initContainers: {a: 1}\n  containers: [[]]', '{{ x }}', TEXT.slice(0, 700), 'kind: Pod\nspec:\n  containers:\n  - name: [a]\n    image: 3\n    resources: 7']) {
    svc.symbols(t, DEFAULT_SETTINGS);
    svc.inlayHints(t, 0, t.length, DEFAULT_SETTINGS);
  }
});
