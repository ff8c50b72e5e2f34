/**
 * What each (session, key) pair has done so far: the highest version the session wrote,
 * the highest it read (−1: none yet), and whether its last read of the key was stale.
 * Read-your-writes, monotonic reads and stale orders are judged from these.
 *
 * While sessions × keys is small enough (16 M pairs, 9 bytes each) the state is flat:
 * the two versions of a pair side by side in one Int32Array, the flags in a byte array,
 * both laid out key by key. A read or a write then touches one cache line of each,
 * and the pairs of a hot key — the ones a skewed workload keeps hitting — stay in
 * cache together. Beyond that, Maps hold only the pairs actually touched.
 *
 * Callers take a pair's cell once (cell()) and pass it to the accessors.
 */
const FLAT_LIMIT = 1 << 24;

export class SessionKeyTable {
  /** [written, read] per cell, −1 when none. */
  private readonly versions: Int32Array | null;
  private readonly staleFlags: Uint8Array | null;
  private readonly writtenMap: Map<number, number> | null;
  private readonly readMap: Map<number, number> | null;
  private readonly staleSet: Set<number> | null;

  constructor(private readonly sessions: number, keys: number) {
    const cells = sessions * keys;
    const flat = cells <= FLAT_LIMIT;
    this.versions = flat ? new Int32Array(2 * cells).fill(-1) : null;
    this.staleFlags = flat ? new Uint8Array(cells) : null;
    this.writtenMap = flat ? null : new Map();
    this.readMap = flat ? null : new Map();
    this.staleSet = flat ? null : new Set();
  }

  /** The pair's cell number. */
  cell(session: number, key: number): number {
    return key * this.sessions + session;
  }

  /** Highest version the session wrote (−1: none). */
  written(cell: number): number {
    if (this.versions !== null) return this.versions[2 * cell];
    const v = this.writtenMap!.get(cell);
    return v === undefined ? -1 : v;
  }

  /** Highest version the session read (−1: none). */
  read(cell: number): number {
    if (this.versions !== null) return this.versions[2 * cell + 1];
    const v = this.readMap!.get(cell);
    return v === undefined ? -1 : v;
  }

  raiseWritten(cell: number, version: number): void {
    if (this.versions !== null) {
      if (version > this.versions[2 * cell]) this.versions[2 * cell] = version;
    } else if (version > this.written(cell)) this.writtenMap!.set(cell, version);
  }

  raiseRead(cell: number, version: number): void {
    if (this.versions !== null) {
      if (version > this.versions[2 * cell + 1]) this.versions[2 * cell + 1] = version;
    } else if (version > this.read(cell)) this.readMap!.set(cell, version);
  }

  /** True when the session's last read of the key was stale. */
  lastReadStale(cell: number): boolean {
    return this.staleFlags !== null ? this.staleFlags[cell] === 1 : this.staleSet!.has(cell);
  }

  setLastReadStale(cell: number, stale: boolean): void {
    if (this.staleFlags !== null) this.staleFlags[cell] = stale ? 1 : 0;
    else if (stale) this.staleSet!.add(cell);
    else this.staleSet!.delete(cell);
  }
}
