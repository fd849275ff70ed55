/**
 * The committed API table against its upstream source: the OpenAPI v3
 * documents each Kubernetes release ships (k8s.io/kubernetes, api/openapi-spec/v3,
 * from the Go module cache).
 * 1. The committed file is exactly what `npm run gen` writes from them now.
 * 2. A sample of table facts agrees with the documents, read here straight from
 *    the JSON files (not through the generator): field sets per release, when
 *    fields appeared, types, required fields, defaults, enum values per release,
 *    and the fields' own descriptions.
 * Needs the releases in the Go module cache, or Go to download them; without
 * either the tests are skipped, and say so.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { OUT, RELEASES, buildTable, hasGo, locateRelease, readReleases, serialize } from '../../scripts/gen-api-table';
import { enumValues, fieldDefault, fieldDoc, fieldStatus, getField, getType, typeDoc } from '../../server/src/analysis/api/table';
import type { FieldDef, FieldType } from '../../server/src/analysis/api/tableTypes';

const cached = RELEASES.every((v) => locateRelease(v, false) !== undefined);
const goInstalled = cached || hasGo();
const skip = !goInstalled && 'the Kubernetes releases are not in the Go module cache and Go is not installed';
if (skip) {
  console.log(`\nSKIPPED: API table source tests: ${skip}.`);
  console.log('The committed table is NOT checked against upstream here. Install Go (or fill the module cache) and run again.\n');
}

const minorOf = (release: string) => /^v(\d+\.\d+)\./.exec(release)![1];
const NEWEST = RELEASES[RELEASES.length - 1];

interface Prop {
  description?: string;
  type?: string;
  format?: string;
  $ref?: string;
  allOf?: { $ref: string }[];
  items?: Prop;
  additionalProperties?: Prop;
  enum?: string[];
  default?: unknown;
}
interface Schema {
  description?: string;
  properties?: Record<string, Prop>;
  required?: string[];
  format?: string;
}

const loaded = new Map<string, Record<string, Schema>>();
/** The schemas of a release's core, apps and batch documents, read directly. */
function upstream(release: string): Record<string, Schema> {
  let s = loaded.get(release);
  if (!s) {
    const dir = locateRelease(release, true)!;
    s = {};
    for (const f of ['api__v1_openapi.json', 'apis__apps__v1_openapi.json', 'apis__batch__v1_openapi.json']) {
      Object.assign(s, JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')).components.schemas);
    }
    loaded.set(release, s);
  }
  return s;
}

function schema(release: string, name: string): Schema {
  const s = upstream(release)[name];
  assert.ok(s?.properties, `${release} defines ${name}`);
  return s;
}

/** Table type -> upstream schema, for the sample. */
const SAMPLE: Record<string, string> = {
  V1Container: 'io.k8s.api.core.v1.Container',
  V1EphemeralContainer: 'io.k8s.api.core.v1.EphemeralContainer',
  V1PodSpec: 'io.k8s.api.core.v1.PodSpec',
  V1PodStatus: 'io.k8s.api.core.v1.PodStatus',
  V1ObjectMeta: 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta',
  V1Toleration: 'io.k8s.api.core.v1.Toleration',
  V1Volume: 'io.k8s.api.core.v1.Volume',
  V1VolumeMount: 'io.k8s.api.core.v1.VolumeMount',
  V1Probe: 'io.k8s.api.core.v1.Probe',
  V1HTTPGetAction: 'io.k8s.api.core.v1.HTTPGetAction',
  V1ContainerPort: 'io.k8s.api.core.v1.ContainerPort',
  V1ResourceRequirements: 'io.k8s.api.core.v1.ResourceRequirements',
  V1EmptyDirVolumeSource: 'io.k8s.api.core.v1.EmptyDirVolumeSource',
  V1EnvVarSource: 'io.k8s.api.core.v1.EnvVarSource',
  V1PodSecurityContext: 'io.k8s.api.core.v1.PodSecurityContext',
  V1SecurityContext: 'io.k8s.api.core.v1.SecurityContext',
  CoreV1ResourceClaim: 'io.k8s.api.core.v1.ResourceClaim',
  V1DeploymentSpec: 'io.k8s.api.apps.v1.DeploymentSpec',
  V1RollingUpdateDeployment: 'io.k8s.api.apps.v1.RollingUpdateDeployment',
  V1StatefulSetSpec: 'io.k8s.api.apps.v1.StatefulSetSpec',
  V1ReplicationControllerSpec: 'io.k8s.api.core.v1.ReplicationControllerSpec',
  V1JobSpec: 'io.k8s.api.batch.v1.JobSpec',
  V1CronJobSpec: 'io.k8s.api.batch.v1.CronJobSpec',
};

function field(typeName: string, fieldName: string): FieldDef {
  const def = getField(typeName, fieldName);
  assert.ok(def, `${typeName}.${fieldName} is in the table`);
  return def;
}

const knownIn = (typeName: string, minor: string) =>
  Object.entries(getType(typeName)?.fields ?? {})
    .filter(([, d]) => fieldStatus(d, minor) === 'known')
    .map(([f]) => f)
    .sort();

describe('the committed API table', () => {
  it('is what the generator writes from the releases now (else run `npm run gen`)', { skip }, () => {
    const releases = readReleases(true)!;
    const { table } = buildTable(releases);
    const fresh = serialize(table);
    const committed = fs.readFileSync(OUT, 'utf8');
    if (fresh !== committed) {
      const a = committed.split('\n');
      const b = fresh.split('\n');
      const i = a.findIndex((line, k) => line !== b[k]);
      assert.fail(`${path.relative(process.cwd(), OUT)} is not current: first difference at line ${i + 1}:\n- ${a[i]?.slice(0, 200)}\n+ ${b[i]?.slice(0, 200)}\nRun \`npm run gen\`.`);
    }
  });
});

describe('API table facts against the upstream OpenAPI documents', () => {
  it('has, for every release, exactly the fields the release defines', { skip }, () => {
    for (const release of RELEASES) {
      const minor = minorOf(release);
      for (const [typeName, name] of Object.entries(SAMPLE)) {
        const expected = Object.keys(schema(release, name).properties!).sort();
        assert.deepEqual(knownIn(typeName, minor), expected, `${typeName} in ${minor}`);
      }
    }
  });

  it('dates fields by the release that first has them', { skip }, () => {
    const cases: [string, string, string, string | undefined][] = [
      ['V1Container', 'io.k8s.api.core.v1.Container', 'restartPolicy', '1.28'],
      ['V1Container', 'io.k8s.api.core.v1.Container', 'resizePolicy', undefined], // in 1.27, the first release
      ['V1Container', 'io.k8s.api.core.v1.Container', 'restartPolicyRules', '1.34'],
      ['V1PodSpec', 'io.k8s.api.core.v1.PodSpec', 'hostnameOverride', '1.34'],
      ['V1PodSpec', 'io.k8s.api.core.v1.PodSpec', 'resources', '1.32'],
      ['V1Volume', 'io.k8s.api.core.v1.Volume', 'image', '1.31'],
      ['V1VolumeMount', 'io.k8s.api.core.v1.VolumeMount', 'recursiveReadOnly', '1.30'],
      ['V1VolumeMount', 'io.k8s.api.core.v1.VolumeMount', 'bindMountOptions', '1.37'],
      ['V1LifecycleHandler', 'io.k8s.api.core.v1.LifecycleHandler', 'sleep', '1.29'],
      ['V1EnvVarSource', 'io.k8s.api.core.v1.EnvVarSource', 'fileKeyRef', '1.34'],
      ['V1PodStatus', 'io.k8s.api.core.v1.PodStatus', 'resources', '1.35'],
    ];
    for (const [typeName, name, f, since] of cases) {
      assert.equal(field(typeName, f).since, since, `${typeName}.${f}`);
      for (const release of RELEASES) {
        const has = f in schema(release, name).properties!;
        const expected = since === undefined || Number(minorOf(release).split('.')[1]) >= Number(since.split('.')[1]);
        assert.equal(has, expected, `upstream ${name}.${f} in ${release}`);
      }
    }
  });

  it('types fields as the newest release does', { skip }, () => {
    const QUANTITY = '#/components/schemas/io.k8s.apimachinery.pkg.api.resource.Quantity';
    const INT_OR_STRING = '#/components/schemas/io.k8s.apimachinery.pkg.util.intstr.IntOrString';
    /** The kinds a property holds, outermost first: "map", "quantity" for a ResourceList. */
    const kinds = (p: Prop): string[] => {
      const ref = p.$ref ?? p.allOf?.[0].$ref;
      if (ref === QUANTITY) return ['quantity'];
      if (ref === INT_OR_STRING) return ['intOrString'];
      if (ref && upstream(NEWEST)[ref.split('/').pop()!].format === 'date-time') return ['dateTime']; // meta/v1 Time
      if (ref) return ['object'];
      if (p.type === 'array') return ['array', ...kinds(p.items!)];
      if (p.type === 'object') return p.additionalProperties ? ['map', ...kinds(p.additionalProperties)] : ['any'];
      if (p.type === 'string' && p.format === 'date-time') return ['dateTime'];
      return [p.format ? `${p.type}:${p.format}` : p.type!];
    };
    const tableKinds = (t: FieldType): string[] => [t.format ? `${t.kind}:${t.format}` : t.kind, ...(t.items ? tableKinds(t.items) : [])];
    let quantities = 0;
    for (const [typeName, name] of Object.entries(SAMPLE)) {
      for (const [f, p] of Object.entries(schema(NEWEST, name).properties!)) {
        const expected = kinds(p);
        if (expected.includes('quantity')) quantities++;
        assert.deepEqual(tableKinds(field(typeName, f).type), expected, `${typeName}.${f}`);
      }
    }
    assert.ok(quantities >= 3, 'limits, requests, sizeLimit');
    assert.deepEqual(field('V1ResourceRequirements', 'limits').type, { kind: 'map', items: { kind: 'quantity' } });
    assert.deepEqual(field('V1HTTPGetAction', 'port').type, { kind: 'intOrString' });
    assert.deepEqual(field('V1Probe', 'terminationGracePeriodSeconds').type, { kind: 'integer', format: 'int64' });
  });

  it('marks required what the newest release requires', { skip }, () => {
    for (const [typeName, name] of Object.entries(SAMPLE)) {
      const s = schema(NEWEST, name);
      const marked = Object.entries(getType(typeName)!.fields)
        .filter(([, d]) => d.required)
        .map(([f]) => f)
        .sort();
      assert.deepEqual(marked, [...(s.required ?? [])].sort(), typeName);
    }
  });

  it('gives the defaults the newest release states, without zero values', { skip }, () => {
    let stated = 0;
    for (const [typeName, name] of Object.entries(SAMPLE)) {
      for (const [f, p] of Object.entries(schema(NEWEST, name).properties!)) {
        const zero = p.default === undefined || p.default === '' || p.default === 0 || p.default === false || JSON.stringify(p.default) === '{}';
        if (!zero) stated++;
        assert.deepEqual(fieldDefault(field(typeName, f)), zero ? undefined : p.default, `${typeName}.${f}`);
      }
    }
    assert.ok(stated >= 2, 'ContainerPort.protocol, ReplicationControllerSpec.replicas');
  });

  it('gives each field its own description, and each type its own', { skip }, () => {
    for (const [typeName, name] of Object.entries(SAMPLE)) {
      const s = schema(NEWEST, name);
      assert.equal(typeDoc(typeName), s.description, typeName);
      for (const [f, p] of Object.entries(s.properties!)) assert.equal(fieldDoc(field(typeName, f)), p.description, `${typeName}.${f}`);
    }
    const container = schema(NEWEST, 'io.k8s.api.core.v1.Container').properties!;
    assert.ok(container.livenessProbe.allOf, 'livenessProbe is an allOf wrapper upstream');
    assert.match(container.livenessProbe.description!, /^Periodic probe of container liveness/);
    assert.match(container.resources.description!, /^Compute Resources required by this container/);
  });

  it('lists per release the enum values the release documents', { skip }, () => {
    const cases: [string, string, string, (minor: string) => string[]][] = [
      ['V1Container', 'io.k8s.api.core.v1.Container', 'imagePullPolicy', () => ['Always', 'IfNotPresent', 'Never']],
      ['V1PodSpec', 'io.k8s.api.core.v1.PodSpec', 'dnsPolicy', () => ['ClusterFirst', 'ClusterFirstWithHostNet', 'Default', 'None']],
      ['V1PodSpec', 'io.k8s.api.core.v1.PodSpec', 'restartPolicy', () => ['Always', 'Never', 'OnFailure']],
      ['V1ContainerPort', 'io.k8s.api.core.v1.ContainerPort', 'protocol', () => ['SCTP', 'TCP', 'UDP']],
      // Lt and Gt: TaintTolerationComparisonOperators, 1.35.
      ['V1Toleration', 'io.k8s.api.core.v1.Toleration', 'operator', (m) => (Number(m.split('.')[1]) >= 35 ? ['Equal', 'Exists', 'Gt', 'Lt'] : ['Equal', 'Exists'])],
    ];
    for (const [typeName, name, f, expected] of cases) {
      const def = field(typeName, f);
      for (const release of RELEASES) {
        const minor = minorOf(release);
        const p = schema(release, name).properties![f];
        const values = [...(enumValues(def, minor) ?? [])].sort();
        assert.deepEqual(values, expected(minor), `${typeName}.${f} in ${minor}`);
        if (p.enum) assert.deepEqual(values, [...p.enum].sort(), `${typeName}.${f} in ${minor}: the enum array`);
        else for (const v of values) assert.match(p.description!, new RegExp(`\\b${v}\\b`), `${typeName}.${f} in ${minor} names ${v}`);
      }
    }
    // The 1.34 description does not name Lt: the table does not offer it there.
    assert.doesNotMatch(schema('v1.34.12', 'io.k8s.api.core.v1.Toleration').properties!.operator.description!, /\bLt\b/);
  });
});
