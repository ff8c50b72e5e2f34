import { parseScenario, Overrides } from '../src/scenario/load';
import { Scenario } from '../src/scenario/types';
import { runScenario } from '../src/run';
import { StrategyResult } from '../src/metrics/summary';

/** A scenario from a plain object, through the same loader the CLI uses. */
export function scenario(doc: Record<string, unknown>, overrides: Overrides = {}): Scenario {
  return parseScenario(JSON.stringify(doc), 'test.json', overrides);
}

/** Results by strategy label. */
export function resultsOf(sc: Scenario, runs = 1): Record<string, StrategyResult> {
  const out: Record<string, StrategyResult> = {};
  for (const r of runScenario(sc, { runs }).results) out[r.strategy] = r;
  return out;
}

/** One key, Poisson reads and writes, one follower with the given lag. */
export function poissonOneKey(lag: unknown, writeRate: string, readRate: string, duration: string, seed = 1, extra: Record<string, unknown> = {}): Scenario {
  return scenario({
    name: 'poisson-one-key', seed, duration,
    cluster: { followers: [{ name: 'f1', lag, ...extra }] },
    workload: { keys: 1, sessions: 1000, writeRate, readRate },
    strategies: ['all-follower'],
  });
}
