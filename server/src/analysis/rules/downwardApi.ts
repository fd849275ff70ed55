/**
 * The downward API selectors that env vars and downwardAPI volume files share:
 * validateObjectFieldSelector (with ConvertDownwardAPIFieldLabel,
 * pkg/apis/core/pods/helpers.go) and validateContainerResourceFieldSelector /
 * validateContainerResourceDivisor (pkg/apis/core/validation/validation.go).
 * Each reports to the rule that calls it, with "Change to X" data where the
 * value differs from an accepted one only in case.
 */
import type { FieldNode } from '../model';
import { child, isSet } from '../model';
import { canonicalQuantity, isZero, quantityOf } from '../quantity';
import { VALUE_SETS, accepted, suggestion, type ValueSet } from '../knowledge/values';
import { invalid, notSupported, required, type FieldError } from './fieldErrors';
import { atLeast, goString, reportAt, type Replacement, type Sink } from './common';
import { qualifiedName } from './stringFormats';

/** The labels ConvertDownwardAPIFieldLabel accepts (besides `spec.host`, which it converts to `spec.nodeName`). */
function convertibleLabels(version: string): string[] {
  const labels = [
    'metadata.annotations',
    'metadata.labels',
    'metadata.name',
    'metadata.namespace',
    'metadata.uid',
    'spec.nodeName',
    'spec.restartPolicy',
    'spec.serviceAccountName',
    'spec.schedulerName',
    'status.phase',
    'status.hostIP',
    'status.podIP',
    'status.podIPs',
  ];
  if (atLeast(version, '1.28')) labels.push('status.hostIPs');
  return labels;
}

/** fieldpath.SplitMaybeSubscriptedPath: `metadata.labels['app']` -> ['metadata.labels', 'app']. */
function splitSubscript(fp: string): [string, string] | undefined {
  if (!fp.endsWith("']")) return undefined;
  const s = fp.slice(0, -2);
  const at = s.indexOf("['");
  if (at <= 0) return undefined;
  return [s.slice(0, at), s.slice(at + 2)];
}

/**
 * validateObjectFieldSelector of the selector `fs`, whose path upstream
 * writes `base`: Required fieldPath, the conversion errors, the subscript's
 * qualified-name errors (at `base` itself) and NotSupported against the
 * field paths of `paths`.
 */
export function checkObjectFieldSelector(out: Sink<Replacement>, fs: FieldNode, base: string, paths: ValueSet): void {
  const apiVersion = goString(child(fs, 'apiVersion'));
  const fp = goString(child(fs, 'fieldPath'));
  if (apiVersion === undefined || fp === undefined) return;
  const expressions = accepted(paths, out.version);
  const atFp = (err: FieldError, data?: Replacement): void => reportAt(out, fs, 'fieldPath', err, data);
  if (fp === '') {
    atFp(required(`${base}.fieldPath`));
    return;
  }
  // apiVersion "" is defaulted to "v1" (SetDefaults_ObjectFieldSelector).
  const podVersion = apiVersion === '' ? 'v1' : apiVersion;
  if (podVersion !== 'v1') {
    atFp(invalid(`${base}.fieldPath`, fp, `error converting fieldPath: unsupported pod version: ${podVersion}`));
    return;
  }
  const sub = splitSubscript(fp);
  if (sub) {
    if (sub[0] !== 'metadata.annotations' && sub[0] !== 'metadata.labels') {
      atFp(invalid(`${base}.fieldPath`, fp, `error converting fieldPath: field label does not support subscript: ${fp}`));
      return;
    }
    const value = sub[0] === 'metadata.annotations' ? sub[1].toLowerCase() : sub[1];
    for (const msg of qualifiedName(value, out.version)) atFp(invalid(base, value, msg));
    return;
  }
  const internal = fp === 'spec.host' ? 'spec.nodeName' : fp;
  // A label it does not know may be a known one in the wrong case (`metadata.Name`): the fix changes it.
  if (fp !== 'spec.host' && !convertibleLabels(out.version).includes(fp))
    atFp(invalid(`${base}.fieldPath`, fp, `error converting fieldPath: field label not supported: ${fp}`), { replacement: suggestion(expressions, fp) });
  else if (!expressions.includes(internal)) atFp(notSupported(`${base}.fieldPath`, internal, expressions));
}

const BYTE_DIVISORS = ['1', '1k', '1M', '1G', '1T', '1P', '1E', '1Ki', '1Mi', '1Gi', '1Ti', '1Pi', '1Ei'];
const BYTE_DIVISORS_TEXT = BYTE_DIVISORS.join(', ');

/**
 * validateContainerResourceFieldSelector and validateContainerResourceDivisor
 * of the selector `fs`, whose path upstream writes `base`; `volume`:
 * containerName is required (downward API volumes).
 */
export function checkResourceFieldSelector(out: Sink<Replacement>, fs: FieldNode, base: string, volume: boolean): void {
  const containerName = goString(child(fs, 'containerName'));
  const resource = goString(child(fs, 'resource'));
  if (containerName === undefined || resource === undefined) return;
  const resources = accepted(VALUE_SETS.resourceFieldRef, out.version);
  const hugePages = resource.startsWith('requests.hugepages-') || resource.startsWith('limits.hugepages-');
  if (volume && containerName === '') reportAt(out, fs, 'containerName', required(`${base}.containerName`));
  else if (resource === '') reportAt(out, fs, 'resource', required(`${base}.resource`));
  else if (!resources.includes(resource) && !hugePages)
    reportAt(out, fs, 'resource', notSupported(`${base}.resource`, resource, resources), { replacement: suggestion(resources, resource) });
  const divisorField = child(fs, 'divisor');
  const divisor = isSet(divisorField) ? quantityOf(divisorField.value) : undefined;
  if (!divisorField || !divisor || isZero(divisor)) return;
  const d = canonicalQuantity(divisor);
  let detail: string | undefined;
  if (resource === 'limits.cpu' || resource === 'requests.cpu') {
    if (d !== '1m' && d !== '1') detail = "only divisor's values 1m and 1 are supported with the cpu resource";
  } else if (resource === 'limits.memory' || resource === 'requests.memory') {
    if (!BYTE_DIVISORS.includes(d)) detail = `only divisor's values ${BYTE_DIVISORS_TEXT} are supported with the memory resource`;
  } else if (resource === 'limits.ephemeral-storage' || resource === 'requests.ephemeral-storage') {
    if (!BYTE_DIVISORS.includes(d)) detail = `only divisor's values ${BYTE_DIVISORS_TEXT} are supported with the local ephemeral storage resource`;
  }
  const atDivisor = (err: FieldError): void => out.report({ field: divisorField, on: 'value', ...err });
  if (detail) atDivisor(invalid(`${base}.divisor`, resource, detail));
  if (hugePages && !BYTE_DIVISORS.includes(d))
    atDivisor(invalid(`${base}.divisor`, resource, `only divisor's values ${BYTE_DIVISORS_TEXT} are supported with the hugepages resource`));
}
