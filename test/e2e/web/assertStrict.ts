// `node:assert/strict` in the web-worker suite: the `assert` package (Node's assert, for browsers),
// in strict mode, with the functions the suite calls.
import assert from 'assert';

export const { ok, equal, notEqual, deepEqual, notDeepEqual, match, doesNotMatch, throws, doesNotThrow, rejects, fail } = assert.strict;
