import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { scenario } from './helpers';
import { traceOf } from './traceHelpers';
import { STRATEGIES } from '../src/strategies';

// Common random numbers: the workload, lag and capacity draws come from their own streams,
// so every strategy faces the identical sequence of arriving operations — whatever it does
// to queues, waits and acknowledgements (a busy session holds an arrival; it never redraws it).

const VARIANTS = [
  ...Object.keys(STRATEGIES),
  'all-follower(balance=random)',
  'all-follower(balance=least-lagged,monitor=heartbeat,probeInterval=1ms)',
  'lag-threshold(threshold=100ms,monitor=heartbeat,probeInterval=500ms)',
  'causal(mode=fast,scope=global)',
  'causal(mode=wait,scope=global,timeout=300ms)',
  'adaptive-window(scope=session)',
  'post-write-window(window=2s,scope=global)',
];

function cluster(capacity: boolean) {
  return scenario({
    name: 'identity', seed: 12, duration: '10s',
    cluster: {
      master: { semiSync: { timeout: '200ms' }, ...(capacity ? { capacity: '900/s' } : {}) },
      followers: [
        { name: 'f1', lag: { dist: 'exponential', mean: '80ms' }, ...(capacity ? { capacity: '500/s' } : {}) },
        { name: 'f2', lag: { dist: 'lognormal', median: '30ms', sigma: 1 }, applyTime: { dist: 'exponential', mean: '5ms' },
          incidents: [{ at: '3s', duration: '2s', type: 'stop' }, { at: '6s', duration: '1s', type: 'delay', extra: '400ms' }], ...(capacity ? { capacity: '500/s' } : {}) },
      ],
    },
    data: { apple: { stock: 400 } },
    events: [{ at: '2s', actor: 'seller', write: 'apple', set: { stock: 0 } }, { at: '2.1s', actor: 'user-1', read: 'apple', critical: true }],
    workload: { keys: 30, sessions: 40, writeRate: '40/s', readRate: '600/s', criticalFraction: 0.1 },
  });
}

/** What arrived from the clients, in arrival order — independent of how it was served. */
function issued(t: ReturnType<typeof traceOf>): string[] {
  return t.ops
    .map((r) => [r.issuedUs, r.op, r.session, r.key, r.critical])
    .sort((a, b) => (a[0] as number) - (b[0] as number) || (a[2] as number) - (b[2] as number) || (a[3] as number) - (b[3] as number))
    .map((x) => x.join(' '));
}

// ---
const same = suite('all strategies see the identical workload');

same('with capacities, semi-sync, incidents and causal waits: the same operations arrive at the same times', () => {
  const sc = cluster(true);
  const reference = issued(traceOf(sc, VARIANTS[0]));
  assert.ok(reference.length > 5000);
  for (const v of VARIANTS.slice(1)) assert.equal(issued(traceOf(sc, v)), reference, v);
});

same('without capacities or read waits, also the same commits and the same applies (replication does not depend on routing)', () => {
  // A causal wait holds its session's next operation, a write among them, so with it the
  // commit times do depend on routing: those variants are left out here.
  const sc = cluster(false);
  const waits = (v: string): boolean => v === 'causal' || v.startsWith('causal(mode=wait');
  const replication = (v: string): string[] => {
    const t = traceOf(sc, v);
    // Sorted: when an apply is *reported* depends on which node the reads touch, not when it happens.
    return [...t.ops.filter((r) => r.op === 'write').map((r) => `w ${r.pos} ${r.tUs}`), ...t.applies.map((a) => `a ${a.follower} ${a.pos} ${a.tUs}`)].sort();
  };
  const reference = replication(VARIANTS[0]);
  const others = VARIANTS.slice(1).filter((v) => !waits(v));
  assert.ok(others.length >= 10);
  for (const v of others) assert.equal(replication(v), reference, v);
});

same.run();
