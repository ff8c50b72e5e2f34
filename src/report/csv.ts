import { Summary } from '../metrics/summary';

const COLUMNS: Array<[string, (r: Summary['results'][number]) => number | string]> = [
  ['strategy', (r) => r.strategy],
  ['reads', (r) => r.reads],
  ['writes', (r) => r.writes],
  ['staleReads', (r) => r.staleReads],
  ['staleRate', (r) => r.staleRate],
  ['masterReads', (r) => r.masterReads],
  ['masterReadShare', (r) => r.masterReadShare],
  ['masterOpsPerSecMean', (r) => r.masterOpsPerSec.mean],
  ['masterOpsPerSecPeak', (r) => r.masterOpsPerSec.peak],
  ['rywViolations', (r) => r.rywViolations],
  ['monotonicViolations', (r) => r.monotonicViolations],
  ['stalenessMsP50', (r) => r.stalenessMs.p50],
  ['stalenessMsP99', (r) => r.stalenessMs.p99],
  ['stalenessMsMax', (r) => r.stalenessMs.max],
  ['readLatencyMsP50', (r) => r.readLatencyMs.p50],
  ['readLatencyMsP99', (r) => r.readLatencyMs.p99],
  ['readLatencyMsMax', (r) => r.readLatencyMs.max],
  ['readLatencyMsMean', (r) => r.readLatencyMs.mean],
  ['writeLatencyMsP50', (r) => r.writeLatencyMs.p50],
  ['writeLatencyMsP99', (r) => r.writeLatencyMs.p99],
  ['writeLatencyMsMax', (r) => r.writeLatencyMs.max],
  ['writeLatencyMsMean', (r) => r.writeLatencyMs.mean],
  ['phantomStockReads', (r) => r.phantomStockReads],
  ['staleOrders', (r) => r.staleOrders],
];

/** summary.csv: one row per strategy, the same numbers as summary.json (means when --runs > 1). */
export function summaryCsv(summary: Summary): string {
  const quote = (v: number | string): string => (typeof v === 'number' ? String(v) : /[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  const lines = [COLUMNS.map(([name]) => name).join(',')];
  for (const r of summary.results) lines.push(COLUMNS.map(([, get]) => quote(get(r))).join(','));
  return lines.join('\n') + '\n';
}
