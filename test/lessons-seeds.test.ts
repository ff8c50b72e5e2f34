import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Worker } from 'worker_threads';
import type { SeedFailure } from './lessonSeeds';

/**
 * A lesson's findings must hold whatever seed a student picks, not just the file's:
 * every finding of every lesson is checked on seeds 1 … SEEDS (each over the lesson's
 * own `runs`), split over one worker thread per core.
 */
const SEEDS = 50;
const dir = path.join(__dirname, '..', 'scenarios', 'lessons');
const files = fs.readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort().map((f) => path.join(dir, f));

function inWorker(seeds: number[]): Promise<SeedFailure[]> {
  const boot = `require('tsx/cjs'); require(${JSON.stringify(path.join(__dirname, 'lessonSeeds.ts'))});`;
  const w = new Worker(boot, { eval: true, workerData: { lessonSeeds: true, files, seeds } });
  return new Promise((resolve, reject) => {
    w.once('message', (m: SeedFailure[]) => { resolve(m); void w.terminate(); });
    w.once('error', reject);
  });
}

test(`every lesson finding holds on seeds 1…${SEEDS}`, async () => {
  const t0 = Date.now();
  const workers = Math.max(1, Math.min(4, os.availableParallelism()));
  const parts = Array.from({ length: workers }, (_, i) => Array.from({ length: SEEDS }, (_, s) => s + 1).filter((s) => s % workers === i));
  const failures = (await Promise.all(parts.map(inWorker))).flat();
  console.log(`lessons on ${SEEDS} seeds: ${files.length} lessons, ${workers} workers, ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  const lines = failures.map((f) => `${path.basename(f.file)} seed ${f.seed} finding ${f.finding + 1}: ${f.check}`);
  assert.equal(lines, []);
});

test.run();
