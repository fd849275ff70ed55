/**
 * The differential run: cases -> oracle of each release and our checker -> comparison ->
 * summary and one file per disagreement. Used by `npm run oracle` (main.ts) and by the fixed
 * sample (sample.ts).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { SUPPORTED_VERSIONS } from '../../../server/src/analysis/api/table';
import { buildCases, type Case } from './cases';
import { area, compare, ourKey, type Comparison, type OracleResult, type OurDiagnostic } from './compare';
import { buildOracles, goAvailable, knownReleases, runChecker, runOracle } from './drivers';
import { loadKnownDifferences, isListed, type KnownDifference } from './known';

export interface RunOptions {
  cases: number;
  seed: number;
  releases: string[];
  out?: string;
  /** The share of the mutation budget given to the area modules (cases.ts). */
  areaShare?: number;
  log?: (s: string) => void;
}

export interface CaseOutcome {
  c: Case;
  oracle: OracleResult;
  ours: OurDiagnostic[];
  cmp: Comparison;
  listed: boolean;
}

export interface ReleaseSummary {
  release: string;
  oracleRelease: string;
  checkerVersion: string;
  cases: number;
  agree: number;
  disagree: number;
  skipped: number;
  listed: number;
  falseErrorCases: number;
  falseRejectionClaims: number;
  agreeingErrors: number;
  sameText: number;
  missingByArea: Record<string, number>;
  extraByArea: Record<string, number>;
  extraByRule: Record<string, number>;
  falseErrorByRule: Record<string, number>;
  /** Agreeing errors whose message text differs: count by rule, and the first examples. */
  textDiffByRule: Record<string, number>;
  textDiffExamples: { id: string; rule: string; ours: string; oracle: string }[];
  bySource: Record<string, { cases: number; agree: number; skipped: number }>;
  seconds: { oracle: number; checker: number };
  outcomes: CaseOutcome[];
}

export interface RunResult {
  skipped?: string;
  releases: ReleaseSummary[];
}

const inc = (rec: Record<string, number>, k: string, n = 1): void => {
  rec[k] = (rec[k] ?? 0) + n;
};

/** The checker version for a release: itself when supported, else the newest the checker knows. */
export function checkerVersionFor(release: string): string {
  if (SUPPORTED_VERSIONS.includes(release)) return release;
  return SUPPORTED_VERSIONS[SUPPORTED_VERSIONS.length - 1];
}

export async function run(opts: RunOptions): Promise<RunResult> {
  const log = opts.log ?? ((s: string) => process.stderr.write(s + '\n'));
  if (!goAvailable()) {
    const msg = 'ORACLE SKIPPED: Go is not installed (go not on PATH), so the oracle built from the API server\'s code cannot run. Install Go (see test/oracle/README.md) to compare our checker with it.';
    log(`\n${'!'.repeat(100)}\n${msg}\n${'!'.repeat(100)}\n`);
    return { skipped: msg, releases: [] };
  }
  const known = knownReleases();
  const releases = opts.releases.length ? opts.releases : known;
  for (const r of releases) if (!known.includes(r)) throw new Error(`no oracle module for release ${r} (known: ${known.join(', ')})`);
  log(`building the oracle for ${releases.join(', ')}`);
  const bins = buildOracles(releases, log);
  const newest = releases[releases.length - 1];
  const cases = buildCases({ cases: opts.cases, seed: opts.seed, version: checkerVersionFor(newest), areaShare: opts.areaShare });
  log(`${cases.length} cases (seed ${opts.seed})`);
  const knownDiffs = loadKnownDifferences();
  const out: ReleaseSummary[] = [];
  for (const release of releases) {
    const bin = bins.get(release);
    if (!bin) {
      log(`release ${release}: the oracle did not build; skipped`);
      continue;
    }
    const checkerVersion = checkerVersionFor(release);
    let t = Date.now();
    const oracle = await runOracle(bin, cases);
    const oracleSeconds = (Date.now() - t) / 1000;
    t = Date.now();
    const ours = await runChecker(cases, checkerVersion);
    const checkerSeconds = (Date.now() - t) / 1000;
    const s = summarize(release, checkerVersion, cases, oracle, ours, knownDiffs);
    s.seconds = { oracle: oracleSeconds, checker: checkerSeconds };
    log(
      `release ${release} (oracle ${s.oracleRelease}, checker ${checkerVersion}): ${s.agree}/${s.cases - s.skipped} agree, ${s.disagree} disagree (${s.listed} listed), ${s.falseErrorCases} cases with an error the API server accepts; oracle ${oracleSeconds.toFixed(1)} s, checker ${checkerSeconds.toFixed(1)} s`,
    );
    out.push(s);
  }
  if (opts.out) writeReport(opts.out, out, opts);
  return { releases: out };
}

export function summarize(release: string, checkerVersion: string, cases: Case[], oracle: Map<string, OracleResult>, ours: Map<string, OurDiagnostic[]>, knownDiffs: KnownDifference[]): ReleaseSummary {
  const s: ReleaseSummary = {
    release,
    oracleRelease: '',
    checkerVersion,
    cases: cases.length,
    agree: 0,
    disagree: 0,
    skipped: 0,
    listed: 0,
    falseErrorCases: 0,
    falseRejectionClaims: 0,
    agreeingErrors: 0,
    sameText: 0,
    missingByArea: {},
    extraByArea: {},
    extraByRule: {},
    falseErrorByRule: {},
    textDiffByRule: {},
    textDiffExamples: [],
    bySource: {},
    seconds: { oracle: 0, checker: 0 },
    outcomes: [],
  };
  for (const c of cases) {
    const o = oracle.get(c.id) ?? { release, documents: [], error: 'no answer from the oracle' };
    s.oracleRelease ||= o.release;
    const d = ours.get(c.id) ?? [];
    const cmp = compare(o, d);
    const src = (s.bySource[c.source] ??= { cases: 0, agree: 0, skipped: 0 });
    src.cases++;
    s.agreeingErrors += cmp.agreeingErrors;
    s.sameText += cmp.sameText;
    for (const t of cmp.textDiffs) {
      const rule = d.find((x) => ourKey(x) === t.key)?.code ?? '?';
      inc(s.textDiffByRule, rule);
      if (s.textDiffExamples.length < 300) s.textDiffExamples.push({ id: c.id, rule, ours: t.ours, oracle: t.oracle });
    }
    if (cmp.verdict === 'skipped') {
      s.skipped++;
      src.skipped++;
      continue;
    }
    if (cmp.verdict === 'agree') {
      s.agree++;
      src.agree++;
      continue;
    }
    const listed = isListed(knownDiffs, release, cmp, d, `${c.source}: ${c.origin}`);
    if (listed) s.listed++;
    s.disagree++;
    if (cmp.falseErrors.length) {
      s.falseErrorCases++;
      s.falseRejectionClaims += cmp.falseErrors.filter((e) => e.apiErrorType).length;
    }
    for (const k of cmp.missing) inc(s.missingByArea, area(k, c.kind));
    for (const k of cmp.extra) inc(s.extraByArea, area(k, c.kind));
    for (const k of cmp.extra) inc(s.extraByRule, d.find((x) => ourKey(x) === k)?.code ?? '?');
    for (const x of cmp.falseErrors) inc(s.falseErrorByRule, x.code);
    s.outcomes.push({ c, oracle: o, ours: d, cmp, listed });
  }
  return s;
}

const pct = (a: number, b: number): string => (b ? `${((100 * a) / b).toFixed(1)}%` : '-');

function table(rows: [string, ...(string | number)[]][], head: string[]): string {
  return [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
}

/** Writes summary.json, summary.md and disagreements/<release>/<case>.yaml. */
export function writeReport(dir: string, rels: ReleaseSummary[], opts: RunOptions): void {
  fs.mkdirSync(dir, { recursive: true });
  const md: string[] = [`# Oracle run: ${opts.cases} cases, seed ${opts.seed}`, ''];
  md.push(
    table(
      rels.map((r) => [
        r.release,
        r.oracleRelease,
        r.checkerVersion,
        r.cases - r.skipped,
        `${r.agree} (${pct(r.agree, r.cases - r.skipped)})`,
        r.disagree,
        r.listed,
        r.falseErrorCases,
        `${r.sameText}/${r.agreeingErrors} (${pct(r.sameText, r.agreeingErrors)})`,
        `${r.seconds.oracle.toFixed(1)} / ${r.seconds.checker.toFixed(1)}`,
      ]),
      ['release', 'oracle', 'checker --kubernetes-version', 'cases compared', 'agree', 'disagree', 'listed', 'error on accepted case', 'same message text', 'seconds oracle / checker'],
    ),
    '',
  );
  for (const r of rels) {
    md.push(`## ${r.release}`, '');
    md.push('By source:', '', table(Object.entries(r.bySource).map(([k, v]) => [k, v.cases, v.skipped, `${v.agree} (${pct(v.agree, v.cases - v.skipped)})`]), ['source', 'cases', 'skipped (kinds not handled)', 'agree']), '');
    const areas = [...new Set([...Object.keys(r.missingByArea), ...Object.keys(r.extraByArea)])].sort((a, b) => (r.missingByArea[b] ?? 0) + (r.extraByArea[b] ?? 0) - (r.missingByArea[a] ?? 0) - (r.extraByArea[a] ?? 0));
    md.push('Disagreeing errors by area (missing: the API server rejects, we say nothing; extra: we claim a rejection it does not make):', '');
    md.push(table(areas.map((a) => [a, r.missingByArea[a] ?? 0, r.extraByArea[a] ?? 0]), ['area', 'missing', 'extra']), '');
    const rules = [...new Set([...Object.keys(r.extraByRule), ...Object.keys(r.falseErrorByRule)])].sort((a, b) => (r.extraByRule[b] ?? 0) + (r.falseErrorByRule[b] ?? 0) - (r.extraByRule[a] ?? 0) - (r.falseErrorByRule[a] ?? 0));
    md.push('Our rules in disagreements (extra: a rejection claim the API server does not make; false error: an error of ours on a case it accepts):', '');
    md.push(table(rules.map((k) => [k, r.extraByRule[k] ?? 0, r.falseErrorByRule[k] ?? 0]), ['rule', 'extra', 'false error']), '');
    md.push('Agreeing errors whose message text differs, by rule:', '');
    md.push(table(Object.entries(r.textDiffByRule).sort((a, b) => b[1] - a[1]).map(([k, v]) => [k, v]), ['rule', 'count']), '');
    const worst = r.outcomes.filter((o) => o.cmp.falseErrors.length);
    md.push(`Cases with an error of ours that the API server accepts: ${worst.length}`, '');
    for (const o of worst.slice(0, 200)) md.push(`- ${o.c.id} (${o.c.source}: ${o.c.origin.slice(0, 160)}): ${o.cmp.falseErrors.map((e) => `[${e.code}] ${e.message.slice(0, 160)}`).join('; ')}`);
    md.push('');
    const sub = path.join(dir, 'disagreements', r.release);
    fs.rmSync(sub, { recursive: true, force: true });
    fs.mkdirSync(sub, { recursive: true });
    for (const o of r.outcomes) fs.writeFileSync(path.join(sub, `${o.c.id}.yaml`), disagreementFile(r, o));
  }
  fs.writeFileSync(path.join(dir, 'summary.md'), md.join('\n') + '\n');
  fs.writeFileSync(
    path.join(dir, 'summary.json'),
    JSON.stringify(
      {
        cases: opts.cases,
        seed: opts.seed,
        releases: rels.map(({ outcomes, ...rest }) => ({
          ...rest,
          disagreements: outcomes.map((o) => ({ id: o.c.id, source: o.c.source, origin: o.c.origin, missing: o.cmp.missing, extra: o.cmp.extra, falseErrors: o.cmp.falseErrors.map((e) => e.code), listed: o.listed })),

        })),
      },
      null,
      2,
    ) + '\n',
  );
}

function disagreementFile(r: ReleaseSummary, o: CaseOutcome): string {
  const lines = [
    `# case ${o.c.id} (${o.c.source}): ${o.c.origin}`,
    `# release ${r.release} (oracle ${o.oracle.release}), checker --kubernetes-version ${r.checkerVersion}${o.listed ? ' (listed in known-differences)' : ''}`,
    `# missing (API server rejects, we do not say): ${o.cmp.missing.join(', ') || '-'}`,
    `# extra (we claim, API server does not): ${o.cmp.extra.join(', ') || '-'}`,
  ];
  if (o.cmp.falseErrors.length) lines.push(`# ERROR ON A CASE THE API SERVER ACCEPTS: ${o.cmp.falseErrors.map((e) => e.code).join(', ')}`);
  lines.push('# API server:');
  for (const d of o.oracle.documents) {
    if (d.skipped) lines.push(`#   skipped: ${d.skipped}`);
    for (const e of d.decodeErrors) lines.push(`#   decode ${e.kind} ${e.field}: ${e.message}`);
    for (const e of d.errors) lines.push(`#   ${e.type} ${e.message}`);
    for (const w of d.warnings) lines.push(`#   warning: ${w}`);
  }
  if (o.oracle.error) lines.push(`#   oracle error: ${o.oracle.error.split('\n')[0]}`);
  lines.push('# ours:');
  for (const d of o.ours) lines.push(`#   ${d.severity} [${d.code}] ${d.fieldPath ?? ''} ${d.apiErrorType ?? '-'}: ${d.message.replace(/\n/g, ' ')}`);
  return lines.map((l) => l.replace(/\n/g, ' ')).join('\n') + '\n' + o.c.yaml;
}
