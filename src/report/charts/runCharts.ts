import { Scenario } from '../../scenario/types';
import { StrategyResult } from '../../metrics/summary';
import { Lang, t } from '../../i18n';
import { ReportData, niceCeil } from '../collect';
import { applyCdf, stalenessCurve, visibilityCurve } from '../series';
import { ChartSpec, baseOptions, percentAxis, withBand } from './spec';
import { MASTER_COLOR, REPLICATION_COLOR, STALE_COLOR, colorOf, pointStyleOf, splitLabel } from './theme';
import { distinguish } from './distinct';
import { lagChart, timelineChart } from './timeCharts';
import { tradeoffChart } from './tradeoff';
import { latencyChart } from './latency';

/** The charts of a `lagsim run` report, in the order the HTML shows them (the lag chart only when there is a monitor or an adaptive window). */
export function runCharts(sc: Scenario, data: ReportData, lang: Lang): ChartSpec[] {
  const lag = lagChart(sc, data, lang);
  return [
    ratesChart(sc, data, lang), tradeoffChart(sc, data, lang), timelineChart(sc, data, lang), ...(lag === null ? [] : [lag]),
    latencyChart(sc, data, lang), visibilityChart(sc, data, lang), stalenessChart(sc, data, lang),
  ];
}

/** Half-width of a summary number's 95 % CI, or undefined for a single run. */
function ci(r: StrategyResult, field: 'staleRate' | 'masterReadShare'): number | undefined {
  const h = r.ci95?.[field];
  return typeof h === 'number' ? h : undefined;
}

function runNote(data: ReportData, lang: Lang): string {
  const s = data.summary;
  return s.runs > 1 ? t(lang, 'note.runs', { n: s.runs, from: s.seed, to: s.seed + s.runs - 1 }) : t(lang, 'note.seed', { seed: s.seed });
}

function interval(mean: number, half: number | undefined): { lo: number; hi: number } | undefined {
  return half === undefined ? undefined : { lo: Math.max(0, 100 * (mean - half)), hi: Math.min(100, 100 * (mean + half)) };
}

function ratesChart(sc: Scenario, data: ReportData, lang: Lang): ChartSpec {
  const rs = data.summary.results;
  const bars = (field: 'staleRate' | 'masterReadShare', label: string, color: string) => ({
    label,
    data: rs.map((r) => 100 * r[field]),
    backgroundColor: color,
    borderColor: color,
    lagsimValueLabels: true,
    lagsimErrors: data.summary.runs > 1 ? rs.map((r) => {
      const i = interval(r[field], ci(r, field));
      return i === undefined ? null : { xLo: i.lo, xHi: i.hi };
    }) : undefined,
  });
  const options = baseOptions(t(lang, 'chart.rates.title'), sc.title, { valueUnit: '%', note: runNote(data, lang), tooltip: { mode: 'x', xUnit: '%' } });
  options.indexAxis = 'y';
  options.layout = { padding: { top: 4, right: 70, bottom: 4, left: 8 } };
  options.scales = { x: percentAxis(t(lang, 'axis.shareOfReads'), false), y: { ticks: { autoSkip: false } } };
  return {
    id: 'rates',
    caption: t(lang, 'chart.rates.caption'),
    config: {
      type: 'bar',
      data: {
        labels: rs.map((r) => splitLabel(r.strategy)),
        datasets: [bars('staleRate', t(lang, 'metric.staleRate'), STALE_COLOR), bars('masterReadShare', t(lang, 'metric.masterReadShare'), MASTER_COLOR)],
      },
      options,
    },
  };
}

function visibilityChart(sc: Scenario, data: ReportData, lang: Lang): ChartSpec {
  const rangeMs = (data.bins.ageBinUs * data.bins.ageBins) / 1000;
  const names = data.summary.results.map((r) => r.strategy);
  const strategies = distinguish(data.summary.results.map((r, i) => {
    const points = visibilityCurve(data, i);
    const empty = points.every((p) => p.y === null);
    return {
      label: empty ? `${r.strategy} (${t(lang, 'noData')})` : r.strategy,
      ...withBand(points),
      borderColor: colorOf(i),
      backgroundColor: colorOf(i),
      pointStyle: pointStyleOf(i),
      pointRadius: 5,
      borderWidth: 2,
      // Empty bins stay gaps: a line drawn across them would invent data.
      spanGaps: false,
    };
  }), names, lang);
  const tl = data.timeline;
  const refs = tl.followerDelayUs.length <= 3
    ? tl.followerDelayUs.map((d, f) => ({ name: sc.followers[f].name, d }))
    : [{ name: t(lang, 'anyFollower'), d: tl.applyDelayUs }];
  // The reference comes from the first replication only; with several, the label says so.
  const runs = data.summary.runs;
  const replication = refs.map(({ name, d }, i) => ({
    label: t(lang, 'series.replicationAlone', { follower: name }) + (runs > 1 ? ` (${t(lang, 'note.seed', { seed: data.summary.seed })})` : ''),
    data: applyCdf(d, rangeMs),
    stepped: 'before',
    borderColor: REPLICATION_COLOR,
    backgroundColor: REPLICATION_COLOR,
    borderDash: i === 0 ? [8, 5] : [3, 4],
    borderWidth: 2,
    pointRadius: 0,
    pointStyle: 'line',
  }));
  const options = baseOptions(t(lang, 'chart.visibility.title'), t(lang, 'chart.visibility.subtitle'), {
    note: runNote(data, lang),
    tooltip: { mode: 'y', xName: 't =', xUnit: ' ms', yUnit: '%' },
  });
  options.interaction = { mode: 'nearest', intersect: false };
  options.scales = {
    x: { type: 'linear', min: 0, max: rangeMs, title: { display: true, text: t(lang, 'axis.sinceCommit') } },
    y: percentAxis(t(lang, 'axis.seesCommit'), true),
  };
  return { id: 't-visibility', caption: t(lang, 'chart.visibility.caption'), config: { type: 'line', data: { datasets: [...strategies, ...replication] }, options } };
}

function stalenessChart(sc: Scenario, data: ReportData, lang: Lang): ChartSpec {
  const { stalenessBinUs, stalenessBins } = data.bins;
  // The x axis ends a little past the stalest read seen, not at the (larger) longest lag.
  let lastBin = 0;
  for (const runs of data.curves) for (const c of runs) for (let b = stalenessBins - 1; b > lastBin; b--) if (c.stale[b] > 0) lastBin = b;
  const rangeMs = Math.min(stalenessBins, niceCeil(1.15 * (lastBin + 1))) * stalenessBinUs / 1000;
  const names = data.summary.results.map((r) => r.strategy);
  const datasets = distinguish(data.summary.results.map((r, i) => {
    const points = stalenessCurve(data, i).filter((p) => p.x < rangeMs);
    const last = points[points.length - 1];
    return {
      label: r.strategy,
      ...withBand([...points, { ...last, x: rangeMs }]),
      borderColor: colorOf(i),
      backgroundColor: colorOf(i),
      borderWidth: 2.5,
      pointRadius: 0,
      pointStyle: 'line',
    };
  }), names, lang);
  const options = baseOptions(t(lang, 'chart.staleness.title'), t(lang, 'chart.staleness.subtitle'), {
    note: runNote(data, lang),
    tooltip: { mode: 'y', xName: '≥', xUnit: ' ms', yUnit: '%' },
  });
  options.interaction = { mode: 'nearest', intersect: false };
  options.scales = {
    x: { type: 'linear', min: 0, max: rangeMs, title: { display: true, text: t(lang, 'axis.stalenessAtLeast') } },
    y: { type: 'linear', min: 0, ticks: { callback: '$fn:pctTick' }, title: { display: true, text: t(lang, 'axis.readsStale') } },
  };
  return { id: 'staleness', caption: t(lang, 'chart.staleness.caption'), config: { type: 'line', data: { datasets }, options } };
}
