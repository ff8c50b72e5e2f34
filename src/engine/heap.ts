/**
 * Binary min-heap of simulation events keyed on (time, insertion sequence).
 *
 * Parallel flat arrays instead of an object per event, so pushing and popping
 * allocates nothing once the arrays have grown. Equal times pop in the order
 * they were pushed: the sequence number is the tie-break, which is what makes
 * a run reproducible.
 *
 * One event may be held beside the heap (pushArrival): the next arrival of a stream
 * that always has exactly one event pending, as the generated workload has. It takes
 * its sequence number when pushed and pops in the same (time, sequence) order as any
 * other event, but never goes through the heap — for most runs nearly every event.
 */
export class EventQueue {
  private times: Float64Array;
  private seqs: Float64Array;
  private kinds: Int32Array;
  private args: Int32Array;
  private count = 0;
  private nextSeq = 0;

  /** The event held beside the heap; its sequence number is −1 when there is none. */
  private arrivalTime = 0;
  private arrivalSeq = -1;
  private arrivalKind = 0;

  /** Filled by pop(): the event just taken off the queue. */
  time = 0;
  kind = 0;
  arg = 0;

  constructor(capacity = 64) {
    this.times = new Float64Array(capacity);
    this.seqs = new Float64Array(capacity);
    this.kinds = new Int32Array(capacity);
    this.args = new Int32Array(capacity);
  }

  push(time: number, kind: number, arg = 0): void {
    if (this.count === this.times.length) this.grow();
    const seq = this.nextSeq++;
    let i = this.count++;
    const times = this.times, seqs = this.seqs, kinds = this.kinds, args = this.args;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const pt = times[parent];
      if (pt < time || (pt === time && seqs[parent] < seq)) break;
      times[i] = pt; seqs[i] = seqs[parent]; kinds[i] = kinds[parent]; args[i] = args[parent];
      i = parent;
    }
    times[i] = time; seqs[i] = seq; kinds[i] = kind; args[i] = arg;
  }

  /** Holds an event (argument 0) beside the heap; the one held before must have been popped. */
  pushArrival(time: number, kind: number): void {
    this.arrivalTime = time;
    this.arrivalSeq = this.nextSeq++;
    this.arrivalKind = kind;
  }

  /** Removes the earliest event into (time, kind, arg). Returns false when empty. */
  pop(): boolean {
    const times = this.times, seqs = this.seqs, kinds = this.kinds, args = this.args;
    const aSeq = this.arrivalSeq, aTime = this.arrivalTime;
    if (aSeq >= 0 && (this.count === 0 || aTime < times[0] || (aTime === times[0] && aSeq < seqs[0]))) {
      this.time = aTime; this.kind = this.arrivalKind; this.arg = 0;
      this.arrivalSeq = -1;
      return true;
    }
    if (this.count === 0) return false;
    this.time = times[0]; this.kind = kinds[0]; this.arg = args[0];
    const n = --this.count;
    if (n === 0) return true;
    const t = times[n], s = seqs[n], k = kinds[n], a = args[n];
    let i = 0;
    const half = n >> 1;
    while (i < half) {
      let child = 2 * i + 1;
      const right = child + 1;
      if (right < n && (times[right] < times[child] || (times[right] === times[child] && seqs[right] < seqs[child]))) child = right;
      const ct = times[child];
      if (t < ct || (t === ct && s < seqs[child])) break;
      times[i] = ct; seqs[i] = seqs[child]; kinds[i] = kinds[child]; args[i] = args[child];
      i = child;
    }
    times[i] = t; seqs[i] = s; kinds[i] = k; args[i] = a;
    return true;
  }

  private grow(): void {
    const cap = this.times.length * 2;
    const t = new Float64Array(cap); t.set(this.times); this.times = t;
    const s = new Float64Array(cap); s.set(this.seqs); this.seqs = s;
    const k = new Int32Array(cap); k.set(this.kinds); this.kinds = k;
    const a = new Int32Array(cap); a.set(this.args); this.args = a;
  }
}
