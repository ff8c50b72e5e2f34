import { Binlog } from './binlog';
import { Master } from './master';
import { Follower } from './follower';
import { FollowerProbe, LagMonitor, WalBytesMonitor } from './monitor';
import type { ClusterView } from '../strategies/strategy';

/**
 * What strategies may see of the replication state (ClusterView), over the model's
 * objects. Monitors a strategy asks for are added to `probes`; the simulation runs
 * them before each event. A WAL monitor counts `wal.bytesPerWrite` bytes per write, the last
 * `wal.commitBytes` of them (absent: all) held until the write is applied.
 */
export function clusterView(
  binlog: Binlog, master: Master, followers: Follower[], probes: FollowerProbe[],
  wal: { bytesPerWrite: number; commitBytes?: number; probeTimesUs?: number[] },
): ClusterView {
  return {
    followerCount: followers.length,
    masterPos: () => master.visiblePos,
    appliedPos(f, tUs) {
      followers[f].advanceTo(tUs);
      return followers[f].appliedPos;
    },
    // Positions below binlog.low have been applied everywhere and their columns reused.
    applyTimeUs: (f, pos) => (pos < binlog.low ? -Infinity : followers[f].applyTimeOf(pos)),
    applyLagUs(f, pos, tUs) {
      if (pos < binlog.low) return NaN;
      followers[f].advanceTo(tUs);
      if (followers[f].appliedPos < pos) return -1;
      const i = binlog.slot(pos);
      return binlog.applyUs[f][i] - binlog.commitUs[i];
    },
    monitor(config) {
      const m = new LagMonitor(config, followers);
      probes.push(m);
      return m;
    },
    walMonitor(probeIntervalUs) {
      const m = new WalBytesMonitor(probeIntervalUs, wal.bytesPerWrite, binlog, followers, wal.probeTimesUs, wal.commitBytes);
      probes.push(m);
      return m;
    },
  };
}
