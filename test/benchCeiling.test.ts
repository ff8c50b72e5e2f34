import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { parseScenario } from '../src/scenario/load';
import { simulate } from '../src/simulate';
import { summarize } from '../src/metrics/summary';
import { WORKLOADS, scenarioDoc, ceilingModel, ceilingStatsModel } from '../bench/workloads';

// The bench measures lagsim against two hand-tuned loops of the same model; their numbers
// mean something only while they simulate what lagsim does. Checked here on every workload.
// eslint-disable-next-line @typescript-eslint/no-var-requires
const { ceilingRun } = require('../bench/ceiling.js');
// eslint-disable-next-line @typescript-eslint/no-var-requires
const { ceilingStatsRun, PairCells } = require('../bench/ceilingStats.js');

const OPS = 200_000;
const loops = suite('bench: the hand-tuned loops simulate what lagsim does');

for (const w of WORKLOADS) {
  loops(`${w.title}: the ceiling's stale count and the loop with every statistic's summary are lagsim all-follower's`, () => {
    const sc = parseScenario(JSON.stringify(scenarioDoc(w, OPS, ['all-follower'])), 'bench.json');
    const { metrics, horizonUs } = simulate(sc, sc.strategies[0], sc.seed);
    const lagsim = summarize('all-follower', metrics, horizonUs);
    assert.ok(lagsim.staleReads > 0 && lagsim.staleOrders > 0, 'a workload with nothing stale would prove nothing');
    assert.is(ceilingRun(ceilingModel(w, OPS)).staleReads, lagsim.staleReads);
    assert.equal(ceilingStatsRun(ceilingStatsModel(w, OPS)).summary, lagsim);
  });
}

/** A model beyond the bench's workloads, as a scenario and as the loops' model. */
interface Spec { keys: number; lagsMs: number[]; exponential: boolean; readRate: number; writeRate: number; seconds: number; seed: number }

function bothOf(spec: Spec): { doc: Record<string, unknown>; model: Record<string, unknown> } {
  const doc = {
    name: 'edge', seed: spec.seed, duration: `${spec.seconds}s`,
    cluster: { followers: spec.lagsMs.map((ms, i) => ({ name: `follower-${i + 1}`, lag: spec.exponential ? { dist: 'exponential', mean: `${ms}ms` } : `${ms}ms` })) },
    workload: { keys: spec.keys, popularity: 'uniform', sessions: 20, writeRate: `${spec.writeRate}/s`, readRate: `${spec.readRate}/s`, criticalFraction: 0.05 },
    strategies: ['all-follower'],
  };
  const model = {
    keys: spec.keys, zipf: null, readRate: spec.readRate, writeRate: spec.writeRate, sessions: 20, criticalFraction: 0.05, readLatencyUs: 1000,
    lags: spec.lagsMs.map((ms) => ({ exponential: spec.exponential, us: ms * 1000 })), horizonUs: spec.seconds * 1e6, seed: spec.seed,
  };
  return { doc, model };
}

const EDGES: Array<[string, Spec]> = [
  // A write in a second past twice the master-load array's length (seeds where the first write comes late).
  ...[13, 14, 16].map((seed): [string, Spec] => [`sparse writes, seed ${seed}: master load per second grows past one doubling`,
    { keys: 1, lagsMs: [50], exponential: false, readRate: 1, writeRate: 0.02, seconds: 100, seed }]),
  ['followers 20 s and 30 s behind: the binlog ring grows', { keys: 100, lagsMs: [20_000, 500, 30_000], exponential: true, readRate: 2000, writeRate: 4000, seconds: 40, seed: 3 }],
  ['no reads: the ring is reclaimed at writes', { keys: 10, lagsMs: [50], exponential: false, readRate: 0, writeRate: 5000, seconds: 30, seed: 1 }],
];

for (const [what, spec] of EDGES) {
  loops(`${what}: the loop with every statistic's summary is lagsim's, the ceiling's stale count too`, () => {
    const { doc, model } = bothOf(spec);
    const sc = parseScenario(JSON.stringify(doc), 'edge.json');
    const { metrics, horizonUs } = simulate(sc, sc.strategies[0], sc.seed);
    assert.equal(ceilingStatsRun(model).summary, summarize('all-follower', metrics, horizonUs));
    assert.is(ceilingRun(model).staleReads, metrics.staleReads);
  });
}

loops('the hashed pair cells keep every pair through the table\'s growth', () => {
  const cells = new PairCells(2 ** 30, 0);
  const pairs = Array.from({ length: 300_000 }, (_, i) => (i * 7919 + 13) % 2 ** 30);
  for (const p of pairs) {
    const c = cells.cell(p);
    cells.cells[c] = (p % 1000) + 1;
    cells.cells[c + 1] = -(p % 777) - 1;
  }
  assert.ok(cells.mask + 1 >= 4 * 65_536, `grew to ${cells.mask + 1} entries`);
  for (const p of pairs) {
    const c = cells.cell(p);
    assert.is(cells.cells[c], (p % 1000) + 1);
    assert.is(cells.cells[c + 1], -(p % 777) - 1);
  }
  assert.is(cells.used, pairs.length);
});

loops.run();
