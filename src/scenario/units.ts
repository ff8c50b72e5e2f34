import { z } from 'zod';
import { Msg, clipped, msg, Var, withHint } from '../i18n/problem';
import { issueOf } from './zodProblem';
import { JsonShape, withJsonShape } from './jsonShape';

/**
 * Durations and rates as scenario files and the command line write them.
 * Durations: a string with a unit (us, ms, s, m); a bare number only when it is 0, the
 * same in every unit (`duration: 60` could mean 60 ms or 60 s, so it is refused with both
 * spellings). Rates: "N/s" or "N/m". Both become plain numbers (µs, per second) here, once.
 * Fractions: a number from 0 to 1; a percentage is refused with its fraction to write.
 */
const UNIT_US: Record<string, number> = { us: 1, ms: 1_000, s: 1_000_000, m: 60_000_000 };
const DURATION = /^\s*(\d+(?:\.\d+)?|\.\d+)\s*(us|ms|s|m)\s*$/;
const RATE = /^\s*(\d+(?:\.\d+)?|\.\d+)\s*\/\s*(s|m)\s*$/;

/** Longest duration accepted anywhere: 30 days of simulated time. */
export const MAX_DURATION_US = 30 * 24 * 3600 * 1_000_000;

/** Parses a duration to whole microseconds, or returns the problem. */
export function parseDuration(value: unknown): number | Msg {
  const bad = msg('v.duration', { got: shown(value) });
  let us: number;
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || value < 0) return bad;
    if (value !== 0) return msg('v.durationBare', { n: value });
    us = 0;
  } else if (typeof value === 'string') {
    const m = DURATION.exec(value);
    if (m === null) return withHint(bad, durationHint(value));
    us = Number(m[1]) * UNIT_US[m[2]];
  } else {
    return bad;
  }
  const rounded = Math.round(us);
  if (Math.abs(us - rounded) > 1e-6) return msg('v.durationFiner', { value: shown(value) });
  if (rounded > MAX_DURATION_US) return msg('v.durationLong', { value: shown(value) });
  return rounded;
}

/** µs in a day: times of day are taken modulo this. */
export const DAY_US = 24 * 3600 * 1_000_000;
const TIME_OF_DAY = /^\s*([01]?\d|2[0-3]):([0-5]\d)(?::([0-5]\d)(?:\.(\d{1,6}))?)?\s*$/;

/** Parses a time of day, "HH:MM", "HH:MM:SS" or "HH:MM:SS.ffffff", to µs since midnight, or returns the problem. */
export function parseTimeOfDay(value: unknown): number | Msg {
  const m = typeof value === 'string' ? TIME_OF_DAY.exec(value) : null;
  if (m === null) return msg('v.timeOfDay', { got: shown(value) });
  const fraction = Number((m[4] ?? '').padEnd(6, '0'));
  return ((Number(m[1]) * 60 + Number(m[2])) * 60 + Number(m[3] ?? 0)) * 1_000_000 + fraction;
}

/** A time of day as "HH:MM:SS", with its µs when there are any (the inverse of parseTimeOfDay). */
export function formatTimeOfDay(us: number): string {
  const s = Math.floor(us / 1_000_000);
  const two = (n: number): string => String(n).padStart(2, '0');
  const frac = us % 1_000_000;
  return `${two(Math.floor(s / 3600))}:${two(Math.floor(s / 60) % 60)}:${two(s % 60)}${frac === 0 ? '' : `.${String(frac).padStart(6, '0')}`}`;
}

/** Parses a rate to operations per second, or returns the problem. */
export function parseRate(value: unknown): number | Msg {
  const bad = msg('v.rate', { got: shown(value) });
  if (typeof value !== 'string') return typeof value === 'number' ? withHint(bad, msg('vh.rateUnit')) : bad;
  const m = RATE.exec(value);
  if (m === null) return withHint(bad, rateHint(value));
  return m[2] === 's' ? Number(m[1]) : Number(m[1]) / 60;
}

/** Parses a fraction from 0 to 1 (above 0 when `above0`), or returns the problem, with the fraction for a percentage. */
export function parseFraction(value: unknown, above0 = false): number | Msg {
  const bad = msg(above0 ? 'v.fractionAbove0' : 'v.fraction', { got: shown(value) });
  if (typeof value === 'number') {
    if (Number.isFinite(value) && value <= 1 && (above0 ? value > 0 : value >= 0)) return value;
    return value > 1 && value <= 100 ? withHint(bad, msg('vh.percent', { fix: String(value / 100) })) : bad;
  }
  const percent = typeof value === 'string' ? /^\s*(\d+(?:\.\d+)?|\.\d+)\s*%\s*$/.exec(value) : null;
  return percent !== null && Number(percent[1]) <= 100 ? withHint(bad, msg('vh.percent', { fix: String(Number(percent[1]) / 100) })) : bad;
}

/** What a classroom typo most likely meant: a missing or unknown unit, a sign. */
function durationHint(text: string): Msg | undefined {
  if (/\d[eE][+-]?\d/.test(text)) return msg('vh.exponent');
  const m = /^\s*(-?)\s*(\d+(?:\.\d+)?|\.\d+)\s*([^\d\s.].*?)?\s*$/.exec(text);
  if (m === null) return undefined;
  if (m[1] === '-') return msg('vh.durationNegative');
  const unit = m[3];
  if (unit === undefined) return msg('vh.durationUnit');
  const n = Number(m[2]);
  const lower = unit.toLowerCase();
  if (/^(h|hr|hrs|hours?)$/.test(lower)) return msg('vh.hours', { fix: `${n * 60}m` });
  if (/^(µs|μs|usec|microseconds?)$/.test(lower)) return msg('vh.write', { fix: `${m[2]}us` });
  if (/^(msec|msecs|millis|milliseconds?)$/.test(lower)) return msg('vh.write', { fix: `${m[2]}ms` });
  if (/^(sec|secs|seconds?)$/.test(lower)) return msg('vh.write', { fix: `${m[2]}s` });
  if (/^(min|mins|minutes?)$/.test(lower)) return msg('vh.write', { fix: `${m[2]}m` });
  if (/^(us|ms|s|m)$/.test(lower)) return msg('vh.lowerCase', { fix: `${m[2]}${lower}` });
  return msg('vh.unknownUnit', { unit: JSON.stringify(unit.slice(0, 20)) });
}

function rateHint(text: string): Msg | undefined {
  if (/\d[eE][+-]?\d/.test(text)) return msg('vh.exponent');
  const m = /^\s*(-?)\s*(\d+(?:\.\d+)?|\.\d+)\s*(?:\/|per)?\s*(.*?)\s*$/.exec(text);
  if (m === null) return undefined;
  if (m[1] === '-') return msg('vh.rateNegative');
  const unit = m[3].toLowerCase();
  if (unit === '') return msg('vh.rateUnit');
  if (/^(sec|secs|seconds?)$/.test(unit)) return msg('vh.write', { fix: `${m[2]}/s` });
  if (/^(min|mins|minutes?)$/.test(unit)) return msg('vh.write', { fix: `${m[2]}/m` });
  if (/^(h|hr|hours?)$/.test(unit)) return msg('vh.hours', { fix: `${Number(m[2]) / 60}/m` });
  if (/^(ms|us)$/.test(unit)) return msg('vh.ratePer', { fix: `${Number(m[2]) * (unit === 'ms' ? 1000 : 1e6)}/s` });
  return msg('vh.rateUnitIs');
}

/**
 * Sizes in bytes as pgpool.conf writes them (delay_threshold): a whole number of bytes, or
 * a whole number with one of Pgpool-II's memory units — B, kB, MB, GB, TB, each 1024 times
 * the one before, case as written (Pgpool refuses `KB` and `mb`).
 */
const UNIT_BYTES: Record<string, number> = { B: 1, kB: 1024, MB: 1024 ** 2, GB: 1024 ** 3, TB: 1024 ** 4 };
const BYTES = /^\s*(\d+)\s*(B|kB|MB|GB|TB)\s*$/;
/** Largest size accepted: 1 TB. */
export const MAX_BYTES = 1024 ** 4;

/** Parses a size to whole bytes, or returns the problem. */
export function parseBytes(value: unknown): number | Msg {
  const bad = msg('v.bytes', { got: shown(value) });
  let bytes: number;
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value) || value < 0) return bad;
    bytes = value;
  } else if (typeof value === 'string') {
    const m = BYTES.exec(value);
    if (m === null) return withHint(bad, bytesHint(value));
    bytes = Number(m[1]) * UNIT_BYTES[m[2]];
  } else {
    return bad;
  }
  return bytes > MAX_BYTES ? msg('v.bytesLarge', { value: shown(value) }) : bytes;
}

/** A unit in the wrong case, written as Pgpool-II spells it. */
function bytesHint(text: string): Msg | undefined {
  const m = /^\s*(\d+)\s*([A-Za-z]+)\s*$/.exec(text);
  if (m === null) return undefined;
  const unit = Object.keys(UNIT_BYTES).find((u) => u.toLowerCase() === m[2].toLowerCase());
  return unit !== undefined ? msg('vh.write', { fix: `${m[1]}${unit}` }) : msg('vh.unknownUnit', { unit: JSON.stringify(m[2].slice(0, 20)) });
}

/** A size as pgpool.conf writes it: `1MB` for whole megabytes (or kB, GB, TB), else the number of bytes. */
export function formatBytes(bytes: number): string {
  for (const unit of ['TB', 'GB', 'MB', 'kB'] as const) {
    if (bytes > 0 && bytes % UNIT_BYTES[unit] === 0) return `${bytes / UNIT_BYTES[unit]}${unit}`;
  }
  return String(bytes);
}

/** `show` as a message value: the words (nothing, a list, an object) come from the catalogue. */
export function shown(value: unknown): Var {
  if (value === undefined) return msg('vw.nothing');
  if (Array.isArray(value)) return msg('vw.array');
  if (value !== null && typeof value === 'object') return msg('vw.anObject');
  return show(value);
}

export function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'string') return JSON.stringify(clipped(value));
  if (typeof value === 'number') return String(value);
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object' ? 'an object' : String(value);
}

function fromParser(parse: (v: unknown) => number | Msg, missing: Msg) {
  return z.unknown().transform((value, ctx) => {
    const r = value === undefined ? missing : parse(value);
    if (typeof r !== 'number') {
      ctx.addIssue(issueOf(r));
      return z.NEVER;
    }
    return r;
  });
}

/** A duration as a file writes it, for the JSON Schema: "500ms", "1.5s", or a number of ms. */
export function durationJson(minimum: 'minimum' | 'exclusiveMinimum' = 'minimum'): JsonShape {
  return { anyOf: [{ type: 'string', pattern: DURATION.source }, { type: 'number', [minimum]: 0 }] };
}

/** A duration in µs. */
export const durationUs = withJsonShape(fromParser(parseDuration, msg('v.missingDuration')), () => durationJson());
/** A strictly positive duration in µs. */
export const positiveDurationUs = withJsonShape(fromParser((v) => {
  const r = parseDuration(v);
  return r === 0 ? msg('v.durationAbove0', { got: shown(v) }) : r;
}, msg('v.missingDuration')), () => durationJson('exclusiveMinimum'));
/** A fraction from 0 to 1. */
export const fraction = withJsonShape(fromParser((v) => parseFraction(v), msg('v.missingFraction')), () => ({ type: 'number', minimum: 0, maximum: 1 }));
/** A fraction above 0, at most 1. */
export const fractionAbove0 = withJsonShape(fromParser((v) => parseFraction(v, true), msg('v.missingFraction')), () => ({ type: 'number', exclusiveMinimum: 0, maximum: 1 }));
/** A size in bytes (see parseBytes). */
export const bytes = withJsonShape(fromParser(parseBytes, msg('v.missingBytes')), () => ({
  anyOf: [{ type: 'string', pattern: BYTES.source }, { type: 'integer', minimum: 0, maximum: MAX_BYTES }],
}));
/** A time of day in µs since midnight. */
export const timeOfDayUs = withJsonShape(fromParser(parseTimeOfDay, msg('v.timeOfDay', { got: shown(undefined) })), () => ({ type: 'string', pattern: TIME_OF_DAY.source }));
/** A rate in operations per second. */
export const ratePerSec = withJsonShape(fromParser(parseRate, msg('v.missingRate')), () => ({ type: 'string', pattern: RATE.source }));
