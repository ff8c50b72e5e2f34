import { z } from 'zod';
import { MASTER, StrategyDefinition } from './strategy';
import { FollowerChoice, MONITOR_CONTROLS, monitorValues, followerChoice, followerChoiceLabel, followerChoiceShape, makeChooser, withParams } from './balance';
import { durationUs } from '../scenario/units';
import { formatDuration } from '../engine/time';

export interface LagThresholdParams extends FollowerChoice {
  thresholdUs: number;
}

/**
 * A follower serves reads only while its *reported* lag is ≤ threshold; otherwise the
 * next eligible follower, else the master. ProxySQL `max_replication_lag` (a server is
 * SHUNNED while Seconds_Behind_Master exceeds it), MaxScale `max_replication_lag`,
 * Pgpool-II `delay_threshold`. The report is only as good as the monitor: it is as old
 * as the last probe, and Seconds_Behind_Master reads 0 while the network is behind.
 */
export const lagThreshold: StrategyDefinition<LagThresholdParams> = {
  name: 'lag-threshold',
  params: z
    .strictObject({ threshold: durationUs.default(1_000_000), ...followerChoiceShape })
    .transform((p) => ({ thresholdUs: p.threshold, ...followerChoice(p, true) })),
  label: (p) => withParams('lag-threshold', [`threshold=${formatDuration(p.thresholdUs)}`, ...followerChoiceLabel(p)]),
  traits: () => ({ scope: 'global', routesOn: 'reported-lag', waits: false }),
  lab: {
    controls: [{ field: 'threshold', kind: 'duration', minUs: 0, maxUs: 5_000_000, stepUs: 50_000 }, ...MONITOR_CONTROLS],
    values: (p) => ({ threshold: p.thresholdUs, ...monitorValues(p.monitor!) }),
  },
  advise: {
    axes: [
      { field: 'threshold', kind: 'duration', gridUs: [0, 500_000, 1_000_000, 2_000_000, 5_000_000], stepUs: 50_000 },
      { field: 'monitor', kind: 'choice', options: ['seconds-behind-master', 'heartbeat'] },
      { field: 'probeInterval', kind: 'duration', gridUs: [1_000_000, 10_000_000], stepUs: 100_000 },
    ],
  },
  create(p, ctx) {
    const monitor = ctx.cluster.monitor(p.monitor!);
    const chooser = makeChooser(p, ctx, monitor);
    const eligible = new Uint8Array(ctx.cluster.followerCount);
    // Which followers qualify changes only when a probe runs.
    let judgedProbeUs = NaN;
    const judge = (): void => {
      const lag = monitor.reportedLagUs;
      for (let f = 0; f < eligible.length; f++) eligible[f] = lag[f] <= p.thresholdUs ? 1 : 0;
      judgedProbeUs = monitor.lastProbeUs;
    };
    return {
      label: lagThreshold.label(p),
      onWrite() {},
      route(_t, _key, _session, _critical, out) {
        if (judgedProbeUs !== monitor.lastProbeUs) judge();
        const f = chooser.pick(eligible);
        out.node = f < 0 ? MASTER : f;
      },
    };
  },
};
