/**
 * Streaming quantiles of non-negative values (µs, versions) in bounded memory.
 *
 * Exact while at most EXACT_LIMIT values have been added (every teaching scenario):
 * nearest-rank percentiles of the values themselves. Past that the values move into
 * a log-linear histogram (HdrHistogram's layout: 1024 sub-buckets per power of two),
 * and a percentile is its bucket's midpoint, within 0.05 % of the true value.
 * max, count and sum stay exact either way.
 */
const EXACT_LIMIT = 65_536;
const SUB_BITS = 10;
const SUB = 1 << SUB_BITS;
const LINEAR = 2 * SUB;
const BUCKETS = LINEAR + 53 * SUB;

export class QuantileSketch {
  count = 0;
  sum = 0;
  max = 0;
  private exact: Float64Array | null = new Float64Array(256);
  private hist: Float64Array | null = null;

  add(value: number): void {
    this.count++;
    this.sum += value;
    if (value > this.max) this.max = value;
    if (this.hist !== null) this.hist[bucketOf(value)]++;
    else this.addExact(value);
  }

  /** While exact: keeps the value (the count already includes it), moving to the histogram past EXACT_LIMIT. */
  private addExact(value: number): void {
    const exact = this.exact!;
    if (this.count <= exact.length) {
      exact[this.count - 1] = value;
      return;
    }
    if (exact.length < EXACT_LIMIT) {
      const grown = new Float64Array(exact.length * 2);
      grown.set(exact);
      grown[this.count - 1] = value;
      this.exact = grown;
      return;
    }
    const hist = new Float64Array(BUCKETS);
    for (let i = 0; i < exact.length; i++) hist[bucketOf(exact[i])]++;
    hist[bucketOf(value)]++;
    this.hist = hist;
    this.exact = null;
  }

  /** Nearest-rank percentile, p in (0, 1]; 0 when empty. */
  quantile(p: number): number {
    return this.quantiles([p])[0];
  }

  /** Nearest-rank percentiles for ascending `ps` in (0, 1], from one sort or one pass over the histogram. */
  quantiles(ps: number[]): number[] {
    if (this.count === 0) return ps.map(() => 0);
    const ranks = ps.map((p) => Math.max(1, Math.ceil(p * this.count)));
    if (this.exact !== null) {
      const sorted = this.exact.slice(0, this.count).sort();
      return ranks.map((rank) => sorted[rank - 1]);
    }
    const hist = this.hist!;
    const out: number[] = [];
    let seen = 0;
    for (let b = 0; b < BUCKETS && out.length < ranks.length; b++) {
      seen += hist[b];
      while (out.length < ranks.length && seen >= ranks[out.length]) out.push(Math.min(this.max, bucketMid(b)));
    }
    while (out.length < ranks.length) out.push(this.max);
    return out;
  }

  mean(): number {
    return this.count === 0 ? 0 : this.sum / this.count;
  }
}

/** Histogram bucket of a value (exported for tests). */
export function bucketOf(v: number): number {
  const x = Math.floor(v);
  if (x < LINEAR) return x < 0 ? 0 : x;
  let e: number;
  let sub: number;
  if (x < 2 ** 32) {
    // The common case, every µs value below 71 minutes: integer bit arithmetic, the same
    // numbers as the general branch (log2 of an integer < 2^32 never rounds up to the
    // next power of two) at a fraction of Math.log2's cost — this runs for every read.
    e = 31 - Math.clz32(x) - SUB_BITS; // ≥ 1
    sub = x >>> e; // in [SUB, 2·SUB)
  } else {
    e = Math.floor(Math.log2(x)) - SUB_BITS;
    sub = Math.floor(x / 2 ** e);
  }
  return Math.min(BUCKETS - 1, LINEAR + (e - 1) * SUB + (sub - SUB));
}

function bucketMid(b: number): number {
  if (b < LINEAR) return b;
  const e = Math.floor((b - LINEAR) / SUB) + 1;
  const sub = SUB + ((b - LINEAR) % SUB);
  return (sub + 0.5) * 2 ** e;
}
