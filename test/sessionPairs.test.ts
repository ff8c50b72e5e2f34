import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { parseScenario } from '../src/scenario/load';
import { simulate, OpRecord } from '../src/simulate';

// Per (session, key) metrics — read-your-writes, monotonic reads, stale orders — counted
// again from the trace, in the cases where the session ids are easy to get wrong: a
// scripted actor named like a workload session (session-0), and many sessions × keys.

interface Recount { ryw: number; monotonic: number; staleOrders: number }

/** Recomputes the pair metrics from every operation, as docs/design.md defines them. */
function recount(yaml: string, strategy = 0): { recount: Recount; metrics: Recount } {
  const sc = parseScenario(yaml, 'pairs.yaml');
  const written = new Map<string, number>();
  const readSeen = new Map<string, number>();
  const lastStale = new Map<string, boolean>();
  const r: Recount = { ryw: 0, monotonic: 0, staleOrders: 0 };
  const { metrics } = simulate(sc, sc.strategies[strategy], sc.seed, {
    op(o: OpRecord) {
      const id = `${o.session}/${o.key}`;
      if (o.op === 'write') {
        written.set(id, Math.max(written.get(id) ?? -1, o.version));
        if (lastStale.get(id)) r.staleOrders++;
        lastStale.set(id, false);
        return;
      }
      // Every read here is served on the spot (no waits or queues), so issue time = serve time.
      if (o.version < (written.get(id) ?? -1)) r.ryw++;
      if (o.version < (readSeen.get(id) ?? -1)) r.monotonic++;
      readSeen.set(id, Math.max(readSeen.get(id) ?? -1, o.version));
      const stale = o.version < o.masterVersion;
      if (o.critical && stale) r.staleOrders++;
      lastStale.set(id, stale && !o.critical);
    },
  });
  return { recount: r, metrics: { ryw: metrics.rywViolations, monotonic: metrics.monotonicViolations, staleOrders: metrics.staleOrders } };
}

const ids = suite('workload session ids');

ids('an actor named session-0 is the workload\'s session-0, and every id names one session', () => {
  const sc = parseScenario(`
name: ids
duration: 1s
cluster: { followers: [ { name: f, lag: 10ms } ] }
events: [ { at: 0s, actor: seller, write: apple, set: { stock: 0 } }, { at: 0s, actor: session-0, read: apple } ]
workload: { keys: 2, sessions: 3, writeRate: 1/s, readRate: 1/s }
`, 'ids.yaml');
  assert.equal(sc.sessionNames, ['seller', 'session-0', 'session-1', 'session-2']);
  assert.equal(Array.from(sc.workloadSessionIds), [1, 2, 3]);
  assert.is(sc.workloadSessionBase, 2);
});

// ---

const pairs = suite('pair metrics equal a recount from the trace');

pairs('actor session-0 overlapping the workload (its last session was once out of range)', () => {
  const { recount: want, metrics: got } = recount(`
name: overlap
seed: 3
duration: 20s
cluster: { followers: [ { name: a, lag: { dist: exponential, mean: 100ms } }, { name: b, lag: 5ms } ] }
data: { apple: { stock: 1 } }
events: [ { at: 1s, actor: session-0, write: apple, set: { stock: 0 } }, { at: 1.01s, actor: session-0, read: apple, critical: true } ]
workload: { keys: 3, sessions: 2, writeRate: 40/s, readRate: 400/s, criticalFraction: 0.2 }
strategies: [ all-follower ]
`);
  // Enough traffic that each kind of violation happens: the recount is not comparing zeros.
  assert.ok(want.ryw > 50 && want.monotonic > 50 && want.staleOrders > 20, JSON.stringify(want));
  assert.equal(got, want);
});

pairs('many sessions × keys, two followers (monotonic violations across followers)', () => {
  const { recount: want, metrics: got } = recount(`
name: many
seed: 5
duration: 30s
cluster:
  followers:
    - { name: a, lag: { dist: exponential, mean: 20ms } }
    - { name: b, lag: { dist: exponential, mean: 300ms } }
workload: { keys: 40, popularity: { zipf: 1.1 }, sessions: 30, writeRate: 200/s, readRate: 2000/s, criticalFraction: 0.1 }
strategies: [ all-follower ]
`);
  assert.ok(want.ryw > 50 && want.monotonic > 50 && want.staleOrders > 50, JSON.stringify(want));
  assert.equal(got, want);
});

pairs('sessions × keys past the flat limit: only touched pairs have entries, in a hash table', () => {
  // 5 000 sessions × 4 000 keys = 20 M pairs (> 2^24). The table is sized for the pairs
  // expected; growing it is sessionTable.test's.
  const { recount: want, metrics: got } = recount(`
name: sparse
seed: 7
duration: 40s
cluster:
  followers:
    - { name: a, lag: { dist: exponential, mean: 50ms } }
    - { name: b, lag: { dist: exponential, mean: 400ms } }
workload: { keys: 4000, popularity: { zipf: 1.1 }, sessions: 5000, writeRate: 500/s, readRate: 5000/s, criticalFraction: 0.1 }
strategies: [ all-follower ]
`);
  assert.ok(want.ryw > 50 && want.monotonic > 50 && want.staleOrders > 50, JSON.stringify(want));
  assert.equal(got, want);
});

ids.run();
pairs.run();
