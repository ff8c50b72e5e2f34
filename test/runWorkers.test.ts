import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ROOT } from '../scripts/goldens';
import { loadScenarioFile, readScenarioText } from '../src/scenario/load';
import { runScenario } from '../src/run';
import { collectReport, prepareReport } from '../src/report/collect';
import { PARALLEL_MIN_OPS, runOperations, runWorkers } from '../src/runParallel';
import { defaultWorkers } from '../src/sweep/pool';
import { cli } from './cli';
import { sampleSize, scenarioFile } from './helpers';

/**
 * `lagsim run --workers N`: the strategies × replications spread over threads give the serial
 * bytes. The command line runs in this process (test/cli.ts): the threads are what is tested.
 */
const lagsim = (args: string[]) => cli(args, { cwd: os.tmpdir() });
const scenario = (name: string): string => path.join(ROOT, 'scenarios', `${name}.yaml`);
/** The two scenarios spread over threads below, with fewer reads under test:fast (scenarioFile). */
const spread = { 'flash-sale': scenarioFile('flash-sale', '600/s'), 'causal-reads': scenarioFile('causal-reads', '60/s') };

/** JSON with typed arrays as plain lists, so report data compare number by number. */
/**
 * runReplications as built (dist/, after `npm run build`), so its threads load the compiled
 * worker as `lagsim` does; from src/ each thread would first load tsx and compile the
 * simulator again (about a CPU second a thread).
 */
const { runReplications } = require(path.join(ROOT, 'dist', 'runParallel.js')) as typeof import('../src/runParallel');

const text = (x: unknown): string => JSON.stringify(x, (_, v) => (ArrayBuffer.isView(v) ? Array.from(v as Float64Array) : v));

// ---
const suiteCli = suite('lagsim run --workers: the summary JSON is the serial one');

// causal-reads has causal waits and a stopped replica; flash-sale is generated traffic.
// `--workers 1` is the serial run itself (runScenario, what the reference here computes).
// test:fast runs each scenario on one of the worker counts: 2 (one per core) and 4 (more threads than cores).
for (const [name, workers] of [['flash-sale', sampleSize(['2', '4'], ['2'])], ['causal-reads', sampleSize(['2', '4'], ['4'])]] as const) {
  suiteCli(`${name}, --runs 3, on ${workers.join(' and ')} workers`, async () => {
    const serial = JSON.stringify(runScenario(loadScenarioFile(spread[name]), { runs: 3 }), null, 2) + '\n';
    for (const w of workers) {
      const r = await lagsim(['run', spread[name], '--runs', '3', '--json', '--no-report', '--workers', w]);
      assert.is(r.code, 0, r.stderr);
      assert.is(r.stdout, serial, `--workers ${w}`);
      assert.is(r.stderr, '', 'no progress bar when stderr is not a terminal');
    }
  });
}

suiteCli('--workers is checked as for sweep, in both languages', async () => {
  const en = await lagsim(['run', scenario('apple-stock'), '--workers', '0', '--lang', 'en']);
  assert.is(en.code, 2);
  assert.match(en.stderr, /--workers: expected a whole number from 1 to \d+/);
  const ko = await lagsim(['run', scenario('apple-stock'), '--workers', '1.5', '--lang', 'ko']);
  assert.is(ko.code, 2);
  assert.match(ko.stderr, /--workers: 1에서 \d+ 사이의 정수여야 합니다/);
  assert.match((await lagsim(['run', '--help', '--lang', 'ko'])).stdout, /--workers\s+전략 × 반복 실행/);
});

suiteCli.run();

// ---
const report = suite('runReplications: the report data of worker threads are collectReport\'s');

report('causal-reads, 3 replications on 2 threads: summary, curves, timelines', async () => {
  const file = spread['causal-reads'];
  const sc = loadScenarioFile(file);
  const source = { docText: readScenarioText(file), label: file, overrides: {} };
  const threaded = await runReplications(sc, source, 3, prepareReport(sc), { workers: 2 });
  const serial = collectReport(sc, 3);
  assert.ok(threaded.data !== null);
  assert.is(text(threaded.summary), text(serial.summary));
  assert.is(text(threaded.data), text(serial));
});

// The summary-only path on several threads is what `lagsim run --workers` takes above; here one thread (`thread`).
report('without a report only the summary, runScenario\'s', async () => {
  const file = spread['flash-sale'];
  const sc = loadScenarioFile(file);
  const threaded = await runReplications(sc, { docText: readScenarioText(file), label: file, overrides: {} }, 2, null, { workers: 1, thread: true });
  assert.is(threaded.data, null);
  assert.is(JSON.stringify(threaded.summary), JSON.stringify(runScenario(sc, { runs: 2 })));
});

report.run();

// ---
const choice = suite('runWorkers: threads only when the run is long enough to pay for them');

choice('a tiny run stays serial; a long one gets one thread per core, at most one per task; --workers wins', () => {
  const apple = loadScenarioFile(scenario('apple-stock'));
  assert.ok(runOperations(apple, 1) < PARALLEL_MIN_OPS);
  assert.is(runWorkers(apple, 1), 1);
  assert.is(runWorkers(apple, 1, 3), 3);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lagsim-workers-'));
  const big = path.join(dir, 'big.yaml');
  fs.writeFileSync(big, 'name: big\nduration: 1000s\ncluster: { followers: [ { name: f, lag: 100ms } ] }\nworkload: { keys: 10, sessions: 10, writeRate: 100/s, readRate: 2000/s }\nstrategies: [ all-follower, all-master ]\n');
  const sc = loadScenarioFile(big);
  // 1000 s × 2100 operations/s ≈ 2.1 M per run, × 2 strategies × 2 replications.
  assert.ok(runOperations(sc, 2) >= PARALLEL_MIN_OPS);
  assert.ok(runOperations(sc, 1) < PARALLEL_MIN_OPS);
  assert.is(runWorkers(sc, 2), Math.min(defaultWorkers(), 4));
  assert.is(runWorkers(sc, 1), 1);
  fs.rmSync(dir, { recursive: true, force: true });
});

choice.run();
