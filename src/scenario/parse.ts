import { scenarioSchema, strategySpec } from './schema';
import { compile, crossCheck } from './compile';
import { InputError, formatPath } from './errors';
import { checkParsedValue, parseJson, parseYaml } from './parseText';
import { scenarioErrorMap } from './messages';
import { show } from './units';
import { memoryProblems } from './limits';
import { Scenario } from './types';
import { StrategySpec } from '../strategies';

/**
 * Scenario parsing and validation, with no file system: the CLI reaches it through
 * load.ts, the browser lab directly (its bundle admits no node module).
 */

/** Largest scenario file read, so a stray multi-gigabyte file is refused, not parsed. */
export const MAX_FILE_BYTES = 5 * 1024 * 1024;

export interface Overrides {
  seed?: number;
  /** Strategy specs as the command line gives them, e.g. "post-write-window(window=2s,scope=session)". */
  strategies?: string[];
}

/**
 * Parses and validates a scenario; throws InputError listing every problem.
 * `source` is the file's text — JSON when `label` ends in .json, else YAML — or the
 * document already parsed (a plain object, as YAML or JSON parsing gives it), which is
 * checked exactly as its text would be. `label` names the scenario in messages.
 */
export function parseScenario(source: string | object, label: string, overrides: Overrides = {}): Scenario {
  if (typeof source === 'string' && source.length > MAX_FILE_BYTES) throw new InputError([`${label}: ${source.length} characters; scenario files are limited to ${MAX_FILE_BYTES} bytes`]);
  const seed = overrides.seed;
  if (seed !== undefined && !(Number.isSafeInteger(seed) && seed >= 0)) throw new InputError([`--seed: expected a whole number ≥ 0, got ${seed}`]);
  const raw = typeof source !== 'string' ? checkParsedValue(source, label) : /\.json$/i.test(label) ? parseJson(source, label) : parseYaml(source, label);
  const r = scenarioSchema.safeParse(raw, { error: scenarioErrorMap, reportInput: true });
  if (!r.success) throw new InputError(describeIssues(r.error.issues).map((line) => `${label}: ${line}`));
  const input = r.data;
  if (seed !== undefined) input.seed = seed;
  const cross = crossCheck(input);
  if (cross.length > 0) throw new InputError(cross.map(([p, m]) => `${label}: ${formatPath(p)}: ${m}`));
  const strategies = overrides.strategies?.map(parseStrategyArg);
  const heavy = memoryProblems(input, strategies ?? input.strategies ?? []);
  if (heavy.length > 0) throw new InputError(heavy.map(([p, m]) => `${label}: ${formatPath(p)}: ${m}`));
  return compile(input, strategies);
}

/** `name`, `name(k=v,…)` or `name:k=v,…` → a validated StrategySpec; InputError naming --strategy. */
export function parseStrategyArg(arg: string): StrategySpec {
  const m = /^\s*([A-Za-z0-9_-]+)\s*(?:\((.*)\)|:(.*))?\s*$/.exec(arg);
  const where = `--strategy ${JSON.stringify(arg)}`;
  if (m === null) throw new InputError([`${where}: expected name or name(key=value,…), e.g. "post-write-window(window=2s,scope=session)"`]);
  const spec: Record<string, unknown> = { name: m[1] };
  const body = (m[2] ?? m[3] ?? '').trim();
  if (body !== '') {
    for (const pair of body.split(',')) {
      const eq = pair.indexOf('=');
      if (eq <= 0) throw new InputError([`${where}: "${pair.trim()}" is not key=value`]);
      const value = pair.slice(eq + 1).trim();
      const key = pair.slice(0, eq).trim();
      if (Object.hasOwn(spec, key)) throw new InputError([`${where}: ${key} is given twice`]);
      spec[key] = /^-?\d+(\.\d+)?$/.test(value) ? Number(value) : value === 'true' ? true : value === 'false' ? false : value;
    }
  }
  const r = strategySpec.safeParse(spec, { error: scenarioErrorMap, reportInput: true });
  if (!r.success) throw new InputError(describeIssues(r.error.issues).map((line) => `${where}: ${line}`));
  return r.data;
}

interface Issue {
  code: string;
  path: PropertyKey[];
  message: string;
  keys?: string[];
  expected?: string;
  input?: unknown;
}

/** One line per problem: "field.path: what is wrong". */
export function describeIssue(issue: Issue): string {
  let where = formatPath(issue.path);
  let message = issue.message.replace(/^Invalid input: /, '');
  if (issue.code === 'unrecognized_keys' && issue.keys) {
    if (issue.keys.length === 1) where = formatPath([...issue.path, issue.keys[0]]);
    if (!message.startsWith('unknown field')) message = issue.keys.length === 1 ? 'unknown field' : `unknown fields ${issue.keys.map((k) => JSON.stringify(k)).join(', ')}`;
  } else if (issue.code === 'invalid_format' && typeof issue.input === 'string') {
    // The schema's own wording says what is expected; add what was found, and a fixed-up name.
    message += `, got ${show(issue.input)}`;
    const slug = issue.input.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
    if (issue.path[issue.path.length - 1] === 'name' && /^[a-z0-9-]{1,64}$/.test(slug)) message += ` (try "${slug}")`;
  }
  return where === '' ? message : `${where}: ${message}`;
}

/**
 * Every issue once per field: zod can raise two for one value (a huge integer is both
 * "too big" and "unsafe"); the first says it.
 */
export function describeIssues(issues: Issue[]): string[] {
  const lines: string[] = [];
  const seen = new Set<string>();
  for (const issue of issues) {
    const line = describeIssue(issue);
    const key = issue.code === 'unrecognized_keys' ? line : formatPath(issue.path);
    if (seen.has(key)) continue;
    seen.add(key);
    lines.push(line);
  }
  return lines;
}
