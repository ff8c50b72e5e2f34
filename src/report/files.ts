import * as fs from 'fs';
import { at, msg, ProblemKey } from '../i18n/problem';
import * as path from 'path';
import { isMainThread, threadId } from 'worker_threads';
import { InputError } from '../scenario/errors';

/**
 * Nothing lagsim writes is ever seen half-written, even when Ctrl-C lands mid-write.
 *
 * Each file goes to a temporary name in its folder and is renamed over the target
 * (rename is atomic within a file system). Ctrl-C is handled in two regimes:
 * - while the process computes synchronously (a long `run`), no SIGINT handler is
 *   installed: Node's default ends the process at once, and nothing is open for writing;
 * - from the first file written on, and whenever the event loop is free (an async
 *   command such as `sweep`, see cli/main.ts), SIGINT is handled. Node delivers it only
 *   between synchronous stretches, so the writes under way all complete; then registered
 *   cleanups run, leftover temporary files are removed, and the process exits with 130
 *   (128 + SIGINT, what a shell reports for a process ended by Ctrl-C).
 */

/** Exit status after Ctrl-C, as shells report a process ended by SIGINT. */
export const INTERRUPTED_EXIT_CODE = 130;

const temporaries = new Set<string>();
const cleanups = new Set<() => void>();
let installed = false;

/** Writes `data` to `file` atomically; an unwritable path is an InputError naming it. */
export function writeFileAtomic(file: string, data: string | Buffer): void {
  exitOnInterrupt();
  const dir = path.dirname(file);
  try {
    fs.mkdirSync(dir, { recursive: true });
  } catch (err) {
    throw cannotWrite(dir, err);
  }
  // pid and thread id: two processes or two worker threads never share a temporary name.
  const tmp = path.join(dir, `.${path.basename(file)}.${process.pid}-${threadId}.tmp`);
  temporaries.add(tmp);
  try {
    fs.writeFileSync(tmp, data);
    fs.renameSync(tmp, file);
  } catch (err) {
    fs.rmSync(tmp, { force: true });
    throw cannotWrite(file, err);
  } finally {
    temporaries.delete(tmp);
  }
}

/** The temporary name writeFileAtomic uses for `file` (tests look for leftovers with it). */
export function isTemporaryName(name: string): boolean {
  return /^\..+\.\d+-\d+\.tmp$/.test(name);
}

/**
 * From now on, Ctrl-C (SIGINT) exits cleanly with code 130 once the current synchronous
 * step is done. Idempotent; does nothing in worker threads (the main thread owns signals).
 */
export function exitOnInterrupt(): void {
  if (installed || !isMainThread) return;
  installed = true;
  process.on('SIGINT', interrupted);
}

/** Registers work to do on Ctrl-C before exiting (stop workers, note what is complete); returns an unregister function. */
export function onInterrupt(cleanup: () => void): () => void {
  exitOnInterrupt();
  cleanups.add(cleanup);
  return () => void cleanups.delete(cleanup);
}

function interrupted(): void {
  for (const cleanup of cleanups) {
    try {
      cleanup();
    } catch {
      // Exiting anyway: a failing cleanup must not turn Ctrl-C into a stack trace.
    }
  }
  for (const tmp of temporaries) fs.rmSync(tmp, { force: true });
  process.stderr.write('\nlagsim: interrupted\n');
  process.exit(INTERRUPTED_EXIT_CODE);
}

function cannotWrite(target: string, err: unknown): Error {
  const code = (err as NodeJS.ErrnoException)?.code;
  if (code === undefined) return err as Error;
  const why: Record<string, ProblemKey> = {
    ENOTDIR: 'vw.enotdir',
    EISDIR: 'vw.eisdir',
    EACCES: 'vw.eacces',
    EPERM: 'vw.eacces',
    EROFS: 'vw.erofs',
    ENOSPC: 'vw.enospc',
    EEXIST: 'vw.eexist',
    ENAMETOOLONG: 'vw.enametoolong',
  };
  return new InputError([at(target, msg('v.cannotWrite', { why: Object.hasOwn(why, code) ? msg(why[code]) : code }))]);
}
