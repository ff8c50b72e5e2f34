import { Summary } from '../../metrics/summary';
import { Lang, t } from '../../i18n';
import { cellHalf, cellText, columnTitle, isBest, summaryColumns } from '../columns';
import { breakable, esc } from './page';

/** The summary as an HTML table, best values of the "lower is better" columns in green. */
export function summaryTable(summary: Summary, lang: Lang): string {
  const columns = summaryColumns(summary.results);
  const head = `<tr><th class="text">${esc(t(lang, 'col.strategy'))}</th>${columns.map((c) => `<th>${esc(columnTitle(c, lang, 'page'))}</th>`).join('')}</tr>`;
  const rows = summary.results.map((r) => {
    const cells = columns.map((c) => {
      const half = cellHalf(c, r);
      const ci = half === undefined ? '' : ` <span class="ci">${esc(half)}</span>`;
      return `<td${isBest(c, r, summary) ? ' class="best"' : ''}>${esc(cellText(c, r, 'page'))}${ci}</td>`;
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
