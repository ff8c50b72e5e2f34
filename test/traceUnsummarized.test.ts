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

/** Runs `lagsim trace`'s lines, handing each chunk of bytes to `sink` (valid only during the call); returns the run's read-your-writes violations. */
function trace(sc: Scenario, spec: StrategySpec, summarized: boolean, sink: (bytes: Buffer) => void): number {
  const lines = jsonLines(sc, sink);
  const { metrics } = simulate(sc, spec, sc.seed, lines, summarized);
  lines.end();
  return metrics.rywViolations;
}

// Every trace of a bundled scenario is also checked against test/goldens.json, hashed as the CLI runs it (unsummarized).
test('bundled scenarios, every strategy: the same trace bytes, summarized or not', () => {
  let withRyw = 0;
  for (const file of ['apple-stock.yaml', 'causal-reads.yaml', 'flash-sale.yaml', 'semi-sync.yaml']) {
    const sc = loadScenarioFile(path.join(SCENARIOS, file));
    for (const spec of sc.strategies) {
      const parts: Buffer[] = [];
      const fullRyw = trace(sc, spec, true, (b) => parts.push(Buffer.from(b)));
      const full = Buffer.concat(parts);
      assert.ok(full.length > 0, `${file} ${spec.label}: empty trace`);
      // The unsummarized bytes are compared with the summarized ones as they come, chunk by chunk.
      let at = 0, same = true;
      const bareRyw = trace(sc, spec, false, (b) => {
        same &&= full.subarray(at, at + b.length).equals(b);
        at += b.length;
      });
      assert.ok(same && at === full.length, `${file} ${spec.label}: trace differs without statistics`);
      assert.is(bareRyw, 0);
      if (fullRyw > 0) withRyw++;
    }
  }
  // The skipped statistic is really skipped: some bundled run has read-your-writes violations.
  assert.ok(withRyw > 0);
});

test.run();
