import { simulate } from './simulate';
import { Summary, StrategyResult, combineRuns, summarize } from './metrics/summary';
import { Scenario } from './scenario/types';
import { usToMs } from './engine/time';

export interface RunOptions {
  /** Replications; run r uses seed + r. */
  runs?: number;
}

/** Runs every strategy of a scenario (each replication on the same seeds) and summarises. */
export function runScenario(sc: Scenario, opts: RunOptions = {}): Summary {
  const runs = opts.runs ?? 1;
  const results: StrategyResult[] = sc.strategies.map((spec) => {
    const perRun: StrategyResult[] = [];
    for (let r = 0; r < runs; r++) {
      const { metrics, horizonUs } = simulate(sc, spec, sc.seed + r);
      perRun.push(summarize(spec.label, metrics, horizonUs));
    }
    return combineRuns(perRun);
  });
  return { scenario: sc.name, seed: sc.seed, runs, horizonMs: usToMs(sc.horizonUs), results };
}
