import { StrategyResult } from '../../metrics/summary';
import { Lang, t } from '../../i18n';
import { SweepResult } from '../../sweep/run';
import { ChartSpec, baseOptions, percentAxis } from './spec';
import { colorOf, pointStyleOf } from './theme';

type Field = 'staleRate' | 'masterReadShare';

/** At most this many captions per curve on the frontier; more would bury the points. */
const MAX_CAPTIONS = 6;

function half(r: StrategyResult, field: Field): number | undefined {
  const h = r.ci95?.[field];
  return typeof h === 'number' ? h : undefined;
}

function bounds(r: StrategyResult, field: Field): { lo: number; hi: number } | undefined {
  const h = half(r, field);
  return h === undefined ? undefined : { lo: Math.max(0, 100 * (r[field] - h)), hi: Math.min(100, 100 * (r[field] + h)) };
}

function note(s: SweepResult, lang: Lang): string {
  return s.runs > 1 ? t(lang, 'note.runs', { n: s.runs, from: s.seed, to: s.seed + s.runs - 1 }) : t(lang, 'note.seed', { seed: s.seed });
}

/** Indices to caption: both ends and evenly spaced ones between. */
function captioned(n: number): Set<number> {
  const step = Math.max(1, Math.ceil((n - 1) / (MAX_CAPTIONS - 1)));
  const out = new Set<number>([0, n - 1]);
  for (let i = 0; i < n; i += step) out.add(i);
  return out;
}

/** The charts of a sweep: the frontier, then each metric against the swept value. */
export function sweepCharts(s: SweepResult, lang: Lang): ChartSpec[] {
  return [frontier(s, lang), byParam(s, lang, 'staleRate'), byParam(s, lang, 'masterReadShare')];
}

function frontier(s: SweepResult, lang: Lang): ChartSpec {
  const param = s.param.path;
  const datasets = s.families.map((family, i) => {
    const rs = s.points.map((p) => p.summary.results[i]);
    const moves = rs.some((r) => r.staleRate !== rs[0].staleRate || r.masterReadShare !== rs[0].masterReadShare);
    const keep = captioned(rs.length);
    return {
      label: family,
      data: rs.map((r) => ({ x: 100 * r.masterReadShare, y: 100 * r.staleRate })),
      showLine: true,
      borderColor: colorOf(i),
      backgroundColor: colorOf(i),
      pointStyle: pointStyleOf(i),
      pointRadius: 6,
      borderWidth: 2,
      lagsimLabels: s.points.map((p, k) => (moves && keep.has(k) ? p.value : null)),
      // Between the ends a caption is shown only where it fits beside its point (a narrow chart drops some).
      lagsimOptionalLabels: s.points.map((_, k) => k !== 0 && k !== s.points.length - 1),
      // Captions name only some points; the tooltip title names the value of each.
      lagsimTitles: s.points.map((p) => `${param} = ${p.value}`),
      lagsimErrors: s.runs > 1 ? rs.map((r) => {
        const x = bounds(r, 'masterReadShare');
        const y = bounds(r, 'staleRate');
        return x === undefined || y === undefined ? null : { xLo: x.lo, xHi: x.hi, yLo: y.lo, yHi: y.hi };
      }) : undefined,
    };
  });
  const options = baseOptions(t(lang, 'sweep.frontier.title', { param }), t(lang, 'sweep.frontier.subtitle', { param }), {
    note: note(s, lang),
    tooltip: { mode: 'xy', xName: t(lang, 'metric.masterReadShare'), yName: t(lang, 'metric.staleRate'), xUnit: '%', yUnit: '%' },
  });
  options.scales = { x: percentAxis(t(lang, 'axis.masterReadShare'), true), y: percentAxis(t(lang, 'axis.staleRate'), true) };
  return { id: 'frontier', caption: t(lang, 'sweep.frontier.caption', { param }), config: { type: 'scatter', data: { datasets }, options } };
}

function byParam(s: SweepResult, lang: Lang, field: Field): ChartSpec {
  const param = s.param.path;
  const numeric = s.points.every((p) => p.x !== null);
  const datasets = s.families.map((family, i) => {
    const rs = s.points.map((p) => p.summary.results[i]);
    return {
      label: family,
      data: rs.map((r, k) => (numeric ? { x: s.points[k].x, y: 100 * r[field] } : 100 * r[field])),
      borderColor: colorOf(i),
      backgroundColor: colorOf(i),
      pointStyle: pointStyleOf(i),
      pointRadius: 5,
      borderWidth: 2,
      lagsimErrors: s.runs > 1 ? rs.map((r) => {
        const b = bounds(r, field);
        return b === undefined ? null : { yLo: b.lo, yHi: b.hi };
      }) : undefined,
    };
  });
  const which = field === 'staleRate' ? 'stale' : 'master';
  const xTitle = s.param.unit === '' ? param : `${param} (${s.param.unit})`;
  const options = baseOptions(t(lang, `sweep.${which}.title`, { param }), '', {
    note: note(s, lang),
    tooltip: { mode: 'y', xName: `${param} =`, xUnit: s.param.unit === 'ms' ? ' ms' : s.param.unit, yUnit: '%' },
  });
  options.interaction = { mode: 'nearest', intersect: false };
  options.scales = {
    x: numeric ? { type: 'linear', title: { display: true, text: xTitle } } : { type: 'category', title: { display: true, text: xTitle } },
    y: percentAxis(t(lang, field === 'staleRate' ? 'axis.staleRate' : 'axis.masterReadShare'), true),
  };
  const data = numeric ? { datasets } : { labels: s.points.map((p) => p.value), datasets };
  return { id: `${which}-vs-param`, caption: t(lang, `sweep.${which}.caption`, { param }), config: { type: 'line', data, options } };
}
