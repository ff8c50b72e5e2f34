import { OpRecord, SimObserver } from '../simulate';
import { MASTER } from '../strategies';
import { US_PER_S } from '../engine/time';

/** What one strategy's run (the first replication, on the scenario's seed) did over time, beyond the reads. */
export interface StrategyTimeline {
  /** Master operations (writes + master reads) completed in each whole simulated second, as the summary's peak counts them. */
  masterOpsPerSecond: Float64Array;
  /** reportedLagUs[monitor][follower]: the largest lag the monitor reported in each time bin (NaN before its first probe). */
  reportedLagUs: Float64Array[][];
  /** The largest post-write window in each time bin (µs); null for strategies whose window never changes. */
  windowUs: Float64Array | null;
}

/**
 * A value that holds between changes (a monitor's last report, a window), kept as its
 * largest value in each time bin: memory fixed by the bins, not by how often it changes.
 */
export class StepMax {
  readonly max: Float64Array;
  private value = NaN;
  private bin = 0;

  constructor(private readonly binUs: number, nBins: number) {
    this.max = new Float64Array(nBins).fill(NaN);
  }

  /** The value is `v` from `tUs` on. */
  set(tUs: number, v: number): void {
    const b = Math.floor(tUs / this.binUs);
    this.holdUntil(b);
    if (b >= this.max.length) return;
    // The previous value held in this bin only if the change comes after the bin's start.
    if (tUs > b * this.binUs) this.raise(b, this.value);
    this.raise(b, v);
    this.value = v;
  }

  /** Closes the bins: the last value holds to the end. */
  finish(): Float64Array {
    this.holdUntil(this.max.length);
    return this.max;
  }

  private holdUntil(b: number): void {
    for (; this.bin < Math.min(b, this.max.length); this.bin++) this.raise(this.bin, this.value);
  }

  private raise(b: number, v: number): void {
    if (!Number.isNaN(v) && !(this.max[b] >= v)) this.max[b] = v;
  }
}

/** Watches one strategy's run: master load per whole second, its monitors' reports and its window. */
export class StrategyProbe implements SimObserver {
  private opsPerSecond = new Float64Array(16);
  private seconds = 0;
  private readonly reported: StepMax[][] = [];
  private windowSteps: StepMax | null = null;

  constructor(private readonly followers: number, private readonly binUs: number, private readonly nBins: number) {}

  op(r: OpRecord): void {
    if (r.op === 'write' || r.node === MASTER) this.masterOp(r.tUs);
  }

  probe(monitor: number, tUs: number, reportedUs: Float64Array): void {
    while (this.reported.length <= monitor) this.reported.push(Array.from({ length: this.followers }, () => new StepMax(this.binUs, this.nBins)));
    reportedUs.forEach((v, f) => this.reported[monitor][f].set(tUs, v));
  }

  window(tUs: number, windowUs: number): void {
    if (this.windowSteps === null) this.windowSteps = new StepMax(this.binUs, this.nBins);
    this.windowSteps.set(tUs, windowUs);
  }

  result(): StrategyTimeline {
    return {
      masterOpsPerSecond: this.opsPerSecond.slice(0, this.seconds),
      reportedLagUs: this.reported.map((perFollower) => perFollower.map((s) => s.finish())),
      windowUs: this.windowSteps?.finish() ?? null,
    };
  }

  private masterOp(tUs: number): void {
    const s = Math.floor(tUs / US_PER_S);
    if (s >= this.opsPerSecond.length) {
      const grown = new Float64Array(Math.max(2 * this.opsPerSecond.length, s + 1));
      grown.set(this.opsPerSecond);
      this.opsPerSecond = grown;
    }
    this.opsPerSecond[s]++;
    if (s + 1 > this.seconds) this.seconds = s + 1;
  }
}
