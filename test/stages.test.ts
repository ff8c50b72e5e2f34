import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { scenario, problemsOf } from './helpers';
import { simulate } from '../src/simulate';
import { parseStrategyArg } from '../src/scenario/load';
import { RateSchedule } from '../src/workload/stages';

const test = suite('workload stages: Poisson traffic of a rate that changes');
const allFollower = parseStrategyArg('all-follower');

/** 10 reads/s for 100 s, a linear ramp to 50/s over 100 s, then nothing for 100 s. */
const STAGES = [{ duration: '100s', factor: 1 }, { duration: '100s', factor: 5, shape: 'ramp' }, { duration: '100s', factor: 0 }];

function arrivalTimes(seed: number): number[] {
  const sc = scenario({
    name: 'stages', seed, duration: '300s',
    cluster: { followers: [{ name: 'f1', lag: '10ms' }] },
    workload: { keys: 10, writeRate: '0/s', readRate: '10/s', stages: STAGES },
    strategies: ['all-follower'],
  });
  const times: number[] = [];
  simulate(sc, allFollower, sc.seed, { op: (o) => { times.push(o.tUs); } });
  return times;
}

test('operations per window match the integral of the rate over 60 seeds, and the ramp is linear', () => {
  const seeds = 60;
  // Windows [from, to) in s and the expected count ∫ rate: 10/s flat, then 10·(1 + 4τ/100).
  const windows: Array<[number, number, number]> = [[0, 100, 1000], [100, 150, 1000], [150, 200, 2000], [200, 300, 0]];
  const sums = windows.map(() => 0);
  for (let seed = 1; seed <= seeds; seed++) {
    for (const t of arrivalTimes(seed)) {
      const w = windows.findIndex(([a, b]) => t >= a * 1e6 && t < b * 1e6);
      sums[w]++;
    }
  }
  windows.forEach(([a, b, mean], i) => {
    const expected = mean * seeds;
    // A sum of independent Poisson counts: SD = √expected; 4 SD. The zero window must be empty.
    assert.ok(Math.abs(sums[i] - expected) <= 4 * Math.sqrt(expected), `[${a}s, ${b}s): ${sums[i]} vs ${expected}`);
  });
  // A step to 5× at 100 s instead of a ramp would put 2500, not 1000, in [100s, 150s): 40 SDs away.
});

test('F⁻¹ inverts F, and steady stages are piecewise constant rates', () => {
  const stages = [
    { durationUs: 10e6, factor: 2, shape: 'steady' as const },
    { durationUs: 20e6, factor: 0, shape: 'ramp' as const },
    { durationUs: 5e6, factor: 0, shape: 'steady' as const },
    { durationUs: 10e6, factor: 3, shape: 'ramp' as const },
  ];
  const s = new RateSchedule(stages);
  assert.is(s.massAt(10e6), 20e6);
  assert.is(s.massAt(30e6), 40e6);
  assert.is(s.massAt(35e6), 40e6);
  assert.is(s.massAt(45e6), 55e6);
  assert.is(s.massAt(50e6), 70e6);
  const inverse = new RateSchedule(stages);
  for (let t = 1; t < 60e6; t += 997_001) {
    if (t > 30e6 && t < 35e6) continue; // no load there: F is flat and its inverse skips it
    assert.ok(Math.abs(inverse.timeAt(s.massAt(t)) - t) < 1e-3, `t ${t}`);
  }
  assert.is(new RateSchedule([{ durationUs: 1e6, factor: 0, shape: 'steady' }]).timeAt(2e6), Infinity);
});

test('stage fields are checked', () => {
  const bad = (stages: unknown) => problemsOf(() => scenario({
    name: 'x', duration: '10s', cluster: { followers: [{ name: 'f1', lag: '1ms' }] },
    workload: { keys: 1, writeRate: '1/s', readRate: '1/s', stages },
  })).join('\n');
  assert.match(bad([{ duration: '0s', factor: 1 }]), /stages\[0\]\.duration/);
  assert.match(bad([{ duration: '1s', factor: -1 }]), /stages\[0\]\.factor/);
  assert.match(bad([{ duration: '1s', factor: 1, shape: 'burst' }]), /stages\[0\]\.shape/);
  assert.match(bad([]), /stages/);
});

test.run();
