import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import * as path from 'path';
import { loadScenarioFile, parseStrategyArg } from '../src/scenario/load';
import { runScenario } from '../src/run';
import { simulate } from '../src/simulate';

const flash = path.join(__dirname, '..', 'scenarios', 'flash-sale.yaml');

const det = suite('determinism');

det('same scenario and seed → identical summary JSON', () => {
  const a = JSON.stringify(runScenario(loadScenarioFile(flash)));
  const b = JSON.stringify(runScenario(loadScenarioFile(flash)));
  assert.is(a, b);
});

det('a different seed → different numbers', () => {
  const a = runScenario(loadScenarioFile(flash, { seed: 1 })).results[0];
  const b = runScenario(loadScenarioFile(flash, { seed: 2 })).results[0];
  assert.is.not(JSON.stringify(a), JSON.stringify(b));
});

det('every strategy sees the identical workload (common random numbers)', () => {
  const sc = loadScenarioFile(flash);
  const fingerprints = sc.strategies.map((spec) => {
    let h = 0;
    let n = 0;
    simulate(sc, spec, sc.seed, {
      op(r) {
        n++;
        h = (Math.imul(h, 31) + r.tUs + r.key * 7 + r.session * 13 + (r.op === 'write' ? 1 : 0) + (r.critical ? 2 : 0)) | 0;
      },
    });
    return `${n}:${h}`;
  });
  assert.equal(new Set(fingerprints).size, 1, fingerprints.join(' '));
});

det('replications: --runs 5 reports means with a 95% half-width, and run r uses seed + r', () => {
  const sc = loadScenarioFile(flash, { strategies: ['all-follower'] });
  const five = runScenario(sc, { runs: 5 }).results[0];
  const singles = [0, 1, 2, 3, 4].map((r) => runScenario(loadScenarioFile(flash, { seed: sc.seed + r, strategies: ['all-follower'] })).results[0].staleRate);
  const mean = singles.reduce((a, b) => a + b, 0) / 5;
  const sd = Math.sqrt(singles.reduce((a, b) => a + (b - mean) ** 2, 0) / 4);
  assert.ok(Math.abs(five.staleRate - mean) < 1e-12);
  assert.ok(Math.abs((five.ci95 as { staleRate: number }).staleRate - (2.776 * sd) / Math.sqrt(5)) < 1e-12);
});

det('a strategy given on the command line equals the same strategy in the file', () => {
  const sc = loadScenarioFile(flash);
  const fromFile = sc.strategies.find((s) => s.label === 'post-write-window(window=2s,scope=key)')!;
  const fromArg = parseStrategyArg('post-write-window(window=2s,scope=key)');
  assert.equal(fromArg, fromFile);
  const a = simulate(sc, fromFile, 1).metrics;
  const b = simulate(sc, fromArg, 1).metrics;
  assert.is(a.staleReads, b.staleReads);
});

det.run();
