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
 * Control words: slots published by the run; slots the thread has written; the length of
 * the code the thread stopped on; who writes (0 until the thread starts, 1 the thread, −1
 * the run itself); then each slot's byte count.
 */
const PUBLISHED = 0;
const WRITTEN = 1;
const FAILED = 2;
const STARTED = 3;
const LENGTHS = 4;
const CODE_BYTES = 32;
const CODE_AT = 4 * (LENGTHS + SLOTS);
const DATA_AT = CODE_AT + CODE_BYTES;
/** How long the run waits for a thread that has not started before writing itself. */
const START_MS = 2000;
/** The code a thread leaves when it ends before the run is done with it. */
const THREAD_STOPPED = 'THREAD_STOPPED';

/**
 * The writer thread: unless the run has begun writing itself, writes each slot as it is
 * published, in order, then says so. If it stops for any reason (a write error, an
 * exception, its process.exit) it leaves the code and moves WRITTEN on, so a run waiting
 * for a slot wakes and reports it.
 */
const THREAD = `
const { workerData: sab } = require('worker_threads');
const fs = require('fs');
const ctl = new Int32Array(sab, 0, ${LENGTHS + SLOTS});
function stop(code) {
  if (Atomics.load(ctl, ${FAILED}) !== 0) return;
  const text = Buffer.from(String(code).slice(0, ${CODE_BYTES}));
  text.copy(Buffer.from(sab, ${CODE_AT}, ${CODE_BYTES}));
  Atomics.store(ctl, ${FAILED}, text.length);
  Atomics.add(ctl, ${WRITTEN}, 1);
  Atomics.notify(ctl, ${WRITTEN});
}
process.on('exit', () => Atomics.load(ctl, ${STARTED}) === 1 && stop('${THREAD_STOPPED}'));
try {
  const data = Buffer.from(sab, ${DATA_AT}, ${SLOTS * SLOT_BYTES});
  for (let written = 0; Atomics.compareExchange(ctl, ${STARTED}, 0, 1) !== -1; ) {
    Atomics.wait(ctl, ${PUBLISHED}, written);
    if (Atomics.load(ctl, ${PUBLISHED}) === written) continue;
    const at = (written % ${SLOTS}) * ${SLOT_BYTES};
    for (let bytes = data.subarray(at, at + ctl[${LENGTHS} + (written % ${SLOTS})]); bytes.length > 0;) bytes = bytes.subarray(fs.writeSync(1, bytes));
    Atomics.store(ctl, ${WRITTEN}, ++written);
    Atomics.notify(ctl, ${WRITTEN});
  }
} catch (err) {
  stop(err.code ?? String(err));
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
 * START_MS. Failures are writeStdout's: one problem naming stdout.
 */
export class StdoutThread implements Ring {
  private calls = 0;
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
    if (this.calls++ === 0 || this.alone) {
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
    // Its errors reach the run through the shared memory (FAILED), or as a thread that never starts.
    worker.on('error', () => undefined);
    return worker;
  }

  /** Bytes not in a slot (a line longer than a slot, the first call's buffer), copied in slot by slot. */
  private publishCopy(bytes: Buffer): void {
    for (let at = 0; at < bytes.length; at += SLOT_BYTES) {
      this.waitForSlot();
      const piece = bytes.subarray(at, at + SLOT_BYTES);
      piece.copy(this.slot());
      this.publish(piece.length);
    }
  }

  /** Gives the thread the next slot, holding `length` bytes (fill waited for it to be free); written here when alone. */
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
   * Sleeps until `done` holds, then reports a failure the thread stopped on. A thread that
   * has not started within START_MS never will (no memory for one): the run claims the
   * writing and writes what it had published itself.
   */
  private waitUntil(done: () => boolean): void {
    for (;;) {
      const written = Atomics.load(this.ctl, WRITTEN);
      if (done() || Atomics.load(this.ctl, FAILED) !== 0) break;
      const woke = Atomics.wait(this.ctl, WRITTEN, written, START_MS);
      if (woke === 'timed-out' && Atomics.compareExchange(this.ctl, STARTED, 0, -1) === 0) return this.writeAlone();
    }
    const failed = Atomics.load(this.ctl, FAILED);
    if (failed === 0) return;
    const code = Buffer.from(this.sab, CODE_AT, failed).toString();
    if (code === THREAD_STOPPED) throw new InputError([at('stdout', msg('v.cannotWrite', { why: msg('vw.threadStopped') }))]);
    throw cannotWrite('stdout', Object.assign(new Error(code), { code }));
  }

  /** Writes the slots published to a thread that never started (STARTED is −1: it never will). */
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
