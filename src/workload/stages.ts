/**
 * A load that changes: `workload.stages` scale the generated rates by a factor that holds
 * (`steady`) or moves linearly from the previous stage's factor (`ramp`; 1 before the first
 * stage) over each stage's duration; after the last stage its factor holds. The arrivals
 * are the constant-rate stream's, moved in time: an arrival at u in the constant stream
 * (rate R) comes at t = F⁻¹(u), F(t) = ∫₀ᵗ factor(s) ds, which makes the arrivals Poisson
 * of rate R·factor(t) (the time-change theorem) with the very same draws — exact inversion,
 * no thinning, so the stream stays a fixed function of the seed.
 */
export interface Stage {
  durationUs: number;
  factor: number;
  shape: 'steady' | 'ramp';
}

interface Segment {
  startUs: number;
  durationUs: number;
  /** Factor at the start and the end of the segment. */
  f0: number;
  f1: number;
  /** F at the segment's start. */
  mass0: number;
}

export class RateSchedule {
  private readonly segments: Segment[] = [];
  private readonly endUs: number;
  private readonly endMass: number;
  private readonly endFactor: number;
  /** The segment the last inverse fell in: the stream asks for increasing u. */
  private cursor = 0;

  constructor(stages: readonly Stage[]) {
    let t = 0, mass = 0, f = 1;
    for (const s of stages) {
      const f0 = s.shape === 'ramp' ? f : s.factor;
      this.segments.push({ startUs: t, durationUs: s.durationUs, f0, f1: s.factor, mass0: mass });
      mass += ((f0 + s.factor) / 2) * s.durationUs;
      t += s.durationUs;
      f = s.factor;
    }
    this.endUs = t;
    this.endMass = mass;
    this.endFactor = f;
  }

  /** The largest factor anywhere (the peak load, for limits). */
  static peak(stages: readonly Stage[]): number {
    return stages.reduce((m, s) => Math.max(m, s.factor), stages.length > 0 && stages[0].shape === 'ramp' ? 1 : 0);
  }

  /** F(t): the constant stream's time that real time t corresponds to. */
  massAt(tUs: number): number {
    if (tUs >= this.endUs) return this.endMass + (tUs - this.endUs) * this.endFactor;
    for (const s of this.segments) {
      if (tUs >= s.startUs + s.durationUs) continue;
      const tau = tUs - s.startUs;
      return s.mass0 + s.f0 * tau + ((s.f1 - s.f0) / (2 * s.durationUs)) * tau * tau;
    }
    return this.endMass;
  }

  /** F⁻¹(u) for u not below the previous call's (Infinity when the load has stopped for good). */
  timeAt(u: number): number {
    const segs = this.segments;
    while (this.cursor < segs.length && u >= (this.cursor + 1 < segs.length ? segs[this.cursor + 1].mass0 : this.endMass)) this.cursor++;
    if (this.cursor === segs.length) return this.endFactor > 0 ? this.endUs + (u - this.endMass) / this.endFactor : Infinity;
    const s = segs[this.cursor];
    const v = u - s.mass0;
    if (v <= 0) return s.startUs;
    const a = (s.f1 - s.f0) / (2 * s.durationUs);
    // τ solving f0·τ + a·τ² = v, in the form that stays exact as a → 0.
    return s.startUs + (2 * v) / (s.f0 + Math.sqrt(Math.max(0, s.f0 * s.f0 + 4 * a * v)));
  }
}
