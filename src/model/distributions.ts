import { Rng, exponential, standardNormal } from '../engine/random';

/** A delay distribution, all parameters in microseconds (validated at load time). */
export type DelayDist =
  | { dist: 'constant'; valueUs: number }
  | { dist: 'uniform'; minUs: number; maxUs: number }
  | { dist: 'exponential'; meanUs: number }
  | { dist: 'normal'; meanUs: number; sdUs: number }
  | { dist: 'lognormal'; medianUs: number; sigma: number };

/** A sampler returning whole microseconds ≥ 0. Constant draws consume no random numbers. */
export function delaySampler(d: DelayDist, rng: Rng): () => number {
  switch (d.dist) {
    case 'constant': {
      const v = Math.round(d.valueUs);
      return () => v;
    }
    case 'uniform':
      return () => Math.round(d.minUs + (d.maxUs - d.minUs) * rng());
    case 'exponential':
      return () => Math.round(exponential(rng, d.meanUs));
    case 'normal':
      // Truncated at 0 by rejection (not clamped), so the shape above 0 is the normal's own.
      // Validation keeps mean ≥ 0, so each try succeeds with probability ≥ 1/2.
      return () => {
        for (;;) {
          const x = d.meanUs + d.sdUs * standardNormal(rng);
          if (x >= 0) return Math.round(x);
        }
      };
    case 'lognormal': {
      const mu = Math.log(d.medianUs);
      return () => Math.round(Math.exp(mu + d.sigma * standardNormal(rng)));
    }
  }
}

/** The distribution's mean in µs (normal: of the truncated distribution). */
export function meanUs(d: DelayDist): number {
  switch (d.dist) {
    case 'constant': return d.valueUs;
    case 'uniform': return (d.minUs + d.maxUs) / 2;
    case 'exponential': return d.meanUs;
    case 'lognormal': return d.medianUs * Math.exp((d.sigma * d.sigma) / 2);
    case 'normal': {
      if (d.sdUs === 0) return d.meanUs;
      const a = -d.meanUs / d.sdUs;
      const phi = Math.exp(-(a * a) / 2) / Math.sqrt(2 * Math.PI);
      return d.meanUs + (d.sdUs * phi) / (1 - normalCdf(a));
    }
  }
}

function normalCdf(x: number): number {
  // Abramowitz–Stegun 7.1.26 erf approximation, |error| < 1.5e-7: enough for a mean shown to the µs.
  const z = Math.abs(x) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * z);
  const erf = 1 - t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429)))) * Math.exp(-z * z);
  return x >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
}
