import type { MetricPath } from '../metrics/registry';

/** Every metric's name (`metric.<path>`): table headings, chart legends, lesson sentences. */
export const metricNamesEn: Record<MetricPath, string> = {
  reads: 'reads',
  writes: 'writes',
  staleReads: 'stale reads',
  staleRate: 'stale-read rate',
  masterReads: 'master reads',
  masterReadShare: 'master read share',
  'masterOpsPerSec.mean': 'mean master ops/s',
  'masterOpsPerSec.peak': 'peak master ops/s',
  rywViolations: 'read-your-writes violations',
  monotonicViolations: 'monotonic-read violations',
  'stalenessMs.p50': 'median staleness',
  'stalenessMs.p99': 'p99 staleness',
  'stalenessMs.max': 'longest staleness',
  'readLatencyMs.p50': 'median read latency',
  'readLatencyMs.p99': 'p99 read latency',
  'readLatencyMs.max': 'longest read latency',
  'readLatencyMs.mean': 'mean read latency',
  'writeLatencyMs.p50': 'median write latency',
  'writeLatencyMs.p99': 'p99 write latency',
  'writeLatencyMs.max': 'longest write latency',
  'writeLatencyMs.mean': 'mean write latency',
  phantomStockReads: 'phantom-stock views',
  staleOrders: 'stale orders',
  'stalenessVersions.p50': 'median versions behind',
  'stalenessVersions.p99': 'p99 versions behind',
  'stalenessVersions.max': 'most versions behind',
  staleCriticalReads: 'stale critical reads',
  heldOps: 'operations held for their session',
};

/** The names as catalogue entries: { 'metric.staleRate': … }. */
export function metricEntries(names: Record<MetricPath, string>): Record<`metric.${MetricPath}`, string> {
  return Object.fromEntries(Object.entries(names).map(([path, name]) => [`metric.${path}`, name])) as Record<`metric.${MetricPath}`, string>;
}
