import { createHash } from 'crypto';
import { z } from 'zod';
import { at, msg, Problem, ProblemKey, Var, within } from '../i18n/problem';
import { StrategyResult } from '../metrics/summary';
import { strategyResultSchema } from '../metrics/schema';
import { describeIssues } from '../scenario/load';
import { scenarioErrorMap } from '../scenario/messages';
import { Overrides } from '../scenario/load';
import { InputError } from '../scenario/errors';
import { lagsimVersion } from '../report/html/runPage';
import { SweepPlan, planSweep } from './plan';
import { PoolOptions, runTasks } from './pool';
import { sweepTasks } from './run';

/**
 * A sweep split over machines. `lagsim sweep … --shard i/n` runs the runs (value ×
 * strategy the value touches, in sweepTasks order) whose index k has k mod n = i − 1 — round-robin, so
 * every shard gets a similar mix of cheap and costly values — and writes them to a
 * shard file. The file carries the whole sweep as asked (scenario text, --param,
 * --steps, --runs, --seed, --strategy), so `lagsim merge` needs nothing else: it plans
 * the sweep again from that copy, checks that the shards are all of one sweep and
 * together cover it exactly once, and assembles the result the single-machine sweep
 * gives — every run is a pure function of its task, so the bytes are the same.
 */

/** What defines a sweep's results. The file's path is only a label: it may differ between machines. */
export interface SweepSpec {
  file: string;
  scenarioText: string;
  param: string;
  steps: number;
  runs: number;
  overrides: Overrides;
}

/** What every shard file holds, sweep or advise: enough to check a set of them and put their results in order. */
export interface ShardCommon {
  /** lagsim version: shards of different versions are not merged. */
  lagsim: string;
  /** Hash of the run the shard is of, all but the file path (its spec: `sweep`, `advise`). */
  fingerprint: string;
  shard: { index: number; count: number };
  /** Runs in the whole sweep or grid. */
  tasks: number;
  results: Array<{ task: number; result: StrategyResult }>;
  /** Hash of `results` as written (resultsDigest). */
  resultsDigest: string;
}

export interface ShardFile extends ShardCommon {
  lagsimShard: 1;
  sweep: SweepSpec;
}

/** A sha256 as a shard writes it: the fingerprint, the results' digest. */
export const sha256Schema = z.string().regex(/^[0-9a-f]{64}$/);

/** "2/8" → {index: 2, count: 8}; null when malformed (the CLI reports it). */
export function parseShardArg(arg: string): { index: number; count: number } | null {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(arg);
  if (m === null) return null;
  const index = Number(m[1]);
  const count = Number(m[2]);
  return count >= 1 && count <= 100_000 && index >= 1 && index <= count ? { index, count } : null;
}

/** The shard `--shard` names; a problem naming the option when it is malformed. */
export function shardOption(arg: string): { index: number; count: number } {
  const shard = parseShardArg(arg);
  if (shard === null) throw new InputError([at('--shard', msg('v.shardArg', { got: `"${arg}"` }))]);
  return shard;
}

/**
 * The shard a command's `--shard` names; a problem when it is malformed, or when the shard
 * would be neither written nor printed (`--no-report` without `--json`) after all its runs.
 */
export function shardOf(a: { shard?: string; report?: boolean; json?: boolean }): { index: number; count: number } {
  const shard = shardOption(a.shard ?? '');
  if (a.report === false && a.json !== true) throw new InputError([at('--shard', msg('v.shardNowhere'))]);
  return shard;
}

/** Indices of the runs shard `index` of `count` makes. */
export function shardTaskIndices(total: number, index: number, count: number): number[] {
  const out: number[] = [];
  for (let k = index - 1; k < total; k += count) out.push(k);
  return out;
}

export function fingerprint(spec: SweepSpec): string {
  const { file: _label, ...defining } = spec;
  const canonical = JSON.stringify(defining, ['scenarioText', 'param', 'steps', 'runs', 'overrides', 'seed', 'strategies']);
  return createHash('sha256').update(canonical).digest('hex');
}

/**
 * The hash of a shard's results as JSON writes them. Parsing and writing them again gives
 * the same text (JSON numbers round-trip), so a result changed in the file by hand or by
 * damage that leaves it valid JSON no longer matches. A check against mistakes, not a
 * signature: whoever edits the file can also rewrite the hash.
 */
export function resultsDigest(results: ShardCommon['results']): string {
  return createHash('sha256').update(JSON.stringify(results)).digest('hex');
}

/** A shard's results as it writes them: each run's task index beside its result, and their digest. */
export function writtenResults(tasks: number[], results: StrategyResult[]): Pick<ShardCommon, 'results' | 'resultsDigest'> {
  const written = tasks.map((task, j) => ({ task, result: results[j] }));
  return { results: written, resultsDigest: resultsDigest(written) };
}

export function shardText(s: ShardCommon): string {
  return JSON.stringify(s) + '\n';
}

/** Runs shard `index` of `count` of the planned sweep `spec` describes. */
export async function runShard(plan: SweepPlan, spec: SweepSpec, index: number, count: number, pool: PoolOptions): Promise<ShardFile> {
  const { tasks } = sweepTasks(plan, spec.runs);
  const mine = shardTaskIndices(tasks.length, index, count);
  const results = await runTasks(mine.map((k) => tasks[k]), pool);
  return {
    lagsimShard: 1, lagsim: lagsimVersion(), fingerprint: fingerprint(spec), sweep: spec, shard: { index, count },
    tasks: tasks.length, ...writtenResults(mine, results),
  };
}

/**
 * A shard file as `runShard` writes it. Every result is checked as a run makes it
 * (src/metrics/schema.ts), so a hand-edited or corrupted shard is refused with the field
 * path rather than merged into tables showing NaN %; the sweep fields have the command
 * line's bounds, so replanning from them costs no more than the sweep itself did.
 */
const shardSchema = z.strictObject({
  lagsimShard: z.literal(1),
  lagsim: z.string().max(100),
  fingerprint: sha256Schema,
  sweep: z.strictObject({
    file: z.string(),
    scenarioText: z.string(),
    param: z.string(),
    steps: z.int().min(2).max(1000),
    runs: z.int().min(1).max(1000),
    overrides: z.strictObject({ seed: z.int().min(0).optional(), strategies: z.array(z.string()).optional() }),
  }),
  shard: z.strictObject({ index: z.int().min(1).max(100_000), count: z.int().min(1).max(100_000) }),
  tasks: z.int().min(0),
  results: z.array(z.strictObject({ task: z.int().min(0), result: strategyResultSchema })),
  resultsDigest: sha256Schema,
});

/**
 * The JSON object of a shard file, sweep (`lagsimShard: 1`) or advise (`lagsimAdviseShard: 1`);
 * InputError naming `file` when it is neither.
 */
export function shardDocument(file: string, text: string): Record<string, unknown> {
  let doc: unknown;
  try {
    doc = JSON.parse(text.replace(/^\uFEFF/, '')); // an editor's byte-order mark is not content
  } catch {
    doc = null;
  }
  const d = doc as Record<string, unknown> | null;
  if (d === null || typeof d !== 'object' || Array.isArray(d) || (d.lagsimShard !== 1 && d.lagsimAdviseShard !== 1)) throw new InputError([at(file, msg('v.notShard'))]);
  return d;
}

/** Parses a sweep shard file; InputError naming `file` (and the field) when it is not a valid one. */
export function parseShard(file: string, text: string): ShardFile {
  return sweepShardOf(file, shardDocument(file, text));
}

/** A shard document checked as a sweep's. */
export function sweepShardOf(file: string, doc: Record<string, unknown>): ShardFile {
  return checkedShard(file, doc, { marker: 'lagsimShard', schema: shardSchema, fingerprint: (s: ShardFile) => fingerprint(s.sweep) });
}

/** What tells one kind of shard file (sweep or advise) apart, and what checks it. */
export interface ShardKind<S extends ShardCommon> {
  /** The top-level key whose value 1 marks the kind. */
  marker: 'lagsimShard' | 'lagsimAdviseShard';
  schema: z.ZodType;
  /** The hash of the run as the file describes it, to compare with its `fingerprint`. */
  fingerprint(s: S): string;
}

/**
 * A shard document checked as one of `kind`: its marker, a results digest at all (an older
 * lagsim wrote none), every field against the schema, the shard index, the fingerprint
 * against the run it describes and the results against their digest (so an edited run or
 * result is refused). Returns the document itself, not zod's copy: that lists keys in
 * schema order, and the merged JSON must keep the order the runs wrote.
 */
export function checkedShard<S extends ShardCommon>(file: string, doc: Record<string, unknown>, kind: ShardKind<S>): S {
  if (doc[kind.marker] !== 1) throw new InputError([at(file, msg('v.notShard'))]);
  if (!('resultsDigest' in doc)) throw new InputError([at(file, msg('v.shardNoDigest'))]);
  const r = kind.schema.safeParse(doc, { error: scenarioErrorMap, reportInput: true });
  if (!r.success) throw new InputError(within(file, describeIssues(r.error.issues)));
  const s = doc as unknown as S;
  checkShardHeader(file, s);
  if (kind.fingerprint(s) !== s.fingerprint) throw new InputError([at(file, msg('v.shardEdited'))]);
  if (resultsDigest(s.results) !== s.resultsDigest) throw new InputError([at(file, msg('v.shardResultsEdited'))]);
  return s;
}

/** The shard index within its count. */
export function checkShardHeader(file: string, s: ShardCommon): void {
  if (s.shard.index > s.shard.count) throw new InputError([at(file, msg('v.shardArg', { got: `"${s.shard.index}/${s.shard.count}"` }))]);
}

/** The plan a shard file describes. */
export function planOf(s: ShardFile): SweepPlan {
  return planSweep(s.sweep.file, s.sweep.param, s.sweep.steps, s.sweep.overrides, s.sweep.scenarioText);
}

/**
 * Checks that `shards` (file name → parsed shard) are the n shards of one sweep, each
 * once, each holding exactly its runs; returns the plan and every result in task order.
 */
export function mergeShards(shards: Array<[string, ShardFile]>): { plan: SweepPlan; runs: number; results: StrategyResult[] } {
  const first = checkShardSet(shards, 'v.shardOtherSweep');
  const plan = planOf(first);
  const total = sweepTasks(plan, first.sweep.runs).tasks.length;
  return { plan, runs: first.sweep.runs, results: shardResults(shards, total) };
}

/**
 * Checks that `shards` are of one version and one run (same fingerprint; `other` says
 * what differs otherwise), n of them, every i of n once; returns the first.
 */
export function checkShardSet<S extends ShardCommon>(shards: Array<[string, S]>, other: ProblemKey): S {
  const [firstFile, first] = shards[0];
  const problems: Problem[] = [];
  const seen = new Map<number, string>();
  for (const [file, s] of shards) {
    const shard = `${s.shard.index}/${s.shard.count}`;
    if (s.lagsim !== first.lagsim) problems.push(at(file, msg('v.shardVersion', { version: s.lagsim, first: firstFile, firstVersion: first.lagsim })));
    else if (s.fingerprint !== first.fingerprint) problems.push(at(file, msg(other, { first: firstFile })));
    else if (s.shard.count !== first.shard.count) problems.push(at(file, msg('v.shardCount', { shard, first: firstFile, count: first.shard.count })));
    else if (seen.has(s.shard.index)) problems.push(at(file, msg('v.shardAgain', { shard, other: seen.get(s.shard.index)! })));
    else seen.set(s.shard.index, file);
  }
  if (problems.length > 0) throw new InputError(problems);
  const n = first.shard.count;
  const missing = Array.from({ length: n }, (_, i) => i + 1).filter((i) => !seen.has(i));
  if (missing.length > 0) {
    const names = missing.slice(0, 8).map((i) => `${i}/${n}`);
    const list = missing.length > 8 ? msg('vw.listAndMore', { list: names, n: missing.length - 8 }) : names;
    throw new InputError([at('', msg('v.shardsMissing', { shards: { plural: 'vw.shards', count: missing.length }, list, n }))]);
  }
  return first;
}

/** Every result of a checked set of shards in task order, each shard holding exactly its runs of `total`. */
export function shardResults(shards: Array<[string, ShardCommon]>, total: number): StrategyResult[] {
  const results: StrategyResult[] = new Array(total);
  for (const [file, s] of shards) {
    const n = s.shard.count;
    const want = shardTaskIndices(total, s.shard.index, n);
    const got = s.results.map((r) => r.task);
    if (s.tasks !== total || got.length !== want.length || got.some((k, i) => k !== want[i])) {
      const runs = (tasks: number[]): Var => (tasks.length > 0 ? tasks.join(',').slice(0, 60) : msg('vw.none'));
      throw new InputError([at(file, msg('v.shardRuns', { got: runs(got), shard: `${s.shard.index}/${n}`, want: runs(want) }))]);
    }
    for (const r of s.results) results[r.task] = r.result;
  }
  return results;
}
