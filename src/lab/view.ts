import type { StrategyResult } from '../metrics/summary';
import { esc } from '../report/diagram';
import { pct, trimNum } from '../report/format';
import { formatDuration } from '../engine/time';
import { DelayDist, describeDist, meanUs } from '../model/distributions';
import { LAG_FAMILIES, LabParams, LagFamily, isLagFamily } from './params';
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

function select(param: string, label: string, options: Array<[string, string]>, value: string, disabled = false): string {
  const opts = options.map(([v, text]) => `<option value="${esc(v)}"${v === value ? ' selected' : ''}>${esc(text)}</option>`).join('');
  return `<label class="ctl${disabled ? ' off' : ''}"><span>${esc(label)}</span><select data-param="${param}"${disabled ? ' disabled' : ''}>${opts}</select></label>`;
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

/** What a control's readout shows for the current value of its parameter. */
export function shown(param: string, p: LabParams, m: ControlMeta, lang: Lang): string {
  const ms = (x: number): string => formatDuration(Math.round(x * 1000));
  const perSec = (n: number): string => t(lang, 'lab.perSec', { n: trimNum(n) });
  switch (param) {
    case 'windowMs': return ms(p.windowMs);
    case 'lagMeanMs': return ms((p.lag ?? m.lagStart).meanMs);
    case 'readRatePerSec': return perSec(p.readRatePerSec);
    case 'writeRatePerSec': return perSec(p.writeRatePerSec);
    case 'criticalFraction': return pct(p.criticalFraction);
    case 'durationMs': return ms(p.durationMs);
    default: return '';
  }
}

export function controlsHtml(p: LabParams, m: ControlMeta, lang: Lang): string {
  const pww = p.strategy === 'post-write-window';
  const lag = p.lag ?? m.lagStart;
  const lagOptions: Array<[string, string]> = [['file', t(lang, 'lab.lagAsFile', { lag: describeLag(m.fileLag, lang) })], ...LAG_FAMILIES.map((d): [string, string] => [d, t(lang, `lab.dist.${d}` as MessageKey)])];
  const s = (param: string): string => shown(param, p, m, lang);
  const maxMs = Math.max(3000, p.windowMs, lag.meanMs * 2);
  return `<h3>${esc(t(lang, 'lab.controls'))}</h3>` +
    select('strategy', t(lang, 'lab.strategy'), m.strategies.map((x): [string, string] => [x, x]), p.strategy) +
    range('windowMs', t(lang, 'lab.window'), p.windowMs, 0, maxMs, 10, s('windowMs'), !pww) +
    select('scope', t(lang, 'lab.scope'), (['key', 'session', 'global'] as const).map((x): [string, string] => [x, t(lang, `lab.scope.${x}`)]), p.scope, !pww) +
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

function metric(key: string, label: string, value: number, shown: string, sub = ''): string {
  return `<div class="metric" data-metric="${key}" data-value="${value}"><div class="label">${esc(label)}</div>` +
    `<div class="value">${esc(shown)}</div>${sub === '' ? '' : `<div class="sub">${esc(sub)}</div>`}</div>`;
}

/** The headline numbers, formatted as the terminal table formats them. */
export function resultsHtml(r: StrategyResult, lang: Lang): string {
  return `<h3>${esc(t(lang, 'lab.results'))} — <code>${esc(r.strategy)}</code></h3><div class="metrics">` +
    metric('staleRate', t(lang, 'lab.num.staleRate'), r.staleRate, pct(r.staleRate), t(lang, 'lab.num.staleReads', { stale: r.staleReads, reads: r.reads })) +
    metric('masterReadShare', t(lang, 'lab.num.masterReadShare'), r.masterReadShare, pct(r.masterReadShare)) +
    metric('masterOpsPerSec.mean', t(lang, 'lab.num.masterOps'), r.masterOpsPerSec.mean, `${trimNum(r.masterOpsPerSec.mean)} / ${trimNum(r.masterOpsPerSec.peak)}`) +
    metric('rywViolations', t(lang, 'lab.num.ryw'), r.rywViolations, String(r.rywViolations)) +
    metric('stalenessMs.p99', t(lang, 'lab.num.staleness'), r.stalenessMs.p99, `${trimNum(r.stalenessMs.p99)} / ${trimNum(r.stalenessMs.max)} ms`) +
    '</div>';
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
