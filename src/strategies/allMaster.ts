import { z } from 'zod';
import { MASTER, StrategyDefinition } from './strategy';

/** Every read on the master: never stale, and the master carries all the load. */
export const allMaster: StrategyDefinition<Record<string, never>> = {
  name: 'all-master',
  summary: 'every read goes to the master — never stale, no load taken off the master',
  params: z.strictObject({}),
  label: () => 'all-master',
  create: () => ({
    label: 'all-master',
    onWrite() {},
    route(_t, _key, _session, _critical, out) {
      out.node = MASTER;
    },
  }),
};
