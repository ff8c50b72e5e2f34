// Fits the simulator's lag model to the apply lags measured on the real replica.
//
// The model applies event i at a_i = max(a_{i−1}, c_i + d_i) with d_i drawn iid from the
// follower's `lag` distribution. The measured lag a_i − c_i is the *output* of that
// max (events queue behind slower ones), so d's distribution is not simply the
// measured one: fitting d to the raw lags would add the queueing twice. Instead each
// candidate d is pushed through the model on the run's own commit times and its
// simulated lags are compared with the measured ones, quantile by quantile (the L2
// Wasserstein distance, smooth in the parameters when the draws are reused). The
// family with the smallest distance wins: constant, uniform, normal or lognormal — or,
// when the replica runs with MASTER_DELAY, the applier's own rule (master-delay: whole
// seconds, no free parameter), which carries the correlation between neighbouring
// events that no iid delay can.
import { DelayDist, applierDelay, delaySampler, describeDist as describeDistIn, masterDelayStartUs } from '../model/distributions';
import { makeStream } from '../engine/random';
import { nelderMead } from './nelderMead';
import type { Lang } from '../i18n';

export type LagFamily = DelayDist['dist'];

export interface LagStats {
  n: number;
  meanUs: number;
  sdUs: number;
  p50Us: number;
  p99Us: number;
  maxUs: number;
}

export interface LagFit {
  /** The follower `lag` (shipping delay d) the simulator is given. */
  dist: DelayDist;
  measured: LagStats;
  /** The fitted model's lags a − c on the same commit times (many passes). */
  modelled: LagStats;
  /** RMS distance between measured and modelled lag quantiles, µs. */
  w2Us: number;
  /** Kolmogorov–Smirnov distance between the two. */
  ks: number;
  /** Every family tried, best first. */
  candidates: Array<{ dist: DelayDist; w2Us: number }>;
  /** Measured and modelled lag quantiles at probabilities 0.02, 0.04, …, 1 (for the report's chart). */
  quantiles: Array<{ p: number; measuredUs: number; modelUs: number }>;
}

/** Below this many measured lags only the constant model is fitted (its mean). */
export const MIN_SAMPLES_FOR_SHAPE = 20;
/** Simulated lags per fit evaluation (the commit sequence is replayed until there are this many). */
const SIM_SAMPLES = 4000;

function quantile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, p * (sorted.length - 1)));
  const lo = Math.floor(i);
  const hi = Math.ceil(i);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (i - lo);
}

export function lagStats(lags: ArrayLike<number>): LagStats {
  const s = Float64Array.from(lags).sort();
  const n = s.length;
  const mean = n === 0 ? NaN : s.reduce((a, b) => a + b, 0) / n;
  const sd = n < 2 ? 0 : Math.sqrt(s.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1));
  return { n, meanUs: mean, sdUs: sd, p50Us: quantile(s, 0.5), p99Us: quantile(s, 0.99), maxUs: n === 0 ? NaN : s[n - 1] };
}

/** A window in which the applier was stopped (a `stop` incident as played), µs on the run's time axis. */
export interface StopWindow {
  atUs: number;
  durationUs: number;
}

/** The model's lags for `dist` on the commit times `commitUs`, replayed `passes` times; sorted. */
export function modelLags(dist: DelayDist, commitUs: ArrayLike<number>, passes: number, streamName = 'calibration', stops: readonly StopWindow[] = []): Float64Array {
  const draw = delaySampler(dist, makeStream(streamName, dist.dist));
  const { sqlDelayUs, clockOffsetUs } = applierDelay(dist);
  const n = commitUs.length;
  const out = new Float64Array(n * passes);
  for (let p = 0; p < passes; p++) {
    let lastApplyUs = -Infinity;
    for (let i = 0; i < n; i++) {
      const c = commitUs[i];
      lastApplyUs = Math.max(lastApplyUs, c + draw(c));
      // The same rules as Follower.place: a stopped applier starts nothing until the window ends,
      for (const s of stops) if (lastApplyUs >= s.atUs && lastApplyUs < s.atUs + s.durationUs) lastApplyUs = s.atUs + s.durationUs;
      // and a MASTER_DELAY applier sleeps until the event's second comes.
      if (sqlDelayUs > 0) lastApplyUs = masterDelayStartUs(c, lastApplyUs, sqlDelayUs, clockOffsetUs);
      out[p * n + i] = lastApplyUs - c;
    }
  }
  return out.sort();
}

/** RMS difference of the measured lags (sorted) from the model's quantiles at the same ranks. */
function w2(measuredSorted: Float64Array, model: Float64Array): number {
  const n = measuredSorted.length;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += (measuredSorted[i] - quantile(model, (i + 0.5) / n)) ** 2;
  return Math.sqrt(sum / n);
}

function ksDistance(a: Float64Array, b: Float64Array): number {
  let i = 0;
  let j = 0;
  let d = 0;
  while (i < a.length && j < b.length) {
    const x = Math.min(a[i], b[j]);
    while (i < a.length && a[i] <= x) i++;
    while (j < b.length && b[j] <= x) j++;
    d = Math.max(d, Math.abs(i / a.length - j / b.length));
  }
  return d;
}

/** Candidate families as functions of two free parameters (any real numbers), with starting points. */
function families(m: LagStats): Array<{ start: number[]; scale: number[]; make: (x: number[]) => DelayDist }> {
  const sd = Math.max(m.sdUs, 1000);
  const pos = Math.max(m.p50Us, 1000);
  return [
    // centre and half-width (|·| keeps both non-negative, min ≥ 0)
    { start: [m.meanUs, sd * Math.sqrt(3)], scale: [sd, sd], make: ([c, h]) => {
      const half = Math.abs(h);
      const lo = Math.max(0, c - half);
      return { dist: 'uniform', minUs: Math.round(lo), maxUs: Math.round(Math.max(lo, c + half)) };
    } },
    { start: [m.meanUs, sd], scale: [sd, sd], make: ([mu, s]) => ({ dist: 'normal', meanUs: Math.round(Math.max(0, mu)), sdUs: Math.round(Math.abs(s)) }) },
    { start: [Math.log(pos), Math.min(2, sd / pos)], scale: [0.3, 0.3], make: ([lm, s]) => ({ dist: 'lognormal', medianUs: Math.round(Math.exp(Math.min(lm, 30))), sigma: Math.min(5, Math.abs(s)) }) },
  ];
}

/** A replica's MASTER_DELAY and where the primary's clock ticks whole seconds on the run's time axis. */
export interface MasterDelayClock {
  delayUs: number;
  /** The primary's wall clock at run time 0, modulo 1 s, µs. */
  clockOffsetUs: number;
}

/**
 * Fits `lag` to measured apply lags. `commitUs` and `lagUs` are per write, in commit
 * order. A NaN lag (never seen applied) leaves the comparison, but its commit stays
 * in the model's sequence: it still holds back the events after it. With `masterDelay`
 * the MASTER_DELAY rule competes too, on the same criterion.
 */
export function fitLag(commitUs: ArrayLike<number>, lagUs: ArrayLike<number>, masterDelay: MasterDelayClock | null = null, stops: readonly StopWindow[] = []): LagFit {
  const lags = Array.from(lagUs).filter(Number.isFinite);
  const measured = lagStats(lags);
  if (measured.n === 0) throw new Error('no apply lag was measured (the run made no writes)');
  const sorted = Float64Array.from(lags).sort();
  const passes = Math.max(1, Math.ceil(SIM_SAMPLES / commitUs.length));
  const score = (dist: DelayDist): number => w2(sorted, modelLags(dist, commitUs, passes, undefined, stops));

  const constant: DelayDist = { dist: 'constant', valueUs: Math.round(measured.meanUs) };
  const candidates: Array<{ dist: DelayDist; w2Us: number }> = [{ dist: constant, w2Us: score(constant) }];
  if (masterDelay !== null && masterDelay.delayUs > 0) {
    const rule: DelayDist = { dist: 'master-delay', delayUs: masterDelay.delayUs, clockOffsetUs: Math.round(masterDelay.clockOffsetUs) };
    candidates.push({ dist: rule, w2Us: score(rule) });
  }
  if (measured.n >= MIN_SAMPLES_FOR_SHAPE) {
    for (const f of families(measured)) {
      const best = nelderMead((x) => score(f.make(x)), f.start, f.scale, 120);
      const dist = f.make(best);
      candidates.push({ dist, w2Us: score(dist) });
    }
  }
  candidates.sort((a, b) => a.w2Us - b.w2Us);
  const dist = candidates[0].dist;
  const model = modelLags(dist, commitUs, passes, undefined, stops);
  const quantiles = Array.from({ length: 50 }, (_, i) => {
    const p = (i + 1) / 50;
    return { p, measuredUs: quantile(sorted, p), modelUs: quantile(model, p) };
  });
  return { dist, measured, modelled: lagStats(model), w2Us: candidates[0].w2Us, ks: ksDistance(sorted, model), candidates, quantiles };
}

/** `uniform 812ms–1797ms` — a fitted distribution in words, for tables. */
export function describeDist(d: DelayDist, lang: Lang): string {
  return describeDistIn(d, lang, 'brief', { duration: (us) => `${Math.round(us / 1000)}ms`, number: (x) => x.toFixed(2) });
}
