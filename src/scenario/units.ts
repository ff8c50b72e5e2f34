import { z } from 'zod';
import { Msg, msg, Var, withHint } from '../i18n/problem';
import { issueOf } from './zodProblem';
import { JsonShape, withJsonShape } from './jsonShape';

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

/** Parses a duration to whole microseconds, or returns the problem. */
export function parseDuration(value: unknown): number | Msg {
  const bad = msg('v.duration', { got: shown(value) });
  let us: number;
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || value < 0) return bad;
    us = value * 1_000;
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

/** Parses a rate to operations per second, or returns the problem. */
export function parseRate(value: unknown): number | Msg {
  const bad = msg('v.rate', { got: shown(value) });
  if (typeof value !== 'string') return typeof value === 'number' ? withHint(bad, msg('vh.rateUnit')) : bad;
  const m = RATE.exec(value);
  if (m === null) return withHint(bad, rateHint(value));
  return m[2] === 's' ? Number(m[1]) : Number(m[1]) / 60;
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

/** `show` as a message value: the words (nothing, a list, an object) come from the catalogue. */
export function shown(value: unknown): Var {
  if (value === undefined) return msg('vw.nothing');
  if (Array.isArray(value)) return msg('vw.array');
  if (value !== null && typeof value === 'object') return msg('vw.anObject');
  return show(value);
}

export function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? value.slice(0, 40) + '…' : value);
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
/** A rate in operations per second. */
export const ratePerSec = withJsonShape(fromParser(parseRate, msg('v.missingRate')), () => ({ type: 'string', pattern: RATE.source }));
