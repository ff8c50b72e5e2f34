import { Scenario } from '../../scenario/types';
import { Lang, t } from '../../i18n';
import { formatDuration } from '../../engine/time';
import { ReportData } from '../collect';
import { CurvePoint, IncidentRange, incidentRanges, lagCurve, loadFactorCurve, masterOpsCurve, reportedLagCurve, windowCurve } from '../series';
import { ChartSpec, baseOptions } from './spec';
import { distinguish } from './distinct';
import { INCIDENT_COLORS, LOAD_COLOR, WRITE_COLOR, colorOf, dashOf } from './theme';
import type { MonitorConfig } from '../../model/monitor';

/** A shaded span of the x axis with its caption (see client.js, drawRegions). */
interface Region {
  x0: number;
  x1: number;
  color: string;
  caption: string;
}

/** The scenario's follower incidents as shaded spans of simulated time (s). */
export function incidentRegions(sc: Scenario, lang: Lang): Region[] {
  return incidentRanges(sc).map((r) => ({
    x0: r.fromS,
    x1: r.toS,
    color: INCIDENT_COLORS[r.type],
    caption: incidentCaption(r, lang),
  }));
}

function incidentCaption(r: IncidentRange, lang: Lang): string {
  if (r.type === 'stop') return t(lang, 'incident.stop', { follower: r.follower });
  if (r.type === 'scale') return t(lang, 'incident.scale', { follower: r.follower, factor: r.factor });
  return t(lang, 'incident.delay', { follower: r.follower, extra: formatDuration(r.extraMs * 1000) });
}

/** An axis title as two lines split at the space nearest its middle, to fit a short stacked axis. */
function twoLines(text: string): string[] {
  const mid = text.length / 2;
  let best = -1;
  for (let i = text.indexOf(' '); i >= 0; i = text.indexOf(' ', i + 1)) if (best < 0 || Math.abs(i - mid) < Math.abs(best - mid)) best = i;
  return best < 0 ? [text] : [text.slice(0, best), text.slice(best + 1)];
}

/** The stages' load factor as a line on its own axis `y3`; [] without stages. */
function loadDatasets(sc: Scenario, endS: number, lang: Lang): Array<Record<string, unknown>> {
  const points = loadFactorCurve(sc, endS);
  if (points.length === 0) return [];
  return [{
    label: t(lang, 'series.loadFactor'),
    data: points,
    yAxisID: 'y3',
    borderColor: LOAD_COLOR,
    backgroundColor: LOAD_COLOR,
    borderWidth: 2,
    pointRadius: 0,
    pointStyle: 'line',
  }];
}

function timeAxis(lang: Lang, maxS: number): Record<string, unknown> {
  return { type: 'linear', min: 0, max: maxS, title: { display: true, text: t(lang, 'axis.simTime') } };
}

/** The bottom x-axis end: the horizon, or later when the master still completed work after it. */
function timelineEndS(sc: Scenario, data: ReportData): number {
  return Math.max(sc.horizonUs / 1e6, ...data.strategies.map((s) => s.masterOpsPerSecond.length));
}

/**
 * Each follower's true lag. Strategies' series take palette colours 0 … n−1, so the
 * followers take the ones after them, distinct from every strategy while the palette lasts.
 */
function trueLagDatasets(sc: Scenario, data: ReportData, lang: Lang, yAxisID: string): Array<Record<string, unknown>> {
  const first = data.summary.results.length;
  return sc.followers.map((f, i) => ({
    label: t(lang, 'series.lag', { follower: f.name }),
    data: [{ x: 0, y: 0 }, ...lagCurve(data, i)],
    yAxisID,
    borderColor: colorOf(first + i),
    backgroundColor: colorOf(first + i),
    borderWidth: 2.5,
    pointRadius: 0,
    pointStyle: 'line',
  }));
}

function writeMarks(data: ReportData, lang: Lang): Array<Record<string, unknown>> {
  const marks = data.timeline.writes;
  if (marks.length === 0) return [];
  const all = marks.length === data.timeline.writeCount;
  return [{
    type: 'scatter',
    label: all ? t(lang, 'series.writes', { n: marks.length }) : t(lang, 'series.scriptedWrites', { n: marks.length, total: data.timeline.writeCount }),
    data: marks.map((w) => ({ x: w.tUs / 1e6, y: 0 })),
    yAxisID: 'y',
    borderColor: WRITE_COLOR,
    backgroundColor: WRITE_COLOR,
    pointStyle: 'line',
    rotation: 90,
    pointRadius: 8,
    borderWidth: 2,
    lagsimMarks: { xs: marks.map((w) => w.tUs / 1e6), captions: marks.map((w) => w.caption) },
  }];
}

/** Replication lag on top, master ops per simulated second below, writes marked, incidents shaded. */
export function timelineChart(sc: Scenario, data: ReportData, lang: Lang): ChartSpec {
  const endS = timelineEndS(sc, data);
  const names = data.summary.results.map((r) => r.strategy);
  let sliceS = 1;
  const ops = distinguish(data.summary.results.map((r, i) => {
    const curve = masterOpsCurve(data, i, sc.horizonUs);
    sliceS = curve.sliceS;
    const last = curve.points[curve.points.length - 1];
    return {
      label: t(lang, 'series.masterOps', { strategy: r.strategy }),
      data: [...curve.points, { x: endS, y: last.y }],
      yAxisID: 'y2',
      ...steppedLine(i),
    };
  }), names, lang);
  const options = baseOptions(t(lang, 'chart.timeline.title'), sc.title, {
    note: t(lang, 'note.seed', { seed: data.summary.seed }),
    tooltip: { mode: 'y', xName: 't =', xUnit: 's', yUnit: ' ms', y2Unit: ' ops/s', y3Unit: '×', markName: t(lang, 'series.write') },
    regions: incidentRegions(sc, lang),
  });
  options.interaction = { mode: 'nearest', intersect: false };
  const opsTitle = sliceS === 1 ? t(lang, 'axis.masterOps') : t(lang, 'axis.masterOpsBusiest', { slice: sliceS });
  const load = loadDatasets(sc, endS, lang);
  // Stacked scales are laid out bottom-up in declaration order: the stages' load factor
  // (when there are stages), master load above it, lag on top.
  options.scales = {
    x: timeAxis(lang, endS),
    ...(load.length === 0 ? {} : { y3: { type: 'linear', min: 0, stack: 'time', stackWeight: 1.5, offset: true, title: { display: true, text: twoLines(t(lang, 'axis.loadFactor')) } } }),
    y2: load.length === 0
      ? { type: 'linear', min: 0, stack: 'time', stackWeight: 2, title: { display: true, text: opsTitle } }
      : { type: 'linear', min: 0, stack: 'time', stackWeight: 2, offset: true, title: { display: true, text: twoLines(opsTitle) } },
    y: { type: 'linear', min: 0, stack: 'time', stackWeight: 3, offset: true, title: { display: true, text: t(lang, 'axis.lagMs') } },
  };
  return {
    id: 'timeline',
    caption: t(lang, load.length === 0 ? 'chart.timeline.caption' : 'chart.timeline.captionStages'),
    config: { type: 'line', data: { datasets: [...trueLagDatasets(sc, data, lang, 'y'), ...ops, ...load, ...writeMarks(data, lang)] }, options },
  };
}

/** A monitor's settings as a legend names them: "seconds-behind-master, every 10s". */
function monitorName(m: MonitorConfig): string {
  return `${m.mode}, ${formatDuration(m.probeIntervalUs)}`;
}

/** The monitor each strategy reads reported lag from, or null (strategies without one). */
function monitorOf(sc: Scenario, strategy: number): MonitorConfig | null {
  const p = sc.strategies[strategy].params as { monitor?: MonitorConfig | null };
  return p?.monitor ?? null;
}

/**
 * Reported-lag series for one follower: one per distinct monitor setting; strategies whose
 * monitor with the same setting reported something different each get their own series.
 */
function reportedDatasets(sc: Scenario, data: ReportData, lang: Lang, follower: number, yAxisID: string): Array<Record<string, unknown>> {
  const series: Array<{ name: string; strategy: string; points: CurvePoint[] }> = [];
  data.strategies.forEach((s, i) => {
    const m = monitorOf(sc, i);
    if (m === null || s.reportedLagUs.length === 0) return;
    const points = reportedLagCurve(data, i, 0, follower);
    const name = monitorName(m);
    const same = series.find((x) => x.name === name);
    if (same !== undefined && JSON.stringify(same.points) === JSON.stringify(points)) return;
    series.push({ name, strategy: data.summary.results[i].strategy, points });
  });
  const ambiguous = (name: string): boolean => series.filter((x) => x.name === name).length > 1;
  const names = series.map((x) => (ambiguous(x.name) ? `${x.name}; ${x.strategy}` : x.name));
  return distinguish(series.map((x, k) => ({
    label: t(lang, 'series.reported', { follower: sc.followers[follower].name, monitor: names[k] }),
    data: x.points,
    yAxisID,
    stepped: 'before',
    spanGaps: false,
    borderColor: colorOf(k),
    backgroundColor: colorOf(k),
    borderWidth: 2,
    pointRadius: 0,
    pointStyle: 'line',
  })), names, lang).map((d, k) => ({ ...d, borderDash: dashOf(k + 1) }));
}

function windowDatasets(data: ReportData, lang: Lang, yAxisID: string): Array<Record<string, unknown>> {
  const sets = data.strategies.flatMap((s, i) => (s.windowUs === null ? [] : [{
    label: t(lang, 'series.window', { strategy: data.summary.results[i].strategy }),
    name: data.summary.results[i].strategy,
    data: windowCurve(data, i),
    yAxisID,
    ...steppedLine(i),
  }]));
  return distinguish(sets, sets.map((x) => x.name), lang).map(({ name: _name, ...d }) => d);
}

/**
 * What routing saw of the lag: each follower's true lag beside what the strategies'
 * monitors reported (one panel per follower), and adaptive windows beside the true lag.
 * Null when no strategy has a monitor or a changing window.
 */
export function lagChart(sc: Scenario, data: ReportData, lang: Lang): ChartSpec | null {
  const monitored = data.strategies.some((s) => s.reportedLagUs.length > 0);
  const windows = data.strategies.some((s) => s.windowUs !== null);
  if (!monitored && !windows) return null;
  const datasets: Array<Record<string, unknown>> = [];
  const scales: Record<string, unknown> = { x: timeAxis(lang, sc.horizonUs / 1e6) };
  // Panels are stacked bottom-up in declaration order: the first follower's is declared last, so it is on top.
  if (monitored) {
    for (let f = sc.followers.length - 1; f >= 0; f--) scales[`f${f}`] = panel(t(lang, 'axis.followerLag', { follower: sc.followers[f].name }));
    sc.followers.forEach((_, f) => {
      const truth = trueLagDatasets(sc, data, lang, `f${f}`)[f];
      datasets.push({ ...truth, borderColor: '#000000', backgroundColor: '#000000' }, ...reportedDatasets(sc, data, lang, f, `f${f}`));
    });
  }
  if (windows) {
    scales.w = panel(t(lang, 'axis.windowMs'));
    // True lag in black, as in the followers' panels above; several followers told apart by dashes.
    const truth = trueLagDatasets(sc, data, lang, 'w').map((d, i) => ({ ...d, borderColor: '#000000', backgroundColor: '#000000', borderDash: dashOf(i) }));
    datasets.push(...truth, ...windowDatasets(data, lang, 'w'));
  }
  const options = baseOptions(t(lang, 'chart.lag.title'), sc.title, {
    note: t(lang, 'note.seed', { seed: data.summary.seed }),
    tooltip: { mode: 'y', xName: 't =', xUnit: 's', yUnit: ' ms' },
    regions: incidentRegions(sc, lang),
  });
  options.interaction = { mode: 'nearest', intersect: false };
  options.scales = scales;
  const caption = [monitored ? t(lang, 'chart.lag.captionReported') : '', windows ? t(lang, 'chart.lag.captionWindow') : ''].filter((s) => s !== '').join(' ');
  return { id: 'lag', caption, config: { type: 'line', data: { datasets }, options } };
}

function panel(title: string): Record<string, unknown> {
  return { type: 'linear', min: 0, stack: 'lag', stackWeight: 1, offset: true, title: { display: true, text: title } };
}

/** A per-second or per-change series of strategy `i`: a step line in its colour, without points. */
function steppedLine(i: number): Record<string, unknown> {
  return { stepped: 'before', borderColor: colorOf(i), backgroundColor: colorOf(i), borderWidth: 2, pointRadius: 0, pointStyle: 'line' };
}
