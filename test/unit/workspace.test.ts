/**
 * The workspace index across files (analysis/workspace.ts) and what stands on
 * it: navigation from a pod to the ConfigMap, Secret, ServiceAccount, PVC,
 * PriorityClass and Service it names (kustomize generators count as
 * definitions) and back; a Service's selector to the pod templates it
 * selects and its targetPort to the named container port; the
 * information-level findings, silent when the object is absent from the
 * workspace or far from the pod; and the index following file changes.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { LanguageService } from '../../server/src/analysis/service';
import { DEFAULT_SETTINGS } from '../../server/src/analysis/settings';
import type { Loc } from '../../server/src/analysis/workspaceTypes';

const s = DEFAULT_SETTINGS;

const FILES: Record<string, string> = {
  'file:///repo/app/deploy.yaml': `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      serviceAccountName: web-sa
      priorityClassName: high
      initContainers:
      - name: wait-db
        image: busybox:1.36
        command: ['sh', '-c', 'until nc -z db 5432; do sleep 2; done']
      containers:
      - name: web
        image: nginx:1.27
        ports:
        - name: http
          containerPort: 8080
        env:
        - name: LEVEL
          valueFrom:
            configMapKeyRef: {name: web-config, key: LOG_LEVEL}
        - name: COLOR
          valueFrom:
            configMapKeyRef: {name: web-config, key: COLOUR}
        - name: PASSWORD
          valueFrom:
            secretKeyRef: {name: db-credentials, key: password}
        - name: TOKEN
          valueFrom:
            secretKeyRef: {name: from-the-cluster, key: token}
        envFrom:
        - configMapRef: {name: generated}
        volumeMounts:
        - {name: data, mountPath: /data}
      volumes:
      - name: data
        persistentVolumeClaim: {claimName: web-data}
`,
  'file:///repo/app/config.yaml': `apiVersion: v1
kind: ConfigMap
metadata:
  name: web-config
data:
  LOG_LEVEL: info
  COLOR: blue
---
apiVersion: v1
kind: ServiceAccount
metadata:
  name: web-sa
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: web-data
spec:
  accessModes: [ReadWriteOnce]
  resources: {requests: {storage: 1Gi}}
`,
  'file:///repo/app/service.yaml': `apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector:
    app: web
  ports:
  - port: 80
    targetPort: http
  - port: 81
    targetPort: htp
`,
  'file:///repo/db/db.yaml': `apiVersion: v1
kind: Service
metadata:
  name: db
spec:
  selector: {app: db}
  ports: [{port: 5432}]
---
apiVersion: v1
kind: Secret
metadata:
  name: db-credentials
stringData:
  username: app
`,
  'file:///repo/app/kustomization.yaml': `resources: [deploy.yaml, config.yaml, service.yaml]
configMapGenerator:
- name: generated
  literals:
  - MODE=prod
`,
  'file:///repo/cluster/priority.yaml': `apiVersion: scheduling.k8s.io/v1
kind: PriorityClass
metadata:
  name: high
value: 1000
`,
};

function workspace(files = FILES): LanguageService {
  const svc = new LanguageService();
  for (const [uri, text] of Object.entries(files)) svc.indexFile(uri, text, s);
  return svc;
}

const DEPLOY = 'file:///repo/app/deploy.yaml';
const text = (uri: string): string => FILES[uri];
const at = (t: string, needle: string, delta = 1): number => {
  const i = t.indexOf(needle);
  assert.ok(i >= 0, needle);
  return i + delta;
};
/** A place as `file:line:text`. */
const show = (l: Loc, files = FILES): string => `${l.uri.slice(l.uri.lastIndexOf('/') + 1)}:${l.range.start.line + 1}:${files[l.uri].slice(l.start, l.end)}`;

test('from a pod to the objects it names, in other files, and to their keys', () => {
  const svc = workspace();
  const t = text(DEPLOY);
  const def = (needle: string, delta = 1): string[] => svc.definition(DEPLOY, t, at(t, needle, delta), s).map((l) => show(l));
  assert.deepEqual(def('name: web-config, key: LOG_LEVEL', 7), ['config.yaml:4:web-config']);
  assert.deepEqual(def('key: LOG_LEVEL', 6), ['config.yaml:6:LOG_LEVEL']);
  // A key the ConfigMap does not have: the ConfigMap itself.
  assert.deepEqual(def('key: COLOUR', 6), ['config.yaml:4:web-config']);
  assert.deepEqual(def('web-sa'), ['config.yaml:12:web-sa']);
  assert.deepEqual(def('claimName: web-data', 12), ['config.yaml:17:web-data']);
  assert.deepEqual(def('priorityClassName: high', 20), ['priority.yaml:4:high']);
  assert.deepEqual(def('db-credentials'), ['db.yaml:12:db-credentials']);
  // The Service the init container waits for, named inside its script.
  assert.deepEqual(def('nc -z db', 7), ['db.yaml:4:db']);
  // A kustomize generator's name is a definition.
  assert.deepEqual(def('name: generated', 7), ['kustomization.yaml:3:generated']);
  // Not in the workspace: nowhere to go.
  assert.deepEqual(def('from-the-cluster'), []);
});

test('back: from a ConfigMap or its key to the pods that read it', () => {
  const svc = workspace();
  const uri = 'file:///repo/app/config.yaml';
  const t = text(uri);
  const refs = (needle: string, delta: number, decl: boolean): string[] => svc.references(uri, t, at(t, needle, delta), decl, s).map((l) => show(l));
  assert.deepEqual(refs('name: web-config', 7, false), ['deploy.yaml:27:web-config', 'deploy.yaml:30:web-config']);
  assert.deepEqual(refs('LOG_LEVEL', 1, false), ['deploy.yaml:27:LOG_LEVEL']);
  assert.deepEqual(refs('LOG_LEVEL', 1, true), ['config.yaml:6:LOG_LEVEL', 'deploy.yaml:27:LOG_LEVEL']);
});

test("a Service's selector goes to the pod templates it selects, its targetPort to the named port", () => {
  const svc = workspace();
  const uri = 'file:///repo/app/service.yaml';
  const t = text(uri);
  assert.deepEqual(
    svc.definition(uri, t, at(t, 'app: web', 6), s).map((l) => show(l)),
    ['deploy.yaml:10:web'],
  );
  assert.deepEqual(
    svc.definition(uri, t, at(t, 'targetPort: http', 13), s).map((l) => show(l)),
    ['deploy.yaml:22:http'],
  );
  // And back: the named port is used by the Service's targetPort.
  const d = text(DEPLOY);
  assert.deepEqual(
    svc.references(DEPLOY, d, at(d, 'name: http', 7), false, s).map((l) => show(l)),
    ['service.yaml:10:http'],
  );
});

test('cross-resource findings: information only, and only about objects of the workspace', () => {
  const svc = workspace();
  const found = (uri: string): string[] => svc.workspaceFindings(uri, text(uri), s).map((f) => `${f.severity} ${f.rule} ${text(uri).slice(f.start, f.end)}`);
  assert.deepEqual(found(DEPLOY), ['information reference/configmap-key-missing COLOUR']);
  assert.deepEqual(found('file:///repo/app/service.yaml'), ['information reference/service-target-port-unknown htp']);
  // db's Service selects no pod template, but none is near it (its folder, above or below): nothing.
  assert.deepEqual(found('file:///repo/db/db.yaml'), []);
});

test('a Secret far from the pod (another folder branch) is not held against it', () => {
  // db-credentials (repo/db) has no `password` key, but repo/db is not the pod's folder, above or below it.
  const svc = workspace();
  assert.ok(!svc.workspaceFindings(DEPLOY, text(DEPLOY), s).some((f) => f.rule === 'reference/secret-key-missing'));
  // Moved beside the pod, it is.
  const near = workspace({ ...FILES, 'file:///repo/app/secret.yaml': FILES['file:///repo/db/db.yaml'] });
  const f = near.workspaceFindings(DEPLOY, text(DEPLOY), s).filter((x) => x.rule === 'reference/secret-key-missing');
  assert.equal(f.length, 1);
  assert.match(f[0].message, /Secret "db-credentials" \(secret\.yaml, line 12\) has no key "password" \(it has "username"\)/);
});

test('the index follows changes: a key added, a file deleted', () => {
  const svc = workspace();
  const gen = svc.workspace.generation;
  const uri = 'file:///repo/app/config.yaml';
  // Only moved (same names): nothing that other files depend on changed.
  assert.equal(svc.indexFile(uri, `\n${text(uri)}`, s), false);
  assert.equal(svc.workspace.generation, gen);
  assert.equal(svc.indexFile(uri, text(uri).replace('COLOR: blue', 'COLOUR: blue'), s), true);
  assert.deepEqual(svc.workspaceFindings(DEPLOY, text(DEPLOY), s), []);
  // The ConfigMap gone from the workspace: nothing is said about it (it may live in the cluster).
  svc.workspace.delete(uri);
  assert.deepEqual(svc.workspaceFindings(DEPLOY, text(DEPLOY), s), []);
  assert.deepEqual(svc.definition(DEPLOY, text(DEPLOY), at(text(DEPLOY), 'key: LOG_LEVEL', 6), s), []);
  assert.deepEqual(svc.workspace.stats(), { files: 5, objects: 5, pods: 1 });
});

test('the unsaved text of the file asked about stands for what the index holds of it', () => {
  const svc = workspace();
  const edited = text(DEPLOY).replace('key: COLOUR', 'key: COLOR');
  assert.deepEqual(svc.workspaceFindings(DEPLOY, edited, s), []);
});

test('a kustomize generator that merges elsewhere, or keys from env files: nothing is claimed', () => {
  const files = {
    ...FILES,
    'file:///repo/app/kustomization.yaml': `configMapGenerator:
- name: web-config
  behavior: merge
  literals: [COLOUR=red]
`,
  };
  assert.deepEqual(workspace(files).workspaceFindings(DEPLOY, text(DEPLOY), s), []);
  const envs = { ...FILES, 'file:///repo/app/config.yaml': '', 'file:///repo/app/kustomization.yaml': 'configMapGenerator:\n- name: web-config\n  envs: [web.env]\n' };
  assert.deepEqual(workspace(envs).workspaceFindings(DEPLOY, text(DEPLOY), s), []);
});

test('the workspace rules can be turned off, like every rule', () => {
  const svc = workspace();
  const off = { ...s, rules: { 'reference/configmap-key-missing': 'off' as const, 'reference/service-target-port-unknown': 'off' as const } };
  assert.deepEqual(svc.workspaceFindings(DEPLOY, text(DEPLOY), off), []);
  assert.deepEqual(svc.workspaceFindings(DEPLOY, text(DEPLOY), { ...s, workspaceIndex: false }), []);
});

test('the checker builds the same index from its inputs: a finding across two files', async () => {
  const fs = await import('node:fs');
  const os = await import('node:os');
  const path = await import('node:path');
  const { main } = await import('../../server/src/cli');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kpp-ws-cli-'));
  try {
    fs.writeFileSync(path.join(dir, 'deploy.yaml'), text(DEPLOY));
    fs.writeFileSync(path.join(dir, 'config.yaml'), text('file:///repo/app/config.yaml'));
    let out = '';
    const code = main(['check', '--format', 'json', dir], (x) => (out += x), () => {});
    assert.equal(code, 0);
    const json = JSON.parse(out) as { files: { path: string; diagnostics: { code: string; severity: string; message: string }[] }[] };
    const refs = json.files.flatMap((f) => f.diagnostics.filter((x) => x.code.startsWith('reference/')).map((x) => `${path.basename(f.path)} ${x.severity} ${x.code}`));
    assert.deepEqual(refs, ['deploy.yaml information reference/configmap-key-missing']);
    // Checked alone, the file names a ConfigMap that is not among the inputs: nothing is said.
    out = '';
    main(['check', '--format', 'json', path.join(dir, 'deploy.yaml')], (x) => (out += x), () => {});
    assert.ok(!out.includes('reference/'), out);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('the cross-resource findings stay silent on the shared corpus, checked as one workspace', async (t) => {
  const fs = await import('node:fs');
  const path = await import('node:path');
  const { ROOT } = await import('../harness');
  const { main } = await import('../../server/src/cli');
  const corpus = process.env.POD_PATTERNS_CORPUS ?? path.resolve(ROOT, '..', 'shared', 'corpus');
  if (!fs.existsSync(corpus)) {
    t.skip(`${corpus} does not exist`);
    return;
  }
  let out = '';
  main(['check', '--format', 'json', corpus], (x) => (out += x), () => {});
  const json = JSON.parse(out) as { files: { path: string; diagnostics: { code: string; message: string }[] }[] };
  assert.ok(json.files.length > 100);
  const refs = json.files.flatMap((f) => f.diagnostics.filter((d) => d.code.startsWith('reference/')).map((d) => `${f.path}: ${d.message}`));
  assert.deepEqual(refs, []);
});

test("an init container's hover names the Service it waits for and where it is defined", () => {
  const svc = workspace();
  const t = text(DEPLOY);
  const h = svc.hover(t, at(t, 'name: wait-db', 7), s, DEPLOY);
  assert.ok(h);
  assert.match(h.markdown, /\*\*wait-db waits for\*\*\n\n- Service `db` \(nc\): defined in db\.yaml, line 4/);
  // Not in the workspace: said so, without a claim that it is missing from the cluster.
  const alone = new LanguageService().hover(t, at(t, 'nc -z db', 7), s, DEPLOY);
  assert.match(alone!.markdown, /- Service `db` \(nc\): not defined in the workspace \(it may be created in the cluster\)/);
  // An app container's hover says nothing of it; without a uri (the checker's hovers) neither.
  assert.doesNotMatch(svc.hover(t, at(t, '- name: web', 9), s, DEPLOY)!.markdown, /waits for\*\*/);
  assert.doesNotMatch(svc.hover(t, at(t, 'name: wait-db', 7), s)!.markdown, /waits for\*\*/);
});
