/**
 * How kubectl reads YAML, where it differs from the `yaml` package. kubectl
 * (k8s.io/cli-runtime's StreamVisitor, k8s.io/apimachinery's
 * YAMLOrJSONDecoder) cuts a stream into documents at `---` lines and converts
 * each with sigs.k8s.io/yaml: go-yaml v2 (gopkg.in/yaml.v2, go.yaml.in/yaml/v2
 * from 1.34) decodes it, non-strict, into Go maps, then into JSON. So:
 *
 * - a key given twice is no error: the map keeps the last value (the API
 *   server never sees the earlier one);
 * - `\'` is an escape in a double-quoted string (YAML 1.1), `\/` is not;
 * - a `#` right after a closing quote or bracket starts a comment;
 * - a plain scalar resolves by go-yaml v2's own table (resolvePlain):
 *   timestamps stay strings as written, `0o17` and `0X1F` are numbers, `1e400`
 *   is a string, `.inf` and `.nan` cannot become JSON;
 * - a null key or a collection as a key cannot become a JSON object key;
 * - a directive (`%YAML`) sits before the `---` that kubectl cuts at, so it is
 *   read as a document of its own without content, which go-yaml refuses.
 *
 * `adaptToKubectl` brings a parsed document in line with that reading (errors
 * the `yaml` package reports and go-yaml does not are dropped or become
 * warnings; errors go-yaml reports and the `yaml` package does not are
 * added), `resolvePlain` is the value of a plain scalar. Read in
 * go.yaml.in/yaml/v2 resolve.go, decode.go and scannerc.go (v2.4.0 to v2.4.4
 * alike for these), sigs.k8s.io/yaml yaml.go (v1.3.0 to v1.6.0), and checked
 * against the oracle built from each release.
 */
import { Composer, Parser, YAMLParseError, isMap, isScalar, isSeq, isAlias, visit, type Document, type Node, type Scalar, type ErrorCode } from 'yaml';

// ---- Plain scalars --------------------------------------------------------------

const BOOL_NULL: ReadonlyMap<string, boolean | null> = new Map<string, boolean | null>([
  ...['y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON'].map((s) => [s, true] as const),
  ...['n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF'].map((s) => [s, false] as const),
  ...['', '~', 'null', 'Null', 'NULL'].map((s) => [s, null] as const),
]);

const SPECIAL_FLOATS: ReadonlyMap<string, number> = new Map<string, number>([
  ...['.nan', '.NaN', '.NAN'].map((s) => [s, NaN] as const),
  ...['.inf', '.Inf', '.INF', '+.inf', '+.Inf', '+.INF'].map((s) => [s, Infinity] as const),
  ...['-.inf', '-.Inf', '-.INF'].map((s) => [s, -Infinity] as const),
]);

/** go-yaml v2's yamlStyleFloat. */
const YAML_STYLE_FLOAT = /^[-+]?(\.\d+|\d+(\.\d*)?)([eE][-+]?\d+)?$/;
/** A decimal floating-point literal as Go's strconv.ParseFloat reads one (underscores checked apart). */
const GO_DECIMAL_FLOAT = /^[-+]?([0-9_]+(?:\.[0-9_]*)?|\.[0-9_]+)([eE][-+]?[0-9_]+)?$/;

const UINT64_MAX = (1n << 64n) - 1n;
const INT64_MIN_ABS = 1n << 63n;

/** strconv's underscoreOK: underscores only between digits (or after a base prefix). */
function underscoreOK(s: string): boolean {
  let saw = '^';
  let i = 0;
  if (s[0] === '-' || s[0] === '+') s = s.slice(1);
  let hex = false;
  if (s.length >= 2 && s[0] === '0' && 'bBoOxX'.includes(s[1])) {
    i = 2;
    saw = '0';
    hex = s[1] === 'x' || s[1] === 'X';
  }
  for (; i < s.length; i++) {
    const c = s[i];
    if ((c >= '0' && c <= '9') || (hex && /[a-fA-F]/.test(c))) {
      saw = '0';
      continue;
    }
    if (c === '_') {
      if (saw !== '0') return false;
      saw = '_';
      continue;
    }
    if (saw === '_') return false;
    saw = '!';
  }
  return saw !== '_';
}

/** strconv.ParseFloat(s, 64) for decimal literals: undefined on a syntax or range error. */
function goParseFloat(s: string): number | undefined {
  if (!GO_DECIMAL_FLOAT.test(s) || (s.includes('_') && !underscoreOK(s))) return undefined;
  const v = Number(s.replace(/_/g, ''));
  return Number.isFinite(v) ? v : undefined;
}

/** strconv.ParseUint(s, 0, 64) (no sign): undefined on a syntax or range error. */
function goParseUint(s: string): bigint | undefined {
  if (s === '') return undefined;
  let base = 10;
  let digits = s;
  if (s[0] === '0') {
    const p = s.length >= 3 ? s[1].toLowerCase() : '';
    if (p === 'b' || p === 'o' || p === 'x') {
      base = p === 'b' ? 2 : p === 'o' ? 8 : 16;
      digits = s.slice(2);
    } else {
      base = 8;
      digits = s.slice(1);
    }
  }
  const re = base === 2 ? /^[01]*$/ : base === 8 ? /^[0-7]*$/ : base === 16 ? /^[0-9a-fA-F]*$/ : /^\d*$/;
  if (!re.test(digits) || (base !== 8 && digits === '')) return undefined;
  if (digits === '') return 0n;
  const prefix = base === 2 ? '0b' : base === 8 ? '0o' : base === 16 ? '0x' : '';
  const v = BigInt(prefix + digits);
  return v > UINT64_MAX ? undefined : v;
}

/** strconv.ParseInt(s, 0, 64). */
function goParseInt(s: string): bigint | undefined {
  const neg = s[0] === '-';
  const u = goParseUint(s[0] === '-' || s[0] === '+' ? s.slice(1) : s);
  if (u === undefined) return undefined;
  if (!neg && u >= INT64_MIN_ABS) return undefined;
  if (neg && u > INT64_MIN_ABS) return undefined;
  return neg ? -u : u;
}

/**
 * The value go-yaml v2 gives a plain scalar without a tag (resolve.go
 * `resolve("", in)`, decoded into interface{}): a boolean, null, a number, or
 * the string as written. Timestamps stay strings (decode.go keeps them as
 * written for interface{} targets). `.inf` and `.nan` are numbers that JSON
 * cannot hold (adaptToKubectl reports them).
 */
export function resolvePlain(s: string): unknown {
  const c = s[0];
  const hint = c === undefined ? 'N' : c === '+' || c === '-' ? 'S' : c >= '0' && c <= '9' ? 'D' : 'yYnNtTfFoO~'.includes(c) ? 'M' : c === '.' ? '.' : '';
  if (!hint) return s;
  if (BOOL_NULL.has(s)) return BOOL_NULL.get(s);
  const special = SPECIAL_FLOATS.get(s);
  if (special !== undefined) return special;
  if (hint === '.') return goParseFloat(s) ?? s;
  if (hint !== 'D' && hint !== 'S') return s;
  const plain = s.replace(/_/g, '');
  const i = goParseInt(plain);
  if (i !== undefined) return Number(i);
  const u = plain[0] === '+' || plain[0] === '-' ? undefined : goParseUint(plain);
  if (u !== undefined) return Number(u);
  if (YAML_STYLE_FLOAT.test(plain)) {
    const f = goParseFloat(plain);
    if (f !== undefined) return f;
  }
  if (plain.startsWith('0b') || plain.startsWith('-0b')) {
    const neg = plain[0] === '-';
    const b = /^[01]+$/.test(plain.slice(neg ? 3 : 2)) ? BigInt(`0b${plain.slice(neg ? 3 : 2)}`) : undefined;
    if (b !== undefined && (neg ? b <= INT64_MIN_ABS : b <= UINT64_MAX)) return neg ? -Number(b) : Number(b);
  }
  return s;
}

const TIMESTAMP_TAG = 'tag:yaml.org,2002:timestamp';
const BINARY_TAG = 'tag:yaml.org,2002:binary';

/** A Go string of the bytes of base64 text, as JSON then holds it. */
function base64ToString(b64: string): string | undefined {
  const clean = b64.replace(/\s/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(clean) || clean.length % 4 !== 0) return undefined;
  const table = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  const bytes: number[] = [];
  let bits = 0;
  let acc = 0;
  for (const ch of clean) {
    if (ch === '=') break;
    acc = (acc << 6) | table.indexOf(ch);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes.push((acc >> bits) & 0xff);
    }
  }
  return new TextDecoder().decode(new Uint8Array(bytes));
}

/**
 * The value kubectl's reading gives a scalar of the `yaml` package: plain
 * scalars resolved by go-yaml v2's table, `!!timestamp` as written, `!!binary`
 * decoded; other tags and quoted or block scalars as the `yaml` package reads
 * them.
 */
export function kubeScalarValue(s: Scalar): unknown {
  const v = s.value;
  if (s.tag === TIMESTAMP_TAG) return s.source ?? (v instanceof Date ? v.toISOString() : v);
  if (s.tag === BINARY_TAG) return typeof s.source === 'string' ? (base64ToString(s.source) ?? v) : v;
  if (s.type !== 'PLAIN' || s.tag || typeof s.source !== 'string') return v instanceof Date ? (s.source ?? v.toISOString()) : v;
  return resolvePlain(s.source);
}

/** A map key as the JSON object key kubectl makes of it (undefined: it cannot, see adaptToKubectl). */
export function kubeKey(k: Node | null): string | undefined {
  if (!isScalar(k)) return undefined;
  const v = kubeScalarValue(k);
  if (v === null || v === undefined) return undefined;
  return String(v);
}

// ---- Errors ----------------------------------------------------------------------

/** Codes of errors this module adds: kubectl cannot read the document. */
export const KUBECTL_CODES = {
  /** A number JSON cannot hold. */
  NON_JSON_NUMBER: 'NON_JSON_NUMBER',
} as const;

function addError(doc: Document.Parsed, pos: [number, number], code: string, message: string): void {
  doc.errors.push(new YAMLParseError(pos, code as ErrorCode, message));
}

/** The escapes of a double-quoted scalar's source text, as [offset of the backslash, escaped character]. */
function escapesOf(src: string): [number, string][] {
  const out: [number, string][] = [];
  for (let i = 0; i < src.length - 1; i++) {
    if (src[i] !== '\\') continue;
    out.push([i, src[i + 1]]);
    i++;
  }
  return out;
}

/** The value of a double-quoted scalar's source once `\'` is read as `'` (the `yaml` package keeps the backslash). */
function withQuoteEscapes(src: string): string | undefined {
  let fixed = '';
  let last = 0;
  for (const [i, ch] of escapesOf(src)) {
    if (ch !== "'") continue;
    fixed += `${src.slice(last, i)}\\x27`;
    last = i + 2;
  }
  fixed += src.slice(last);
  const composer = new Composer({ version: '1.1' });
  for (const d of composer.compose(new Parser().parse(fixed), true, fixed.length)) {
    if (d.errors.length === 0 && isScalar(d.contents) && typeof d.contents.value === 'string') return d.contents.value;
  }
  return undefined;
}

const COMMENT_SPACING = /^Comments must be separated from other tokens by white space/;

/**
 * Brings a document parsed by the `yaml` package (YAML 1.1, unique keys) in
 * line with kubectl's reading of it. `text` is the text it was parsed from.
 */
export function adaptToKubectl(doc: Document.Parsed, text: string, from = 0): void {
  const kept: YAMLParseError[] = [];
  const quoteEscapes = new Set<number>();
  for (const e of doc.errors) {
    if (e.code === 'DUPLICATE_KEY') {
      // The last value wins: no error (the yaml rule warns about the ignored value).
      doc.warnings.push(e);
    } else if (e.code === 'BAD_DQ_ESCAPE' && text.startsWith("\\'", e.pos[0])) {
      quoteEscapes.add(e.pos[0]);
    } else if (e.code === 'MISSING_CHAR' && COMMENT_SPACING.test(e.message) && `"']}`.includes(text[e.pos[0] - 1] ?? '')) {
      // go-yaml starts a comment at `#` right after a closing quote or bracket.
    } else kept.push(e);
  }
  doc.errors.splice(0, doc.errors.length, ...kept);
  const start = doc.range?.[0] ?? 0;
  if (text.charCodeAt(from) === 0x25 /* % */ || text.includes('\n%')) {
    // A directive between the previous document and this one's content.
    const re = /^%[^\r\n]*/gm;
    re.lastIndex = from;
    const m = re.exec(text);
    if (m && m.index < start) {
      addError(
        doc,
        [m.index, m.index + m[0].length],
        'BAD_DIRECTIVE',
        'kubectl splits files into documents at --- lines: a directive before one is read as a document of its own, which kubectl cannot read (remove the directive)',
      );
    }
  }
  const dq = quoteEscapes.size > 0 || text.includes('\\/');
  const special = SPECIAL_FLOAT_TEXT.test(text);
  const keys = ODD_KEY_TEXT.test(text);
  if (!dq && !special && !keys) return;
  visit(doc, {
    Pair(_, pair) {
      if (!keys) return;
      const k = pair.key as Node | null;
      if (isAlias(k)) return;
      const what = isMap(k) || isSeq(k) ? 'a map or a list' : !k || (isScalar(k) && kubeKey(k) === undefined) ? 'an empty or null key' : undefined;
      if (!what) return;
      const r = k?.range ?? (pair.value as Node | null)?.range ?? [start, start];
      addError(doc, [r[0], Math.max(r[0] + 1, r[1])], 'NON_STRING_KEY', `kubectl cannot read ${what} as a key: JSON object keys are strings`);
    },
    Scalar(_, s) {
      if (special && s.type === 'PLAIN' && !s.tag && typeof s.source === 'string' && SPECIAL_FLOATS.has(s.source)) {
        const r = s.range ?? [0, 0];
        addError(doc, [r[0], r[1]], KUBECTL_CODES.NON_JSON_NUMBER, `kubectl cannot convert ${s.source} to JSON, which has no infinite numbers and no NaN (quote it for a string)`);
        return;
      }
      if (!dq || s.type !== 'QUOTE_DOUBLE' || !s.range) return;
      const src = text.slice(s.range[0], s.range[1]);
      if (!src.includes('\\')) return;
      let fix = false;
      for (const [i, ch] of escapesOf(src)) {
        const at = s.range[0] + i;
        if (ch === '/') addError(doc, [at, at + 2], 'BAD_DQ_ESCAPE', 'found unknown escape character: kubectl reads YAML 1.1, which has no \\/ escape (write / alone)');
        else if (ch === "'" && quoteEscapes.has(at)) fix = true;
      }
      if (fix) {
        const v = withQuoteEscapes(src);
        if (v !== undefined) s.value = v;
      }
    },
  });
}

/** Cheap tests of the text before the tree is visited. */
const SPECIAL_FLOAT_TEXT = /[-+]?\.(?:inf|Inf|INF|nan|NaN|NAN)\b/;
const ODD_KEY_TEXT = /\?\s|(?:^|[\s{,])(?:~|null|Null|NULL)?:(?:\s|$)|[\]}]:/m;
