import { InputError } from '../scenario/errors';
import { at as about, Msg, msg } from '../i18n/problem';
import { parseDuration, parseRate } from '../scenario/units';
import { formatDuration } from '../engine/time';

/** What the swept values are, which decides how they are interpolated and written back. */
export type ParamKind = 'duration' | 'rate' | 'number' | 'list';

/** One value of the swept field. */
export interface SweepValue {
  /** What goes into the scenario document ("250ms", "40/s", 0.1, "session"). */
  raw: string | number | boolean;
  /** As tables and chart labels show it. */
  text: string;
  /** On the x axis: ms for durations, per second for rates, the number itself; null for words. */
  x: number | null;
}

export interface ParamSpec {
  /** The field path as typed: `strategies[3].window`. */
  pathText: string;
  path: Array<string | number>;
  kind: ParamKind;
  /** Unit of x in axis titles ("ms", "/s", ""). */
  unit: string;
  values: SweepValue[];
}

const SEGMENT = /^([A-Za-z_][\w-]*)((?:\[\d+\])*)$/;

/**
 * Names no scenario field has and a JavaScript object answers to anyway: set through
 * them, a value lands on Object.prototype (every object in the process) or nowhere.
 */
const RESERVED = new Set(['__proto__', 'constructor', 'prototype']);

/** `cluster.followers[0].lag.mean` → ['cluster', 'followers', 0, 'lag', 'mean']. */
export function parsePath(text: string): Array<string | number> | null {
  const out: Array<string | number> = [];
  for (const part of text.split('.')) {
    const m = SEGMENT.exec(part);
    if (m === null) return null;
    out.push(m[1]);
    for (const index of m[2].match(/\d+/g) ?? []) out.push(Number(index));
  }
  return out;
}

/** A path a scenario document can be changed at (not through a reserved name), or null. */
export function fieldPath(text: string): Array<string | number> | null {
  const path = parsePath(text);
  return path === null || path.some((part) => typeof part === 'string' && RESERVED.has(part)) ? null : path;
}

const HAS_RATE = /\/\s*(s|m)\s*$/;
const HAS_UNIT = /(us|ms|s|m)\s*$/;

/** Rounds away float noise (0.30000000000000004 → 0.3) without losing real digits. */
function clean(x: number): number {
  return Number(x.toPrecision(12));
}

function scalar(text: string): string | number | boolean {
  const s = text.trim();
  if (/^-?(\d+\.?\d*|\.\d+)(e-?\d+)?$/i.test(s)) return Number(s);
  return s === 'true' ? true : s === 'false' ? false : s;
}

/**
 * Parses `--param path=from..to` (with `--steps N` values, ends included) or
 * `--param path=a,b,c` (exactly those values). Durations ("0ms..2s"), rates
 * ("10/s..200/s") and plain numbers ("0..0.5") are interpolated in their own unit.
 */
export function parseParam(arg: string, steps: number): ParamSpec {
  const where = `--param ${JSON.stringify(arg)}`;
  const eq = arg.indexOf('=');
  if (eq <= 0) throw new InputError([about(where, msg('v.paramForm'))]);
  const pathText = arg.slice(0, eq).trim();
  const path = parsePath(pathText);
  if (path === null) throw new InputError([about(where, msg('v.paramPath', { path: `"${pathText}"` }))]);
  const reserved = path.find((part) => typeof part === 'string' && RESERVED.has(part));
  if (reserved !== undefined) throw new InputError([about(where, msg('v.paramReserved', { name: reserved }))]);
  const body = arg.slice(eq + 1).trim();
  const range = body.split('..');
  if (range.length === 1) {
    const items = body.split(',').map((s) => s.trim());
    if (items.some((s) => s === '')) throw new InputError([about(where, msg('v.paramEmpty', { list: `"${body}"` }))]);
    const values = items.map((s) => ({ raw: scalar(s), text: s, x: typeof scalar(s) === 'number' ? (scalar(s) as number) : null }));
    return { pathText, path, kind: 'list', unit: '', values };
  }
  if (range.length !== 2 || range[0].trim() === '' || range[1].trim() === '') {
    throw new InputError([about(where, msg('v.paramRange', { got: `"${body}"` }))]);
  }
  if (!Number.isInteger(steps) || steps < 2 || steps > 1000) throw new InputError([about('', msg('v.stepsGot', { got: String(steps) }))]);
  const [a, b] = range.map((s) => s.trim());
  const at = (i: number, from: number, to: number): number => from + ((to - from) * i) / (steps - 1);
  const indices = Array.from({ length: steps }, (_, i) => i);

  if (HAS_RATE.test(a) || HAS_RATE.test(b)) {
    const from = parseRate(a);
    const to = parseRate(b);
    const bad = [from, to].filter((v): v is Msg => typeof v !== 'number');
    if (bad.length > 0) throw new InputError(bad.map((m) => about(where, m)));
    const values = indices.map((i) => {
      const perSec = clean(at(i, from as number, to as number));
      return { raw: `${perSec}/s`, text: `${perSec}/s`, x: perSec };
    });
    return { pathText, path, kind: 'rate', unit: '/s', values };
  }
  if ((HAS_UNIT.test(a) && !/^-?[\d.]+$/.test(a)) || (HAS_UNIT.test(b) && !/^-?[\d.]+$/.test(b))) {
    const from = parseDuration(scalar(a));
    const to = parseDuration(scalar(b));
    const bad = [from, to].filter((v): v is Msg => typeof v !== 'number');
    if (bad.length > 0) throw new InputError(bad.map((m) => about(where, m)));
    const values = indices.map((i) => {
      const us = Math.round(at(i, from as number, to as number));
      return { raw: formatDuration(us), text: formatDuration(us), x: us / 1000 };
    });
    return { pathText, path, kind: 'duration', unit: 'ms', values };
  }
  const from = Number(a);
  const to = Number(b);
  if (!Number.isFinite(from) || !Number.isFinite(to)) {
    throw new InputError([about(where, msg('v.paramValues', { got: `"${body}"` }))]);
  }
  const values = indices.map((i) => {
    const x = clean(at(i, from, to));
    return { raw: x, text: String(x), x };
  });
  return { pathText, path, kind: 'number', unit: '', values };
}
