/**
 * Code actions that do not fix a finding: pattern insertions available at the
 * cursor (add a native sidecar, an adapter, an ambassador, an init container).
 */
import type { AnalysisSettings } from './engine';
import type { FixSpec } from './rules/api';
import type { DocModel, FieldNode } from './model';

export interface ActionTarget {
  doc: DocModel;
  local: number;
  field?: FieldNode;
  placed: { segment: { text: string } };
}

export function actionsAt(_at: ActionTarget, _start: number, _end: number, _settings: AnalysisSettings): FixSpec[] {
  return [];
}
