/**
 * Extensions of the case generator, one module per area, each registered here with one line.
 * A module can add values for a field site (chosen by the site's type and name, never by a
 * list of the cases a rule handles), name the sites it wants mutated more often (`focus`),
 * and add valid bases (accepted by the API server of every release from 1.27 on).
 */
import type { Obj } from '../bases';
import type { FieldSite } from '../mutate';
import type { Random } from '../random';
import { workloadMutations } from './workloads';

export interface MutationModule {
  name: string;
  /** More candidate values for a site (undefined or [] when the module has none). */
  values?(site: FieldSite, version: string, rnd: Random): unknown[] | undefined;
  /** Sites this module wants set more often than a uniform draw would. */
  focus?(site: FieldSite, kind: string): boolean;
  /** More valid bases, by kind. */
  bases?(): Record<string, Obj[]>;
}

export const MUTATION_MODULES: readonly MutationModule[] = [
  workloadMutations,
];
