// Entry point of the end-to-end suite inside a real VS Code extension host (Node).
// VS Code loads this file because its path is given as `extensionTestsPath`, and calls `run()`;
// the same file serves both Node runners (scripts/e2e/run.mjs in code-server, and
// scripts/e2e/run-electron.mjs in a downloaded desktop VS Code). The web worker's entry point is
// index.web.ts.
//
// Environment (optional):
//   KPP_E2E_RESULT_FILE  write a JSON summary (counts and each test's outcome) to this path
//   KPP_E2E_GREP         run only the tests whose full title matches this regular expression
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';
import { HOST_MARKER, hostKind, recordOutcomes } from './outcomes';

export function run(): Promise<void> {
  globalThis.KPP_E2E_EXPECTED_HOST = 'node';
  // VS Code runs the tests in the extension host of the extension whose folder holds them: where it runs is said
  // here, whatever tests --grep selects (scripts/e2e/run.mjs fails the run when it is not the host asked for).
  console.log(`${HOST_MARKER}${hostKind()} (test runner)`);
  const mocha = new Mocha({ ui: 'tdd', timeout: 60_000, color: false, reporter: 'spec' });
  if (process.env.KPP_E2E_GREP) mocha.grep(new RegExp(process.env.KPP_E2E_GREP));

  // The compiled tests sit beside this file (out/e2e/suite/*.test.js).
  for (const file of fs.readdirSync(__dirname).filter((f) => f.endsWith('.test.js')).sort()) {
    mocha.addFile(path.join(__dirname, file));
  }

  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      const resultFile = process.env.KPP_E2E_RESULT_FILE;
      if (resultFile) fs.writeFileSync(resultFile, JSON.stringify(summary(failures), null, 2));
      if (failures > 0) reject(new Error(`${failures} end-to-end test(s) failed`));
      else resolve();
    });
    // Read when the run ends, after this line.
    const summary = recordOutcomes(runner);
  });
}
