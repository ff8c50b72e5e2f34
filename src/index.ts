/**
 * lagsim as a library: make a scenario (from text or an object), run it, read the
 * numbers, write a report. README.md, "Using lagsim from code", has a worked example.
 */
export { loadScenarioFile } from './scenario/load';
export { parseScenario, parseStrategyArg, scenarioDocument } from './scenario/parse';
export type { Overrides } from './scenario/parse';
export { InputError } from './scenario/errors';
export { renderProblem } from './i18n/problem';
export type { Problem, Msg, ProblemKey } from './i18n/problem';
export type { Scenario } from './scenario/types';
export type { ScenarioInput } from './scenario/schema';
export { scenarioJsonSchema } from './scenario/jsonSchema';
export { simulate } from './simulate';
export type { OpRecord, ApplyRecord, SimObserver, RunResult } from './simulate';
export { runScenario } from './run';
export type { RunOptions } from './run';
export type { Summary, StrategyResult } from './metrics/summary';
export { STRATEGIES, DEFAULT_STRATEGIES, MASTER } from './strategies';
export { formatTable } from './report/table';
export { summaryCsv } from './report/csv';
export { writeReport } from './report/write';
export type { ReportVisuals } from './report/write';
export { collectReport } from './report/collect';
export type { ReportData } from './report/collect';
export type { Lang } from './i18n';
export { LANGS } from './i18n';
