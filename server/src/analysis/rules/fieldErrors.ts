/**
 * Messages in the API server's own words: the format of field.Error.Error() in
 * k8s.io/apimachinery/pkg/util/validation/field/errors.go, so that a user sees
 * in the editor what `kubectl apply` would print.
 */
import type { ApiErrorType } from '../model';

export interface FieldError {
  message: string;
  apiErrorType: ApiErrorType;
  fieldPath: string;
}

/** Go's %q for strings, %v for numbers and booleans, as errors.go prints a BadValue. */
export function goValue(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  return JSON.stringify(v);
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
