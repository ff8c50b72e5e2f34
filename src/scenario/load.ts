import * as fs from 'fs';
import * as path from 'path';
import { closest } from './messages';
import { MAX_FILE_BYTES, Overrides, parseScenario } from './parse';
import { Scenario } from './types';
import { msg, Msg } from '../i18n/problem';
import { FileRules, readRegularFile, readStdin } from './readFile';
import { STDIN_LABEL } from './parseText';
import { bundledScenarios, resolveScenarioPath } from './bundled';
import { inlineLagFiles } from './lagFile';
import { inlineReplayFile } from './replayFile';

export { MAX_FILE_BYTES, parseScenario, parseStrategyArg, scenarioDocument, describeIssue, describeIssues } from './parse';
export type { Overrides } from './parse';

/** The scenario argument that means standard input, as in `cat x.yaml | lagsim run -`. */
export const STDIN_ARG = '-';

/** The name problems give a scenario argument: the path as written, or <stdin> for `-`. */
export function scenarioLabel(file: string): string {
  return file === STDIN_ARG ? STDIN_LABEL : file;
}

/** Reads, parses and validates a scenario file (`-`: standard input). Throws InputError listing every problem. */
export function loadScenarioFile(file: string, overrides: Overrides = {}): Scenario {
  return parseScenario(readScenarioText(file), scenarioLabel(file), overrides);
}

/**
 * A scenario's text: a regular file of at most MAX_FILE_BYTES, or standard input for `-`
 * under the same cap (read once: a caller that needs the text twice keeps it). InputError naming it.
 * A name that is no file here but a bundled scenario's (`apple-stock`) reads that one.
 * Lag files and a replay file it names (relative to its folder; to the working folder for
 * `-`) are read into it (lagFile.ts, replayFile.ts), so everything after this reads no file.
 */
export function readScenarioText(file: string): string {
  const rules: FileRules = {
    maxBytes: MAX_FILE_BYTES,
    folder: msg('v.isFolder'),
    tooBig: (n) => msg('v.fileTooBig', { n, limit: MAX_FILE_BYTES }),
    missing: () => msg('v.noSuchFile', undefined, nearbyFile(file)),
  };
  if (file === STDIN_ARG) return inlineFiles(readStdin(STDIN_LABEL, rules), STDIN_LABEL, process.cwd());
  const resolved = resolveScenarioPath(file);
  return inlineFiles(readRegularFile(resolved, rules), scenarioLabel(file), path.dirname(resolved));
}

/** The text with the lag files and the replay file it names read into it. */
function inlineFiles(text: string, label: string, dir: string): string {
  return inlineReplayFile(inlineLagFiles(text, label, dir), label, dir);
}

/**
 * "; did you mean scenarios/apple-stock.yaml?" when a file of a close name sits in the same
 * folder, else "; did you mean apple-stock?" when a bundled scenario's name is close.
 */
function nearbyFile(file: string): Msg | undefined {
  const near = nearFileInFolder(file) ?? closest(file.replace(/\.(ya?ml|json)$/i, ''), bundledScenarios().map((s) => s.name));
  return near !== undefined ? msg('vh.didYouMean', { near }) : undefined;
}

function nearFileInFolder(file: string): string | undefined {
  try {
    const dir = path.dirname(file);
    const near = closest(path.basename(file), fs.readdirSync(dir).filter((n) => /\.(ya?ml|json)$/i.test(n)));
    return near === undefined ? undefined : path.join(dir, near);
  } catch {
    return undefined;
  }
}
