import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'fs';
import * as path from 'path';
import { loadScenarioFile } from '../src/scenario/load';
import { runOnce, runScenario } from '../src/run';
import { Summary, StrategyResult, combineRuns } from '../src/metrics/summary';
import { Scenario } from '../src/scenario/types';
import { usToMs } from '../src/engine/time';
import { answerLesson } from '../src/lesson/answer';

/**
 * A lesson's findings must hold whatever seed a student picks, not just the file's:
 * every finding of every lesson is checked on seeds 1 … SEEDS, each over the lesson's
 * own `runs`.
 */
const SEEDS = 50;
const dir = path.join(__dirname, '..', 'scenarios', 'lessons');
const files = fs.readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort().map((f) => path.join(dir, f));

/**
 * The summaries runScenario gives for `sc` on each of `seeds` over `runs` replications.
 * Seed s uses the runs on seeds s … s + runs − 1, which overlap its neighbours' runs:
 * each strategy × seed is simulated once here and combined as runScenario combines them.
 */
function summariesOn(sc: Scenario, seeds: number[], runs: number): Map<number, Summary> {
  const once = new Map<string, StrategyResult>();
  const run = (i: number, seed: number): StrategyResult => {
    const id = `${i} ${seed}`;
    if (!once.has(id)) once.set(id, runOnce(sc, sc.strategies[i], seed));
    return once.get(id)!;
  };
  return new Map(seeds.map((seed) => [seed, {
    scenario: sc.name, seed, runs, horizonMs: usToMs(sc.horizonUs),
    results: sc.strategies.map((_, i) => combineRuns(Array.from({ length: runs }, (_, r) => run(i, seed + r)))),
  }]));
}

test(`every lesson finding holds on seeds 1…${SEEDS}`, () => {
  const seeds = Array.from({ length: SEEDS }, (_, s) => s + 1);
  const failures: string[] = [];
  for (const file of files) {
    const sc = loadScenarioFile(file);
    const lesson = sc.input.lesson!;
    const summaries = summariesOn(sc, seeds, lesson.runs);
    // The shared runs make exactly runScenario's summary (checked on one seed).
    assert.equal(summaries.get(seeds[0]), runScenario({ ...sc, seed: seeds[0] }, { runs: lesson.runs }), path.basename(file));
    for (const seed of seeds) {
      answerLesson(lesson, summaries.get(seed)!, 'en').findings.forEach((f, finding) => {
        if (f.holds !== true) failures.push(`${path.basename(file)} seed ${seed} finding ${finding + 1}: ${f.check}`);
      });
    }
  }
  assert.equal(failures, []);
});

test.run();
