// Bundles the clients, the servers and the checker with esbuild (scripts/bundles.mjs says which),
// once or in a watch mode. `--minify` for the packages.
import fs from 'node:fs';
import * as esbuild from 'esbuild';
import { bundles, WEB_API_DOCS } from './bundles.mjs';

const watch = process.argv.includes('--watch');
// The upstream descriptions the web client hands to its worker (left out of the worker's bundle).
const { docs } = JSON.parse(fs.readFileSync('server/src/analysis/generated/apiTable.json', 'utf8'));
fs.mkdirSync('dist/web', { recursive: true });
fs.writeFileSync(WEB_API_DOCS, JSON.stringify(docs));
const entries = Object.values(bundles({ minify: process.argv.includes('--minify') }));
if (watch) {
  for (const e of entries) {
    const ctx = await esbuild.context(e);
    await ctx.watch();
  }
  console.log('watching for changes…');
} else {
  const results = await Promise.all(entries.map((e) => esbuild.build(e)));
  // What went into each web bundle, for test/unit/webBundle.test.ts and for a look (npx esbuild --analyze).
  for (const [i, e] of entries.entries()) {
    if (results[i].metafile) fs.writeFileSync(e.outfile.replace(/\.js$/, '.meta.json'), JSON.stringify(results[i].metafile));
  }
}
