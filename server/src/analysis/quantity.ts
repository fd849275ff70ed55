/**
 * resource.Quantity as k8s.io/apimachinery parses it (pkg/api/resource/quantity.go,
 * ParseQuantity): a signed decimal number, then a suffix that is a binary SI
 * prefix (Ki Mi Gi Ti Pi Ei), a decimal SI prefix (n u m "" k M G T P E) or a
 * decimal exponent (e3, E-2). Values are kept exact (BigInt mantissa and a
 * power of ten) so that comparisons such as requests <= limits are exact.
 */

/** The expression the API server quotes when a quantity does not parse. */
export const QUANTITY_REGEX = '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$';

export interface Quantity {
  /** value = mantissa × 10^exp10 */
  mantissa: bigint;
  exp10: number;
  /** The suffix as written. */
  suffix: string;
  /** The text the API server parsed (a YAML number as its JSON rendering), when known. */
  text?: string;
}

/** resource.Format: how Quantity.String() writes a value that has no cached text. */
export type QuantityFormat = 'DecimalSI' | 'BinarySI' | 'DecimalExponent';

const DECIMAL: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const BINARY: Record<string, bigint> = {
  Ki: 1n << 10n,
  Mi: 1n << 20n,
  Gi: 1n << 30n,
  Ti: 1n << 40n,
  Pi: 1n << 50n,
  Ei: 1n << 60n,
};

/** Parses a quantity string; undefined when the API server would refuse it. */
export function parseQuantity(input: string): Quantity | undefined {
  const s = input;
  if (s.length === 0) return undefined;
  let i = 0;
  let negative = false;
  if (s[i] === '+' || s[i] === '-') {
    negative = s[i] === '-';
    i++;
  }
  let intDigits = '';
  while (i < s.length && s[i] >= '0' && s[i] <= '9') intDigits += s[i++];
  let fracDigits = '';
  if (s[i] === '.') {
    i++;
    while (i < s.length && s[i] >= '0' && s[i] <= '9') fracDigits += s[i++];
  }
  if (intDigits.length === 0 && fracDigits.length === 0) return undefined;
  const suffix = s.slice(i);
  let exp10 = -fracDigits.length;
  let mantissa = BigInt((intDigits || '0') + fracDigits);
  if (suffix in DECIMAL) {
    exp10 += DECIMAL[suffix];
  } else if (suffix in BINARY) {
    mantissa *= BINARY[suffix];
  } else if (/^[eE][+-]?\d+$/.test(suffix)) {
    const e = Number(suffix.slice(1));
    if (!Number.isSafeInteger(e) || Math.abs(e) > 1000) return undefined;
    exp10 += e;
  } else {
    return undefined;
  }
  if (negative) mantissa = -mantissa;
  return { mantissa, exp10, suffix, text: input };
}

/** A YAML number is a quantity too (`cpu: 1`, `cpu: 0.5`). */
export function quantityOf(v: unknown): Quantity | undefined {
  if (typeof v === 'string') return parseQuantity(v);
  if (typeof v === 'number' && Number.isFinite(v)) {
    // sigs.k8s.io/yaml turns the number into JSON first (1e+21, 0.5, 1e-7), as JavaScript writes it.
    const q = parseQuantity(String(v).replace(/e\+?/, 'e'));
    return q && { ...q, text: String(v) };
  }
  return undefined;
}

/** -1, 0 or 1, exactly. */
export function compareQuantities(a: Quantity, b: Quantity): number {
  const e = Math.min(a.exp10, b.exp10);
  const x = a.mantissa * 10n ** BigInt(a.exp10 - e);
  const y = b.mantissa * 10n ** BigInt(b.exp10 - e);
  return x < y ? -1 : x > y ? 1 : 0;
}

export function isNegative(q: Quantity): boolean {
  return q.mantissa < 0n;
}

export function isZero(q: Quantity): boolean {
  return q.mantissa === 0n;
}

/** Adds exactly. */
export function addQuantities(a: Quantity, b: Quantity): Quantity {
  const e = Math.min(a.exp10, b.exp10);
  return {
    mantissa: a.mantissa * 10n ** BigInt(a.exp10 - e) + b.mantissa * 10n ** BigInt(b.exp10 - e),
    exp10: e,
    suffix: '',
  };
}

/** The Format the parser gives a suffix (Ki.. binary, e3 exponent, else decimal SI). */
export function quantityFormat(q: Quantity): QuantityFormat {
  if (q.suffix in BINARY) return 'BinarySI';
  if (/^[eE]/.test(q.suffix)) return 'DecimalExponent';
  return 'DecimalSI';
}

/**
 * Canonical text in the style of the API server (Quantity.CanonicalizeBytes):
 * binary suffixes for byte sizes that are whole multiples of 1024 (`1536Mi`),
 * else the decimal SI suffix that keeps an integer mantissa (`500m`, `2`,
 * `1500M`). `binary` picks the BinarySI format; values below 1024 or with a
 * fraction are written in decimal, as the API server does.
 */
export function formatQuantity(q: Quantity, binary = false): string {
  return canonicalText(q.mantissa, q.exp10, binary ? 'BinarySI' : 'DecimalSI');
}

const DECIMAL_SUFFIX: Record<number, string> = { [-9]: 'n', [-6]: 'u', [-3]: 'm', 0: '', 3: 'k', 6: 'M', 9: 'G', 12: 'T', 15: 'P', 18: 'E' };
const BINARY_SUFFIX = ['', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei'];

function canonicalText(mantissa: bigint, exp10: number, format: QuantityFormat): string {
  let m = mantissa;
  let e = exp10;
  if (m === 0n) return '0';
  while (m % 10n === 0n) {
    m /= 10n;
    e++;
  }
  if (format === 'BinarySI') {
    const abs = m < 0n ? -m : m;
    const integral = e >= 0;
    if (integral && abs * 10n ** BigInt(e) >= 1024n) {
      let v = m * 10n ** BigInt(e);
      let k = 0;
      while (k < BINARY_SUFFIX.length - 1 && (v < 0n ? -v : v) >= 1024n && v % 1024n === 0n) {
        v /= 1024n;
        k++;
      }
      return `${v}${BINARY_SUFFIX[k]}`;
    }
    format = 'DecimalSI';
  }
  // AsCanonicalBytes: the exponent goes down to a multiple of three.
  const r = ((e % 3) + 3) % 3;
  m *= 10n ** BigInt(r);
  e -= r;
  if (format === 'DecimalExponent') return e === 0 ? `${m}` : `${m}e${e}`;
  // A decimal exponent outside n..E has no suffix: Go writes the digits alone.
  return `${m}${DECIMAL_SUFFIX[e] ?? (e < -9 ? `e${e}` : '')}`;
}

/** Rounds up (away from zero) to milli units, as SetDefaults_ResourceList does to every value. */
export function roundUpToMilli(q: Quantity): Quantity {
  if (q.exp10 >= -3) return q;
  const div = 10n ** BigInt(-3 - q.exp10);
  const neg = q.mantissa < 0n;
  const abs = neg ? -q.mantissa : q.mantissa;
  let m = abs / div;
  if (m * div !== abs) m += 1n;
  return { mantissa: neg ? -m : m, exp10: -3, suffix: q.suffix };
}

/** The pieces parseQuantityString (quantity.go) cuts a quantity into. */
function goParts(s: string): { negative: boolean; num: string; denom: string; suffix: string } | undefined {
  let pos = 0;
  let negative = false;
  if (s[0] === '-' || s[0] === '+') {
    negative = s[0] === '-';
    pos++;
  }
  while (pos < s.length && s[pos] === '0') pos++;
  let i = pos;
  while (i < s.length && s[i] >= '0' && s[i] <= '9') i++;
  const num = s.slice(pos, i) || '0';
  let denom = '';
  if (s[i] === '.') {
    let j = i + 1;
    while (j < s.length && s[j] >= '0' && s[j] <= '9') j++;
    denom = s.slice(i + 1, j);
    i = j;
  }
  return { negative, num, denom, suffix: s.slice(i) };
}

/**
 * What the API server prints for a resource-list value (limits, requests,
 * overhead) in an error message: Quantity.String() after the defaulting that
 * rounds values up to milli units. The parser keeps the text as written when
 * it is already canonical (`100m`, `1Gi`, `01`), else the value is written
 * canonically (`0.5` -> `500m`, `1024Mi` -> `1Gi`, `1000m` -> `1`).
 */
export function apiQuantityString(q: Quantity): string {
  const text = q.text;
  const format = quantityFormat(q);
  if (text !== undefined && text !== '') {
    if (text === '0') return '0';
    const p = goParts(text);
    if (p) {
      const shifted = p.num + p.denom;
      if (format === 'BinarySI') {
        const exponent = Math.log2(Number(BINARY[p.suffix]));
        const precision = 15 - p.num.length - Math.trunc((exponent * 3) / 10) - 1;
        const fits = BigInt(shifted) * BINARY[p.suffix] < 1n << 63n;
        if (p.denom === '' && precision >= 0 && fits && (BigInt(shifted) & 7n) !== 0n) return text;
      } else {
        const exponent = format === 'DecimalExponent' ? Number(p.suffix.slice(1)) : DECIMAL[p.suffix];
        const precision = 18 - (p.num.length + p.denom.length);
        const scale = exponent - p.denom.length;
        // Kept through the milli round-up only when nothing finer than milli was written.
        if (precision >= 0 && scale >= -3 && scale % 3 === 0 && !shifted.endsWith('000') && shifted[0] !== '0') return text;
      }
    }
  }
  const r = roundUpToMilli(q);
  return canonicalText(r.mantissa, r.exp10, format);
}

/** For `Invalid value` messages that print the Quantity value itself (before 1.34: Go's %#v dump). */
export function goQuantityDump(q: Quantity): string | undefined {
  const text = q.text;
  if (text === undefined) return undefined;
  const p = goParts(text);
  const format = quantityFormat(q);
  if (!p) return undefined;
  let value: bigint;
  let scale: number;
  let cached: boolean;
  if (text === '0') {
    value = 0n;
    scale = 0;
    cached = true;
  } else if (format === 'BinarySI') {
    const exponent = Math.log2(Number(BINARY[p.suffix]));
    const precision = 15 - p.num.length - Math.trunc((exponent * 3) / 10) - 1;
    if (p.denom !== '' || precision < 0) return undefined;
    const v = BigInt(p.num);
    value = (p.negative ? -v : v) * BINARY[p.suffix];
    scale = 0;
    cached = (v & 7n) !== 0n;
  } else {
    const exponent = format === 'DecimalExponent' ? Number(p.suffix.slice(1)) : DECIMAL[p.suffix];
    const precision = 18 - (p.num.length + p.denom.length);
    scale = exponent - p.denom.length;
    if (precision < 0 || scale < -9) return undefined;
    const shifted = p.num + p.denom;
    value = BigInt(shifted) * (p.negative ? -1n : 1n);
    cached = scale % 3 === 0 && !shifted.endsWith('000') && shifted[0] !== '0';
    if (scale < -3) {
      // SetDefaults_ResourceList rounded it up to milli and dropped the text.
      const r = roundUpToMilli({ mantissa: value, exp10: scale, suffix: '' });
      value = r.mantissa;
      scale = -3;
      cached = false;
    }
  }
  const s = cached ? text : '';
  return `resource.Quantity{i:resource.int64Amount{value:${value}, scale:${scale}}, d:resource.infDecAmount{Dec:(*inf.Dec)(nil)}, s:${JSON.stringify(s)}, Format:"${format}"}`;
}

/** Quantity.String() of the API server for a value as parsed (no rounding): the canonical form its divisor sets and messages use. */
export function canonicalQuantity(q: Quantity): string {
  if (/^[eE]/.test(q.suffix)) {
    let m = q.mantissa;
    let e = q.exp10;
    while (m !== 0n && m % 10n === 0n) {
      m /= 10n;
      e++;
    }
    while (e % 3 !== 0) {
      m *= 10n;
      e--;
    }
    return e === 0 ? `${m}` : `${m}e${e}`;
  }
  return formatQuantity(q, q.suffix.endsWith('i'));
}
