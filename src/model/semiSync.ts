import { Follower } from './follower';

export interface SemiSyncConfig {
  /** rpl_semi_sync_master_timeout: longest wait for acknowledgements before falling back to async (MySQL: 10 s). */
  timeoutUs: number;
  /** rpl_semi_sync_master_wait_for_slave_count: receipts needed per commit (MySQL: 1). */
  waitFor: number;
}

/**
 * MySQL semi-synchronous replication with rpl_semi_sync_master_wait_point = AFTER_SYNC.
 *
 * A write is written to the binlog and shipped at c; the master waits until `waitFor`
 * followers have *received* it (relay log, not applied), then commits it in the engine:
 * it becomes visible on the master, and the client gets its OK, at
 *   v_i = max(v_{i−1}, min(ack_i, c_i + timeout))
 * where ack_i is the waitFor-th earliest receipt r_ij (the max keeps commit order).
 * With waitFor = 1 a follower applies at a_ij ≥ r_ij ≥ v_i, so it never shows a write
 * before the master. With waitFor ≥ 2 the master waits for a later receipt, and a fast
 * follower can apply the write before the master's engine commit shows it — as a real
 * AFTER_SYNC replica can. Such a read returns a version newer than the master's: not stale.
 *
 * A commit that waits the full timeout switches semi-sync off at c_i + timeout: waiting
 * commits are released then, and later ones are asynchronous (v = c) until `waitFor`
 * followers have received everything shipped so far — checked at each commit, which
 * is when it matters — and semi-sync is back on (MySQL's documented fallback).
 */
export class SemiSync {
  /** When semi-sync switched (or will switch) off; ∞ while on. */
  private offAtUs = Infinity;
  private lastVisibleUs = 0;
  /** r_{i−1, j}: each follower's receipt time of everything shipped before this commit. */
  private readonly receivedUs: Float64Array;
  private readonly scratch: Float64Array;

  constructor(private readonly config: SemiSyncConfig, private readonly followers: Follower[]) {
    this.receivedUs = new Float64Array(followers.length);
    this.scratch = new Float64Array(followers.length);
  }

  /**
   * The write shipped at `cUs` has just been scheduled on every follower (their
   * receiptUs is its r_ij): returns its visibility / acknowledgement time v_i.
   */
  commit(cUs: number): number {
    const n = this.followers.length;
    if (cUs >= this.offAtUs) {
      let caughtUp = 0;
      for (let j = 0; j < n; j++) if (this.receivedUs[j] <= cUs) caughtUp++;
      if (caughtUp >= this.config.waitFor) this.offAtUs = Infinity;
    }
    for (let j = 0; j < n; j++) {
      this.receivedUs[j] = this.followers[j].receiptUs;
      this.scratch[j] = this.receivedUs[j];
    }
    let v: number;
    if (cUs >= this.offAtUs) v = cUs;
    else {
      this.scratch.sort();
      const ackUs = this.scratch[this.config.waitFor - 1];
      const deadlineUs = Math.min(cUs + this.config.timeoutUs, this.offAtUs);
      if (ackUs <= deadlineUs) v = ackUs;
      else {
        v = deadlineUs;
        if (this.offAtUs === Infinity) this.offAtUs = cUs + this.config.timeoutUs;
      }
    }
    if (v < this.lastVisibleUs) v = this.lastVisibleUs;
    this.lastVisibleUs = v;
    return v;
  }
}
