import type { SloCheck, SloReport } from '../metrics/slo';
import { formatHalf, formatMetric } from './format';
import { Lang, t } from '../i18n';
import { METRICS } from '../metrics/registry';

/**
 * The SLO block under the run table: every violated check, every check whose confidence
 * interval contains its threshold, and a tally. Every part comes from lagsim (registry
 * names, numbers, strategy labels made by their definitions), none from scenario text.
 */
export function sloLines(report: SloReport, lang: Lang): string[] {
  const slos = new Set(report.checks.map((c) => c.slo)).size;
  const lines = [t(lang, 'slo.header', { n: slos })];
  if (report.runs > 1) lines.push(t(lang, 'slo.meanOf', { runs: report.runs }));
  for (const c of report.checks) {
    if (c.holds && !c.uncertain) continue;
    const vars = { strategy: c.strategy, slo: c.slo, value: quoted(c), excess: excessText(c, lang) };
    lines.push(t(lang, c.holds ? 'slo.metUncertain' : 'slo.violated', vars) + (c.uncertain ? uncertainty(c, lang) : ''));
  }
  const checks = report.checks.length;
  lines.push(report.violated === 0
    ? t(lang, 'slo.allMet', { checks })
    : t(lang, 'slo.tally', { violated: report.violated, checks, met: checks - report.violated }));
  return lines;
}

/** How far past the threshold: for a rate, a difference of percentages is in percentage points. */
function excessText(c: SloCheck, lang: Lang): string {
  const text = formatMetric(c.metric, c.excess, 'sentence');
  return METRICS[c.metric].unit === 'rate' ? t(lang, 'slo.points', { n: text.replace(/%$/, '') }) : text;
}

function quoted(c: SloCheck): string {
  const value = formatMetric(c.metric, c.value, 'sentence');
  return c.ci95 === undefined ? value : `${value} ${formatHalf(c.metric, c.ci95)}`;
}

function uncertainty(c: SloCheck, lang: Lang): string {
  const f = (x: number): string => formatMetric(c.metric, x, 'sentence');
  return t(lang, 'slo.uncertain', { low: f(c.value - c.ci95!), high: f(c.value + c.ci95!), than: f(c.than) });
}
