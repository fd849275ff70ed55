// Entry point of the end-to-end suite inside a real VS Code extension host.
// VS Code loads this file because its path is given as `extensionTestsPath`, and calls `run()`;
// the same file serves both runners (scripts/e2e/run.mjs in code-server, and
// scripts/e2e/run-electron.mjs in a downloaded desktop VS Code).
//
// Environment (optional):
//   KPP_E2E_RESULT_FILE  write a JSON summary (counts and each test's outcome) to this path
//   KPP_E2E_GREP         run only the tests whose full title matches this regular expression
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

interface TestOutcome {
  title: string;
  state: 'passed' | 'failed' | 'pending';
  durationMs?: number;
  error?: string;
}

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'tdd', timeout: 60_000, color: false, reporter: 'spec' });
  if (process.env.KPP_E2E_GREP) mocha.grep(new RegExp(process.env.KPP_E2E_GREP));

  // The compiled tests sit beside this file (out/e2e/suite/*.test.js).
  for (const file of fs.readdirSync(__dirname).filter((f) => f.endsWith('.test.js')).sort()) {
    mocha.addFile(path.join(__dirname, file));
  }

  const outcomes: TestOutcome[] = [];
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      const stats = runner.stats;
      const summary = {
        passed: stats?.passes ?? outcomes.filter((o) => o.state === 'passed').length,
        failed: failures,
        pending: stats?.pending ?? 0,
        tests: outcomes,
      };
      const resultFile = process.env.KPP_E2E_RESULT_FILE;
      if (resultFile) fs.writeFileSync(resultFile, JSON.stringify(summary, null, 2));
      if (failures > 0) reject(new Error(`${failures} end-to-end test(s) failed`));
      else resolve();
    });
    runner.on('pass', (t) => outcomes.push({ title: t.fullTitle(), state: 'passed', durationMs: t.duration }));
    runner.on('pending', (t) => outcomes.push({ title: t.fullTitle(), state: 'pending' }));
    // A failing hook reports the hook; record it under its own title so it is counted too.
    runner.on('fail', (t, err: Error) =>
      outcomes.push({ title: t.fullTitle(), state: 'failed', durationMs: t.duration, error: err?.message }),
    );
  });
}
