/**
 * TRANSITION ONLY: the rule contract before rules/rule.ts. Families not yet
 * moved to defineRule are adapted by fromLegacy; this file goes once none is
 * left.
 *
 * The rule contract. One rule = one entry: a stable id (the diagnostic code and
 * the docs anchor), a default severity, what it checks, the upstream function
 * it mirrors, the releases it applies to, examples, a check and optional fixes.
 * Rules live in family files (rules/<family>.ts); rules/index.ts only lists the
 * families.
 */
import type { DocModel, FieldNode, PodSpecModel } from '../model';
import type { ApiErrorType, Severity } from '../findings';
import type { Finding, FixSpec } from '../findings';
import type { AnyRule, FixContext as NewFixContext } from './rule';

export type { Finding, FixSpec, TextEditSpec } from '../findings';

export interface ReportArgs {
  /** Where: a field (see `on`) or an explicit range. */
  field?: FieldNode;
  range?: [number, number];
  /** Which part of the field: its key (default when it has one), its value, or the whole entry. */
  on?: 'key' | 'value' | 'entry';
  message: string;
  fieldPath?: string;
  apiErrorType?: ApiErrorType;
  data?: Record<string, unknown>;
  /** Overrides the rule's default severity for this finding (e.g. warn when a feature is gated). */
  severity?: Severity;
  tags?: Finding['tags'];
}

export interface RuleContext {
  /** Kubernetes minor the user targets ("1.36"). */
  version: string;
  doc: DocModel;
  /** The document's full segment text (for rules that look at comments or raw text). */
  text: string;
  report(args: ReportArgs): void;
}

export interface PodRuleContext extends RuleContext {
  pod: PodSpecModel;
}

export interface FixContext {
  finding: Finding<Record<string, unknown>>;
  doc: DocModel;
  /** The document segment's text; edits are in its offsets. */
  text: string;
  version: string;
}

interface RuleBase {
  /** Stable id: `<family>/<name>`. Never renamed once released. */
  id: string;
  severity: Severity;
  /** One line: what it checks. */
  title: string;
  /** Markdown: why it matters and what to do. */
  description: string;
  /** The upstream validation this mirrors (function and file), when it claims API rejection. */
  upstream?: string;
  /** Releases the rule applies to (inclusive). */
  since?: string;
  until?: string;
  /** Does a finding of this rule mean the API server rejects the object? */
  rejects: boolean;
  /** Docs examples: YAML that triggers it, and a fixed version. */
  example?: { invalid: string; valid?: string };
  fix?(ctx: FixContext): FixSpec[];
}

export interface PodRule extends RuleBase {
  scope: 'pod';
  check(ctx: PodRuleContext): void;
}

export interface DocumentRule extends RuleBase {
  scope: 'document';
  check(ctx: RuleContext): void;
}

export type Rule = PodRule | DocumentRule;

/** Adapts a rule written in the old contract to the one of rules/rule.ts. */
export function fromLegacy(r: Rule): AnyRule {
  const { since, until, fix, ...rest } = r;
  const applies = since || until ? { since, until, podSpec: 'any' as const } : { podSpec: 'any' as const };
  const policy = r.id.startsWith('yaml/')
    ? { onSyntaxErrors: true, templated: 'drop' as const }
    : r.id.startsWith('schema/')
      ? { placeholders: 'keep' as const }
      : undefined;
  return {
    ...(rest as object),
    applies,
    policy,
    fix: fix && ((ctx: NewFixContext<unknown>) => fix({ finding: (ctx as unknown as { finding: Finding<Record<string, unknown>> }).finding, doc: ctx.doc, text: ctx.text, version: ctx.version })),
  } as AnyRule;
}
