/**
 * The API server's words, checked directly: field.Error's rendering
 * (fieldErrors.ts, after ErrorBody in k8s.io/apimachinery's
 * pkg/util/validation/field/errors.go) and the apimachinery format checks
 * (stringFormats.ts, after pkg/util/validation/validation.go). The expected
 * texts are the upstream format strings filled in by hand.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { GoStringer, duplicate, forbidden, goQuote, invalid, notFound, notSupported, required, tooLong, tooMany } from '../../server/src/analysis/rules/fieldErrors';
import { configMapKey, dns1123Label, dns1123Subdomain, envVarName, labelValue, portName, qualifiedName } from '../../server/src/analysis/rules/stringFormats';

test('field errors render as field.Error.Error() does', () => {
  assert.equal(required('spec.containers[0].name').message, 'spec.containers[0].name: Required value');
  assert.equal(required('spec.dnsConfig', 'must provide `dnsConfig` when `dnsPolicy` is None').message, 'spec.dnsConfig: Required value: must provide `dnsConfig` when `dnsPolicy` is None');
  assert.equal(invalid('spec.hostname', 'web.local', 'must not contain dots').message, 'spec.hostname: Invalid value: "web.local": must not contain dots');
  assert.equal(invalid('spec.activeDeadlineSeconds', 0, 'must be between 1 and 2147483647, inclusive').message, 'spec.activeDeadlineSeconds: Invalid value: 0: must be between 1 and 2147483647, inclusive');
  assert.equal(invalid('x', true, 'd').message, 'x: Invalid value: true: d');
  assert.equal(invalid('x', new GoStringer('cpu'), 'd').message, 'x: Invalid value: cpu: d');
  assert.equal(notSupported('spec.restartPolicy', 'always', ['Always', 'OnFailure', 'Never']).message, 'spec.restartPolicy: Unsupported value: "always": supported values: "Always", "OnFailure", "Never"');
  assert.equal(duplicate('spec.containers[1].name', 'web').message, 'spec.containers[1].name: Duplicate value: "web"');
  assert.equal(forbidden('spec.initContainers[0].livenessProbe', 'may not be set for init containers').message, 'spec.initContainers[0].livenessProbe: Forbidden: may not be set for init containers');
  assert.equal(notFound('spec.containers[0].volumeMounts[0].name', 'data').message, 'spec.containers[0].volumeMounts[0].name: Not found: "data"');
  assert.equal(tooLong('metadata.name', 63).message, 'metadata.name: Too long: may not be more than 63 bytes');
  assert.equal(tooMany('spec.dnsConfig.options', 5, 3).message, 'spec.dnsConfig.options: Too many: 5: must have at most 3 items');
  for (const [f, type] of [
    [required('p'), 'Required'],
    [invalid('p', 1, 'd'), 'Invalid'],
    [notSupported('p', 'v', []), 'NotSupported'],
    [duplicate('p', 'v'), 'Duplicate'],
    [forbidden('p', 'd'), 'Forbidden'],
    [notFound('p', 'v'), 'NotFound'],
    [tooLong('p', 1), 'TooLong'],
    [tooMany('p', 2, 1), 'TooMany'],
  ] as const)
    assert.equal(f.apiErrorType, type);
});

test("values print with Go's %q", () => {
  assert.equal(goQuote('plain'), '"plain"');
  assert.equal(goQuote('a"b\\c'), '"a\\"b\\\\c"');
  assert.equal(goQuote('tab\tnew\nbell\u0007'), '"tab\\tnew\\nbell\\a"');
  assert.equal(goQuote('\u0001'), '"\\x01"');
  assert.equal(goQuote('é😀'), '"é😀"', 'printable runes stay as they are');
  assert.equal(goQuote('\u200b'), '"\\u200b"', 'a zero-width space is not printable');
});

const EXAMPLES = (...e: string[]): string => `(e.g. ${e.map((x) => `'${x}', `).join(' or ')}`;

test('apimachinery format checks say what IsDNS1123Label, IsQualifiedName and their kin say', () => {
  const label = `a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character ${EXAMPLES('my-name', '123-abc')}regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')`;
  assert.deepEqual(dns1123Label('My_App'), [label]);
  // A valid subdomain that is not a label fails only for its dots, in every release.
  assert.deepEqual(dns1123Label('web.local'), ['must not contain dots']);
  assert.deepEqual(dns1123Label('a'.repeat(64)), ['must be no more than 63 characters']);
  assert.deepEqual(dns1123Subdomain('Build_Bot'), [
    `a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character ${EXAMPLES('example.com')}regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`,
  ]);
  const qname = `must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character ${EXAMPLES('MyName', 'my.name', '123-abc')}regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')`;
  assert.deepEqual(qualifiedName('dedicated pool', '1.30'), [`name part ${qname}`]);
  // An empty name part fails the emptiness check and the pattern, and says both.
  assert.deepEqual(qualifiedName('example.com/', '1.30'), ['name part must be non-empty', `name part ${qname}`]);
  assert.deepEqual(qualifiedName('/gate', '1.30'), ['prefix part must be non-empty']);
  // From 1.35 the label formats are apimachinery's content.IsLabelKey and IsLabelValue: lengths in bytes, several slashes "a valid label key".
  assert.deepEqual(qualifiedName(`${'a'.repeat(64)}`, '1.34'), ['name part must be no more than 63 characters']);
  assert.deepEqual(qualifiedName(`${'a'.repeat(64)}`, '1.35'), ['name part must be no more than 63 bytes']);
  assert.deepEqual(qualifiedName(`${'a'.repeat(254)}/b`, '1.35'), ['prefix part must be no more than 253 bytes']);
  assert.deepEqual(qualifiedName(`${'a'.repeat(254)}/x`, '1.34'), ['prefix part must be no more than 253 characters']);
  assert.match(qualifiedName('a/b/c', '1.34')[0], /^a qualified name /);
  assert.match(qualifiedName('a/b/c', '1.35')[0], /^a valid label key /);
  assert.deepEqual(labelValue('v'.repeat(64), '1.34'), ['must be no more than 63 characters']);
  assert.deepEqual(labelValue('v'.repeat(64), '1.35'), ['must be no more than 63 bytes']);
  assert.deepEqual(labelValue('gpu nodes', '1.30'), [
    `a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character ${EXAMPLES('MyValue', 'my_value', '12345')}regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')`,
  ]);
  assert.deepEqual(portName('HTTP'), ['must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)', 'must contain at least one letter (a-z)']);
  assert.deepEqual(portName('-a--b'), ['must not contain consecutive hyphens', 'must not begin or end with a hyphen']);
  assert.deepEqual(portName('a-very-long-port-name'), ['must be no more than 15 characters']);
  assert.deepEqual(envVarName('1X', '1.30'), [
    `a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit ${EXAMPLES('my.env-name', 'MY_ENV.NAME', 'MyEnvName1')}regex used for validation is '[-._a-zA-Z][-._a-zA-Z0-9]*')`,
  ]);
  assert.deepEqual(envVarName('A=B', '1.36'), ["a valid environment variable name must consist only of printable ASCII characters other than '='"]);
  assert.deepEqual(configMapKey('a b'), [
    `a valid config key must consist of alphanumeric characters, '-', '_' or '.' ${EXAMPLES('key.name', 'KEY_NAME', 'key-name')}regex used for validation is '[-._a-zA-Z0-9]+')`,
  ]);
});
