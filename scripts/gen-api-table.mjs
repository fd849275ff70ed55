#!/usr/bin/env node
// Generates server/src/analysis/generated/apiTable.json, the compact Kubernetes
// API field table the analysis uses (shape: server/src/analysis/api/tableTypes.ts).
//
// Source: the OpenAPI-generated model classes shipped by @kubernetes/client-node,
// installed once per Kubernetes minor under npm aliases `k8s-api-<minor>`. Every
// alias found in node_modules is used; each adds one "data version".
//
// The model files are read as text, never required: the attribute type maps
// ([{name, baseName, type, format}]) come out of the .js files, the
// descriptions and the required markers out of the JSDoc of the .d.ts files.
//
// Starting from the workload roots, every reachable type is collected in each
// data version, then merged into one table: a field's type, description and
// required flag come from the newest version that has it; `since` / `until`
// record the first / last data version that has it.
//
// Besides the fields of tableTypes.ts, a field may carry `enumSince` /
// `enumUntil` (value -> first / last data version whose description lists the
// value); server/src/analysis/api/table.ts declares them (ApiFieldDef).
// Enums are read from description text (see extractEnum); Quantity fields come
// from a short checked list (see QUANTITY_FIELDS): the model files lose both.
//
// Runs on every build: keep it fast and dependency-free.

import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const started = performance.now();
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const NODE_MODULES = join(ROOT, 'node_modules');
const OUT = join(ROOT, 'server/src/analysis/generated/apiTable.json');
const ALIAS = /^k8s-api-(\d+)\.(\d+)$/;

/** Workload kind -> root model class. */
const ROOTS = {
  Pod: 'V1Pod',
  PodTemplate: 'V1PodTemplate',
  Deployment: 'V1Deployment',
  StatefulSet: 'V1StatefulSet',
  DaemonSet: 'V1DaemonSet',
  ReplicaSet: 'V1ReplicaSet',
  ReplicationController: 'V1ReplicationController',
  Job: 'V1Job',
  CronJob: 'V1CronJob',
};

/**
 * Fields whose upstream type is resource.Quantity (or a ResourceList, a map of
 * Quantity). The client-node generator inlines Quantity as a plain `string`
 * without a format in every version we read, so the fact cannot be recovered
 * from the model files; these names are the upstream Go types that hold a
 * `resource.Quantity` / `ResourceList` (k8s.io/api/core/v1). Every entry must
 * name a string field the data has, or the generator fails; a Quantity field
 * new upstream still has to be added here by hand.
 */
const QUANTITY_FIELDS = [
  'V1ResourceRequirements.limits',
  'V1ResourceRequirements.requests',
  'V1VolumeResourceRequirements.limits',
  'V1VolumeResourceRequirements.requests',
  'V1EmptyDirVolumeSource.sizeLimit',
  'V1ResourceFieldSelector.divisor',
  'V1PodSpec.overhead',
  'V1ContainerStatus.allocatedResources',
  'V1PersistentVolumeClaimStatus.capacity',
  'V1PersistentVolumeClaimStatus.allocatedResources',
  'V1PodStatus.allocatedResources',
  'V1NodeAllocatableResourceClaimStatus.resources',
];

function fail(msg) {
  console.error(`gen-api-table: ${msg}`);
  process.exit(1);
}

// ---------------------------------------------------------------- data versions

function findDataVersions() {
  if (!existsSync(NODE_MODULES)) fail(`no node_modules at ${NODE_MODULES}`);
  const found = [];
  for (const name of readdirSync(NODE_MODULES)) {
    const m = ALIAS.exec(name);
    if (!m) continue;
    const pkgDir = join(NODE_MODULES, name);
    const pkg = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'));
    const oldLayout = join(pkgDir, 'dist/gen/model');
    const newLayout = join(pkgDir, 'dist/gen/models');
    const modelDir = existsSync(newLayout) ? newLayout : existsSync(oldLayout) ? oldLayout : undefined;
    if (!modelDir) fail(`${name}: no dist/gen/model(s) folder`);
    found.push({
      version: `${Number(m[1])}.${Number(m[2])}`,
      major: Number(m[1]),
      minor: Number(m[2]),
      source: `${pkg.name}@${pkg.version}`,
      modelDir,
      // Old layout: lower-camel file names (v1Container.js) holding class V1Container.
      lowerCamelFiles: modelDir === oldLayout,
      files: new Set(readdirSync(modelDir)),
    });
  }
  if (found.length === 0) fail('no k8s-api-<minor> packages in node_modules');
  found.sort((a, b) => a.major - b.major || a.minor - b.minor);
  return found;
}

// ---------------------------------------------------------------- model parsing

/** Undo the generator's escaping of quotes and backslashes in JSDoc text. */
function unescapeDoc(text) {
  return text.replace(/\\(.)/g, '$1').trim();
}

/**
 * Reads one model class of one data version: its attribute type map and the
 * JSDoc descriptions / required markers. Returns undefined when the class has
 * no model file (e.g. IntOrString is not a model).
 */
function readModel(dv, className) {
  const base = dv.lowerCamelFiles ? className[0].toLowerCase() + className.slice(1) : className;
  if (!dv.files.has(`${base}.js`)) return undefined;
  const js = readFileSync(join(dv.modelDir, `${base}.js`), 'utf8');
  const m = /\.attributeTypeMap = (\[[\s\S]*?\n\]);/.exec(js);
  if (!m) fail(`${dv.source}: no attributeTypeMap in ${base}.js`);
  let attrs;
  try {
    attrs = JSON.parse(m[1]);
  } catch (e) {
    fail(`${dv.source}: cannot parse attributeTypeMap of ${base}.js: ${e.message}`);
  }

  const dts = readFileSync(join(dv.modelDir, `${base}.d.ts`), 'utf8');
  const docs = new Map(); // TS property name -> description
  const required = new Set(); // TS property names without `?`
  let classDoc;
  let pending; // the JSDoc just read, waiting for its declaration
  const lines = dts.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (line.startsWith('/**')) {
      const body = [];
      let j = i;
      let rest = line.slice(3);
      for (;;) {
        const end = rest.indexOf('*/');
        if (end >= 0) {
          body.push(rest.slice(0, end));
          break;
        }
        body.push(rest);
        if (++j >= lines.length) break;
        rest = lines[j].trim().replace(/^\*(?!\/)\s?/, '');
      }
      i = j;
      pending = unescapeDoc(body.map((s) => s.trim()).filter(Boolean).join(' '));
      continue;
    }
    const cls = /^export declare class (\w+)/.exec(line);
    if (cls) {
      if (cls[1] !== className) fail(`${dv.source}: ${base}.d.ts declares ${cls[1]}, expected ${className}`);
      classDoc = pending || undefined;
      pending = undefined;
      continue;
    }
    const prop = /^'([^']+)'(\?)?\s*:/.exec(line);
    if (prop) {
      if (pending) docs.set(prop[1], pending);
      if (!prop[2]) required.add(prop[1]);
    }
    if (line) pending = undefined;
  }

  return {
    doc: classDoc,
    fields: attrs.map((a) => ({
      name: a.baseName, // the wire (YAML) name
      rawType: a.type,
      format: a.format || '',
      doc: docs.get(a.name),
      required: required.has(a.name),
    })),
  };
}

// ---------------------------------------------------------------- type mapping

const ARRAY = /^Array<(.+)>$/;
const MAP = /^\{ \[key: string\]: (.+); \}$/;

/**
 * Maps an upstream type spelling to a FieldType. `refOf(localClass)` returns
 * the canonical name of a referenced model class. The upstream format applies
 * to the innermost scalar (Array<number> with int64 is an array of int64).
 */
function mapType(dv, raw, format, refOf, where) {
  let m;
  if ((m = ARRAY.exec(raw))) return { kind: 'array', items: mapType(dv, m[1], format, refOf, where) };
  if ((m = MAP.exec(raw))) return { kind: 'map', items: mapType(dv, m[1], format, refOf, where) };
  switch (raw) {
    case 'string':
      if (format === 'date-time') return { kind: 'dateTime' };
      if (format === 'int-or-string') return { kind: 'intOrString' };
      if (format === 'quantity') return { kind: 'quantity' };
      return format ? { kind: 'string', format } : { kind: 'string' };
    case 'Date':
      return { kind: 'dateTime' };
    case 'number':
      if (/^u?int(8|16|32|64)?$/.test(format)) return { kind: 'integer', format };
      return format ? { kind: 'number', format } : { kind: 'number' };
    case 'boolean':
      return { kind: 'boolean' };
    case 'IntOrString':
      return { kind: 'intOrString' };
    case 'Quantity':
      return { kind: 'quantity' };
    case 'any':
    case 'object':
      return { kind: 'any' };
  }
  if (/^[A-Z]\w*$/.test(raw) && readModelCached(dv, raw)) return { kind: 'object', ref: refOf(raw) };
  fail(`${dv.source}: unknown type ${JSON.stringify(raw)} (format ${JSON.stringify(format)}) at ${where}`);
}

const modelCache = new Map();
function readModelCached(dv, className) {
  const key = `${dv.version}\0${className}`;
  if (!modelCache.has(key)) modelCache.set(key, readModel(dv, className) ?? null);
  return modelCache.get(key);
}

/** The model classes a raw type spelling refers to. */
function classesIn(raw) {
  return raw.match(/\b[A-Z]\w*\b/g)?.filter((n) => n !== 'Array' && n !== 'Date' && n !== 'IntOrString') ?? [];
}

// ---------------------------------------------------------------- merge

const dataVersions = findDataVersions();
const newest = dataVersions[dataVersions.length - 1];
const versionIndex = new Map(dataVersions.map((dv, i) => [dv.version, i]));

/**
 * Merged types: canonical name -> { doc, fields: Map(name -> merged field) }.
 * A merged field: { type, doc, required, byVersion: Map(version -> { doc, sig }) }.
 */
const merged = new Map();
const warnings = [];

function refsOf(t) {
  if (t.kind === 'object') return [t.ref];
  if (t.items) return refsOf(t.items);
  return [];
}

/** A type's shape for cross-version comparison; old data lacks formats, so integer and number compare equal. */
function signature(t) {
  const kind = t.kind === 'integer' ? 'number' : t.kind;
  if (t.kind === 'object') return `object:${t.ref}`;
  if (t.items) return `${kind}<${signature(t.items)}>`;
  return kind;
}

/**
 * Walks one data version from the roots. A referenced class takes the name the
 * newer data gives it at the same place (V1ResourceClaim in
 * ResourceRequirements.claims up to 1.33 is CoreV1ResourceClaim from 1.34 on);
 * `renames` carries such findings to places the newer data no longer has.
 * Visits are keyed by (local class, canonical name): one old class can stand
 * for two newer ones (V1ResourceRequirements up to 1.28 is also what 1.29+ calls
 * V1VolumeResourceRequirements, in PersistentVolumeClaimSpec.resources).
 * With `commit` false it only collects renames.
 */
function walk(dv, renames, commit) {
  const found = new Map();
  const seen = new Set();
  const queue = [];
  const enqueue = (local, canonical) => {
    const key = `${local}\0${canonical}`;
    if (seen.has(key)) return;
    seen.add(key);
    queue.push([local, canonical]);
  };
  for (const root of Object.values(ROOTS)) {
    if (!readModelCached(dv, root)) fail(`${dv.source}: root ${root} has no model`);
    enqueue(root, root);
  }

  while (queue.length) {
    const [local, canonical] = queue.shift();
    const model = readModelCached(dv, local);
    let type = merged.get(canonical);
    if (commit) {
      if (!type) merged.set(canonical, (type = { doc: model.doc, fields: new Map() }));
      else if (!type.doc && model.doc) type.doc = model.doc;
    }

    for (const f of model.fields) {
      const prior = type?.fields.get(f.name);
      const priorRefs = prior ? refsOf(prior.type) : [];
      const localRefs = classesIn(f.rawType).filter((c) => readModelCached(dv, c));
      const refOf = (c) => {
        const i = localRefs.indexOf(c);
        if (priorRefs.length === localRefs.length && i >= 0) {
          if (priorRefs[i] !== c) found.set(c, priorRefs[i]);
          return priorRefs[i];
        }
        return renames.get(c) ?? c;
      };
      const fieldType = mapType(dv, f.rawType, f.format, refOf, `${local}.${f.name}`);
      for (const c of localRefs) enqueue(c, refOf(c));
      if (!commit) continue;

      const seenHere = { doc: f.doc, sig: signature(fieldType) };
      if (prior) {
        prior.byVersion.set(dv.version, seenHere);
        if (!prior.doc && f.doc) prior.doc = f.doc;
        if (seenHere.sig !== signature(prior.type)) {
          warnings.push(`${canonical}.${f.name} is ${seenHere.sig} in ${dv.version}, ${signature(prior.type)} later`);
        }
        continue;
      }
      if (fieldType.kind === 'number' && !fieldType.format && dv !== newest) {
        warnings.push(`${canonical}.${f.name} (last seen in ${dv.version}) is a number without format: integer or not is unknown`);
      }
      type.fields.set(f.name, {
        type: fieldType,
        doc: f.doc,
        required: f.required,
        byVersion: new Map([[dv.version, seenHere]]),
      });
    }
  }
  return found;
}

// Newest first, so a type or field takes its newest spelling; older versions
// only add what the newer ones lack.
for (const dv of [...dataVersions].reverse()) {
  const renames = walk(dv, new Map(), false);
  walk(dv, renames, true);
}

// Quantity: see QUANTITY_FIELDS.
function toQuantity(t, where) {
  if (t.kind === 'map') return { kind: 'map', items: toQuantity(t.items, where) };
  if (t.kind === 'string' || t.kind === 'quantity') return { kind: 'quantity' };
  fail(`QUANTITY_FIELDS: ${where} is ${t.kind}, not a string`);
}
for (const key of QUANTITY_FIELDS) {
  const [typeName, fieldName] = key.split('.');
  const field = merged.get(typeName)?.fields.get(fieldName);
  if (!field) fail(`QUANTITY_FIELDS: ${key} is not in the data`);
  field.type = toQuantity(field.type, key);
}

// ---------------------------------------------------------------- enums

const ITEM_BARE = /^[A-Z][A-Za-z0-9]*$/; // CamelCase word: Always, IfNotPresent, RSA3072
const ITEM_QUOTED = /^(["'`])([A-Za-z0-9][\w.-]*)\1$/; // "OnDelete", 'ClusterFirst', `Indexed`
// (?<!\s): a run of blanks is tried from its first blank only (linear, not quadratic, in a long run).
const LIST_SEP = /(?<!\s)\s*,\s*(?:and\s+|or\s+)?|(?<!\s)\s+(?:and|or)\s+/;
const INLINE_LEAD =
  /\b(?:one of:?|valid values are:?|valid operators are|allowed values are|the only valid values for this field are|must be|can be)\s+/gi;
const DASH_LEAD = /\b(?:possible values are|valid values are|can be one of|options are):\s*(?=-)/i;
const OPTION_LEAD = /\bvalid options are:\s*/i; // "Valid options are: Localhost - ... RuntimeDefault - ..."
const SINGLE = /\bthe only possible value is\s+("?)([A-Z][A-Z0-9]*)\1(?=[\s.,;]|$)/i;

/** Splits `A, B, or C` into values when every item is one plain word; otherwise undefined. */
function parseList(text, minItems) {
  const items = text.split(LIST_SEP).map((s) => s.replace(/\(default\)$/, '').trim());
  if (items.length < minItems) return undefined;
  const values = [];
  for (const item of items) {
    const q = ITEM_QUOTED.exec(item);
    if (q) values.push(q[2]);
    else if (ITEM_BARE.test(item)) values.push(item);
    else return undefined;
  }
  return values;
}

/**
 * Allowed values named by a description, or undefined. Upstream descriptions
 * end with "Possible enum values:\n - `\"Always\"` means ...", but the
 * client-node data we read has those lists stripped in every version, so the
 * usual Kubernetes phrasings of a closed set are read as well:
 *   "One of Always, Never, IfNotPresent."     "Can be \"Recreate\" or \"RollingUpdate\"."
 *   "Valid values are 'ClusterFirst', ... or 'None'."   "Must be UDP, TCP, or SCTP."
 *   "Possible values are: - In: ... - NotIn: ..."  (dash lists, also "Options are:")
 *   "Valid options are: Localhost - ... RuntimeDefault - ..."
 *   "The only possible value is \"Restart\""
 * Only lists whose every item is one CamelCase word (or one quoted token) and
 * that end the sentence are taken; anything looser is left out, not guessed.
 */
function extractEnum(doc) {
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
    const stop = /\.(?:\s|$)|$/.exec(doc.slice(from));
    let values = parseList(doc.slice(from, from + stop.index), 2);
    if (!values) continue;
    // Upstream typo "In, NotIn, Exists, DoesNotExist. Gt, and Lt.": a following
    // sentence that is nothing but a list continues this one.
    const after = doc.slice(from + stop.index + 1);
    const cont = /^\s+([^\s.][^.]*)\.(?:\s|$)/.exec(after);
    const more = cont && /^\s*[A-Z][A-Za-z0-9]*,/.test(cont[1]) ? parseList(cont[1], 2) : undefined;
    if (more) values = values.concat(more);
    return [...new Set(values)];
  }
  return undefined;
}

// ---------------------------------------------------------------- emit

const versions = dataVersions.map((dv) => dv.version);
const firstVersion = versions[0];
const lastVersion = newest.version;
const docs = [];
const docIndex = new Map();
const docRef = (text) => {
  if (!text) return undefined;
  let i = docIndex.get(text);
  if (i === undefined) {
    i = docs.length;
    docs.push(text);
    docIndex.set(text, i);
  }
  return i;
};

/** Enums are kept for string fields and lists of strings. */
const enumCapable = (t) => t.kind === 'string' || (t.kind === 'array' && t.items.kind === 'string');

let fieldCount = 0;
let enumCount = 0;
const types = {};
for (const name of [...merged.keys()].sort()) {
  const t = merged.get(name);
  const out = {};
  const doc = docRef(t.doc);
  if (doc !== undefined) out.doc = doc;
  out.fields = {};
  for (const [fieldName, f] of t.fields) {
    const def = { type: f.type };
    const d = docRef(f.doc);
    if (d !== undefined) def.doc = d;

    const present = [...f.byVersion.keys()].sort((a, b) => versionIndex.get(a) - versionIndex.get(b));
    const first = present[0];
    const last = present[present.length - 1];
    const span = versionIndex.get(last) - versionIndex.get(first) + 1;
    if (span !== present.length) warnings.push(`${name}.${fieldName} is missing in some versions between ${first} and ${last}`);

    // Enums are read per version: a value named only by newer descriptions gets
    // an `enumSince` entry (e.g. Toleration.operator Lt/Gt), one no longer named
    // an `enumUntil` entry. Only versions whose description lists values count.
    if (enumCapable(f.type)) {
      const lists = present.map((v) => [v, extractEnum(f.byVersion.get(v).doc)]).filter(([, e]) => e);
      if (lists.length) {
        const newestList = lists[lists.length - 1][1];
        const values = [...newestList];
        for (const [, e] of [...lists].reverse()) for (const v of e) if (!values.includes(v)) values.push(v);
        def.enum = values;
        enumCount++;
        const since = {};
        const until = {};
        for (const value of values) {
          const has = lists.filter(([, e]) => e.includes(value)).map(([v]) => v);
          if (has[0] !== lists[0][0]) since[value] = has[0];
          if (has[has.length - 1] !== lists[lists.length - 1][0]) until[value] = has[has.length - 1];
        }
        if (Object.keys(since).length) def.enumSince = since;
        if (Object.keys(until).length) def.enumUntil = until;
      }
    }

    if (first !== firstVersion) def.since = first;
    if (last !== lastVersion) def.until = last;
    if (f.required) def.required = true;
    out.fields[fieldName] = def;
    fieldCount++;
  }
  types[name] = out;
}

const table = {
  versions,
  sources: Object.fromEntries(dataVersions.map((dv) => [dv.version, dv.source])),
  types,
  roots: { ...ROOTS },
  docs,
};

const json = JSON.stringify(table);
mkdirSync(dirname(OUT), { recursive: true });
// Leave the file (and its mtime) alone when nothing changed, so watchers stay quiet.
const previous = existsSync(OUT) ? readFileSync(OUT, 'utf8') : undefined;
if (previous !== json) writeFileSync(OUT, json);

for (const w of warnings) console.warn(`gen-api-table: warning: ${w}`);
const ms = Math.round(performance.now() - started);
console.log(
  `gen-api-table: ${versions.length} data versions (${firstVersion}..${lastVersion}), ` +
    `${Object.keys(types).length} types, ${fieldCount} fields, ${enumCount} enums, ` +
    `${docs.length} docs, ${Buffer.byteLength(json)} bytes, ${ms} ms${previous === json ? ' (unchanged)' : ''}`,
);
