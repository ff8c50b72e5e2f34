// The applier-queue fit on synthetic runs with a known answer: lags made by the apply rule
// a_i = max(a_{i−1}, c_i + d) + s_i with a known shipping delay d and apply time s.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { fitLag, measuredApplyTimes } from '../src/live/fit';
import { meanUs } from '../src/model/distributions';
import { makeStream } from '../src/engine/random';

const fit = suite('applyTime fit');

/** Poisson commits at `rate`/s for `n` events, and their lags under the apply rule. */
function synthetic(seed: number, n: number, rate: number, dUs: number, drawS: (u: number) => number): { commitUs: number[]; lagUs: number[] } {
  const rng = makeStream(seed, 'synthetic');
  const commitUs: number[] = [];
  const lagUs: number[] = [];
  let t = 0;
  let last = -Infinity;
  for (let i = 0; i < n; i++) {
    t += (-Math.log(1 - rng()) / rate) * 1e6;
    last = Math.max(last, t + dUs) + drawS(rng());
    commitUs.push(t);
    lagUs.push(last - t);
  }
  return { commitUs, lagUs };
}

fit('measuredApplyTimes gives back each event\'s apply time when d is known', () => {
  const { commitUs, lagUs } = synthetic(1, 200, 30, 2000, (u) => 10_000 + 20_000 * u);
  const rng = makeStream(1, 'synthetic');
  const expected: number[] = [];
  for (let i = 0; i < 200; i++) {
    rng();
    expected.push(10_000 + 20_000 * rng());
  }
  measuredApplyTimes(commitUs, lagUs, 2000).forEach((s, i) => assert.ok(Math.abs(s - expected[i]) < 1e-6, `event ${i}: ${s} vs ${expected[i]}`));
});

fit('a constant apply time of 20 ms at 70% utilisation: the queue wins and s, d come back within 5%', () => {
  for (const seed of [1, 2, 3, 4, 5]) {
    const { commitUs, lagUs } = synthetic(seed, 400, 35, 3000, () => 20_000);
    const f = fitLag(commitUs, lagUs);
    assert.ok(f.applyTime !== null, `seed ${seed}: ${JSON.stringify(f.candidates.slice(0, 3))}`);
    assert.ok(Math.abs(meanUs(f.applyTime!) - 20_000) < 1000, `seed ${seed}: s ${JSON.stringify(f.applyTime)}`);
    assert.ok(Math.abs(meanUs(f.dist) - 3000) < 1000, `seed ${seed}: d ${JSON.stringify(f.dist)}`);
  }
});

fit('an exponential apply time of mean 15 ms: the exponential queue wins, its mean within 10%', () => {
  for (const seed of [1, 2, 3]) {
    const { commitUs, lagUs } = synthetic(seed, 600, 40, 1000, (u) => -15_000 * Math.log(1 - u));
    const f = fitLag(commitUs, lagUs);
    assert.is(f.applyTime?.dist, 'exponential', `seed ${seed}: ${JSON.stringify(f.candidates.slice(0, 3).map((c) => [c.dist, c.applyTime, c.w2Us]))}`);
    const sample = measuredApplyTimes(commitUs, lagUs, 1000);
    const truth = sample.reduce((a, b) => a + b, 0) / sample.length;
    assert.ok(Math.abs(meanUs(f.applyTime!) - truth) < 0.1 * truth, `seed ${seed}: ${meanUs(f.applyTime!)} vs the run's ${truth}`);
  }
});

fit('with MASTER_DELAY the queue is not offered: the rule and the iid families compete', () => {
  const { commitUs, lagUs } = synthetic(1, 200, 20, 1_000_000, () => 0);
  const f = fitLag(commitUs, lagUs, { delayUs: 1_000_000, clockOffsetUs: 0 });
  assert.ok(f.candidates.every((c) => c.applyTime === null));
});

fit.run();
