/** lagsim as a library: load a scenario, run it, read the numbers. */
export { loadScenarioFile } from './scenario/load';
export { parseScenario, parseStrategyArg } from './scenario/parse';
export { InputError } from './scenario/errors';
export { renderProblem } from './i18n/problem';
export type { Problem, Msg, ProblemKey } from './i18n/problem';
export type { Scenario } from './scenario/types';
export { simulate } from './simulate';
export type { OpRecord, ApplyRecord, SimObserver, RunResult } from './simulate';
export { runScenario } from './run';
export type { Summary, StrategyResult } from './metrics/summary';
export { STRATEGIES, DEFAULT_STRATEGIES, MASTER } from './strategies';
