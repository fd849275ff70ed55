/**
 * Loader and queries for the Kubernetes API field table generated at build
 * time by scripts/gen-api-table.mjs (shape: ./tableTypes.ts).
 *
 * Pure: no file system, no process, no editor API, so it runs the same in the
 * language server, the CLI and a browser worker. The JSON is bundled in.
 */
import table from '../generated/apiTable.json';
import type { ApiTable, FieldDef, TypeDef } from './tableTypes';

/**
 * A field as the generator writes it. Besides the documented FieldDef it may
 * carry, when descriptions of different Kubernetes minors list different values:
 * - `enumSince`: value -> first data version whose description lists it;
 * - `enumUntil`: value -> last data version whose description lists it.
 */
export interface ApiFieldDef extends FieldDef {
  enumSince?: Record<string, string>;
  enumUntil?: Record<string, string>;
}

/** Whether a field exists in a Kubernetes minor: 'uncertain' only for minors without upstream data. */
export type FieldStatus = 'known' | 'unknown' | 'uncertain';

/** A parsed Kubernetes version: only major and minor matter here. */
export interface KubeVersion {
  major: number;
  minor: number;
}

/** The generated table, as loaded. */
export const TABLE: ApiTable = table as unknown as ApiTable;

/** Kubernetes minors that have upstream data, ascending ("1.27", ...). */
export const DATA_VERSIONS: readonly string[] = TABLE.versions;

const VERSION_RE = /^\s*v?(\d+)\.(\d+)(?:\.\d+)?(?:[-+][0-9A-Za-z.+-]*)?\s*$/;

/**
 * Parses "1.30", "v1.30", "1.30.2" or "v1.30.2-eks-1" into major/minor;
 * undefined for anything else.
 */
export function parseVersion(s: string): KubeVersion | undefined {
  const m = VERSION_RE.exec(s);
  if (!m) return undefined;
  return { major: Number(m[1]), minor: Number(m[2]) };
}

/** The "major.minor" form of a version string ("v1.30.2" -> "1.30"), or undefined. */
export function normalizeVersion(s: string): string | undefined {
  const v = parseVersion(s);
  return v && `${v.major}.${v.minor}`;
}

/**
 * Orders two versions by major then minor: negative, zero or positive like a
 * sort comparator. NaN when either is not a version (so `< 0` and `> 0` are
 * both false: callers never crash on a bad setting).
 */
export function compareVersions(a: string, b: string): number {
  const x = parseVersion(a);
  const y = parseVersion(b);
  if (!x || !y) return NaN;
  return x.major - y.major || x.minor - y.minor;
}

function minorRange(from: string, to: string): string[] {
  const a = parseVersion(from);
  const b = parseVersion(to);
  const out: string[] = [];
  if (!a || !b || a.major !== b.major) return [...DATA_VERSIONS];
  for (let m = a.minor; m <= b.minor; m++) out.push(`${a.major}.${m}`);
  return out;
}

/**
 * Every minor from the oldest to the newest data version ("1.27" ... "1.36"),
 * including minors without data of their own (1.31, 1.35).
 */
export const SUPPORTED_VERSIONS: readonly string[] = minorRange(DATA_VERSIONS[0], DATA_VERSIONS[DATA_VERSIONS.length - 1]);

/** The newest stable Kubernetes minor the data covers ("1.36"). */
export const DEFAULT_VERSION: string = DATA_VERSIONS[DATA_VERSIONS.length - 1];

/** Whether `s` names (in any form parseVersion accepts) one of SUPPORTED_VERSIONS. */
export function isSupportedVersion(s: string): boolean {
  const v = normalizeVersion(s);
  return v !== undefined && SUPPORTED_VERSIONS.includes(v);
}

/** Whether the table has upstream data of its own for the version's minor. */
export function hasData(s: string): boolean {
  const v = normalizeVersion(s);
  return v !== undefined && DATA_VERSIONS.includes(v);
}

const own = <T>(rec: Record<string, T>, key: string): T | undefined =>
  Object.prototype.hasOwnProperty.call(rec, key) ? rec[key] : undefined;

/** Root type name of a workload kind ("Pod" -> "V1Pod"), or undefined for kinds the table does not cover. */
export function rootType(kind: string): string | undefined {
  return own(TABLE.roots, kind);
}

/** The type named `name` ("V1Container"), or undefined. */
export function getType(name: string): TypeDef | undefined {
  return own(TABLE.types, name);
}

/**
 * The field `fieldName` (its YAML key) of type `typeName`, over all versions
 * (check fieldStatus for one version); undefined when no version has it.
 */
export function getField(typeName: string, fieldName: string): ApiFieldDef | undefined {
  const t = getType(typeName);
  return t ? own(t.fields, fieldName) : undefined;
}

function docAt(i: number | undefined): string | undefined {
  return i === undefined ? undefined : TABLE.docs[i];
}

/**
 * A field's upstream description. Fields holding another type often have no
 * description of their own upstream; for those the description of the
 * referenced type (or the array's / map's element type) is given.
 */
export function fieldDoc(def: FieldDef): string | undefined {
  const text = docAt(def.doc);
  if (text !== undefined) return text;
  let t = def.type;
  while (t.items) t = t.items;
  return t.kind === 'object' && t.ref ? typeDoc(t.ref) : undefined;
}

/** A type's upstream description, or undefined. */
export function typeDoc(name: string): string | undefined {
  return docAt(getType(name)?.doc);
}

/**
 * Whether a version is at or after a `since`-like bound. For a minor without
 * data, the bound that is the next data version is only 'uncertain'.
 */
function lowerBound(since: string, v: string): FieldStatus {
  if (compareVersions(v, since) >= 0) return 'known';
  if (DATA_VERSIONS.includes(v)) return 'unknown';
  const next = DATA_VERSIONS.find((d) => compareVersions(d, v) > 0);
  return next === since ? 'uncertain' : 'unknown';
}

function upperBound(until: string, v: string): FieldStatus {
  if (compareVersions(v, until) <= 0) return 'known';
  if (DATA_VERSIONS.includes(v)) return 'unknown';
  const prev = [...DATA_VERSIONS].reverse().find((d) => compareVersions(d, v) < 0);
  return prev === until ? 'uncertain' : 'unknown';
}

function combine(a: FieldStatus, b: FieldStatus): FieldStatus {
  if (a === 'unknown' || b === 'unknown') return 'unknown';
  if (a === 'uncertain' || b === 'uncertain') return 'uncertain';
  return 'known';
}

/**
 * Whether the field exists in Kubernetes `version` (any form parseVersion
 * accepts):
 * - 'known': it does (or the data says nothing against it);
 * - 'unknown': it does not: added after `version` (`since`) or removed before it (`until`);
 * - 'uncertain': `version` has no data of its own (1.31, 1.35) and the field
 *   appears (or disappears) at the neighbouring data version, so it may or may
 *   not exist in `version`. Never report such a field as unknown.
 * A field without since/until is 'known' in every version; one with them is
 * 'uncertain' when `version` does not parse.
 */
export function fieldStatus(def: FieldDef, version: string): FieldStatus {
  if (!def.since && !def.until) return 'known';
  const v = normalizeVersion(version);
  if (!v) return 'uncertain';
  const low: FieldStatus = def.since ? lowerBound(def.since, v) : 'known';
  const high: FieldStatus = def.until ? upperBound(def.until, v) : 'known';
  return combine(low, high);
}

/**
 * The values upstream documents for a string field (for a list of strings,
 * for its items), or undefined when it names none. With `version`, values the
 * descriptions name only in later (or only in earlier) minors are left out;
 * values merely 'uncertain' in that minor are kept.
 * Note: read from the description text; see the generator for the phrasings.
 */
export function enumValues(def: FieldDef, version?: string): readonly string[] | undefined {
  const values = def.enum;
  if (!values || version === undefined) return values;
  const { enumSince, enumUntil } = def as ApiFieldDef;
  if (!enumSince && !enumUntil) return values;
  const v = normalizeVersion(version);
  if (!v) return values;
  return values.filter((value) => {
    const since = enumSince?.[value];
    const until = enumUntil?.[value];
    const low: FieldStatus = since ? lowerBound(since, v) : 'known';
    const high: FieldStatus = until ? upperBound(until, v) : 'known';
    return combine(low, high) !== 'unknown';
  });
}
