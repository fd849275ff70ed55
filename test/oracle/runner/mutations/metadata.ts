/**
 * Object metadata (ObjectMeta) of the object and of its pod template: names, generateName and
 * namespace drawn from the edges of the DNS label and subdomain formats; label and annotation
 * keys and values from the edges of the qualified-name and label-value formats (with and without
 * prefix, lengths 63/64 and 253/254, case, separators), annotation sizes around the 256 KiB limit
 * (kubectl apply's last-applied copy counts too); finalizers from standard, prefixed and invalid
 * names; owner references with each required field missing or malformed; an Indexed Job's
 * completions against its name's length.
 */
import type { Obj } from '../bases';
import { getAt, setAt, type Mutation, type Segment } from '../mutate';
import type { Random } from '../random';

const x = (n: number, c = 'x'): string => c.repeat(n);

/** The edges of IsDNS1123Label / IsDNS1123Subdomain (and their prefix forms). */
const NAMES: readonly string[] = [
  'a', '0', 'a-', '-a', 'a.b', 'a..b', '.a', 'a.', 'A', 'aB', 'a_b', 'a b', 'é', '', 'a-b-c-',
  x(62), x(63), x(64), `${x(63)}.${x(63)}`, `${x(63)}.${x(64)}`, x(253), x(254), `${x(58)}-`, `${x(60)}-`, `${x(252)}-`,
];

const KEY_NAMES: readonly string[] = ['a', 'A', '0', 'a.b', 'a_b', 'a-b', '-a', 'a-', '_a', 'a b', 'a@b', x(63), x(64), ''];
const KEY_PREFIXES: readonly string[] = ['', 'example.com/', 'Example.com/', 'a/b/', '/', 'a_b/', `${x(253)}/`, `${x(254)}/`, 'kubernetes.io/'];
const LABEL_VALUES: readonly string[] = ['', 'a', 'A', '0', 'a.b', 'a_b', 'a-b', '-a', 'a-', 'a b', 'a/b', "it's", x(63), x(64), 'é'];

const FINALIZERS: readonly string[] = ['kubernetes', 'orphan', 'foregroundDeletion', 'example.com/cleanup', 'cleanup', 'Cleanup', 'a/b/c', 'Example.COM/x', '', x(64), `example.com/${x(64)}`];

const API_VERSIONS: readonly string[] = ['v1', 'apps/v1', 'apps/', '/v1', 'a/b/c', '', 'V1'];

/** The metadata maps present in the object: its own and its pod template's (and a CronJob's job template). */
function metadataPaths(obj: Obj): Segment[][] {
  const candidates: Segment[][] = [
    ['metadata'],
    ['spec', 'template', 'metadata'],
    ['template', 'metadata'],
    ['spec', 'jobTemplate', 'metadata'],
    ['spec', 'jobTemplate', 'spec', 'template', 'metadata'],
  ];
  return candidates.filter((p) => p.length === 1 || getAt(obj, p.slice(0, -1)) !== undefined);
}

function key(rnd: Random): string {
  return rnd.pick(KEY_PREFIXES) + rnd.pick(KEY_NAMES);
}

export function metadataMutation(obj: Obj, kind: string, rnd: Random): Mutation | undefined {
  const meta = rnd.pick(metadataPaths(obj));
  const at = (field: string, ...rest: Segment[]): Segment[] => [...meta, field, ...rest];
  const set = (path: Segment[], value: unknown): Mutation => {
    setAt(obj, path, value);
    return { kind: 'set', path, value };
  };
  switch (rnd.int(9)) {
    case 0:
      return set(at('name'), rnd.pick(NAMES));
    case 1: {
      // generateName alone, or beside the name.
      const m = set(at('generateName'), rnd.pick(NAMES));
      if (rnd.chance(0.7)) delete (getAt(obj, meta) as Obj).name;
      return m;
    }
    case 2:
      return set(at('namespace'), rnd.pick(NAMES));
    case 3:
    case 4: {
      const field = rnd.chance(0.5) ? 'labels' : 'annotations';
      const map = (getAt(obj, at(field)) as Obj | undefined) ?? {};
      const k = key(rnd);
      const v = field === 'annotations' && rnd.chance(0.15) ? x(129000 + rnd.int(4000), 'a') : rnd.pick(LABEL_VALUES);
      return set(at(field), { ...map, [k]: v });
    }
    case 5: {
      const n = 1 + rnd.int(3);
      const list: string[] = [];
      for (let i = 0; i < n; i++) list.push(rnd.pick(FINALIZERS));
      return set(at('finalizers'), list);
    }
    case 6: {
      const ref: Obj = {};
      if (rnd.chance(0.8)) ref.apiVersion = rnd.pick(API_VERSIONS);
      if (rnd.chance(0.8)) ref.kind = rnd.pick(['ReplicaSet', '', 'Event']);
      if (rnd.chance(0.8)) ref.name = rnd.pick(['owner', '']);
      if (rnd.chance(0.8)) ref.uid = rnd.pick(['8a4b2c3d-1e2f-4a5b-9c8d-7e6f5a4b3c2d', '']);
      const refs = rnd.chance(0.3) ? [ref, { ...ref }] : [ref];
      return set(at('ownerReferences'), refs);
    }
    case 7: {
      if (kind !== 'Job') return set(at('name'), rnd.pick(NAMES));
      // An Indexed Job: its last pod's host name `<name>-<completions-1>` must be a DNS label.
      setAt(obj, ['spec', 'completionMode'], 'Indexed');
      setAt(obj, ['metadata', 'name'], x(55 + rnd.int(8), 'j'));
      return set(['spec', 'completions'], rnd.pick([1, 9, 10, 99, 100, 1000, 100000]));
    }
    default:
      // Metadata removed entirely, or emptied.
      return set(meta, rnd.chance(0.5) ? {} : null);
  }
}
