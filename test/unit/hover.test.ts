/**
 * Hovers as golden markdown: test/fixtures/hover/<name>.yaml has a `$0`
 * cursor; the hover there must equal <name>.md exactly. Run with
 * UPDATE_GOLDEN=1 to rewrite the golden files after a deliberate change, and
 * read the diff before committing it.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { LanguageService } from '../../server/src/analysis/service';
import { FIXTURES, cursors, listFiles } from '../harness';

const service = new LanguageService();
for (const file of listFiles(path.join(FIXTURES, 'hover'), '.yaml')) {
  const name = path.basename(file, '.yaml');
  test(`hover ${name}`, () => {
    const { text, offsets } = cursors(fs.readFileSync(file, 'utf8'));
    assert.equal(offsets.length, 1);
    const h = service.hover(text, offsets[0]);
    const golden = file.replace(/\.yaml$/, '.md');
    const got = h ? h.markdown + '\n' : '(no hover)\n';
    if (process.env.UPDATE_GOLDEN) fs.writeFileSync(golden, got);
    assert.equal(got, fs.readFileSync(golden, 'utf8'));
    if (h) assert.ok(h.start <= offsets[0] && offsets[0] <= h.end, 'the hover range covers the cursor');
  });
}
