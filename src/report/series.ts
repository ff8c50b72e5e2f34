import { studentT975 } from '../metrics/summary';
import { usToMs } from '../engine/time';
import { ReportData } from './collect';
import { ReadCurves } from './visibility';

/** A point of a plotted curve; lo/hi bound the 95 % confidence interval when there are replications. */
export interface CurvePoint {
  x: number;
  y: number | null;
  lo?: number;
  hi?: number;
}

/** Mean and 95 % Student-t half-width of the values present (null: none). */
export function meanCi(values: number[]): { mean: number; half: number } | null {
  const n = values.length;
  if (n === 0) return null;
  const mean = values.reduce((a, b) => a + b, 0) / n;
  if (n === 1) return { mean, half: 0 };
  const variance = values.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1);
  return { mean, half: (studentT975(n - 1) * Math.sqrt(variance)) / Math.sqrt(n) };
}

/** Averages per-run values at each x; CI bounds only when there is more than one run. */
function average(xs: number[], perRun: Array<Array<number | null>>, clamp: [number, number]): CurvePoint[] {
  return xs.map((x, i) => {
    const values = perRun.map((run) => run[i]).filter((v): v is number => v !== null);
    const m = meanCi(values);
    if (m === null) return { x, y: null };
    const point: CurvePoint = { x, y: m.mean };
    if (perRun.length > 1) {
      point.lo = Math.max(clamp[0], m.mean - m.half);
      point.hi = Math.min(clamp[1], m.mean + m.half);
    }
    return point;
  });
}

/** t-visibility per strategy: P(read sees the key's latest commit | issued t ms after it), in %, per age bin. */
export function visibilityCurve(data: ReportData, strategy: number): CurvePoint[] {
  const { ageBinUs, ageBins } = data.bins;
  const runs = data.curves[strategy];
  // Each point sits at the mean age of the reads in its bin (pooled over runs), so a
  // handful of scripted reads appear exactly where they happened.
  const xs = Array.from({ length: ageBins }, (_, i) => {
    const n = runs.reduce((a, c) => a + c.ageReads[i], 0);
    return usToMs(n > 0 ? runs.reduce((a, c) => a + c.ageSumUs[i], 0) / n : (i + 0.5) * ageBinUs);
  });
  const perRun = runs.map((c) =>
    Array.from({ length: ageBins }, (_, i) => (c.ageReads[i] > 0 ? (100 * c.ageFresh[i]) / c.ageReads[i] : null)));
  return average(xs, perRun, [0, 100]);
}

/** Share of all reads (%) that were stale by at least x ms, at each bin edge; x = 0 gives the stale-read rate. */
export function stalenessCurve(data: ReportData, strategy: number): CurvePoint[] {
  const { stalenessBinUs, stalenessBins } = data.bins;
  const xs = Array.from({ length: stalenessBins }, (_, i) => usToMs(i * stalenessBinUs));
  const perRun = data.curves[strategy].map((c: ReadCurves) => {
    const atLeast = new Array<number | null>(stalenessBins);
    let tail = 0;
    for (let i = stalenessBins - 1; i >= 0; i--) {
      tail += c.stale[i];
      atLeast[i] = c.reads > 0 ? (100 * tail) / c.reads : null;
    }
    return atLeast;
  });
  return average(xs, perRun, [0, 100]);
}

/** Master operations per simulated second over time (the first replication, on the scenario's seed), at bin starts in seconds. */
export function masterOpsCurve(data: ReportData, strategy: number): CurvePoint[] {
  const { opsBinUs, opsBins } = data.bins;
  const c = data.curves[strategy][0];
  const perSec = 1e6 / opsBinUs;
  return Array.from({ length: opsBins }, (_, i) => ({ x: (i * opsBinUs) / 1e6, y: c.masterOps[i] * perSec }));
}

/** A follower's true lag (ms, the largest in each bin) over simulated time (s). */
export function lagCurve(data: ReportData, follower: number): CurvePoint[] {
  const { binUs, maxLagUs } = data.timeline;
  const bins = maxLagUs[follower];
  return Array.from(bins, (v, i) => ({ x: ((i + 1) * binUs) / 1e6, y: usToMs(v) }));
}

/**
 * Replication alone: P(a follower has applied a commit t ms after it), the empirical CDF
 * of apply delays, as (delay, %) steps. Plotted stepped, it is what an all-follower read
 * would see on that follower.
 */
export function applyCdf(sketch: { count: number; quantile(p: number): number }, rangeMs: number): CurvePoint[] {
  if (sketch.count === 0) return [];
  const points: CurvePoint[] = [{ x: 0, y: 0 }];
  const steps = 200;
  for (let i = 1; i <= steps; i++) {
    const x = usToMs(sketch.quantile(i / steps));
    if (x > rangeMs) break;
    const last = points[points.length - 1];
    // Equal delays (a constant lag) make one vertical step, not a stack of points.
    if (last.x === x) last.y = (100 * i) / steps;
    else points.push({ x, y: (100 * i) / steps });
  }
  const last = points[points.length - 1];
  if (last.x < rangeMs) points.push({ x: rangeMs, y: last.y });
  return points;
}
