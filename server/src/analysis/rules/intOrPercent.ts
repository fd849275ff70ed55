/**
 * intstr.IntOrString values as the apps validation reads them
 * (pkg/apis/apps/validation/validation.go: ValidatePositiveIntOrPercent,
 * getPercentValue, getIntOrPercentValue, IsNotMoreThan100Percent) and as a
 * BadValue prints them: JSON from 1.34 (`"25%"`, `1`), Go's %#v of the
 * struct before (`intstr.IntOrString{Type:1, IntVal:0, StrVal:"25%"}`).
 */
import type { FieldNode } from '../model';
import { isSet } from '../model';
import { invalid, type FieldError } from './fieldErrors';
import { goJSONString, invalidRendered, jsonValues, regexError } from './stringFormats';
import { int32 } from './workloadParts';

/** An IntOrString as Go decodes it: an int32, or a string. */
export type IntOrString = { int: number } | { str: string };

/** The value of a field (undefined when absent, null, or not decodable: a fraction, a boolean, an int beyond int32). */
export function intOrString(f: FieldNode | undefined): IntOrString | undefined {
  if (!isSet(f) || f.kind !== 'scalar') return undefined;
  if (typeof f.value === 'string') return { str: f.value };
  const n = int32(f);
  return n === undefined ? undefined : { int: n };
}

/** The zero IntOrString (an int 0): what an absent non-pointer field holds. */
export const ZERO: IntOrString = { int: 0 };

/** How a BadValue prints it. */
export function renderIntOrString(v: IntOrString, version: string): string {
  if (jsonValues(version)) return 'int' in v ? String(v.int) : goJSONString(v.str);
  return 'int' in v ? `intstr.IntOrString{Type:0, IntVal:${v.int}, StrVal:""}` : `intstr.IntOrString{Type:1, IntVal:0, StrVal:${JSON.stringify(v.str)}}`;
}

const PERCENT = /^\d+%$/;
const PERCENT_MSG = regexError("a valid percent string must be a numeric string followed by an ending '%'", '[0-9]+%', '1%', '93%');

/** strconv.Atoi with its error ignored, as IntValue and getPercentValue use it: 0 for no int, a clamped (non-zero) value beyond int64. */
function atoiOrZero(s: string): number {
  return /^[+-]?\d+$/.test(s) ? Number(s) : 0;
}

/** getPercentValue: the percentage when the string is a valid one. */
export function percentOf(v: IntOrString): number | undefined {
  if (!('str' in v) || !PERCENT.test(v.str)) return undefined;
  return atoiOrZero(v.str.slice(0, -1));
}

/** getIntOrPercentValue. */
export function intOrPercentValue(v: IntOrString): number {
  const p = percentOf(v);
  if (p !== undefined) return p;
  return 'int' in v ? v.int : atoiOrZero(v.str);
}

/** ValidatePositiveIntOrPercent. */
export function positiveIntOrPercent(v: IntOrString, path: string, version: string): FieldError[] {
  if ('str' in v) return PERCENT.test(v.str) ? [] : [invalidRendered(path, renderIntOrString(v, version), PERCENT_MSG)];
  return v.int < 0 ? [invalid(path, v.int, 'must be greater than or equal to 0')] : [];
}

/** IsNotMoreThan100Percent. */
export function notMoreThan100Percent(v: IntOrString, path: string, version: string): FieldError[] {
  const p = percentOf(v);
  return p !== undefined && p > 100 ? [invalidRendered(path, renderIntOrString(v, version), 'must not be greater than 100%')] : [];
}
