import { scenarioSchema, strategySpec } from './schema';
import { compile, crossCheck } from './compile';
import { InputError, formatPath } from './errors';
import { checkParsedValue, parseDocument } from './parseText';
import { scenarioErrorMap } from './messages';
import { problemOf, ProblemParams } from './zodProblem';
import { at, msg, Msg, Problem, renderProblem, text, within } from '../i18n/problem';
import { memoryProblems } from './limits';
import { Scenario, ScenarioSource } from './types';
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
 * `source` is the file's text — JSON when `label` ends in .json, else YAML (parseDocument) — or the
 * document already parsed (a plain object, as YAML or JSON parsing gives it), which is
 * checked exactly as its text would be. `label` names the scenario in messages.
 */
export function parseScenario(source: string | object, label = 'scenario', overrides: Overrides = {}): Scenario {
  if (typeof source === 'string' && source.length > MAX_FILE_BYTES) throw new InputError([at(label, msg('v.textTooBig', { n: source.length, limit: MAX_FILE_BYTES }))]);
  const seed = overrides.seed;
  if (seed !== undefined && !(Number.isSafeInteger(seed) && seed >= 0)) throw new InputError([at('', msg('v.seedArg', { got: String(seed) }))]);
  const raw = typeof source !== 'string' ? checkParsedValue(source, label) : parseDocument(source, label);
  const r = scenarioSchema.safeParse(raw, { error: scenarioErrorMap, reportInput: true });
  if (!r.success) throw new InputError(within(label, describeIssues(r.error.issues)));
  const input = r.data;
  if (seed !== undefined) input.seed = seed;
  const cross = crossCheck(input);
  if (cross.length > 0) throw new InputError(cross.map(([p, m]) => at(`${label}: ${formatPath(p)}`, m)));
  const strategies = overrides.strategies?.map(parseStrategyArg);
  const heavy = memoryProblems(input, strategies ?? input.strategies ?? []);
  if (heavy.length > 0) throw new InputError(heavy.map(([p, m]) => at(`${label}: ${formatPath(p)}`, m)));
  const kept: ScenarioSource = { text: JSON.stringify(raw) };
  if (overrides.strategies !== undefined) kept.strategies = overrides.strategies.map(strategyArgDoc);
  return { ...compile(input, strategies), source: kept };
}

/**
 * The scenario as a document in the file format (units as written, nothing internal),
 * with the seed, the strategies it runs and the SLOs it checks: parsing it gives the same
 * scenario, so a report's scenario.json runs again to the same numbers and verdicts.
 */
export function scenarioDocument(sc: Scenario): Record<string, unknown> {
  const { text, strategies, slo } = sc.source;
  const doc = JSON.parse(text) as Record<string, unknown>;
  return { ...doc, seed: sc.seed, ...(strategies === undefined ? {} : { strategies }), ...(slo === undefined ? {} : { slo }) };
}

/** A `--strategy` argument in the file's form: its name, or { name, …parameters }. */
function strategyArgDoc(arg: string): string | Record<string, unknown> {
  const spec = strategyArgFields(arg, argWhere('--strategy', arg));
  return Object.keys(spec).length === 1 ? spec.name as string : spec;
}

/** `name`, `name(k=v,…)` or `name:k=v,…` → a validated StrategySpec; InputError naming --strategy. */
export function parseStrategyArg(arg: string): StrategySpec {
  return parseStrategyGiven(arg, '--strategy');
}

/** parseStrategyArg for an argument `given` otherwise (`proxy`: the command's operand), which problems name. */
export function parseStrategyGiven(arg: string, given: string): StrategySpec {
  const where = argWhere(given, arg);
  const spec = strategyArgFields(arg, where);
  const r = strategySpec.safeParse(spec, { error: scenarioErrorMap, reportInput: true });
  if (!r.success) throw new InputError(within(where, describeIssues(r.error.issues)));
  return r.data;
}

/** Where a problem with a strategy argument is: how it was given and what it was (`--strategy "x(y)"`). */
function argWhere(given: string, arg: string): string {
  return `${given} ${JSON.stringify(arg)}`;
}

/** The fields a `--strategy` argument names, values typed as a file would write them; problems at `where`. */
function strategyArgFields(arg: string, where: string): Record<string, unknown> {
  const m = /^\s*([A-Za-z0-9_-]+)\s*(?:\((.*)\)|:(.*))?\s*$/.exec(arg);
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
  return spec;
}

interface Issue extends ProblemParams {
  code: string;
  path: PropertyKey[];
  message: string;
  keys?: string[];
  /** invalid_key: what the record's key schema said about the key. */
  issues?: readonly object[];
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
  if (issue.code === 'invalid_key') return problemOf((issue.issues?.[0] ?? {}) as ProblemParams) ?? msg('v.invalidKey');
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
