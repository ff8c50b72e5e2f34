import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import * as path from 'path';
import { poissonOneKey, scenario } from './helpers';
import { loadScenarioFile } from '../src/scenario/load';
import { runScenario } from '../src/run';
import { simulate } from '../src/simulate';
import { collectReport, niceCeil } from '../src/report/collect';
import { applyCdf, lagCurve, masterOpsCurve, stalenessCurve, visibilityCurve } from '../src/report/series';

// The numbers behind the charts: checked against the apple story, closed forms and
// invariants, the same way the summary is.

const apple = loadScenarioFile(path.join(__dirname, '..', 'scenarios', 'apple-stock.yaml'));

// ---
const same = suite('collectReport: the summary is exactly runScenario\'s');

same('apple story, one run', () => {
  assert.equal(collectReport(apple).summary, runScenario(apple));
});

same('generated workload, three replications (means and CIs)', () => {
  const sc = poissonOneKey({ dist: 'exponential', mean: '200ms' }, '5/s', '50/s', '20s', 3);
  assert.equal(collectReport(sc, 3).summary, runScenario(sc, { runs: 3 }));
});

same('alsoWatch: a rider observer sees exactly what it would see alone, and changes nothing', () => {
  const sc = poissonOneKey({ dist: 'exponential', mean: '100ms' }, '5/s', '50/s', '10s', 8);
  const alone: string[] = [];
  simulate(sc, sc.strategies[0], sc.seed, { op: (r) => alone.push(`${r.tUs} ${r.op} ${r.version}`), apply: (a) => alone.push(`apply ${a.pos}`) });
  const riding: string[] = [];
  const data = collectReport(sc, 2, {
    alsoWatch: (i) => (i === 0 ? { op: (r) => riding.push(`${r.tUs} ${r.op} ${r.version}`), apply: (a) => riding.push(`apply ${a.pos}`) } : undefined),
  });
  assert.equal(riding, alone);
  assert.equal(data.summary, runScenario(sc, { runs: 2 }));
});

same.run();

// ---
const story = suite('apple story: the curves tell the story');

story('follower-1 lags from the write at 1s until it applies it at 1.5s, peaking at 500 ms', () => {
  const data = collectReport(apple);
  const lag = lagCurve(data, 0);
  const at = (s: number): number => lag.find((p) => Math.abs(p.x - s) < 1e-9)!.y!;
  assert.is(Math.max(...lag.map((p) => p.y!)), 500);
  assert.is(at(1.0), 0, 'caught up before the write');
  assert.ok(Math.abs(at(1.25) - 250) < 1e-9, `halfway: ${at(1.25)}`);
  assert.is(at(1.6), 0, 'caught up after applying it');
  assert.equal(data.timeline.writes.map((w) => [w.tUs, w.caption]), [[1_000_000, 'seller: apple stock=0']]);
});

story('all-follower: reads 100 ms and 200 ms after the write miss it; the read at 500 ms sees it', () => {
  const data = collectReport(apple);
  const i = data.summary.results.findIndex((r) => r.strategy === 'all-follower');
  const seen = visibilityCurve(data, i).filter((p) => p.y !== null).map((p) => [p.x, p.y]);
  assert.equal(seen, [[100, 0], [200, 0], [500, 100]]);
  const replication = applyCdf(data.timeline.followerDelayUs[0], 600);
  assert.equal(replication, [{ x: 0, y: 0 }, { x: 500, y: 100 }, { x: 600, y: 100 }], 'a 500 ms step');
});

story('staleness: 2 of 3 reads stale by ≥ 0, 1 of 3 by more than 100 ms, none by more than 200 ms', () => {
  const data = collectReport(apple);
  const i = data.summary.results.findIndex((r) => r.strategy === 'all-follower');
  const curve = stalenessCurve(data, i);
  const at = (ms: number): number => curve.filter((p) => p.x <= ms).pop()!.y!;
  assert.ok(Math.abs(at(0) - 200 / 3) < 1e-9);
  assert.ok(Math.abs(at(150) - 100 / 3) < 1e-9);
  assert.is(at(250), 0);
});

story.run();

// ---
const theory = suite('closed forms');

/**
 * One follower, Poisson commits at rate λ, exponential shipping delays of mean μ, applied
 * in order: commit i is visible t after it iff every commit j ≤ i has c_j + d_j ≤ c_i + t.
 * The earlier commits form a Poisson process in the past, so
 *   P(visible after t) = (1 − e^(−t/μ)) · exp(−λμ e^(−t/μ)).
 * That is the law of the apply delay a_i − c_i, and of what an all-follower read sees.
 */
const visible = (tMs: number, lambdaPerMs: number, muMs: number): number =>
  (1 - Math.exp(-tMs / muMs)) * Math.exp(-lambdaPerMs * muMs * Math.exp(-tMs / muMs));

theory('t-visibility of in-order exponential replication: apply delays and reads both follow the law', () => {
  const sc = scenario({
    name: 'tvis', seed: 9, duration: '400s',
    cluster: { followers: [{ name: 'f1', lag: { dist: 'exponential', mean: '100ms' } }] },
    workload: { keys: 20, sessions: 50, writeRate: '20/s', readRate: '200/s' },
    strategies: ['all-follower'],
  });
  const data = collectReport(sc);
  const cdf = applyCdf(data.timeline.applyDelayUs, 1000);
  // ~8000 delays, strongly correlated in time (one long delay holds back the next ones): allow 0.03.
  for (const t of [50, 100, 200, 300]) {
    const measured = cdf.filter((p) => p.x <= t).pop()!.y! / 100;
    assert.ok(Math.abs(measured - visible(t, 0.02, 100)) < 0.03, `P(applied within ${t} ms) = ${measured}, theory ${visible(t, 0.02, 100)}`);
  }
  // Reads: pool the bins around t (each bin reads ~1–3 k reads); compare with the law averaged the same way.
  const curve = visibilityCurve(data, 0);
  for (const [lo, hi] of [[40, 80], [90, 130], [180, 240]]) {
    const pts = curve.filter((p) => p.x >= lo && p.x < hi && p.y !== null);
    const measured = pts.reduce((a, p) => a + p.y!, 0) / pts.length / 100;
    const expected = pts.reduce((a, p) => a + visible(p.x, 0.02, 100), 0) / pts.length;
    assert.ok(Math.abs(measured - expected) < 0.04, `reads ${lo}–${hi} ms after a commit: ${measured} saw it, theory ${expected}`);
  }
});

theory('constant lag L: a read sees the latest commit iff it comes L or more after it', () => {
  const sc = poissonOneKey('300ms', '2/s', '50/s', '200s', 4);
  const data = collectReport(sc);
  const binMs = data.bins.ageBinUs / 1000;
  let checked = 0;
  visibilityCurve(data, 0).forEach((p, i) => {
    if (p.y === null) return;
    // Bin i holds ages in [i·w, (i+1)·w); only the bin straddling L may mix both answers.
    if ((i + 1) * binMs <= 300) assert.is(p.y, 0, `ages ${i * binMs}–${(i + 1) * binMs} ms`);
    else if (i * binMs >= 300) assert.is(p.y, 100, `ages ${i * binMs}–${(i + 1) * binMs} ms`);
    else assert.ok(p.y > 0 && p.y < 100, `the straddling bin mixes: ${p.y}% at mean age ${p.x}`);
    checked++;
  });
  assert.ok(checked > 20, `${checked} bins with reads`);
  const lagMs = data.timeline.maxLagUs[0].reduce((a, b) => Math.max(a, b), 0) / 1000;
  assert.ok(lagMs <= 300 && lagMs > 299, `true lag never exceeds L: max ${lagMs} ms`);
});

theory.run();

// ---
const invariants = suite('invariants');

invariants('master operations over time add up to writes + master reads', () => {
  const sc = scenario({
    name: 'ops', seed: 2, duration: '30s',
    cluster: { followers: [{ name: 'f1', lag: { dist: 'uniform', min: '0ms', max: '400ms' } }, { name: 'f2', lag: '200ms' }] },
    workload: { keys: 30, sessions: 20, writeRate: '10/s', readRate: '100/s', criticalFraction: 0.1 },
    strategies: ['all-follower', 'all-master', 'critical-only', { name: 'post-write-window', window: '300ms', scope: 'key' }],
  });
  const data = collectReport(sc);
  data.summary.results.forEach((r, i) => {
    const { sliceS, points } = masterOpsCurve(data, i, sc.horizonUs);
    assert.is(sliceS, 1);
    const total = points.reduce((a, p) => a + p.y!, 0);
    assert.ok(Math.abs(total - (r.writes + r.masterReads)) < 1e-6, `${r.strategy}: ${total} vs ${r.writes + r.masterReads}`);
  });
});

invariants('staleness curve starts at the stale-read rate and never rises', () => {
  const sc = poissonOneKey({ dist: 'exponential', mean: '150ms' }, '8/s', '80/s', '30s', 6);
  const data = collectReport(sc, 2);
  const curve = stalenessCurve(data, 0);
  assert.ok(Math.abs(curve[0].y! - 100 * data.summary.results[0].staleRate) < 1e-9);
  for (let i = 1; i < curve.length; i++) assert.ok(curve[i].y! <= curve[i - 1].y! + 1e-12);
  assert.ok(curve.every((p) => p.lo !== undefined && p.lo <= p.y! && p.y! <= p.hi!), 'CI bounds around every mean');
});

invariants('niceCeil: the smallest readable bound at or above x', () => {
  assert.is(niceCeil(550_000), 600_000);
  assert.is(niceCeil(1000), 1000);
  assert.is(niceCeil(1001), 1200);
  assert.is(niceCeil(0.07), 0.08);
});

invariants.run();
