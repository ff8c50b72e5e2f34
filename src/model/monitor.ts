import { Follower } from './follower';

/**
 * How a proxy's monitor reads a follower's lag.
 * - `seconds-behind-master`: SHOW REPLICA STATUS (ProxySQL's and MaxScale's default):
 *   whole seconds, measured from the event the SQL thread is executing — 0 while it is
 *   idle even if the network is behind, NULL while the thread is stopped.
 * - `heartbeat`: pt-heartbeat style, the true lag at probe time.
 */
export type MonitorMode = 'seconds-behind-master' | 'heartbeat';

export interface MonitorConfig {
  mode: MonitorMode;
  /** Time between probes (ProxySQL mysql-monitor_replication_lag_interval 10 s, MaxScale monitor_interval 2 s). */
  probeIntervalUs: number;
  /** Lag assumed when Seconds_Behind_Master is NULL (ProxySQL mysql-monitor_slave_lag_when_null, 60 s). */
  nullLagUs: number;
}

/**
 * A replication-lag monitor probing every follower at 0, P, 2P, … (P = probeInterval).
 * Between probes, routing sees the value of the last one: `reportedLagUs[f]`.
 *
 * The simulation calls catchUp(t) before it handles any event at t, so the latest probe
 * at or before t runs while every follower is still at (or before) the probe time: the
 * value is exactly what a probe at that instant would have read. Probes between two
 * events are skipped — only the last one can be seen — so a 1 µs interval costs nothing.
 * A probe at time τ runs before the operations at τ.
 */
export class LagMonitor {
  readonly reportedLagUs: Float64Array;
  /** Time of the last probe that ran (−∞ before the first); what a router derives from reportedLagUs holds while it stays the same. */
  lastProbeUs = -Infinity;
  /**
   * Events before this time cannot reach a new probe: the next one is due at
   * lastProbeUs + P, and 1 µs of margin keeps the floor in catchUp the only judge
   * near that boundary.
   */
  private quietUntilUs = -Infinity;
  /** Told of every probe that runs (reports only; routing never needs it). */
  onProbe: ((tUs: number, reportedUs: Float64Array) => void) | null = null;

  constructor(readonly config: MonitorConfig, private readonly followers: Follower[]) {
    this.reportedLagUs = new Float64Array(followers.length);
  }

  /** Runs the latest probe due at or before `tUs`, if it has not run yet. */
  catchUp(tUs: number): void {
    if (tUs < this.quietUntilUs) return;
    const p = this.config.probeIntervalUs;
    const due = Math.floor(tUs / p) * p;
    if (due <= this.lastProbeUs) return;
    this.lastProbeUs = due;
    this.quietUntilUs = due + p - 1;
    for (let f = 0; f < this.followers.length; f++) {
      const follower = this.followers[f];
      follower.advanceTo(due);
      let lag: number;
      if (this.config.mode === 'heartbeat') lag = follower.trueLagUs(due);
      else {
        lag = follower.secondsBehindMasterUs(due);
        if (Number.isNaN(lag)) lag = this.config.nullLagUs;
      }
      this.reportedLagUs[f] = lag;
    }
    this.onProbe?.(due, this.reportedLagUs);
  }
}
