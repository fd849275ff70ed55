/**
 * The examples work as written: none runs a shell (in a command, an exec
 * probe or an exec hook) in an image that ships none. The images known to be
 * shell-less are listed here with where that is said: Fluent Bit's release
 * images are distroless (its `-debug` images have a shell), as are the
 * distroless base images and the Cloud SQL Auth Proxy's default images (its
 * `-alpine`, `-bullseye` and `-bookworm` images have one).
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ROOT } from '../harness';
import { Engine } from '../../server/src/analysis/engine';
import { child, items, str, type FieldNode } from '../../server/src/analysis/model';

const SHELL_LESS: readonly RegExp[] = [
  /(^|\/)fluent-bit:(?!.*debug)[^/]*$/,
  /^gcr\.io\/distroless\//,
  /(^|\/)cloud-sql-proxy:(?!.*(alpine|bullseye|bookworm))[^/]*$/,
];

/** The argv lists a container runs: command + args, exec probes, exec hooks. */
function execs(c: FieldNode): string[][] {
  const list = (f: FieldNode | undefined): string[] => items(f).map((i) => String(i.value ?? ''));
  const out = [[...list(child(c, 'command')), ...list(child(c, 'args'))]];
  for (const p of ['livenessProbe', 'readinessProbe', 'startupProbe']) out.push(list(child(child(child(c, p), 'exec'), 'command')));
  for (const h of ['postStart', 'preStop']) out.push(list(child(child(child(child(c, 'lifecycle'), h), 'exec'), 'command')));
  return out.filter((a) => a.length > 0);
}

test('no example runs a shell in an image without one', () => {
  const dir = path.join(ROOT, 'examples');
  const problems: string[] = [];
  let containers = 0;
  for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.yaml'))) {
    for (const placed of new Engine().place(fs.readFileSync(path.join(dir, file), 'utf8'))) {
      for (const doc of placed.parsed.docs) {
        for (const pod of doc.pods) {
          for (const c of pod.containers) {
            containers++;
            const image = str(child(c.field, 'image')) ?? '';
            if (!SHELL_LESS.some((re) => re.test(image))) continue;
            for (const argv of execs(c.field)) if (/^(\/bin\/)?(ba)?sh$/.test(argv[0])) problems.push(`${file}: ${c.name} runs ${argv[0]} in ${image}`);
          }
        }
      }
    }
  }
  assert.ok(containers >= 8, `${containers} containers read`);
  assert.deepEqual(problems, []);
});
