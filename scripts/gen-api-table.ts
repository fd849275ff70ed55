/**
 * Generates server/src/analysis/generated/apiTable.json, the compact Kubernetes
 * API field table the analysis uses (shape: server/src/analysis/api/tableTypes.ts).
 * The file is committed: building and testing need neither Go nor this script.
 * Regenerate with `npm run gen`; test/unit/apiTableSource.test.ts checks that
 * the committed file is what this script writes.
 *
 * Source: the OpenAPI v3 documents every release of k8s.io/kubernetes ships in
 * api/openapi-spec/v3/, taken from the Go module cache (fetched with
 * `go mod download` when missing): one release per Kubernetes minor, the patch
 * releases pinned in RELEASES.
 *
 * Starting from the workload roots, every reachable schema is collected in each
 * release, then merged into one table: a field's type, own description,
 * required flag and default come from the newest release that has the field;
 * `since` / `until` record the first / last release that has it.
 *
 * What comes from where:
 * - types: `type` / `format` of a property, or the schema its `$ref` (or
 *   `allOf: [{$ref}]`) names: Quantity by its schema name, IntOrString by
 *   `format: int-or-string`, Time by `format: date-time`;
 * - a field's own description: the `description` beside the `$ref` wrapper;
 *   a type's description: the schema's;
 * - `required`: the schema's `required` list;
 * - `default`: the property's `default`, unless it is the zero value of the
 *   field's type (the v3 documents state `""`, `0`, `false` or `{}` for every
 *   field serialised without omitempty, required ones included: that is no
 *   default a user relies on);
 * - enums: an `enum` array where a release has one; otherwise the values its
 *   description lists ("Possible enum values", or the usual phrasings of a
 *   closed set, see extractEnum). The published documents of 1.27–1.37 carry
 *   neither `enum` arrays nor "Possible enum values" for these types, so in
 *   practice the values come from the description text.
 *
 * Type names follow @kubernetes/client-node, which the analysis used before:
 * `io.k8s.api.core.v1.Container` is `V1Container`, and a kind whose version and
 * name another API group of the same release also defines takes its group as a
 * prefix (`io.k8s.api.core.v1.ResourceClaim` is `CoreV1ResourceClaim` since
 * resource.k8s.io/v1 has a ResourceClaim too).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { ApiTable, FieldDef, FieldType, TypeDef } from '../server/src/analysis/api/tableTypes';

export const ROOT = resolve(__dirname, '..');
export const OUT = join(ROOT, 'server/src/analysis/generated/apiTable.json');

/** The release read for each Kubernetes minor: the newest patch of each. */
export const RELEASES: readonly string[] = [
  'v1.27.16',
  'v1.28.15',
  'v1.29.15',
  'v1.30.14',
  'v1.31.14',
  'v1.32.13',
  'v1.33.13',
  'v1.34.12',
  'v1.35.8',
  'v1.36.5',
  'v1.37.2',
];

const MODULE = 'k8s.io/kubernetes';
const SPEC_DIR = 'api/openapi-spec/v3';

/** The documents that hold the workload kinds (each is self-contained: it carries every schema its kinds reach). */
const WORKLOAD_DOCS = ['api__v1_openapi.json', 'apis__apps__v1_openapi.json', 'apis__batch__v1_openapi.json'];

/** Workload kind -> root schema. */
const ROOTS: Record<string, string> = {
  Pod: 'io.k8s.api.core.v1.Pod',
  PodTemplate: 'io.k8s.api.core.v1.PodTemplate',
  Deployment: 'io.k8s.api.apps.v1.Deployment',
  StatefulSet: 'io.k8s.api.apps.v1.StatefulSet',
  DaemonSet: 'io.k8s.api.apps.v1.DaemonSet',
  ReplicaSet: 'io.k8s.api.apps.v1.ReplicaSet',
  ReplicationController: 'io.k8s.api.core.v1.ReplicationController',
  Job: 'io.k8s.api.batch.v1.Job',
  CronJob: 'io.k8s.api.batch.v1.CronJob',
};

const QUANTITY = 'io.k8s.apimachinery.pkg.api.resource.Quantity';
/** Schemas of free-form JSON: `type: object` without properties, like an empty struct, but anything goes. */
const FREE_FORM = new Set(['io.k8s.apimachinery.pkg.apis.meta.v1.FieldsV1', 'io.k8s.apimachinery.pkg.runtime.RawExtension']);

export class GenerationError extends Error {}
function fail(msg: string): never {
  throw new GenerationError(msg);
}

// ---------------------------------------------------------------- OpenAPI input

/** The part of an OpenAPI v3 schema this generator reads. */
export interface Schema {
  description?: string;
  type?: string;
  format?: string;
  $ref?: string;
  allOf?: Schema[];
  items?: Schema;
  additionalProperties?: Schema | boolean;
  properties?: Record<string, Schema>;
  required?: string[];
  enum?: unknown[];
  default?: unknown;
  oneOf?: Schema[];
}

/** One release's input: its version, the schemas of the workload documents, and every schema name of the release. */
export interface Release {
  /** "v1.37.2" */
  version: string;
  schemas: Record<string, Schema>;
  /** Schema names of all the release's documents (to tell which kind names two API groups share). */
  allNames: ReadonlySet<string>;
}

const minorOf = (version: string): string => /^v?(\d+\.\d+)\./.exec(version)?.[1] ?? fail(`not a release version: ${version}`);

let modCache: string | undefined;
function goModCache(): string {
  if (modCache !== undefined) return modCache;
  if (process.env.GOMODCACHE) return (modCache = process.env.GOMODCACHE);
  const go = spawnSync('go', ['env', 'GOMODCACHE'], { encoding: 'utf8' });
  if (go.status === 0 && go.stdout.trim()) return (modCache = go.stdout.trim());
  const gopath = process.env.GOPATH?.split(':')[0] || join(homedir(), 'go');
  return (modCache = join(gopath, 'pkg', 'mod'));
}

/** Whether `go` runs here. */
export function hasGo(): boolean {
  return spawnSync('go', ['version'], { encoding: 'utf8' }).status === 0;
}

/**
 * The folder of a release's OpenAPI v3 documents. Looks in the Go module cache;
 * with `download`, fetches a missing release with `go mod download`. Returns
 * undefined when the release is missing and may not (or cannot) be downloaded.
 */
export function locateRelease(version: string, download: boolean): string | undefined {
  const cached = join(goModCache(), `${MODULE}@${version}`, SPEC_DIR);
  if (existsSync(cached)) return cached;
  if (!download) return undefined;
  const go = spawnSync('go', ['mod', 'download', '-json', `${MODULE}@${version}`], { encoding: 'utf8', cwd: ROOT });
  if (go.error) fail(`${MODULE}@${version} is not in the Go module cache and \`go\` cannot run: ${go.error.message}`);
  let dir: string | undefined;
  try {
    dir = (JSON.parse(go.stdout) as { Dir?: string; Error?: string }).Dir;
  } catch {
    // reported below
  }
  if (go.status !== 0 || !dir) fail(`go mod download ${MODULE}@${version} failed: ${(go.stderr || go.stdout).trim()}`);
  const spec = join(dir, SPEC_DIR);
  if (!existsSync(spec)) fail(`${MODULE}@${version} has no ${SPEC_DIR}`);
  return spec;
}

/** Reads one release's documents. */
export function readRelease(version: string, specDir: string): Release {
  const allNames = new Set<string>();
  const schemas: Record<string, Schema> = {};
  const files = readdirSync(specDir).filter((f) => f.endsWith('.json'));
  for (const f of WORKLOAD_DOCS) if (!files.includes(f)) fail(`${version}: no ${f} in ${SPEC_DIR}`);
  for (const f of files) {
    const doc = JSON.parse(readFileSync(join(specDir, f), 'utf8')) as { components?: { schemas?: Record<string, Schema> } };
    const defined = doc.components?.schemas ?? {};
    for (const name of Object.keys(defined)) allNames.add(name);
    if (!WORKLOAD_DOCS.includes(f)) continue;
    for (const [name, s] of Object.entries(defined)) {
      if (name in schemas && withoutExtensions(schemas[name]) !== withoutExtensions(s)) fail(`${version}: ${name} differs between documents`);
      schemas[name] = s;
    }
  }
  return { version, schemas, allNames };
}

/** A schema as JSON without its `x-kubernetes-*` extensions (the documents list different group-version-kinds for DeleteOptions). */
const withoutExtensions = (s: Schema) => JSON.stringify(s, (k, v) => (k.startsWith('x-') ? undefined : v));

/** Every pinned release, located (downloaded when `download`) and read; undefined when one is missing. */
export function readReleases(download: boolean): Release[] | undefined {
  const out: Release[] = [];
  for (const v of RELEASES) {
    const dir = locateRelease(v, download);
    if (!dir) return undefined;
    out.push(readRelease(v, dir));
  }
  return out;
}

// ---------------------------------------------------------------- names

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** "io.k8s.api.core.v1.Container" -> ["core", "v1", "Container"]. */
function splitName(full: string): [group: string, version: string, kind: string] {
  const parts = full.split('.');
  if (parts.length < 3) fail(`unexpected schema name ${full}`);
  return [parts[parts.length - 3], parts[parts.length - 2], parts[parts.length - 1]];
}

/** Per release: "v1.ResourceClaim" keys that more than one schema name of the release ends with. */
function sharedKinds(r: Release): Set<string> {
  const seen = new Map<string, string>();
  const shared = new Set<string>();
  for (const full of r.allNames) {
    const [, v, k] = splitName(full);
    const key = `${v}.${k}`;
    const prior = seen.get(key);
    if (prior !== undefined && prior !== full) shared.add(key);
    seen.set(key, full);
  }
  return shared;
}

/** The client-node style name of a schema in a release: V1Container, V1alpha3Workload, CoreV1ResourceClaim. */
function displayName(full: string, shared: Set<string>): string {
  const [g, v, k] = splitName(full);
  return shared.has(`${v}.${k}`) ? `${cap(g)}${cap(v)}${k}` : `${cap(v)}${k}`;
}

// ---------------------------------------------------------------- enums from descriptions

const ITEM_BARE = /^[A-Z][A-Za-z0-9]*$/; // CamelCase word: Always, IfNotPresent, RSA3072
const ITEM_QUOTED = /^(["'`])([A-Za-z0-9][\w.-]*)\1$/; // "OnDelete", 'ClusterFirst', `Indexed`
// Items are trimmed after the split: the separators need not take the blanks around them.
const LIST_SEP = /,\s*(?:and\s+|or\s+)?|(?<!\s)\s+(?:and|or)\s+/;
const INLINE_LEAD =
  /\b(?:one of:?|valid values are:?|valid operators are|allowed values are|the only valid values for this field are|must be|can be)\s+/gi;
const DASH_LEAD = /\b(?:possible values are|valid values are|can be one of|options are):\s*(?=-)/i;
const OPTION_LEAD = /\bvalid options are:\s*/i; // "Valid options are: Localhost - ... RuntimeDefault - ..."
const SINGLE = /\bthe only possible value is\s+("?)([a-z][a-z0-9]*)\1(?=[\s.,;]|$)/i;

/** Splits `A, B, or C` into values when every item is one plain word; otherwise undefined. */
function parseList(text: string, minItems: number): string[] | undefined {
  const items = text.split(LIST_SEP).map((s) => s.trim().replace(/\(default\)$/, '').trim());
  if (items.length < minItems) return undefined;
  const values: string[] = [];
  for (const item of items) {
    const q = ITEM_QUOTED.exec(item);
    if (q) values.push(q[2]);
    else if (ITEM_BARE.test(item)) values.push(item);
    else return undefined;
  }
  return values;
}

/**
 * Allowed values a description names, or undefined. Upstream descriptions may
 * end with "Possible enum values:\n - `\"Always\"` means ..."; the published
 * documents we read have no such lists, so the usual Kubernetes phrasings of a
 * closed set are read as well:
 *   "One of Always, Never, IfNotPresent."     "Can be \"Recreate\" or \"RollingUpdate\"."
 *   "Valid values are 'ClusterFirst', ... or 'None'."   "Must be UDP, TCP, or SCTP."
 *   "Possible values are: - In: ... - NotIn: ..."  (dash lists, also "Options are:")
 *   "Valid options are: Localhost - ... RuntimeDefault - ..."
 *   "The only possible value is \"Restart\""
 * Only lists whose every item is one CamelCase word (or one quoted token) and
 * that end the sentence are taken; anything looser is left out, not guessed.
 */
export function extractEnum(doc: string | undefined): string[] | undefined {
  if (!doc) return undefined;
  const pev = /Possible enum values:([\s\S]*)$/.exec(doc);
  if (pev) {
    const values = [...pev[1].matchAll(/-\s*`"([^"`]*)"`/g)].map((m) => m[1]);
    if (values.length) return values;
  }
  const dash = DASH_LEAD.exec(doc);
  if (dash) {
    const rest = doc.slice(dash.index + dash[0].length);
    const values = [...rest.matchAll(/(?:^|\s)-\s+("?)([A-Z][A-Za-z0-9]*)\1(?:\s+\(default\))?(?::|\s+means\b)/g)].map((m) => m[2]);
    if (values.length >= 2) return values;
  }
  const option = OPTION_LEAD.exec(doc);
  if (option) {
    const rest = doc.slice(option.index + option[0].length);
    const values = [...rest.matchAll(/(?:^|\.\s+|\s)([A-Z][A-Za-z0-9]*) - /g)].map((m) => m[1]);
    if (values.length >= 2) return values;
  }
  const single = SINGLE.exec(doc);
  if (single) return [single[2]];
  for (const lead of doc.matchAll(INLINE_LEAD)) {
    const from = lead.index + lead[0].length;
    const stop = /\.(?:\s|$)|$/.exec(doc.slice(from))!;
    let values = parseList(doc.slice(from, from + stop.index), 2);
    if (!values) continue;
    // Upstream typo "In, NotIn, Exists, DoesNotExist. Gt, and Lt.": a following
    // sentence that is nothing but a list continues this one.
    const after = doc.slice(from + stop.index + 1);
    const cont = /^\s+([^.\s][^.]*)\.(?:\s|$)/.exec(after);
    const more = cont && /^\s*[A-Z][A-Za-z0-9]*,/.test(cont[1]) ? parseList(cont[1], 2) : undefined;
    if (more) values = values.concat(more);
    return [...new Set(values)];
  }
  return undefined;
}

/** A property's values: its `enum` array (or its items'), else what its description lists. */
function enumOf(p: Schema): string[] | undefined {
  const arr = p.enum ?? p.items?.enum;
  if (arr) return arr.filter((v): v is string => typeof v === 'string');
  return extractEnum(p.description);
}

// ---------------------------------------------------------------- types

const refName = (ref: string) => ref.replace(/^#\/components\/schemas\//, '');

/** The schema name a property points at through `$ref` or a one-element `allOf`, if any. */
function refOfProp(p: Schema, where: string): string | undefined {
  if (p.$ref) return refName(p.$ref);
  if (p.allOf) {
    if (p.allOf.length !== 1 || !p.allOf[0].$ref) fail(`${where}: allOf other than one $ref`);
    return refName(p.allOf[0].$ref);
  }
  return undefined;
}

/**
 * Maps a property schema to a FieldType. `objectName(full)` gives the table
 * name of a referenced object schema; `refs` collects the schema names of
 * the objects the type refers to, in order.
 */
function mapType(
  r: Release,
  p: Schema,
  where: string,
  objectName: (full: string, index: number) => string,
  refs: string[],
): FieldType {
  const ref = refOfProp(p, where);
  if (ref !== undefined) {
    const target = r.schemas[ref];
    if (!target) fail(`${r.version}: ${where} refers to ${ref}, which the documents do not define`);
    if (ref === QUANTITY) return { kind: 'quantity' };
    if (target.properties) {
      refs.push(ref);
      return { kind: 'object', ref: objectName(ref, refs.length - 1) };
    }
    if (target.format === 'int-or-string') return { kind: 'intOrString' };
    if (target.type === 'string') return scalar(target, where);
    if (FREE_FORM.has(ref)) return { kind: 'any' };
    if (target.type === 'object' && !target.additionalProperties) {
      // An empty struct (scheduling.v1alpha3.WorkloadPodGroupBasicSchedulingPolicy): an object without fields.
      refs.push(ref);
      return { kind: 'object', ref: objectName(ref, refs.length - 1) };
    }
    fail(`${r.version}: ${where} refers to ${ref}, a schema of no known shape`);
  }
  switch (p.type) {
    case 'array':
      if (!p.items) fail(`${r.version}: ${where} is an array without items`);
      return { kind: 'array', items: mapType(r, p.items, `${where}[]`, objectName, refs) };
    case 'object':
      if (p.additionalProperties && typeof p.additionalProperties === 'object') {
        return { kind: 'map', items: mapType(r, p.additionalProperties, `${where}{}`, objectName, refs) };
      }
      return { kind: 'any' };
    case 'string':
    case 'integer':
    case 'number':
    case 'boolean':
      return scalar(p, where);
  }
  fail(`${r.version}: ${where} has no type the generator knows: ${JSON.stringify({ ...p, description: undefined })}`);
}

function scalar(p: Schema, where: string): FieldType {
  switch (p.type) {
    case 'string':
      if (p.format === 'date-time') return { kind: 'dateTime' };
      if (p.format === 'int-or-string') return { kind: 'intOrString' };
      return p.format ? { kind: 'string', format: p.format } : { kind: 'string' };
    case 'integer':
      return p.format ? { kind: 'integer', format: p.format } : { kind: 'integer' };
    case 'number':
      return p.format ? { kind: 'number', format: p.format } : { kind: 'number' };
    case 'boolean':
      return { kind: 'boolean' };
  }
  fail(`${where}: unexpected scalar type ${p.type}`);
}

/** A type's shape for cross-release comparison. */
function signature(t: FieldType): string {
  if (t.kind === 'object') return `object:${t.ref}`;
  if (t.items) return `${t.kind}<${signature(t.items)}>`;
  return t.format ? `${t.kind}:${t.format}` : t.kind;
}

function refsOf(t: FieldType): string[] {
  if (t.kind === 'object') return [t.ref!];
  if (t.items) return refsOf(t.items);
  return [];
}

/** Whether a stated default is the zero value of the field's type (see the header). */
function isZeroDefault(value: unknown): boolean {
  if (value === '' || value === 0 || value === false || value === null) return true;
  if (Array.isArray(value)) return value.length === 0;
  return typeof value === 'object' && Object.keys(value as object).length === 0;
}

// ---------------------------------------------------------------- merge

interface SeenField {
  doc?: string;
  sig: string;
  enum?: string[];
  default?: unknown;
}
interface MergedField {
  type: FieldType;
  doc?: string;
  required: boolean;
  byVersion: Map<string, SeenField>;
}
interface MergedType {
  doc?: string;
  fields: Map<string, MergedField>;
}

export interface BuildResult {
  table: ApiTable;
  warnings: string[];
}

/**
 * Builds the table from the releases (any order; one per minor, contiguous).
 * Pure: reads nothing but its argument.
 */
export function buildTable(input: readonly Release[]): BuildResult {
  const releases = [...input].sort((a, b) => compareMinor(minorOf(a.version), minorOf(b.version)));
  const versions = releases.map((r) => minorOf(r.version));
  for (let i = 1; i < versions.length; i++) {
    const [pa, pb] = [versions[i - 1], versions[i]].map((v) => v.split('.').map(Number));
    if (pb[0] !== pa[0] || pb[1] !== pa[1] + 1) fail(`releases must be one per minor without gaps: ${versions.join(', ')}`);
  }
  if (releases.length === 0) fail('no releases');
  const versionIndex = new Map(versions.map((v, i) => [v, i]));
  const warnings: string[] = [];
  const merged = new Map<string, MergedType>();
  /** Schema name -> table name, from the newest release that has the schema. */
  const nameOf = new Map<string, string>();

  /**
   * Walks one release from the roots. A referenced schema takes the table name
   * the newer data gives the field at the same place: PersistentVolumeClaimSpec.resources
   * is ResourceRequirements up to 1.28 and VolumeResourceRequirements from 1.29, so
   * 1.28's ResourceRequirements is read as V1VolumeResourceRequirements there (and
   * as V1ResourceRequirements where the newer data has that). Visits are keyed by
   * (schema, table name) for that reason.
   */
  function walk(r: Release) {
    const minor = minorOf(r.version);
    const shared = sharedKinds(r);
    const tableName = (full: string) => {
      let n = nameOf.get(full);
      if (n === undefined) nameOf.set(full, (n = displayName(full, shared)));
      return n;
    };
    const seen = new Set<string>();
    const queue: [string, string][] = [];
    const enqueue = (full: string, name: string) => {
      const key = `${full}\0${name}`;
      if (seen.has(key)) return;
      seen.add(key);
      queue.push([full, name]);
    };
    for (const root of Object.values(ROOTS)) {
      if (!r.schemas[root]?.properties) fail(`${r.version}: no schema for root ${root}`);
      enqueue(root, tableName(root));
    }
    while (queue.length) {
      const [full, name] = queue.shift()!;
      const schema = r.schemas[full];
      let type = merged.get(name);
      if (!type) merged.set(name, (type = { doc: schema.description, fields: new Map() }));
      else if (!type.doc && schema.description) type.doc = schema.description;
      const required = new Set(schema.required ?? []);

      for (const [fieldName, p] of Object.entries(schema.properties ?? {})) {
        const where = `${full}.${fieldName}`;
        const prior = type.fields.get(fieldName);
        const priorRefs = prior ? refsOf(prior.type) : [];
        const refs: string[] = [];
        // Two passes: count the references first, so a place keeps the newer
        // names only when it refers to as many objects as before.
        mapType(r, p, where, (f) => f, refs);
        const localCount = refs.length;
        refs.length = 0;
        const fieldType = mapType(r, p, where, (f, i) => (priorRefs.length === localCount ? priorRefs[i] : tableName(f)), refs);
        refsOf(fieldType).forEach((n, i) => enqueue(refs[i], n));

        const own = p.description?.trim() || undefined;
        const seenHere: SeenField = { doc: own, sig: signature(fieldType), enum: enumCapable(fieldType) ? enumOf(p) : undefined };
        if (p.default !== undefined && !isZeroDefault(p.default)) seenHere.default = p.default;
        if (prior) {
          if (prior.byVersion.has(minor)) continue; // a second visit of the same place under another name
          prior.byVersion.set(minor, seenHere);
          if (!prior.doc && own) prior.doc = own;
          if (seenHere.sig !== signature(prior.type)) {
            warnings.push(`${name}.${fieldName} is ${seenHere.sig} in ${minor}, ${signature(prior.type)} later`);
          }
          continue;
        }
        type.fields.set(fieldName, { type: fieldType, doc: own, required: required.has(fieldName), byVersion: new Map([[minor, seenHere]]) });
      }
    }
  }

  // Newest first: a type or field takes its newest spelling; older releases only add what newer ones lack.
  for (const r of [...releases].reverse()) walk(r);

  // ---- emit
  const firstVersion = versions[0];
  const lastVersion = versions[versions.length - 1];
  const docs: string[] = [];
  const docIndex = new Map<string, number>();
  const docRef = (text: string | undefined) => {
    if (!text) return undefined;
    let i = docIndex.get(text);
    if (i === undefined) {
      i = docs.length;
      docs.push(text);
      docIndex.set(text, i);
    }
    return i;
  };

  const types: Record<string, TypeDef> = {};
  for (const name of [...merged.keys()].sort()) {
    const t = merged.get(name)!;
    const doc = docRef(t.doc?.trim());
    const out: TypeDef = doc !== undefined ? { doc, fields: {} } : { fields: {} };
    for (const [fieldName, f] of t.fields) {
      const def: FieldDef = { type: f.type };
      const d = docRef(f.doc);
      if (d !== undefined) def.doc = d;

      const present = [...f.byVersion.keys()].sort((a, b) => versionIndex.get(a)! - versionIndex.get(b)!);
      const first = present[0];
      const last = present[present.length - 1];
      if (versionIndex.get(last)! - versionIndex.get(first)! + 1 !== present.length) {
        warnings.push(`${name}.${fieldName} is missing in some releases between ${first} and ${last}`);
      }

      // Per release: a value named only by newer releases gets an `enumSince`
      // entry (Toleration.operator Lt/Gt), one no longer named an `enumUntil`
      // entry. Only releases that list values count.
      const lists = present.map((v) => [v, f.byVersion.get(v)!.enum] as const).filter((e): e is readonly [string, string[]] => !!e[1]);
      if (lists.length) {
        const values = [...lists[lists.length - 1][1]];
        for (const [, e] of [...lists].reverse()) for (const v of e) if (!values.includes(v)) values.push(v);
        def.enum = values;
        const since: Record<string, string> = {};
        const until: Record<string, string> = {};
        for (const value of values) {
          const has = lists.filter(([, e]) => e.includes(value)).map(([v]) => v);
          if (has[0] !== lists[0][0]) since[value] = has[0];
          if (has[has.length - 1] !== lists[lists.length - 1][0]) until[value] = has[has.length - 1];
        }
        if (Object.keys(since).length) def.enumSince = since;
        if (Object.keys(until).length) def.enumUntil = until;
      }

      if (first !== firstVersion) def.since = first;
      if (last !== lastVersion) def.until = last;
      if (f.required) def.required = true;

      const defaults = present.map((v) => [v, f.byVersion.get(v)!.default] as const).filter(([, d]) => d !== undefined);
      if (defaults.length) {
        def.default = defaults[defaults.length - 1][1];
        const differing = defaults.filter(([, d]) => JSON.stringify(d) !== JSON.stringify(def.default));
        if (differing.length) warnings.push(`${name}.${fieldName}: default ${JSON.stringify(def.default)}, but ${differing.map(([v, d]) => `${JSON.stringify(d)} in ${v}`).join(', ')}`);
      }
      out.fields[fieldName] = def;
    }
    types[name] = out;
  }

  const table: ApiTable = {
    versions,
    sources: Object.fromEntries(releases.map((r) => [minorOf(r.version), `${MODULE}@${r.version}`])),
    roots: Object.fromEntries(Object.entries(ROOTS).map(([kind, full]) => [kind, nameOf.get(full)!])),
    types,
    docs,
  };
  return { table, warnings };
}

/** Enums are kept for string fields and lists of strings. */
const enumCapable = (t: FieldType) => t.kind === 'string' || (t.kind === 'array' && t.items!.kind === 'string');

function compareMinor(a: string, b: string): number {
  const [x, y] = [a, b].map((v) => v.split('.').map(Number));
  return x[0] - y[0] || x[1] - y[1];
}

/**
 * The file's text: valid JSON with one type and one description per line, so
 * that a regenerated table diffs by the types and texts that changed.
 */
export function serialize(table: ApiTable): string {
  const lines = ['{'];
  lines.push(`"versions":${JSON.stringify(table.versions)},`);
  lines.push(`"sources":${JSON.stringify(table.sources)},`);
  lines.push(`"roots":${JSON.stringify(table.roots)},`);
  lines.push('"types":{');
  const names = Object.keys(table.types);
  names.forEach((n, i) => lines.push(`${JSON.stringify(n)}:${JSON.stringify(table.types[n])}${i < names.length - 1 ? ',' : ''}`));
  lines.push('},');
  lines.push('"docs":[');
  table.docs.forEach((d, i) => lines.push(`${JSON.stringify(d)}${i < table.docs.length - 1 ? ',' : ''}`));
  lines.push(']');
  lines.push('}');
  return lines.join('\n') + '\n';
}

// ---------------------------------------------------------------- main

function main() {
  const started = performance.now();
  const releases = readReleases(true)!;
  const read = performance.now();
  const { table, warnings } = buildTable(releases);
  const text = serialize(table);
  mkdirSync(dirname(OUT), { recursive: true });
  const previous = existsSync(OUT) ? readFileSync(OUT, 'utf8') : undefined;
  if (previous !== text) writeFileSync(OUT, text);
  for (const w of warnings) console.warn(`gen-api-table: warning: ${w}`);
  let fields = 0;
  let enums = 0;
  let defaults = 0;
  for (const t of Object.values(table.types)) {
    for (const d of Object.values(t.fields)) {
      fields++;
      if (d.enum) enums++;
      if (d.default !== undefined) defaults++;
    }
  }
  const compact = Buffer.byteLength(JSON.stringify(table));
  console.log(
    `gen-api-table: ${table.versions.length} releases (${table.versions[0]}..${table.versions[table.versions.length - 1]}), ` +
      `${Object.keys(table.types).length} types, ${fields} fields, ${enums} enums, ${defaults} defaults, ${table.docs.length} docs; ` +
      `${Buffer.byteLength(text)} bytes written (${compact} as compact JSON); ` +
      `read ${Math.round(read - started)} ms, built ${Math.round(performance.now() - read)} ms${previous === text ? ' (unchanged)' : ''}`,
  );
}

if (require.main === module) {
  try {
    main();
  } catch (e) {
    if (!(e instanceof GenerationError)) throw e;
    console.error(`gen-api-table: ${e.message}`);
    process.exit(1);
  }
}
