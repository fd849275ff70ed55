/**
 * The one home of the string formats the API server checks values against,
 * each mirroring one function with its own messages, byte for byte:
 * k8s.io/apimachinery/pkg/util/validation/validation.go (RegexError,
 * IsDNS1123Label, IsDNS1123Subdomain(WithUnderscore), IsQualifiedName,
 * IsValidLabelValue, IsEnvVarName, IsRelaxedEnvVarName, IsConfigMapKey,
 * IsValidPortName, IsValidPortNum, IsHTTPHeaderName), NameIsDNSSubdomain
 * (apimachinery/pkg/api/validation), the path checks of
 * pkg/apis/core/validation/validation.go, and IP parsing, sloppy (legacy
 * fields) and strict. Where a release changed a message, the version is a
 * parameter. Also label selector evaluation (metav1.LabelSelectorAsSelector +
 * Matches) and how the API server prints a BadValue.
 */
import type { FieldError } from './fieldErrors';
import type { FieldNode } from '../model';
import { entries, items, str } from '../model';
import { atLeast } from './common';

const UTF8 = new TextEncoder();
/** Go's len(string): the UTF-8 byte count (every length limit below counts bytes). */
export const byteLength = (s: string): number => UTF8.encode(s).length;

/** Go's strings.TrimSpace set (unicode.IsSpace). */
const GO_SPACE = '\\t\\n\\v\\f\\r \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
const PADDED = new RegExp(`^[${GO_SPACE}]|[${GO_SPACE}]$`);
/** strings.TrimSpace(s) != s: the string begins or ends with whitespace. */
export const paddedWithSpace = (s: string): boolean => PADDED.test(s);

// ---- Messages (RegexError, MaxLenError, EmptyError, InclusiveRangeError) ------

/** RegexError: note the two spaces before each `or`. */
export function regexError(msg: string, fmt: string, ...examples: string[]): string {
  if (examples.length === 0) return `${msg} (regex used for validation is '${fmt}')`;
  return `${msg} (e.g. ${examples.map((e, i) => `${i > 0 ? ' or ' : ''}'${e}', `).join('')}regex used for validation is '${fmt}')`;
}

export const maxLenError = (n: number): string => `must be no more than ${n} characters`;
const EMPTY = 'must be non-empty';
export const inclusiveRangeError = (lo: number, hi: number): string => `must be between ${lo} and ${hi}, inclusive`;

// ---- DNS names ------------------------------------------------------------------

const LABEL_FMT = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const SUBDOMAIN_FMT = `${LABEL_FMT}(\\.${LABEL_FMT})*`;
const LABEL_RE = new RegExp(`^${LABEL_FMT}$`);
const SUBDOMAIN_RE = new RegExp(`^${SUBDOMAIN_FMT}$`);
const LABEL_MSG =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character";
const SUBDOMAIN_MSG =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character";

/**
 * IsDNS1123Label (container, volume and port-less names, hostname, subdomain).
 * A name that is a valid subdomain fails only for its dots: `must not contain
 * dots` (apimachinery's IsDNS1123Label says so in every release from 1.27).
 */
export function dns1123Label(value: string): string[] {
  const errs: string[] = [];
  if (byteLength(value) > 63) errs.push(maxLenError(63));
  if (!LABEL_RE.test(value)) {
    if (SUBDOMAIN_RE.test(value)) errs.push('must not contain dots');
    else errs.push(regexError(LABEL_MSG, LABEL_FMT, 'my-name', '123-abc'));
  }
  return errs;
}

/** IsDNS1123Subdomain. */
export function dns1123Subdomain(value: string): string[] {
  const errs: string[] = [];
  if (byteLength(value) > 253) errs.push(maxLenError(253));
  if (!SUBDOMAIN_RE.test(value)) errs.push(regexError(SUBDOMAIN_MSG, SUBDOMAIN_FMT, 'example.com'));
  return errs;
}

/** NameIsDNSSubdomain (ValidateSecretName, ValidateConfigMapName, ValidateClassName): with `prefix`, a trailing '-' is tolerated. */
export function nameIsDNSSubdomain(name: string, prefix: boolean): string[] {
  // maskTrailingDash, quirk included: the last two characters become one 'a'.
  const n = prefix && name.length > 1 && name.endsWith('-') ? `${name.slice(0, -2)}a` : name;
  return dns1123Subdomain(n);
}

const U_LABEL_FMT = '_?[a-z0-9]([-_a-z0-9]*[a-z0-9])?';
const U_SUBDOMAIN_FMT = `${U_LABEL_FMT}(\\.${U_LABEL_FMT})*`;
const U_SUBDOMAIN_RE = new RegExp(`^${U_SUBDOMAIN_FMT}$`);
const U_SUBDOMAIN_MSG =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '_', '-' or '.', and must start and end with an alphanumeric character";

/**
 * A DNS search domain (validatePodDNSConfig): IsDNS1123Subdomain up to 1.32;
 * from 1.33 (RelaxedDNSSearchValidation on) IsDNS1123SubdomainWithUnderscore,
 * whose 1.33 message quoted the strict regex (kubernetes#132027).
 */
export function dnsSearchDomain(value: string, version: string): string[] {
  if (!atLeast(version, '1.33')) return dns1123Subdomain(value);
  const errs: string[] = [];
  if (byteLength(value) > 253) errs.push(maxLenError(253));
  if (!U_SUBDOMAIN_RE.test(value)) errs.push(regexError(U_SUBDOMAIN_MSG, atLeast(version, '1.34') ? U_SUBDOMAIN_FMT : SUBDOMAIN_FMT, 'example.com'));
  return errs;
}

// ---- Label keys and values ------------------------------------------------------

const QNAME_FMT = '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]';
const QNAME_RE = new RegExp(`^${QNAME_FMT}$`);
const QNAME_MSG = "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";

/**
 * The length message of the label formats: from 1.35 IsQualifiedName and
 * IsValidLabelValue are content.IsLabelKey and content.IsLabelValue
 * (k8s.io/apimachinery/pkg/api/validate/content), whose MaxLenError counts
 * `bytes`; before, `characters`.
 */
const labelMaxLenError = (n: number, version?: string): string => (version !== undefined && atLeast(version, '1.35') ? `must be no more than ${n} bytes` : maxLenError(n));

/**
 * IsQualifiedName (label keys, resource names, scheduling gates, toleration
 * keys, downward API subscripts). From 1.35 it is content.IsLabelKey, which
 * calls a name with several slashes `a valid label key` instead of `a
 * qualified name`, and counts lengths in bytes (its prefix too: content's
 * IsDNS1123Subdomain).
 */
export function qualifiedName(value: string, version: string): string[] {
  const errs: string[] = [];
  const parts = value.split('/');
  let name: string;
  if (parts.length === 1) name = parts[0];
  else if (parts.length === 2) {
    const prefix = parts[0];
    name = parts[1];
    if (prefix.length === 0) errs.push(`prefix part ${EMPTY}`);
    else {
      for (const m of dns1123Subdomain(prefix)) errs.push(`prefix part ${m === maxLenError(253) ? labelMaxLenError(253, version) : m}`);
    }
  } else {
    const what = atLeast(version, '1.35') ? 'a valid label key' : 'a qualified name';
    return [
      `${what} ${regexError(QNAME_MSG, QNAME_FMT, 'MyName', 'my.name', '123-abc')} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`,
    ];
  }
  if (name.length === 0) errs.push(`name part ${EMPTY}`);
  else if (byteLength(name) > 63) errs.push(`name part ${labelMaxLenError(63, version)}`);
  if (!QNAME_RE.test(name)) errs.push(`name part ${regexError(QNAME_MSG, QNAME_FMT, 'MyName', 'my.name', '123-abc')}`);
  return errs;
}

const LABEL_VALUE_FMT = `(${QNAME_FMT})?`;
const LABEL_VALUE_RE = new RegExp(`^${LABEL_VALUE_FMT}$`);
const LABEL_VALUE_MSG =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";

/** IsValidLabelValue (content.IsLabelValue from 1.35: lengths in bytes). */
export function labelValue(value: string, version?: string): string[] {
  const errs: string[] = [];
  if (byteLength(value) > 63) errs.push(labelMaxLenError(63, version));
  if (!LABEL_VALUE_RE.test(value)) errs.push(regexError(LABEL_VALUE_MSG, LABEL_VALUE_FMT, 'MyValue', 'my_value', '12345'));
  return errs;
}

// ---- Environment variable names and config keys ------------------------------------

function hasChDirPrefix(v: string): string[] {
  if (v === '.') return ["must not be '.'"];
  if (v === '..') return ["must not be '..'"];
  if (v.startsWith('..')) return ["must not start with '..'"];
  return [];
}

const ENV_VAR_NAME_FMT = '[-._a-zA-Z][-._a-zA-Z0-9]*';
const ENV_VAR_NAME_RE = new RegExp(`^${ENV_VAR_NAME_FMT}$`);
const ENV_VAR_NAME_MSG = "a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit";

/** IsEnvVarName: the strict form (no release from 1.27 uses IsCIdentifier for env vars). */
function strictEnvVarName(v: string): string[] {
  const errs = ENV_VAR_NAME_RE.test(v) ? [] : [regexError(ENV_VAR_NAME_MSG, ENV_VAR_NAME_FMT, 'my.env-name', 'MY_ENV.NAME', 'MyEnvName1')];
  return errs.concat(hasChDirPrefix(v));
}

/** IsRelaxedEnvVarName: printable ASCII other than '='. */
export function relaxedEnvVarName(v: string): string[] {
  const errs: string[] = [];
  if (v.length === 0) errs.push(`environment variable name ${EMPTY}`);
  if (/[^\x20-\x3c\x3e-\x7e]/.test(v)) errs.push("a valid environment variable name must consist only of printable ASCII characters other than '='");
  return errs;
}

/** Env var names and envFrom prefixes: IsEnvVarName up to 1.31, IsRelaxedEnvVarName from 1.32 (RelaxedEnvironmentVariableValidation beta, on). */
export const envVarName = (v: string, version: string): string[] => (atLeast(version, '1.32') ? relaxedEnvVarName(v) : strictEnvVarName(v));

const CONFIG_MAP_KEY_FMT = '[-._a-zA-Z0-9]+';
const CONFIG_MAP_KEY_RE = new RegExp(`^${CONFIG_MAP_KEY_FMT}$`);

/** IsConfigMapKey. */
export function configMapKey(v: string): string[] {
  const errs: string[] = [];
  if (byteLength(v) > 253) errs.push(maxLenError(253));
  if (!CONFIG_MAP_KEY_RE.test(v)) errs.push(regexError("a valid config key must consist of alphanumeric characters, '-', '_' or '.'", CONFIG_MAP_KEY_FMT, 'key.name', 'KEY_NAME', 'key-name'));
  return errs.concat(hasChDirPrefix(v));
}

// ---- Ports and HTTP headers -----------------------------------------------------------

/** IsValidPortNum. */
export const portNum = (n: number): string[] => (n >= 1 && n <= 65535 ? [] : [inclusiveRangeError(1, 65535)]);

/** IsValidPortName (IANA_SVC_NAME): every message that applies, in upstream order. */
export function portName(name: string): string[] {
  const errs: string[] = [];
  if (byteLength(name) > 15) errs.push(maxLenError(15));
  if (!/^[-a-z0-9]+$/.test(name)) errs.push('must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)');
  if (!/[a-z]/.test(name)) errs.push('must contain at least one letter (a-z)');
  if (name.includes('--')) errs.push('must not contain consecutive hyphens');
  if (name.length > 0 && (name.startsWith('-') || name.endsWith('-'))) errs.push('must not begin or end with a hyphen');
  return errs;
}

/** IsHTTPHeaderName. */
export const httpHeaderName = (v: string): string[] =>
  /^[-A-Za-z0-9]+$/.test(v) ? [] : [regexError("a valid HTTP header must consist of alphanumeric characters or '-'", '[-A-Za-z0-9]+', 'X-Header-Name')];

// ---- Paths (validatePathNoBacksteps, validateLocalDescendingPath, ValidateLocalNonReservedPath) ----

export const hasBacksteps = (p: string): boolean => p.split('/').includes('..');

export function pathNoBacksteps(p: string): string[] {
  return hasBacksteps(p) ? ["must not contain '..'"] : [];
}

export function localDescendingPath(p: string): string[] {
  return (p.startsWith('/') ? ['must be a relative path'] : []).concat(pathNoBacksteps(p));
}

export function localNonReservedPath(p: string): string[] {
  const errs = localDescendingPath(p);
  if (p.startsWith('..') && !p.startsWith('../')) errs.push("must not start with '..'");
  return errs;
}

// ---- IP addresses ------------------------------------------------------------------

export const IP_MSG = 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)';

/** Go 1.16's parseIPv4; `strict` adds the Go 1.17 rule: no leading zero in an octet. */
function ipv4(s: string, strict: boolean): boolean {
  const parts = s.split('.');
  return parts.length === 4 && parts.every((p) => /^\d+$/.test(p) && Number(p) <= 255 && !(strict && p.length > 1 && p.startsWith('0')));
}

/** Go 1.16's parseIPv6 (RFC 4291 with `::` and a dotted IPv4 tail, no zone); `strict`: at most 4 digits a group, as netip.ParseAddr. */
function ipv6(s: string, strict: boolean): boolean {
  let rest = s;
  let ellipsis = -1;
  let i = 0; // bytes parsed
  if (rest.startsWith('::')) {
    ellipsis = 0;
    rest = rest.slice(2);
    if (rest === '') return true;
  }
  while (i < 16) {
    const digits = /^[0-9a-fA-F]+/.exec(rest)?.[0];
    if (!digits || parseInt(digits, 16) > 0xffff || (strict && digits.length > 4)) return false;
    if (rest[digits.length] === '.') {
      if ((ellipsis < 0 && i !== 12) || i + 4 > 16 || !ipv4(rest, strict)) return false;
      rest = '';
      i += 4;
      break;
    }
    i += 2;
    rest = rest.slice(digits.length);
    if (rest === '') break;
    if (rest[0] !== ':' || rest.length === 1) return false;
    rest = rest.slice(1);
    if (rest[0] === ':') {
      if (ellipsis >= 0) return false;
      ellipsis = i;
      rest = rest.slice(1);
      if (rest === '') break;
    }
  }
  if (rest !== '') return false;
  // `::` must stand for at least one group of zeros.
  return i < 16 ? ellipsis >= 0 : ellipsis < 0;
}

function parseIP(s: string, strict: boolean): boolean {
  const at = s.search(/[.:]/);
  if (at < 0) return false;
  return s[at] === '.' ? ipv4(s, strict) : ipv6(s, strict);
}

/**
 * netutils.ParseIPSloppy (Go 1.16's net.ParseIP, kept for stored objects):
 * leading zeros are ignored. What IsValidIP (up to 1.32) and
 * IsValidIPForLegacyField without StrictIPCIDRValidation (alpha from 1.33,
 * off by default) accept: dnsConfig nameservers, hostAliases.
 */
export const isIPSloppy = (s: string): boolean => parseIP(s, false);

/**
 * Go's net.ParseIP since Go 1.17 (netip.ParseAddr without a zone): no leading
 * zeros. What the container runtime parses a hostIP with, and the parse under
 * the strict IsValidIP (which also refuses IPv4-mapped IPv6 and
 * non-canonical text; no caller here needs that).
 */
export const isIPStrict = (s: string): boolean => parseIP(s, true);

/** An IPv6 address (that parses strictly) is an IPv4-mapped one: `::ffff:a.b.c.d` in any spelling (netip.Addr.Is4In6). */
function is4In6(s: string): boolean {
  if (!s.includes(':')) return false;
  const toGroups = (part: string): number[] => {
    if (part === '') return [];
    const out: number[] = [];
    for (const g of part.split(':')) {
      if (g.includes('.')) {
        const b = g.split('.').map(Number);
        out.push(b[0] * 256 + b[1], b[2] * 256 + b[3]);
      } else out.push(parseInt(g, 16));
    }
    return out;
  };
  const [head, tail] = s.includes('::') ? s.split('::') : [s, undefined];
  const h = toGroups(head);
  const t = tail === undefined ? [] : toGroups(tail);
  const groups = tail === undefined ? h : [...h, ...new Array<number>(8 - h.length - t.length).fill(0), ...t];
  return groups.length === 8 && groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff;
}

/** StrictIPCIDRValidation: beta and on by default from 1.36 (alpha, off, in 1.33-1.35). */
export const STRICT_IP_VALIDATION = '1.36';

/**
 * IsValidIPForLegacyField (dnsConfig nameservers, hostAliases ip): a
 * ParseIPSloppy address (IsValidIP in 1.30-1.32; before, a bare ParseIPSloppy
 * that says `must be valid IP address`); from 1.36 (StrictIPCIDRValidation on) without
 * leading zeros and not IPv4-mapped IPv6. The messages, in order.
 */
export function ipForLegacyField(s: string, version: string): string[] {
  // Up to 1.29 the check was a bare ParseIPSloppy with its own message.
  if (!isIPSloppy(s)) return [atLeast(version, '1.30') ? IP_MSG : 'must be valid IP address'];
  if (!atLeast(version, STRICT_IP_VALIDATION)) return [];
  const out: string[] = [];
  if (!isIPStrict(s)) out.push('must not have leading 0s');
  else if (is4In6(s)) out.push('must not be an IPv4-mapped IPv6 address');
  return out;
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
    if (qualifiedName(k, version).length || labelValue(v, version).length) return undefined;
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
      if (s === undefined || labelValue(s, version).length) return undefined;
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

// ---- How a BadValue prints (field.Error, errors.go) --------------------------

/** From 1.34 values print as JSON (kubernetes#132314); before, as Go's %#v. */
export const jsonValues = (version: string): boolean => atLeast(version, '1.34');

/** encoding/json escapes <, > and & in strings. */
export function goJSONString(s: string): string {
  return JSON.stringify(s)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/**
 * A value as encoding/json writes it (a struct BadValue from 1.34): strings
 * escaped the Go way, object keys in the order given (a struct's field
 * order), keys whose value is undefined left out.
 */
export function renderGoJSON(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'string') return goJSONString(v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return `[${v.map(renderGoJSON).join(',')}]`;
  if (typeof v === 'object') {
    const parts = Object.entries(v as Record<string, unknown>)
      .filter(([, x]) => x !== undefined)
      .map(([k, x]) => `${goJSONString(k)}:${renderGoJSON(x)}`);
    return `{${parts.join(',')}}`;
  }
  return 'null';
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
