import { Rng } from '../engine/random';

/**
 * Walker/Vose alias table: draws index i with probability weights[i] / Σ weights
 * in O(1) from one uniform number, so a zipf key costs the same as a uniform one.
 */
export class AliasTable {
  private readonly prob: Float64Array;
  private readonly alias: Int32Array;
  readonly n: number;

  constructor(weights: ArrayLike<number>) {
    const n = weights.length;
    this.n = n;
    this.prob = new Float64Array(n);
    this.alias = new Int32Array(n);
    let sum = 0;
    for (let i = 0; i < n; i++) sum += weights[i];
    const scaled = new Float64Array(n);
    const small: number[] = [];
    const large: number[] = [];
    for (let i = 0; i < n; i++) {
      scaled[i] = (weights[i] * n) / sum;
      (scaled[i] < 1 ? small : large).push(i);
    }
    while (small.length > 0 && large.length > 0) {
      const s = small.pop()!;
      const l = large.pop()!;
      this.prob[s] = scaled[s];
      this.alias[s] = l;
      scaled[l] = scaled[l] + scaled[s] - 1;
      (scaled[l] < 1 ? small : large).push(l);
    }
    // Leftovers are 1 up to rounding error.
    for (const i of large) this.prob[i] = 1;
    for (const i of small) this.prob[i] = 1;
  }

  sample(rng: Rng): number {
    return this.pick(rng());
  }

  /** The index drawn by the uniform number `u` in [0, 1). */
  pick(u: number): number {
    const x = u * this.n;
    const i = Math.floor(x);
    return x - i < this.prob[i] ? i : this.alias[i];
  }
}

/** The Zipf weight of rank r (1, 2, …): P(rank r) ∝ r^−s. */
export function zipfWeight(r: number, s: number): number {
  return Math.pow(r, -s);
}

/** Zipf weights over ranks 1…n (zipfWeight). */
export function zipfWeights(n: number, s: number): Float64Array {
  const w = new Float64Array(n);
  for (let i = 0; i < n; i++) w[i] = zipfWeight(i + 1, s);
  return w;
}
