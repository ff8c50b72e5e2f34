import { Worker } from 'worker_threads';
import { cannotWrite } from '../report/files';
import { writeStdout } from './output';
import type { Ring } from '../report/traceJson';

/** The ring's slots: bytes each, and how many (4 MB in all, whatever the output's size). */
const SLOT_BYTES = 1 << 20;
const SLOTS = 4;
/**
 * Control words: slots published by the run, slots the thread has written, the length of a
 * failure's code, who writes (0 until the thread starts, 1 the thread, −1 the run itself);
 * then each slot's byte count.
 */
const PUBLISHED = 0;
const WRITTEN = 1;
const FAILED = 2;
const STARTED = 3;
const LENGTHS = 4;
/** How long a run waits for a thread that has not started before writing itself. */
const START_MS = 2000;
const CODE_BYTES = 32;
const CODE_AT = 4 * (LENGTHS + SLOTS);
const DATA_AT = CODE_AT + CODE_BYTES;

/**
 * The writer thread: unless the run has begun writing itself, writes each slot as it is
 * published, in order, then says so. A failure leaves its code (EPIPE, ENOSPC …) and moves
 * WRITTEN on, so a run waiting for a slot wakes.
 */
const THREAD = `
const { workerData: sab } = require('worker_threads');
const fs = require('fs');
const ctl = new Int32Array(sab, 0, ${LENGTHS + SLOTS});
const data = Buffer.from(sab, ${DATA_AT}, ${SLOTS * SLOT_BYTES});
const pause = new Int32Array(new SharedArrayBuffer(4));
function fail(code) {
  const text = Buffer.from(String(code).slice(0, ${CODE_BYTES}));
  text.copy(Buffer.from(sab, ${CODE_AT}, ${CODE_BYTES}));
  Atomics.store(ctl, ${FAILED}, text.length);
  Atomics.add(ctl, ${WRITTEN}, 1);
  Atomics.notify(ctl, ${WRITTEN});
}
run: for (let written = 0; Atomics.compareExchange(ctl, ${STARTED}, 0, 1) !== -1; ) {
  Atomics.wait(ctl, ${PUBLISHED}, written);
  if (Atomics.load(ctl, ${PUBLISHED}) === written) continue;
  const at = (written % ${SLOTS}) * ${SLOT_BYTES};
  let bytes = data.subarray(at, at + ctl[${LENGTHS} + (written % ${SLOTS})]);
  while (bytes.length > 0) {
    try {
      bytes = bytes.subarray(fs.writeSync(1, bytes));
    } catch (err) {
      if (err.code === 'EAGAIN') { Atomics.wait(pause, 0, 0, 1); continue; }
      fail(err.code ?? String(err));
      break run;
    }
  }
  Atomics.store(ctl, ${WRITTEN}, ++written);
  Atomics.notify(ctl, ${WRITTEN});
}
`;

/**
 * Stdout for an output of gigabytes (`lagsim trace --json` of a long run), written by a
 * thread of its own: copying the bytes into a file is a third of such a trace's time, and
 * on a second core it overlaps the run. The bytes go through a ring of shared slots, so
 * memory stays fixed: `fill` publishes the slot it was handed (or copies other bytes into
 * the next slot) and returns the next free slot to fill, waiting while all are full; `end`
 * returns when the thread has written every byte. An output of one call (a trace under a
 * megabyte) is written directly and starts no thread, and so is everything when the thread
 * cannot start. Failures are writeStdout's: a reader gone ends lagsim with 0, anything else
 * is a problem naming stdout.
 */
export class StdoutThread implements Ring {
  private calls = 0;
  /** The thread did not start: every byte is written here. */
  private alone = false;
  private published = 0;
  private worker: Worker | null = null;
  private readonly sab = new SharedArrayBuffer(DATA_AT + SLOTS * SLOT_BYTES);
  private readonly ctl = new Int32Array(this.sab, 0, LENGTHS + SLOTS);
  private readonly data = Buffer.from(this.sab, DATA_AT, SLOTS * SLOT_BYTES);

  /**
   * Hands over `bytes`: the start of the slot last returned, or bytes of the caller's own,
   * which it may reuse once this returns. Returns the slot to fill next.
   */
  fill(bytes: Buffer): Buffer {
    if (this.calls++ === 0 || this.alone) {
      writeStdout(bytes);
      return this.slot();
    }
    if (this.worker === null) {
      this.worker = new Worker(THREAD, { eval: true, workerData: this.sab });
      this.worker.unref(); // a run that fails does not wait for it
    }
    if (bytes.buffer === this.sab && bytes.byteOffset === this.slotAt(this.published)) this.publish(bytes.length);
    else {
      for (let at = 0; at < bytes.length; at += SLOT_BYTES) {
        this.waitForSlot();
        this.publish(bytes.copy(this.data, this.slotAt(this.published) - DATA_AT, at, Math.min(at + SLOT_BYTES, bytes.length)));
      }
    }
    this.waitForSlot();
    return this.slot();
  }

  /** The next slot to publish, as a buffer to fill. */
  private slot(): Buffer {
    return Buffer.from(this.sab, this.slotAt(this.published), SLOT_BYTES);
  }

  /** Returns once every byte handed over is written. */
  end(): void {
    if (this.worker === null) return;
    this.waitWhile(() => this.published - Atomics.load(this.ctl, WRITTEN) > 0);
    void this.worker.terminate();
    this.worker = null;
  }

  /** Writes the slots given to a thread that never started (it will not: STARTED is −1), and stops using it. */
  private writeAlone(): void {
    void this.worker?.terminate();
    this.worker = null;
    this.alone = true;
    for (let n = Atomics.load(this.ctl, WRITTEN); n < this.published; n++) writeStdout(Buffer.from(this.sab, this.slotAt(n), this.ctl[LENGTHS + (n % SLOTS)]));
    Atomics.store(this.ctl, WRITTEN, this.published);
  }

  /** Where slot number `n` of the ring's sequence starts in the shared memory. */
  private slotAt(n: number): number {
    return DATA_AT + (n % SLOTS) * SLOT_BYTES;
  }

  /** Waits until the next slot is free: the thread has written what it last held. */
  private waitForSlot(): void {
    this.waitWhile(() => this.published - Atomics.load(this.ctl, WRITTEN) === SLOTS);
  }

  /** Gives the thread the next slot, holding `length` bytes (it is free: fill waited for it); written here when alone. */
  private publish(length: number): void {
    if (this.alone) return writeStdout(Buffer.from(this.sab, this.slotAt(this.published), length));
    this.ctl[LENGTHS + (this.published % SLOTS)] = length;
    Atomics.store(this.ctl, PUBLISHED, ++this.published);
    Atomics.notify(this.ctl, PUBLISHED);
  }

  /**
   * Sleeps while `busy` holds and the thread has not failed; then a failure is reported. A
   * thread that has not started within START_MS never will (no memory for it): what it was
   * given is written here, and so is everything after.
   */
  private waitWhile(busy: () => boolean): void {
    for (let written = Atomics.load(this.ctl, WRITTEN); busy() && Atomics.load(this.ctl, FAILED) === 0; written = Atomics.load(this.ctl, WRITTEN)) {
      if (Atomics.wait(this.ctl, WRITTEN, written, START_MS) === 'timed-out' && Atomics.compareExchange(this.ctl, STARTED, 0, -1) === 0) return this.writeAlone();
    }
    const failed = Atomics.load(this.ctl, FAILED);
    if (failed === 0) return;
    const code = Buffer.from(this.sab, CODE_AT, failed).toString();
    if (code === 'EPIPE') process.exit(0);
    throw cannotWrite('stdout', Object.assign(new Error(code), { code }));
  }
}
