import { Binlog } from './binlog';
import { Follower } from './follower';

/**
 * How a proxy's monitor reads a follower's lag.
 * - `seconds-behind-master`: SHOW REPLICA STATUS (ProxySQL's and MaxScale's default):
 *   whole seconds, measured from the event the SQL thread is executing — 0 while it is
 *   idle even if the network is behind, NULL while the thread is stopped.
 * - `heartbeat`: pt-heartbeat style, the true lag at probe time.
 * - `replay-timestamp`: a PostgreSQL standby's `now() − pg_last_xact_replay_timestamp()`:
 *   the age of the last replayed commit — grows while the primary is idle even when the
 *   standby is caught up, NULL before the standby has replayed any commit.
 * - `replay-lag`: `replay_lag` in the primary's pg_stat_replication: from the standby's
 *   replies, the time between the primary sending a write and hearing it was replayed
 *   (ReplayLagReport) — sampled at the replies, not at the probe; NULL once an idle
 *   standby has said twice that it replayed everything.
 */
export type MonitorMode = 'seconds-behind-master' | 'heartbeat' | 'replay-timestamp' | 'replay-lag';

export interface MonitorConfig {
  mode: MonitorMode;
  /** Time between probes (ProxySQL mysql-monitor_replication_lag_interval 10 s, MaxScale monitor_interval 2 s). */
  probeIntervalUs: number;
  /** Lag assumed when the monitor reads NULL (ProxySQL mysql-monitor_slave_lag_when_null, 60 s). */
  nullLagUs: number;
}

/**
 * Probes every follower at 0, P, 2P, … (P = probeIntervalUs), or at the times of a schedule,
 * and keeps what the last probe read in `reported[f]`; what a probe reads is the subclass's
 * `read`.
 *
 * The simulation calls catchUp(t) before it handles any event at t, so the latest probe
 * at or before t runs while every follower is still at (or before) the probe time: the
 * value is exactly what a probe at that instant would have read. Probes between two
 * events are skipped — only the last one can be seen — so a 1 µs interval costs nothing.
 * A probe at time τ runs before the operations at τ.
 */
export abstract class FollowerProbe {
  /** Time of the last probe that ran (−∞ before the first); what a router derives from `reported` holds while it stays the same. */
  lastProbeUs = -Infinity;
  /**
   * Events before this time cannot reach a new probe: the next one is due at
   * lastProbeUs + P, and 1 µs of margin keeps the floor in catchUp the only judge
   * near that boundary.
   */
  private quietUntilUs = -Infinity;

  /** With a schedule: the index of the next scheduled probe not yet passed. */
  private next = 0;

  constructor(
    private readonly probeIntervalUs: number,
    protected readonly followers: Follower[],
    protected readonly reported: Float64Array,
    /** Probe times (ascending µs) instead of the 0, P, 2P … grid; null: the grid. */
    private readonly scheduleUs: number[] | null = null,
  ) {}

  /** The latest probe time at or before `tUs` (−∞ when none), and the earliest after it. */
  private dueAt(tUs: number): { due: number; after: number } {
    const s = this.scheduleUs;
    if (s === null) {
      const p = this.probeIntervalUs;
      const due = Math.floor(tUs / p) * p;
      return { due, after: due + p };
    }
    while (this.next < s.length && s[this.next] <= tUs) this.next++;
    return { due: this.next > 0 ? s[this.next - 1] : -Infinity, after: this.next < s.length ? s[this.next] : Infinity };
  }

  /** Runs the latest probe due at or before `tUs`, if it has not run yet. */
  catchUp(tUs: number): void {
    if (tUs < this.quietUntilUs) return;
    const { due, after } = this.dueAt(tUs);
    if (due <= this.lastProbeUs) return;
    this.lastProbeUs = due;
    this.quietUntilUs = after - 1;
    for (let f = 0; f < this.followers.length; f++) {
      const follower = this.followers[f];
      follower.advanceTo(due);
      this.reported[f] = this.read(follower, due);
    }
    this.probed(due);
  }

  /** What a probe at `dueUs` reads from `follower` (already advanced to `dueUs`). */
  protected abstract read(follower: Follower, dueUs: number): number;

  /** Called after each probe. */
  protected probed(_dueUs: number): void {}
}

/** A replication-lag monitor (see MonitorMode): between probes, routing sees `reportedLagUs`, the last probe's value. */
export class LagMonitor extends FollowerProbe {
  readonly reportedLagUs: Float64Array;
  /** Told of every probe that runs (reports only; routing never needs it). */
  onProbe: ((tUs: number, reportedUs: Float64Array) => void) | null = null;

  constructor(readonly config: MonitorConfig, followers: Follower[]) {
    super(config.probeIntervalUs, followers, new Float64Array(followers.length));
    this.reportedLagUs = this.reported;
    // The walsender's replies are kept from the first write on (a live monitor has no follower objects).
    if (config.mode === 'replay-lag') for (const f of followers) f?.trackReplayLag();
  }

  protected read(follower: Follower, dueUs: number): number {
    if (this.config.mode === 'heartbeat') return follower.trueLagUs(dueUs);
    const lag = this.config.mode === 'replay-timestamp' ? follower.replayTimestampAgeUs(dueUs)
      : this.config.mode === 'replay-lag' ? follower.replayLag!.shownUs
        : follower.secondsBehindMasterUs(dueUs);
    return Number.isNaN(lag) ? this.config.nullLagUs : lag;
  }

  protected override probed(dueUs: number): void {
    this.onProbe?.(dueUs, this.reportedLagUs);
  }
}

/**
 * WAL bytes a write adds when the scenario gives none: a single-row autocommit UPDATE on
 * PostgreSQL 15 (text key, two integer columns, a HOT update) wrote 119.4 bytes of WAL on
 * average — heap record and commit record, 3 × 2000 updates after a warm-up, measured as
 * pg_wal_lsn_diff of pg_current_wal_lsn(); an INSERT of the same row wrote 200. Full-page
 * images after each checkpoint, wider rows and indexes make it more.
 */
export const DEFAULT_WAL_BYTES_PER_WRITE = 120;

/**
 * How far each follower's replay is behind the master's WAL, in bytes, as Pgpool-II's
 * streaming replication check reads it: pg_current_wal_lsn() on the primary minus
 * pg_last_wal_replay_lsn() on the standby, at each probe. lagsim's WAL is its binlog: every
 * committed write is `bytesPerWrite` bytes (cluster.master.walBytesPerWrite), the last
 * `commitBytes` of them its commit record (cluster.master.walCommitBytes; absent: the whole
 * write). A follower with writes pending has replayed all of the oldest but its commit record
 * — PostgreSQL replays every record as soon as it has it and holds commit records only, as
 * recovery_min_apply_delay does — so a probe reads (pending − 1) × bytesPerWrite +
 * commitBytes, and 0 when none is pending.
 */
export class WalBytesMonitor extends FollowerProbe {
  readonly reportedBytes: Float64Array;

  constructor(
    probeIntervalUs: number, private readonly bytesPerWrite: number, private readonly binlog: Binlog, followers: Follower[],
    scheduleUs?: number[], private readonly commitBytes: number = bytesPerWrite,
  ) {
    super(probeIntervalUs, followers, new Float64Array(followers.length), scheduleUs ?? null);
    this.reportedBytes = this.reported;
  }

  protected read(follower: Follower): number {
    const pending = this.binlog.head - follower.appliedPos;
    return pending === 0 ? 0 : (pending - 1) * this.bytesPerWrite + this.commitBytes;
  }
}
