import { Rng, exponential, standardNormal } from '../engine/random';

/** A delay distribution, all parameters in microseconds (validated at load time). */
export type DelayDist =
  | { dist: 'constant'; valueUs: number }
  | { dist: 'uniform'; minUs: number; maxUs: number }
  | { dist: 'exponential'; meanUs: number }
  | { dist: 'normal'; meanUs: number; sdUs: number }
  | { dist: 'lognormal'; medianUs: number; sigma: number }
  /**
   * MariaDB/MySQL MASTER_DELAY: the event's timestamp has whole-second resolution. Not a
   * per-event draw but a rule of the applier (see Follower.place): the SQL thread, on
   * reading the event committed at c at time t, sleeps floor(c) + delay − floor(t) whole
   * seconds from t (slave.cc sql_delay_event). Shipping itself is instantaneous.
   * `clockOffsetUs`: the primary's wall clock at simulated time 0, modulo 1 s (where its
   * seconds tick).
   */
  | { dist: 'master-delay'; delayUs: number; clockOffsetUs: number };

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
    case 'master-delay':
      // The relay log receives the event at once; the delay is the SQL thread's (masterDelayStartUs).
      return () => 0;
  }
}

/**
 * When a MASTER_DELAY applier starts the event committed at `commitUs` that it reads at
 * `readUs`: it sleeps (floor(c) + D − floor(t)) whole seconds from t when that is > 0,
 * both clocks read in whole seconds (MySQL/MariaDB slave.cc, sql_delay_event: nap_time =
 * ev->when.tv_sec + sql_delay − my_time(0), then slave_sleep(nap_time) from now). A lone
 * event thus applies exactly D after its commit; a busy applier wakes at a fixed
 * sub-second phase and applies, together, every event whose second has come.
 */
export function masterDelayStartUs(commitUs: number, readUs: number, delayUs: number, clockOffsetUs: number): number {
  const commitSec = Math.floor((commitUs + clockOffsetUs) / 1e6);
  const readSec = Math.floor((readUs + clockOffsetUs) / 1e6);
  const napUs = (commitSec - readSec) * 1e6 + delayUs;
  return napUs > 0 ? readUs + napUs : readUs;
}

/** The distribution's mean in µs (normal: of the truncated distribution). */
export function meanUs(d: DelayDist): number {
  switch (d.dist) {
    case 'constant': return d.valueUs;
    case 'uniform': return (d.minUs + d.maxUs) / 2;
    case 'exponential': return d.meanUs;
    case 'lognormal': return d.medianUs * Math.exp((d.sigma * d.sigma) / 2);
    // A lone event's delay (under steady traffic the phase of the applier's wake-ups adds −1…+1 s).
    case 'master-delay': return d.delayUs;
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
