import { Summary } from '../metrics/summary';
import { Lang, t } from '../i18n';
import { displayWidth } from '../i18n/template';
import { Column, cellHalf, cellText, columnId, columnTitle, summaryColumns } from './columns';

/**
 * The order in which a narrow terminal hides the table's columns (a column's group, or its
 * metric): the counts a rate already says first, the stale rate and master share last.
 * test/table-width.test.ts checks that every column the registry can show is here.
 */
export const HIDE_FIRST: readonly string[] = [
  'reads', 'staleReads', 'masterOpsPerSec.peak', 'monotonicViolations', 'phantomStockReads', 'staleOrders',
  'staleCriticalReads', 'rywViolations', 'writeLatency', 'masterOpsPerSec.mean', 'latency', 'staleness',
  'masterReadShare', 'staleRate',
];

/** Columns that stay however narrow the terminal: the strategy's and this many more. */
const KEEP = 1;

/**
 * The comparison table printed by `lagsim run`: one row per strategy, columns padded to fit
 * (wide characters count double). With `width` (a terminal's), columns are hidden in
 * HIDE_FIRST order until the lines fit, and a last line names them; without it, all are shown.
 */
export function formatTable(summary: Summary, lang: Lang = 'en', width?: number): string {
  let columns = summaryColumns(summary.results);
  let cells = tableCells(summary, columns, lang);
  const hidden: Column[] = [];
  while (width !== undefined && lineWidth(cells.widths) > width && columns.length > KEEP) {
    const drop = columns.reduce((a, b) => (HIDE_FIRST.indexOf(columnId(b)) < HIDE_FIRST.indexOf(columnId(a)) ? b : a));
    hidden.push(drop);
    columns = columns.filter((c) => c !== drop);
    cells = tableCells(summary, columns, lang);
  }
  const { header, rows, widths } = cells;
  const pad = (cell: string, c: number): string => ' '.repeat(widths[c] - displayWidth(cell));
  const line = (row: string[]): string => row.map((cell, c) => (c === 0 ? cell + pad(cell, c) : pad(cell, c) + cell)).join('  ');
  const out = [line(header), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.map(line)];
  if (hidden.length > 0) out.push('', t(lang, 'table.hidden', { width: width!, list: hidden.map((c) => columnTitle(c, lang, 'terminal')).join(', ') }));
  if (summary.runs > 1) out.push('', t(lang, 'table.ciNote', { runs: summary.runs, from: summary.seed, to: summary.seed + summary.runs - 1 }));
  return out.join('\n');
}

/** The heading and cells of these columns, and each column's width. */
function tableCells(summary: Summary, columns: readonly Column[], lang: Lang): { header: string[]; rows: string[][]; widths: number[] } {
  const header = [t(lang, 'table.strategy'), ...columns.map((c) => columnTitle(c, lang, 'terminal'))];
  const rows = summary.results.map((r) => [r.strategy, ...columns.map((c) => {
    const half = cellHalf(c, r);
    return cellText(c, r, 'terminal') + (half === undefined ? '' : ` ${half}`);
  })]);
  const widths = header.map((h, c) => Math.max(displayWidth(h), ...rows.map((r) => displayWidth(r[c]))));
  return { header, rows, widths };
}

/** A line's width: the columns and two spaces between each two. */
function lineWidth(widths: readonly number[]): number {
  return widths.reduce((sum, w) => sum + w, 0) + 2 * (widths.length - 1);
}
