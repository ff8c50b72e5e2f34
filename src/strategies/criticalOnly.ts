import { z } from 'zod';
import { MASTER, StrategyDefinition } from './strategy';

/** Reads flagged critical (checkout, payment) on the master; browsing reads on a follower and may be stale. */
export const criticalOnly: StrategyDefinition<Record<string, never>> = {
  name: 'critical-only',
  summary: 'critical reads (checkout, payment) go to the master, browsing reads to a follower',
  params: z.strictObject({}),
  label: () => 'critical-only',
  create: (_params, { cluster }) => ({
    label: 'critical-only',
    onWrite() {},
    route(_t, _key, _session, critical, out) {
      out.node = critical ? MASTER : cluster.pickFollower();
    },
  }),
};
