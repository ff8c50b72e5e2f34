import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import * as path from 'path';
import { loadScenarioFile } from '../src/scenario/load';
import { simulate } from '../src/simulate';
import { jsonLines } from '../src/report/traceJson';
import { Scenario } from '../src/scenario/types';
import { StrategySpec } from '../src/strategies';

// `lagsim trace` runs without the session × key statistics (simulate(…, false)): its
// lines must be exactly those of a fully summarized run, and the statistics it skips
// must be the only ones that differ.
const test = suite('trace without session × key statistics');
const SCENARIOS = path.join(__dirname, '..', 'scenarios');

function traceBytes(sc: Scenario, spec: StrategySpec, summarized: boolean): { bytes: Buffer; rywViolations: number } {
  const parts: Buffer[] = [];
  const lines = jsonLines(sc, (b) => parts.push(Buffer.from(b)));
  const { metrics } = simulate(sc, spec, sc.seed, lines, summarized);
  lines.end();
  return { bytes: Buffer.concat(parts), rywViolations: metrics.rywViolations };
}

// Every trace of a bundled scenario is also checked against test/goldens.json, hashed as the CLI runs it (unsummarized).
test('bundled scenarios, every strategy: the same trace bytes, summarized or not', () => {
  let withRyw = 0;
  for (const file of ['apple-stock.yaml', 'causal-reads.yaml', 'flash-sale.yaml', 'semi-sync.yaml']) {
    const sc = loadScenarioFile(path.join(SCENARIOS, file));
    for (const spec of sc.strategies) {
      const full = traceBytes(sc, spec, true), bare = traceBytes(sc, spec, false);
      assert.ok(full.bytes.length > 0, `${file} ${spec.label}: empty trace`);
      assert.ok(full.bytes.equals(bare.bytes), `${file} ${spec.label}: trace differs without statistics`);
      assert.is(bare.rywViolations, 0);
      if (full.rywViolations > 0) withRyw++;
    }
  }
  // The skipped statistic is really skipped: some bundled run has read-your-writes violations.
  assert.ok(withRyw > 0);
});

test.run();
