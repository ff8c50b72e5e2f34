import { ASSERTS as ASSERTS_FLAG, violated } from '../engine/assert';
import type { ReadRoute } from '../strategies/strategy';

/** The invariant checks' flag held in this module: an imported binding is a property load at each check. */
const ASSERTS = ASSERTS_FLAG;

/**
 * A read being handled: what its handlers pass from step to step. The run keeps one,
 * reused for every read; a read that waits for an event is parked in a PendingOps slot.
 */
export class ReadOp implements ReadRoute {
  /**
   * When the read arrived (its scripted time or generated arrival): its latency counts
   * from here. A read of a busy session is issued later (sim/sessions); otherwise at once.
   */
  issuedUs = NaN;
  session = 0;
  key = 0;
  critical = false;
  /** The node chosen (MASTER = −1 or a follower); the strategy fills it and waitUs. */
  node = 0;
  /** Time spent waiting before reaching the node (causal reads). */
  waitUs = NaN;
  /** When service completes (the client has its answer, before network latency). */
  doneUs = NaN;
  /** The version of the key its session had written when it was issued (read-your-writes floor). */
  writtenFloor = 0;
}

/** A write being handled, as ReadOp is for reads. */
export class WriteOp {
  /** When the write arrived; its latency counts from here, as a read's does. */
  issuedUs = NaN;
  session = 0;
  key = 0;
  /** Index of the scripted event (its row content), −1 for generated traffic. */
  event = 0;
  /** Binlog position, version and row (index into the master's rows) once committed. */
  pos = NaN;
  version = 0;
  rowRef = 0;
}

/**
 * Operations waiting for an event: a read waiting for its GTID or queued at a busy node,
 * a write queued at a busy master or waiting for its semi-sync acknowledgement, an
 * operation held while its session's previous one is outstanding. Parking
 * an operation copies it into a slot of these flat columns; the event carries only the
 * slot number, and taking the operation back closes the slot. An operation that
 * completes when it is issued never takes a slot. Nothing is allocated per operation
 * once the columns have grown.
 */
export class PendingOps {
  issuedUs: Float64Array;
  session: Int32Array;
  key: Int32Array;
  critical: Uint8Array;
  node: Int32Array;
  waitUs: Float64Array;
  doneUs: Float64Array;
  writtenFloor: Int32Array;
  event: Int32Array;
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
    this.critical = new Uint8Array(capacity);
    this.node = new Int32Array(capacity);
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

  /** Keeps read `op` until an event takes it back; returns its slot. */
  parkRead(op: ReadOp): number {
    const slot = this.open();
    this.issuedUs[slot] = op.issuedUs;
    this.session[slot] = op.session;
    this.key[slot] = op.key;
    this.critical[slot] = op.critical ? 1 : 0;
    this.node[slot] = op.node;
    this.waitUs[slot] = op.waitUs;
    this.doneUs[slot] = op.doneUs;
    this.writtenFloor[slot] = op.writtenFloor;
    return slot;
  }

  /** Fills `op` with the read parked in `slot` and closes the slot. */
  takeRead(slot: number, op: ReadOp): ReadOp {
    op.issuedUs = this.issuedUs[slot];
    op.session = this.session[slot];
    op.key = this.key[slot];
    op.critical = this.critical[slot] === 1;
    op.node = this.node[slot];
    op.waitUs = this.waitUs[slot];
    op.doneUs = this.doneUs[slot];
    op.writtenFloor = this.writtenFloor[slot];
    this.close(slot);
    return op;
  }

  /** Keeps write `op` until an event takes it back; returns its slot. */
  parkWrite(op: WriteOp): number {
    const slot = this.open();
    this.issuedUs[slot] = op.issuedUs;
    this.session[slot] = op.session;
    this.key[slot] = op.key;
    this.event[slot] = op.event;
    this.pos[slot] = op.pos;
    this.version[slot] = op.version;
    this.rowRef[slot] = op.rowRef;
    return slot;
  }

  /** Fills `op` with the write parked in `slot` and closes the slot. */
  takeWrite(slot: number, op: WriteOp): WriteOp {
    op.issuedUs = this.issuedUs[slot];
    op.session = this.session[slot];
    op.key = this.key[slot];
    op.event = this.event[slot];
    op.pos = this.pos[slot];
    op.version = this.version[slot];
    op.rowRef = this.rowRef[slot];
    this.close(slot);
    return op;
  }

  /** Closes a slot whose operation has been taken back; its number may be reused at once. */
  close(slot: number): void {
    if (ASSERTS) this.checkOpen(slot);
    this.free[this.freeCount++] = slot;
  }

  /** Operations parked and not yet taken back. */
  get inFlight(): number {
    return this.used - this.freeCount;
  }

  private open(): number {
    let slot: number;
    if (this.freeCount > 0) slot = this.free[--this.freeCount];
    else {
      if (this.used === this.issuedUs.length) this.grow();
      slot = this.used++;
    }
    if (ASSERTS) this.isOpen[slot] = 1;
    return slot;
  }

  private checkOpen(slot: number): void {
    if (this.isOpen[slot] !== 1) violated(`pending slot ${slot} closed twice (or never opened)`);
    this.isOpen[slot] = 0;
  }

  private grow(): void {
    const n = this.issuedUs.length * 2;
    const f64 = (a: Float64Array): Float64Array => { const b = new Float64Array(n); b.set(a); return b; };
    const i32 = (a: Int32Array): Int32Array => { const b = new Int32Array(n); b.set(a); return b; };
    const u8 = (a: Uint8Array): Uint8Array => { const b = new Uint8Array(n); b.set(a); return b; };
    this.issuedUs = f64(this.issuedUs);
    this.session = i32(this.session);
    this.key = i32(this.key);
    this.critical = u8(this.critical);
    this.node = i32(this.node);
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
