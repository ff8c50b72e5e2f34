import * as fs from 'fs';
import { InputError } from './errors';
import { at, msg, Msg, ProblemKey } from '../i18n/problem';

/** What a kind of input file may be, and the problems naming it. */
export interface FileRules {
  maxBytes: number;
  /** When the path is a folder. */
  folder: Msg;
  /** When the file holds more than maxBytes (`bytes` is its size, or what was read before stopping). */
  tooBig: (bytes: number) => Msg;
  /** When nothing is at the path (a function: finding a hint may cost a folder listing). */
  missing: () => Msg;
}

/** O_NONBLOCK keeps open() on a FIFO from waiting for a writer; Windows has no such flag and no FIFOs. */
const OPEN_FLAGS = fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0);
const CHUNK_BYTES = 64 * 1024;

/**
 * Reads a regular file as UTF-8 text, or throws InputError naming `file`. The checks are
 * made on the opened descriptor (no window for the path to become something else after a
 * stat) and the read stops past `maxBytes` whatever the size said, so a FIFO, a device
 * such as /dev/zero or a file that grows while read is refused, never read to exhaustion.
 */
export function readRegularFile(file: string, rules: FileRules): string {
  let fd: number;
  try {
    fd = fs.openSync(file, OPEN_FLAGS);
  } catch (err) {
    throw new InputError([at(file, cannotRead(err, rules))]);
  }
  try {
    const stat = fs.fstatSync(fd);
    if (stat.isDirectory()) throw new InputError([at(file, rules.folder)]);
    if (!stat.isFile()) throw new InputError([at(file, msg('v.notRegularFile'))]);
    if (stat.size > rules.maxBytes) throw new InputError([at(file, rules.tooBig(stat.size))]);
    return readCapped(file, fd, rules).toString('utf8');
  } catch (err) {
    if (err instanceof InputError) throw err;
    throw new InputError([at(file, cannotRead(err, rules))]);
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Standard input read to its end as UTF-8 text (a pipe, a redirected file, or a terminal
 * until Ctrl-D), stopping past `maxBytes` as for a file; problems name it `label`.
 */
export function readStdin(label: string, rules: FileRules): string {
  try {
    return readCapped(label, 0, rules).toString('utf8');
  } catch (err) {
    if (err instanceof InputError) throw err;
    throw new InputError([at(label, cannotRead(err, rules))]);
  }
}

/** A synchronous pause, for a descriptor that is non-blocking and has nothing yet. */
const pause = (ms: number): void => void Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

function readCapped(file: string, fd: number, rules: FileRules): Buffer {
  const chunks: Buffer[] = [];
  let total = 0;
  for (;;) {
    const chunk = Buffer.allocUnsafe(CHUNK_BYTES);
    let n: number;
    try {
      n = fs.readSync(fd, chunk, 0, CHUNK_BYTES, null);
    } catch (err) {
      // A pipe its writer left non-blocking says EAGAIN while the writer is still writing.
      if ((err as NodeJS.ErrnoException).code !== 'EAGAIN') throw err;
      pause(10);
      continue;
    }
    if (n === 0) return Buffer.concat(chunks, total);
    total += n;
    if (total > rules.maxBytes) throw new InputError([at(file, rules.tooBig(total))]);
    chunks.push(chunk.subarray(0, n));
  }
}

/** System errors a read can meet, in words (the rest are shown by their code). */
const READ_REASONS: Record<string, ProblemKey> = {
  ENOTDIR: 'vw.enotdir',
  EISDIR: 'vw.eisdir',
  EACCES: 'vw.eacces',
  EPERM: 'vw.eacces',
  EIO: 'vw.eio',
  ENAMETOOLONG: 'vw.enametoolong',
  ELOOP: 'vw.linkLoop',
};

function cannotRead(err: unknown, rules: FileRules): Msg {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return rules.missing();
  return msg('v.cannotRead', { code: code !== undefined && Object.hasOwn(READ_REASONS, code) ? msg(READ_REASONS[code]) : code ?? String(err) });
}
