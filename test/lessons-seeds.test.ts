import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'fs';
import * as path from 'path';
import { loadScenarioFile } from '../src/scenario/load';
import { runOnce, runScenario } from '../src/run';
import { Summary, StrategyResult, combineRuns } from '../src/metrics/summary';
import { Scenario } from '../src/scenario/types';
import { usToMs } from '../src/engine/time';
import { FindingAnswer, answerLesson } from '../src/lesson/answer';
import { checkExercise, exerciseScenario } from '../src/lesson/exercise';

/**
 * A lesson's findings must hold whatever seed a student picks, not just the file's:
 * every finding of every lesson, and every claim of its exercises (on the changed
 * scenario), is checked on seeds 1 … SEEDS, each over the lesson's own `runs`.
 * LESSON_SEEDS=200 checks more seeds, LESSON_SEEDS_TALLY=1 prints each claim's failures,
 * LESSON_ONLY=08 checks only the lesson files whose name matches.
 */
const SEEDS = Number(process.env.LESSON_SEEDS ?? 50);
const dir = path.join(__dirname, '..', 'scenarios', 'lessons');
const files = fs.readdirSync(dir).filter((f) => f.endsWith('.yaml') && new RegExp(process.env.LESSON_ONLY ?? '').test(f)).sort().map((f) => path.join(dir, f));

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

/** Failures per claim ("file finding 2", "file exercise 1 claim 1"), over every seed checked. */
const tally = new Map<string, number>();
const failures: string[] = [];

function judge(what: string, seed: number, answers: FindingAnswer[]): void {
  answers.forEach((f, i) => {
    const id = `${what} ${i + 1}`;
    tally.set(id, (tally.get(id) ?? 0) + (f.holds === true ? 0 : 1));
    if (f.holds !== true) failures.push(`${id} seed ${seed}: ${f.check}`);
  });
}

const seeds = Array.from({ length: SEEDS }, (_, s) => s + 1);

test(`every lesson finding holds on seeds 1…${SEEDS}`, () => {
  for (const file of files) {
    const sc = loadScenarioFile(file);
    const lesson = sc.input.lesson!;
    const summaries = summariesOn(sc, seeds, lesson.runs);
    // The shared runs make exactly runScenario's summary (checked on one seed).
    assert.equal(summaries.get(seeds[0]), runScenario({ ...sc, seed: seeds[0] }, { runs: lesson.runs }), path.basename(file));
    for (const seed of seeds) judge(`${path.basename(file)} finding`, seed, answerLesson(lesson, summaries.get(seed)!, 'en').findings);
  }
});

test(`every exercise's expected outcome holds on its changed scenario, seeds 1…${SEEDS}`, () => {
  for (const file of files) {
    const text = fs.readFileSync(file, 'utf8');
    const lesson = loadScenarioFile(file).input.lesson!;
    lesson.exercises.forEach((ex, i) => {
      const summaries = summariesOn(exerciseScenario(text, file, ex, i), seeds, lesson.runs);
      for (const seed of seeds) judge(`${path.basename(file)} exercise ${i + 1} claim`, seed, checkExercise(lesson, ex, summaries.get(seed)!, 'en'));
    });
  }
});

test('no claim failed', () => {
  if (process.env.LESSON_SEEDS_TALLY) for (const [id, n] of tally) console.log(`${id}: ${n} of ${SEEDS} seeds fail`);
  assert.equal(failures, []);
});

test.run();
