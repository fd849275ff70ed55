/**
 * Object metadata as the API server validates it on create
 * (ValidateObjectMeta, k8s.io/apimachinery/pkg/api/validation/objectmeta.go,
 * and its wrapper in pkg/apis/core/validation/validation.go), per kind: the
 * name function each kind's validation passes (DNS subdomain, or DNS label
 * for a StatefulSet), generateName, namespace, labels, annotations (keys and
 * total size, which includes the last-applied-configuration annotation
 * `kubectl apply` adds), finalizers and owner references; and the labels and
 * annotations of a workload's pod template (ValidatePodTemplateSpec, whose
 * paths have no `metadata`: `spec.template.labels`).
 */
import type { FieldNode } from '../model';
import { child, entries, items, str } from '../model';
import { defineRule, type ObjectCheckContext } from './rule';
import { goQuote, invalid, required, type FieldError } from './fieldErrors';
import { byteLength, dns1123Label, dns1123Subdomain, goJSONString, invalidRendered, labelValue, qualifiedName, renderStringList } from './stringFormats';
import { atLeast, goString, int } from './common';
import { POD_SPEC_PATHS, templateBlockedBySelector } from '../knowledge/kinds';

const OBJECTMETA = 'ValidateObjectMeta, apimachinery/pkg/api/validation/objectmeta.go';

/** The kinds whose create path the rules here follow (their validation's name function is known). */
const KINDS: readonly string[] = Object.keys(POD_SPEC_PATHS);

/** The name function each kind's validation passes to ValidateObjectMeta. */
const NAME_IS_LABEL: ReadonlySet<string> = new Set(['StatefulSet']);

/** maskTrailingDash: a name prefix may end in '-' (quirk included: the last two characters become one 'a'). */
const maskTrailingDash = (name: string): string => (name.length > 1 && name.endsWith('-') ? `${name.slice(0, -2)}a` : name);

/**
 * From 1.35 a ReplicationController's metadata goes through
 * ValidateObjectMetaWithOpts: generateName is not validated itself, and the
 * (generated) name is validate.LongName, whose length error counts bytes.
 */
const withOpts = (kind: string, version: string): boolean => kind === 'ReplicationController' && atLeast(version, '1.35');

/** NameIsDNSSubdomain or NameIsDNSLabel, by kind (validate.LongName where withOpts). */
function nameErrors(kind: string, name: string, prefix: boolean, version: string): string[] {
  const n = prefix ? maskTrailingDash(name) : name;
  if (NAME_IS_LABEL.has(kind)) return dns1123Label(n);
  const errs = dns1123Subdomain(n);
  return withOpts(kind, version) ? errs.map((m) => m.replace(/^must be no more than (\d+) characters$/, 'must be no more than $1 bytes')) : errs;
}

/** names.SimpleNameGenerator: the prefix cut to 58 bytes, then five random lower-case letters and digits. */
const GENERATED_SUFFIX = 'xxxxx';
function generatedName(base: string): string {
  const bytes = new TextEncoder().encode(base);
  const cut = bytes.length > 58 ? new TextDecoder().decode(bytes.slice(0, 58)) : base;
  return cut + GENERATED_SUFFIX;
}

/** Where a report about a missing field points: the field, else its parent's key, else the object's kind. */
const anchorOf = (ctx: ObjectCheckContext<unknown>, ...fs: (FieldNode | undefined)[]): FieldNode =>
  fs.find((f): f is FieldNode => !!f) ?? child(ctx.object, 'kind') ?? ctx.object;

const metaOf = (ctx: ObjectCheckContext<unknown>): FieldNode | undefined => {
  const m = child(ctx.object, 'metadata');
  return m && m.kind === 'map' ? m : undefined;
};

/** The pod template of a workload (with its metadata), when the kind has one: `spec.template`, `template`, … */
function templateOf(object: FieldNode, kind: string): FieldNode | undefined {
  const path = POD_SPEC_PATHS[kind];
  if (!path || path.length < 2) return undefined;
  let f: FieldNode | undefined = object;
  for (const k of path.slice(0, -1)) f = child(f, k);
  return f && f.kind === 'map' ? f : undefined;
}

/**
 * The metadata maps a rule checks: the object's (`metadata.labels`) and its
 * pod template's (`spec.template.labels`: ValidatePodTemplateSpec names the
 * template's fields without `metadata`).
 */
function metadataMaps(ctx: ObjectCheckContext<unknown>, key: 'labels' | 'annotations'): { map: FieldNode; path: string; top: boolean }[] {
  const out: { map: FieldNode; path: string; top: boolean }[] = [];
  const own = child(metaOf(ctx), key);
  if (own && own.kind === 'map') out.push({ map: own, path: own.path, top: true });
  const tpl = templateOf(ctx.object, ctx.kind);
  // A Deployment's, ReplicaSet's or StatefulSet's template is not validated at all when its selector does not convert.
  if (templateBlockedBySelector(ctx.object, ctx.kind, ctx.version)) return out;
  const tmeta = child(tpl, 'metadata');
  const tmap = tmeta && tmeta.kind === 'map' ? child(tmeta, key) : undefined;
  if (tpl && tmap && tmap.kind === 'map') out.push({ map: tmap, path: `${tpl.path}.${key}`, top: false });
  return out;
}

/** A string map's entries with string values (a null value is ''), skipping what does not decode (schema/wrong-type). */
function stringEntries(map: FieldNode): { key: string; value: string; field: FieldNode }[] {
  const out: { key: string; value: string; field: FieldNode }[] = [];
  for (const e of entries(map)) {
    if (e.key === undefined) continue;
    const v = e.kind === 'null' ? '' : str(e);
    if (v === undefined) continue;
    out.push({ key: e.key, value: v, field: e });
  }
  return out;
}

// ---- name and generateName --------------------------------------------------------

const name = defineRule({
  id: 'metadata/name',
  severity: 'error',
  title: 'The object needs a valid name',
  description:
    "Every object needs `metadata.name` (or `generateName`, with `kubectl create`; `kubectl apply` needs a name). Most kinds take a DNS subdomain: at most 253 lower-case letters, digits, '-' and '.', starting and ending with a letter or digit. A StatefulSet's name is a DNS label (no dots, at most 63), because its pods' host names derive from it; so must an Indexed Job's name followed by `-<completions - 1>`, its last pod's host name. A name generated from `generateName` (the prefix cut to 58 characters, plus 5 random characters) is checked the same way.",
  upstream: `${OBJECTMETA}; ValidatePodName, ValidateStatefulSetName (pkg/apis/apps/validation), validateNameAllowsCompletions (pkg/apis/batch/validation)`,
  rejects: true,
  applies: { kinds: KINDS },
  example: {
    invalid: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: Web_Server\nspec:\n  containers:\n  - name: web\n    image: nginx:1.27\n',
    valid: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web-server\nspec:\n  containers:\n  - name: web\n    image: nginx:1.27\n',
  },
  scope: 'object',
  check(ctx) {
    const meta = child(ctx.object, 'metadata');
    if (meta && meta.kind !== 'map' && meta.kind !== 'null') return;
    const nf = child(meta, 'name');
    const gf = child(meta, 'generateName');
    const n = goString(nf);
    const g = goString(gf);
    if (n === undefined || g === undefined) return;
    const path = 'metadata.name';
    let actual = '';
    let where: FieldNode;
    if (n === '' && g === '') {
      where = anchorOf(ctx, nf, meta);
      ctx.report({ field: where, on: 'key', ...required(path, 'name or generateName is required') });
    } else {
      actual = n !== '' ? n : generatedName(g);
      where = n !== '' ? nf! : gf!;
      for (const msg of nameErrors(ctx.kind, actual, false, ctx.version)) ctx.report({ field: where, on: 'value', ...invalid(path, actual, msg) });
      // A CronJob's name may have 52 characters (workload/cronjob-name-length checks a given name; here a generated one).
      if (ctx.kind === 'CronJob' && n === '' && actual.length > 52) ctx.report({ field: where, on: 'value', ...invalid(path, actual, 'must be no more than 52 characters') });
    }
    if (ctx.kind === 'Job') {
      // An Indexed Job's pods are named `<job>-<index>`: the last one must be a DNS label (validateNameAllowsCompletions).
      const spec = child(ctx.object, 'spec');
      const completions = int(child(spec, 'completions'));
      if (str(child(spec, 'completionMode')) !== 'Indexed' || completions === undefined || completions <= 0) return;
      const host = `${actual}-${completions - 1}`;
      if (dns1123Label(host).length > 0) {
        ctx.report({ field: where, on: where === nf || where === gf ? 'value' : 'key', ...invalid(path, actual, `will not able to create pod with invalid DNS label: ${host}`) });
      }
    }
  },
});

const generateName = defineRule({
  id: 'metadata/generate-name',
  severity: 'error',
  title: 'generateName must be a valid name prefix',
  description:
    "`generateName` is the prefix of a name the API server completes with 5 random characters; it follows the kind's name rules (a DNS subdomain, or a DNS label for a StatefulSet), except that it may end with '-'. From 1.35 a ReplicationController's generateName is not checked itself, only the name generated from it (metadata/name).",
  upstream: OBJECTMETA,
  rejects: true,
  applies: { kinds: KINDS },
  example: {
    invalid: 'apiVersion: batch/v1\nkind: Job\nmetadata:\n  generateName: Migrate-\nspec:\n  template:\n    spec:\n      restartPolicy: Never\n      containers:\n      - name: migrate\n        image: flyway/flyway:10\n',
    valid: 'apiVersion: batch/v1\nkind: Job\nmetadata:\n  generateName: migrate-\nspec:\n  template:\n    spec:\n      restartPolicy: Never\n      containers:\n      - name: migrate\n        image: flyway/flyway:10\n',
  },
  scope: 'object',
  check(ctx) {
    const gf = child(metaOf(ctx), 'generateName');
    const g = goString(gf);
    if (!gf || !g || withOpts(ctx.kind, ctx.version)) return;
    for (const msg of nameErrors(ctx.kind, g, true, ctx.version)) ctx.report({ field: gf, on: 'value', ...invalid('metadata.generateName', g, msg) });
  },
});

const namespace = defineRule({
  id: 'metadata/namespace',
  severity: 'error',
  title: 'The namespace must be a valid namespace name',
  description: "A namespace name is a DNS label: at most 63 lower-case letters, digits and '-', starting and ending with a letter or digit.",
  upstream: `${OBJECTMETA} (ValidateNamespaceName)`,
  rejects: true,
  applies: { kinds: KINDS },
  example: {
    invalid: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n  namespace: Team_A\nspec:\n  containers:\n  - name: web\n    image: nginx:1.27\n',
    valid: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n  namespace: team-a\nspec:\n  containers:\n  - name: web\n    image: nginx:1.27\n',
  },
  scope: 'object',
  check(ctx) {
    const f = child(metaOf(ctx), 'namespace');
    const v = goString(f);
    // An empty namespace is the request's (kubectl's context, else `default`).
    if (!f || !v) return;
    for (const msg of dns1123Label(v)) ctx.report({ field: f, on: 'value', ...invalid('metadata.namespace', v, msg) });
  },
});

// ---- labels and annotations ----------------------------------------------------------

const labels = defineRule({
  id: 'metadata/labels',
  severity: 'error',
  title: 'Label keys and values must be valid',
  description:
    "A label key is an optional DNS-subdomain prefix and '/', then a name of at most 63 letters, digits, '-', '_' and '.', starting and ending with a letter or digit. A value is empty or such a name (at most 63 characters, no '/'). The same holds for the labels of a workload's pod template (not checked by the API server when a Deployment's, ReplicaSet's or StatefulSet's selector is itself invalid). A Job's pod template gets the labels `job-name` and `batch.kubernetes.io/job-name` with the Job's name as value, so a Job name that is no valid label value (longer than 63 characters, say) is rejected there too; and a Job or ReplicationController without labels gets its template's labels (a Job's with those two), checked as its own.",
  upstream: 'ValidateLabels, apimachinery/pkg/apis/meta/v1/validation/validation.go (ValidateObjectMeta, ValidatePodTemplateSpec)',
  rejects: true,
  applies: { kinds: KINDS },
  example: {
    invalid: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n  labels:\n    app: web server\nspec:\n  containers:\n  - name: web\n    image: nginx:1.27\n',
    valid: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n  labels:\n    app: web-server\nspec:\n  containers:\n  - name: web\n    image: nginx:1.27\n',
  },
  scope: 'object',
  check(ctx) {
    for (const { map, path } of metadataMaps(ctx, 'labels')) checkLabelMap(ctx, map, path);
    if (ctx.kind === 'Job' || ctx.kind === 'ReplicationController') checkDefaultedLabels(ctx);
  },
});

function checkLabelMap(ctx: ObjectCheckContext<unknown>, map: FieldNode, path: string): void {
  for (const { key, value, field } of stringEntries(map)) {
    for (const msg of qualifiedName(key, ctx.version)) ctx.report({ field, on: 'key', ...invalid(path, key, msg) });
    for (const msg of labelValue(value, ctx.version)) ctx.report({ field, on: 'value', ...invalid(path, value, msg) });
  }
}

/** The labels generateSelector (pkg/registry/batch/job/strategy.go) gives a Job's pod template, whose value is the Job's name. */
const JOB_NAME_LABELS = ['job-name', 'batch.kubernetes.io/job-name'];

/**
 * A Job's or ReplicationController's labels as the API server validates them
 * on create. SetDefaults_Job (pkg/apis/batch/v1/defaults.go) and
 * SetDefaults_ReplicationController (pkg/apis/core/v1/defaults.go) give an
 * object without labels its template's labels map, when the template has
 * one, as the same Go map. For a Job, the
 * strategy's PrepareForCreate (generateSelector, unless `manualSelector: true`)
 * adds `job-name` and `batch.kubernetes.io/job-name` with the Job's (possibly
 * generated) name, and the controller-uid labels (a UID, always valid), to the
 * template's labels: so to the Job's own labels too, when they are that map. A
 * name that is no valid label value (over 63 characters, or with a character
 * a label value does not take) is reported at `spec.template.labels`, and at
 * `metadata.labels` with the template's own labels when they were copied.
 */
function checkDefaultedLabels(ctx: ObjectCheckContext<unknown>): void {
  const spec = child(ctx.object, 'spec');
  if (spec && spec.kind !== 'map' && spec.kind !== 'null') return;
  const meta = child(ctx.object, 'metadata');
  if (meta && meta.kind !== 'map' && meta.kind !== 'null') return;
  const tpl = templateOf(ctx.object, ctx.kind);
  const tmeta = child(tpl, 'metadata');
  if (tmeta && tmeta.kind !== 'map' && tmeta.kind !== 'null') return;
  const tlabels = child(tmeta, 'labels');
  const own = child(meta, 'labels');
  if ((own && own.kind !== 'map' && own.kind !== 'null') || (tlabels && tlabels.kind !== 'map' && tlabels.kind !== 'null')) return;
  // A Job or ReplicationController without labels gets the template's labels map (not when the template has none: `labels:` null or absent).
  const copied = (!own || (own.children?.length ?? 0) === 0) && tlabels?.kind === 'map';
  if (copied) checkLabelMap(ctx, tlabels, 'metadata.labels');
  if (ctx.kind !== 'Job') return;
  const manual = child(spec, 'manualSelector');
  if (manual && manual.value === true) return;
  const nf = child(meta, 'name');
  const gf = child(meta, 'generateName');
  const n = goString(nf);
  const g = goString(gf);
  if (n === undefined || g === undefined) return;
  const value = n !== '' ? n : g !== '' ? generatedName(g) : '';
  const where = n !== '' ? nf : gf;
  const userKeys = new Set(tlabels?.kind === 'map' ? stringEntries(tlabels).map((e) => e.key) : []);
  // Both keys carry the same value: one finding per path says it (the API server repeats it once per key).
  if (!where || JOB_NAME_LABELS.every((k) => userKeys.has(k))) return;
  const paths = [`${tpl?.path ?? 'spec.template'}.labels`, ...(copied ? ['metadata.labels'] : [])];
  for (const path of paths) for (const msg of labelValue(value, ctx.version)) ctx.report({ field: where, on: 'value', ...invalid(path, value, msg) });
}

/** TotalAnnotationSizeLimitB. */
const ANNOTATIONS_LIMIT = 256 * 1024;
/** The annotation `kubectl apply` adds, whose value is the object as JSON. */
const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

/** field.TooLong's message: `must have at most` up to 1.32, `may not be more than` from 1.33. */
function tooLongBytes(path: string, max: number, version: string): FieldError {
  const detail = atLeast(version, '1.33') ? `may not be more than ${max} bytes` : `must have at most ${max} bytes`;
  return { fieldPath: path, apiErrorType: 'TooLong', message: `${path}: Too long: ${detail}` };
}

/** A lower bound of the size of a value as Go's encoding/json writes it (compact; HTML characters escaped). */
function jsonSize(f: FieldNode | undefined): number {
  if (!f || f.kind === 'null') return 4;
  if (f.kind === 'map') {
    let n = 2 + Math.max(0, (f.children?.length ?? 0) - 1);
    for (const c of f.children ?? []) n += jsonStringSize(c.key ?? '') + 1 + jsonSize(c);
    return n;
  }
  if (f.kind === 'seq') {
    let n = 2 + Math.max(0, (f.children?.length ?? 0) - 1);
    for (const c of f.children ?? []) n += jsonSize(c);
    return n;
  }
  return typeof f.value === 'string' ? jsonStringSize(f.value) : String(f.value).length;
}

function jsonStringSize(s: string): number {
  let extra = 2;
  for (const ch of s) {
    if (ch === '"' || ch === '\\') extra += 1;
    else if (ch === '<' || ch === '>' || ch === '&' || ch < ' ') extra += 5;
  }
  return byteLength(s) + extra;
}

const annotations = defineRule({
  id: 'metadata/annotations',
  severity: 'error',
  title: 'Annotation keys must be valid, and all annotations together at most 256 KiB',
  description:
    "An annotation key follows the rules of a label key (upper-case letters allowed); values are free text. All keys and values of an object's annotations together may take at most 256 KiB, and `kubectl apply` adds one holding the whole object as JSON (`kubectl.kubernetes.io/last-applied-configuration`), so large annotations count twice. Keep big data in a ConfigMap.",
  upstream: 'ValidateAnnotations, apimachinery/pkg/api/validation/objectmeta.go (ValidateObjectMeta, ValidatePodTemplateSpec)',
  rejects: true,
  applies: { kinds: KINDS },
  example: {
    invalid: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n  annotations:\n    build info: nightly\nspec:\n  containers:\n  - name: web\n    image: nginx:1.27\n',
    valid: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n  annotations:\n    example.com/build-info: nightly\nspec:\n  containers:\n  - name: web\n    image: nginx:1.27\n',
  },
  scope: 'object',
  check(ctx) {
    const maps = metadataMaps(ctx, 'annotations');
    for (const { map, path, top } of maps) {
      let size = 0;
      for (const { key, value, field } of stringEntries(map)) {
        size += byteLength(key) + byteLength(value);
        for (const msg of qualifiedName(key.toLowerCase(), ctx.version)) ctx.report({ field, on: 'key', ...invalid(path, key, msg) });
      }
      // The object's own annotations also hold the last applied configuration: the object as JSON (a lower bound of its size).
      if (top && !child(map, LAST_APPLIED)) size += byteLength(LAST_APPLIED) + jsonSize(ctx.object) + 1;
      if (size > ANNOTATIONS_LIMIT) ctx.report({ field: map, on: 'key', ...tooLongBytes(path, ANNOTATIONS_LIMIT, ctx.version) });
    }
    // Annotations too large with no annotations at all: the last-applied one alone.
    if (!maps.some((m) => m.top)) {
      const meta = metaOf(ctx);
      const size = byteLength(LAST_APPLIED) + jsonSize(ctx.object) + 1;
      if (size > ANNOTATIONS_LIMIT) ctx.report({ field: anchorOf(ctx, child(meta, 'annotations'), child(ctx.object, 'metadata')), on: 'key', ...tooLongBytes('metadata.annotations', ANNOTATIONS_LIMIT, ctx.version) });
    }
  },
});

// ---- finalizers and owner references -------------------------------------------------

const STANDARD_FINALIZERS: ReadonlySet<string> = new Set(['kubernetes', 'orphan', 'foregroundDeletion']);

const finalizers = defineRule({
  id: 'metadata/finalizers',
  severity: 'error',
  title: 'Finalizers must be qualified names',
  description:
    "A finalizer is a qualified name like a label key, and one without a '/' prefix must be a standard one (`kubernetes`, `orphan`, `foregroundDeletion`): write your own as `example.com/cleanup`. `orphan` and `foregroundDeletion` exclude each other.",
  upstream: `ValidateFinalizers (${OBJECTMETA}); validateKubeFinalizerName, pkg/apis/core/validation/validation.go`,
  rejects: true,
  applies: { kinds: KINDS },
  example: {
    invalid: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n  finalizers:\n  - cleanup\nspec:\n  containers:\n  - name: web\n    image: nginx:1.27\n',
    valid: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n  finalizers:\n  - example.com/cleanup\nspec:\n  containers:\n  - name: web\n    image: nginx:1.27\n',
  },
  scope: 'object',
  check(ctx) {
    const list = child(metaOf(ctx), 'finalizers');
    if (!list || list.kind !== 'seq') return;
    const names: string[] = [];
    const fields: FieldNode[] = [];
    for (const it of items(list)) {
      const v = it.kind === 'null' ? '' : str(it);
      if (v === undefined) return;
      names.push(v);
      fields.push(it);
    }
    names.forEach((v, i) => {
      for (const msg of qualifiedName(v, ctx.version)) ctx.report({ field: fields[i], on: 'value', ...invalid('metadata.finalizers', v, msg) });
    });
    if (names.includes('orphan') && names.includes('foregroundDeletion')) {
      ctx.report({ field: list, on: 'key', ...invalidRendered('metadata.finalizers', renderStringList(names, ctx.version), 'finalizer orphan and foregroundDeletion cannot be both set') });
    }
    names.forEach((v, i) => {
      if (!v.includes('/') && !STANDARD_FINALIZERS.has(v)) {
        ctx.report({ field: fields[i], on: 'value', ...invalid(`metadata.finalizers[${i}]`, v, 'name is neither a standard finalizer name nor is it fully qualified') });
      }
    });
  },
});

/** schema.ParseGroupVersion: undefined when it fails. */
function parseGroupVersion(s: string): { group: string; version: string } | undefined {
  if (s === '' || s === '/') return { group: '', version: '' };
  const parts = s.split('/');
  if (parts.length === 1) return { group: '', version: s };
  if (parts.length === 2) return { group: parts[0], version: parts[1] };
  return undefined;
}

const ownerReferences = defineRule({
  id: 'metadata/owner-references',
  severity: 'error',
  title: 'Owner references need apiVersion, kind, name and uid',
  description:
    'An owner reference names an existing object by `apiVersion` (`<group>/<version>` or `<version>`), `kind`, `name` and `uid`; all four are required. Controllers set owner references themselves: a manifest rarely needs one.',
  upstream: `ValidateOwnerReferences (${OBJECTMETA})`,
  rejects: true,
  applies: { kinds: KINDS },
  example: {
    invalid:
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n  ownerReferences:\n  - apiVersion: apps/v1\n    kind: ReplicaSet\n    name: web-5d4f\nspec:\n  containers:\n  - name: web\n    image: nginx:1.27\n',
    valid:
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n  ownerReferences:\n  - apiVersion: apps/v1\n    kind: ReplicaSet\n    name: web-5d4f\n    uid: 8a4b2c3d-1e2f-4a5b-9c8d-7e6f5a4b3c2d\nspec:\n  containers:\n  - name: web\n    image: nginx:1.27\n',
  },
  scope: 'object',
  check(ctx) {
    const list = child(metaOf(ctx), 'ownerReferences');
    if (!list || list.kind !== 'seq') return;
    // 1.37 reports each reference at its index, with Required; before, at `ownerReferences` with Invalid.
    const v137 = atLeast(ctx.version, '1.37');
    const v134 = atLeast(ctx.version, '1.34');
    items(list).forEach((ref, i) => {
      if (ref.kind !== 'map' && ref.kind !== 'null') return;
      const vals: Record<string, string | undefined> = {};
      for (const k of ['apiVersion', 'kind', 'name', 'uid']) vals[k] = goString(child(ref, k));
      if (Object.values(vals).some((v) => v === undefined)) return;
      const base = v137 ? `metadata.ownerReferences[${i}]` : 'metadata.ownerReferences';
      const at = (k: string): FieldNode => child(ref, k) ?? ref;
      const on = (k: string): 'key' | 'value' => (child(ref, k) ? 'value' : 'key');
      const report = (k: string, err: FieldError): void => ctx.report({ field: at(k), on: on(k), ...err });
      const gv = parseGroupVersion(vals.apiVersion!);
      // BannedOwners: a core v1 Event may own nothing. The reference is printed as JSON from 1.34, as a Go struct (%#v) before.
      if (gv && gv.group === '' && gv.version === 'v1' && vals.kind === 'Event') {
        const flags = (['controller', 'blockOwnerDeletion'] as const).map((k) => {
          const f = child(ref, k);
          return f && typeof f.value === 'boolean' ? f.value : undefined;
        });
        const rendered = v134
          ? `{"apiVersion":${goJSONString(vals.apiVersion!)},"kind":"Event","name":${goJSONString(vals.name!)},"uid":${goJSONString(vals.uid!)}${flags
              .map((v, j) => (v === undefined ? '' : `,"${j ? 'blockOwnerDeletion' : 'controller'}":${v}`))
              .join('')}}`
          : // A set pointer prints its address, which no checker can know.
            `v1.OwnerReference{APIVersion:${goQuote(vals.apiVersion!)}, Kind:"Event", Name:${goQuote(vals.name!)}, UID:${goQuote(vals.uid!)}, ${flags
              .map((v, j) => `${j ? 'BlockOwnerDeletion' : 'Controller'}:(*bool)(${v === undefined ? 'nil' : '0x…'})`)
              .join(', ')}}`;
        ctx.report({ field: ref, on: 'entry', ...invalidRendered(v137 ? `metadata.ownerReferences[${i}]` : 'metadata.ownerReferences', rendered, '/v1, Kind=Event is disallowed from being an owner') });
      }
      if (v137) {
        if (vals.apiVersion === '') report('apiVersion', required(`${base}.apiVersion`, 'must not be empty'));
        else if (!gv || gv.version === '') report('apiVersion', invalid(`${base}.apiVersion`, vals.apiVersion, 'must be <group>/<version> or <version>'));
        for (const k of ['kind', 'name', 'uid']) if (vals[k] === '') report(k, required(`${base}.${k}`, 'must not be empty'));
      } else {
        if (!gv || gv.version === '') report('apiVersion', invalid(`${base}.apiVersion`, vals.apiVersion, 'version must not be empty'));
        for (const k of ['kind', 'name', 'uid']) if (vals[k] === '') report(k, invalid(`${base}.${k}`, '', v134 ? 'must not be empty' : `${k} must not be empty`));
      }
    });
  },
});

export const metadataRules = [name, generateName, namespace, labels, annotations, finalizers, ownerReferences];
