import { Binlog } from './binlog';
import { DelayDist, delaySampler } from './distributions';
import { Rng } from '../engine/random';

export interface Incident {
  type: 'stop' | 'delay';
  atUs: number;
  durationUs: number;
  /** Extra shipping delay for `delay` incidents. */
  extraUs: number;
}

export interface FollowerConfig {
  name: string;
  lag: DelayDist;
  applyTime: DelayDist | null;
  incidents: Incident[];
  readLatencyUs: number;
}

/** Called for each event a follower applies (trace narration only). */
export type ApplyListener = (follower: number, pos: number, applyUs: number) => void;

/**
 * An asynchronous follower applying the binlog strictly in order.
 *
 * Event i committed at c_i becomes visible at a_i = max(a_{i−1}, c_i + d_i) + s_i,
 * d_i the shipping delay, s_i the apply time. a_i is fixed when the event is
 * committed (all its inputs are known then), and the follower's state catches up
 * lazily: reads call advanceTo(t), which applies every event with a_i ≤ t. So an
 * event is visible at exactly a_i whatever order equal-time events run in, and no
 * heap event is spent per apply.
 */
export class Follower {
  readonly version: Int32Array;
  readonly rowRef: Int32Array;
  /** Last binlog position applied. */
  appliedPos = 0;
  /** a_{i−1}: when the last committed event is (or was) applied. */
  private lastApplyUs = 0;
  private readonly lagUs: () => number;
  private readonly applyTimeUs: () => number;
  private readonly stops: Incident[];
  private readonly delays: Incident[];
  onApply: ApplyListener | null = null;

  constructor(
    readonly index: number,
    readonly config: FollowerConfig,
    private readonly binlog: Binlog,
    keyCount: number,
    initialRowRef: Int32Array,
    rng: Rng,
  ) {
    this.version = new Int32Array(keyCount);
    this.rowRef = Int32Array.from(initialRowRef);
    this.lagUs = delaySampler(config.lag, rng);
    const apply = config.applyTime;
    this.applyTimeUs = apply === null ? () => 0 : delaySampler(apply, rng);
    this.stops = config.incidents.filter((x) => x.type === 'stop');
    this.delays = config.incidents.filter((x) => x.type === 'delay');
  }

  /** Fixes a_i for the event just committed at `commitUs` (it is binlog.head). */
  schedule(pos: number, commitUs: number): void {
    let ship = this.lagUs();
    for (const d of this.delays) if (commitUs >= d.atUs && commitUs < d.atUs + d.durationUs) ship += d.extraUs;
    let start = Math.max(this.lastApplyUs, commitUs + ship);
    // A stopped SQL thread starts nothing in [at, at + duration); the backlog then drains in order.
    for (const s of this.stops) if (start >= s.atUs && start < s.atUs + s.durationUs) start = s.atUs + s.durationUs;
    this.lastApplyUs = start + this.applyTimeUs();
    this.binlog.applyUs[this.index][this.binlog.slot(pos)] = this.lastApplyUs;
  }

  /** Applies every event due at or before `tUs`. */
  advanceTo(tUs: number): void {
    const b = this.binlog;
    const col = b.applyUs[this.index];
    while (this.appliedPos < b.head) {
      const next = this.appliedPos + 1;
      const i = b.slot(next);
      if (col[i] > tUs) break;
      const key = b.key[i];
      this.version[key] = b.version[i];
      this.rowRef[key] = b.rowRef[i];
      this.appliedPos = next;
      if (this.onApply !== null) this.onApply(this.index, next, col[i]);
    }
  }

  /** When this follower applies (or applied) a committed position; only for positions ≥ binlog.low. */
  applyTimeOf(pos: number): number {
    return this.binlog.applyUs[this.index][this.binlog.slot(pos)];
  }

  /**
   * True replication lag at `tUs` (after advanceTo(tUs)): how long ago the oldest
   * event it has not applied was committed; 0 when caught up.
   */
  trueLagUs(tUs: number): number {
    if (this.appliedPos >= this.binlog.head) return 0;
    return tUs - this.binlog.commitUs[this.binlog.slot(this.appliedPos + 1)];
  }
}
