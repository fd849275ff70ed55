/**
 * The pod lifecycle as a picture: init containers in sequence, native
 * sidecars as bars from their start to the pod's end, app containers, and the
 * shutdown order. Pure: the data and a self-contained HTML page (inline SVG)
 * that the editor shows in a webview.
 */
import type { PodSpecModel } from './model';
import { child, str } from './model';
import { lifecycleOf, initStatuses, listed } from './lifecycle';

export interface TimelineBar {
  name: string;
  role: 'init' | 'sidecar' | 'app';
  /** Slots on the time axis: every init step takes one; the app phase two; each shutdown step one. */
  start: number;
  end: number;
  note: string;
}

export interface Timeline {
  title: string;
  bars: TimelineBar[];
  slots: number;
  /** Slot where the app phase starts and where shutdown starts. */
  appStart: number;
  shutdownStart: number;
  statuses: string[];
  shutdown: string[];
}

export function timelineOf(pod: PodSpecModel): Timeline {
  const l = lifecycleOf(pod);
  const metaName = str(child(child(pod.object, 'metadata'), 'name')) ?? '(unnamed)';
  const bars: TimelineBar[] = [];
  const appStart = l.init.length;
  const shutdownStart = appStart + 2;
  const sidecarsReversed = [...l.sidecars].reverse();
  const slots = shutdownStart + 1 + sidecarsReversed.length;
  for (const s of l.init) {
    const name = s.container.name ?? `initContainers[${s.container.index}]`;
    if (s.sidecar) {
      const stopAt = shutdownStart + 1 + sidecarsReversed.indexOf(s.container);
      bars.push({ name, role: 'sidecar', start: s.position - 1, end: stopAt + 1, note: `native sidecar, init ${s.position}/${l.init.length}${s.hasStartupProbe ? ', startupProbe gates the next step' : ''}` });
    } else {
      bars.push({ name, role: 'init', start: s.position - 1, end: s.position, note: `init ${s.position}/${l.init.length}: must exit 0` });
    }
  }
  for (const c of l.apps) {
    bars.push({ name: c.name ?? `containers[${c.index}]`, role: 'app', start: appStart, end: shutdownStart + 1, note: l.job ? 'its exit completes the Job' : 'app container' });
  }
  const shutdown = [
    ...(l.apps.length ? [`${l.apps.length === 1 ? 'the app container' : 'the app containers'} ${listed(l.apps.map((c) => c.name ?? `containers[${c.index}]`))} ${l.apps.length === 1 ? 'gets' : 'get'} SIGTERM`] : []),
    ...sidecarsReversed.map((c) => `${c.name ?? `initContainers[${c.index}]`} stops (native sidecar)`),
  ];
  return { title: `${pod.kind} ${metaName}`, bars, slots, appStart, shutdownStart, statuses: initStatuses(l), shutdown };
}

const esc = (s: string): string => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
const md = (s: string): string => esc(s).replace(/`([^`]+)`/g, '<code>$1</code>');

/** A complete HTML page; `nonce` allows its one inline style under a strict CSP. */
export function timelineHtml(t: Timeline, nonce = ''): string {
  const rowH = 30;
  const labelW = 180;
  const slotW = 90;
  const top = 28;
  const width = labelW + t.slots * slotW + 20;
  const height = top + t.bars.length * rowH + 30;
  const color = { init: '#4f7cac', sidecar: '#c28f2c', app: '#3c9d5d' } as const;
  const rows = t.bars
    .map((b, i) => {
      const y = top + i * rowH;
      const x = labelW + b.start * slotW;
      const w = Math.max(8, (b.end - b.start) * slotW - 4);
      return `<text x="8" y="${y + 19}" class="label">${esc(b.name)}</text>
<rect x="${x}" y="${y + 5}" width="${w}" height="${rowH - 10}" rx="4" fill="${color[b.role]}"><title>${esc(b.note)}</title></rect>
<text x="${x + 6}" y="${y + 19}" class="bar">${esc(b.role === 'sidecar' ? 'sidecar' : b.role)}</text>`;
    })
    .join('\n');
  const marker = (slot: number, text: string): string =>
    `<line x1="${labelW + slot * slotW}" y1="14" x2="${labelW + slot * slotW}" y2="${height - 20}" class="mark"/><text x="${labelW + slot * slotW + 4}" y="14" class="axis">${esc(text)}</text>`;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" role="img" aria-label="Lifecycle of ${esc(t.title)}">
${marker(0, 'pod scheduled')}
${marker(t.appStart, 'app starts')}
${marker(t.shutdownStart, 'shutdown')}
${rows}
</svg>`;
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'nonce-${esc(nonce)}';">
<title>Lifecycle of ${esc(t.title)}</title>
<style nonce="${esc(nonce)}">
body { font-family: var(--vscode-font-family, sans-serif); color: var(--vscode-foreground, #222); padding: 12px; }
.label, .axis, .bar { font-size: 12px; fill: currentColor; }
.bar { fill: #fff; }
.mark { stroke: currentColor; stroke-dasharray: 3 3; opacity: .5; }
code { font-family: var(--vscode-editor-font-family, monospace); }
</style></head>
<body>
<h2>Lifecycle of ${esc(t.title)}</h2>
${svg}
<h3>While it starts</h3>
<ul>${t.statuses.map((s) => `<li>${md(s)}</li>`).join('')}</ul>
<h3>Shutdown order</h3>
<ol>${t.shutdown.map((s) => `<li>${md(s)}</li>`).join('')}</ol>
</body></html>`;
}

/** Text from the manifest (container and pod names) shown as itself in markdown, never as markup. */
const mdText = (s: string): string => s.replace(/[\\`*_[\]<>|~&]/g, '\\$&').replace(/[\r\n]+/g, ' ');

/**
 * The timeline as markdown, for editors without a webview (the server's
 * lifecycle command): a bar chart in a code block (one column per slot), then
 * each container with its role and what ends it, the statuses while the pod
 * starts, and the shutdown order.
 */
export function timelineMarkdown(t: Timeline): string {
  const cell = 6;
  // Names in the code block: printable, no backticks (which could end it), and short.
  const plain = (s: string): string => s.replace(/[^\x20-\x7e]|`/g, '?').slice(0, 40);
  const nameW = Math.max(9, ...t.bars.map((b) => plain(b.name).length)) + 2;
  const glyph = { init: '=', sidecar: '~', app: '#' } as const;
  // The moments above the bars: a label, and a tick where it starts (a label that would overlap moves right).
  let labels = '';
  let ticks = '';
  for (const [slot, text] of [[0, 'scheduled'], [t.appStart, 'app starts'], [t.shutdownStart, 'shutdown']] as const) {
    const col = nameW + slot * cell;
    labels = labels.padEnd(Math.max(col, labels.length ? labels.length + 1 : 0)) + text;
    ticks = ticks.padEnd(col) + '|';
  }
  const chart = [
    labels,
    ticks,
    ...t.bars.map((b) => plain(b.name).padEnd(nameW) + ' '.repeat(b.start * cell) + glyph[b.role].repeat(Math.max(1, (b.end - b.start) * cell - 1))),
    '',
    `${'='.repeat(3)} init container   ${'~'.repeat(3)} native sidecar   ${'#'.repeat(3)} app container`,
  ];
  const role = { init: 'init container', sidecar: 'native sidecar', app: 'app container' } as const;
  return [
    `### Lifecycle of ${mdText(t.title)}`,
    '',
    '```text',
    ...chart,
    '```',
    '',
    '| container | role | |',
    '|---|---|---|',
    ...t.bars.map((b) => `| ${mdText(b.name)} | ${role[b.role]} | ${mdText(b.note)} |`),
    '',
    '**While it starts**',
    '',
    ...t.statuses.map((s) => `- ${s}`),
    '',
    '**Shutdown order**',
    '',
    ...t.shutdown.map((s, i) => `${i + 1}. ${mdText(s)}`),
    '',
  ].join('\n');
}
