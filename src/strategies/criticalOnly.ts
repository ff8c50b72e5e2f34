import { z } from 'zod';
import { MASTER, StrategyDefinition } from './strategy';
import { FollowerChoice, checkMonitorUse, followerChoice, followerChoiceLabel, followerChoiceShape, makeChooser, withParams } from './balance';

/** Reads flagged critical (checkout, payment) on the master; browsing reads on a follower and may be stale. */
export const criticalOnly: StrategyDefinition<FollowerChoice> = {
  name: 'critical-only',
  params: z.strictObject({ ...followerChoiceShape }).superRefine(checkMonitorUse).transform((p) => followerChoice(p)),
  label: (p) => withParams('critical-only', followerChoiceLabel(p)),
  traits: () => ({ scope: 'none', routesOn: 'critical-flag', waits: false }),
  // Nothing to tune: advise runs it once, as the baseline it is.
  advise: { axes: [] },
  create: (p, ctx) => {
    const chooser = makeChooser(p, ctx);
    return {
      label: criticalOnly.label(p),
      onWrite() {},
      route(_t, _key, _session, critical, out) {
        out.node = critical ? MASTER : chooser.pick(null);
      },
    };
  },
};
