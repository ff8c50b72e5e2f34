import { createHash } from 'crypto';
import { z } from 'zod';
import { strategyResultSchema } from '../metrics/schema';
import { Slo } from '../metrics/threshold';
import { parseScenario } from '../scenario/load';
import { Scenario } from '../scenario/types';
import { lagsimVersion } from '../report/html/runPage';
import { runSlos } from '../cli/sloOption';
import { PoolOptions, runTasks } from '../sweep/pool';
import { ScenarioSource } from '../sweep/task';
import { ShardCommon, checkShardSet, checkedShard, sha256Schema, shardResults, shardTaskIndices, writtenResults } from '../sweep/shard';
import { AdviseOptions, AdviseResult, advise, checkAdvise, searchedStrategies } from './advise';
import { batchTasks } from './search';
import { gridCandidates } from './space';

/**
 * `lagsim advise` split over machines. The search has two phases: the grid, whose
 * configurations are known before anything runs, and the refinement, whose midpoints
 * depend on the grid's verdicts. So `lagsim advise … --shard i/n` runs the grid's
 * configurations whose index k has k mod n = i − 1 (round-robin, as sweep shards do)
 * and writes them to a shard file with the whole advise run as asked (scenario text,
 * --slo, --runs, --budget, --seed, --strategy). `lagsim merge` checks that the shards are
 * all of one run and cover the grid exactly once, then searches exactly as one machine
 * does with the grid's results given: the refinement runs there, on that machine's
 * workers, spending what is left of the budget. Every run is a pure function of its task,
 * and the refinement a function of the grid's results, so the bytes are the same.
 */

/** What defines an advise run's result. The file's path is only a label. */
export interface AdviseSpec {
  file: string;
  scenarioText: string;
  /** The --slo arguments (the scenario's own SLOs are in its text). */
  slo: string[];
  runs: number;
  budget: number;
  /** --strategy names; empty: every strategy. */
  strategies: string[];
  overrides: { seed?: number };
}

export interface AdviseShardFile extends ShardCommon {
  lagsimAdviseShard: 1;
  advise: AdviseSpec;
}

export function adviseFingerprint(spec: AdviseSpec): string {
  const { file: _label, ...defining } = spec;
  const canonical = JSON.stringify(defining, ['scenarioText', 'slo', 'runs', 'budget', 'strategies', 'overrides', 'seed']);
  return createHash('sha256').update(canonical).digest('hex');
}

/** The scenario, SLOs and options a spec stands for, checked as `lagsim advise` checks them. */
export function adviseInputs(spec: AdviseSpec): { sc: Scenario; src: ScenarioSource; slos: Slo[]; options: AdviseOptions } {
  const sc = parseScenario(spec.scenarioText, spec.file, spec.overrides);
  const slos = runSlos(sc.input.slo ?? [], spec.slo);
  const options = { runs: spec.runs, budget: spec.budget, strategies: spec.strategies };
  checkAdvise(slos, searchedStrategies(spec.strategies), options);
  return { sc, src: { docText: spec.scenarioText, label: spec.file, overrides: spec.overrides }, slos, options };
}

/** Runs shard `index` of `count` of the advise run's grid. */
export async function runAdviseShard(spec: AdviseSpec, index: number, count: number, pool: PoolOptions): Promise<{ sc: Scenario; shard: AdviseShardFile }> {
  const { sc, src, options } = adviseInputs(spec);
  const tasks = batchTasks(src, gridCandidates(searchedStrategies(options.strategies)), options.runs);
  const mine = shardTaskIndices(tasks.length, index, count);
  const results = await runTasks(mine.map((k) => tasks[k]), pool);
  const shard: AdviseShardFile = {
    lagsimAdviseShard: 1, lagsim: lagsimVersion(), fingerprint: adviseFingerprint(spec), advise: spec, shard: { index, count },
    tasks: tasks.length, ...writtenResults(mine, results),
  };
  return { sc, shard };
}

/** An advise shard as runAdviseShard writes it; every result checked as a run makes it. */
const adviseShardSchema = z.strictObject({
  lagsimAdviseShard: z.literal(1),
  lagsim: z.string().max(100),
  fingerprint: sha256Schema,
  advise: z.strictObject({
    file: z.string(),
    scenarioText: z.string(),
    slo: z.array(z.string()).max(1000),
    runs: z.int().min(1).max(1000),
    budget: z.int().min(1).max(1_000_000),
    strategies: z.array(z.string()).max(1000),
    overrides: z.strictObject({ seed: z.int().min(0).optional() }),
  }),
  shard: z.strictObject({ index: z.int().min(1).max(100_000), count: z.int().min(1).max(100_000) }),
  tasks: z.int().min(0),
  results: z.array(z.strictObject({ task: z.int().min(0), result: strategyResultSchema })),
  resultsDigest: sha256Schema,
});

/** A shard document (sweep/shard.ts shardDocument) checked as an advise run's. */
export function adviseShardOf(file: string, doc: Record<string, unknown>): AdviseShardFile {
  return checkedShard(file, doc, { marker: 'lagsimAdviseShard', schema: adviseShardSchema, fingerprint: (s: AdviseShardFile) => adviseFingerprint(s.advise) });
}

/**
 * The advise run the shards are of, every i of n once: the grid's results from the
 * shards, the refinement run here. Returns the scenario (for printing) and the result.
 */
export async function mergeAdviseShards(shards: Array<[string, AdviseShardFile]>, pool: Pick<AdviseOptions, 'workers' | 'onDone'>): Promise<{ sc: Scenario; result: AdviseResult }> {
  const first = checkShardSet(shards, 'v.shardOtherAdvise');
  const { sc, src, slos, options } = adviseInputs(first.advise);
  const grid = shardResults(shards, gridCandidates(searchedStrategies(options.strategies)).length);
  return { sc, result: await advise(sc, src, slos, { ...options, ...pool, grid }) };
}
