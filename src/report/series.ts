import { studentT975 } from '../metrics/summary';
import { usToMs } from '../engine/time';
import { ReportData } from './collect';
import { ReadCurves, stalenessEdgeUs } from './visibility';
import { Scenario } from '../scenario/types';

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

/** Share of all reads (%) that were stale by at least x ms, at each bin's first bucket edge; x = 0 gives the stale-read rate. */
export function stalenessCurve(data: ReportData, strategy: number): CurvePoint[] {
  const { stalenessBins } = data.bins;
  const xs = Array.from({ length: stalenessBins }, (_, i) => usToMs(stalenessEdgeUs(data.bins, i)));
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

/** At most this many points per master-load curve; a longer run groups whole seconds into slices. */
export const MAX_OPS_POINTS = 600;

/**
 * Master operations per simulated second over time (the first replication, on the
 * scenario's seed), counted per whole second exactly as the summary's masterOpsPerSec peak
 * is: each point is a slice of `sliceS` whole seconds starting at x (s), and its value is
 * the busiest second in it, so the curve's peak is the table's peak. The curve covers the
 * horizon and any second after it in which the master still completed work.
 */
export function masterOpsCurve(data: ReportData, strategy: number, horizonUs: number): { sliceS: number; points: CurvePoint[] } {
  const perSecond = data.strategies[strategy].masterOpsPerSecond;
  const seconds = Math.max(Math.ceil(horizonUs / 1e6), perSecond.length, 1);
  const sliceS = Math.ceil(seconds / MAX_OPS_POINTS);
  const points: CurvePoint[] = [];
  for (let s0 = 0; s0 < seconds; s0 += sliceS) {
    let y = 0;
    for (let s = s0; s < Math.min(seconds, s0 + sliceS); s++) y = Math.max(y, perSecond[s] ?? 0);
    points.push({ x: s0, y });
  }
  return { sliceS, points };
}

/** A step series kept per lag bin (StepMax) as points at bin ends; null where it had no value yet. */
function binnedSteps(binUs: number, bins: Float64Array): CurvePoint[] {
  return Array.from(bins, (v, i) => ({ x: ((i + 1) * binUs) / 1e6, y: Number.isNaN(v) ? null : usToMs(v) }));
}

/** What monitor `monitor` of a strategy reported for a follower (ms, the largest in each bin) over simulated time (s). */
export function reportedLagCurve(data: ReportData, strategy: number, monitor: number, follower: number): CurvePoint[] {
  return binnedSteps(data.timeline.binUs, data.strategies[strategy].reportedLagUs[monitor][follower]);
}

/** A strategy's post-write window (ms, the largest in each bin) over simulated time (s); [] when it has none that changes. */
export function windowCurve(data: ReportData, strategy: number): CurvePoint[] {
  const w = data.strategies[strategy].windowUs;
  return w === null ? [] : binnedSteps(data.timeline.binUs, w);
}

/** A follower incident as charts shade it: when it was in force (s) and what it was. */
export interface IncidentRange {
  follower: string;
  type: 'stop' | 'delay' | 'scale';
  fromS: number;
  toS: number;
  extraMs: number;
  factor: number;
}

/** Every follower's incidents, in time order (ties: followers in scenario order). */
export function incidentRanges(sc: Scenario): IncidentRange[] {
  const out = sc.followers.flatMap((f) => f.incidents.map((x) => ({
    follower: f.name, type: x.type, fromS: x.atUs / 1e6, toS: (x.atUs + x.durationUs) / 1e6, extraMs: usToMs(x.extraUs), factor: x.factor,
  })));
  return out.sort((a, b) => a.fromS - b.fromS);
}

/**
 * The generated load's factor over simulated time (s), corner to corner, until `endS`: a
 * steady stage is flat, a ramp a straight line from the previous factor, a step between
 * stages two points at one x. [] without stages (the rates are constant).
 */
export function loadFactorCurve(sc: Scenario, endS: number): CurvePoint[] {
  const stages = sc.workload?.stages;
  if (stages === undefined || stages.length === 0) return [];
  const out: CurvePoint[] = [];
  let tUs = 0, f = 1;
  for (const s of stages) {
    out.push({ x: tUs / 1e6, y: s.shape === 'ramp' ? f : s.factor });
    tUs += s.durationUs;
    f = s.factor;
    out.push({ x: tUs / 1e6, y: f });
  }
  if (tUs / 1e6 < endS) out.push({ x: endS, y: f });
  return out;
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
export function applyCdf(sketch: { count: number; quantiles(ps: number[]): number[] }, rangeMs: number): CurvePoint[] {
  if (sketch.count === 0) return [];
  const points: CurvePoint[] = [{ x: 0, y: 0 }];
  const steps = 200;
  const delays = sketch.quantiles(Array.from({ length: steps }, (_, i) => (i + 1) / steps));
  for (let i = 1; i <= steps; i++) {
    const x = usToMs(delays[i - 1]);
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
