/**
 * A CronJob schedule as the API server parses it: github.com/robfig/cron/v3
 * (v3.0.1 in every release from 1.27) `ParseStandard`, i.e. a parser with the
 * options Minute | Hour | Dom | Month | Dow | Descriptor (parser.go), and the
 * Go library functions it relies on (strings.Fields, strconv.Atoi,
 * time.ParseDuration, time.LoadLocation), each with its own error text, so
 * that a diagnostic says what `kubectl apply` prints.
 *
 * Hand-written rather than an npm cron library: the point is robfig's exact
 * acceptance (`?`, `*-5`, empty list items, no 7 for Sunday, `@every` with Go
 * durations) and its messages, which no JavaScript parser reproduces.
 */

/** Go's unicode.IsSpace: what strings.Fields splits at. */
const GO_SPACE = /[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/;

const isGoSpace = (ch: string): boolean => GO_SPACE.test(ch);

/** strings.TrimSpace. */
function trimSpace(s: string): string {
  let a = 0;
  let b = s.length;
  while (a < b && isGoSpace(s[a])) a++;
  while (b > a && isGoSpace(s[b - 1])) b--;
  return s.slice(a, b);
}

/** strings.Fields. */
const fields = (s: string): string[] => s.split(GO_SPACE).filter((f) => f !== '');

const UTF8 = new TextEncoder();
const hex2 = (n: number): string => n.toString(16).padStart(2, '0');

/** strconv.Quote (%q) for the texts these messages quote: printable ASCII as is, the rest escaped. */
function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else if (c >= 0x20 && c < 0x7f) out += ch;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\r') out += '\\r';
    else if (c < 0x20 || c === 0x7f) out += `\\x${hex2(c)}`;
    else if (/^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u.test(ch)) out += ch;
    else if (c < 0x10000) out += `\\u${c.toString(16).padStart(4, '0')}`;
    else out += `\\U${c.toString(16).padStart(8, '0')}`;
  }
  return `${out}"`;
}

/** The time package's own quote (durations, locations): non-ASCII and control bytes as \xNN. */
function timeQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (c >= 0x80 || c < 0x20) for (const b of UTF8.encode(ch)) out += `\\x${hex2(b)}`;
    else out += ch === '"' || ch === '\\' ? `\\${ch}` : ch;
  }
  return `${out}"`;
}

const MAX_INT64 = (1n << 63n) - 1n;

/** strconv.Atoi on a 64-bit platform: the number, or its error text. */
export function atoi(s: string): { value: bigint } | { error: string } {
  const syntax = { error: `strconv.Atoi: parsing ${goQuote(s)}: invalid syntax` };
  const range = { error: `strconv.Atoi: parsing ${goQuote(s)}: value out of range` };
  if (s === '') return syntax;
  let body = s;
  let negative = false;
  if (body[0] === '+' || body[0] === '-') {
    negative = body[0] === '-';
    body = body.slice(1);
    if (body === '') return syntax;
  }
  // ParseUint: a bad character is a syntax error, unless the value overflowed before it.
  let n = 0n;
  let overflow = false;
  for (const ch of body) {
    if (ch < '0' || ch > '9') return overflow ? range : syntax;
    if (!overflow) {
      n = n * 10n + BigInt(ch.charCodeAt(0) - 48);
      if (n > (1n << 64n) - 1n) overflow = true;
    }
  }
  if (overflow) return range;
  if (negative ? n > MAX_INT64 + 1n : n > MAX_INT64) return range;
  return { value: negative ? -n : n };
}

// ---- time.ParseDuration ------------------------------------------------------------

const UNITS: Record<string, bigint> = {
  ns: 1n,
  us: 1000n,
  'µs': 1000n, // U+00B5
  'μs': 1000n, // U+03BC
  ms: 1000000n,
  s: 1000000000n,
  m: 60000000000n,
  h: 3600000000000n,
};

const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';

/** time.ParseDuration: undefined when it parses, else its error text. */
export function parseDurationError(orig: string): string | undefined {
  const invalid = `time: invalid duration ${timeQuote(orig)}`;
  let s = orig;
  let neg = false;
  if (s !== '' && (s[0] === '-' || s[0] === '+')) {
    neg = s[0] === '-';
    s = s.slice(1);
  }
  if (s === '0') return undefined;
  if (s === '') return invalid;
  const LIMIT = 1n << 63n;
  let d = 0n;
  while (s !== '') {
    if (!(s[0] === '.' || isDigit(s[0]))) return invalid;
    // leadingInt
    let i = 0;
    let v = 0n;
    for (; i < s.length && isDigit(s[i]); i++) {
      if (v > LIMIT / 10n) return invalid;
      v = v * 10n + BigInt(s.charCodeAt(i) - 48);
      if (v > LIMIT) return invalid;
    }
    const pre = i > 0;
    s = s.slice(i);
    let post = false;
    let f = 0n;
    let scale = 1;
    if (s !== '' && s[0] === '.') {
      s = s.slice(1);
      // leadingFraction: digits past what fits are consumed and ignored.
      let j = 0;
      let overflow = false;
      for (; j < s.length && isDigit(s[j]); j++) {
        if (overflow) continue;
        if (f > MAX_INT64 / 10n) {
          overflow = true;
          continue;
        }
        const y = f * 10n + BigInt(s.charCodeAt(j) - 48);
        if (y > LIMIT) {
          overflow = true;
          continue;
        }
        f = y;
        scale *= 10;
      }
      post = j > 0;
      s = s.slice(j);
    }
    if (!pre && !post) return invalid;
    let k = 0;
    while (k < s.length && s[k] !== '.' && !isDigit(s[k])) k++;
    if (k === 0) return `time: missing unit in duration ${timeQuote(orig)}`;
    const u = s.slice(0, k);
    s = s.slice(k);
    const unit = UNITS[u];
    if (unit === undefined) return `time: unknown unit ${timeQuote(u)} in duration ${timeQuote(orig)}`;
    if (v > LIMIT / unit) return invalid;
    v *= unit;
    if (f > 0n) {
      v += BigInt(Math.floor(Number(f) * (Number(unit) / scale)));
      if (v > LIMIT) return invalid;
    }
    d += v;
    if (d > LIMIT) return invalid;
  }
  if (!neg && d > MAX_INT64) return invalid;
  return undefined;
}

// ---- time.LoadLocation ----------------------------------------------------------------

/** What time.LoadLocation says of a name: it loads, it fails with this text, or we cannot tell. */
export type LocationVerdict = { ok: true } | { ok: false; error: string } | { ok: 'unknown' };

/**
 * time.LoadLocation(name) with `known` saying whether the time zone database
 * has the name: "" and "UTC" are UTC, "Local" is the server's zone, a name
 * with `..` or a leading slash is refused before any lookup.
 */
export function loadLocation(name: string, known: (name: string) => boolean | undefined): LocationVerdict {
  if (name === '' || name === 'UTC' || name === 'Local') return { ok: true };
  if (name.includes('..') || name[0] === '/' || name[0] === '\\') return { ok: false, error: 'time: invalid location name' };
  const k = known(name);
  if (k === undefined) return { ok: 'unknown' };
  return k ? { ok: true } : { ok: false, error: `unknown time zone ${name}` };
}

// ---- the parser ---------------------------------------------------------------------------

interface Bounds {
  min: number;
  max: number;
  names?: Record<string, number>;
}

const SECONDS: Bounds = { min: 0, max: 59 };
const MINUTES: Bounds = { min: 0, max: 59 };
const HOURS: Bounds = { min: 0, max: 23 };
const DOM: Bounds = { min: 1, max: 31 };
const MONTHS: Bounds = {
  min: 1,
  max: 12,
  names: { jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12 },
};
const DOW: Bounds = { min: 0, max: 6, names: { sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6 } };

/** mustParseInt: a non-negative int (as Go's uint), or the error. */
function mustParseInt(expr: string): { value: bigint } | { error: string } {
  const r = atoi(expr);
  if ('error' in r) return { error: `failed to parse int from ${expr}: ${r.error}` };
  if (r.value < 0n) return { error: `negative number (${r.value}) not allowed: ${expr}` };
  return r;
}

function parseIntOrName(expr: string, names?: Record<string, number>): { value: bigint } | { error: string } {
  const named = names?.[expr.toLowerCase()];
  if (named !== undefined) return { value: BigInt(named) };
  return mustParseInt(expr);
}

/** getRange: the error of one range expression, if any. */
function rangeError(expr: string, r: Bounds): string | undefined {
  const rangeAndStep = expr.split('/');
  const lowAndHigh = rangeAndStep[0].split('-');
  const singleDigit = lowAndHigh.length === 1;
  let start: bigint;
  let end: bigint;
  if (lowAndHigh[0] === '*' || lowAndHigh[0] === '?') {
    start = BigInt(r.min);
    end = BigInt(r.max);
  } else {
    const s = parseIntOrName(lowAndHigh[0], r.names);
    if ('error' in s) return s.error;
    start = s.value;
    if (lowAndHigh.length === 1) end = start;
    else if (lowAndHigh.length === 2) {
      const e = parseIntOrName(lowAndHigh[1], r.names);
      if ('error' in e) return e.error;
      end = e.value;
    } else return `too many hyphens: ${expr}`;
  }
  let step = 1n;
  if (rangeAndStep.length === 2) {
    const st = mustParseInt(rangeAndStep[1]);
    if ('error' in st) return st.error;
    step = st.value;
    if (singleDigit) end = BigInt(r.max);
  } else if (rangeAndStep.length > 2) return `too many slashes: ${expr}`;
  if (start < BigInt(r.min)) return `beginning of range (${start}) below minimum (${r.min}): ${expr}`;
  if (end > BigInt(r.max)) return `end of range (${end}) above maximum (${r.max}): ${expr}`;
  if (start > end) return `beginning of range (${start}) beyond end of range (${end}): ${expr}`;
  if (step === 0n) return `step of range should be a positive number: ${expr}`;
  return undefined;
}

/** getField: a comma-separated list of ranges (empty items are skipped). */
function fieldError(field: string, r: Bounds): string | undefined {
  for (const expr of field.split(',').filter((e) => e !== '')) {
    const err = rangeError(expr, r);
    if (err) return err;
  }
  return undefined;
}

const DESCRIPTORS = ['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly'];

/** What ParseStandard does with a schedule. */
export type CronVerdict =
  | { ok: true }
  /** It returns this error. */
  | { ok: false; error: string }
  /** It panics (a TZ= prefix with no space after it): Go's runtime error text. */
  | { ok: 'panic'; error: string }
  /** It depends on a time zone name we cannot judge. */
  | { ok: 'unknown' };

/**
 * cron.ParseStandard(spec). `known` says whether the time zone database has a
 * name (undefined: cannot tell), for a `TZ=` / `CRON_TZ=` prefix.
 */
export function parseStandard(spec: string, known: (name: string) => boolean | undefined): CronVerdict {
  if (spec.length === 0) return { ok: false, error: 'empty spec string' };
  let s = spec;
  if (s.startsWith('TZ=') || s.startsWith('CRON_TZ=')) {
    const i = s.indexOf(' ');
    const eq = s.indexOf('=');
    // spec[eq+1:i] with i == -1: Go panics.
    if (i < 0) return { ok: 'panic', error: 'runtime error: slice bounds out of range [:-1]' };
    const name = s.slice(eq + 1, i);
    const loc = loadLocation(name, known);
    if (loc.ok === 'unknown') return { ok: 'unknown' };
    if (loc.ok === false) return { ok: false, error: `provided bad location ${name}: ${loc.error}` };
    s = trimSpace(s.slice(i));
  }
  if (s.startsWith('@')) {
    if (DESCRIPTORS.includes(s)) return { ok: true };
    if (s.startsWith('@every ')) {
      const err = parseDurationError(s.slice('@every '.length));
      return err ? { ok: false, error: `failed to parse duration ${s}: ${err}` } : { ok: true };
    }
    return { ok: false, error: `unrecognized descriptor: ${s}` };
  }
  const f = fields(s);
  if (f.length !== 5) return { ok: false, error: `expected exactly 5 fields, found ${f.length}: [${f.join(' ')}]` };
  const bounds = [MINUTES, HOURS, DOM, MONTHS, DOW];
  // The seconds field is the default "0": never an error.
  void SECONDS;
  for (let i = 0; i < 5; i++) {
    const err = fieldError(f[i], bounds[i]);
    if (err) return { ok: false, error: err };
  }
  return { ok: true };
}
