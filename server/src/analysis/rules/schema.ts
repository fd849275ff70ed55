/**
 * Schema rules: what does not fit the upstream API types, as `kubectl apply`
 * (strict field validation, the default since kubectl 1.27) and the API
 * server's JSON decoding report it. Driven by the generated field table.
 */
import type { FieldNode } from '../model';
import { child, fieldAt, str } from '../model';
import type { Fact } from '../model';
import { fieldStatus, getType } from '../api/table';
import { SERVED_API_VERSIONS } from '../knowledge/kinds';
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
    for (const f of ctx.doc.facts) {
      if (f.kind !== 'unknown-field' || withinAny(f.path, unknown)) continue;
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
    for (const f of ctx.doc.facts) {
      if (f.kind !== 'bad-quantity') continue;
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

const unresolvedAlias = defineRule({
  id: 'schema/unresolved-alias',
  scope: 'document',
  severity: 'error',
  title: 'Alias without an anchor',
  description: 'A `*name` alias refers to no `&name` anchor before it in the same document.',
  upstream: DECODING,
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

export const schemaRules = [unknownField, wrongType, invalidQuantity, unresolvedAlias, tooComplex, enumValue, removedApiVersion];
