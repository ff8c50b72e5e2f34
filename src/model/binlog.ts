import { ASSERTS as ASSERTS_FLAG, violated } from '../engine/assert';

/** The invariant checks' flag held in this module: an imported binding is a property load at each check. */
const ASSERTS = ASSERTS_FLAG;

/**
 * The master's binlog: positions 1, 2, 3, … in commit order.
 *
 * Kept as a ring of flat columns holding only the events some follower has not
 * applied yet, so memory follows the replication backlog, not the run length.
 * Each follower owns two extra columns: the time its applier starts and
 * finishes (applies) each event, both computed when the event is committed.
 */
export class Binlog {
  /** Position of the last event written; 0 before the first write. */
  head = 0;
  /** Oldest position still stored. */
  low = 1;
  private mask: number;
  key: Int32Array;
  version: Int32Array;
  commitUs: Float64Array;
  /**
   * Position of the next event on the same key (0 until there is one): a follower applying
   * an event learns from it the oldest write on that key it still lacks (Follower.staleSinceUs).
   */
  nextPos: Float64Array;
  /** Index into the master's row table for scripted writes, −1 for generated ones. */
  rowRef: Int32Array;
  /** applyUs[f][i]: when follower f applies the event stored at ring slot i. */
  applyUs: Float64Array[];
  /**
   * startUs[f][i]: when follower f's applier takes the event up — starts executing it, or under
   * MASTER_DELAY starts waiting for its second (seconds-behind-master counts from then on).
   */
  startUs: Float64Array[];

  constructor(followers: number, capacity = 1024) {
    this.mask = capacity - 1;
    this.key = new Int32Array(capacity);
    this.version = new Int32Array(capacity);
    this.commitUs = new Float64Array(capacity);
    this.nextPos = new Float64Array(capacity);
    this.rowRef = new Int32Array(capacity);
    this.applyUs = [];
    this.startUs = [];
    for (let f = 0; f < followers; f++) {
      this.applyUs.push(new Float64Array(capacity));
      this.startUs.push(new Float64Array(capacity));
    }
  }

  /** Ring slot of a stored position (low ≤ pos ≤ head). */
  slot(pos: number): number {
    if (ASSERTS && (pos < this.low || pos > this.head)) violated(`binlog position ${pos} is not stored (${this.low}–${this.head})`);
    return pos & this.mask;
  }

  /** True when the next append would have to grow the ring (see release()). */
  full(): boolean {
    return this.head + 1 - this.low > this.mask;
  }

  /** Drops every position below `oldestNeeded` (the lowest any follower still needs). */
  release(oldestNeeded: number): void {
    if (oldestNeeded > this.low) this.low = oldestNeeded;
  }

  /** Appends an event and returns its position; `prevPos` is the key's previous event (0: none). */
  append(key: number, version: number, commitUs: number, prevPos: number, rowRef: number): number {
    if (this.full()) this.grow();
    const pos = ++this.head;
    const i = pos & this.mask;
    this.key[i] = key;
    this.version[i] = version;
    this.commitUs[i] = commitUs;
    this.nextPos[i] = 0;
    this.rowRef[i] = rowRef;
    // A released previous event was applied everywhere: no follower will read its link.
    if (prevPos >= this.low) this.nextPos[prevPos & this.mask] = pos;
    return pos;
  }

  /** GTID in MariaDB's domain-server-sequence form; one domain, server 1. */
  static gtid(pos: number): string {
    return `0-1-${pos}`;
  }

  private grow(): void {
    const oldMask = this.mask;
    const cap = (oldMask + 1) * 2;
    const mask = cap - 1;
    const move = <T extends Int32Array | Float64Array>(src: T, make: (n: number) => T): T => {
      const dst = make(cap);
      for (let p = this.low; p <= this.head; p++) dst[p & mask] = src[p & oldMask];
      return dst;
    };
    this.key = move(this.key, (n) => new Int32Array(n));
    this.version = move(this.version, (n) => new Int32Array(n));
    this.commitUs = move(this.commitUs, (n) => new Float64Array(n));
    this.nextPos = move(this.nextPos, (n) => new Float64Array(n));
    this.rowRef = move(this.rowRef, (n) => new Int32Array(n));
    this.applyUs = this.applyUs.map((col) => move(col, (n) => new Float64Array(n)));
    this.startUs = this.startUs.map((col) => move(col, (n) => new Float64Array(n)));
    this.mask = mask;
  }
}
