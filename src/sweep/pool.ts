import * as os from 'os';
import * as path from 'path';
import { Worker } from 'worker_threads';
import { Task, TaskResult, runTask } from './task';

export interface PoolOptions {
  /** Worker threads; 1 runs every task in this thread, in order. */
  workers: number;
  /** Called after each finished task (progress bar). */
  onDone?: (done: number, total: number) => void;
  /**
   * Run even a single worker in a thread of its own, leaving this thread free: a signal
   * is then handled at once (the progress bar cleared, the exit code set) mid-task.
   */
  thread?: boolean;
}

/** Threads worth starting by default: one per core the process may use. */
export function defaultWorkers(): number {
  return Math.max(1, typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length);
}

/**
 * The most --workers may ask for: 4 per core, at most 64. Past one per core threads only
 * wait for one another, and each holds its own heap (64 of them took 1.6 GB on 2 cores).
 */
export function maxWorkers(): number {
  return Math.min(4 * defaultWorkers(), 64);
}

/** Under tsx (tests, `tsx src/…`) the worker is a .ts file and needs tsx's loader too. */
function spawn(): Worker {
  const ext = path.extname(__filename);
  const file = path.join(__dirname, `worker${ext}`);
  return new Worker(file, { execArgv: ext === '.ts' ? ['--require', require.resolve('tsx/cjs')] : [] });
}

/**
 * Runs the tasks and returns their results in task order. With several workers the
 * tasks are handed out one at a time to whichever thread is free; each result is
 * stored at its task's index, so the output is identical to a serial run whatever
 * the scheduling.
 */
export function runTasks<T extends Task>(tasks: T[], opts: PoolOptions): Promise<Array<TaskResult<T>>> {
  const results: Array<TaskResult<T>> = new Array(tasks.length);
  const total = tasks.length;
  if (total === 0 || (!opts.thread && (opts.workers <= 1 || total <= 1))) {
    for (let i = 0; i < total; i++) {
      results[i] = runTask(tasks[i]);
      opts.onDone?.(i + 1, total);
    }
    return Promise.resolve(results);
  }
  return new Promise((resolve, reject) => {
    const workers = Array.from({ length: Math.max(1, Math.min(opts.workers, total)) }, spawn);
    let next = 0;
    let done = 0;
    let failed = false;
    const stop = (): void => void Promise.all(workers.map((w) => w.terminate()));
    const fail = (err: Error): void => {
      if (failed) return;
      failed = true;
      stop();
      reject(err);
    };
    const feed = (w: Worker): void => {
      if (next < total) {
        const id = next++;
        w.postMessage({ id, task: tasks[id] });
      }
    };
    for (const w of workers) {
      w.on('message', (msg: { id: number; result?: TaskResult<T>; error?: string }) => {
        if (msg.error !== undefined) return fail(new Error(`sweep worker: ${msg.error}`));
        results[msg.id] = msg.result!;
        done++;
        opts.onDone?.(done, total);
        if (done === total) {
          stop();
          resolve(results);
        } else feed(w);
      });
      w.on('error', fail);
      w.on('exit', (code) => {
        if (done < total && !failed) fail(new Error(`sweep worker exited with code ${code} before the sweep finished`));
      });
      feed(w);
    }
  });
}
