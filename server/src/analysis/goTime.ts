/**
 * How the API server reads a timestamp. `metav1.Time` (creationTimestamp,
 * deletionTimestamp, the conditions' lastTransitionTime, managedFields' time,
 * …) decodes with `time.Parse(time.RFC3339, s)` (k8s.io/apimachinery
 * pkg/apis/meta/v1/time.go, Time.UnmarshalJSON): `null` is the zero time, any
 * other JSON value must be a string that parses, or the whole request fails
 * with Go's own ParseError text and no field path.
 *
 * `time.Parse` with the RFC 3339 layout first tries a strict fast path
 * (parseRFC3339) and otherwise runs the general layout parser, which accepts
 * everything the fast path does and a little more (a one-digit hour, a
 * fractional second after a comma). This is that general parser
 * (Go's src/time/format.go `parse`, Go 1.20 to 1.26 alike) specialised to the
 * layout `2006-01-02T15:04:05Z07:00`, with the same error messages. No
 * JavaScript date library reproduces Go's acceptance and its messages: the
 * port is the point.
 */

export const RFC3339_LAYOUT = '2006-01-02T15:04:05Z07:00';

const encoder = new TextEncoder();
const HEX = '0123456789abcdef';

/** Go's time.quote: printable ASCII as is (`"` and `\` escaped), every byte of anything else as `\xNN`. */
function goTimeQuote(bytes: Uint8Array): string {
  let out = '"';
  for (const b of bytes) {
    if (b >= 0x80 || b < 0x20) out += `\\x${HEX[b >> 4]}${HEX[b & 15]}`;
    else {
      if (b === 0x22 || b === 0x5c) out += '\\';
      out += String.fromCharCode(b);
    }
  }
  return `${out}"`;
}

const isDigit = (s: Uint8Array, i: number): boolean => i < s.length && s[i] >= 0x30 && s[i] <= 0x39;

/** getnum: one or two digits (`fixed`: exactly two). */
function getnum(s: Uint8Array, fixed: boolean): [number, Uint8Array] | undefined {
  if (!isDigit(s, 0)) return undefined;
  if (!isDigit(s, 1)) return fixed ? undefined : [s[0] - 0x30, s.subarray(1)];
  return [(s[0] - 0x30) * 10 + (s[1] - 0x30), s.subarray(2)];
}

const isLeap = (y: number): boolean => y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const daysIn = (month: number, year: number): number => (month === 2 && isLeap(year) ? 29 : DAYS[month - 1]);

type Chunk = { prefix: string; elem: string; read: (v: Uint8Array) => { rest: Uint8Array; range?: string } | undefined };

/**
 * The error `time.Parse(time.RFC3339, value)` returns, or undefined when the
 * value parses. E.g. `parsing time "yesterday" as "2006-01-02T15:04:05Z07:00":
 * cannot parse "yesterday" as "2006"`.
 */
export function goRfc3339ParseError(value: string): string | undefined {
  const all: Uint8Array = encoder.encode(value);
  const cannot = (valueElem: Uint8Array, layoutElem: string): string =>
    `parsing time ${goTimeQuote(all)} as "${RFC3339_LAYOUT}": cannot parse ${goTimeQuote(valueElem)} as "${layoutElem}"`;
  const outOfRange = (what: string): string => `parsing time ${goTimeQuote(all)}: ${what} out of range`;
  let year = 0;
  let month = -1;
  let day = -1;
  const num = (fixed: boolean, set: (n: number) => string | undefined) => (v: Uint8Array) => {
    const r = getnum(v, fixed);
    if (!r) return undefined;
    return { rest: r[1], range: set(r[0]) };
  };
  const chunks: Chunk[] = [
    {
      prefix: '',
      elem: '2006',
      read: (v) => {
        if (v.length < 4 || !isDigit(v, 0)) return undefined;
        for (let i = 0; i < 4; i++) if (!isDigit(v, i)) return undefined;
        year = Number(String.fromCharCode(...v.subarray(0, 4)));
        return { rest: v.subarray(4) };
      },
    },
    { prefix: '-', elem: '01', read: num(true, (n) => ((month = n), n <= 0 || n > 12 ? 'month' : undefined)) },
    { prefix: '-', elem: '02', read: num(true, (n) => ((day = n), undefined)) },
    { prefix: 'T', elem: '15', read: num(false, (n) => (n >= 24 ? 'hour' : undefined)) },
    { prefix: ':', elem: '04', read: num(true, (n) => (n >= 60 ? 'minute' : undefined)) },
    {
      prefix: ':',
      elem: '05',
      read: (v) => {
        const r = getnum(v, true);
        if (!r) return undefined;
        if (r[0] >= 60) return { rest: r[1], range: 'second' };
        let rest = r[1];
        // A fractional second may follow the seconds even though the layout has none.
        if (rest.length >= 2 && (rest[0] === 0x2e || rest[0] === 0x2c) && isDigit(rest, 1)) {
          let n = 2;
          while (n < rest.length && isDigit(rest, n)) n++;
          rest = rest.subarray(n);
        }
        return { rest };
      },
    },
    {
      prefix: '',
      elem: 'Z07:00',
      read: (v) => {
        if (v.length >= 1 && v[0] === 0x5a) return { rest: v.subarray(1) };
        if (v.length < 6 || v[3] !== 0x3a) return undefined;
        const hr = getnum(v.subarray(1, 3), true);
        const mm = hr ? getnum(v.subarray(4, 6), true) : undefined;
        let range: string | undefined;
        if (hr && hr[0] > 24) range = 'time zone offset hour';
        if (mm && mm[0] > 60) range = 'time zone offset minute';
        if (range) return { rest: v.subarray(6), range };
        if (!hr || !mm || (v[0] !== 0x2b && v[0] !== 0x2d)) return undefined;
        return { rest: v.subarray(6) };
      },
    },
  ];
  let rest: Uint8Array = all;
  for (const c of chunks) {
    // skip(value, prefix): the layout's literal text (no spaces in this layout).
    for (let i = 0; i < c.prefix.length; i++) {
      if (rest.length === 0 || rest[0] !== c.prefix.charCodeAt(i)) return cannot(rest, c.prefix);
      rest = rest.subarray(1);
    }
    const hold = rest;
    const r = c.read(rest);
    if (r?.range) return outOfRange(r.range);
    if (!r) return cannot(hold, c.elem);
    rest = r.rest;
  }
  if (rest.length > 0) return `parsing time ${goTimeQuote(all)}: extra text: ${goTimeQuote(rest)}`;
  if (day < 1 || day > daysIn(month, year)) return `parsing time ${goTimeQuote(all)}: day out of range`;
  return undefined;
}
