import { StrategyResult, Summary } from '../metrics/summary';
import { METRIC_PATHS, csvName, metricValue } from '../metrics/registry';

/**
 * Every number of a strategy's result as CSV columns (summary.csv and sweep.csv alike),
 * in registry order; with replications, each number's 95 % half-width follows as
 * `<column>Ci95`.
 */
export function resultHeader(withCi: boolean): string[] {
  const names = METRIC_PATHS.map(csvName);
  return withCi ? [...names, ...names.map((n) => `${n}Ci95`)] : names;
}

export function resultCells(r: StrategyResult, withCi: boolean): number[] {
  const values = METRIC_PATHS.map((p) => metricValue(r, p));
  if (!withCi) return values;
  const ci = r.ci95;
  return [...values, ...METRIC_PATHS.map((p) => (ci === undefined ? NaN : metricValue(ci, p)))];
}

/** One CSV cell: numbers as they are, text quoted when it must be, null and NaN as empty. */
export function csvCell(v: string | number | null): string {
  if (v === null || (typeof v === 'number' && Number.isNaN(v))) return '';
  if (typeof v === 'number') return String(v);
  return /[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/** summary.csv: one row per strategy, the same numbers as summary.json (means and half-widths when --runs > 1). */
export function summaryCsv(summary: Summary): string {
  const ci = summary.runs > 1;
  const lines = [['strategy', ...resultHeader(ci)].join(',')];
  for (const r of summary.results) lines.push([r.strategy, ...resultCells(r, ci)].map(csvCell).join(','));
  return lines.join('\n') + '\n';
}
