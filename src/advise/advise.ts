import { STRATEGIES } from '../strategies';
import { Slo } from '../metrics/threshold';
import { StrategyResult } from '../metrics/summary';
import { MetricPath } from '../metrics/registry';
import { Scenario } from '../scenario/types';
import { InputError } from '../scenario/errors';
import { at, msg } from '../i18n/problem';
import { closest } from '../scenario/messages';
import { operationBound } from '../scenario/limits';
import { PARALLEL_MIN_OPS } from '../runParallel';
import { PoolOptions, defaultWorkers } from '../sweep/pool';
import { ScenarioSource } from '../sweep/task';
import { gridRuns, search } from './search';
import { AdviseConfig, OBJECTIVES, Verdicts, configsOf, verdictsOf } from './frontier';

/** Replications per configuration unless --runs says: enough for a 95 % interval on every verdict. */
export const ADVISE_RUNS = 5;
/** Simulation runs (configurations × replications) the search may spend unless --budget says. */
export const ADVISE_BUDGET = 1000;

/** Everything `lagsim advise` found; advise.json holds it and the text and page are written from it. */
export interface AdviseResult extends Verdicts {
  scenario: string;
  seed: number;
  runs: number;
  budget: number;
  spent: number;
  /** SLO boundaries still wider than one lattice step when the budget ran out. */
  open: number;
  /** The strategies searched, registry order. */
  strategies: string[];
  slos: string[];
  objectives: readonly MetricPath[];
  configs: AdviseConfig[];
}

export interface AdviseOptions {
  runs: number;
  budget: number;
  /** Strategy names to search; every strategy of the registry when empty. */
  strategies: readonly string[];
  workers?: number;
  onDone?: PoolOptions['onDone'];
  /** The grid's results when the shards of `lagsim advise … --shard i/n` computed them (advise/shard.ts). */
  grid?: StrategyResult[];
}

/** The strategy names to search: the registry's, or the ones named (each checked). */
export function searchedStrategies(named: readonly string[]): string[] {
  const all = Object.keys(STRATEGIES);
  const problems = named.filter((n) => !all.includes(n)).map((n) => {
    // A known strategy with parameters: advise searches the parameters itself.
    const base = /^\s*([\w-]+)\s*[(:]/.exec(n)?.[1];
    const why = base !== undefined && all.includes(base) ? msg('v.adviseStrategyParams', { name: base }) : msg('v.adviseStrategy', { list: all }, nearName(n, all));
    return at(`--strategy ${JSON.stringify(n)}`, why);
  });
  if (problems.length > 0) throw new InputError(problems);
  return named.length === 0 ? all : all.filter((n) => named.includes(n));
}

function nearName(n: string, all: string[]) {
  const near = closest(n, all);
  return near === undefined ? undefined : msg('vh.didYouMean', { near });
}

/** The checks before any run: SLOs to meet, and a budget that holds at least the grid. */
export function checkAdvise(slos: readonly Slo[], names: readonly string[], o: Pick<AdviseOptions, 'runs' | 'budget'>): void {
  if (slos.length === 0) throw new InputError([at('', msg('v.adviseNoSlo'))]);
  const need = gridRuns(names, o.runs);
  if (need > o.budget) throw new InputError([at('--budget', msg('v.adviseBudget', { need, budget: o.budget, runs: o.runs, configs: need / o.runs }))]);
}

/** Threads: --workers, else one per core when the grid alone is long enough to pay for them (as `run` decides). */
function workersFor(sc: Scenario, names: readonly string[], o: AdviseOptions): number {
  if (o.workers !== undefined) return o.workers;
  return operationBound(sc.input) * gridRuns(names, o.runs) >= PARALLEL_MIN_OPS ? defaultWorkers() : 1;
}

/** Searches, then judges: the whole of `lagsim advise` but the printing and the files. */
export async function advise(sc: Scenario, src: ScenarioSource, slos: readonly Slo[], o: AdviseOptions): Promise<AdviseResult> {
  const names = searchedStrategies(o.strategies);
  checkAdvise(slos, names, o);
  const found = await search(src, names, slos, { runs: o.runs, budget: o.budget, grid: o.grid, pool: { workers: workersFor(sc, names, o), onDone: o.onDone } });
  const configs = configsOf(found.evaluated, slos);
  return {
    scenario: sc.name,
    seed: sc.seed,
    runs: o.runs,
    budget: o.budget,
    spent: found.spent,
    open: found.open,
    strategies: names,
    slos: slos.map((s) => s.text),
    objectives: OBJECTIVES,
    configs,
    ...verdictsOf(configs, found.evaluated, slos),
  };
}
