/**
 * The area modules of the case generator (types.ts says what one does). To extend the generator
 * for an area, write `mutations/<area>.ts` and add it here: one line per area.
 */
import type { AreaModule } from './types';
import { scheduling } from './scheduling';

export const AREA_MODULES: readonly AreaModule[] = [scheduling];
