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
 * Follower f is replica f, seen through its own tracker. applyTimeUs is the hook of causal `wait` reads:
 * for a position already seen on the replica it returns the (measured) moment it
 * became visible, so the wait is 0; otherwise it records the position and returns
 * "1 µs from now" — a placeholder that makes the strategy choose the replica with a
 * wait, which the runner then performs as a real causal wait with the strategy's
 * timeout (falling back to the primary on timeout, as the simulator does).
 */
export function liveView(trackers: ReplicaTracker[], engines: LiveEngine[], clock: LiveClock): LiveView {
  const tracker = trackers[0];
  let routeUs = 0;
  let waitPos = 0;
  const monitors: LiveMonitor[] = [];
  return {
    followerCount: trackers.length,
    monitors,
    get waitPos() {
      return waitPos;
    },
    beginRoute(tUs) {
      routeUs = tUs;
      waitPos = 0;
    },
    masterPos: () => tracker.masterPos,
    appliedPos: (f) => trackers[f].appliedPos,
    applyTimeUs(f, pos) {
      if (pos <= trackers[f].appliedPos) return trackers[f].visibleUs[pos];
      waitPos = Math.max(waitPos, pos);
      return routeUs + 1;
    },
    applyLagUs(f, pos) {
      if (pos > trackers[f].appliedPos) return -1;
      return trackers[f].lagUs(pos);
    },
    monitor(config) {
      const m = new LiveMonitor(config, engines, trackers, clock);
      monitors.push(m);
      return m;
    },
    walMonitor() {
      throw new Error('live mode does not measure WAL bytes behind: lagsim live refuses WAL strategies before it starts');
    },
  };
}
