import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { SessionKeyTable } from '../src/metrics/sessionTable';
import { makeStream } from '../src/engine/random';

// The session × key table has two layouts: flat below 2^24 pairs, hash tables above
// (where a read pair's stale flag shares the cell of its read version). Both must
// answer every question exactly as a plain map of the pairs' state does, through
// growth of the hash tables, whatever size they start at, and with versions well past
// the first few.

const table = suite('SessionKeyTable against a plain map');

interface PairState { written: number; read: number; stale: boolean }

/** assert.is, with the message built only when it fails (the checks below run millions of times). */
function is(got: unknown, want: unknown, what: () => string): void {
  if (got !== want) assert.is(got, want, what());
}

function check(sessions: number, keys: number, ops: number, pairsUsed: number, expectedPairs = 0): void {
  const t = new SessionKeyTable(sessions, keys, () => expectedPairs);
  // Loading pairs ahead (warm) changes nothing: done for every 100th batch of the pairs to come.
  const aheadSessions = new Int32Array(100), aheadKeys = new Int32Array(100), ids = Int32Array.from({ length: Math.max(sessions, keys) }, (_, i) => i);
  // Keyed by the pair's number s × keys + k (exact: below 2^53).
  const ref = new Map<number, PairState>();
  const rng = makeStream(3, `table/${sessions}x${keys}`);
  const state = (s: number, k: number): PairState => {
    const id = s * keys + k;
    let p = ref.get(id);
    if (p === undefined) ref.set(id, (p = { written: -1, read: -1, stale: false }));
    return p;
  };
  for (let i = 0; i < ops; i++) {
    // Pairs spread over the whole table, a few hundred thousand distinct ones (the hash tables grow).
    const pick = Math.floor(rng() * pairsUsed) * 7919;
    const s = pick % sessions, k = Math.floor(pick / sessions) % keys;
    aheadSessions[i % 100] = s;
    aheadKeys[i % 100] = k;
    if (i % 100 === 99) t.warm(ids, ids, aheadSessions, aheadKeys);
    const version = Math.floor(rng() * 5000);
    const p = state(s, k);
    const what = rng();
    if (what < 0.3) {
      is(t.written(s, k), p.written, () => `written ${s}/${k}`);
      t.raiseWritten(s, k, version);
      if (version > p.written) p.written = version;
      is(t.takeLastReadStale(s, k), p.stale, () => `stale flag ${s}/${k}`);
      p.stale = false;
    } else {
      const mark = rng() < 0.5;
      is(t.recordRead(s, k, version, mark), p.read, () => `read before ${s}/${k}`);
      if (version > p.read) p.read = version;
      p.stale = mark;
    }
  }
  // Every pair still holds its state after the tables' growth (an update lost while a table grew shows here).
  for (const [id, p] of ref) {
    const s = Math.floor(id / keys), k = id % keys;
    is(t.written(s, k), p.written, () => `written ${s}/${k} at the end`);
    is(t.takeLastReadStale(s, k), p.stale, () => `stale flag ${s}/${k} at the end`);
    is(t.recordRead(s, k, -1, false), p.read, () => `read ${s}/${k} at the end`);
  }
}

table('flat (100 sessions × 10 000 keys)', () => check(100, 10_000, 300_000, 200_000));

table('hash tables (10 000 sessions × 100 000 keys)', () => check(10_000, 100_000, 600_000, 300_000));

table('hash tables sized for the pairs expected, too few and too many', () => {
  check(10_000, 100_000, 300_000, 200_000, 30_000);
  check(10_000, 100_000, 300_000, 200_000, 2_000_000);
});

table('hash tables with pair numbers past 2^31 (100 000 sessions × 100 000 keys)', () => check(100_000, 100_000, 200_000, 100_000));

table.run();
