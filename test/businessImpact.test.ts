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
  // they go to the follower. Stale order: user-1's checkout follows a stale browse.
  const r = resultsOf(loadScenarioFile(path.join(__dirname, '..', 'scenarios', 'apple-stock.yaml')));
  const expect: Record<string, [number, number]> = {
    'all-follower': [2, 1],
    'all-master': [0, 0],
    'critical-only': [2, 1], // the checkout reads the master (sees 0), but the decision was made on 400
    'post-write-window(window=1s,scope=key)': [0, 0],
    'post-write-window(window=1s,scope=session)': [1, 1], // protects the seller, not the user
  };
  for (const [label, [phantom, orders]] of Object.entries(expect)) {
    assert.is(r[label].phantomStockReads, phantom, `${label} phantom`);
    assert.is(r[label].staleOrders, orders, `${label} stale orders`);
  }
});

apple('a write after a stale read of the same row counts, once; a fresh read in between clears it', () => {
  const sc = scenario({
    name: 'orders', duration: '5s',
    cluster: { followers: [{ name: 'f1', lag: '500ms' }] },
    data: { apple: { stock: 400 }, pear: { stock: 5 } },
    events: [
      { at: '1s', actor: 'seller', write: 'apple', set: { stock: 0 } },
      { at: '1.1s', actor: 'buyer', read: 'apple' },                          // stale, phantom
      { at: '1.2s', actor: 'buyer', write: 'apple', set: { stock: 399 } },    // order on a stale view
      { at: '1.3s', actor: 'buyer', write: 'apple', set: { stock: 398 } },    // no read since: not counted again
      { at: '1.4s', actor: 'other', read: 'pear' },
      { at: '1.5s', actor: 'other', write: 'apple', set: { stock: 1 } },      // never read apple: not counted
      { at: '3s', actor: 'late', read: 'apple' },                             // fresh
      { at: '3.1s', actor: 'late', read: 'apple', critical: true },           // after a fresh read: not counted
    ],
  });
  const r = traceOf(sc, 'all-follower').result;
  assert.is(r.staleOrders, 1);
  assert.is(r.phantomStockReads, 1);
});

// ---
const recount = suite('stale orders recounted from a trace');

recount('generated traffic: the collector matches a direct recount of the definition', () => {
  const sc = scenario({
    name: 'busy', seed: 4, duration: '20s',
    cluster: { followers: [{ name: 'f1', lag: { dist: 'exponential', mean: '300ms' } }, { name: 'f2', lag: '50ms' }] },
    workload: { keys: 5, sessions: 10, writeRate: '10/s', readRate: '200/s', criticalFraction: 0.2 },
  });
  for (const strategy of ['all-follower', 'critical-only', 'causal(mode=wait,scope=session)']) {
    const t = traceOf(sc, strategy);
    const lastStale = new Map<string, boolean>();
    let orders = 0;
    for (const r of t.ops) {
      const id = `${r.session}:${r.key}`;
      if (r.op === 'write' || r.critical) if (lastStale.get(id)) orders++;
      lastStale.set(id, r.op === 'read' && r.version < r.masterVersion);
    }
    assert.is(t.result.staleOrders, orders, strategy);
    if (strategy === 'all-follower') assert.ok(orders > 20, `enough stale orders to test: ${orders}`);
  }
});

apple.run();
recount.run();
