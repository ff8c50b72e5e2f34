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

/**
 * Resolves just after the wall clock's next whole second. MASTER_DELAY applies in whole
 * seconds of the servers' clocks, so a run started there puts each scripted write at the
 * same place in its second every time: a write at 0.5 s stays stale for the story's read
 * at 0.6 s, instead of applying early whenever the run happened to start late in a second.
 */
export function nextWallSecond(): Promise<void> {
  const wallMs = performance.timeOrigin + performance.now();
  return sleepMs(1000 - (wallMs % 1000));
}

export function sleepMs(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
