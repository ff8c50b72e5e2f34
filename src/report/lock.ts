import * as fs from 'fs';
import * as path from 'path';
import { at, msg } from '../i18n/problem';
import { InputError } from '../scenario/errors';

/** The lock file's name in a folder being written; it holds the writer's process id. */
export const LOCK_NAME = '.lagsim.lock';

/**
 * Takes `dir`'s lock, or refuses with a problem naming the process that holds it, so two
 * lagsim processes never write one report folder at once. A lock left by a process that
 * no longer runs (killed with SIGKILL) is taken over. Returns the release function.
 * `cannotWrite` turns a system error into the problem to report.
 */
export function lockFolder(dir: string, cannotWrite: (target: string, err: unknown) => Error): () => void {
  const lock = path.join(dir, LOCK_NAME);
  for (let attempt = 0; ; attempt++) {
    try {
      const { O_WRONLY, O_CREAT, O_EXCL, O_NOFOLLOW } = fs.constants;
      const fd = fs.openSync(lock, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, 0o644);
      fs.writeSync(fd, `${process.pid}\n`);
      fs.closeSync(fd);
      return () => fs.rmSync(lock, { force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw cannotWrite(lock, err);
      const pid = holder(lock);
      if (attempt > 0 || pid === null || isRunning(pid)) {
        throw new InputError([at(dir, msg('v.folderBusy', { pid: pid ?? '?', lock }))]);
      }
      fs.rmSync(lock, { force: true });
    }
  }
}

/**
 * The process id written in the lock, or null when there is none yet (its writer is
 * between creating and filling it) or the lock is not a plain file: then it is not ours
 * to remove. Never follows a link, never blocks on a FIFO, reads a few bytes at most.
 */
function holder(lock: string): number | null {
  const { O_RDONLY, O_NOFOLLOW, O_NONBLOCK } = fs.constants;
  let fd: number | undefined;
  try {
    fd = fs.openSync(lock, O_RDONLY | O_NOFOLLOW | O_NONBLOCK);
    if (!fs.fstatSync(fd).isFile()) return null;
    const buf = Buffer.alloc(24);
    const pid = Number(buf.subarray(0, fs.readSync(fd, buf)).toString().trim());
    return Number.isSafeInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
