import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { scenario } from './helpers';
import { traceOf } from './traceHelpers';
import { adaptiveWindow } from '../src/strategies/adaptiveWindow';
import { ClusterView, MASTER, ReadRoute } from '../src/strategies';
import { parseStrategyArg } from '../src/scenario/load';
import { makeStream } from '../src/engine/random';

const MS = 1000;

// ---
const exact = suite('adaptive-window against a fixed window');

exact('constant lag L: every observed lag is L, so with initial = L × factor it *is* post-write-window(L × factor)', () => {
  // a_i = max(a_{i−1}, c_i + L) = c_i + L: the apply lag is exactly L for every write.
  const sc = scenario({
    name: 'constant', seed: 6, duration: '20s',
    cluster: { followers: [{ name: 'f1', lag: '200ms' }, { name: 'f2', lag: '200ms' }] },
    workload: { keys: 20, sessions: 50, writeRate: '20/s', readRate: '500/s' },
  });
  for (const factor of [0.5, 1, 2]) {
    const w = 200 * factor;
    const adaptive = traceOf(sc, `adaptive-window(factor=${factor},initial=${w}ms)`);
    const fixed = traceOf(sc, `post-write-window(window=${w}ms,scope=key)`);
    assert.equal(adaptive.ops.map((r) => r.node), fixed.ops.map((r) => r.node), `factor ${factor}`);
    assert.is(adaptive.result.staleReads, fixed.result.staleReads);
    if (factor >= 1) assert.is(adaptive.result.staleReads, 0, 'a window ≥ L leaves no stale read (key scope)');
    else assert.ok(adaptive.result.staleReads > 0);
  }
});

// ---
const unit = suite('adaptive-window learns from what it has observed');

/** A cluster where write `pos` (committed at commitUs[pos]) is applied lagUs[pos] later on its one follower. */
function fakeCluster(commitUs: number[], lagUs: number[]): ClusterView {
  const applied = (pos: number, tUs: number): boolean => commitUs[pos] + lagUs[pos] <= tUs;
  return {
    followerCount: 1,
    masterPos: () => commitUs.length - 1,
    appliedPos: (_f, tUs) => { let p = 0; while (p + 1 < commitUs.length && applied(p + 1, tUs)) p++; return p; },
    applyTimeUs: (_f, pos) => commitUs[pos] + lagUs[pos],
    applyLagUs: (_f, pos, tUs) => (applied(pos, tUs) ? lagUs[pos] : -1),
    monitor: () => { throw new Error('not used'); },
    walMonitor: () => { throw new Error('not used'); },
  };
}

unit('window = clamp(percentile × factor); a lag counts only once the write is applied', () => {
  // Writes to key 0 at 0, 1, 2 s applied after 100, 300, 200 ms. percentile 0.5 of
  // {100, 300, 200} = 200 ms; × factor 2 = 400 ms.
  const commitUs = [0, 0, 1000 * MS, 2000 * MS];
  const lagUs = [0, 100 * MS, 300 * MS, 200 * MS];
  const p = parseStrategyArg('adaptive-window(percentile=0.5,factor=2,initial=50ms,max=350ms)').params as never;
  const s = adaptiveWindow.create(p, { cluster: fakeCluster(commitUs, lagUs), keys: 1, sessions: 1, rng: makeStream(1, 's') });
  const out: ReadRoute = { node: MASTER, waitUs: 0 };
  const route = (tUs: number): number => {
    s.route(tUs, 0, 0, false, out);
    return out.node;
  };
  s.onWrite(0, 0, 0, 1);
  assert.is(route(49 * MS), MASTER, 'initial window 50 ms');
  assert.is(route(50 * MS), 0);
  s.onWrite(1000 * MS, 0, 0, 2);
  // Lags seen so far: 100 ms (write 1, applied at 100 ms) → window 200 ms.
  assert.is(route(1199 * MS), MASTER);
  assert.is(route(1200 * MS), 0);
  // Write 2 (300 ms) is applied at 1.3 s: the sample {100, 300} → p50 100 → window 200 ms still.
  s.onWrite(2000 * MS, 0, 0, 3);
  // At 2.2 s write 3 (200 ms) is applied: {100, 200, 300} → p50 200 → 400 ms, capped at max 350 ms.
  assert.is(route(2349 * MS), MASTER);
  assert.is(route(2350 * MS), 0);
});

unit('the sample is a window of the last `samples` lags: an old incident rolls out', () => {
  const n = 30;
  const commitUs = [0];
  const lagUs = [0];
  for (let i = 1; i <= n; i++) {
    commitUs.push(i * 1000 * MS);
    lagUs.push(i <= 5 ? 2000 * MS : 100 * MS); // the first five writes hit an incident
  }
  const p = parseStrategyArg('adaptive-window(percentile=1,factor=1,samples=10)').params as never;
  const s = adaptiveWindow.create(p, { cluster: fakeCluster(commitUs, lagUs), keys: 1, sessions: 1, rng: makeStream(1, 's') });
  const out: ReadRoute = { node: MASTER, waitUs: 0 };
  for (let i = 1; i <= n; i++) s.onWrite(commitUs[i], 0, 0, i);
  // At 30 s writes 1 … 29 have been applied; the last 10 lags are all 100 ms.
  s.route(commitUs[n] + 99 * MS, 0, 0, false, out);
  assert.is(out.node, MASTER);
  s.route(commitUs[n] + 100 * MS, 0, 0, false, out);
  assert.is(out.node, 0);
});

exact.run();
unit.run();
