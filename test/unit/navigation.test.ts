/**
 * Names inside a pod, both ways (analysis/navigation.ts on knowledge/names.ts):
 * definition, references, highlights and rename with its refusals, for
 * volumes and mounts (and a StatefulSet's claim templates), containers and
 * what names them, named ports and probes, `$(VAR)` and env, and a
 * workload's selector and its template's labels. Places are compared as the
 * text they cover and their line, so that a wrong offset fails.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { LanguageService } from '../../server/src/analysis/service';
import { DEFAULT_SETTINGS } from '../../server/src/analysis/settings';
import { LineIndex } from '../../server/src/analysis/text';

const URI = 'file:///w/app.yaml';

/** The offset of the `nth` occurrence of `needle`, plus `delta` (inside it by default). */
function at(text: string, needle: string, nth = 0, delta = 1): number {
  let i = -1;
  for (let n = 0; n <= nth; n++) {
    i = text.indexOf(needle, i + 1);
    assert.ok(i >= 0, `${needle} #${nth} is in the text`);
  }
  return i + delta;
}

/** A place as `line:text`, 1-based line. */
function show(text: string, l: { start: number; end: number }): string {
  return `${new LineIndex(text).positionAt(l.start).line + 1}:${text.slice(l.start, l.end)}`;
}

const shown = (text: string, locs: { start: number; end: number }[]): string[] => locs.map((l) => show(text, l)).sort((a, b) => parseInt(a) - parseInt(b) || a.localeCompare(b));

/** Applies edits in offsets. */
function apply(text: string, edits: { start: number; end: number; newText: string }[]): string {
  let out = text;
  for (const e of [...edits].sort((a, b) => b.start - a.start)) out = out.slice(0, e.start) + e.newText + out.slice(e.end);
  return out;
}

const POD = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
        tier: front
      annotations:
        kubectl.kubernetes.io/default-container: main
    spec:
      initContainers:
      - name: setup
        image: busybox:1.36
        command: ['sh', '-c', 'echo $(GREETING) > /work/a']
        env:
        - name: GREETING
          value: hello
        volumeMounts:
        - name: work
          mountPath: /work
      containers:
      - name: main
        image: nginx:1.27
        command: ["/bin/run", "--greet=$(GREETING)", "--both=$(A)-$(GREETING)"]
        env:
        - name: A
          value: "$(GREETING)"
        - name: GREETING
          value: hi
        - name: B
          value: "$(GREETING) and $$(GREETING)"
        - name: LIMIT
          valueFrom:
            resourceFieldRef:
              containerName: main
              resource: limits.memory
        ports:
        - name: http
          containerPort: 8080
        readinessProbe:
          httpGet:
            path: /
            port: http
        lifecycle:
          preStop:
            httpGet:
              path: /stop
              port: http
        volumeMounts:
        - name: work
          mountPath: /srv
        - name: 'cache'
          mountPath: /cache
      ephemeralContainers: []
      volumes:
      - name: work
        emptyDir: {}
      - name: cache
        emptyDir: {}
`;

const svc = new LanguageService();
const s = DEFAULT_SETTINGS;

test('a volume mount goes to its volume; the volume finds every mount, both ways', () => {
  const defs = svc.definition(URI, POD, at(POD, 'name: work', 1, 7), s);
  assert.deepEqual(shown(POD, defs), ['62:work']);
  const refs = svc.references(URI, POD, at(POD, 'name: work', 2, 7), true, s);
  assert.deepEqual(shown(POD, refs), ['25:work', '56:work', '62:work']);
  const uses = svc.references(URI, POD, at(POD, 'name: work', 2, 7), false, s);
  assert.deepEqual(shown(POD, uses), ['25:work', '56:work']);
  // A quoted name: the place is the name without its quotes.
  assert.deepEqual(shown(POD, svc.definition(URI, POD, at(POD, "'cache'", 0, 2), s)), ['64:cache']);
  assert.deepEqual(shown(POD, svc.references(URI, POD, at(POD, 'name: cache', 0, 7), false, s)), ['58:cache']);
});

test('highlights: the definition is written, the uses read', () => {
  const hl = svc.highlights(URI, POD, at(POD, 'name: work', 0, 7), s);
  assert.deepEqual(
    hl.map((h) => `${show(POD, h)}:${h.kind}`).sort(),
    ['25:work:read', '56:work:read', '62:work:write'].sort(),
  );
});

test('a container and what names it: the default-container annotation, resourceFieldRef, both ways', () => {
  const fromAnnotation = svc.definition(URI, POD, at(POD, 'default-container: main', 0, 20), s);
  assert.deepEqual(shown(POD, fromAnnotation), ['28:main']);
  const refs = svc.references(URI, POD, at(POD, '- name: main', 0, 9), false, s);
  assert.deepEqual(shown(POD, refs), ['15:main', '41:main']);
});

test('a named port and the probe and hook that use it', () => {
  assert.deepEqual(shown(POD, svc.definition(URI, POD, at(POD, 'port: http', 0, 7), s)), ['44:http']);
  const refs = shown(POD, svc.references(URI, POD, at(POD, 'name: http', 0, 7), false, s));
  assert.deepEqual(refs, ['49:http', '54:http']);
});

test('$(VAR) goes to the env entry it expands; in an env value only to entries before it', () => {
  // In command: the container's own GREETING (the last of that name), not the init container's.
  const inCommand = svc.definition(URI, POD, at(POD, '--greet=$(GREETING)', 0, 11), s);
  assert.deepEqual(shown(POD, inCommand), ['34:GREETING']);
  // In the init container's command: its own entry.
  assert.deepEqual(shown(POD, svc.definition(URI, POD, at(POD, 'echo $(GREETING)', 0, 8), s)), ['22:GREETING']);
  // env A's value comes before GREETING is defined: it expands nothing.
  assert.deepEqual(svc.definition(URI, POD, at(POD, 'value: "$(GREETING)"', 0, 11), s), []);
  // env B's value: GREETING is defined before it; `$$(GREETING)` is escaped, no reference.
  assert.deepEqual(shown(POD, svc.definition(URI, POD, at(POD, 'value: "$(GREETING) and', 0, 11), s)), ['34:GREETING']);
  const refs = shown(POD, svc.references(URI, POD, at(POD, '- name: GREETING', 1, 9), false, s));
  assert.deepEqual(refs, ['30:GREETING', '30:GREETING', '37:GREETING']);
});

test("a workload's selector and its template's labels, both ways", () => {
  const keyDef = svc.definition(URI, POD, at(POD, 'app: web', 0, 1), s);
  assert.deepEqual(shown(POD, keyDef), ['12:app']);
  const valueDef = svc.definition(URI, POD, at(POD, 'app: web', 0, 6), s);
  assert.deepEqual(shown(POD, valueDef), ['12:web']);
  assert.deepEqual(shown(POD, svc.references(URI, POD, at(POD, 'app: web', 1, 1), false, s)), ['8:app']);
});

test('a StatefulSet: a mount names a volume claim template', () => {
  const sts = `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
spec:
  serviceName: db
  selector:
    matchLabels: {app: db}
  template:
    metadata:
      labels: {app: db}
    spec:
      containers:
      - name: db
        image: postgres:16
        volumeMounts:
        - name: data
          mountPath: /var/lib/postgresql
  volumeClaimTemplates:
  - metadata:
      name: data
    spec:
      accessModes: [ReadWriteOnce]
      resources: {requests: {storage: 1Gi}}
`;
  assert.deepEqual(shown(sts, svc.definition(URI, sts, at(sts, 'name: data', 0, 7), s)), ['21:data']);
  assert.deepEqual(shown(sts, svc.references(URI, sts, at(sts, 'name: data', 1, 7), false, s)), ['17:data']);
  const r = svc.rename(URI, sts, at(sts, 'name: data', 1, 7), 'pgdata', s);
  assert.ok('edits' in r, JSON.stringify(r));
  const out = apply(sts, r.edits);
  assert.equal((out.match(/name: pgdata/g) ?? []).length, 2);
  assert.ok(!out.includes('name: data'));
});

test('rename changes every occurrence, in the quoting of each', () => {
  const r = svc.rename(URI, POD, at(POD, 'name: cache', 0, 7), 'scratch', s);
  assert.ok('edits' in r, JSON.stringify(r));
  const out = apply(POD, r.edits);
  assert.ok(out.includes("- name: 'scratch'"));
  assert.ok(out.includes('- name: scratch\n        emptyDir'));
  // A container: the annotation and the resourceFieldRef follow.
  const c = svc.rename(URI, POD, at(POD, '- name: main', 0, 9), 'app', s);
  assert.ok('edits' in c, JSON.stringify(c));
  const after = apply(POD, c.edits);
  assert.ok(after.includes('default-container: app\n'));
  assert.ok(after.includes('containerName: app\n'));
  assert.ok(after.includes('- name: app\n'));
  // $(VAR): the definition and each use, not the escaped one nor the one before the definition.
  const e = svc.rename(URI, POD, at(POD, '- name: GREETING', 1, 9), 'SALUTE', s);
  assert.ok('edits' in e, JSON.stringify(e));
  const env = apply(POD, e.edits);
  assert.ok(env.includes('"--greet=$(SALUTE)", "--both=$(A)-$(SALUTE)"'));
  assert.ok(env.includes('value: "$(GREETING)"'), 'the entry before it is not renamed');
  assert.ok(env.includes('value: "$(SALUTE) and $$(GREETING)"'));
  assert.ok(env.includes("echo $(GREETING) > /work/a"), "the init container's own GREETING is another variable");
  // A label key: the selector follows.
  const l = svc.rename(URI, POD, at(POD, 'app: web', 1, 1), 'name', s);
  assert.ok('edits' in l, JSON.stringify(l));
  const labels = apply(POD, l.edits);
  assert.ok(labels.includes('matchLabels:\n      name: web'));
  assert.ok(labels.includes('labels:\n        name: web'));
  // A new name YAML would read as another type is quoted.
  const q = svc.rename(URI, POD, at(POD, 'app: web', 1, 6), 'true', s);
  assert.ok('edits' in q, JSON.stringify(q));
  assert.ok(apply(POD, q.edits).includes('app: "true"'));
});

test('rename refuses names the API server rejects, and names that collide', () => {
  const refuse = (needle: string, nth: number, delta: number, name: string, why: RegExp): void => {
    const r = svc.rename(URI, POD, at(POD, needle, nth, delta), name, s);
    assert.ok('error' in r, `${name}: ${JSON.stringify(r)}`);
    assert.match(r.error, why);
  };
  refuse('name: work', 2, 7, 'Work_Dir', /not a valid volume name/);
  refuse('name: work', 2, 7, 'cache', /already has a volume named "cache"/);
  refuse('- name: main', 0, 9, 'setup', /already has a container named "setup"/);
  refuse('- name: main', 0, 9, 'a'.repeat(64), /not a valid container name/);
  refuse('name: http', 0, 7, 'http-port-too-long', /not a valid port name/);
  refuse('name: http', 0, 7, '80', /not a valid port name/);
  refuse('- name: GREETING', 1, 9, 'A', /already has an environment variable named "A"/);
  refuse('- name: GREETING', 1, 9, '1X=', /not a valid environment variable name|cannot be written/);
  refuse('app: web', 1, 1, 'tier', /already has a label "tier"/);
  refuse('app: web', 1, 6, '-web-', /not a valid label value/);
  // Not a name of the pod.
  const p = svc.prepareRename(URI, POD, at(POD, 'image: nginx', 0, 9), s);
  assert.ok('error' in p);
  const ok = svc.prepareRename(URI, POD, at(POD, '$(GREETING)', 1, 4), s);
  assert.ok(!('error' in ok), JSON.stringify(ok));
  assert.equal(POD.slice(ok.start, ok.end), 'GREETING');
});

test('bad input never crashes navigation', () => {
  const texts = ['', ':', '- [', 'kind: Pod\nspec: 3', 'kind: Pod\nspec:\n  containers: [{name: {a: 1}}]\n  volumes: 7', '{{ .Values }}', POD.slice(0, 400)];
  for (const t of texts) {
    for (let o = 0; o <= t.length; o += 7) {
      svc.definition(URI, t, o, s);
      svc.references(URI, t, o, true, s);
      svc.highlights(URI, t, o, s);
      svc.prepareRename(URI, t, o, s);
      svc.rename(URI, t, o, 'x', s);
    }
  }
});
