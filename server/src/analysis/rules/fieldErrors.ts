/**
 * Messages in the API server's own words: the format of field.Error.Error() in
 * k8s.io/apimachinery/pkg/util/validation/field/errors.go, so that a user sees
 * in the editor what `kubectl apply` would print.
 */
import type { ApiErrorType } from '../findings';

export interface FieldError {
  message: string;
  apiErrorType: ApiErrorType;
  fieldPath: string;
}

/**
 * A BadValue that Go prints through its String() method, unquoted: named
 * string types such as core.ResourceName up to 1.33 (from 1.34 errors.go
 * prints them as JSON, quoted).
 */
export class GoStringer {
  constructor(readonly text: string) {}
}

/** Go's %q for strings, %v for numbers and booleans, as errors.go prints a BadValue. */
export function goValue(v: unknown): string {
  if (v instanceof GoStringer) return v.text;
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'string') return goQuote(v);
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  return JSON.stringify(v);
}

const GO_PRINT = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u;
const GO_ESCAPES: Record<string, string> = { '\x07': '\\a', '\b': '\\b', '\f': '\\f', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\v': '\\v' };
const hex = (n: number, width: number): string => n.toString(16).padStart(width, '0');

/** Go's strconv.Quote (%q): printable runes as they are, the rest escaped the Go way. */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else if (GO_PRINT.test(ch)) out += ch;
    else if (GO_ESCAPES[ch]) out += GO_ESCAPES[ch];
    else if (c < 0x20 || c === 0x7f) out += `\\x${hex(c, 2)}`;
    else if (c >= 0xd800 && c <= 0xdfff) out += '\\ufffd';
    else if (c < 0x10000) out += `\\u${hex(c, 4)}`;
    else out += `\\U${hex(c, 8)}`;
  }
  return `${out}"`;
}

const withDetail = (s: string, detail?: string): string => (detail ? `${s}: ${detail}` : s);

export function required(path: string, detail?: string): FieldError {
  return { fieldPath: path, apiErrorType: 'Required', message: `${path}: ${withDetail('Required value', detail)}` };
}

export function forbidden(path: string, detail: string): FieldError {
  return { fieldPath: path, apiErrorType: 'Forbidden', message: `${path}: ${withDetail('Forbidden', detail)}` };
}

export function invalid(path: string, value: unknown, detail: string): FieldError {
  return {
    fieldPath: path,
    apiErrorType: 'Invalid',
    message: `${path}: ${withDetail(`Invalid value: ${goValue(value)}`, detail)}`,
  };
}

export function duplicate(path: string, value: unknown): FieldError {
  return { fieldPath: path, apiErrorType: 'Duplicate', message: `${path}: Duplicate value: ${goValue(value)}` };
}

export function notFound(path: string, value: unknown, detail?: string): FieldError {
  return { fieldPath: path, apiErrorType: 'NotFound', message: `${path}: ${withDetail(`Not found: ${goValue(value)}`, detail)}` };
}

export function notSupported(path: string, value: unknown, supported: readonly string[]): FieldError {
  const list = supported.map((s) => JSON.stringify(s)).join(', ');
  return {
    fieldPath: path,
    apiErrorType: 'NotSupported',
    message: `${path}: ${withDetail(`Unsupported value: ${goValue(value)}`, supported.length ? `supported values: ${list}` : '')}`,
  };
}

export function tooLong(path: string, max: number): FieldError {
  return { fieldPath: path, apiErrorType: 'TooLong', message: `${path}: Too long: may not be more than ${max} bytes` };
}

export function tooMany(path: string, actual: number, max: number): FieldError {
  return {
    fieldPath: path,
    apiErrorType: 'TooMany',
    message: `${path}: Too many: ${actual}: must have at most ${max} items`,
  };
}
