import { z } from 'zod';
import { durationJson, parseDuration } from '../../scenario/units';
import { withJsonShape } from '../../scenario/jsonShape';
import { issueOf, says } from '../../scenario/zodProblem';
import { msg } from '../../i18n/problem';
import type { DistDef } from './def';

/**
 * Measured delays, resampled: each draw is one of the samples, picked uniformly with the
 * follower's own stream (one uniform per draw; a single sample draws nothing, so it runs
 * exactly as the constant of that value). A scenario file lists `samples:`, or names a
 * CSV `file:` that the command line's loader (scenario/load.ts) reads and turns into
 * samples before validation; where no file system is (the browser lab) a `file:` is refused.
 */
export interface Empirical { dist: 'empirical'; samplesUs: number[]; meanUs: number; maxUs: number }

/** Most samples a lag may hold, listed or read from a file. */
export const MAX_SAMPLES = 100_000;
/** Problems reported for one list of samples before the rest is left unchecked. */
const MAX_SAMPLE_PROBLEMS = 10;

/** The samples as µs, each a duration as a scenario file writes one. */
const samples = withJsonShape(z.array(z.unknown()).transform((values, ctx): number[] => {
  if (values.length === 0) ctx.addIssue(issueOf(msg('v.samplesEmpty')));
  if (values.length > MAX_SAMPLES) ctx.addIssue(issueOf(msg('v.samplesTooMany', { n: values.length, max: MAX_SAMPLES })));
  if (values.length === 0 || values.length > MAX_SAMPLES) return z.NEVER;
  const out: number[] = new Array(values.length);
  let bad = 0;
  for (let i = 0; i < values.length && bad < MAX_SAMPLE_PROBLEMS; i++) {
    const us = parseDuration(values[i]);
    if (typeof us === 'number') out[i] = us;
    else {
      ctx.addIssue({ ...issueOf(us), path: [i] });
      bad++;
    }
  }
  return bad > 0 ? z.NEVER : out;
}), () => ({ type: 'array', minItems: 1, maxItems: MAX_SAMPLES, items: durationJson() }));

export const empirical: DistDef<Empirical> = {
  schema: z.strictObject({ dist: z.literal('empirical'), samples: samples.optional(), file: z.string().min(1).max(4096).optional() })
    .refine((d) => d.file === undefined, { ...says(() => msg('v.empiricalFileHere')), path: ['file'] })
    .refine((d) => d.samples !== undefined || d.file !== undefined, says(() => msg('v.empiricalNeither')))
    .transform((d) => of(d.samples!)),
  sampler(d, rng) {
    const s = d.samplesUs;
    if (s.length === 1) return () => s[0];
    return () => s[Math.floor(rng() * s.length)];
  },
  meanUs: (d) => d.meanUs,
  // A draw is one of the samples: never above the largest.
  bound: (d) => ({ maxUs: d.maxUs, meanUs: d.meanUs }),
  describe: (d, f) => ({ n: String(d.samplesUs.length), mean: f.duration(d.meanUs), max: f.duration(d.maxUs) }),
};

function of(samplesUs: number[]): Empirical {
  let sum = 0, max = 0;
  for (const v of samplesUs) {
    sum += v;
    if (v > max) max = v;
  }
  return { dist: 'empirical', samplesUs, meanUs: sum / samplesUs.length, maxUs: max };
}
