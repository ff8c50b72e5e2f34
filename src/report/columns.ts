import { METRICS, METRIC_PATHS, MetricPath, metricValue } from '../metrics/registry';
import type { StrategyResult, Summary } from '../metrics/summary';
import { Lang, lookup, t } from '../i18n';
import { Style, formatHalf, formatMetric } from './format';

/**
 * The summary tables' columns (the terminal's and the page's), derived from the metric
 * registry: one column per shown metric, or per group of metrics sharing a cell.
 */
export interface Column {
  metrics: MetricPath[];
  group?: string;
}

/** Every column the registry asks for, in registry order. */
const ALL: readonly Column[] = METRIC_PATHS.reduce<Column[]>((columns, path) => {
  const m = METRICS[path];
  if (m.column === 'never') return columns;
  const last = columns[columns.length - 1];
  if (m.group !== undefined && last?.group === m.group) last.metrics.push(path);
  else columns.push({ metrics: [path], group: m.group });
  return columns;
}, []);

/** The columns for these results: those shown always, and the others where some strategy has a non-zero value. */
export function summaryColumns(results: readonly StrategyResult[]): Column[] {
  return ALL.filter((c) => c.metrics.some((p) => METRICS[p].column === 'always' || results.some((r) => metricValue(r, p) !== 0)));
}

/** What names a column: its group, or its one metric. */
export function columnId(c: Column): string {
  return c.group ?? c.metrics[0];
}

/** The column's heading: the group's (`col.` on pages, `table.` in the terminal, shorter), else the metric's name. */
export function columnTitle(c: Column, lang: Lang, style: Style): string {
  const id = columnId(c);
  return lookup(lang, `${style === 'terminal' ? 'table' : 'col'}.${id}`) ?? t(lang, `metric.${c.metrics[0]}`);
}

/** The cell of one result: its values joined by " / ". */
export function cellText(c: Column, r: StrategyResult, style: Style): string {
  return c.metrics.map((p) => formatMetric(p, metricValue(r, p), style)).join(' / ');
}

/** The 95 % half-width of a single-metric column's value ("±8.95%"), or undefined without replications. */
export function cellHalf(c: Column, r: StrategyResult): string | undefined {
  if (r.ci95 === undefined || c.metrics.length !== 1) return undefined;
  return formatHalf(c.metrics[0], metricValue(r.ci95, c.metrics[0]));
}

/** Whether `r` holds the column's best value: the lowest of a lower-is-better column whose values differ. */
export function isBest(c: Column, r: StrategyResult, summary: Summary): boolean {
  const p = c.metrics[0];
  if (!METRICS[p].lowerIsBetter) return false;
  const values = summary.results.map((x) => metricValue(x, p));
  const min = Math.min(...values);
  return min !== Math.max(...values) && metricValue(r, p) === min;
}
