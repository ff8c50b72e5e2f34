// Turns a MySQL or MariaDB general query log into the recorded operations that
// `workload: { replay: ops.csv }` plays (src/workload/replay.ts): one operation per simple
// statement on one row, its session the connection id, its key `table:value` from the
// primary-key predicate. Everything else is counted by reason, with a few examples.
//
// The two servers write the log file differently:
// - MySQL 5.7.2 and later: every line starts with an ISO 8601 timestamp in µs, in UTC
//   ("2020-08-07T15:02:00.832521Z") or with the offset of log_timestamps=SYSTEM, then the
//   connection id, the command and its argument.
// - MariaDB (and MySQL before 5.7.2): a "YYMMDD HH:MM:SS" prefix in whole seconds (local
//   time, the hour space-padded), written only on the first line of each new second; the
//   lines after it start with tabs and hold the same second.
// A statement of several lines continues on lines that match neither form.
import { InputError } from '../scenario/errors';
import { at, msg, Msg } from '../i18n/problem';
import { MAX_REPLAY_ROWS, ReplayRow } from '../workload/replay';

export type LogFormat = 'mysql' | 'mariadb';

/** Why a statement was not turned into an operation (the keys of `v.glogReason.*` in the catalogues). */
export const UNMAPPED_REASONS = ['transaction', 'not-one-row', 'multi-row-insert', 'key-name', 'other-statement', 'too-long', 'garbled'] as const;
export type UnmappedReason = (typeof UNMAPPED_REASONS)[number];

export interface ImportedOps {
  format: LogFormat;
  rows: ReplayRow[];
  /** Statements (Query and Execute) read, mapped or not. */
  statements: number;
  /** Unmapped statements by reason, each with its count and its first few texts. */
  unmapped: Map<UnmappedReason, { count: number; examples: string[] }>;
  /** Commands that are not statements (Connect, Quit, Init DB, Prepare, …). */
  otherCommands: number;
  /** Mapped operations left out past MAX_REPLAY_ROWS. */
  dropped: number;
  warnings: Msg[];
}

interface Entry {
  timeUs: number;
  id: string;
  command: string;
  argument: string;
  /** A line that starts like an entry but is not one (cut or garbled): counted, never mapped. */
  garbled?: true;
}

/** The timestamp an entry line of either format starts with; a statement's next line would start with one only by chance. */
const ENTRY_START = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d|\d{6}\s+\d{1,2}:\d\d:\d\d)/;

/** A command of one to three words: Query, Init DB, Binlog Dump GTID. */
const COMMAND = '([A-Za-z]+(?: [A-Za-z]+){0,2})';
const MYSQL_LINE = new RegExp(`^(\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(?:\\.\\d{1,6})?(?:Z|[+-]\\d\\d:\\d\\d))\\s+(\\d+)\\s+${COMMAND}(?:\\t(.*))?$`);
const MARIADB_STAMPED = new RegExp(`^(\\d\\d)(\\d\\d)(\\d\\d)\\s+(\\d{1,2}):(\\d\\d):(\\d\\d)\\s+(\\d+)\\s+${COMMAND}(?:\\t(.*))?$`);
const MARIADB_LINE = new RegExp(`^\\t\\t\\s*(\\d+)\\s+${COMMAND}(?:\\t(.*))?$`);
/** Examples kept per reason, and the characters kept of each. */
const EXAMPLES = 3;
const EXAMPLE_CHARS = 120;

/** The format of a log: MySQL when an entry line starts with an ISO timestamp, MariaDB when one starts with YYMMDD. */
export function guessLogFormat(text: string): LogFormat | null {
  for (const line of text.split('\n', 200)) {
    if (MYSQL_LINE.test(line)) return 'mysql';
    if (MARIADB_STAMPED.test(line) || MARIADB_LINE.test(line)) return 'mariadb';
  }
  return null;
}

/** The operations a general log holds, `pk` the primary-key column name; `where` names the log in problems. */
export function importGeneralLog(text: string, pk: string, where: string): ImportedOps {
  const format = guessLogFormat(text);
  if (format === null) throw new InputError([at(where, msg('v.glogFormat'))]);
  const entries = format === 'mysql' ? mysqlEntries(text) : mariadbEntries(text);
  const out: ImportedOps = { format, rows: [], statements: 0, unmapped: new Map(), otherCommands: 0, dropped: 0, warnings: [] };
  let startUs: number | null = null;
  for (const e of entries) {
    if (e.command !== 'Query' && e.command !== 'Execute') {
      out.otherCommands++;
      continue;
    }
    out.statements++;
    const op: Mapped = e.garbled === true ? { reason: 'garbled' } : mapStatement(e.argument, pk);
    if ('reason' in op) {
      countUnmapped(out, op.reason, e.argument);
      continue;
    }
    startUs ??= e.timeUs;
    if (out.rows.length === MAX_REPLAY_ROWS) {
      out.dropped++;
      continue;
    }
    out.rows.push({ timeUs: e.timeUs - startUs, session: `conn-${e.id}`, write: op.write, key: op.key, critical: op.critical });
  }
  if (out.rows.length === 0) throw new InputError([at(where, msg('v.glogNothing', { n: out.statements }))]);
  if (format === 'mariadb') out.warnings.push(msg('v.glogWholeSeconds', { shared: sharedSeconds(out.rows) }));
  if (out.dropped > 0) out.warnings.push(msg('v.glogDropped', { n: out.dropped, max: MAX_REPLAY_ROWS }));
  if (out.rows.some((r, i) => i > 0 && r.timeUs < out.rows[i - 1].timeUs)) out.warnings.push(msg('v.glogBackwards'));
  return out;
}

function countUnmapped(out: ImportedOps, reason: UnmappedReason, statement: string): void {
  const u = out.unmapped.get(reason) ?? { count: 0, examples: [] };
  u.count++;
  if (u.examples.length < EXAMPLES) u.examples.push(statement.length > EXAMPLE_CHARS ? `${statement.slice(0, EXAMPLE_CHARS)}…` : statement);
  out.unmapped.set(reason, u);
}

/** Operations that share their second with another one (MariaDB's whole seconds put them at the same instant). */
function sharedSeconds(rows: ReplayRow[]): number {
  const perSecond = new Map<number, number>();
  for (const r of rows) perSecond.set(r.timeUs, (perSecond.get(r.timeUs) ?? 0) + 1);
  let shared = 0;
  for (const n of perSecond.values()) if (n > 1) shared += n;
  return shared;
}

function mysqlEntries(text: string): Entry[] {
  const entries: Entry[] = [];
  for (const line of text.split(/\r?\n/)) {
    const m = MYSQL_LINE.exec(line);
    if (m !== null) entries.push({ timeUs: isoUs(m[1]), id: m[2], command: m[3], argument: m[4] ?? '' });
    else continueArgument(entries, line);
  }
  return entries;
}

/** µs since the epoch of an ISO 8601 timestamp with up to six decimals (Date keeps only ms). */
function isoUs(stamp: string): number {
  const frac = /\.(\d{1,6})/.exec(stamp);
  const ms = Date.parse(stamp.replace(/\.\d{1,6}/, ''));
  return ms * 1000 + (frac === null ? 0 : Number(frac[1].padEnd(6, '0')));
}

function mariadbEntries(text: string): Entry[] {
  const entries: Entry[] = [];
  let secondUs: number | null = null;
  for (const line of text.split(/\r?\n/)) {
    const stamped = MARIADB_STAMPED.exec(line);
    if (stamped !== null) {
      const [, yy, mo, dd, hh, mi, ss] = stamped;
      secondUs = Date.UTC(2000 + Number(yy), Number(mo) - 1, Number(dd), Number(hh), Number(mi), Number(ss)) * 1000;
      entries.push({ timeUs: secondUs, id: stamped[7], command: stamped[8], argument: stamped[9] ?? '' });
      continue;
    }
    const m = MARIADB_LINE.exec(line);
    if (m !== null && secondUs !== null) entries.push({ timeUs: secondUs, id: m[1], command: m[2], argument: m[3] ?? '' });
    else if (m === null) continueArgument(entries, line);
  }
  return entries;
}

/**
 * A line that starts no entry: the header the server writes when it opens the log, the next
 * line of a statement, or an entry line cut or garbled — which ends the statement before it
 * (appended, it would change that statement's key) and is counted as a statement not mapped.
 */
function continueArgument(entries: Entry[], line: string): void {
  if (/^(Time\s+Id\s+Command\s+Argument|Tcp port: |.*, Version: .* started with:$)/.test(line)) return;
  if (ENTRY_START.test(line)) {
    entries.push({ timeUs: NaN, id: '', command: 'Query', argument: line, garbled: true });
    return;
  }
  const last = entries[entries.length - 1];
  if (last !== undefined && line !== '') last.argument += `\n${line}`;
}

type Mapped = { write: boolean; key: string; critical: boolean } | { reason: UnmappedReason };

const TABLE = String.raw`((?:\x60[^\x60]+\x60|[A-Za-z_][\w$]*)(?:\.(?:\x60[^\x60]+\x60|[A-Za-z_][\w$]*))?)`;
const VALUE = String.raw`(-?\d+(?:\.\d+)?|'(?:[^'\\]|\\.|'')*'|"(?:[^"\\]|\\.|"")*")`;
const LOCK = String.raw`(?:\s+(FOR\s+UPDATE|FOR\s+SHARE|LOCK\s+IN\s+SHARE\s+MODE)(?:\s+(?:NOWAIT|SKIP\s+LOCKED))?)?`;
/** Longer statements are not parsed (a one-row statement on a key is short; this bounds the work per line). */
const MAX_STATEMENT_CHARS = 64 * 1024;
const NAME_CHARS = /^[^\s\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]{1,64}$/;

/**
 * One statement as an operation, or why not. Simple statements only, on one row:
 * SELECT … FROM t [alias] WHERE pk = v [FOR UPDATE | FOR SHARE | LOCK IN SHARE MODE] (a read;
 * critical when it locks), UPDATE t SET … WHERE pk = v and DELETE FROM t WHERE pk = v
 * (writes), INSERT|REPLACE [IGNORE] INTO t [(cols)] VALUES (…) of one row (a write; its key
 * the pk column's value, or the first value without a column list).
 */
export function mapStatement(statement: string, pk: string): Mapped {
  if (statement.length > MAX_STATEMENT_CHARS) return { reason: 'too-long' };
  const s = statement.trim().replace(/;\s*$/, '').replace(/\s+/g, ' ');
  if (/^(BEGIN|COMMIT|ROLLBACK|START TRANSACTION|SET (SESSION )?(autocommit|TRANSACTION)\b|XA |SAVEPOINT|RELEASE SAVEPOINT)/i.test(s)) return { reason: 'transaction' };
  const where = String.raw`WHERE\s+(?:\w+\.)?\x60?(\w+)\x60?\s*=\s*${VALUE}`;
  const select = new RegExp(String.raw`^SELECT\s+(?!.*\bJOIN\b).+?\s+FROM\s+${TABLE}(?:\s+(?:AS\s+)?\w+)?\s+${where}${LOCK}$`, 'i').exec(s);
  if (select !== null) return keyed(select[1], select[2], select[3], pk, false, select[4] !== undefined);
  const update = new RegExp(String.raw`^UPDATE\s+${TABLE}\s+SET\s+.+?\s+${where}$`, 'i').exec(s);
  if (update !== null) return keyed(update[1], update[2], update[3], pk, true, false);
  const del = new RegExp(String.raw`^DELETE\s+FROM\s+${TABLE}\s+${where}$`, 'i').exec(s);
  if (del !== null) return keyed(del[1], del[2], del[3], pk, true, false);
  const insert = new RegExp(String.raw`^(?:INSERT|REPLACE)\s+(?:IGNORE\s+)?INTO\s+${TABLE}\s*(?:\(([^)]*)\))?\s*VALUES?\s*\((.*)\)$`, 'i').exec(s);
  if (insert !== null) return insertKey(insert[1], insert[2], insert[3], pk);
  if (/^(SELECT|UPDATE|DELETE)\b/i.test(s)) return { reason: 'not-one-row' };
  return { reason: 'other-statement' };
}

function keyed(table: string, column: string, value: string, pk: string, write: boolean, critical: boolean): Mapped {
  if (column.toLowerCase() !== pk.toLowerCase()) return { reason: 'not-one-row' };
  const key = `${table.replace(/\x60/g, '')}:${unquoteValue(value)}`;
  return NAME_CHARS.test(key) ? { write, key, critical } : { reason: 'key-name' };
}

function insertKey(table: string, columns: string | undefined, values: string, pk: string): Mapped {
  const cells = splitValues(values);
  if (cells === null) return { reason: 'multi-row-insert' };
  const names = columns === undefined ? null : columns.split(',').map((c) => c.trim().replace(/\x60/g, ''));
  const i = names === null ? 0 : names.findIndex((n) => n.toLowerCase() === pk.toLowerCase());
  if (i < 0 || i >= cells.length || !new RegExp(`^${VALUE}$`).test(cells[i])) return { reason: 'not-one-row' };
  return keyed(table, pk, cells[i], pk, true, false);
}

/** The top-level values of one row's VALUES list; null when the list holds several rows ("…), (…"). */
function splitValues(values: string): string[] | null {
  const cells: string[] = [];
  let depth = 0, quote = '', cell = '';
  for (let i = 0; i < values.length; i++) {
    const c = values[i];
    if (quote !== '') {
      cell += c;
      if (c === '\\') cell += values[++i] ?? '';
      else if (c === quote) quote = '';
      continue;
    }
    if (c === "'" || c === '"') quote = c;
    else if (c === '(') depth++;
    else if (c === ')' && --depth < 0) return null;
    if (c === ',' && depth === 0) {
      cells.push(cell.trim());
      cell = '';
    } else cell += c;
  }
  cells.push(cell.trim());
  return cells;
}

function unquoteValue(v: string): string {
  return /^['"]/.test(v) ? v.slice(1, -1) : v;
}
