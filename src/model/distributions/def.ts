import type { z } from 'zod';
import type { Rng } from '../../engine/random';
import type { MessageKey } from '../../i18n';

/** How a description writes its numbers: durations (given in µs) and plain numbers. */
export interface DistFormat {
  duration(us: number): string;
  number(x: number): string;
}

/**
 * One lag or apply-time distribution: everything lagsim knows about it. `D` is the
 * validated form, parameters in µs; its `dist` is the name the registry files it under.
 */
export interface DistDef<D extends { dist: string }> {
  /** The scenario file's form → D (durations in the user's units become µs). */
  schema: z.ZodType<D>;
  /**
   * A sampler of whole microseconds ≥ 0, called with the simulated time of the commit it
   * draws for; `clockStartUs` is the time of day at simulated time 0. The draws it takes
   * from `rng` fix the run's bytes.
   */
  sampler(d: D, rng: Rng, clockStartUs: number): (atUs: number) => number;
  /** The mean delay in µs. */
  meanUs(d: D): number;
  /**
   * What the memory estimates (scenario/limits) size state with: a delay a draw practically
   * never exceeds (probability ≲ 1e-9), and a mean no smaller than the true one.
   */
  bound(d: D): { maxUs: number; meanUs: number };
  /** The values the catalogue's `dist.<name>` and `dist.<name>.brief` templates fill in. */
  describe(d: D, f: DistFormat): Record<string, string>;
  /** The catalogue key of the full description when `d` needs another than `dist.<name>`. */
  fullKey?(d: D): MessageKey;
  /** The lab's one-slider form: a scenario-file lag of this family with mean `us` (> 0); absent when the lab offers none. */
  labDoc?(us: number): unknown;
}
