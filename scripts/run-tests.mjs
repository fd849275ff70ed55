// Runs the unit, protocol, checker and corpus tests with node's test runner
// (TypeScript through tsx), then the browser end-to-end tests unless SKIP_E2E=1.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

const files = readdirSync('test/unit').filter((f) => f.endsWith('.test.ts')).map((f) => join('test/unit', f));
const only = process.argv.slice(2);
const run = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', ...(only.length ? only : files)], { stdio: 'inherit' });
if (run.status !== 0) process.exit(run.status ?? 1);
