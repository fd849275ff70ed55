/**
 * The area modules of the case generator, three kinds, each registered here with one line:
 * - AREA_MODULES (types.ts says what one does): enrich a base with valid content of the area,
 *   then mutate its fields; their cases get their own share of the budget (areaCases);
 * - AREA_MUTATORS: one extra mutation of an object, drawn now and then among the generic
 *   mutations, from a random stream of its own (derived from the seed and the case), so adding
 *   an area leaves the other mutations unchanged;
 * - MUTATION_MODULES: more values for a field site of the generic mutations (chosen by the site's
 *   type and name, never by a list of the cases a rule handles), sites to mutate more often
 *   (`focus`), and more valid bases (accepted by the API server of every release from 1.27 on).
 */
import type { Obj } from '../bases';
import type { FieldSite, Mutation } from '../mutate';
import type { Random } from '../random';
import type { AreaModule } from './types';
import { scheduling } from './scheduling';
import { metadataMutation } from './metadata';
import { workloadMutations } from './workloads';
import { decodingMutations } from './decoding';

export const AREA_MODULES: readonly AreaModule[] = [scheduling];

/** One mutation of `obj` (in place) for an object of `kind`; undefined when there was nothing to do. */
export type AreaMutator = (obj: Obj, kind: string, rnd: Random) => Mutation | undefined;

export const AREA_MUTATORS: readonly AreaMutator[] = [metadataMutation];

export interface MutationModule {
  name: string;
  /** More candidate values for a site (undefined or [] when the module has none). */
  values?(site: FieldSite, version: string, rnd: Random): unknown[] | undefined;
  /** Sites this module wants set more often than a uniform draw would. */
  focus?(site: FieldSite, kind: string): boolean;
  /** More valid bases, by kind. */
  bases?(): Record<string, Obj[]>;
}

export const MUTATION_MODULES: readonly MutationModule[] = [workloadMutations, decodingMutations];
