import { Summary, StrategyResult } from '../../metrics/summary';
import { Lang, MessageKey, t } from '../../i18n';
import { trimNum } from '../table';
import { breakable, esc } from './page';

/** A column: header key, the number it shows (for "best"), and how it prints. */
interface Column {
  key: MessageKey;
  value: (r: StrategyResult) => number;
  text: (r: StrategyResult) => string;
  /** CI half-width path in ci95, when the column has one. */
  ci?: string[];
  percent?: boolean;
  /** Lower is better: the column's minimum is highlighted when it differs from the maximum. */
  best?: boolean;
}

export const pct = (x: number): string => `${trimNum(x * 100)}%`;

/** A share for sentences: three significant digits (66.7%, 4.17%, 0.052%), exact 0 and 100. */
export function pctShort(x: number): string {
  const p = x * 100;
  if (p === 0 || p === 100) return `${p}%`;
  return `${Number(p.toPrecision(3))}%`;
}
const num = (x: number): string => trimNum(x);

/** Milliseconds for reading, not for computing: four significant digits (499.9, 12.35, 0.125). */
export function ms(x: number): string {
  return Math.abs(x) >= 1 ? String(Number(x.toPrecision(4))) : trimNum(x);
}

const COLUMNS: Column[] = [
  { key: 'col.reads', value: (r) => r.reads, text: (r) => num(r.reads) },
  { key: 'col.staleReads', value: (r) => r.staleReads, text: (r) => num(r.staleReads), ci: ['staleReads'] },
  { key: 'col.staleRate', value: (r) => r.staleRate, text: (r) => pct(r.staleRate), ci: ['staleRate'], percent: true, best: true },
  { key: 'col.masterReadShare', value: (r) => r.masterReadShare, text: (r) => pct(r.masterReadShare), ci: ['masterReadShare'], percent: true, best: true },
  { key: 'col.masterOps', value: (r) => r.masterOpsPerSec.mean, text: (r) => `${num(r.masterOpsPerSec.mean)} / ${num(r.masterOpsPerSec.peak)}`, ci: ['masterOpsPerSec', 'mean'] },
  { key: 'col.ryw', value: (r) => r.rywViolations, text: (r) => num(r.rywViolations), ci: ['rywViolations'], best: true },
  { key: 'col.monotonic', value: (r) => r.monotonicViolations, text: (r) => num(r.monotonicViolations), ci: ['monotonicViolations'], best: true },
  { key: 'col.staleness', value: (r) => r.stalenessMs.p99, text: (r) => `${ms(r.stalenessMs.p50)} / ${ms(r.stalenessMs.p99)} / ${ms(r.stalenessMs.max)}` },
  { key: 'col.latency', value: (r) => r.readLatencyMs.p99, text: (r) => `${ms(r.readLatencyMs.p50)} / ${ms(r.readLatencyMs.p99)}` },
];

/** Columns that matter in some scenarios only: shown when any strategy has a non-zero value. */
const OPTIONAL: Column[] = [
  { key: 'col.writeLatency', value: (r) => r.writeLatencyMs.max, text: (r) => `${ms(r.writeLatencyMs.p50)} / ${ms(r.writeLatencyMs.p99)}` },
  { key: 'col.phantom', value: (r) => r.phantomStockReads, text: (r) => num(r.phantomStockReads), ci: ['phantomStockReads'], best: true },
  { key: 'col.staleOrders', value: (r) => r.staleOrders, text: (r) => num(r.staleOrders), ci: ['staleOrders'], best: true },
];

function ciText(r: StrategyResult, c: Column): string {
  if (c.ci === undefined || r.ci95 === undefined) return '';
  let h: unknown = r.ci95;
  for (const p of c.ci) h = (h as Record<string, unknown> | undefined)?.[p];
  if (typeof h !== 'number') return '';
  return ` <span class="ci">±${c.percent ? pct(h) : num(h)}</span>`;
}

/** The summary as an HTML table, best values of the "lower is better" columns in green. */
export function summaryTable(summary: Summary, lang: Lang): string {
  const rs = summary.results;
  const columns = [...COLUMNS, ...OPTIONAL.filter((c) => rs.some((r) => c.value(r) > 0))];
  const head = `<tr><th class="text">${esc(t(lang, 'col.strategy'))}</th>${columns.map((c) => `<th>${esc(t(lang, c.key))}</th>`).join('')}</tr>`;
  const rows = rs.map((r) => {
    const cells = columns.map((c) => {
      const values = rs.map(c.value);
      const min = Math.min(...values);
      const isBest = c.best === true && min !== Math.max(...values) && c.value(r) === min;
      return `<td${isBest ? ' class="best"' : ''}>${esc(c.text(r))}${ciText(r, c)}</td>`;
    });
    return `<tr><td class="text"><code>${breakable(r.strategy)}</code></td>${cells.join('')}</tr>`;
  });
  const notes = [t(lang, 'table.best')];
  if (summary.runs > 1) notes.unshift(t(lang, 'table.ci', { n: summary.runs, from: summary.seed, to: summary.seed + summary.runs - 1 }));
  return `<div class="scroll"><table class="summary">
<thead>${head}</thead>
<tbody>
${rows.join('\n')}
</tbody>
</table></div>
<p class="meta">${notes.map(esc).join(' ')}</p>`;
}
