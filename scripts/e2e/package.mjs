#!/usr/bin/env node
// Packages the extension as a .vsix with @vscode/vsce, offline: `npm run package` runs it after a
// minified build. What goes in is decided by .vscodeignore, a whitelist: the two bundles and what
// the manifest points at (grammars, snippets, schema, icon), with README, CHANGELOG and LICENSE.
// test/unit/package.test.ts checks that list. The package is the extension the end-to-end tests
// can run too: unzip it and pass its extension/ folder to `node scripts/e2e/run.mjs --extension DIR`.
//
// vsce runs in a staging folder under out/ that links to the repository's own files (what
// .gitignore does not leave out, and the built dist/), with package.json as it ships: without
// `devDependencies` and `scripts`, which describe how to develop and test this repository, not the
// extension. (The checker and the language server for other editors are the npm package,
// scripts/pack-npm.mjs.) From the root vsce would refuse the manifest:
// @types/vscode (1.100, the VS Code the end-to-end tests run in) is newer than engines.vscode
// (^1.91.0, which vscode-languageclient 11 requires). The client uses no API newer than 1.91
// (it type-checks against @types/vscode 1.91.0).
//
// The package's README.md is README.marketplace.md (what the extension does, its settings, the
// lifecycle view), not the repository's developer README. Its relative links and images are made
// absolute by vsce from `repository` (branch main, as the rule links of the diagnostics): they
// point at the published docs, and the screenshots stay out of the package.
//
// usage: node scripts/e2e/package.mjs [--ls] [--out FILE] [--max-bytes N]
//   --ls         print the files the package would hold (vsce ls), one a line, and package nothing
//   --out        where to write the .vsix (default: <name>-<version>.vsix in the repository)
//   --max-bytes  fail when the .vsix is larger (default 1 MiB)
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import util from 'node:util';
import ignore from 'ignore';
import { ROOT } from './code-server.mjs';

const VSCE = path.join(ROOT, 'node_modules', '.bin', 'vsce');
/** Manifest fields for developing this repository, left out of the shipped package.json. */
const DEV_ONLY_FIELDS = ['devDependencies', 'scripts'];
/** The README the package ships (as README.md): what the extension does for its users, not how to develop it. */
export const MARKETPLACE_README = 'README.marketplace.md';
/** The bundles: git-ignored, yet what the package is for. */
const BUILT = ['dist'];
const VSCE_FLAGS = ['--no-dependencies', '--follow-symlinks'];

/** The manifest as it ships. */
export function shippedManifest() {
  const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  for (const f of DEV_ONLY_FIELDS) delete manifest[f];
  return manifest;
}

/**
 * A fresh staging folder under out/: a link to each top-level entry of the repository that git
 * does not ignore (and to dist/), and the shipped package.json. Returns its path; remove it after.
 */
export function stage() {
  const ig = ignore().add(fs.readFileSync(path.join(ROOT, '.gitignore'), 'utf8'));
  fs.mkdirSync(path.join(ROOT, 'out'), { recursive: true });
  const dir = fs.mkdtempSync(path.join(ROOT, 'out', 'vsix-'));
  for (const name of fs.readdirSync(ROOT)) {
    if (name === '.git' || name === 'package.json' || name === 'README.md') continue;
    const st = fs.statSync(path.join(ROOT, name), { throwIfNoEntry: false }); // links followed
    if (!st) continue; // a dangling link
    const isDir = st.isDirectory();
    if (ig.ignores(isDir ? `${name}/` : name) && !BUILT.includes(name)) continue;
    fs.symlinkSync(path.join(ROOT, name), path.join(dir, name), isDir ? 'dir' : 'file');
  }
  fs.writeFileSync(path.join(dir, 'package.json'), `${JSON.stringify(shippedManifest(), null, 2)}\n`);
  // The package's README is for the people who install the extension; the repository's is for its developers.
  fs.copyFileSync(path.join(ROOT, MARKETPLACE_README), path.join(dir, 'README.md'));
  return dir;
}

function vsce(args, cwd) {
  const r = spawnSync(VSCE, args, { cwd, encoding: 'utf8', maxBuffer: 16 << 20 });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`vsce ${args[0]} failed (${r.status}):\n${r.stderr || r.stdout}`);
  return r.stdout;
}

/** The paths the package would hold, sorted (vsce ls in a staging folder). */
export function listPackageFiles() {
  const dir = stage();
  try {
    return vsce(['ls', ...VSCE_FLAGS], dir).split('\n').map((l) => l.trim()).filter(Boolean).sort();
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Writes the .vsix; returns its path and size. */
export function packageExtension({ out, maxBytes = 1 << 20 } = {}) {
  const { name, version } = shippedManifest();
  const file = path.resolve(out ?? path.join(ROOT, `${name}-${version}.vsix`));
  const dir = stage();
  try {
    process.stdout.write(vsce(['package', ...VSCE_FLAGS, '--githubBranch', 'main', '--out', file], dir));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const bytes = fs.statSync(file).size;
  if (bytes > maxBytes) throw new Error(`${path.basename(file)} is ${bytes} bytes, over the budget of ${maxBytes}`);
  return { file, bytes };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { values: opts } = util.parseArgs({
    options: { ls: { type: 'boolean', default: false }, out: { type: 'string' }, 'max-bytes': { type: 'string' } },
  });
  try {
    if (opts.ls) console.log(listPackageFiles().join('\n'));
    else {
      const maxBytes = opts['max-bytes'] ? Number(opts['max-bytes']) : undefined;
      const { file, bytes } = packageExtension({ out: opts.out, maxBytes });
      console.log(`${path.relative(process.cwd(), file) || file}: ${(bytes / 1024).toFixed(0)} KiB`);
    }
  } catch (e) {
    console.error(`package: ${e.message}`);
    process.exit(1);
  }
}
