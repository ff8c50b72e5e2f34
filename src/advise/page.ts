import { Lang, t } from '../i18n';
import { Scenario } from '../scenario/types';
import { titleIn } from '../scenario/text';
import { ChartSpec, baseOptions } from '../report/charts/spec';
import { fittedPercentAxis } from '../report/charts/tradeoff';
import { colorOf } from '../report/charts/theme';
import { breakable, chartFigure, esc, htmlPage } from '../report/html/page';
import { filesList, lagsimVersion } from '../report/html/runPage';
import { trimNum } from '../report/format';
import { AdviseResult } from './advise';
import { AdviseConfig } from './frontier';
import { frontierRows, proxyLines, recommendationLines, searchLines, withCi } from './text';

/**
 * The advise page: the frontier chart with the recommendation marked, the recommendation
 * and why it wins (or the nearest miss), the frontier table and every configuration
 * searched. Self-contained like the run and sweep pages (Chart.js inlined, no network).
 * The page is a list of sections; a further one (settings for a proxy) goes after the
 * recommendation.
 */

export interface PageSection {
  id: string;
  title: string;
  html: string;
}

/** A point's error bars in % (95 % intervals), or null without replications. */
function errorsOf(c: AdviseConfig): { xLo: number; xHi: number; yLo: number; yHi: number } | null {
  const ci = c.result.ci95;
  if (ci === undefined) return null;
  const clip = (v: number): number => Math.min(100, Math.max(0, 100 * v));
  return {
    xLo: clip(c.result.masterReadShare - ci.masterReadShare), xHi: clip(c.result.masterReadShare + ci.masterReadShare),
    yLo: clip(c.result.staleRate - ci.staleRate), yHi: clip(c.result.staleRate + ci.staleRate),
  };
}

/** Stale rate against master read share, one point per configuration; p99 latency in each tooltip. */
export function adviseChart(r: AdviseResult, lang: Lang): ChartSpec {
  const marked = r.winner ?? r.nearestMiss?.config ?? null;
  const second = r.winner !== null ? r.runnerUp : null;
  const groups: Array<{ key: Parameters<typeof t>[1]; members: number[]; style: string; radius: number; color: string }> = [
    { key: 'advise.chart.others', members: r.configs.flatMap((c, i) => (!c.frontier && i !== marked && i !== second ? [i] : [])), style: 'circle', radius: 3, color: '#9aa0a6' },
    { key: 'advise.chart.frontier', members: r.configs.flatMap((c, i) => (c.frontier && i !== marked && i !== second ? [i] : [])), style: 'circle', radius: 6, color: colorOf(0) },
  ];
  if (second !== null) groups.push({ key: 'advise.chart.runnerUp', members: [second], style: 'rectRot', radius: 10, color: colorOf(2) });
  if (marked !== null) groups.push({ key: r.winner !== null ? 'advise.chart.winner' : 'advise.chart.nearest', members: [marked], style: 'star', radius: 14, color: colorOf(1) });
  const datasets = groups.filter((g) => g.members.length > 0).map((g) => ({
    label: t(lang, g.key),
    data: g.members.map((i) => ({ x: 100 * r.configs[i].result.masterReadShare, y: 100 * r.configs[i].result.staleRate })),
    backgroundColor: g.color,
    borderColor: g.color,
    pointStyle: g.style,
    pointRadius: g.radius,
    pointHoverRadius: g.radius + 2,
    borderWidth: g.style === 'star' ? 3 : 1,
    lagsimTitles: g.members.map((i) => `${r.configs[i].label} · ${t(lang, 'advise.chart.latency', { ms: trimNum(r.configs[i].result.readLatencyMs.p99) })}`),
    lagsimLabels: g.radius >= 10 ? g.members.map((i) => r.configs[i].label) : undefined,
    lagsimErrors: r.runs > 1 ? g.members.map((i) => errorsOf(r.configs[i])) : undefined,
  }));
  const note = r.runs > 1 ? t(lang, 'note.runs', { n: r.runs, from: r.seed, to: r.seed + r.runs - 1 }) : t(lang, 'note.seed', { seed: r.seed });
  const options = baseOptions(t(lang, 'advise.chart.title'), t(lang, 'advise.chart.subtitle'), {
    note,
    tooltip: { mode: 'xy', xName: t(lang, 'metric.masterReadShare'), yName: t(lang, 'metric.staleRate'), xUnit: '%', yUnit: '%' },
  });
  const xs = r.configs.map((c) => errorsOf(c)?.xHi ?? 100 * c.result.masterReadShare);
  const ys = r.configs.map((c) => errorsOf(c)?.yHi ?? 100 * c.result.staleRate);
  options.scales = { x: fittedPercentAxis(t(lang, 'axis.masterReadShare'), xs), y: fittedPercentAxis(t(lang, 'axis.staleRate'), ys) };
  return { id: 'advise-frontier', caption: t(lang, 'advise.chart.caption'), config: { type: 'scatter', data: { datasets }, options } };
}

/** Lines of text as paragraphs; the text is lagsim's own but escaped all the same. */
function paragraphs(lines: string[], cls = ''): string {
  return lines.map((l) => `<p${cls}>${esc(l.trim())}</p>`).join('\n');
}

/** The recommendation's lines: the verdict as a heading line, the indented lines under it as a list. */
function adviceHtml(lines: string[]): string {
  const out: string[] = [];
  let list: string[] = [];
  const flush = (): void => {
    if (list.length > 0) out.push(`<ul class="findings">\n${list.join('\n')}\n</ul>`);
    list = [];
  };
  for (const line of lines) {
    if (line.startsWith(' ')) list.push(`<li>${esc(line.trim())}</li>`);
    else {
      flush();
      out.push(`<p><strong>${esc(line)}</strong></p>`);
    }
  }
  flush();
  return out.join('\n');
}

function configRow(r: AdviseResult, i: number, lang: Lang, extra = ''): string {
  const c = r.configs[i];
  const violated = c.checks.filter((k) => !k.holds).length;
  const cls = i === r.winner ? ' class="winner"' : '';
  const slos = violated === 0 ? t(lang, 'advise.meets') : t(lang, 'advise.violates', { n: violated });
  return `<tr${cls}><td class="text"><code>${breakable(c.label)}</code>${esc(extra)}</td><td>${esc(withCi(c, 'staleRate'))}</td><td>${esc(withCi(c, 'masterReadShare'))}</td><td>${esc(withCi(c, 'readLatencyMs.p99'))}</td><td class="text">${esc(slos)}</td></tr>`;
}

function table(head: string, rows: string[]): string {
  return `<div class="scroll"><table class="summary"><thead>${head}</thead><tbody>\n${rows.join('\n')}\n</tbody></table></div>`;
}

function header(lang: Lang, extra: string[] = []): string {
  const cells = [t(lang, 'advise.col.config'), ...extra, t(lang, 'advise.col.stale'), t(lang, 'advise.col.master'), t(lang, 'advise.col.p99'), t(lang, 'advise.col.slos')];
  return `<tr>${cells.map((h, k) => `<th${k === 0 || k === cells.length - 1 ? ' class="text"' : ''}>${esc(h)}</th>`).join('')}</tr>`;
}

/** The page's sections in order; a caller may insert more (after the recommendation) before adviseHtml. */
export function adviseSections(r: AdviseResult, chart: ChartSpec, files: string[], lang: Lang): PageSection[] {
  const front = frontierRows(r).map(({ config, same }) => configRow(r, config, lang, same > 0 ? ` ${t(lang, 'advise.same', { n: same })}` : ''));
  const all = r.configs.map((c, i) => configRow(r, i, lang, ` (${t(lang, c.phase === 'grid' ? 'advise.page.phase.grid' : 'advise.page.phase.refine')})`));
  return [
    { id: 'chart', title: t(lang, 'advise.page.chart'), html: chartFigure(chart, '', files) },
    { id: 'recommendation', title: t(lang, 'advise.page.recommendation'), html: adviceHtml(recommendationLines(r, lang)) },
    ...(r.winner === null ? [] : [{ id: 'proxies', title: t(lang, 'advise.page.proxies'), html: `<pre class="proxies prose">${esc(proxyLines(r, lang).join('\n'))}</pre>` }]),
    { id: 'frontier', title: t(lang, 'advise.page.frontier'), html: `<p class="meta">${esc(t(lang, 'advise.frontier', { n: r.configs.filter((c) => c.frontier).length, total: r.configs.length }))}</p>\n${table(header(lang), front)}` },
    { id: 'all', title: t(lang, 'advise.page.all'), html: `<p class="meta">${esc(t(lang, 'advise.page.allNote'))}</p>\n${table(header(lang), all)}` },
    { id: 'files', title: t(lang, 'section.files'), html: filesList(files, [], lang) },
  ];
}

/** The page from its sections. */
export function adviseHtml(sc: Scenario, r: AdviseResult, sections: PageSection[], chart: ChartSpec, lang: Lang): string {
  const title = t(lang, 'advise.page.title', { title: titleIn(sc, lang) });
  const meta = [t(lang, 'advise.page.meta', { name: r.scenario, seed: r.seed }), ...searchLines(r, lang)];
  const body = `<header>
<h1>${esc(title)}</h1>
${paragraphs(meta, ' class="meta"')}
<nav>${sections.map((s) => `<a href="#${esc(s.id)}">${esc(s.title)}</a>`).join('')}</nav>
</header>
${sections.map((s) => `<section id="${esc(s.id)}"><h2>${esc(s.title)}</h2>\n${s.html}\n</section>`).join('\n')}
<footer>${esc(t(lang, 'html.footer', { version: lagsimVersion() }))}</footer>`;
  return htmlPage({ lang, title, body, charts: [chart] });
}
