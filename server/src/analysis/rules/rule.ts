/**
 * The one way to write a rule.
 *
 *     export const dnsPolicy = defineRule({
 *       id: 'pod/dns-policy',                       // public: never renamed
 *       severity: 'error',
 *       title: 'dnsPolicy must be …',
 *       description: 'Markdown: why it matters and what to do.',
 *       upstream: 'validateDNSPolicy, pkg/apis/core/validation/validation.go',
 *       rejects: true,                               // findings carry the API server's error type
 *       scope: 'pod',                                // runs once per pod spec
 *       example: { invalid: '…', valid: '…' },
 *       check(ctx) {
 *         const f = child(ctx.pod.field, 'dnsPolicy');
 *         if (…) ctx.report({ field: f, on: 'value', ...notSupported(f.path, v, allowed), data: { replacement } });
 *       },
 *       fix: ({ field, data }) => [{ title: `Change to ${data.replacement}`, edits: [replaceValue(field!, data.replacement)] }],
 *     });
 *
 * The metadata says what the rule is and where it applies (`applies`: releases,
 * kinds, whether the API server validates the pod spec there); the engine
 * enforces it, and the rule's `policy` (how it behaves in broken, templated or
 * partial documents), in one place. A check reports with the model node in
 * hand and typed data; the fix receives that node and data, never a message
 * or a search. A rule lives in its family's file (rules/<family>.ts), which
 * rules/index.ts lists.
 */
import type { DocModel, FieldNode, PodSpecModel } from '../model';
import type { ApiErrorType, FixSpec, Severity } from '../findings';
import type { WorkspaceView } from '../workspaceTypes';

/** Where a rule runs: the engine calls its check once per … */
export type Scope =
  /** … YAML document. */
  | 'document'
  /** … Kubernetes object of a known kind (the document's root, or each item of a List). */
  | 'object'
  /** … pod spec (a Pod's, or a workload's pod template). */
  | 'pod'
  /** Never: the engine reports it itself (file too large, a rule that failed, an unused suppression). */
  | 'engine';

/** Where a rule applies; the engine skips it elsewhere. */
export interface Applicability {
  /** First and last Kubernetes minor the rule applies to (inclusive). */
  since?: string;
  until?: string;
  /** Object kinds it applies to (object and pod scope): the object's kind, or the kind that holds the pod spec. */
  kinds?: readonly string[];
  /** Object kinds it does not apply to (whose controller sets the field itself, say). */
  exceptKinds?: readonly string[];
  /**
   * Pod scope. `validated` (the default for rules that reject): only where the
   * API server validates the pod spec of that kind in that release (a
   * StatefulSet's pod template is validated from 1.34 only). `any`: every pod
   * spec (warnings, and the workload's own checks of its template).
   */
  podSpec?: 'validated' | 'any';
}

/** How a rule's findings are treated where a document is not a complete manifest. */
export interface Policy {
  /** Runs on a document with YAML syntax errors (default: such a document gets its syntax errors only). */
  onSyntaxErrors?: boolean;
  /** In a document with template actions (`{{ }}`): `drop` its findings, or `soften` them (the default: at most warnings, none on templated text). */
  templated?: 'drop' | 'soften';
  /** On a placeholder value (`<YOUR-IMAGE>`): `keep` the finding (a type error stays one), or `drop` it (the default). */
  placeholders?: 'keep' | 'drop';
  /** Compares a field with another that a patch may leave to its base: dropped in patches. */
  relational?: boolean;
  /** A suppression comment can silence it (default true). */
  suppressible?: boolean;
}

export interface RuleMeta {
  /** Stable id: `<family>/<name>`, the diagnostic code and the docs anchor. Never renamed once released. */
  id: string;
  severity: Severity;
  /** One line: what it checks. */
  title: string;
  /** Markdown: why it matters and what to do. */
  description: string;
  /** The upstream function (and file) it mirrors; required when it rejects. */
  upstream?: string;
  /** A finding means that the API server rejects the object (it carries the API error type). */
  rejects?: boolean;
  applies?: Applicability;
  policy?: Policy;
  /** Docs examples: YAML that triggers it, and a fixed version. */
  example?: { invalid: string; valid?: string };
  /**
   * The check looks at other documents and files (`ctx.workspace`, the
   * workspace index): the engine runs it only when a workspace is given,
   * after the cached rules, and never caches its findings.
   */
  workspace?: boolean;
}

/** What a check reports: where, what, and the data its fix needs. */
export interface Report<D> {
  /** Where: a model node (see `on`) or an explicit range in the document's segment. */
  field?: FieldNode;
  range?: [number, number];
  /** Which part of the node: its key (the default when it has one), its value, or the whole entry. */
  on?: 'key' | 'value' | 'entry';
  message: string;
  /** The API field path (default: the node's). */
  fieldPath?: string;
  /** The API server's error type: kept only for rules that reject. */
  apiErrorType?: ApiErrorType;
  /** Overrides the rule's severity for this finding (a gated feature warns) unless the user set the rule's severity. */
  severity?: Severity;
  tags?: ('unnecessary' | 'deprecated')[];
  data?: D;
}

export interface CheckContext<D> {
  /** The Kubernetes minor checked against ("1.36"). */
  version: string;
  /** The release and where it was set, for messages that name it ("kubernetesVersion is 1.28 in .podpatterns.yaml"). */
  versionOrigin: string;
  /** The workspace as this file sees it: given to rules that say `workspace: true`. */
  workspace?: WorkspaceView;
  doc: DocModel;
  /** The document's segment text (offsets are in it). */
  text: string;
  report(r: Report<D>): void;
}

export interface ObjectCheckContext<D> extends CheckContext<D> {
  object: FieldNode;
  kind: string;
}

export interface PodCheckContext<D> extends CheckContext<D> {
  pod: PodSpecModel;
}

export interface FixContext<D> {
  /** The node the finding was reported on. */
  field?: FieldNode;
  /** The pod spec (pod rules) or object (object rules) that was being checked. */
  pod?: PodSpecModel;
  object?: FieldNode;
  /** The data the check reported. */
  data: D;
  doc: DocModel;
  /** The document's segment text: edits are in its offsets. */
  text: string;
  version: string;
  /** The release and where it was set (see CheckContext). */
  versionOrigin: string;
}

interface RuleBase<D> extends RuleMeta {
  /** Quick fixes for a finding of this rule. */
  fix?(ctx: FixContext<D>): FixSpec[];
}

export interface DocumentRule<D = unknown> extends RuleBase<D> {
  scope: 'document';
  check(ctx: CheckContext<D>): void;
}
export interface ObjectRule<D = unknown> extends RuleBase<D> {
  scope: 'object';
  check(ctx: ObjectCheckContext<D>): void;
}
export interface PodRule<D = unknown> extends RuleBase<D> {
  scope: 'pod';
  check(ctx: PodCheckContext<D>): void;
}
export interface EngineRule extends RuleBase<unknown> {
  scope: 'engine';
}

export type Rule = DocumentRule<never> | ObjectRule<never> | PodRule<never> | EngineRule;

/** Defines a rule. The type parameter is the data its findings carry to its fix. */
export function defineRule<D = undefined>(def: DocumentRule<D>): DocumentRule<D>;
export function defineRule<D = undefined>(def: ObjectRule<D>): ObjectRule<D>;
export function defineRule<D = undefined>(def: PodRule<D>): PodRule<D>;
export function defineRule(def: EngineRule): EngineRule;
export function defineRule(def: DocumentRule<unknown> | ObjectRule<unknown> | PodRule<unknown> | EngineRule): unknown {
  if (!/^[a-z]+\/[A-Za-z0-9_-]+$/.test(def.id)) throw new Error(`rule id ${def.id}: must be <family>/<name>`);
  if (def.rejects && !def.upstream) throw new Error(`rule ${def.id} rejects: it must name the upstream function`);
  return def;
}

/** What the engine and the docs read of any rule. */
export type AnyRule = DocumentRule<unknown> | ObjectRule<unknown> | PodRule<unknown> | EngineRule;
