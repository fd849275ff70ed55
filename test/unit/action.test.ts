/**
 * The GitHub Action (action.yml at the root: a composite action), its steps
 * run as the runner runs them: each `run:` with `bash --noprofile --norc -eo
 * pipefail`, in its working-directory, with its `env` after the action's
 * `${{ inputs.* }}` and `${{ steps.*.outputs.* }}` are put in, GITHUB_OUTPUT
 * collected per step, `if:` decided; a `uses:` step (the SARIF upload) is
 * recorded with its inputs, not run. The package input is the packed tarball,
 * so the install step installs what users would get from npm; the checked
 * repository is a fixture copied outside this one.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { FIXTURES, ROOT } from '../harness';
import { packageTarball, userEnv } from '../installedPackage';

interface Step {
  name?: string;
  id?: string;
  if?: string;
  shell?: string;
  run?: string;
  uses?: string;
  with?: Record<string, string>;
  env?: Record<string, string>;
  'working-directory'?: string;
}
interface Action {
  inputs: Record<string, { description: string; default?: string }>;
  outputs: Record<string, { value: string }>;
  runs: { using: string; steps: Step[] };
}

const action = parseYaml(fs.readFileSync(path.join(ROOT, 'action.yml'), 'utf8')) as Action;
const TMP = fs.mkdtempSync(path.join(os.tmpdir(), 'kpp-action-'));
process.on('exit', () => fs.rmSync(TMP, { recursive: true, force: true }));

interface Run {
  /** Each step's outcome: run (exit status), skipped, or used (a `uses:` step, with its evaluated inputs). */
  steps: { name: string; status: 'ran' | 'skipped' | 'used'; code?: number | null; out?: string; err?: string; with?: Record<string, string> }[];
  outputs: Record<string, string>;
  /** The action failed: a step exited non-zero. */
  failed: boolean;
  log: string;
}

/** Runs the action's steps in `cwd` with these inputs (the others take their defaults). */
function runAction(cwd: string, given: Record<string, string>): Run {
  for (const k of Object.keys(given)) assert.ok(k in action.inputs, `action.yml has no input ${k}`);
  const inputs: Record<string, string> = {};
  for (const [k, v] of Object.entries(action.inputs)) inputs[k] = given[k] ?? v.default ?? '';
  const stepOutputs: Record<string, Record<string, string>> = {};
  const value = (expr: string): string => {
    const e = expr.trim();
    let m = /^inputs\.([\w-]+)$/.exec(e);
    if (m) {
      assert.ok(m[1] in inputs, `no input ${m[1]}`);
      return inputs[m[1]];
    }
    m = /^steps\.([\w-]+)\.outputs\.([\w-]+)$/.exec(e);
    if (m) return stepOutputs[m[1]]?.[m[2]] ?? '';
    m = /^'([^']*)'$/.exec(e);
    if (m) return m[1];
    throw new Error(`the test does not evaluate the expression "${e}"`);
  };
  const substitute = (s: string): string => s.replace(/\$\{\{(.*?)\}\}/g, (_, e: string) => value(e));
  /** `a == 'x' && b != ''`: all an `if:` here needs. */
  const condition = (s: string): boolean =>
    s.split('&&').every((part) => {
      const m = /^([^=!]*)(==|!=)(.*)$/.exec(part.trim().replace(/^\$\{\{|\}\}$/g, ''));
      if (!m) throw new Error(`the test does not evaluate the condition "${s}"`);
      return (value(m[1]) === value(m[3])) === (m[2] === '==');
    });

  const run: Run = { steps: [], outputs: {}, failed: false, log: '' };
  const runnerTemp = fs.mkdtempSync(path.join(TMP, 'runner-'));
  for (const [i, step] of action.runs.steps.entries()) {
    const name = step.name ?? step.id ?? `step ${i + 1}`;
    if (run.failed || (step.if !== undefined && !condition(step.if))) {
      run.steps.push({ name, status: 'skipped' });
      continue;
    }
    if (step.uses) {
      run.steps.push({ name, status: 'used', with: Object.fromEntries(Object.entries(step.with ?? {}).map(([k, v]) => [k, substitute(v)])) });
      continue;
    }
    assert.equal(step.shell, 'bash', `${name}: a composite action's run step names its shell`);
    const outputFile = path.join(runnerTemp, `output-${i}`);
    fs.writeFileSync(outputFile, '');
    const env = userEnv({ CI: 'true', GITHUB_ACTIONS: 'true', RUNNER_TEMP: runnerTemp, GITHUB_OUTPUT: outputFile });
    for (const [k, v] of Object.entries(step.env ?? {})) env[k] = substitute(v);
    const wd = path.resolve(cwd, substitute(step['working-directory'] ?? '.'));
    const script = path.join(runnerTemp, `step-${i}.sh`);
    fs.writeFileSync(script, substitute(step.run ?? ''));
    const r = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', script], { cwd: wd, env, encoding: 'utf8' });
    run.log += `--- ${name}\n${r.stdout}${r.stderr}`;
    run.steps.push({ name, status: 'ran', code: r.status, out: r.stdout, err: r.stderr });
    if (step.id) {
      stepOutputs[step.id] = Object.fromEntries(
        fs
          .readFileSync(outputFile, 'utf8')
          .split('\n')
          .filter((l) => l.includes('='))
          .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
      );
    }
    if (r.status !== 0) run.failed = true;
  }
  for (const [k, o] of Object.entries(action.outputs)) run.outputs[k] = substitute(o.value);
  return run;
}

/** A copy of the CI fixture repository (one error, one warning in manifests/web.yaml, its .podpatterns.yaml says 1.33). */
function repository(name: string): string {
  const repo = path.join(TMP, name);
  fs.cpSync(path.join(FIXTURES, 'cli-ci', 'repo'), repo, { recursive: true });
  fs.mkdirSync(path.join(repo, '.git'));
  return repo;
}

const annotations = (out = ''): string[] => out.split('\n').filter((l) => l.startsWith('::')).map((l) => l.slice(0, l.indexOf('::', 2)));

test('action.yml is a composite action whose inputs have descriptions and whose steps name their shell', () => {
  assert.equal(action.runs.using, 'composite');
  for (const [k, v] of Object.entries(action.inputs)) assert.ok(v.description?.length > 10, `input ${k} is described`);
  for (const s of action.runs.steps) assert.ok(s.uses || s.shell === 'bash', `${s.name}: shell: bash`);
  // The default package is this release of the npm package.
  const { version } = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };
  assert.equal(action.inputs.package.default, `kube-pod-patterns@${version}`);
});

test('the action annotates, writes SARIF, hands it to code scanning, and fails the job on an error', () => {
  const repo = repository('errors');
  const r = runAction(repo, { package: packageTarball(), 'upload-sarif': 'true' });
  assert.deepEqual(r.steps.map((s) => [s.name, s.status]), [
    ['Install kube-pod-patterns', 'ran'],
    ['Check pod specs', 'ran'],
    ['Upload the findings to code scanning', 'used'],
    ['Fail on errors', 'ran'],
  ], r.log);
  const [install, check, upload, result] = r.steps;
  assert.equal(install.code, 0, r.log);
  assert.equal(check.code, 0, 'the check step records the status and lets the upload run');
  assert.deepEqual(annotations(check.out), [
    '::error file=manifests/web.yaml,line=15,col=9,endLine=15,endColumn=23,title=schema/unknown-field',
    '::warning file=manifests/web.yaml,line=21,col=26,endLine=21,endColumn=30,title=pattern/shared-container-port',
  ], r.log);
  assert.deepEqual(r.outputs, { 'exit-code': '1', 'sarif-file': 'kube-pod-patterns.sarif' });
  const log = JSON.parse(fs.readFileSync(path.join(repo, 'kube-pod-patterns.sarif'), 'utf8'));
  assert.equal(log.version, '2.1.0');
  assert.deepEqual(log.runs[0].results.map((x: { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }) => `${x.locations[0].physicalLocation.artifactLocation.uri} ${x.ruleId}`), [
    'manifests/web.yaml schema/unknown-field',
    'manifests/web.yaml pattern/shared-container-port',
  ]);
  assert.deepEqual(log.runs[0].properties, { kubernetesVersions: ['1.33'] }, 'the repository\'s .podpatterns.yaml applies');
  assert.deepEqual(upload.with, { sarif_file: './kube-pod-patterns.sarif', category: 'kube-pod-patterns' });
  assert.ok(fs.existsSync(path.join(repo, upload.with!.sarif_file)), 'the upload step is given the file the check wrote');
  assert.equal(result.code, 1, 'the last step fails the job');
  assert.equal(r.failed, true);
});

test('the action\'s inputs: a glob, the version, max-warnings; no SARIF, no upload; a clean repository passes', () => {
  const repo = repository('inputs');
  const web = path.join(repo, 'manifests', 'web.yaml');
  fs.writeFileSync(web, fs.readFileSync(web, 'utf8').replace('        imagePullPolcy: Always\n', ''));
  // The warning alone fails with max-warnings 0; the glob is the checker's to expand (the shell leaves it alone).
  const warned = runAction(repo, { package: packageTarball(), paths: 'manifests/**/*.yaml', 'max-warnings': '0', 'sarif-file': '', 'kubernetes-version': '1.31' });
  assert.deepEqual(warned.steps.map((s) => s.status), ['ran', 'ran', 'skipped', 'ran'], warned.log);
  assert.equal(warned.outputs['exit-code'], '1', warned.log);
  assert.match(warned.steps[1].err ?? '', /too many warnings/);
  assert.equal(fs.existsSync(path.join(repo, 'kube-pod-patterns.sarif')), false, 'no SARIF when sarif-file is empty');
  assert.equal(warned.failed, true);

  fs.writeFileSync(web, fs.readFileSync(web, 'utf8').replace(/(name: metrics[\s\S]*containerPort: )8080/, '$19090'));
  const clean = runAction(repo, { package: packageTarball(), paths: 'manifests/**/*.yaml', 'max-warnings': '0' });
  assert.equal(clean.outputs['exit-code'], '0', clean.log);
  assert.equal(clean.failed, false, clean.log);
  assert.match(clean.steps[1].out ?? '', /^\d+ files? checked: 0 errors, 0 warnings/m);
});

test('docs/ci.md: the Action\'s example names this action and its inputs, and runs as documented', () => {
  const md = fs.readFileSync(path.join(ROOT, 'docs', 'ci.md'), 'utf8');
  const flows = [...md.matchAll(/^```yaml\n([\s\S]*?)^```$/gm)].map((m) => parseYaml(m[1]) as { jobs?: Record<string, { steps: Step[] }>; permissions?: Record<string, string> });
  const step = flows.flatMap((f) => Object.values(f.jobs ?? {}).flatMap((j) => j.steps)).find((s) => s.uses?.startsWith('kube-pod-patterns/kube-pod-patterns@'));
  assert.ok(step, 'docs/ci.md shows a workflow that uses the action');
  const { version } = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };
  assert.equal(step.uses, `kube-pod-patterns/kube-pod-patterns@v${version}`);
  const flow = flows.find((f) => Object.values(f.jobs ?? {}).some((j) => j.steps.includes(step)))!;
  assert.equal(flow.permissions?.['security-events'], 'write', 'upload-sarif needs security-events: write');
  // Every documented input exists; run with them (the tarball for the package) on the fixture repository.
  const inputs = Object.fromEntries(Object.entries(step.with ?? {}).map(([k, v]) => [k, String(v)]));
  for (const k of Object.keys(inputs)) assert.ok(k in action.inputs, `docs/ci.md sets an input the action does not have: ${k}`);
  const documented = [...md.matchAll(/^\| `([\w-]+)` \|/gm)].map((m) => m[1]).filter((k) => !k.startsWith('--'));
  assert.deepEqual(documented.sort(), Object.keys(action.inputs).sort(), 'docs/ci.md lists every input of action.yml');
  const repo = repository('documented');
  const r = runAction(repo, { ...inputs, package: packageTarball() });
  assert.deepEqual(r.steps.map((s) => s.status), ['ran', 'ran', 'used', 'ran'], r.log);
  assert.equal(r.outputs['exit-code'], '1');
  assert.deepEqual(annotations(r.steps[1].out).map((a) => a.split(' ')[0]), ['::error', '::warning']);
  assert.ok(fs.existsSync(path.join(repo, 'kube-pod-patterns.sarif')));
  assert.equal(r.failed, true);
});
