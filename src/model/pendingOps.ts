import { ASSERTS, violated } from '../engine/assert';

/**
 * Operations in flight. A client's operation opens a slot of these flat columns when it is
 * issued and closes it when it completes (a read served, a write acknowledged); between
 * the two the event queue carries only the slot number. Nothing is allocated per operation
 * once the columns have grown.
 */
export class PendingOps {
  /**
   * When the operation arrived (its scripted time or generated arrival): its latency counts
   * from here. A session that was busy issues it later (sim/sessions); otherwise at once.
   */
  issuedUs: Float64Array;
  session: Int32Array;
  key: Int32Array;
  /** Reads: the node chosen (MASTER = −1 or a follower). */
  node: Int32Array;
  critical: Uint8Array;
  /** Reads: time spent waiting before reaching the node (causal reads). */
  waitUs: Float64Array;
  /** Reads: when service completes (the client has its answer, before network latency). */
  doneUs: Float64Array;
  /** Reads: the version of the key its session had written when it was issued (read-your-writes floor). */
  writtenFloor: Int32Array;
  /** Writes: index of the scripted event (its row content), −1 for generated traffic. */
  event: Int32Array;
  /** Writes: binlog position, version and row (index into the master's rows) once committed. */
  pos: Float64Array;
  version: Int32Array;
  rowRef: Int32Array;
  /** 1 while a slot is open; kept only when invariant checks are on. */
  private isOpen: Uint8Array;
  private free: Int32Array;
  private freeCount = 0;
  private used = 0;

  constructor(capacity = 64) {
    this.issuedUs = new Float64Array(capacity);
    this.session = new Int32Array(capacity);
    this.key = new Int32Array(capacity);
    this.node = new Int32Array(capacity);
    this.critical = new Uint8Array(capacity);
    this.waitUs = new Float64Array(capacity);
    this.doneUs = new Float64Array(capacity);
    this.writtenFloor = new Int32Array(capacity);
    this.event = new Int32Array(capacity);
    this.pos = new Float64Array(capacity);
    this.version = new Int32Array(capacity);
    this.rowRef = new Int32Array(capacity);
    this.isOpen = new Uint8Array(capacity);
    this.free = new Int32Array(capacity);
  }

  /** Opens a slot for an operation `session` issues on `key`; the columns the operation's kind uses are its to fill. */
  open(issuedUs: number, session: number, key: number): number {
    let slot: number;
    if (this.freeCount > 0) slot = this.free[--this.freeCount];
    else {
      if (this.used === this.issuedUs.length) this.grow();
      slot = this.used++;
    }
    this.issuedUs[slot] = issuedUs;
    this.session[slot] = session;
    this.key[slot] = key;
    if (ASSERTS) this.isOpen[slot] = 1;
    return slot;
  }

  /** Closes the slot of an operation that has completed; its number may be reused at once. */
  close(slot: number): void {
    if (ASSERTS && this.isOpen[slot] !== 1) violated(`pending slot ${slot} closed twice (or never opened)`);
    if (ASSERTS) this.isOpen[slot] = 0;
    this.free[this.freeCount++] = slot;
  }

  /** Operations opened and not yet closed. */
  get inFlight(): number {
    return this.used - this.freeCount;
  }

  private grow(): void {
    const n = this.issuedUs.length * 2;
    const f64 = (a: Float64Array): Float64Array => { const b = new Float64Array(n); b.set(a); return b; };
    const i32 = (a: Int32Array): Int32Array => { const b = new Int32Array(n); b.set(a); return b; };
    const u8 = (a: Uint8Array): Uint8Array => { const b = new Uint8Array(n); b.set(a); return b; };
    this.issuedUs = f64(this.issuedUs);
    this.session = i32(this.session);
    this.key = i32(this.key);
    this.node = i32(this.node);
    this.critical = u8(this.critical);
    this.waitUs = f64(this.waitUs);
    this.doneUs = f64(this.doneUs);
    this.writtenFloor = i32(this.writtenFloor);
    this.event = i32(this.event);
    this.pos = f64(this.pos);
    this.version = i32(this.version);
    this.rowRef = i32(this.rowRef);
    this.isOpen = u8(this.isOpen);
    this.free = i32(this.free);
  }
}
