// The ClusterView strategies route with, backed by the real pair instead of the model:
// positions are the harness's write numbers, "applied" is what the replica's
// applied position (GTID, LSN) last showed, lag monitors probe the replica. The one thing only a
// simulator knows — when a not-yet-applied position *will* apply — is not forecast:
// the view answers "later" and the runner waits for real (MASTER_GTID_WAIT, or polling
// pg_last_wal_replay_lsn()).
import type { LiveEngine } from './engines/types';
import type { ClusterView } from '../strategies/strategy';
import { LiveClock } from './clock';
import { LiveMonitor } from './monitor';
import { ReplicaTracker } from './tracker';

export interface LiveView extends ClusterView {
  /** Called by the runner right before each Strategy.route. */
  beginRoute(tUs: number): void;
  /** Position the strategy asked to wait for during the last route (0: none). */
  readonly waitPos: number;
  /** Monitors the strategy created; the runner starts and stops them. */
  readonly monitors: LiveMonitor[];
}

/**
 * One replica, so follower index 0. applyTimeUs is the hook of causal `wait` reads:
 * for a position already seen on the replica it returns the (measured) moment it
 * became visible, so the wait is 0; otherwise it records the position and returns
 * "1 µs from now" — a placeholder that makes the strategy choose the replica with a
 * wait, which the runner then performs as a real causal wait with the strategy's
 * timeout (falling back to the primary on timeout, as the simulator does).
 */
export function liveView(tracker: ReplicaTracker, engine: LiveEngine, clock: LiveClock): LiveView {
  let routeUs = 0;
  let waitPos = 0;
  const monitors: LiveMonitor[] = [];
  return {
    followerCount: 1,
    monitors,
    get waitPos() {
      return waitPos;
    },
    beginRoute(tUs) {
      routeUs = tUs;
      waitPos = 0;
    },
    masterPos: () => tracker.masterPos,
    appliedPos: () => tracker.appliedPos,
    applyTimeUs(_f, pos) {
      if (pos <= tracker.appliedPos) return tracker.visibleUs[pos];
      waitPos = Math.max(waitPos, pos);
      return routeUs + 1;
    },
    applyLagUs(_f, pos) {
      if (pos > tracker.appliedPos) return -1;
      return tracker.lagUs(pos);
    },
    monitor(config) {
      const m = new LiveMonitor(config, engine, tracker, clock);
      monitors.push(m);
      return m;
    },
    walMonitor() {
      throw new Error('live mode does not measure WAL bytes behind: lagsim live refuses WAL strategies before it starts');
    },
  };
}
