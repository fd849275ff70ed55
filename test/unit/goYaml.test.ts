/**
 * kubectl's YAML reading (go-yaml v2 through sigs.k8s.io/yaml) where the `yaml`
 * package reads otherwise. The expected values are what the oracle built from
 * each release (1.27 to 1.37 alike) answered for a pod whose annotation holds
 * the scalar: a string is accepted, a number or boolean is a wrong type, .inf
 * and .nan cannot become JSON.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { resolvePlain } from '../../server/src/analysis/goYaml';
import { parseSegmentYaml } from '../../server/src/analysis/engine';
import { Engine } from '../../server/src/analysis/engine';
import { child, type FieldNode } from '../../server/src/analysis/model';
import { LanguageService } from '../../server/src/analysis/service';
import { DEFAULT_SETTINGS } from '../../server/src/analysis/settings';

const kindOf = (v: unknown): string => (v === null ? 'null' : typeof v);

test('plain scalars resolve as go-yaml v2 resolves them', () => {
  const cases: [string, string][] = [
    ['y', 'boolean'], ['Y', 'boolean'], ['n', 'boolean'], ['yes', 'boolean'], ['YES', 'boolean'], ['On', 'boolean'], ['OFF', 'boolean'],
    ['yEs', 'string'], ['tRue', 'string'], ['oFF', 'string'],
    ['~', 'null'], ['null', 'null'], ['NULL', 'null'], ['nULL', 'string'], ['', 'null'],
    ['0644', 'number'], ['0o17', 'number'], ['0O17', 'number'], ['0x1F', 'number'], ['0X1F', 'number'], ['0b101', 'number'], ['-0b101', 'number'],
    ['1e3', 'number'], ['1E3', 'number'], ['1e+3', 'number'], ['1_000', 'number'], ['1_', 'number'], ['_1', 'string'], ['0x_1F', 'number'],
    ['1:20', 'string'], ['190:20:30', 'string'], ['1.', 'number'], ['.5', 'number'], ['+.5', 'number'], ['12e', 'string'],
    ['08', 'number'], ['09', 'number'], ['99999999999999999999', 'number'], ['18446744073709551616', 'number'],
    ['2001-12-14', 'string'], ['2001-12-14T21:59:43Z', 'string'], ['2001-12-14 21:59:43.10 -5', 'string'], ['20011214', 'number'],
    ['1e400', 'string'], ['-1e400', 'string'], ['.5_', 'string'], ['1_0.5', 'number'], ['.e3', 'string'], ['0.e3', 'number'],
    ['0b', 'string'], ['0x', 'string'], ['0o', 'string'], ['0b2', 'string'], ['1,000', 'string'], ['NaN', 'string'], ['inf', 'string'],
    ['=', 'string'], ['<<', 'string'], ['.', 'string'], ['-', 'string'], ['+', 'string'],
  ];
  const wrong = cases.filter(([s, k]) => kindOf(resolvePlain(s)) !== k).map(([s, k]) => `${s}: ${kindOf(resolvePlain(s))}, want ${k}`);
  assert.deepEqual(wrong, []);
  assert.equal(resolvePlain('0644'), 420);
  assert.equal(resolvePlain('0o17'), 15);
  assert.equal(resolvePlain('0X1F'), 31);
  assert.equal(resolvePlain('-0b101'), -5);
  assert.equal(resolvePlain('1_0.5'), 10.5);
  assert.equal(resolvePlain('08'), 8);
  assert.equal(resolvePlain('.inf'), Infinity);
  assert.ok(Number.isNaN(resolvePlain('.NaN')));
});

function readValue(text: string, ...keys: string[]): FieldNode | undefined {
  const docs = new Engine().parseSegment(text).docs;
  let f: FieldNode | undefined = docs[0].root ?? undefined;
  for (const k of keys) f = child(f, k);
  return f;
}

const POD = (meta: string): string => `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n${meta}spec:\n  containers:\n  - name: c\n    image: nginx\n`;

test('the model holds the values kubectl sends', () => {
  // Timestamps stay strings as written; !!binary is decoded; \' is a quote.
  assert.equal(readValue(POD('  labels:\n    day: 2001-12-14\n'), 'metadata', 'labels', 'day')?.value, '2001-12-14');
  assert.equal(readValue(POD('  labels:\n    day: !!timestamp 2001-12-14\n'), 'metadata', 'labels', 'day')?.value, '2001-12-14');
  assert.equal(readValue(POD('  labels:\n    b: !!binary aGVsbG8=\n'), 'metadata', 'labels', 'b')?.value, 'hello');
  assert.equal(readValue(POD('  labels:\n    q: "it\\\'s \\"x\\" \\\\\'"\n'), 'metadata', 'labels', 'q')?.value, 'it\'s "x" \\\'');
  assert.equal(readValue(POD('  labels:\n    num: 0o17\n'), 'metadata', 'labels', 'num')?.value, 15);
  // A key given twice: the last value is the one in the model.
  assert.equal(readValue(POD('  labels:\n    a: first\n    b: x\n    a: last\n'), 'metadata', 'labels', 'a')?.value, 'last');
  assert.equal(readValue('apiVersion: v1\nkind: Pod\nkind: Deployment\napiVersion: apps/v1\n', 'kind')?.value, 'Deployment');
  assert.equal(new Engine().parseSegment('apiVersion: v1\nkind: Pod\nkind: Deployment\napiVersion: apps/v1\n').docs[0].kind, 'Deployment');
});

test('errors: what kubectl accepts is none, what it refuses is one', () => {
  const codes = (text: string): string[] => parseSegmentYaml(text).flatMap((d) => d.errors.map((e) => e.code as string));
  assert.deepEqual(codes('a: 1\na: 2\n'), []);
  assert.deepEqual(parseSegmentYaml('a: 1\na: 2\n')[0].warnings.map((w) => w.code), ['DUPLICATE_KEY']);
  assert.deepEqual(codes('a: "it\\\'s"\n'), []);
  assert.deepEqual(codes('a: "b"#c\nb: [x]#c\nc: {x: 1}#c\nd: \'e\'#c\n'), []);
  assert.deepEqual(codes('a: "a\\/b"\n'), ['BAD_DQ_ESCAPE']);
  assert.deepEqual(codes('a: "a\\qb"\n'), ['BAD_DQ_ESCAPE']);
  assert.deepEqual(codes('%YAML 1.1\n---\na: 1\n'), ['BAD_DIRECTIVE']);
  assert.deepEqual(codes('%TAG !e! tag:example.com,2000:\n---\na: 1\n'), ['BAD_DIRECTIVE']);
  assert.deepEqual(codes('a: .inf\nb: -.Inf\nc: .NaN\nd: ".inf"\ne: x.inf\n'), ['NON_JSON_NUMBER', 'NON_JSON_NUMBER', 'NON_JSON_NUMBER']);
  assert.deepEqual(codes('~: v\n'), ['NON_STRING_KEY']);
  assert.deepEqual(codes('? [a]\n: v\n'), ['NON_STRING_KEY']);
  assert.deepEqual(codes('? {a: b}\n: v\n'), ['NON_STRING_KEY']);
  assert.deepEqual(codes('1: a\nyes: b\n1.5: c\n'), []);
  // A comment right after a plain scalar is part of it, in both readings.
  assert.deepEqual(codes('a: b#c\n'), []);
});

test('up to 1.32 kubectl reads a file that begins with { as JSON (the oracle of 1.27 and 1.32 agrees, 1.33 reads YAML)', () => {
  const service = new LanguageService();
  const errors = (text: string, kubernetesVersion: string): string[] =>
    service
      .analyze(text, { ...DEFAULT_SETTINGS, kubernetesVersion })
      .findings.filter((f) => f.severity === 'error')
      .map((f) => `${f.rule} ${f.start}: ${f.message.split(':').slice(0, 3).join(':')}`);
  const kyaml = '{\n  apiVersion: "v1",\n  kind: "Pod",\n  metadata: {name: "web"},\n  spec: {containers: [{name: "web", image: "nginx:1.27"}]},\n}\n';
  assert.deepEqual(errors(kyaml, '1.32'), ["yaml/JSON_STREAM 4: json: offset 5: invalid character 'a'"]);
  assert.deepEqual(errors(kyaml, '1.27'), ["yaml/JSON_STREAM 4: json: offset 5: invalid character 'a'"]);
  assert.deepEqual(errors(kyaml, '1.33'), []);
  // Not at the beginning of the file: YAML.
  assert.deepEqual(errors(`---\n${kyaml}`, '1.32'), []);
  assert.deepEqual(errors(`# a pod\n${kyaml}`, '1.32'), []);
  // Strict JSON, one value or several in a row, is fine.
  const json = '{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "web"}, "spec": {"containers": [{"name": "web", "image": "nginx:1.27"}]}}';
  assert.deepEqual(errors(`${json}\n`, '1.32'), []);
  assert.deepEqual(errors(`${json}\n${json.replace('"web"}', '"web2"}')}\n`, '1.32'), []);
  // A trailing comma.
  assert.deepEqual(errors(json.replace('}]}}', '}]},}'), '1.32').length, 1);
});
