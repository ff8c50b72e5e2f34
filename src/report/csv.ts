import { StrategyResult, Summary } from '../metrics/summary';

/** Every number of a strategy's result, as CSV columns (summary.csv and sweep.csv alike). */
export const RESULT_COLUMNS: Array<[string, (r: StrategyResult) => number]> = [
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

/** One CSV cell: numbers as they are, text quoted when it must be, null as empty. */
export function csvCell(v: string | number | null): string {
  if (v === null) return '';
  if (typeof v === 'number') return String(v);
  return /[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/** summary.csv: one row per strategy, the same numbers as summary.json (means when --runs > 1). */
export function summaryCsv(summary: Summary): string {
  const lines = [['strategy', ...RESULT_COLUMNS.map(([name]) => name)].join(',')];
  for (const r of summary.results) lines.push([r.strategy, ...RESULT_COLUMNS.map(([, get]) => get(r))].map(csvCell).join(','));
  return lines.join('\n') + '\n';
}
