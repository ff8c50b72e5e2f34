import { z } from 'zod';
import { DAY_US, durationJson, formatTimeOfDay, parseDuration, parseTimeOfDay, positiveDurationUs } from '../../scenario/units';
import { withJsonShape } from '../../scenario/jsonShape';
import { issueOf, says } from '../../scenario/zodProblem';
import { Msg, msg } from '../../i18n/problem';
import type { DistDef } from './def';

/**
 * Measured delays, resampled: each draw is one of the samples, picked uniformly with the
 * follower's own stream (one uniform per draw; a single sample draws nothing, so it runs
 * exactly as the constant of that value). A scenario file lists `samples:`, or names a
 * CSV `file:` that the command line's loader (scenario/load.ts) reads and turns into
 * samples before validation; where no file system is (the browser lab) a `file:` is refused.
 *
 * By time of day (`byTimeOfDay: 60m`): samples that carry the time of day they were
 * measured at (`{ at: "01:05:12", value: 12ms }`) are grouped in buckets of that width from
 * midnight, and a write committed at simulated time t draws (as above) from the bucket
 * holding the scenario's `startAt` + t. The load refuses a run that reaches an empty bucket
 * (emptyBucketsReached); a write committed at or after the run's end — a scripted write at
 * the very end, one the master's queue held — draws from the last bucket with samples before it.
 */
export interface Empirical {
  dist: 'empirical';
  samplesUs: number[];
  meanUs: number;
  maxUs: number;
  /** Each sample's time of day (µs since midnight), when the samples carry theirs. */
  atUs?: number[];
  /** Width of the time-of-day buckets (µs, divides a day); absent: all samples pooled. */
  byTimeOfDayUs?: number;
}

/** Most samples a lag may hold, listed or read from a file. */
export const MAX_SAMPLES = 100_000;
/** Problems reported for one list of samples before the rest is left unchecked. */
const MAX_SAMPLE_PROBLEMS = 10;
/** Narrowest time-of-day bucket (at most 1440 a day). */
const MIN_BUCKET_US = 60_000_000;

interface Samples { samplesUs: number[]; atUs?: number[] }

/** One sample: a duration, or { at: time of day, value: duration }; its problem otherwise. */
function sampleOf(value: unknown): { us: number; at?: number } | Msg {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    const us = parseDuration(value);
    return typeof us === 'number' ? { us } : us;
  }
  const o = value as Record<string, unknown>;
  const extra = Object.keys(o).find((k) => k !== 'at' && k !== 'value');
  if (extra !== undefined || !('at' in o) || !('value' in o)) return msg('v.sampleObject');
  const us = parseDuration(o.value);
  if (typeof us !== 'number') return us;
  const at = parseTimeOfDay(o.at);
  return typeof at === 'number' ? { us, at } : at;
}

/** The samples as µs (and their times of day when every one carries its own). */
const samples = withJsonShape(z.array(z.unknown()).transform((values, ctx): Samples => {
  if (values.length === 0) ctx.addIssue(issueOf(msg('v.samplesEmpty')));
  if (values.length > MAX_SAMPLES) ctx.addIssue(issueOf(msg('v.samplesTooMany', { n: values.length, max: MAX_SAMPLES })));
  if (values.length === 0 || values.length > MAX_SAMPLES) return z.NEVER;
  const out: number[] = new Array(values.length);
  const at: number[] = [];
  let bad = 0;
  for (let i = 0; i < values.length && bad < MAX_SAMPLE_PROBLEMS; i++) {
    const s = sampleOf(values[i]);
    if ('us' in s) {
      out[i] = s.us;
      if (s.at !== undefined) at.push(s.at);
    } else {
      ctx.addIssue({ ...issueOf(s), path: [i] });
      bad++;
    }
  }
  if (bad === 0 && at.length > 0 && at.length < values.length) {
    ctx.addIssue(issueOf(msg('v.samplesSomeTimed', { k: at.length, n: values.length })));
    bad++;
  }
  return bad > 0 ? z.NEVER : at.length > 0 ? { samplesUs: out, atUs: at } : { samplesUs: out };
}), () => ({
  type: 'array', minItems: 1, maxItems: MAX_SAMPLES,
  items: { anyOf: [durationJson(), { type: 'object', additionalProperties: false, required: ['at', 'value'], properties: { at: { type: 'string' }, value: durationJson() } }] },
}));

const bucketWidth = positiveDurationUs.refine((w) => w >= MIN_BUCKET_US && DAY_US % w === 0, says(() => msg('v.byTimeOfDayWidth')));

export const empirical: DistDef<Empirical> = {
  schema: z.strictObject({ dist: z.literal('empirical'), samples: samples.optional(), file: z.string().min(1).max(4096).optional(), byTimeOfDay: bucketWidth.optional() })
    .refine((d) => d.file === undefined, { ...says(() => msg('v.empiricalFileHere')), path: ['file'] })
    .refine((d) => d.samples !== undefined || d.file !== undefined, says(() => msg('v.empiricalNeither')))
    .refine((d) => d.byTimeOfDay === undefined || d.samples?.atUs !== undefined, { ...says(() => msg('v.byTimeOfDayNeedsTimes')), path: ['byTimeOfDay'] })
    .transform((d) => of(d.samples!, d.byTimeOfDay)),
  sampler(d, rng, clockStartUs) {
    if (d.byTimeOfDayUs !== undefined) return byTimeOfDay(d, rng, clockStartUs);
    const s = d.samplesUs;
    if (s.length === 1) return () => s[0];
    return () => s[Math.floor(rng() * s.length)];
  },
  meanUs: (d) => d.meanUs,
  // A draw is one of the samples: never above the largest.
  bound: (d) => ({ maxUs: d.maxUs, meanUs: d.meanUs }),
  describe: (d, f) => ({
    n: String(d.samplesUs.length), mean: f.duration(d.meanUs), max: f.duration(d.maxUs),
    buckets: d.byTimeOfDayUs === undefined ? '' : f.duration(d.byTimeOfDayUs),
  }),
  fullKey: (d) => (d.byTimeOfDayUs === undefined ? 'dist.empirical' : 'dist.empirical.byTime'),
};

function of(s: Samples, byTimeOfDayUs: number | undefined): Empirical {
  let sum = 0, max = 0;
  for (const v of s.samplesUs) {
    sum += v;
    if (v > max) max = v;
  }
  const out: Empirical = { dist: 'empirical', samplesUs: s.samplesUs, meanUs: sum / s.samplesUs.length, maxUs: max };
  if (s.atUs !== undefined) out.atUs = s.atUs;
  if (byTimeOfDayUs !== undefined) out.byTimeOfDayUs = byTimeOfDayUs;
  return out;
}

/** The samples of each bucket of the day, in the order listed. */
function buckets(d: Empirical): number[][] {
  const w = d.byTimeOfDayUs!;
  const out: number[][] = Array.from({ length: DAY_US / w }, () => []);
  d.samplesUs.forEach((us, i) => out[Math.floor(d.atUs![i] / w)].push(us));
  return out;
}

/** Draws from the bucket of the commit's time of day; an empty bucket (only past the run's end) uses the last one with samples before it. */
function byTimeOfDay(d: Empirical, rng: () => number, clockStartUs: number): (atUs: number) => number {
  const w = d.byTimeOfDayUs!;
  const all = buckets(d);
  const n = all.length;
  const use: number[][] = all.map((_, b) => {
    let k = b;
    while (all[k].length === 0) k = (k + n - 1) % n;
    return all[k];
  });
  return (atUs) => {
    const s = use[Math.floor(((clockStartUs + atUs) % DAY_US) / w)];
    return s.length === 1 ? s[0] : s[Math.floor(rng() * s.length)];
  };
}

/**
 * The empty buckets a run of `horizonUs` from time of day `clockStartUs` reaches, as
 * "HH:MM:SS–HH:MM:SS" (in time order, at most `limit`); none when `d` is not by time of day.
 */
export function emptyBucketsReached(d: Empirical, clockStartUs: number, horizonUs: number, limit = 5): string[] {
  if (d.byTimeOfDayUs === undefined) return [];
  const w = d.byTimeOfDayUs;
  const all = buckets(d);
  const first = Math.floor(clockStartUs / w);
  const count = Math.min(all.length, Math.floor((clockStartUs + horizonUs - 1) / w) - first + 1);
  const out: string[] = [];
  for (let k = 0; k < count && out.length < limit; k++) {
    const b = (first + k) % all.length;
    if (all[b].length === 0) out.push(`${formatTimeOfDay(b * w)}–${formatTimeOfDay(((b + 1) * w) % DAY_US)}`);
  }
  return out;
}
