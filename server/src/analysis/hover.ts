/**
 * Hover: what the field under the cursor is, from the upstream API
 * description, and (through the explainers) what it means for this pod.
 */
import type { AnalysisSettings } from './settings';
import type { DocModel, FieldNode } from './model';
import { fieldDoc, typeDoc } from './api/table';
import { describeType } from './reader';
import { explain } from './explain';
import { mdCode, mdText } from './markdown';

export interface HoverResult {
  markdown: string;
  start: number;
  end: number;
}

export interface HoverTarget {
  doc: DocModel;
  local: number;
  field?: FieldNode;
}

const DOCS = 'https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/pod-v1/';

export function hoverAt(at: HoverTarget, settings: AnalysisSettings): HoverResult | undefined {
  const f = at.field;
  if (!f) return undefined;
  const onKey = f.keyStart !== undefined && at.local >= f.keyStart && at.local <= (f.keyEnd ?? f.keyStart);
  const onValue = !onKey && at.local >= f.start && at.local <= f.end;
  if (!onKey && !onValue) return undefined;
  const range: [number, number] = onKey ? [f.keyStart!, f.keyEnd!] : [f.start, f.end];
  const parts: string[] = [];
  const specific = explain(at.doc, f, settings);
  if (specific) parts.push(specific);
  const api = apiDoc(f);
  if (api) parts.push(api);
  if (parts.length === 0) return undefined;
  return { markdown: parts.join('\n\n---\n\n'), start: range[0], end: range[1] };
}

/** The upstream description of a field: path, type, enum values, description. */
export function apiDoc(f: FieldNode): string | undefined {
  if (!f.def && !f.type) return undefined;
  const lines: string[] = [];
  const type = f.def?.type ?? f.type;
  // The key and the path hold the document's own keys (`limits[<resource>]`, annotation names).
  lines.push(`**${mdText(f.key ?? f.path)}**${type ? ` *${describeType(type)}*` : ''}${f.def?.required ? ' (required)' : ''}`);
  lines.push('');
  lines.push(mdCode(f.path));
  const doc = f.def ? fieldDoc(f.def) : undefined;
  const tdoc = !doc && type?.kind === 'object' && type.ref ? typeDoc(type.ref) : undefined;
  if (doc || tdoc) {
    lines.push('');
    lines.push((doc ?? tdoc)!);
  }
  if (f.def?.since) {
    lines.push('');
    lines.push(`Since Kubernetes ${f.def.since}.`);
  }
  if (f.def?.enum?.length) {
    lines.push('');
    lines.push(`Values: ${f.def.enum.map((v) => `\`${v}\``).join(', ')}`);
  }
  lines.push('');
  lines.push(`[Kubernetes API reference](${DOCS})`);
  return lines.join('\n');
}
