import { QuantileSketch } from './quantiles';
import { NoPairs, SessionKeyTable } from './sessionTable';
import { US_PER_S } from '../engine/time';

/**
 * Streaming counters for one run of one strategy, exactly as docs/design.md defines them.
 * Memory is fixed by the number of sessions × keys and by the simulated duration
 * (one counter per simulated second for master load), never by the number of operations.
 */
export class MetricsCollector {
  reads = 0;
  writes = 0;
  staleReads = 0;
  masterReads = 0;
  rywViolations = 0;
  monotonicViolations = 0;
  readonly stalenessUs = new QuantileSketch();
  readonly stalenessVersions = new QuantileSketch();
  readonly readLatencyUs = new QuantileSketch();
  /** Issue to acknowledgement: queueing at the master and semi-sync waits; 0 otherwise. */
  readonly writeLatencyUs = new QuantileSketch();
  /** Reads that showed a positive stock while the master had none (see simulate). */
  phantomStockReads = 0;
  /**
   * Orders that acted on a stale answer: a critical read answered stale, or a write of a
   * key by a session whose last read of that key was a non-critical stale read.
   */
  staleOrders = 0;
  /** Critical reads answered stale. */
  staleCriticalReads = 0;
  /** Operations held because their session's previous operation was still outstanding (sim/sessions). */
  heldOps = 0;
  /** Master operations (writes + master reads) in each simulated second. */
  masterOpsPerSecond = new Float64Array(16);
  /** When the last master operation completed (−1: none yet); work may finish after the horizon. */
  lastMasterOpUs = -1;
  private readonly pairs: SessionKeyTable | NoPairs;

  /**
   * `perPair` false (a run nobody summarizes, e.g. a trace) keeps no session × key state:
   * read-your-writes and monotonic-read violations and stale orders by a write stay 0.
   * `expectedPairs`: how many pairs the run is expected to touch (SessionKeyTable sizes for them).
   */
  constructor(sessions: number, keys: number, perPair = true, expectedPairs = (): number => 0) {
    this.pairs = perPair ? new SessionKeyTable(sessions, keys, expectedPairs) : new NoPairs();
  }

  /** A write acknowledged to its session at `tUs`, `latencyUs` after it was issued. */
  write(tUs: number, session: number, key: number, version: number, latencyUs = 0): void {
    this.writes++;
    this.masterOp(tUs);
    this.pairs.raiseWritten(session, key, version);
    this.writeLatencyUs.add(latencyUs);
    if (this.pairs.takeLastReadStale(session, key)) this.staleOrders++;
  }

  /**
   * The version of `key` that `session` has written so far (−1: none): read-your-writes
   * holds a read to what its session had written when the read was *issued*, so a read
   * that waits or queues is checked against this value taken at issue time.
   */
  writtenVersion(session: number, key: number): number {
    return this.pairs.written(session, key);
  }

  /**
   * Loads the session × key state of the coming arrivals (session sessionIds[sessions[i]],
   * key keyIds[keys[i]]) into cache, all at once: the loads do not wait on one another,
   * so their cache misses overlap, where one at a time each would stall its operation.
   */
  warmPairs(sessionIds: Int32Array, keyIds: Int32Array, sessions: Int32Array, keys: Int32Array): void {
    this.pairs.warm(sessionIds, keyIds, sessions, keys);
  }

  /** A read that showed stock > 0 while the master had none. */
  phantomStock(): void {
    this.phantomStockReads++;
  }

  /**
   * A read of `key` that returned `version` while the master had `masterVersion`.
   * `staleSinceUs` is the commit time of the oldest master version newer than the
   * one returned (only meaningful when stale).
   */
  read(tUs: number, session: number, key: number, version: number, masterVersion: number,
       staleSinceUs: number, onMaster: boolean, latencyUs: number, critical = false,
       writtenAtIssue = this.writtenVersion(session, key)): void {
    this.reads++;
    if (onMaster) {
      this.masterReads++;
      this.masterOp(tUs);
    }
    const stale = version < masterVersion;
    // A stale critical read is its own stale order; a non-critical one marks the next write of the key.
    if (critical && stale) {
      this.staleCriticalReads++;
      this.staleOrders++;
    }
    if (stale) {
      this.staleReads++;
      this.stalenessUs.add(tUs - staleSinceUs);
      this.stalenessVersions.add(masterVersion - version);
    }
    if (version < writtenAtIssue) this.rywViolations++;
    if (version < this.pairs.recordRead(session, key, version, stale && !critical)) this.monotonicViolations++;
    this.readLatencyUs.add(latencyUs);
  }

  /** One operation on the master (a write or a master read) completed at `tUs`: master load per second. */
  masterOp(tUs: number): void {
    if (tUs > this.lastMasterOpUs) this.lastMasterOpUs = tUs;
    const s = Math.floor(tUs / US_PER_S);
    if (s >= this.masterOpsPerSecond.length) this.growMasterOps(s);
    this.masterOpsPerSecond[s]++;
  }

  private growMasterOps(s: number): void {
    let n = this.masterOpsPerSecond.length;
    while (n <= s) n *= 2;
    const grown = new Float64Array(n);
    grown.set(this.masterOpsPerSecond);
    this.masterOpsPerSecond = grown;
  }
}
