import * as fs from 'fs';
import * as path from 'path';
import YAML, { LineCounter } from 'yaml';
import { scenarioSchema, strategySpec } from './schema';
import { compile, crossCheck } from './compile';
import { InputError, formatPath } from './errors';
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
    if (stat.isDirectory()) throw new InputError([`${file}: is a folder, not a scenario file`]);
    if (stat.size > MAX_FILE_BYTES) throw new InputError([`${file}: ${stat.size} bytes; scenario files are limited to ${MAX_FILE_BYTES} bytes`]);
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    if (err instanceof InputError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    throw new InputError([`${file}: ${code === 'ENOENT' ? 'no such file' : `cannot read (${code ?? String(err)})`}`]);
  }
  return parseScenario(text, file, overrides);
}

/** Parses scenario text; `label` names it in messages. JSON when the label ends in .json, else YAML. */
export function parseScenario(text: string, label: string, overrides: Overrides = {}): Scenario {
  const raw = path.extname(label).toLowerCase() === '.json' ? parseJson(text, label) : parseYaml(text, label);
  const r = scenarioSchema.safeParse(raw);
  if (!r.success) throw new InputError(r.error.issues.map((i) => `${label}: ${describeIssue(i)}`));
  const input = r.data;
  if (overrides.seed !== undefined) input.seed = overrides.seed;
  const cross = crossCheck(input);
  if (cross.length > 0) throw new InputError(cross.map(([p, m]) => `${label}: ${formatPath(p)}: ${m}`));
  const strategies = overrides.strategies?.map(parseStrategyArg);
  return compile(input, strategies);
}

/** `name`, `name(k=v,…)` or `name:k=v,…` → a validated StrategySpec; InputError naming --strategy. */
export function parseStrategyArg(arg: string): StrategySpec {
  const m = /^\s*([a-z0-9-]+)\s*(?:\((.*)\)|:(.*))?\s*$/.exec(arg);
  const where = `--strategy ${JSON.stringify(arg)}`;
  if (m === null) throw new InputError([`${where}: expected name or name(key=value,…), e.g. "post-write-window(window=2s,scope=session)"`]);
  const spec: Record<string, unknown> = { name: m[1] };
  const body = (m[2] ?? m[3] ?? '').trim();
  if (body !== '') {
    for (const pair of body.split(',')) {
      const eq = pair.indexOf('=');
      if (eq <= 0) throw new InputError([`${where}: "${pair.trim()}" is not key=value`]);
      const value = pair.slice(eq + 1).trim();
      spec[pair.slice(0, eq).trim()] = /^-?\d+(\.\d+)?$/.test(value) ? Number(value) : value === 'true' ? true : value === 'false' ? false : value;
    }
  }
  const r = strategySpec.safeParse(spec);
  if (!r.success) throw new InputError(r.error.issues.map((i) => `${where}: ${describeIssue(i)}`));
  return r.data;
}

function parseJson(text: string, label: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new InputError([`${label}: not valid JSON: ${(err as Error).message}`]);
  }
}

function parseYaml(text: string, label: string): unknown {
  // Duplicate keys are errors (uniqueKeys), and alias expansion is capped, so a
  // "billion laughs" file fails fast instead of eating memory.
  const lines = new LineCounter();
  const doc = YAML.parseDocument(text, { uniqueKeys: true, prettyErrors: false, strict: true, lineCounter: lines });
  if (doc.errors.length > 0) {
    throw new InputError(doc.errors.slice(0, 20).map((e) => {
      const at = lines.linePos(e.pos[0]);
      return `${label}:${at.line}:${at.col}: ${e.message.split('\n')[0]}`;
    }));
  }
  try {
    const value = doc.toJS({ maxAliasCount: 100 });
    if (value === null || value === undefined) throw new InputError([`${label}: the file is empty`]);
    return value;
  } catch (err) {
    if (err instanceof InputError) throw err;
    throw new InputError([`${label}: ${(err as Error).message.split('\n')[0]}`]);
  }
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
  let message = issue.message;
  if (issue.code === 'unrecognized_keys' && issue.keys) {
    if (issue.keys.length === 1) {
      where = formatPath([...issue.path, issue.keys[0]]);
      message = 'unknown field';
    } else {
      message = `unknown fields ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
    }
  } else if (issue.code === 'invalid_type' && issue.input === undefined) {
    message = `missing (expected ${issue.expected})`;
  } else {
    message = message.replace(/^Invalid input: /, '');
  }
  return where === '' ? message : `${where}: ${message}`;
}
