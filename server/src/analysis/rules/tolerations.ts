/**
 * Tolerations, as ValidateTolerations (pkg/apis/core/validation/validation.go)
 * checks them: a qualified key, an operator the release accepts, a label
 * value, Exists without a value, a known effect, tolerationSeconds only with
 * NoExecute.
 */
import type { FieldNode, PodSpecModel } from '../model';
import { child, isSet, items } from '../model';
import { compareVersions } from '../api/table';
import { defineRule } from './rule';
import { invalid, notSupported } from './fieldErrors';
import { invalidRendered, labelValue, qualifiedName } from './stringFormats';
import { at, changeValueFix, checkValue, goString, type Replacement } from './common';
import { VALUE_SETS, accepted, gateOf, suggestion } from '../knowledge/values';
import { CONTAINERS, snippet } from './examples';

const FILE = 'pkg/apis/core/validation/validation.go';

interface Toleration {
  item: FieldNode;
  key?: string;
  keyField?: FieldNode;
  operator?: string;
  operatorField?: FieldNode;
  value?: string;
  valueField?: FieldNode;
  effect?: string;
  effectField?: FieldNode;
  seconds?: FieldNode;
}

/** The tolerations of a pod spec, each with its fields as Go decodes them. */
function tolerationsOf(pod: PodSpecModel): Toleration[] {
  const out: Toleration[] = [];
  for (const item of items(child(pod.field, 'tolerations'))) {
    if (item.kind !== 'map') continue;
    const keyField = child(item, 'key');
    const operatorField = child(item, 'operator');
    const valueField = child(item, 'value');
    const effectField = child(item, 'effect');
    const seconds = child(item, 'tolerationSeconds');
    out.push({
      item,
      key: goString(keyField),
      keyField,
      operator: goString(operatorField),
      operatorField,
      value: goString(valueField),
      valueField,
      effect: goString(effectField),
      effectField,
      seconds: isSet(seconds) ? seconds : undefined,
    });
  }
  return out;
}

const TOLERATION = (body: string): string => snippet(`${CONTAINERS}  tolerations:\n${body}`);

const tolerationKey = defineRule({
  id: 'pod/toleration-key',
  title: 'Toleration key must be a qualified name',
  description: 'A toleration `key` names a taint key: a qualified name such as `dedicated` or `node.kubernetes.io/not-ready`.',
  example: { invalid: TOLERATION('  - key: "dedicated pool"\n    operator: Exists\n'), valid: TOLERATION('  - key: dedicated-pool\n    operator: Exists\n') },
  severity: 'error',
  rejects: true,
  upstream: `ValidateTolerations, ${FILE}`,
  scope: 'pod',
  check: (ctx) =>
    tolerationsOf(ctx.pod).forEach((t) => {
      if (!t.key || !t.keyField) return;
      for (const m of qualifiedName(t.key, ctx.version)) ctx.report({ field: t.keyField, on: 'value', ...invalid(t.keyField.path, t.key, m) });
    }),
});

const tolerationEmptyKey = defineRule({
  id: 'pod/toleration-empty-key',
  title: 'A toleration without key must use operator Exists',
  description:
    'A toleration with no `key` tolerates every taint, which is only expressible with `operator: Exists`. Name the taint `key`, or set `operator: Exists` (and no `value`) to tolerate everything.',
  example: { invalid: TOLERATION('  - operator: Equal\n    value: gpu\n'), valid: TOLERATION('  - key: dedicated\n    operator: Equal\n    value: gpu\n') },
  severity: 'error',
  rejects: true,
  upstream: `ValidateTolerations, ${FILE}`,
  scope: 'pod',
  check: (ctx) =>
    tolerationsOf(ctx.pod).forEach((t) => {
      if (t.key !== '' || t.operator === 'Exists' || t.operator === undefined) return;
      const path = `${t.item.path}.operator`;
      ctx.report({
        ...at(t.operatorField, t.item),
        ...invalid(path, t.operator, 'operator must be Exists when `key` is empty, which means "match all values and all keys"'),
      });
    }),
});

const tolerationOperator = defineRule<Replacement>({
  id: 'pod/toleration-operator',
  title: 'Toleration operator must be Equal or Exists',
  description:
    'A toleration `operator` is `Equal` (the default: key and value must match) or `Exists` (any value). Values are case-sensitive. From 1.35 `Lt` and `Gt` (numeric comparison) exist behind the alpha `TaintTolerationComparisonOperators` gate, off by default: with the default gates the API server refuses them (it names them among the supported values).',
  example: { invalid: TOLERATION('  - key: dedicated\n    operator: exists\n'), valid: TOLERATION('  - key: dedicated\n    operator: Exists\n') },
  severity: 'error',
  rejects: true,
  upstream: `ValidateTolerations, ${FILE}`,
  scope: 'pod',
  check: (ctx) =>
    tolerationsOf(ctx.pod).forEach((t) => {
      const op = t.operator;
      const set = VALUE_SETS.tolerationOperator;
      const values = accepted(set, ctx.version);
      if (op === undefined || op === '' || values.includes(op) || !t.operatorField) return;
      // From 1.35 `Lt` and `Gt` exist behind an alpha gate, off by default: the API server refuses them
      // and lists them among the supported values (AllowTaintTolerationComparisonOperators false).
      const gated = gateOf(set, op, ctx.version);
      if (gated) {
        ctx.report({ field: t.operatorField, on: 'value', ...notSupported(t.operatorField.path, op, [...values, ...Object.keys(set.gated ?? {})]) });
        return;
      }
      ctx.report({ field: t.operatorField, on: 'value', ...notSupported(t.operatorField.path, op, values), data: { replacement: suggestion(values, op) } });
    }),
  fix: changeValueFix,
});

const tolerationValue = defineRule({
  id: 'pod/toleration-value',
  title: 'Toleration value must be a label value',
  description:
    'With `operator: Equal` (or no operator) the toleration `value` is compared with the taint value: it must be a valid label value (63 characters, alphanumerics, `-`, `_`, `.`). The API server reports it at the `operator` path.',
  example: { invalid: TOLERATION('  - key: dedicated\n    value: "gpu nodes"\n'), valid: TOLERATION('  - key: dedicated\n    value: gpu-nodes\n') },
  severity: 'error',
  rejects: true,
  upstream: `ValidateTolerations, ${FILE}`,
  scope: 'pod',
  check: (ctx) =>
    tolerationsOf(ctx.pod).forEach((t) => {
      if (t.value === undefined || (t.operator !== '' && t.operator !== 'Equal')) return;
      const errs = labelValue(t.value, ctx.version);
      if (errs.length) ctx.report({ ...at(t.valueField, t.item), ...invalid(`${t.item.path}.operator`, t.value, errs.join(';')) });
    }),
});

const tolerationExistsWithValue = defineRule({
  id: 'pod/toleration-exists-with-value',
  title: 'A toleration with operator Exists must not set a value',
  description:
    '`operator: Exists` matches the taint key whatever its value, so a `value` makes no sense and is refused. Drop the `value`, or use `operator: Equal` to match that value only.',
  example: {
    invalid: TOLERATION('  - key: dedicated\n    operator: Exists\n    value: gpu\n'),
    valid: TOLERATION('  - key: dedicated\n    operator: Equal\n    value: gpu\n'),
  },
  severity: 'error',
  rejects: true,
  upstream: `ValidateTolerations, ${FILE}`,
  scope: 'pod',
  check: (ctx) =>
    tolerationsOf(ctx.pod).forEach((t) => {
      if (t.operator !== 'Exists' || !t.value) return;
      const path = `${t.item.path}.operator`;
      const detail = "value must be empty when `operator` is 'Exists'";
      if (compareVersions(ctx.version, '1.32') >= 0) {
        ctx.report({ ...at(t.valueField, t.item), ...invalid(path, t.value, detail) });
        return;
      }
      // Before 1.32 the whole toleration was printed (%#v of core.Toleration; a set tolerationSeconds prints as a pointer).
      const secs = t.seconds ? '(*int64)(0xc000000000)' : '(*int64)(nil)';
      const dump = `core.Toleration{Key:${JSON.stringify(t.key ?? '')}, Operator:"Exists", Value:${JSON.stringify(t.value)}, Effect:${JSON.stringify(t.effect ?? '')}, TolerationSeconds:${secs}}`;
      ctx.report({ ...at(t.valueField, t.item), ...invalidRendered(path, dump, detail) });
    }),
});

const tolerationEffect = defineRule<Replacement>({
  id: 'pod/toleration-effect',
  title: 'Toleration effect must be NoSchedule, PreferNoSchedule or NoExecute',
  description: 'A toleration `effect` is `NoSchedule`, `PreferNoSchedule` or `NoExecute`; leave it out to match every effect.',
  example: {
    invalid: TOLERATION('  - key: dedicated\n    operator: Exists\n    effect: NoExec\n'),
    valid: TOLERATION('  - key: dedicated\n    operator: Exists\n    effect: NoExecute\n'),
  },
  severity: 'error',
  rejects: true,
  upstream: `ValidateTolerations, ${FILE}`,
  scope: 'pod',
  check: (ctx) =>
    tolerationsOf(ctx.pod).forEach((t) => {
      if (t.effect) checkValue(ctx, t.effectField, VALUE_SETS.tolerationEffect);
    }),
  fix: changeValueFix,
});

const tolerationSeconds = defineRule({
  id: 'pod/toleration-seconds-effect',
  title: 'tolerationSeconds requires effect NoExecute',
  description:
    '`tolerationSeconds` says how long a running pod stays on a node after a `NoExecute` taint appears. It means nothing for the other effects, and the API server refuses it unless `effect: NoExecute` is set.',
  example: {
    invalid: TOLERATION('  - key: node.kubernetes.io/unreachable\n    operator: Exists\n    tolerationSeconds: 30\n'),
    valid: TOLERATION('  - key: node.kubernetes.io/unreachable\n    operator: Exists\n    effect: NoExecute\n    tolerationSeconds: 30\n'),
  },
  severity: 'error',
  rejects: true,
  upstream: `ValidateTolerations, ${FILE}`,
  scope: 'pod',
  check: (ctx) =>
    tolerationsOf(ctx.pod).forEach((t) => {
      if (!t.seconds || t.effect === 'NoExecute' || t.effect === undefined) return;
      const path = `${t.item.path}.effect`;
      ctx.report({
        ...(t.effectField ? at(t.effectField, t.item) : { field: t.seconds, on: 'key' as const }),
        ...invalid(path, t.effect, "effect must be 'NoExecute' when `tolerationSeconds` is set"),
      });
    }),
});

export const tolerationRules = [tolerationKey, tolerationEmptyKey, tolerationOperator, tolerationValue, tolerationExistsWithValue, tolerationEffect, tolerationSeconds];
