import { Binlog } from './binlog';

/** A row as the scenario file writes it: field → value. */
export type Row = Record<string, unknown>;

/**
 * The master: a versioned key → row store. A write commits at c, takes the next
 * binlog position, and is visible on the master from c on. Version 0 is the
 * initial data, which every node starts with.
 */
export class Master {
  readonly version: Int32Array;
  /** Binlog position of each key's latest write (0: never written). */
  readonly lastPos: Float64Array;
  readonly lastCommitUs: Float64Array;
  /** Current row of each key as an index into `rows` (−1: no row content known). */
  readonly rowRef: Int32Array;
  /** Row snapshots: initial data and scripted writes. Generated writes carry no payload. */
  readonly rows: Row[] = [];

  constructor(readonly binlog: Binlog, keyCount: number) {
    this.version = new Int32Array(keyCount);
    this.lastPos = new Float64Array(keyCount);
    this.lastCommitUs = new Float64Array(keyCount);
    this.rowRef = new Int32Array(keyCount).fill(-1);
  }

  /** Registers initial data for a key (version 0). */
  seed(key: number, row: Row): void {
    this.rowRef[key] = this.rows.push(row) - 1;
  }

  /**
   * Commits a write at `tUs`. `set` merges fields into the row (scripted writes);
   * null leaves the row content unknown (generated traffic). Returns the binlog position.
   */
  commit(key: number, tUs: number, set: Row | null): number {
    const version = ++this.version[key];
    let ref = -1;
    if (set !== null) {
      const before = this.rowRef[key] >= 0 ? this.rows[this.rowRef[key]] : {};
      ref = this.rows.push({ ...before, ...set }) - 1;
    }
    this.rowRef[key] = ref;
    const pos = this.binlog.append(key, version, tUs, this.lastPos[key], ref);
    this.lastPos[key] = pos;
    this.lastCommitUs[key] = tUs;
    return pos;
  }

  /**
   * Commit time of the oldest version of `key` newer than `version`: when a reader
   * holding `version` started to be wrong. Walks the key's binlog chain back from its
   * latest write; every event walked is newer than `version`, so still stored as long
   * as `version` came from a follower that has not applied them.
   */
  firstCommitAfter(key: number, version: number): number {
    const b = this.binlog;
    let pos = this.lastPos[key];
    let steps = this.version[key] - version - 1;
    while (steps-- > 0) pos = b.prevPos[b.slot(pos)];
    return b.commitUs[b.slot(pos)];
  }
}
