/**
 * Golden hashes of every bundled scenario's results: for each scenario file under
 * scenarios/ and each of its strategies, the sha256 of the JSON-Lines trace
 * (`lagsim trace <file> --json --strategy S`) and of the summary JSON
 * (`lagsim run <file> --json --strategy S --no-report`), computed with the same functions
 * the CLI calls. test/golden.test.ts recomputes them and compares with test/goldens.json,
 * so any change in results — a model change, a new random draw, a Node version that
 * rounds differently — fails the tests until someone regenerates the goldens on purpose:
 *
 *   npm run goldens        (rewrites test/goldens.json; review and commit the diff)
 */
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { loadScenarioFile } from '../src/scenario/load';
import { runScenario } from '../src/run';
import { SimObserver, simulate } from '../src/simulate';
import { jsonLines } from '../src/report/traceJson';
import { bothObservers } from '../src/observer';
import { Summary } from '../src/metrics/summary';
import { Scenario } from '../src/scenario/types';
import { StrategySpec } from '../src/strategies';

export const ROOT = path.join(__dirname, '..');
export const GOLDENS_FILE = path.join(ROOT, 'test', 'goldens.json');

export interface Golden {
  /** sha256 of the trace as `lagsim trace --json` prints it. */
  trace: string;
  /** Operations in that trace (its lines less the applies), to see at a glance what changed. */
  operations: number;
  /** sha256 of the summary as `lagsim run --json` prints it. */
  summary: string;
}

/** scenario file (relative to the repo, forward slashes) → strategy label → golden. */
export type Goldens = Record<string, Record<string, Golden>>;

/** Bundled scenario files, in a stable order (the same walk as `lagsim list`). */
export function bundledScenarios(): string[] {
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      const p = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(p);
      else if (/\.(ya?ml|json)$/.test(entry.name)) files.push(p);
    }
  };
  walk(path.join(ROOT, 'scenarios'));
  return files;
}

/**
 * An observer hashing the bytes `lagsim trace <file> --json --strategy S` prints
 * (operations and applies) as they stream, and counting the operations.
 */
function traceHasher(sc: Scenario): { observer: SimObserver; finish: () => { hash: string; operations: number } } {
  const h = createHash('sha256');
  let operations = 0;
  const lines = jsonLines(sc, (bytes) => h.update(bytes));
  const observer: SimObserver = { ...lines, op: (r) => { operations++; lines.op(r); } };
  return { observer, finish: () => { lines.end(); return { hash: h.digest('hex'), operations }; } };
}

/** The sha256 of the bytes `lagsim trace <file> --json --strategy S` prints, and its line count. */
export function traceHash(sc: Scenario, spec: StrategySpec): { hash: string; operations: number } {
  const trace = traceHasher(sc);
  simulate(sc, spec, sc.seed, trace.observer, false);
  return trace.finish();
}

/**
 * The summary `lagsim run <file> --json --strategy S` prints (a lesson: over its `runs`);
 * `watch` rides along on the first run, the one `lagsim trace` simulates.
 */
function pairSummary(sc: Scenario, spec: StrategySpec, watch?: SimObserver): Summary {
  return runScenario({ ...sc, strategies: [spec] }, { runs: sc.input.lesson?.runs, watch: (_, run) => (run === 0 ? watch : undefined) });
}

/** The bytes `lagsim run <file> --json --strategy S` prints; `watch` as for pairSummary. */
export function summaryText(sc: Scenario, spec: StrategySpec, watch?: SimObserver): string {
  return textOf(pairSummary(sc, spec, watch));
}

function textOf(summary: Summary): string {
  return JSON.stringify(summary, null, 2) + '\n';
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/**
 * Rides along on the simulations behind one pair's golden: `observer` watches the first
 * run (the traced one), `done` gets the summary.
 */
export interface PairWatch {
  observer?: SimObserver;
  done(summary: Summary): void;
}

/** Whom a golden pass lets watch each pair (none: undefined); `file` is the scenario's path. */
export type Watch = (file: string, sc: Scenario, spec: StrategySpec) => PairWatch | undefined;

export function goldensOf(file: string, watch?: Watch): Record<string, Golden> {
  const sc = loadScenarioFile(file);
  const out: Record<string, Golden> = {};
  for (const spec of sc.strategies) {
    // The trace is the summary's first run, watched (watching does not change a run): one simulation for both.
    const trace = traceHasher(sc);
    const rider = watch?.(file, sc, spec);
    const summary = pairSummary(sc, spec, rider?.observer ? bothObservers(trace.observer, rider.observer) : trace.observer);
    rider?.done(summary);
    const { hash, operations } = trace.finish();
    out[spec.label] = { trace: hash, operations, summary: sha256(textOf(summary)) };
  }
  return out;
}

export function computeGoldens(watch?: Watch): Goldens {
  const all: Goldens = {};
  for (const file of bundledScenarios()) all[path.relative(ROOT, file).split(path.sep).join('/')] = goldensOf(file, watch);
  return all;
}

if (require.main === module) {
  const t0 = Date.now();
  const goldens = computeGoldens();
  fs.writeFileSync(GOLDENS_FILE, JSON.stringify({ node: process.version, goldens }, null, 2) + '\n');
  const pairs = Object.values(goldens).reduce((n, g) => n + Object.keys(g).length, 0);
  console.log(`wrote ${path.relative(process.cwd(), GOLDENS_FILE)}: ${Object.keys(goldens).length} scenarios, ${pairs} scenario × strategy pairs (${((Date.now() - t0) / 1000).toFixed(1)} s, Node ${process.version})`);
}
