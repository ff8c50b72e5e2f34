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
  /** The system wall clock at run time 0, unix ms: when each measurement was taken (the time of day of a lag). */
  wallStartMs: number;
  /** Resolves at (or, on a busy event loop, shortly after) `tUs`. */
  sleepUntil(tUs: number): Promise<void>;
}

export function startClock(): LiveClock {
  const t0 = performance.now();
  const nowUs = (): number => (performance.now() - t0) * 1000;
  return {
    nowUs,
    wallOffsetUs: (((performance.timeOrigin + t0) * 1000) % 1e6 + 1e6) % 1e6,
    wallStartMs: performance.timeOrigin + t0,
    sleepUntil(tUs) {
      const waitMs = (tUs - nowUs()) / 1000;
      // setTimeout rounds to whole milliseconds; shorter waits just yield once.
      return new Promise((resolve) => (waitMs >= 1 ? setTimeout(resolve, Math.floor(waitMs)) : setImmediate(resolve)));
    },
  };
}

/** How late past its phase a run may start; later than this, it waits for the next second. */
const START_TOLERANCE_US = 20_000;
const START_ATTEMPTS = 5;

function wallPhaseUs(): number {
  return ((performance.timeOrigin + performance.now()) * 1000) % 1e6;
}

/**
 * Resolves when the wall clock is `phaseUs` into a second (or up to START_TOLERANCE_US
 * past it). MASTER_DELAY applies in whole seconds of the servers' clocks, so a run started
 * at the same phase every time puts each scripted write at the same place in its second,
 * and the story it tells does not depend on when the run began. A timer that fires too
 * late (a busy machine) is not trusted: the run waits for the next second instead.
 */
export async function startAtWallPhase(phaseUs: number): Promise<void> {
  const untilUs = (): number => (((phaseUs - wallPhaseUs()) % 1e6) + 1e6) % 1e6;
  for (let attempt = 0; attempt < START_ATTEMPTS; attempt++) {
    await sleepMs(untilUs() / 1000);
    // A timer may fire a little early (it counts from the event loop's cached time).
    while (untilUs() > 0 && untilUs() < 500_000) await sleepMs(untilUs() / 1000);
    const lateUs = untilUs() === 0 ? 0 : 1e6 - untilUs();
    if (lateUs <= START_TOLERANCE_US) return;
  }
}

/**
 * The phase at which a run should start so that the wall clock's whole seconds fall as
 * far as possible from every scripted operation: the middle of the largest gap between
 * their times modulo 1 s. An operation near a whole second is a race (a write committed
 * just before one is applied a whole second early; a read just after one may see it).
 */
export function quietPhaseUs(scriptedUs: readonly number[]): number {
  if (scriptedUs.length === 0) return 0;
  const fracs = [...new Set(scriptedUs.map((t) => ((t % 1e6) + 1e6) % 1e6))].sort((a, b) => a - b);
  let bestGap = fracs[0] + 1e6 - fracs[fracs.length - 1];
  let bestMid = (fracs[fracs.length - 1] + bestGap / 2) % 1e6;
  for (let i = 1; i < fracs.length; i++) {
    const gap = fracs[i] - fracs[i - 1];
    if (gap > bestGap) {
      bestGap = gap;
      bestMid = fracs[i - 1] + gap / 2;
    }
  }
  // Event at fraction f sits at wall phase f + phase; the tick (phase 0) lands on bestMid.
  return Math.round((1e6 - bestMid) % 1e6);
}

export function sleepMs(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
