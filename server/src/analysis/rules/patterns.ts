/**
 * Multi-container pattern rules: what the API server accepts but what
 * misbehaves at run time, read from each container's role in the pod (the
 * kubelet's start and stop order of init containers, native sidecars and app
 * containers; the Job controller's completion). They mirror no validation
 * function: warnings and information, each with the why and, where one
 * exists, a fix.
 */
import type { ContainerModel, FieldNode } from '../model';
import { child, items, str } from '../model';
import type { FixSpec } from '../findings';
import { DEFAULT_VERSION } from '../api/table';
import { defineRule, type FixContext } from './rule';
import { insertEntry } from '../edits';
import { convertToNativeSidecar } from '../transforms';
import { lifecycleOf } from '../lifecycle';
import { containerOf } from '../knowledge/pods';
import { RUN_TO_COMPLETION_KINDS } from '../knowledge/kinds';
import { NATIVE_SIDECARS, NATIVE_SIDECARS_OFF_UNTIL, nativeSidecarSupport, nativeSidecarsOn } from '../knowledge/features';

/** The container's command and args as one shell-ish text. */
export function scriptOf(c: ContainerModel): string {
  const parts: string[] = [];
  for (const key of ['command', 'args']) {
    for (const it of items(child(c.field, key))) if (typeof it.value === 'string' || typeof it.value === 'number') parts.push(String(it.value));
  }
  return parts.join(' ');
}

const imageBase = (c: ContainerModel): string => {
  const image = str(child(c.field, 'image')) ?? '';
  // Digest (`@sha256:…`), then tag (`:1.2`, after the last `/`), cut by position: no pattern rescans the rest of the image for every `@` or `:`.
  const at = image.indexOf('@');
  const noDigest = at >= 0 ? image.slice(0, at) : image;
  const colon = noDigest.indexOf(':', noDigest.lastIndexOf('/') + 1);
  const noTag = colon >= 0 ? noDigest.slice(0, colon) : noDigest;
  return noTag.slice(noTag.lastIndexOf('/') + 1).toLowerCase();
};

/** Helpers that run for the pod's whole life: log shippers, proxies, agents. */
const HELPER_IMAGE =
  /(fluent-?bit|fluentd|filebeat|promtail|vector|logstash|envoy|istio-proxy|proxyv2|linkerd|cloud-sql-proxy|cloudsql-proxy|alloydb-auth-proxy|oauth2-proxy|otel|opentelemetry-collector|datadog-agent|jaeger-agent|pgbouncer|vault-agent|consul|ghostunnel|stunnel|haproxy)/;
const HELPER_NAME = /(sidecar|proxy|ambassador|agent|shipper|forwarder|log-?collector|exporter)/;
const SERVER_IMAGE = /^(nginx|httpd|apache2?|redis|memcached|postgres|mysql|mariadb|mongo|envoy|haproxy|caddy|traefik|rabbitmq|zookeeper|kafka|elasticsearch|tomcat|jetty)$/;

export function looksLikeHelper(c: ContainerModel): boolean {
  const name = (c.name ?? '').toLowerCase();
  return HELPER_IMAGE.test(imageBase(c)) || HELPER_NAME.test(name) || /\btail\s+-[fF]\b/.test(scriptOf(c));
}

/** Why a script never ends, or undefined. */
export function neverExits(c: ContainerModel): string | undefined {
  const s = scriptOf(c);
  if (/\bsleep\s+(infinity|inf)\b/.test(s)) return '`sleep infinity` never returns';
  if (/\btail\s+-[fF]\b/.test(s)) return '`tail -f` never returns';
  if (/\bwhile\s+(true|:|\[\s*1\s*\])\s*(?:;\s*)?do\b/.test(s) && !/\b(exit|break|return)\b/.test(s)) return 'the `while true` loop has no `exit` or `break`';
  if (!s && SERVER_IMAGE.test(imageBase(c))) return `the \`${imageBase(c)}\` image runs a server by default`;
  return undefined;
}

const WAIT_START = /\b(?:until|while\s+!)\s+/;
const WAIT_TOOL = /\b(?:nslookup|nc|curl|wget|pg_isready|mysqladmin|redis-cli|getent|ping|host|dig)\b/;

/**
 * The condition of the first wait loop (`until …;`, `while ! …;`) that runs a
 * network tool. Each `;`-separated command is read once: a single pattern
 * spanning `until … tool … ;` rescanned the rest of the script from every
 * `until` and every tool name (cubic in a long command).
 */
function waitCondition(s: string): string | undefined {
  const commands = s.split(';');
  // The last piece is not followed by `;`: not a loop condition.
  for (let i = 0; i < commands.length - 1; i++) {
    const m = WAIT_START.exec(commands[i]);
    if (!m) continue;
    const condition = commands[i].slice(m.index + m[0].length);
    if (WAIT_TOOL.test(condition)) return condition;
  }
  return undefined;
}

/** A wait loop that retries for ever: `until nslookup db; do sleep 2; done`. */
export function unboundedWait(c: ContainerModel): string | undefined {
  const s = scriptOf(c);
  const condition = waitCondition(s);
  if (condition === undefined) return undefined;
  if (/\btimeout\b|-lt\b|-le\b|-gt\b|-ge\b|\bseq\b|\bfor\s+\w+\s+in\b|\$\(\(|\bexit\b/.test(s)) return undefined;
  return condition.trim();
}

const SHARING_NAME = /(shared?|logs?|socket|sock|status|exchange|spool|pipe|output|metrics|export|html|content|workdir)/i;

const PROXY_LIKE = /(proxy|envoy|ambassador|cloud-?sql|alloydb|pgbouncer|istio|linkerd|vault-agent|consul|ghostunnel|stunnel|tunnel)/;

/** Fix: move the reported app container to initContainers as a native sidecar (the file's style kept). */
function moveToSidecarFix({ pod, field, doc, text, version }: FixContext<undefined>): FixSpec[] {
  const c = pod && containerOf(pod, field);
  if (!pod || !c || c.list !== 'containers' || !nativeSidecarsOn(version)) return [];
  const edits = convertToNativeSidecar(text, doc, pod, c);
  return edits.length ? [{ title: `Convert ${c.name ?? 'it'} to a native sidecar`, edits, isPreferred: true }] : [];
}

/** Fix: add `restartPolicy: Always` to the reported init container (it becomes a native sidecar). */
function makeSidecarFix({ pod, field, text }: FixContext<undefined>): FixSpec[] {
  const c = pod && containerOf(pod, field);
  if (!c || c.list !== 'initContainers' || child(c.field, 'restartPolicy')) return [];
  return [
    {
      title: `Make ${c.name ?? 'it'} a native sidecar (restartPolicy: Always)`,
      edits: [insertEntry(text, c.field, 'restartPolicy', 'Always', child(c.field, 'image') ?? child(c.field, 'name'))],
      isPreferred: true,
    },
  ];
}

function at(c: ContainerModel): FieldNode {
  return child(c.field, 'name') ?? c.field;
}

const jobSidecar = defineRule({
  id: 'pattern/job-sidecar-in-containers',
  severity: 'warning',
  title: 'A long-running helper in the containers of a Job keeps it from completing',
  description: `A Job completes when all of its pod's app containers have exited. A log shipper, proxy or agent in \`containers\` keeps running after the main container is done, so the pod never succeeds and the Job never completes (the classic workaround is a shutdown hook). From Kubernetes ${NATIVE_SIDECARS.onByDefault}, declare it as a native sidecar: an init container with \`restartPolicy: Always\` is stopped for you once the app containers exit.`,
  applies: { kinds: RUN_TO_COMPLETION_KINDS },
  example: {
    invalid:
      'kind: Job\nspec:\n  template:\n    spec:\n      restartPolicy: Never\n      containers:\n      - name: migrate\n        image: migrate/migrate\n      - name: cloud-sql-proxy\n        image: gcr.io/cloud-sql-connectors/cloud-sql-proxy:2.14.0\n',
    valid:
      'kind: Job\nspec:\n  template:\n    spec:\n      restartPolicy: Never\n      initContainers:\n      - name: cloud-sql-proxy\n        image: gcr.io/cloud-sql-connectors/cloud-sql-proxy:2.14.0\n        restartPolicy: Always\n      containers:\n      - name: migrate\n        image: migrate/migrate\n',
  },
  scope: 'pod',
  check(ctx) {
    const { pod } = ctx;
    const apps = pod.containers.filter((c) => c.list === 'containers');
    if (apps.length < 2) return;
    for (const c of apps) {
      if (!looksLikeHelper(c) && !neverExits(c)) continue;
      ctx.report({
        field: at(c),
        on: 'value',
        message: `${c.name ?? 'This container'} looks like a long-running helper: in the containers of a ${pod.kind} it keeps running after the main work is done, so the ${pod.kind === 'CronJob' ? "CronJob's Jobs never complete" : 'Job never completes'}. ${nativeSidecarsOn(ctx.version) ? 'Make it a native sidecar (an init container with restartPolicy: Always).' : `Native sidecars would solve this from Kubernetes ${NATIVE_SIDECARS.onByDefault} (podPatterns.kubernetesVersion is ${ctx.version}).`}`,
      });
    }
  },
  fix: moveToSidecarFix,
});

const sidecarVersion = defineRule({
  id: 'pattern/native-sidecar-unsupported-version',
  severity: 'warning',
  title: `Native sidecars need Kubernetes ${NATIVE_SIDECARS.onByDefault} (${NATIVE_SIDECARS.field} behind a feature gate)`,
  description: `An init container with \`restartPolicy: Always\` is a native sidecar. Kubernetes releases before ${NATIVE_SIDECARS.field} do not know the field; ${NATIVE_SIDECARS.field} drops it unless the \`SidecarContainers\` feature gate is on, and the container then runs as a regular init container that never exits, so the pod never starts. If your clusters are ${NATIVE_SIDECARS.onByDefault} or newer, set \`podPatterns.kubernetesVersion\` accordingly.`,
  // Where native sidecars are not on by default.
  applies: { until: NATIVE_SIDECARS_OFF_UNTIL },
  scope: 'pod',
  check(ctx) {
    for (const c of ctx.pod.containers) {
      if (c.role !== 'sidecar') continue;
      const rp = child(c.field, 'restartPolicy')!;
      ctx.report({
        field: rp,
        on: 'entry',
        message: `${c.name ?? 'This init container'} is a native sidecar, which Kubernetes ${ctx.version} ${nativeSidecarSupport(ctx.version) === 'unknown' ? 'does not support' : 'supports only with the SidecarContainers feature gate'}: without it, the container blocks the pod's start for ever.`,
      });
    }
  },
  // The release that turned them on by default, and the newest supported one (the default).
  fix: ({ version }) =>
    [NATIVE_SIDECARS.onByDefault, DEFAULT_VERSION].map((v) => ({
      title: `Check against Kubernetes ${v} (set podPatterns.kubernetesVersion)`,
      edits: [],
      command: { title: `Set podPatterns.kubernetesVersion to ${v}`, command: 'podPatterns.setKubernetesVersion', arguments: [v] },
      isPreferred: v === NATIVE_SIDECARS.onByDefault && nativeSidecarSupport(version) === 'gated',
    })),
});

const initNeverExits = defineRule({
  id: 'pattern/init-container-never-exits',
  severity: 'warning',
  title: 'An init container that never exits blocks the pod for ever',
  description:
    'Regular init containers run one after another and each must exit 0 before the next starts. A container that runs for ever (`sleep infinity`, `tail -f`, an endless loop, a server) keeps the pod in `Init:N/M` and the app containers never start. If it is meant to run beside the app, make it a native sidecar with `restartPolicy: Always`.',
  example: {
    invalid: 'initContainers:\n- name: log-tail\n  image: busybox\n  command: ["sh", "-c", "tail -f /var/log/app.log"]\n',
    valid: 'initContainers:\n- name: log-tail\n  image: busybox\n  restartPolicy: Always\n  command: ["sh", "-c", "tail -f /var/log/app.log"]\n',
  },
  scope: 'pod',
  check(ctx) {
    const l = lifecycleOf(ctx.pod);
    for (const s of l.init) {
      if (s.sidecar) continue;
      const why = neverExits(s.container);
      if (!why) continue;
      ctx.report({
        field: at(s.container),
        on: 'value',
        message: `Init container ${s.container.name ?? s.position} never exits (${why}): the pod stays in Init:${s.position - 1}/${l.init.length} and its app containers never start. Make it a native sidecar if it should run beside the app.`,
      });
    }
  },
  fix: makeSidecarFix,
});

const waitWithoutTimeout = defineRule({
  id: 'pattern/wait-without-timeout',
  severity: 'information',
  title: 'An init container waits for a dependency with no timeout',
  description:
    "A loop such as `until nslookup myservice; do sleep 2; done` retries for ever: if the Service never appears (a typo, another namespace), the pod sits in `Init:0/N` with no error to see. Bound it, e.g. `timeout 300 sh -c 'until nslookup myservice; do sleep 2; done'`, so the init container fails visibly and is retried with back-off.",
  scope: 'pod',
  check(ctx) {
    const l = lifecycleOf(ctx.pod);
    for (const s of l.init) {
      if (s.sidecar) continue;
      const cond = unboundedWait(s.container);
      if (!cond) continue;
      ctx.report({
        field: at(s.container),
        on: 'value',
        message: `${s.container.name ?? 'This init container'} waits for \`${cond}\` with no timeout: if it never succeeds, the pod stays in Init:${s.position - 1}/${l.init.length} with no error. Consider \`timeout\` around the loop.`,
      });
    }
  },
});

const appRestartPolicy = defineRule({
  id: 'pattern/app-container-restart-always',
  severity: 'information',
  title: '`restartPolicy: Always` on an app container: a misplaced sidecar?',
  description: `Native sidecars are init containers with \`restartPolicy: Always\`. On an app container the field is rejected (${NATIVE_SIDECARS.field}–1.33), dropped (1.34) or, from 1.35, only overrides the pod's restart policy: it does not give sidecar ordering. To start a helper before the app and stop it after, move it to \`initContainers\`.`,
  scope: 'pod',
  check(ctx) {
    for (const c of ctx.pod.containers) {
      if (c.list !== 'containers' || str(child(c.field, 'restartPolicy')) !== 'Always') continue;
      ctx.report({
        field: child(c.field, 'restartPolicy')!,
        on: 'entry',
        message: `${c.name ?? 'This container'} sets restartPolicy: Always in containers; a native sidecar is an init container with restartPolicy: Always (started before the app, stopped after it).`,
      });
    }
  },
  fix: moveToSidecarFix,
});

const unsharedVolume = defineRule({
  id: 'pattern/unshared-emptydir',
  severity: 'information',
  title: 'An emptyDir in a multi-container pod is mounted by only one container',
  description:
    'In sidecar, adapter and ambassador pods, an `emptyDir` volume is how containers share files (logs for a shipper, status for an adapter). Mounted by one container only, it shares nothing: check that the other container mounts it too.',
  scope: 'pod',
  check(ctx) {
    const { pod } = ctx;
    const runnable = pod.containers.filter((c) => c.list !== 'ephemeralContainers');
    if (runnable.length < 2) return;
    for (const v of items(child(pod.field, 'volumes'))) {
      const name = str(child(v, 'name'));
      // Only volumes whose name says they are for exchange: scratch and cache dirs are often private.
      if (!name || !child(v, 'emptyDir') || !SHARING_NAME.test(name)) continue;
      const users = runnable.filter((c) => items(child(c.field, 'volumeMounts')).some((m) => str(child(m, 'name')) === name));
      if (users.length !== 1) continue;
      ctx.report({
        field: child(v, 'name')!,
        on: 'value',
        message: `emptyDir volume "${name}" is mounted only by ${users[0].name ?? 'one container'}; in a multi-container pod it is usually meant to be shared.`,
      });
    }
  },
});

const sidecarStartup = defineRule({
  id: 'pattern/sidecar-without-startup-probe',
  severity: 'information',
  title: 'A proxy sidecar without a startupProbe: later containers may start before it is ready',
  description:
    'The next init container, and the app containers, start as soon as a native sidecar has *started*, unless it has a `startupProbe`: then they wait until the probe succeeds. A proxy or tunnel that the app needs from its first second (a database proxy, a service-mesh proxy) should have one.',
  scope: 'pod',
  check(ctx) {
    const l = lifecycleOf(ctx.pod);
    l.init.forEach((s, i) => {
      if (!s.sidecar || s.hasStartupProbe) return;
      const c = s.container;
      if (!PROXY_LIKE.test(`${(c.name ?? '').toLowerCase()} ${imageBase(c)}`)) return;
      const later = l.init.slice(i + 1).length + l.apps.length;
      if (later === 0) return;
      ctx.report({
        field: at(c),
        on: 'value',
        message: `Native sidecar ${c.name ?? ''} looks like a proxy but has no startupProbe: the ${later} container${later === 1 ? '' : 's'} after it may start before it accepts connections.`,
      });
    });
  },
});

export const patternRules = [jobSidecar, sidecarVersion, initNeverExits, waitWithoutTimeout, appRestartPolicy, unsharedVolume, sidecarStartup];
