import * as fs from 'fs';
import * as path from 'path';
import { Lang } from '../../i18n';
import { ChartSpec } from '../charts/spec';
import { clientSource } from '../charts/png';
import { HTML_FONT_SIZE } from '../charts/theme';

/** Escapes text for HTML element content and attribute values. */
export function esc(text: string | number): string {
  return String(text).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** A strategy label that may wrap before "(" and after "," — never inside a name or a value. */
export function breakable(label: string): string {
  return esc(label).replace(/\(/g, '<wbr>(').replace(/,/g, ',<wbr>');
}

/** Chart.js's browser bundle, inlined so the report needs no network. */
function chartJsSource(): string {
  return fs.readFileSync(path.join(path.dirname(require.resolve('chart.js')), 'chart.umd.js'), 'utf8');
}

/** Script text cannot contain "</script"; JSON and our code are escaped, never the bundle's meaning. */
function inlineScript(code: string): string {
  return `<script>${code.replace(/<\/(script)/gi, '<\\/$1')}</script>`;
}

/**
 * The canvas a chart is drawn into, with its caption and a link to its PNG twin when `files`
 * has it. The box around the chart scrolls sideways on a phone, where the chart keeps a
 * minimum width. A chart of panels stacked one above another (axes with a `stack`) is taller,
 * so that each panel keeps room for its axis title beside a long legend. The box grows by
 * what its chart holds (chartRoom).
 */
export function chartFigure(spec: ChartSpec, pngLabel: string, files: readonly string[]): string {
  const png = files.includes(`${spec.id}.png`) ? ` <a href="${esc(spec.id)}.png">${esc(pngLabel)}</a>` : '';
  const scales = Object.values(((spec.config.options ?? {}) as { scales?: Record<string, { stack?: string }> }).scales ?? {});
  const panels = scales.some((s) => s.stack !== undefined) ? ' panels' : '';
  return `<figure id="fig-${esc(spec.id)}">
<div class="chart-box"><div class="chart${panels}"${chartRoom(spec)}><canvas id="chart-${esc(spec.id)}" role="img" aria-label="${esc(spec.caption)}"></canvas></div></div>
<figcaption>${esc(spec.caption)}${png}</figcaption>
</figure>`;
}

/** Legend entries that fit beside the plot without taking a row of their own from it. */
const LEGEND_ROWS_FREE = 2;
const LEGEND_ROW_PX = 22;
/** Characters of a category label line the phone's minimum width already has room for, and the width of one more. */
const LABEL_CHARS_FREE = 21;
const LABEL_CHAR_PX = 6.6;

/**
 * The room a chart needs beyond its box's default, as CSS variables: --legend-h, a row per
 * legend entry past two (a long legend wraps to a row per entry and takes it from the plot);
 * --label-w, on a phone, the width of category labels longer than the default leaves room for.
 */
function chartRoom(spec: ChartSpec): string {
  const data = (spec.config.data ?? {}) as { labels?: unknown[]; datasets?: Array<{ label?: unknown }> };
  const entries = (data.datasets ?? []).filter((d) => typeof d.label === 'string' && d.label !== '').length;
  const categories = (spec.config.options as { indexAxis?: string } | undefined)?.indexAxis === 'y' ? data.labels ?? [] : [];
  const chars = Math.max(0, ...categories.flatMap((l) => ([] as unknown[]).concat(l)).map((line) => String(line).length));
  const vars = [
    entries > LEGEND_ROWS_FREE ? `--legend-h: ${(entries - LEGEND_ROWS_FREE) * LEGEND_ROW_PX}px` : '',
    chars > LABEL_CHARS_FREE ? `--label-w: ${Math.round((chars - LABEL_CHARS_FREE) * LABEL_CHAR_PX)}px` : '',
  ].filter((v) => v !== '');
  return vars.length === 0 ? '' : ` style="${vars.join('; ')}"`;
}

const CSS = `
:root { --fg: #1d1d1f; --muted: #5f6368; --line: #d9dce1; --accent: #0072B2; --bad: #D55E00; --good: #009E73; }
* { box-sizing: border-box; }
body { margin: 0; color: var(--fg); background: #fff; line-height: 1.55; word-break: keep-all; overflow-wrap: anywhere;
  font: 16px/1.55 'Noto Sans CJK KR', 'Noto Sans KR', 'Apple SD Gothic Neo', 'Malgun Gothic', 'Noto Sans', 'Segoe UI', sans-serif; }
main { max-width: 1180px; margin: 0 auto; padding: 24px 28px 64px; }
h1 { font-size: 1.9rem; margin: 0 0 4px; line-height: 1.25; }
h2 { font-size: 1.35rem; margin: 40px 0 12px; padding-bottom: 6px; border-bottom: 2px solid var(--line); }
h3 { font-size: 1.1rem; margin: 24px 0 8px; }
.meta { color: var(--muted); margin: 0 0 8px; }
nav { display: flex; flex-wrap: wrap; gap: 6px 18px; margin: 12px 0 0; font-size: .95rem; }
a { color: var(--accent); }
table { border-collapse: collapse; width: 100%; font-size: .92rem; margin: 8px 0; }
/* A cell that wraps (th, td.text) wraps between words, and splits a word only when it cannot fit alone: the table gives each column its longest word. */
th, td { padding: 6px 10px; border-bottom: 1px solid var(--line); text-align: right; vertical-align: top; white-space: nowrap; overflow-wrap: break-word; }
th { background: #f4f5f7; font-weight: 600; white-space: normal; vertical-align: bottom; min-width: 4.5em; overflow-wrap: normal; }
th:first-child, td:first-child, td.text, th.text { text-align: left; }
td.text { white-space: normal; }
table.summary { font-size: .86rem; }
table.summary td:first-child { white-space: normal; min-width: 14em; overflow-wrap: normal; }
th code { overflow-wrap: normal; word-break: normal; }
.scroll { overflow-x: auto; }
td.best { font-weight: 700; color: var(--good); }
tr.winner td { font-weight: 700; background: #eef6fb; }
td.worst { color: var(--bad); }
.ci { color: var(--muted); font-size: .85em; }
figure { margin: 20px 0 32px; }
.chart-box { overflow-x: auto; }
.chart-box > .chart { position: relative; width: 100%; aspect-ratio: 16 / 9; min-height: calc(420px + var(--legend-h, 0px)); }
.chart-box > .chart.panels { aspect-ratio: 4 / 3; min-height: calc(560px + var(--legend-h, 0px)); }
figcaption { color: var(--muted); font-size: .92rem; margin-top: 6px; }
ul.findings li { margin: 6px 0; }
dl.strategies dt { font-weight: 700; font-family: ui-monospace, 'DejaVu Sans Mono', monospace; margin-top: 14px; }
dl.strategies dd { margin: 4px 0 0 0; }
code, pre { font-family: ui-monospace, 'DejaVu Sans Mono', 'Noto Sans Mono CJK KR', monospace; font-size: .88rem; }
pre { background: #f6f8fa; padding: 12px; overflow-x: auto; border-radius: 6px; }
/* Sentences set in a monospace block (advise's proxy settings) wrap, keeping their indentation. */
pre.prose { white-space: pre-wrap; }
details { margin: 12px 0; }
footer { color: var(--muted); font-size: .85rem; margin-top: 48px; }
.lesson .question { font-size: 1.1rem; }
.lesson ul.answers { list-style: none; padding-left: 0; }
.lesson li { margin: 8px 0; }
.lesson .mark { font-weight: 700; margin-right: 4px; }
.lesson li.holds .mark { color: var(--good); }
.lesson li.fails .mark, .lesson li.unknown .mark { color: var(--bad); }
.lesson .check { color: var(--muted); font-size: .88rem; }
/* Phones: less margin; each chart at least 520 px wide (its box scrolls) and 480 px tall, so the plot keeps room beside labels, legend and titles. */
@media (max-width: 600px) {
  main { padding: 16px 12px 48px; }
  h1 { font-size: 1.5rem; }
  h2 { margin-top: 32px; }
  .chart-box > .chart { aspect-ratio: auto; min-width: calc(520px + var(--label-w, 0px)); height: calc(480px + var(--legend-h, 0px)); min-height: 0; }
  .chart-box > .chart.panels { height: calc(780px + var(--legend-h, 0px)); }
  table.summary td:first-child { min-width: 11em; }
}
/* The printed handout: the question, the prediction's fields to fill on paper, the exercises — no controls, lab or navigation. */
@media print {
  nav, .site-nav, button, .controls, #lab, [data-lagsim-lab], .story label, .story input { display: none !important; }
  main { max-width: none; padding: 0; }
  figure, form.predict, .exercises { break-inside: avoid; }
  a { color: inherit; text-decoration: none; }
}
.site-nav { margin: 0 0 14px; font-size: .92rem; }
`;

export interface PageParts {
  lang: Lang;
  title: string;
  body: string;
  charts: ChartSpec[];
}

/**
 * One self-contained HTML file: Chart.js, the chart helpers and the data inlined.
 * The Content-Security-Policy forbids every fetch, so a stray URL fails loudly in
 * the console instead of quietly phoning home; the page works from file://.
 */
export function htmlPage(p: PageParts): string {
  const data = JSON.stringify(p.charts.map((c) => ({ id: c.id, config: c.config }))).replace(/</g, '\\u003c');
  const init = `(function () {
  lagsim.setup(Chart, ${HTML_FONT_SIZE});
  var specs = JSON.parse(document.getElementById('lagsim-charts').textContent);
  specs.forEach(function (s) {
    var config = lagsim.hydrate(s.config);
    // The page's CSS sizes each chart (wide on a desk, tall on a phone); the PNG keeps the spec's aspect ratio.
    config.options.maintainAspectRatio = false;
    config.plugins = [lagsim.plugin];
    new Chart(document.getElementById('chart-' + s.id), config);
  });
})();`;
  return `${pageHead(p.lang, p.title, true)}
<body>
<main>
${p.body}
</main>
${inlineScript(chartJsSource())}
${inlineScript(clientSource())}
<script type="application/json" id="lagsim-charts">${data}</script>
${inlineScript(init)}
</body>
</html>
`;
}

/** A page without charts or script (the classroom site's index, glossary and teacher page), with the report's look. */
export function plainPage(lang: Lang, title: string, body: string): string {
  return `${pageHead(lang, title, false)}
<body>
<main>
${body}
</main>
</body>
</html>
`;
}

/** The head every page shares: no network (the CSP), the phone viewport, the report's CSS; inline script only where the page has some. */
function pageHead(lang: string, title: string, script: boolean): string {
  const scriptSrc = script ? " script-src 'unsafe-inline';" : '';
  return `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none';${scriptSrc} style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="lagsim">
<title>${esc(title)}</title>
<link rel="icon" href="data:,">
<style>${CSS}</style>
</head>`;
}
