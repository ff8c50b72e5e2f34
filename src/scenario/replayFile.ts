import * as path from 'path';
import { InputError } from './errors';
import { at, msg } from '../i18n/problem';
import { parseDocument } from './parseText';
import { FileRules, readRegularFile } from './readFile';
import { MAX_REPLAY_TEXT, parseReplay, replayCsv, sniffReplayFormat } from '../workload/replay';

/** Largest replay file read (100 000 rows of long names and a JSON Lines overhead fit). */
export const MAX_REPLAY_FILE_BYTES = 32 * 1024 * 1024;

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * The scenario text with `workload.replay: ops.csv` (a path relative to `dir`) replaced by
 * `{ file: ops.csv, ops: … }`, ops the file's rows as normalised CSV (workload/replay.ts),
 * as JSON text; the text itself when it names no replay file. As with lag files
 * (lagFile.ts), the scenario thus carries its rows: the parser reads no file and the
 * report's scenario.json runs again without the recording. Problems name the file as
 * written in the scenario and the line (`ops.csv:12`).
 */
export function inlineReplayFile(text: string, label: string, dir: string): string {
  const doc = replayNamed(text, label);
  if (doc === null) return text;
  const w = doc.workload as Json;
  const name = w.replay as string;
  const file = path.resolve(dir, name);
  const content = readRegularFile(file, REPLAY_FILE_RULES);
  const ops = replayCsv(parseReplay(content, sniffReplayFormat(name, content), name));
  if (ops.length > MAX_REPLAY_TEXT) throw new InputError([at(`${label}: workload.replay`, msg('v.replayTextTooBig', { n: ops.length, limit: MAX_REPLAY_TEXT }))]);
  w.replay = { file: name, ops };
  return JSON.stringify(doc);
}

/** The replay file the scenario text names (`workload.replay: ops.csv`), or null. */
export function replayFileOf(text: string, label: string): string | null {
  const doc = replayNamed(text, label);
  return doc === null ? null : ((doc.workload as Json).replay as string);
}

/** The parsed scenario when its `workload.replay` names a file, else null. */
function replayNamed(text: string, label: string): Json | null {
  if (!/\breplay\b/.test(text)) return null;
  const doc = parseDocument(text, label);
  const w = isObject(doc) ? doc.workload : undefined;
  return isObject(w) && typeof w.replay === 'string' ? (doc as Json) : null;
}

const REPLAY_FILE_RULES: FileRules = {
  maxBytes: MAX_REPLAY_FILE_BYTES,
  folder: msg('v.replayFolder'),
  tooBig: (n) => msg('v.replayFileTooBig', { n, limit: MAX_REPLAY_FILE_BYTES }),
  missing: () => msg('v.noSuchFile'),
};
