import type { ResultNumbers, StrategyResult } from './summary';

/**
 * Every number of a strategy's result, listed once. The CLI table, summary.csv,
 * sweep.csv, the HTML summary table, lesson claims, replication means and their
 * confidence intervals all walk this list; a metric's name in each language is the
 * catalogue entry `metric.<path>` (src/i18n/metrics.*.ts).
 *
 * Adding a metric: count it in MetricsCollector, give it a field in ResultNumbers and
 * summarize(), an entry here (the compiler refuses a result field without one), and
 * its two catalogue lines. New entries go last, so CSV columns keep their places.
 */

/** Dotted paths to the numbers of a result: 'staleRate', 'stalenessMs.p99'. */
type Leaves<T, Prefix extends string = ''> = {
  [K in keyof T & string]: T[K] extends number ? `${Prefix}${K}` : Leaves<T[K], `${Prefix}${K}.`>;
}[keyof T & string];
export type MetricPath = Leaves<ResultNumbers>;

/**
 * rate: a fraction of reads, shown in %; ms: milliseconds; opsPerSec: operations per
 * simulated second; count: operations; versions: how many versions behind.
 */
export type Unit = 'rate' | 'ms' | 'opsPerSec' | 'count' | 'versions';

export interface Metric {
  unit: Unit;
  /** Lower is better (tables mark the lowest); false for volumes such as reads. */
  lowerIsBetter: boolean;
  /**
   * Whether the summary tables show it: always, only when some strategy has a non-zero
   * value (numbers that matter in some scenarios only), or never (CSV and JSON only).
   */
  column: 'always' | 'nonZero' | 'never';
  /**
   * Metrics of one group share a table cell ("p50 / p99 / max"); the column is headed by
   * the catalogue entry `col.<group>` (pages) and `table.<group>` (terminal).
   */
  group?: string;
}

const count = (lowerIsBetter: boolean, column: Metric['column'] = 'always'): Metric => ({ unit: 'count', lowerIsBetter, column });
const of = (unit: Unit, column: Metric['column'], group?: string): Metric => ({ unit, lowerIsBetter: true, column, group });

/** In this order in CSV columns and tables. */
export const METRICS: Readonly<Record<MetricPath, Metric>> = {
  reads: count(false),
  writes: count(false, 'never'),
  staleReads: count(true),
  staleRate: of('rate', 'always'),
  masterReads: count(true, 'never'),
  masterReadShare: of('rate', 'always'),
  'masterOpsPerSec.mean': of('opsPerSec', 'always'),
  'masterOpsPerSec.peak': of('opsPerSec', 'always'),
  rywViolations: count(true),
  monotonicViolations: count(true),
  'stalenessMs.p50': of('ms', 'always', 'staleness'),
  'stalenessMs.p99': of('ms', 'always', 'staleness'),
  'stalenessMs.max': of('ms', 'always', 'staleness'),
  'readLatencyMs.p50': of('ms', 'always', 'latency'),
  'readLatencyMs.p99': of('ms', 'always', 'latency'),
  'readLatencyMs.max': of('ms', 'never'),
  'readLatencyMs.mean': of('ms', 'never'),
  'writeLatencyMs.p50': of('ms', 'nonZero', 'writeLatency'),
  'writeLatencyMs.p99': of('ms', 'nonZero', 'writeLatency'),
  'writeLatencyMs.max': of('ms', 'never'),
  'writeLatencyMs.mean': of('ms', 'never'),
  phantomStockReads: count(true, 'nonZero'),
  staleOrders: count(true, 'nonZero'),
  'stalenessVersions.p50': of('versions', 'never'),
  'stalenessVersions.p99': of('versions', 'never'),
  'stalenessVersions.max': of('versions', 'never'),
  staleCriticalReads: count(true),
  heldOps: count(true, 'never'),
};

export const METRIC_PATHS = Object.keys(METRICS) as readonly MetricPath[];

export function isMetricPath(name: string): name is MetricPath {
  return Object.hasOwn(METRICS, name);
}

/** The number at `path` of a result (or of its ci95). */
export function metricValue(r: ResultNumbers, path: MetricPath): number {
  const dot = path.indexOf('.');
  const rec = r as unknown as Record<string, number | Record<string, number>>;
  return dot < 0 ? rec[path] as number : (rec[path.slice(0, dot)] as Record<string, number>)[path.slice(dot + 1)];
}

/** Sets the number at `path` of a result whose shape is already there. */
export function setMetric(r: ResultNumbers, path: MetricPath, value: number): void {
  const dot = path.indexOf('.');
  const rec = r as unknown as Record<string, number | Record<string, number>>;
  if (dot < 0) rec[path] = value;
  else (rec[path.slice(0, dot)] as Record<string, number>)[path.slice(dot + 1)] = value;
}

/** The CSV column of a metric: 'stalenessMs.p99' → 'stalenessMsP99'. */
export function csvName(path: MetricPath): string {
  return path.replace(/\.(\w)/, (_m, c: string) => c.toUpperCase());
}

/** The numbers of a result without its label and intervals. */
export function numbersOf(r: StrategyResult): ResultNumbers {
  const { strategy: _label, ci95: _ci, ...numbers } = r;
  return numbers;
}
