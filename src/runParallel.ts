import { Scenario } from './scenario/types';
import { Summary } from './metrics/summary';
import { PreparedReport, ReportData, assembleReport } from './report/collect';
import { summaryOf } from './run';
import { PoolOptions, defaultWorkers, runTasks } from './sweep/pool';
import { ReplicationTask, ScenarioSource } from './sweep/task';
import { operationBound } from './scenario/limits';

/**
 * Below this many operations (the pre-run bound of src/scenario/limits.ts × strategies ×
 * replications) `lagsim run` stays in one thread by default: starting a worker thread and
 * warming it up costs about 0.3–0.5 s, as much as ~2.5 M simulated operations, so a
 * smaller run finishes sooner serially. Above it, threads pay for their start.
 */
export const PARALLEL_MIN_OPS = 5_000_000;

/** The run's bound on operations over every strategy and replication. */
export function runOperations(sc: Scenario, runs: number): number {
  return operationBound(sc.input) * sc.strategies.length * runs;
}

/** `--workers` when given; otherwise one per core for a run long enough to pay for threads, else 1. */
export function runWorkers(sc: Scenario, runs: number, requested?: number): number {
  if (requested !== undefined) return requested;
  return runOperations(sc, runs) >= PARALLEL_MIN_OPS ? Math.min(defaultWorkers(), sc.strategies.length * runs) : 1;
}

/**
 * runScenario (and with `prep`, collectReport) spread over worker threads: one task per
 * strategy × replication, each a pure function of the scenario's text, so the summary
 * and the report's data are byte for byte those of the serial run. `src` must be the text
 * `sc` was parsed from, with the same overrides. `prep` (prepareReport, run by the caller)
 * is the first replication of the first strategy, which fixes the curves' bins.
 */
export async function runReplications(sc: Scenario, src: ScenarioSource, runs: number, prep: PreparedReport | null, pool: PoolOptions): Promise<{ summary: Summary; data: ReportData | null }> {
  const tasks: ReplicationTask[] = [];
  sc.strategies.forEach((_, strategy) => {
    for (let replication = prep !== null && strategy === 0 ? 1 : 0; replication < runs; replication++) tasks.push({ ...src, strategy, replication, watch: prep?.watch });
  });
  const done = await runTasks(tasks, pool);
  if (prep !== null) done.unshift(prep.first);
  const reps = sc.strategies.map((_, i) => done.slice(i * runs, (i + 1) * runs));
  if (prep === null) return { summary: summaryOf(sc, reps.map((perRun) => perRun.map((x) => x.result))), data: null };
  const data = assembleReport(sc, prep, reps);
  return { summary: data.summary, data };
}
