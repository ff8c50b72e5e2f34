import { OpRecord, SimObserver } from '../simulate';
import { ASSERTS, InvariantError } from '../engine/assert';

/** Bin layout of the curves a ReadProbe fills; fixed before the runs so runs can be averaged. */
export interface ReadBins {
  /** t-visibility: reads binned by the age of the latest commit of the key they read. */
  ageBinUs: number;
  ageBins: number;
  /** Staleness distribution: stale reads binned by how long their answer had been wrong. */
  stalenessBinUs: number;
  stalenessBins: number;
}

/** One strategy's run, seen read by read. */
export interface ReadCurves {
  reads: number;
  /** Reads per age bin, and how many of them saw the latest commit. */
  ageReads: Float64Array;
  ageFresh: Float64Array;
  /** Sum of the ages (µs) in each bin: a bin's point is drawn at its reads' mean age, not its centre. */
  ageSumUs: Float64Array;
  /** Stale reads per staleness bin; the last bin also holds everything beyond the range. */
  stale: Float64Array;
}

/** The age bin of a read `ageUs` after the key's latest commit; ≥ ageBins when beyond the range. */
function ageBin(b: ReadBins, ageUs: number): number {
  return Math.floor(ageUs / b.ageBinUs);
}

/** The staleness bin of a read whose answer had been wrong for `us`; beyond the range, the last bin. */
function stalenessBin(b: ReadBins, us: number): number {
  return Math.min(b.stalenessBins - 1, Math.floor(us / b.stalenessBinUs));
}

function emptyCurves(b: ReadBins): ReadCurves {
  return {
    reads: 0,
    ageReads: new Float64Array(b.ageBins),
    ageFresh: new Float64Array(b.ageBins),
    ageSumUs: new Float64Array(b.ageBins),
    stale: new Float64Array(b.stalenessBins),
  };
}

/**
 * Collects, for one strategy and seed, what the summary cannot say: t-visibility
 * (PBS: P(a read issued t after a commit sees it)), estimated from every read of a
 * key that has been written, with t the time since that key's latest commit; and the
 * staleness distribution. Memory is fixed by the bin layout and the key count, never
 * by the number of operations.
 */
export class ReadProbe implements SimObserver {
  private readonly lastCommitUs: Float64Array;
  private readonly out: ReadCurves;

  constructor(keyCount: number, private readonly bins: ReadBins) {
    this.lastCommitUs = new Float64Array(keyCount).fill(-1);
    this.out = emptyCurves(bins);
  }

  op(r: OpRecord): void {
    const o = this.out;
    const b = this.bins;
    if (r.op === 'write') {
      this.lastCommitUs[r.key] = r.tUs;
      return;
    }
    o.reads++;
    const stale = r.version < r.masterVersion;
    if (stale) o.stale[stalenessBin(b, r.tUs - r.staleSinceUs)]++;
    const last = this.lastCommitUs[r.key];
    if (last >= 0) {
      const ageUs = r.tUs - last;
      const bin = ageBin(b, ageUs);
      if (bin < b.ageBins) {
        o.ageReads[bin]++;
        o.ageSumUs[bin] += ageUs;
        if (!stale) o.ageFresh[bin]++;
      }
    }
  }

  result(): ReadCurves {
    return this.out;
  }
}

/**
 * Fine buckets of whole µs whose edges fall on every edge a ReadBins layout can have: in
 * [10^k, 10^(k+1)) they are `step`·10^k µs wide (1 µs where that is less). A layout whose
 * range is in [10^p, 10^(p+1)) has bins m·10^p / n wide (m one of niceCeil's steps), a
 * multiple of 2·10^(p−3) µs for the 50 age bins and of 5·10^(p−4) µs for the 200 staleness
 * bins, and all its edges are in decades k ≤ p: with those steps, each bucket lies within
 * one bin of any layout, so binning buckets is binning their values.
 */
export class FineScale {
  /** Values below this are their own bucket. */
  private readonly exactBelow: number;
  private readonly perDecade: number;
  private readonly firstDecade: number;
  private readonly width: number[];

  constructor(step: number) {
    this.firstDecade = Math.ceil(-Math.log10(step));
    this.exactBelow = 10 ** this.firstDecade;
    this.perDecade = Math.round(9 / step);
    this.width = POW10.map((p) => Math.round(step * p));
  }

  /** The bucket of a whole number of µs ≥ 0. */
  bucket(v: number): number {
    if (v < this.exactBelow) return v;
    // The decade from the bit length (at most one off), without a logarithm: this runs per read.
    let k = DECADE_OF_BITS[v < 2 ** 31 ? 31 - Math.clz32(v) : Math.floor(Math.log2(v))];
    if (POW10[k + 1] <= v) k++;
    else if (POW10[k] > v) k--;
    const w = this.width[k];
    return this.exactBelow + (k - this.firstDecade) * this.perDecade + Math.floor(v / w) - POW10[k] / w;
  }

  /** The smallest and the largest whole µs of bucket `i`. */
  range(i: number): [number, number] {
    if (i < this.exactBelow) return [i, i];
    const j = i - this.exactBelow;
    const k = this.firstDecade + Math.floor(j / this.perDecade);
    const w = this.width[k];
    const lo = POW10[k] + (j % this.perDecade) * w;
    return [lo, lo + w - 1];
  }
}

const POW10 = Array.from({ length: 18 }, (_, k) => 10 ** k);
/** floor(log10(2^b)): the decade of the smallest number of b + 1 bits. */
const DECADE_OF_BITS = Array.from({ length: 64 }, (_, b) => Math.floor(b * Math.LOG10E * Math.LN2 + 1e-9));

export const AGE_SCALE = new FineScale(2e-3);
export const STALENESS_SCALE = new FineScale(5e-4);

/** `a` grown to hold index `at`. */
function grown(a: Float64Array, at: number): Float64Array {
  const out = new Float64Array(Math.max(2 * a.length, at + 4));
  out.set(a);
  return out;
}

/**
 * A ReadProbe for a run that starts before the bin layout is known (the first one, which
 * measures the replication lag the layout depends on): reads are kept in fine buckets
 * (FineScale) and binned by curves() once the layout is known — exactly the curves a
 * ReadProbe would have collected. Memory grows with the logarithm of the longest age and
 * staleness (about 110 KB and 140 KB per power of ten), never with the number of operations.
 */
export class DeferredReadProbe implements SimObserver {
  private readonly lastCommitUs: Float64Array;
  private reads = 0;
  /** Per AGE_SCALE bucket: reads, fresh reads, sum of ages (µs). */
  private ages: Float64Array = new Float64Array(3 * 1024);
  /** Stale reads per STALENESS_SCALE bucket. */
  private stale: Float64Array = new Float64Array(1024);

  constructor(keyCount: number) {
    this.lastCommitUs = new Float64Array(keyCount).fill(-1);
  }

  op(r: OpRecord): void {
    if (r.op === 'write') {
      this.lastCommitUs[r.key] = r.tUs;
      return;
    }
    this.reads++;
    const stale = r.version < r.masterVersion;
    if (stale) {
      const i = STALENESS_SCALE.bucket(r.tUs - r.staleSinceUs);
      if (i >= this.stale.length) this.stale = grown(this.stale, i);
      this.stale[i]++;
    }
    const last = this.lastCommitUs[r.key];
    if (last >= 0) {
      const ageUs = r.tUs - last;
      const at = 3 * AGE_SCALE.bucket(ageUs);
      if (at >= this.ages.length) this.ages = grown(this.ages, at);
      const a = this.ages;
      a[at]++;
      if (!stale) a[at + 1]++;
      a[at + 2] += ageUs;
    }
  }

  /** The run's curves in the layout `b`. */
  curves(b: ReadBins): ReadCurves {
    const o = emptyCurves(b);
    o.reads = this.reads;
    const a = this.ages;
    for (let i = 0; 3 * i < a.length; i++) {
      if (a[3 * i] === 0) continue;
      const bin = sameBin(AGE_SCALE.range(i), (us) => Math.min(b.ageBins, ageBin(b, us)));
      if (bin === b.ageBins) continue;
      o.ageReads[bin] += a[3 * i];
      o.ageFresh[bin] += a[3 * i + 1];
      o.ageSumUs[bin] += a[3 * i + 2];
    }
    const stale = this.stale;
    for (let i = 0; i < stale.length; i++) if (stale[i] > 0) o.stale[sameBin(STALENESS_SCALE.range(i), (us) => stalenessBin(b, us))] += stale[i];
    return o;
  }
}

/** The bin of a fine bucket's values [lo, hi] (under LAGSIM_ASSERT, checked to hold them all). */
function sameBin([lo, hi]: [number, number], bin: (us: number) => number): number {
  const b = bin(lo);
  if (ASSERTS && bin(hi) !== b) throw new InvariantError(`fine bucket ${lo}–${hi} µs straddles a bin edge`);
  return b;
}
