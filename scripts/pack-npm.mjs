#!/usr/bin/env node
// Packs the npm package `kube-pod-patterns`: the checker and the language server, for CI and for
// any LSP editor (the VS Code extension is packaged apart, as a .vsix: scripts/e2e/package.mjs).
// Both come from this repository's sources and carry its version.
//
// The package is staged in out/npm-package/ from packages/kube-pod-patterns/ (its manifest, README
// and bin scripts), the repository's LICENSE and CHANGELOG, the configuration schema, and freshly
// minified bundles (scripts/bundles.mjs: cli, checkWorker, server; no source maps). Everything it
// runs is in those bundles: the package has no dependencies. Then `npm pack`.
//
// usage: node scripts/pack-npm.mjs [--out DIR] [--json]
//   --out DIR  where to write the tarball (default: the repository root)
//   --json     print {"tarball": PATH, "files": [...], "bytes": N} instead of a line
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import util from 'node:util';
import * as esbuild from 'esbuild';
import { bundles } from './bundles.mjs';
import { ROOT } from './e2e/code-server.mjs';

export const PACKAGE_SRC = path.join(ROOT, 'packages', 'kube-pod-patterns');
const STAGE = path.join(ROOT, 'out', 'npm-package');
/** The bundles the package ships (scripts/bundles.mjs names). */
const SHIPPED = ['cli', 'checkWorker', 'server'];

/** Stages the package; returns the staging folder. */
export async function stagePackage() {
  const manifest = JSON.parse(fs.readFileSync(path.join(PACKAGE_SRC, 'package.json'), 'utf8'));
  const root = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  if (manifest.version !== root.version) throw new Error(`packages/kube-pod-patterns/package.json has version ${manifest.version}, the repository ${root.version}`);
  if (manifest.dependencies || manifest.peerDependencies || manifest.optionalDependencies) throw new Error('the package must have no dependencies: everything is bundled');
  fs.rmSync(STAGE, { recursive: true, force: true });
  fs.mkdirSync(STAGE, { recursive: true });
  fs.cpSync(PACKAGE_SRC, STAGE, { recursive: true });
  for (const f of ['LICENSE', 'CHANGELOG.md']) fs.copyFileSync(path.join(ROOT, f), path.join(STAGE, f));
  fs.mkdirSync(path.join(STAGE, 'schemas'));
  fs.copyFileSync(path.join(ROOT, 'schemas', 'podpatterns.schema.json'), path.join(STAGE, 'schemas', 'podpatterns.schema.json'));
  const all = bundles({ minify: true });
  await Promise.all(
    SHIPPED.map((name) =>
      esbuild.build({ ...all[name], absWorkingDir: ROOT, outfile: path.join(STAGE, all[name].outfile), sourcemap: false, metafile: false, logLevel: 'warning' }),
    ),
  );
  return STAGE;
}

/** Stages and packs; returns { tarball, files, bytes }. */
export async function packNpm({ out = ROOT } = {}) {
  const stage = await stagePackage();
  fs.mkdirSync(out, { recursive: true });
  const r = spawnSync('npm', ['pack', '--json', '--pack-destination', path.resolve(out)], { cwd: stage, encoding: 'utf8', env: { ...process.env, npm_config_loglevel: 'error' } });
  if (r.status !== 0) throw new Error(`npm pack failed (${r.status}):\n${r.stderr}`);
  const [info] = JSON.parse(r.stdout);
  return { tarball: path.resolve(out, info.filename), files: info.files.map((f) => f.path).sort(), bytes: info.size };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values: opts } = util.parseArgs({ options: { out: { type: 'string' }, json: { type: 'boolean', default: false } } });
  try {
    const r = await packNpm({ out: opts.out });
    console.log(opts.json ? JSON.stringify(r) : `${path.relative(process.cwd(), r.tarball) || r.tarball}: ${(r.bytes / 1024).toFixed(0)} KiB, ${r.files.length} files`);
  } catch (e) {
    console.error(`pack-npm: ${e.message}`);
    process.exit(1);
  }
}
