/**
 * Edits that reshape a pod spec, shared by the rules' fixes and the code
 * actions: turning an app container into a native sidecar. They keep the
 * file's layout (see edits.ts).
 */
import type { TextEditSpec } from './findings';
import type { ContainerModel, DocModel, PodSpecModel } from './model';
import { child } from './model';
import { beforeEntry, columnOf, dashOf, detectStyle, endOfEntry, eolOf, isFlow, itemExtent, keyColumn, lineEndOf, shiftLines } from './edits';

/**
 * Moves an app container (its whole block with its comments) to
 * `initContainers` and gives it `restartPolicy: Always`, so that it runs as a
 * native sidecar: started before, and stopped after, the app containers. A
 * missing `initContainers` is created in front of `containers`. Returns no
 * edits where the layout does not allow a correct move (flow collections,
 * aliases).
 */
export function convertToNativeSidecar(text: string, doc: DocModel, pod: PodSpecModel, container: ContainerModel): TextEditSpec[] {
  const item = container.field;
  if (container.list !== 'containers' || !pod.containers.includes(container) || item.kind !== 'map' || item.viaAlias) return [];
  const seq = item.parent;
  if (!seq || seq.kind !== 'seq' || seq.viaAlias || isFlow(text, seq) || isFlow(text, pod.field)) return [];
  const ext = itemExtent(text, item);
  if (!ext) return [];
  const eol = eolOf(text);
  const srcDash = columnOf(text, dashOf(text, item)!);

  // The block, with `restartPolicy: Always` set in it.
  let block = text.slice(ext[0], ext[1]);
  if (!block.endsWith('\n')) block += eol;
  const rel = (o: number): number => o - ext[0];
  const rp = child(item, 'restartPolicy');
  if (rp && rp.kind === 'scalar' && !rp.viaAlias) {
    block = block.slice(0, rel(rp.start)) + 'Always' + block.slice(rel(rp.end));
  } else if (rp) {
    return [];
  } else if (isFlow(text, item)) {
    const close = text.lastIndexOf('}', item.end - 1);
    const inner = text.slice(item.start + 1, close).trimEnd();
    const at = rel(item.start + 1 + inner.length);
    block = block.slice(0, at) + `${inner.trim() ? (inner.endsWith(',') ? ' ' : ', ') : ''}restartPolicy: Always` + block.slice(at);
  } else {
    const anchor = child(item, 'image') ?? child(item, 'name') ?? item.children?.[0];
    if (!anchor || anchor.viaAlias) return [];
    const at = Math.min(rel(lineEndOf(text, endOfEntry(text, anchor))), block.length);
    const lead = block.slice(0, at).endsWith('\n') ? '' : eol;
    block = block.slice(0, at) + `${lead}${' '.repeat(columnOf(text, item.start))}restartPolicy: Always${eol}` + block.slice(at);
  }

  const remove: TextEditSpec = { start: ext[0], end: ext[1], newText: '' };
  const init = child(pod.field, 'initContainers');
  const containers = child(pod.field, 'containers')!;
  const style = detectStyle(text, pod.field, doc.root);
  const keyCol = keyColumn(text, pod.field) ?? columnOf(text, pod.field.start);
  if (!init) {
    // A new list in front of `containers`, laid out like it.
    const at = beforeEntry(text, containers);
    const dash = keyCol + (srcDash - columnOf(text, containers.keyStart!));
    return [{ start: at, end: at, newText: `${' '.repeat(keyCol)}initContainers:${eol}${shiftLines(block, dash - srcDash)}` }, remove];
  }
  if (init.viaAlias) return [];
  if (init.kind === 'null' || (init.kind === 'seq' && !init.children?.length && isFlow(text, init))) {
    const colon = text.indexOf(':', init.keyEnd ?? init.start);
    if (colon < 0) return [];
    const moved = shiftLines(block, keyCol + style.seqIndent - srcDash).replace(/\r?\n$/, '');
    return [{ start: colon + 1, end: Math.max(colon + 1, init.end), newText: eol + moved }, remove].sort((a, b) => a.start - b.start);
  }
  if (init.kind !== 'seq' || isFlow(text, init)) return [];
  const last = init.children![init.children!.length - 1];
  const lastExt = itemExtent(text, last);
  if (!lastExt || last.viaAlias) return [];
  const dash = columnOf(text, init.start);
  const lead = lastExt[1] === text.length && !text.endsWith('\n') ? eol : '';
  const insert: TextEditSpec = { start: lastExt[1], end: lastExt[1], newText: lead + shiftLines(block, dash - srcDash) };
  return [insert, remove].sort((a, b) => a.start - b.start);
}
