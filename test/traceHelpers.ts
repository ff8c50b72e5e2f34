import { OpRecord, ApplyRecord } from '../src/simulate';
import { runOnce } from '../src/run';
import { parseStrategyArg } from '../src/scenario/load';
import { StrategyResult } from '../src/metrics/summary';
import { Scenario } from '../src/scenario/types';

export interface Trace {
  ops: OpRecord[];
  applies: ApplyRecord[];
  result: StrategyResult;
}

/** Every operation and apply of one run, plus its summary. */
export function traceOf(sc: Scenario, strategy: string, seed = sc.seed): Trace {
  const ops: OpRecord[] = [];
  const applies: ApplyRecord[] = [];
  const result = runOnce(sc, parseStrategyArg(strategy), seed, { op: (r) => ops.push(r), apply: (a) => applies.push(a) });
  return { ops, applies, result };
}

/** The summary of one run, unwatched: what traceOf's `result` is, without building its records. */
export function resultOf(sc: Scenario, strategy: string, seed = sc.seed): StrategyResult {
  return runOnce(sc, parseStrategyArg(strategy), seed);
}

/**
 * True replication lag recomputed from a trace, independently of the simulator's own
 * bookkeeping: at τ, follower f's lag is τ minus the commit (visibility) time of the
 * oldest committed position it has not applied by τ; 0 when it has applied all of them.
 */
export class LagOracle {
  private readonly commitUs: number[] = [];
  private readonly applyUs: number[][];

  constructor(t: Trace, followers: number) {
    for (const r of t.ops) if (r.op === 'write') this.commitUs[r.pos] = r.tUs;
    this.applyUs = Array.from({ length: followers }, () => []);
    for (const a of t.applies) this.applyUs[a.follower][a.pos] = a.tUs;
  }

  lagUs(f: number, tUs: number): number {
    // Apply times rise with the position, so the first one not applied by τ is found by bisection.
    const apply = this.applyUs[f];
    let lo = 1;
    let hi = this.commitUs.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (apply[mid] > tUs) hi = mid;
      else lo = mid + 1;
    }
    return lo < this.commitUs.length && this.commitUs[lo] <= tUs ? tUs - this.commitUs[lo] : 0;
  }
}

/** Mean and its standard error by batch means (the samples are autocorrelated, batches nearly not). */
export function batchMeans(xs: number[], batches = 50): { mean: number; se: number } {
  const size = Math.floor(xs.length / batches);
  const means: number[] = [];
  for (let b = 0; b < batches; b++) {
    let s = 0;
    for (let i = b * size; i < (b + 1) * size; i++) s += xs[i];
    means.push(s / size);
  }
  const mean = means.reduce((a, b) => a + b, 0) / batches;
  const variance = means.reduce((a, m) => a + (m - mean) ** 2, 0) / (batches - 1);
  return { mean, se: Math.sqrt(variance / batches) };
}
