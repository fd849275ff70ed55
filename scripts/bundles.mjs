// The bundles esbuild makes, for `npm run build` (scripts/build.mjs), the npm package
// (scripts/pack-npm.mjs) and the tests that check what goes into them.
//
// Node (platform node, CommonJS): the desktop client, the language server, the checker and its
// worker threads. Web (platform browser): the web client, loaded by VS Code's web-worker extension
// host, and the language server as a web worker; neither may need Node (test/unit/webBundle.test.ts).

import * as path from 'node:path';

/** The API table's descriptions module, and what the web worker gets in its place (server/src/analysis/api/docs*.ts). */
const API_DOCS = path.resolve('server/src/analysis/api/docs.ts');
const API_DOCS_WEB = path.resolve('server/src/analysis/api/docs.web.ts');

/**
 * Builds the web worker without the 215 KiB of upstream descriptions: every import of
 * analysis/api/docs resolves to docs.web.ts, and the web client sends the descriptions
 * (dist/web/apiDocs.json, written by scripts/build.mjs) when it starts the server.
 */
const webApiDocs = {
  name: 'web-api-docs',
  setup(build) {
    build.onResolve({ filter: /(^|\/)docs$/ }, (args) =>
      path.resolve(args.resolveDir, args.path) === API_DOCS.replace(/\.ts$/, '') ? { path: API_DOCS_WEB } : undefined,
    );
  },
};

/** Where the web worker's descriptions are written, beside it. */
export const WEB_API_DOCS = 'dist/web/apiDocs.json';

/** Options shared by every bundle. */
const COMMON = {
  bundle: true,
  sourcemap: true,
  logLevel: 'info',
  // The bundles read package.json for their version only: esbuild keeps just that field.
  legalComments: 'none',
};

const NODE = {
  ...COMMON,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  // The `yaml` package ships ESM and CJS; prefer CJS for a node bundle.
  mainFields: ['module', 'main'],
};

const WEB = {
  ...COMMON,
  platform: 'browser',
  // What VS Code 1.91's web workers run (Chromium 124 and later).
  target: 'es2022',
  mainFields: ['browser', 'module', 'main'],
  metafile: true,
};

/** The bundles, by name; `minify` for the packages. */
export function bundles({ minify = false } = {}) {
  return {
    client: { ...NODE, minify, entryPoints: ['client/src/node/extension.ts'], outfile: 'dist/client.js', external: ['vscode'] },
    server: { ...NODE, minify, entryPoints: ['server/src/node/main.ts'], outfile: 'dist/server.js' },
    cli: { ...NODE, minify, entryPoints: ['server/src/cli.ts'], outfile: 'dist/cli.js' },
    // The checker's worker threads (server/src/checkWorker.ts), loaded by dist/cli.js beside it.
    checkWorker: { ...NODE, minify, entryPoints: ['server/src/checkWorker.ts'], outfile: 'dist/checkWorker.js' },
    // The web extension: `browser` in package.json. CommonJS, as VS Code's web extension host loads it (`vscode` is its own).
    webClient: { ...WEB, minify, format: 'cjs', entryPoints: ['client/src/browser/extension.ts'], outfile: 'dist/web/client.js', external: ['vscode'] },
    // The language server in a web worker, started by the web client.
    webServer: { ...WEB, minify, format: 'iife', entryPoints: ['server/src/browser/main.ts'], outfile: 'dist/web/server.js', plugins: [webApiDocs] },
  };
}

/** The names of the web bundles. */
export const WEB_BUNDLES = ['webClient', 'webServer'];
