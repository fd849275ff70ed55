/**
 * Real LSP clients: Debian's Emacs in batch mode with its lsp-mode and its
 * eglot, each configured by its block of docs/editors.md, driven by
 * test/emacs/lsp-session.el, against the language server of the npm package
 * installed from its tarball outside the repository (its command on PATH).
 * For each: the server started by the configuration for the broken pod's
 * buffer (for lsp-mode as an add-on beside yaml-language-server), its
 * diagnostics in the API server's words of the release the
 * settings name (not the workspace's .podpatterns.yaml) without the rule the
 * settings turn off, the client's answer to workspace/configuration, the same
 * diagnostics as the editor shows them, a hover
 * as the editor renders it, a completion at point, and a code action applied.
 *
 * Needs `emacs` with the lsp-mode, eglot and yaml-mode packages
 * (scripts/e2e/install.sh installs Debian's emacs-nox, elpa-lsp-mode,
 * elpa-eglot and elpa-yaml-mode): skipped, saying so, where they are missing,
 * except in CI, where that fails.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ROOT } from '../harness';
import { installPackage, userEnv, type Installed } from '../installedPackage';
import { BROKEN_POD, FIXED_POD, MESSAGE_1_27 } from '../editorPod';

const ci = !!process.env.CI && process.env.CI !== 'false';
// Whether Emacs and its packages are there: asked of Emacs itself, with a home of its own.
const probeHome = fs.mkdtempSync(path.join(os.tmpdir(), 'kpp-emacs-probe-'));
const probe = spawnSync(
  'emacs',
  ['--batch', '-q', '--eval', '(progn (package-initialize) (princ (format "%s %s" emacs-version (mapcar (lambda (p) (if (locate-library p) "" p)) (list "lsp-mode" "eglot" "yaml-mode")))))'],
  { encoding: 'utf8', env: { ...process.env, HOME: probeHome } },
);
fs.rmSync(probeHome, { recursive: true, force: true });
const missingPackages = probe.status === 0 ? probe.stdout.replace(/^\S+ \(|\)$/g, '').split(' ').filter(Boolean) : [];
const missing =
  probe.error || probe.status !== 0
    ? 'emacs is not installed (scripts/e2e/install.sh installs Debian\'s emacs-nox, elpa-lsp-mode, elpa-eglot, elpa-yaml-mode)'
    : missingPackages.length
      ? `Emacs has no ${missingPackages.join(', ')} (scripts/e2e/install.sh installs Debian's elpa-lsp-mode, elpa-eglot, elpa-yaml-mode)`
      : undefined;

// The documented settings say 1.27; the workspace's .podpatterns.yaml says 1.36, whose message ends "without restartPolicy=Always".

interface Session {
  emacs: string;
  client: string;
  steps: { name: string; data: unknown }[];
  error: string | null;
}

/** The Emacs configuration of docs/editors.md whose elisp block starts with `;; init.el: CLIENT`. */
function documentedConfig(client: string): string {
  const md = fs.readFileSync(path.join(ROOT, 'docs', 'editors.md'), 'utf8');
  const blocks = [...md.matchAll(/^```elisp\n([\s\S]*?)^```$/gm)].map((m) => m[1]);
  const config = blocks.find((b) => b.startsWith(`;; init.el: ${client}\n`));
  assert.ok(config, `docs/editors.md has an elisp block ";; init.el: ${client}"`);
  return config;
}

/** A folder holding only `yaml-language-server`, linked to the devDependency's command. */
function yamlServerBin(): string {
  const target = path.join(ROOT, 'node_modules', 'yaml-language-server', 'bin', 'yaml-language-server');
  assert.ok(fs.existsSync(target), 'yaml-language-server is a devDependency: run npm ci');
  const dir = fs.mkdtempSync(path.join(installed!.dir, 'yaml-server-'));
  fs.symlinkSync(target, path.join(dir, 'yaml-language-server'));
  return dir;
}

let installed: Installed | undefined;
function session(client: 'lsp-mode' | 'eglot'): { session: Session; step: <T>(name: string) => T } {
  installed ??= installPackage();
  const dir = fs.mkdtempSync(path.join(installed.dir, `${client}-`));
  const ws = path.join(dir, 'workspace');
  // eglot's configuration gives manifests under manifests/ a mode of their own; lsp-mode's serves every YAML buffer.
  const file = path.join(ws, ...(client === 'eglot' ? ['manifests', 'broken.yaml'] : ['broken.yaml']));
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(path.join(ws, '.podpatterns.yaml'), 'kubernetesVersion: "1.36"\n');
  fs.writeFileSync(file, BROKEN_POD);
  // A project root for eglot (project.el finds it by its version control).
  const git = spawnSync('git', ['init', '-q', ws], { encoding: 'utf8' });
  assert.equal(git.status, 0, `git init: ${git.stderr}`);
  const config = path.join(dir, 'init.el');
  fs.writeFileSync(config, documentedConfig(client));
  const out = path.join(dir, 'session.json');
  const r = spawnSync('emacs', ['--batch', '-q', '-l', path.join(ROOT, 'test', 'emacs', 'lsp-session.el')], {
    cwd: ws,
    encoding: 'utf8',
    timeout: 180_000, // a hung editor ends the test instead of the run; the session's own waits are shorter
    // The installed commands on PATH, as after `npm install -g kube-pod-patterns`, and for lsp-mode also
    // yaml-language-server (a devDependency), the main server its yamlls client starts for YAML; a home of its own.
    env: (() => {
      const env = userEnv({ KPP_CLIENT: client, KPP_CONFIG: config, KPP_FILE: file, KPP_WS: ws, KPP_OUT: out, HOME: dir });
      const bins = [path.dirname(installed.bin('kube-pod-patterns-language-server'))];
      if (client === 'lsp-mode') bins.push(yamlServerBin());
      env.PATH = [...bins, env.PATH].join(path.delimiter);
      return env;
    })(),
  });
  assert.ok(fs.existsSync(out), `Emacs wrote no result (exit ${r.status}, ${r.signal ?? ''}):\n${r.stdout}\n${r.stderr}`);
  const s = JSON.parse(fs.readFileSync(out, 'utf8')) as Session;
  console.log(`Emacs ${s.emacs} with ${client} ran the session: ${s.steps.map((x) => x.name).join(', ')}`);
  const step = <T>(name: string): T => {
    const x = s.steps.find((y) => y.name === name);
    assert.ok(x, `the ${client} session has no step "${name}"${s.error ? `: ${s.error}` : ''}\n${r.stderr}`);
    return x.data as T;
  };
  assert.equal(s.error, null, `${s.error}\n${r.stderr}`);
  assert.equal(r.status, 0, r.stderr);
  return { session: s, step };
}

for (const client of ['lsp-mode', 'eglot'] as const) {
  test(`Emacs's ${client} with the installed language server`, { skip: !ci && missing }, () => {
    assert.ok(!missing, `${missing}: in CI the Emacs test must run`);
    const { step } = session(client);
    assert.equal(step<string>('major mode'), client === 'eglot' ? 'k8s-yaml-mode' : 'yaml-mode');
    // lsp-mode: this server as an add-on beside yamlls, its main server for YAML; eglot: this one for the mode.
    assert.deepEqual(step<string[]>('servers').sort(), client === 'lsp-mode' ? ['kube-pod-patterns', 'yamlls'] : ['kube-pod-patterns']);

    // The settings' release (1.27) wins over the file's (1.36); pattern/wait-without-timeout, turned off there, is not reported.
    assert.deepEqual(step<[string, number, string][]>('diagnostics'), [['pod/init-container-probe', 9, MESSAGE_1_27]]);
    // Asked for its settings (workspace/configuration, section podPatterns), the client answers with the documented ones.
    assert.deepEqual(step<unknown[]>('workspace/configuration'), [[{ kubernetesVersion: '1.27', rules: { 'pattern/wait-without-timeout': 'off' } }]]);
    // The editor shows them: lsp-mode's diagnostics as they are, eglot's in flymake with the server's name and the code.
    const shown = step<[string, string][]>('shown');
    assert.deepEqual(
      shown,
      [['pod/init-container-probe', client === 'eglot' ? `kube-pod-patterns [pod/init-container-probe]: ${MESSAGE_1_27}` : MESSAGE_1_27]],
    );

    const hover = step<string>('hover');
    assert.equal(typeof hover, 'string', `no hover: ${JSON.stringify(hover)}`);
    assert.match(hover, /Init sequence of this pod/);
    assert.match(hover, /migrate.*init container: runs first, must exit 0/);

    assert.deepEqual(step<string[]>('completion'), ['imagePullPolicy']);

    assert.ok(step<string[]>('code actions').includes('Remove livenessProbe'), step<string[]>('code actions').join(' | '));
    const fixed = step<{ text: string; diagnostics: unknown[] }>('after the fix');
    assert.equal(fixed.text, FIXED_POD);
    assert.deepEqual(fixed.diagnostics, [], 'the fix removes the problem');
  });
}
