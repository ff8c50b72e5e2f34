import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { parseScenario } from '../src/scenario/load';
import { simulate } from '../src/simulate';
import { naiveSE, staleRateSE, theoryStaleRate, StaleModel } from '../bench/staleTheory';

// The benchmark checks lagsim against its SimPy peer with these closed forms; here they
// are checked against lagsim itself over independent replications.

const model: StaleModel = { keys: 20, zipf: 1.1, readRatePerSec: 2000, writeRatePerSec: 100, lagSec: 0.05 };
const seconds = 5;
const runs = 60;

function staleRates(): number[] {
  const sc = parseScenario(JSON.stringify({
    name: 'se', duration: `${seconds}s`,
    cluster: { followers: [{ name: 'f', lag: `${model.lagSec * 1000}ms` }] },
    workload: { keys: model.keys, popularity: { zipf: model.zipf }, sessions: 10, writeRate: `${model.writeRatePerSec}/s`, readRate: `${model.readRatePerSec}/s` },
    strategies: ['all-follower'],
  }), 'se.json');
  return Array.from({ length: runs }, (_, r) => {
    const { metrics } = simulate(sc, sc.strategies[0], 100 + r);
    return metrics.staleReads / metrics.reads;
  });
}

const se = suite('stale-rate closed forms (bench/staleTheory)');

se('mean of 60 replications within 3 standard errors of the theory; the SD matches the correlated SE', () => {
  const rates = staleRates();
  const mean = rates.reduce((a, b) => a + b, 0) / runs;
  const sd = Math.sqrt(rates.reduce((a, b) => a + (b - mean) ** 2, 0) / (runs - 1));
  const theory = theoryStaleRate(model, seconds);
  const predicted = staleRateSE(model, seconds);
  assert.ok(Math.abs(mean - theory) < 3 * predicted / Math.sqrt(runs), `mean ${mean} vs theory ${theory}`);
  // With 60 runs the sample SD is within ±30 % of the truth with probability > 0.99.
  assert.ok(sd > 0.7 * predicted && sd < 1.3 * predicted, `sd ${sd} vs predicted ${predicted}`);
  // And the binomial SE would be far too small: the check would reject correct results.
  const naive = naiveSE(theory, model.readRatePerSec * seconds);
  assert.ok(naive < 0.5 * sd, `naive ${naive} vs sd ${sd}`);
});

se.run();
