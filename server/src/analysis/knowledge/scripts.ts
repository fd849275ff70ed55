/**
 * What a container is for, read from its image and its command: a helper that
 * runs for the pod's whole life (a log shipper, a proxy), a script that never
 * exits, a wait loop for a dependency (and the Service it waits for), a
 * migration or a download that must finish. Written once for the rules, the
 * fixes (never "make it a sidecar" for a container whose job is to finish),
 * hover and navigation.
 */
import type { ContainerModel, FieldNode, PodSpecModel } from '../model';
import { child, items, str } from '../model';
import { RUN_TO_COMPLETION_KINDS } from './kinds';

/** The scalars of the container's command and args, in order. */
export function scriptArgs(c: ContainerModel): FieldNode[] {
  const out: FieldNode[] = [];
  for (const key of ['command', 'args']) for (const it of items(child(c.field, key))) if (it.kind === 'scalar') out.push(it);
  return out;
}

/** The container's command and args as one shell-ish text. */
export function scriptOf(c: ContainerModel): string {
  const parts: string[] = [];
  for (const it of scriptArgs(c)) if (typeof it.value === 'string' || typeof it.value === 'number') parts.push(String(it.value));
  return parts.join(' ');
}

/** The image's name without registry, tag or digest, lower case (`fluent-bit` of `cr.fluentbit.io/fluent/fluent-bit:3.1`). */
export function imageBase(c: ContainerModel): string {
  const image = str(child(c.field, 'image')) ?? '';
  // Digest (`@sha256:…`), then tag (`:1.2`, after the last `/`), cut by position: no pattern rescans the rest of the image for every `@` or `:`.
  const at = image.indexOf('@');
  const noDigest = at >= 0 ? image.slice(0, at) : image;
  const colon = noDigest.indexOf(':', noDigest.lastIndexOf('/') + 1);
  const noTag = colon >= 0 ? noDigest.slice(0, colon) : noDigest;
  return noTag.slice(noTag.lastIndexOf('/') + 1).toLowerCase();
}

/** The image's tag (`1.28` of `busybox:1.28`), or undefined. */
export function imageTag(c: ContainerModel): string | undefined {
  const image = str(child(c.field, 'image')) ?? '';
  const at = image.indexOf('@');
  const noDigest = at >= 0 ? image.slice(0, at) : image;
  const colon = noDigest.indexOf(':', noDigest.lastIndexOf('/') + 1);
  return colon >= 0 ? noDigest.slice(colon + 1) : undefined;
}

/** Helpers that run for the pod's whole life: log shippers, proxies, agents. */
const HELPER_IMAGE =
  /(fluent-?bit|fluentd|filebeat|promtail|vector|logstash|envoy|istio-proxy|proxyv2|linkerd|cloud-sql-proxy|cloudsql-proxy|alloydb-auth-proxy|oauth2-proxy|otel|opentelemetry-collector|datadog-agent|jaeger-agent|pgbouncer|vault-agent|consul|ghostunnel|stunnel|haproxy)/;
const HELPER_NAME = /(sidecar|proxy|ambassador|agent|shipper|forwarder|log-?collector|exporter)/;
const SERVER_IMAGE = /^(nginx|httpd|apache2?|redis|memcached|postgres|mysql|mariadb|mongo|envoy|haproxy|caddy|traefik|rabbitmq|zookeeper|kafka|elasticsearch|tomcat|jetty)$/;

export function looksLikeHelper(c: ContainerModel): boolean {
  const name = (c.name ?? '').toLowerCase();
  return HELPER_IMAGE.test(imageBase(c)) || HELPER_NAME.test(name) || /\btail\s+-[fF]\b/.test(scriptOf(c));
}

/** Proxies and tunnels: what the app needs from its first second. */
const PROXY_LIKE = /(proxy|envoy|ambassador|cloud-?sql|alloydb|pgbouncer|istio|linkerd|vault-agent|consul|ghostunnel|stunnel|tunnel)/;

export const looksLikeProxy = (c: ContainerModel): boolean => PROXY_LIKE.test(`${(c.name ?? '').toLowerCase()} ${imageBase(c)}`);

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
export function waitCondition(s: string): string | undefined {
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

/** A bound on a script's loops: `timeout`, a counter, an exit. */
const BOUNDED = /\btimeout\b|-lt\b|-le\b|-gt\b|-ge\b|\bseq\b|\bfor\s+\w+\s+in\b|\$\(\(|\bexit\b/;

/** A wait loop that retries for ever: `until nslookup db; do sleep 2; done`. */
export function unboundedWait(c: ContainerModel): string | undefined {
  const s = scriptOf(c);
  const condition = waitCondition(s);
  if (condition === undefined) return undefined;
  if (BOUNDED.test(s)) return undefined;
  return condition.trim();
}

/**
 * The wait loop of a script, where it is: the scalar that holds it and the
 * offsets (in the document's segment) from `until`/`while` to its `done`.
 * Only a loop written out in one scalar (`sh -c '…'`), with no quotes inside
 * that would need escaping differently once wrapped.
 */
export function waitLoopSpan(c: ContainerModel, text: string): { field: FieldNode; start: number; end: number; loop: string } | undefined {
  for (const f of scriptArgs(c)) {
    if (typeof f.value !== 'string' || f.viaAlias || waitCondition(f.value) === undefined) continue;
    const raw = text.slice(f.start, f.end);
    const m = /\b(?:until|while\s+!)\s/.exec(raw);
    if (!m) continue;
    const done = /(?:^|[\s;])done\b/g;
    done.lastIndex = m.index;
    const d = done.exec(raw);
    if (!d) continue;
    const end = d.index + d[0].length;
    const loop = raw.slice(m.index, end);
    // The loop must read the same in the source as in the value (no escapes, no line folding).
    if (!f.value.includes(loop)) continue;
    return { field: f, start: f.start + m.index, end: f.start + end, loop };
  }
  return undefined;
}

// ---- what an init container is for -----------------------------------------

const MIGRATION = /\b(migrate|migrations?|flyway|liquibase|alembic|db:migrate|schema-?update|dbmate|goose|atlas\s+migrate|sqitch)\b/;
const DOWNLOAD = /\b(wget|curl\s[^;|&]*(?:-o|-O|--output|>)|git\s+clone|gsutil\s+(?:-m\s+)?cp|aws\s+s3\s+(?:cp|sync)|az\s+storage|rclone|helm\s+pull|tar\s+-?x|unzip|cp\s|rsync|chown|chmod|mkdir|install\s)/;
const SETUP_NAME = /(^|[-_])(init|setup|wait|migrat\w*|download\w*|fetch\w*|copy|clone|prepare|bootstrap|seed|chown|chmod|permissions?)($|[-_])/;

/**
 * What an init container does that must finish, or undefined: a wait loop, a
 * migration, a download or copy. Such a container must stay an init
 * container: as a native sidecar its work would run beside the app instead
 * of before it, and be restarted when it ends.
 */
export function finishingWork(c: ContainerModel): string | undefined {
  const s = scriptOf(c);
  if (waitCondition(s) !== undefined) return 'it waits for a dependency';
  const image = imageBase(c);
  const name = (c.name ?? '').toLowerCase();
  if (MIGRATION.test(s) || MIGRATION.test(image) || /migrat/.test(name)) return 'it runs a migration';
  if (DOWNLOAD.test(s)) return 'it downloads or prepares files';
  if (!looksLikeHelper(c) && SETUP_NAME.test(name)) return 'its name says it prepares the pod';
  return undefined;
}

/**
 * Why a container must not become a native sidecar, or undefined when it may:
 * an init container whose job is to finish (a wait loop, a migration, a
 * download), or the main container of a Job (its exit completes the Job; a
 * sidecar is stopped for the Job instead, so the work would never count).
 */
export function whyNotSidecar(pod: PodSpecModel, c: ContainerModel): string | undefined {
  if (c.list === 'initContainers') {
    const work = finishingWork(c);
    return work && `${work}: it must finish before the next step starts, and a native sidecar would run beside the app and be restarted when it ends`;
  }
  if (c.list === 'containers' && RUN_TO_COMPLETION_KINDS.includes(pod.kind)) {
    const helperLike = (x: ContainerModel): boolean => looksLikeHelper(x) || neverExits(x) !== undefined;
    const main = pod.containers.filter((x) => x.list === 'containers' && x !== c && !helperLike(x));
    if (!helperLike(c) || main.length === 0) return `it is the ${pod.kind}'s main container: its exit completes the ${pod.kind}`;
  }
  return undefined;
}

/**
 * `timeout SECONDS` as the image's `timeout` takes it: BusyBox before 1.30
 * (and the Alpine releases before 3.10 that ship it) wants `timeout -t
 * SECONDS`; coreutils and newer BusyBox take the seconds first.
 */
export function timeoutCommand(c: ContainerModel, seconds: number): string {
  const base = imageBase(c);
  const tag = imageTag(c) ?? '';
  const older = (want: [number, number]): boolean => {
    const m = /^(\d+)\.(\d+)/.exec(tag);
    return !!m && (Number(m[1]) < want[0] || (Number(m[1]) === want[0] && Number(m[2]) < want[1]));
  };
  const oldBusybox = (base === 'busybox' && older([1, 30])) || (base === 'alpine' && older([3, 10]));
  return oldBusybox ? `timeout -t ${seconds}` : `timeout ${seconds}`;
}

// ---- the Services an init container waits for --------------------------------

/** A Service an init container waits for, named in its script. */
export interface ServiceWait {
  /** The Service's name (the first label of the host name). */
  service: string;
  /** The namespace the host name says (`db.prod.svc`), if any. */
  namespace?: string;
  /** The tool that waits (`nslookup`, `nc`, `pg_isready`, …). */
  tool: string;
  field: FieldNode;
  /** Offsets of the Service's name in the document's segment. */
  start: number;
  end: number;
}

const LABEL = '[a-z0-9](?:[-a-z0-9]*[a-z0-9])?';
/** Where the host name is, per tool: the host is the first capture. */
const HOST_PATTERNS: readonly { tool: string; re: RegExp }[] = [
  { tool: 'nslookup', re: new RegExp(`\\bnslookup\\s+(?:-\\S+\\s+)*(${LABEL}(?:\\.[-a-z0-9$()/.]+)?)`, 'g') },
  { tool: 'getent', re: new RegExp(`\\bgetent\\s+(?:hosts|ahosts|ahostsv4)\\s+(${LABEL}(?:\\.[-a-z0-9$()/.]+)?)`, 'g') },
  { tool: 'host', re: new RegExp(`\\bhost\\s+(${LABEL}(?:\\.[-a-z0-9$()/.]+)?)`, 'g') },
  { tool: 'dig', re: new RegExp(`\\bdig\\s+(?:\\+\\S+\\s+)*(${LABEL}(?:\\.[-a-z0-9$()/.]+)?)`, 'g') },
  { tool: 'nc', re: new RegExp(`\\bnc\\s+(?:-[a-zA-Z]+(?:\\s+\\d+)?\\s+)*(${LABEL}(?:\\.[-a-z0-9.]+)?)\\s+\\d+`, 'g') },
  { tool: 'pg_isready', re: new RegExp(`\\bpg_isready\\b[^;|&]*?(?:-h\\s*|--host[=\\s])(${LABEL}(?:\\.[-a-z0-9.]+)?)`, 'g') },
  { tool: 'mysqladmin', re: new RegExp(`\\bmysqladmin\\b[^;|&]*?(?:-h\\s*|--host[=\\s])(${LABEL}(?:\\.[-a-z0-9.]+)?)`, 'g') },
  { tool: 'redis-cli', re: new RegExp(`\\bredis-cli\\b[^;|&]*?-h\\s+(${LABEL}(?:\\.[-a-z0-9.]+)?)`, 'g') },
  { tool: 'curl', re: new RegExp(`\\b(?:curl|wget)\\b[^;|&]+?https?://(${LABEL}(?:\\.[-a-z0-9.]+)?)(?=[:/\\s'"]|$)`, 'g') },
];

/** Host names that are never a Service of the cluster. */
const NOT_A_SERVICE = /^(localhost|127\.|0\.0\.0\.0)|^\d+\.\d+\.\d+\.\d+$/;

/**
 * The Service a host name names: `db`, `db.ns`, `db.ns.svc`,
 * `db.ns.svc.cluster.local` (any cluster domain), `db.$(…).svc…`; not an
 * outside host (`example.com` has no `svc` label and two labels, which the
 * search path would read as Service `example` in namespace `com`: taken, but
 * only a Service of that name and namespace matches it).
 */
export function serviceOfHost(host: string): { service: string; namespace?: string } | undefined {
  if (NOT_A_SERVICE.test(host)) return undefined;
  const labels = host.replace(/\.$/, '').split('.');
  const service = labels[0];
  if (!new RegExp(`^${LABEL}$`).test(service)) return undefined;
  if (labels.length === 1) return { service };
  if (labels.length >= 3 && labels[2] !== 'svc') return undefined;
  const ns = labels[1];
  return { service, namespace: new RegExp(`^${LABEL}$`).test(ns) ? ns : undefined };
}

/** The Services the wait loops of an init container name, with where each name is (read in `text`, the document's segment). */
export function serviceWaits(c: ContainerModel, text: string): ServiceWait[] {
  const out: ServiceWait[] = [];
  if (waitCondition(scriptOf(c)) === undefined) return out;
  for (const f of scriptArgs(c)) {
    if (typeof f.value !== 'string' || f.viaAlias) continue;
    const raw = text.slice(f.start, f.end);
    for (const { tool, re } of HOST_PATTERNS) {
      re.lastIndex = 0;
      for (let m = re.exec(raw); m; m = re.exec(raw)) {
        const host = m[1];
        const svc = serviceOfHost(host);
        if (!svc) continue;
        const at = m.index + m[0].lastIndexOf(host);
        if (out.some((w) => w.start === f.start + at)) continue;
        out.push({ ...svc, tool, field: f, start: f.start + at, end: f.start + at + svc.service.length });
      }
    }
  }
  return out.sort((a, b) => a.start - b.start);
}
