/**
 * Warming up while the editor is idle: a freshly started node runs the parser
 * and the rules in its interpreter, two to three times slower than once they
 * are compiled. Right after `initialized`, until the first document or
 * request arrives, the server analyses a built-in sample of typical workloads
 * in small slices (one document each, yielding to the event loop in between),
 * on a scratch service whose caches are then dropped. Real work always comes
 * first: any message stops the warm-up for good.
 */
import { LanguageService } from './analysis/service';
import type { AnalysisSettings } from './analysis/settings';
import { capYoungGeneration } from './memory';

/** One workload of the sample; `i` varies names and numbers so that nothing is served from a cache. */
function sample(i: number): string {
  const kind = i % 4;
  const app = `app-${i}`;
  const pod = (ind: string): string =>
    `${ind}restartPolicy: ${kind >= 2 ? 'OnFailure' : 'Always'}
${ind}initContainers:
${ind}- name: ${app}-migrate
${ind}  image: busybox:1.36
${ind}  command: ["sh", "-c", "until nc -z db 5432; do sleep 2; done"]
${ind}  resources:
${ind}    requests: {cpu: 50m, memory: 64Mi}
${ind}- name: ${app}-proxy
${ind}  image: envoyproxy/envoy:v1.31.${i}
${ind}  restartPolicy: Always
${ind}  ports:
${ind}  - name: proxy
${ind}    containerPort: ${9000 + i}
${ind}  startupProbe:
${ind}    httpGet:
${ind}      path: /ready
${ind}      port: ${9000 + i}
${ind}    periodSeconds: 1
${ind}    failureThreshold: 30
${ind}  volumeMounts:
${ind}  - name: config
${ind}    mountPath: /etc/envoy
${ind}    readOnly: true
${ind}containers:
${ind}- name: ${app}
${ind}  image: "ghcr.io/acme/${app}:1.${i}.0"
${ind}  args: ["--port=${8000 + i}", '--verbose']
${ind}  ports:
${ind}  - name: http
${ind}    containerPort: ${8000 + i}
${ind}    protocol: TCP
${ind}  env:
${ind}  - name: MODE
${ind}    value: "production"
${ind}  - name: POD_IP
${ind}    valueFrom:
${ind}      fieldRef:
${ind}        fieldPath: status.podIP
${ind}  envFrom:
${ind}  - configMapRef:
${ind}      name: ${app}-env
${ind}  resources:
${ind}    requests:
${ind}      cpu: ${100 + i}m
${ind}      memory: 128Mi
${ind}    limits:
${ind}      memory: 256Mi
${ind}  readinessProbe:
${ind}    tcpSocket:
${ind}      port: http
${ind}    periodSeconds: 10
${ind}  livenessProbe:
${ind}    exec:
${ind}      command: [cat, /tmp/healthy]
${ind}    initialDelaySeconds: 5
${ind}  lifecycle:
${ind}    preStop:
${ind}      sleep:
${ind}        seconds: 5
${ind}  securityContext:
${ind}    runAsNonRoot: true
${ind}    allowPrivilegeEscalation: false
${ind}    capabilities:
${ind}      drop: ["ALL"]
${ind}  volumeMounts:
${ind}  - name: data
${ind}    mountPath: /data
${ind}  - name: config
${ind}    mountPath: /etc/app
${ind}volumes:
${ind}- name: data
${ind}  emptyDir:
${ind}    sizeLimit: 1Gi
${ind}- name: config
${ind}  configMap:
${ind}    name: ${app}-config
${ind}    defaultMode: 0644
`;
  const meta = `metadata:\n  name: ${app}\n  labels:\n    app: ${app}\n`;
  if (kind === 0) return `apiVersion: v1\nkind: Pod\n${meta}spec:\n${pod('  ')}`;
  if (kind === 1)
    return `apiVersion: apps/v1\nkind: Deployment\n${meta}spec:\n  replicas: ${1 + (i % 3)}\n  selector:\n    matchLabels:\n      app: ${app}\n  template:\n    metadata:\n      labels:\n        app: ${app}\n    spec:\n${pod('      ')}`;
  if (kind === 2) return `apiVersion: batch/v1\nkind: Job\n${meta}spec:\n  backoffLimit: 3\n  template:\n    spec:\n${pod('      ')}`;
  return `apiVersion: batch/v1\nkind: CronJob\n${meta}spec:\n  schedule: "*/5 * * * *"\n  jobTemplate:\n    spec:\n      template:\n        spec:\n${pod('          ')}`;
}

export interface WarmUp {
  /** Stops the warm-up (idempotent); called on the first real message. */
  stop(): void;
  /** Resolves when the warm-up has finished or was stopped. */
  done: Promise<void>;
}

/**
 * Starts warming up: `steps` slices, each analysing one sample document and
 * answering a hover and a completion on it, with a macrotask between slices.
 */
export function startWarmUp(settings: () => AnalysisSettings, steps = 24, onError?: (e: unknown) => void): WarmUp {
  let stopped = false;
  let finish!: () => void;
  const done = new Promise<void>((r) => (finish = r));
  let scratch: LanguageService | undefined = new LanguageService();
  let i = 0;
  const step = (): void => {
    if (stopped || i >= steps || !scratch) {
      scratch = undefined;
      finish();
      return;
    }
    try {
      const text = sample(i) + (i % 3 === 0 ? `---\n${sample(i + 1000)}` : '');
      scratch.analyze(text, settings());
      // Hovers, key and value completions, code actions: at a few places, as an editor asks.
      for (const key of ['image:', 'restartPolicy:', 'containerPort:', 'memory:']) {
        const at = text.indexOf(key, (i * 97) % 400);
        if (at < 0) continue;
        scratch.hover(text, at + 2, settings());
        scratch.complete(text, at, settings());
        scratch.complete(text, text.indexOf('\n', at), settings());
        scratch.codeActions(text, at, at, [], settings());
      }
      capYoungGeneration();
    } catch (e) {
      onError?.(e);
      stopped = true;
    }
    i++;
    setTimeout(step, 0);
  };
  setTimeout(step, 0);
  return {
    stop: () => {
      stopped = true;
    },
    done,
  };
}
