import type { Rng } from '../../engine/random';
import { formatDuration } from '../../engine/time';
import { Lang, MessageKey, t } from '../../i18n';
import type { DistDef, DistFormat } from './def';
import { constant } from './constant';
import { uniform } from './uniform';
import { exponential } from './exponential';
import { normal } from './normal';
import { lognormal } from './lognormal';
import { masterDelay } from './masterDelay';
import { empirical } from './empirical';

export { masterDelayEarliestUs, masterDelayStartUs } from './masterDelay';
export { MAX_SAMPLES, emptyBucketsReached } from './empirical';
export type { DistDef, DistFormat } from './def';

/**
 * Every lag and apply-time distribution, by the name a scenario file gives as `dist:`.
 * The order is the order messages list them in. Adding one: a file here, a line below,
 * and `dist.<name>` and `dist.<name>.brief` in each language's catalogue.
 */
export const DISTS = {
  constant,
  uniform,
  exponential,
  normal,
  lognormal,
  'master-delay': masterDelay,
  empirical,
} as const;

type Defs = typeof DISTS;

/** A delay distribution, all parameters in microseconds (validated at load time). */
export type DelayDist = { [K in keyof Defs]: Defs[K] extends DistDef<infer D> ? D : never }[keyof Defs];

export type DistName = DelayDist['dist'];

export const DIST_NAMES = Object.keys(DISTS) as DistName[];

function def(d: DelayDist): DistDef<DelayDist> {
  return DISTS[d.dist] as unknown as DistDef<DelayDist>;
}

/**
 * A sampler returning whole microseconds ≥ 0 for a commit at simulated time `atUs` (only a
 * time-of-day empirical lag reads it, with `clockStartUs` the time of day at time 0).
 * Constant draws consume no random numbers.
 */
export function delaySampler(d: DelayDist, rng: Rng, clockStartUs = 0): (atUs: number) => number {
  return def(d).sampler(d, rng, clockStartUs);
}

/** The distribution's mean in µs (normal: of the truncated distribution). */
export function meanUs(d: DelayDist): number {
  return def(d).meanUs(d);
}

/** What memory estimates size state with (see DistDef.bound). */
export function delayBound(d: DelayDist): { maxUs: number; meanUs: number } {
  return def(d).bound(d);
}

/** The MASTER_DELAY rule's parameters when `d` is that rule, else none (delay 0). */
export function applierDelay(d: DelayDist): { sqlDelayUs: number; clockOffsetUs: number } {
  return d.dist === 'master-delay' ? { sqlDelayUs: d.delayUs, clockOffsetUs: d.clockOffsetUs } : { sqlDelayUs: 0, clockOffsetUs: 0 };
}

const SCENARIO_FORMAT: DistFormat = { duration: formatDuration, number: String };

/**
 * A distribution in words: `full` as a report shows the scenario it ran ("exponential, mean
 * 200ms"), `brief` for a table cell ("exponential mean 200ms").
 */
export function describeDist(d: DelayDist, lang: Lang, style: 'full' | 'brief' = 'full', f: DistFormat = SCENARIO_FORMAT): string {
  const key = style === 'full' ? def(d).fullKey?.(d) ?? (`dist.${d.dist}` as MessageKey) : (`dist.${d.dist}.brief` as MessageKey);
  return t(lang, key, def(d).describe(d, f));
}
