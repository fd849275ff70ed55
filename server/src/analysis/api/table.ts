/**
 * Loader and queries for the Kubernetes API field table that
 * scripts/gen-api-table.ts generates from the OpenAPI v3 documents of each
 * Kubernetes release (shape: ./tableTypes.ts). The generated JSON is committed.
 *
 * Pure: no file system, no process, no editor API, so it runs the same in the
 * language server, the CLI and a browser worker. The JSON is bundled in (its
 * descriptions through ./docs, which the web worker receives instead).
 */
// Named imports: a bundle takes only these (the descriptions, `docs`, come through ./docs).
import { versions, sources, roots, types } from '../generated/apiTable.json';
import type { ApiTable, FieldDef, TypeDef } from './tableTypes';
import { apiDocs } from './docs';

/** A field as the generator writes it (FieldDef carries the per-release enum bounds itself now). */
export type ApiFieldDef = FieldDef;

/** Whether a field exists in a Kubernetes minor. */
export type FieldStatus = 'known' | 'unknown';

/** A parsed Kubernetes version: only major and minor matter here. */
export interface KubeVersion {
  major: number;
  minor: number;
}

/** The generated table, as loaded, without its descriptions (./docs has them). */
export const TABLE: Omit<ApiTable, 'docs'> = { versions, sources, roots, types } as unknown as Omit<ApiTable, 'docs'>;

/** Kubernetes minors that have upstream data, ascending and without gaps ("1.27", ..., "1.37"). */
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

/** The newest stable Kubernetes minor the data covers: the default release to check against. */
export const DEFAULT_VERSION: string = DATA_VERSIONS[DATA_VERSIONS.length - 1];

/** The minors a user may choose: every data version ("1.27" ... "1.37"). */
export const SUPPORTED_VERSIONS: readonly string[] = DATA_VERSIONS.filter((v) => compareVersions(v, DEFAULT_VERSION) <= 0);

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
  return i === undefined ? undefined : apiDocs()?.[i];
}

/**
 * A field's upstream description: its own (the text beside the field in the
 * OpenAPI document). For a field without one, the description of the type it
 * holds (or the array's / map's element type).
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
 * The default the OpenAPI document states for the field (a JSON value:
 * `"TCP"` for a container port's protocol), or undefined. Only non-zero
 * defaults are kept, and few fields have one: most defaults are set by the
 * API server's defaulting code, which the documents do not state.
 */
export function fieldDefault(def: FieldDef): unknown {
  return def.default;
}

/** Whether `v` lies within [since, until] (either bound optional). */
function within(v: string, since: string | undefined, until: string | undefined): boolean {
  return !(since && compareVersions(v, since) < 0) && !(until && compareVersions(v, until) > 0);
}

/**
 * Whether the field exists in Kubernetes `version` (any form parseVersion
 * accepts):
 * - 'known': it does (or the data says nothing against it);
 * - 'unknown': it does not: added after `version` (`since`) or removed before it (`until`).
 * Every minor of the table has data of its own. A version that does not
 * parse gives 'known': nothing is held against a field then.
 */
export function fieldStatus(def: FieldDef, version: string): FieldStatus {
  if (!def.since && !def.until) return 'known';
  const v = normalizeVersion(version);
  if (!v) return 'known';
  return within(v, def.since, def.until) ? 'known' : 'unknown';
}

/**
 * The values upstream documents for a string field (for a list of strings,
 * for its items), or undefined when it names none. With `version`, values
 * only later (or only earlier) minors list are left out.
 * Note: the published OpenAPI documents carry no `enum` arrays for these
 * types, so the values are read from the description text (see the generator).
 */
export function enumValues(def: FieldDef, version?: string): readonly string[] | undefined {
  const values = def.enum;
  if (!values || version === undefined) return values;
  const { enumSince, enumUntil } = def;
  if (!enumSince && !enumUntil) return values;
  const v = normalizeVersion(version);
  if (!v) return values;
  return values.filter((value) => within(v, enumSince?.[value], enumUntil?.[value]));
}
