/** Simulated time is an integer number of microseconds, exact in a double up to 2^53 µs (285 years). */
export const US_PER_MS = 1000;
export const US_PER_S = 1_000_000;

/** "1.200s" — the narration's clock, millisecond resolution as in the story. */
export function formatClock(us: number): string {
  return (us / US_PER_S).toFixed(3) + 's';
}

/** Shortest exact unit string for a duration: 1000000 → "1s", 1500 → "1.5ms", 7 → "7us". */
export function formatDuration(us: number): string {
  if (us === 0) return '0ms';
  if (us % 60_000_000 === 0) return us / 60_000_000 + 'm';
  if (us >= US_PER_S && (us % 1000) === 0) return trim(us / US_PER_S) + 's';
  if (us >= US_PER_MS) return trim(us / US_PER_MS) + 'ms';
  return us + 'us';
}

function trim(x: number): string {
  return String(Number(x.toFixed(6)));
}

/** Milliseconds as a number for reports, rounded to the microsecond so floats print cleanly. */
export function usToMs(us: number): number {
  return Math.round(us) / US_PER_MS;
}
