/**
 * A real LSP client: Debian's Neovim, headless, with its built-in LSP client
 * configured by the Neovim 0.7 block of docs/editors.md, driven by
 * test/neovim/lsp-session.lua, against the language server of the npm package
 * installed from its tarball outside the repository (its command on PATH). Diagnostics on a
 * broken pod under the workspace's .podpatterns.yaml, that configuration
 * edited while open (Neovim 0.7 cannot watch files for the server), the
 * version changed with workspace/didChangeConfiguration, a hover, a
 * completion, a code action applied, and the code lens's command run with
 * workspace/executeCommand, and as a user runs the code lens into a floating
 * window.
 *
 * Needs `nvim` (scripts/e2e/install.sh installs Debian's): skipped, saying
 * so, where it is missing, except in CI, where that fails.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ROOT } from '../harness';
import { installPackage, userEnv } from '../installedPackage';
import { BROKEN_POD, MESSAGE_1_27, MESSAGE_1_36 } from '../editorPod';

const ci = !!process.env.CI && process.env.CI !== 'false';
const nvim = spawnSync('nvim', ['--version'], { encoding: 'utf8' });
const missing = nvim.error || nvim.status !== 0 ? 'nvim is not installed (scripts/e2e/install.sh installs it)' : undefined;

interface LspDiagnostic {
  code: string;
  message: string;
  range: { start: { line: number; character: number } };
}
interface Session {
  nvim: { major: number; minor: number; patch: number };
  steps: { name: string; data: unknown }[];
  error?: string;
}


/** The Neovim 0.7 configuration of docs/editors.md: the lua block that starts with this line. */
function documentedConfig(): string {
  const md = fs.readFileSync(path.join(ROOT, 'docs', 'editors.md'), 'utf8');
  const blocks = [...md.matchAll(/^```lua\n([\s\S]*?)^```$/gm)].map((m) => m[1]);
  const config = blocks.find((b) => b.startsWith('-- init.lua for Neovim 0.7\n'));
  assert.ok(config, 'docs/editors.md has a lua block "-- init.lua for Neovim 0.7"');
  return config;
}

test('Neovim\'s LSP client with the installed language server', { skip: !ci && missing }, () => {
  assert.ok(!missing, `${missing}: in CI the Neovim test must run`);
  console.log(`Neovim: ${nvim.stdout.split('\n')[0]}`);
  const user = installPackage();
  const ws = path.join(user.dir, 'workspace');
  fs.mkdirSync(ws);
  fs.writeFileSync(path.join(ws, '.podpatterns.yaml'), 'kubernetesVersion: "1.27"\n');
  fs.writeFileSync(path.join(ws, 'broken.yaml'), BROKEN_POD);
  const out = path.join(user.dir, 'session.json');
  const config = path.join(user.dir, 'init.lua');
  fs.writeFileSync(config, documentedConfig());
  const r = spawnSync('nvim', ['--headless', '--clean', '-n', '-c', `luafile ${path.join(ROOT, 'test', 'neovim', 'lsp-session.lua')}`], {
    cwd: ws,
    encoding: 'utf8',
    timeout: 180_000, // a hung editor ends the test instead of the run; the session's own waits are shorter
    // The installed commands on PATH, as after `npm install -g kube-pod-patterns`.
    env: (() => {
      const env = userEnv({ KPP_CONFIG: config, KPP_WS: ws, KPP_OUT: out, XDG_STATE_HOME: user.dir, XDG_DATA_HOME: user.dir, XDG_CONFIG_HOME: user.dir });
      env.PATH = `${path.dirname(user.bin('kube-pod-patterns-language-server'))}${path.delimiter}${env.PATH}`;
      return env;
    })(),
  });
  assert.ok(fs.existsSync(out), `Neovim wrote no result (exit ${r.status}, ${r.signal ?? ''}):\n${r.stdout}\n${r.stderr}`);
  const session = JSON.parse(fs.readFileSync(out, 'utf8')) as Session;
  const step = <T>(name: string): T => {
    const s = session.steps.find((x) => x.name === name);
    assert.ok(s, `the session has no step "${name}"${session.error ? `: ${session.error}` : ''}`);
    return s.data as T;
  };
  console.log(`Neovim ${session.nvim.major}.${session.nvim.minor}.${session.nvim.patch} ran the session: ${session.steps.map((s) => s.name).join(', ')}`);
  assert.equal(session.error, undefined, session.error);
  assert.equal(r.status, 0, r.stderr);

  const caps = step<{ executeCommandProvider?: { commands: string[] }; codeLensProvider?: unknown }>('initialize');
  assert.deepEqual(caps.executeCommandProvider?.commands, ['podPatterns.lifecycle']);

  // .podpatterns.yaml says 1.27: that release's message; the rule turned off in initializationOptions is not reported.
  const open = step<LspDiagnostic[]>('open');
  assert.deepEqual(open.map((d) => [d.code, d.range.start.line, d.message]), [['pod/init-container-probe', 9, MESSAGE_1_27]]);
  assert.deepEqual(step<{ lnum: number; message: string }[]>('vim.diagnostic'), [{ lnum: 9, message: MESSAGE_1_27 }]);
  // The configuration edited in its buffer (unsaved) applies at once, and its old text again once reverted.
  assert.deepEqual(step<LspDiagnostic[]>('config edited').map((d) => d.message), [MESSAGE_1_36]);
  assert.deepEqual(step<LspDiagnostic[]>('config reverted').map((d) => d.message), [MESSAGE_1_27]);
  // The version from didChangeConfiguration wins over the file's.
  assert.deepEqual(step<LspDiagnostic[]>('didChangeConfiguration').map((d) => d.message), [MESSAGE_1_36]);

  const hover = step<{ contents: { kind: string; value: string } }>('hover');
  assert.equal(hover.contents.kind, 'markdown');
  assert.match(hover.contents.value, /Init sequence of this pod/);
  assert.ok(step<string[]>('completion').includes('imagePullPolicy'), `completion: ${step<string[]>('completion').join(', ')}`);

  assert.ok(step<string[]>('code actions').includes('Remove livenessProbe'), step<string[]>('code actions').join(' | '));
  const fixed = step<{ text: string; diagnostics: LspDiagnostic[] }>('after the fix');
  assert.doesNotMatch(fixed.text, /livenessProbe/);
  assert.match(fixed.text, /image: busybox\n {4}command: \["sh", "-c", "until nslookup db; do sleep 2; done"\]\n {2}containers:/);
  assert.deepEqual(fixed.diagnostics, [], 'the fix removes the problem');

  const lenses = step<{ command: { title: string; command: string } }[]>('code lenses');
  assert.deepEqual(lenses.map((l) => [l.command.title, l.command.command]), [['Show Pod Lifecycle', 'podPatterns.lifecycle']]);
  const md = step<string>('lifecycle');
  assert.match(md, /^### Lifecycle of Pod broken$/m);
  assert.match(md, /^\| migrate \| init container \| init 1\/1: must exit 0 \|$/m);
  // <leader>l on the lens's line: the documented command shows the markdown in a floating window.
  const float = step<string[]>('lifecycle float');
  assert.ok(Array.isArray(float), 'a floating window opened');
  assert.ok(float.includes('### Lifecycle of Pod broken'), float.join('\n'));
  assert.ok(float.includes('| migrate | init container | init 1/1: must exit 0 |'), float.join('\n'));
});
