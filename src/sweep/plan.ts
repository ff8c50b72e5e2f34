import { createHash } from 'crypto';
import { at, msg, Problem, renderProblem, within } from '../i18n/problem';
import { parseScenario, readScenarioText, scenarioLabel, Overrides } from '../scenario/load';
import { InputError } from '../scenario/errors';
import { parseYaml } from '../scenario/parseText';
import { Scenario } from '../scenario/types';
import { ParamSpec, SweepValue, parseParam } from './param';
import { substitute } from './substitute';

/** One point of a sweep: the swept value and the scenario document with it filled in. */
export interface SweepPoint {
  value: SweepValue;
  /** The substituted document as JSON text; workers parse it with the normal loader. */
  docText: string;
  /** Names the point in messages: `scenarios/x.yaml (strategies[3].window=250ms)`. */
  label: string;
  horizonUs: number;
  /** Labels of the point's strategies, in file order. */
  strategies: string[];
  /**
   * Per strategy, what defines its runs: the point's document without its strategy list,
   * hashed, and the strategy as parsed. Equal keys at two points mean equal results, so
   * a strategy the swept parameter does not touch runs once (sweepTasks).
   */
  runKeys: string[];
}

export interface SweepPlan {
  file: string;
  base: Scenario;
  param: ParamSpec;
  points: SweepPoint[];
  overrides: Overrides;
}

/** Bound on points × document size held by one sweep. */
export const MAX_SWEEP_TEXT_BYTES = 512 * 1024 ** 2;

/**
 * Plans a sweep: validates the file as it is, substitutes each value into the parsed
 * document, and validates every point through the normal loader before anything runs,
 * so a bad value fails fast with its field path (`strategies[3].window: …`).
 * `text`, when given, is the file's content (`lagsim merge` replans from a shard's copy).
 */
export function planSweep(arg: string, paramArg: string, steps: number, overrides: Overrides = {}, text?: string): SweepPlan {
  const source = text ?? readScenarioText(arg);
  const file = scenarioLabel(arg);
  const base = parseScenario(source, file, overrides);
  const param = parseParam(paramArg, steps);
  if (param.path[0] === 'strategies' && overrides.strategies !== undefined) {
    throw new InputError([at(`--param ${param.pathText}`, msg('v.paramStrategyConflict'))]);
  }
  // Every point keeps its own copy of the document until it has run: bound the total.
  if (param.values.length * source.length > MAX_SWEEP_TEXT_BYTES) {
    throw new InputError([at(`${file}: --param ${param.pathText}`, msg('v.sweepTooBig', { points: param.values.length, bytes: source.length, mb: MAX_SWEEP_TEXT_BYTES / 1024 ** 2 }))]);
  }
  // The file parsed again without validation, to substitute into (JSON is YAML too),
  // by the loader's own linear-time parser.
  const doc = parseYaml(source, file);
  const problems: Problem[] = [];
  const seen = new Set<string>();
  const points: SweepPoint[] = [];
  for (const value of param.values) {
    const label = `${file} (${param.pathText}=${value.text})`;
    const filled = substitute(doc, param.path, value.raw);
    if ('problem' in filled) {
      problems.push(...within(`${file}: --param ${param.pathText}`, [filled.problem]));
      break;
    }
    const docText = JSON.stringify(filled.doc);
    let sc: Scenario;
    try {
      sc = parseScenario(docText, label, overrides);
    } catch (err) {
      if (!(err instanceof InputError)) throw err;
      // The same mistake at every point (an unknown field) is reported once.
      for (const p of err.issues) {
        const what = renderProblem('en', p.where.startsWith(label) ? { ...p, where: p.where.slice(label.length) } : p);
        if (!seen.has(what)) problems.push(p);
        seen.add(what);
      }
      continue;
    }
    const runKeys = runKeysOf(filled.doc, sc);
    points.push({ value, docText, label, horizonUs: sc.horizonUs, strategies: sc.strategies.map((x) => x.label), runKeys });
  }
  if (problems.length > 0) throw new InputError(problems);
  return { file, base, param, points, overrides };
}

/**
 * A strategy's run depends on the scenario and on that strategy alone (each runs by
 * itself, sweep/task.ts): the key is the document without `strategies` and the parsed
 * spec (overrides included). A scenario-level parameter (lag, rates) changes the first
 * part, so it touches every strategy.
 */
function runKeysOf(doc: unknown, sc: Scenario): string[] {
  const { strategies: _list, ...rest } = doc as Record<string, unknown>;
  const scene = createHash('sha256').update(JSON.stringify(rest)).digest('hex');
  return sc.strategies.map((spec) => `${scene} ${JSON.stringify(spec)}`);
}
