// Wall time for live runs. Live mode measures a real system, so unlike the model it
// reads a real clock: a monotonic one (performance.now), never the settable Date.now.

/** Microseconds since the run started, fractional (sub-µs resolution is kept, not claimed). */
export interface LiveClock {
  nowUs(): number;
  /**
   * The system wall clock at run time 0, modulo 1 s, µs: where the servers' clocks tick
   * whole seconds on the run's time axis (MASTER_DELAY works in whole seconds).
   */
  wallOffsetUs: number;
  /** Resolves at (or, on a busy event loop, shortly after) `tUs`. */
  sleepUntil(tUs: number): Promise<void>;
}

export function startClock(): LiveClock {
  const t0 = performance.now();
  const nowUs = (): number => (performance.now() - t0) * 1000;
  return {
    nowUs,
    wallOffsetUs: (((performance.timeOrigin + t0) * 1000) % 1e6 + 1e6) % 1e6,
    sleepUntil(tUs) {
      const waitMs = (tUs - nowUs()) / 1000;
      // setTimeout rounds to whole milliseconds; shorter waits just yield once.
      return new Promise((resolve) => (waitMs >= 1 ? setTimeout(resolve, Math.floor(waitMs)) : setImmediate(resolve)));
    },
  };
}

export function sleepMs(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
