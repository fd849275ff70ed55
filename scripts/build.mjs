// Bundles the client, the server and the checker with esbuild (one script, a watch mode).
import * as esbuild from 'esbuild';

const watch = process.argv.includes('--watch');
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  minify: process.argv.includes('--minify'),
  logLevel: 'info',
  // The `yaml` package ships ESM and CJS; prefer CJS for a node bundle.
  mainFields: ['module', 'main'],
};
const entries = [
  { entryPoints: ['client/src/extension.ts'], outfile: 'dist/client.js', external: ['vscode'] },
  { entryPoints: ['server/src/node/main.ts'], outfile: 'dist/server.js' },
  { entryPoints: ['server/src/cli.ts'], outfile: 'dist/cli.js' },
  // The checker's worker threads (server/src/checkWorker.ts), loaded by dist/cli.js beside it.
  { entryPoints: ['server/src/checkWorker.ts'], outfile: 'dist/checkWorker.js' },
];
if (watch) {
  for (const e of entries) {
    const ctx = await esbuild.context({ ...common, ...e });
    await ctx.watch();
  }
  console.log('watching for changes…');
} else {
  await Promise.all(entries.map((e) => esbuild.build({ ...common, ...e })));
}
