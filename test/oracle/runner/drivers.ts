/**
 * Runs the two sides on a batch of cases: the oracle binary of a release (JSON lines on stdin)
 * and our checker (`node dist/cli.js check --format json`, one process over a folder of files).
 */
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ROOT } from '../../harness';
import type { Case } from './cases';
import type { OracleResult, OurDiagnostic } from './compare';

export const ORACLE_DIR = path.join(ROOT, 'test', 'oracle');

/** Releases that have a module file, as minors ("1.37"), ascending. */
export function knownReleases(): string[] {
  const dir = path.join(ORACLE_DIR, 'releases');
  return fs
    .readdirSync(dir)
    .map((f) => /^v(\d+\.\d+)\.\d+\.mod$/.exec(f)?.[1])
    .filter((v): v is string => !!v)
    .sort((a, b) => Number(a.split('.')[1]) - Number(b.split('.')[1]));
}

export function goAvailable(): boolean {
  return spawnSync('go', ['version'], { stdio: 'ignore' }).status === 0;
}

/** Builds the oracle of the releases (incremental); the binaries that exist afterwards. */
export function buildOracles(releases: string[], log: (s: string) => void): Map<string, string> {
  const r = spawnSync('bash', [path.join(ORACLE_DIR, 'build.sh'), ...releases], { encoding: 'utf8' });
  for (const line of `${r.stdout}${r.stderr}`.split('\n').filter(Boolean)) log(`  ${line}`);
  const out = new Map<string, string>();
  for (const rel of releases) {
    const bin = path.join(ORACLE_DIR, 'bin', `oracle-${rel}`);
    if (fs.existsSync(bin)) out.set(rel, bin);
  }
  return out;
}

/** Runs the oracle in batch mode on all cases; results by case id. */
export function runOracle(bin: string, cases: Case[]): Promise<Map<string, OracleResult>> {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, ['--batch'], { stdio: ['pipe', 'pipe', 'pipe'] });
    const results = new Map<string, OracleResult>();
    let buf = '';
    let stderr = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      buf += chunk;
      let nl: number;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        if (!line.trim()) continue;
        const r = JSON.parse(line) as OracleResult;
        results.set(r.id ?? '', r);
      }
    });
    child.stderr.on('data', (c) => (stderr += String(c)));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) reject(new Error(`${bin} exited with ${code}: ${stderr.slice(0, 2000)}`));
      else resolve(results);
    });
    child.stdin.on('error', reject);
    child.stdin.end(cases.map((c) => JSON.stringify({ id: c.id, yaml: c.yaml })).join('\n') + '\n');
  });
}

/** Our checker over all cases at once (one file per case); diagnostics by case id. */
export function runChecker(cases: Case[], version: string): Promise<Map<string, OurDiagnostic[]>> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'oracle-cases-'));
  for (const c of cases) fs.writeFileSync(path.join(dir, `${c.id}.yaml`), c.yaml);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(ROOT, 'dist', 'cli.js'), 'check', '--format', 'json', '--kubernetes-version', version, dir], {
      stdio: ['ignore', 'pipe', 'pipe'],
      cwd: dir,
    });
    const chunks: Buffer[] = [];
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => chunks.push(c));
    child.stderr.on('data', (c) => (stderr += String(c)));
    child.on('error', reject);
    child.on('close', (code) => {
      fs.rmSync(dir, { recursive: true, force: true });
      if (code !== 0 && code !== 1) return reject(new Error(`checker exited with ${code}: ${stderr.slice(0, 2000)}`));
      const json = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { files: { path: string; diagnostics: OurDiagnostic[] }[] };
      const out = new Map<string, OurDiagnostic[]>();
      for (const f of json.files) out.set(path.basename(f.path).replace(/\.yaml$/, ''), f.diagnostics);
      resolve(out);
    });
  });
}
