import { z } from 'zod';
import { MASTER, StrategyDefinition } from './strategy';

/** Every read on the master: never stale, and the master carries all the load. */
export const allMaster: StrategyDefinition<Record<string, never>> = {
  name: 'all-master',
  params: z.strictObject({}),
  label: () => 'all-master',
  traits: () => ({ scope: 'none', routesOn: 'nothing', waits: false }),
  // Nothing to tune: advise runs it once, as the baseline it is.
  advise: { axes: [] },
  create: () => ({
    label: 'all-master',
    onWrite() {},
    route(_t, _key, _session, _critical, out) {
      out.node = MASTER;
    },
  }),
};
