/**
 * The string formats the API server checks names against, with its own
 * messages: k8s.io/apimachinery/pkg/util/validation/validation.go
 * (IsDNS1123Label, IsDNS1123Subdomain, IsQualifiedName, IsValidLabelValue,
 * RegexError) and the legacy IP parser (netutils.ParseIPSloppy). Also label
 * selector evaluation (metav1.LabelSelectorAsSelector + Matches).
 */
import { compareVersions } from '../api/table';
import type { FieldError } from './fieldErrors';
import type { FieldNode, PodSpecModel } from '../model';
import { entries, items, str } from '../model';

/** RegexError: note the two spaces before each `or`. */
export function regexError(msg: string, fmt: string, ...examples: string[]): string {
  if (examples.length === 0) return `${msg} (regex used for validation is '${fmt}')`;
  return `${msg} (e.g. ${examples.map((e, i) => `${i > 0 ? ' or ' : ''}'${e}', `).join('')}regex used for validation is '${fmt}')`;
}

export const maxLenError = (n: number): string => `must be no more than ${n} characters`;

const LABEL_FMT = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const SUBDOMAIN_FMT = `${LABEL_FMT}(\\.${LABEL_FMT})*`;
const LABEL_RE = new RegExp(`^${LABEL_FMT}$`);
const SUBDOMAIN_RE = new RegExp(`^${SUBDOMAIN_FMT}$`);
const LABEL_MSG =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character";
const SUBDOMAIN_MSG =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character";

/** IsDNS1123Label. Releases from 1.34 say `must not contain dots` for a dotted name. */
export function dns1123Label(value: string, version: string): string[] {
  const errs: string[] = [];
  if (value.length > 63) errs.push(maxLenError(63));
  if (!LABEL_RE.test(value)) {
    if (compareVersions(version, '1.34') >= 0 && SUBDOMAIN_RE.test(value)) errs.push('must not contain dots');
    else errs.push(regexError(LABEL_MSG, LABEL_FMT, 'my-name', '123-abc'));
  }
  return errs;
}

/** IsDNS1123Subdomain (NameIsDNSSubdomain without a prefix). */
export function dns1123Subdomain(value: string): string[] {
  const errs: string[] = [];
  if (value.length > 253) errs.push(maxLenError(253));
  if (!SUBDOMAIN_RE.test(value)) errs.push(regexError(SUBDOMAIN_MSG, SUBDOMAIN_FMT, 'example.com'));
  return errs;
}

const U_LABEL_FMT = '_?[a-z0-9]([-_a-z0-9]*[a-z0-9])?';
const U_SUBDOMAIN_FMT = `${U_LABEL_FMT}(\\.${U_LABEL_FMT})*`;
const U_SUBDOMAIN_RE = new RegExp(`^${U_SUBDOMAIN_FMT}$`);
const U_SUBDOMAIN_MSG =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '_', '-' or '.', and must start and end with an alphanumeric character";

/**
 * A DNS search domain (validatePodDNSConfig): strict subdomain up to 1.32;
 * from 1.33 (RelaxedDNSSearchValidation on) underscores are allowed, and 1.33
 * quoted the strict regex in its message (kubernetes#132027).
 */
export function dnsSearchDomain(value: string, version: string): string[] {
  if (compareVersions(version, '1.33') < 0) return dns1123Subdomain(value);
  const errs: string[] = [];
  if (value.length > 253) errs.push(maxLenError(253));
  if (!U_SUBDOMAIN_RE.test(value)) {
    errs.push(regexError(U_SUBDOMAIN_MSG, compareVersions(version, '1.34') >= 0 ? U_SUBDOMAIN_FMT : SUBDOMAIN_FMT, 'example.com'));
  }
  return errs;
}

const QNAME_FMT = '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]';
const QNAME_RE = new RegExp(`^${QNAME_FMT}$`);
const QNAME_MSG = "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";

/** IsQualifiedName (label keys, resource names, scheduling gates, toleration keys). */
export function qualifiedName(value: string, version: string): string[] {
  const errs: string[] = [];
  const parts = value.split('/');
  let name: string;
  if (parts.length === 1) name = parts[0];
  else if (parts.length === 2) {
    const prefix = parts[0];
    name = parts[1];
    if (prefix.length === 0) errs.push('prefix part must be non-empty');
    else for (const m of dns1123Subdomain(prefix)) errs.push(`prefix part ${m}`);
  } else {
    const what = compareVersions(version, '1.34') >= 0 ? 'a valid label key' : 'a qualified name';
    return [
      `${what} ${regexError(QNAME_MSG, QNAME_FMT, 'MyName', 'my.name', '123-abc')} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`,
    ];
  }
  if (name.length === 0) errs.push('name part must be non-empty');
  else if (name.length > 63) errs.push(`name part ${maxLenError(63)}`);
  if (!QNAME_RE.test(name)) errs.push(`name part ${regexError(QNAME_MSG, QNAME_FMT, 'MyName', 'my.name', '123-abc')}`);
  return errs;
}

const LABEL_VALUE_FMT = `(${QNAME_FMT})?`;
const LABEL_VALUE_RE = new RegExp(`^${LABEL_VALUE_FMT}$`);
const LABEL_VALUE_MSG =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";

/** IsValidLabelValue. */
export function labelValue(value: string): string[] {
  const errs: string[] = [];
  if (value.length > 63) errs.push(maxLenError(63));
  if (!LABEL_VALUE_RE.test(value)) errs.push(regexError(LABEL_VALUE_MSG, LABEL_VALUE_FMT, 'MyValue', 'my_value', '12345'));
  return errs;
}

export const IP_MSG = 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)';

function ipv4(s: string): boolean {
  const parts = s.split('.');
  return parts.length === 4 && parts.every((p) => /^\d{1,8}$/.test(p) && Number(p) <= 255);
}

/** netutils.ParseIPSloppy accepts it: IPv4 (leading zeros allowed) or IPv6 (no zone). */
export function isLegacyIP(s: string): boolean {
  if (ipv4(s)) return true;
  if (!s.includes(':')) return false;
  let body = s;
  let groups = 8;
  const last = s.lastIndexOf(':');
  if (s.slice(last + 1).includes('.')) {
    if (!ipv4(s.slice(last + 1))) return false;
    body = s.slice(0, last + 1);
    if (!body.endsWith('::')) body = body.slice(0, -1);
    groups = 6;
  }
  const halves = body.split('::');
  if (halves.length > 2) return false;
  const parts = halves.map((h) => (h === '' ? [] : h.split(':')));
  if (!parts.every((g) => g.every((x) => /^[0-9a-fA-F]{1,4}$/.test(x)))) return false;
  const n = parts.reduce((k, g) => k + g.length, 0);
  return halves.length === 2 ? n < groups : n === groups;
}

/** A map of strings as written (undefined when some value is not a string). */
export function stringMap(f: FieldNode | undefined): Map<string, string> | undefined {
  const out = new Map<string, string>();
  for (const e of entries(f)) {
    const v = e.kind === 'null' ? '' : str(e);
    if (v === undefined || e.key === undefined) return undefined;
    out.set(e.key, v);
  }
  return out;
}

/**
 * Evaluates a metav1.LabelSelector against labels. Returns undefined when
 * LabelSelectorAsSelector would fail (bad operator, bad key or value,
 * missing values), `true`/`false` otherwise. A null selector matches nothing.
 */
export function selectorMatches(selector: FieldNode | undefined, labels: Map<string, string>, version: string): boolean | undefined {
  if (!selector || selector.kind === 'null') return false;
  if (selector.kind !== 'map') return undefined;
  let ok = true;
  const ml = selector.children?.find((c) => c.key === 'matchLabels');
  const matchLabels = stringMap(ml);
  if (!matchLabels) return undefined;
  for (const [k, v] of matchLabels) {
    if (qualifiedName(k, version).length || labelValue(v).length) return undefined;
    if (labels.get(k) !== v) ok = false;
  }
  const me = selector.children?.find((c) => c.key === 'matchExpressions');
  for (const expr of items(me)) {
    const key = str(expr.children?.find((c) => c.key === 'key'));
    const op = str(expr.children?.find((c) => c.key === 'operator'));
    const valuesField = expr.children?.find((c) => c.key === 'values');
    const values: string[] = [];
    for (const v of items(valuesField)) {
      const s = str(v);
      if (s === undefined || labelValue(s).length) return undefined;
      values.push(s);
    }
    if (key === undefined || qualifiedName(key, version).length) return undefined;
    const has = labels.has(key);
    switch (op) {
      case 'In':
        if (values.length === 0) return undefined;
        if (!has || !values.includes(labels.get(key)!)) ok = false;
        break;
      case 'NotIn':
        if (values.length === 0) return undefined;
        if (has && values.includes(labels.get(key)!)) ok = false;
        break;
      case 'Exists':
        if (values.length) return undefined;
        if (!has) ok = false;
        break;
      case 'DoesNotExist':
        if (values.length) return undefined;
        if (has) ok = false;
        break;
      default:
        return undefined;
    }
  }
  return ok;
}

// ---- Which pod specs the API server validates --------------------------------

/**
 * Before 1.34 the API server did not validate the pod spec of a StatefulSet's
 * template (the ValidatePodTemplateSpec call was commented out in
 * ValidatePodTemplateSpecForStatefulSet; kubernetes#131790 added it).
 */
export function podSpecValidated(pod: PodSpecModel, version: string): boolean {
  return pod.kind !== 'StatefulSet' || compareVersions(version, '1.34') >= 0;
}

// ---- How a BadValue prints (field.Error, errors.go) --------------------------

/** From 1.34 values print as JSON (kubernetes#132314); before, as Go's %#v. */
export const jsonValues = (version: string): boolean => compareVersions(version, '1.34') >= 0;

/** encoding/json escapes <, > and & in strings. */
export function goJSONString(s: string): string {
  return JSON.stringify(s)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** A map[string]string (labels): `{"app":"web"}`, before 1.34 `map[string]string{"app":"web"}`; nil is `null` / `map[string]string(nil)`. */
export function renderStringMap(m: Map<string, string> | undefined, version: string): string {
  const keys = m ? [...m.keys()].sort() : [];
  if (jsonValues(version)) return m ? `{${keys.map((k) => `${goJSONString(k)}:${goJSONString(m.get(k)!)}`).join(',')}}` : 'null';
  return m ? `map[string]string{${keys.map((k) => `${JSON.stringify(k)}:${JSON.stringify(m.get(k)!)}`).join(', ')}}` : 'map[string]string(nil)';
}

/** A []string: `["a","b"]`, before 1.34 `[]string{"a", "b"}`. */
export function renderStringList(list: string[], version: string): string {
  if (jsonValues(version)) return `[${list.map(goJSONString).join(',')}]`;
  return `[]string{${list.map((s) => JSON.stringify(s)).join(', ')}}`;
}

/** A *metav1.LabelSelector as a BadValue (undefined when some part is not a plain string). */
export function renderLabelSelector(sel: FieldNode, version: string, extraLabels?: Map<string, string>): string | undefined {
  const ml = sel.children?.find((c) => c.key === 'matchLabels');
  let labels = ml && ml.kind !== 'null' ? stringMap(ml) : undefined;
  if (ml && ml.kind !== 'null' && !labels) return undefined;
  if (extraLabels) labels = new Map([...(labels ?? []), ...extraLabels]);
  const me = sel.children?.find((c) => c.key === 'matchExpressions');
  const exprs: { key: string; operator: string; values?: string[] }[] = [];
  for (const e of items(me)) {
    const key = str(e.children?.find((c) => c.key === 'key')) ?? '';
    const operator = str(e.children?.find((c) => c.key === 'operator')) ?? '';
    const vf = e.children?.find((c) => c.key === 'values');
    const values = vf && vf.kind === 'seq' ? items(vf).map((v) => str(v) ?? '') : undefined;
    exprs.push({ key, operator, values });
  }
  const hasExprs = !!me && me.kind === 'seq';
  if (jsonValues(version)) {
    const parts: string[] = [];
    if (labels && labels.size) parts.push(`"matchLabels":${renderStringMap(labels, version)}`);
    if (exprs.length) {
      const ex = exprs.map((e) => {
        const f = [`"key":${goJSONString(e.key)}`, `"operator":${goJSONString(e.operator)}`];
        if (e.values && e.values.length) f.push(`"values":${renderStringList(e.values, version)}`);
        return `{${f.join(',')}}`;
      });
      parts.push(`"matchExpressions":[${ex.join(',')}]`);
    }
    return `{${parts.join(',')}}`;
  }
  const ex = hasExprs
    ? `[]v1.LabelSelectorRequirement{${exprs
        .map((e) => `v1.LabelSelectorRequirement{Key:${JSON.stringify(e.key)}, Operator:${JSON.stringify(e.operator)}, Values:${e.values ? renderStringList(e.values, version) : '[]string(nil)'}}`)
        .join(', ')}}`
    : '[]v1.LabelSelectorRequirement(nil)';
  return `v1.LabelSelector{MatchLabels:${renderStringMap(labels, version)}, MatchExpressions:${ex}}`;
}

/** field.Invalid with a BadValue rendered by the caller (maps, lists, structs, unquoted Stringers). */
export function invalidRendered(path: string, rendered: string, detail: string): FieldError {
  return { fieldPath: path, apiErrorType: 'Invalid', message: `${path}: Invalid value: ${rendered}${detail ? `: ${detail}` : ''}` };
}
