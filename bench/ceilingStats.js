// @ts-check
'use strict';
/**
 * The ceiling with every statistic: ceiling.js's hand-tuned loop of a bench workload under
 * all-follower, computing besides every number of lagsim's summary — stale reads and since
 * when each was stale, read-your-writes and monotonic-read violations, stale orders and
 * stale critical reads (a table of session × key pairs: flat while it fits in 16 M pairs,
 * else hashed), the staleness, version-gap and latency percentiles (lagsim's own
 * QuantileSketch) and master operations per second. All of it inline in one loop: no event
 * queue, no strategy, no closed-loop gate, no observer.
 *
 * Its summary must equal lagsim's byte for byte (test/benchCeiling.test.ts checks, and
 * bench/run.ts prints whether it did), so it computes the same statistics, not cheaper ones.
 * Its speed over the stale-count-only ceiling's says how far computing these statistics
 * operation by operation keeps a loop from that ceiling; lagsim's speed over this loop's,
 * what lagsim's engine costs besides.
 *
 * Its arrivals come from lagsim's own generator (GeneratedWorkload: the same draws, 512 at a
 * time, in a function of their own), and like lagsim it loads the coming pairs' cells when a
 * batch is drawn, so their cache misses overlap.
 */
const path = require('path');

const dist = path.join(__dirname, '..', 'dist');
const { makeStream } = require(path.join(dist, 'engine/random.js'));
const { MetricsCollector } = require(path.join(dist, 'metrics/collector.js'));
const { summarize } = require(path.join(dist, 'metrics/summary.js'));
const { GeneratedWorkload, expectedPairs } = require(path.join(dist, 'workload/generated.js'));
const { applyUs, grownColumns } = require('./ceiling');

const FLAT_LIMIT = 1 << 24;

/**
 * Each (session, key) pair's two cells side by side in `cells`: the highest version written
 * + 1 and the read cell (highest version read + 1, negated while the last read was stale and
 * not critical; 0: never). Flat: pair p at 2p. Hashed (linear probing, pair + 1 in front):
 * at an entry's second cell; `cell` makes the entry, and may replace `cells` when it grows.
 */
class PairCells {
  /** @param {number} pairs @param {number} expected */
  constructor(pairs, expected) {
    if (pairs >= 2 ** 31) throw new Error('ceilingStats: pair numbers past 2^31 are not supported');
    this.flat = pairs <= FLAT_LIMIT;
    let entries = 1 << 16;
    while (4 * expected > 3 * entries) entries *= 2;
    this.mask = entries - 1;
    this.used = 0;
    this.warmed = 0;
    this.cells = new Int32Array(this.flat ? 2 * pairs : 3 * entries);
  }

  /** @param {number} pair */
  home(pair) {
    const h = Math.imul(pair, 0x9e3779b1);
    return 3 * ((h ^ (h >>> 15)) & this.mask);
  }

  /** @param {number} pair @returns {number} the index of the pair's written cell */
  cell(pair) {
    if (this.flat) return 2 * pair;
    const cells = this.cells, mask = this.mask;
    for (let e = this.home(pair); ; e = e === 3 * mask ? 0 : e + 3) {
      const p = cells[e];
      if (p === pair + 1) return e + 1;
      if (p === 0) {
        if (4 * (this.used + 1) > 3 * (mask + 1)) {
          this.grow();
          return this.cell(pair);
        }
        cells[e] = pair + 1;
        this.used++;
        return e + 1;
      }
    }
  }

  /**
   * Loads the cells of the pairs (keys[i], sessions[i]) of a batch just drawn, keeping what it
   * read in `warmed` so that the loads stay.
   * @param {Int32Array} keys @param {Int32Array} sessions @param {number} sessionCount
   */
  warm(keys, sessions, sessionCount) {
    const cells = this.cells;
    let acc = 0;
    for (let i = 0; i < keys.length; i++) {
      const pair = keys[i] * sessionCount + sessions[i];
      acc ^= cells[this.flat ? 2 * pair : this.home(pair)];
    }
    this.warmed = acc;
  }

  grow() {
    const old = this.cells;
    this.mask = 2 * this.mask + 1;
    this.cells = new Int32Array(3 * (this.mask + 1));
    this.used = 0;
    for (let e = 0; e < old.length; e += 3) {
      if (old[e] === 0) continue;
      const c = this.cell(old[e] - 1);
      this.cells[c] = old[e + 1];
      this.cells[c + 1] = old[e + 2];
    }
  }
}

/**
 * @param {{ keys: number, zipf: number | null, readRate: number, writeRate: number, sessions: number,
 *   criticalFraction: number, readLatencyUs: number, lags: Array<{ exponential: boolean, us: number }>,
 *   horizonUs: number, seed: number }} m
 */
function ceilingStatsRun(m) {
  const keyCount = m.keys, horizonUs = m.horizonUs, sessionCount = m.sessions;
  const readLatencyUs = m.readLatencyUs;
  const n = m.lags.length;
  const cfg = {
    keys: keyCount, popularity: m.zipf === null ? { kind: 'uniform' } : { kind: 'zipf', s: m.zipf }, sessions: sessionCount,
    readRatePerSec: m.readRate, writeRatePerSec: m.writeRate, criticalFraction: m.criticalFraction,
  };
  const arrivals = new GeneratedWorkload(cfg, makeStream(m.seed, 'workload'));
  const pairs = new PairCells(sessionCount * keyCount, Math.min(expectedPairs(cfg, horizonUs), sessionCount * keyCount));
  // Counters; the collector keeps the percentiles and master load, and carries them all into summarize.
  const metrics = new MetricsCollector(sessionCount, keyCount, false);
  const stalenessUs = metrics.stalenessUs, stalenessVersions = metrics.stalenessVersions;
  const readLatency = metrics.readLatencyUs, writeLatency = metrics.writeLatencyUs;
  let reads = 0, writes = 0, staleReads = 0, ryw = 0, monotonic = 0, staleOrders = 0, staleCritical = 0;
  // Per key: the master's version and last binlog position; per follower and key: its
  // version and the oldest position on the key it has not applied (0: none).
  const masterVersion = new Int32Array(keyCount), lastPosOfKey = new Float64Array(keyCount);
  const followerVersion = Array.from({ length: n }, () => new Int32Array(keyCount));
  const unapplied = Array.from({ length: n }, () => new Float64Array(keyCount));
  const lagRngs = m.lags.map((_, f) => makeStream(m.seed, `lag/follower-${f + 1}`));
  // The binlog's positions low … head not yet applied everywhere: key, version, commit
  // time, the next position on the same key (0: none yet), each follower's apply time.
  let mask = (1 << 16) - 1, head = 0, low = 1;
  let ringKey = new Int32Array(mask + 1), ringVersion = new Int32Array(mask + 1);
  let ringCommit = new Float64Array(mask + 1), ringNext = new Float64Array(mask + 1);
  let ringApply = Array.from({ length: n }, () => new Float64Array(mask + 1));
  const applied = new Float64Array(n), lastApply = new Float64Array(n);

  /** Follower f applies every write due by nowUs; low follows the slowest follower. */
  const advance = (f, nowUs) => {
    const col = ringApply[f], fv = followerVersion[f], un = unapplied[f];
    let p = applied[f];
    while (p < head && col[(p + 1) & mask] <= nowUs) {
      p++;
      const s = p & mask;
      fv[ringKey[s]] = ringVersion[s];
      un[ringKey[s]] = ringNext[s];
    }
    applied[f] = p;
    if (p + 1 > low) {
      let min = p + 1;
      for (let g = 0; g < n; g++) if (applied[g] + 1 < min) min = applied[g] + 1;
      low = min;
    }
  };

  let rr = 0, ops = 0;
  for (;;) {
    arrivals.next();
    if (arrivals.startsBatch()) pairs.warm(arrivals.keys, arrivals.sessions, sessionCount);
    const nowUs = arrivals.timeUs;
    if (nowUs >= horizonUs) break;
    const key = arrivals.key;
    const cell = pairs.cell(key * sessionCount + arrivals.session), cells = pairs.cells;
    ops++;
    if (arrivals.isWrite) {
      if (head + 1 - low > mask) for (let f = 0; f < n; f++) advance(f, nowUs);
      if (head + 1 - low > mask) {
        [ringKey, ringVersion, ringCommit, ringNext, ...ringApply] = grownColumns([ringKey, ringVersion, ringCommit, ringNext, ...ringApply], low, head, mask);
        mask = 2 * mask + 1;
      }
      const version = ++masterVersion[key];
      const pos = ++head, slot = pos & mask;
      ringKey[slot] = key; ringVersion[slot] = version; ringCommit[slot] = nowUs; ringNext[slot] = 0;
      if (lastPosOfKey[key] >= low) ringNext[lastPosOfKey[key] & mask] = pos;
      lastPosOfKey[key] = pos;
      for (let f = 0; f < n; f++) {
        lastApply[f] = ringApply[f][slot] = applyUs(m.lags[f], lagRngs[f], lastApply[f], nowUs);
        if (unapplied[f][key] === 0) unapplied[f][key] = pos;
      }
      // The write's statistics: master load, the pair's written version, a stale order.
      writes++;
      metrics.masterOp(nowUs);
      if (version + 1 > cells[cell]) cells[cell] = version + 1;
      writeLatency.add(0);
      if (cells[cell + 1] < 0) {
        cells[cell + 1] = -cells[cell + 1];
        staleOrders++;
      }
    } else {
      const f = n === 1 ? 0 : rr++ % n;
      advance(f, nowUs);
      // The read's statistics, as MetricsCollector.read judges them.
      const version = followerVersion[f][key], mv = masterVersion[key];
      const critical = arrivals.critical, stale = version < mv;
      reads++;
      if (stale) {
        if (critical) {
          staleCritical++;
          staleOrders++;
        }
        staleReads++;
        stalenessUs.add(nowUs - ringCommit[unapplied[f][key] & mask]);
        stalenessVersions.add(mv - version);
      }
      if (version < cells[cell] - 1) ryw++;
      const readCell = cells[cell + 1];
      const before = (readCell >= 0 ? readCell : -readCell) - 1;
      const highest = version > before ? version : before;
      cells[cell + 1] = stale && !critical ? -highest - 1 : highest + 1;
      if (version < before) monotonic++;
      readLatency.add(readLatencyUs);
    }
  }
  Object.assign(metrics, { reads, writes, staleReads, rywViolations: ryw, monotonicViolations: monotonic, staleOrders, staleCriticalReads: staleCritical });
  return { ops, summary: summarize('all-follower', metrics, horizonUs) };
}

module.exports = { ceilingStatsRun, PairCells };
