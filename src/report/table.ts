import { Summary } from '../metrics/summary';
import { Lang, t } from '../i18n';
import { displayWidth } from '../i18n/template';
import { cellHalf, cellText, columnTitle, summaryColumns } from './columns';

/** The comparison table printed by `lagsim run`: one row per strategy, columns padded to fit (wide characters count double). */
export function formatTable(summary: Summary, lang: Lang = 'en'): string {
  const columns = summaryColumns(summary.results);
  const header = [t(lang, 'table.strategy'), ...columns.map((c) => columnTitle(c, lang, 'terminal'))];
  const rows = summary.results.map((r) => [r.strategy, ...columns.map((c) => {
    const half = cellHalf(c, r);
    return cellText(c, r, 'terminal') + (half === undefined ? '' : ` ${half}`);
  })]);
  const widths = header.map((h, c) => Math.max(displayWidth(h), ...rows.map((r) => displayWidth(r[c]))));
  const pad = (cell: string, c: number): string => ' '.repeat(widths[c] - displayWidth(cell));
  const line = (cells: string[]): string => cells.map((cell, c) => (c === 0 ? cell + pad(cell, c) : pad(cell, c) + cell)).join('  ');
  const out = [line(header), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.map(line)];
  if (summary.runs > 1) out.push('', t(lang, 'table.ciNote', { runs: summary.runs, from: summary.seed, to: summary.seed + summary.runs - 1 }));
  return out.join('\n');
}
