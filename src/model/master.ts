import { Binlog } from './binlog';
import { ASSERTS as ASSERTS_FLAG, violated } from '../engine/assert';

/** The invariant checks' flag held in this module: an imported binding is a property load at each check. */
const ASSERTS = ASSERTS_FLAG;

/** A row as the scenario file writes it: field → value. */
export type Row = Record<string, unknown>;

/**
 * The master: a versioned key → row store. A write commits at c, takes the next
 * binlog position, and is visible on the master from its visibility time on — c
 * itself, except under semi-sync (AFTER_SYNC), where the engine commit waits for a
 * follower's receipt. Version 0 is the initial data, which every node starts with.
 *
 * `version` and `rowRef` are what a read on the master sees; they catch up lazily
 * (advanceTo) with binlog events whose visibility time has come, like a follower.
 * The binlog's commitUs column holds that visibility time: the moment a newer
 * version exists for readers, which is what staleness and lag are measured from.
 */
export class Master {
  /** Visible version of each key. */
  readonly version: Int32Array;
  /** Since when each key's visible version has been visible (its write's visibility time; 0 for the initial data). */
  readonly versionSinceUs: Float64Array;
  /** Version of each key's latest write, visible or not. */
  readonly committedVersion: Int32Array;
  /** Binlog position of each key's latest write, visible or not (0: never written). */
  readonly lastPos: Float64Array;
  /** Visible row of each key as an index into `rows` (−1: no row content known). */
  readonly rowRef: Int32Array;
  /** Row snapshots: initial data and scripted writes. Generated writes carry no payload. */
  readonly rows: Row[] = [];
  /** Last binlog position visible on the master (its GTID executed set, in one domain). */
  visiblePos = 0;
  private readonly headRowRef: Int32Array;

  constructor(readonly binlog: Binlog, keyCount: number) {
    this.version = new Int32Array(keyCount);
    this.versionSinceUs = new Float64Array(keyCount);
    this.committedVersion = new Int32Array(keyCount);
    this.lastPos = new Float64Array(keyCount);
    this.rowRef = new Int32Array(keyCount).fill(-1);
    this.headRowRef = new Int32Array(keyCount).fill(-1);
  }

  /** Registers initial data for a key (version 0). */
  seed(key: number, row: Row): void {
    const ref = this.rows.push(row) - 1;
    this.rowRef[key] = ref;
    this.headRowRef[key] = ref;
  }

  /**
   * Commits a write at `tUs`, visible from `visibleUs` (≥ tUs, and never before an
   * earlier write's). `set` merges fields into the row (scripted writes); null leaves
   * the row content unknown (generated traffic). Returns the binlog position.
   */
  commit(key: number, tUs: number, set: Row | null, visibleUs = tUs): number {
    if (ASSERTS) this.checkVisibility(tUs, visibleUs);
    const version = ++this.committedVersion[key];
    let ref = -1;
    if (set !== null) {
      const before = this.headRowRef[key] >= 0 ? this.rows[this.headRowRef[key]] : {};
      ref = this.rows.push({ ...before, ...set }) - 1;
    }
    this.headRowRef[key] = ref;
    const pos = this.binlog.append(key, version, visibleUs, this.lastPos[key], ref);
    this.lastPos[key] = pos;
    this.advanceTo(tUs);
    return pos;
  }

  /** Row `ref` of `rows`; null for −1 (content unknown). */
  row(ref: number): Row | null {
    return ref >= 0 ? this.rows[ref] : null;
  }

  private checkVisibility(tUs: number, visibleUs: number): void {
    const b = this.binlog;
    if (visibleUs < tUs) violated(`a write committed at ${tUs} µs would be visible at ${visibleUs} µs, before its commit`);
    const lastUs = b.head >= b.low ? b.commitUs[b.slot(b.head)] : -Infinity;
    if (visibleUs < lastUs) violated(`a write visible at ${visibleUs} µs would overtake position ${b.head}, visible at ${lastUs} µs`);
  }

  /** Makes visible every committed write whose visibility time is ≤ `tUs`. */
  advanceTo(tUs: number): void {
    const b = this.binlog;
    while (this.visiblePos < b.head) {
      const i = b.slot(this.visiblePos + 1);
      if (b.commitUs[i] > tUs) break;
      this.version[b.key[i]] = b.version[i];
      this.versionSinceUs[b.key[i]] = b.commitUs[i];
      this.rowRef[b.key[i]] = b.rowRef[i];
      this.visiblePos++;
    }
  }
}
