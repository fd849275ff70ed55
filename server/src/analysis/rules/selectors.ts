/**
 * INTERFACE ONLY on this branch. The shared label selector validation
 * (ValidateLabelSelector and ValidateLabels of
 * k8s.io/apimachinery/pkg/apis/meta/v1/validation/validation.go) is written
 * with the affinity rules, in a module of this name with these signatures;
 * the workload rules call it for `spec.selector`. Until that module replaces
 * this file, the calls report nothing (the API server's selector key, value
 * and operator errors are not claimed).
 */
import type { FieldNode } from '../model';
import type { Sink } from './common';

/** The upstream functions of this module, for the `upstream` of the rules that use it. */
export const SELECTOR_UPSTREAM = 'ValidateLabelSelector, ValidateLabels, k8s.io/apimachinery/pkg/apis/meta/v1/validation/validation.go';

export interface LabelSelectorOptions {
  /** LabelSelectorValidationOptions.AllowInvalidLabelValueInSelector: the values of requirements are not checked. */
  allowInvalidLabelValue?: boolean;
}

/** ValidateLabelSelector of the selector at `node`, reported at `path` (the selector's own path). */
export function checkLabelSelector<D>(sink: Sink<D>, node: FieldNode | undefined, path: string, opts: LabelSelectorOptions = {}): void {
  void sink;
  void node;
  void path;
  void opts;
}
