import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import * as path from 'path';
import { loadScenarioFile } from '../src/scenario/load';
import { scenario } from './helpers';
import { traceOf } from './traceHelpers';
import type { OpRecord } from '../src/simulate';

// Closed-loop sessions (docs/design.md, The workload): a session has one operation
// outstanding; one arriving meanwhile is held and issued, in order, when it completes.

const S = 1_000_000;
const loop = suite('closed-loop sessions');

loop('a session\'s second read is held while its first waits for its GTID; other sessions are not', () => {
  const sc = scenario({
    name: 'held', duration: '3s',
    cluster: { followers: [{ name: 'f', lag: '500ms' }] },
    data: { k: { stock: 1 } },
    events: [
      { at: '1s', actor: 's', write: 'k', set: { stock: 0 } },
      { at: '1.1s', actor: 's', read: 'k' },                    // waits for its GTID until 1.5 s
      { at: '1.2s', actor: 's', read: 'k' },                    // held until 1.5 s
      { at: '1.2s', actor: 'other', read: 'k' },                // another session: served at once (stale)
      { at: '1.3s', actor: 's', write: 'k', set: { stock: 5 } }, // held behind both reads
    ],
  });
  const t = traceOf(sc, 'causal(mode=wait,scope=session)');
  const ops = t.ops.map((o) => [sc.sessionNames[o.session], o.op, o.tUs, o.issuedUs, o.latencyUs]);
  assert.equal(ops, [
    ['s', 'write', 1 * S, 1 * S, 0],
    ['other', 'read', 1.2 * S, 1.2 * S, 1000],
    ['s', 'read', 1.5 * S, 1.1 * S, 401_000],
    ['s', 'read', 1.5 * S, 1.2 * S, 301_000],   // latency from its arrival: the wait the user saw
    ['s', 'write', 1.5 * S, 1.3 * S, 200_000],
  ]);
  assert.is(t.result.heldOps, 2);
  assert.is(t.result.staleReads, 1);
});

loop('a read arriving while its session\'s semi-sync write waits for the ack is held until the ack', () => {
  const sc = scenario({
    name: 'semi', duration: '2s',
    cluster: { master: { semiSync: { timeout: '10s', waitFor: 1 } }, followers: [{ name: 'f', lag: '100ms' }] },
    data: { k: { stock: 1 } },
    events: [
      { at: '1s', actor: 's', write: 'k', set: { stock: 0 } },  // acknowledged at 1.1 s (the receipt)
      { at: '1.05s', actor: 's', read: 'k' },                   // held: issued at 1.1 s, sees its own write
    ],
    strategies: ['all-master'],
  });
  const t = traceOf(sc, 'all-master');
  const read = t.ops.find((o) => o.op === 'read')!;
  assert.is(read.tUs, 1.1 * S);
  assert.is(read.version, 1);
  assert.is(t.result.rywViolations, 0);
  assert.is(t.result.heldOps, 1);
});

loop('writeLatency: a write commits a round trip after it is issued, and its session\'s next operation is held until then', () => {
  const sc = scenario({
    name: 'rt', duration: '2s',
    cluster: { master: { writeLatency: '10ms' }, followers: [{ name: 'f', lag: '100ms' }] },
    data: { k: { stock: 1 } },
    events: [
      { at: '1s', actor: 's', write: 'k', set: { stock: 0 } },     // commits and is acknowledged at 1.010 s
      { at: '1.005s', actor: 'other', read: 'k' },                  // before the commit: the master still has version 0
      { at: '1.005s', actor: 's', read: 'k' },                      // held until 1.010 s, then sees its own write
      { at: '1.020s', actor: 'other', read: 'k' },                  // after it: stale on the follower (applied at 1.110 s)
    ],
    strategies: ['all-master'],
  });
  const t = traceOf(sc, 'all-master');
  const ops = t.ops.map((o) => [sc.sessionNames[o.session], o.op, o.tUs, o.issuedUs, o.latencyUs, o.masterVersion]);
  assert.equal(ops, [
    ['other', 'read', 1_005_000, 1_005_000, 1000, 0],
    ['s', 'write', 1_010_000, 1_000_000, 10_000, 1],
    ['s', 'read', 1_010_000, 1_005_000, 6000, 1],
    ['other', 'read', 1_020_000, 1_020_000, 1000, 1],
  ]);
  assert.is(t.result.heldOps, 1);
  assert.is(t.result.writeLatencyMs.p50, 10);
  const follower = traceOf(sc, 'all-follower');
  assert.equal(follower.ops.filter((o) => o.op === 'read').map((o) => o.version < o.masterVersion), [false, true, true]);
});

/** Per session, its operations in the order the trace reports them (completion order). */
function bySession(ops: OpRecord[]): Map<number, OpRecord[]> {
  const m = new Map<number, OpRecord[]>();
  for (const o of ops) {
    if (!m.has(o.session)) m.set(o.session, []);
    m.get(o.session)!.push(o);
  }
  return m;
}

loop('bundled scenarios with waits: each session completes its operations in arrival order, one at a time', () => {
  const scenarios = path.join(__dirname, '..', 'scenarios');
  const cases: Array<[string, string]> = [
    ['causal-reads.yaml', 'causal(mode=wait,scope=global,timeout=1s)'],
    ['semi-sync.yaml', 'causal(mode=wait,scope=session,timeout=10s)'],
    ['master-capacity.yaml', 'all-master'],
  ];
  for (const [file, strategy] of cases) {
    const sc = loadScenarioFile(path.join(scenarios, file));
    const t = traceOf(sc, strategy);
    assert.ok(t.result.heldOps > 100, `${file}: ${t.result.heldOps} held`);
    for (const [session, ops] of bySession(t.ops)) {
      for (let i = 1; i < ops.length; i++) {
        assert.ok(ops[i].issuedUs >= ops[i - 1].issuedUs, `${file} session ${session}: FIFO`);
        assert.ok(ops[i].tUs >= ops[i - 1].tUs, `${file} session ${session}: one at a time`);
      }
    }
  }
});

loop('monotonic-read violations are counted in the order each session issued its reads', () => {
  const sc = loadScenarioFile(path.join(__dirname, '..', 'scenarios', 'causal-reads.yaml'));
  for (const strategy of ['causal(mode=wait,scope=session,timeout=1s)', 'all-follower']) {
    const t = traceOf(sc, strategy);
    const highest = new Map<string, number>();
    let violations = 0;
    // Reads in arrival order per session (held ones are issued in that order).
    const reads = t.ops.filter((o) => o.op === 'read').sort((a, b) => a.session - b.session || a.issuedUs - b.issuedUs);
    for (const o of reads) {
      const id = `${o.session}/${o.key}`;
      if (o.version < (highest.get(id) ?? -1)) violations++;
      highest.set(id, Math.max(highest.get(id) ?? -1, o.version));
    }
    assert.is(t.result.monotonicViolations, violations, strategy);
    assert.ok(violations > 50, `${strategy}: ${violations}`);
  }
});

loop('the generated stream does not change: the same operations arrive, held or not', () => {
  const sc = loadScenarioFile(path.join(__dirname, '..', 'scenarios', 'causal-reads.yaml'));
  const key = (o: OpRecord): string => `${o.issuedUs}/${o.session}/${o.key}/${o.op}/${o.critical}`;
  const open = traceOf(sc, 'all-follower').ops.map(key).sort();
  const held = traceOf(sc, 'causal(mode=wait,scope=global,timeout=1s)').ops.map(key).sort();
  assert.equal(held, open);
});

loop.run();
