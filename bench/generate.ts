/**
 * Deterministic benchmark manifests: a mix of Pods, Deployments, Jobs and
 * CronJobs with init containers, native sidecars, probes, volumes and
 * resources, the way real multi-container workloads look. The same size
 * always gives the same text (a seeded generator, no clock, no randomness
 * from the machine).
 *
 *   tsx bench/generate.ts [outDir]     writes the four sizes as YAML files
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

/** Target line counts of the benchmark files; `1` means a single document of about 70 lines. */
export const SIZES = { '1doc': 1, '1k': 1_000, '10k': 10_000, '50k': 50_000 } as const;
export type SizeName = keyof typeof SIZES;

/** mulberry32: small, fast and reproducible. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const IMAGES = ['nginx:1.27', 'registry.k8s.io/pause:3.10', 'busybox:1.36', 'envoyproxy/envoy:v1.31.0', 'fluent/fluent-bit:3.1', 'redis:7.4', 'postgres:16.4', 'ghcr.io/acme/api:2.3.1'];
const APPS = ['checkout', 'payments', 'catalog', 'search', 'billing', 'ledger', 'gateway', 'profile', 'orders', 'reports'];

class Writer {
  lines: string[] = [];
  line(indent: number, s: string): void {
    this.lines.push(' '.repeat(indent) + s);
  }
}

interface Ctx {
  r: () => number;
  pick<T>(xs: readonly T[]): T;
  n(lo: number, hi: number): number;
}

function ctxOf(seed: number): Ctx {
  const r = rng(seed);
  return {
    r,
    pick: (xs) => xs[Math.floor(r() * xs.length)],
    n: (lo, hi) => lo + Math.floor(r() * (hi - lo + 1)),
  };
}

function resources(w: Writer, c: Ctx, ind: number): void {
  const cpu = c.pick(['50m', '100m', '250m', '500m', '1']);
  const mem = c.pick(['64Mi', '128Mi', '256Mi', '512Mi', '1Gi']);
  w.line(ind, 'resources:');
  w.line(ind + 2, 'requests:');
  w.line(ind + 4, `cpu: ${cpu}`);
  w.line(ind + 4, `memory: ${mem}`);
  w.line(ind + 2, 'limits:');
  w.line(ind + 4, `memory: ${mem}`);
}

function probe(w: Writer, c: Ctx, ind: number, name: string, port: number): void {
  w.line(ind, `${name}:`);
  const k = c.n(0, 2);
  if (k === 0) {
    w.line(ind + 2, 'httpGet:');
    w.line(ind + 4, `path: /${name === 'livenessProbe' ? 'healthz' : 'ready'}`);
    w.line(ind + 4, `port: ${port}`);
  } else if (k === 1) {
    w.line(ind + 2, 'tcpSocket:');
    w.line(ind + 4, `port: ${port}`);
  } else {
    w.line(ind + 2, 'exec:');
    w.line(ind + 4, `command: ["sh", "-c", "test -f /tmp/${name}"]`);
  }
  w.line(ind + 2, `periodSeconds: ${c.pick([5, 10, 15])}`);
  w.line(ind + 2, `failureThreshold: ${c.pick([3, 5, 30])}`);
}

function container(w: Writer, c: Ctx, ind: number, name: string, kind: 'init' | 'sidecar' | 'app', volumes: string[], big: boolean): void {
  const port = 8000 + c.n(0, 999);
  w.line(ind, `- name: ${name}`);
  const i = ind + 2;
  w.line(i, `image: ${c.pick(IMAGES)}`);
  if (kind === 'sidecar') w.line(i, 'restartPolicy: Always');
  if (kind === 'init') {
    w.line(i, `command: ["sh", "-c", "until nc -z db 5432; do sleep 2; done"]`);
  } else {
    w.line(i, `args: ["--port=${port}", "--log-level=info"]`);
  }
  if (kind === 'app' || big) {
    w.line(i, 'ports:');
    w.line(i + 2, `- name: ${kind === 'sidecar' ? 'proxy' : 'http'}`);
    w.line(i + 4, `containerPort: ${port}`);
    w.line(i + 4, 'protocol: TCP');
  }
  if (big || kind === 'app') {
    w.line(i, 'env:');
    const envs = big ? c.n(3, 8) : 1;
    for (let e = 0; e < envs; e++) {
      if (c.r() < 0.3) {
        w.line(i + 2, `- name: POD_${['NAME', 'NAMESPACE', 'IP'][e % 3]}_${e}`);
        w.line(i + 4, 'valueFrom:');
        w.line(i + 6, 'fieldRef:');
        w.line(i + 8, `fieldPath: ${['metadata.name', 'metadata.namespace', 'status.podIP'][e % 3]}`);
      } else {
        w.line(i + 2, `- name: SETTING_${e}`);
        w.line(i + 4, `value: "${c.pick(['true', 'false', '10', 'eu-west-1', 'debug'])}"`);
      }
    }
  }
  resources(w, c, i);
  if (kind === 'sidecar') probe(w, c, i, 'startupProbe', port);
  if (kind === 'app' || (big && kind === 'sidecar')) probe(w, c, i, 'readinessProbe', port);
  if (big && kind !== 'init') probe(w, c, i, 'livenessProbe', port);
  if (volumes.length) {
    w.line(i, 'volumeMounts:');
    for (const v of volumes) {
      w.line(i + 2, `- name: ${v}`);
      w.line(i + 4, `mountPath: /var/run/${v}`);
      if (c.r() < 0.3) w.line(i + 4, 'readOnly: true');
    }
  }
  if (big) {
    w.line(i, 'securityContext:');
    w.line(i + 2, 'runAsNonRoot: true');
    w.line(i + 2, 'allowPrivilegeEscalation: false');
    w.line(i + 2, 'readOnlyRootFilesystem: true');
    w.line(i + 2, 'capabilities:');
    w.line(i + 4, 'drop: ["ALL"]');
  }
}

/** The pod spec body at `ind`; `big` adds the fields large real manifests carry. */
function podSpec(w: Writer, c: Ctx, ind: number, app: string, job: boolean, big: boolean): void {
  const volumes = ['shared-data', 'config', 'tmp'].slice(0, big ? 3 : 2);
  if (job) w.line(ind, `restartPolicy: ${c.pick(['Never', 'OnFailure'])}`);
  w.line(ind, `terminationGracePeriodSeconds: ${c.pick([10, 30, 60])}`);
  if (big) {
    w.line(ind, `serviceAccountName: ${app}`);
    w.line(ind, 'securityContext:');
    w.line(ind + 2, 'runAsUser: 1000');
    w.line(ind + 2, 'fsGroup: 2000');
  }
  w.line(ind, 'initContainers:');
  container(w, c, ind, `${app}-migrate`, 'init', ['shared-data'], big);
  container(w, c, ind, `${app}-proxy`, 'sidecar', ['config'], big);
  if (big && c.r() < 0.3) container(w, c, ind, `${app}-log-shipper`, 'sidecar', ['shared-data'], big);
  w.line(ind, 'containers:');
  const apps = big ? c.n(1, 2) : 1;
  for (let k = 0; k < apps; k++) container(w, c, ind, k === 0 ? app : `${app}-worker-${k}`, 'app', volumes, big);
  w.line(ind, 'volumes:');
  w.line(ind + 2, '- name: shared-data');
  w.line(ind + 4, 'emptyDir: {}');
  w.line(ind + 2, '- name: config');
  w.line(ind + 4, 'configMap:');
  w.line(ind + 6, `name: ${app}-config`);
  if (volumes.includes('tmp')) {
    w.line(ind + 2, '- name: tmp');
    w.line(ind + 4, 'emptyDir:');
    w.line(ind + 6, 'medium: Memory');
    w.line(ind + 6, 'sizeLimit: 64Mi');
  }
}

function metadata(w: Writer, ind: number, name: string, app: string): void {
  w.line(ind, 'metadata:');
  w.line(ind + 2, `name: ${name}`);
  w.line(ind + 2, 'labels:');
  w.line(ind + 4, `app.kubernetes.io/name: ${app}`);
  w.line(ind + 4, 'app.kubernetes.io/part-of: shop');
}

/** One workload document (without its `---`). */
export function workload(index: number, big = true): string {
  const c = ctxOf(0x5eed + index * 7919);
  const w = new Writer();
  const app = `${c.pick(APPS)}-${index}`;
  const kind = (['Pod', 'Deployment', 'Job', 'CronJob'] as const)[index % 4];
  w.line(0, `# ${kind} ${index}`);
  if (kind === 'Pod') {
    w.line(0, 'apiVersion: v1');
    w.line(0, 'kind: Pod');
    metadata(w, 0, app, app);
    w.line(0, 'spec:');
    podSpec(w, c, 2, app, false, big);
  } else if (kind === 'Deployment') {
    w.line(0, 'apiVersion: apps/v1');
    w.line(0, 'kind: Deployment');
    metadata(w, 0, app, app);
    w.line(0, 'spec:');
    w.line(2, `replicas: ${c.n(1, 5)}`);
    w.line(2, 'selector:');
    w.line(4, 'matchLabels:');
    w.line(6, `app.kubernetes.io/name: ${app}`);
    w.line(2, 'template:');
    w.line(4, 'metadata:');
    w.line(6, 'labels:');
    w.line(8, `app.kubernetes.io/name: ${app}`);
    w.line(4, 'spec:');
    podSpec(w, c, 6, app, false, big);
  } else if (kind === 'Job') {
    w.line(0, 'apiVersion: batch/v1');
    w.line(0, 'kind: Job');
    metadata(w, 0, app, app);
    w.line(0, 'spec:');
    w.line(2, `backoffLimit: ${c.n(0, 6)}`);
    w.line(2, 'activeDeadlineSeconds: 600');
    w.line(2, 'template:');
    w.line(4, 'spec:');
    podSpec(w, c, 6, app, true, big);
  } else {
    w.line(0, 'apiVersion: batch/v1');
    w.line(0, 'kind: CronJob');
    metadata(w, 0, app, app);
    w.line(0, 'spec:');
    w.line(2, `schedule: "${c.n(0, 59)} */${c.n(1, 6)} * * *"`);
    w.line(2, 'concurrencyPolicy: Forbid');
    w.line(2, 'jobTemplate:');
    w.line(4, 'spec:');
    w.line(6, 'backoffLimit: 2');
    w.line(6, 'template:');
    w.line(8, 'spec:');
    podSpec(w, c, 10, app, true, big);
  }
  return w.lines.join('\n') + '\n';
}

/** A file of about `lines` lines (`1`: one Pod of about 70 lines). */
export function generate(lines: number): string {
  if (lines <= 1) return workload(0, false);
  const docs: string[] = [];
  let count = 0;
  for (let i = 0; count < lines; i++) {
    const d = workload(i, true);
    docs.push(d);
    count += d.split('\n').length; // the document's lines plus its `---`
  }
  return docs.join('---\n');
}

export function countLines(text: string): number {
  let n = 1;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n++;
  return text.endsWith('\n') ? n - 1 : n;
}

if (process.argv[1] && /generate\.ts$/.test(process.argv[1])) {
  const out = process.argv[2] ?? path.join(__dirname, 'out');
  fs.mkdirSync(out, { recursive: true });
  for (const [name, lines] of Object.entries(SIZES)) {
    const text = generate(lines);
    const file = path.join(out, `${name}.yaml`);
    fs.writeFileSync(file, text);
    console.log(`${file}: ${countLines(text)} lines, ${text.split(/^---$/m).length} documents, ${text.length} characters`);
  }
}
