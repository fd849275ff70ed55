// Entry point of the end-to-end suite inside VS Code's web-worker extension host (the extension's
// `browser` entry). scripts/e2e/suite.mjs bundles it with mocha's browser build and every
// *.test.ts beside it into out/e2e/web/index.js, given as `extensionTestsPath`; VS Code calls
// `run()`. There is no file system and no environment here: the title filter is compiled in
// (KPP_E2E_GREP), and the summary goes to the console (RESULT_MARKER), which the workbench relays
// to the page, where scripts/e2e/run.mjs reads it.
import type Mocha from 'mocha';
import { HOST_MARKER, RESULT_MARKER, hostKind, recordOutcomes } from './outcomes';

/** Set by the bundler: the --grep of the run, or ''. */
declare const KPP_E2E_GREP: string;

type BrowserMocha = Mocha & { setup(options: Mocha.MochaOptions): BrowserMocha; run(fn?: (failures: number) => void): Mocha.Runner };

export function run(): Promise<void> {
  globalThis.KPP_E2E_EXPECTED_HOST = 'web';
  // VS Code runs the tests in the extension host of the extension whose folder holds them: where it runs is said
  // here, whatever tests --grep selects (scripts/e2e/run.mjs fails the run when it is not the host asked for).
  console.log(`${HOST_MARKER}${hostKind()} (test runner)`);
  // mocha's browser build: a module of its package (`"type": "module"`), it leaves `mocha` on the global object.
  const exported = require('mocha/mocha.js') as Partial<BrowserMocha> | undefined;
  const mocha = typeof exported?.setup === 'function' ? (exported as BrowserMocha) : (globalThis as { mocha?: BrowserMocha }).mocha;
  if (!mocha) throw new Error('mocha\'s browser build did not load');
  mocha.setup({ ui: 'tdd', timeout: 60_000, color: false, reporter: 'spec' });
  if (KPP_E2E_GREP) mocha.grep(new RegExp(KPP_E2E_GREP));
  // Every *.test.ts of the suite (a module the bundler makes): loaded after setup, which defines suite() and test().
  require('kpp-e2e:tests');

  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      console.log(`${RESULT_MARKER}${JSON.stringify(summary(failures))}`);
      if (failures > 0) reject(new Error(`${failures} end-to-end test(s) failed`));
      else resolve();
    });
    // Read when the run ends, after this line.
    const summary = recordOutcomes(runner);
  });
}
