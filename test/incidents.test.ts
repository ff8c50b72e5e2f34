import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { scenario } from './helpers';
import { traceOf } from './traceHelpers';

// The `stop` rule (docs/design.md, Incidents): the SQL thread starts nothing in
// [at, at + duration); a transaction it started before `at` runs to its end, even when that
// end falls inside the window (STOP REPLICA SQL_THREAD lets the current transaction finish).

const stop = suite('stop incident');

stop('an apply started before the stop finishes inside it; one due to start inside waits for its end', () => {
  const sc = scenario({
    name: 'stop-rule', duration: '3s',
    cluster: { followers: [{ name: 'f', lag: '0ms', applyTime: '100ms', incidents: [{ type: 'stop', at: '1.05s', duration: '1s' }] }] },
    data: { k: { stock: 1 } },
    events: [
      { at: '1s', actor: 'a', write: 'k', set: { stock: 2 } },    // starts at 1.000 s, before the stop: applied at 1.100 s
      { at: '1.01s', actor: 'a', write: 'k', set: { stock: 3 } }, // would start at 1.100 s, inside: starts at 2.050 s
      { at: '1.5s', actor: 'b', read: 'k' },                      // inside the window: sees the first write
    ],
    strategies: ['all-follower'],
  });
  const t = traceOf(sc, 'all-follower');
  assert.equal(t.applies.map((a) => [a.pos, a.tUs]), [[1, 1_100_000], [2, 2_150_000]]);
  const read = t.ops.find((o) => o.op === 'read')!;
  assert.is(read.version, 1);
});

stop('an apply whose start falls exactly at the window\'s end is not moved', () => {
  const sc = scenario({
    name: 'stop-edge', duration: '3s',
    cluster: { followers: [{ name: 'f', lag: '1s', incidents: [{ type: 'stop', at: '0.5s', duration: '1.5s' }] }] },
    events: [{ at: '1s', actor: 'a', write: 'k', set: { stock: 0 } }],
    strategies: ['all-follower'],
  });
  assert.equal(traceOf(sc, 'all-follower').applies.map((a) => a.tUs), [2_000_000]);
});

stop.run();
