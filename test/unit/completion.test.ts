/**
 * Completion: keys of the object under the cursor (for the chosen release),
 * enum values, and the names the pod declares where one is expected.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { LanguageService } from '../../server/src/analysis/service';
import { DEFAULT_SETTINGS } from '../../server/src/analysis/settings';
import { cursors } from '../harness';

const svc = new LanguageService();
function labels(raw: string, version = DEFAULT_SETTINGS.kubernetesVersion): string[] {
  const { text, offsets } = cursors(raw);
  return svc.complete(text, offsets[0], { ...DEFAULT_SETTINGS, rules: {}, kubernetesVersion: version }).map((c) => c.label);
}

const POD = (cursorLine: string) => `apiVersion: v1
kind: Pod
metadata:
  name: web
  annotations:
    kubectl.kubernetes.io/default-container: ${cursorLine.startsWith('ANN') ? cursorLine.slice(3) : 'web'}
spec:
  initContainers:
  - name: log-shipper
    image: fluent/fluent-bit:3.1
    restartPolicy: Always
  containers:
  - name: web
    image: nginx:1.27
    ports:
    - name: http
      containerPort: 80
    - name: metrics
      containerPort: 9100
    readinessProbe:
      httpGet:
        path: /
        port: ${cursorLine.startsWith('PORT') ? cursorLine.slice(4) : 'http'}
    volumeMounts:
    - name: ${cursorLine.startsWith('VOL') ? cursorLine.slice(3) : 'logs'}
      mountPath: /var/log
${cursorLine.startsWith('KEY') ? cursorLine.slice(3) + '\n' : ''}  volumes:
  - name: logs
    emptyDir: {}
  - name: config
    configMap: {name: web}
`;

test('keys of the container under the cursor, minus those present, with docs', () => {
  const { text, offsets } = cursors(POD('KEY    ima$0'));
  const items = svc.complete(text, offsets[0]);
  const names = items.map((c) => c.label);
  assert.ok(names.includes('imagePullPolicy'));
  assert.ok(!names.includes('image'), 'already set');
  assert.ok(items.find((c) => c.label === 'imagePullPolicy')?.documentation);
});

test('keys follow the release: no restartPolicy for containers in 1.27', () => {
  assert.ok(labels(POD('KEY    re$0')).includes('restartPolicy'));
  assert.ok(!labels(POD('KEY    re$0'), '1.27').includes('restartPolicy'));
});

test('enum values', () => {
  const text = POD('KEY    imagePullPolicy: $0');
  assert.deepEqual(labels(text).sort(), ['Always', 'IfNotPresent', 'Never']);
});

test('declared volume names in volumeMounts[].name', () => {
  assert.deepEqual(labels(POD('VOL$0')).sort(), ['config', 'logs']);
});

test("a StatefulSet's volume claim templates in volumeMounts[].name, once each", () => {
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
        - name: $0
          mountPath: /var/lib/postgresql/data
      volumes:
      - name: config
        configMap: {name: db}
      - name: logs
        emptyDir: {}
  volumeClaimTemplates:
  - metadata:
      name: data
    spec:
      accessModes: [ReadWriteOnce]
      resources:
        requests:
          storage: 1Gi
  - metadata:
      name: logs
    spec:
      accessModes: [ReadWriteOnce]
      resources:
        requests:
          storage: 1Gi
`;
  assert.deepEqual(labels(sts).sort(), ['config', 'data', 'logs']);
});

test('declared port names in a probe port', () => {
  assert.deepEqual(labels(POD('PORT$0')).sort(), ['http', 'metrics']);
});

test('container names in the default-container annotation', () => {
  assert.deepEqual(labels(POD('ANN$0')).sort(), ['log-shipper', 'web']);
});
