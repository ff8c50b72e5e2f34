import type { OpRecord, SimObserver } from '../simulate';
import { MASTER } from '../strategies/strategy';

/** Slices of simulated time the lab's timeline shows. */
export const TIMELINE_BINS = 100;

/** Per slice of simulated time: how reads were served, and how many writes there were. */
export interface TimelineBins {
  binUs: number;
  reads: Float64Array;
  staleReads: Float64Array;
  masterReads: Float64Array;
  writes: Float64Array;
  /** Scripted writes: [time µs, caption]. */
  marks: Array<[number, string]>;
}

/** Counts operations per time slice; `caption` names a scripted write (null: generated). */
export function timelineRecorder(horizonUs: number, caption: (r: OpRecord) => string | null, bins = TIMELINE_BINS): SimObserver & { bins: TimelineBins } {
  const binUs = Math.max(1, Math.ceil(horizonUs / bins));
  const n = Math.max(1, Math.ceil(horizonUs / binUs));
  const out: TimelineBins = {
    binUs, reads: new Float64Array(n), staleReads: new Float64Array(n), masterReads: new Float64Array(n), writes: new Float64Array(n), marks: [],
  };
  // Scripted events may sit exactly on the horizon; they count in the last slice.
  const slot = (tUs: number): number => Math.min(n - 1, Math.floor(tUs / binUs));
  return {
    bins: out,
    op(r: OpRecord) {
      const i = slot(r.tUs);
      if (r.op === 'write') {
        out.writes[i]++;
        const c = caption(r);
        if (c !== null) out.marks.push([r.tUs, c]);
        return;
      }
      out.reads[i]++;
      if (r.version < r.masterVersion) out.staleReads[i]++;
      if (r.node === MASTER) out.masterReads[i]++;
    },
  };
}
