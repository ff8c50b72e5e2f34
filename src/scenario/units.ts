import { z } from 'zod';

/**
 * Durations and rates as scenario files and the command line write them.
 * Durations: a string with a unit (us, ms, s, m) or a number of milliseconds.
 * Rates: "N/s" or "N/m". Both become plain numbers (µs, per second) here, once.
 */
const UNIT_US: Record<string, number> = { us: 1, ms: 1_000, s: 1_000_000, m: 60_000_000 };
const DURATION = /^\s*(\d+(?:\.\d+)?|\.\d+)\s*(us|ms|s|m)\s*$/;
const RATE = /^\s*(\d+(?:\.\d+)?|\.\d+)\s*\/\s*(s|m)\s*$/;

/** Longest duration accepted anywhere: 30 days of simulated time. */
export const MAX_DURATION_US = 30 * 24 * 3600 * 1_000_000;

/** Parses a duration to whole microseconds, or returns an error message. */
export function parseDuration(value: unknown): number | string {
  const bad = `expected a duration like "500ms", got ${show(value)}`;
  let us: number;
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || value < 0) return bad;
    us = value * 1_000;
  } else if (typeof value === 'string') {
    const m = DURATION.exec(value);
    if (m === null) return bad + durationHint(value);
    us = Number(m[1]) * UNIT_US[m[2]];
  } else {
    return bad;
  }
  const rounded = Math.round(us);
  if (Math.abs(us - rounded) > 1e-6) return `${show(value)} is finer than 1us, the simulator's clock resolution`;
  if (rounded > MAX_DURATION_US) return `${show(value)} is longer than the 30-day limit`;
  return rounded;
}

/** Parses a rate to operations per second, or returns an error message. */
export function parseRate(value: unknown): number | string {
  const bad = `expected a rate like "200/s" or "30/m", got ${show(value)}`;
  if (typeof value !== 'string') return typeof value === 'number' ? `${bad} (add a unit: /s or /m)` : bad;
  const m = RATE.exec(value);
  if (m === null) return bad + rateHint(value);
  return m[2] === 's' ? Number(m[1]) : Number(m[1]) / 60;
}

/** What a classroom typo most likely meant: a missing or unknown unit, a sign. */
function durationHint(text: string): string {
  if (/\d[eE][+-]?\d/.test(text)) return ' (write the number out, without an exponent)';
  const m = /^\s*(-?)\s*(\d+(?:\.\d+)?|\.\d+)\s*([^\d\s.].*?)?\s*$/.exec(text);
  if (m === null) return '';
  if (m[1] === '-') return ' (durations cannot be negative)';
  const unit = m[3];
  if (unit === undefined) return ' (add a unit: us, ms, s or m)';
  const n = Number(m[2]);
  const lower = unit.toLowerCase();
  if (/^(h|hr|hrs|hours?)$/.test(lower)) return ` (hours are not a unit here; write "${n * 60}m")`;
  if (/^(µs|μs|usec|microseconds?)$/.test(lower)) return ` (write "${m[2]}us")`;
  if (/^(msec|msecs|millis|milliseconds?)$/.test(lower)) return ` (write "${m[2]}ms")`;
  if (/^(sec|secs|seconds?)$/.test(lower)) return ` (write "${m[2]}s")`;
  if (/^(min|mins|minutes?)$/.test(lower)) return ` (write "${m[2]}m")`;
  if (/^(us|ms|s|m)$/.test(lower)) return ` (units are lower case: "${m[2]}${lower}")`;
  return ` (unknown unit ${JSON.stringify(unit.slice(0, 20))}; use us, ms, s or m)`;
}

function rateHint(text: string): string {
  if (/\d[eE][+-]?\d/.test(text)) return ' (write the number out, without an exponent)';
  const m = /^\s*(-?)\s*(\d+(?:\.\d+)?|\.\d+)\s*(?:\/|per)?\s*(.*?)\s*$/.exec(text);
  if (m === null) return '';
  if (m[1] === '-') return ' (rates cannot be negative)';
  const unit = m[3].toLowerCase();
  if (unit === '') return ' (add a unit: /s or /m)';
  if (/^(sec|secs|seconds?)$/.test(unit)) return ` (write "${m[2]}/s")`;
  if (/^(min|mins|minutes?)$/.test(unit)) return ` (write "${m[2]}/m")`;
  if (/^(h|hr|hours?)$/.test(unit)) return ` (hours are not a unit here; write "${Number(m[2]) / 60}/m")`;
  if (/^(ms|us)$/.test(unit)) return ` (rates are per second or per minute: "${Number(m[2]) * (unit === 'ms' ? 1000 : 1e6)}/s")`;
  return ' (the unit is /s or /m)';
}

export function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? value.slice(0, 40) + '…' : value);
  if (typeof value === 'number') return String(value);
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object' ? 'an object' : String(value);
}

function fromParser(parse: (v: unknown) => number | string, example: string) {
  return z.unknown().transform((value, ctx) => {
    const r = value === undefined ? `missing (expected ${example})` : parse(value);
    if (typeof r === 'string') {
      ctx.addIssue({ code: 'custom', message: r });
      return z.NEVER;
    }
    return r;
  });
}

/** A duration in µs. */
export const durationUs = fromParser(parseDuration, 'a duration like "500ms"');
/** A strictly positive duration in µs. */
export const positiveDurationUs = fromParser((v) => {
  const r = parseDuration(v);
  return r === 0 ? `expected a duration above 0, got ${show(v)}` : r;
}, 'a duration like "500ms"');
/** A rate in operations per second. */
export const ratePerSec = fromParser(parseRate, 'a rate like "200/s"');
