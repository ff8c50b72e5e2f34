import { parseScenario, Overrides } from '../scenario/load';
import { runScenario } from '../run';
import { StrategyResult } from '../metrics/summary';

/** One unit of sweep work: one strategy of one point, every replication. Plain data, so it can cross to a worker. */
export interface SweepTask {
  docText: string;
  label: string;
  overrides: Overrides;
  strategy: number;
  runs: number;
}

/**
 * Runs a task exactly as `lagsim run` would run that strategy of that scenario: the
 * same loader, the same seeds, the same summary. Pure: the result depends on the task
 * alone, so it does not matter which thread runs it or in which order.
 */
export function runTask(task: SweepTask): StrategyResult {
  const sc = parseScenario(task.docText, task.label, task.overrides);
  const one = { ...sc, strategies: [sc.strategies[task.strategy]] };
  return runScenario(one, { runs: task.runs }).results[0];
}
