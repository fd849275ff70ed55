/**
 * Field-aware mutations, driven by the project's API table (server/src/analysis/api/table.ts):
 * every field reachable from a workload kind gets values chosen by its type (boundary numbers,
 * bad formats, unknown enum values and case variants, wrong types, duplicates in lists, removal,
 * unknown fields and valid alternatives). One to three mutations are applied to a valid base.
 *
 * To add a kind of value: extend `valuesFor`; to add a kind of mutation: extend `mutationKinds`.
 */
import { getType, rootType, enumValues, type ApiFieldDef } from '../../../server/src/analysis/api/table';
import type { FieldType } from '../../../server/src/analysis/api/tableTypes';
import { Random } from './random';
import type { Obj } from './bases';
import { MUTATION_MODULES } from './mutations/index';

export type Segment = string | number;

export interface FieldSite {
  path: Segment[];
  def: ApiFieldDef;
  /** Type name of the object holding the field ("V1Container"). */
  owner: string;
}

const MAX_DEPTH = 14;
/** Types not walked into: they are free-form or huge and say little about pod validation. */
const SKIP_TYPES = new Set(['V1ManagedFieldsEntry', 'V1OwnerReference']);

/** Every field reachable from a kind's root type, list items at index 0, without cycles. */
export function fieldSites(kind: string): FieldSite[] {
  const root = rootType(kind);
  const out: FieldSite[] = [];
  if (!root) return out;
  const walk = (typeName: string, path: Segment[], seen: string[]): void => {
    const t = getType(typeName);
    if (!t || path.length > MAX_DEPTH || seen.includes(typeName) || SKIP_TYPES.has(typeName)) return;
    for (const [name, def] of Object.entries(t.fields)) {
      if (path.length === 0 && (name === 'status' || name === 'apiVersion' || name === 'kind')) continue;
      const p = [...path, name];
      out.push({ path: p, def, owner: typeName });
      let ft: FieldType = def.type;
      const sub: Segment[] = [...p];
      while (ft.kind === 'array' && ft.items) {
        sub.push(0);
        ft = ft.items;
      }
      if (ft.kind === 'object' && ft.ref) walk(ft.ref, sub, [...seen, typeName]);
    }
  };
  walk(root, [], []);
  return out;
}

export const INT32_MAX = 2147483647;

/** Marks a value that must appear in the YAML text as written (a plain scalar YAML 1.1 reads its own way). */
export const RAW = '__raw__:';

function caseVariants(v: string): string[] {
  const out = new Set([v.toLowerCase(), v.toUpperCase(), v[0].toLowerCase() + v.slice(1)]);
  out.delete(v);
  return [...out];
}

/** Candidate values for a field, by its type: invalid ones first-class, valid alternatives too (and those of the area modules). */
export function valuesFor(site: FieldSite, version: string, rnd: Random): unknown[] {
  const extra = MUTATION_MODULES.flatMap((m) => m.values?.(site, version, rnd) ?? []);
  return extra.length ? [...typeValues(site, version, rnd), ...extra] : typeValues(site, version, rnd);
}

function typeValues(site: FieldSite, version: string, rnd: Random): unknown[] {
  const t = site.def.type;
  const name = String(site.path[site.path.length - 1]);
  switch (t.kind) {
    case 'integer':
    case 'number':
      return [0, -1, 1, 3, 65535, 65536, INT32_MAX, INT32_MAX + 1, 1e12, 1.5, '80', `${RAW}0x1F`, `${RAW}1e3`, true, null];
    case 'boolean':
      return [true, false, 'true', `${RAW}yes`, `${RAW}on`, `${RAW}True`, 1, null];
    case 'quantity':
      return ['0', '1', '100m', '1Gi', '1.5', '-1', '1GB', '500MB', '1.5 Gi', '1e3', '0.1m', 100, 0.5, -2, '', null];
    case 'intOrString':
      return [0, 1, 8080, 65536, -1, 'http', 'HTTP', '8080', 'a_b', 'web-port-too-long-name', '25%', '0%', '150%', '', 1.5, true, null];
    case 'dateTime':
      return ['2024-01-01T00:00:00Z', 'yesterday', 0];
    case 'object':
      return [{}, null, 'text', ['x'], { unknownField: 1 }];
    case 'array': {
      const item = t.items?.kind;
      if (item === 'string') return [[], ['a'], ['a', 'a'], ['A.B'], [''], [1], 'a', null, [rnd.pick(['x', 'NET_ADMIN', 'ALL', '*'])]];
      return [[], null, 'text', {}, [{}]];
    }
    case 'map':
      return [{}, { a: 'b' }, { 'example.com/key': 'v' }, { 'A_B/c': 'v' }, { a: 1 }, { '': 'x' }, { a: '-x-' }, 'text', null];
    case 'any':
      return [{}, 'x'];
    case 'string': {
      const values: unknown[] = ['', 'valid-name', 'UPPER', 'a.b', 'a_b', '-a', 'a-', 'x'.repeat(64), 'x'.repeat(254), 'a'.repeat(64) + '.example.com', '1.2.3.4', '999.1.1.1', '::1', '01.2.3.4', 'a b', '/abs/path', '../up', 'ALL', '*', 1, true, ['a'], null];
      const enums = enumValues(site.def, version) ?? site.def.enum;
      if (enums && enums.length) {
        for (const e of enums) values.push(e, ...caseVariants(e));
        values.push('Bogus');
      }
      if (/[Pp]ath$/.test(name)) values.push('/', '/a/../b', 'relative', 'C:\\x');
      if (/image$/i.test(name)) values.push('nginx', ' nginx', 'nginx ', 'registry.example.com:5000/a/b:tag@sha256:' + 'a'.repeat(64));
      if (/name$/i.test(name)) values.push('a', 'my-name', 'my.name', 'My-Name', '1abc', 'a'.repeat(63), 'a'.repeat(253));
      if (/(^i|I)p$|IP$|[Aa]ddress$/.test(name)) values.push('10.0.0.1', '0.0.0.0', '1.1.1.01', 'fe80::1', 'localhost');
      return values;
    }
  }
  return [null];
}

export type MutationKind = 'set' | 'remove' | 'unknown-field' | 'duplicate-item' | 'wrong-type';

export interface Mutation {
  kind: MutationKind;
  path: Segment[];
  value?: unknown;
}

export function describe(m: Mutation): string {
  const p = formatPath(m.path);
  switch (m.kind) {
    case 'set':
    case 'wrong-type':
      return `${m.kind} ${p} = ${JSON.stringify(m.value)}`;
    default:
      return `${m.kind} ${p}`;
  }
}

export function formatPath(path: Segment[]): string {
  let s = '';
  for (const seg of path) s += typeof seg === 'number' ? `[${seg}]` : s ? `.${seg}` : seg;
  return s;
}

const clone = <T>(v: T): T => (v === undefined ? v : (JSON.parse(JSON.stringify(v)) as T));

/** The value at `path`, or undefined. */
export function getAt(obj: unknown, path: Segment[]): unknown {
  let cur: unknown = obj;
  for (const seg of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[seg as string];
  }
  return cur;
}

/** Sets a value, creating objects and one-item lists on the way. */
export function setAt(obj: Obj, path: Segment[], value: unknown): void {
  let cur: Record<string | number, unknown> = obj;
  for (let i = 0; i < path.length - 1; i++) {
    const seg = path[i];
    const nextIsIndex = typeof path[i + 1] === 'number';
    let nxt = cur[seg];
    if (nxt === null || typeof nxt !== 'object' || Array.isArray(nxt) !== nextIsIndex) {
      nxt = nextIsIndex ? [] : {};
      cur[seg] = nxt;
    }
    if (nextIsIndex) {
      const arr = nxt as unknown[];
      const idx = path[i + 1] as number;
      while (arr.length <= idx) arr.push({});
    }
    cur = nxt as Record<string | number, unknown>;
  }
  cur[path[path.length - 1]] = value;
}

export function removeAt(obj: Obj, path: Segment[]): boolean {
  const parent = getAt(obj, path.slice(0, -1));
  const last = path[path.length - 1];
  if (parent === null || typeof parent !== 'object') return false;
  if (Array.isArray(parent) && typeof last === 'number') {
    if (last >= parent.length) return false;
    parent.splice(last, 1);
    return true;
  }
  if (!(String(last) in (parent as object))) return false;
  delete (parent as Record<string, unknown>)[last as string];
  return true;
}

/** Paths present in the object (for removal and duplication). */
export function presentPaths(obj: unknown, path: Segment[] = [], out: Segment[][] = []): Segment[][] {
  if (Array.isArray(obj)) {
    obj.forEach((v, i) => {
      out.push([...path, i]);
      presentPaths(v, [...path, i], out);
    });
  } else if (obj !== null && typeof obj === 'object') {
    for (const [k, v] of Object.entries(obj)) {
      if (path.length === 0 && (k === 'apiVersion' || k === 'kind')) continue;
      out.push([...path, k]);
      presentPaths(v, [...path, k], out);
    }
  }
  return out;
}

const WRONG_TYPES: unknown[] = ['text', 12, true, ['a'], { a: 'b' }];

const focusCache = new Map<string, FieldSite[]>();
/** The sites of `kind` that an area module wants drawn more often. */
function focusSites(kind: string, sites: FieldSite[]): FieldSite[] {
  let f = focusCache.get(kind);
  if (!f) focusCache.set(kind, (f = sites.filter((s) => MUTATION_MODULES.some((m) => m.focus?.(s, kind)))));
  return f;
}

/** One random mutation of `obj` (applied in place); undefined when the draw found nothing to do. */
export function mutateOnce(obj: Obj, sites: FieldSite[], version: string, rnd: Random, kind?: string): Mutation | undefined {
  const r = rnd.next();
  if (r < 0.55) {
    // Set a field (present or not) to a value chosen by its type. Prefer fields near what is there,
    // and (a third of the time) the fields an area module focuses on.
    const focused = kind ? focusSites(kind, sites) : [];
    const site = focused.length && rnd.chance(0.3) ? rnd.pick(focused) : pickSite(obj, sites, rnd);
    const value = clone(rnd.pick(valuesFor(site, version, rnd)));
    setAt(obj, site.path, value);
    return { kind: 'set', path: site.path, value };
  }
  const present = presentPaths(obj);
  // Earlier mutations may have removed everything but apiVersion and kind.
  if (present.length === 0) return undefined;
  if (r < 0.72) {
    const path = rnd.pick(present);
    if (!removeAt(obj, path)) return undefined;
    return { kind: 'remove', path };
  }
  if (r < 0.8) {
    // A list item duplicated (same names, same ports, same paths...).
    const lists = present.filter((p) => typeof p[p.length - 1] === 'number');
    if (!lists.length) return undefined;
    const path = rnd.pick(lists);
    const arr = getAt(obj, path.slice(0, -1)) as unknown[];
    arr.push(clone(arr[path[path.length - 1] as number]));
    return { kind: 'duplicate-item', path };
  }
  if (r < 0.9) {
    // An unknown field in an object that is there (or a case variant of a known one).
    const objects = [[], ...present].filter((p) => {
      const v = getAt(obj, p);
      return v !== null && typeof v === 'object' && !Array.isArray(v);
    });
    const path = rnd.pick(objects);
    const target = getAt(obj, path) as Record<string, unknown>;
    const keys = Object.keys(target);
    const name = keys.length && rnd.chance(0.4) ? caseVariants(rnd.pick(keys))[0] ?? 'unknownField' : rnd.pick(['unknownField', 'foo', 'Name', 'imagePullPolcy', 'x-extra']);
    if (name in target) return undefined;
    target[name] = rnd.pick(['x', 1, {}]);
    return { kind: 'unknown-field', path: [...path, name] };
  }
  // A value of the wrong JSON type for a present scalar or container.
  const path = rnd.pick(present);
  const value = clone(rnd.pick(WRONG_TYPES));
  setAt(obj, path, value);
  return { kind: 'wrong-type', path, value };
}

/** A field site, biased to those whose parent object is present in the base. */
function pickSite(obj: Obj, sites: FieldSite[], rnd: Random): FieldSite {
  for (let tries = 0; tries < 4; tries++) {
    const s = rnd.pick(sites);
    if (getAt(obj, s.path.slice(0, -1)) !== undefined) return s;
  }
  return rnd.pick(sites);
}
