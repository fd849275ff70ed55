/**
 * Pod-specific explanations for hovers: what a field means for the exact pod
 * under the cursor (init order, sidecar lifecycle, effective resources).
 * Returns markdown, or undefined where the upstream description says it all.
 */
import type { AnalysisSettings } from './engine';
import type { DocModel, FieldNode } from './model';

export function explain(_doc: DocModel, _f: FieldNode, _settings: AnalysisSettings): string | undefined {
  return undefined;
}
