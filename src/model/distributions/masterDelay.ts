import { z } from 'zod';
import { durationUs, positiveDurationUs } from '../../scenario/units';
import type { DistDef } from './def';
import { says } from '../../scenario/zodProblem';
import { msg } from '../../i18n/problem';

/**
 * MariaDB/MySQL MASTER_DELAY: the event's timestamp has whole-second resolution. Not a
 * per-event draw but a rule of the applier (see Follower.place): the SQL thread, on
 * reading the event committed at c at time t, sleeps floor(c) + delay − floor(t) whole
 * seconds from t (slave.cc sql_delay_event). Shipping itself is instantaneous.
 * `clockOffsetUs`: the primary's wall clock at simulated time 0, modulo 1 s (where its
 * seconds tick).
 */
export interface MasterDelay { dist: 'master-delay'; delayUs: number; clockOffsetUs: number }

export const masterDelay: DistDef<MasterDelay> = {
  schema: z.strictObject({ dist: z.literal('master-delay'), delay: positiveDurationUs, clockOffset: durationUs.default(0) })
    .refine((d) => d.delay % 1_000_000 === 0, { ...says(() => msg('v.masterDelayWhole')), path: ['delay'] })
    .refine((d) => d.clockOffset < 1_000_000, { ...says(() => msg('v.clockOffsetBelow1s')), path: ['clockOffset'] })
    .transform((d) => ({ dist: 'master-delay' as const, delayUs: d.delay, clockOffsetUs: d.clockOffset })),
  // The relay log receives the event at once; the delay is the SQL thread's (masterDelayStartUs).
  sampler: () => () => 0,
  // A lone event's delay (under steady traffic the phase of the applier's wake-ups adds −1…+1 s).
  meanUs: (d) => d.delayUs,
  bound: (d) => ({ maxUs: d.delayUs + 1_000_000, meanUs: d.delayUs }),
  describe: (d, f) => ({ delay: f.duration(d.delayUs), seconds: String(Math.round(d.delayUs / 1e6)) }),
};

/**
 * When a MASTER_DELAY applier starts the event committed at `commitUs` that it reads at
 * `readUs`: it sleeps (floor(c) + D − floor(t)) whole seconds from t when that is > 0,
 * both clocks read in whole seconds (MySQL/MariaDB slave.cc, sql_delay_event: nap_time =
 * ev->when.tv_sec + sql_delay − my_time(0), then slave_sleep(nap_time) from now). A lone
 * event thus applies exactly D after its commit; a busy applier wakes at a fixed
 * sub-second phase and applies, together, every event whose second has come.
 */
export function masterDelayStartUs(commitUs: number, readUs: number, delayUs: number, clockOffsetUs: number): number {
  const commitSec = Math.floor((commitUs + clockOffsetUs) / 1e6);
  const readSec = Math.floor((readUs + clockOffsetUs) / 1e6);
  const napUs = (commitSec - readSec) * 1e6 + delayUs;
  return napUs > 0 ? readUs + napUs : readUs;
}

/**
 * The earliest moment a MASTER_DELAY applier can start the event committed at `commitUs`,
 * however late it reads it: `delayUs` after the start of the commit's whole second
 * (masterDelayStartUs never returns less). A lone event waits the full delay; one committed
 * a hair before a tick may apply up to a second sooner than commit + delay, never before this.
 */
export function masterDelayEarliestUs(commitUs: number, delayUs: number, clockOffsetUs: number): number {
  return Math.floor((commitUs + clockOffsetUs) / 1e6) * 1e6 + delayUs - clockOffsetUs;
}
