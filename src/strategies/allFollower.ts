import { z } from 'zod';
import { StrategyDefinition } from './strategy';

/** The story's situation: every read goes to a follower. The baseline the others are measured against. */
export const allFollower: StrategyDefinition<Record<string, never>> = {
  name: 'all-follower',
  summary: 'every read goes to a follower (round-robin) — the baseline in the story',
  params: z.strictObject({}),
  label: () => 'all-follower',
  create: (_params, { cluster }) => ({
    label: 'all-follower',
    onWrite() {},
    route(_t, _key, _session, _critical, out) {
      out.node = cluster.pickFollower();
    },
  }),
};
