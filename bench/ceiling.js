// @ts-check
'use strict';
/**
 * The ceiling reference: a hand-tuned, single-purpose loop of the same model as a bench
 * workload under all-follower — one merged Poisson stream of reads and writes, a zipf (or
 * uniform) key, followers that apply each write a constant or exponential lag after its
 * commit in commit order (a ring buffer of apply times per follower), reads spread
 * round-robin over the followers, typed arrays throughout, and nothing counted but stale
 * reads. No event queue, no strategy, no session state, no statistics.
 *
 * It draws the same random numbers as lagsim (the workload's five uniforms per operation,
 * each follower's lag from its own stream), so its stale count must equal lagsim's
 * all-follower count on the same workload — bench/run.ts checks that, so the ceiling is
 * known to simulate the same thing, not something cheaper.
 */
const path = require('path');

const dist = path.join(__dirname, '..', 'dist');
const { aleaState, makeStream } = require(path.join(dist, 'engine/random.js'));
const { AliasTable, zipfWeights } = require(path.join(dist, 'workload/alias.js'));

const ALEA_A = 2091639;
const ALEA_2_32 = 2.3283064365386963e-10;

/**
 * When a follower applies a write committed at nowUs: its lag after the commit (constant, or
 * drawn from its own stream), and never before the write before it (`lastUs`).
 * @param {{ exponential: boolean, us: number }} lag @param {() => number} rng @param {number} lastUs @param {number} nowUs
 */
function applyUs(lag, rng, lastUs, nowUs) {
  const lagUs = lag.exponential ? Math.round(-lag.us * Math.log(1 - rng())) : lag.us;
  return Math.max(lastUs, nowUs + lagUs);
}

/**
 * The write ring's columns, doubled: positions low … head keep their places modulo the new size.
 * @param {Array<Int32Array | Float64Array>} columns @param {number} low @param {number} head @param {number} mask
 */
function grownColumns(columns, low, head, mask) {
  const nmask = 2 * mask + 1;
  return columns.map((col) => {
    const grown = col instanceof Int32Array ? new Int32Array(nmask + 1) : new Float64Array(nmask + 1);
    for (let p = low; p <= head; p++) grown[p & nmask] = col[p & mask];
    return grown;
  });
}

/**
 * @param {{ keys: number, zipf: number | null, readRate: number, writeRate: number,
 *   lags: Array<{ exponential: boolean, us: number }>, horizonUs: number, seed: number }} m
 */
function ceilingRun(m) {
  const st = aleaState(m.seed, 'workload');
  let c = st[0], s0 = st[1], s1 = st[2], s2 = st[3], exactUs = 0;
  const meanGapUs = 1e6 / (m.readRate + m.writeRate);
  const writeShare = m.writeRate / (m.readRate + m.writeRate);
  const table = m.zipf === null ? null : new AliasTable(zipfWeights(m.keys, m.zipf));
  const keyCount = m.keys, horizonUs = m.horizonUs;
  const n = m.lags.length;
  const masterVersion = new Int32Array(keyCount);
  const followerVersion = Array.from({ length: n }, () => new Int32Array(keyCount));
  const lagRngs = m.lags.map((_, f) => makeStream(m.seed, `lag/follower-${f + 1}`));
  // Ring of writes not yet applied everywhere: key, version, and each follower's apply time.
  let mask = (1 << 16) - 1, head = 0;
  let ringKey = new Int32Array(mask + 1), ringVersion = new Int32Array(mask + 1);
  let ringApply = Array.from({ length: n }, () => new Float64Array(mask + 1));
  const applied = new Float64Array(n); // per follower: writes applied (ring positions)
  const lastApply = new Float64Array(n);
  let low = 0; // oldest write some follower has not applied
  let rr = 0, ops = 0, reads = 0, stale = 0;
  for (;;) {
    let t = ALEA_A * s0 + c * ALEA_2_32; s0 = s1; s1 = s2; c = Math.floor(t); s2 = t - c;
    exactUs += -meanGapUs * Math.log(1 - s2);
    const nowUs = Math.round(exactUs);
    if (nowUs >= horizonUs) break;
    t = ALEA_A * s0 + c * ALEA_2_32; s0 = s1; s1 = s2; c = Math.floor(t); s2 = t - c;
    const isWrite = s2 < writeShare;
    t = ALEA_A * s0 + c * ALEA_2_32; s0 = s1; s1 = s2; c = Math.floor(t); s2 = t - c;
    const key = table !== null ? table.pick(s2) : Math.floor(s2 * keyCount);
    // The session and critical-flag draws: nothing here depends on them, but the stream must advance as lagsim's does.
    t = ALEA_A * s0 + c * ALEA_2_32; s0 = s1; s1 = s2; c = Math.floor(t); s2 = t - c;
    t = ALEA_A * s0 + c * ALEA_2_32; s0 = s1; s1 = s2; c = Math.floor(t); s2 = t - c;
    ops++;
    if (isWrite) {
      if (head - low > mask) {
        [ringKey, ringVersion, ...ringApply] = grownColumns([ringKey, ringVersion, ...ringApply], low, head - 1, mask);
        mask = 2 * mask + 1;
      }
      const version = ++masterVersion[key];
      const slot = head & mask;
      ringKey[slot] = key;
      ringVersion[slot] = version;
      for (let f = 0; f < n; f++) lastApply[f] = ringApply[f][slot] = applyUs(m.lags[f], lagRngs[f], lastApply[f], nowUs);
      head++;
    } else {
      reads++;
      const f = n === 1 ? 0 : rr++ % n;
      const col = ringApply[f], fv = followerVersion[f];
      let p = applied[f];
      while (p < head && col[p & mask] <= nowUs) {
        fv[ringKey[p & mask]] = ringVersion[p & mask];
        p++;
      }
      applied[f] = p;
      if (fv[key] < masterVersion[key]) stale++;
      if (p > low) {
        let min = p;
        for (let g = 0; g < n; g++) if (applied[g] < min) min = applied[g];
        low = min;
      }
    }
  }
  return { ops, reads, staleReads: stale };
}

module.exports = { ceilingRun, applyUs, grownColumns };
