import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import * as path from 'path';
import { scenario } from './helpers';
import { loadScenarioFile } from '../src/scenario/load';
import { Scenario } from '../src/scenario/types';
import { collectReport, ReportData } from '../src/report/collect';
import { MAX_OPS_POINTS, masterOpsCurve, reportedLagCurve, windowCurve } from '../src/report/series';
import { StepMax } from '../src/report/strategyProbe';
import { MAX_MARKS } from '../src/report/timeline';
import { runCharts } from '../src/report/charts/runCharts';
import { frontierLine, tradeoffPoints } from '../src/report/charts/tradeoff';
import { distinguish } from '../src/report/charts/distinct';
import { chartClient } from '../src/report/charts/png';
import { ChartSpec } from '../src/report/charts/spec';

// The data behind each chart of a run report, checked against the summary and the scenario.

const load = (name: string): Scenario => loadScenarioFile(path.join(__dirname, '..', 'scenarios', `${name}.yaml`));
const cache = new Map<string, ReportData>();
function dataOf(name: string): ReportData {
  if (!cache.has(name)) cache.set(name, collectReport(load(name)));
  return cache.get(name)!;
}
type Dataset = { label: string; data: Array<{ x: number; y: number | null }>; yAxisID?: string; lagsimMarks?: { xs: number[]; captions: Array<string | null> } };
const chart = (charts: ChartSpec[], id: string): ChartSpec | undefined => charts.find((c) => c.id === id);
const datasetsOf = (c: ChartSpec): Dataset[] => (c.config.data as { datasets: Dataset[] }).datasets;
const lagsimOf = (c: ChartSpec): Record<string, unknown> =>
  ((c.config.options as Record<string, Record<string, unknown>>).plugins.lagsim as Record<string, unknown>);

/** A small generated scenario with a master capacity, so work finishes after the horizon. */
const generated = scenario({
  name: 'gen', seed: 4, duration: '7.5s',
  cluster: { master: { capacity: '260/s' }, followers: [{ name: 'f1', lag: { dist: 'exponential', mean: '80ms' } }] },
  workload: { keys: 40, sessions: 60, writeRate: '30/s', readRate: '250/s', criticalFraction: 0.1 },
  strategies: ['all-follower', 'all-master', 'critical-only', { name: 'post-write-window', window: '300ms', scope: 'key' }],
});
/** Its report data, collected once for the tests that read it (as dataOf's). */
let generatedReport: ReportData | undefined;
const generatedData = (): ReportData => (generatedReport ??= collectReport(generated));

// ---
const load_ = suite('timeline: master load per simulated second, as the table counts it');

for (const [name, sc, data] of [['apple-stock', load('apple-stock'), () => dataOf('apple-stock')], ['generated', generated, generatedData]] as const) {
  load_(`${name}: each strategy's curve peaks at the table's masterOpsPerSec peak, and sums to writes + master reads`, () => {
    const d = data();
    d.summary.results.forEach((r, i) => {
      const { sliceS, points } = masterOpsCurve(d, i, sc.horizonUs);
      assert.is(sliceS, 1);
      assert.is(Math.max(...points.map((p) => p.y!)), r.masterOpsPerSec.peak, r.strategy);
      assert.is(points.reduce((a, p) => a + p.y!, 0), r.writes + r.masterReads, r.strategy);
      // The drawn dataset holds the same numbers.
      const ds = datasetsOf(chart(runCharts(sc, d, 'en'), 'timeline')!).filter((x) => x.yAxisID === 'y2')[i];
      assert.is(Math.max(...ds.data.map((p) => p.y!)), r.masterOpsPerSec.peak);
    });
  });
}

load_('apple story: all-master\'s peak is 4 ops in the second [1 s, 2 s), not a sub-second rate', () => {
  const d = dataOf('apple-stock');
  const i = d.summary.results.findIndex((r) => r.strategy === 'all-master');
  assert.equal(masterOpsCurve(d, i, load('apple-stock').horizonUs).points, [{ x: 0, y: 0 }, { x: 1, y: 4 }]);
});

load_('the generated run still completes master work after its horizon: the curve covers those seconds', () => {
  const d = generatedData();
  const i = d.summary.results.findIndex((r) => r.strategy === 'all-master');
  const { points } = masterOpsCurve(d, i, generated.horizonUs);
  assert.ok(points.length >= 8, `${points.length} seconds for a 7.5 s horizon`);
});

load_('a long run groups whole seconds into slices, keeping each slice\'s busiest second (the peak survives)', () => {
  const sc = scenario({
    name: 'long', seed: 2, duration: '2000s', cluster: { followers: [{ name: 'f1', lag: '10ms' }] },
    workload: { keys: 5, sessions: 5, writeRate: '1/s', readRate: '2/s' }, strategies: ['all-master'],
  });
  const d = collectReport(sc);
  const { sliceS, points } = masterOpsCurve(d, 0, sc.horizonUs);
  assert.is(sliceS, Math.ceil(2000 / MAX_OPS_POINTS));
  assert.ok(points.length <= MAX_OPS_POINTS);
  assert.is(Math.max(...points.map((p) => p.y!)), d.summary.results[0].masterOpsPerSec.peak);
});

load_.run();

// ---
const incidents = suite('incidents are shaded on the time charts');

incidents('sbm-blind-spot: both incidents, on the timeline and on the lag chart, with captions naming the follower', () => {
  const charts = runCharts(load('sbm-blind-spot'), dataOf('sbm-blind-spot'), 'en');
  for (const id of ['timeline', 'lag']) {
    const regions = lagsimOf(chart(charts, id)!).regions as Array<{ x0: number; x1: number; caption: string }>;
    assert.equal(regions.map((r) => [r.x0, r.x1]), [[5, 25], [30, 35]], id);
    assert.match(regions[0].caption, /replica-b/);
    assert.match(regions[0].caption, /3s/);
    assert.match(regions[1].caption, /replica-a stopped/);
  }
});

incidents('apple story: no incident, nothing shaded', () => {
  const timeline = chart(runCharts(load('apple-stock'), dataOf('apple-stock'), 'en'), 'timeline')!;
  assert.equal(lagsimOf(timeline).regions, []);
});

incidents.run();

// ---
const reported = suite('reported lag beside true lag');

reported('sbm-blind-spot: every lag-threshold strategy\'s monitor is collected, all-follower and all-master have none', () => {
  const d = dataOf('sbm-blind-spot');
  assert.equal(d.strategies.map((s) => s.reportedLagUs.length), [0, 0, 1, 1, 1, 1]);
});

reported('the blind spot: during replica-b\'s shipping delay Seconds_Behind_Master reads 0 while heartbeat sees ~3 s', () => {
  const d = dataOf('sbm-blind-spot');
  const at = (curve: Array<{ x: number; y: number | null }>, s: number): number => curve.find((p) => p.x >= s)!.y!;
  const sbm = reportedLagCurve(d, 2, 0, 1);
  const heartbeat = reportedLagCurve(d, 5, 0, 1);
  for (const s of [12, 15, 20]) {
    assert.is(at(sbm, s), 0, `SBM at ${s} s`);
    assert.ok(at(heartbeat, s) > 2500 && at(heartbeat, s) < 3600, `heartbeat at ${s} s: ${at(heartbeat, s)}`);
  }
  // replica-a stopped at 30 s: Seconds_Behind_Master is NULL, counted as the 60 s nullLag.
  assert.is(Math.max(...reportedLagCurve(d, 2, 0, 0).map((p) => p.y ?? 0)), 60_000);
});

reported('a heartbeat every 200 ms reports the true lag of its probe time: never more than the true lag in the bins since', () => {
  const d = dataOf('sbm-blind-spot');
  const heartbeat = reportedLagCurve(d, 5, 0, 1);
  const truth = d.timeline.maxLagUs[1];
  // Bins are 100 ms: a report held for 200 ms was probed in this bin or one of the two before.
  heartbeat.forEach((p, i) => {
    const bound = Math.max(...[i - 2, i - 1, i].filter((j) => j >= 0).map((j) => truth[j])) / 1000;
    if (p.y !== null) assert.ok(p.y <= bound + 1e-9, `bin ${i}: reported ${p.y}, true ≤ ${bound}`);
  });
});

reported('the lag chart: one panel per follower with its true lag and each monitor\'s report; no lag chart without monitors or windows', () => {
  const lag = chart(runCharts(load('sbm-blind-spot'), dataOf('sbm-blind-spot'), 'en'), 'lag')!;
  const labels = datasetsOf(lag).map((x) => x.label);
  assert.ok(labels.includes('replica-a: true lag') && labels.includes('replica-b: true lag'), labels.join(' | '));
  assert.is(labels.filter((l) => l.startsWith('replica-b: reported (')).length, 4, labels.join(' | '));
  // A report is called identical to another exactly when their points are equal.
  const reports = datasetsOf(lag).filter((x) => x.label.startsWith('replica-b: reported'));
  reports.forEach((x, k) => {
    const twin = reports.findIndex((y) => JSON.stringify(y.data) === JSON.stringify(x.data));
    assert.is(/identical to/.test(x.label), twin < k, x.label);
  });
  assert.is(chart(runCharts(load('apple-stock'), dataOf('apple-stock'), 'en'), 'lag'), undefined);
});

reported.run();

// ---
const windows = suite('adaptive windows over time');

windows('adaptive-window: the window starts at its initial 1 s, grows past the 1.5 s extra delay during the incident, and only adaptive strategies have one', () => {
  const d = dataOf('adaptive-window');
  assert.equal(d.strategies.map((s) => s.windowUs !== null), [false, false, false, false, true, true]);
  for (const i of [4, 5]) {
    const w = windowCurve(d, i);
    assert.is(w[0].y, 1000, 'initial window in the first bin');
    const during = w.filter((p) => p.x > 25 && p.x < 35).map((p) => p.y!);
    assert.ok(Math.min(...during) > 1500, `window during the incident ≥ ${Math.min(...during)} ms`);
    assert.ok(w.every((p) => p.y !== null && p.y <= 10_000), 'never beyond max (10 s)');
  }
  const lag = chart(runCharts(load('adaptive-window'), d, 'ko'), 'lag')!;
  assert.is(datasetsOf(lag).filter((x) => x.label.endsWith(': 윈도')).length, 2);
});

windows('StepMax: a held value counts in every bin it holds in, as its largest', () => {
  const s = new StepMax(10, 5);
  s.set(0, 3);
  s.set(15, 7);
  s.set(20, 1);
  assert.equal([...s.finish()], [3, 7, 1, 1, 1]);
  const late = new StepMax(10, 3);
  late.set(12, 4);
  assert.equal([...late.finish()].map((v) => (Number.isNaN(v) ? null : v)), [null, 4, 4]);
});

windows.run();

// ---
const tradeoff = suite('trade-off: fitted axes, frontier, labels');

tradeoff('apple story: the frontier is all-follower, the session window and all-master (once for the two equal points)', () => {
  const d = dataOf('apple-stock');
  const line = frontierLine(d.summary.results);
  assert.equal(line.map((p) => [Math.round(p.x * 1000) / 1000, Math.round(p.y * 1000) / 1000]), [[0, 66.667], [33.333, 33.333], [100, 0]]);
});

tradeoff('every frontier point is undominated and every other point is dominated by one', () => {
  for (const name of ['flash-sale', 'sbm-blind-spot', 'adaptive-window']) {
    const pts = tradeoffPoints(dataOf(name).summary.results);
    const line = frontierLine(dataOf(name).summary.results);
    const dominated = (p: { x: number; y: number }): boolean => pts.some((q) => q.x <= p.x && q.y <= p.y && (q.x < p.x || q.y < p.y));
    for (const p of line) assert.not.ok(dominated(p), `${name}: ${p.x},${p.y}`);
    for (const p of pts) if (!line.some((q) => q.x === p.x && q.y === p.y)) assert.ok(dominated(p), `${name}: ${p.strategy}`);
  }
});

tradeoff('axes fit the points: they start at 0 and end a little above the largest value', () => {
  const spec = chart(runCharts(load('sbm-blind-spot'), dataOf('sbm-blind-spot'), 'en'), 'tradeoff')!;
  const scales = (spec.config.options as { scales: Record<string, { min: number; max: number }> }).scales;
  const pts = tradeoffPoints(dataOf('sbm-blind-spot').summary.results);
  const maxY = Math.max(...pts.map((p) => p.y));
  assert.ok(scales.y.min < 0 && scales.y.min > -1, `y from ${scales.y.min}`);
  assert.ok(scales.y.max > maxY && scales.y.max < 1.5 * maxY, `y to ${scales.y.max} for a largest stale rate of ${maxY}`);
  assert.ok(scales.x.max >= 100 && scales.x.max <= 104, 'all-master at 100 %: x to 100 %');
});

/** The trade-off points in pixels, as a 1280×720 chart would map them, with captions sized by a fixed width per character. */
function anchorsOf(name: string) {
  const spec = chart(runCharts(load(name), dataOf(name), 'en'), 'tradeoff')!;
  const scales = (spec.config.options as { scales: Record<string, { min: number; max: number }> }).scales;
  const area = { left: 90, right: 1250, top: 100, bottom: 560 };
  const px = (v: number, s: { min: number; max: number }, a: number, b: number): number => a + ((v - s.min) / (s.max - s.min)) * (b - a);
  const anchors = tradeoffPoints(dataOf(name).summary.results).map((p, i) => ({
    x: px(p.x, scales.x, area.left, area.right), y: px(p.y, scales.y, area.bottom, area.top), r: 8, h: 18,
    w: 8 * `${i + 1}. ${p.strategy}`.length, shortW: 8 * `${i + 1}`.length,
  }));
  return { anchors, area };
}

tradeoff('labels: every bundled scenario\'s points get a caption, none overlapping another or a marker, all inside the plot', () => {
  const { placeLabels, overlaps } = chartClient() as unknown as {
    placeLabels(a: unknown[], area: unknown): Array<{ box: { x: number; y: number; w: number; h: number } } | null>;
    overlaps(a: unknown, boxes: unknown[]): boolean;
  };
  for (const name of ['apple-stock', 'flash-sale', 'sbm-blind-spot', 'adaptive-window', 'least-lagged', 'causal-reads', 'master-capacity', 'lag-spike']) {
    const { anchors, area } = anchorsOf(name);
    const placed = placeLabels(anchors, area);
    const markers = anchors.map((a) => ({ x: a.x - a.r, y: a.y - a.r, w: 2 * a.r, h: 2 * a.r }));
    placed.forEach((p, i) => {
      assert.ok(p !== null, `${name}: point ${i + 1} has a caption`);
      const b = p!.box;
      assert.ok(b.x >= area.left && b.x + b.w <= area.right && b.y >= area.top && b.y + b.h <= area.bottom, `${name}: caption ${i + 1} inside`);
      const others = placed.filter((q, j) => j !== i && q !== null).map((q) => q!.box);
      assert.not.ok(overlaps(b, others), `${name}: caption ${i + 1} overlaps another caption`);
      assert.not.ok(overlaps(b, markers), `${name}: caption ${i + 1} covers a marker`);
    });
  }
});

tradeoff('labels: eight strategies on one spot still get eight separate captions', () => {
  const { placeLabels, overlaps } = chartClient() as unknown as {
    placeLabels(a: unknown[], area: unknown): Array<{ box: { x: number; y: number; w: number; h: number }; leader: boolean } | null>;
    overlaps(a: unknown, boxes: unknown[]): boolean;
  };
  const area = { left: 90, right: 1250, top: 100, bottom: 560 };
  const anchors = Array.from({ length: 8 }, (_, i) => ({ x: 100, y: 550, r: 8, h: 18, w: 420, shortW: 8 * String(i + 1).length }));
  const placed = placeLabels(anchors, area);
  placed.forEach((p, i) => {
    assert.ok(p !== null, `point ${i + 1}`);
    assert.not.ok(overlaps(p!.box, placed.filter((_, j) => j !== i).map((q) => q!.box)));
  });
  assert.ok(placed.some((p) => p!.leader), 'far captions are tied to their point by a leader line');
});

/** Where a leader from anchor a to caption box b ends: b's point nearest to a. */
function leaderOf(a: { x: number; y: number }, b: { x: number; y: number; w: number; h: number }) {
  return { x1: a.x, y1: a.y, x2: Math.max(b.x, Math.min(a.x, b.x + b.w)), y2: Math.max(b.y, Math.min(a.y, b.y + b.h)) };
}

/** How far box b is from the marker of anchor a. */
function gapOf(b: { x: number; y: number; w: number; h: number }, a: { x: number; y: number; r: number }): number {
  const l = leaderOf(a, b);
  return Math.hypot(l.x2 - a.x, l.y2 - a.y) - a.r;
}

tradeoff('labels: a caption beside a point is nearer to it than to any other; leaders cross no caption, leader or other point', () => {
  const { placeLabels, crosses, linesCross } = chartClient() as unknown as {
    placeLabels(a: unknown[], area: unknown): Array<{ box: { x: number; y: number; w: number; h: number }; leader: boolean } | null>;
    crosses(x1: number, y1: number, x2: number, y2: number, b: unknown): boolean;
    linesCross(l: unknown, m: unknown): boolean;
  };
  // The bundled scenarios' trade-offs, and a sweep frontier of 25 points packed along the floor with 6 long captions.
  const area = { left: 90, right: 1250, top: 100, bottom: 560 };
  // (Its captions between the ends are optional, as sweepCharts makes them: shown only beside their point.)
  const sweep = Array.from({ length: 25 }, (_, i) => ({
    x: 560 + 8 * i, y: 550 - (i < 5 ? 8 * (5 - i) : 0), r: 6, h: 14, w: i % 5 === 0 || i === 24 ? 8 * '1666.667ms'.length : undefined, optional: i > 0 && i < 24,
  }));
  const layouts: Array<{ name: string; anchors: Array<{ x: number; y: number; r: number; w?: number; optional?: boolean }>; area: typeof area }> = [
    ...['apple-stock', 'flash-sale', 'sbm-blind-spot', 'adaptive-window', 'least-lagged', 'causal-reads', 'master-capacity', 'lag-spike'].map((name) => ({ name, ...anchorsOf(name) })),
    { name: '25-point sweep', anchors: sweep, area }];
  for (const { name, anchors, area: plot } of layouts) {
    const placed = placeLabels(anchors, plot);
    const leaders = placed.map((p, i) => (p !== null && p.leader ? leaderOf(anchors[i], p.box) : null));
    placed.forEach((p, i) => {
      if (p === null) return;
      assert.ok(p.leader || anchors.every((o, j) => j === i || gapOf(p.box, o) >= gapOf(p.box, anchors[i])), `${name}: caption ${i + 1} sits nearer another point, without a leader`);
      assert.ok(!(anchors[i].optional && p.leader), `${name}: optional caption ${i + 1} placed away from its point`);
      assert.ok(p.leader || gapOf(p.box, anchors[i]) <= 5, `${name}: caption ${i + 1} is ${gapOf(p.box, anchors[i]).toFixed(1)} px from its point, without a leader`);
      anchors.forEach((o, j) => {
        const m = { x: o.x - o.r, y: o.y - o.r, w: 2 * o.r, h: 2 * o.r };
        const under = anchors[i].x > m.x && anchors[i].x < m.x + m.w && anchors[i].y > m.y && anchors[i].y < m.y + m.h;
        if (j !== i && leaders[i] !== null && !under) assert.not.ok(crosses(leaders[i]!.x1, leaders[i]!.y1, leaders[i]!.x2, leaders[i]!.y2, m), `${name}: the leader of caption ${i + 1} runs through point ${j + 1}, which it does not start under`);
      });
      leaders.forEach((l, j) => {
        if (l === null || j === i) return;
        assert.not.ok(crosses(l.x1, l.y1, l.x2, l.y2, p.box), `${name}: the leader of caption ${j + 1} crosses caption ${i + 1}`);
        if (leaders[i] !== null) assert.not.ok(linesCross(l, leaders[i]), `${name}: leaders ${i + 1} and ${j + 1} cross`);
      });
    });
    assert.ok(placed.every((p, i) => anchors[i].w === undefined || anchors[i].optional || p !== null), `${name}: every caption that is not optional placed`);
    if (name === '25-point sweep') assert.ok(placed.filter((p) => p !== null).length >= 3, `${name}: some captions between the ends fit`);
  }
});

tradeoff('labels: two captions never touch — their white backgrounds keep air between them', () => {
  const { placeLabels, GAP } = chartClient() as unknown as {
    placeLabels(a: unknown[], area: unknown): Array<{ box: { x: number; y: number; w: number; h: number } } | null>;
    GAP: number;
  };
  // The second point's caption fits only to its left, where it would end where the first one's begins.
  const area = { left: 0, right: 240, top: 0, bottom: 600 };
  const anchors = [{ x: 100, y: 300, r: 6, h: 14, w: 50 }, { x: 220, y: 300, r: 6, h: 14, w: 50 }];
  const [a, b] = placeLabels(anchors, area).map((p) => p!.box);
  const apartX = Math.max(b.x - (a.x + a.w), a.x - (b.x + b.w));
  const apartY = Math.max(b.y - (a.y + a.h), a.y - (b.y + b.h));
  assert.ok(apartX >= 2 * GAP || apartY >= 0, `captions ${JSON.stringify(a)} and ${JSON.stringify(b)} are ${apartX} px apart`);
});

tradeoff.run();

// ---
const latency = suite('latency chart');

latency('bars are the table\'s read latency p50/p99/max; no write panel when no write waited', () => {
  const d = dataOf('apple-stock');
  const spec = chart(runCharts(load('apple-stock'), d, 'en'), 'latency')!;
  const sets = datasetsOf(spec) as unknown as Array<{ label: string; data: number[] }>;
  assert.equal(sets.map((s) => s.label), ['read p50', 'read p99', 'read max']);
  assert.equal(sets[1].data, d.summary.results.map((r) => r.readLatencyMs.p99));
  assert.match(JSON.stringify(spec.config), /write latency 0 ms for every strategy/);
});

latency('a master with a capacity: write latency gets its panel, with the table\'s numbers', () => {
  const d = generatedData();
  const spec = chart(runCharts(generated, d, 'en'), 'latency')!;
  const sets = datasetsOf(spec) as unknown as Array<{ label: string; data: number[] }>;
  const max = sets.find((s) => s.label === 'write max')!;
  assert.equal(max.data, d.summary.results.map((r) => r.writeLatencyMs.max));
  assert.ok(max.data.some((v) => v > 0));
});

latency.run();

// ---
const distinct = suite('identical series say so; only identical ones');

distinct('apple story timeline: the key window\'s load is identical to all-master\'s, the session window\'s to critical-only\'s', () => {
  const timeline = chart(runCharts(load('apple-stock'), dataOf('apple-stock'), 'en'), 'timeline')!;
  const ops = datasetsOf(timeline).filter((x) => x.yAxisID === 'y2').map((x) => x.label);
  assert.equal(ops, [
    'all-follower: master ops/s',
    'all-master: master ops/s',
    'critical-only: master ops/s',
    'post-write-window(window=1s,scope=key): master ops/s (identical to all-master)',
    'post-write-window(window=1s,scope=session): master ops/s (identical to critical-only)',
  ]);
});

distinct('a difference in one point is not identical; each series gets its own dash', () => {
  const out = distinguish([
    { label: 'a', data: [{ x: 0, y: 1 }, { x: 1, y: 2 }] },
    { label: 'b', data: [{ x: 0, y: 1 }, { x: 1, y: 2.0001 }] },
    { label: 'c', data: [{ x: 0, y: 1 }, { x: 1, y: 2 }] },
  ], ['A', 'B', 'C'], 'en');
  assert.equal(out.map((d) => d.label), ['a', 'b', 'c (identical to A)']);
  assert.is(new Set(out.map((d) => JSON.stringify(d.borderDash))).size, 3);
});

distinct.run();

// ---
const marks = suite('write marks: scripted writes always captioned, reports bounded');

marks('flash-sale: over a hundred writes, the seller\'s scripted write is still marked and captioned; generated ones are not marked', () => {
  const d = dataOf('flash-sale');
  assert.ok(d.timeline.writeCount > MAX_MARKS);
  assert.equal(d.timeline.writes.map((w) => w.caption), ['seller: key-0 stock=0']);
  const timeline = chart(runCharts(load('flash-sale'), d, 'ko'), 'timeline')!;
  const m = datasetsOf(timeline).find((x) => x.lagsimMarks !== undefined)!;
  assert.equal(m.lagsimMarks!.captions, ['seller: key-0 stock=0']);
  assert.match(m.label, `전체 ${d.timeline.writeCount}건 중 1건`);
});

marks('no chart embeds a point per operation', () => {
  const d = dataOf('flash-sale');
  const ops = d.summary.results.reduce((a, r) => a + r.reads + r.writes, 0);
  for (const spec of runCharts(load('flash-sale'), d, 'en')) {
    for (const x of datasetsOf(spec)) assert.ok(x.data.length <= 402, `${spec.id}/${x.label}: ${x.data.length} points (${ops} operations)`);
  }
});

marks.run();
