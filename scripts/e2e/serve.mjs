#!/usr/bin/env node
// Try the extension by hand in a real VS Code in the browser: code-server on
// http://127.0.0.1:8080 with the built extension installed and examples/ open.
// Installs code-server first (scripts/e2e/install.sh --serve: no browser, you bring yours) when it is
// missing. Ctrl+C stops it all.
//
// usage: node scripts/e2e/serve.mjs [--port 8080] [--folder DIR] [--extension DIR]
//   (run `npm run build` first: the extension's entry point is dist/client.js)
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import util from 'node:util';
import { CODE_SERVER, ROOT, readExtension, startCodeServer } from './code-server.mjs';

const { values: opts } = util.parseArgs({
  options: {
    port: { type: 'string', default: process.env.PORT || '8080' },
    folder: { type: 'string' },
    extension: { type: 'string' },
  },
});
const say = (msg) => console.log(`[serve] ${msg}`);

if (!fs.existsSync(CODE_SERVER)) {
  say('code-server is missing: running scripts/e2e/install.sh');
  const r = spawnSync('bash', [path.join(ROOT, 'scripts', 'e2e', 'install.sh'), '--serve'], { stdio: 'inherit' });
  if (r.status !== 0) {
    console.error('[serve] install.sh failed');
    process.exit(r.status || 1);
  }
}

const ext = readExtension(path.resolve(opts.extension || ROOT));
if (!fs.existsSync(ext.main)) say(`WARNING: ${ext.main} does not exist: run \`npm run build\` first.`);
let folder = path.resolve(opts.folder || path.join(ROOT, 'examples'));
if (!fs.existsSync(folder)) {
  const fallback = path.join(ROOT, 'test', 'e2e', 'fixtures');
  say(`${folder} does not exist; opening ${fallback} instead`);
  folder = fallback;
}

const port = Number(opts.port);
const state = fs.mkdtempSync(path.join(os.tmpdir(), 'kpp-serve-'));
let cs;
let stopping;
const shutdown = (code) => {
  stopping ??= (async () => {
    if (cs) await cs.stop();
    fs.rmSync(state, { recursive: true, force: true });
    process.exit(code);
  })();
  return stopping;
};
for (const [sig, code] of [['SIGINT', 0], ['SIGTERM', 0], ['SIGHUP', 129]]) {
  process.on(sig, () => {
    if (!stopping) say(`${sig}: stopping code-server`);
    shutdown(code);
  });
}

try {
  await startCodeServer({ state, ext, port, workspace: folder, onSpawn: (h) => { cs = h; } });
} catch (e) {
  console.error(`[serve] ${e.message}`);
  const log = path.join(state, 'code-server.log');
  if (/EADDRINUSE/.test(fs.existsSync(log) ? fs.readFileSync(log, 'utf8') : '')) {
    console.error(`[serve] port ${port} is taken: try --port NNNN`);
  }
  await shutdown(1);
}
say(`${ext.id} ${ext.manifest.version} in VS Code (code-server), ${path.relative(ROOT, folder) || folder} open:`);
console.log(`\n    ${cs.base}/\n`);
say('press Ctrl+C to stop');
const { code, signal } = await cs.stopped;
if (!stopping) {
  say(`code-server exited (${code ?? signal}); its log:\n${fs.readFileSync(cs.logFile, 'utf8').split('\n').slice(-15).join('\n')}`);
  await shutdown(code || 1);
}
