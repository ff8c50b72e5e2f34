import * as fs from 'fs';
import * as path from 'path';
import { scenarioSchema, strategySpec } from './schema';
import { compile, crossCheck } from './compile';
import { InputError, formatPath } from './errors';
import { parseJson, parseYaml } from './parseText';
import { closest, scenarioErrorMap } from './messages';
import { problemOf, ProblemParams } from './zodProblem';
import { at, msg, Msg, Problem, renderProblem, text, within } from '../i18n/problem';
import { memoryProblems } from './limits';
import { Scenario } from './types';
import { StrategySpec } from '../strategies';

/** Largest scenario file read, so a stray multi-gigabyte file is refused, not parsed. */
export const MAX_FILE_BYTES = 5 * 1024 * 1024;

export interface Overrides {
  seed?: number;
  /** Strategy specs as the command line gives them, e.g. "post-write-window(window=2s,scope=session)". */
  strategies?: string[];
}

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

/** Parses scenario text; `label` names it in messages. JSON when the label ends in .json, else YAML. */
export function parseScenario(text: string, label: string, overrides: Overrides = {}): Scenario {
  if (text.length > MAX_FILE_BYTES) throw new InputError([at(label, msg('v.textTooBig', { n: text.length, limit: MAX_FILE_BYTES }))]);
  const seed = overrides.seed;
  if (seed !== undefined && !(Number.isSafeInteger(seed) && seed >= 0)) throw new InputError([at('', msg('v.seedArg', { got: String(seed) }))]);
  const raw = path.extname(label).toLowerCase() === '.json' ? parseJson(text, label) : parseYaml(text, label);
  const r = scenarioSchema.safeParse(raw, { error: scenarioErrorMap, reportInput: true });
  if (!r.success) throw new InputError(within(label, describeIssues(r.error.issues)));
  const input = r.data;
  if (seed !== undefined) input.seed = seed;
  const cross = crossCheck(input);
  if (cross.length > 0) throw new InputError(cross.map(([p, m]) => at(`${label}: ${formatPath(p)}`, m)));
  const strategies = overrides.strategies?.map(parseStrategyArg);
  const heavy = memoryProblems(input, strategies ?? input.strategies ?? []);
  if (heavy.length > 0) throw new InputError(heavy.map(([p, m]) => at(`${label}: ${formatPath(p)}`, m)));
  return compile(input, strategies);
}

/** `name`, `name(k=v,…)` or `name:k=v,…` → a validated StrategySpec; InputError naming --strategy. */
export function parseStrategyArg(arg: string): StrategySpec {
  const m = /^\s*([A-Za-z0-9_-]+)\s*(?:\((.*)\)|:(.*))?\s*$/.exec(arg);
  const where = `--strategy ${JSON.stringify(arg)}`;
  if (m === null) throw new InputError([at(where, msg('v.strategyArg'))]);
  const spec: Record<string, unknown> = { name: m[1] };
  const body = (m[2] ?? m[3] ?? '').trim();
  if (body !== '') {
    for (const pair of body.split(',')) {
      const eq = pair.indexOf('=');
      if (eq <= 0) throw new InputError([at(where, msg('v.strategyPair', { pair: `"${pair.trim()}"` }))]);
      const value = pair.slice(eq + 1).trim();
      const key = pair.slice(0, eq).trim();
      if (Object.hasOwn(spec, key)) throw new InputError([at(where, msg('v.strategyTwice', { key }))]);
      spec[key] = /^-?\d+(\.\d+)?$/.test(value) ? Number(value) : value === 'true' ? true : value === 'false' ? false : value;
    }
  }
  const r = strategySpec.safeParse(spec, { error: scenarioErrorMap, reportInput: true });
  if (!r.success) throw new InputError(within(where, describeIssues(r.error.issues)));
  return r.data;
}

interface Issue extends ProblemParams {
  code: string;
  path: PropertyKey[];
  message: string;
  keys?: string[];
}

/** One problem per issue: "field.path: what is wrong", with the problem our error map attached. */
export function describeIssue(issue: Issue): Problem {
  const single = issue.code === 'unrecognized_keys' && issue.keys?.length === 1;
  const where = formatPath(single ? [...issue.path, issue.keys![0]] : issue.path);
  return at(where, problemOf(issue) ?? zodsOwn(issue));
}

/** An issue that no error map of ours saw (a nested parse of zod's own). */
function zodsOwn(issue: Issue): Msg {
  if (issue.code === 'unrecognized_keys' && issue.keys) {
    return issue.keys.length === 1 ? msg('v.unknownField') : msg('v.unknownFields', { list: issue.keys.map((k) => JSON.stringify(k)) });
  }
  if (issue.code === 'invalid_key') return msg('v.invalidKey');
  return text(issue.message.replace(/^Invalid input: /, ''));
}

/**
 * Every issue once per field: zod can raise two for one value (a huge integer is both
 * "too big" and "unsafe"); the first says it.
 */
export function describeIssues(issues: Issue[]): Problem[] {
  const out: Problem[] = [];
  const seen = new Set<string>();
  for (const issue of issues) {
    const problem = describeIssue(issue);
    const key = issue.code === 'unrecognized_keys' ? renderProblem('en', problem) : formatPath(issue.path);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(problem);
  }
  return out;
}
