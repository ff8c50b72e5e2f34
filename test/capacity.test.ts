import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { resultsOf, scenario } from './helpers';
import { batchMeans, traceOf } from './traceHelpers';

// A node with a capacity is a FIFO single server. With Poisson arrivals of rate λ and
// service rate μ (ρ = λ/μ) the mean time in system is, by the closed forms:
//   exponential service (M/M/1):  W = 1/(μ − λ)
//   constant service   (M/D/1):  W = 1/μ + ρ/(2μ(1 − ρ))   (Pollaczek–Khinchine)
// Latencies of successive reads are correlated (they share busy periods), so the
// tolerance is 4 standard errors estimated by batch means over 50 batches of ~2000
// reads — batches much longer than a busy period at ρ = 0.5 (mean length 1/(μ−λ) = 2 ms,
// about 2 reads). The test also requires that SE to be under 2 % of W, so it has power.

const MS = 1000;

function oneFollower(service: 'exponential' | 'constant', readRate: number, capacity: number, seed = 1) {
  return scenario({
    name: 'queue', seed, duration: '200s',
    cluster: {
      followers: [{ name: 'f1', lag: '10ms', readLatency: 0, capacity: `${capacity}/s` }],
      serviceTime: service,
    },
    workload: { keys: 100, sessions: 100, writeRate: '1/s', readRate: `${readRate}/s` },
    strategies: ['all-follower'],
  });
}

function check(label: string, latenciesUs: number[], theoryUs: number): void {
  const { mean, se } = batchMeans(latenciesUs);
  assert.ok(se < 0.02 * theoryUs, `${label}: SE ${se.toFixed(1)} µs too large to test anything`);
  const z = (mean - theoryUs) / se;
  assert.ok(Math.abs(z) < 4, `${label}: mean ${(mean / MS).toFixed(4)} ms vs ${(theoryUs / MS).toFixed(4)} ms (SE ${(se / MS).toFixed(4)}, z ${z.toFixed(2)})`);
}

const readLatencies = (t: ReturnType<typeof traceOf>): number[] =>
  t.ops.filter((r) => r.op === 'read').sort((a, b) => a.issuedUs - b.issuedUs).map((r) => r.latencyUs);

// ---
const mm1 = suite('M/M/1: exponential service');

for (const seed of [1, 2]) {
  mm1(`λ = 500/s, μ = 1000/s: mean read latency 1/(μ − λ) = 2 ms (seed ${seed})`, () => {
    const t = traceOf(oneFollower('exponential', 500, 1000, seed), 'all-follower');
    check('M/M/1', readLatencies(t), 2 * MS);
    assert.ok(Math.abs(t.result.readLatencyMs.mean - 2) < 0.1, `summary mean ${t.result.readLatencyMs.mean} ms`);
  });
}

mm1('sojourn in M/M/1 is exponential: the median is ln 2 / (μ − λ)', () => {
  const t = traceOf(oneFollower('exponential', 500, 1000, 3), 'all-follower');
  const xs = readLatencies(t).sort((a, b) => a - b);
  const median = xs[Math.floor(xs.length / 2)];
  // SE of a sample median ≈ 1/(2 f(m) √n) for independent draws; an exponential of mean w has
  // f(m) = 1/(2w) at its median, so w/√n — doubled for the correlation between neighbours.
  const w = 2 * MS;
  const se = (2 * w) / Math.sqrt(xs.length);
  assert.ok(Math.abs(median - Math.LN2 * w) < 4 * se, `median ${median} µs vs ${Math.LN2 * w}`);
});

// ---
const md1 = suite('M/D/1: constant service');

md1('λ = 500/s, μ = 1000/s: W = 1/μ + ρ/(2μ(1−ρ)) = 1.5 ms', () => {
  const latencies = readLatencies(traceOf(oneFollower('constant', 500, 1000), 'all-follower'));
  check('M/D/1', latencies, 1.5 * MS);
  assert.ok(latencies.every((x) => x >= MS), 'never faster than one service time');
});

// ---
const master = suite('the master queue: reads and writes share it');

master('all-master with μ = 1000/s, 300 reads/s + 200 writes/s: reads and writes both wait 1/(μ − λ) = 2 ms', () => {
  const sc = scenario({
    name: 'master-queue', seed: 4, duration: '200s',
    cluster: { master: { capacity: '1000/s', readLatency: 0 }, followers: [{ name: 'f1', lag: '10ms' }] },
    workload: { keys: 100, sessions: 1000000, writeRate: '200/s', readRate: '300/s' },
  });
  const t = traceOf(sc, 'all-master');
  // Open arrivals, as the closed form assumes: no session ever has two operations outstanding.
  assert.is(t.result.heldOps, 0);
  check('master reads', readLatencies(t), 2 * MS);
  const writes = t.ops.filter((r) => r.op === 'write').sort((a, b) => a.issuedUs - b.issuedUs).map((r) => r.latencyUs);
  check('writes', writes, 2 * MS);
  // Writes commit when they finish executing: the binlog records them in FIFO order.
  const pos = t.ops.filter((r) => r.op === 'write').sort((a, b) => a.issuedUs - b.issuedUs).map((r) => r.pos);
  pos.forEach((p, i) => assert.is(p, i + 1));
  // all-follower leaves the writes alone on the master: 1/(1000 − 200) = 1.25 ms.
  const followers = traceOf(sc, 'all-follower');
  check('writes alone', followers.ops.filter((r) => r.op === 'write').sort((a, b) => a.issuedUs - b.issuedUs).map((r) => r.latencyUs), 1.25 * MS);
});

master('an overloaded master drains after the horizon: mean and peak count the same operations, so peak ≥ mean', () => {
  // 300 writes/s for 2 s into a master serving 100/s: ~600 writes, acknowledged until ~6 s.
  const sc = scenario({
    name: 'backlog', seed: 2, duration: '2s',
    cluster: { master: { capacity: '100/s', readLatency: 0 }, followers: [{ name: 'f1', lag: '10ms' }] },
    workload: { keys: 10, sessions: 10, writeRate: '300/s', readRate: '0/s' },
    strategies: ['all-follower'],
  });
  const r = resultsOf(sc)['all-follower'];
  assert.ok(r.writes > 500, `${r.writes} writes`);
  assert.ok(r.masterOpsPerSec.peak >= r.masterOpsPerSec.mean, JSON.stringify(r.masterOpsPerSec));
  // The window runs to the end of the last acknowledgement's second, so the mean is the drain rate, not 300/s.
  assert.ok(r.masterOpsPerSec.mean <= 100, JSON.stringify(r.masterOpsPerSec));
});

mm1.run();
md1.run();
master.run();
