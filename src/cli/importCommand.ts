import * as fs from 'fs';
import * as path from 'path';
import { InputError } from '../scenario/errors';
import { readRegularFile, FileRules } from '../scenario/readFile';
import { at, msg, Msg, ProblemKey, renderMsg } from '../i18n/problem';
import { pickLang } from '../i18n';
import { printable } from '../report/printable';
import { writeNewFile } from '../report/files';
import { guessFormat, importLags, rankQuantiles, lagCsv, LagFormat, LIVE_LAGS_FILE } from '../import/lag';
import { Output } from './output';
import { importGeneralLog, ImportedOps, UNMAPPED_REASONS, UnmappedReason } from '../import/generalLog';
import { replayCsv } from '../workload/replay';
import { formatDuration } from '../engine/time';

export interface ImportLagArgs {
  file: string;
  format?: LagFormat;
  out?: string;
  lang?: string;
}

/** Largest file an import reads (a day of one-second samples is a few MB). */
const MAX_IMPORT_BYTES = 64 * 1024 * 1024;

const IMPORT_RULES: FileRules = {
  maxBytes: MAX_IMPORT_BYTES,
  folder: msg('v.lagFolder'),
  tooBig: (n) => msg('v.importTooBig', { n, limit: MAX_IMPORT_BYTES }),
  missing: () => msg('v.noSuchFile'),
};

/**
 * `lagsim import lag <file>`: the lags of a pt-heartbeat log, a Prometheus export or a
 * live report (its folder or apply-lags.csv) as a lag CSV for `{ dist: empirical, file }`.
 * Where the source biases the distribution a warning line goes to stderr; the file is
 * created exclusively and never replaces one.
 */
export function importLagCommand(a: ImportLagArgs): void {
  const lang = pickLang(a.lang);
  const file = lagSource(a.file);
  const text = readRegularFile(file, IMPORT_RULES);
  const format = a.format ?? guessFormat(text);
  if (format === null) throw new InputError([at(file, msg('v.importFormat'))]);
  const { lagsUs, timesOfDay, warnings } = importLags(text, format, file);
  const notes = [`imported by lagsim import lag --format ${format} from ${path.basename(file)}`, ...warnings.map((w) => renderMsg('en', w))];
  const out = a.out ?? 'lag.csv';
  writeNewFile(out, lagCsv(lagsUs, notes, timesOfDay), 'v.importExists');
  for (const w of warnings) process.stderr.write(`lagsim: ${printable(renderMsg(lang, msg('v.importWarning', { text: w })))}\n`);
  const quantile = rankQuantiles(lagsUs);
  const q = (p: number): string => `${+(quantile(p) / 1000).toFixed(3)}ms`;
  const stdout = new Output();
  stdout.line(renderMsg(lang, msg('v.importWrote', { n: lagsUs.length, file: out, format, p50: q(0.5), p99: q(0.99), max: q(1) })));
  stdout.flush();
}

/** The file to read: `given`, or the apply-lags.csv of a live report folder; a folder without one is a problem naming the folder. */
function lagSource(given: string): string {
  if (!isFolder(given)) return given;
  const file = path.join(given, LIVE_LAGS_FILE);
  // lstat: a dangling link there is the folder's file, reported as the file it fails to be.
  if (!isPresent(file)) throw new InputError([at(given, msg('v.importFolder', { file: LIVE_LAGS_FILE }))]);
  return file;
}

function isPresent(p: string): boolean {
  try {
    fs.lstatSync(p);
    return true;
  } catch {
    return false;
  }
}

function isFolder(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}


export interface ImportGeneralLogArgs {
  file: string;
  out?: string;
  pk?: string;
  lang?: string;
}

const GENERAL_LOG_RULES: FileRules = { ...IMPORT_RULES, folder: msg('v.glogFolder') };

/**
 * `lagsim import general-log <file>`: the simple statements of a MySQL or MariaDB general
 * query log as recorded operations for `workload: { replay: … }`. Prints what it wrote and
 * every statement it could not map, counted by reason with a few examples (escaped); the
 * timing caveats go to stderr as warnings. The file is created exclusively.
 */
export function importGeneralLogCommand(a: ImportGeneralLogArgs): void {
  const lang = pickLang(a.lang);
  const text = readRegularFile(a.file, GENERAL_LOG_RULES);
  const pk = a.pk ?? 'id';
  const ops = importGeneralLog(text, pk, a.file);
  const notes = [
    `imported by lagsim import general-log --pk ${pk} from ${path.basename(a.file)} (${ops.format} general query log)`,
    ...ops.warnings.map((w) => renderMsg('en', w)),
  ].map((n) => `# ${printable(n)}`);
  const out = a.out ?? 'ops.csv';
  writeNewFile(out, `${notes.join('\n')}\n${replayCsv(ops.rows)}`, 'v.importExists');
  for (const w of ops.warnings) process.stderr.write(`lagsim: ${printable(renderMsg(lang, msg('v.importWarning', { text: w })))}\n`);
  const stdout = new Output();
  for (const m of importSummary(ops, out)) stdout.line(printable(renderMsg(lang, m)));
  stdout.flush();
}

const REASON_TEXT: Record<UnmappedReason, ProblemKey> = {
  transaction: 'v.glogReason.transaction',
  'not-one-row': 'v.glogReason.not-one-row',
  'multi-row-insert': 'v.glogReason.multi-row-insert',
  'key-name': 'v.glogReason.key-name',
  'other-statement': 'v.glogReason.other-statement',
  'too-long': 'v.glogReason.too-long',
  garbled: 'v.glogReason.garbled',
};

/** What the import wrote and what it left out, one message a line. */
function importSummary(ops: ImportedOps, out: string): Msg[] {
  const writes = ops.rows.filter((r) => r.write).length;
  const last = ops.rows.reduce((m, r) => Math.max(m, r.timeUs), 0);
  const lines = [msg('v.glogWrote', {
    n: ops.rows.length, reads: ops.rows.length - writes, writes, sessions: new Set(ops.rows.map((r) => r.session)).size,
    keys: new Set(ops.rows.map((r) => r.key)).size, span: formatDuration(last), format: ops.format, file: out,
  })];
  const unmapped = [...ops.unmapped.values()].reduce((n, u) => n + u.count, 0);
  if (unmapped > 0) lines.push(msg('v.glogUnmapped', { n: unmapped, total: ops.statements }));
  for (const reason of UNMAPPED_REASONS) {
    const u = ops.unmapped.get(reason);
    if (u === undefined) continue;
    lines.push(msg('v.glogReasonLine', { reason: msg(REASON_TEXT[reason]), n: u.count, examples: u.examples.map((e) => JSON.stringify(e)).join(' · ') }));
  }
  if (ops.otherCommands > 0) lines.push(msg('v.glogOther', { n: ops.otherCommands }));
  return lines;
}
