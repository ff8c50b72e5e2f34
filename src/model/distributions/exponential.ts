import { z } from 'zod';
import { durationUs } from '../../scenario/units';
import { exponential as draw } from '../../engine/random';
import type { DistDef } from './def';

export interface Exponential { dist: 'exponential'; meanUs: number }

export const exponential: DistDef<Exponential> = {
  schema: z.strictObject({ dist: z.literal('exponential'), mean: durationUs })
    .transform((d) => ({ dist: 'exponential' as const, meanUs: d.mean })),
  sampler: (d, rng) => () => Math.round(draw(rng, d.meanUs)),
  meanUs: (d) => d.meanUs,
  // e^−21 ≈ 7.6e-10
  bound: (d) => ({ maxUs: 21 * d.meanUs, meanUs: d.meanUs }),
  describe: (d, f) => ({ mean: f.duration(d.meanUs) }),
  labDoc: (us) => ({ dist: 'exponential', mean: `${us}us` }),
};
