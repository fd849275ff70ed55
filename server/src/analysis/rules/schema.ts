/**
 * Schema rules: what does not fit the upstream API types, as `kubectl apply`
 * (strict field validation, the default since kubectl 1.27) and the API
 * server's JSON decoding report it. Driven by the generated field table.
 */
import type { FieldNode } from '../model';
import { child, fieldAt, str } from '../model';
import type { Fact } from '../model';
import { fieldStatus, getType } from '../api/table';
import { SCHEME_API_VERSIONS, SERVED_API_VERSIONS, schemeName } from '../knowledge/kinds';
import { nearestWord, offeredValues, valueSetOf } from '../knowledge/values';
import { quantitySuggestions } from '../quantity';
import { replaceValue } from '../edits';
import { defineRule, type CheckContext } from './rule';

/**
 * The field an unknown key was meant to be: the nearest field of the same
 * object's type that the release knows and the object does not set yet.
 */
function meantField(ctx: CheckContext<unknown>, f: Fact): string | undefined {
  const node = fieldAt(ctx.doc.root, f.start);
  if (!node || node.keyStart !== f.start || node.key === undefined) return undefined;
  const owner = node.parent?.type?.kind === 'object' ? node.parent.type.ref : undefined;
  const type = owner ? getType(owner) : undefined;
  if (!type) return undefined;
  const taken = new Set((node.parent?.children ?? []).map((c) => c.key));
  const known = Object.entries(type.fields)
    .filter(([name, def]) => !taken.has(name) && fieldStatus(def, ctx.version) === 'known')
    .map(([name]) => name);
  return nearestWord(known, node.key);
}

const DECODING = 'strict decoding of the request body (k8s.io/apimachinery json/yaml serializers)';

/** Decoding problems stay problems on a placeholder value: `<PORT>` where a number belongs is still refused. */
const POLICY = { placeholders: 'keep' } as const;

/** Reports the reader's facts of one kind (wrong types, bad quantities, …) as they are, except inside a field the release does not know. */
function reportFacts(ctx: CheckContext<undefined>, kind: Fact['kind'], rejects: boolean): void {
  const unknown = versionUnknownFields(ctx);
  for (const f of ctx.doc.facts) {
    if (f.kind !== kind || withinAny(f.path, unknown)) continue;
    ctx.report({ range: [f.start, Math.max(f.end, f.start + 1)], message: f.message, fieldPath: f.path, apiErrorType: rejects ? 'Invalid' : undefined });
  }
}

/**
 * The fields of the documents that the checked release does not know (added
 * later, or removed), outermost only: strict decoding reports such a field
 * and never looks inside it, so nothing under it is reported.
 */
function versionUnknownFields(ctx: CheckContext<unknown>): FieldNode[] {
  const out: FieldNode[] = [];
  const visit = (f: FieldNode): void => {
    if (f.def && f.key !== undefined && fieldStatus(f.def, ctx.version) === 'unknown') {
      out.push(f);
      return;
    }
    for (const c of f.children ?? []) visit(c);
  };
  for (const obj of ctx.doc.objects) visit(obj);
  return out;
}

/** `path` is one of `fields` or inside one (a child key or a list item of it). */
const withinAny = (path: string, fields: readonly FieldNode[]): boolean =>
  fields.some((f) => path.startsWith(f.path) && (path.length === f.path.length || path[f.path.length] === '.' || path[f.path.length] === '['));

function* allFields(f: FieldNode | null | undefined): Generator<FieldNode> {
  if (!f) return;
  yield f;
  if (f.children) for (const c of f.children) yield* allFields(c);
}

/**
 * Go's encoding/json matches a JSON key to a struct field case-insensitively
 * (an exact match first, else a key equal under Unicode simple folding, where
 * `K` (U+212A) is `k` and `ſ` (U+017F) is `s`).
 */
const foldKey = (k: string): string => k.replace(/\u212A/g, 'k').replace(/\u017F/g, 's').toLowerCase();

const isTypeMetaKey = (k: string): boolean => foldKey(k) === 'apiversion' || foldKey(k) === 'kind';

/** How Go's encoding/json names a JSON value it cannot put in a string field. */
const jsonKind = (f: FieldNode): string =>
  f.kind === 'map' ? 'object' : f.kind === 'seq' ? 'array' : typeof f.value === 'boolean' ? 'bool' : typeof f.value === 'number' ? 'number' : 'string';

interface TypeMetaError {
  /** The entry whose value fails. */
  field: FieldNode;
  /** The path the API server names: `apiVersion` or `kind`. */
  path: 'apiVersion' | 'kind';
  message: string;
}

/**
 * What the API server makes of the keys that spell `apiVersion` or `kind` in
 * another case (`apiversion`, `KIND`), which strict decoding alone would call
 * unknown fields. Before decoding, the JSON serializer finds the body's
 * version and kind with encoding/json (k8s.io/apimachinery
 * runtime/serializer/json meta.go, SimpleMetaFactory.Interpret), which is not
 * case-sensitive: every such key is read into the same field, in the order of
 * the body kubectl sends (an object re-encoded from a Go map: keys sorted by
 * bytes, so `KIND` before `kind`, `apiversion` after `apiVersion`). A value
 * that is not a string or null fails (`couldn't get version/kind; json parse
 * error: …`, the first in that order); otherwise the last string is the
 * version the body is decoded as, and unless it resolves to the request's own
 * version or another that the scheme decodes the kind from, the request fails
 * (`no kind "Pod" is registered for version "x"`). Nothing else is reported
 * then: strict decoding never runs.
 */
function typeMetaError(obj: FieldNode, version: string): TypeMetaError | undefined {
  const kind = str(child(obj, 'kind'));
  const apiVersion = str(child(obj, 'apiVersion'));
  // kubectl refuses an object without them, or whose version no server serves, before sending it.
  if (!kind || !apiVersion || !SERVED_API_VERSIONS[kind]?.includes(apiVersion)) return undefined;
  const entries = (obj.children ?? []).filter((c) => c.key !== undefined && isTypeMetaKey(c.key));
  if (entries.length <= 2) return undefined;
  const bytes = new TextEncoder();
  const order = (a: string, b: string): number => {
    const x = bytes.encode(a);
    const y = bytes.encode(b);
    for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i] - y[i];
    return x.length - y.length;
  };
  entries.sort((a, b) => order(a.key!, b.key!));
  let found = apiVersion;
  for (const e of entries) {
    const path = foldKey(e.key!) === 'kind' ? 'kind' : 'apiVersion';
    if (e.kind === 'null') continue;
    if (e.kind !== 'scalar' || typeof e.value !== 'string') {
      return {
        field: e,
        path,
        message: `couldn't get version/kind; json parse error: json: cannot unmarshal ${jsonKind(e)} into Go struct field .${path} of type string`,
      };
    }
    if (path === 'apiVersion') found = e.value;
  }
  if (found === apiVersion) return undefined;
  const last = entries.filter((e) => foldKey(e.key!) === 'apiversion' && e.kind === 'scalar').pop()!;
  // schema.ParseGroupVersion, then the serializer's defaults from the request's group version.
  const slashes = found.split('/').length - 1;
  if (slashes > 1) return { field: last, path: 'apiVersion', message: `unexpected GroupVersion string: ${found}` };
  const [reqGroup, reqVersion] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion];
  let [group, ver] = found === '' || found === '/' ? ['', ''] : slashes === 1 ? found.split('/') : ['', found];
  if (!ver && (!group || group === reqGroup)) [group, ver] = [reqGroup, reqVersion];
  // A version left empty fails otherwise (the object is "missing" its apiVersion): not modelled.
  if (!ver) return undefined;
  const gv = group ? `${group}/${ver}` : ver;
  if (gv === apiVersion || SCHEME_API_VERSIONS[kind]?.includes(gv)) return undefined;
  return { field: last, path: 'apiVersion', message: `no kind "${kind}" is registered for version "${gv}" in scheme "${schemeName(version)}"` };
}

/** The objects of the document whose version or kind fails to decode, with the failure. */
const typeMetaErrors = (ctx: CheckContext<unknown>): { obj: FieldNode; error: TypeMetaError }[] =>
  ctx.doc.objects.flatMap((obj) => {
    const error = typeMetaError(obj, ctx.version);
    return error ? [{ obj, error }] : [];
  });

const unknownField = defineRule<{ field: string; since?: string; until?: string; meant?: string }>({
  id: 'schema/unknown-field',
  scope: 'document',
  policy: POLICY,
  severity: 'error',
  title: 'Field not in the Kubernetes API (of the chosen release)',
  description:
    "The field is not part of the object's API type, or was added in a later Kubernetes release than `podPatterns.kubernetesVersion`. `kubectl apply` rejects it with `strict decoding error: unknown field`; with `--validate=false` it would be silently dropped.",
  upstream: 'strict field validation (fieldValidation=Strict, the kubectl default since 1.27)',
  rejects: true,
  example: {
    invalid: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n  - name: web\n    image: nginx\n    imagePullPolcy: Always\n',
    valid: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n  - name: web\n    image: nginx\n    imagePullPolicy: Always\n',
  },
  check(ctx) {
    const unknown = versionUnknownFields(ctx);
    // Where the version or kind fails to decode, the API server stops there (schema/type-meta-case).
    const failing = typeMetaErrors(ctx).flatMap(({ obj }) => (obj.children ?? []).filter((c) => c.key !== undefined && isTypeMetaKey(c.key)));
    for (const f of ctx.doc.facts) {
      if (f.kind !== 'unknown-field' || withinAny(f.path, unknown)) continue;
      if (failing.some((c) => c.keyStart === f.start && c.key !== undefined && f.path === c.key)) continue;
      const meant = meantField(ctx, f);
      ctx.report({ range: [f.start, f.end], message: f.message, fieldPath: f.path, apiErrorType: 'Invalid', data: meant ? { field: f.path, meant } : { field: f.path } });
    }
    for (const f of unknown) {
      const def = f.def!;
      const when = def.since ? `it was added in Kubernetes ${def.since}` : `it was removed after Kubernetes ${def.until}`;
      ctx.report({
        field: f,
        on: 'key',
        message: `unknown field "${f.path}": ${when}, and ${ctx.versionOrigin}`,
        apiErrorType: 'Invalid',
        data: { field: f.path, since: def.since, until: def.until },
      });
    }
  },
  // "Did you mean": the nearest field of that object in the chosen release.
  fix: ({ data, doc }) => {
    if (!data.meant) return [];
    const at = doc.root && fieldAtKey(doc.root, data.field);
    if (!at || at.keyStart === undefined || at.keyEnd === undefined || at.viaAlias) return [];
    return [{ title: `Did you mean ${data.meant}?`, edits: [{ start: at.keyStart, end: at.keyEnd, newText: data.meant }], isPreferred: true }];
  },
});

/** The field at an API path in the document (the path the reader gave it). */
function fieldAtKey(root: FieldNode, path: string): FieldNode | undefined {
  const visit = (f: FieldNode): FieldNode | undefined => {
    if (f.path === path && f.key !== undefined) return f;
    if (!path.startsWith(f.path)) return undefined;
    for (const c of f.children ?? []) {
      const hit = visit(c);
      if (hit) return hit;
    }
    return undefined;
  };
  return visit(root);
}

const enumValue = defineRule({
  id: 'schema/enum-value',
  scope: 'document',
  policy: POLICY,
  severity: 'warning',
  title: 'Value not among those the API documents for the field',
  description:
    'The upstream API description lists the values this field takes. Where the API server validates the field, a rule of the `pod/` family reports the rejection as an error; this warning covers the rest.',
  rejects: false,
  check(ctx) {
    for (const obj of ctx.doc.objects) {
      for (const f of allFields(obj)) {
        if (!f.def || f.kind !== 'scalar' || typeof f.value !== 'string') continue;
        const owner = f.parent?.type?.kind === 'object' ? f.parent.type.ref : undefined;
        // Fields whose values the API server checks are reported by their rules, with its own error.
        if (valueSetOf(owner, f.key)) continue;
        const values = offeredValues(owner, f.key, f.def, ctx.version);
        if (!values || values.length === 0 || values.includes(f.value)) continue;
        ctx.report({
          field: f,
          on: 'value',
          message: `${f.path}: ${JSON.stringify(f.value)} is not one of the documented values: ${values.map((v) => JSON.stringify(v)).join(', ')}`,
        });
      }
    }
  },
});

const removedApiVersion = defineRule({
  id: 'schema/unserved-api-version',
  scope: 'document',
  policy: POLICY,
  severity: 'error',
  title: 'The apiVersion no longer serves this kind',
  description:
    'Old group versions such as `extensions/v1beta1` (DaemonSet, Deployment, ReplicaSet), `apps/v1beta1`, `apps/v1beta2` and `batch/v1beta1` (CronJob) were removed from the API server; `kubectl apply` answers `no matches for kind`.',
  rejects: true,
  upstream: 'API discovery: the group version is not served',
  example: {
    invalid: 'apiVersion: batch/v1beta1\nkind: CronJob\n',
    valid: 'apiVersion: batch/v1\nkind: CronJob\n',
  },
  check(ctx) {
    for (const obj of ctx.doc.objects) {
      const kind = str(child(obj, 'kind'));
      const av = child(obj, 'apiVersion');
      const v = str(av);
      if (!kind || !v || !av) continue;
      const served = SERVED_API_VERSIONS[kind];
      if (!served || served.includes(v)) continue;
      ctx.report({
        field: av,
        on: 'value',
        message: `no matches for kind "${kind}" in version "${v}": use apiVersion ${served[0]}`,
        fieldPath: 'apiVersion',
        apiErrorType: 'NotSupported',
      });
    }
  },
});

const wrongType = defineRule({
  id: 'schema/wrong-type',
  scope: 'document',
  severity: 'error',
  title: 'Value of the wrong type for the field',
  description:
    'The API server decodes the object as JSON into typed Go structs: a string where an integer belongs (`containerPort: "80"`), a boolean where a string belongs (`value: true` in `env`; YAML 1.1 reads `yes`, `on` and `true` as booleans), a list where a map belongs. It rejects the whole object.',
  upstream: DECODING,
  rejects: true,
  policy: POLICY,
  example: { invalid: '    env:\n    - name: DEBUG\n      value: true\n', valid: '    env:\n    - name: DEBUG\n      value: "true"\n' },
  check: (ctx) => reportFacts(ctx, 'wrong-type', true),
});

const invalidQuantity = defineRule<{ options: string[] }>({
  id: 'schema/invalid-quantity',
  scope: 'document',
  severity: 'error',
  title: 'Resource quantity that does not parse',
  description:
    'Quantities are a number with an optional suffix: binary `Ki Mi Gi Ti Pi Ei`, decimal `m k M G T P E` or an exponent (`1e3`). `1GB`, `500MB` or `1.5 Gi` do not parse, and the API server rejects the object.',
  upstream: DECODING,
  rejects: true,
  policy: POLICY,
  example: { invalid: '        memory: 1GB\n', valid: '        memory: 1Gi\n' },
  check: (ctx) => {
    // Not inside a field the release does not know: strict decoding stops at that field.
    const unknown = versionUnknownFields(ctx);
    for (const f of ctx.doc.facts) {
      if (f.kind !== 'bad-quantity' || withinAny(f.path, unknown)) continue;
      const binary = /(memory|storage|hugepages)/.test(f.path);
      const options = typeof f.field?.value === 'string' ? quantitySuggestions(f.field.value, binary) : [];
      ctx.report({ range: [f.start, Math.max(f.end, f.start + 1)], field: f.field, message: f.message, fieldPath: f.path, apiErrorType: 'Invalid', data: { options } });
    }
  },
  // `1GB` → `1G` (10^9) or `1Gi` (2^30): what was meant, in the units the API server takes.
  fix: ({ field, data }) =>
    field && !field.viaAlias
      ? data.options.map((q, i) => ({ title: `Change to ${q}`, edits: [replaceValue(field, q)], isPreferred: i === 0 }))
      : [],
});

const invalidTime = defineRule({
  id: 'schema/invalid-time',
  scope: 'document',
  severity: 'error',
  title: 'Timestamp that is not RFC 3339',
  description:
    'Timestamps (`creationTimestamp`, `deletionTimestamp`, the `lastTransitionTime` of conditions, …) are `metav1.Time`: the API server reads them with `time.Parse(time.RFC3339, …)` and rejects the whole object when one does not parse (`parsing time "yesterday" as "2006-01-02T15:04:05Z07:00": …`), before any validation. Write `2024-05-01T12:00:00Z`, or leave the field out: the API server sets `creationTimestamp` itself and ignores what a manifest says.',
  upstream: 'metav1.Time.UnmarshalJSON (k8s.io/apimachinery pkg/apis/meta/v1/time.go): time.Parse(time.RFC3339, …)',
  rejects: true,
  policy: POLICY,
  example: {
    invalid: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n  creationTimestamp: "2024-05-01"\n',
    valid: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n  creationTimestamp: "2024-05-01T00:00:00Z"\n',
  },
  check: (ctx) => reportFacts(ctx, 'bad-time', true),
});

const typeMetaCase = defineRule({
  id: 'schema/type-meta-case',
  scope: 'document',
  severity: 'error',
  title: 'apiVersion or kind written in another case, with a value that fails',
  description:
    "The API server finds an object's version and kind with Go's `encoding/json`, which matches keys case-insensitively: `apiversion`, `APIVERSION` or `KIND` are read as `apiVersion` and `kind` before strict decoding would call them unknown fields. A value that is not a string fails the request (`couldn't get version/kind; json parse error: …`), and a lower-case `apiversion` comes after `apiVersion` in the body kubectl sends, so its value wins: any other version fails with `no kind \"Pod\" is registered for version …`. Remove the stray key.",
  upstream: 'SimpleMetaFactory.Interpret (k8s.io/apimachinery pkg/runtime/serializer/json/meta.go), then runtime.Scheme.New',
  rejects: true,
  policy: POLICY,
  example: {
    invalid: 'apiVersion: v1\nkind: Pod\napiversion: v2\nmetadata:\n  name: web\n',
    valid: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n',
  },
  check(ctx) {
    for (const { error } of typeMetaErrors(ctx)) {
      ctx.report({ field: error.field, on: 'value', message: error.message, fieldPath: error.path, apiErrorType: 'Invalid' });
    }
  },
});

const unresolvedAlias = defineRule({
  id: 'schema/unresolved-alias',
  scope: 'document',
  severity: 'error',
  title: 'Alias without an anchor',
  description: 'A `*name` alias refers to no `&name` anchor before it in the same document. kubectl cannot convert the document to JSON and sends nothing (`yaml: unknown anchor \'name\' referenced`).',
  upstream: 'sigs.k8s.io/yaml YAMLToJSON (go-yaml v2 decoding): unknown anchor',
  rejects: true,
  policy: POLICY,
  check: (ctx) => reportFacts(ctx, 'unresolved-alias', true),
});

const tooComplex = defineRule({
  id: 'schema/too-complex',
  scope: 'document',
  severity: 'information',
  title: 'Document too large or too deeply aliased to analyse',
  description: 'The analysis stops after a fixed amount of work per document, so that alias bombs and generated giants never freeze the editor.',
  policy: POLICY,
  check: (ctx) => reportFacts(ctx, 'too-complex', false),
});

export const schemaRules = [unknownField, typeMetaCase, wrongType, invalidQuantity, invalidTime, unresolvedAlias, tooComplex, enumValue, removedApiVersion];
