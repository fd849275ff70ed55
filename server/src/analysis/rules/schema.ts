/**
 * Schema rules: what does not fit the upstream API types, as `kubectl apply`
 * (strict field validation, the default since kubectl 1.27) and the API
 * server's JSON decoding report it. Driven by the generated field table.
 */
import type { FieldNode } from '../model';
import { child, str } from '../model';
import type { Fact } from '../model';
import { fieldStatus } from '../api/table';
import { SERVED_API_VERSIONS } from '../knowledge/kinds';
import { offeredValues, valueSetOf } from '../knowledge/values';
import { defineRule, type CheckContext } from './rule';

const DECODING = 'strict decoding of the request body (k8s.io/apimachinery json/yaml serializers)';

/** Decoding problems stay problems on a placeholder value: `<PORT>` where a number belongs is still refused. */
const POLICY = { placeholders: 'keep' } as const;

/** Reports the reader's facts of one kind (wrong types, bad quantities, …) as they are. */
function reportFacts(ctx: CheckContext<undefined>, kind: Fact['kind'], rejects: boolean): void {
  for (const f of ctx.doc.facts) {
    if (f.kind !== kind) continue;
    ctx.report({ range: [f.start, Math.max(f.end, f.start + 1)], message: f.message, fieldPath: f.path, apiErrorType: rejects ? 'Invalid' : undefined });
  }
}

function* allFields(f: FieldNode | null | undefined): Generator<FieldNode> {
  if (!f) return;
  yield f;
  if (f.children) for (const c of f.children) yield* allFields(c);
}

const unknownField = defineRule<{ field: string; since?: string; until?: string }>({
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
    for (const f of ctx.doc.facts) {
      if (f.kind !== 'unknown-field') continue;
      ctx.report({ range: [f.start, f.end], message: f.message, fieldPath: f.path, apiErrorType: 'Invalid', data: { field: f.path } });
    }
    for (const obj of ctx.doc.objects) {
      for (const f of allFields(obj)) {
        if (!f.def || f.key === undefined) continue;
        const status = fieldStatus(f.def, ctx.version);
        if (status !== 'unknown') continue;
        const when = f.def.since ? `it was added in Kubernetes ${f.def.since}` : `it was removed after Kubernetes ${f.def.until}`;
        ctx.report({
          field: f,
          on: 'key',
          message: `unknown field "${f.path}": ${when}, and podPatterns.kubernetesVersion is ${ctx.version}`,
          apiErrorType: 'Invalid',
          data: { field: f.path, since: f.def.since, until: f.def.until },
        });
      }
    }
  },
});

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

const invalidQuantity = defineRule({
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
  check: (ctx) => reportFacts(ctx, 'bad-quantity', true),
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
