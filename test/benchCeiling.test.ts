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
