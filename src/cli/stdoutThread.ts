import * as fs from 'fs';
import { Worker } from 'worker_threads';
import { cannotWrite } from '../report/files';
import { InputError } from '../scenario/errors';
import { at, msg } from '../i18n/problem';
import { writeStdout } from './output';
import type { Ring } from '../report/traceJson';

/** The ring's slots: bytes each, and how many (4 MB in all, whatever the output's size). */
const SLOT_BYTES = 1 << 20;
const SLOTS = 4;
/**
 * Control words: slots published by the run; slots the thread has written; how the thread
 * stopped (a Stop) and the length of its text; who writes (0 until the thread starts, 1 the
 * thread, −1 the run itself); the thread's task id (Linux); then each slot's byte count.
 */
const PUBLISHED = 0;
const WRITTEN = 1;
const STOPPED = 2;
const TEXT_LENGTH = 3;
const STARTED = 4;
const TASK = 5;
const LENGTHS = 6;
const TEXT_BYTES = 96;
const TEXT_AT = 4 * (LENGTHS + SLOTS);
const DATA_AT = TEXT_AT + TEXT_BYTES;
/** How a thread stopped: a write failed (the text is its code), it ended early, or it failed (the text is the error). */
const enum Stop { None = 0, WriteFailed = 1, Ended = 2, Failed = 3 }
/** How long the run waits, at a time, for a thread that has not started or not written. */
const WAIT_MS = 2000;

/**
 * The writer thread: unless the run has begun writing itself, writes each slot as it is
 * published, in order, then says so. When it stops — a write fails, an exception, its
 * process.exit — it says how and moves WRITTEN on, so a run waiting for a slot wakes.
 */
const THREAD = `
const { workerData: sab } = require('worker_threads');
const fs = require('fs');
const ctl = new Int32Array(sab, 0, ${LENGTHS + SLOTS});
function stop(how, text) {
  if (Atomics.load(ctl, ${STOPPED}) !== ${Stop.None}) return;
  const bytes = Buffer.from(String(text)).subarray(0, ${TEXT_BYTES});
  bytes.copy(Buffer.from(sab, ${TEXT_AT}, ${TEXT_BYTES}));
  ctl[${TEXT_LENGTH}] = bytes.length;
  Atomics.store(ctl, ${STOPPED}, how);
  Atomics.add(ctl, ${WRITTEN}, 1);
  Atomics.notify(ctl, ${WRITTEN});
}
function writeAll(bytes) {
  while (bytes.length > 0) bytes = bytes.subarray(fs.writeSync(1, bytes));
}
process.on('exit', () => Atomics.load(ctl, ${STARTED}) === 1 && stop(${Stop.Ended}, ''));
try {
  try { ctl[${TASK}] = Number(fs.readlinkSync('/proc/thread-self').split('/').pop()); } catch {}
  const data = Buffer.from(sab, ${DATA_AT}, ${SLOTS * SLOT_BYTES});
  let written = Atomics.compareExchange(ctl, ${STARTED}, 0, 1) === 0 ? 0 : -1;
  while (written >= 0) {
    Atomics.wait(ctl, ${PUBLISHED}, written);
    if (Atomics.load(ctl, ${PUBLISHED}) === written) continue;
    const at = (written % ${SLOTS}) * ${SLOT_BYTES};
    try {
      writeAll(data.subarray(at, at + ctl[${LENGTHS} + (written % ${SLOTS})]));
    } catch (err) {
      if (typeof err?.syscall !== 'string' || typeof err.code !== 'string') throw err; // not the system's: a bug
      stop(${Stop.WriteFailed}, err.code);
      break;
    }
    Atomics.store(ctl, ${WRITTEN}, ++written);
    Atomics.notify(ctl, ${WRITTEN});
  }
} catch (err) {
  stop(${Stop.Failed}, err?.stack ?? err);
}
`;

/** Whether standard output is a regular file (not a pipe, terminal or device). */
export function stdoutIsFile(): boolean {
  try {
    return fs.fstatSync(1).isFile();
  } catch {
    return false;
  }
}

/**
 * Standard output into a file, for an output of gigabytes (`lagsim trace --json` of a long
 * run), written by a thread of its own: copying the bytes into the file is a third of such a
 * trace's time, and on a second core it overlaps the run. (Into a pipe the reader sets the
 * pace, so only files get a thread.) The bytes go through a ring of shared slots, so memory
 * stays fixed: `fill` publishes the slot it was handed (or copies other bytes into the next
 * slot) and returns the next free slot to fill, waiting while all are full; `end` returns
 * when every byte is written. An output of one call (a trace under a megabyte) is written
 * directly and starts no thread, and so is everything once a thread has not started within
 * WAIT_MS. A write that fails is one problem naming stdout, as with writeStdout.
 */
export class StdoutThread implements Ring {
  private first = true;
  private published = 0;
  private worker: Worker | null = null;
  /** The thread did not start: the run writes every byte itself. */
  private alone = false;
  private readonly sab = new SharedArrayBuffer(DATA_AT + SLOTS * SLOT_BYTES);
  private readonly ctl = new Int32Array(this.sab, 0, LENGTHS + SLOTS);

  /**
   * Hands over `bytes`: the start of the slot last returned, or bytes of the caller's own,
   * which it may reuse once this returns. Returns the slot to fill next.
   */
  fill(bytes: Buffer): Buffer {
    if (this.first || this.alone) {
      this.first = false;
      writeStdout(bytes);
      return this.slot();
    }
    this.worker ??= this.startThread();
    if (bytes.buffer === this.sab && bytes.byteOffset === this.slotAt(this.published)) this.publish(bytes.length);
    else this.publishCopy(bytes);
    this.waitForSlot();
    return this.slot();
  }

  /** Returns once every byte handed over is written. */
  end(): void {
    if (this.worker !== null && !this.alone) this.waitUntil(() => Atomics.load(this.ctl, WRITTEN) >= this.published);
    void this.worker?.terminate();
    this.worker = null;
  }

  private startThread(): Worker {
    const worker = new Worker(THREAD, { eval: true, workerData: this.sab });
    worker.unref(); // a run that fails does not wait for it
    // How it stops reaches the run through the shared memory (STOPPED), as a thread that never
    // starts (WAIT_MS), or as its task leaving the process.
    worker.on('error', () => undefined);
    return worker;
  }

  /** Bytes the encoder made in a buffer of its own (taken for a line a slot could not hold, with the lines after it): copied in slot by slot. */
  private publishCopy(bytes: Buffer): void {
    for (let at = 0; at < bytes.length; at += SLOT_BYTES) {
      this.waitForSlot();
      const piece = bytes.subarray(at, at + SLOT_BYTES);
      piece.copy(this.slot());
      this.publish(piece.length);
    }
  }

  /** Gives the thread the next slot, holding `length` bytes (it was free when fill returned it); written here when alone. */
  private publish(length: number): void {
    if (this.alone) return writeStdout(this.slot().subarray(0, length));
    this.ctl[LENGTHS + (this.published % SLOTS)] = length;
    Atomics.store(this.ctl, PUBLISHED, ++this.published);
    Atomics.notify(this.ctl, PUBLISHED);
  }

  private waitForSlot(): void {
    if (!this.alone) this.waitUntil(() => this.published - Atomics.load(this.ctl, WRITTEN) < SLOTS);
  }

  /**
   * Sleeps until `done` holds, then reports how the thread stopped, if it did. After each
   * WAIT_MS without news the run looks: a thread that has still not started is told not to
   * (compare-exchange on STARTED; the run then writes itself), and one whose task is gone
   * without saying so (Linux: killed before its exit handlers ran) has ended.
   */
  private waitUntil(done: () => boolean): void {
    for (;;) {
      const written = Atomics.load(this.ctl, WRITTEN);
      if (done() || Atomics.load(this.ctl, STOPPED) !== Stop.None) break;
      if (Atomics.wait(this.ctl, WRITTEN, written, WAIT_MS) !== 'timed-out') continue;
      if (Atomics.compareExchange(this.ctl, STARTED, 0, -1) === 0) return this.writeAlone();
      if (this.taskGone()) throw threadEnded();
    }
    this.reportStop();
  }

  /** Whether the thread's task has left the process (false where there is no /proc). */
  private taskGone(): boolean {
    const task = this.ctl[TASK];
    return task > 0 && !fs.existsSync(`/proc/self/task/${task}`);
  }

  /** A write that failed is a problem naming stdout; an early end too; anything else is a bug. */
  private reportStop(): void {
    const how = Atomics.load(this.ctl, STOPPED) as Stop;
    if (how === Stop.None) return;
    const text = Buffer.from(this.sab, TEXT_AT, this.ctl[TEXT_LENGTH]).toString();
    if (how === Stop.WriteFailed) throw cannotWrite('stdout', Object.assign(new Error(text), { code: text }));
    if (how === Stop.Ended) throw threadEnded();
    throw new Error(`the thread writing standard output failed: ${text}`);
  }

  /** Writes the slots published to a thread told not to start (STARTED is −1). */
  private writeAlone(): void {
    this.alone = true;
    for (let n = Atomics.load(this.ctl, WRITTEN); n < this.published; n++) {
      writeStdout(Buffer.from(this.sab, this.slotAt(n), this.ctl[LENGTHS + (n % SLOTS)]));
    }
  }

  /** The next slot to publish, as a buffer to fill. */
  private slot(): Buffer {
    return Buffer.from(this.sab, this.slotAt(this.published), SLOT_BYTES);
  }

  /** Where slot number `n` of the ring's sequence starts in the shared memory. */
  private slotAt(n: number): number {
    return DATA_AT + (n % SLOTS) * SLOT_BYTES;
  }
}

function threadEnded(): InputError {
  return new InputError([at('stdout', msg('v.cannotWrite', { why: msg('vw.threadStopped') }))]);
}
