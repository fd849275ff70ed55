/**
 * The knowledge module against upstream, and completion against the rules:
 * - each value set (knowledge/values.ts: the API server's accepted values, in
 *   its message order) holds, in every release, the values the API table
 *   documents for that field and release;
 * - what completion offers for a field is what the rule for that field
 *   accepts in the chosen release, and what it does not offer is refused.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { VALUE_SETS, accepted, type ValueSet } from '../../server/src/analysis/knowledge/values';
import { DATA_VERSIONS, compareVersions, enumValues, fieldDoc, getField } from '../../server/src/analysis/api/table';
import { LanguageService } from '../../server/src/analysis/service';
import { DEFAULT_SETTINGS } from '../../server/src/analysis/settings';
import { cursors } from '../harness';

/** The values a set holds in a release: accepted ones and those behind a gate that exists then. */
function known(s: ValueSet, version: string): string[] {
  const gated = Object.entries(s.gated ?? {})
    .filter(([, g]) => compareVersions(version, g.since) >= 0)
    .map(([v]) => v);
  return [...new Set([...accepted(s, version), ...gated])].filter((v) => !s.undocumented?.includes(v)).sort();
}

for (const [name, s] of Object.entries(VALUE_SETS) as [string, ValueSet][]) {
  test(`value set ${name} (${s.field}) holds what the API documents, release by release`, () => {
    const [type, field] = s.field.split('.');
    const def = getField(type, field);
    assert.ok(def, `${s.field} is a field of the API table`);
    let compared = 0;
    for (const v of DATA_VERSIONS) {
      // A release without the field documents nothing for it (the table's enum spans all releases).
      if ((def.since && compareVersions(v, def.since) < 0) || (def.until && compareVersions(v, def.until) > 0)) continue;
      const documented = enumValues(def, v);
      if (!documented || documented.length === 0) continue;
      assert.deepEqual(known(s, v), [...documented].sort(), `${s.field} in ${v}`);
      compared++;
    }
    if (s.documented) {
      // Not documented as a list: prose must still name every value; either way there is no list to compare with.
      if ('prose' in s.documented) for (const value of s.values) assert.ok(fieldDoc(def)!.includes(value), `${s.field}: the description names ${value}`);
      assert.equal(compared, 0, `${s.field} is documented as a list after all: drop its 'documented' note`);
    } else assert.ok(compared > 0, `the API table documents values for ${s.field} in some release`);
  });
}

const service = new LanguageService();

/** The completion labels at the `$0` of `raw`, and the rule ids reported when each label (or `probe`) is put there. */
function offeredAndJudged(raw: string, version: string, probe: string): { offered: string[]; refused: Map<string, string[]> } {
  const { text, offsets } = cursors(raw);
  const settings = { ...DEFAULT_SETTINGS, rules: {}, kubernetesVersion: version };
  const offered = service.complete(text, offsets[0], settings).map((c) => c.label);
  const refused = new Map<string, string[]>();
  for (const value of [...offered, probe]) {
    const filled = text.slice(0, offsets[0]) + value + text.slice(offsets[0]);
    const errors = service.analyze(filled, settings).findings.filter((f) => f.apiErrorType && f.start <= offsets[0] + value.length && f.end >= offsets[0]);
    refused.set(value, errors.map((f) => f.rule));
  }
  return { offered, refused };
}

const POD = (spec: string): string => `apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n${spec}  containers:\n  - name: web\n    image: nginx:1.27\n`;
const CASES: { field: string; raw: string }[] = [
  { field: 'toleration operator', raw: POD('  tolerations:\n  - key: dedicated\n    operator: $0\n') },
  { field: 'toleration effect', raw: POD('  tolerations:\n  - key: dedicated\n    operator: Exists\n    effect: $0\n') },
  { field: 'pod restartPolicy', raw: POD('  restartPolicy: $0\n') },
  { field: 'dnsPolicy', raw: POD('  dnsPolicy: $0\n  dnsConfig:\n    nameservers: ["10.0.0.10"]\n') },
  { field: 'preemptionPolicy', raw: POD('  preemptionPolicy: $0\n') },
  { field: 'whenUnsatisfiable', raw: POD('  topologySpreadConstraints:\n  - maxSkew: 1\n    topologyKey: zone\n    whenUnsatisfiable: $0\n    labelSelector: {matchLabels: {app: web}}\n') },
];

for (const c of CASES) {
  test(`completion offers exactly what the rules accept: ${c.field}, in every release`, () => {
    for (const v of DATA_VERSIONS) {
      const { offered, refused } = offeredAndJudged(c.raw, v, 'Bogus');
      assert.ok(offered.length > 0, `${c.field} in ${v}: something is offered`);
      for (const o of offered) assert.deepEqual(refused.get(o), [], `${c.field} in ${v}: offered ${o} is accepted`);
      assert.ok(refused.get('Bogus')!.length > 0, `${c.field} in ${v}: a value not offered is refused`);
    }
  });
}

test('completion at 1.34 offers no toleration operator that 1.34 refuses (Lt, Gt)', () => {
  const { offered } = offeredAndJudged(CASES[0].raw, '1.34', 'Bogus');
  assert.deepEqual(offered.sort(), ['Equal', 'Exists']);
});
