/**
 * The port of Go's time.Parse(time.RFC3339, …) that metav1.Time decoding uses: each value with the
 * error Go 1.26 returns for it ('' when it parses), as printed by a Go program calling time.Parse.
 * (Checked once more widely: 20,040 values, random edits of these, gave the same text as Go.)
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { goRfc3339ParseError } from '../../server/src/analysis/goTime';

const GO: [string, string][] = [
  ["2024-01-01T00:00:00Z", ""],
  ["2024-02-29T23:59:59.123456789+05:30", ""],
  ["2023-02-29T00:00:00Z", "parsing time \"2023-02-29T00:00:00Z\": day out of range"],
  ["1999-12-31T24:00:00Z", "parsing time \"1999-12-31T24:00:00Z\": hour out of range"],
  ["yesterday", "parsing time \"yesterday\" as \"2006-01-02T15:04:05Z07:00\": cannot parse \"yesterday\" as \"2006\""],
  ["", "parsing time \"\" as \"2006-01-02T15:04:05Z07:00\": cannot parse \"\" as \"2006\""],
  ["2024-01-01", "parsing time \"2024-01-01\" as \"2006-01-02T15:04:05Z07:00\": cannot parse \"\" as \"T\""],
  ["2024-01-01 00:00:00Z", "parsing time \"2024-01-01 00:00:00Z\" as \"2006-01-02T15:04:05Z07:00\": cannot parse \" 00:00:00Z\" as \"T\""],
  ["2024-1-1T0:0:0Z", "parsing time \"2024-1-1T0:0:0Z\" as \"2006-01-02T15:04:05Z07:00\": cannot parse \"1-1T0:0:0Z\" as \"01\""],
  ["2024-01-01T1:00:00Z", ""],
  ["2024-01-01T00:00:00z", "parsing time \"2024-01-01T00:00:00z\" as \"2006-01-02T15:04:05Z07:00\": cannot parse \"z\" as \"Z07:00\""],
  ["2024-01-01T00:00:00+25:00", "parsing time \"2024-01-01T00:00:00+25:00\": time zone offset hour out of range"],
  ["2024-01-01T00:00:00+05:61", "parsing time \"2024-01-01T00:00:00+05:61\": time zone offset minute out of range"],
  ["2024-01-01T00:00:00+0530", "parsing time \"2024-01-01T00:00:00+0530\" as \"2006-01-02T15:04:05Z07:00\": cannot parse \"+0530\" as \"Z07:00\""],
  ["2024-01-01T00:00:00,5Z", ""],
  ["2024-13-01T00:00:00Z", "parsing time \"2024-13-01T00:00:00Z\": month out of range"],
  ["2024-00-10T00:00:00Z", "parsing time \"2024-00-10T00:00:00Z\": month out of range"],
  ["2024-04-31T00:00:00Z", "parsing time \"2024-04-31T00:00:00Z\": day out of range"],
  ["2024-01-00T00:00:00Z", "parsing time \"2024-01-00T00:00:00Z\": day out of range"],
  ["2024-01-01T00:60:00Z", "parsing time \"2024-01-01T00:60:00Z\": minute out of range"],
  ["2024-01-01T00:00:60Z", "parsing time \"2024-01-01T00:00:60Z\": second out of range"],
  ["2024-01-01T00:00:00Zextra", "parsing time \"2024-01-01T00:00:00Zextra\": extra text: \"extra\""],
  ["+024-01-01T00:00:00Z", "parsing time \"+024-01-01T00:00:00Z\" as \"2006-01-02T15:04:05Z07:00\": cannot parse \"+024-01-01T00:00:00Z\" as \"2006\""],
  ["ÿ024-01-01", "parsing time \"\\xc3\\xbf024-01-01\" as \"2006-01-02T15:04:05Z07:00\": cannot parse \"\\xc3\\xbf024-01-01\" as \"2006\""],
  ["2024-01-01T00:00:00.Z", "parsing time \"2024-01-01T00:00:00.Z\" as \"2006-01-02T15:04:05Z07:00\": cannot parse \".Z\" as \"Z07:00\""],
  ["2024-01-01T00:00:00 Z", "parsing time \"2024-01-01T00:00:00 Z\" as \"2006-01-02T15:04:05Z07:00\": cannot parse \" Z\" as \"Z07:00\""],
  ["2024-01-01T00:00:00*05:00", "parsing time \"2024-01-01T00:00:00*05:00\" as \"2006-01-02T15:04:05Z07:00\": cannot parse \"*05:00\" as \"Z07:00\""],
  ["2024-01-01T00:00:00+ab:cd", "parsing time \"2024-01-01T00:00:00+ab:cd\" as \"2006-01-02T15:04:05Z07:00\": cannot parse \"+ab:cd\" as \"Z07:00\""],
  ["2024-01-01T00:00:00+5:000", "parsing time \"2024-01-01T00:00:00+5:000\" as \"2006-01-02T15:04:05Z07:00\": cannot parse \"+5:000\" as \"Z07:00\""],
  ["\"quoted\"\\x", "parsing time \"\\\"quoted\\\"\\\\x\" as \"2006-01-02T15:04:05Z07:00\": cannot parse \"\\\"quoted\\\"\\\\x\" as \"2006\""],
  ["0000-01-01T00:00:00Z", ""],
  ["9999-12-31T23:59:59-24:00", ""],
  ["2100-02-29T00:00:00Z", "parsing time \"2100-02-29T00:00:00Z\": day out of range"],
  ["2000-02-29T00:00:00Z", ""],
  ["now", "parsing time \"now\" as \"2006-01-02T15:04:05Z07:00\": cannot parse \"now\" as \"2006\""],
  ["1", "parsing time \"1\" as \"2006-01-02T15:04:05Z07:00\": cannot parse \"1\" as \"2006\""],
  ["2024-01-01T00:00:00.1234567890123Z", ""],
  ["2024-01-01T00:00:00+05:30:00", "parsing time \"2024-01-01T00:00:00+05:30:00\": extra text: \":00\""],
  ["été", "parsing time \"\\xc3\\xa9t\\xc3\\xa9\" as \"2006-01-02T15:04:05Z07:00\": cannot parse \"\\xc3\\xa9t\\xc3\\xa9\" as \"2006\""],
  ["tab\there", "parsing time \"tab\\x09here\" as \"2006-01-02T15:04:05Z07:00\": cannot parse \"tab\\x09here\" as \"2006\""],
];

test('time.Parse(time.RFC3339, …): the same acceptance and the same error text as Go', () => {
  for (const [value, error] of GO) assert.equal(goRfc3339ParseError(value) ?? '', error, JSON.stringify(value));
});
