import { z } from 'zod';
import { positiveDurationUs } from '../../scenario/units';
import { standardNormal } from '../../engine/random';
import type { DistDef } from './def';

export interface Lognormal { dist: 'lognormal'; medianUs: number; sigma: number }

export const lognormal: DistDef<Lognormal> = {
  schema: z.strictObject({ dist: z.literal('lognormal'), median: positiveDurationUs, sigma: z.number().min(0).max(10) })
    .transform((d) => ({ dist: 'lognormal' as const, medianUs: d.median, sigma: d.sigma })),
  sampler(d, rng) {
    const mu = Math.log(d.medianUs);
    return () => Math.round(Math.exp(mu + d.sigma * standardNormal(rng)));
  },
  meanUs: (d) => d.medianUs * Math.exp((d.sigma * d.sigma) / 2),
  bound: (d) => ({ maxUs: d.medianUs * Math.exp(6 * d.sigma), meanUs: d.medianUs * Math.exp((d.sigma * d.sigma) / 2) }),
  describe: (d, f) => ({ median: f.duration(d.medianUs), sigma: f.number(d.sigma) }),
  // σ = 1, so the median is mean / e^{1/2}.
  labDoc: (us) => ({ dist: 'lognormal', median: `${Math.max(1, Math.round(us / Math.exp(0.5)))}us`, sigma: 1 }),
};
