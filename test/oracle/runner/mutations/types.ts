/**
 * The contract of an area module of the case generator (mutations/index.ts lists them): an
 * area adds valid content of its own to a base (so that mutations find its fields present) and
 * mutates the fields of its types, chosen from the API table, with values that matter for them.
 */
import type { Obj } from '../bases';
import type { FieldSite, Mutation } from '../mutate';
import type { Random } from '../random';

export interface AreaModule {
  /** A short name, written into the case's origin. */
  name: string;
  /** Adds valid content of the area to `obj` (a fresh base of `kind`) in place; `version` is the newest release of the run. */
  enrich(obj: Obj, kind: string, version: string, rnd: Random): void;
  /** One mutation of a field of the area (applied in place); undefined when the draw found nothing to do. */
  mutate(obj: Obj, kind: string, sites: FieldSite[], version: string, rnd: Random): Mutation | undefined;
}
