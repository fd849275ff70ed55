/**
 * Valid base manifests, one or more per kind, that mutations start from. Each must be accepted
 * by the API server of every release from 1.27 on (the oracle's own run says so: a base that the
 * oracle rejects shows up in the report as a disagreement on an unmutated case).
 */

import { MUTATION_MODULES } from './mutations/index';

export type Obj = Record<string, unknown>;

const podSpec = (): Obj => ({
  containers: [
    {
      name: 'app',
      image: 'nginx:1.27',
      ports: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }],
      resources: { requests: { cpu: '100m', memory: '64Mi' }, limits: { memory: '128Mi' } },
      readinessProbe: { httpGet: { path: '/healthz', port: 'http' }, periodSeconds: 10 },
      volumeMounts: [{ name: 'data', mountPath: '/data' }],
      env: [{ name: 'MODE', value: 'prod' }],
      securityContext: { runAsNonRoot: true, allowPrivilegeEscalation: false },
    },
  ],
  initContainers: [{ name: 'init', image: 'busybox:1.36', command: ['sh', '-c', 'true'] }],
  volumes: [{ name: 'data', emptyDir: {} }],
  tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'web', effect: 'NoSchedule' }],
  nodeSelector: { 'kubernetes.io/os': 'linux' },
  securityContext: { fsGroup: 2000 },
});

const labels = { app: 'web' };
const meta = (name: string): Obj => ({ name, labels: { ...labels } });
const template = (restartPolicy?: string): Obj => ({
  metadata: { labels: { ...labels } },
  spec: restartPolicy ? { ...podSpec(), restartPolicy } : podSpec(),
});

/** kind -> base objects (fresh copies on every call), with those of the area modules (mutations/). */
export function bases(): Record<string, Obj[]> {
  const out = ownBases();
  for (const m of MUTATION_MODULES) for (const [kind, list] of Object.entries(m.bases?.() ?? {})) out[kind] = [...(out[kind] ?? []), ...list];
  return out;
}

function ownBases(): Record<string, Obj[]> {
  return {
    Pod: [
      { apiVersion: 'v1', kind: 'Pod', metadata: meta('web'), spec: podSpec() },
      {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'sidecar' },
        spec: {
          initContainers: [
            {
              name: 'proxy',
              image: 'envoyproxy/envoy:v1.31',
              restartPolicy: 'Always',
              startupProbe: { tcpSocket: { port: 9901 }, failureThreshold: 30, periodSeconds: 1 },
            },
          ],
          containers: [{ name: 'app', image: 'nginx:1.27', ports: [{ containerPort: 80 }] }],
        },
      },
    ],
    PodTemplate: [{ apiVersion: 'v1', kind: 'PodTemplate', metadata: { name: 'tpl' }, template: template() }],
    ReplicationController: [
      { apiVersion: 'v1', kind: 'ReplicationController', metadata: meta('rc'), spec: { replicas: 1, selector: { ...labels }, template: template() } },
    ],
    Deployment: [
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: meta('web'),
        spec: { replicas: 2, selector: { matchLabels: { ...labels } }, strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: 1 } }, template: template() },
      },
    ],
    ReplicaSet: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: meta('rs'), spec: { replicas: 1, selector: { matchLabels: { ...labels } }, template: template() } }],
    StatefulSet: [
      {
        apiVersion: 'apps/v1',
        kind: 'StatefulSet',
        metadata: meta('db'),
        spec: {
          serviceName: 'db',
          replicas: 1,
          selector: { matchLabels: { ...labels } },
          template: template(),
          volumeClaimTemplates: [{ metadata: { name: 'pvc' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }],
        },
      },
    ],
    DaemonSet: [{ apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: meta('agent'), spec: { selector: { matchLabels: { ...labels } }, template: template() } }],
    Job: [{ apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'batch' }, spec: { backoffLimit: 3, template: { spec: { ...podSpec(), restartPolicy: 'Never' } } } }],
    CronJob: [
      {
        apiVersion: 'batch/v1',
        kind: 'CronJob',
        metadata: { name: 'nightly' },
        spec: { schedule: '0 3 * * *', concurrencyPolicy: 'Forbid', jobTemplate: { spec: { template: { spec: { ...podSpec(), restartPolicy: 'OnFailure' } } } } },
      },
    ],
  };
}
