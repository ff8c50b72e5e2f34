/**
 * Operations in flight: a read waiting for a GTID or queued at a busy node, a write
 * queued at a busy master or waiting for its semi-sync acknowledgement. Each occupies
 * one slot of these flat columns until it completes; the event queue carries only the
 * slot number, so nothing is allocated per operation once the columns have grown.
 */
export class PendingOps {
  /** When the client issued the operation. */
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
    this.free = new Int32Array(capacity);
  }

  /** A free slot, its columns holding stale values the caller overwrites. */
  alloc(): number {
    if (this.freeCount > 0) return this.free[--this.freeCount];
    if (this.used === this.issuedUs.length) this.grow();
    return this.used++;
  }

  release(slot: number): void {
    this.free[this.freeCount++] = slot;
  }

  private grow(): void {
    const n = this.issuedUs.length * 2;
    const f64 = (a: Float64Array): Float64Array => { const b = new Float64Array(n); b.set(a); return b; };
    const i32 = (a: Int32Array): Int32Array => { const b = new Int32Array(n); b.set(a); return b; };
    this.issuedUs = f64(this.issuedUs);
    this.session = i32(this.session);
    this.key = i32(this.key);
    this.node = i32(this.node);
    const c = new Uint8Array(n); c.set(this.critical); this.critical = c;
    this.waitUs = f64(this.waitUs);
    this.doneUs = f64(this.doneUs);
    this.writtenFloor = i32(this.writtenFloor);
    this.event = i32(this.event);
    this.pos = f64(this.pos);
    this.version = i32(this.version);
    this.rowRef = i32(this.rowRef);
    this.free = i32(this.free);
  }
}
