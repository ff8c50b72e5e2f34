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
 * Worker threads kept for several batches of tasks (the rounds of advise's search): each
 * thread starts and warms up once, not once per batch. `run` is runTasks on these threads,
 * one batch at a time; `close` ends them.
 */
export interface Pool {
  run<T extends Task>(tasks: T[]): Promise<Array<TaskResult<T>>>;
  close(): Promise<void>;
}

/** A pool of up to `opts.workers` threads, started as the first batch that needs them arrives. */
export function openPool(opts: PoolOptions): Pool {
  const threads: Worker[] = [];
  const close = async (): Promise<void> => {
    await Promise.all(threads.splice(0).map((w) => w.terminate()));
  };
  return {
    run: <T extends Task>(tasks: T[]) => {
      if (tasks.length === 0 || (!opts.thread && (opts.workers <= 1 || tasks.length <= 1))) return Promise.resolve(runHere(tasks, opts));
      while (threads.length < Math.max(1, Math.min(opts.workers, tasks.length))) {
        const w = spawn();
        threads.push(w);
        // A thread that ends between batches leaves the pool; the next batch starts another.
        w.on('error', () => {});
        w.on('exit', () => threads.includes(w) && threads.splice(threads.indexOf(w), 1));
      }
      // After a failed batch no thread is trusted: they end, and a next batch starts new ones.
      return runOn(threads.slice(0, tasks.length), tasks, opts).catch(async (err: Error) => {
        await close();
        throw err;
      });
    },
    close,
  };
}

/**
 * Runs the tasks and returns their results in task order. With several workers the
 * tasks are handed out one at a time to whichever thread is free; each result is
 * stored at its task's index, so the output is identical to a serial run whatever
 * the scheduling.
 */
export async function runTasks<T extends Task>(tasks: T[], opts: PoolOptions): Promise<Array<TaskResult<T>>> {
  const pool = openPool(opts);
  try {
    return await pool.run(tasks);
  } finally {
    await pool.close();
  }
}

/** The tasks in this thread, in order. */
function runHere<T extends Task>(tasks: T[], opts: PoolOptions): Array<TaskResult<T>> {
  return tasks.map((task, i) => {
    const result = runTask(task);
    opts.onDone?.(i + 1, tasks.length);
    return result;
  });
}

/** The tasks on these threads, each given the next task when it posts a result; the threads stay up. */
function runOn<T extends Task>(workers: Worker[], tasks: T[], opts: PoolOptions): Promise<Array<TaskResult<T>>> {
  const results: Array<TaskResult<T>> = new Array(tasks.length);
  const total = tasks.length;
  return new Promise((resolve, reject) => {
    let next = 0;
    let done = 0;
    let failed = false;
    const listeners = workers.map((w) => ({
      message: (msg: { id: number; result?: TaskResult<T>; error?: string }) => {
        if (msg.error !== undefined) return fail(new Error(`sweep worker: ${msg.error}`));
        results[msg.id] = msg.result!;
        done++;
        opts.onDone?.(done, total);
        if (done === total) {
          detach();
          resolve(results);
        } else feed(w);
      },
      error: (err: Error) => fail(err),
      exit: (code: number) => {
        if (done < total && !failed) fail(new Error(`sweep worker exited with code ${code} before the sweep finished`));
      },
    }));
    const detach = (): void => {
      workers.forEach((w, i) => w.off('message', listeners[i].message).off('error', listeners[i].error).off('exit', listeners[i].exit));
    };
    const fail = (err: Error): void => {
      if (failed) return;
      failed = true;
      detach();
      reject(err);
    };
    const feed = (w: Worker): void => {
      if (next < total) {
        const id = next++;
        w.postMessage({ id, task: tasks[id] });
      }
    };
    workers.forEach((w, i) => {
      w.on('message', listeners[i].message).on('error', listeners[i].error).on('exit', listeners[i].exit);
      feed(w);
    });
  });
}
