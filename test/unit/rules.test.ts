/**
 * The rules layer as a whole: every registered id can be turned off (and is
 * then silent), the engine's own notices go through the same policy as any
 * rule, a rule that throws becomes an `internal/rule-failed` finding, and
 * every rule lives in the family file the registry names.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { FIXTURES, ROOT, listFiles, parseFixture } from '../harness';
import { FAMILIES, RULES } from '../../server/src/analysis/rules/index';
import { defineRule, type AnyRule } from '../../server/src/analysis/rules/rule';
import { Engine } from '../../server/src/analysis/engine';
import { DEFAULT_SETTINGS, type AnalysisSettings } from '../../server/src/analysis/settings';
import { LanguageService } from '../../server/src/analysis/service';

const POD = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n  - name: web\n    image: nginx:1.27\n';

/** Inputs that make the engine report its own notices. */
const ENGINE_TRIGGERS: Record<string, { text: string; settings?: Partial<AnalysisSettings> }> = {
  'file/too-large': { text: POD, settings: { maxFileSize: 10 } },
  'file/not-text': { text: '\u0000\u0001\u0002binary' },
  'template/not-checked': { text: POD.replace('nginx:1.27', '{{ .Values.image }}') },
  'suppression/unused': { text: POD.replace('  containers:', '  # podpatterns-disable-next-line pod/container-name\n  containers:') },
};

/** For each rule id, one input that triggers it: the engine notices above, then the first rule fixture that does. */
function triggers(): Map<string, { text: string; settings: AnalysisSettings }> {
  const out = new Map<string, { text: string; settings: AnalysisSettings }>();
  for (const [id, t] of Object.entries(ENGINE_TRIGGERS)) out.set(id, { text: t.text, settings: { ...DEFAULT_SETTINGS, rules: {}, ...t.settings } });
  const service = new LanguageService();
  for (const file of listFiles(path.join(FIXTURES, 'rules'), '.yaml')) {
    const fx = parseFixture(fs.readFileSync(file, 'utf8'));
    for (const f of service.analyze(fx.text, fx.settings).findings) if (!out.has(f.rule)) out.set(f.rule, { text: fx.text, settings: fx.settings });
  }
  return out;
}

test('every registered rule id set to off is silent', () => {
  const found = triggers();
  const service = new LanguageService();
  let checked = 0;
  for (const rule of RULES) {
    const t = found.get(rule.id);
    if (!t) continue; // never triggered: the fixture test lists these, with the reason
    const on = service.analyze(t.text, t.settings).findings.filter((f) => f.rule === rule.id);
    assert.ok(on.length > 0, `${rule.id} is triggered by its input`);
    const off = service.analyze(t.text, { ...t.settings, rules: { ...t.settings.rules, [rule.id]: 'off' } }).findings.filter((f) => f.rule === rule.id);
    assert.deepEqual(off, [], `${rule.id}: off in the configuration silences it`);
    checked++;
  }
  // The engine's notices and most rules must have been checked, not skipped.
  for (const id of Object.keys(ENGINE_TRIGGERS)) assert.ok(found.has(id), `${id} has a trigger`);
  assert.ok(checked > RULES.length * 0.8, `checked ${checked} of ${RULES.length} rules`);
});

test('file/too-large: off in the configuration means no notice at all', () => {
  const service = new LanguageService();
  const big = { ...DEFAULT_SETTINGS, rules: {}, maxFileSize: 10 };
  assert.deepEqual(service.analyze(POD, big).findings.map((f) => f.rule), ['file/too-large']);
  assert.deepEqual(service.analyze(POD, { ...big, rules: { 'file/too-large': 'off' } }).findings, []);
  assert.deepEqual(service.analyze(POD, { ...big, rules: { 'file/too-large': 'warning' } }).findings.map((f) => f.severity), ['warning']);
});

test('a rule that throws is reported as internal/rule-failed; the other rules still run; it can be turned off', () => {
  const broken = defineRule({
    id: 'test/throws',
    scope: 'pod',
    severity: 'error',
    title: 'throws',
    description: 'throws',
    check() {
      throw new Error('boom');
    },
  });
  const fine = defineRule({
    id: 'test/reports',
    scope: 'pod',
    severity: 'warning',
    title: 'reports',
    description: 'reports',
    check(ctx) {
      ctx.report({ field: ctx.pod.field, message: 'here' });
    },
  });
  const rules: AnyRule[] = [broken, fine, ...RULES.filter((r) => r.id === 'internal/rule-failed')];
  const engine = new Engine(rules);
  const found = engine.analyze(POD, DEFAULT_SETTINGS).findings;
  assert.deepEqual(found.map((f) => f.rule).sort(), ['internal/rule-failed', 'test/reports']);
  assert.match(found.find((f) => f.rule === 'internal/rule-failed')!.message, /test\/throws failed on this document: boom/);
  const off = new Engine(rules).analyze(POD, { ...DEFAULT_SETTINGS, rules: { 'internal/rule-failed': 'off' } }).findings;
  assert.deepEqual(off.map((f) => f.rule), ['test/reports']);
});

test('the engine enforces where a rule applies: releases, kinds, validated pod specs', () => {
  const seen: string[] = [];
  const probe = (id: string, extra: Partial<AnyRule>): AnyRule =>
    ({
      id,
      scope: 'pod',
      severity: 'warning',
      title: id,
      description: id,
      upstream: 'test',
      check(ctx: { pod: { kind: string } }) {
        seen.push(`${id}:${ctx.pod.kind}`);
      },
      ...extra,
    }) as AnyRule;
  const engine = new Engine([
    probe('t/rejects', { rejects: true }),
    probe('t/rejects-any', { rejects: true, applies: { podSpec: 'any' } }),
    probe('t/warns', {}),
    probe('t/jobs', { applies: { kinds: ['Job'] } }),
    probe('t/new', { applies: { since: '1.35' } }),
    probe('t/old', { applies: { until: '1.30' } }),
  ]);
  const sts = 'apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: db\nspec:\n  template:\n    spec:\n      containers:\n      - name: db\n        image: postgres:17\n';
  const run = (text: string, version: string): string[] => {
    seen.length = 0;
    engine.clear();
    engine.analyze(text, { ...DEFAULT_SETTINGS, kubernetesVersion: version });
    return [...seen].sort();
  };
  // Before 1.34 the API server does not validate a StatefulSet's pod template: rejecting rules stay out.
  assert.deepEqual(run(sts, '1.33'), ['t/rejects-any:StatefulSet', 't/warns:StatefulSet']);
  assert.deepEqual(run(sts, '1.34'), ['t/rejects-any:StatefulSet', 't/rejects:StatefulSet', 't/warns:StatefulSet']);
  assert.deepEqual(run(POD, '1.36'), ['t/new:Pod', 't/rejects-any:Pod', 't/rejects:Pod', 't/warns:Pod']);
  assert.deepEqual(run(POD, '1.29'), ['t/old:Pod', 't/rejects-any:Pod', 't/rejects:Pod', 't/warns:Pod']);
  const job = 'apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: j\nspec:\n  template:\n    spec:\n      restartPolicy: Never\n      containers:\n      - name: j\n        image: busybox:1.36\n';
  assert.ok(run(job, '1.36').includes('t/jobs:Job'));
});

test('every rule lives in the family file the registry names, and each family file is registered', () => {
  const dir = path.join(ROOT, 'server/src/analysis/rules');
  for (const fam of FAMILIES) {
    const src = fs.readFileSync(path.join(dir, `${fam.file}.ts`), 'utf8');
    for (const r of fam.rules) {
      // An id is written whole, or (for a generated set such as yaml/<CODE>) as its family prefix.
      const written = src.includes(`'${r.id}'`) || src.includes(`\`${r.id.split('/')[0]}/`);
      assert.ok(written, `${r.id} is defined in rules/${fam.file}.ts`);
    }
  }
  const registered = new Set(FAMILIES.map((f) => `${f.file}.ts`));
  const helpers = new Set(['index.ts', 'rule.ts', 'common.ts', 'downwardApi.ts', 'examples.ts', 'fieldErrors.ts', 'gatedFields.ts', 'stringFormats.ts', 'intOrPercent.ts', 'jobParts.ts', 'workloadParts.ts', 'selectors.ts']);
  for (const f of fs.readdirSync(dir)) if (f.endsWith('.ts') && !helpers.has(f)) assert.ok(registered.has(f), `rules/${f} is a registered family`);
});

test('rules that compare a field with another a patch may leave to its base are dropped in patches (relational)', () => {
  const deployment = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: frontend}
    spec:
      containers:
      - name: web
        image: nginx:1.27
`;
  const service = new LanguageService();
  const rules = (text: string, partial: boolean): string[] => service.analyze(text, { ...DEFAULT_SETTINGS, rules: {}, partial }).findings.map((f) => f.rule);
  assert.ok(rules(deployment, false).includes('workload/selector-mismatch'));
  assert.ok(!rules(deployment, true).includes('workload/selector-mismatch'));
  // An empty selector is Invalid, not Required: only the rule's policy drops it in a patch.
  const empty = deployment.replace('    matchLabels: {app: web}\n', '    matchLabels: {}\n');
  assert.ok(rules(empty, false).includes('workload/selector-required'));
  assert.ok(!rules(empty, true).includes('workload/selector-required'));
});
