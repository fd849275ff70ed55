/**
 * The YAML snippets (snippets/pod-patterns.code-snippets.json): each body,
 * with its placeholders filled in by their defaults, must pass our own rules
 * with no error and no warning, and hold a pod spec of the shape it promises.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { LanguageService } from '../../server/src/analysis/service';
import { DEFAULT_SETTINGS } from '../../server/src/analysis/settings';
import { renderSnippet } from '../../server/src/analysis/edits';
import { child, items, str, type FieldNode, type PodSpecModel } from '../../server/src/analysis/model';
import { ROOT } from '../harness';

interface Snippet {
  prefix: string;
  description: string;
  body: string[];
}

const file = path.join(ROOT, 'snippets', 'pod-patterns.code-snippets.json');
const snippets = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, Snippet>;

const mountsOf = (c: FieldNode): string[] => items(child(c, 'volumeMounts')).map((m) => str(child(m, 'name')) ?? '');
const scriptOf = (c: FieldNode): string =>
  ['command', 'args'].flatMap((k) => items(child(c, k)).map((i) => String(i.value ?? ''))).join(' ');
const emptyDirs = (pod: PodSpecModel): string[] =>
  items(child(pod.field, 'volumes'))
    .filter((v) => child(v, 'emptyDir'))
    .map((v) => str(child(v, 'name')) ?? '');
/** emptyDir volumes mounted by at least two containers. */
const sharedDirs = (pod: PodSpecModel): string[] =>
  emptyDirs(pod).filter((v) => pod.containers.filter((c) => mountsOf(c.field).includes(v)).length >= 2);
const sidecars = (pod: PodSpecModel) => pod.containers.filter((c) => c.role === 'sidecar');
const apps = (pod: PodSpecModel) => pod.containers.filter((c) => c.list === 'containers');

/** What each snippet promises, by prefix. */
const SHAPES: Record<string, { kind: string; keywords: RegExp; check(pod: PodSpecModel): string | undefined }> = {
  'pod-init-wait': {
    kind: 'Pod',
    keywords: /init container/i,
    check: (pod) => {
      const waits = pod.containers.filter((c) => c.role === 'init' && /until nslookup/.test(scriptOf(c.field)));
      if (waits.length === 0) return 'no init container waits with nslookup';
      if (!waits.every((c) => /\btimeout \d+/.test(scriptOf(c.field)))) return 'a wait has no timeout';
      return apps(pod).length ? undefined : 'no app container';
    },
  },
  'pod-native-sidecar': {
    kind: 'Pod',
    keywords: /native sidecar/i,
    check: (pod) => {
      const s = sidecars(pod);
      if (s.length === 0) return 'no init container with restartPolicy: Always';
      if (!s.some((c) => child(c.field, 'startupProbe'))) return 'the sidecar has no startupProbe';
      return sharedDirs(pod).length ? undefined : 'no emptyDir shared by the sidecar and the app';
    },
  },
  'pod-adapter': {
    kind: 'Pod',
    keywords: /adapter/i,
    check: (pod) => {
      if (apps(pod).length < 2) return 'no adapter beside the app';
      return sharedDirs(pod).length ? undefined : 'no emptyDir shared by the app and the adapter';
    },
  },
  'pod-ambassador': {
    kind: 'Pod',
    keywords: /ambassador/i,
    check: (pod) => {
      if (apps(pod).length < 2) return 'no ambassador beside the app';
      return apps(pod).some((c) => /127\.0\.0\.1|localhost/.test(scriptOf(c.field))) ? undefined : 'nothing listens on localhost';
    },
  },
  'job-native-sidecar': {
    kind: 'Job',
    keywords: /native sidecar/i,
    check: (pod) => {
      if (!['Never', 'OnFailure'].includes(str(child(pod.field, 'restartPolicy')) ?? '')) return 'the Job pod needs restartPolicy Never or OnFailure';
      if (sidecars(pod).length === 0) return 'no init container with restartPolicy: Always';
      return sidecars(pod).some((c) => child(c.field, 'startupProbe')) ? undefined : 'the sidecar has no startupProbe';
    },
  },
  'deployment-sidecar': {
    kind: 'Deployment',
    keywords: /native sidecar/i,
    check: (pod) => {
      if (sidecars(pod).length === 0) return 'no init container with restartPolicy: Always';
      if (!sidecars(pod).some((c) => child(c.field, 'startupProbe'))) return 'the sidecar has no startupProbe';
      return sharedDirs(pod).length ? undefined : 'no emptyDir shared by the sidecar and the app';
    },
  },
};

test('every promised snippet is there, once', () => {
  const prefixes = Object.values(snippets).map((s) => s.prefix);
  assert.deepEqual([...prefixes].sort(), Object.keys(SHAPES).sort());
});

const service = new LanguageService();
for (const [label, s] of Object.entries(snippets)) {
  test(`snippet ${s.prefix}`, () => {
    const shape = SHAPES[s.prefix];
    assert.ok(shape, `unexpected prefix ${s.prefix}`);
    assert.ok(Array.isArray(s.body) && s.body.every((l) => typeof l === 'string'), 'body is a list of lines');
    assert.ok(s.description.length > 40, 'a description that says what the pattern is for');
    assert.match(`${label} ${s.description}`, shape.keywords, 'findable by the pattern name');
    // A tab stop mirrored in several places has one default.
    const defaults = new Map<string, string>();
    for (const m of s.body.join('\n').matchAll(/\$\{(\d+):([^{}]*)\}/g)) {
      assert.equal(defaults.get(m[1]) ?? m[2], m[2], `tab stop ${m[1]} has two defaults`);
      defaults.set(m[1], m[2]);
    }
    assert.ok(!s.body.some((l) => l.includes('\t')), 'spaces only: YAML does not indent with tabs');
    const text = renderSnippet(s.body.join('\n'));
    assert.ok(!/\$\{|\$\d/.test(text), `unrendered snippet syntax in:\n${text}`);
    for (const version of [DEFAULT_SETTINGS.kubernetesVersion, '1.29']) {
      const settings = { ...DEFAULT_SETTINGS, rules: {}, kubernetesVersion: version };
      const analysis = service.analyze(text, settings);
      const bad = analysis.findings.filter((f) => f.severity === 'error' || f.severity === 'warning');
      assert.deepEqual(
        bad.map((f) => `${f.severity} ${f.rule}: ${f.message}`),
        [],
        `findings on ${version} in:\n${text}`,
      );
      const pods = analysis.segments.flatMap((seg) => seg.parsed.docs.flatMap((d) => d.pods));
      assert.equal(pods.length, 1, 'one pod spec');
      assert.equal(pods[0].kind, shape.kind);
      assert.equal(shape.check(pods[0]), undefined);
    }
  });
}
