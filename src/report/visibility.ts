import { OpRecord, SimObserver } from '../simulate';

/** Bin layout of a report's read curves, one for every run so runs can be averaged. */
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
 * Buckets of whole µs, a fixed number per power of two: values below 2·SUB are their own
 * bucket, and [2^e, 2^(e+1)) is cut into SUB buckets 2^e / SUB wide: a bucket is at most
 * 1/SUB of its smallest value wide. With SUB above a layout's bin count, every bin of a
 * layout whose range reaches past the bin holds the lower edge of at least one bucket
 * (bins are at least 5 µs wide, buckets below 2·SUB µs are 1 µs).
 */
export class LogScale {
  private readonly bits: number;
  private readonly sub: number;

  constructor(sub: number) {
    this.bits = Math.round(Math.log2(sub));
    this.sub = 2 ** this.bits;
  }

  /** The bucket of a whole number of µs ≥ 0. */
  bucket(v: number): number {
    if (v < 2 * this.sub) return v;
    if (v < 2 ** 31) {
      const shift = 31 - Math.clz32(v) - this.bits;
      return shift * this.sub + (v >>> shift);
    }
    const e = octaveOf(v);
    return (e - this.bits) * this.sub + Math.floor(v / POW2[e - this.bits]);
  }

  /** The smallest whole µs of bucket `i`. */
  lower(i: number): number {
    if (i < 2 * this.sub) return i;
    const q = Math.floor(i / this.sub) - 1;
    return (i - q * this.sub) * POW2[q];
  }

  /** The smallest bucket edge ≥ `us`. */
  edgeFrom(us: number): number {
    const i = this.bucket(Math.ceil(us));
    return this.lower(i) >= us ? this.lower(i) : this.lower(i + 1);
  }
}

const POW2 = Array.from({ length: 64 }, (_, k) => 2 ** k);

/** floor(log2(v)) for v ≥ 1, exact even where Math.log2 rounds up to the next power. */
function octaveOf(v: number): number {
  const e = Math.floor(Math.log2(v));
  return POW2[e] > v ? e - 1 : POW2[e + 1] <= v ? e + 1 : e;
}

/** Ages: more buckets per power of two than the 50 age bins. */
export const AGE_SCALE = new LogScale(128);
/** Staleness: more buckets per power of two than the 200 staleness bins. */
export const STALENESS_SCALE = new LogScale(256);

/** `a` grown to hold index `at`. */
function grown(a: Float64Array, at: number): Float64Array {
  const out = new Float64Array(Math.max(2 * a.length, at + 4));
  out.set(a);
  return out;
}

/**
 * Collects, for one strategy and seed, what the summary cannot say: t-visibility
 * (PBS: P(a read issued t after a commit sees it)), estimated from every read of a
 * key that has been written, with t the time since that key's latest commit; and the
 * staleness distribution. Reads are counted in buckets (LogScale) whose edges do not
 * depend on the run, so the first run, which measures the replication lag the bin
 * layout depends on, is watched like every other; curves() bins the buckets once the
 * layout is known, each bucket into the bin of its lower edge. The buckets touched stay
 * a few tens of KB (they follow the logarithm of the longest age), never growing with
 * the number of operations.
 */
export class ReadProbe implements SimObserver {
  private readonly lastCommitUs: Float64Array;
  private reads = 0;
  /** Per AGE_SCALE bucket: reads, fresh reads, sum of ages (µs). */
  private ages: Float64Array = new Float64Array(3 * 4096);
  /** Stale reads per STALENESS_SCALE bucket. */
  private stale: Float64Array = new Float64Array(8192);

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
      const bin = Math.floor(AGE_SCALE.lower(i) / b.ageBinUs);
      if (bin >= b.ageBins) continue;
      o.ageReads[bin] += a[3 * i];
      o.ageFresh[bin] += a[3 * i + 1];
      o.ageSumUs[bin] += a[3 * i + 2];
    }
    const stale = this.stale;
    for (let i = 0; i < stale.length; i++) {
      if (stale[i] > 0) o.stale[Math.min(b.stalenessBins - 1, Math.floor(STALENESS_SCALE.lower(i) / b.stalenessBinUs))] += stale[i];
    }
    return o;
  }
}

/**
 * Where staleness bin `i` of layout `b` starts: the smallest bucket edge in it (ReadProbe
 * bins whole buckets), so "stale by at least" this many µs is exact.
 */
export function stalenessEdgeUs(b: ReadBins, i: number): number {
  return STALENESS_SCALE.edgeFrom(i * b.stalenessBinUs);
}
