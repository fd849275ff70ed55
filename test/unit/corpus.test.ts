/**
 * Real manifests written by others (../shared/corpus, when it exists beside
 * the repository): no exception on any file; no error-severity diagnostic on
 * the main corpus except on the files index.tsv marks (removed API versions,
 * fields newer than the newest release we know); errors on the files
 * index.tsv records as invalid; Helm templates survived.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_SETTINGS } from '../../server/src/analysis/settings';
import { LanguageService } from '../../server/src/analysis/service';
import { ROOT } from '../harness';

const CORPUS = process.env.POD_PATTERNS_CORPUS ?? path.resolve(ROOT, '..', 'shared', 'corpus');
const present = fs.existsSync(path.join(CORPUS, 'index.tsv'));
if (!present) console.log(`# corpus tests skipped: ${CORPUS} does not exist`);

interface Row {
  path: string;
  category: string;
  schemaCheck: string;
}

function rows(): Row[] {
  const lines = fs.readFileSync(path.join(CORPUS, 'index.tsv'), 'utf8').trim().split('\n');
  const head = lines[0].split('\t');
  const col = (n: string): number => head.indexOf(n);
  return lines.slice(1).map((l) => {
    const c = l.split('\t');
    return { path: c[col('path')], category: c[col('category')], schemaCheck: c[col('schema_check')] };
  });
}

/**
 * Files of the main corpus that the API server really rejects, though the
 * corpus's own schema-only check passed them. Each is a rejection that the
 * validation code makes; the rule ids here are the only errors allowed.
 */
const REAL_REJECTIONS: Record<string, string[]> = {
  // volumeMounts[1] names "ca-certs", but the volumes are "certs" and "ca": validateVolumeMounts → Not found.
  'istio/samples/mtls-echo/mtls-echo.yaml': ['pod/volume-mount-name'],
  // A Job template without restartPolicy (defaulted to Always): validateJobSpec → Required (the snippet has no metadata.name either).
  'kubernetes-website/content/en/examples/controllers/job-success-policy-example.yaml': ['workload/job-restart-policy', 'metadata/name'],
  // No selector and no template labels to default it from: ValidateNonEmptySelector → spec.selector: Required value.
  'kubernetes-examples/_archived/sysdig-cloud/sysdig-rc.yaml': ['workload/selector-required'],
  // `pids` in pod-level resources comes with the PerPodPIDLimit gate of 1.37; up to 1.36 validateResourceName refuses it.
  'kubernetes-website/content/en/examples/pods/resource/pod-level-pid-limit.yaml': ['pod/resource-name'],
  // Toleration operator Gt needs the alpha TaintTolerationComparisonOperators gate (off by default): ValidateTolerations → NotSupported.
  'kubernetes-website-kyaml/content/en/examples/pods/pod-with-numeric-toleration.yaml': ['pod/toleration-operator'],
};

/**
 * Files index.tsv records as invalid because a YAML 1.2 reader refuses them,
 * which kubectl reads (go-yaml v2) and the API server accepts: confirmed with
 * the oracle built from each release (test/oracle).
 */
const KUBECTL_READS: Record<string, string> = {
  // `spec.selector` given twice: kubectl keeps the last value.
  'invalid-or-partial/kubernetes-examples/_archived/openshift-origin/etcd-controller.yaml': 'duplicate key',
  // `\'` in a double-quoted string is an escape of YAML 1.1.
  'invalid-or-partial/kubernetes-website/content/en/examples/pods/inject/envars-file-container.yaml': "\\' escape",
};

const service = new LanguageService();
function errorsOf(file: string, kubernetesVersion = DEFAULT_SETTINGS.kubernetesVersion): string[] {
  const text = fs.readFileSync(path.join(CORPUS, file), 'utf8').replace(/^\ufeff/, '');
  return service
    .analyze(text, { ...DEFAULT_SETTINGS, kubernetesVersion })
    .findings.filter((f) => f.severity === 'error')
    .map((f) => `${f.rule}: ${f.message}`);
}

test('main corpus: no false errors', { skip: !present && 'no ../shared/corpus' }, () => {
  const problems: string[] = [];
  let checked = 0;
  for (const r of rows()) {
    if (r.category !== 'main' && r.category !== 'main-kyaml') continue;
    checked++;
    const allowed = REAL_REJECTIONS[r.path] ?? [];
    const errors = errorsOf(r.path).filter((e) => !allowed.some((id) => e.startsWith(`${id}:`)));
    const marked = r.schemaCheck !== 'ok';
    if (errors.length && !marked) problems.push(`${r.path}\n    ${errors.join('\n    ')}`);
  }
  assert.ok(checked > 300, `only ${checked} main files`);
  assert.deepEqual(problems, []);
});

/** A file index.tsv marks for a field newer than the schema it was checked with: valid in the release that has it. */
const NEWER_FIELD = /^NOTE: field newer than checker schema: .* in k8s v(1\.\d+)/;

test('main corpus: the files index.tsv marks do get errors', { skip: !present && 'no ../shared/corpus' }, () => {
  for (const r of rows()) {
    if ((r.category === 'main' || r.category === 'main-kyaml') && r.schemaCheck !== 'ok') {
      const newer = NEWER_FIELD.exec(r.schemaCheck);
      if (newer) {
        // An unknown field in the release before the one that brought it; accepted from that release on.
        const [major, minor] = newer[1].split('.').map(Number);
        assert.ok(errorsOf(r.path, `${major}.${minor - 1}`).length > 0, `${r.path}: ${r.schemaCheck}, before ${newer[1]}`);
        assert.deepEqual(errorsOf(r.path, newer[1]), [], `${r.path}: accepted in ${newer[1]}`);
      } else assert.ok(errorsOf(r.path).length > 0, `${r.path}: ${r.schemaCheck}`);
    }
  }
});

test('invalid-or-partial: errors where the file is invalid, never a crash', { skip: !present && 'no ../shared/corpus' }, () => {
  const missed: string[] = [];
  for (const r of rows()) {
    if (r.category !== 'invalid-or-partial') continue;
    const errors = errorsOf(r.path);
    // Partial objects (kustomize and kubeadm patches) are recognised as such, not reported as invalid pods.
    if (r.schemaCheck.startsWith('NOTE:') || /(^|\/)(overlays|kustomize)\/|patch\.ya?ml$/.test(r.path)) continue;
    if (KUBECTL_READS[r.path]) {
      assert.deepEqual(errors, [], `${r.path}: kubectl reads it (${KUBECTL_READS[r.path]})`);
      continue;
    }
    if (errors.length === 0) missed.push(`${r.path}: ${r.schemaCheck}`);
  }
  assert.deepEqual(missed, []);
});

test('main corpus: the real rejections listed above are found', { skip: !present && 'no ../shared/corpus' }, () => {
  for (const [file, ids] of Object.entries(REAL_REJECTIONS)) {
    const errors = errorsOf(file);
    for (const id of ids) assert.ok(errors.some((e) => e.startsWith(`${id}:`)), `${file}: expected ${id}`);
  }
});

test('helm templates: analysed around their actions, no error-severity diagnostics', { skip: !present && 'no ../shared/corpus' }, () => {
  let pods = 0;
  for (const r of rows()) {
    if (r.category !== 'helm-template') continue;
    const text = fs.readFileSync(path.join(CORPUS, r.path), 'utf8');
    const result = service.analyze(text);
    assert.deepEqual(result.findings.filter((f) => f.severity === 'error').map((f) => `${f.rule}: ${f.message}`), [], r.path);
    assert.ok(result.findings.some((f) => f.rule === 'template/not-checked'), `${r.path}: says once that templated parts were not checked`);
    pods += result.segments.reduce((n, s) => n + s.parsed.docs.reduce((m, d) => m + d.pods.length, 0), 0);
  }
  assert.ok(pods >= 5, `the pod specs of the templates are still read (${pods})`);
});
