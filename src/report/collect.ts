import { SimObserver } from '../simulate';
import { Scenario } from '../scenario/types';
import { StrategyResult, Summary } from '../metrics/summary';
import { runOnce, summaryOf } from '../run';
import { ReplicationProbe, ReplicationTimeline } from './timeline';
import { ReadBins, ReadCurves, ReadProbe } from './visibility';
import { StrategyProbe, StrategyTimeline } from './strategyProbe';

/** Everything a report draws, for every strategy and replication. */
export interface ReportData {
  summary: Summary;
  /** Replication as the first replication (seed) saw it. */
  timeline: ReplicationTimeline;
  bins: ReadBins;
  /** curves[strategy][run]. */
  curves: ReadCurves[][];
  /** Per strategy, its first replication over time (bins of timeline.binUs). */
  strategies: StrategyTimeline[];
}

const LAG_BINS = 400;
const AGE_BINS = 50;
const STALENESS_BINS = 200;

export interface CollectOptions {
  /**
   * More observers to ride along on the first replication of strategy i (e.g. the story
   * recorder), so a report needs no extra simulation per strategy.
   */
  alsoWatch?: (strategy: number) => SimObserver | undefined;
}

/** One observer that forwards every record to each of `observers` (an optional kind only if one wants it). */
export function tee(observers: SimObserver[]): SimObserver {
  if (observers.length === 1) return observers[0];
  const out: SimObserver = { op: (r) => observers.forEach((o) => o.op(r)) };
  const appliers = observers.filter((o) => o.apply !== undefined);
  if (appliers.length > 0) out.apply = (a) => appliers.forEach((o) => o.apply!(a));
  const probers = observers.filter((o) => o.probe !== undefined);
  if (probers.length > 0) out.probe = (m, t, lags) => probers.forEach((o) => o.probe!(m, t, lags));
  const windowers = observers.filter((o) => o.window !== undefined);
  if (windowers.length > 0) out.window = (t, w) => windowers.forEach((o) => o.window!(t, w));
  return out;
}

/**
 * The report's own watchers of one run as one observer: the reads, and on a strategy's
 * first replication its timeline (and on the very first run the replication's). Called
 * directly rather than through tee: this runs once per operation.
 */
function reportWatcher(reads: SimObserver, first: StrategyProbe, replication: ReplicationProbe | null): SimObserver {
  const out: SimObserver = {
    op: replication === null ? (r) => { reads.op(r); first.op(r); } : (r) => { reads.op(r); first.op(r); replication.op(r); },
    probe: (m, t, lags) => first.probe(m, t, lags),
    window: (t, w) => first.window(t, w),
  };
  if (replication !== null) out.apply = (a) => replication.apply(a);
  return out;
}

/**
 * Runs every strategy of a scenario replication by replication (the seeds and summary of
 * runScenario), watching each run to collect the curves the charts need. The first
 * replication of the first strategy comes first (prepareReport): it also measures the
 * replication lag, which fixes the curves' range for the others. Every probe's memory is
 * fixed by its bins, never by the number of operations. `lagsim run` spreads the other
 * replications over worker threads instead (src/runParallel.ts); the data are the same.
 */
export function collectReport(sc: Scenario, runs = 1, opts: CollectOptions = {}): ReportData {
  const prep = prepareReport(sc, opts.alsoWatch?.(0));
  const reps = sc.strategies.map((_, i) => Array.from({ length: runs }, (_, r) =>
    i === 0 && r === 0 ? prep.first : runReplication(sc, i, r, prep.watch, r === 0 ? opts.alsoWatch?.(i) : undefined)));
  return assembleReport(sc, prep, reps);
}

/** What a replication watched for a report needs to know: the bins its curves are counted in. */
export interface Watch {
  bins: ReadBins;
  /** The replication timeline's bin width and count, which the strategy timeline shares. */
  binUs: number;
  lagBins: number;
}

/** One replication's summary and, when watched, its curves (and, for the first, its strategy timeline). Plain data. */
export interface Replication {
  result: StrategyResult;
  reads?: ReadCurves;
  strategy?: StrategyTimeline;
}

/** The report's first replication, the replication timeline it measured and the bins that fixed (in `watch`). */
export interface PreparedReport {
  timeline: ReplicationTimeline;
  watch: Watch;
  first: Replication;
}

/**
 * The first replication of the first strategy, watched also for the replication lag, which
 * is the same for every strategy and fixes the curves' range, binned once the run is
 * over. `extra` rides along.
 */
export function prepareReport(sc: Scenario, extra?: SimObserver): PreparedReport {
  const binUs = Math.max(1, Math.ceil(sc.horizonUs / LAG_BINS));
  const replication = new ReplicationProbe(sc, binUs);
  const reads = new ReadProbe(sc.keyNames.length);
  const probe = new StrategyProbe(sc.followers.length, binUs, replication.binCount);
  const own = reportWatcher(reads, probe, replication);
  const result = runOnce(sc, sc.strategies[0], sc.seed, extra === undefined ? own : tee([own, extra]));
  const timeline = replication.finish();
  const bins = readBins(timeline);
  const first = { result, reads: reads.curves(bins), strategy: probe.result() };
  return { timeline, watch: { bins, binUs, lagBins: replication.binCount }, first };
}

/**
 * Replication `run` (seed + run) of strategy `strategy`, as runScenario makes it; with `watch`,
 * its read curves are collected too, and on the first replication the strategy's timeline
 * and any `extra` observer ride along. A pure function of its arguments: a worker thread
 * given the same scenario returns the same data.
 */
export function runReplication(sc: Scenario, strategy: number, run: number, watch?: Watch, extra?: SimObserver): Replication {
  const spec = sc.strategies[strategy];
  const seed = sc.seed + run;
  if (watch === undefined) return { result: runOnce(sc, spec, seed) };
  const reads = new ReadProbe(sc.keyNames.length);
  if (run > 0) return { result: runOnce(sc, spec, seed, reads), reads: reads.curves(watch.bins) };
  const first = new StrategyProbe(sc.followers.length, watch.binUs, watch.lagBins);
  const own = reportWatcher(reads, first, null);
  const result = runOnce(sc, spec, seed, extra === undefined ? own : tee([own, extra]));
  return { result, reads: reads.curves(watch.bins), strategy: first.result() };
}

/** The report's data from watched replications, reps[strategy][run] (reps[0][0] is prep.first). */
export function assembleReport(sc: Scenario, prep: PreparedReport, reps: Replication[][]): ReportData {
  const summary = summaryOf(sc, reps.map((perRun) => perRun.map((x) => x.result)));
  const curves = reps.map((perRun) => perRun.map((x) => x.reads!));
  return { summary, timeline: prep.timeline, bins: prep.watch.bins, curves, strategies: reps.map((perRun) => perRun[0].strategy!) };
}

/** Bin layout: curves reach as far as replication lag does (nothing is stale beyond it). */
export function readBins(timeline: ReplicationTimeline): ReadBins {
  const d = timeline.applyDelayUs;
  const maxUs = d.count === 0 ? 0 : d.max;
  // A long tail (an incident, an exponential's extremes) would squeeze the interesting
  // part of the t-visibility curve into a corner; its range stops near the 99th percentile.
  const ageRangeUs = niceCeil(Math.max(1000, 1.1 * Math.min(maxUs, 2 * d.quantile(0.99))));
  const stalenessRangeUs = niceCeil(Math.max(1000, 1.05 * maxUs));
  return {
    ageBinUs: ageRangeUs / AGE_BINS,
    ageBins: AGE_BINS,
    stalenessBinUs: stalenessRangeUs / STALENESS_BINS,
    stalenessBins: STALENESS_BINS,
  };
}

const NICE = [1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10];

/** Smallest 1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6 or 8 × 10^k that is ≥ x (x > 0): axis ranges people can read. */
export function niceCeil(x: number): number {
  const p = 10 ** Math.floor(Math.log10(x));
  for (const m of NICE) if (m * p >= x * (1 - 1e-12)) return m * p;
  return 10 * p;
}
