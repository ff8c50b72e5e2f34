import { z } from 'zod';
import { StrategyDefinition } from './strategy';
import { FollowerChoice, checkMonitorUse, followerChoice, followerChoiceLabel, followerChoiceShape, makeChooser, withParams } from './balance';

/** The story's situation: every read goes to a follower. The baseline the others are measured against. */
export const allFollower: StrategyDefinition<FollowerChoice> = {
  name: 'all-follower',
  params: z.strictObject({ ...followerChoiceShape }).superRefine(checkMonitorUse).transform((p) => followerChoice(p)),
  label: (p) => withParams('all-follower', followerChoiceLabel(p)),
  traits: () => ({ scope: 'none', routesOn: 'nothing', waits: false }),
  // Nothing to tune: advise runs it once, as the baseline it is.
  advise: { axes: [] },
  create: (p, ctx) => {
    const chooser = makeChooser(p, ctx);
    return {
      label: allFollower.label(p),
      onWrite() {},
      route(_t, _key, _session, _critical, out) {
        out.node = chooser.pick(null);
      },
    };
  },
};

