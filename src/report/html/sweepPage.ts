import { Scenario } from '../../scenario/types';
import { Lang, t } from '../../i18n';
import { SweepResult } from '../../sweep/run';
import { ChartSpec } from '../charts/spec';
import { breakable, chartFigure, esc, htmlPage } from './page';
import { filesList, lagsimVersion } from './runPage';
import { formatHalf, pct } from '../format';
import type { ResultNumbers } from '../../metrics/summary';
import { scenarioView, strategiesView } from './scenarioView';
import { titleIn } from '../../scenario/text';

function ciOf(ci: ResultNumbers | undefined, field: 'staleRate' | 'masterReadShare'): string {
  return ci === undefined ? '' : ` <span class="ci">${esc(formatHalf(field, ci[field]))}</span>`;
}

/** Values down, strategies across; each cell "stale-read rate / master read share". */
function resultsTable(s: SweepResult, lang: Lang): string {
  const head = `<tr><th class="text">${esc(s.param.path)}</th>${s.families.map((f) => `<th class="text"><code>${breakable(f)}</code></th>`).join('')}</tr>`;
  const rows = s.points.map((p) => {
    const cells = p.summary.results.map((r) =>
      `<td>${esc(pct(r.staleRate))}${ciOf(r.ci95, 'staleRate')} / ${esc(pct(r.masterReadShare))}${ciOf(r.ci95, 'masterReadShare')}</td>`);
    return `<tr><td class="text"><code>${esc(p.value)}</code></td>${cells.join('')}</tr>`;
  });
  return `<div class="scroll"><table class="summary"><thead>${head}</thead><tbody>
${rows.join('\n')}
</tbody></table></div>
<p class="meta">${esc(`${t(lang, 'metric.staleRate')} / ${t(lang, 'metric.masterReadShare')}`)}</p>`;
}

/** The sweep page: frontier and per-value charts, the results, the strategies, the base scenario. */
export function sweepPage(base: Scenario, s: SweepResult, charts: ChartSpec[], files: string[], lang: Lang): string {
  const runs = s.runs > 1 ? t(lang, 'html.runs.many', { n: s.runs }) : t(lang, 'html.runs.one');
  const values = s.param.values;
  const meta = t(lang, 'sweep.meta', { name: s.scenario, param: s.param.path, from: values[0], to: values[values.length - 1], steps: values.length, seed: s.seed, runs });
  const title = t(lang, 'sweep.title', { param: s.param.path, title: titleIn(base, lang) });
  const body = `<header>
<h1>${esc(title)}</h1>
<p class="meta">${esc(meta)}</p>
<nav><a href="#charts">${esc(t(lang, 'section.charts'))}</a><a href="#results">${esc(t(lang, 'sweep.table'))}</a><a href="#strategies">${esc(t(lang, 'section.strategies'))}</a><a href="#scenario">${esc(t(lang, 'section.scenario'))}</a><a href="#files">${esc(t(lang, 'section.files'))}</a></nav>
</header>
<section id="charts"><h2>${esc(t(lang, 'section.charts'))}</h2>
${charts.map((c) => chartFigure(c, t(lang, 'html.png'), files)).join('\n')}
</section>
<section id="results"><h2>${esc(t(lang, 'sweep.table'))}</h2>
${resultsTable(s, lang)}
</section>
<section id="strategies"><h2>${esc(t(lang, 'section.strategies'))}</h2>
${strategiesView(base, lang)}
</section>
<section id="scenario"><h2>${esc(t(lang, 'section.scenario'))}</h2>
${scenarioView(base, lang, s.runs)}
</section>
<section id="files"><h2>${esc(t(lang, 'section.files'))}</h2>
${filesList(files, charts, lang)}
</section>
<footer>${esc(t(lang, 'html.footer', { version: lagsimVersion() }))}</footer>`;
  return htmlPage({ lang, title, body, charts });
}
