import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { scenario } from './helpers';
import { traceOf } from './traceHelpers';
import { MASTER } from '../src/strategies';

const MS = 1000;

/** The apple story with a second reader: the seller writes at 1 s, follower-1 applies 500 ms later. */
function apple(extraEvents: unknown[] = []) {
  return scenario({
    name: 'apple', duration: '3s',
    cluster: { followers: [{ name: 'follower-1', lag: '500ms' }] },
    data: { apple: { stock: 400 } },
    events: [
      { at: '1s', actor: 'seller', write: 'apple', set: { stock: 0 } },
      { at: '1.1s', actor: 'seller', read: 'apple' },
      { at: '1.1s', actor: 'user-1', read: 'apple' },
      ...extraEvents,
    ],
  });
}

/** Reads in the order they were issued (the script's order: seller before user-1 at 1.1 s), not served. */
const readsOf = (strategy: string, sc = apple()) =>
  traceOf(sc, strategy).ops.filter((r) => r.op === 'read').sort((a, b) => a.issuedUs - b.issuedUs || a.session - b.session);

// ---
const wait = suite('causal mode=wait');

wait('the writer\'s read waits exactly until the follower applies its GTID, and is served then', () => {
  const [seller, user] = readsOf('causal(mode=wait,scope=session)');
  assert.is(seller.issuedUs, 1100 * MS);
  assert.is(seller.waitUs, 400 * MS, 'applied at 1.5 s: MASTER_GTID_WAIT returns after 400 ms');
  assert.is(seller.tUs, 1500 * MS, 'served, and judged, when the wait ends');
  assert.is(seller.node, 0);
  assert.equal(seller.value, { stock: 0 });
  assert.is(seller.latencyUs, 401 * MS, 'wait + the follower\'s 1 ms read latency');
  assert.is(user.waitUs, 0, 'session scope: another session carries no GTID');
  assert.equal(user.value, { stock: 400 }, 'and still sees 400');
});

wait('past the timeout the read is retried on the master; the wait is part of its latency', () => {
  const [seller] = readsOf('causal(mode=wait,scope=session,timeout=200ms)');
  assert.is(seller.node, MASTER);
  assert.is(seller.waitUs, 200 * MS);
  assert.is(seller.tUs, 1300 * MS);
  assert.is(seller.latencyUs, 201 * MS);
  assert.equal(seller.value, { stock: 0 });
});

wait('scope=global waits for the master\'s latest GTID, so every session reads the sold-out stock', () => {
  const [seller, user] = readsOf('causal(mode=wait,scope=global)');
  for (const r of [seller, user]) {
    assert.is(r.waitUs, 400 * MS);
    assert.equal(r.value, { stock: 0 });
  }
});

// ---
const fast = suite('causal mode=fast');

fast('reads a follower that already has the GTID, else the master, and never waits', () => {
  const sc = apple([{ at: '1.6s', actor: 'seller', read: 'apple' }]);
  const [early, , late] = readsOf('causal(mode=fast,scope=session)', sc);
  assert.is(early.node, MASTER);
  assert.is(early.waitUs, 0);
  assert.is(early.latencyUs, 1 * MS);
  assert.is(late.node, 0, 'applied at 1.5 s');
});

// ---
const props = suite('causal reads on random clusters (fast-check)');

const clusterArb = fc.record({
  seed: fc.integer({ min: 1, max: 1e6 }),
  followers: fc.array(fc.record({
    median: fc.integer({ min: 1, max: 400 }),
    sigma: fc.double({ min: 0, max: 1.5, noNaN: true }),
    applyMs: fc.integer({ min: 0, max: 15 }),
    stopAt: fc.integer({ min: 0, max: 4000 }),
    stopMs: fc.integer({ min: 0, max: 3000 }),
  }), { minLength: 1, maxLength: 3 }),
  capacity: fc.boolean(),
  semiSync: fc.boolean(),
});

function randomCluster(c: typeof clusterArb extends fc.Arbitrary<infer C> ? C : never) {
  return scenario({
    name: 'random', seed: c.seed, duration: '5s',
    cluster: {
      master: c.semiSync ? { semiSync: { timeout: '300ms' }, ...(c.capacity ? { capacity: '2000/s' } : {}) } : c.capacity ? { capacity: '2000/s' } : {},
      followers: c.followers.map((f, i) => ({
        name: `f${i}`, lag: { dist: 'lognormal', median: `${f.median}ms`, sigma: f.sigma },
        ...(f.applyMs > 0 ? { applyTime: { dist: 'exponential', mean: `${f.applyMs}ms` } } : {}),
        ...(f.stopMs > 0 ? { incidents: [{ at: `${f.stopAt}ms`, duration: `${f.stopMs}ms`, type: 'stop' }] } : {}),
        ...(c.capacity ? { capacity: '1500/s' } : {}),
      })),
    },
    workload: { keys: 5, sessions: 8, writeRate: '20/s', readRate: '300/s' },
  });
}

/**
 * Read-your-writes recomputed from the trace: the session's writes acknowledged before a
 * read was issued. Sessions are closed loops (one operation outstanding), so those are
 * exactly the session's writes that complete before the read in the trace.
 */
function rywViolations(ops: ReturnType<typeof traceOf>['ops']): number {
  const written = new Map<string, number>();
  let violations = 0;
  for (const r of ops) {
    const id = `${r.session}/${r.key}`;
    if (r.op === 'write') written.set(id, Math.max(written.get(id) ?? -1, r.version));
    else if (r.version < (written.get(id) ?? -1)) violations++;
  }
  return violations;
}

props('wait + session scope never violates read-your-writes (by the collector and by a recount)', () => {
  let baselineViolations = 0;
  fc.assert(fc.property(clusterArb, (c) => {
    const sc = randomCluster(c);
    const t = traceOf(sc, 'causal(mode=wait,scope=session,timeout=1s)');
    assert.is(t.result.rywViolations, 0);
    assert.is(rywViolations(t.ops), 0);
    const baseline = traceOf(sc, 'all-follower');
    assert.is(rywViolations(baseline.ops), baseline.result.rywViolations, 'the recount agrees with the collector');
    baselineViolations += baseline.result.rywViolations;
  }), { numRuns: 25, seed: 42 });
  assert.ok(baselineViolations > 0, 'the same clusters do violate read-your-writes without causal reads');
});

props('fast never waits and never violates read-your-writes; wait never waits past its timeout', () => {
  fc.assert(fc.property(clusterArb, (c) => {
    const sc = randomCluster(c);
    const f = traceOf(sc, 'causal(mode=fast,scope=session)');
    for (const r of f.ops) if (r.op === 'read') assert.is(r.waitUs, 0);
    assert.is(f.result.rywViolations, 0);
    const w = traceOf(sc, 'causal(mode=wait,scope=global,timeout=250ms)');
    for (const r of w.ops) {
      if (r.op !== 'read') continue;
      assert.ok(r.waitUs <= 250 * MS);
      if (r.node !== MASTER) assert.ok(r.tUs >= r.issuedUs + r.waitUs);
    }
  }), { numRuns: 25, seed: 7 });
});

props('a global wait sees everything the master had when the read was issued', () => {
  fc.assert(fc.property(clusterArb, (c) => {
    const t = traceOf(randomCluster(c), 'causal(mode=wait,scope=global)');
    const acks = t.ops.filter((r) => r.op === 'write');
    for (const r of t.ops) {
      if (r.op !== 'read') continue;
      const atIssue = acks.filter((w) => w.key === r.key && w.tUs <= r.issuedUs).length;
      assert.ok(r.version >= atIssue, `read of key ${r.key} issued ${r.issuedUs}: v${r.version} < v${atIssue}`);
    }
  }), { numRuns: 15, seed: 3 });
});

wait.run();
fast.run();
props.run();
