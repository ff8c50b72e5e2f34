import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { scenario } from './helpers';
import { batchMeans, traceOf } from './traceHelpers';
import { MASTER } from '../src/strategies';

// Semi-sync, AFTER_SYNC: a write shipped at c is visible on the master, and acknowledged to
// its client, at v = the first receipt r = c + d (at most c + timeout). These tests fix the
// shipping delay d and read the times back.

const MS = 1000;

function semi(followers: unknown[], events: unknown[], semiSync: Record<string, unknown> = { timeout: '1s' }, duration = '10s') {
  return scenario({
    name: 'semi', duration,
    cluster: { master: { semiSync }, followers },
    data: { apple: { stock: 400 } },
    events,
  });
}

const writesOf = (t: ReturnType<typeof traceOf>) => t.ops.filter((r) => r.op === 'write');

// ---
const ack = suite('semi-sync acknowledgement');

ack('each write waits for the receipt: d = 5 ms, so latency is exactly 5 ms; the master shows it only then', () => {
  const sc = semi([{ name: 'f1', lag: '5ms' }], [
    { at: '1s', actor: 'seller', write: 'apple', set: { stock: 0 } },
    { at: '1.002s', actor: 'user-1', read: 'apple' },
    { at: '1.005s', actor: 'user-2', read: 'apple' },
    { at: '2s', actor: 'seller', write: 'apple', set: { stock: 10 } },
  ]);
  const t = traceOf(sc, 'all-master');
  for (const w of writesOf(t)) {
    assert.is(w.latencyUs, 5 * MS);
    assert.is(w.tUs, w.issuedUs + 5 * MS, 'visible (and acknowledged) at c + d');
  }
  const [early, onTime] = t.ops.filter((r) => r.op === 'read');
  assert.equal(early.value, { stock: 400 }, 'not yet committed in the engine: the old row');
  assert.is(early.version, early.masterVersion, '…which is not stale: the master has nothing newer yet');
  assert.equal(onTime.value, { stock: 0 });
  assert.is(t.result.writeLatencyMs.p50, 5);
});

ack('waitFor counts receipts: waiting for 2 of (5 ms, 20 ms) takes 20 ms', () => {
  const sc = semi([{ name: 'f1', lag: '5ms' }, { name: 'f2', lag: '20ms' }],
    [{ at: '1s', actor: 'seller', write: 'apple', set: { stock: 0 } }], { timeout: '1s', waitFor: 2 });
  assert.is(writesOf(traceOf(sc, 'all-follower'))[0].latencyUs, 20 * MS);
});

ack('timeout → asynchronous until a follower has received everything, then semi-sync again', () => {
  // d = 3 s, timeout 1 s. w1 (0.5 s) times out at 1.5 s and turns semi-sync off. At 2 s the
  // follower has not received w1 (3.5 s): w2 is asynchronous. At 6 s it has received w2 (5 s):
  // semi-sync is back, and w3 waits the full timeout again.
  const sc = semi([{ name: 'f1', lag: '3s' }], [
    { at: '0.5s', actor: 'seller', write: 'apple', set: { stock: 1 } },
    { at: '2s', actor: 'seller', write: 'apple', set: { stock: 2 } },
    { at: '6s', actor: 'seller', write: 'apple', set: { stock: 3 } },
  ]);
  assert.equal(writesOf(traceOf(sc, 'all-follower')).map((w) => w.latencyUs), [1000 * MS, 0, 1000 * MS]);
});

ack('commits stay in binlog order: an async write waits for an earlier one still waiting for its ack', () => {
  const sc = semi([{ name: 'f1', lag: '3s' }], [
    { at: '0.5s', actor: 'seller', write: 'apple', set: { stock: 1 } },
    { at: '1s', actor: 'buyer', write: 'apple', set: { stock: 0 } },
  ]);
  // Both are released when w1 times out at 1.5 s (semi-sync switches off then).
  assert.equal(writesOf(traceOf(sc, 'all-follower')).map((w) => w.tUs), [1500 * MS, 1500 * MS]);
});

// ---
const theory = suite('semi-sync against theory');

theory('two followers with exponential shipping (mean 10 ms): the first receipt is their minimum, mean 5 ms', () => {
  // Writes 0.5 s apart on average: the in-order receipt max(r_{i−1}, c_i + d_i) almost never
  // binds (P ≈ e^{−50}). The minimum of two exponentials of mean m is exponential of mean m/2.
  const sc = scenario({
    name: 'semi-theory', seed: 8, duration: '2000s',
    cluster: {
      master: { semiSync: {} },
      followers: [{ name: 'f1', lag: { dist: 'exponential', mean: '10ms' } }, { name: 'f2', lag: { dist: 'exponential', mean: '10ms' } }],
    },
    workload: { keys: 10, sessions: 10, writeRate: '2/s', readRate: '1/s' },
  });
  const t = traceOf(sc, 'all-follower');
  const latencies = writesOf(t).map((w) => w.latencyUs);
  const { mean, se } = batchMeans(latencies, 40);
  assert.ok(Math.abs(mean - 5 * MS) < 4 * se, `mean write latency ${mean.toFixed(1)} µs vs 5000 (SE ${se.toFixed(1)})`);
  assert.ok(se < 0.05 * 5 * MS);
});

theory('stale reads remain: a follower applies after it acknowledged receipt', () => {
  // f1 receives at +5 ms (the ack) but its SQL thread takes 10 ms; f2 is 50 ms away.
  const sc = semi([{ name: 'f1', lag: '5ms', applyTime: '10ms' }, { name: 'f2', lag: '50ms' }], [
    { at: '1s', actor: 'seller', write: 'apple', set: { stock: 0 } },
    { at: '1.006s', actor: 'user-1', read: 'apple' },
    { at: '1.007s', actor: 'user-2', read: 'apple' },
  ]);
  const t = traceOf(sc, 'all-follower');
  const reads = t.ops.filter((r) => r.op === 'read');
  assert.equal(reads.map((r) => r.node), [0, 1]);
  for (const r of reads) {
    assert.ok(r.node !== MASTER && r.version < r.masterVersion, 'stale after the ack');
    assert.is(r.staleSinceUs, 1005 * MS, 'wrong since the master made it visible');
  }
  assert.is(t.result.phantomStockReads, 2);
});

ack.run();
theory.run();
