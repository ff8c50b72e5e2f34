// Turns the lag measurements people already have into the lag CSV that
// `lag: { dist: empirical, file: … }` reads (src/scenario/lagFile.ts): pt-heartbeat output,
// a Prometheus time series (CSV export or the HTTP API's query_range JSON) of
// Seconds_Behind_Master or replay_lag, and the apply lags `lagsim live` measured. Each source
// sees the lag differently; `warnings` say where that biases the distribution.
import { InputError } from '../scenario/errors';
import { at, msg, Msg } from '../i18n/problem';
import { MAX_DURATION_US, shown } from '../scenario/units';
import { parseLagCsv } from '../scenario/lagFile';
import { MAX_SAMPLES } from '../model/distributions';

export const LAG_FORMATS = ['pt-heartbeat', 'prometheus-csv', 'prometheus-json', 'live'] as const;
export type LagFormat = (typeof LAG_FORMATS)[number];

/** The report-folder file in which `lagsim live` keeps every measured apply lag. */
export const LIVE_LAGS_FILE = 'apply-lags.csv';

export interface ImportedLags {
  /** Lags in µs, in the order the source holds them. */
  lagsUs: number[];
  /** Each lag's time of day ("HH:MM:SS.mmm", UTC) when the source times every sample; else null. */
  timesOfDay: string[] | null;
  warnings: Msg[];
}

/** A sampled series: lags in µs and, when the source has them, sample times in ms. */
interface Series {
  lagsUs: number[];
  timesMs: number[];
  notNumbers: number;
  negatives: number;
}

const S = 1_000_000;
const NUMBER = /^[+-]?(\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?$/i;

/** The format a text most likely is, or null: JSON, pt-heartbeat lines, live's CSV, else a CSV series. */
export function guessFormat(text: string): LagFormat | null {
  const first = text.split(/\r?\n/).find((l) => l.trim() !== '' && !l.trimStart().startsWith('#'));
  if (first === undefined) return null;
  if (/^\s*[{[]/.test(first)) return 'prometheus-json';
  if (PT_MONITOR.test(first) || PT_CHECK.test(first)) return 'pt-heartbeat';
  if (/^\s*lag_us\b/.test(first)) return 'live';
  return first.includes(',') ? 'prometheus-csv' : null;
}

/** The lags `text` holds in `format`; `where` names it in problems. */
export function importLags(text: string, format: LagFormat, where: string): ImportedLags {
  if (format === 'live') return fromLive(text, where);
  const series = format === 'pt-heartbeat' ? ptHeartbeat(text, where) : format === 'prometheus-csv' ? promCsv(text, where) : promJson(text, where);
  const pooled = Array.isArray(series) ? series : [series];
  const all: Series = { lagsUs: [], timesMs: [], notNumbers: 0, negatives: 0 };
  for (const s of pooled) {
    // concat, not push(...): a spread passes every sample as an argument, past the stack's room.
    all.lagsUs = all.lagsUs.concat(s.lagsUs);
    all.timesMs = all.timesMs.concat(s.timesMs);
    all.notNumbers += s.notNumbers;
    all.negatives += s.negatives;
  }
  if (all.lagsUs.length === 0) throw new InputError([at(where, msg('v.importNoValues'))]);
  checkCount(all.lagsUs.length, where);
  const warnings: Msg[] = [];
  if (pooled.length > 1) warnings.push(msg('v.importSeries', { n: pooled.length }));
  if (all.notNumbers > 0) warnings.push(msg('v.importNotNumbers', { k: all.notNumbers }));
  if (all.negatives > 0) warnings.push(msg('v.importNegative', { k: all.negatives }));
  warnings.push(...biasWarnings(all.lagsUs, pooled.map((s) => s.timesMs), format));
  const timed = all.timesMs.length === all.lagsUs.length;
  return { lagsUs: all.lagsUs, timesOfDay: timed ? all.timesMs.map(utcTimeOfDay) : null, warnings };
}

/** The UTC time of day of a unix time in ms, "HH:MM:SS.mmm". */
export function utcTimeOfDay(ms: number): string {
  return new Date(ms).toISOString().slice(11, 23);
}

function checkCount(n: number, where: string): void {
  if (n > MAX_SAMPLES) throw new InputError([at(where, msg('v.samplesTooMany', { n, max: MAX_SAMPLES }))]);
}

// ---- bias ----------------------------------------------------------------------------

/** The nearest-rank quantiles of `xs` (quantile p: the value at rank ⌈p·n⌉), sorted once for every p asked. */
export function rankQuantiles(xs: number[]): (p: number) => number {
  const s = Float64Array.from(xs).sort();
  return (p) => (s.length === 0 ? NaN : s[Math.max(0, Math.ceil(p * s.length) - 1)]);
}

const median = (xs: number[]): number => rankQuantiles(xs)(0.5);

/** Where a sampled series misleads: its resolution, its zeros, its probe interval. */
export function biasWarnings(lagsUs: number[], timesMs: number[][], format: LagFormat): Msg[] {
  const out: Msg[] = [];
  const n = lagsUs.length;
  const mid = median(lagsUs);
  const step = [S, S / 10, S / 100, S / 1000].find((q) => lagsUs.every((v) => v % q === 0));
  if (step === S) out.push(msg('v.importWholeSeconds', { n }));
  else if (step !== undefined && step >= mid) out.push(msg('v.importCoarseStep', { step: ms(step), median: ms(mid) }));
  const zeros = lagsUs.filter((v) => v === 0).length;
  const share = { k: zeros, n, pct: `${((100 * zeros) / n).toFixed(1)}%` };
  if (zeros > 0) out.push(msg(format === 'pt-heartbeat' ? 'v.importPtZeros' : 'v.importZeros', share));
  const gaps: number[] = [];
  for (const ts of timesMs) for (let i = 1; i < ts.length; i++) gaps.push(ts[i] - ts[i - 1]);
  if (gaps.length > 0) {
    const interval = median(gaps) * 1000;
    if (interval > mid) out.push(msg('v.importInterval', { interval: ms(interval), median: ms(mid) }));
  } else if (format === 'pt-heartbeat') out.push(msg('v.importNoTimes'));
  return out;
}

/** A duration in µs as the messages show it: "1s", "250ms", "0.5ms". */
function ms(us: number): string {
  if (us >= S && us % S === 0) return `${us / S}s`;
  return `${+(us / 1000).toFixed(3)}ms`;
}

// ---- sources -------------------------------------------------------------------------

/** `pt-heartbeat --monitor`: "0.52s [  0.48s,  0.50s,  0.51s ]" — the current lag, then moving averages. */
const PT_MONITOR = /^\s*(\d+(?:\.\d+)?)s\s*\[[^\]]*\]\s*(\d+\s*)?$/;
/** `pt-heartbeat --check`: one number of seconds (then the master's server id with --print-master-server-id). */
const PT_CHECK = /^\s*(\d+(?:\.\d+)?)s?(\s+\d+)?\s*$/;

function ptHeartbeat(text: string, where: string): Series {
  const lagsUs: number[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    if (line.trim() === '' || line.trimStart().startsWith('#')) return;
    const m = PT_MONITOR.exec(line) ?? PT_CHECK.exec(line);
    if (m === null) throw new InputError([at(`${where}:${i + 1}`, msg('v.importPtLine', { got: shown(line) }))]);
    lagsUs.push(lagUs(Number(m[1]), `${where}:${i + 1}`));
  });
  return { lagsUs, timesMs: [], notNumbers: 0, negatives: 0 };
}

/** A lag of `seconds` in µs; refused past the 30 days a duration may last (a scenario would refuse the file). */
function lagUs(seconds: number, where: string): number {
  const us = Math.round(seconds * S);
  if (!(us <= MAX_DURATION_US)) throw new InputError([at(where, msg('v.durationLong', { value: `${seconds}s` }))]);
  return us;
}

/** One sample of a Prometheus series: a time (unix seconds or a date) and a value in seconds. */
function sample(s: Series, time: string | number | undefined, value: unknown, where: string): void {
  const v = typeof value === 'number' ? value : String(value ?? '').trim().replace(/^"|"$/g, '');
  if (typeof v === 'string' && !NUMBER.test(v)) {
    s.notNumbers++;
    return;
  }
  const seconds = Number(v);
  if (seconds < 0) {
    s.negatives++;
    return;
  }
  s.lagsUs.push(lagUs(seconds, where));
  const t = timeMs(time);
  if (t !== null) s.timesMs.push(t);
}

function timeMs(time: string | number | undefined): number | null {
  if (time === undefined) return null;
  const text = String(time).trim().replace(/^"|"$/g, '');
  if (NUMBER.test(text)) {
    const n = Number(text);
    return n > 1e11 ? n : n * 1000; // unix milliseconds (Grafana) or seconds (Prometheus)
  }
  const d = Date.parse(text);
  return Number.isNaN(d) ? null : d;
}

const VALUE_COLUMN = /seconds_behind_master|replay_lag|replication_lag|lag|value/i;
const TIME_COLUMN = /^\s*"?\s*(time|timestamp|date)/i;

/**
 * A CSV export: a header, a time column and value columns in seconds. The first column named
 * like a lag is the series. Without one, beside a column named like a time, every other
 * column holding numbers is a series of its own (a dashboard's export of several replicas),
 * pooled as the JSON's series are; with neither, the last column is the series.
 */
function promCsv(text: string, where: string): Series[] {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '' && !l.trimStart().startsWith('#'));
  if (lines.length === 0) throw new InputError([at(where, msg('v.importNoValues'))]);
  const header = splitCsv(lines[0]);
  const named = header.findIndex((h) => !TIME_COLUMN.test(h) && VALUE_COLUMN.test(h));
  const time = header.findIndex((h, i) => i !== named && TIME_COLUMN.test(h));
  const rows = lines.slice(1).map(splitCsv);
  const holdsNumbers = (i: number): boolean => rows.some((cells) => NUMBER.test((cells[i] ?? '').trim().replace(/^"|"$/g, '')));
  const values = named >= 0 ? [named] : time >= 0 ? header.map((_, i) => i).filter((i) => i !== time && holdsNumbers(i)) : header.length > 1 ? [header.length - 1] : [];
  if (values.length === 0 || header.every((h) => NUMBER.test(h.trim()))) throw new InputError([at(where, msg('v.importCsvHeader', { got: shown(lines[0]) }))]);
  return values.map((value) => seriesOf(rows.map((cells) => [time >= 0 ? cells[time] : undefined, cells[value]]), where));
}

/** Cells of a CSV line; a quoted cell may hold commas (Prometheus labels do). */
function splitCsv(line: string): string[] {
  const cells: string[] = [];
  let cur = '';
  let quoted = false;
  for (const ch of line) {
    if (ch === '"') quoted = !quoted;
    else if (ch === ',' && !quoted) {
      cells.push(cur);
      cur = '';
    } else cur += ch;
  }
  cells.push(cur);
  return cells;
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);

/** The HTTP API's answer (or its `data`, or its `data.result`): one series per result, `values` [[t, "v"], …] or `value` [t, "v"]. */
function promJson(text: string, where: string): Series[] {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    throw new InputError([at(where, msg('v.importJson'))]);
  }
  const data = isObject(doc) && isObject(doc.data) ? doc.data : doc;
  const result = isObject(data) ? data.result : data;
  if (!Array.isArray(result) || !result.every(isObject)) throw new InputError([at(where, msg('v.importJson'))]);
  return result.map((r) => {
    const pairs = Array.isArray(r.values) ? r.values : Array.isArray(r.value) ? [r.value] : null;
    if (pairs === null || !pairs.every((p) => Array.isArray(p) && p.length === 2)) throw new InputError([at(where, msg('v.importJson'))]);
    return seriesOf(pairs as Array<[number, unknown]>, where);
  });
}

/** One series of (time, value) samples; its times are dropped unless every lag has one. */
function seriesOf(samples: Array<[string | number | undefined, unknown]>, where: string): Series {
  const s: Series = { lagsUs: [], timesMs: [], notNumbers: 0, negatives: 0 };
  for (const [t, v] of samples) sample(s, t, v, where);
  if (s.timesMs.length !== s.lagsUs.length) s.timesMs = [];
  return s;
}

/** `lagsim live`'s apply-lags.csv: one measured lag per write, already in the lag CSV format. */
function fromLive(text: string, where: string): ImportedLags {
  return { ...parseLagCsv(text, where), warnings: [] };
}

/**
 * The lag CSV: a header naming the unit, one lag per line in µs (with its time of day when
 * `timesOfDay` is given, for byTimeOfDay); `notes` become # lines above it.
 */
export function lagCsv(lagsUs: number[], notes: string[], timesOfDay: string[] | null = null): string {
  const rows = timesOfDay === null ? lagsUs.map(String) : lagsUs.map((us, i) => `${us},${timesOfDay[i]}`);
  return [...notes.map((n) => `# ${n.replace(/[\r\n]+/g, ' ')}`), timesOfDay === null ? 'lag_us' : 'lag_us,time_of_day', ...rows, ''].join('\n');
}
