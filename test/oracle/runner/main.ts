/**
 * `npm run oracle -- [--cases N] [--seed S] [--releases 1.34,1.37] [--out DIR] [--area-share F]`: compares our
 * checker with the oracle built from the API server's own code (README.md beside this folder).
 */
import * as path from 'node:path';
import { ROOT } from '../../harness';
import { run } from './run';

function parse(argv: string[]): { cases: number; seed: number; releases: string[]; out: string; areaShare?: number } {
  const o = { cases: 2000, seed: 1, releases: [] as string[], out: path.join(ROOT, 'test-results', 'oracle'), areaShare: undefined as number | undefined };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const v = argv[i + 1];
    if (a === '--cases') o.cases = Number(v);
    else if (a === '--seed') o.seed = Number(v);
    else if (a === '--releases') o.releases = v.split(',').map((s) => s.trim().replace(/^v/, '').split('.').slice(0, 2).join('.')).filter(Boolean);
    else if (a === '--out') o.out = path.resolve(v);
    else if (a === '--area-share') o.areaShare = Number(v);
    else throw new Error(`unknown argument ${a} (--cases N, --seed S, --releases 1.34,1.37, --out DIR, --area-share 0.25)`);
    i++;
  }
  if (!Number.isInteger(o.cases) || o.cases < 1) throw new Error('--cases needs a positive integer');
  if (!Number.isInteger(o.seed)) throw new Error('--seed needs an integer');
  if (o.areaShare !== undefined && !(o.areaShare >= 0 && o.areaShare <= 1)) throw new Error('--area-share needs a number from 0 to 1');
  return o;
}

const opts = parse(process.argv.slice(2));
run({ ...opts, log: (s) => process.stderr.write(s + '\n') }).then(
  (r) => {
    if (r.skipped) process.exit(0);
    process.stderr.write(`report: ${path.relative(process.cwd(), opts.out)}/summary.md\n`);
  },
  (e: unknown) => {
    process.stderr.write(`oracle: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(2);
  },
);
