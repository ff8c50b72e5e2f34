import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { inputProblems, scenario } from './helpers';
import { runOnce } from '../src/run';
import type { OpRecord } from '../src/observer';

// A `scale` incident multiplies the shipping delay drawn for writes committed in its window.
// With Poisson writes (rate λ) on one key and a constant lag L, a read at t is stale iff a
// write committed in (t − lag, t]. Inside a window [a, a + D) scaled by k, a read at
// t ∈ [a + kL, a + D) sees only in-window writes in its look-back (lag kL), and every
// earlier write was applied by a + L ≤ t: stale rate 1 − e^(−λkL). Before a, and from
// a + D + kL on (every in-window write applied, later ones queued behind none of them),
// the rate is 1 − e^(−λL).

const schedule = suite('lag schedule: scale incidents');

const L = 0.2, k = 3, lambda = 2;
const a = 1000, D = 1000, T = 3000;

function scaled(seed: number) {
  return scenario({
    name: 'scaled-lag', seed, duration: `${T}s`,
    cluster: { followers: [{ name: 'f1', lag: `${L * 1000}ms`, incidents: [{ at: `${a}s`, duration: `${D}s`, type: 'scale', factor: k }] }] },
    workload: { keys: 1, sessions: 1000, writeRate: `${lambda}/s`, readRate: '20/s' },
    strategies: ['all-follower'],
  });
}

/** Stale and total reads served in [fromS, toS). */
function tally(reads: OpRecord[], fromS: number, toS: number): { stale: number; n: number } {
  let stale = 0, n = 0;
  for (const r of reads) {
    const s = r.tUs / 1e6;
    if (s < fromS || s >= toS) continue;
    n++;
    if (r.version < r.masterVersion) stale++;
  }
  return { stale, n };
}

/** z of an observed share against p, with the standard error of a stale rate over `spanS` seconds of time (see theory.test.ts). */
function z(stale: number, n: number, lag: number, spanS: number): number {
  const q = Math.exp(-lambda * lag), p = 1 - q;
  const se = Math.sqrt((2 / spanS) * ((q * (1 - q)) / lambda - lag * q * q) + (p * (1 - p)) / n);
  return (stale / n - p) / se;
}

schedule('all-follower stale rate is 1 − e^(−λkL) inside the window and 1 − e^(−λL) outside', () => {
  const sc = scaled(7);
  const reads: OpRecord[] = [];
  runOnce(sc, sc.strategies[0], sc.seed, { op: (r) => { if (r.op === 'read') reads.push(r); } });
  const inside = tally(reads, a + k * L, a + D);
  const before = tally(reads, 0, a);
  const after = tally(reads, a + D + k * L, T);
  const zIn = z(inside.stale, inside.n, k * L, D - k * L);
  const zOut = z(before.stale + after.stale, before.n + after.n, L, T - D - k * L);
  assert.ok(Math.abs(zIn) < 4, `inside: ${inside.stale / inside.n} vs ${1 - Math.exp(-lambda * k * L)} (z ${zIn.toFixed(2)})`);
  assert.ok(Math.abs(zOut) < 4, `outside: ${(before.stale + after.stale) / (before.n + after.n)} vs ${1 - Math.exp(-lambda * L)} (z ${zOut.toFixed(2)})`);
  // The two laws are far apart at this size: the test tells them apart.
  assert.ok(Math.abs(z(inside.stale, inside.n, L, D - k * L)) > 10);
});

schedule('a true lag never exceeds k·L inside the window nor L outside (a stale read is at most that old)', () => {
  const sc = scaled(11);
  let worstIn = 0, worstOut = 0;
  runOnce(sc, sc.strategies[0], sc.seed, {
    op: (r) => {
      if (r.op !== 'read' || r.version >= r.masterVersion) return;
      const age = (r.tUs - r.staleSinceUs) / 1e6;
      const since = r.staleSinceUs / 1e6;
      if (since >= a && since < a + D) worstIn = Math.max(worstIn, age);
      else if (since >= a + D + k * L || since < a) worstOut = Math.max(worstOut, age);
    },
  });
  assert.ok(worstIn <= k * L + 1e-9 && worstIn > L, `inside ${worstIn}`);
  assert.ok(worstOut <= L + 1e-9, `outside ${worstOut}`);
});

schedule('factor is required for scale and refused elsewhere; extra is refused for scale', () => {
  const doc = (incident: Record<string, unknown>) => () => scenario({
    name: 'x', duration: '10s', cluster: { followers: [{ name: 'f1', lag: '10ms', incidents: [incident] }] }, events: [],
  });
  assert.ok(inputProblems(doc({ at: '1s', duration: '1s', type: 'scale' })).some((p) => p.includes('factor')));
  assert.ok(inputProblems(doc({ at: '1s', duration: '1s', type: 'stop', factor: 2 })).some((p) => p.includes('factor')));
  assert.ok(inputProblems(doc({ at: '1s', duration: '1s', type: 'scale', factor: 2, extra: '1s' })).some((p) => p.includes('extra')));
  assert.ok(inputProblems(doc({ at: '1s', duration: '1s', type: 'scale', factor: 0 })).length > 0);
  assert.equal(inputProblems(doc({ at: '1s', duration: '1s', type: 'scale', factor: 0.5 })), []);
});

schedule.run();
