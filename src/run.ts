import { SimObserver, simulate } from './simulate';
import { Summary, StrategyResult, combineRuns, summarize } from './metrics/summary';
import { Scenario } from './scenario/types';
import { StrategySpec } from './strategies';
import { usToMs } from './engine/time';

export interface RunOptions {
  /** Replications; run r uses seed + r. */
  runs?: number;
  /** An observer to ride along on run `run` of strategy `strategy` (watching does not change a run). */
  watch?: (strategy: number, run: number) => SimObserver | undefined;
}

/** One simulated run of one strategy, summarised under the strategy's label. */
export function runOnce(sc: Scenario, spec: StrategySpec, seed: number, observer?: SimObserver): StrategyResult {
  const { metrics, horizonUs } = simulate(sc, spec, seed, observer);
  return summarize(spec.label, metrics, horizonUs);
}

/**
 * Runs every strategy of a scenario (each replication on the same seeds) and summarises:
 * the one loop behind `lagsim run`, reports, the lab and sweeps.
 */
export function runScenario(sc: Scenario, opts: RunOptions = {}): Summary {
  const runs = opts.runs ?? 1;
  const perRun = sc.strategies.map((spec, i) => Array.from({ length: runs }, (_, r) => runOnce(sc, spec, sc.seed + r, opts.watch?.(i, r))));
  return summaryOf(sc, perRun);
}

/** The summary of runs already made: perRun[strategy][replication], wherever each was computed. */
export function summaryOf(sc: Scenario, perRun: StrategyResult[][]): Summary {
  const runs = perRun[0]?.length ?? 1;
  return { scenario: sc.name, seed: sc.seed, runs, horizonMs: usToMs(sc.horizonUs), results: perRun.map(combineRuns) };
}
