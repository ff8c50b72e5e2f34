import { Binlog } from './binlog';
import { DelayDist, delaySampler, masterDelayStartUs } from './distributions';
import { Rng } from '../engine/random';
import { US_PER_S } from '../engine/time';
import { ASSERTS as ASSERTS_FLAG, violated } from '../engine/assert';
import { ReplayLagReport } from './replayLag';

/** The invariant checks' flag held in this module: an imported binding is a property load at each check. */
const ASSERTS = ASSERTS_FLAG;

export interface Incident {
  type: 'stop' | 'delay' | 'scale';
  atUs: number;
  durationUs: number;
  /** Extra shipping delay for `delay` incidents (0 otherwise). */
  extraUs: number;
  /** What `scale` incidents multiply the drawn shipping delay by (1 otherwise). */
  factor: number;
}

export interface FollowerConfig {
  name: string;
  lag: DelayDist;
  applyTime: DelayDist | null;
  incidents: Incident[];
  readLatencyUs: number;
  /** Operations per second it can serve (a FIFO single server); absent or null: unlimited. */
  capacityPerSec?: number | null;
  /** The time of day (µs since midnight) at simulated time 0, the scenario's `startAt`; absent: midnight. */
  clockStartUs?: number;
}

/** Called for each event a follower applies (trace narration only). */
export type ApplyListener = (follower: number, pos: number, applyUs: number) => void;

/**
 * An asynchronous follower applying the binlog strictly in order.
 *
 * Event i committed at c_i becomes visible at a_i = max(a_{i−1}, c_i + d_i) + s_i,
 * d_i the shipping delay, s_i the apply time. a_i is fixed when the event is
 * committed (all its inputs are known then), and the follower's state catches up
 * lazily: reads call advanceTo(t), which applies every event with a_i ≤ t. So an
 * event is visible at exactly a_i whatever order equal-time events run in, and no
 * heap event is spent per apply.
 */
export class Follower {
  readonly version: Int32Array;
  readonly rowRef: Int32Array;
  /** Last binlog position applied. */
  appliedPos = 0;
  /** The commit time of the last event applied (NaN before the first): a standby's pg_last_xact_replay_timestamp(). */
  lastReplayedCommitUs = NaN;
  /**
   * Per key, the oldest binlog position on it this follower has not applied (0: none).
   * Kept up to date on commit (place) and apply (advanceTo), so a stale read learns since
   * when its answer has been wrong in O(1) instead of walking the key's history.
   */
  private readonly unappliedPos: Float64Array;
  /** a_{i−1}: when the last committed event is (or was) applied. */
  private lastApplyUs = 0;
  /**
   * r_i: when the last committed event reached this follower's relay log. The stream
   * is in order, so r_i = max(r_{i−1}, c_i + d_i); semi-sync acknowledges on receipt.
   */
  receiptUs = 0;
  private readonly lagUs: (commitUs: number) => number;
  private readonly applyTimeUs: (commitUs: number) => number;
  /** MASTER_DELAY of a `master-delay` lag, µs (0: none) — a rule at start, not a draw. */
  private readonly sqlDelayUs: number;
  private readonly clockOffsetUs: number;
  /** c_i of the event last shipped (the MASTER_DELAY rule needs its whole second). */
  private lastCommitUs = 0;
  private readonly stops: Incident[];
  private readonly delays: Incident[];
  private readonly scales: Incident[];
  onApply: ApplyListener | null = null;
  /** The primary's replay_lag for this follower, kept only once a monitor reads it (trackReplayLag). */
  replayLag: ReplayLagReport | null = null;

  constructor(
    readonly index: number,
    readonly config: FollowerConfig,
    private readonly binlog: Binlog,
    keyCount: number,
    initialRowRef: Int32Array,
    rng: Rng,
  ) {
    this.version = new Int32Array(keyCount);
    this.rowRef = Int32Array.from(initialRowRef);
    this.unappliedPos = new Float64Array(keyCount);
    const clockStartUs = config.clockStartUs ?? 0;
    this.lagUs = delaySampler(config.lag, rng, clockStartUs);
    const apply = config.applyTime;
    this.applyTimeUs = apply === null ? () => 0 : delaySampler(apply, rng, clockStartUs);
    this.sqlDelayUs = config.lag.dist === 'master-delay' ? config.lag.delayUs : 0;
    this.clockOffsetUs = config.lag.dist === 'master-delay' ? config.lag.clockOffsetUs : 0;
    this.stops = config.incidents.filter((x) => x.type === 'stop');
    this.delays = config.incidents.filter((x) => x.type === 'delay');
    this.scales = config.incidents.filter((x) => x.type === 'scale');
  }

  /**
   * The event committed at `commitUs` is shipped: draws its shipping delay and returns its
   * receipt time r_i — known before the master decides when the event becomes visible
   * (semi-sync waits for receipts). place() follows, once the event has its position.
   */
  ship(commitUs: number): number {
    this.lastCommitUs = commitUs;
    let ship = this.lagUs(commitUs);
    for (const k of this.scales) if (commitUs >= k.atUs && commitUs < k.atUs + k.durationUs) ship = Math.round(ship * k.factor);
    for (const d of this.delays) if (commitUs >= d.atUs && commitUs < d.atUs + d.durationUs) ship += d.extraUs;
    // max(a_{i−1}, r_i) = max(a_{i−1}, c_i + d_i), since a_{i−1} ≥ r_{i−1}: the receipt
    // time changes nothing in the apply formula, it only names a moment semi-sync needs.
    this.receiptUs = Math.max(this.receiptUs, commitUs + ship);
    return this.receiptUs;
  }

  /** Fixes when the event just shipped, now at `pos` (the binlog's head), starts and is applied. */
  place(pos: number): void {
    if (ASSERTS && pos !== this.binlog.head) violated(`follower ${this.config.name} placed position ${pos}, not the binlog head ${this.binlog.head}`);
    let start = Math.max(this.lastApplyUs, this.receiptUs);
    // A stopped SQL thread starts nothing in [at, at + duration); the backlog then drains in order.
    for (const s of this.stops) if (start >= s.atUs && start < s.atUs + s.durationUs) start = s.atUs + s.durationUs;
    // The SQL thread takes the event up at `takenUs`; under MASTER_DELAY it sleeps until its second comes.
    const takenUs = start;
    if (this.sqlDelayUs > 0) start = masterDelayStartUs(this.lastCommitUs, start, this.sqlDelayUs, this.clockOffsetUs);
    this.lastApplyUs = start + this.applyTimeUs(this.lastCommitUs);
    const i = this.binlog.slot(pos);
    this.binlog.startUs[this.index][i] = takenUs;
    this.binlog.applyUs[this.index][i] = this.lastApplyUs;
    const key = this.binlog.key[i];
    if (this.unappliedPos[key] === 0) this.unappliedPos[key] = pos;
    this.replayLag?.committed(pos, this.lastCommitUs, this.receiptUs);
  }

  /** Starts keeping the primary's replay_lag for this follower (before its first write); idempotent. */
  trackReplayLag(): ReplayLagReport {
    this.replayLag ??= new ReplayLagReport(() => this.appliedPos);
    return this.replayLag;
  }

  /** True while a `stop` incident holds the SQL thread at `tUs`. */
  stoppedAt(tUs: number): boolean {
    for (const s of this.stops) if (tUs >= s.atUs && tUs < s.atUs + s.durationUs) return true;
    return false;
  }

  /** Applies every event due at or before `tUs`. */
  advanceTo(tUs: number): void {
    const b = this.binlog;
    const col = b.applyUs[this.index];
    while (this.appliedPos < b.head) {
      const next = this.appliedPos + 1;
      const i = b.slot(next);
      if (col[i] > tUs) break;
      this.replayLag?.beforeApply(next, col[i]);
      const key = b.key[i];
      this.version[key] = b.version[i];
      this.rowRef[key] = b.rowRef[i];
      this.unappliedPos[key] = b.nextPos[i];
      this.appliedPos = next;
      this.lastReplayedCommitUs = b.commitUs[i];
      if (this.onApply !== null) this.onApply(this.index, next, col[i]);
      this.replayLag?.applied(next, col[i]);
    }
    this.replayLag?.until(tUs);
  }

  /**
   * Since when this follower's answer for `key` has been wrong (after advanceTo): the
   * master visibility time of the oldest write on `key` it has not applied. Only for a
   * key it is stale on — that write is then stored, as no follower has passed it.
   */
  staleSinceUs(key: number): number {
    if (ASSERTS && this.unappliedPos[key] === 0) violated(`follower ${this.config.name} asked since when it is stale on key ${key}, which it is not`);
    return this.binlog.commitUs[this.binlog.slot(this.unappliedPos[key])];
  }

  /** When the next event this follower has not applied becomes visible on it; Infinity when it has applied all. */
  nextApplyUs(): number {
    return this.appliedPos < this.binlog.head ? this.binlog.applyUs[this.index][this.binlog.slot(this.appliedPos + 1)] : Infinity;
  }

  /** When this follower applies (or applied) a committed position; only for positions ≥ binlog.low. */
  applyTimeOf(pos: number): number {
    return this.binlog.applyUs[this.index][this.binlog.slot(pos)];
  }

  /**
   * True replication lag at `tUs` (after advanceTo(tUs)): how long ago the oldest
   * event it has not applied was committed; 0 when caught up.
   */
  trueLagUs(tUs: number): number {
    if (this.appliedPos >= this.binlog.head) return 0;
    return tUs - this.binlog.commitUs[this.binlog.slot(this.appliedPos + 1)];
  }

  /**
   * MySQL's Seconds_Behind_Master at `tUs` (after advanceTo(tUs)), in µs, whole seconds:
   * the replica clock minus the timestamp of the event the SQL thread is executing, both
   * read in whole seconds. 0 while the applier is idle — even when events are still in
   * flight on the network (shipping behind) — but not while it waits out MASTER_DELAY for
   * an event it has read: MariaDB sets the event's timestamp before that wait, so a replica
   * 2 s behind reports 1, then 2 (measured on a real one). NaN (SQL NULL) while a `stop` holds the thread.
   */
  secondsBehindMasterUs(tUs: number): number {
    if (this.stoppedAt(tUs)) return NaN;
    const b = this.binlog;
    if (this.appliedPos >= b.head) return 0;
    const i = b.slot(this.appliedPos + 1);
    if (b.startUs[this.index][i] > tUs) return 0;
    // Whole seconds of the servers' clock, which ticks where the MASTER_DELAY rule's does (clockOffsetUs).
    const second = (us: number): number => Math.floor((us + this.clockOffsetUs) / US_PER_S);
    return (second(tUs) - second(b.commitUs[i])) * US_PER_S;
  }

  /**
   * PostgreSQL's `now() − pg_last_xact_replay_timestamp()` on a standby at `tUs` (after
   * advanceTo(tUs)), in µs: the age of the last *replayed* commit's primary timestamp.
   * It is not the lag: it is at least the lag of the last replayed commit, and keeps
   * growing while the primary is idle although nothing is behind; a paused (stopped)
   * replay keeps its last value, so it grows then too (never NULL, unlike
   * Seconds_Behind_Master). NaN (SQL NULL) before this follower has replayed any commit.
   */
  replayTimestampAgeUs(tUs: number): number {
    return tUs - this.lastReplayedCommitUs;
  }
}
