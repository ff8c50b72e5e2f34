import { STRATEGIES } from '../strategies';
import { MetricPath, metricValue } from '../metrics/registry';
import { StrategyResult } from '../metrics/summary';
import { Slo } from '../metrics/threshold';
import type { SloCheck } from '../metrics/slo';
import { Evaluated } from './search';
import { axisText, paramsOf } from './space';

/**
 * What the search found, as advise reports it: the Pareto frontier, the cheapest
 * configuration that meets every SLO and the runner-up, or the nearest miss and the
 * moves that bring it closer. Every number is a searched configuration's (means of
 * its replications).
 */

/** The three costs the frontier weighs, lower being better on each. */
export const OBJECTIVES: readonly MetricPath[] = ['staleRate', 'masterReadShare', 'readLatencyMs.p99'];

/** An SLO check of one configuration: `run`'s check, without the strategy and the comparison it repeats. */
export type AdviseCheck = Omit<SloCheck, 'strategy' | 'is'>;

export interface AdviseConfig {
  label: string;
  strategy: string;
  /** Searched fields as the scenario file writes them. */
  params: Record<string, string>;
  phase: 'grid' | 'refine';
  result: StrategyResult;
  checks: AdviseCheck[];
  meets: boolean;
  /** On the Pareto frontier of OBJECTIVES. */
  frontier: boolean;
}

/** A move from the nearest miss along one of its strategy's parameters, to a searched configuration. */
export interface Move {
  field: string;
  from: string;
  to: string;
  /** Index into configs. */
  config: number;
  /** The missed SLO's metric there, and whether that SLO then holds. */
  value: number;
  holds: boolean;
  /** SLOs the miss met that fail there. */
  breaks: string[];
}

export interface Miss {
  slo: string;
  metric: MetricPath;
  value: number;
  ci95?: number;
  excess: number;
  /** The best value of the metric over every searched configuration (index), for this SLO. */
  best: { config: number; value: number; holds: boolean };
  moves: Move[];
}

export interface Verdicts {
  /** Indices into configs that meet every SLO, cheapest first. */
  meeting: number[];
  winner: number | null;
  runnerUp: number | null;
  nearestMiss: { config: number; misses: Miss[] } | null;
}

/** True when a is at least as good as b on every objective and better on one. */
function dominates(a: number[], b: number[]): boolean {
  let better = false;
  for (let i = 0; i < a.length; i++) {
    if (a[i] > b[i]) return false;
    if (a[i] < b[i]) better = true;
  }
  return better;
}

/** Indices of the points no other point dominates (equal points all stay). */
export function paretoFront(points: readonly number[][]): number[] {
  return points.flatMap((p, i) => (points.some((q) => dominates(q, p)) ? [] : [i]));
}

export function objectives(r: StrategyResult): number[] {
  return OBJECTIVES.map((m) => metricValue(r, m));
}

export function configsOf(evaluated: readonly Evaluated[], slos: readonly Slo[]): AdviseConfig[] {
  const front = new Set(paretoFront(evaluated.map((e) => objectives(e.result))));
  return evaluated.map((e, i) => ({
    label: e.label,
    strategy: e.cand.name,
    params: paramsOf(e.cand),
    phase: e.phase,
    result: e.result,
    checks: e.verdicts.map((v, k) => ({ slo: slos[k].text, metric: slos[k].metric, than: slos[k].than, ...v })),
    meets: e.meets,
    frontier: front.has(i),
  }));
}

/**
 * Cheapest first: the lowest master read share (the load a configuration puts on the
 * master, what a replica exists to take away), then the lowest p99 read latency, then the
 * lowest stale rate, then search order (the registry's strategy order, smaller parameter
 * values first on the grid).
 */
export function cheaper(configs: readonly AdviseConfig[], order: readonly number[]) {
  return (a: number, b: number): number => {
    const ra = configs[a].result;
    const rb = configs[b].result;
    return ra.masterReadShare - rb.masterReadShare || ra.readLatencyMs.p99 - rb.readLatencyMs.p99 || ra.staleRate - rb.staleRate || order[a] - order[b];
  };
}

/** Search order of each config: registry order of its strategy, then its lattice coordinates. */
export function searchOrder(evaluated: readonly Evaluated[]): number[] {
  const names = Object.keys(STRATEGIES);
  const keyed = evaluated.map((e, i) => ({ i, name: names.indexOf(e.cand.name), coords: e.cand.coords }));
  keyed.sort((a, b) => a.name - b.name || compareCoords(a.coords, b.coords, evaluated[a.i].cand.name));
  const order = new Array<number>(evaluated.length);
  keyed.forEach((k, rank) => (order[k.i] = rank));
  return order;
}

function compareCoords(a: ReadonlyArray<number | string | null>, b: ReadonlyArray<number | string | null>, name: string): number {
  const axes = STRATEGIES[name].advise.axes;
  for (let i = 0; i < a.length; i++) {
    if (a[i] === b[i]) continue;
    if (a[i] === null) return -1;
    if (b[i] === null) return 1;
    const axis = axes[i];
    if (axis.kind === 'choice') return axis.options.indexOf(a[i] as string) - axis.options.indexOf(b[i] as string);
    return (a[i] as number) - (b[i] as number);
  }
  return 0;
}

export function verdictsOf(configs: readonly AdviseConfig[], evaluated: readonly Evaluated[], slos: readonly Slo[]): Verdicts {
  const order = searchOrder(evaluated);
  const meeting = configs.flatMap((c, i) => (c.meets ? [i] : [])).sort(cheaper(configs, order));
  if (meeting.length > 0) {
    const winner = meeting[0];
    const other = meeting.find((i) => configs[i].strategy !== configs[winner].strategy) ?? meeting[1] ?? null;
    return { meeting, winner, runnerUp: other, nearestMiss: null };
  }
  return { meeting, winner: null, runnerUp: null, nearestMiss: nearestMiss(configs, evaluated, slos, order) };
}

/**
 * The configuration closest to meeting every SLO: the fewest violated SLOs, then the
 * smallest sum over its violated SLOs of excess ÷ spread, the spread being how far that
 * metric ranges over every searched configuration (1 when it does not move), then search
 * order.
 */
function nearestMiss(configs: readonly AdviseConfig[], evaluated: readonly Evaluated[], slos: readonly Slo[], order: readonly number[]): Verdicts['nearestMiss'] {
  const spread = slos.map((s) => {
    const values = configs.map((c) => metricValue(c.result, s.metric));
    const d = Math.max(...values) - Math.min(...values);
    return d > 0 ? d : 1;
  });
  const distance = (c: AdviseConfig): number => c.checks.reduce((sum, k, i) => sum + k.excess / spread[i], 0);
  const violated = (c: AdviseConfig): number => c.checks.filter((k) => !k.holds).length;
  const best = configs.map((_, i) => i).sort((a, b) => violated(configs[a]) - violated(configs[b]) || distance(configs[a]) - distance(configs[b]) || order[a] - order[b])[0];
  const c = configs[best];
  const misses = c.checks.flatMap((k, s) => (k.holds ? [] : [missOf(configs, evaluated, slos, best, s)]));
  return { config: best, misses };
}

function missOf(configs: readonly AdviseConfig[], evaluated: readonly Evaluated[], slos: readonly Slo[], at: number, s: number): Miss {
  const k = configs[at].checks[s];
  const excessAt = (i: number): number => configs[i].checks[s].excess;
  const bestIndex = configs.map((_, i) => i).reduce((b, i) => (excessAt(i) < excessAt(b) ? i : b), 0);
  return {
    slo: k.slo,
    metric: slos[s].metric,
    value: k.value,
    ...(k.ci95 === undefined ? {} : { ci95: k.ci95 }),
    excess: k.excess,
    best: { config: bestIndex, value: configs[bestIndex].checks[s].value, holds: configs[bestIndex].checks[s].holds },
    moves: movesFrom(configs, evaluated, at, s),
  };
}

/**
 * Along each parameter of the miss's strategy (every other parameter kept), the searched
 * configuration that comes closest to meeting SLO `s`, when it comes closer than the miss;
 * of equally close ones, the nearest value on the parameter (the smallest change).
 */
function movesFrom(configs: readonly AdviseConfig[], evaluated: readonly Evaluated[], at: number, s: number): Move[] {
  const here = evaluated[at].cand;
  const axes = STRATEGIES[here.name].advise.axes;
  const moves: Move[] = [];
  axes.forEach((axis, a) => {
    if (here.coords[a] === null) return;
    let best: number | null = null;
    evaluated.forEach((e, i) => {
      const c = e.cand;
      if (c.name !== here.name || c.coords[a] === null || c.coords[a] === here.coords[a]) return;
      if (c.coords.some((x, j) => j !== a && x !== here.coords[j])) return;
      const gap = (j: number): number => (axis.kind === 'choice' ? 0 : Math.abs((evaluated[j].cand.coords[a] as number) - (here.coords[a] as number)));
      const d = configs[i].checks[s].excess - (best === null ? Infinity : configs[best].checks[s].excess);
      if (best === null || d < 0 || (d === 0 && gap(i) < gap(best))) best = i;
    });
    if (best === null || configs[best].checks[s].excess >= configs[at].checks[s].excess) return;
    const to = configs[best];
    moves.push({
      field: axis.field,
      from: axisText(axis, here.coords[a]),
      to: axisText(axis, evaluated[best].cand.coords[a]),
      config: best,
      value: to.checks[s].value,
      holds: to.checks[s].holds,
      breaks: to.checks.flatMap((k, j) => (!k.holds && configs[at].checks[j].holds ? [k.slo] : [])),
    });
  });
  return moves;
}
