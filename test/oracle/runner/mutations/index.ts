/**
 * The area modules of the case generator, two kinds:
 * - AREA_MODULES (types.ts says what one does): enrich a base with valid content of the area,
 *   then mutate its fields; their cases get their own share of the budget (areaCases);
 * - AREA_MUTATORS: one extra mutation of an object, drawn now and then among the generic
 *   mutations, from a random stream of its own (derived from the seed and the case), so adding
 *   an area leaves the other mutations unchanged.
 * To extend the generator for an area, write `mutations/<area>.ts` and add one line here.
 */
import type { Obj } from '../bases';
import type { Mutation } from '../mutate';
import type { Random } from '../random';
import type { AreaModule } from './types';
import { scheduling } from './scheduling';
import { metadataMutation } from './metadata';

export const AREA_MODULES: readonly AreaModule[] = [scheduling];

/** One mutation of `obj` (in place) for an object of `kind`; undefined when there was nothing to do. */
export type AreaMutator = (obj: Obj, kind: string, rnd: Random) => Mutation | undefined;

export const AREA_MUTATORS: readonly AreaMutator[] = [metadataMutation];
