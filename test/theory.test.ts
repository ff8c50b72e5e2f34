import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { poissonOneKey, resultsOf, scenario } from './helpers';
import { simulate } from '../src/simulate';
import { parseStrategyArg } from '../src/scenario/load';

// Closed forms the simulator must reproduce. Each tolerance is a multiple of the
// estimator's standard error for the sample the test draws, derived in the comment.

const allFollower = parseStrategyArg('all-follower');

// ---
const poisson = suite('Poisson writes, constant lag L: all-follower stale rate = 1 − e^(−λL)');

/**
 * A read at t is stale iff some write committed in (t − L, t]. The estimate mixes two
 * noises: the fraction of time the key is stale (an indicator process whose covariance
 * at lag τ < L is e^(−λ(L+τ)) − e^(−2λL)), and the Poisson sampling of read times.
 */
function staleRateSe(lambda: number, L: number, T: number, reads: number): number {
  const q = Math.exp(-lambda * L);
  const timeVar = (2 / T) * ((q * (1 - q)) / lambda - L * q * q);
  const p = 1 - q;
  return Math.sqrt(timeVar + (p * (1 - p)) / reads);
}

for (const [lagMs, lambda] of [[500, 2], [100, 5], [1000, 0.5]] as const) {
  poisson(`λ=${lambda}/s, L=${lagMs}ms`, () => {
    const T = 20_000;
    const r = resultsOf(poissonOneKey(`${lagMs}ms`, `${lambda}/s`, '10/s', `${T}s`, 5))['all-follower'];
    const L = lagMs / 1000;
    const theory = 1 - Math.exp(-lambda * L);
    const se = staleRateSe(lambda, L, T, r.reads);
    const z = (r.staleRate - theory) / se;
    assert.ok(Math.abs(z) < 4, `stale rate ${r.staleRate} vs theory ${theory} (SE ${se.toFixed(5)}, z ${z.toFixed(2)})`);
  });
}

poisson('staleness of a stale read: never above L, median as the first-commit-in-window law predicts', () => {
  const lambda = 2, L = 0.5;
  const r = resultsOf(poissonOneKey('500ms', '2/s', '10/s', '20000s', 9))['all-follower'];
  assert.ok(r.stalenessMs.max <= 500, `max ${r.stalenessMs.max}`);
  // Staleness A = L − X, X ~ Exp(λ) conditioned on X < L (the first commit in the window).
  // Median a solves e^(−λ(L−a)) = e^(−λL) + ½(1 − e^(−λL)).
  const q = Math.exp(-lambda * L);
  const medianMs = 1000 * (L + Math.log(q + 0.5 * (1 - q)) / lambda);
  // Effective sample ≈ the 40,000 writes (reads in one window share it); SE of a median
  // = 0.5 / (√n f(m)) with density f(m) = λ e^(−λ(L−m)) / (1 − q) ≈ 2.16/s → ≈ 1.2 ms. Allow 8 SE.
  assert.ok(Math.abs(r.stalenessMs.p50 - medianMs) < 10, `p50 ${r.stalenessMs.p50} vs ${medianMs.toFixed(1)}`);
});

poisson.run();

// ---
const arrivals = suite('Poisson arrivals');

arrivals('operation counts are Poisson(rate × T) and reads/writes split by rate', () => {
  const r = resultsOf(poissonOneKey('0ms', '100/s', '900/s', '200s', 3))['all-follower'];
  for (const [n, mean] of [[r.reads, 900 * 200], [r.writes, 100 * 200]]) {
    assert.ok(Math.abs(n - mean) < 4 * Math.sqrt(mean), `${n} vs ${mean}`);
  }
});

arrivals('inter-arrival gaps are exponential: mean 1/rate and coefficient of variation 1', () => {
  const sc = poissonOneKey('0ms', '0/s', '1000/s', '100s', 4);
  const gaps: number[] = [];
  let last = 0;
  simulate(sc, allFollower, sc.seed, { op: (o) => { gaps.push(o.tUs - last); last = o.tUs; } });
  const n = gaps.length;
  const mean = gaps.reduce((a, b) => a + b, 0) / n;
  const sd = Math.sqrt(gaps.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1));
  // SE of the mean of n exponentials is mean/√n (≈ 3.2 µs here); of the CV ≈ 1/√n.
  assert.ok(Math.abs(mean - 1000) < 4 * 1000 / Math.sqrt(n), `mean gap ${mean} µs`);
  assert.ok(Math.abs(sd / mean - 1) < 4 / Math.sqrt(n) + 0.002, `CV ${sd / mean}`);
  // P(gap > 1/rate) = e^−1
  const above = gaps.filter((g) => g > 1000).length / n;
  assert.ok(Math.abs(above - Math.exp(-1)) < 4 * Math.sqrt(0.2325 / n), `P(gap > mean) ${above}`);
});

arrivals('zipf popularity: key-r read with probability r^−s / H(N, s)', () => {
  const N = 20, s = 1.1;
  const sc = scenario({
    name: 'zipf', seed: 2, duration: '100s',
    cluster: { followers: [{ name: 'f1', lag: '0ms' }] },
    workload: { keys: N, popularity: { zipf: s }, sessions: 10, writeRate: '0/s', readRate: '2000/s' },
    strategies: ['all-follower'],
  });
  const counts = new Array<number>(N).fill(0);
  let total = 0;
  simulate(sc, allFollower, sc.seed, { op: (o) => { counts[Number(sc.keyNames[o.key].slice(4))]++; total++; } });
  let H = 0;
  for (let r = 1; r <= N; r++) H += r ** -s;
  for (const r of [0, 1, 2, 9, 19]) {
    const p = (r + 1) ** -s / H;
    const se = Math.sqrt((p * (1 - p)) / total);
    assert.ok(Math.abs(counts[r] / total - p) < 4 * se, `key-${r}: ${counts[r] / total} vs ${p}`);
  }
});

arrivals.run();

// ---
const queue = suite('applyTime: the single SQL thread is a queue');

/** Apply delays a_i − c_i, with the batch-means standard error of their mean (50 batches). */
function applyDelays(applyTime: unknown, writeRate: string, duration: string): { mean: number; se: number } {
  const sc = poissonOneKey('0ms', writeRate, '0/s', duration, 6, { applyTime });
  const delays: number[] = [];
  simulate(sc, allFollower, sc.seed, { op() {}, apply: (a) => { delays.push(a.tUs - a.commitUs); } });
  const n = delays.length;
  const mean = delays.reduce((a, b) => a + b, 0) / n;
  const B = 50, size = Math.floor(n / B);
  const batch = Array.from({ length: B }, (_, b) => delays.slice(b * size, (b + 1) * size).reduce((a, x) => a + x, 0) / size);
  const bm = batch.reduce((a, b) => a + b, 0) / B;
  const se = Math.sqrt(batch.reduce((a, x) => a + (x - bm) ** 2, 0) / (B - 1) / B);
  return { mean, se };
}

queue('M/M/1: exponential apply time 1/μ, Poisson writes λ → mean apply delay 1/(μ − λ)', () => {
  const { mean, se } = applyDelays({ dist: 'exponential', mean: '4ms' }, '200/s', '4000s'); // μ = 250/s
  const theory = 1e6 / (250 - 200); // 20 ms
  assert.ok(Math.abs(mean - theory) < 4 * se, `mean ${mean.toFixed(0)} µs vs ${theory} µs (batch SE ${se.toFixed(0)})`);
  assert.ok(se < 0.05 * theory, `the test is too short to decide: SE ${se}`);
});

queue('M/D/1: constant apply time → Pollaczek–Khinchine mean 1/μ + ρ/(2μ(1 − ρ))', () => {
  const { mean, se } = applyDelays('4ms', '200/s', '4000s');
  const mu = 250, rho = 200 / 250;
  const theory = 1e6 * (1 / mu + rho / (2 * mu * (1 - rho))); // 12 ms
  assert.ok(Math.abs(mean - theory) < 4 * se, `mean ${mean.toFixed(0)} µs vs ${theory} µs (batch SE ${se.toFixed(0)})`);
});

queue.run();

// ---
const mixture = suite('Empirical lag resampled from {a, b}: all-follower stale rate = 1 − e^(−λ(a+b)/2)');

/**
 * The follower applies in commit order (receipt = max over earlier c_j + d_j), so a read at
 * t is stale iff some write committed in (t − d_j, t] with its own drawn lag d_j: the writes
 * in flight form an M/G/∞ count, Poisson with mean λE[L], whatever the lag's law. Two lags
 * a, b drawn equally often: 1 − e^(−λ(a+b)/2). Its standard error: the stale indicator's
 * covariance at lag τ is q²(e^(λE[(L−τ)⁺]) − 1) with q = e^(−λE[L]), integrated
 * numerically, plus the Poisson sampling of read times.
 */
function mixtureSe(lambda: number, lags: number[], T: number, reads: number): number {
  const mean = lags.reduce((x, y) => x + y, 0) / lags.length;
  const q = Math.exp(-lambda * mean);
  const tail = (tau: number) => lags.reduce((s, L) => s + Math.max(L - tau, 0), 0) / lags.length;
  const top = Math.max(...lags), steps = 10_000;
  let integral = 0;
  for (let i = 0; i < steps; i++) integral += q * q * (Math.exp(lambda * tail(((i + 0.5) * top) / steps)) - 1) * (top / steps);
  const p = 1 - q;
  return Math.sqrt((2 / T) * integral + (p * (1 - p)) / reads);
}

for (const [a, b, lambda] of [[100, 900, 1], [20, 380, 4]] as const) {
  mixture(`λ=${lambda}/s, samples {${a}ms, ${b}ms}`, () => {
    const T = 20_000;
    const r = resultsOf(poissonOneKey({ dist: 'empirical', samples: [`${a}ms`, `${b}ms`] }, `${lambda}/s`, '10/s', `${T}s`, 7))['all-follower'];
    const theory = 1 - Math.exp((-lambda * (a + b)) / 2000);
    const se = mixtureSe(lambda, [a / 1000, b / 1000], T, r.reads);
    const z = (r.staleRate - theory) / se;
    assert.ok(Math.abs(z) < 4, `stale rate ${r.staleRate} vs theory ${theory} (SE ${se.toFixed(5)}, z ${z.toFixed(2)})`);
    // The average of the two constant-lag stale rates is a different number; the run must tell them apart.
    const naive = 1 - (Math.exp((-lambda * a) / 1000) + Math.exp((-lambda * b) / 1000)) / 2;
    assert.ok(Math.abs(naive - theory) > 8 * se, `the test cannot tell the mixture from the average (${naive} vs ${theory})`);
  });
}

mixture('a single sample runs exactly as the constant of that value', () => {
  const one = resultsOf(poissonOneKey({ dist: 'empirical', samples: ['250ms'] }, '3/s', '30/s', '600s', 5))['all-follower'];
  const constant = resultsOf(poissonOneKey('250ms', '3/s', '30/s', '600s', 5))['all-follower'];
  assert.equal(JSON.stringify(one), JSON.stringify(constant));
  assert.ok(one.staleReads > 0);
});

mixture.run();
