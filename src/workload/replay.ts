import { InputError, MAX_PROBLEMS } from '../scenario/errors';
import { at, msg, Msg, Problem } from '../i18n/problem';
import { parseDuration, shown } from '../scenario/units';

/**
 * Recorded operations, for `workload: { replay: ops.csv }`: each row an operation issued
 * at its recorded time. No file system here: the CLI's load layer reads the file
 * (scenario/replayFile.ts) and the scenario carries the rows as normalised CSV text.
 *
 * Two formats with the same fields. CSV: a header line naming the columns (any order),
 * then one operation per line; fields hold no comma. JSON Lines: one object per line.
 * Fields:
 * - time: when the operation is issued, from the start of the run (time 0 is the run's
 *   start, not the first row): `time` holds a duration with its unit ("1.5s", "250ms",
 *   "12us"), or `time_s` / `time_ms` / `time_us` a plain number of that unit; rounded to
 *   the µs must be exact (as every duration in a scenario).
 * - session: the client connection (a name: no space or control character, ≤ 64 characters).
 * - op: read or write.
 * - key: the row (a name as a scenario's keys, ≤ 64 characters).
 * - critical: optional; true/false (1/0, empty = false); only a read may be critical.
 * Blank lines and lines starting with # are skipped. Rows need not be in time order.
 */

export interface ReplayRow {
  timeUs: number;
  session: string;
  write: boolean;
  key: string;
  critical: boolean;
}

/** Rows a replay may hold: as many as scripted events (the normalised rows travel in the scenario text). */
export const MAX_REPLAY_ROWS = 100_000;
/** Largest normalised replay text: the scenario text it travels in is limited to 5 MB. */
export const MAX_REPLAY_TEXT = 4 * 1024 * 1024;

/** Problems a replay reports before it stops reading (the CLI shows MAX_PROBLEMS lines). */
const STOP_AFTER = MAX_PROBLEMS - 10;

export type ReplayFormat = 'csv' | 'jsonl';

const TIME_COLUMNS: Record<string, number> = { time: 0, time_us: 1, time_ms: 1_000, time_s: 1_000_000 };
const COLUMNS = new Set(['session', 'op', 'key', 'critical']);
const NAME_CHAR = /[^\s\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/.source;
const NAME = new RegExp(`^${NAME_CHAR}{1,64}$`);
const NUMBER = /^(\d+(?:\.\d+)?|\.\d+)$/;
/** Header of the normalised text (replayCsv). */
export const REPLAY_HEADER = 'time_us,session,op,key,critical';

/** The format a file most likely is: by its extension, else JSON Lines when its first line is an object. */
export function sniffReplayFormat(name: string, text: string): ReplayFormat {
  if (/\.csv$/i.test(name)) return 'csv';
  if (/\.(jsonl|ndjson)$/i.test(name)) return 'jsonl';
  const first = text.split(/\r?\n/, 64).find((l) => !skip(l));
  return first !== undefined && first.trimStart().startsWith('{') ? 'jsonl' : 'csv';
}

/**
 * The rows of a replay text; InputError listing every bad row as `where:line` with its
 * field (stopping after STOP_AFTER problems, with how many lines were left unchecked), or the row limit.
 */
export function parseReplay(text: string, format: ReplayFormat, where: string): ReplayRow[] {
  const lines = text.split(/\r?\n/);
  const problems: Problem[] = [];
  const rows: ReplayRow[] = [];
  const bad = (line: number, m: Msg): void => void problems.push(at(`${where}:${line}`, m));
  const read = format === 'csv' ? csvReader(lines, where) : jsonReader;
  if (read === null) throw new InputError([at(where, msg('v.replayEmpty'))]);
  const first = format === 'csv' ? headerLine(lines) + 1 : 0;
  let i = first;
  for (; i < lines.length && problems.length < STOP_AFTER; i++) {
    if (skip(lines[i])) continue;
    if (rows.length === MAX_REPLAY_ROWS) throw new InputError([at(where, msg('v.replayTooMany', { max: MAX_REPLAY_ROWS }))]);
    const row = fieldsToRow(read(lines[i]), (m) => bad(i + 1, m));
    if (row !== null) rows.push(row);
  }
  if (problems.length > 0) {
    const left = lines.slice(i).filter((l) => !skip(l)).length;
    if (left > 0) problems.push(at(where, msg('v.replayNotChecked', { n: left, from: i + 1 })));
    throw new InputError(problems);
  }
  if (rows.length === 0) throw new InputError([at(where, msg('v.replayEmpty'))]);
  return rows;
}

function skip(line: string): boolean {
  return line.trim() === '' || line.trimStart().startsWith('#');
}

function headerLine(lines: string[]): number {
  let h = 0;
  while (h < lines.length && skip(lines[h])) h++;
  return h;
}

/** Fields of one line by column name, or the problem when the line cannot be read at all. */
type Fields = { fields: Record<string, unknown> } | { problem: Msg };
type Reader = (line: string) => Fields;

/** A reader of CSV lines under the header's columns; null for a text with no header; InputError for a bad header. */
function csvReader(lines: string[], where: string): Reader | null {
  const h = headerLine(lines);
  if (h === lines.length) return null;
  const names = lines[h].split(',').map((c) => unquote(c).toLowerCase());
  const problem = headerProblem(names);
  if (problem !== null) throw new InputError([at(`${where}:${h + 1}`, problem)]);
  return (line) => {
    const cells = line.split(',');
    if (cells.length !== names.length) return { problem: msg('v.replayCells', { n: cells.length, columns: names.length }) };
    const fields: Record<string, unknown> = {};
    for (let i = 0; i < names.length; i++) fields[names[i]] = unquote(cells[i]);
    return { fields };
  };
}

function unquote(cell: string): string {
  const t = cell.trim();
  return t.length >= 2 && t.startsWith('"') && t.endsWith('"') ? t.slice(1, -1) : t;
}

/** Every column known, each once; one time column; session, op and key present. */
function headerProblem(names: string[]): Msg | null {
  return columnsKnown(names) ? null : msg('v.replayHeader', { got: shown(names.join(',')) });
}

function columnsKnown(names: string[]): boolean {
  let times = 0;
  for (let i = 0; i < names.length; i++) {
    const n = names[i];
    if (names.indexOf(n) !== i || (!COLUMNS.has(n) && !Object.hasOwn(TIME_COLUMNS, n))) return false;
    if (Object.hasOwn(TIME_COLUMNS, n)) times++;
  }
  return times === 1 && names.includes('session') && names.includes('op') && names.includes('key');
}

const jsonReader: Reader = (line) => {
  let v: unknown;
  try {
    v = JSON.parse(line);
  } catch {
    return { problem: msg('v.replayJsonLine') };
  }
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return { problem: msg('v.replayJsonLine') };
  const fields = Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([k, x]) => [k.toLowerCase(), x]));
  if (!columnsKnown(Object.keys(fields))) return { problem: msg('v.replayJsonFields', { got: shown(Object.keys(fields).join(',')) }) };
  return { fields };
};

/** One row from a line's fields, or null after telling `bad` of each bad field. */
function fieldsToRow(line: Fields, bad: (m: Msg) => void): ReplayRow | null {
  if ('problem' in line) {
    bad(line.problem);
    return null;
  }
  const f = line.fields;
  let problems = 0;
  const count = (m: Msg): void => {
    problems++;
    bad(m);
  };
  const timeUs = timeOf(f, count);
  const session = nameOf(f.session, 'session', count);
  const key = nameOf(f.key, 'key', count);
  if (f.op !== 'read' && f.op !== 'write') count(msg('v.replayOp', { got: shown(f.op) }));
  const critical = criticalOf(f.critical, count);
  if (critical && f.op === 'write') count(msg('v.replayCriticalWrite'));
  if (problems > 0) return null;
  return { timeUs: timeUs!, session: session!, write: f.op === 'write', key: key!, critical };
}

function timeOf(fields: Record<string, unknown>, bad: (m: Msg) => void): number | null {
  const column = Object.keys(fields).find((n) => Object.hasOwn(TIME_COLUMNS, n))!;
  const value = fields[column];
  const unit = TIME_COLUMNS[column];
  if (unit === 0) {
    const us = parseDuration(value);
    if (typeof us === 'number') return us;
    bad(msg('v.replayTime', { field: column, got: shown(value) }));
    return null;
  }
  const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value : '';
  const us = NUMBER.test(text) ? Number(text) * unit : NaN;
  if (Number.isFinite(us) && Math.abs(us - Math.round(us)) < 1e-6 && us <= MAX_TIME_US) return Math.round(us);
  bad(msg('v.replayTimeNumber', { field: column, got: shown(value) }));
  return null;
}

/** The longest a replay may last: as every duration of a scenario (30 days). */
const MAX_TIME_US = 30 * 24 * 3600 * 1_000_000;

function nameOf(value: unknown, field: 'session' | 'key', bad: (m: Msg) => void): string | null {
  if (typeof value === 'string' && NAME.test(value)) return value;
  bad(msg('v.replayName', { field, got: shown(value) }));
  return null;
}

function criticalOf(value: unknown, bad: (m: Msg) => void): boolean {
  if (value === undefined || value === '' || value === false || value === 'false' || value === '0' || value === 0) return false;
  if (value === true || value === 'true' || value === '1' || value === 1) return true;
  bad(msg('v.replayCritical', { got: shown(value) }));
  return false;
}

/** The rows as the normalised CSV the scenario carries (parseReplay reads it back to the same rows). */
export function replayCsv(rows: readonly ReplayRow[]): string {
  const lines = rows.map((r) => `${r.timeUs},${r.session},${r.write ? 'write' : 'read'},${r.key},${r.critical ? 1 : 0}`);
  return `${REPLAY_HEADER}\n${lines.join('\n')}\n`;
}
