import { MetricsCollector } from './collector';
import { QuantileSketch } from './quantiles';
import { US_PER_S, usToMs } from '../engine/time';
import type { SloReport } from './slo';
import { METRIC_PATHS, metricValue, numbersOf, setMetric } from './registry';

export interface Percentiles {
  p50: number;
  p99: number;
  max: number;
}

/** Latencies also carry their mean: queueing theory predicts means, and capacity costs show there first. */
export interface LatencyStats extends Percentiles {
  mean: number;
}

/** Every number of a strategy's result (each one listed in METRICS, src/metrics/registry.ts). */
export interface ResultNumbers {
  reads: number;
  writes: number;
  staleReads: number;
  staleRate: number;
  masterReads: number;
  masterReadShare: number;
  masterOpsPerSec: { mean: number; peak: number };
  rywViolations: number;
  monotonicViolations: number;
  stalenessMs: Percentiles;
  stalenessVersions: Percentiles;
  readLatencyMs: LatencyStats;
  /** Write issue → acknowledgement: master queueing and semi-sync waits (0 for plain async). */
  writeLatencyMs: LatencyStats;
  /** Reads showing a positive stock (scenario stockField) while the master had none. */
  phantomStockReads: number;
  /** Critical reads answered stale, and writes based on the session's stale (non-critical) read of the key. */
  staleOrders: number;
  /** Critical reads answered stale. */
  staleCriticalReads: number;
  /** Operations that arrived while their session's previous one was outstanding, and waited for it. */
  heldOps: number;
}

/** One strategy's numbers: the summary JSON's `results[]` entries (docs/design.md). */
export interface StrategyResult extends ResultNumbers {
  strategy: string;
  /** With --runs N > 1: the 95 % confidence half-width of each number, in the same shape. */
  ci95?: ResultNumbers;
}

export interface Summary {
  scenario: string;
  seed: number;
  runs: number;
  /** Simulated horizon the rates are computed over. */
  horizonMs: number;
  results: StrategyResult[];
  /** The SLOs checked on every strategy (src/metrics/slo.ts); only when the run had any. */
  slo?: SloReport;
}

function percentiles(s: QuantileSketch, scale: (x: number) => number): Percentiles {
  const [p50, p99] = s.quantiles([0.5, 0.99]);
  return { p50: scale(p50), p99: scale(p99), max: scale(s.max) };
}

const same = (x: number): number => x;

function latency(s: QuantileSketch): LatencyStats {
  return { ...percentiles(s, usToMs), mean: usToMs(s.mean()) };
}

/**
 * Master operations per second, the mean and the busiest whole second, over the same
 * operations: those completing after the horizon (a queue draining, a semi-sync wait)
 * stretch the window to the end of the second of the last one, so the peak can never
 * fall below the mean by leaving them out.
 */
function masterOpsPerSec(m: MetricsCollector, horizonUs: number): { mean: number; peak: number } {
  const horizonSec = horizonUs / US_PER_S;
  const windowSec = m.lastMasterOpUs >= horizonUs ? Math.max(horizonSec, Math.floor(m.lastMasterOpUs / US_PER_S) + 1) : horizonSec;
  let peak = 0;
  for (const ops of m.masterOpsPerSecond) if (ops > peak) peak = ops;
  return { mean: windowSec > 0 ? (m.writes + m.masterReads) / windowSec : 0, peak };
}

export function summarize(label: string, m: MetricsCollector, horizonUs: number): StrategyResult {
  return {
    strategy: label,
    reads: m.reads,
    writes: m.writes,
    staleReads: m.staleReads,
    staleRate: m.reads === 0 ? 0 : m.staleReads / m.reads,
    masterReads: m.masterReads,
    masterReadShare: m.reads === 0 ? 0 : m.masterReads / m.reads,
    masterOpsPerSec: masterOpsPerSec(m, horizonUs),
    rywViolations: m.rywViolations,
    monotonicViolations: m.monotonicViolations,
    stalenessMs: percentiles(m.stalenessUs, usToMs),
    stalenessVersions: percentiles(m.stalenessVersions, same),
    readLatencyMs: latency(m.readLatencyUs),
    writeLatencyMs: latency(m.writeLatencyUs),
    phantomStockReads: m.phantomStockReads,
    staleOrders: m.staleOrders,
    staleCriticalReads: m.staleCriticalReads,
    heldOps: m.heldOps,
  };
}

/**
 * Replications: every number becomes the mean over runs, and `ci95` holds the
 * Student-t 95 % half-width of each, in the same shape.
 */
export function combineRuns(runs: StrategyResult[]): StrategyResult {
  if (runs.length === 1) return runs[0];
  const n = runs.length;
  const t = studentT975(n - 1);
  const mean = numbersOf(structuredClone(runs[0]));
  const half = structuredClone(mean);
  for (const path of METRIC_PATHS) {
    const xs = runs.map((r) => metricValue(r, path));
    const m = xs.reduce((a, b) => a + b, 0) / n;
    const variance = xs.reduce((a, b) => a + (b - m) ** 2, 0) / (n - 1);
    setMetric(mean, path, m);
    setMetric(half, path, (t * Math.sqrt(variance)) / Math.sqrt(n));
  }
  return { strategy: runs[0].strategy, ...mean, ci95: half };
}

const T975 = [12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
  2.201, 2.179, 2.16, 2.145, 2.131, 2.12, 2.11, 2.101, 2.093, 2.086,
  2.08, 2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042];

/** 97.5th percentile of Student's t with `df` degrees of freedom. */
export function studentT975(df: number): number {
  if (df <= T975.length) return T975[df - 1];
  // Cornish–Fisher expansion around the normal quantile: < 1e-4 off for df > 30.
  const z = 1.959964;
  return z + (z ** 3 + z) / (4 * df) + (5 * z ** 5 + 16 * z ** 3 + 3 * z) / (96 * df * df);
}
