/*
 * Closed-loop sessions: a session has one operation outstanding at a time, as a real
 * client connection does. An operation that arrives (at its scripted time, or as a
 * generated arrival) while its session's previous one is still pending — a causal wait,
 * a queue or service at a node with a capacity, a semi-sync write waiting for its ack —
 * is held, in arrival order, and issued when the previous one completes. A held
 * operation's pending slot is opened at arrival, so its latency counts from arrival.
 *
 * The operations that complete where they are issued (no wait, no capacity, no
 * semi-sync) never touch more than one number here: the session's busyUntil.
 */
export class SessionGate {
  /**
   * Until when each session's last operation is outstanding: 0 (or a past time) when it
   * is free, its completion time when known (a read in service at a node with a capacity),
   * Infinity while it is pending with its end unknown or while operations are held.
   */
  readonly busyUntil: Float64Array;
  /** Per session, its first and last held pending slot (−1: none). */
  private readonly head: Int32Array;
  private readonly tail: Int32Array;
  /** Per pending slot of a held operation: the next held slot of its session, and 1 for a write. */
  private next = new Int32Array(64);
  private write = new Uint8Array(64);

  constructor(sessions: number) {
    this.busyUntil = new Float64Array(sessions);
    this.head = new Int32Array(sessions).fill(-1);
    this.tail = new Int32Array(sessions).fill(-1);
  }

  /** True when an operation of `session` arriving at `tUs` must be held. */
  busy(session: number, tUs: number): boolean {
    return tUs < this.busyUntil[session];
  }

  /** Appends the operation in `slot` to its session's held operations; false when others were held already. */
  hold(session: number, slot: number, isWrite: boolean): boolean {
    if (slot >= this.next.length) this.grow(slot);
    this.next[slot] = -1;
    this.write[slot] = isWrite ? 1 : 0;
    const first = this.head[session] === -1;
    if (first) this.head[session] = slot;
    else this.next[this.tail[session]] = slot;
    this.tail[session] = slot;
    return first;
  }

  /** Takes the first held operation of `session` (−1: none). */
  shift(session: number): number {
    const slot = this.head[session];
    if (slot === -1) return -1;
    this.head[session] = this.next[slot];
    if (this.head[session] === -1) this.tail[session] = -1;
    return slot;
  }

  hasHeld(session: number): boolean {
    return this.head[session] !== -1;
  }

  isWrite(slot: number): boolean {
    return this.write[slot] === 1;
  }

  private grow(slot: number): void {
    let n = this.next.length;
    while (n <= slot) n *= 2;
    const next = new Int32Array(n);
    next.set(this.next);
    const write = new Uint8Array(n);
    write.set(this.write);
    this.next = next;
    this.write = write;
  }
}
