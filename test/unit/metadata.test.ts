/**
 * The total size of an object's annotations, which includes the
 * last-applied-configuration annotation `kubectl apply` adds (the object as
 * JSON). The boundary is the one the oracle built from 1.37 answered: a Pod
 * whose one annotation value holds 130,965 bytes is accepted, 130,966 is
 * `metadata.annotations: Too long`; named `webx`, 130,964 and 130,965.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { LanguageService } from '../../server/src/analysis/service';
import { DEFAULT_SETTINGS } from '../../server/src/analysis/settings';

const service = new LanguageService();
const pod = (n: number, name = 'web'): string =>
  `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${name}\n  annotations:\n    example.com/big: ${'a'.repeat(n)}\nspec:\n  containers:\n  - name: web\n    image: nginx\n`;
const sizeErrors = (text: string, kubernetesVersion: string): string[] =>
  service
    .analyze(text, { ...DEFAULT_SETTINGS, kubernetesVersion })
    .findings.filter((f) => f.rule === 'metadata/annotations')
    .map((f) => f.message);

test('annotations: the size limit counts the last-applied configuration, to the byte', () => {
  assert.deepEqual(sizeErrors(pod(130965), '1.37'), []);
  assert.deepEqual(sizeErrors(pod(130966), '1.37'), ['metadata.annotations: Too long: may not be more than 262144 bytes']);
  // The annotation counts twice (itself and in the JSON), the name once: one more byte of name moves the boundary by one.
  assert.deepEqual(sizeErrors(pod(130964, 'webx'), '1.37'), []);
  assert.equal(sizeErrors(pod(130965, 'webx'), '1.37').length, 1);
  // Up to 1.32 field.TooLong said it otherwise.
  assert.deepEqual(sizeErrors(pod(300000), '1.32'), ['metadata.annotations: Too long: must have at most 262144 bytes']);
});
