// Starting and stopping code-server (VS Code 1.100.3 in a browser) for the end-to-end tests
// (run.mjs) and for trying the extension by hand (serve.mjs). code-server comes from .e2e/,
// put there by install.sh.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const TOOLS = process.env.KPP_E2E_TOOLS || path.join(ROOT, '.e2e');
export const CODE_SERVER = path.join(TOOLS, 'node_modules', '.bin', 'code-server');
export const CHROMIUM = process.env.KPP_E2E_CHROMIUM || '/usr/bin/chromium';

/** Polls `probe` every `everyMs` until it returns something truthy; throws after `ms`. */
export async function until(what, probe, ms, everyMs = 100) {
  const end = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** The extension's manifest, with its id (publisher.name) and the paths of its entry points (Node, and web if any). */
export function readExtension(dir) {
  const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
  return {
    dir,
    manifest,
    id: `${manifest.publisher}.${manifest.name}`,
    main: path.join(dir, manifest.main || 'extension.js'),
    browser: manifest.browser ? path.join(dir, manifest.browser) : undefined,
  };
}

const USER_SETTINGS = {
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'extensions.ignoreRecommendations': true,
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'window.restoreWindows': 'none',
  'git.enabled': false,
  'files.trimTrailingWhitespace': false,
  // The UI checks edit the fixtures and put them back with File: Revert File: nothing is saved behind their back.
  'files.autoSave': 'off',
};

/**
 * Starts code-server with everything it keeps inside `state` (a fresh folder: reusing one reopens
 * old editors), the extension at `ext` installed as a link named publisher.name-version, and
 * waits until /healthz answers. Resolves to { base, pid, logFile, stopped, stop }, which it also
 * passes to `onSpawn` as soon as the process exists. `workspace` (optional) is the folder that the
 * bare address opens; `userSettings` are added to the user settings.
 */
export async function startCodeServer({ state, ext, port, workspace, userSettings = {}, env = {}, healthzMs = 30_000, onSpawn }) {
  if (!fs.existsSync(CODE_SERVER)) {
    throw new Error(`code-server is not installed in ${TOOLS}: run scripts/e2e/install.sh`);
  }
  const userDir = path.join(state, 'user-data');
  const extDir = path.join(state, 'extensions');
  fs.mkdirSync(path.join(userDir, 'User'), { recursive: true });
  fs.mkdirSync(extDir, { recursive: true });
  fs.writeFileSync(path.join(userDir, 'User', 'settings.json'), JSON.stringify({ ...USER_SETTINGS, ...userSettings }, null, 2));
  if (ext) fs.symlinkSync(ext.dir, path.join(extDir, `${ext.id}-${ext.manifest.version}`), 'dir');

  const logFile = path.join(state, 'code-server.log');
  const out = fs.openSync(logFile, 'a');
  const child = spawn(CODE_SERVER, [
    '--config', '/dev/null', '--bind-addr', `127.0.0.1:${port}`, '--auth', 'none',
    '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust',
    '--disable-getting-started-override', '--ignore-last-opened',
    '--user-data-dir', userDir, '--extensions-dir', extDir,
    ...(workspace ? [workspace] : []),
  ], {
    // Its own process group: stopping the group stops its extension hosts and language servers too,
    // and a Ctrl+C in the terminal reaches only our script, which then stops it in order.
    detached: true,
    stdio: ['ignore', out, out],
    env: {
      ...process.env,
      XDG_CONFIG_HOME: path.join(state, 'xdg-config'),
      XDG_DATA_HOME: path.join(state, 'xdg-data'),
      XDG_CACHE_HOME: path.join(state, 'xdg-cache'),
      EXTENSIONS_GALLERY: '{"serviceUrl":""}', // never ask a marketplace
      ...env,
    },
  });
  fs.closeSync(out);
  let exited;
  const stopped = new Promise((resolve) => child.on('exit', (code, signal) => resolve((exited = { code, signal }))));
  const pid = child.pid;

  let stopping;
  /** SIGTERM to the process group, wait for all of it to go, SIGKILL after `graceMs`. */
  const stop = (graceMs = 8_000) => {
    stopping ??= (async () => {
      const alive = () => {
        try {
          process.kill(-pid, 0);
          return true;
        } catch {
          return false;
        }
      };
      try { process.kill(-pid, 'SIGTERM'); } catch { /* already gone */ }
      try {
        await until('code-server to stop', () => !alive(), graceMs);
      } catch {
        try { process.kill(-pid, 'SIGKILL'); } catch { /* gone */ }
        await until('code-server to die', () => !alive(), 2_000).catch(() => {});
      }
    })();
    return stopping;
  };

  const base = `http://127.0.0.1:${port}`;
  const handle = { base, pid, logFile, stopped, stop };
  onSpawn?.(handle); // lets the caller stop it on a signal even before it is ready
  try {
    await until('code-server /healthz', async () => {
      if (exited) {
        const tail = fs.readFileSync(logFile, 'utf8').trim().split('\n').slice(-5).join('\n');
        throw new Error(`code-server exited (${exited.code ?? exited.signal}) before it was ready:\n${tail}`);
      }
      try {
        return (await fetch(`${base}/healthz`, { signal: AbortSignal.timeout(2_000) })).ok;
      } catch {
        return false;
      }
    }, healthzMs);
  } catch (e) {
    await stop();
    throw e;
  }
  return handle;
}
