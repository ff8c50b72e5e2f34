import { QuantileSketch } from './quantiles';
import { SessionKeyTable } from './sessionTable';
import { US_PER_S } from '../engine/time';

/**
 * Streaming counters for one run of one strategy, exactly as DESIGN.md defines them.
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
  /** Master operations (writes + master reads) in each simulated second. */
  masterOpsPerSecond = new Float64Array(16);
  private readonly written: SessionKeyTable;
  private readonly readSeen: SessionKeyTable;

  constructor(sessions: number, keys: number) {
    this.written = new SessionKeyTable(sessions, keys);
    this.readSeen = new SessionKeyTable(sessions, keys);
  }

  write(tUs: number, session: number, key: number, version: number): void {
    this.writes++;
    this.masterOp(tUs);
    this.written.raise(session, key, version);
  }

  /**
   * A read of `key` that returned `version` while the master had `masterVersion`.
   * `staleSinceUs` is the commit time of the oldest master version newer than the
   * one returned (only meaningful when stale).
   */
  read(tUs: number, session: number, key: number, version: number, masterVersion: number,
       staleSinceUs: number, onMaster: boolean, latencyUs: number): void {
    this.reads++;
    if (onMaster) {
      this.masterReads++;
      this.masterOp(tUs);
    }
    if (version < masterVersion) {
      this.staleReads++;
      this.stalenessUs.add(tUs - staleSinceUs);
      this.stalenessVersions.add(masterVersion - version);
    }
    if (version < this.written.get(session, key)) this.rywViolations++;
    if (version < this.readSeen.get(session, key)) this.monotonicViolations++;
    this.readSeen.raise(session, key, version);
    this.readLatencyUs.add(latencyUs);
  }

  private masterOp(tUs: number): void {
    const s = Math.floor(tUs / US_PER_S);
    if (s >= this.masterOpsPerSecond.length) {
      let n = this.masterOpsPerSecond.length;
      while (n <= s) n *= 2;
      const grown = new Float64Array(n);
      grown.set(this.masterOpsPerSecond);
      this.masterOpsPerSecond = grown;
    }
    this.masterOpsPerSecond[s]++;
  }
}
