/**
 * What each (session, key) pair has done so far: the highest version the session wrote,
 * the highest it read (−1: none yet), and whether its last read of the key was stale.
 * Read-your-writes, monotonic reads and stale orders are judged from these.
 *
 * The state lives in cells: the two versions of a cell side by side in one Int32Array,
 * its flag in a byte array, so a read or a write touches one cache line of each.
 * - While sessions × keys is small (FLAT_LIMIT pairs, 9 bytes each) every pair has its
 *   cell, laid out key by key: the pairs of a hot key — the ones a skewed workload keeps
 *   hitting — stay in cache together.
 * - Beyond that only pairs a session has read or written get a cell: an open-addressing
 *   hash table (linear probing, pair number → cell) that doubles at 3/4 full. Memory
 *   follows the pairs actually touched, whatever sessions × keys is.
 *
 * Callers take a pair's cell once (cell()) and pass it to the accessors before taking
 * another: taking a new pair's cell may move every cell of the hash table.
 */
const FLAT_LIMIT = 1 << 22;
/** Cells a hash table starts with (a power of two). */
const FIRST_CAPACITY = 1 << 16;
const EMPTY = -1;

export class SessionKeyTable {
  /** [written, read] per cell, −1 when none. */
  private versions: Int32Array;
  private staleFlags: Uint8Array;
  /**
   * Hash table only: the pair number in each cell (EMPTY: free); null when flat. 4 bytes
   * a cell while pair numbers fit an Int32Array (sessions × keys < 2^31), else 8.
   */
  private pairOf: Int32Array | Float64Array | null;
  private readonly wide: boolean;
  /** Hash table only: cells − 1, and cells in use. */
  private mask = 0;
  private used = 0;
  /** Hash table only: the pair last looked up and its cell (a read asks twice: at issue and when served). */
  private lastPair = EMPTY;
  private lastCell = 0;

  constructor(private readonly sessions: number, keys: number) {
    const pairs = sessions * keys;
    const flat = pairs <= FLAT_LIMIT;
    this.wide = pairs >= 2 ** 31;
    const cells = flat ? pairs : FIRST_CAPACITY;
    this.versions = new Int32Array(2 * cells).fill(-1);
    this.staleFlags = new Uint8Array(cells);
    this.pairOf = flat ? null : this.pairColumn(cells);
    this.mask = cells - 1;
  }

  /** The pair's cell number (in the hash table, a new cell when the pair had none). */
  cell(session: number, key: number): number {
    const pair = key * this.sessions + session;
    return this.pairOf === null ? pair : this.find(pair);
  }

  /** Highest version the session wrote (−1: none). */
  written(cell: number): number {
    return this.versions[2 * cell];
  }

  /** Highest version the session read (−1: none). */
  read(cell: number): number {
    return this.versions[2 * cell + 1];
  }

  raiseWritten(cell: number, version: number): void {
    if (version > this.versions[2 * cell]) this.versions[2 * cell] = version;
  }

  raiseRead(cell: number, version: number): void {
    if (version > this.versions[2 * cell + 1]) this.versions[2 * cell + 1] = version;
  }

  /** True when the session's last read of the key was stale. */
  lastReadStale(cell: number): boolean {
    return this.staleFlags[cell] === 1;
  }

  setLastReadStale(cell: number, stale: boolean): void {
    this.staleFlags[cell] = stale ? 1 : 0;
  }

  /** The hash table's cell of `pair`, taking a free one (and growing) when it has none. */
  private find(pair: number): number {
    if (pair === this.lastPair) return this.lastCell;
    const c = this.probe(pair);
    this.lastPair = pair;
    this.lastCell = c;
    return c;
  }

  /** find() without the one-pair memo. */
  private probe(pair: number): number {
    const pairOf = this.pairOf!;
    const mask = this.mask;
    for (let c = hash(pair) & mask; ; c = (c + 1) & mask) {
      const p = pairOf[c];
      if (p === pair) return c;
      if (p === EMPTY) {
        if (4 * (this.used + 1) > 3 * (mask + 1)) {
          this.grow();
          return this.probe(pair);
        }
        pairOf[c] = pair;
        this.used++;
        return c;
      }
    }
  }

  private pairColumn(cells: number): Int32Array | Float64Array {
    return (this.wide ? new Float64Array(cells) : new Int32Array(cells)).fill(EMPTY);
  }

  /** Doubles the hash table, moving every cell. */
  private grow(): void {
    const oldPairs = this.pairOf!, oldVersions = this.versions, oldFlags = this.staleFlags;
    const cells = 2 * oldPairs.length;
    const mask = cells - 1;
    const pairOf = this.pairColumn(cells);
    const versions = new Int32Array(2 * cells).fill(-1);
    const flags = new Uint8Array(cells);
    for (let o = 0; o < oldPairs.length; o++) {
      const pair = oldPairs[o];
      if (pair === EMPTY) continue;
      let c = hash(pair) & mask;
      while (pairOf[c] !== EMPTY) c = (c + 1) & mask;
      pairOf[c] = pair;
      versions[2 * c] = oldVersions[2 * o];
      versions[2 * c + 1] = oldVersions[2 * o + 1];
      flags[c] = oldFlags[o];
    }
    this.pairOf = pairOf;
    this.versions = versions;
    this.staleFlags = flags;
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
