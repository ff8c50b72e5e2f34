import { Scenario } from '../../scenario/types';
import { StrategyResult } from '../../metrics/summary';
import { Lang, t } from '../../i18n';
import { frontier } from '../../lesson/answer';
import { ReportData, niceCeil } from '../collect';
import { ChartSpec, baseOptions } from './spec';
import { REPLICATION_COLOR, colorOf, pointStyleOf } from './theme';

/** A point of the trade-off in %, with its 95 % interval when there are replications. */
export interface TradeoffPoint {
  strategy: string;
  x: number;
  y: number;
  err?: { xLo: number; xHi: number; yLo: number; yHi: number };
}

export function tradeoffPoints(results: StrategyResult[]): TradeoffPoint[] {
  return results.map((r) => {
    const point: TradeoffPoint = { strategy: r.strategy, x: 100 * r.masterReadShare, y: 100 * r.staleRate };
    const hx = r.ci95?.masterReadShare;
    const hy = r.ci95?.staleRate;
    if (typeof hx === 'number' && typeof hy === 'number') {
      const clip = (v: number): number => Math.min(100, Math.max(0, v));
      point.err = { xLo: clip(point.x - 100 * hx), xHi: clip(point.x + 100 * hx), yLo: clip(point.y - 100 * hy), yHi: clip(point.y + 100 * hy) };
    }
    return point;
  });
}

/**
 * The Pareto frontier (lower is better on both), each distinct point once, by increasing
 * master read share: the line the chart draws through the strategies no other beats.
 */
export function frontierLine(results: StrategyResult[]): Array<{ x: number; y: number }> {
  const on = new Set(frontier(results, 'masterReadShare', 'staleRate'));
  const seen = new Set<string>();
  return tradeoffPoints(results)
    .filter((p) => on.has(p.strategy))
    .filter((p) => !seen.has(`${p.x},${p.y}`) && seen.add(`${p.x},${p.y}`) !== undefined)
    .sort((a, b) => a.x - b.x || b.y - a.y)
    .map(({ x, y }) => ({ x, y }));
}

/**
 * A percent axis from 0 to a readable bound just above the data (intervals included),
 * never beyond 100 %, padded below 0 so points on 0 are drawn whole. Ticks below 0 are
 * blank (pctTick).
 */
export function fittedPercentAxis(title: string, values: number[]): Record<string, unknown> {
  const top = Math.max(0, ...values);
  const max = top === 0 ? 1 : Math.min(100, niceCeil(1.1 * top));
  return {
    type: 'linear',
    min: -0.05 * max,
    max: max * 1.03,
    ticks: { callback: '$fn:pctTick', includeBounds: false, maxTicksLimit: 11 },
    title: { display: true, text: title },
  };
}

/** Stale-read rate against master read share: one numbered, labelled point per strategy and the frontier through them. */
export function tradeoffChart(sc: Scenario, data: ReportData, lang: Lang): ChartSpec {
  const points = tradeoffPoints(data.summary.results);
  const datasets: Array<Record<string, unknown>> = points.map((p, i) => {
    const twin = points.findIndex((q) => q.x === p.x && q.y === p.y);
    const same = twin < i ? ` ${t(lang, 'series.identical', { other: `${twin + 1}` })}` : '';
    return {
      label: `${i + 1}. ${p.strategy}${same}`,
      data: [{ x: p.x, y: p.y }],
      backgroundColor: colorOf(i),
      borderColor: colorOf(i),
      pointStyle: pointStyleOf(i),
      pointRadius: 8,
      pointHoverRadius: 10,
      // The caption beside the point; its number when no free place is near enough.
      lagsimLabels: [`${i + 1}. ${p.strategy}`],
      lagsimShortLabels: [`${i + 1}`],
      lagsimErrors: p.err !== undefined ? [p.err] : undefined,
    };
  });
  datasets.push({
    type: 'line',
    label: t(lang, 'series.frontier'),
    data: frontierLine(data.summary.results),
    borderColor: REPLICATION_COLOR,
    backgroundColor: REPLICATION_COLOR,
    borderDash: [6, 4],
    borderWidth: 1.5,
    pointRadius: 0,
    pointStyle: 'line',
    order: 1,
    lagsimNoTooltip: true,
  });
  const options = baseOptions(t(lang, 'chart.tradeoff.title'), t(lang, 'chart.tradeoff.subtitle'), {
    note: data.summary.runs > 1 ? t(lang, 'note.runs', { n: data.summary.runs, from: data.summary.seed, to: data.summary.seed + data.summary.runs - 1 }) : t(lang, 'note.seed', { seed: data.summary.seed }),
    tooltip: { mode: 'xy', xName: t(lang, 'metric.masterReadShare'), yName: t(lang, 'metric.staleRate'), xUnit: '%', yUnit: '%' },
  });
  options.scales = {
    x: fittedPercentAxis(t(lang, 'axis.masterReadShare'), points.flatMap((p) => [p.x, p.err?.xHi ?? 0])),
    y: fittedPercentAxis(t(lang, 'axis.staleRate'), points.flatMap((p) => [p.y, p.err?.yHi ?? 0])),
  };
  return { id: 'tradeoff', caption: t(lang, 'chart.tradeoff.caption'), config: { type: 'scatter', data: { datasets }, options } };
}
