/**
 * No fix is offered where it would break the pod: never "make it a native
 * sidecar" for an init container whose job is to finish (a wait loop, a
 * migration, a download), nor "convert to a native sidecar" for a Job's main
 * container. The same offers stay for a helper.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { LanguageService } from '../../server/src/analysis/service';
import { DEFAULT_SETTINGS } from '../../server/src/analysis/settings';

const svc = new LanguageService();

/** The titles of every action offered with the cursor at `needle`. */
function offered(text: string, needle: string): string[] {
  const at = text.indexOf(needle) + 2;
  assert.ok(at > 1, needle);
  const findings = svc.analyze(text, DEFAULT_SETTINGS).findings.filter((f) => f.start <= at && f.end >= at);
  return svc.codeActions(text, at, at, findings, DEFAULT_SETTINGS).map((a) => a.title);
}

const initWith = (name: string, image: string, command: string): string => `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  initContainers:
  - name: ${name}
    image: ${image}
    command: ${command}
    startupProbe:
      exec: {command: [test, -f, /tmp/ok]}
  containers:
  - name: app
    image: nginx:1.27
`;

test('an init container that waits, migrates or downloads is never offered as a native sidecar', () => {
  const cases: [string, string, string][] = [
    ['wait-db', 'busybox:1.36', `['sh', '-c', 'until nslookup db; do sleep 2; done']`],
    ['schema', 'migrate/migrate:v4.17.1', `['migrate', '-path', '/m', 'up']`],
    ['fetch', 'busybox:1.36', `['wget', '-O', '/data/model.bin', 'http://files.example.com/model.bin']`],
  ];
  for (const [name, image, command] of cases) {
    const titles = offered(initWith(name, image, command), 'startupProbe');
    assert.ok(titles.includes('Remove startupProbe'), `${name}: ${titles.join(' | ')}`);
    assert.ok(!titles.some((t) => /^Make .* a native sidecar/.test(t)), `${name}: ${titles.join(' | ')}`);
  }
  // A log agent may become one.
  const agent = offered(initWith('log-agent', 'fluent/fluent-bit:3.1', `['/fluent-bit/bin/fluent-bit', '-i', 'tail']`), 'startupProbe');
  assert.ok(agent.includes('Make log-agent a native sidecar'), agent.join(' | '));
});

test("a Job's main container is never offered as a native sidecar; its helper is", () => {
  const job = `apiVersion: batch/v1
kind: Job
metadata: {name: report}
spec:
  template:
    spec:
      restartPolicy: Never
      containers:
      - name: report
        image: registry.example.com/report:1.4
      - name: log-shipper
        image: fluent/fluent-bit:3.1
`;
  const main = offered(job, 'name: report\n');
  assert.ok(!main.some((t) => /native sidecar/i.test(t) && /convert/i.test(t)), main.join(' | '));
  const helper = offered(job, 'name: log-shipper');
  assert.ok(helper.some((t) => /^Convert (log-shipper )?to (a )?native sidecar/.test(t)), helper.join(' | '));
});
