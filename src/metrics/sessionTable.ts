/**
 * What each (session, key) pair has done so far: the highest version the session wrote,
 * the highest it read (−1: none yet), and whether its last read of the key was stale.
 * Read-your-writes, monotonic reads and stale orders are judged from these.
 *
 * A pair's numbers are kept plus one, so that zeroed memory — a fresh array's — reads as
 * "none": the tables are never filled, and the pages of pairs a run never touches are
 * never touched (a short run of a large table pays for its pairs, not the table). The
 * written cell holds w + 1 (0: never written). The stale flag lives in the read cell:
 * v + 1 when clear, −(v + 1) when set, 0 never read — a pair's read state is one number.
 * v + 1 fits the Int32Array cells: a key's versions stay far below 2^31 − 1, because a run
 * generates at most 2·10^9 operations on average (scenario/compile.ts, MAX_GENERATED_OPS)
 * and its scripted and replayed ones are bounded by their files' sizes.
 *
 * - While sessions × keys is at most FLAT_LIMIT (16 M pairs, 8 bytes each: 128 MB at
 *   most, within the bound scenario/limits.ts assumes) every pair has its place: the
 *   written version and the read cell side by side in one Int32Array, laid out key by
 *   key, so a read or a write touches one cache line and the pairs of a hot key — the
 *   ones a skewed workload keeps hitting — stay in cache together. Within that bound
 *   this is faster than hashing: 1 000 sessions × 10 000 keys runs 1.5× as fast flat as
 *   in hash tables (docs/benchmarks.md).
 * - Beyond that only pairs a session has read or written have an entry, in one hash
 *   table holding the pair number, the written version and the read cell side by side,
 *   so a read or a write finds all of its pair's state in one probe. Memory follows the
 *   pairs touched, whatever sessions × keys is.
 */
const FLAT_LIMIT = 1 << 24;

export class SessionKeyTable {
  /** Flat: [written cell, read cell] per pair; null when sparse. */
  private readonly versions: Int32Array | null;
  /** Sparse: [written cell, read cell] of each pair touched; null when flat. */
  private readonly touched: PairMap | null;

  /**
   * `expectedPairs`: how many pairs the run is expected to touch (asked only beyond the
   * flat table); the hash table starts large enough for them, so a long run does not copy
   * it into fresh memory again and again.
   */
  constructor(private readonly sessions: number, keys: number, expectedPairs = (): number => 0) {
    const pairs = sessions * keys;
    const flat = pairs <= FLAT_LIMIT;
    this.versions = flat ? new Int32Array(2 * pairs) : null;
    this.touched = flat ? null : new PairMap(pairs >= 2 ** 31, Math.min(expectedPairs(), pairs));
  }

  /** What warm loaded, kept so that the loads are not dropped as unused. */
  warmed = 0;
  /** The pair numbers warm loads. */
  private warmPairs = new Float64Array(0);

  /**
   * Loads the cache line of each pair (sessionIds[sessions[i]], keyIds[keys[i]]): its state
   * (flat) or where its probe starts (hashed). The pair numbers are computed first, then
   * loaded in a loop of little but loads, so that as many misses as the core allows are in flight.
   */
  warm(sessionIds: Int32Array, keyIds: Int32Array, sessions: Int32Array, keys: Int32Array): void {
    if (this.warmPairs.length < keys.length) this.warmPairs = new Float64Array(keys.length);
    const pairs = this.warmPairs, n = this.sessions;
    for (let i = 0; i < keys.length; i++) pairs[i] = keyIds[keys[i]] * n + sessionIds[sessions[i]];
    const versions = this.versions;
    if (versions === null) this.warmed = this.touched!.loadHomes(pairs, keys.length);
    else {
      let acc = 0;
      for (let i = 0; i < keys.length; i++) acc ^= versions[2 * pairs[i]];
      this.warmed = acc;
    }
  }

  /** Highest version `session` wrote of `key` (−1: none). */
  written(session: number, key: number): number {
    const pair = key * this.sessions + session;
    if (this.versions !== null) return this.versions[2 * pair] - 1;
    const t = this.touched!;
    const c = t.find(pair);
    return c < 0 ? -1 : t.rec[3 * c + 1] - 1;
  }

  raiseWritten(session: number, key: number, version: number): void {
    const pair = key * this.sessions + session;
    if (this.versions !== null) {
      if (version + 1 > this.versions[2 * pair]) this.versions[2 * pair] = version + 1;
      return;
    }
    const t = this.touched!;
    const c = t.entry(pair);
    if (version + 1 > t.rec[3 * c + 1]) t.rec[3 * c + 1] = version + 1;
  }

  /** True when the session's last read of the key was stale; clears that (a write acted on it). */
  takeLastReadStale(session: number, key: number): boolean {
    const pair = key * this.sessions + session;
    const versions = this.versions;
    if (versions !== null) return takeStaleFlag(versions, 2 * pair + 1);
    const t = this.touched!;
    const c = t.find(pair);
    return c >= 0 && takeStaleFlag(t.rec, 3 * c + 2);
  }

  /**
   * Records a read of `version` by `session` of `key`, whose staleness marks the session's
   * next write of it when `markStale`; returns the highest version it had read before (−1: none).
   */
  recordRead(session: number, key: number, version: number, markStale: boolean): number {
    const pair = key * this.sessions + session;
    const versions = this.versions;
    if (versions !== null) return updateReadCell(versions, 2 * pair + 1, version, markStale);
    const t = this.touched!;
    const c = t.entry(pair); // before reading t.rec: making the entry may grow the table
    return updateReadCell(t.rec, 3 * c + 2, version, markStale);
  }
}

/** Records a read of `version` in the read cell cells[i] (see SessionKeyTable); returns the highest version read before (−1: none). */
function updateReadCell(cells: Int32Array | Float64Array, i: number, version: number, markStale: boolean): number {
  const cell = cells[i];
  const before = (cell >= 0 ? cell : -cell) - 1;
  const highest = version > before ? version : before;
  cells[i] = markStale ? -highest - 1 : highest + 1;
  return before;
}

/** True when the read cell cells[i] has its stale flag set; clears it. */
function takeStaleFlag(cells: Int32Array | Float64Array, i: number): boolean {
  const cell = cells[i];
  if (cell >= 0) return false;
  cells[i] = -cell;
  return true;
}

/**
 * No per-pair state, for a run nobody summarizes (a trace): every pair reads as never
 * written, never read and not stale, so the session × key statistics stay 0. A trace's
 * lines do not depend on them, and the flat table is most of a large run's memory.
 */
export class NoPairs {
  written(_session: number, _key: number): number {
    return -1;
  }

  raiseWritten(_session: number, _key: number, _version: number): void {}

  takeLastReadStale(_session: number, _key: number): boolean {
    return false;
  }

  recordRead(_session: number, _key: number, _version: number, _markStale: boolean): number {
    return -1;
  }

  warm(_sessionIds: Int32Array, _keyIds: Int32Array, _sessions: Int32Array, _keys: Int32Array): void {}
}

/** Entries a PairMap starts with at least (a power of two). */
const FIRST_CAPACITY = 1 << 16;
const EMPTY = 0;

/**
 * An open-addressing hash table (linear probing, doubling at 3/4 full) from pair numbers
 * to two numbers (0 until set). Each entry's pair number + 1 and numbers sit side by side
 * in `rec`, so finding a pair and reading its state is one cache line (mostly: an entry
 * is 12 bytes): an Int32Array while pair numbers fit (`wide` false: sessions × keys <
 * 2^31), else a Float64Array.
 */
class PairMap {
  /** [pair + 1 (EMPTY: free), number, number] per entry. */
  rec: Int32Array | Float64Array;
  private mask: number;
  private used = 0;

  /** `expected`: pairs it is expected to hold; it starts with room for them under 3/4 full. */
  constructor(private readonly wide: boolean, expected: number) {
    let entries = FIRST_CAPACITY;
    while (4 * expected > 3 * entries) entries *= 2;
    this.mask = entries - 1;
    this.rec = this.records(entries);
  }

  /** Loads the entry where the probe of each of the first `count` pairs starts (overwriting `pairs`); returns what it read. */
  loadHomes(pairs: Float64Array, count: number): number {
    const rec = this.rec, mask = this.mask;
    for (let i = 0; i < count; i++) pairs[i] = 3 * (hash(pairs[i]) & mask);
    let acc = 0;
    for (let i = 0; i < count; i++) acc ^= rec[pairs[i]];
    return acc;
  }

  /** The pair's entry; −1 when it has none. */
  find(pair: number): number {
    const rec = this.rec, mask = this.mask;
    for (let c = hash(pair) & mask; ; c = (c + 1) & mask) {
      const p = rec[3 * c];
      if (p === pair + 1) return c;
      if (p === EMPTY) return -1;
    }
  }

  /** The pair's entry, made (numbers 0) when it has none. Entries move when the table grows. */
  entry(pair: number): number {
    const rec = this.rec, mask = this.mask;
    for (let c = hash(pair) & mask; ; c = (c + 1) & mask) {
      const p = rec[3 * c];
      if (p === pair + 1) return c;
      if (p === EMPTY) {
        if (4 * (this.used + 1) > 3 * (mask + 1)) {
          this.grow();
          return this.entry(pair);
        }
        rec[3 * c] = pair + 1;
        this.used++;
        return c;
      }
    }
  }

  /** `entries` free entries: every pair EMPTY, both numbers 0 (a fresh array's zeros). */
  private records(entries: number): Int32Array | Float64Array {
    return this.wide ? new Float64Array(3 * entries) : new Int32Array(3 * entries);
  }

  /** Doubles the table, moving every entry. */
  private grow(): void {
    const oldRec = this.rec;
    const oldEntries = this.mask + 1;
    const entries = oldEntries * 2;
    const mask = entries - 1;
    const rec = this.records(entries);
    for (let o = 0; o < oldEntries; o++) {
      const stored = oldRec[3 * o];
      if (stored === EMPTY) continue;
      let c = hash(stored - 1) & mask;
      while (rec[3 * c] !== EMPTY) c = (c + 1) & mask;
      rec[3 * c] = stored;
      rec[3 * c + 1] = oldRec[3 * o + 1];
      rec[3 * c + 2] = oldRec[3 * o + 2];
    }
    this.rec = rec;
    this.mask = mask;
  }
}

/** Spreads pair numbers (integers below 2^53) over 32 bits. */
function hash(pair: number): number {
  const lo = pair | 0;
  const hi = (pair / 4294967296) | 0;
  const h = Math.imul(lo ^ Math.imul(hi, 0x85ebca6b), 0x9e3779b1);
  return h ^ (h >>> 15);
}
