import * as fs from 'fs';
import * as path from 'path';
import { InputError } from './errors';
import { closest } from './messages';
import { MAX_FILE_BYTES, Overrides, parseScenario } from './parse';
import { Scenario } from './types';

export { MAX_FILE_BYTES, parseScenario, parseStrategyArg, describeIssue, describeIssues } from './parse';
export type { Overrides } from './parse';

/** Reads, parses and validates a scenario file. Throws InputError listing every problem. */
export function loadScenarioFile(file: string, overrides: Overrides = {}): Scenario {
  let text: string;
  try {
    const stat = fs.statSync(file);
    if (stat.isDirectory()) throw new InputError([`${file}: is a folder, not a scenario file`]);
    if (stat.size > MAX_FILE_BYTES) throw new InputError([`${file}: ${stat.size} bytes; scenario files are limited to ${MAX_FILE_BYTES} bytes`]);
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    if (err instanceof InputError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    throw new InputError([`${file}: ${code === 'ENOENT' ? `no such file${nearbyFile(file)}` : `cannot read (${code ?? String(err)})`}`]);
  }
  return parseScenario(text, file, overrides);
}

/** "; did you mean scenarios/apple-stock.yaml?" when a file of a close name sits in the same folder. */
function nearbyFile(file: string): string {
  try {
    const dir = path.dirname(file);
    const near = closest(path.basename(file), fs.readdirSync(dir).filter((n) => /\.(ya?ml|json)$/i.test(n)));
    return near !== undefined ? `; did you mean ${path.join(dir, near)}?` : '';
  } catch {
    return '';
  }
}
