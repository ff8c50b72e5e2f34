import { OpRecord, SimObserver } from '../simulate';

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
    this.out = {
      reads: 0,
      ageReads: new Float64Array(bins.ageBins),
      ageFresh: new Float64Array(bins.ageBins),
      ageSumUs: new Float64Array(bins.ageBins),
      stale: new Float64Array(bins.stalenessBins),
    };
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
    if (stale) o.stale[Math.min(b.stalenessBins - 1, Math.floor((r.tUs - r.staleSinceUs) / b.stalenessBinUs))]++;
    const last = this.lastCommitUs[r.key];
    if (last >= 0) {
      const ageUs = r.tUs - last;
      const bin = Math.floor(ageUs / b.ageBinUs);
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
