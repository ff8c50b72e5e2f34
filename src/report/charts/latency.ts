import { Scenario } from '../../scenario/types';
import { StrategyResult } from '../../metrics/summary';
import { Lang, t } from '../../i18n';
import { ReportData } from '../collect';
import { ChartSpec, baseOptions } from './spec';
import { splitLabel } from './theme';

/** The percentiles drawn, as the summary table has them. */
export const LATENCY_STATS = ['p50', 'p99', 'max'] as const;
type Stat = (typeof LATENCY_STATS)[number];
type Kind = 'readLatencyMs' | 'writeLatencyMs';

/** Light to dark: the higher the percentile, the darker its bar. */
const SHADES: Record<Kind, Record<Stat, string>> = {
  readLatencyMs: { p50: '#9ecae1', p99: '#4292c6', max: '#08519c' },
  writeLatencyMs: { p50: '#fdae6b', p99: '#e6550d', max: '#a63603' },
};

function bars(results: StrategyResult[], kind: Kind, stat: Stat, lang: Lang, runs: number): Record<string, unknown> {
  const color = SHADES[kind][stat];
  const errors = runs > 1 ? results.map((r) => {
    const half = (r.ci95?.[kind] as Record<string, number> | undefined)?.[stat];
    const v = r[kind][stat];
    return typeof half === 'number' ? { xLo: Math.max(0, v - half), xHi: v + half } : null;
  }) : undefined;
  return {
    label: t(lang, kind === 'readLatencyMs' ? 'series.readLatency' : 'series.writeLatency', { stat }),
    data: results.map((r) => r[kind][stat]),
    xAxisID: kind === 'readLatencyMs' ? 'x' : 'x2',
    backgroundColor: color,
    borderColor: color,
    // Bars of 0 ms still show a sliver, so "0" is seen as a value, not a missing bar.
    minBarLength: 2,
    lagsimValueLabels: true,
    lagsimErrors: errors,
  };
}

/**
 * Read and write latency per strategy, side by side: p50, p99 and max of each, the
 * summary's numbers (means over runs, with their 95 % intervals). Each value is printed
 * at its bar's end, so a chart of equal small values still reads; when no write waited at
 * all, the subtitle says so instead of a panel of zeros.
 */
export function latencyChart(sc: Scenario, data: ReportData, lang: Lang): ChartSpec {
  const rs = data.summary.results;
  const runs = data.summary.runs;
  // Writes that never wait (asynchronous replication, no capacity) get a sentence, not a panel of zeros.
  const writesWait = rs.some((r) => LATENCY_STATS.some((s) => r.writeLatencyMs[s] !== 0));
  const kinds: Kind[] = writesWait ? ['readLatencyMs', 'writeLatencyMs'] : ['readLatencyMs'];
  const datasets = kinds.flatMap((kind) => LATENCY_STATS.map((stat) => bars(rs, kind, stat, lang, runs)));
  const runNote = runs > 1 ? t(lang, 'note.runs', { n: runs, from: data.summary.seed, to: data.summary.seed + runs - 1 }) : t(lang, 'note.seed', { seed: data.summary.seed });
  const options = baseOptions(t(lang, 'chart.latency.title'), sc.title, {
    valueUnit: ' ms',
    note: writesWait ? runNote : `${t(lang, 'note.writesNoWait')} · ${runNote}`,
    tooltip: { mode: 'x', xUnit: ' ms' },
  });
  options.indexAxis = 'y';
  options.layout = { padding: { top: 4, right: 80, bottom: 4, left: 8 } };
  // The grace leaves room for each bar's value label and its 95 % interval.
  // Side by side, the read panel's last tick would touch the write panel's first: it is left blank.
  const axis = (title: string, tick?: string) => ({
    type: 'linear', min: 0, suggestedMax: 1, stack: 'latency', grace: '35%', title: { display: true, text: title }, ...(tick ? { ticks: { callback: tick } } : {}),
  });
  options.scales = writesWait
    ? { x: axis(t(lang, 'axis.readLatencyMs'), '$fn:innerTick'), x2: axis(t(lang, 'axis.writeLatencyMs')), y: { ticks: { autoSkip: false } } }
    : { x: axis(t(lang, 'axis.readLatencyMs')), y: { ticks: { autoSkip: false } } };
  return {
    id: 'latency',
    caption: t(lang, 'chart.latency.caption'),
    config: { type: 'bar', data: { labels: rs.map((r) => splitLabel(r.strategy)), datasets }, options },
  };
}
