/**
 * Counts regular-expression backtracking, for superlinear.test.ts (run as a
 * child process: `node --import tsx test/backtrackProbe.ts SHAPE BUDGET N...`: the
 * shape at each size N, in turn).
 *
 * V8 can fall back to its linear-time engine when one attempt of a regular
 * expression (a match tried from one start position) backtracks more than
 * BUDGET times, and traces each fallback ("Experimental execution …") on
 * standard output. With a budget far below the input's length, no trace line
 * means that no attempt of any expression did work that grows with the input
 * (so each execution costs at most BUDGET steps per start position: linear);
 * a trace line names the expression that did. The flags are set after the
 * modules are loaded, so that only the analysis of the shape is measured.
 *
 * Shapes: what a stranger's file can hold, sized by N.
 */
import * as v8 from 'node:v8';
import { LanguageService } from '../server/src/analysis/service';
import { DEFAULT_SETTINGS } from '../server/src/analysis/settings';

const [shape, budgetArg, ...sizes] = process.argv.slice(2);
const settings = { ...DEFAULT_SETTINGS, rules: {}, maxFileSize: 64 * 1024 * 1024 };
const POD = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\nspec:\n  containers:\n  - name: a\n    image: b\n';
const initPod = (command: string, image = 'busybox'): string =>
  `apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\nspec:\n  initContainers:\n  - name: w\n    image: ${JSON.stringify(image)}\n    command: ["sh", "-c", ${JSON.stringify(command)}]\n  containers:\n  - name: a\n    image: b\n`;

interface Probe {
  run: () => unknown;
}
const analyze = (text: string): Probe => ({ run: () => new LanguageService().analyze(text, settings) });

export const SHAPES: Record<string, (n: number) => Probe> = {
  /** A known super-linear expression: the probe's own check that it sees backtracking. */
  // eslint-disable-next-line regexp/no-super-linear-move -- super-linear on purpose: the control.
  control: (n) => ({ run: () => /\s*x/.test(' '.repeat(n)) }),
  'template actions on one line': (n) => analyze(POD + '    args: [' + '{{a}}'.repeat(n) + ']\n'),
  'unclosed template actions': (n) => analyze(POD + '    args: ["' + '{{'.repeat(n) + '"]\n'),
  'blank lines (no kind)': (n) => analyze('\n'.repeat(n) + 'x: [\n'),
  'a long until-curl command': (n) => analyze(initPod('until curl '.repeat(n))),
  'a long while-true script': (n) => analyze(initPod('while true' + ' '.repeat(n) + 'x')),
  'an image of @ and :': (n) => analyze(initPod('', '@'.repeat(n) + '\n' + ':'.repeat(n) + '/x').replace(/\n {4}command: .*\n/, '\n')),
  'completion after a long run of blanks': (n) => {
    const text = POD + '    imagePullPolicy: ' + ' '.repeat(n) + '#x';
    return { run: () => new LanguageService().complete(text, text.length, settings) };
  },
};

if (require.main === module) {
  const probes = sizes.map((n) => SHAPES[shape](Number(n)));
  v8.setFlagsFromString('--enable-experimental-regexp-engine-on-excessive-backtracks');
  v8.setFlagsFromString(`--regexp-backtracks-before-fallback=${Number(budgetArg)}`);
  v8.setFlagsFromString('--trace-experimental-regexp-engine');
  for (const p of probes) p.run();
  console.log('probe done');
}
