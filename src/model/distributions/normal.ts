import { z } from 'zod';
import { durationUs } from '../../scenario/units';
import { standardNormal } from '../../engine/random';
import type { DistDef } from './def';

/** A normal truncated at 0. */
export interface Normal { dist: 'normal'; meanUs: number; sdUs: number }

export const normal: DistDef<Normal> = {
  schema: z.strictObject({ dist: z.literal('normal'), mean: durationUs, sd: durationUs })
    .transform((d) => ({ dist: 'normal' as const, meanUs: d.mean, sdUs: d.sd })),
  // Truncated at 0 by rejection (not clamped), so the shape above 0 is the normal's own.
  // Validation keeps mean ≥ 0, so each try succeeds with probability ≥ 1/2.
  sampler: (d, rng) => () => {
    for (;;) {
      const x = d.meanUs + d.sdUs * standardNormal(rng);
      if (x >= 0) return Math.round(x);
    }
  },
  meanUs: truncatedMeanUs,
  // mean + sd is above the truncated mean (which adds at most φ(0)/½ ≈ 0.8 sd).
  bound: (d) => ({ maxUs: d.meanUs + 7 * d.sdUs, meanUs: Math.max(d.meanUs, 0) + d.sdUs }),
  describe: (d, f) => ({ mean: f.duration(d.meanUs), sd: f.duration(d.sdUs) }),
  labDoc: (us) => ({ dist: 'normal', mean: `${us}us`, sd: `${Math.round(us / 2)}us` }),
};

function truncatedMeanUs(d: Normal): number {
  if (d.sdUs === 0) return d.meanUs;
  const a = -d.meanUs / d.sdUs;
  const phi = Math.exp(-(a * a) / 2) / Math.sqrt(2 * Math.PI);
  return d.meanUs + (d.sdUs * phi) / (1 - normalCdf(a));
}

function normalCdf(x: number): number {
  // Abramowitz–Stegun 7.1.26 erf approximation, |error| < 1.5e-7: enough for a mean shown to the µs.
  const z = Math.abs(x) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * z);
  const erf = 1 - t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429)))) * Math.exp(-z * z);
  return x >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
}
