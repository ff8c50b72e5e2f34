/**
 * PostgreSQL's `replay_lag` (pg_stat_replication on the primary) for one standby, as the
 * primary's walsender computes it.
 *
 * The walsender notes a sample (WAL position, time) each time it sends WAL it has flushed —
 * here one per write, at its commit c_i. The standby's WAL receiver sends replies carrying
 * the position replay has reached; on each reply at r the walsender takes the newest sample
 * that position has passed and shows r − its time. A reply that passes no new sample shows
 * r − the last sample passed (the position sits exactly on it, so the interpolation towards
 * the next sample adds nothing) while WAL is outstanding, r − the next sample's time if
 * the standby had caught up before, and changes nothing when nothing is outstanding.
 * Two replies in a row that report everything sent as replayed clear it to NULL.
 *
 * The standby replies (a) when it receives WAL — write i at its receipt r_i = c_i + d_i,
 * the model's shipping delay — with replay where it is, before it replays that WAL;
 * (b) when replay has applied everything received and waits for more (a_i with nothing
 * newer received); (c) every wal_receiver_status_interval (10 s) after its last reply.
 * So a busy standby's replay_lag is the lag of the last replayed write as of the next
 * write's arrival; an idle one reads its last write's lag until the status reply after it,
 * then NULL.
 *
 * Events are taken in time order; at equal times by position, a write's receipt before its
 * apply (replay cannot apply WAL it has not received).
 */
export const WAL_RECEIVER_STATUS_INTERVAL_US = 10_000_000;

export class ReplayLagReport {
  /** What pg_stat_replication.replay_lag shows now, µs; NaN: NULL. */
  shownUs = NaN;
  /** Commit and receipt times of positions first..head (first = consumed + 1). */
  private commitUs: number[] = [];
  private receiptUs: number[] = [];
  private first = 1;
  /** Samples the walsender has read (positions 1..consumed). */
  private consumed = 0;
  /** The last sample read's time; NaN once the reader caught up with the writer (cleared). */
  private lastReadUs = NaN;
  /** Positions whose WAL the standby has received (its replies so far). */
  private received = 0;
  /** Positions the walsender has sent by the last reply (commits at or before it). */
  private sent = 0;
  private fullyAppliedLast = false;
  private lastReplyUs = 0;

  constructor(private readonly appliedPos: () => number, private readonly statusIntervalUs = WAL_RECEIVER_STATUS_INTERVAL_US) {}

  /** Write `pos` (the next position) committed at `commitUs` reaches the standby at `receiptUs`. */
  committed(pos: number, commitUs: number, receiptUs: number): void {
    if (pos !== this.first + this.commitUs.length) throw new Error(`replay-lag report got position ${pos} out of order`);
    this.commitUs.push(commitUs);
    this.receiptUs.push(receiptUs);
  }

  /** Replies due before the apply of `pos` at `applyUs` (receipts of positions ≤ pos at applyUs included). */
  beforeApply(pos: number, applyUs: number): void {
    this.replies(applyUs, pos, false);
  }

  /** After `pos` was applied at `applyUs`: replay has caught up with everything received, it says so. */
  applied(pos: number, applyUs: number): void {
    if (this.received === pos) this.reply(applyUs);
  }

  /** Every reply due at or before `tUs` (after the applies at or before it). */
  until(tUs: number): void {
    this.replies(tUs, Infinity, true);
  }

  private replies(limitUs: number, pos: number, inclusive: boolean): void {
    for (;;) {
      const next = this.received + 1;
      const k = next - this.first;
      const receipt = k < this.receiptUs.length ? this.receiptUs[k] : Infinity;
      const tick = this.lastReplyUs + this.statusIntervalUs;
      const receiptDue = receipt < limitUs || (receipt === limitUs && (inclusive || next <= pos));
      const tickDue = tick < limitUs || (inclusive && tick === limitUs);
      if (receiptDue && receipt <= tick) {
        this.reply(receipt);
        this.received = next;
      } else if (tickDue) {
        this.reply(tick);
      } else {
        return;
      }
    }
  }

  private commitOf(pos: number): number {
    return this.commitUs[pos - this.first];
  }

  /** One reply reaching the walsender at `tUs`, reporting the standby's applied position. */
  private reply(tUs: number): void {
    const applied = this.appliedPos();
    while (this.sent - this.first + 1 < this.commitUs.length && this.commitOf(this.sent + 1) <= tUs) this.sent++;
    let sampleUs = NaN;
    if (applied > this.consumed) {
      sampleUs = this.commitOf(applied);
      this.lastReadUs = sampleUs;
      this.consume(applied);
    }
    if (this.consumed >= this.sent) this.lastReadUs = NaN;
    else if (Number.isNaN(sampleUs)) sampleUs = Number.isNaN(this.lastReadUs) ? this.commitOf(this.consumed + 1) : this.lastReadUs;
    const lagUs = tUs - sampleUs;
    let clear = false;
    if (applied === this.sent) {
      clear = this.fullyAppliedLast;
      this.fullyAppliedLast = true;
    } else {
      this.fullyAppliedLast = false;
    }
    if (!Number.isNaN(lagUs) || clear) this.shownUs = lagUs;
    this.lastReplyUs = tUs;
  }

  /** Forgets the samples up to `pos`; keeps the arrays short by cutting them in batches. */
  private consume(pos: number): void {
    this.consumed = pos;
    const drop = pos + 1 - this.first;
    if (drop >= 1024 || drop === this.commitUs.length) {
      this.commitUs.splice(0, drop);
      this.receiptUs.splice(0, drop);
      this.first = pos + 1;
    }
  }
}
