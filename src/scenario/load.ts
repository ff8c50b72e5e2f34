import * as fs from 'fs';
import * as path from 'path';
import { closest } from './messages';
import { MAX_FILE_BYTES, Overrides, parseScenario } from './parse';
import { Scenario } from './types';
import { msg, Msg } from '../i18n/problem';
import { readRegularFile } from './readFile';
import { resolveScenarioPath } from './bundled';

export { MAX_FILE_BYTES, parseScenario, parseStrategyArg, scenarioDocument, describeIssue, describeIssues } from './parse';
export type { Overrides } from './parse';

/** Reads, parses and validates a scenario file. Throws InputError listing every problem. */
export function loadScenarioFile(file: string, overrides: Overrides = {}): Scenario {
  return parseScenario(readScenarioText(file), file, overrides);
}

/**
 * A scenario file's text: a regular file of at most MAX_FILE_BYTES, or InputError naming it.
 * A name that is no file here but a bundled scenario's (`apple-stock`) reads that one.
 */
export function readScenarioText(file: string): string {
  return readRegularFile(resolveScenarioPath(file), {
    maxBytes: MAX_FILE_BYTES,
    folder: msg('v.isFolder'),
    tooBig: (n) => msg('v.fileTooBig', { n, limit: MAX_FILE_BYTES }),
    missing: () => msg('v.noSuchFile', undefined, nearbyFile(file)),
  });
}

/** "; did you mean scenarios/apple-stock.yaml?" when a file of a close name sits in the same folder. */
function nearbyFile(file: string): Msg | undefined {
  try {
    const dir = path.dirname(file);
    const near = closest(path.basename(file), fs.readdirSync(dir).filter((n) => /\.(ya?ml|json)$/i.test(n)));
    return near !== undefined ? msg('vh.didYouMean', { near: path.join(dir, near) }) : undefined;
  } catch {
    return undefined;
  }
}
