import { z } from 'zod';
import { durationUs } from '../../scenario/units';
import type { DistDef } from './def';
import { says } from '../../scenario/zodProblem';
import { msg } from '../../i18n/problem';

export interface Uniform { dist: 'uniform'; minUs: number; maxUs: number }

export const uniform: DistDef<Uniform> = {
  schema: z.strictObject({ dist: z.literal('uniform'), min: durationUs, max: durationUs })
    .refine((d) => d.max >= d.min, { ...says(() => msg('v.maxBelowMin')), path: ['max'] })
    .transform((d) => ({ dist: 'uniform' as const, minUs: d.min, maxUs: d.max })),
  sampler: (d, rng) => () => Math.round(d.minUs + (d.maxUs - d.minUs) * rng()),
  meanUs: (d) => (d.minUs + d.maxUs) / 2,
  bound: (d) => ({ maxUs: d.maxUs, meanUs: (d.minUs + d.maxUs) / 2 }),
  describe: (d, f) => ({ min: f.duration(d.minUs), max: f.duration(d.maxUs) }),
  labDoc: (us) => ({ dist: 'uniform', min: '0us', max: `${2 * us}us` }),
};
