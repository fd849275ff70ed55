/**
 * The checker in CI, run as users run it (`node dist/cli.js check`, after
 * `npm run build`): SARIF validated against the SARIF 2.1.0 schema, GitHub
 * workflow commands, --max-warnings, glob patterns, .gitignore, the nearest
 * .podpatterns.yaml, --config, ignore globs, custom resources' pod templates,
 * and the exact commands of docs/ci.md on a fixture repository outside this
 * one, with the npm package installed there from its packed tarball.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import * as fs from 'node:fs';
import * as os from 'node:os';
import Ajv from 'ajv';
import { parse as parseYaml } from 'yaml';
import { ROOT, FIXTURES } from '../harness';
import { RULES } from '../../server/src/analysis/rules/index';
import { DEFAULT_VERSION } from '../../server/src/analysis/api/table';
import { parseConfig } from '../../server/src/analysis/config';
import { renderRulesDoc } from '../../scripts/rules-doc';
import { escapeData, escapeProperty } from '../../server/src/formats';
import { staticBase } from '../../server/src/files';
import { installPackage, userEnv } from '../installedPackage';

const CLI = path.join(ROOT, 'dist', 'cli.js');
const PKG = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const TMP = fs.mkdtempSync(path.join(os.tmpdir(), 'kpp-ci-'));
process.on('exit', () => fs.rmSync(TMP, { recursive: true, force: true }));

let treeCount = 0;
/** A fresh folder holding these files (`/`-separated paths). */
function tree(files: Record<string, string>): string {
  const dir = path.join(TMP, `t${treeCount++}`);
  for (const [rel, text] of Object.entries(files)) {
    const p = path.join(dir, ...rel.split('/'));
    fs.mkdirSync(path.dirname(p), { recursive: true });
    fs.writeFileSync(p, text);
  }
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

function run(cwd: string, args: string[], input?: string): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, input, encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

interface JsonOut {
  kubernetesVersion: string;
  files: { path: string; kubernetesVersion?: string; diagnostics: { code: string; severity: string; message: string }[] }[];
}
function json(cwd: string, args: string[]): JsonOut & { code: number | null; err: string } {
  const r = run(cwd, ['check', '--format', 'json', ...args]);
  assert.ok(r.out, `no output: ${r.err}`);
  return { ...JSON.parse(r.out), code: r.code, err: r.err };
}
const paths = (j: JsonOut): string[] => j.files.map((f) => f.path);

// Pods: one with an error, one with a warning, one clean, one with an information finding.
const POD = (name: string, extra = ''): string => `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${name}\nspec:\n  containers:\n  - name: web\n    image: nginx:1.27\n${extra}`;
const ERROR = POD('bad', '    imagePullPolcy: Always\n');
const GOOD = POD('good');
const WARNING = POD('warn', '    ports:\n    - containerPort: 80\n  - name: side\n    image: nginx:1.27\n    ports:\n    - containerPort: 80\n');
const TEMPLATED = POD('templated', '    env:\n    - name: A\n      value: {{ .Values.a }}\n');

// ---------------------------------------------------------------- SARIF

function sarifValidator(): (data: unknown) => string | undefined {
  const schema = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'sarif', 'sarif-2.1.0-rtm.5.json'), 'utf8'));
  // The vendored schema is draft-04; it uses nothing that differs in draft-07 but the name of `id` (see the README).
  schema.$id = schema.id;
  delete schema.id;
  schema.$schema = 'http://json-schema.org/draft-07/schema#';
  // unicodeRegExp off: the schema's `language` pattern has a stray `]`, an error only in a `u` RegExp.
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  ajv.addFormat('uri', (s: string) => /^[a-z][a-z0-9+.-]*:\S*$/i.test(s));
  ajv.addFormat('uri-reference', (s: string) => !/[\s<>"{}|\\^`]/.test(s) && !/^[^/?#]*:/.test(s.split('/')[0]) || /^[a-z][a-z0-9+.-]*:\S*$/i.test(s));
  ajv.addFormat('date-time', (s: string) => !Number.isNaN(Date.parse(s)) && /^\d{4}-\d\d-\d\dT/.test(s));
  const validate = ajv.compile(schema);
  return (data) => (validate(data) ? undefined : ajv.errorsText(validate.errors, { separator: '\n' }));
}
const validateSarif = sarifValidator();

test('sarif: valid SARIF 2.1.0 with the rule registry, levels, locations and properties', () => {
  const dir = tree({ 'sub/bad.yml': ERROR, 'warn.yaml': WARNING, 'with space.yaml': TEMPLATED, 'good.yaml': GOOD });
  const r = run(dir, ['check', '--format', 'sarif', '--kubernetes-version', '1.31', '.']);
  assert.equal(r.code, 1, r.err);
  const log = JSON.parse(r.out);
  assert.equal(validateSarif(log), undefined);
  assert.equal(log.version, '2.1.0');
  assert.equal(log.runs.length, 1);
  const [runObj] = log.runs;
  const driver = runObj.tool.driver;
  assert.equal(driver.name, 'kube-pod-patterns');
  assert.equal(driver.version, PKG.version);
  assert.match(driver.informationUri, /^https:\/\/github\.com\/kube-pod-patterns\/kube-pod-patterns$/);
  assert.deepEqual(driver.rules.slice(0, RULES.length).map((d: { id: string }) => d.id), RULES.map((r) => r.id));
  const rulesDoc = renderRulesDoc();
  for (const [i, rule] of RULES.entries()) {
    const d = driver.rules[i];
    assert.equal(d.shortDescription.text, rule.title);
    assert.equal(d.fullDescription.markdown, rule.description);
    assert.match(d.help.markdown, /docs\/rules\.md#/);
    assert.equal(d.defaultConfiguration.level, { error: 'error', warning: 'warning', information: 'note', hint: 'note' }[rule.severity]);
    const anchor = d.helpUri.split('#')[1];
    assert.equal(d.helpUri, `https://github.com/kube-pod-patterns/kube-pod-patterns/blob/main/docs/rules.md#${anchor}`);
    assert.ok(rulesDoc.includes(`<a id="${anchor}"></a>`), `docs/rules.md (as npm run docs renders it) has no anchor ${anchor} for ${rule.id}`);
  }
  assert.deepEqual(runObj.properties, { kubernetesVersions: ['1.31'] });

  const byRule = new Map<string, { ruleId: string; ruleIndex: number; level: string; locations: { physicalLocation: { artifactLocation: { uri: string; uriBaseId: string }; region: Record<string, number> } }[]; properties: Record<string, unknown> }>(
    runObj.results.map((x: { ruleId: string }) => [x.ruleId, x]),
  );
  const err = byRule.get('schema/unknown-field')!;
  assert.equal(err.level, 'error');
  assert.equal(driver.rules[err.ruleIndex].id, 'schema/unknown-field');
  const badIndex = runObj.artifacts.findIndex((a: { location: { uri: string } }) => a.location.uri === 'sub/bad.yml');
  assert.deepEqual(err.locations[0].physicalLocation.artifactLocation, { uri: 'sub/bad.yml', uriBaseId: '%SRCROOT%', index: badIndex });
  assert.deepEqual(err.locations[0].physicalLocation.region, { startLine: 9, startColumn: 5, endLine: 9, endColumn: 19 });
  assert.deepEqual(err.properties, { fieldPath: 'spec.containers[0].imagePullPolcy', apiErrorType: 'Invalid', document: 0 });
  const warn = byRule.get('pattern/shared-container-port')!;
  assert.equal(warn.level, 'warning');
  assert.equal(warn.locations[0].physicalLocation.artifactLocation.uri, 'warn.yaml');
  assert.equal(warn.properties.apiErrorType, undefined);
  const note = byRule.get('template/not-checked')!;
  assert.equal(note.level, 'note');
  assert.equal(note.locations[0].physicalLocation.artifactLocation.uri, 'with%20space.yaml');
  assert.equal(runObj.artifacts.length, 4, 'every checked file is an artifact');
});

test('sarif: standard input, absolute paths and an empty run are valid too', () => {
  const dir = tree({ 'a.yaml': GOOD, 'b.yaml': ERROR });
  const stdin = run(dir, ['check', '--format', 'sarif', '-'], ERROR);
  assert.equal(stdin.code, 1);
  const log = JSON.parse(stdin.out);
  assert.equal(validateSarif(log), undefined);
  assert.deepEqual(log.runs[0].results[0].locations[0].physicalLocation.artifactLocation, { description: { text: 'standard input' }, index: 0 });
  const abs = run(dir, ['check', '--format', 'sarif', path.join(dir, 'b.yaml')]);
  const absLog = JSON.parse(abs.out);
  assert.equal(validateSarif(absLog), undefined);
  assert.match(absLog.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri, /^file:\/\/\/.*\/b\.yaml$/);
  const clean = run(dir, ['check', '--format', 'sarif', 'a.yaml']);
  assert.equal(clean.code, 0);
  const cleanLog = JSON.parse(clean.out);
  assert.equal(validateSarif(cleanLog), undefined);
  assert.deepEqual(cleanLog.runs[0].results, []);
});

// ---------------------------------------------------------------- github

test('github: one workflow command per finding, properties escaped', () => {
  const dir = tree({ 'sub/bad.yml': ERROR, 'odd,name:x.yaml': WARNING, 'tpl.yaml': TEMPLATED });
  const r = run(dir, ['check', '--format', 'github', '.']);
  assert.equal(r.code, 1, r.err);
  const lines = r.out.trimEnd().split('\n');
  assert.deepEqual(lines.filter((l) => l.startsWith('::')), [
    '::warning file=odd%2Cname%3Ax.yaml,line=14,col=22,endLine=14,endColumn=24,title=pattern/shared-container-port::spec.containers[1].ports[0].containerPort: 80/TCP is also declared by container "web" (spec.containers[0].ports[0]): containers of a pod share one network namespace, so only one of them can bind it',
    '::error file=sub/bad.yml,line=9,col=5,endLine=9,endColumn=19,title=schema/unknown-field::unknown field "spec.containers[0].imagePullPolcy"',
    lines.find((l) => l.startsWith('::notice file=tpl.yaml,'))!,
  ]);
  assert.match(lines.find((l) => l.startsWith('::notice'))!, /^::notice file=tpl\.yaml,line=11,col=14,endLine=11,endColumn=\d+,title=template\/not-checked::/);
  assert.equal(lines.at(-1), '3 files checked: 1 error, 1 warning, 1 information');
  // Standard input has no file to annotate: the command carries only the title.
  const stdin = run(dir, ['check', '--format', 'github', '-'], ERROR);
  assert.match(stdin.out, /^::error title=schema\/unknown-field::unknown field/m);
});

test('github: escaping follows the runner (data: % CR LF; properties also : and ,); glob bases', () => {
  assert.equal(escapeData('100% a:b,c\r\nd'), '100%25 a:b,c%0D%0Ad');
  assert.equal(escapeProperty('100% a:b,c\r\nd'), '100%25 a%3Ab%2Cc%0D%0Ad');
  assert.equal(staticBase('manifests/prod/**/*.yaml'), 'manifests/prod');
  assert.equal(staticBase('**/*.yaml'), '.');
  assert.equal(staticBase('/abs/{a,b}/*.yaml'), '/abs');
});

// ---------------------------------------------------------------- --max-warnings

test('--max-warnings N: exit 1 with more than N warnings, like eslint', () => {
  const dir = tree({ 'warn.yaml': WARNING, 'good.yaml': GOOD });
  assert.equal(run(dir, ['check', '.']).code, 0);
  const over = run(dir, ['check', '--max-warnings', '0', '.']);
  assert.equal(over.code, 1);
  assert.match(over.err, /too many warnings \(1, --max-warnings 0\)/);
  assert.match(over.out, /1 warning/);
  assert.equal(run(dir, ['check', '--max-warnings=1', '.']).code, 0);
  assert.equal(run(dir, ['check', '--max-warnings', '-1', '.']).code, 0, '-1 means no limit');
  const sarif = run(dir, ['check', '--format', 'sarif', '--max-warnings', '0', '.']);
  assert.equal(sarif.code, 1);
  assert.equal(validateSarif(JSON.parse(sarif.out)), undefined, 'the message goes to stderr, the log stays valid');
  const bad = run(dir, ['check', '--max-warnings', 'many', '.']);
  assert.equal(bad.code, 2);
  assert.match(bad.err, /--max-warnings needs a number/);
});

// ---------------------------------------------------------------- globs

test('glob arguments are expanded by the checker', () => {
  const dir = tree({
    'manifests/a.yaml': GOOD,
    'manifests/prod/b.yaml': ERROR,
    'manifests/prod/c.yml': GOOD,
    'manifests/prod/notes.txt': 'not yaml',
    'manifests/node_modules/x/d.yaml': ERROR,
    'other/e.yaml': ERROR,
    'brackets/[1].yaml': GOOD,
  });
  const j = json(dir, ['manifests/**/*.yaml']);
  assert.deepEqual(paths(j), ['manifests/a.yaml', 'manifests/prod/b.yaml']);
  assert.equal(j.code, 1);
  assert.deepEqual(paths(json(dir, ['manifests/**/*.{yaml,yml}', 'manifests/prod/*'])), ['manifests/a.yaml', 'manifests/prod/b.yaml', 'manifests/prod/c.yml', 'manifests/prod/notes.txt']);
  assert.deepEqual(paths(json(dir, [path.join(dir, 'other', '*.yaml')])), [path.join(dir, 'other', 'e.yaml').split(path.sep).join('/')]);
  // An existing path is a path, even with glob characters in its name.
  assert.deepEqual(paths(json(dir, ['brackets/[1].yaml'])), ['brackets/[1].yaml']);
  const none = run(dir, ['check', 'charts/**/*.yaml']);
  assert.equal(none.code, 2);
  assert.match(none.err, /charts\/\*\*\/\*\.yaml: no files match this pattern/);
});

// ---------------------------------------------------------------- .gitignore

test('folder walks and globs respect .gitignore files, nested ones below their folder', () => {
  const dir = tree({
    '.gitignore': '*.gen.yaml\nbuild/\n',
    'apps/.gitignore': '!keep.gen.yaml\nsecret.yaml\n',
    'apps/a.yaml': GOOD,
    'apps/x.gen.yaml': ERROR,
    'apps/keep.gen.yaml': GOOD,
    'apps/secret.yaml': ERROR,
    'secret.yaml': GOOD,
    'build/b.yaml': ERROR,
    'build/deep/c.yaml': ERROR,
  });
  fs.mkdirSync(path.join(dir, '.git'));
  fs.writeFileSync(path.join(dir, '.git', 'x.yaml'), ERROR);
  const all = json(dir, ['.']);
  assert.deepEqual(paths(all), ['apps/a.yaml', 'apps/keep.gen.yaml', 'secret.yaml']);
  assert.equal(all.code, 0);
  // The repository root's .gitignore applies when a sub-folder is checked.
  assert.deepEqual(paths(json(dir, ['apps'])), ['apps/a.yaml', 'apps/keep.gen.yaml']);
  assert.deepEqual(paths(json(path.join(dir, 'apps'), ['.'])), ['a.yaml', 'keep.gen.yaml']);
  // Globs too, but what is named on the command line is never ignored.
  assert.deepEqual(paths(json(dir, ['**/*.yaml'])), ['apps/a.yaml', 'apps/keep.gen.yaml', 'secret.yaml']);
  assert.deepEqual(paths(json(dir, ['build'])), ['build/b.yaml', 'build/deep/c.yaml']);
  assert.deepEqual(paths(json(dir, ['build/**/*.yaml'])), ['build/b.yaml', 'build/deep/c.yaml']);
  assert.deepEqual(paths(json(dir, ['apps/x.gen.yaml'])), ['apps/x.gen.yaml']);
});

// ---------------------------------------------------------------- .podpatterns.yaml

test('the nearest .podpatterns.yaml upward from each file applies; --kubernetes-version wins', () => {
  const dir = tree({
    '.podpatterns.yaml': 'kubernetesVersion: "1.29"\nrules:\n  schema/unknown-field: warning\n',
    'a.yaml': ERROR,
    'team/.podpatterns.yaml': 'rules:\n  schema/unknown-field: "off"\n',
    'team/deep/b.yaml': ERROR,
  });
  const j = json(dir, ['.']);
  assert.equal(j.code, 0, 'no error: root makes it a warning, team turns it off');
  const a = j.files.find((f) => f.path === 'a.yaml')!;
  const b = j.files.find((f) => f.path === 'team/deep/b.yaml')!;
  assert.deepEqual(a.diagnostics.map((d) => `${d.severity} ${d.code}`), ['warning schema/unknown-field']);
  assert.deepEqual(b.diagnostics, [], 'the nearest configuration wins');
  // Nearest wins whole: team's configuration does not inherit the root's release.
  assert.equal(a.kubernetesVersion, '1.29');
  assert.equal(b.kubernetesVersion, DEFAULT_VERSION);
  const team = json(path.join(dir, 'team'), ['deep']);
  assert.equal(team.kubernetesVersion, DEFAULT_VERSION);
  const flag = json(dir, ['--kubernetes-version', '1.31', '.']);
  assert.equal(flag.kubernetesVersion, '1.31');
  assert.equal(flag.files[0].kubernetesVersion, undefined);
  // Standard input looks upward from the working folder.
  const stdin = run(dir, ['check', '--format', 'json', '-'], ERROR);
  assert.equal(stdin.code, 0);
  assert.equal(JSON.parse(stdin.out).kubernetesVersion, '1.29');
});

test('--config FILE applies to every file instead of the nearest ones', () => {
  const dir = tree({
    '.podpatterns.yaml': 'rules:\n  schema/unknown-field: "off"\n',
    'ci/strict.yaml': 'kubernetesVersion: "1.30"\nrules:\n  pattern/shared-container-port: error\n',
    'a.yaml': ERROR,
    'w.yaml': WARNING,
  });
  const nearest = json(dir, ['.']);
  assert.equal(nearest.code, 0);
  const j = json(dir, ['--config', 'ci/strict.yaml', '.']);
  assert.equal(j.code, 1);
  assert.equal(j.kubernetesVersion, '1.30');
  assert.deepEqual(
    j.files.flatMap((f) => f.diagnostics.map((d) => `${f.path} ${d.severity} ${d.code}`)),
    ['a.yaml error schema/unknown-field', 'w.yaml error pattern/shared-container-port'],
  );
  const missing = run(dir, ['check', '--config', 'nope.yaml', '.']);
  assert.equal(missing.code, 2);
  assert.match(missing.err, /nope\.yaml: cannot read the configuration \(ENOENT\)/);
});

test('ignore globs of the configuration, relative to its folder', () => {
  const dir = tree({
    'deploy/.podpatterns.yaml': 'ignore:\n  - generated/**\n  - "*.rendered.yaml"\n',
    'deploy/app.yaml': GOOD,
    'deploy/generated/x.yaml': ERROR,
    'deploy/sub/y.rendered.yaml': ERROR,
    'generated/z.yaml': GOOD,
  });
  const j = json(dir, ['.']);
  assert.deepEqual(paths(j), ['deploy/app.yaml', 'generated/z.yaml'], 'generated/ at the top is outside deploy/, the configuration does not reach it');
  assert.equal(j.code, 0);
  assert.deepEqual(paths(json(dir, ['**/*.yaml'])), ['deploy/app.yaml', 'generated/z.yaml']);
  // A file named on the command line that the configuration ignores is skipped, with a note.
  const named = run(dir, ['check', 'deploy/generated/x.yaml']);
  assert.equal(named.code, 0);
  assert.match(named.out, /0 files checked/);
  assert.match(named.err, /deploy\/generated\/x\.yaml: not checked, ignored by deploy\/\.podpatterns\.yaml/);
});

test('podTemplatePaths: a custom resource kind\'s pod template is checked', () => {
  const WORKER = 'apiVersion: example.com/v1\nkind: Worker\nmetadata:\n  name: w\nspec:\n  runner:\n    template:\n      spec:\n        containers:\n        - name: web\n          image: nginx:1.27\n          imagePullPolcy: Always\n';
  const plain = tree({ 'worker.yaml': WORKER });
  assert.deepEqual(json(plain, ['.']).files[0].diagnostics, [], 'unknown kinds are not checked');
  const dir = tree({
    '.podpatterns.yaml': 'podTemplatePaths:\n  - apiVersion: example.com/v1\n    kind: Worker\n    path: spec.runner.template\n',
    'worker.yaml': WORKER,
  });
  const j = json(dir, ['.']);
  assert.equal(j.code, 1);
  assert.ok(j.files[0].diagnostics.some((d) => d.message === 'unknown field "spec.runner.template.spec.containers[0].imagePullPolcy"'), JSON.stringify(j.files[0].diagnostics));
});

test('a configuration with problems: exit 2, the problems printed like diagnostics', () => {
  const dir = tree({ '.podpatterns.yaml': 'kubernetesVersion: "1.12"\nrules:\n  schema/unknown-field: loud\n', 'a.yaml': ERROR });
  const r = run(dir, ['check', '.']);
  assert.equal(r.code, 2);
  assert.equal(r.out, '');
  assert.match(r.err, /^\.podpatterns\.yaml:1:20: error: Unsupported Kubernetes version "1\.12".* \[config\]$/m);
  assert.match(r.err, /^\.podpatterns\.yaml:3:25: error: Unknown severity "loud" for schema\/unknown-field.* \[config\]$/m);
  assert.match(r.err, /the configuration has problems; nothing was checked/);
  const gh = run(dir, ['check', '--format', 'github', '.']);
  assert.equal(gh.code, 2);
  assert.match(gh.out, /^::error file=\.podpatterns\.yaml,line=3,col=25,endLine=3,endColumn=29,title=config::Unknown severity "loud"/m);
  const explicit = run(dir, ['check', '--config', '.podpatterns.yaml', 'a.yaml']);
  assert.equal(explicit.code, 2);
});

// ---------------------------------------------------------------- docs/ci.md

/** The fenced blocks of a markdown file with their info string. */
function codeBlocks(md: string): { lang: string; text: string }[] {
  return [...md.matchAll(/^```(\w*)\n([\s\S]*?)^```$/gm)].map((m) => ({ lang: m[1], text: m[2] }));
}

test('docs/ci.md: the workflows\' exact commands run as documented on a fixture repository', () => {
  const md = fs.readFileSync(path.join(ROOT, 'docs', 'ci.md'), 'utf8');
  // The workflows with plain `run:` steps (the Action's example is test/unit/action.test.ts's).
  const workflows = codeBlocks(md)
    .filter((b) => b.lang === 'yaml' && /^jobs:/m.test(b.text) && /npx kube-pod-patterns/.test(b.text))
    .map((b) => parseYaml(b.text) as { jobs: Record<string, { steps: { run?: string; uses?: string; if?: string; with?: Record<string, string> }[] }>; permissions?: Record<string, string> });
  assert.equal(workflows.length, 2);

  // A checkout of a user's repository outside this one, with the packed package installed from its tarball (as
  // `npm install --save-dev kube-pod-patterns` would), so that npx finds it without a download.
  const repo = path.join(TMP, 'repo');
  fs.cpSync(path.join(FIXTURES, 'cli-ci', 'repo'), repo, { recursive: true });
  fs.mkdirSync(path.join(repo, '.git'));
  fs.writeFileSync(path.join(repo, '.gitignore'), 'manifests/scratch/\nnode_modules/\n');
  fs.mkdirSync(path.join(repo, 'manifests', 'scratch'));
  fs.writeFileSync(path.join(repo, 'manifests', 'scratch', 'wip.yaml'), ERROR);
  installPackage(repo);
  const runStep = (command: string): { code: number | null; out: string; err: string } => {
    // As the runner runs a `run:` step on Linux: bash -e.
    const r = spawnSync('bash', ['--noprofile', '--norc', '-e', '-c', command], {
      cwd: repo,
      encoding: 'utf8',
      env: userEnv({ CI: 'true', GITHUB_ACTIONS: 'true', npm_config_offline: 'true' }),
    });
    return { code: r.status, out: r.stdout, err: r.stderr };
  };
  const checkSteps = (w: (typeof workflows)[number]) => Object.values(w.jobs).flatMap((j) => j.steps);

  // 1. SARIF for code scanning.
  const [sarifFlow, githubFlow] = workflows;
  assert.equal(sarifFlow.permissions?.['security-events'], 'write');
  const steps = checkSteps(sarifFlow);
  const check = steps.find((s) => s.run?.includes('kube-pod-patterns'))!;
  assert.match(check.run!, /^npx kube-pod-patterns check --format sarif /);
  const upload = steps.find((s) => s.uses?.startsWith('github/codeql-action/upload-sarif@'))!;
  assert.ok(upload, 'the workflow uploads the log');
  assert.match(upload.if ?? '', /!cancelled\(\)|always\(\)/, 'the upload runs when the check step fails');
  const sarifRun = runStep(check.run!);
  assert.equal(sarifRun.code, 1, sarifRun.err);
  const sarifFile = path.join(repo, upload.with!.sarif_file);
  assert.ok(fs.existsSync(sarifFile), `${upload.with!.sarif_file} was written by the check step`);
  const log = JSON.parse(fs.readFileSync(sarifFile, 'utf8'));
  assert.equal(validateSarif(log), undefined);
  const located = log.runs[0].results.map((x: { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[] }) => `${x.locations[0].physicalLocation.artifactLocation.uri}:${x.locations[0].physicalLocation.region.startLine} ${x.ruleId}`);
  assert.deepEqual(located, ['manifests/web.yaml:15 schema/unknown-field', 'manifests/web.yaml:21 pattern/shared-container-port']);
  assert.deepEqual(log.runs[0].properties, { kubernetesVersions: ['1.33'] }, 'the fixture repository\'s .podpatterns.yaml applies');

  // 2. Annotations with workflow commands.
  const gh = checkSteps(githubFlow).find((s) => s.run?.includes('kube-pod-patterns'))!;
  assert.match(gh.run!, /^npx kube-pod-patterns check --format github /);
  const ghRun = runStep(gh.run!);
  assert.equal(ghRun.code, 1);
  assert.deepEqual(ghRun.out.split('\n').filter((l) => l.startsWith('::')).map((l) => l.slice(0, l.indexOf('::', 2))), [
    '::error file=manifests/web.yaml,line=15,col=9,endLine=15,endColumn=23,title=schema/unknown-field',
    '::warning file=manifests/web.yaml,line=21,col=26,endLine=21,endColumn=30,title=pattern/shared-container-port',
  ]);
  assert.match(ghRun.out, /^2 files checked: 1 error, 1 warning, 0 information$/m);

  // Once the error is fixed, --max-warnings 0 still fails the job on the warning; with both fixed it passes.
  const web = path.join(repo, 'manifests', 'web.yaml');
  fs.writeFileSync(web, fs.readFileSync(web, 'utf8').replace('        imagePullPolcy: Always\n', ''));
  const warnOnly = runStep(gh.run!);
  assert.equal(warnOnly.code, 1);
  assert.match(warnOnly.err, /too many warnings/);
  fs.writeFileSync(web, fs.readFileSync(web, 'utf8').replace(/(name: metrics[\s\S]*containerPort: )8080/, '$19090'));
  const clean = runStep(gh.run!);
  assert.equal(clean.code, 0, clean.out + clean.err);
  assert.equal(runStep(check.run!).code, 0);

  // The configuration example parses without problems and names real rules.
  const config = codeBlocks(md).find((b) => b.lang === 'yaml' && /^kubernetesVersion:/m.test(b.text))!;
  const parsed = parseConfig(config.text);
  assert.deepEqual(parsed.problems, []);
  for (const id of Object.keys(parsed.config.rules)) assert.ok(RULES.some((r) => r.id === id), `docs/ci.md names no rule ${id}`);
});
