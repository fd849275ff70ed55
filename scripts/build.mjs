// Bundles the clients, the servers and the checker with esbuild (scripts/bundles.mjs says which),
// once or in a watch mode. `--minify` for the packages.
import fs from 'node:fs';
import * as esbuild from 'esbuild';
import { bundles } from './bundles.mjs';

const watch = process.argv.includes('--watch');
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
