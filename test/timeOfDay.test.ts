import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'fs';
import * as path from 'path';
import { runOnce } from '../src/run';
import { Tally, assertStaleRate, readsOf, staleAges, staleZ, sum, tally } from './staleSpans';
import { loadScenarioFile, scenarioDocument } from '../src/scenario/load';
import { describeDist } from '../src/model/distributions';
import { problemsOf, resultsOf, sampleSize, scenario, tmpFile } from './helpers';

// An empirical lag by time of day: samples measured between 01:00 and 02:00 all read L1,
// those between 02:00 and 03:00 all read L2 > L1 (one hour buckets), and the run starts at
// 01:50, so the bucket boundary falls at simulated time b = 600 s. With Poisson writes
// (rate λ) on one key, a read at t < b is stale iff a write committed in (t − L1, t]:
// 1 − e^(−λL1). From b + L2 on, every write of the first hour is applied (by b + L1) and a
// read is stale iff a write committed in (t − L2, t]: 1 − e^(−λL2).

const test = suite('empirical lag by time of day');

const L1 = 0.2, L2 = 0.6, lambda = 2;
const b = 600, T = 1200, SEEDS = sampleSize(50, 10);

const timed = [
  { at: '00:30:00', value: '5s' }, // a bucket the run never reaches
  { at: '01:05:10', value: `${L1 * 1000}ms` },
  { at: '01:31:00', value: `${L1 * 1000}ms` },
  { at: '01:59:59.9', value: `${L1 * 1000}ms` },
  { at: '02:00:00', value: `${L2 * 1000}ms` },
  { at: '02:44:00', value: `${L2 * 1000}ms` },
];

function twoHours(seed: number, extra: Record<string, unknown> = {}) {
  return scenario({
    name: 'two-hours', seed, duration: `${T}s`, startAt: '01:50',
    cluster: { followers: [{ name: 'f1', lag: { dist: 'empirical', byTimeOfDay: '60m', samples: timed }, ...extra }] },
    workload: { keys: 1, sessions: 1000, writeRate: `${lambda}/s`, readRate: '20/s' },
    strategies: ['all-follower'],
  });
}

test(`all-follower stale rate is 1 − e^(−λL1) before the hour and 1 − e^(−λL2) after it (${SEEDS} seeds pooled)`, () => {
  let before: Tally = { stale: 0, n: 0 }, after: Tally = { stale: 0, n: 0 };
  for (let seed = 1; seed <= SEEDS; seed++) {
    const reads = readsOf(twoHours(seed));
    before = sum(before, tally(reads, 0, b));
    after = sum(after, tally(reads, b + L2, T));
  }
  assertStaleRate('before', before, lambda, L1, SEEDS * b);
  assertStaleRate('after', after, lambda, L2, SEEDS * (T - b - L2));
  // The two laws are far apart at this size: the test tells the buckets apart.
  assert.ok(Math.abs(staleZ(after, lambda, L1, SEEDS * (T - b - L2))) > 10);
});

test('a stale read is never older than the lag of the hour its write was committed in', () => {
  let worstA = 0, worstB = 0;
  for (const { sinceS, ageS } of staleAges(twoHours(3))) {
    if (sinceS < b) worstA = Math.max(worstA, ageS);
    else worstB = Math.max(worstB, ageS);
  }
  assert.ok(worstA <= L1 + 1e-9 && worstA > 0, `first hour ${worstA}`);
  assert.ok(worstB <= L2 + 1e-9 && worstB > L1, `second hour ${worstB}`);
});

test('applyTime draws by time of day too: the commit\'s time picks the bucket', () => {
  const sc = scenario({
    name: 'apply-by-hour', startAt: '01:59:59',
    cluster: { followers: [{ name: 'f1', lag: '0ms', applyTime: { dist: 'empirical', byTimeOfDay: '60m', samples: [{ at: '01:00', value: '100ms' }, { at: '02:00', value: '500ms' }] } }] },
    events: [
      { at: '500ms', actor: 'w', write: 'k', set: { v: 1 } },
      { at: '550ms', actor: 'r', read: 'k' }, { at: '650ms', actor: 'r', read: 'k' },
      { at: '1500ms', actor: 'w', write: 'k', set: { v: 2 } },
      { at: '1900ms', actor: 'r', read: 'k' }, { at: '2050ms', actor: 'r', read: 'k' },
    ],
    strategies: ['all-follower'],
  });
  const stale: boolean[] = [];
  runOnce(sc, sc.strategies[0], sc.seed, { op: (r) => { if (r.op === 'read') stale.push(r.version < r.masterVersion); } });
  // 100 ms for the write at 01:59:59.5, 500 ms for the one at 02:00:00.5.
  assert.equal(stale, [true, false, true, false]);
});

test('a run inside one bucket is byte-identical to the same samples pooled; same seed, same bytes', () => {
  const samples = [3, 9, 14, 27, 55, 120, 400].map((ms, i) => ({ at: `01:${String(10 + i).padStart(2, '0')}`, value: `${ms}ms` }));
  const doc = (lag: Record<string, unknown>) => ({
    name: 'one-bucket', seed: 5, duration: '60s', startAt: '01:20',
    cluster: { followers: [{ name: 'f1', lag }] },
    workload: { keys: 20, writeRate: '20/s', readRate: '200/s' },
    strategies: ['all-follower', { name: 'post-write-window', window: '100ms', scope: 'key' }],
  });
  const byHour = JSON.stringify(resultsOf(scenario(doc({ dist: 'empirical', byTimeOfDay: '60m', samples }))));
  assert.is(byHour, JSON.stringify(resultsOf(scenario(doc({ dist: 'empirical', samples })))));
  assert.is(byHour, JSON.stringify(resultsOf(scenario(doc({ dist: 'empirical', byTimeOfDay: '60m', samples })))));
});

test('refused: an empty bucket the run reaches, no startAt, untimed samples, a width that does not divide the day', () => {
  const lag = (extra: Record<string, unknown>) => ({ dist: 'empirical', byTimeOfDay: '60m', samples: [{ at: '01:10', value: '1ms' }], ...extra });
  const doc = (l: unknown, top: Record<string, unknown> = { startAt: '01:30' }) => () => scenario({
    name: 'x', duration: '45m', ...top, cluster: { followers: [{ name: 'f1', lag: l }] }, workload: { keys: 1, writeRate: '1/s', readRate: '1/s' },
  });
  assert.match(problemsOf(doc(lag({}))).join('\n'), 'lag.byTimeOfDay: no samples in 02:00:00–03:00:00, which the run from 01:30:00 to 02:15:00 reaches');
  assert.match(problemsOf(doc(lag({}), {})).join('\n'), "needs the scenario's startAt");
  assert.match(problemsOf(doc(lag({ samples: ['1ms'] }))).join('\n'), 'byTimeOfDay needs samples that carry their time of day');
  assert.match(problemsOf(doc(lag({ byTimeOfDay: '7m' }))).join('\n'), 'dividing a day evenly');
  assert.match(problemsOf(doc(lag({ byTimeOfDay: '30s' }))).join('\n'), 'at least 1m');
  assert.match(problemsOf(doc(lag({ samples: [{ at: '01:10', value: '1ms' }, '2ms'] }))).join('\n'), '1 of 2 samples carry a time of day');
  assert.match(problemsOf(doc(lag({ samples: [{ at: '25:10', value: '1ms' }] }))).join('\n'), 'samples[0]: expected a time of day');
  assert.match(problemsOf(doc('1ms', { startAt: '1:30pm' })).join('\n'), 'startAt: expected a time of day');
  // Hours past the run's end need no samples; nor does a pooled lag whose samples carry times.
  assert.equal(doc(lag({}), { startAt: '01:00', duration: '60m' })().followers[0].lag.dist, 'empirical');
  assert.equal(doc({ dist: 'empirical', samples: [{ at: '01:10', value: '1ms' }] }, {})().followers[0].lag.dist, 'empirical');
});

test('a lag file with a time_of_day column: carried inline with the times, and runs again without the file', () => {
  const file = tmpFile(JSON.stringify({
    name: 'tod-file', duration: '10s', startAt: '23:59:55',
    cluster: { followers: [{ name: 'f1', lag: { dist: 'empirical', file: 'lag.csv', byTimeOfDay: '60m' } }] },
    workload: { keys: 5, writeRate: '5/s', readRate: '50/s' },
  }), 'lagsim-tod-', 'sc.json');
  fs.writeFileSync(path.join(path.dirname(file), 'lag.csv'), 'lag_us,time_of_day\n1000,23:10:00.250\n3000,00:05:00\n');
  const sc = loadScenarioFile(file);
  const kept = scenarioDocument(sc) as { cluster: { followers: Array<{ lag: unknown }> } };
  assert.equal(kept.cluster.followers[0].lag, { dist: 'empirical', byTimeOfDay: '60m', samples: [{ at: '23:10:00.250', value: '1000us' }, { at: '00:05:00', value: '3000us' }] });
  assert.equal(scenario(kept as Record<string, unknown>).followers[0], sc.followers[0]);
  assert.is(describeDist(sc.followers[0].lag, 'en'), 'measured, 2 samples resampled by time of day in 60m buckets (mean 2ms, max 3ms)');
  assert.match(problemsOf(() => {
    fs.writeFileSync(path.join(path.dirname(file), 'lag.csv'), 'lag_us,time_of_day\n1000,noon\n');
    loadScenarioFile(file);
  }).join('\n'), 'line 2: expected a time of day "HH:MM:SS" in the time_of_day column, got "noon"');
});

test.run();
