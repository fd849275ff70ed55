// What both entry points of the suite (index.ts in Node, index.web.ts in a web worker) record of a
// mocha run: each test's outcome, and the summary scripts/e2e/run.mjs reads.
import type Mocha from 'mocha';

export interface TestOutcome {
  title: string;
  state: 'passed' | 'failed' | 'pending';
  durationMs?: number;
  error?: string;
}

export interface SuiteSummary {
  passed: number;
  failed: number;
  pending: number;
  tests: TestOutcome[];
}

/** Listens to a runner; `summary(failures)` once it has ended. */
export function recordOutcomes(runner: Mocha.Runner): (failures: number) => SuiteSummary {
  const outcomes: TestOutcome[] = [];
  runner.on('pass', (t) => outcomes.push({ title: t.fullTitle(), state: 'passed', durationMs: t.duration }));
  runner.on('pending', (t) => outcomes.push({ title: t.fullTitle(), state: 'pending' }));
  // A failing hook reports the hook; record it under its own title so it is counted too.
  runner.on('fail', (t, err: Error) => outcomes.push({ title: t.fullTitle(), state: 'failed', durationMs: t.duration, error: err?.message }));
  return (failures) => ({
    passed: runner.stats?.passes ?? outcomes.filter((o) => o.state === 'passed').length,
    failed: failures,
    pending: runner.stats?.pending ?? 0,
    tests: outcomes,
  });
}

/** The line that carries the summary through the console, where there is no file system (the web worker). */
export const RESULT_MARKER = 'KPP_E2E_RESULT ';

/** The extension host the run asked for: `node` (VS Code's extension host process) or `web` (its web worker). */
export type HostKind = 'node' | 'web';
export const HOST_MARKER = 'KPP_E2E_HOST ';

/** The host this code runs in: a web worker has importScripts and no Node; VS Code's extension host process is Node. */
export function hostKind(): HostKind {
  const g = globalThis as { importScripts?: unknown; process?: { versions?: { node?: string } } };
  return typeof g.importScripts === 'function' && !g.process?.versions?.node ? 'web' : 'node';
}
declare global {
  // Set by the entry point before the tests load.
  var KPP_E2E_EXPECTED_HOST: HostKind | undefined;
}
