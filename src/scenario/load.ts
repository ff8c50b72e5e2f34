import * as fs from 'fs';
import * as path from 'path';
import { InputError } from './errors';
import { closest } from './messages';
import { MAX_FILE_BYTES, Overrides, parseScenario } from './parse';
import { Scenario } from './types';
import { at, msg, Msg } from '../i18n/problem';

export { MAX_FILE_BYTES, parseScenario, parseStrategyArg, describeIssue, describeIssues } from './parse';
export type { Overrides } from './parse';

/** Reads, parses and validates a scenario file. Throws InputError listing every problem. */
export function loadScenarioFile(file: string, overrides: Overrides = {}): Scenario {
  let text: string;
  try {
    const stat = fs.statSync(file);
    if (stat.isDirectory()) throw new InputError([at(file, msg('v.isFolder'))]);
    if (stat.size > MAX_FILE_BYTES) throw new InputError([at(file, msg('v.fileTooBig', { n: stat.size, limit: MAX_FILE_BYTES }))]);
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    if (err instanceof InputError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    throw new InputError([at(file, code === 'ENOENT' ? msg('v.noSuchFile', undefined, nearbyFile(file)) : msg('v.cannotRead', { code: code ?? String(err) }))]);
  }
  return parseScenario(text, file, overrides);
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
