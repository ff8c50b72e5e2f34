// A replication-lag monitor on the real replica, shaped like the model's LagMonitor so
// the same strategy code reads `reportedLagUs` either way. Probes run at 0, P, 2P, …
// of the run's clock; routing sees the last answer that has arrived.
import type { LiveEngine } from './engines/types';
import { LagMonitor, MonitorConfig } from '../model/monitor';
import type { Follower } from '../model/follower';
import { LiveClock } from './clock';
import { ReplicaTracker } from './tracker';

const MIN_PROBE_INTERVAL_US = 5000;

export class LiveMonitor extends LagMonitor {
  probes = 0;
  private timer: NodeJS.Timeout | null = null;
  private inFlight: Promise<void> = Promise.resolve();
  private failure: unknown = null;

  constructor(
    config: MonitorConfig,
    private readonly engines: LiveEngine[],
    private readonly trackers: ReplicaTracker[],
    private readonly clock: LiveClock,
  ) {
    // The model's monitor reads simulated followers; this one reads the real replicas,
    // so it keeps one slot per replica and never touches the (absent) follower objects.
    super(config, new Array<Follower>(engines.length));
  }

  /** The simulation's hook; live probes run on their own timer instead. */
  override catchUp(): void {}

  /**
   * One probe: `seconds-behind-master` reads SHOW SLAVE STATUS (whole seconds) exactly as
   * ProxySQL or MaxScale would, `replay-timestamp` reads now() − pg_last_xact_replay_timestamp()
   * on the standby, `replay-lag` replay_lag in pg_stat_replication on the primary (NULL →
   * nullLag for all three); `heartbeat` reads the true lag the harness
   * measures — its numbered writes are the heartbeat (pt-heartbeat's idea).
   */
  async probe(): Promise<void> {
    const dueUs = this.clock.nowUs();
    const lagsUs = await Promise.all(this.engines.map(async (engine, f) => (this.config.mode === 'heartbeat'
      ? this.trackers[f].trueLagUs(dueUs)
      : (await engine.reportedLagUs(this.config.mode)) ?? this.config.nullLagUs)));
    lagsUs.forEach((lagUs, f) => (this.reportedLagUs[f] = lagUs));
    this.lastProbeUs = dueUs;
    this.probes++;
  }

  /** First probe now (awaited, as the simulation probes at 0 before any operation), then every interval. */
  async start(): Promise<void> {
    await this.probe();
    // Probing faster than every few ms would only load the replica: the simulation's
    // sub-ms intervals mean "always current", which a 5 ms cadence approximates.
    const stepUs = Math.max(this.config.probeIntervalUs, MIN_PROBE_INTERVAL_US);
    let n = 1;
    const schedule = (): void => {
      const delayMs = Math.max(0, (n * stepUs - this.clock.nowUs()) / 1000);
      this.timer = setTimeout(() => {
        n++;
        this.inFlight = this.probe().catch((err) => {
          this.failure = err;
        });
        schedule();
      }, delayMs);
    };
    if (Number.isFinite(stepUs)) schedule();
  }

  async stop(): Promise<void> {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    await this.inFlight;
    if (this.failure !== null) throw this.failure;
  }
}
