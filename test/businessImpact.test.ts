import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import * as path from 'path';
import { loadScenarioFile } from '../src/scenario/load';
import { resultsOf, scenario } from './helpers';
import { traceOf } from './traceHelpers';

// ---
const apple = suite('phantom stock and stale orders in the apple story');

apple('the numbers the story gives, strategy by strategy', () => {
  // seller writes stock 0 at 1 s; follower-1 applies at 1.5 s. Reads: seller 1.1 s, user-1
  // browses 1.2 s, user-1 checks out (critical) at 1.5 s.
  // Phantom stock: a read shows 400 while the master has 0 — the 1.1 s and 1.2 s reads when
  // they go to the follower. The checkout itself sees 0 under every strategy (the master, or
  // the follower at the very moment it applies), so no order acts on a stale answer.
  const r = resultsOf(loadScenarioFile(path.join(__dirname, '..', 'scenarios', 'apple-stock.yaml')));
  const expect: Record<string, [number, number, number]> = {
    'all-follower': [2, 0, 0],
    'all-master': [0, 0, 0],
    'critical-only': [2, 0, 0], // browsing saw 400; the checkout read the master and saw 0
    'post-write-window(window=1s,scope=key)': [0, 0, 0],
    'post-write-window(window=1s,scope=session)': [1, 0, 0], // protects the seller, not the user's browse
  };
  for (const [label, [phantom, orders, critical]] of Object.entries(expect)) {
    assert.is(r[label].phantomStockReads, phantom, `${label} phantom`);
    assert.is(r[label].staleOrders, orders, `${label} stale orders`);
    assert.is(r[label].staleCriticalReads, critical, `${label} stale critical reads`);
  }
});

apple('a checkout 100 ms after the sell-out: stale on the follower, fresh under critical-only', () => {
  const sc = scenario({
    name: 'early-checkout', duration: '2s',
    cluster: { followers: [{ name: 'f1', lag: '500ms' }] },
    data: { apple: { stock: 400 } },
    events: [
      { at: '1s', actor: 'seller', write: 'apple', set: { stock: 0 } },
      { at: '1.05s', actor: 'user-1', read: 'apple' },
      { at: '1.1s', actor: 'user-1', read: 'apple', critical: true },
    ],
    strategies: ['all-follower', 'critical-only'],
  });
  const r = resultsOf(sc);
  assert.is(r['all-follower'].staleCriticalReads, 1);
  assert.is(r['all-follower'].staleOrders, 1);
  assert.is(r['critical-only'].staleCriticalReads, 0);
  assert.is(r['critical-only'].staleOrders, 0);
  assert.is(r['critical-only'].staleReads, 1); // the browse is still stale
});

apple('an order counts when it acted on a stale answer: a stale critical read, or a write based on a stale read', () => {
  const sc = scenario({
    name: 'orders', duration: '5s',
    cluster: { followers: [{ name: 'f1', lag: '500ms' }] },
    data: { apple: { stock: 400 }, pear: { stock: 5 } },
    events: [
      { at: '1s', actor: 'seller', write: 'apple', set: { stock: 0 } },
      { at: '1.1s', actor: 'buyer', read: 'apple' },                          // stale, phantom
      { at: '1.2s', actor: 'buyer', write: 'apple', set: { stock: 399 } },    // based on the stale read: 1
      { at: '1.3s', actor: 'buyer', write: 'apple', set: { stock: 398 } },    // no read since: not counted again
      { at: '1.4s', actor: 'other', read: 'pear' },
      { at: '1.5s', actor: 'other', write: 'apple', set: { stock: 1 } },      // never read apple: not counted
      { at: '1.6s', actor: 'late', read: 'apple' },                           // stale (master has v4)
      { at: '1.7s', actor: 'late', read: 'apple', critical: true },           // stale itself: 2
      { at: '1.8s', actor: 'late', write: 'apple', set: { stock: 0 } },       // after that stale checkout: already counted
      { at: '1.9s', actor: 'eager', read: 'apple' },                          // stale, phantom (398 while the master has 0)
      { at: '3.2s', actor: 'eager', read: 'apple', critical: true },          // fresh: not an order on a stale view
      { at: '3.3s', actor: 'eager', write: 'apple', set: { stock: 0 } },      // its last read was fresh: not counted
    ],
  });
  const r = traceOf(sc, 'all-follower').result;
  assert.is(r.staleCriticalReads, 1);
  assert.is(r.staleOrders, 2);
  assert.is(r.phantomStockReads, 2);
});

// ---
const recount = suite('stale orders and stale critical reads recounted from a trace');

recount('generated traffic: the collector matches a direct recount of the definition', () => {
  const sc = scenario({
    name: 'busy', seed: 4, duration: '20s',
    cluster: { followers: [{ name: 'f1', lag: { dist: 'exponential', mean: '300ms' } }, { name: 'f2', lag: '50ms' }] },
    workload: { keys: 5, sessions: 10, writeRate: '10/s', readRate: '200/s', criticalFraction: 0.2 },
  });
  for (const strategy of ['all-follower', 'critical-only', 'causal(mode=wait,scope=session)']) {
    const t = traceOf(sc, strategy);
    const lastStale = new Map<string, boolean>();
    let orders = 0, critical = 0;
    for (const r of t.ops) {
      const id = `${r.session}:${r.key}`;
      const stale = r.op === 'read' && r.version < r.masterVersion;
      if (r.op === 'write' && lastStale.get(id)) orders++;
      if (r.critical && stale) critical++;
      lastStale.set(id, stale && !r.critical);
    }
    assert.is(t.result.staleCriticalReads, critical, strategy);
    assert.is(t.result.staleOrders, orders + critical, strategy);
    if (strategy === 'all-follower') assert.ok(orders > 20 && critical > 20, `enough stale orders to test: ${orders} + ${critical}`);
    if (strategy === 'critical-only') assert.is(critical, 0);
  }
});

apple.run();
recount.run();
