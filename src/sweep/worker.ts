import { parentPort } from 'worker_threads';
import { Task, runTask } from './task';

/** Worker thread entry: runs the tasks it is sent, one at a time, and posts each result back. */
parentPort!.on('message', (msg: { id: number; task: Task }) => {
  try {
    parentPort!.postMessage({ id: msg.id, result: runTask(msg.task) });
  } catch (err) {
    parentPort!.postMessage({ id: msg.id, error: (err as Error)?.stack ?? String(err) });
  }
});
