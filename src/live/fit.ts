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
//
// Without MASTER_DELAY the lag may come from load instead: a single applier taking s_i
// per event, a_i = max(a_{i−1}, c_i + d_i) + s_i (the simulator's `applyTime`). Then the
// lags are a queue's waits, long when writes come close together, and the applier-queue
// candidates (constant d with a constant or exponential s) compete on the same criterion;
// their apply time is the mean of the apply times the run shows (measuredApplyTimes).
import { DelayDist, applierDelay, delaySampler, describeDist as describeDistIn, masterDelayStartUs } from '../model/distributions';
import { makeStream } from '../engine/random';
import { nelderMead } from './nelderMead';
import { Lang, t } from '../i18n';

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
  /** The follower `applyTime` (s) the simulator is given: null for the pure-delay families. */
  applyTime: DelayDist | null;
  measured: LagStats;
  /** The fitted model's lags a − c on the same commit times (many passes). */
  modelled: LagStats;
  /** RMS distance between measured and modelled lag quantiles, µs. */
  w2Us: number;
  /** Kolmogorov–Smirnov distance between the two. */
  ks: number;
  /** Every family tried, best first. */
  candidates: Array<LagModel & { w2Us: number }>;
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

/** A follower model: its `lag` and its `applyTime` (null: none). */
export interface LagModel {
  dist: DelayDist;
  applyTime: DelayDist | null;
}

/** The model's lags for `dist` (and `applyTime`) on the commit times `commitUs`, replayed `passes` times; sorted. */
export function modelLags(dist: DelayDist, commitUs: ArrayLike<number>, passes: number, streamName = 'calibration', stops: readonly StopWindow[] = [], applyTime: DelayDist | null = null): Float64Array {
  return modelLagsInOrder(dist, commitUs, passes, streamName, stops, applyTime).sort();
}

/** modelLags before sorting: pass p's lag of event i at index p × n + i. */
export function modelLagsInOrder(dist: DelayDist, commitUs: ArrayLike<number>, passes: number, streamName = 'calibration', stops: readonly StopWindow[] = [], applyTime: DelayDist | null = null): Float64Array {
  const draw = delaySampler(dist, makeStream(streamName, dist.dist));
  const drawApply = applyTime === null ? () => 0 : delaySampler(applyTime, makeStream(streamName, `applyTime-${applyTime.dist}`));
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
      // Then the applier works on the event for its apply time.
      lastApplyUs += drawApply(c);
      out[p * n + i] = lastApplyUs - c;
    }
  }
  return out;
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

/**
 * The apply times the run shows, for a shipping delay `dUs`: event i could start at
 * max(a_{i−1}, c_i + d) and was seen applied at a_i = c_i + lag_i, so the applier spent
 * a_i − max(a_{i−1}, c_i + d) on it. Events whose lag (or whose predecessor's) was not
 * measured are left out.
 */
export function measuredApplyTimes(commitUs: ArrayLike<number>, lagUs: ArrayLike<number>, dUs: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < commitUs.length; i++) {
    const prev = i === 0 ? -Infinity : commitUs[i - 1] + lagUs[i - 1];
    const a = commitUs[i] + lagUs[i];
    if (Number.isFinite(a) && !Number.isNaN(prev)) out.push(Math.max(0, a - Math.max(prev, commitUs[i] + dUs)));
  }
  return out;
}

/**
 * The applier-queue families: a constant shipping delay d (the one free parameter) and
 * an apply time whose mean is what the run shows for that d (measuredApplyTimes),
 * constant or exponential. An idle applier shows d + s, so the search starts at a
 * quarter of the low lags.
 */
function queueFamilies(commitUs: ArrayLike<number>, lagUs: ArrayLike<number>, lowUs: number): Array<{ start: number[]; scale: number[]; make: (x: number[]) => LagModel }> {
  const make = (apply: (sUs: number) => DelayDist) => ([d]: number[]): LagModel => {
    const dUs = Math.round(Math.min(Math.abs(d), lowUs));
    const times = measuredApplyTimes(commitUs, lagUs, dUs);
    return { dist: { dist: 'constant', valueUs: dUs }, applyTime: apply(Math.round(times.reduce((x, y) => x + y, 0) / Math.max(1, times.length))) };
  };
  const start = [Math.max(lowUs / 4, 100)];
  const scale = [Math.max(lowUs / 8, 100)];
  return [
    { start, scale, make: make((s) => ({ dist: 'constant', valueUs: s })) },
    { start, scale, make: make((s) => ({ dist: 'exponential', meanUs: s })) },
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
 * the MASTER_DELAY rule competes too, on the same criterion; without one, the applier queue.
 */
export function fitLag(commitUs: ArrayLike<number>, lagUs: ArrayLike<number>, masterDelay: MasterDelayClock | null = null, stops: readonly StopWindow[] = []): LagFit {
  const lags = Array.from(lagUs).filter(Number.isFinite);
  const measured = lagStats(lags);
  if (measured.n === 0) throw new Error('no apply lag was measured (the run made no writes)');
  const sorted = Float64Array.from(lags).sort();
  const passes = Math.max(1, Math.ceil(SIM_SAMPLES / commitUs.length));
  const simulate = (m: LagModel): Float64Array => modelLags(m.dist, commitUs, passes, undefined, stops, m.applyTime);
  const score = (m: LagModel): number => w2(sorted, simulate(m));
  const scored = (m: LagModel): LagFit['candidates'][number] => ({ ...m, w2Us: score(m) });

  const candidates: LagFit['candidates'] = [scored({ dist: { dist: 'constant', valueUs: Math.round(measured.meanUs) }, applyTime: null })];
  const delayed = masterDelay !== null && masterDelay.delayUs > 0;
  if (delayed) {
    candidates.push(scored({ dist: { dist: 'master-delay', delayUs: masterDelay.delayUs, clockOffsetUs: Math.round(masterDelay.clockOffsetUs) }, applyTime: null }));
  }
  if (measured.n >= MIN_SAMPLES_FOR_SHAPE) {
    for (const f of families(measured)) {
      const best = nelderMead((x) => score({ dist: f.make(x), applyTime: null }), f.start, f.scale, 120);
      candidates.push(scored({ dist: f.make(best), applyTime: null }));
    }
    if (!delayed) {
      for (const f of queueFamilies(commitUs, lagUs, quantile(sorted, 0.05))) candidates.push(scored(f.make(nelderMead((x) => score(f.make(x)), f.start, f.scale, 120))));
    }
  }
  candidates.sort((a, b) => a.w2Us - b.w2Us);
  const { dist, applyTime } = candidates[0];
  const model = simulate(candidates[0]);
  const quantiles = Array.from({ length: 50 }, (_, i) => {
    const p = (i + 1) / 50;
    return { p, measuredUs: quantile(sorted, p), modelUs: quantile(model, p) };
  });
  return { dist, applyTime, measured, modelled: lagStats(model), w2Us: candidates[0].w2Us, ks: ksDistance(sorted, model), candidates, quantiles };
}

/** The fitted model in words: its lag, and its apply time when it has one. */
export function describeFit(fit: Pick<LagFit, 'dist' | 'applyTime'>, lang: Lang): string {
  const lag = describeDist(fit.dist, lang);
  return fit.applyTime === null ? lag : t(lang, 'live.fit.withApply', { lag, apply: describeDist(fit.applyTime, lang) });
}

/** `uniform 812ms–1797ms` — a fitted distribution in words, for tables. */
export function describeDist(d: DelayDist, lang: Lang): string {
  return describeDistIn(d, lang, 'brief', { duration: (us) => `${Math.round(us / 1000)}ms`, number: (x) => x.toFixed(2) });
}
