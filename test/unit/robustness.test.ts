/**
 * Robustness: whatever the user types, the analysis answers.
 *
 * Real manifests (the fixtures and examples) are mutated the way editing
 * breaks files — characters and lines deleted, inserted, swapped, indentation
 * broken, tabs, truncation, duplicate keys, template actions, random Unicode,
 * huge scalars — and after every step the language service must not throw,
 * must give ranges inside the text, must answer hover, completion, code
 * actions and lenses at random offsets, and must find after a run of edits
 * exactly what a fresh service finds (the incremental caches never go stale).
 * fast-check runs with a fixed seed, so a failure is reproducible.
 *
 * Then the limits: a 5 MB file, a file of 1,000 documents, nesting 10,000
 * levels deep, alias bombs, and the checker's parallel mode. Nothing is timed:
 * the work is counted (segments parsed and checked, the engine's `stats`;
 * values read, the reader's `readWork`).
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import fc from 'fast-check';
import { LanguageService } from '../../server/src/analysis/service';
import { DEFAULT_SETTINGS, type AnalysisSettings } from '../../server/src/analysis/settings';
import { MAX_NODES_PER_DOCUMENT, NODES_PER_CHARACTER, readWork } from '../../server/src/analysis/reader';
import { ROOT, FIXTURES } from '../harness';

const SEED = 20_261_124;
const SETTINGS: AnalysisSettings = { ...DEFAULT_SETTINGS, rules: {} };

function yamlFiles(dir: string): string[] {
  const out: string[] = [];
  for (const d of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, d.name);
    if (d.isDirectory()) out.push(...yamlFiles(p));
    else if (/\.ya?ml$/.test(d.name)) out.push(p);
  }
  return out.sort();
}

/** The real manifests the mutations start from. */
const BASES = [...yamlFiles(FIXTURES), ...yamlFiles(path.join(ROOT, 'examples'))]
  .map((f) => fs.readFileSync(f, 'utf8'))
  .filter((t) => t.length > 0 && t.length < 40_000);

// ------------------------------------------------------------------ mutations

type Mutation = (text: string) => string;

const at = (text: string, r: number): number => Math.floor(r * (text.length + 1));
const lineList = (text: string): string[] => text.split('\n');
const lineAt = (lines: string[], r: number): number => Math.min(lines.length - 1, Math.floor(r * lines.length));
const frac = fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true });

/** Fragments that mean something to YAML, to templates or to the checker. */
const TOKENS = [
  ':', ': ', '- ', '-', '---\n', '\n---\n', '...\n', '{', '}', '[', ']', ',', '"', "'", '&a ', '*a', '<<: *a\n', '!!str ', '!custom ',
  '%YAML 1.2\n', '#', ' # comment', '|\n', '>-\n', '? ', '\t', '\r\n', '\r', '\n', '  ', '{{ .Values.image }}', '{{- if .Values.on }}',
  '{{', '}}', '${IMAGE}', '\\', '\\x', '\u00a0', '\ufeff', '\u2028', 'yes', 'on', '0777', '1e3', '0x1F', '~', 'null', '=', '@', '`',
  'restartPolicy: Always\n', 'containers:\n', 'initContainers:\n- name: x\n  image: y\n', 'apiVersion: v1\nkind: Pod\n',
];

/** Any UTF-16 code unit: control characters, NUL, lone surrogates included. */
const codeUnits = fc.array(fc.integer({ min: 0, max: 0xffff }), { minLength: 1, maxLength: 8 }).map((cs) => String.fromCharCode(...cs));

/** A huge scalar: expensive to check, so drawn rarely (see `mutation`). */
const hugeScalar = fc
  .tuple(frac, fc.integer({ min: 1_000, max: 100_000 }), fc.constantFrom('x', 'é', '"', ' ', '9'))
  .map(([p, n, c]): Mutation => (t) => {
    const i = at(t, p);
    return t.slice(0, i) + c.repeat(n) + t.slice(i);
  });

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { arbitrary: hugeScalar, weight: 1 },
  { arbitrary: edit(), weight: 30 },
);

function edit(): fc.Arbitrary<Mutation> {
  return fc.oneof(
    // Characters: delete, insert (tokens, printable Unicode, any code unit), swap.
    fc.tuple(frac, fc.integer({ min: 1, max: 40 })).map(([p, n]): Mutation => (t) => t.slice(0, at(t, p)) + t.slice(at(t, p) + n)),
    fc.tuple(frac, fc.constantFrom(...TOKENS)).map(([p, s]): Mutation => (t) => t.slice(0, at(t, p)) + s + t.slice(at(t, p))),
    fc.tuple(frac, fc.string({ unit: 'binary', maxLength: 12 })).map(([p, s]): Mutation => (t) => t.slice(0, at(t, p)) + s + t.slice(at(t, p))),
    fc.tuple(frac, codeUnits).map(([p, s]): Mutation => (t) => t.slice(0, at(t, p)) + s + t.slice(at(t, p))),
    fc.tuple(frac, frac).map(([a, b]): Mutation => (t) => {
      const i = Math.min(at(t, a), t.length - 1);
      const j = Math.min(at(t, b), t.length - 1);
      if (i < 0 || j < 0 || i === j) return t;
      const [x, y] = i < j ? [i, j] : [j, i];
      return t.slice(0, x) + t[y] + t.slice(x + 1, y) + t[x] + t.slice(y + 1);
    }),
    // Lines: delete, duplicate, swap, move a block.
    frac.map((r): Mutation => (t) => {
      const ls = lineList(t);
      ls.splice(lineAt(ls, r), 1);
      return ls.join('\n');
    }),
    frac.map((r): Mutation => (t) => {
      const ls = lineList(t);
      const k = lineAt(ls, r);
      ls.splice(k, 0, ls[k]);
      return ls.join('\n');
    }),
    fc.tuple(frac, frac).map(([a, b]): Mutation => (t) => {
      const ls = lineList(t);
      const i = lineAt(ls, a);
      const j = lineAt(ls, b);
      [ls[i], ls[j]] = [ls[j], ls[i]];
      return ls.join('\n');
    }),
    fc.tuple(frac, fc.integer({ min: 1, max: 12 }), frac).map(([a, n, b]): Mutation => (t) => {
      const ls = lineList(t);
      const block = ls.splice(lineAt(ls, a), n);
      ls.splice(Math.floor(b * (ls.length + 1)), 0, ...block);
      return ls.join('\n');
    }),
    // Indentation: shift a line (or the rest of the file), indent with a tab.
    fc.tuple(frac, fc.integer({ min: -6, max: 6 }), fc.boolean()).map(([r, d, rest]): Mutation => (t) => {
      const ls = lineList(t);
      const k = lineAt(ls, r);
      for (let i = k; i < (rest ? ls.length : k + 1); i++) ls[i] = d >= 0 ? ' '.repeat(d) + ls[i] : ls[i].replace(new RegExp(`^ {0,${-d}}`), '');
      return ls.join('\n');
    }),
    frac.map((r): Mutation => (t) => {
      const ls = lineList(t);
      const k = lineAt(ls, r);
      ls[k] = ls[k].replace(/^( +)/, (m) => '\t'.repeat(Math.max(1, m.length >> 1)));
      return ls.join('\n');
    }),
    // Truncation, line ends of every kind (all CRLF, all lone CR, mixed line by line), a duplicate key.
    frac.map((r): Mutation => (t) => t.slice(0, at(t, r))),
    fc.constant<Mutation>((t) => t.replace(/\r?\n/g, '\r\n')),
    fc.constant<Mutation>((t) => t.replace(/\r?\n/g, '\r')),
    fc.array(fc.constantFrom('\n', '\r\n', '\r'), { minLength: 1, maxLength: 7 }).map((ends): Mutation => (t) => {
      let i = 0;
      return t.replace(/\r\n|\r|\n/g, () => ends[i++ % ends.length]);
    }),
    // Hostile shapes at a size where super-linear work would show in the counted checks:
    // runs of blank lines, brackets, `---`, template actions, unclosed `{{`, a long wait loop, small alias bombs.
    fc.tuple(frac, fc.constantFrom<[string, number]>(['\n', 3000], ['[', 1500], ['{', 1500], ['- ', 800], ['---\n', 800], ['{{a}}', 800], ['{{', 800], [' until curl -sf http://db:5432; do sleep 1; done;', 60], ['&a [*a,*a] ', 50])).map(
      ([p, [piece, n]]): Mutation => (t) => t.slice(0, at(t, p)) + piece.repeat(n) + t.slice(at(t, p)),
    ),
    frac.map((r): Mutation => (t) => {
      const ls = lineList(t);
      const start = lineAt(ls, r);
      for (let i = 0; i < ls.length; i++) {
        const k = (start + i) % ls.length;
        if (/^\s*[\w.-]+:/.test(ls[k])) {
          ls.splice(k + 1, 0, ls[k].slice(0, ls[k].indexOf(':')) + ': duplicate');
          break;
        }
      }
      return ls.join('\n');
    }),
  );
}

// ------------------------------------------------------------------ checks

type Ranged = { start: number; end: number };
function inside(text: string, r: Ranged, what: string): void {
  assert.ok(Number.isInteger(r.start) && Number.isInteger(r.end), `${what}: non-integer range ${r.start}..${r.end}`);
  assert.ok(r.start >= 0 && r.start <= r.end && r.end <= text.length, `${what}: range ${r.start}..${r.end} outside 0..${text.length}`);
}

const shape = (f: { rule: string; severity: string; message: string; start: number; end: number; fieldPath: string; document: number; apiErrorType?: string }) =>
  `${f.start}-${f.end} ${f.severity} ${f.rule} ${f.document} ${f.fieldPath} ${f.apiErrorType ?? '-'} ${f.message}`;

/** Everything a client can ask about `text`, at `offsets`; throws on the first broken promise. */
function exercise(service: LanguageService, text: string, offsets: number[]): ReturnType<LanguageService['analyze']> {
  const analysis = service.analyze(text, SETTINGS);
  for (const f of analysis.findings) {
    inside(text, f, `finding ${f.rule}`);
    assert.ok(f.document >= 0, `finding ${f.rule}: document ${f.document}`);
    assert.ok(['error', 'warning', 'information', 'hint'].includes(f.severity), `finding ${f.rule}: severity ${f.severity}`);
  }
  for (const o of offsets) {
    const h = service.hover(text, o, SETTINGS);
    if (h) inside(text, h, 'hover');
    for (const c of service.complete(text, o, SETTINGS)) inside(text, c, `completion ${c.label}`);
    const near = analysis.findings.filter((f) => f.start <= o + 40 && f.end >= o - 40).slice(0, 4);
    for (const fix of service.codeActions(text, o, Math.min(text.length, o + 3), near, SETTINGS)) {
      for (const e of fix.edits) inside(text, e, `code action ${fix.title}`);
    }
    service.lifecycle(text, o);
  }
  for (const p of service.podSpecs(text, SETTINGS)) assert.ok(p.offset >= 0 && p.offset <= text.length, 'code lens offset');
  return analysis;
}

// ------------------------------------------------------------------ properties

test('mutated manifests: no exception, ranges inside the text, incremental equals fresh', () => {
  assert.ok(BASES.length > 50, `too few manifests to mutate: ${BASES.length}`);
  // One service for the whole run: its caches see every text, as a server's do.
  const service = new LanguageService();
  fc.assert(
    fc.property(
      fc.constantFrom(...BASES),
      fc.array(mutation, { minLength: 1, maxLength: 4 }),
      fc.array(frac, { minLength: 2, maxLength: 3 }),
      (base, mutations, offsetFractions) => {
        let text = base;
        for (const m of mutations) {
          text = m(text);
          exercise(service, text, offsetFractions.map((r) => at(text, r)));
        }
        // The incremental caches must agree with a fresh start on the final text.
        const fresh = new LanguageService().analyze(text, SETTINGS).findings.map(shape);
        assert.deepEqual(service.analyze(text, SETTINGS).findings.map(shape), fresh);
      },
    ),
    { seed: SEED, numRuns: 1_000, endOnFailure: true },
  );
});

test('edits in a multi-document file: incremental analysis equals a fresh one after every step', () => {
  const service = new LanguageService();
  const docs = BASES.filter((b) => /kind:\s*(Pod|Deployment|Job|CronJob)/.test(b)).slice(0, 30);
  fc.assert(
    fc.property(
      fc.shuffledSubarray(docs, { minLength: 3, maxLength: 8 }),
      fc.array(fc.tuple(mutation, frac), { minLength: 1, maxLength: 6 }),
      (chosen, edits) => {
        let text = chosen.join('\n---\n');
        service.analyze(text, SETTINGS);
        for (const [m, r] of edits) {
          // Mutate one region of the file, the rest stays as it was.
          const cut = at(text, r);
          const end = Math.min(text.length, cut + 400);
          text = text.slice(0, cut) + m(text.slice(cut, end)) + text.slice(end);
          const got = exercise(service, text, [cut]).findings.map(shape);
          assert.deepEqual(got, new LanguageService().analyze(text, SETTINGS).findings.map(shape));
        }
      },
    ),
    { seed: SEED + 1, numRuns: 250, endOnFailure: true },
  );
});

// ------------------------------------------------------------------ limits

const POD = (name: string): string => `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
spec:
  initContainers:
  - name: proxy
    image: envoyproxy/envoy:v1.31.0
    restartPolicy: Always
  containers:
  - name: app
    image: nginx:1.27
    imagePullPolcy: Always
    resources:
      limits:
        memory: 128Mi
`;

/** What the engine and the reader did while `f` ran: segments parsed and checked, values read. */
function counted<T>(service: LanguageService, f: () => T): [T, { parsed: number; checked: number; nodes: number }] {
  const before = { ...service.engine.stats };
  const nodes = readWork.nodes;
  const v = f();
  return [v, { parsed: service.engine.stats.parsed - before.parsed, checked: service.engine.stats.checked - before.checked, nodes: readWork.nodes - nodes }];
}

/** Values the reader visits in one POD() document. */
function nodesOfOnePod(): number {
  const [, work] = counted(new LanguageService(), () => new LanguageService().analyze(POD('p'), SETTINGS));
  return work.nodes;
}

test('a 5 MB file degrades to one information diagnostic, reading nothing; requests on it cost nothing', () => {
  const service = new LanguageService();
  const docs: string[] = [];
  let size = 0;
  for (let i = 0; size <= DEFAULT_SETTINGS.maxFileSize; i++) {
    docs.push(POD(`p${i}`));
    size += docs[docs.length - 1].length + 4;
  }
  const text = docs.join('---\n');
  assert.ok(text.length > DEFAULT_SETTINGS.maxFileSize);
  const [analysis, work] = counted(service, () => service.analyze(text, SETTINGS));
  assert.equal(analysis.findings.length, 1);
  assert.equal(analysis.findings[0].rule, 'file/too-large');
  assert.equal(analysis.findings[0].severity, 'information');
  const [, requests] = counted(service, () => {
    assert.equal(service.hover(text, 100, SETTINGS), undefined);
    assert.deepEqual(service.complete(text, 100, SETTINGS), []);
    assert.deepEqual(service.podSpecs(text, SETTINGS), []);
    service.codeActions(text, 100, 100, analysis.findings, SETTINGS);
  });
  // Nothing parsed, checked or read, for the analysis and the requests alike.
  assert.deepEqual([work, requests], [
    { parsed: 0, checked: 0, nodes: 0 },
    { parsed: 0, checked: 0, nodes: 0 },
  ]);
  // The limit is a setting: a smaller one refuses a smaller file …
  const small = service.analyze(docs.slice(0, 100).join('---\n'), { ...SETTINGS, maxFileSize: 10_000 });
  assert.deepEqual(small.findings.map((f) => f.rule), ['file/too-large']);
  // … and a larger one analyses the 5 MB file: each document parsed and checked once, and read once
  // (as many values as one document has, times the documents), every finding inside it.
  const [full, fullWork] = counted(service, () => service.analyze(text, { ...SETTINGS, maxFileSize: 8 * 1024 * 1024 }));
  assert.ok(full.findings.length >= docs.length, `${full.findings.length} findings for ${docs.length} documents`);
  for (const f of full.findings) inside(text, f, f.rule);
  assert.deepEqual(fullWork, { parsed: docs.length, checked: docs.length, nodes: docs.length * nodesOfOnePod() });
});

test('a file of 1,000 documents: every document checked once, an edit re-reads one', () => {
  const service = new LanguageService();
  const docs = Array.from({ length: 1_000 }, (_, i) => POD(`pod-${i}`));
  const text = docs.join('---\n');
  const [analysis, work] = counted(service, () => service.analyze(text, SETTINGS));
  assert.deepEqual(work, { parsed: 1_000, checked: 1_000, nodes: 1_000 * nodesOfOnePod() });
  const unknown = analysis.findings.filter((f) => f.rule === 'schema/unknown-field');
  assert.equal(unknown.length, 1_000);
  assert.deepEqual(
    unknown.map((f) => f.document),
    docs.map((_, i) => i),
  );
  // Fix the typo in document 500: one document is parsed, read and checked again, the rest reused.
  const at500 = unknown[500].start;
  const edited = text.slice(0, at500) + 'imagePullPolicy' + text.slice(at500 + 'imagePullPolcy'.length);
  const [again, editWork] = counted(service, () => service.analyze(edited, SETTINGS));
  assert.deepEqual(editWork, { parsed: 1, checked: 1, nodes: nodesOfOnePod() });
  assert.equal(again.findings.filter((f) => f.rule === 'schema/unknown-field').length, 999);
  // Removing a marker joins two documents; putting it back reuses both.
  const marker = edited.indexOf('---\n', Math.floor(edited.length / 3));
  const joined = edited.slice(0, marker) + edited.slice(marker + 1);
  exercise(service, joined, [marker]);
  const [, restored] = counted(service, () => service.analyze(edited, SETTINGS));
  assert.equal(restored.parsed, 0);
});

/** Runs `f` under `depth` extra stack frames, as inside a server's message handling. */
function underStack<T>(depth: number, f: () => T): T {
  return depth <= 0 ? f() : underStack(depth - 1, f);
}

test('nesting 10,000 levels deep is refused with bounded work, at any stack depth', () => {
  const head = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: deep\nspec:\n  containers:\n  - name: a\n    image: b\n    args: ';
  const cases: Record<string, string> = {
    'flow sequences': head + '['.repeat(10_000) + ']'.repeat(10_000) + '\n',
    'unclosed flow sequences': head + '['.repeat(10_000) + '\n',
    'flow maps': head + '{a: '.repeat(10_000) + '1' + '}'.repeat(10_000) + '\n',
    'block sequences': head + '\n    ' + '- '.repeat(10_000) + 'x\n',
    'block maps': 'apiVersion: v1\nkind: Pod\nmetadata:\n  annotations:\n' + Array.from({ length: 3_000 }, (_, i) => ' '.repeat(4 + i) + 'k:').join('\n') + ' 1\n',
  };
  // Depths around the point where the parser still copes but a deeper recursion would not.
  for (let d = 600; d <= 2_400; d += 300) {
    cases[`flow maps ${d}`] = head + '{a: '.repeat(d) + '1' + '}'.repeat(d) + '\n';
    cases[`flow sequences ${d}`] = head + '['.repeat(d) + ']'.repeat(d) + '\n';
  }
  for (const [name, text] of Object.entries(cases)) {
    for (const stack of [0, 1_000, 3_000]) {
      const service = new LanguageService();
      const [analysis, work] = counted(service, () => underStack(stack, () => exercise(service, text, [text.length >> 1, text.length - 3])));
      // One parse of the file (the requests reuse it; completion parses its probe copy once per offset), and no
      // more values read than the text has characters.
      assert.ok(work.parsed <= 1 && work.checked <= 1, `${name} (stack ${stack}): ${JSON.stringify(work)}`);
      assert.ok(work.nodes <= text.length, `${name} (stack ${stack}): ${work.nodes} values read for ${text.length} characters`);
      if (/^(flow|block|unclosed)[a-z ]+$/.test(name))
        assert.ok(analysis.findings.some((f) => f.rule.startsWith('yaml/')), `${name}: ${analysis.findings.map((f) => f.rule).join(', ')}`);
    }
  }
});

test('alias bombs (billion laughs) are refused with bounded work and memory', () => {
  const L = (i: number): string => String.fromCharCode(97 + i);
  const levels = (indent: string, n: number): string =>
    `${indent}a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n` +
    Array.from({ length: n }, (_, i) => `${indent}${L(i + 1)}: &${L(i + 1)} [${Array(9).fill('*' + L(i)).join(',')}]`).join('\n') +
    '\n';
  const bombs: Record<string, string> = {
    'in labels': `apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\n  labels:\n${levels('    ', 9)}spec:\n  containers:\n  - name: a\n    image: b\n    args: *j\n`,
    'as containers': `apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\n  annotations:\n${levels('    ', 6).replace(/"lol"/g, '{name: c, image: i}')}spec:\n  containers: *g\n  initContainers: *g\n`,
    'merge keys': `apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\n  labels:\n${levels('    ', 9)}  annotations:\n    <<: [*a, *b, *c, *d, *e, *f, *g, *h, *i, *j]\nspec:\n  containers:\n  - name: a\n    image: b\n`,
  };
  for (const [name, text] of Object.entries(bombs)) {
    const heap = process.memoryUsage().heapUsed;
    const service = new LanguageService();
    const [analysis, work] = counted(service, () => exercise(service, text, [text.length - 5]));
    const grown = (process.memoryUsage().heapUsed - heap) / 2 ** 20;
    // The expansion stops at the reader's budget (per document read: the analysis, and hover's and completion's reads).
    assert.ok(work.nodes <= 4 * MAX_NODES_PER_DOCUMENT, `${name}: ${work.nodes} values read`);
    assert.ok(grown < 512, `${name}: the heap grew by ${grown.toFixed(0)} MB`);
    // The expansion stops at the reader's budget and says so.
    const refused = analysis.findings.filter((f) => f.rule === 'schema/too-complex' || f.rule === 'yaml/RESOURCE_EXHAUSTION');
    assert.ok(refused.length > 0, `${name}: ${analysis.findings.map((f) => f.rule).join(', ')}`);
  }
});

test('megabytes of open brackets are refused before parsing, with work linear in the text', () => {
  for (const open of ['[', '{', '- ']) {
    const text = `apiVersion: v1\nkind: Pod\nspec: ${open === '- ' ? '\n' : ''}${open.repeat(2_000_000 / open.length)}`;
    const service = new LanguageService();
    const before = service.engine.stats.refusedUnparsed;
    const [analysis, work] = counted(service, () => service.analyze(text));
    assert.equal(service.engine.stats.refusedUnparsed - before, 1, `${JSON.stringify(open)}: refused unparsed`);
    assert.equal(work.nodes, 0, `${JSON.stringify(open)}: nothing read`);
    assert.deepEqual(analysis.findings.map((f) => f.rule), ['yaml/RESOURCE_EXHAUSTION'], JSON.stringify(open));
  }
  // Real nesting stays well below the limit: the examples and fixtures are all parsed.
  for (const f of yamlFiles(path.join(ROOT, 'examples'))) {
    const service = new LanguageService();
    service.analyze(fs.readFileSync(f, 'utf8'));
    assert.equal(service.engine.stats.refusedUnparsed, 0, f);
  }
});

test('20,000 edits of a document keep what the caches hold bounded', () => {
  const service = new LanguageService();
  const env = Array.from({ length: 40 }, (_, i) => `    - name: VAR_${i}\n      value: "v${i}"\n`).join('');
  let text = `apiVersion: v1\nkind: Pod\nmetadata:\n  name: big\nspec:\n  containers:\n  - name: app\n    image: nginx:1.27\n    env:\n${env}`;
  const seen: { parses: number; weight: number; placements: number }[] = [];
  for (let i = 0; i < 20_000; i++) {
    // Every edit a new text of the same length: the value of VAR_0 counts up.
    text = text.replace(/value: "v[^"]*"/, `value: "v${String(i).padStart(5, '0')}"`);
    service.analyze(text, SETTINGS);
    if (i % 1000 === 999) seen.push(service.engine.cacheStats());
  }
  const first = seen[1];
  for (const s of seen.slice(1)) assert.deepEqual(s, first, 'after the first thousand edits the caches hold the same, edit after edit');
  // Counted, not timed: the cache keeps a few placements, and parses within its own budget (weight and entries),
  // having let go of most of the 20,000 texts it saw.
  const limits = service.engine.cacheLimits();
  assert.ok(first.placements <= 4, `placements kept: ${JSON.stringify(first)}`);
  assert.ok(first.weight <= limits.weight && first.parses <= limits.entries, `kept ${JSON.stringify(first)}, limits ${JSON.stringify(limits)}`);
  assert.ok(first.parses * 2 < 20_000, `parses kept: ${JSON.stringify(first)}`);
});

test('many small alias bombs in one file cost work in proportion to the file, not per bomb', () => {
  // Each bomb expands to 9^5 values but is 300 characters long: the reader's budget follows the document's size.
  const bomb = (i: number): string =>
    `apiVersion: v1\nkind: Pod\nmetadata:\n  name: b${i}\n  labels:\n    a: &a ["x","x","x","x","x","x","x","x","x"]\n` +
    ['b', 'c', 'd', 'e'].map((k, j) => `    ${k}: &${k} [${Array(9).fill('*' + 'abcde'[j]).join(',')}]\n`).join('') +
    'spec:\n  containers: *e\n';
  const work = (n: number): { nodes: number; chars: number } => {
    const text = Array.from({ length: n }, (_, i) => bomb(i)).join('---\n');
    const service = new LanguageService();
    const [, w] = counted(service, () => service.analyze(text));
    return { nodes: w.nodes, chars: text.length };
  };
  const small = work(16);
  const large = work(64);
  // The budget (plus the values already begun when it runs out, which return at once) bounds the work.
  assert.ok(small.nodes <= 2 * (NODES_PER_CHARACTER * small.chars + 1_000 * 16), `16 bombs: ${small.nodes} values for ${small.chars} characters`);
  assert.ok(large.nodes <= 4.5 * small.nodes, `4 times the bombs, ${(large.nodes / small.nodes).toFixed(2)} times the work`);
});

test('the checker gives the same output on one thread and on several', () => {
  const cli = path.join(ROOT, 'dist', 'cli.js');
  assert.ok(fs.existsSync(path.join(ROOT, 'dist', 'checkWorker.js')), 'dist/checkWorker.js is missing: run npm run build');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kpp-parallel-'));
  try {
    const sources = yamlFiles(path.join(FIXTURES, 'rules')).slice(0, 60);
    sources.forEach((f, i) => {
      const sub = path.join(dir, String(i % 7));
      fs.mkdirSync(sub, { recursive: true });
      fs.copyFileSync(f, path.join(sub, `${i}-${path.basename(f)}`));
    });
    const run = (jobs: string, format: string) =>
      spawnSync(process.execPath, [cli, 'check', '--format', format, '.'], { cwd: dir, encoding: 'utf8', env: { ...process.env, KUBE_POD_PATTERNS_JOBS: jobs } });
    for (const format of ['text', 'json']) {
      const one = run('1', format);
      const many = run('3', format);
      assert.equal(many.status, one.status, many.stderr);
      assert.equal(many.stdout, one.stdout);
      assert.match(one.stdout, /6\d|checked/);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
