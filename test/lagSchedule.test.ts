import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { inputProblems, scenario } from './helpers';
import { assertStaleRate, readsOf, staleAges, staleZ, sum, tally } from './staleSpans';

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

schedule('all-follower stale rate is 1 − e^(−λkL) inside the window and 1 − e^(−λL) outside', () => {
  const reads = readsOf(scaled(7));
  const inside = tally(reads, a + k * L, a + D);
  const outside = sum(tally(reads, 0, a), tally(reads, a + D + k * L, T));
  assertStaleRate('inside', inside, lambda, k * L, D - k * L);
  assertStaleRate('outside', outside, lambda, L, T - D - k * L);
  // The two laws are far apart at this size: the test tells them apart.
  assert.ok(Math.abs(staleZ(inside, lambda, L, D - k * L)) > 10);
});

schedule('a true lag never exceeds k·L inside the window nor L outside (a stale read is at most that old)', () => {
  let worstIn = 0, worstOut = 0;
  for (const { sinceS, ageS } of staleAges(scaled(11))) {
    if (sinceS >= a && sinceS < a + D) worstIn = Math.max(worstIn, ageS);
    else if (sinceS >= a + D + k * L || sinceS < a) worstOut = Math.max(worstOut, ageS);
  }
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
