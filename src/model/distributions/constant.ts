import { z } from 'zod';
import { durationUs } from '../../scenario/units';
import type { DistDef } from './def';

export interface Constant { dist: 'constant'; valueUs: number }

export const constant: DistDef<Constant> = {
  schema: z.strictObject({ dist: z.literal('constant'), value: durationUs })
    .transform((d) => ({ dist: 'constant' as const, valueUs: d.value })),
  // No random draw: a constant delay leaves its stream untouched.
  sampler(d) {
    const v = Math.round(d.valueUs);
    return () => v;
  },
  meanUs: (d) => d.valueUs,
  bound: (d) => ({ maxUs: d.valueUs, meanUs: d.valueUs }),
  describe: (d, f) => ({ value: f.duration(d.valueUs) }),
  labDoc: (us) => `${us}us`,
};
