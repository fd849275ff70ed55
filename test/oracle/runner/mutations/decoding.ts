/**
 * Decoding: values for the fields whose type has its own JSON decoder with its own refusals. Today
 * the date-time fields (every one of them a metav1.Time, read with time.Parse(time.RFC3339, …)):
 * RFC 3339 and near misses (a date alone, a space for the `T`, lower-case `t`/`z`, out-of-range
 * parts, offsets, fractions after a period or a comma, one-digit hours that Go's layout parser
 * accepts), plain YAML timestamps, and random edits of a valid one.
 */
import type { MutationModule } from './index';
import { RAW, type FieldSite } from '../mutate';
import type { Random } from '../random';

/** Built on first use: `RAW` comes from mutate.ts, which imports the area modules. */
const timestamps = (): unknown[] => [
  '2024-02-29T23:59:59Z',
  '2024-01-01T00:00:00.123456789+05:30',
  '2024-01-01T00:00:00,5Z',
  '2024-01-01T1:00:00Z',
  '0000-01-01T00:00:00-24:00',
  '',
  'now',
  '2024-01-01',
  '2024-01-01 00:00:00Z',
  '2024-01-01t00:00:00z',
  '2023-02-29T00:00:00Z',
  '2024-04-31T00:00:00Z',
  '2024-13-01T00:00:00Z',
  '2024-01-01T24:00:00Z',
  '2024-01-01T00:60:00Z',
  '2024-01-01T00:00:60Z',
  '2024-01-01T00:00:00+25:00',
  '2024-01-01T00:00:00+0530',
  '2024-01-01T00:00:00Z extra',
  `${RAW}2024-01-01T00:00:00Z`,
  `${RAW}2024-01-01`,
  `${RAW}2024-01-01 10:00:00`,
  1704067200,
  false,
];

/** A valid timestamp with one to three characters inserted, removed or replaced. */
function editedTimestamp(rnd: Random): string {
  const chars = '0123456789-:TZ+.,z ';
  const s = rnd.pick(['2024-01-01T00:00:00Z', '2024-02-29T23:59:59.5+05:30', '1999-12-31T23:59:59-08:00']).split('');
  const n = 1 + rnd.int(3);
  for (let i = 0; i < n; i++) {
    const at = rnd.int(s.length + 1);
    const op = rnd.int(3);
    if (op === 0) s.splice(at, 1);
    else if (op === 1) s.splice(at, 0, rnd.pick([...chars]));
    else s[at] = rnd.pick([...chars]);
  }
  return s.join('');
}

function values(site: FieldSite, _version: string, rnd: Random): unknown[] | undefined {
  if (site.def.type.kind !== 'dateTime') return undefined;
  return [...timestamps(), editedTimestamp(rnd)];
}

export const decodingMutations: MutationModule = { name: 'decoding', values };
