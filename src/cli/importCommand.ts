import * as fs from 'fs';
import * as path from 'path';
import { InputError } from '../scenario/errors';
import { readRegularFile, FileRules } from '../scenario/readFile';
import { at, msg, renderMsg } from '../i18n/problem';
import { pickLang } from '../i18n';
import { printable } from '../report/printable';
import { writeNewFile } from '../report/files';
import { guessFormat, importLags, rankQuantiles, lagCsv, LagFormat, LIVE_LAGS_FILE } from '../import/lag';
import { Output } from './output';

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
  folder: msg('v.importFolder', { file: LIVE_LAGS_FILE }),
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
  const file = isFolder(a.file) ? path.join(a.file, LIVE_LAGS_FILE) : a.file;
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

function isFolder(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}

