import { ApplyRecord, OpRecord, SimObserver } from '../simulate';
import { Scenario } from '../scenario/types';
import { QuantileSketch } from '../metrics/quantiles';
import { formatRow } from './narrate';

/** A write as the timeline marks it; scripted writes carry a caption ("seller: apple stock=0"). */
export interface WriteMark {
  tUs: number;
  caption: string | null;
}

/** What one run tells about replication itself, whatever the routing strategy. */
export interface ReplicationTimeline {
  binUs: number;
  /** Per follower: the largest true lag (µs) reached in each bin of simulated time. */
  maxLagUs: Float64Array[];
  /**
   * Writes to mark: the scripted ones (captioned when there are at most MAX_CAPTIONS), and
   * the generated ones too only while the run has at most MAX_MARKS writes in all.
   */
  writes: WriteMark[];
  /** Every write of the run, marked or not. */
  writeCount: number;
  /** Every applied binlog event's delay a_i − c_i (µs), all followers pooled. */
  applyDelayUs: QuantileSketch;
  /** Per follower: the same delays, for the "replication alone" visibility curves. */
  followerDelayUs: QuantileSketch[];
}

/** Scripted writes beyond this many are marked without captions (they would overlap). */
const MAX_CAPTIONS = 12;
/** Beyond this many writes, individual marks would blur into a band: only scripted ones are kept. */
export const MAX_MARKS = 40;

/**
 * Watches one run and records each follower's true lag over time, exactly: between
 * state changes (a commit, an apply) the lag grows with slope 1, so its maximum over a
 * bin is reached just before a change or at the bin's end. The lag does not depend on
 * the routing strategy (lag draws have their own random stream), so one run per seed
 * is enough for every strategy.
 */
export class ReplicationProbe implements SimObserver {
  private readonly nBins: number;
  private readonly maxLag: Float64Array[];
  /**
   * Commit times of the positions some follower has yet to apply, position p at
   * p & (length − 1): a ring as long as the largest backlog, not the run.
   */
  private commitUs = new Float64Array(1024);
  private head = 0;
  private readonly applied: Int32Array;
  private readonly cursor: Int32Array;
  private readonly scripted: WriteMark[] = [];
  private readonly generated: WriteMark[] = [];
  private writeCount = 0;
  private readonly delays = new QuantileSketch();
  private readonly perFollower: QuantileSketch[];

  constructor(private readonly sc: Scenario, private readonly binUs: number) {
    const n = sc.followers.length;
    this.nBins = Math.max(1, Math.ceil(sc.horizonUs / binUs));
    this.maxLag = Array.from({ length: n }, () => new Float64Array(this.nBins));
    this.applied = new Int32Array(n);
    this.cursor = new Int32Array(n);
    this.perFollower = Array.from({ length: n }, () => new QuantileSketch());
  }

  op(r: OpRecord): void {
    if (r.op !== 'write') return;
    for (let f = 0; f < this.applied.length; f++) this.advance(f, r.tUs);
    let oldest = r.pos;
    for (let f = 0; f < this.applied.length; f++) oldest = Math.min(oldest, this.applied[f] + 1);
    while (r.pos - oldest >= this.commitUs.length) this.growRing(oldest, r.pos);
    this.commitUs[r.pos & (this.commitUs.length - 1)] = r.tUs;
    this.head = r.pos;
    this.writeCount++;
    const scripted = r.session < this.sc.workloadSessionBase;
    // Kept while they may still be marked (one beyond MAX_MARKS says there are too many).
    const list = scripted ? this.scripted : this.generated;
    if (list.length > MAX_MARKS) return;
    list.push({
      tUs: r.tUs,
      caption: scripted ? `${this.sc.sessionNames[r.session]}: ${this.sc.keyNames[r.key]} ${formatRow(r.value, r.version)}` : null,
    });
  }

  apply(a: ApplyRecord): void {
    this.advance(a.follower, a.tUs);
    this.applied[a.follower] = a.pos;
    this.delays.add(a.tUs - a.commitUs);
    this.perFollower[a.follower].add(a.tUs - a.commitUs);
  }

  /** The number of time bins of the lag series. */
  get binCount(): number {
    return this.nBins;
  }

  /** Doubles the ring, keeping the positions from `oldest` to before `pos`. */
  private growRing(oldest: number, pos: number): void {
    const old = this.commitUs;
    const grown = new Float64Array(old.length * 2);
    for (let p = oldest; p < pos; p++) grown[p & (grown.length - 1)] = old[p & (old.length - 1)];
    this.commitUs = grown;
  }

  /** Call after the run: closes the bins up to the horizon. */
  finish(): ReplicationTimeline {
    for (let f = 0; f < this.applied.length; f++) this.advance(f, this.sc.horizonUs);
    return {
      binUs: this.binUs, maxLagUs: this.maxLag, writes: this.marks(), writeCount: this.writeCount,
      applyDelayUs: this.delays, followerDelayUs: this.perFollower,
    };
  }

  /** Scripted writes (captioned while few), then generated ones only while the run is small, in time order. */
  private marks(): WriteMark[] {
    const n = this.scripted.length;
    const scripted = n <= MAX_CAPTIONS ? this.scripted : n <= MAX_MARKS ? this.scripted.map((w) => ({ tUs: w.tUs, caption: null })) : [];
    const generated = this.writeCount <= MAX_MARKS ? this.generated : [];
    return [...scripted, ...generated].sort((a, b) => a.tUs - b.tUs);
  }

  /** True lag of follower f at time t, the state unchanged since its last event. */
  private lagAt(f: number, tUs: number): number {
    return this.applied[f] < this.head ? tUs - this.commitUs[(this.applied[f] + 1) & (this.commitUs.length - 1)] : 0;
  }

  /** Closes every bin that ends by `tUs` and raises the current bin to the lag just before `tUs`. */
  private advance(f: number, tUs: number): void {
    const bins = this.maxLag[f];
    let b = this.cursor[f];
    while (b < this.nBins && (b + 1) * this.binUs <= tUs) {
      const end = this.lagAt(f, (b + 1) * this.binUs);
      if (end > bins[b]) bins[b] = end;
      b++;
    }
    this.cursor[f] = b;
    if (b < this.nBins) {
      const now = this.lagAt(f, tUs);
      if (now > bins[b]) bins[b] = now;
    }
  }
}
