// Facts about the generated Kubernetes API table (committed; `npm run gen`
// regenerates it) and its loader. apiTableSource.test.ts compares the table
// with the upstream OpenAPI documents themselves.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  DATA_VERSIONS,
  DEFAULT_VERSION,
  SUPPORTED_VERSIONS,
  TABLE,
  compareVersions,
  enumValues,
  fieldDefault,
  fieldDoc,
  fieldStatus,
  getField,
  getType,
  hasData,
  isSupportedVersion,
  normalizeVersion,
  parseVersion,
  rootType,
  typeDoc,
} from '../../server/src/analysis/api/table';
import type { FieldDef } from '../../server/src/analysis/api/tableTypes';
import { apiDocs } from '../../server/src/analysis/api/docs';

function field(typeName: string, fieldName: string): FieldDef {
  const def = getField(typeName, fieldName);
  assert.ok(def, `${typeName}.${fieldName} is in the table`);
  return def;
}

describe('versions', () => {
  it('has data of its own for every minor from 1.27 to 1.37', () => {
    assert.deepEqual(DATA_VERSIONS, ['1.27', '1.28', '1.29', '1.30', '1.31', '1.32', '1.33', '1.34', '1.35', '1.36', '1.37']);
    for (const v of ['1.31', '1.35', '1.37', 'v1.34.2']) assert.equal(hasData(v), true, v);
    assert.equal(hasData('1.26'), false);
    assert.equal(hasData('1.38'), false);
  });

  it('lets users choose 1.27 to 1.37, the newest by default', () => {
    assert.deepEqual(SUPPORTED_VERSIONS, ['1.27', '1.28', '1.29', '1.30', '1.31', '1.32', '1.33', '1.34', '1.35', '1.36', '1.37']);
    assert.equal(DEFAULT_VERSION, '1.37');
    assert.ok(DATA_VERSIONS.includes(DEFAULT_VERSION), 'the default has data');
  });

  it('records which release gave each minor', () => {
    assert.deepEqual(Object.keys(TABLE.sources), DATA_VERSIONS);
    assert.equal(TABLE.sources['1.27'], 'k8s.io/kubernetes@v1.27.16');
    assert.equal(TABLE.sources['1.31'], 'k8s.io/kubernetes@v1.31.14');
    assert.equal(TABLE.sources['1.37'], 'k8s.io/kubernetes@v1.37.2');
    for (const [minor, source] of Object.entries(TABLE.sources)) assert.ok(source.startsWith(`k8s.io/kubernetes@v${minor}.`), source);
  });

  it('parses and compares versions', () => {
    assert.deepEqual(parseVersion('1.30'), { major: 1, minor: 30 });
    assert.deepEqual(parseVersion('v1.29.4-eks-1'), { major: 1, minor: 29 });
    assert.equal(parseVersion('latest'), undefined);
    assert.equal(parseVersion(''), undefined);
    assert.equal(normalizeVersion('v1.36.0'), '1.36');
    assert.ok(compareVersions('1.9', '1.10') < 0, 'numeric, not lexical');
    assert.ok(compareVersions('1.36', '1.28') > 0);
    assert.equal(compareVersions('v1.30.1', '1.30'), 0);
    assert.ok(Number.isNaN(compareVersions('nope', '1.30')));
    assert.equal(isSupportedVersion('1.31'), true);
    assert.equal(isSupportedVersion('v1.27.3'), true);
    assert.equal(isSupportedVersion('1.26'), false);
    assert.equal(isSupportedVersion('1.37'), true);
    assert.equal(isSupportedVersion('1.38'), false, 'no data, not selectable');
    assert.equal(isSupportedVersion('one'), false);
  });
});

describe('types and fields', () => {
  it('maps every workload kind to its root type', () => {
    const roots: Record<string, string> = {
      Pod: 'V1Pod',
      PodTemplate: 'V1PodTemplate',
      Deployment: 'V1Deployment',
      StatefulSet: 'V1StatefulSet',
      DaemonSet: 'V1DaemonSet',
      ReplicaSet: 'V1ReplicaSet',
      ReplicationController: 'V1ReplicationController',
      Job: 'V1Job',
      CronJob: 'V1CronJob',
    };
    for (const [kind, type] of Object.entries(roots)) {
      assert.equal(rootType(kind), type);
      assert.ok(getType(type), `${type} is in the table`);
    }
    assert.equal(rootType('Service'), undefined);
    assert.equal(rootType('toString'), undefined);
  });

  it('follows references to every type they name', () => {
    const missing: string[] = [];
    for (const [name, t] of Object.entries(TABLE.types)) {
      for (const [f, def] of Object.entries(t.fields)) {
        let ft = def.type;
        while (ft.items) ft = ft.items;
        if (ft.kind === 'object' && !(ft.ref && getType(ft.ref))) missing.push(`${name}.${f}`);
      }
    }
    assert.deepEqual(missing, []);
    assert.ok(Object.keys(TABLE.types).length > 150, 'the pod API reaches well over 150 types');
  });

  it('names types by the newest spelling across versions', () => {
    // ResourceRequirements.claims was V1ResourceClaim up to 1.33, CoreV1ResourceClaim since.
    assert.deepEqual(field('V1ResourceRequirements', 'claims').type, { kind: 'array', items: { kind: 'object', ref: 'CoreV1ResourceClaim' } });
    assert.equal(getType('V1ResourceClaim'), undefined);
    assert.ok(getField('CoreV1ResourceClaim', 'name'));
    assert.equal(field('CoreV1ResourceClaim', 'request').since, '1.31');
  });

  it('names the types of other API versions like the client libraries do', () => {
    // batch/v1 JobSpec.scheduling (1.37) holds scheduling.k8s.io/v1alpha3 types.
    const scheduling = field('V1JobSpec', 'scheduling');
    assert.equal(scheduling.since, '1.37');
    assert.deepEqual(scheduling.type, { kind: 'object', ref: 'V1JobSchedulingConfiguration' });
    assert.deepEqual(field('V1JobSchedulingConfiguration', 'schedulingPolicy').type, {
      kind: 'object',
      ref: 'V1alpha3WorkloadPodGroupSchedulingPolicy',
    });
    // An empty struct upstream is an object without fields, not free-form.
    assert.deepEqual(field('V1alpha3WorkloadPodGroupSchedulingPolicy', 'basic').type, {
      kind: 'object',
      ref: 'V1alpha3WorkloadPodGroupBasicSchedulingPolicy',
    });
    assert.deepEqual(getType('V1alpha3WorkloadPodGroupBasicSchedulingPolicy')?.fields, {});
  });

  it('returns nothing for unknown or inherited keys', () => {
    assert.equal(getType('V1Nope'), undefined);
    assert.equal(getField('V1Container', 'imagePullPolicyy'), undefined);
    assert.equal(getField('V1Container', 'constructor'), undefined);
    assert.equal(getField('V1Container', '__proto__'), undefined);
    assert.equal(getField('V1Nope', 'name'), undefined);
  });

  it('types fields from the upstream models', () => {
    assert.deepEqual(field('V1Probe', 'successThreshold').type, { kind: 'integer', format: 'int32' });
    assert.deepEqual(field('V1Probe', 'terminationGracePeriodSeconds').type, { kind: 'integer', format: 'int64' });
    assert.deepEqual(field('V1ResourceRequirements', 'limits').type, { kind: 'map', items: { kind: 'quantity' } });
    assert.deepEqual(field('V1ResourceRequirements', 'requests').type, { kind: 'map', items: { kind: 'quantity' } });
    assert.deepEqual(field('V1EmptyDirVolumeSource', 'sizeLimit').type, { kind: 'quantity' });
    assert.deepEqual(field('V1Container', 'ports').type, { kind: 'array', items: { kind: 'object', ref: 'V1ContainerPort' } });
    assert.deepEqual(field('V1Container', 'image').type, { kind: 'string' });
    assert.deepEqual(field('V1Container', 'stdin').type, { kind: 'boolean' });
    assert.deepEqual(field('V1Container', 'livenessProbe').type, { kind: 'object', ref: 'V1Probe' });
    assert.deepEqual(field('V1HTTPGetAction', 'port').type, { kind: 'intOrString' });
    assert.deepEqual(field('V1RollingUpdateDeployment', 'maxSurge').type, { kind: 'intOrString' });
    assert.deepEqual(field('V1ObjectMeta', 'creationTimestamp').type, { kind: 'dateTime' });
    assert.deepEqual(field('V1ObjectMeta', 'labels').type, { kind: 'map', items: { kind: 'string' } });
    assert.deepEqual(field('V1PodSecurityContext', 'supplementalGroups').type, {
      kind: 'array',
      items: { kind: 'integer', format: 'int64' },
    });
    assert.deepEqual(field('V1ManagedFieldsEntry', 'fieldsV1').type, { kind: 'any' });
  });

  it('marks required fields', () => {
    assert.equal(field('V1PodSpec', 'containers').required, true);
    assert.equal(field('V1ObjectMeta', 'name').required, undefined);
    assert.equal(field('V1Container', 'name').required, true);
    assert.equal(field('V1VolumeMount', 'mountPath').required, true);
    assert.notEqual(field('V1Container', 'image').required, true);
    assert.notEqual(field('V1PodSpec', 'initContainers').required, true);
  });
});

describe('docs', () => {
  it('gives the upstream description of fields and types', () => {
    assert.match(fieldDoc(field('V1Container', 'image')) ?? '', /^Container image name\./);
    assert.match(fieldDoc(field('V1PodSpec', 'restartPolicy')) ?? '', /Restart policy for all containers within the pod/);
    assert.match(typeDoc('V1Container') ?? '', /A single application container/);
    assert.equal(typeDoc('V1Nope'), undefined);
  });

  it('keeps the text as upstream writes it', () => {
    const doc = fieldDoc(field('V1Container', 'args')) ?? '';
    assert.match(doc, /The container image's CMD/);
    assert.doesNotMatch(doc, /\\/);
    assert.match(fieldDoc(field('V1PodSpec', 'resources')) ?? '', /not supported\.\n\nThis field enables fine-grained control/, 'paragraphs stay');
  });

  it("gives an object field's own description, not its type's", () => {
    assert.match(fieldDoc(field('V1Container', 'livenessProbe')) ?? '', /^Periodic probe of container liveness\./);
    assert.match(fieldDoc(field('V1Container', 'readinessProbe')) ?? '', /^Periodic probe of container service readiness\./);
    assert.match(fieldDoc(field('V1Container', 'resources')) ?? '', /^Compute Resources required by this container\./);
    assert.match(fieldDoc(field('V1PodSpec', 'resources')) ?? '', /total amount of CPU and Memory resources required by all containers/);
    assert.match(fieldDoc(field('V1PodTemplateSpec', 'spec')) ?? '', /Specification of the desired behavior of the pod/);
    assert.match(typeDoc('V1Probe') ?? '', /health check/);
  });

  it('falls back to the referenced type for a field without a description of its own', () => {
    // Every field of today's data has its own; the fallback serves a table that lacks one.
    assert.equal(fieldDoc({ type: { kind: 'object', ref: 'V1Probe' } }), typeDoc('V1Probe'));
    assert.equal(fieldDoc({ type: { kind: 'array', items: { kind: 'object', ref: 'V1Container' } } }), typeDoc('V1Container'));
    assert.equal(fieldDoc({ type: { kind: 'string' } }), undefined);
  });

  it('stores each description once', () => {
    const docs = apiDocs() ?? [];
    assert.ok(docs.length > 1000, 'the descriptions are bundled here');
    assert.equal(new Set(docs).size, docs.length);
    assert.equal(field('V1Container', 'workingDir').doc, field('V1EphemeralContainer', 'workingDir').doc);
  });
});

describe('defaults', () => {
  it('gives the defaults the documents state', () => {
    assert.equal(fieldDefault(field('V1ContainerPort', 'protocol')), 'TCP');
    assert.equal(fieldDefault(field('V1ReplicationControllerSpec', 'replicas')), 1);
    assert.equal(fieldDefault(field('V1AzureDiskVolumeSource', 'cachingMode')), 'ReadWrite');
  });

  it('leaves out the zero values the documents state for fields serialised without omitempty', () => {
    // upstream: containerPort `default: 0` (required), name `default: ""`, resources `default: {}`.
    assert.equal(fieldDefault(field('V1ContainerPort', 'containerPort')), undefined);
    assert.equal(fieldDefault(field('V1Container', 'name')), undefined);
    assert.equal(fieldDefault(field('V1Container', 'resources')), undefined);
    // Defaults applied by the API server's defaulting code are not in the documents.
    assert.equal(fieldDefault(field('V1Container', 'terminationMessagePath')), undefined);
  });
});

describe('enums', () => {
  it('reads the values upstream descriptions list', () => {
    assert.deepEqual([...(enumValues(field('V1Container', 'imagePullPolicy')) ?? [])].sort(), ['Always', 'IfNotPresent', 'Never']);
    assert.deepEqual([...(enumValues(field('V1PodSpec', 'restartPolicy')) ?? [])].sort(), ['Always', 'Never', 'OnFailure']);
    assert.deepEqual(enumValues(field('V1ContainerPort', 'protocol')), ['UDP', 'TCP', 'SCTP']);
    assert.deepEqual(enumValues(field('V1PodSpec', 'dnsPolicy')), ['ClusterFirstWithHostNet', 'ClusterFirst', 'Default', 'None']);
    assert.deepEqual(enumValues(field('V1DeploymentStrategy', 'type')), ['Recreate', 'RollingUpdate']);
    assert.deepEqual(enumValues(field('V1CronJobSpec', 'concurrencyPolicy')), ['Allow', 'Forbid', 'Replace']);
    assert.deepEqual(enumValues(field('V1SeccompProfile', 'type')), ['Localhost', 'RuntimeDefault', 'Unconfined']);
    assert.deepEqual(enumValues(field('V1JobSpec', 'completionMode')), ['NonIndexed', 'Indexed']);
  });

  it('joins the list upstream splits with a stray period', () => {
    // "Valid operators are In, NotIn, Exists, DoesNotExist. Gt, and Lt."
    assert.deepEqual(enumValues(field('V1NodeSelectorRequirement', 'operator')), ['In', 'NotIn', 'Exists', 'DoesNotExist', 'Gt', 'Lt']);
  });

  it('keeps the description and guesses nothing for free text', () => {
    assert.match(fieldDoc(field('V1Container', 'imagePullPolicy')) ?? '', /One of Always, Never, IfNotPresent/);
    assert.equal(enumValues(field('V1Container', 'image')), undefined);
    assert.equal(enumValues(field('V1Container', 'name')), undefined);
    assert.equal(enumValues(field('V1Toleration', 'key')), undefined); // "operator must be Exists; ..."
    assert.equal(enumValues(field('V1PodOS', 'name')), undefined); // lower-case, open set
    for (const t of Object.values(TABLE.types)) {
      for (const def of Object.values(t.fields)) {
        for (const v of def.enum ?? []) assert.match(v, /^[A-Za-z0-9][\w.-]*$/);
      }
    }
  });

  it('filters values by the version whose descriptions name them', () => {
    const op = field('V1Toleration', 'operator');
    assert.deepEqual(enumValues(op), ['Exists', 'Equal', 'Lt', 'Gt']);
    assert.deepEqual(enumValues(op, '1.34'), ['Exists', 'Equal']);
    assert.deepEqual(enumValues(op, '1.35'), ['Exists', 'Equal', 'Lt', 'Gt']);
    assert.deepEqual(enumValues(op, '1.37'), ['Exists', 'Equal', 'Lt', 'Gt']);
    assert.deepEqual(enumValues(op, 'latest'), ['Exists', 'Equal', 'Lt', 'Gt'], 'no version: all values');
    const action = field('V1PodFailurePolicyRule', 'action');
    assert.ok(!enumValues(action, '1.27')?.includes('FailIndex'));
    assert.ok(enumValues(action, '1.28')?.includes('FailIndex'));
  });
});

describe('fields across versions', () => {
  it('dates fields by the first data version that has them', () => {
    assert.equal(field('V1Container', 'restartPolicy').since, '1.28');
    assert.equal(field('V1PodSpec', 'hostnameOverride').since, '1.34');
    assert.equal(field('V1Volume', 'image').since, '1.31');
    assert.equal(field('V1PodStatus', 'resources').since, '1.35');
    assert.equal(field('V1VolumeMount', 'bindMountOptions').since, '1.37');
    assert.equal(field('V1Container', 'restartPolicyRules').since, '1.34');
    assert.equal(field('V1Container', 'resizePolicy').since, undefined);
    assert.equal(field('V1Container', 'image').since, undefined);
    assert.equal(field('V1VolumeMount', 'recursiveReadOnly').since, '1.30');
    assert.equal(field('V1PodSpec', 'resources').since, '1.32');
    assert.equal(field('V1EnvVarSource', 'fileKeyRef').since, '1.34');
    assert.equal(field('V1LifecycleHandler', 'sleep').since, '1.29');
  });

  it('dates removed fields by the last data version that has them', () => {
    assert.equal(field('V1PodResourceClaim', 'source').until, '1.30');
    assert.equal(field('V1PersistentVolumeClaimStatus', 'resizeStatus').until, '1.27');
    assert.equal(field('V1Container', 'image').until, undefined);
  });

  it('lists exactly these V1Container changes', () => {
    const changed = Object.entries(getType('V1Container')?.fields ?? {})
      .filter(([, d]) => d.since || d.until)
      .map(([f, d]) => `${f}:${d.since ?? ''}:${d.until ?? ''}`);
    assert.deepEqual(changed, ['restartPolicy:1.28:', 'restartPolicyRules:1.34:']);
  });

  it('knows resizePolicy and not restartPolicy in 1.27', () => {
    assert.equal(fieldStatus(field('V1Container', 'resizePolicy'), '1.27'), 'known');
    assert.equal(fieldStatus(field('V1Container', 'restartPolicy'), '1.27'), 'unknown');
    assert.equal(fieldStatus(field('V1Container', 'restartPolicy'), '1.28'), 'known');
    assert.equal(fieldStatus(field('V1Container', 'restartPolicy'), '1.29'), 'known');
    assert.equal(fieldStatus(field('V1Container', 'restartPolicy'), 'v1.29.3'), 'known');
    assert.equal(fieldStatus(field('V1Container', 'image'), '1.20'), 'known');
  });

  it('knows 1.31, 1.35 and 1.37 from their own data', () => {
    const group = field('V1PodSpec', 'schedulingGroup');
    assert.equal(group.since, '1.36');
    assert.equal(fieldStatus(group, '1.34'), 'unknown');
    assert.equal(fieldStatus(group, '1.35'), 'unknown');
    assert.equal(fieldStatus(group, '1.36'), 'known');
    const podResources = field('V1PodSpec', 'resources'); // since 1.32
    assert.equal(fieldStatus(podResources, '1.30'), 'unknown');
    assert.equal(fieldStatus(podResources, '1.31'), 'unknown');
    assert.equal(fieldStatus(podResources, '1.32'), 'known');
    const imageVolume = field('V1Volume', 'image'); // since 1.31
    assert.equal(fieldStatus(imageVolume, '1.30'), 'unknown');
    assert.equal(fieldStatus(imageVolume, '1.31'), 'known');
    const workloadRef = field('V1PodSpec', 'workloadRef'); // 1.35 only
    assert.deepEqual([workloadRef.since, workloadRef.until], ['1.35', '1.35']);
    assert.equal(fieldStatus(workloadRef, '1.34'), 'unknown');
    assert.equal(fieldStatus(workloadRef, '1.35'), 'known');
    assert.equal(fieldStatus(workloadRef, '1.36'), 'unknown');
    const bind = field('V1VolumeMount', 'bindMountOptions'); // since 1.37
    assert.equal(fieldStatus(bind, '1.36'), 'unknown');
    assert.equal(fieldStatus(bind, '1.37'), 'known');
    assert.equal(fieldStatus(field('V1VolumeMount', 'recursiveReadOnly'), '1.31'), 'known'); // since 1.30
    assert.equal(fieldStatus(field('V1Container', 'restartPolicyRules'), '1.31'), 'unknown'); // since 1.34
    assert.equal(fieldStatus(field('V1Container', 'restartPolicyRules'), '1.35'), 'known');
  });

  it('treats until the same way', () => {
    const source = field('V1PodResourceClaim', 'source'); // until 1.30
    assert.equal(fieldStatus(source, '1.30'), 'known');
    assert.equal(fieldStatus(source, '1.31'), 'unknown');
    assert.equal(fieldStatus(source, '1.32'), 'unknown');
    assert.equal(fieldStatus(source, '1.35'), 'unknown');
    const resizeStatus = field('V1PersistentVolumeClaimStatus', 'resizeStatus'); // until 1.27
    assert.equal(fieldStatus(resizeStatus, '1.27'), 'known');
    assert.equal(fieldStatus(resizeStatus, '1.28'), 'unknown');
  });

  it('holds nothing against a field for a version that does not parse', () => {
    assert.equal(fieldStatus(field('V1Container', 'restartPolicy'), 'latest'), 'known');
    assert.equal(fieldStatus(field('V1PodResourceClaim', 'source'), 'latest'), 'known');
    assert.equal(fieldStatus(field('V1Container', 'image'), 'latest'), 'known');
  });

  it('dates only with data versions', () => {
    for (const t of Object.values(TABLE.types)) {
      for (const def of Object.values(t.fields)) {
        if (def.since) assert.ok(DATA_VERSIONS.includes(def.since) && def.since !== DATA_VERSIONS[0]);
        if (def.until) assert.ok(DATA_VERSIONS.includes(def.until) && def.until !== DATA_VERSIONS[DATA_VERSIONS.length - 1]);
      }
    }
  });
});
