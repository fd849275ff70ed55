/**
 * The npm package `kube-pod-patterns` as a user gets it: packed with
 * `npm pack` (scripts/pack-npm.mjs) and installed from the tarball with npm
 * into a folder outside the repository, with nothing linked back to it.
 *
 * scripts/run-tests.mjs packs once and passes the tarball in
 * KPP_PACKAGE_TARBALL; a test file run on its own packs for itself.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ROOT } from './harness';

let tarball: string | undefined;

/** The tarball of the package (packed once per process unless KPP_PACKAGE_TARBALL names one). */
export function packageTarball(): string {
  if (tarball) return tarball;
  const given = process.env.KPP_PACKAGE_TARBALL;
  if (given && fs.existsSync(given)) return (tarball = given);
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'kpp-pack-'));
  process.on('exit', () => fs.rmSync(out, { recursive: true, force: true }));
  const r = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'pack-npm.mjs'), '--out', out, '--json'], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`scripts/pack-npm.mjs failed (${r.status}):\n${r.stderr}`);
  return (tarball = (JSON.parse(r.stdout) as { tarball: string }).tarball);
}

/** The environment installed programs run with: no path back into the repository. */
export function userEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false', ...extra };
  for (const k of ['NODE_PATH', 'NODE_OPTIONS', 'npm_config_prefix', 'INIT_CWD', 'npm_package_json']) delete env[k];
  // npm run puts the repository's node_modules/.bin on PATH: a user's shell has no such entry.
  env.PATH = (env.PATH ?? '').split(path.delimiter).filter((p) => !path.resolve(p).startsWith(ROOT + path.sep) && path.resolve(p) !== ROOT).join(path.delimiter);
  return env;
}

export interface Installed {
  /** The folder it was installed into (its node_modules holds the package). */
  dir: string;
  /** The path of an installed command (node_modules/.bin/NAME). */
  bin(name: string): string;
}

/**
 * Installs the tarball into `dir` (a fresh temporary folder when not given)
 * with `npm install --no-audit --no-fund <tarball>`, as a user does, and checks
 * that nothing in it points back into the repository.
 */
export function installPackage(dir?: string): Installed {
  const where = dir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'kpp-user-'));
  if (!dir) process.on('exit', () => fs.rmSync(where, { recursive: true, force: true }));
  const r = spawnSync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', packageTarball()], { cwd: where, encoding: 'utf8', env: userEnv() });
  if (r.status !== 0) throw new Error(`npm install of the tarball failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
  const installed = path.join(where, 'node_modules', 'kube-pod-patterns');
  for (const p of [where, installed, fs.realpathSync(installed)]) {
    if (path.resolve(p).startsWith(ROOT + path.sep)) throw new Error(`${p} is inside the repository`);
  }
  if (fs.lstatSync(installed).isSymbolicLink()) throw new Error(`${installed} is a link (to ${fs.realpathSync(installed)}), not an installed package`);
  return { dir: where, bin: (name) => path.join(where, 'node_modules', '.bin', name) };
}
