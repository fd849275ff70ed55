/**
 * The differential runner's comparison (test/oracle/runner/compare.ts): pure logic, no Go needed.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { compare, area, type OracleResult, type OurDiagnostic } from '../oracle/runner/compare';
import { splitDocuments, toYaml } from '../oracle/runner/cases';
import { fieldSites, setAt } from '../oracle/runner/mutate';

const doc = (over: Partial<OracleResult['documents'][0]> = {}): OracleResult['documents'][0] => ({ index: 0, kind: 'Pod', apiVersion: 'v1', errors: [], decodeErrors: [], warnings: [], ...over });
const res = (...documents: OracleResult['documents']): OracleResult => ({ release: '1.37.2', documents });
const diag = (code: string, fieldPath: string, apiErrorType?: string, severity = 'error', message = ''): OurDiagnostic => ({ code, severity, message, fieldPath, apiErrorType });

describe('oracle comparison', () => {
  it('agrees on the same (path, type) set and counts identical message text', () => {
    const o = res(doc({ errors: [{ field: 'spec.containers[0].name', type: 'Required', detail: '', message: 'spec.containers[0].name: Required value' }] }));
    const c = compare(o, [diag('pod/container-name', 'spec.containers[0].name', 'Required', 'error', 'spec.containers[0].name: Required value')]);
    assert.equal(c.verdict, 'agree');
    assert.equal(c.agreeingErrors, 1);
    assert.equal(c.sameText, 1);
  });

  it('compares the message texts of one (path, type) as sets', () => {
    const e = (message: string) => ({ field: 'spec.hostname', type: 'Invalid', detail: '', message });
    const o = res(doc({ errors: [e('spec.hostname: Invalid value: "x": a'), e('spec.hostname: Invalid value: "x": b')] }));
    const both = compare(o, [diag('pod/hostname', 'spec.hostname', 'Invalid', 'error', 'spec.hostname: Invalid value: "x": b'), diag('pod/hostname', 'spec.hostname', 'Invalid', 'error', 'spec.hostname: Invalid value: "x": a')]);
    assert.equal(both.sameText, 1);
    const one = compare(o, [diag('pod/hostname', 'spec.hostname', 'Invalid', 'error', 'spec.hostname: Invalid value: "x": a')]);
    assert.equal(one.verdict, 'agree');
    assert.equal(one.sameText, 0);
  });

  it('compares the UID the API server gives an object as <uid>, and no other text', () => {
    const m = (uid: string) => `spec.selector: Invalid value: {"matchLabels":{"batch.kubernetes.io/controller-uid":"${uid}"}}: \`selector\` not auto-generated`;
    const o = res(doc({ errors: [{ field: 'spec.selector', type: 'Invalid', detail: '', message: m('f4a8dbfc-504d-4ae5-aaff-50d2a0b7fe39') }] }));
    assert.equal(compare(o, [diag('workload/job-selector', 'spec.selector', 'Invalid', 'error', m('<uid>'))]).sameText, 1);
    assert.equal(compare(o, [diag('workload/job-selector', 'spec.selector', 'Invalid', 'error', m('<id>'))]).sameText, 0);
  });

  it('compares the random end of a generated name in an Indexed Job host name as xxxxx', () => {
    const m = (host: string) => `metadata.name: Invalid value: "${'x'.repeat(63)}": will not able to create pod with invalid DNS label: ${host}-4`;
    const o = res(doc({ errors: [{ field: 'metadata.name', type: 'Invalid', detail: '', message: m(`${'x'.repeat(58)}fl9f9`) }] }));
    assert.equal(compare(o, [diag('metadata/name', 'metadata.name', 'Invalid', 'error', m('x'.repeat(63)))]).sameText, 1);
    assert.equal(compare(o, [diag('metadata/name', 'metadata.name', 'Invalid', 'error', m('x'.repeat(62)))]).sameText, 0);
  });

  it('masks our other decoding claims when kubectl could not read the file', () => {
    const o = res(doc({ decodeErrors: [{ kind: 'yaml', field: '', message: "json: offset 5: invalid character 'a' looking for beginning of object key string" }] }));
    const c = compare(o, [diag('yaml/JSON_STREAM', 'apiVersion', undefined), diag('schema/unknown-field', 'spec.resources', 'Invalid')]);
    assert.equal(c.verdict, 'agree');
    assert.deepEqual(c.masked, ['decode:unknown-field@spec.resources']);
    assert.deepEqual(compare(o, [diag('schema/unknown-field', 'spec.resources', 'Invalid')]).missing, ['decode:yaml']);
  });

  it('reports what is missing and what is extra', () => {
    const o = res(doc({ errors: [{ field: 'spec.a', type: 'Invalid', detail: '', message: '' }] }));
    const c = compare(o, [diag('pod/x', 'spec.b', 'Invalid')]);
    assert.equal(c.verdict, 'disagree');
    assert.deepEqual(c.missing, ['spec.a|Invalid']);
    assert.deepEqual(c.extra, ['spec.b|Invalid']);
  });

  it('counts an error of ours on an accepted case, with or without a rejection claim', () => {
    const c = compare(res(doc()), [diag('yaml/DUPLICATE_KEY', 'spec', undefined), diag('pattern/x', 'spec', undefined, 'warning')]);
    assert.equal(c.verdict, 'disagree');
    assert.equal(c.oracleAccepts, true);
    assert.deepEqual(c.falseErrors.map((d) => d.code), ['yaml/DUPLICATE_KEY']);
  });

  it('ignores diagnostics that make no claim and are not errors', () => {
    const c = compare(res(doc()), [diag('pattern/x', 'spec', undefined, 'warning')]);
    assert.equal(c.verdict, 'agree');
  });

  it('masks our validation claims behind a decoding error, and compares wrong-type paths without indices', () => {
    const o = res(doc({ decodeErrors: [{ field: 'spec.containers.ports.containerPort', kind: 'wrong-type', message: '' }] }));
    const c = compare(o, [diag('schema/wrong-type', 'spec.containers[0].ports[0].containerPort', 'Invalid'), diag('pod/container-name', 'spec.containers[0].name', 'Required'), diag('schema/unknown-field', 'spec.x', 'Invalid')]);
    assert.equal(c.verdict, 'agree');
    assert.deepEqual(c.masked.sort(), ['decode:unknown-field@spec.x', 'spec.containers[0].name|Required']);
  });

  it('compares wrong-type paths without map keys', () => {
    const o = res(doc({ decodeErrors: [{ field: 'metadata.labels', kind: 'wrong-type', message: '' }] }));
    assert.equal(compare(o, [diag('schema/wrong-type', 'metadata.labels[x-extra]', 'Invalid')]).verdict, 'agree');
  });

  it('compares strict decoding errors as a set', () => {
    const o = res(doc({ decodeErrors: [{ field: 'spec.containers[0].foo', kind: 'unknown-field', message: '' }] }));
    assert.equal(compare(o, [diag('schema/unknown-field', 'spec.containers[0].foo', 'Invalid')]).verdict, 'agree');
    assert.deepEqual(compare(o, []).missing, ['decode:unknown-field@spec.containers[0].foo']);
  });

  it('matches a quantity that does not parse, which upstream reports without a path', () => {
    const o = res(doc({ decodeErrors: [{ field: '', kind: 'wrong-type', message: "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'" }] }));
    assert.equal(compare(o, [diag('schema/invalid-quantity', 'spec.containers[0].resources.limits.memory', 'Invalid')]).verdict, 'agree');
  });

  it('matches a quantity error with our wrong-type claim at a quantity field, not elsewhere', () => {
    const o = res(doc({ decodeErrors: [{ field: '', kind: 'wrong-type', message: "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'" }] }));
    assert.equal(compare(o, [diag('schema/wrong-type', 'spec.containers[0].resources.limits.memory', 'Invalid')]).verdict, 'agree');
    assert.equal(compare(o, [diag('schema/wrong-type', 'spec.containers[0].name', 'Invalid')]).verdict, 'disagree');
  });

  it('matches a timestamp that does not parse, which upstream reports without a path, with our invalid-time only', () => {
    const o = res(doc({ decodeErrors: [{ field: '', kind: 'wrong-type', message: 'parsing time "yesterday" as "2006-01-02T15:04:05Z07:00": cannot parse "yesterday" as "2006"' }] }));
    assert.equal(compare(o, [diag('schema/invalid-time', 'spec.template.metadata.creationTimestamp', 'Invalid')]).verdict, 'agree');
    assert.deepEqual(compare(o, [diag('schema/wrong-type', 'metadata.creationTimestamp', 'Invalid')]).missing, ['decode:bad-time']);
  });

  it('keys the version/kind lookup failures at apiVersion or kind, the unregistered version at apiVersion', () => {
    const kindErr = res(doc({ decodeErrors: [{ field: 'kind', kind: 'wrong-type', message: "couldn't get version/kind; json parse error: json: cannot unmarshal number into Go struct field .kind of type string" }] }));
    assert.equal(compare(kindErr, [diag('schema/type-meta-case', 'kind', 'Invalid'), diag('schema/unknown-field', 'KIND', 'Invalid')]).verdict, 'agree');
    assert.equal(compare(kindErr, [diag('schema/unknown-field', 'KIND', 'Invalid')]).verdict, 'disagree');
    const unregistered = res(doc({ decodeErrors: [{ field: '', kind: 'wrong-type', message: 'no kind "Pod" is registered for version "x" in scheme "pkg/runtime/scheme.go:110"' }] }));
    assert.equal(compare(unregistered, [diag('schema/type-meta-case', 'apiVersion', 'Invalid')]).verdict, 'agree');
    assert.deepEqual(compare(unregistered, []).missing, ['decode:wrong-type@apiVersion']);
  });

  it('matches an alias without anchor with kubectl failing to read the file', () => {
    const o = res(doc({ decodeErrors: [{ field: '', kind: 'yaml', message: "error converting YAML to JSON: yaml: unknown anchor 'labels' referenced" }] }));
    assert.equal(compare(o, [diag('schema/unresolved-alias', 'metadata.labels', 'Invalid')]).verdict, 'agree');
  });

  it('skips cases whose documents the oracle does not handle, unless we claim something', () => {
    const o = res(doc({ kind: 'Service', skipped: 'kind not handled' }));
    assert.equal(compare(o, []).verdict, 'skipped');
    assert.equal(compare(o, [diag('pod/x', 'spec', 'Invalid')]).verdict, 'disagree');
  });

  it('groups paths by area', () => {
    assert.equal(area('spec.template.spec.containers[0].securityContext.runAsUser|Invalid'), 'securityContext');
    assert.equal(area('spec.affinity.nodeAffinity|Invalid'), 'affinity');
    assert.equal(area('spec.containers[0].livenessProbe.periodSeconds|Invalid'), 'probes');
    assert.equal(area('metadata.name|Required'), 'metadata');
    assert.equal(area('decode:wrong-type@spec.replicas'), 'decoding (wrong-type)');
  });
});

describe('oracle case generation', () => {
  it('splits documents where kubectl does', () => {
    assert.deepEqual(splitDocuments('a: 1\n---\nb: 2\n--- \n# only a comment\n---\nc: 3'), ['a: 1', 'b: 2', 'c: 3']);
  });

  it('writes raw scalars as plain YAML and quotes YAML 1.1 booleans otherwise', () => {
    const text = toYaml({ a: '__raw__:yes', b: 'yes', c: 'on' });
    assert.match(text, /^a: yes$/m);
    assert.match(text, /^b: "yes"$/m);
    assert.match(text, /^c: "on"$/m);
  });

  it('walks the API table from each kind, down to container fields', () => {
    const sites = fieldSites('Deployment').map((s) => s.path.join('.'));
    assert.ok(sites.includes('spec.template.spec.containers.0.securityContext.runAsUser'));
    assert.ok(sites.includes('spec.replicas'));
    assert.ok(!sites.some((s) => s.startsWith('status')));
  });

  it('creates what is missing on the way when setting a value', () => {
    const o: Record<string, unknown> = {};
    setAt(o, ['spec', 'containers', 0, 'name'], 'x');
    assert.deepEqual(o, { spec: { containers: [{ name: 'x' }] } });
  });
});
