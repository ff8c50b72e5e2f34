import { SimObserver } from '../simulate';
import { Scenario } from '../scenario/types';
import { Summary } from '../metrics/summary';
import { runScenario } from '../run';
import { ReplicationProbe, ReplicationTimeline } from './timeline';
import { DeferredReadProbe, ReadBins, ReadCurves, ReadProbe } from './visibility';
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

/**
 * Runs every strategy of a scenario through runScenario (same seeds, same summary),
 * watching each run to collect the curves the charts need, in one pass: the first
 * replication of the first strategy also measures the replication lag, which is the same
 * for every strategy, and fixes the range of the visibility and staleness curves. Every
 * probe's memory is fixed by its bins, never by the number of operations.
 */
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

export function collectReport(sc: Scenario, runs = 1, opts: CollectOptions = {}): ReportData {
  const binUs = Math.max(1, Math.ceil(sc.horizonUs / LAG_BINS));
  const replication = new ReplicationProbe(sc, binUs);
  // The very first run fixes the bin layout; its reads wait in fine buckets until it is over.
  const deferred = new DeferredReadProbe(sc.keyNames.length);
  let layout: { timeline: ReplicationTimeline; bins: ReadBins } | null = null;
  const settle = (): { timeline: ReplicationTimeline; bins: ReadBins } => {
    if (layout === null) {
      const timeline = replication.finish();
      layout = { timeline, bins: readBins(timeline) };
    }
    return layout;
  };
  const probes: ReadProbe[][] = sc.strategies.map(() => []);
  const firsts: StrategyProbe[] = [];
  const summary = runScenario(sc, {
    runs,
    watch(i, r) {
      let reads: SimObserver = deferred;
      if (i > 0 || r > 0) {
        const probe = new ReadProbe(sc.keyNames.length, settle().bins);
        probes[i].push(probe);
        reads = probe;
      }
      if (r > 0) return reads;
      const first = new StrategyProbe(sc.followers.length, binUs, replication.binCount);
      firsts[i] = first;
      const own = reportWatcher(reads, first, i === 0 ? replication : null);
      const extra = opts.alsoWatch?.(i);
      return extra === undefined ? own : tee([own, extra]);
    },
  });
  const { timeline, bins } = settle();
  const curves = probes.map((perRun) => perRun.map((reads) => reads.result()));
  curves[0].unshift(deferred.curves(bins));
  return { summary, timeline, bins, curves, strategies: firsts.map((p) => p.result()) };
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
