/**
 * The pod model: pod specs found in every workload kind, API field paths
 * exactly as the API server writes them, exact offsets, and the YAML forms
 * real manifests use (multi-document, flow style, anchors, CRLF, BOM).
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Engine } from '../../server/src/analysis/engine';
import { MIN_SEGMENT_CHARS, splitDocuments, LineIndex } from '../../server/src/analysis/text';
import type { FieldNode } from '../../server/src/analysis/model';
import { FIXTURES } from '../harness';

function allPaths(f: FieldNode | null, out: Map<string, FieldNode> = new Map()): Map<string, FieldNode> {
  if (!f) return out;
  out.set(f.path, f);
  for (const c of f.children ?? []) allPaths(c, out);
  return out;
}

test('finds the pod spec of every workload kind, with the API server\'s paths', () => {
  const text = fs.readFileSync(path.join(FIXTURES, 'model', 'workloads.yaml'), 'utf8');
  const placed = new Engine().place(text);
  const pods = placed.flatMap((p) => p.parsed.docs.flatMap((d) => d.pods));
  assert.deepEqual(
    pods.map((p) => [p.kind, p.path]),
    [
      ['Pod', 'spec'],
      ['PodTemplate', 'template.spec'],
      ['Deployment', 'spec.template.spec'],
      ['StatefulSet', 'spec.template.spec'],
      ['DaemonSet', 'spec.template.spec'],
      ['ReplicaSet', 'spec.template.spec'],
      ['ReplicationController', 'spec.template.spec'],
      ['Job', 'spec.template.spec'],
      ['CronJob', 'spec.jobTemplate.spec.template.spec'],
    ],
  );
  const last = placed[placed.length - 1].parsed.docs;
  const paths = allPaths(last[last.length - 1].root);
  for (const p of [
    'spec.jobTemplate.spec.template.spec.initContainers[1].livenessProbe',
    'spec.jobTemplate.spec.template.spec.initContainers[1].restartPolicy',
    'spec.jobTemplate.spec.template.spec.containers[0].resources.limits[cpu]',
  ]) {
    assert.ok(paths.has(p), `missing ${p}`);
  }
  const cronPod = pods[pods.length - 1];
  assert.deepEqual(
    cronPod.containers.map((c) => [c.list, c.index, c.name, c.role]),
    [
      ['initContainers', 0, 'init', 'init'],
      ['initContainers', 1, 'side', 'sidecar'],
      ['containers', 0, 'a', 'app'],
    ],
  );
});

test('key and value offsets are exact, in every document of a file', () => {
  const text = fs.readFileSync(path.join(FIXTURES, 'model', 'workloads.yaml'), 'utf8');
  const engine = new Engine();
  for (const placed of engine.place(text)) {
    for (const doc of placed.parsed.docs) {
      for (const f of allPaths(doc.root).values()) {
        if (f.keyStart !== undefined) {
          const key = text.slice(placed.segment.start + f.keyStart, placed.segment.start + f.keyEnd!);
          assert.equal(key, f.key, `key of ${f.path}`);
        }
        if (f.kind === 'scalar' && !f.quoted) {
          assert.equal(text.slice(placed.segment.start + f.start, placed.segment.start + f.end), f.source, `value of ${f.path}`);
        }
      }
    }
  }
  const limit = engine
    .place(text)
    .flatMap((p) => p.parsed.docs.map((d) => ({ p, d })))
    .map(({ p, d }) => ({ p, f: allPaths(d.root).get('spec.jobTemplate.spec.template.spec.containers[0].resources.limits[cpu]') }))
    .find((x) => x.f)!;
  const idx = new LineIndex(text);
  const pos = idx.positionAt(limit.p.segment.start + limit.f!.start);
  assert.deepEqual(pos, { line: 120, character: 28 });
});

test('flow style (KYAML) with trailing commas and comments', () => {
  const text = `---
{
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name: "p", },
  spec: {
    containers: [
      { name: "web", image: "nginx", ports: [{ containerPort: 80, },], }, # trailing comma
    ],
  },
}
`;
  const placed = new Engine().place(text);
  const doc = placed[0].parsed.docs[0];
  assert.equal(doc.yaml.errors.length, 0);
  const paths = allPaths(doc.root);
  const port = paths.get('spec.containers[0].ports[0].containerPort')!;
  assert.equal(port.value, 80);
  assert.equal(text.slice(port.start, port.end), '80');
});

test('anchors, aliases and merge keys resolve, at the alias\'s place', () => {
  const text = `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  containers:
  - &base
    name: a
    image: nginx
    resources: &res {limits: {cpu: 100m}}
  - <<: *base
    name: b
    resources: *res
`;
  const doc = new Engine().place(text)[0].parsed.docs[0];
  const paths = allPaths(doc.root);
  assert.equal(paths.get('spec.containers[1].name')!.value, 'b');
  assert.equal(paths.get('spec.containers[1].image')!.value, 'nginx');
  const viaAlias = paths.get('spec.containers[1].resources.limits[cpu]')!;
  assert.equal(viaAlias.value, '100m');
  assert.equal(text.slice(viaAlias.start, viaAlias.end), '*res');
  assert.deepEqual(doc.pods[0].containers.map((c) => c.name), ['a', 'b']);
});

test('CRLF line ends, a BOM and empty documents', () => {
  const text = '\ufeffapiVersion: v1\r\nkind: Pod\r\nmetadata:\r\n  name: p\r\nspec:\r\n  containers:\r\n  - name: a\r\n    image: nginx\r\n---\r\n---\r\n# only a comment\r\n';
  const engine = new Engine();
  const placed = engine.place(text);
  const docs = placed.flatMap((p) => p.parsed.docs);
  assert.equal(docs[0].pods.length, 1);
  const name = allPaths(docs[0].root).get('spec.containers[0].name')!;
  assert.equal(text.slice(name.start, name.end), 'a');
  assert.deepEqual(engine.analyze(text).findings, []);
});

test('List items are objects of their own', () => {
  const text = `apiVersion: v1
kind: List
items:
- apiVersion: v1
  kind: Pod
  metadata: {name: p}
  spec:
    containers:
    - name: a
      image: nginx
      bogus: 1
`;
  const engine = new Engine();
  const doc = engine.place(text)[0].parsed.docs[0];
  assert.equal(doc.pods.length, 1);
  assert.equal(doc.pods[0].path, 'spec');
  const f = engine.analyze(text).findings.find((x) => x.rule === 'schema/unknown-field');
  assert.equal(f?.fieldPath, 'spec.containers[0].bogus');
});

test('documents that are not Kubernetes objects are left alone', () => {
  const text = 'name: CI\non:\n  push: {}\njobs:\n  build:\n    runs-on: ubuntu-latest\n';
  assert.deepEqual(new Engine().analyze(text).findings, []);
});

test('splitting: markers only at line start, directives stay with their document', () => {
  const text = 'a: 1\n--- \nb: "---"\n  ---x\n%YAML 1.1\n---\nc: 3\n...\n';
  const segs = splitDocuments(text, 0);
  assert.deepEqual(
    segs.map((s) => s.text),
    ['a: 1\n', '--- \nb: "---"\n  ---x\n', '%YAML 1.1\n---\nc: 3\n...\n'],
  );
  for (const s of segs) assert.equal(text.slice(s.start, s.end), s.text);
});

test('splitting: tiny documents share a segment with the next, but a directive always opens one', () => {
  const empty = '---\n'.repeat(100_000);
  const segs = splitDocuments(empty);
  assert.ok(segs.length <= empty.length / MIN_SEGMENT_CHARS + 1, `${segs.length} segments for 100,000 empty documents`);
  assert.equal(segs.map((s) => s.text).join(''), empty);
  const doc = `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${'x'.repeat(MIN_SEGMENT_CHARS)}\n`;
  assert.equal(splitDocuments(`${doc}---\n${doc}`).length, 2, 'real manifests keep a segment each');
  const withDirective = 'a: 1\n%YAML 1.1\n---\nc: 3\n';
  assert.deepEqual(splitDocuments(withDirective).map((s) => s.text), ['a: 1\n', '%YAML 1.1\n---\nc: 3\n']);
  // The engine reads every document of a shared segment.
  const placed = new Engine().place('---\na: 1\n---\nb: 2\n---\nc: 3\n');
  assert.equal(placed.length, 1);
  assert.equal(placed[0].parsed.docs.length, 3);
});

test('an edit re-parses only the document it touched', () => {
  const docs = Array.from({ length: 20 }, (_, i) => `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p${i}\nspec:\n  containers:\n  - name: a\n    image: nginx\n`);
  const engine = new Engine();
  const first = docs.join('---\n');
  engine.analyze(first);
  const parsedBefore = engine.stats.parsed;
  const checkedBefore = engine.stats.checked;
  const edited = first.replace('name: p7', 'name: p7x');
  const after = engine.analyze(edited);
  assert.equal(engine.stats.parsed - parsedBefore, 1);
  assert.equal(engine.stats.checked - checkedBefore, 1);
  assert.deepEqual(after.findings, []);
});

test('scalars read as Kubernetes reads them (go-yaml v2): 1:20 and . stay strings, yes is a boolean', () => {
  const text = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: a\n    image: nginx\n    env:\n    - {name: A, value: 1:20}\n    - {name: B, value: .}\n    - {name: C, value: yes}\n    - {name: D, value: 0777}\n';
  const doc = new Engine().place(text)[0].parsed.docs[0];
  const paths = allPaths(doc.root);
  assert.equal(paths.get('spec.containers[0].env[0].value')!.value, '1:20');
  assert.equal(paths.get('spec.containers[0].env[1].value')!.value, '.');
  assert.equal(paths.get('spec.containers[0].env[2].value')!.value, true);
  assert.equal(paths.get('spec.containers[0].env[3].value')!.value, 511);
});
