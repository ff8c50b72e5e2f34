import * as path from 'path';
import { InputError } from './errors';
import { at, msg } from '../i18n/problem';
import { parseDuration, parseTimeOfDay, shown } from './units';
import { parseDocument } from './parseText';
import { FileRules, readRegularFile } from './readFile';
import { MAX_SAMPLES } from '../model/distributions';

/**
 * Measured lags from a CSV file, for `lag: { dist: empirical, file: lag.csv }` (and
 * applyTime). The file's first line is a header. The lag column is the first whose name
 * ends in its unit — `lag_ms`, `lag_s`, `lag_us` or `lag (ms)` — and its values are plain
 * numbers of that unit (decimals allowed, rounded to the µs); a file of one column whose
 * name carries no unit holds values with their unit ("12ms"). A `time_of_day` column gives
 * each lag the time of day it was measured at ("HH:MM:SS.fff"), for `byTimeOfDay`. Other
 * columns (a timestamp) are ignored; blank lines and lines starting with # are skipped.
 */

/** Largest lag file read. */
export const MAX_LAG_FILE_BYTES = 4 * 1024 * 1024;

const UNIT_US: Record<string, number> = { us: 1, ms: 1_000, s: 1_000_000 };
const UNIT_HEADER = /^\s*"?\s*[^"]*?(?:[_ ]|\s\()(us|ms|s)\)?\s*"?\s*$/i;
const NUMBER = /^\s*(\d+(?:\.\d+)?|\.\d+)\s*$/;

/** What a lag file holds: lags in µs and, with a time_of_day column, each one's time of day as written. */
export interface LagColumns {
  lagsUs: number[];
  timesOfDay: string[] | null;
}

const TIME_HEADER = /^\s*"?\s*time_of_day\s*"?\s*$/i;

/** The lags a CSV text holds, in µs; InputError naming `where` (and the line) otherwise. */
export function parseLagCsv(text: string, where: string): LagColumns {
  const lines = text.split(/\r?\n/);
  let h = 0;
  while (h < lines.length && skip(lines[h])) h++;
  if (h === lines.length) throw new InputError([at(where, msg('v.lagFileEmpty'))]);
  const header = lines[h].split(',');
  const col = header.findIndex((name) => UNIT_HEADER.test(name));
  if (col < 0 && header.length !== 1) throw new InputError([at(where, msg('v.lagFileHeader', { got: shown(lines[h]) }))]);
  const unit = col < 0 ? null : UNIT_HEADER.exec(header[col])![1].toLowerCase();
  const timeCol = header.findIndex((name) => TIME_HEADER.test(name));
  const out: number[] = [];
  const times: string[] | null = timeCol < 0 ? null : [];
  for (let i = h + 1; i < lines.length; i++) {
    if (skip(lines[i])) continue;
    const cells = lines[i].split(',');
    const cell = cells[Math.max(col, 0)] ?? '';
    out.push(unit === null ? withUnit(cell, i + 1, where) : plain(cell, unit, i + 1, where));
    if (times !== null) times.push(timeOfDay(cells[timeCol] ?? '', i + 1, where));
  }
  if (out.length === 0) throw new InputError([at(where, msg('v.lagFileEmpty'))]);
  if (out.length > MAX_SAMPLES) throw new InputError([at(where, msg('v.samplesTooMany', { n: out.length, max: MAX_SAMPLES }))]);
  return { lagsUs: out, timesOfDay: times };
}

function timeOfDay(cell: string, line: number, where: string): string {
  const text = cell.replace(/^\s*"|"\s*$/g, '').trim();
  if (typeof parseTimeOfDay(text) !== 'number') throw new InputError([at(where, msg('v.lagFileTime', { line, got: shown(cell) }))]);
  return text;
}

function skip(line: string): boolean {
  return line.trim() === '' || line.trimStart().startsWith('#');
}

function plain(cell: string, unit: string, line: number, where: string): number {
  const m = NUMBER.exec(cell.replace(/^\s*"|"\s*$/g, ''));
  if (m === null) throw new InputError([at(where, msg('v.lagFileValue', { line, unit, got: shown(cell) }))]);
  return Math.round(Number(m[1]) * UNIT_US[unit]);
}

function withUnit(cell: string, line: number, where: string): number {
  const us = parseDuration(cell.replace(/^\s*"|"\s*$/g, '').trim());
  if (typeof us !== 'number') throw new InputError([at(where, msg('v.lagFileValueUnit', { line, got: shown(cell) }))]);
  return us;
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Every `{ dist: empirical, file }` of a follower's lag or applyTime in a parsed document. */
function lagFileRefs(doc: unknown): Array<{ entry: Json; follower: number; field: string }> {
  const followers = isObject(doc) && isObject(doc.cluster) && Array.isArray(doc.cluster.followers) ? doc.cluster.followers : [];
  const out: Array<{ entry: Json; follower: number; field: string }> = [];
  followers.forEach((f, i) => {
    if (!isObject(f)) return;
    for (const field of ['lag', 'applyTime']) {
      const d = f[field];
      if (isObject(d) && d.dist === 'empirical' && typeof d.file === 'string') out.push({ entry: f, follower: i, field });
    }
  });
  return out;
}

/** The lag files a scenario text names, as written (relative to its folder). */
export function lagFilesOf(text: string, label: string): string[] {
  return lagFileRefs(parseDocument(text, label)).map(({ entry, field }) => (entry[field] as Json).file as string);
}

/**
 * The scenario text with every `{ dist: empirical, file: … }` of a follower's lag or
 * applyTime replaced by `{ dist: empirical, samples: […] }` read from that file (a path
 * relative to `dir`), as JSON text; the text itself when it names no lag file. The
 * scenario thus carries its samples (with their times of day, from a time_of_day column):
 * its report's scenario.json runs again without the file.
 */
export function inlineLagFiles(text: string, label: string, dir: string): string {
  if (!/\bempirical\b/.test(text) || !/\bfile\b/.test(text)) return text;
  const doc = parseDocument(text, label);
  let read = 0;
  for (const { entry: f, follower: i, field } of lagFileRefs(doc)) {
    const d = f[field] as Json & { file: string };
    const where = `${label}: cluster.followers[${i}].${field}.file`;
    if (d.samples !== undefined) throw new InputError([at(where, msg('v.empiricalBoth'))]);
    const file = path.resolve(dir, d.file);
    const { lagsUs, timesOfDay } = parseLagCsv(readRegularFile(file, LAG_FILE_RULES), file);
    read += lagsUs.length;
    if (read > MAX_SAMPLES) throw new InputError([at(where, msg('v.lagFilesTooMany', { n: read, max: MAX_SAMPLES }))]);
    const { file: _file, ...rest } = d;
    const value = (us: number): string => `${us}us`;
    f[field] = { ...rest, samples: timesOfDay === null ? lagsUs.map(value) : lagsUs.map((us, k) => ({ at: timesOfDay[k], value: value(us) })) };
  }
  return read === 0 ? text : JSON.stringify(doc);
}

const LAG_FILE_RULES: FileRules = {
  maxBytes: MAX_LAG_FILE_BYTES,
  folder: msg('v.lagFileFolder'),
  tooBig: (n) => msg('v.lagFileTooBig', { n, limit: MAX_LAG_FILE_BYTES }),
  missing: () => msg('v.noSuchFile'),
};
