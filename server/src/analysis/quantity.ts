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
}

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
  return { mantissa, exp10, suffix };
}

/** A YAML number is a quantity too (`cpu: 1`, `cpu: 0.5`). */
export function quantityOf(v: unknown): Quantity | undefined {
  if (typeof v === 'string') return parseQuantity(v);
  if (typeof v === 'number' && Number.isFinite(v)) return parseQuantity(String(v).replace(/e\+?/, 'e'));
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

/** Approximate value as a JS number (for display and sums). */
export function toNumber(q: Quantity): number {
  return Number(q.mantissa) * Math.pow(10, q.exp10);
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

export function maxQuantity(a: Quantity, b: Quantity): Quantity {
  return compareQuantities(a, b) >= 0 ? a : b;
}

/**
 * Canonical text in the style of the API server: binary suffixes for byte
 * sizes that are multiples of 1024, else the decimal SI suffix that keeps an
 * integer mantissa (`500m`, `2`, `1500M`).
 */
export function formatQuantity(q: Quantity, binary = false): string {
  if (q.mantissa === 0n) return '0';
  if (binary && q.exp10 >= 0) {
    let v = q.mantissa * 10n ** BigInt(q.exp10);
    const names = ['', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei'];
    let k = 0;
    while (k < names.length - 1 && v % 1024n === 0n && v !== 0n) {
      v /= 1024n;
      k++;
    }
    if (k > 0) return `${v}${names[k]}`;
  }
  // Normalise: strip trailing zeros into the exponent.
  let m = q.mantissa;
  let e = q.exp10;
  while (m % 10n === 0n && m !== 0n) {
    m /= 10n;
    e++;
  }
  const steps: [number, string][] = [
    [18, 'E'],
    [15, 'P'],
    [12, 'T'],
    [9, 'G'],
    [6, 'M'],
    [3, 'k'],
    [0, ''],
    [-3, 'm'],
    [-6, 'u'],
    [-9, 'n'],
  ];
  for (const [p, name] of steps) {
    if (e >= p) return `${m * 10n ** BigInt(e - p)}${name}`;
  }
  return `${m}e${e}`;
}
