import seedrandom from 'seedrandom';

/** A uniform generator on [0, 1). */
export type Rng = () => number;

/** A stream from makeStream: its Alea state [c, s0, s1, s2] is readable, for loops that inline the step. */
export type AleaRng = Rng & { readonly state: Float64Array };

/** 2^−32: Alea keeps its carry as an integer and its state as multiples of this. */
export const ALEA_2_32 = 2.3283064365386963e-10;
/** Alea's multiplier. */
export const ALEA_A = 2091639;

/**
 * An Alea generator's state [c, s0, s1, s2], seeded exactly as seedrandom.alea seeds it
 * (Baagøe's Mash of the seed string), so a stream is the same sequence seedrandom gives.
 */
export function aleaState(seed: number | string, name: string): Float64Array {
  const s = (seedrandom.alea(`${seed}/${name}`, { state: true }) as unknown as { state(): { c: number; s0: number; s1: number; s2: number } }).state();
  return Float64Array.of(s.c, s.s0, s.s1, s.s2);
}

/**
 * One named, independent stream per concern (workload, each follower's lag, strategies),
 * so that changing a strategy never changes the workload or the lag draws it sees
 * (common random numbers). Alea is fast and well distributed; ARC4, seedrandom's
 * default, is several times slower.
 *
 * The step is seedrandom's Alea with one change that leaves every number as it was:
 * the carry is Math.floor(t) instead of t | 0 (t is in [0, 2^21), where they agree),
 * which keeps it a double and shortens the step's dependency chain — the step is
 * sequential, and it runs five times per generated operation.
 */
export function makeStream(seed: number | string, name: string): AleaRng {
  const s = aleaState(seed, name);
  const rng = (): number => {
    const t = ALEA_A * s[1] + s[0] * ALEA_2_32;
    const c = Math.floor(t);
    s[0] = c;
    s[1] = s[2];
    s[2] = s[3];
    return (s[3] = t - c);
  };
  return Object.assign(rng, { state: s });
}

/** Exponential variate with the given mean; 1 − u avoids log(0). */
export function exponential(rng: Rng, mean: number): number {
  return -mean * Math.log(1 - rng());
}

/** Standard normal variate (Box–Muller; one of the pair, so each call is independent of state). */
export function standardNormal(rng: Rng): number {
  const u = 1 - rng();
  const v = rng();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}
