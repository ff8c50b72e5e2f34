import { STRATEGIES } from '../strategies';
import { StrategyResult } from '../metrics/summary';
import { Slo, Verdict, judge } from '../metrics/threshold';
import { PoolOptions, openPool } from '../sweep/pool';
import { ScenarioSource, SweepTask } from '../sweep/task';
import { Candidate, candidate, gridCandidates } from './space';

/**
 * The search: every grid point of the strategies' advise spaces, then bisection wherever
 * an SLO's verdict flips between two neighbours on a numeric axis (the other axes equal),
 * until the two are one lattice step apart or the budget is spent. Each configuration
 * runs once, all its replications in one task (the sweep's worker pool, sweep/pool.ts,
 * one for the whole search: its threads start once, not once per round); only the
 * strategy changes between configurations, so nothing else is rerun.
 */

export interface Evaluated {
  cand: Candidate;
  /** The label the strategy's definition gives it (tables, JSON). */
  label: string;
  phase: 'grid' | 'refine';
  /** Means of the replications, with ci95 when runs > 1. */
  result: StrategyResult;
  /** One per SLO, in order. */
  verdicts: Verdict[];
  meets: boolean;
}

export interface SearchOptions {
  runs: number;
  /** Most simulation runs (configurations × replications) the search may spend. */
  budget: number;
  pool: PoolOptions;
  /** The grid's results, in gridCandidates order, when they were computed elsewhere (the shards `lagsim merge` joins). */
  grid?: StrategyResult[];
}

export interface SearchResult {
  evaluated: Evaluated[];
  /** Simulation runs spent: configurations × runs. */
  spent: number;
  /** Boundaries still wider than one step when the budget ran out (0: refinement finished). */
  open: number;
}

/** Simulation runs the grid of `names` takes with `runs` replications. */
export function gridRuns(names: readonly string[], runs: number): number {
  return gridCandidates(names).length * runs;
}

/** The runs of a batch of configurations: one task each, every replication; the grid is the first batch. */
export function batchTasks(src: ScenarioSource, batch: readonly Candidate[], runs: number): SweepTask[] {
  const overrides = { ...src.overrides, strategies: batch.map((c) => c.arg) };
  return batch.map((_, strategy) => ({ ...src, overrides, strategy, runs }));
}

export async function search(src: ScenarioSource, names: readonly string[], slos: readonly Slo[], o: SearchOptions): Promise<SearchResult> {
  const pool = openPool(o.pool);
  try {
    return await searchWith(names, slos, o, (batch) => pool.run(batchTasks(src, batch, o.runs)));
  } finally {
    await pool.close();
  }
}

/** The search, each batch of configurations run by `runBatch`. */
async function searchWith(names: readonly string[], slos: readonly Slo[], o: SearchOptions, runBatch: (batch: Candidate[]) => Promise<StrategyResult[]>): Promise<SearchResult> {
  const evaluated: Evaluated[] = [];
  const done = new Set<string>();
  const run = async (batch: Candidate[], phase: Evaluated['phase'], given?: StrategyResult[]): Promise<void> => {
    const results = given ?? (await runBatch(batch));
    batch.forEach((cand, i) => {
      const verdicts = slos.map((s) => judge(results[i], s));
      evaluated.push({ cand, label: results[i].strategy, phase, result: results[i], verdicts, meets: verdicts.every((v) => v.holds) });
      done.add(cand.arg);
    });
  };
  await run(gridCandidates(names), 'grid', o.grid);
  let next = bisections(evaluated, done);
  while (next.length > 0) {
    const room = Math.floor((o.budget - evaluated.length * o.runs) / o.runs);
    if (room <= 0) break;
    await run(next.slice(0, room), 'refine');
    next = bisections(evaluated, done);
  }
  return { evaluated, spent: evaluated.length * o.runs, open: next.length };
}

/**
 * The midpoints to try next: on each numeric axis, between two evaluated neighbours
 * (equal on every other axis, nothing evaluated between them) whose verdicts differ on
 * some SLO and that are more than one lattice step apart.
 */
export function bisections(evaluated: readonly Evaluated[], done: ReadonlySet<string>): Candidate[] {
  // A line: the configurations of one strategy equal on every axis but `axis`.
  const lines = new Map<string, { axis: number; members: Evaluated[] }>();
  for (const e of evaluated) {
    const axes = STRATEGIES[e.cand.name].advise.axes;
    axes.forEach((kind, axis) => {
      if (kind.kind === 'choice' || e.cand.coords[axis] === null) return;
      const key = `${e.cand.name} ${JSON.stringify(e.cand.coords.map((c, j) => (j === axis ? '*' : c)))}`;
      const line = lines.get(key);
      if (line === undefined) lines.set(key, { axis, members: [e] });
      else line.members.push(e);
    });
  }
  const out: Candidate[] = [];
  const seen = new Set<string>();
  for (const { axis, members } of lines.values()) {
    const sorted = [...members].sort((a, b) => (a.cand.coords[axis] as number) - (b.cand.coords[axis] as number));
    for (let k = 1; k < sorted.length; k++) {
      const lo = sorted[k - 1];
      const hi = sorted[k];
      const a = lo.cand.coords[axis] as number;
      const b = hi.cand.coords[axis] as number;
      if (b - a <= 1 || !flips(lo, hi)) continue;
      const mid = candidate(lo.cand.name, lo.cand.coords.map((c, j) => (j === axis ? Math.floor((a + b) / 2) : c)));
      if (done.has(mid.arg) || seen.has(mid.arg)) continue;
      seen.add(mid.arg);
      out.push(mid);
    }
  }
  return out;
}

function flips(a: Evaluated, b: Evaluated): boolean {
  return a.verdicts.some((v, i) => v.holds !== b.verdicts[i].holds);
}
