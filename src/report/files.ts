import * as fs from 'fs';
import * as path from 'path';
import { randomBytes } from 'crypto';
import { isMainThread } from 'worker_threads';
import { at, msg, ProblemKey } from '../i18n/problem';
import { InputError } from '../scenario/errors';
import { lockFolder } from './lock';

/**
 * Nothing lagsim writes is ever seen half-written, lands anywhere but a regular file or a
 * new name, or mixes two runs' reports — even when a signal lands mid-write.
 *
 * Each file is first written in full to a temporary name in its folder, created exclusively
 * (O_EXCL | O_NOFOLLOW, a random name: nothing planted there is followed or reused), then
 * renamed over the target (rename is atomic within a file system). A target that exists
 * and is not a regular file (a device such as /dev/null, a FIFO, a symbolic link, a folder)
 * is refused, never replaced; so is a folder to write into that is a symbolic link, or not
 * a folder at all (assertOwnFolder). A report folder is written as a unit: under a lock file
 * (lock.ts), every file is staged first and only then are they all renamed in, so a failed
 * write (disk full) leaves the previous report whole, and a second writer is refused.
 *
 * Signals (SIGINT, SIGTERM, SIGHUP) are handled in two regimes:
 * - while the process computes synchronously (a long `run`), no handler is installed:
 *   Node's default ends the process at once, and nothing is open for writing;
 * - from the first file written on, and whenever the event loop is free (an async command
 *   such as `sweep`, see cli/main.ts), they are handled. Node delivers them only between
 *   synchronous stretches, so the writes under way all complete; then registered cleanups
 *   run, leftover temporary files are removed, and the process exits with 128 + the
 *   signal's number (130 for Ctrl-C), as a shell reports a process ended by it.
 */

/** Exit status after Ctrl-C, as shells report a process ended by SIGINT. */
export const INTERRUPTED_EXIT_CODE = 130;

/** The signals handled, with the exit status each ends the process with. */
const SIGNAL_EXIT_CODES: Partial<Record<NodeJS.Signals, number>> = { SIGINT: INTERRUPTED_EXIT_CODE, SIGTERM: 143, SIGHUP: 129 };

const temporaries = new Set<string>();
const cleanups = new Set<() => void>();
let installed = false;

/** Writes `data` to `file` atomically; an unwritable path is an InputError naming it. */
export function writeFileAtomic(file: string, data: string | Buffer): void {
  const target = placeFile(file);
  commit(stage(target, data), target);
}

/**
 * Writes `files` (name and contents) into `dir` as one unit and returns the paths written:
 * all or, on failure, none of them replace what the folder held.
 */
export function writeFolderAtomic(dir: string, files: Array<[string, string | Buffer]>): string[] {
  const real = placeFolder(dir);
  const unlock = lockFolder(real, cannotWrite);
  const staged: string[] = [];
  try {
    for (const [name, data] of files) staged.push(stage(path.join(real, name), data));
    return files.map(([name], i) => commit(staged[i], path.join(real, name)));
  } finally {
    for (const tmp of staged) removeTemporary(tmp);
    unlock();
  }
}

/**
 * The folder `dir`, made (makeFolder judges it) and named by its real path: the system
 * takes a `..` after a link past the link's target, where joining names to the text would
 * not, so the lock, the staged files and the targets all go where the folder was made.
 */
function placeFolder(dir: string): string {
  makeFolder(dir);
  return fs.realpathSync.native(dir); // the system's realpath: Node's own takes `..` away first
}

/** `file` in its folder as placeFolder places it; a name ending in a slash names a folder, not a file. */
function placeFile(file: string): string {
  assertFileName(file);
  return path.join(placeFolder(path.dirname(file)), path.basename(file));
}

/** Refuses a file name that ends in a slash: it names a folder, whether or not one is there. */
function assertFileName(file: string): void {
  if (/[\\/]$/.test(file)) throw new InputError([at(file, msg('v.cannotWrite', { why: msg('vw.fileNameNeeded') }))]);
}

/** A name writeFileAtomic stages under (tests look for leftovers with it). */
export function isTemporaryName(name: string): boolean {
  return /^\..+\.[0-9a-f]{16}\.tmp$/.test(name);
}

/** Refuses a target that exists and is not a regular file: it is never replaced. */
export function assertReplaceable(file: string): void {
  const stat = lstatOf(file, file);
  if (stat !== null && !stat.isFile()) throw new InputError([at(file, msg('v.cannotWrite', { why: msg('vw.notRegular') }))]);
}

/** Refuses, before anything is computed, a file target writeFileAtomic would refuse later: its folder (assertOwnFolder) or the file itself. */
export function assertFileWritable(file: string): void {
  assertFileName(file);
  assertOwnFolder(path.dirname(file));
  assertReplaceable(file);
}

/** Refuses, before anything is computed, a folder where one of `names` could not be replaced (as writeFolderAtomic would later). */
export function assertFolderReplaceable(dir: string, names: readonly string[]): void {
  assertOwnFolder(dir);
  for (const name of names) assertReplaceable(path.join(dir, name));
}

/**
 * Refuses a folder to write into that is a symbolic link, or something other than a
 * folder (a file, a device such as /dev/null): what a link points to is not where the user
 * asked. Links above it on the path are the user's own arrangement (a home folder on
 * another disk) and are followed. A folder that does not exist yet passes: it is made.
 */
export function assertOwnFolder(dir: string): void {
  // As given: resolving `..` in the text would judge another folder than the one the system reaches through a link.
  // Without a trailing slash, which would make lstat follow a link.
  const stat = lstatOf(dir.replace(/(.)\/+$/, '$1'), dir);
  if (stat?.isSymbolicLink()) throw new InputError([at(dir, msg('v.cannotWrite', { why: msg('vw.folderLink') }))]);
  if (stat !== null && !stat.isDirectory()) throw new InputError([at(dir, msg('v.cannotWrite', { why: msg('vw.notFolder') }))]);
  assertCanCreateIn(stat === null ? nearestFolder(dir) : dir, dir);
}

/** The nearest folder above `dir` that exists, by the path as given (the system takes its `..`). */
function nearestFolder(dir: string): string {
  let d = path.dirname(dir);
  while (!fs.existsSync(d) && path.dirname(d) !== d) d = path.dirname(d);
  return d;
}

/** Refuses, naming `dir`, a folder files cannot be created in (a read-only file system, no permission). */
function assertCanCreateIn(folder: string, dir: string): void {
  try {
    fs.accessSync(folder, fs.constants.W_OK | fs.constants.X_OK);
  } catch (err) {
    throw cannotWrite(dir, err);
  }
}

/** What is at `p`, its link not followed; null when nothing is. Another failure is a problem naming `target`. */
function lstatOf(p: string, target: string): fs.Stats | null {
  try {
    return fs.lstatSync(p);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw cannotWrite(target, err);
  }
}

/** `file`'s contents under a new temporary name beside it; returns that name. */
function stage(file: string, data: string | Buffer): string {
  exitOnInterrupt();
  assertReplaceable(file);
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(8).toString('hex')}.tmp`);
  try {
    const { O_WRONLY, O_CREAT, O_EXCL, O_NOFOLLOW } = fs.constants;
    const fd = fs.openSync(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, 0o666);
    temporaries.add(tmp);
    try {
      fs.writeFileSync(fd, data);
    } finally {
      fs.closeSync(fd);
    }
  } catch (err) {
    removeTemporary(tmp);
    throw cannotWrite(file, err);
  }
  return tmp;
}

function commit(tmp: string, file: string): string {
  try {
    fs.renameSync(tmp, file);
  } catch (err) {
    removeTemporary(tmp);
    throw cannotWrite(file, err);
  }
  temporaries.delete(tmp);
  return file;
}

function removeTemporary(tmp: string): void {
  if (!temporaries.delete(tmp)) return;
  fs.rmSync(tmp, { force: true });
}

/**
 * Creates `dir` and its missing parents one by one. Node's recursive mkdir reports a
 * read-only file system as ENOENT (and loops forever under /proc/sys); creating each
 * level gets the real reason for the first one that fails. The folder is then judged
 * (assertOwnFolder).
 */
export function makeFolder(dir: string): void {
  const missing: string[] = [];
  for (let d = dir; !fs.existsSync(d); d = path.dirname(d)) missing.unshift(d);
  for (const d of missing) {
    try {
      fs.mkdirSync(d);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw cannotWrite(d, err);
    }
  }
  assertOwnFolder(dir);
}

/**
 * From now on, SIGINT, SIGTERM and SIGHUP end the process cleanly once the current
 * synchronous step is done. Idempotent; does nothing in worker threads (the main thread
 * owns signals).
 */
export function exitOnInterrupt(): void {
  if (installed || !isMainThread) return;
  installed = true;
  for (const signal of Object.keys(SIGNAL_EXIT_CODES) as NodeJS.Signals[]) process.on(signal, interrupted);
}

/** Registers work to do on a signal before exiting (stop workers, note what is complete); returns an unregister function. */
export function onInterrupt(cleanup: () => void): () => void {
  exitOnInterrupt();
  cleanups.add(cleanup);
  return () => void cleanups.delete(cleanup);
}

function interrupted(signal: NodeJS.Signals): void {
  for (const cleanup of cleanups) {
    try {
      cleanup();
    } catch {
      // Exiting anyway: a failing cleanup must not turn a signal into a stack trace.
    }
  }
  for (const tmp of temporaries) fs.rmSync(tmp, { force: true });
  process.stderr.write(signal === 'SIGINT' ? '\nlagsim: interrupted\n' : `\nlagsim: interrupted (${signal})\n`);
  process.exit(SIGNAL_EXIT_CODES[signal]);
}

const REASONS: Record<string, ProblemKey> = {
  ENOTDIR: 'vw.enotdir',
  EISDIR: 'vw.eisdir',
  EACCES: 'vw.eacces',
  EPERM: 'vw.eacces',
  EROFS: 'vw.erofs',
  ENOSPC: 'vw.enospc',
  EDQUOT: 'vw.enospc',
  EFBIG: 'vw.efbig',
  EIO: 'vw.eio',
  EEXIST: 'vw.eexist',
  ELOOP: 'vw.notRegular',
  ENOENT: 'vw.enoent',
  ENAMETOOLONG: 'vw.enametoolong',
  EBADF: 'vw.ebadf',
};

/** A write that failed with a system error, as a problem naming the target and the reason. */
export function cannotWrite(target: string, err: unknown): Error {
  const code = (err as NodeJS.ErrnoException)?.code;
  if (code === undefined) return err as Error;
  return new InputError([at(target, msg('v.cannotWrite', { why: Object.hasOwn(REASONS, code) ? msg(REASONS[code]) : code }))]);
}

/**
 * Writes a file that must not exist yet: created exclusively and without following a link,
 * so an existing file or a symbolic link in its place is refused with `exists`, as is a
 * folder to write it into that is a link (assertOwnFolder). Missing folders are made.
 */
export function writeNewFile(out: string, text: string, exists: ProblemKey): void {
  assertFileName(out);
  makeFolder(path.dirname(out));
  let fd: number;
  try {
    fd = fs.openSync(out, fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL | (fs.constants.O_NOFOLLOW ?? 0), 0o644);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') throw new InputError([at(out, msg(exists))]);
    throw cannotWrite(out, err);
  }
  try {
    fs.writeSync(fd, text);
  } catch (err) {
    throw cannotWrite(out, err);
  } finally {
    fs.closeSync(fd);
  }
}
