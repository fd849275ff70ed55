/**
 * What the analysis gives out: findings, and the edits that fix them. Plain
 * types shared by the engine, the rules, the service, the server and the
 * checker; offsets until the LSP edge.
 */
import type { DocModel, FieldNode, PodSpecModel } from './model';

export type Severity = 'error' | 'warning' | 'information' | 'hint';

/** A severity, or `off`: what a configuration may set for a rule. */
export type SeverityOverride = Severity | 'off';

/** field.ErrorType of k8s.io/apimachinery, as the API server names them. */
export type ApiErrorType = 'Required' | 'Invalid' | 'Duplicate' | 'NotSupported' | 'Forbidden' | 'NotFound' | 'TooLong' | 'TooMany';

/**
 * Where a finding came from: the model node it was reported on, with its
 * document and pod spec. Kept under a symbol key, so that it travels with the
 * finding through spreads but never into JSON, worker messages or the LSP.
 */
export const ORIGIN = Symbol('origin');

export interface Origin {
  doc: DocModel;
  /** The field the rule reported on (its `field`), when it reported on one. */
  field?: FieldNode;
  /** The pod spec a pod rule was checking. */
  pod?: PodSpecModel;
  /** The Kubernetes object an object rule was checking. */
  object?: FieldNode;
  /** The text of the document's segment, and the segment's start in the file: set once the finding is placed. */
  text?: string;
  base?: number;
}

export interface Finding<D = unknown> {
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
  /** What the rule's fix needs, typed by the rule (never parsed out of the message). */
  data?: D;
  /** Marks unnecessary/deprecated code for editors that render it. */
  tags?: ('unnecessary' | 'deprecated')[];
  /** Index of the YAML document: within its segment while cached, within the file once placed. */
  document?: number;
  [ORIGIN]?: Origin;
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
