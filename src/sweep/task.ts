import { parseScenario, Overrides } from '../scenario/load';
import { runScenario } from '../run';
import { StrategyResult } from '../metrics/summary';
import { Scenario } from '../scenario/types';
import { Replication, Watch, runReplication } from '../report/collect';

/** A scenario as plain data, so it can cross to a worker: its document text, the name problems use, the overrides. */
export interface ScenarioSource {
  docText: string;
  label: string;
  overrides: Overrides;
}

/** One unit of sweep work: one strategy of one point, every replication. */
export interface SweepTask extends ScenarioSource {
  strategy: number;
  runs: number;
}

/** One unit of `lagsim run` work: one replication of one strategy, watched for the report when `watch` is given. */
export interface ReplicationTask extends ScenarioSource {
  strategy: number;
  replication: number;
  watch?: Watch;
}

export type Task = SweepTask | ReplicationTask;

/** What a task returns: a sweep task the strategy's combined result, a replication task its Replication. */
export type TaskResult<T extends Task> = T extends ReplicationTask ? Replication : StrategyResult;

/** The last scenario parsed: a worker's tasks mostly share one, and parsing a big file takes a while. */
let cached: { key: string; sc: Scenario } | null = null;

function scenarioOf(src: ScenarioSource): Scenario {
  const key = `${src.label}\u0000${JSON.stringify(src.overrides)}\u0000${src.docText}`;
  if (cached?.key !== key) cached = { key, sc: parseScenario(src.docText, src.label, src.overrides) };
  return cached.sc;
}

/**
 * Runs a task exactly as `lagsim run` would run that strategy of that scenario: the
 * same loader, the same seeds, the same summary. Pure: the result depends on the task
 * alone, so it does not matter which thread runs it or in which order.
 */
export function runTask<T extends Task>(task: T): TaskResult<T> {
  const sc = scenarioOf(task);
  if ('replication' in task) return runReplication(sc, task.strategy, task.replication, task.watch) as TaskResult<T>;
  const one = { ...sc, strategies: [sc.strategies[task.strategy]] };
  return runScenario(one, { runs: task.runs }).results[0] as TaskResult<T>;
}
