/**
 * Mutations contributed by each area, beside the field-aware ones of mutate.ts. An area adds a
 * module here and one line to AREA_MUTATORS. Each case draws from a random stream of its own
 * (derived from the seed and the case), so adding an area leaves the other mutations unchanged.
 */
import type { Obj } from '../bases';
import type { Mutation } from '../mutate';
import type { Random } from '../random';
import { metadataMutation } from './metadata';

/** One mutation of `obj` (in place) for an object of `kind`; undefined when there was nothing to do. */
export type AreaMutator = (obj: Obj, kind: string, rnd: Random) => Mutation | undefined;

export const AREA_MUTATORS: readonly AreaMutator[] = [metadataMutation];
