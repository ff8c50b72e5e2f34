// index.html of a live report: the same page shell as `lagsim run`'s report, with the
// sections only a live run has — measured vs simulated, the scripted story as it
// happened on the real pair, and the lag calibration with a quantile chart per run.
import { Scenario } from '../scenario/types';
import { breakable, esc, htmlPage } from '../report/html/page';
import { LiveSession } from './session';
import { LiveComparison } from './compare';
import { LagFit, MIN_SAMPLES_FOR_SHAPE, describeFit } from './fit';
import { comparisonRows, harnessLine, loadLines, perReplicaLines, sessionHeadline, setupLines, storyLines } from './table';
import { pgpoolLines } from './pgpoolReport';
import { Lang, MessageKey, t } from '../i18n';

const ms = (us: number): string => (Number.isFinite(us) ? (us / 1000).toFixed(0) : '—');

/**
 * A catalogue sentence as HTML: its own text escaped for element content, each `{name}`
 * replaced by vars[name] — HTML the caller built (and escaped) itself.
 */
function sentence(lang: Lang, key: MessageKey, vars: Record<string, string> = {}): string {
  return t(lang, key).split(/\{(\w+)\}/).map((part, i) => (i % 2 === 1 ? vars[part] ?? `{${part}}` : part.replace(/[&<>]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[c]!))).join('');
}

/** Measured (dots) vs fitted-model (line) lag quantiles, as an inline SVG (no script, no fetch); the axis title in `lang`. */
export function quantileSvg(fit: LagFit, label: string, lang: Lang): string {
  const W = 440;
  const H = 190;
  const L = 48;
  const R = 30;
  const B = 38;
  const maxUs = Math.max(1, ...fit.quantiles.map((q) => Math.max(q.measuredUs, q.modelUs)));
  const x = (us: number): number => L + ((W - L - R) * us) / maxUs;
  const y = (p: number): number => H - B - (H - B - 10) * p;
  const line = fit.quantiles.map((q, i) => `${i === 0 ? 'M' : 'L'}${x(q.modelUs).toFixed(1)},${y(q.p).toFixed(1)}`).join(' ');
  const dots = fit.quantiles.map((q) => `<circle cx="${x(q.measuredUs).toFixed(1)}" cy="${y(q.p).toFixed(1)}" r="2.5" fill="#D55E00"/>`).join('');
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((f) => `<text x="${x(f * maxUs).toFixed(1)}" y="${H - B + 15}" font-size="11" text-anchor="middle">${ms(f * maxUs)}</text>`).join('');
  return `<svg viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="${esc(label)}">
<line x1="${L}" y1="${H - B}" x2="${W - R}" y2="${H - B}" stroke="#999"/><line x1="${L}" y1="10" x2="${L}" y2="${H - B}" stroke="#999"/>
<text x="${L - 6}" y="${y(1) + 4}" font-size="11" text-anchor="end">1</text><text x="${L - 6}" y="${y(0.5) + 4}" font-size="11" text-anchor="end">0.5</text><text x="${L - 6}" y="${y(0) + 4}" font-size="11" text-anchor="end">0</text>
${ticks}<text x="${(W + L - R) / 2}" y="${H - 4}" font-size="11" text-anchor="middle">${sentence(lang, 'live.page.axis')}</text>
<path d="${line}" fill="none" stroke="#0072B2" stroke-width="2"/>${dots}
</svg>`;
}

function table(rows: string[][]): string {
  const [header, ...body] = rows;
  return `<div class="scroll"><table class="summary">
<thead><tr>${header.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead>
<tbody>
${body.map((r) => `<tr>${r.map((c, i) => `<td>${i === 0 ? breakable(c) : esc(c)}</td>`).join('')}</tr>`).join('\n')}
</tbody></table></div>`;
}

/** The runs through a real Pgpool-II: each run's first line, then its indented lines as a list; '' when none. */
function pgpoolSection(session: LiveSession, comparisons: LiveComparison[], lang: Lang): string {
  const groups: string[][] = [];
  for (const line of pgpoolLines(session, comparisons, lang)) {
    if (!line.startsWith(' ') || groups.length === 0) groups.push([line]);
    else groups[groups.length - 1].push(line.trim());
  }
  if (groups.length === 0) return '';
  // One group per run through Pgpool-II, in run order: its head names the strategy, which may wrap at its commas.
  const labels = session.runs.filter((run) => run.proxied && run.spec.name === 'pgpool').map((run) => run.spec.label);
  const runs = groups.map(([head, ...rest], i) => {
    const headHtml = esc(head).replace(esc(labels[i]), `<code>${breakable(labels[i])}</code>`);
    return `<p>${headHtml}</p>\n<ul>${rest.map((l) => `<li>${esc(l)}</li>`).join('\n')}</ul>`;
  });
  return `<section id="pgpool"><h2>${sentence(lang, 'live.page.pgpool')}</h2>
<p>${sentence(lang, 'live.page.pgpoolNote')}</p>
${runs.join('\n')}
</section>`;
}

/** index.html of a live session, in `lang`. */
export function livePage(sc: Scenario, session: LiveSession, comparisons: LiveComparison[], method: string[], lang: Lang): string {
  const scripted = session.ops.some((op) => op.event >= 0);
  const story = scripted
    ? session.runs.map((run, i) => `<h3><code>${esc(run.spec.label)}</code></h3>\n<pre>${esc(storyLines(session, i, lang).join('\n'))}</pre>`).join('\n')
    : '';
  // One figure per strategy and replica (the follower's name after the strategy when there are several).
  const fits = comparisons.flatMap((c) => c.fits.map((f, i) => ({ f, label: c.fits.length > 1 ? `${c.strategy} — ${session.scenario.followers[i].name}` : c.strategy }))).map(({ f, label }) => {
    const caption = sentence(lang, 'live.page.fit', {
      strategy: `<code>${esc(label)}</code>`, n: String(f.measured.n), mean: ms(f.measured.meanUs), p99: ms(f.measured.p99Us),
      dist: `<b>${esc(describeFit(f, lang))}</b>`, modelMean: ms(f.modelled.meanUs), modelP99: ms(f.modelled.p99Us),
      ks: f.measured.n >= MIN_SAMPLES_FOR_SHAPE ? sentence(lang, 'live.page.ks', { ks: f.ks.toFixed(3) }) : '',
    });
    return `<figure style="display:inline-block;vertical-align:top;width:520px;max-width:100%;margin:12px 24px 12px 0"><figcaption>${caption}</figcaption>
${quantileSvg(f, t(lang, 'live.page.chartLabel', { strategy: label }), lang)}</figure>`;
  }).join('\n');
  const nav = (id: string, key: MessageKey): string => `<a href="#${id}">${sentence(lang, key)}</a>`;
  const title = t(lang, 'live.page.title', { title: sc.title });
  const pgpool = pgpoolSection(session, comparisons, lang);
  const body = `<header>
<h1>${esc(title)}</h1>
<p class="meta">${esc(sessionHeadline(sc, session, lang))}</p>
<nav>${nav('comparison', 'live.page.nav.comparison')}${pgpool !== '' ? nav('pgpool', 'live.page.nav.pgpool') : ''}${scripted ? nav('story', 'live.page.nav.story') : ''}${nav('calibration', 'live.page.nav.calibration')}${nav('method', 'live.page.nav.method')}</nav>
</header>
<section id="comparison"><h2>${sentence(lang, 'live.page.comparison')}</h2>
<p>${sentence(lang, 'live.page.comparisonNote', { ok: esc(t(lang, 'live.verdict.ok')), differs: esc(t(lang, 'live.verdict.differs')) })}</p>
${table(comparisonRows(comparisons, lang).map((r) => r.filter((_, i) => i !== 2 && i !== 3)))}
<p class="meta">${sentence(lang, 'live.page.calibrationNote', { link: nav('calibration', 'live.page.nav.calibration') })}</p>
${perReplicaLines(comparisons, lang).filter((l) => l !== '').map((l) => `<p class="meta">${esc(l)}</p>`).join('\n')}
${setupLines(comparisons, session, lang).map((l) => `<p class="meta">${esc(l)}</p>`).join('\n')}
<p class="meta">${esc(harnessLine(session, lang))}</p>
${loadLines(session, lang).map((l) => `<p class="meta">${esc(l)}</p>`).join('\n')}
</section>
${pgpool}
${scripted ? `<section id="story"><h2>${sentence(lang, 'live.page.story')}</h2>\n<p>${sentence(lang, 'live.page.storyNote')}</p>\n${story}\n</section>` : ''}
<section id="calibration"><h2>${sentence(lang, 'live.page.calibration')}</h2>
<p>${sentence(lang, 'live.page.calibrationText', { formula: 'max(a<sub>i−1</sub>, c<sub>i</sub> + d<sub>i</sub>)' })}</p>
${fits}
</section>
<section id="method"><h2>${sentence(lang, 'live.page.method')}</h2>
<ul>${method.map((m) => `<li>${esc(m)}</li>`).join('\n')}</ul>
</section>`;
  return htmlPage({ lang, title, body, charts: [] });
}
