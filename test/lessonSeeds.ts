/**
 * Worker for test/lessons-seeds.test.ts: runs every lesson on the seeds it is given
 * (simulation and summary only, no report) and posts each finding that does not hold.
 */
import { parentPort, workerData } from 'worker_threads';
import { loadScenarioFile } from '../src/scenario/load';
import { runScenario } from '../src/run';
import { answerLesson } from '../src/lesson/answer';

export interface SeedFailure {
  file: string;
  seed: number;
  finding: number;
  check: string;
}

export function lessonFailures(files: string[], seeds: number[]): SeedFailure[] {
  const out: SeedFailure[] = [];
  for (const file of files) {
    const sc = loadScenarioFile(file);
    const lesson = sc.input.lesson!;
    for (const seed of seeds) {
      const summary = runScenario({ ...sc, seed }, { runs: lesson.runs });
      answerLesson(lesson, summary, 'en').findings.forEach((f, finding) => {
        if (f.holds !== true) out.push({ file, seed, finding, check: f.check });
      });
    }
  }
  return out;
}

if (parentPort !== null && workerData?.lessonSeeds === true) {
  parentPort.postMessage(lessonFailures(workerData.files, workerData.seeds));
}
