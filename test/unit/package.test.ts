/**
 * The extension's manifest (package.json) and what the packaged .vsix holds.
 *
 * The manifest: the VS Code range it claims, the API types it is compiled against, its entry
 * point, and that every file it contributes exists. The package: `vsce ls` (through
 * scripts/e2e/package.mjs, which runs it on the manifest as it ships) must list exactly the
 * whitelist of .vscodeignore: the manifest, README, CHANGELOG, LICENSE, the two bundles and the
 * files the manifest points at; no sources, tests, source maps or node_modules. That part needs
 * the built bundles (`npm run build`); SKIP_PACKAGE_TEST=1 leaves it out.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ROOT } from '../harness';

interface Manifest {
  name: string;
  publisher: string;
  version: string;
  license: string;
  main: string;
  browser?: string;
  icon?: string;
  engines: Record<string, string>;
  categories?: string[];
  keywords?: string[];
  repository?: { type: string; url: string } | string;
  galleryBanner?: { color?: string; theme?: string };
  capabilities?: {
    untrustedWorkspaces?: { supported: boolean | 'limited'; description?: string };
    virtualWorkspaces?: boolean | { supported: boolean | 'limited'; description?: string };
  };
  devDependencies?: Record<string, string>;
  contributes: {
    grammars?: { path: string }[];
    snippets?: { path: string }[];
    yamlValidation?: { url: string }[];
    jsonValidation?: { url: string }[];
  };
}

const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as Manifest;

/** `./a/b` → `a/b`. */
const rel = (p: string): string => path.posix.normalize(p.replace(/\\/g, '/')).replace(/^\.\//, '');

/** major.minor of a version or range such as `^1.91.0` or `1.100.0`, as [major, minor]. */
function majorMinor(v: string): [number, number] {
  const m = /(?<!\d)(\d+)\.(\d+)/.exec(v);
  assert.ok(m, `not a version: ${v}`);
  return [Number(m[1]), Number(m[2])];
}
const atMost = (a: [number, number], b: [number, number]): boolean => a[0] < b[0] || (a[0] === b[0] && a[1] <= b[1]);

/** The files the manifest points at (contributions and icon), relative to the root. */
function referencedFiles(): string[] {
  const c = manifest.contributes;
  const urls = [...(c.yamlValidation ?? []), ...(c.jsonValidation ?? [])].map((v) => v.url).filter((u) => !/^[a-z][a-z0-9+.-]*:/i.test(u));
  return [
    ...(c.grammars ?? []).map((g) => g.path),
    ...(c.snippets ?? []).map((s) => s.path),
    ...urls,
    ...(manifest.icon ? [manifest.icon] : []),
  ].map(rel);
}

test('the manifest claims VS Code ^1.91.0 and is compiled against API types no newer than 1.100', () => {
  assert.equal(manifest.engines.vscode, '^1.91.0', 'engines.vscode: what vscode-languageclient 11 needs');
  const declared = manifest.devDependencies?.['@types/vscode'];
  assert.ok(declared, '@types/vscode is a devDependency');
  // 1.100: the VS Code (code-server 4.100.3) that the end-to-end tests run in.
  assert.ok(atMost(majorMinor(declared), [1, 100]), `@types/vscode ${declared} is newer than 1.100`);
  const installed = path.join(ROOT, 'node_modules', '@types', 'vscode', 'package.json');
  if (fs.existsSync(installed)) {
    const { version } = JSON.parse(fs.readFileSync(installed, 'utf8')) as { version: string };
    assert.ok(atMost(majorMinor(version), [1, 100]), `installed @types/vscode ${version} is newer than 1.100`);
  }
});

test('main is the Node client bundle, dist/client.js; browser the web client, dist/web/client.js', () => {
  assert.equal(rel(manifest.main), 'dist/client.js');
  assert.equal(rel(manifest.browser ?? ''), 'dist/web/client.js');
});

test('every file the manifest contributes exists: grammars, snippets, schemas, icon', () => {
  const files = referencedFiles();
  const c = manifest.contributes;
  assert.ok(c.grammars?.length, 'grammars are contributed');
  assert.ok(c.snippets?.length, 'snippets are contributed');
  assert.ok(c.yamlValidation?.length, 'the .podpatterns.yaml schema is contributed');
  assert.ok(manifest.icon, 'an icon is declared');
  for (const f of files) {
    assert.ok(fs.existsSync(path.join(ROOT, f)) && fs.statSync(path.join(ROOT, f)).isFile(), `${f} is contributed but missing`);
    if (f.endsWith('.json')) assert.doesNotThrow(() => JSON.parse(fs.readFileSync(path.join(ROOT, f), 'utf8')), `${f} is not JSON`);
  }
});

test('the icon is a 128×128 PNG', () => {
  const png = fs.readFileSync(path.join(ROOT, manifest.icon ?? 'images/icon.png'));
  assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'PNG signature');
  assert.equal(png.toString('latin1', 12, 16), 'IHDR');
  assert.deepEqual([png.readUInt32BE(16), png.readUInt32BE(20)], [128, 128], 'width × height');
});

test('the marketplace fields are there: publisher, categories, keywords, repository, license, banner, capabilities', () => {
  assert.ok(manifest.publisher, 'publisher');
  assert.ok(manifest.categories?.includes('Linters'), 'categories');
  assert.ok((manifest.keywords ?? []).length >= 3 && (manifest.keywords ?? []).length <= 30, 'keywords (the marketplace takes 30 at most)');
  const repo = typeof manifest.repository === 'string' ? manifest.repository : manifest.repository?.url;
  assert.match(repo ?? '', /^https:\/\//, 'repository: an https URL (vsce makes the README links absolute with it)');
  assert.equal(manifest.license, 'Apache-2.0');
  assert.match(fs.readFileSync(path.join(ROOT, 'LICENSE'), 'utf8'), /Apache License\s+Version 2\.0/);
  assert.match(manifest.galleryBanner?.color ?? '', /^#[0-9a-f]{6}$/i, 'galleryBanner.color');
  assert.ok(['dark', 'light'].includes(manifest.galleryBanner?.theme ?? ''), 'galleryBanner.theme');

  const caps = manifest.capabilities;
  // It runs no code of the workspace: settings and .podpatterns.yaml only choose what is reported.
  assert.equal(caps?.untrustedWorkspaces?.supported, true, 'capabilities.untrustedWorkspaces');
  // Project files are read through the client (vscode.workspace.fs) where the server has no disk: virtual workspaces work.
  assert.equal(caps?.virtualWorkspaces, true, 'capabilities.virtualWorkspaces');
});

test('the package holds exactly the whitelist: the bundles and what the manifest points at', { skip: process.env.SKIP_PACKAGE_TEST ? 'SKIP_PACKAGE_TEST is set' : false }, () => {
  for (const bundle of ['dist/client.js', 'dist/server.js']) {
    assert.ok(fs.existsSync(path.join(ROOT, bundle)), `${bundle} is missing: run \`npm run build\` first (or set SKIP_PACKAGE_TEST=1)`);
  }
  const r = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'e2e', 'package.mjs'), '--ls'], { cwd: ROOT, encoding: 'utf8' });
  assert.equal(r.status, 0, `vsce ls failed:\n${r.stderr}`);
  const listed = r.stdout.split('\n').map((l) => l.trim()).filter(Boolean).sort();

  const whitelist = [
    'package.json',
    'README.md',
    'CHANGELOG.md',
    'LICENSE',
    rel(manifest.main),
    'dist/server.js', // started by the client as a Node module
    'dist/web/server.js', // started by the web client as a web worker
    'dist/web/apiDocs.json', // the field descriptions the web client hands to its worker
    ...(manifest.browser ? [rel(manifest.browser)] : []),
    ...referencedFiles(),
  ];
  assert.deepEqual(listed, [...new Set(whitelist)].sort());
  for (const f of listed) {
    assert.doesNotMatch(f, /^(client|server|test|scripts|node_modules|bench|docs|examples|out)\/|\.(ts|map)$/, `${f} must not be packaged`);
  }
});

test('the package\'s README is README.marketplace.md: for users, with links to files that exist or to the web', async () => {
  const { stage, MARKETPLACE_README } = (await import(path.join(ROOT, 'scripts', 'e2e', 'package.mjs'))) as { stage: () => string; MARKETPLACE_README: string };
  const dir = stage();
  try {
    const shipped = fs.readFileSync(path.join(dir, 'README.md'), 'utf8');
    assert.equal(shipped, fs.readFileSync(path.join(ROOT, MARKETPLACE_README), 'utf8'));
    assert.notEqual(shipped, fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8'), 'not the developer README');
    // What users look for: the settings (every one the manifest contributes), the lifecycle view, screenshots.
    const settings = Object.keys((manifest.contributes as { configuration?: { properties: Record<string, unknown> } }).configuration?.properties ?? {});
    assert.ok(settings.length >= 5);
    for (const key of settings) assert.ok(shipped.includes(`\`${key}\``), `the README describes ${key}`);
    assert.match(shipped, /^## The lifecycle view$/m);
    // No developer matters: building, testing.
    assert.doesNotMatch(shipped, /npm (ci|test|run)|npm start/);
    const links = [...shipped.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]);
    assert.ok(links.filter((l) => /\.png$/.test(l)).length >= 2, 'screenshots');
    for (const link of links) {
      if (/^https:\/\//.test(link)) continue;
      assert.ok(!/^[a-z]+:/i.test(link), `${link}: a relative link or https`);
      assert.ok(fs.existsSync(path.join(ROOT, link.split('#')[0])), `${link} exists (vsce makes it absolute, on the repository's main branch)`);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
