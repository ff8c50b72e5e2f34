import * as assert from 'uvu/assert';
import { runOnce } from '../src/run';
import type { OpRecord } from '../src/observer';
import type { Scenario } from '../src/scenario/types';

/**
 * The stale rate of all-follower reads over spans of simulated time, against the law of one
 * key with Poisson writes (rate λ) behind a constant lag L: 1 − e^(−λL). The tests of lags
 * that change in time (an incident, an hour of the day) compare the spans before and after
 * a boundary, each with its own L.
 */

/** Stale and total reads. */
export interface Tally { stale: number; n: number }

/** The reads of one run of the scenario's first strategy. */
export function readsOf(sc: Scenario): OpRecord[] {
  const reads: OpRecord[] = [];
  runOnce(sc, sc.strategies[0], sc.seed, { op: (r) => { if (r.op === 'read') reads.push(r); } });
  return reads;
}

/** Each stale read of one run: since when its value was overwritten on the master, and how old it was then read (s). */
export function staleAges(sc: Scenario): Array<{ sinceS: number; ageS: number }> {
  return readsOf(sc).filter((r) => r.version < r.masterVersion).map((r) => ({ sinceS: r.staleSinceUs / 1e6, ageS: (r.tUs - r.staleSinceUs) / 1e6 }));
}

/** Stale and total reads served in [fromS, toS). */
export function tally(reads: OpRecord[], fromS: number, toS: number): Tally {
  let stale = 0, n = 0;
  for (const r of reads) {
    const s = r.tUs / 1e6;
    if (s < fromS || s >= toS) continue;
    n++;
    if (r.version < r.masterVersion) stale++;
  }
  return { stale, n };
}

export function sum(a: Tally, b: Tally): Tally {
  return { stale: a.stale + b.stale, n: a.n + b.n };
}

/** z of an observed share against 1 − e^(−λ·lag), with the standard error of a stale rate over `spanS` seconds of time (see theory.test.ts). */
export function staleZ(t: Tally, lambda: number, lag: number, spanS: number): number {
  const q = Math.exp(-lambda * lag), p = 1 - q;
  const se = Math.sqrt((2 / spanS) * ((q * (1 - q)) / lambda - lag * q * q) + (p * (1 - p)) / t.n);
  return (t.stale / t.n - p) / se;
}

/** The share in `t` is 1 − e^(−λ·lag) within 4 standard errors; `what` names the span in the message. */
export function assertStaleRate(what: string, t: Tally, lambda: number, lag: number, spanS: number): void {
  const z = staleZ(t, lambda, lag, spanS);
  assert.ok(Math.abs(z) < 4, `${what}: ${t.stale / t.n} vs ${1 - Math.exp(-lambda * lag)} (z ${z.toFixed(2)})`);
}
