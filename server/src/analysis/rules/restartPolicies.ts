/**
 * How a container restarts: its `restartPolicy` (a native sidecar's `Always`,
 * from 1.35 any container's override of the pod's policy), its
 * `restartPolicyRules`, and its `resizePolicy` (whether an in-place resize
 * restarts it), as validateContainers, validateInitContainers,
 * validateInitContainerRestartPolicy, validateContainerRestartPolicy and
 * validateResizePolicy (pkg/apis/core/validation/validation.go) check them;
 * plus the warning for these fields where the API server drops them because
 * their feature gate is off (dropDisabledFields, pkg/api/pod/util.go; see
 * gatedFields.ts).
 */
import { child, isSet, items, str } from '../model';
import { defineRule } from './rule';
import { GoStringer, duplicate, forbidden, invalid, notSupported, required, tooLong, tooMany } from './fieldErrors';
import { atLeast, changeValueFix, checkValue, goString, type Replacement } from './common';
import { gatedContainerDrops, survives } from './gatedFields';
import { VALUE_SETS, accepted, gateOf, suggestion } from '../knowledge/values';
import { NATIVE_SIDECARS, isNativeSidecar } from '../knowledge/features';
import { podRestartPolicy } from '../lifecycle';
import { CONTAINERS, snippet } from './examples';

const FILE = 'pkg/apis/core/validation/validation.go';
/** The release from which ContainerRestartRules is on by default: any container may set restartPolicy and restartPolicyRules. */
const RESTART_RULES = '1.35';

/** A Pod whose one container (`web`) has these fields too (indented for the container). */
const container = (fields: string): string => snippet(`${CONTAINERS}${fields}`);
/** A Pod with one init container `proxy` that has these fields too, and the app container. */
const initContainer = (fields: string): string => snippet(`  initContainers:\n  - name: proxy\n    image: envoyproxy/envoy:v1.31\n${fields}${CONTAINERS}`);

const gatedField = defineRule<{ gate: string }>({
  id: 'pod/gated-container-field',
  severity: 'warning',
  title: 'Container field dropped because its feature gate is off by default',
  description: `Some container fields exist in the API before their feature is on by default: the API server then drops them silently on create. \`resizePolicy\` needs \`InPlacePodVerticalScaling\` (on by default from 1.33); in ${NATIVE_SIDECARS.field} an init container \`restartPolicy\` needs \`SidecarContainers\` (on by default from ${NATIVE_SIDECARS.onByDefault}; a native sidecar's \`Always\` is covered by \`pattern/native-sidecar-unsupported-version\`); in 1.34 a container \`restartPolicy\` other than a sidecar's \`Always\`, and \`restartPolicyRules\`, need \`ContainerRestartRules\` (on by default from 1.35). Enable the gate on the cluster, target a later release, or remove the field.`,
  rejects: false,
  applies: { until: '1.34' },
  example: { invalid: container('    resizePolicy:\n    - resourceName: cpu\n      restartPolicy: NotRequired\n') },
  scope: 'pod',
  check: (ctx) => {
    for (const c of ctx.pod.containers) {
      for (const d of gatedContainerDrops(c, ctx.version)) ctx.report({ field: d.field, on: 'key', message: d.message, data: { gate: d.gate } });
    }
  },
});

const restartPolicy = defineRule<Replacement>({
  id: 'pod/container-restart-policy',
  severity: 'error',
  title: 'Container restartPolicy not allowed here or not a supported value',
  description:
    "A container-level `restartPolicy` on an init container makes it a native sidecar (`Always`). Up to 1.33 only `Always` is accepted, and only on init containers. From 1.35 (`ContainerRestartRules`) any container may set `Always`, `Never` or `OnFailure` to override the pod's policy; an init container with `Never`/`OnFailure` stays an ordinary init container.",
  upstream: `validateContainers / validateInitContainerRestartPolicy / validateContainerRestartPolicy, ${FILE}`,
  rejects: true,
  applies: { since: NATIVE_SIDECARS.field },
  example: { invalid: initContainer('    restartPolicy: Sometimes\n'), valid: initContainer('    restartPolicy: Always\n') },
  fix: changeValueFix,
  scope: 'pod',
  check: (ctx) => {
    const rulesEnabled = atLeast(ctx.version, RESTART_RULES);
    for (const c of ctx.pod.containers) {
      if (c.list === 'ephemeralContainers') continue; // pod/ephemeral-container-field
      const f = child(c.field, 'restartPolicy');
      const path = `${c.field.path}.restartPolicy`;
      if (!survives(c, f, ctx.version)) {
        // No policy: rules need one (init containers and regular ones alike).
        const rulesField = child(c.field, 'restartPolicyRules');
        if (rulesEnabled && !isSet(f) && items(rulesField).length > 0) {
          ctx.report({ field: rulesField!, on: 'key', ...required(path, 'must specify restartPolicy when restart rules are used') });
        }
        continue;
      }
      if (!rulesEnabled && c.list === 'containers') {
        if (goString(f) !== undefined) ctx.report({ field: f, on: 'key', ...forbidden(path, 'may not be set for non-init containers') });
        continue;
      }
      // Up to 1.34 an init container accepts `Always` only; from 1.35 every container takes the three values.
      checkValue(ctx, f, VALUE_SETS.containerRestartPolicy, { empty: 'unsupported', path });
    }
  },
});

const restartRules = defineRule<Replacement>({
  id: 'pod/container-restart-rules',
  severity: 'error',
  title: 'Invalid restartPolicyRules',
  description:
    '`restartPolicyRules` (1.35+) restart or stop a container depending on its exit code. Each rule needs `action: Restart` and `exitCodes` with `operator: In` or `NotIn` and at most 255 `values`; at most 20 rules; the container needs a `restartPolicy`. In 1.35 a sidecar (init container with `restartPolicy: Always`) cannot have rules, and `action: RestartAllContainers` is not accepted, unless the alpha `RestartAllContainersOnContainerExits` feature gate is on (off by default, so a default API server rejects both); from 1.36 that gate is on by default and both are accepted.',
  upstream: `validateInitContainerRestartPolicy / validateContainerRestartPolicy, ${FILE}`,
  rejects: true,
  applies: { since: RESTART_RULES },
  example: {
    invalid: container('    restartPolicy: Never\n    restartPolicyRules:\n    - action: Restart\n'),
    valid: container('    restartPolicy: Never\n    restartPolicyRules:\n    - action: Restart\n      exitCodes:\n        operator: In\n        values: [42]\n'),
  },
  fix: changeValueFix,
  scope: 'pod',
  check: (ctx) => {
    const tooManyOrLong = (path: string, n: number, max: number) => (atLeast(ctx.version, '1.36') ? tooMany(path, n, max) : tooLong(path, max));
    const actions = VALUE_SETS.restartRuleAction;
    const allowed = accepted(actions, ctx.version);
    const operators = accepted(VALUE_SETS.restartRuleOperator, ctx.version);
    for (const c of ctx.pod.containers) {
      if (c.list === 'ephemeralContainers') continue;
      const rules = child(c.field, 'restartPolicyRules');
      const list = items(rules);
      if (list.length === 0) continue;
      const path = `${c.field.path}.restartPolicyRules`;
      // An init container without a policy gets only pod/container-restart-policy's Required.
      if (c.list === 'initContainers' && !isSet(child(c.field, 'restartPolicy'))) continue;
      if (c.list === 'initContainers' && str(child(c.field, 'restartPolicy')) === 'Always' && !allowed.includes('RestartAllContainers')) {
        // Allowed only with RestartAllContainersOnContainerExits (alpha, off by default): the API server of the release rejects it.
        ctx.report({ field: rules!, on: 'key', ...forbidden(path, 'restartPolicyRules are not allowed for init containers with restart policy Always') });
        continue;
      }
      if (list.length > 20) ctx.report({ field: rules!, on: 'key', ...tooManyOrLong(path, list.length, 20) });
      for (const rule of list) {
        const action = child(rule, 'action');
        const a = goString(action);
        if (a !== undefined && !allowed.includes(a)) {
          const e = notSupported(`${rule.path}.action`, a, allowed);
          const at = { field: isSet(action) ? action : rule, on: isSet(action) ? ('value' as const) : ('key' as const) };
          // RestartAllContainers needs RestartAllContainersOnContainerExits (alpha, off by default): rejected by the release's defaults.
          const gated = !!gateOf(actions, a, ctx.version)?.gate;
          ctx.report({ ...at, ...e, ...(gated ? {} : { data: { replacement: suggestion(allowed, a) } }) });
        }
        const codes = child(rule, 'exitCodes');
        if (!isSet(codes)) {
          ctx.report({ field: codes ?? rule, on: 'key', ...required(`${rule.path}.exitCodes`, 'must be specified') });
          continue;
        }
        const op = child(codes, 'operator');
        const o = goString(op);
        if (o !== undefined && !operators.includes(o)) {
          ctx.report({
            field: isSet(op) ? op : codes,
            on: isSet(op) ? 'value' : 'key',
            ...notSupported(`${codes.path}.operator`, o, operators),
            data: { replacement: suggestion(operators, o) },
          });
        }
        const values = child(codes, 'values');
        const n = items(values).length;
        if (n > 255) ctx.report({ field: values!, on: 'key', ...tooManyOrLong(`${codes.path}.values`, n, 255) });
      }
    }
  },
});

const resizePolicy = defineRule<Replacement>({
  id: 'pod/resize-policy',
  severity: 'error',
  title: 'Invalid container resizePolicy',
  description:
    '`resizePolicy` says, per resource, whether an in-place resize restarts the container: one entry per resource (`cpu` or `memory`) with `restartPolicy` `NotRequired` or `RestartContainer`. In a pod whose `restartPolicy` is `Never` only `NotRequired` is allowed, and from 1.36 an init container that is not a sidecar cannot use `RestartContainer`.',
  upstream: `validateResizePolicy / validateInitContainers, ${FILE}`,
  rejects: true,
  // Validated from 1.33, when InPlacePodVerticalScaling is on by default (before, pod/gated-container-field).
  applies: { since: '1.33' },
  example: {
    invalid: container('    resizePolicy:\n    - resourceName: gpu\n      restartPolicy: NotRequired\n'),
    valid: container('    resizePolicy:\n    - resourceName: cpu\n      restartPolicy: NotRequired\n'),
  },
  fix: changeValueFix,
  scope: 'pod',
  check: (ctx) => {
    const podNever = podRestartPolicy(ctx.pod) === 'Never';
    // core.ResourceName has a String() method: printed unquoted up to 1.33, as JSON from 1.34.
    const resourceName = (rn: string): unknown => (atLeast(ctx.version, '1.34') ? rn : new GoStringer(rn));
    const neverMsg = atLeast(ctx.version, '1.36') ? "must be 'NotRequired' when pod `restartPolicy` is 'Never'" : "must be 'NotRequired' when `restartPolicy` is 'Never'";
    const resources = accepted(VALUE_SETS.resizeResource, ctx.version);
    const policies = accepted(VALUE_SETS.resizeRestartPolicy, ctx.version);
    for (const c of ctx.pod.containers) {
      const list = child(c.field, 'resizePolicy');
      if (!isSet(list)) continue;
      const path = `${c.field.path}.resizePolicy`;
      const seen = new Set<string>();
      for (const p of items(list)) {
        if (p.kind !== 'map') continue;
        const rnField = child(p, 'resourceName');
        const rpField = child(p, 'restartPolicy');
        const rn = goString(rnField);
        const rp = goString(rpField);
        if (rn !== undefined) {
          if (seen.has(rn)) ctx.report({ field: isSet(rnField) ? rnField : p, on: 'value', ...duplicate(p.path, resourceName(rn)) });
          seen.add(rn);
          if (rn === '') ctx.report({ field: rnField ?? p, on: 'key', ...required(path) });
          else if (!resources.includes(rn)) {
            ctx.report({ field: rnField!, on: 'value', ...notSupported(path, resourceName(rn), resources), data: { replacement: suggestion(resources, rn) } });
          }
        }
        if (rp === undefined) continue;
        if (rp === '') ctx.report({ field: rpField ?? p, on: 'key', ...required(path) });
        else if (!policies.includes(rp)) ctx.report({ field: rpField!, on: 'value', ...notSupported(path, rp, policies), data: { replacement: suggestion(policies, rp) } });
        if (podNever && rp !== 'NotRequired') ctx.report({ field: isSet(rpField) ? rpField : p, on: isSet(rpField) ? 'value' : 'key', ...invalid(path, rp, neverMsg) });
        if (atLeast(ctx.version, '1.36') && c.list === 'initContainers' && !isNativeSidecar(c, ctx.version) && rp === 'RestartContainer') {
          ctx.report({ field: rpField!, on: 'value', ...invalid(`${p.path}.restartPolicy`, rp, "must not be set to 'RestartContainer' for non-sidecar initContainers") });
        }
      }
    }
  },
});

export const restartPolicyRules = [restartPolicy, restartRules, gatedField, resizePolicy];
