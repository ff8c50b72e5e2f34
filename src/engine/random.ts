import seedrandom from 'seedrandom';

/** A uniform generator on [0, 1). */
export type Rng = () => number;

/**
 * One named, independent stream per concern (workload, each follower's lag, strategies),
 * so that changing a strategy never changes the workload or the lag draws it sees
 * (common random numbers). Alea is fast and well distributed; ARC4, seedrandom's
 * default, is several times slower.
 */
export function makeStream(seed: number | string, name: string): Rng {
  return seedrandom.alea(`${seed}/${name}`) as unknown as Rng;
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
