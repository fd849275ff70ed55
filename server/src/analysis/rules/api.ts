/**
 * The rule contract. One rule = one entry: a stable id (the diagnostic code and
 * the docs anchor), a default severity, what it checks, the upstream function
 * it mirrors, the releases it applies to, examples, a check and optional fixes.
 * Rules live in family files (rules/<family>.ts); rules/index.ts only lists the
 * families.
 */
import type { ApiErrorType, DocModel, FieldNode, PodSpecModel, Severity } from '../model';

export interface Finding {
  rule: string;
  severity: Severity;
  message: string;
  /** Offsets relative to the document's segment while cached; absolute once placed. */
  start: number;
  end: number;
  /** API field path of the place ('' when there is none). */
  fieldPath: string;
  /** Present exactly when the finding says that the API server would reject the object. */
  apiErrorType?: ApiErrorType;
  /** Extra facts a fix needs (never parsed out of the message). */
  data?: Record<string, unknown>;
  /** Marks unnecessary/deprecated code for editors that render it. */
  tags?: ('unnecessary' | 'deprecated')[];
  /** Index of the YAML document: within its segment while cached, within the file once placed. */
  document?: number;
}

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

export interface TextEditSpec {
  start: number;
  end: number;
  newText: string;
  /** newText is in snippet syntax (`${1:name}`, `$0`): tab stops where the client supports them. */
  snippet?: boolean;
}

export interface FixSpec {
  title: string;
  edits: TextEditSpec[];
  /** LSP code action kind: 'quickfix' (default) or 'refactor.rewrite' etc. */
  kind?: string;
  isPreferred?: boolean;
  /** The rule whose finding this fixes (set by the service; links the action to its diagnostic). */
  rule?: string;
  /** A command to run instead of / after the edit (e.g. change a setting). */
  command?: { title: string; command: string; arguments?: unknown[] };
}

export interface FixContext {
  finding: Finding;
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
