import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'fs';
import * as path from 'path';
import { loadScenarioFile, scenarioDocument } from '../src/scenario/load';
import { MAX_SAMPLES, meanUs } from '../src/model/distributions';
import { parseLagCsv } from '../src/scenario/lagFile';
import { problemsOf, scenario, tmpFile } from './helpers';

const test = suite('empirical lag: samples and lag files');

const doc = (lag: unknown, applyTime?: unknown) => ({
  name: 'emp', duration: '10s',
  cluster: { followers: [{ name: 'f1', lag, ...(applyTime === undefined ? {} : { applyTime }) }] },
  workload: { keys: 5, writeRate: '5/s', readRate: '50/s' },
});

/** A scenario file next to a lag file, loaded as the CLI loads it. */
function withLagFile(csv: string, lag: Record<string, unknown> = { dist: 'empirical', file: 'lag.csv' }) {
  const file = tmpFile(JSON.stringify(doc(lag)), 'lagsim-emp-', 'sc.json');
  fs.writeFileSync(path.join(path.dirname(file), 'lag.csv'), csv);
  return () => loadScenarioFile(file);
}

test('samples: mean and largest value of the listed delays', () => {
  const sc = scenario(doc({ dist: 'empirical', samples: ['10ms', '30ms', 0] }, { dist: 'empirical', samples: ['1ms'] }));
  const lag = sc.followers[0].lag;
  assert.is(meanUs(lag), 40_000 / 3);
  assert.equal(lag.dist === 'empirical' && lag.samplesUs, [10_000, 30_000, 0]);
});

test('a CSV with the unit in the header: a timestamp column is ignored, comments and blanks skipped', () => {
  const lags = (text: string) => parseLagCsv(text, 'x').lagsUs;
  assert.equal(lags('ts,lag_ms\n1,12.5\n# note\n\n2,0\n3,40\n'), [12_500, 0, 40_000]);
  assert.equal(lags('lag (s)\r\n1\r\n0.25\r\n'), [1_000_000, 250_000]);
  assert.equal(lags('lag\n12ms\n2s\n'), [12_000, 2_000_000]);
});

test('a lag file is read relative to the scenario and carried inline into the scenario as run', () => {
  const sc = withLagFile('time,lag_ms\n0,100\n1,300\n')();
  const lag = sc.followers[0].lag;
  assert.is(lag.dist, 'empirical');
  assert.is(meanUs(lag), 200_000);
  const kept = scenarioDocument(sc) as { cluster: { followers: Array<{ lag: unknown }> } };
  assert.equal(kept.cluster.followers[0].lag, { dist: 'empirical', samples: ['100000us', '300000us'] });
  // The document runs again with no file beside it, to the same scenario.
  assert.equal(scenario(kept as Record<string, unknown>).followers[0].lag, lag);
});

test('bad lag files are refused with the line and what was expected', () => {
  assert.match(problemsOf(withLagFile('time,lag\n1,2\n')).join('\n'), /first line must name the lag column/);
  assert.match(problemsOf(withLagFile('lag_ms\n1\n-2\n')).join('\n'), /line 3: expected a number ≥ 0 of ms, got "-2"/);
  assert.match(problemsOf(withLagFile('lag\n12\n')).join('\n'), /line 2: expected a delay with its unit/);
  assert.match(problemsOf(withLagFile('lag_ms\n')).join('\n'), /no values below its header/);
  assert.match(problemsOf(withLagFile('', { dist: 'empirical', file: 'nope.csv' })).join('\n'), /nope\.csv: no such file/);
  assert.match(problemsOf(withLagFile('lag_ms\n1\n', { dist: 'empirical', file: 'lag.csv', samples: ['1ms'] })).join('\n'), /samples: or file:, not both/);
  const many = `lag_us\n${'1\n'.repeat(MAX_SAMPLES + 1)}`;
  assert.match(problemsOf(withLagFile(many)).join('\n'), new RegExp(`${MAX_SAMPLES + 1} samples; a lag holds at most ${MAX_SAMPLES}`));
});

test('without a file system (the lab, a library caller) a file: is refused with what to write instead', () => {
  const problems = problemsOf(() => scenario(doc({ dist: 'empirical', file: 'lag.csv' })));
  assert.match(problems.join('\n'), /lag\.file: a lag file is read only by the lagsim command line; here list its values as samples/);
});

test('samples: empty, too many, or not durations', () => {
  assert.match(problemsOf(() => scenario(doc({ dist: 'empirical', samples: [] }))).join('\n'), /at least one measured delay/);
  const many = new Array(MAX_SAMPLES + 1).fill('1ms');
  assert.match(problemsOf(() => scenario(doc({ dist: 'empirical', samples: many }))).join('\n'), /samples; a lag holds at most/);
  assert.match(problemsOf(() => scenario(doc({ dist: 'empirical', samples: ['1ms', 5] }))).join('\n'), /lag\.samples\[1\]: .*"5ms"/);
  assert.match(problemsOf(() => scenario(doc({ dist: 'empirical' }))).join('\n'), /needs samples: \[12ms, 40ms, …\] or file: lag\.csv/);
});

test.run();
