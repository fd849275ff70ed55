/**
 * The pod lifecycle as a picture: init containers in sequence, native
 * sidecars as bars from their start to the pod's end, app containers, and the
 * shutdown order. Pure: the data and a self-contained HTML page (inline SVG)
 * that the editor shows in a webview.
 */
import type { PodSpecModel } from './model';
import { child, str } from './model';
import { lifecycleOf, initStatuses, listed } from './lifecycle';
import { NATIVE_SIDECARS, nativeSidecarSupport } from './knowledge/features';

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
  /** The Kubernetes release the picture is drawn for, when one was given. */
  version?: string;
  /** What that release changes in the picture (markdown): native sidecars it does not run as such. */
  notes: string[];
}

/**
 * What a release does to the native sidecars of the picture (features.ts:
 * no such field before NATIVE_SIDECARS.field, behind a gate until onByDefault).
 */
function versionNotes(sidecars: number, version: string | undefined): string[] {
  if (!version || sidecars === 0) return [];
  const support = nativeSidecarSupport(version);
  if (support === 'unknown')
    return [`Kubernetes ${version} has no native sidecars (they need ${NATIVE_SIDECARS.onByDefault}, or ${NATIVE_SIDECARS.field} with the SidecarContainers feature gate): an init container's \`restartPolicy\` is not a field of this release, so the sidecars drawn here do not run as such.`];
  if (support === 'gated')
    return [`In Kubernetes ${version} native sidecars need the SidecarContainers feature gate: without it the API server drops \`restartPolicy\` and each sidecar runs as an init container that blocks the pod's start.`];
  return [];
}

/** The picture of a pod's lifecycle; with `version`, what that release changes in it is noted. */
export function timelineOf(pod: PodSpecModel, version?: string): Timeline {
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
  return { title: `${pod.kind} ${metaName}`, bars, slots, appStart, shutdownStart, statuses: initStatuses(l), shutdown, version, notes: versionNotes(l.sidecars.length, version) };
}

const esc = (s: string): string => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
const md = (s: string): string => esc(s).replace(/`([^`]+)`/g, '<code>$1</code>');

/** The page around a body: a strict CSP (no script; the one stylesheet by its nonce) and the editor's colors. */
function page(title: string, nonce: string, css: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'nonce-${esc(nonce)}';">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title>
<style nonce="${esc(nonce)}">
body { font-family: var(--vscode-font-family, sans-serif); color: var(--vscode-foreground, #222); padding: 12px; margin: 0; overflow-wrap: anywhere; }
code { font-family: var(--vscode-editor-font-family, monospace); }
.notice { border-left: 3px solid #c28f2c; padding: 4px 8px; }
${css}</style></head>
<body>
${body}
</body></html>`;
}

/**
 * A complete HTML page; `nonce` allows its one stylesheet under a strict CSP
 * (no script). The chart is a CSS grid that takes the pane's width: a name
 * column of at most 40% (a longer name ends in an ellipsis, whole in its
 * tooltip) and one equal column per slot; each moment's label has a row of
 * its own, so that labels never overlap however narrow the slots are, and
 * it sits on the side of its line that has more room.
 */
export function timelineHtml(t: Timeline, nonce = ''): string {
  const firstBarRow = 4;
  const lastLine = t.slots + 2;
  // Grid lines: 1 | names | 2 | slot 0 | 3 | slot 1 | ... | slots + 2.
  const css = [
    `.chart { display: grid; grid-template-columns: fit-content(40%) repeat(${t.slots}, minmax(0, 1fr)); grid-template-rows: repeat(3, auto) repeat(${t.bars.length}, 30px); width: 100%; margin: 8px 0 16px; }`,
    '.chart > div { min-width: 0; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; font-size: 12px; }',
    '.name { grid-column: 1 / 2; align-self: center; padding-right: 8px; }',
    '.axis { padding: 0 4px 2px; }',
    '.axis.left { text-align: left; }',
    '.axis.right { text-align: right; }',
    '.mark { grid-row: 1 / -1; border-left: 1px dashed rgba(128, 128, 128, .7); }',
    '.bar { margin: 5px 2px; border-radius: 4px; color: #fff; padding: 0 6px; line-height: 20px; }',
    '.bar.init { background: #4f7cac; } .bar.sidecar { background: #c28f2c; } .bar.app { background: #3c9d5d; }',
    ...Array.from({ length: firstBarRow - 1 + t.bars.length }, (_, i) => `.r${i + 1} { grid-row: ${i + 1}; }`),
    ...Array.from({ length: lastLine }, (_, i) => `.c${i + 1} { grid-column-start: ${i + 1}; } .e${i + 1} { grid-column-end: ${i + 1}; }`),
  ].join('\n');
  const moments: [number, string][] = [
    [0, 'pod scheduled'],
    [t.appStart, 'app starts'],
    [t.shutdownStart, 'shutdown'],
  ];
  const axis = moments
    .map(([slot, text], i) => {
      const line = slot + 2;
      // Right of its line when the slots after it are at least half; otherwise left of it, ending at the line.
      const cls = t.slots - slot >= t.slots / 2 ? `left c${line} e${lastLine}` : `right c2 e${line}`;
      return `<div class="axis r${i + 1} ${cls}" title="${esc(text)}">${esc(text)}</div>`;
    })
    .join('\n');
  const marks = [...new Set(moments.map(([slot]) => slot + 2))].map((line) => `<div class="mark c${line}" aria-hidden="true"></div>`).join('\n');
  const rows = t.bars
    .map((b, i) => {
      const r = `r${firstBarRow + i}`;
      return `<div class="name ${r}" title="${esc(b.name)}">${esc(b.name)}</div>
<div class="bar ${b.role} ${r} c${b.start + 2} e${Math.min(b.end, t.slots) + 2}" title="${esc(b.note.includes(b.role) ? b.note : `${b.role}: ${b.note}`)}">${esc(b.role)}</div>`;
    })
    .join('\n');
  const heading = `Lifecycle of ${t.title}`;
  return page(
    heading,
    nonce,
    css,
    `<h2>${esc(heading)}</h2>
${t.version ? `<p class="version">As Kubernetes ${esc(t.version)} runs it.</p>\n` : ''}${t.notes.map((n) => `<p class="notice">${md(n)}</p>`).join('\n')}
<div class="chart" role="group" aria-label="${esc(heading)}">
${marks}
${axis}
${rows}
</div>
<h3>While it starts</h3>
<ul>${t.statuses.map((s) => `<li>${md(s)}</li>`).join('')}</ul>
<h3>Shutdown order</h3>
<ol>${t.shutdown.map((s) => `<li>${md(s)}</li>`).join('')}</ol>`,
  );
}

/** The page of a lifecycle view that has nothing to draw: what is wrong, said plainly (the pod is gone, or the YAML does not parse). */
export function lifecycleNoticeHtml(title: string, message: string, nonce = ''): string {
  const heading = `Lifecycle of ${title}`;
  return page(heading, nonce, '', `<h2>${esc(heading)}</h2>\n<p class="notice" role="status">${md(message)}</p>`);
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
    ...t.notes.flatMap((n) => [`> ${n}`, '']),
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
