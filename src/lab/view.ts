import type { StrategyResult } from '../metrics/summary';
import { esc } from '../report/diagram';
import { formatMetric, pct, trimNum } from '../report/format';
import { formatDuration } from '../engine/time';
import { DelayDist, describeDist, meanUs } from '../model/distributions';
import { LAG_FAMILIES, LabParams, LabStrategy, LagFamily, MAX_LAB_STRATEGIES, isLagFamily } from './params';
import { LabControl, STRATEGIES } from '../strategies';
import { METRICS, MetricPath, metricValue } from '../metrics/registry';
import { Lang, MessageKey, t } from '../i18n';

/**
 * The lab's markup as strings (no DOM here, so node tests can read it): the controls,
 * the numbers, the command-line hint. browser.ts puts them on the page and wires events.
 * Every control carries data-param (what it sets); every number data-metric and
 * data-value (the exact number, as the summary JSON has it).
 */

export interface ControlMeta {
  strategies: string[];
  /** The scenario's own lag (null when its followers' lags differ). */
  fileLag: DelayDist | null;
  /** Lag family and mean the sliders start from. */
  lagStart: { dist: LagFamily; meanMs: number };
  /** Shortest duration that still holds every scripted event. */
  minDurationMs: number;
  /** The file has no workload of its own: the lab added one. */
  trafficAdded: boolean;
  addedKeys: number;
}


function range(param: string, label: string, value: number, min: number, max: number, step: number, shown: string, disabled = false): string {
  return `<label class="ctl${disabled ? ' off' : ''}"><span>${esc(label)}</span>` +
    `<input type="range" data-param="${param}" min="${min}" max="${max}" step="${step}" value="${value}"${disabled ? ' disabled' : ''}>` +
    `<output data-show="${param}">${esc(shown)}</output></label>`;
}

/** A choice: [value, text, note]. The text fits the select on a phone; the chosen option's note shows under it. */
type Choice = [string, string, string?];

function select(param: string, label: string, options: Choice[], value: string, disabled = false): string {
  const opts = options.map(([v, text]) => `<option value="${esc(v)}"${v === value ? ' selected' : ''}>${esc(text)}</option>`).join('');
  const note = options.find(([v]) => v === value)?.[2];
  return `<label class="ctl${disabled ? ' off' : ''}"><span>${esc(label)}</span><select data-param="${param}"${disabled ? ' disabled' : ''}>${opts}</select>` +
    `${note === undefined ? '' : `<span class="choice-note">${esc(note)}</span>`}</label>`;
}

/** A lag in words: "500ms", "exponential, mean 300ms". */
export function describeLag(d: DelayDist | null, lang: Lang): string {
  if (d === null) return '…';
  if (d.dist === 'constant') return formatDuration(d.valueUs);
  if (d.dist === 'master-delay') return `MASTER_DELAY ${formatDuration(d.delayUs)}`;
  // A family the slider offers reads as the slider does; any other as the registry describes it.
  if (!isLagFamily(d.dist)) return describeDist(d, lang);
  return t(lang, 'lab.lagMeanOf', { dist: t(lang, `lab.dist.${d.dist}` as MessageKey), mean: formatDuration(Math.round(meanUs(d))) });
}

/** A strategy parameter's control, named `s.<index>.<field>`, and where its description lives. */
function strategyControl(i: number, s: LabStrategy): Array<{ param: string; control: LabControl }> {
  return (STRATEGIES[s.name]?.lab?.controls ?? []).map((control) => ({ param: `s.${i}.${control.field}`, control }));
}

/** The strategy and lab-form control a `s.<index>.<field>` parameter names (undefined for any other). */
export function strategyParam(param: string, p: LabParams): { s: LabStrategy; control: LabControl } | undefined {
  const m = /^s\.(\d+)\.(\w+)$/.exec(param);
  const s = m === null ? undefined : p.strategies[Number(m[1])];
  const control = s === undefined ? undefined : STRATEGIES[s.name]?.lab?.controls.find((c) => c.field === m![2]);
  return s === undefined || control === undefined ? undefined : { s, control };
}

/** What a control's readout shows for the current value of its parameter. */
export function shown(param: string, p: LabParams, m: ControlMeta, lang: Lang): string {
  const ms = (x: number): string => formatDuration(Math.round(x * 1000));
  const perSec = (n: number): string => t(lang, 'lab.perSec', { n: trimNum(n) });
  const sp = strategyParam(param, p);
  if (sp !== undefined) {
    const v = sp.s.values[sp.control.field];
    return sp.control.kind === 'duration' ? formatDuration(Math.round(Number(v))) : String(typeof v === 'number' ? trimNum(v) : v);
  }
  switch (param) {
    case 'lagMeanMs': return ms((p.lag ?? m.lagStart).meanMs);
    case 'readRatePerSec': return perSec(p.readRatePerSec);
    case 'writeRatePerSec': return perSec(p.writeRatePerSec);
    case 'criticalFraction': return pct(p.criticalFraction);
    case 'durationMs': return ms(p.durationMs);
    default: return '';
  }
}

/** One strategy's box: which strategy, its lab form's controls, and a button to take it out. */
function strategyHtml(i: number, s: LabStrategy, p: LabParams, m: ControlMeta, lang: Lang): string {
  const form = STRATEGIES[s.name]?.lab;
  const controls = strategyControl(i, s).map(({ param, control }) => {
    const label = t(lang, `lab.param.${control.field}` as MessageKey);
    const off = !(form?.applies?.(control.field, s.values) ?? true);
    const v = s.values[control.field];
    if (control.kind === 'choice') {
      const choice = (o: string): Choice => [o, t(lang, `lab.choice.${control.field}.${o}` as MessageKey), t(lang, `lab.choiceNote.${control.field}.${o}` as MessageKey)];
      return select(param, label, control.options.map(choice), String(v), off);
    }
    const x = Number(v);
    return control.kind === 'duration'
      ? range(param, label, x, Math.min(control.minUs, x), Math.max(control.maxUs, x), control.stepUs, shown(param, p, m, lang), off)
      : range(param, label, x, Math.min(control.min, x), Math.max(control.max, x), control.step, shown(param, p, m, lang), off);
  }).join('');
  const remove = p.strategies.length > 1
    ? `<button type="button" class="remove" data-action="remove" data-index="${i}" title="${esc(t(lang, 'lab.remove'))}" aria-label="${esc(t(lang, 'lab.remove'))}">×</button>`
    : '';
  return `<div class="strat${i === p.focus ? ' focus' : ''}" data-index="${i}">${remove}` +
    select(`s.${i}.name`, t(lang, 'lab.strategyN', { n: i + 1 }), m.strategies.map((x): Choice => [x, x]), s.name) + controls + '</div>';
}

export function controlsHtml(p: LabParams, m: ControlMeta, lang: Lang): string {
  const lag = p.lag ?? m.lagStart;
  const lagOptions: Choice[] = [['file', t(lang, 'lab.lagAsFile'), t(lang, 'lab.lagAsFileNote', { lag: describeLag(m.fileLag, lang) })], ...LAG_FAMILIES.map((d): Choice => [d, t(lang, `lab.dist.${d}` as MessageKey)])];
  const s = (param: string): string => shown(param, p, m, lang);
  const maxMs = Math.max(3000, lag.meanMs * 2);
  const add = p.strategies.length < MAX_LAB_STRATEGIES ? `<button type="button" class="add" data-action="add">${esc(t(lang, 'lab.add'))}</button>` : '';
  return `<h3>${esc(t(lang, 'lab.controls'))}</h3>` +
    `<fieldset class="strategies"><legend>${esc(t(lang, 'lab.strategies'))}</legend>${p.strategies.map((x, i) => strategyHtml(i, x, p, m, lang)).join('')}${add}</fieldset>` +
    select('lagDist', t(lang, 'lab.lagDist'), lagOptions, p.lag === null ? 'file' : p.lag.dist) +
    range('lagMeanMs', t(lang, 'lab.lagMean'), lag.meanMs, 0, maxMs, 10, s('lagMeanMs')) +
    `<label class="ctl check"><input type="checkbox" data-param="traffic"${p.traffic ? ' checked' : ''}><span>${esc(t(lang, 'lab.traffic'))}</span></label>` +
    (m.trafficAdded && p.traffic ? `<p class="note">${esc(t(lang, 'lab.trafficAdded', { keys: m.addedKeys }))}</p>` : '') +
    range('readRatePerSec', t(lang, 'lab.readRate'), p.readRatePerSec, 0, Math.max(5000, p.readRatePerSec), 10, s('readRatePerSec'), !p.traffic) +
    range('writeRatePerSec', t(lang, 'lab.writeRate'), p.writeRatePerSec, 0, Math.max(200, p.writeRatePerSec), 1, s('writeRatePerSec'), !p.traffic) +
    range('criticalFraction', t(lang, 'lab.critical'), p.criticalFraction, 0, 1, 0.01, s('criticalFraction'), !p.traffic) +
    range('durationMs', t(lang, 'lab.duration'), p.durationMs, m.minDurationMs, Math.max(60_000, p.durationMs), 1000, s('durationMs')) +
    `<label class="ctl"><span>${esc(t(lang, 'lab.seed'))}</span><input type="number" data-param="seed" min="0" step="1" value="${p.seed}"></label>`;
}

/**
 * How a number compares with the same metric of the other strategies in the run: `good`
 * when it is the best of them (or zero, for a count or share where lower is better),
 * `bad` when it is the worst and some strategy did better, otherwise nothing. Volumes
 * (lowerIsBetter false) are never judged.
 */
export function tone(path: MetricPath, value: number, all: readonly number[]): '' | 'good' | 'bad' {
  if (!METRICS[path].lowerIsBetter) return '';
  const best = Math.min(...all);
  const worst = Math.max(...all);
  if (value === 0 || (all.length > 1 && value === best)) return 'good';
  return all.length > 1 && value === worst && worst !== best ? 'bad' : '';
}

/** The metrics the lab's cards and comparison table show, from the registry the reports use. */
export const LAB_METRICS: readonly MetricPath[] = [
  'staleRate', 'masterReadShare', 'masterOpsPerSec.mean', 'rywViolations', 'stalenessMs.p99',
  'readLatencyMs.p50', 'readLatencyMs.p99', 'writeLatencyMs.p99',
];

const LATENCY: readonly MetricPath[] = ['readLatencyMs.p50', 'readLatencyMs.p99', 'writeLatencyMs.p50', 'writeLatencyMs.p99'];

function metric(key: MetricPath, label: string, value: number, tn: string, shown: string, sub = ''): string {
  return `<div class="metric${tn === '' ? '' : ` ${tn}`}" data-metric="${key}" data-value="${value}"><div class="label">${esc(label)}</div>` +
    `<div class="value">${esc(shown)}</div>${sub === '' ? '' : `<div class="sub">${esc(sub)}</div>`}</div>`;
}

/** The comparison: one row per strategy, one column per LAB_METRICS entry; a row click shows that strategy. */
function compareHtml(rs: readonly StrategyResult[], focus: number, lang: Lang): string {
  const head = LAB_METRICS.map((k) => `<th>${esc(t(lang, `metric.${k}`))}</th>`).join('');
  const rows = rs.map((r, i) => `<tr data-focus="${i}"${i === focus ? ' class="focus"' : ''}><th scope="row"><code>${esc(r.strategy)}</code></th>` +
    LAB_METRICS.map((k) => {
      const v = metricValue(r, k);
      const tn = tone(k, v, rs.map((x) => metricValue(x, k)));
      return `<td data-cell="${k}" data-value="${v}"${tn === '' ? '' : ` class="${tn}"`}>${esc(formatMetric(k, v, 'page'))}</td>`;
    }).join('') + '</tr>').join('');
  return `<p class="hint">${esc(t(lang, 'lab.compareHint'))}</p><div class="compare"><table><thead><tr><th>${esc(t(lang, 'table.strategy'))}</th>${head}</tr></thead><tbody>${rows}</tbody></table></div>`;
}

/** The shown strategy's numbers as cards (judged against the others in the run), the latency card, and the comparison of all. */
export function resultsHtml(rs: readonly StrategyResult[], focus: number, lang: Lang): string {
  const r = rs[focus];
  const card = (k: MetricPath, label: string, shown: string, sub = ''): string => metric(k, label, metricValue(r, k), tone(k, metricValue(r, k), rs.map((x) => metricValue(x, k))), shown, sub);
  const page = (k: MetricPath): string => formatMetric(k, metricValue(r, k), 'page');
  const latency = LATENCY.map((k) => {
    const v = metricValue(r, k);
    const tn = tone(k, v, rs.map((x) => metricValue(x, k)));
    return `<div class="row${tn === '' ? '' : ` ${tn}`}" data-metric="${k}" data-value="${v}"><span class="label">${esc(t(lang, `metric.${k}`))}</span> <span class="value">${esc(page(k))} ms</span></div>`;
  }).join('');
  return `<h3>${esc(t(lang, 'lab.results'))} — <code>${esc(r.strategy)}</code></h3><div class="metrics">` +
    card('staleRate', t(lang, 'metric.staleRate'), page('staleRate'), t(lang, 'lab.num.staleReads', { stale: r.staleReads, reads: r.reads })) +
    card('masterReadShare', t(lang, 'metric.masterReadShare'), page('masterReadShare')) +
    card('masterOpsPerSec.mean', t(lang, 'lab.num.masterOps'), `${page('masterOpsPerSec.mean')} / ${formatMetric('masterOpsPerSec.peak', r.masterOpsPerSec.peak, 'page')}`) +
    card('rywViolations', t(lang, 'metric.rywViolations'), page('rywViolations')) +
    card('stalenessMs.p99', t(lang, 'lab.num.staleness'), `${page('stalenessMs.p99')} / ${formatMetric('stalenessMs.max', r.stalenessMs.max, 'page')} ms`) +
    `<div class="metric latency"><div class="label">${esc(t(lang, 'lab.num.latency'))}</div>${latency}</div>` +
    '</div>' + compareHtml(rs, focus, lang);
}

/** The scenario the lab ran and the command that reproduces its numbers. */
export function cliHtml(docJson: string, summaryJson: string, file: string, lang: Lang): string {
  return `<details class="cli"><summary>${esc(t(lang, 'lab.cli.title'))}</summary><p>${esc(t(lang, 'lab.cli.hint'))}</p>` +
    `<p><a data-download download="${esc(file)}" href="#">${esc(t(lang, 'lab.cli.download', { file }))}</a></p>` +
    `<pre class="cmd">lagsim run ${esc(file)} --json --no-report</pre>` +
    `<pre id="lab-doc" class="doc">${esc(docJson)}</pre><pre id="lab-summary" class="doc">${esc(summaryJson)}</pre></details>`;
}

export function errorHtml(problems: string[], lang: Lang): string {
  return `<div class="error"><strong>${esc(t(lang, 'lab.error'))}</strong><ul>${problems.map((p) => `<li>${esc(p)}</li>`).join('')}</ul></div>`;
}
