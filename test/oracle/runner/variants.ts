/**
 * Hand-written cases a naive checker gets wrong: valid manifests that look suspicious, and
 * YAML-level traps (YAML 1.1 scalars, duplicate keys). Written as YAML text on purpose. Add
 * more here; each is run as it is, on every release.
 */
export interface Variant {
  name: string;
  yaml: string;
}

const pod = (spec: string, meta = '  name: p\n'): string => `apiVersion: v1\nkind: Pod\nmetadata:\n${meta}spec:\n${spec}`;

export const VARIANTS: Variant[] = [
  {
    name: 'native sidecar with probes and lifecycle',
    yaml: pod(`  initContainers:
  - name: proxy
    image: envoy
    restartPolicy: Always
    startupProbe: {tcpSocket: {port: 9901}}
    livenessProbe: {httpGet: {path: /ready, port: 9901}}
    readinessProbe: {exec: {command: [true]}}
    lifecycle: {preStop: {exec: {command: [sh, -c, sleep 5]}}}
  containers:
  - name: app
    image: nginx
`),
  },
  { name: 'empty optional structs', yaml: pod(`  securityContext: {}\n  affinity: {}\n  dnsConfig: {}\n  containers:\n  - name: app\n    image: nginx\n    resources: {}\n    securityContext: {}\n    lifecycle: {}\n`) },
  { name: 'IntOrString port as a number in a string field? no: named port', yaml: pod(`  containers:\n  - name: app\n    image: nginx\n    ports: [{name: http, containerPort: 80}]\n    readinessProbe: {httpGet: {port: http}}\n`) },
  { name: 'IntOrString port as a quoted number', yaml: pod(`  containers:\n  - name: app\n    image: nginx\n    readinessProbe: {httpGet: {port: "8080"}}\n`) },
  { name: 'IntOrString maxSurge as a quoted number', yaml: `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec:\n  selector: {matchLabels: {a: b}}\n  strategy: {rollingUpdate: {maxSurge: "1", maxUnavailable: 0}}\n  template:\n    metadata: {labels: {a: b}}\n    spec: {containers: [{name: c, image: nginx}]}\n` },
  { name: 'quantity as plain numbers', yaml: pod(`  containers:\n  - name: app\n    image: nginx\n    resources: {requests: {cpu: 0.5, memory: 134217728}, limits: {cpu: 1}}\n`) },
  { name: 'quantity with exponent', yaml: pod(`  containers:\n  - name: app\n    image: nginx\n    resources: {requests: {memory: 1e9}}\n`) },
  { name: 'env value that YAML 1.1 reads as a boolean', yaml: pod(`  containers:\n  - name: app\n    image: nginx\n    env:\n    - name: DEBUG\n      value: yes\n`) },
  { name: 'env value quoted boolean', yaml: pod(`  containers:\n  - name: app\n    image: nginx\n    env:\n    - name: DEBUG\n      value: "true"\n`) },
  { name: 'label value that YAML reads as a number', yaml: pod(`  containers: [{name: app, image: nginx}]\n`, `  name: p\n  labels:\n    version: 1.0\n`) },
  { name: 'annotation value that YAML reads as a boolean', yaml: pod(`  containers: [{name: app, image: nginx}]\n`, `  name: p\n  annotations:\n    enabled: true\n`) },
  { name: 'duplicate key (kubectl keeps the last)', yaml: pod(`  containers:\n  - name: app\n    image: nginx\n    image: nginx:1.27\n`) },
  { name: 'duplicate key in metadata', yaml: pod(`  containers: [{name: app, image: nginx}]\n`, `  name: p\n  name: q\n`) },
  { name: 'octal file mode', yaml: pod(`  containers: [{name: app, image: nginx}]\n  volumes:\n  - name: cfg\n    configMap: {name: cfg, defaultMode: 0644}\n`) },
  { name: 'decimal file mode 420', yaml: pod(`  containers: [{name: app, image: nginx}]\n  volumes:\n  - name: cfg\n    secret: {secretName: s, defaultMode: 420}\n`) },
  { name: 'file mode too large', yaml: pod(`  containers: [{name: app, image: nginx}]\n  volumes:\n  - name: cfg\n    secret: {secretName: s, defaultMode: 01000}\n`) },
  { name: 'generateName without name', yaml: `apiVersion: v1\nkind: Pod\nmetadata:\n  generateName: web-\nspec:\n  containers: [{name: app, image: nginx}]\n` },
  { name: 'no metadata name', yaml: `apiVersion: v1\nkind: Pod\nmetadata: {}\nspec:\n  containers: [{name: app, image: nginx}]\n` },
  { name: 'namespace given', yaml: pod(`  containers: [{name: app, image: nginx}]\n`, `  name: p\n  namespace: kube-system\n`) },
  { name: 'null fields', yaml: pod(`  containers:\n  - name: app\n    image: nginx\n    env: null\n    ports: ~\n  volumes: null\n`) },
  { name: 'job with sidecar and podFailurePolicy', yaml: `apiVersion: batch/v1\nkind: Job\nmetadata: {name: j}\nspec:\n  podFailurePolicy:\n    rules:\n    - action: Ignore\n      onPodConditions: [{type: DisruptionTarget}]\n  template:\n    spec:\n      restartPolicy: Never\n      initContainers: [{name: log, image: busybox, restartPolicy: Always}]\n      containers: [{name: c, image: busybox}]\n` },
  { name: 'job restartPolicy Always', yaml: `apiVersion: batch/v1\nkind: Job\nmetadata: {name: j}\nspec:\n  template:\n    spec:\n      restartPolicy: Always\n      containers: [{name: c, image: busybox}]\n` },
  { name: 'cronjob with time zone', yaml: `apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: c}\nspec:\n  schedule: "@daily"\n  timeZone: Europe/Berlin\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          restartPolicy: OnFailure\n          containers: [{name: c, image: busybox}]\n` },
  { name: 'cronjob TZ in schedule', yaml: `apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: c}\nspec:\n  schedule: "CRON_TZ=UTC 0 * * * *"\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          restartPolicy: OnFailure\n          containers: [{name: c, image: busybox}]\n` },
  { name: 'statefulset with ordinals and pvc retention', yaml: `apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: s}\nspec:\n  serviceName: s\n  ordinals: {start: 5}\n  persistentVolumeClaimRetentionPolicy: {whenDeleted: Delete, whenScaled: Retain}\n  selector: {matchLabels: {a: b}}\n  template:\n    metadata: {labels: {a: b}}\n    spec: {containers: [{name: c, image: nginx}]}\n` },
  { name: 'daemonset with OnDelete', yaml: `apiVersion: apps/v1\nkind: DaemonSet\nmetadata: {name: d}\nspec:\n  updateStrategy: {type: OnDelete}\n  selector: {matchLabels: {a: b}}\n  template:\n    metadata: {labels: {a: b}}\n    spec: {containers: [{name: c, image: nginx}]}\n` },
  { name: 'selector with matchExpressions', yaml: `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec:\n  selector:\n    matchExpressions: [{key: a, operator: In, values: [b]}]\n  template:\n    metadata: {labels: {a: b}}\n    spec: {containers: [{name: c, image: nginx}]}\n` },
  { name: 'affinity with all terms', yaml: pod(`  containers: [{name: app, image: nginx}]\n  affinity:\n    nodeAffinity:\n      requiredDuringSchedulingIgnoredDuringExecution:\n        nodeSelectorTerms:\n        - matchExpressions: [{key: zone, operator: Exists}]\n    podAntiAffinity:\n      preferredDuringSchedulingIgnoredDuringExecution:\n      - weight: 100\n        podAffinityTerm: {topologyKey: kubernetes.io/hostname, labelSelector: {matchLabels: {a: b}}}\n`) },
  { name: 'toleration Exists without key', yaml: pod(`  containers: [{name: app, image: nginx}]\n  tolerations: [{operator: Exists}]\n`) },
  { name: 'topology spread with minDomains', yaml: pod(`  containers: [{name: app, image: nginx}]\n  topologySpreadConstraints:\n  - maxSkew: 1\n    minDomains: 2\n    topologyKey: zone\n    whenUnsatisfiable: DoNotSchedule\n    labelSelector: {matchLabels: {a: b}}\n`) },
  { name: 'hostNetwork with matching ports', yaml: pod(`  hostNetwork: true\n  containers:\n  - name: app\n    image: nginx\n    ports: [{containerPort: 80, hostPort: 80}]\n`) },
  { name: 'same containerPort on two protocols', yaml: pod(`  containers:\n  - name: app\n    image: nginx\n    ports: [{containerPort: 53, protocol: TCP}, {containerPort: 53, protocol: UDP}]\n`) },
  { name: 'projected volume with several sources', yaml: pod(`  containers: [{name: app, image: nginx}]\n  volumes:\n  - name: p\n    projected:\n      sources:\n      - serviceAccountToken: {path: token, expirationSeconds: 3600}\n      - configMap: {name: c}\n      - downwardAPI: {items: [{path: labels, fieldRef: {fieldPath: metadata.labels}}]}\n`) },
  { name: 'ephemeral volume', yaml: pod(`  containers: [{name: app, image: nginx}]\n  volumes:\n  - name: scratch\n    ephemeral:\n      volumeClaimTemplate:\n        spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}\n`) },
  { name: 'init container with resources only', yaml: pod(`  initContainers: [{name: i, image: busybox, resources: {limits: {cpu: 100m}}}]\n  containers: [{name: app, image: nginx}]\n`) },
  { name: 'flow-style document starting with a brace', yaml: `{apiVersion: v1, kind: Pod, metadata: {name: p}, spec: {containers: [{name: app, image: nginx}]}}\n` },
  { name: 'JSON document', yaml: `{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "spec": {"containers": [{"name": "app", "image": "nginx"}]}}\n` },
  { name: 'List of two pods, one invalid', yaml: `apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Pod\n  metadata: {name: a}\n  spec: {containers: [{name: c, image: nginx}]}\n- apiVersion: v1\n  kind: Pod\n  metadata: {name: b}\n  spec: {containers: [{name: C, image: nginx}]}\n` },
  { name: 'anchors and merge keys', yaml: `apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - &c\n    name: a\n    image: nginx\n  - <<: *c\n    name: b\n` },
  { name: 'resources claims', yaml: pod(`  containers:\n  - name: app\n    image: nginx\n    resources:\n      requests: {memory: 1Gi, cpu: "1", ephemeral-storage: 1Gi}\n      limits: {memory: 1Gi, nvidia.com/gpu: 1}\n`) },
  { name: 'hugepages', yaml: pod(`  containers:\n  - name: app\n    image: nginx\n    resources:\n      requests: {memory: 1Gi, cpu: "1", hugepages-2Mi: 100Mi}\n      limits: {memory: 1Gi, hugepages-2Mi: 100Mi}\n`) },
  { name: 'sysctls and seccomp', yaml: pod(`  containers: [{name: app, image: nginx}]\n  securityContext:\n    sysctls: [{name: net.ipv4.ip_local_port_range, value: "1024 65535"}]\n    seccompProfile: {type: RuntimeDefault}\n`) },
  { name: 'probe with grpc', yaml: pod(`  containers:\n  - name: app\n    image: nginx\n    livenessProbe: {grpc: {port: 9090, service: health}}\n`) },
  { name: 'sleep lifecycle action', yaml: pod(`  containers:\n  - name: app\n    image: nginx\n    lifecycle: {preStop: {sleep: {seconds: 5}}}\n`) },
  { name: 'sleep lifecycle zero seconds', yaml: pod(`  containers:\n  - name: app\n    image: nginx\n    lifecycle: {preStop: {sleep: {seconds: 0}}}\n`) },
  { name: 'image volume', yaml: pod(`  containers: [{name: app, image: nginx, volumeMounts: [{name: i, mountPath: /i}]}]\n  volumes:\n  - name: i\n    image: {reference: quay.io/x/y:1, pullPolicy: IfNotPresent}\n`) },
  { name: 'pod-level resources', yaml: pod(`  resources: {limits: {cpu: "1", memory: 1Gi}}\n  containers: [{name: app, image: nginx}]\n`) },
  { name: 'container restart rules', yaml: pod(`  restartPolicy: Never\n  containers:\n  - name: app\n    image: nginx\n    restartPolicy: Never\n    restartPolicyRules: [{action: Restart, exitCodes: {operator: In, values: [42]}}]\n`) },
  { name: 'hostname and subdomain', yaml: pod(`  hostname: web-0\n  subdomain: web\n  containers: [{name: app, image: nginx}]\n`) },
  { name: 'deployment with zero replicas and paused', yaml: `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec:\n  replicas: 0\n  paused: true\n  selector: {matchLabels: {a: b}}\n  template:\n    metadata: {labels: {a: b}}\n    spec: {containers: [{name: c, image: nginx}]}\n` },
  { name: 'missing apiVersion', yaml: `kind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: c, image: nginx}]}\n` },
  { name: 'old apiVersion', yaml: `apiVersion: extensions/v1beta1\nkind: Deployment\nmetadata: {name: d}\nspec:\n  template:\n    metadata: {labels: {a: b}}\n    spec: {containers: [{name: c, image: nginx}]}\n` },
];
