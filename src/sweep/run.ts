import { StrategyResult, Summary } from '../metrics/summary';
import { usToMs } from '../engine/time';
import { SweepPlan } from './plan';
import { PoolOptions, runTasks } from './pool';
import { SweepTask } from './task';

/** A finished sweep: one summary per value, strategies in file order at every point. */
export interface SweepResult {
  scenario: string;
  title: string;
  seed: number;
  runs: number;
  param: { path: string; kind: string; unit: string; values: string[] };
  /** One name per strategy of the file, the swept part shown as "…" when it varies. */
  families: string[];
  points: Array<{ value: string; x: number | null; summary: Summary }>;
}

/**
 * Runs every strategy at every point it depends on (same seeds everywhere: common random numbers make
 * neighbouring points differ by the parameter, not by luck) and gathers the summaries.
 */
export async function runSweep(plan: SweepPlan, runs: number, pool: PoolOptions): Promise<SweepResult> {
  return assembleSweep(plan, runs, await runTasks(sweepTasks(plan, runs).tasks, pool));
}

/** The sweep's distinct runs, and at[point][strategy]: the task whose result that cell shows. */
export interface SweepTasks {
  tasks: SweepTask[];
  at: number[][];
}

/**
 * The sweep's runs in a fixed order: every strategy of the first value, then those of
 * the next value the swept parameter touches, and so on. A strategy whose runs the value
 * does not change (same run key, plan.ts) is not run again: its earlier result is shown.
 */
export function sweepTasks(plan: SweepPlan, runs: number): SweepTasks {
  const tasks: SweepTask[] = [];
  const byKey = new Map<string, number>();
  const at = plan.points.map((p) => p.runKeys.map((key, strategy) => {
    let k = byKey.get(key);
    if (k === undefined) {
      k = tasks.push({ docText: p.docText, label: p.label, overrides: plan.overrides, strategy, runs }) - 1;
      byKey.set(key, k);
    }
    return k;
  }));
  return { tasks, at };
}

/** Gathers the results of sweepTasks (in its order) into the sweep — wherever they were computed. */
export function assembleSweep(plan: SweepPlan, runs: number, results: StrategyResult[]): SweepResult {
  const { at } = sweepTasks(plan, runs);
  const seed = plan.base.seed;
  const points = plan.points.map((p, i) => {
    const summary: Summary = { scenario: plan.base.name, seed, runs, horizonMs: usToMs(p.horizonUs), results: at[i].map((k) => results[k]) };
    return { value: p.value.text, x: p.value.x, summary };
  });
  const count = Math.max(...plan.points.map((p) => p.strategies.length));
  const families = Array.from({ length: count }, (_, i) => familyName(plan.points.map((p) => p.strategies[i] ?? '')));
  return {
    scenario: plan.base.name,
    title: plan.base.title,
    seed,
    runs,
    param: { path: plan.param.pathText, kind: plan.param.kind, unit: plan.param.unit, values: plan.param.values.map((v) => v.text) },
    families,
    points,
  };
}

/**
 * The name of a strategy across the sweep: its label when it never changes, else the
 * label with the changing part replaced by "…" at parameter boundaries:
 * post-write-window(window=0ms,scope=key) … (window=2s,scope=key) → post-write-window(window=…,scope=key).
 */
export function familyName(labels: string[]): string {
  const first = labels[0];
  if (labels.every((l) => l === first)) return first;
  let pre = 0;
  while (labels.every((l) => pre < l.length && l[pre] === first[pre])) pre++;
  let suf = 0;
  while (labels.every((l) => suf < l.length - pre && l[l.length - 1 - suf] === first[first.length - 1 - suf])) suf++;
  // Widen the changing part to whole parameter values: after "=", "(" or ",", up to "," or ")".
  while (pre > 0 && !'=(,'.includes(first[pre - 1])) pre--;
  while (suf > 0 && !',)'.includes(first[first.length - suf])) suf--;
  return `${first.slice(0, pre)}…${first.slice(first.length - suf)}`;
}
