// index.html of a live report: the same page shell as `lagsim run`'s report, with the
// sections only a live run has — measured vs simulated, the scripted story as it
// happened on the real pair, and the lag calibration with a quantile chart per run.
import { Scenario } from '../scenario/types';
import { breakable, esc, htmlPage } from '../report/html/page';
import { LiveSession } from './session';
import { LiveComparison } from './compare';
import { LagFit, MIN_SAMPLES_FOR_SHAPE, describeDist } from './fit';
import { comparisonRows, harnessLine, sessionHeadline, storyLines } from './table';

const ms = (us: number): string => (Number.isFinite(us) ? (us / 1000).toFixed(0) : '—');

/** Measured (dots) vs fitted-model (line) lag quantiles, as an inline SVG (no script, no fetch). */
export function quantileSvg(fit: LagFit, label: string): string {
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
${ticks}<text x="${(W + L - R) / 2}" y="${H - 4}" font-size="11" text-anchor="middle">apply lag, ms (y: share of writes applied within)</text>
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

export function livePage(sc: Scenario, session: LiveSession, comparisons: LiveComparison[], method: string[]): string {
  const scripted = session.ops.some((op) => op.event >= 0);
  const story = scripted
    ? session.runs.map((run, i) => `<h3><code>${esc(run.spec.label)}</code></h3>\n<pre>${esc(storyLines(session, i).join('\n'))}</pre>`).join('\n')
    : '';
  const fits = comparisons.map((c) => {
    const f = c.fit;
    return `<figure style="display:inline-block;vertical-align:top;width:520px;max-width:100%;margin:12px 24px 12px 0"><figcaption><code>${esc(c.strategy)}</code>: ${f.measured.n} writes, measured lag mean ${ms(f.measured.meanUs)} ms, p99 ${ms(f.measured.p99Us)} ms;
fitted shipping delay <b>${esc(describeDist(f.dist))}</b>, whose lags (after queueing behind earlier events) have mean ${ms(f.modelled.meanUs)} ms, p99 ${ms(f.modelled.p99Us)} ms;
${f.measured.n >= MIN_SAMPLES_FOR_SHAPE ? `KS distance ${f.ks.toFixed(3)}. ` : ''}Dots: measured quantiles; line: the model's.</figcaption>
${quantileSvg(f, `${c.strategy}: measured vs fitted lag quantiles`)}</figure>`;
  }).join('\n');
  const body = `<header>
<h1>${esc(sc.title)} — live</h1>
<p class="meta">${esc(sessionHeadline(sc, session))}</p>
<nav><a href="#comparison">measured vs simulated</a>${scripted ? '<a href="#story">the story, live</a>' : ''}<a href="#calibration">lag calibration</a><a href="#method">method</a></nav>
</header>
<section id="comparison"><h2>Measured vs simulated</h2>
<p>Δ = live − simulated; “ok” when within the 95% tolerance (± shown), “DIFFERS” when not.</p>
${table(comparisonRows(comparisons).map((r) => r.filter((_, i) => i !== 2 && i !== 3)))}
<p class="meta">The lag each run measured and the model fitted to it are under <a href="#calibration">lag calibration</a>.</p>
<p class="meta">${esc(harnessLine(session))}</p>
</section>
${scripted ? `<section id="story"><h2>The story, live</h2>\n<p>The scenario's scripted events as they happened on the real primary and replica (“master” is the primary).</p>\n${story}\n</section>` : ''}
<section id="calibration"><h2>Lag calibration</h2>
<p>The simulator applies event i at max(a<sub>i−1</sub>, c<sub>i</sub> + d<sub>i</sub>). The shipping delay d is fitted so that the model's lags on this run's commit times match the measured ones quantile by quantile; the family (constant, uniform, normal, lognormal) with the smallest distance wins.</p>
${fits}
</section>
<section id="method"><h2>Method</h2>
<ul>${method.map((m) => `<li>${esc(m)}</li>`).join('\n')}</ul>
</section>`;
  return htmlPage({ lang: 'en', title: `${sc.title} — live`, body, charts: [] });
}
