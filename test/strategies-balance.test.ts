import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { scenario } from './helpers';
import { LagOracle, traceOf } from './traceHelpers';
import { parseStrategyArg } from '../src/scenario/load';
import { InputError } from '../src/scenario/errors';

function threeFollowers(seed: number) {
  return scenario({
    name: 'three', seed, duration: '20s',
    cluster: {
      followers: [
        { name: 'near', lag: '20ms' },
        { name: 'far', lag: { dist: 'normal', mean: '400ms', sd: '50ms' } },
        { name: 'busy', lag: '5ms', applyTime: { dist: 'exponential', mean: '18ms' }, incidents: [{ at: '8s', duration: '3s', type: 'stop' }] },
      ],
    },
    workload: { keys: 50, sessions: 100, writeRate: '50/s', readRate: '500/s' },
  });
}

// ---
const least = suite('least-lagged');

for (const seed of [1, 2]) {
  least(`with exact probes picks the truly least-lagged follower (seed ${seed})`, () => {
    const t = traceOf(threeFollowers(seed), 'all-follower(balance=least-lagged,monitor=heartbeat,probeInterval=1us)');
    const oracle = new LagOracle(t, 3);
    const picks = [0, 0, 0];
    for (const r of t.ops) {
      if (r.op !== 'read') continue;
      const lags = [0, 1, 2].map((f) => oracle.lagUs(f, r.tUs));
      assert.is(lags[r.node], Math.min(...lags), `t=${r.tUs}: picked ${r.node} with lags ${lags}`);
      picks[r.node]++;
    }
    assert.ok(picks.every((n) => n > 0), `ties rotate, so every follower serves some reads: ${picks}`);
  });
}

least('by Seconds_Behind_Master it cannot see network lag: far (400 ms, reports 0) still gets its share', () => {
  const t = traceOf(threeFollowers(1), 'all-follower(balance=least-lagged,probeInterval=2s)');
  const reads = t.ops.filter((r) => r.op === 'read');
  const far = reads.filter((r) => r.node === 1).length / reads.length;
  assert.ok(far > 0.3, `far serves ${(far * 100).toFixed(1)}% of reads`);
  const hb = traceOf(threeFollowers(1), 'all-follower(balance=least-lagged,monitor=heartbeat,probeInterval=2s)');
  assert.ok(hb.result.staleRate < t.result.staleRate / 2, `heartbeat ${hb.result.staleRate} vs SBM ${t.result.staleRate}`);
});

// ---
const spread = suite('round-robin and random');

spread('round-robin takes followers in turn (the seed balancer, unchanged)', () => {
  const t = traceOf(threeFollowers(1), 'all-follower');
  const nodes = t.ops.filter((r) => r.op === 'read').map((r) => r.node);
  nodes.forEach((n, i) => assert.is(n, i % 3));
  assert.is(t.result.strategy, 'all-follower');
});

spread('random is uniform: a chi-square test on the counts, 2 degrees of freedom', () => {
  const t = traceOf(threeFollowers(3), 'all-follower(balance=random)');
  const counts = [0, 0, 0];
  for (const r of t.ops) if (r.op === 'read') counts[r.node]++;
  const n = counts[0] + counts[1] + counts[2];
  const chi2 = counts.reduce((a, c) => a + (c - n / 3) ** 2 / (n / 3), 0);
  // P(χ²₂ > 13.8) = 0.001.
  assert.ok(chi2 < 13.8, `counts ${counts}, χ² ${chi2.toFixed(2)}`);
  const again = traceOf(threeFollowers(3), 'all-follower(balance=random)');
  assert.equal(again.ops.map((r) => r.node), t.ops.map((r) => r.node), 'same seed, same choices');
});

// ---
const params = suite('follower-choice parameters');

params('monitor settings without least-lagged are refused, naming the field', () => {
  assert.throws(() => parseStrategyArg('all-follower(monitor=heartbeat)'), (e: unknown) =>
    e instanceof InputError && e.problems.length === 1 && /monitor: applies only with balance: least-lagged/.test(e.problems[0]));
  assert.throws(() => parseStrategyArg('critical-only(balance=fastest)'), (e: unknown) => e instanceof InputError && /balance/.test(e.problems[0]));
});

params('seed labels stay as they were; new choices show in the label', () => {
  assert.is(parseStrategyArg('critical-only').label, 'critical-only');
  assert.is(parseStrategyArg('post-write-window').label, 'post-write-window(window=1s,scope=key)');
  assert.is(parseStrategyArg('post-write-window(balance=least-lagged,monitor=heartbeat,probeInterval=2s)').label,
    'post-write-window(window=1s,scope=key,balance=least-lagged,monitor=heartbeat,probeInterval=2s)');
  const label = parseStrategyArg('all-follower(balance=least-lagged)').label;
  assert.is(parseStrategyArg(label).label, label, 'a label is a valid --strategy argument for the same strategy');
});

least.run();
spread.run();
params.run();
