import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { spawnSync } from 'child_process';
import { parseScenario, Overrides } from '../src/scenario/load';
import { InputError } from '../src/scenario/errors';
import { Scenario } from '../src/scenario/types';
import { runScenario } from '../src/run';
import { StrategyResult } from '../src/metrics/summary';

/** A scenario from a plain object, through the same loader the CLI uses. */
export function scenario(doc: Record<string, unknown>, overrides: Overrides = {}): Scenario {
  return parseScenario(JSON.stringify(doc), 'test.json', overrides);
}

/** Results by strategy label. */
export function resultsOf(sc: Scenario, runs = 1): Record<string, StrategyResult> {
  const out: Record<string, StrategyResult> = {};
  for (const r of runScenario(sc, { runs }).results) out[r.strategy] = r;
  return out;
}

/** One key, Poisson reads and writes, one follower with the given lag. */
export function poissonOneKey(lag: unknown, writeRate: string, readRate: string, duration: string, seed = 1, extra: Record<string, unknown> = {}): Scenario {
  return scenario({
    name: 'poisson-one-key', seed, duration,
    cluster: { followers: [{ name: 'f1', lag, ...extra }] },
    workload: { keys: 1, sessions: 1000, writeRate, readRate },
    strategies: ['all-follower'],
  });
}

/** The problems `fn` reports as bad input (as the CLI would print them); [] when it accepts. */
export function inputProblems(fn: () => unknown): string[] {
  try {
    fn();
  } catch (err) {
    if (err instanceof InputError) return err.problems;
    throw err;
  }
  return [];
}

/** Like inputProblems, but `fn` must reject its input. */
export function problemsOf(fn: () => unknown): string[] {
  const problems = inputProblems(fn);
  if (problems.length === 0) throw new Error('expected an InputError');
  return problems;
}

/** Like problemsOf, for a function that rejects its input asynchronously. */
export async function problemsOfAsync(fn: () => Promise<unknown>): Promise<string[]> {
  try {
    await fn();
  } catch (err) {
    if (err instanceof InputError) return err.problems;
    throw err;
  }
  throw new Error('expected an InputError');
}

/** Writes `text` to a fresh temporary folder as `name` and returns its path. */
export function tmpFile(text: string, prefix = 'lagsim-test-', name = 'sc.yaml'): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), prefix)), name);
  fs.writeFileSync(file, text);
  return file;
}

/**
 * The size of a check's sample — seeds, random scenarios, cases — for the tier running it:
 * `full` under `npm test`, `small` under `npm run test:fast`, which sets TEST_SAMPLE=small.
 * Every check runs in both tiers on the same assertions; test:fast only runs it on fewer
 * draws (a statistical bound is computed from the sample it has, so it stays a bound).
 */
export function sampleSize<T>(full: T, small: T): T {
  return process.env.TEST_SAMPLE === 'small' ? small : full;
}

/**
 * A bundled scenario (scenarios/<name>.yaml) for tests that compare every byte of a run spread
 * over threads, shards or processes with the serial one: under `npm test` the file itself;
 * under test:fast a copy with its generated reads cut to `readRate`, in a temporary folder.
 * The copy keeps everything else (random lag, incidents, events, strategies, seed), so it
 * has as many tasks to spread and merge and a defect there still changes the bytes; its runs
 * only take a fraction of the CPU.
 */
export function scenarioFile(name: string, readRate: string): string {
  const file = path.join(__dirname, '..', 'scenarios', `${name}.yaml`);
  if (process.env.TEST_SAMPLE !== 'small') return file;
  const text = fs.readFileSync(file, 'utf8');
  const fewer = text.replace(/^( +readRate:) \S+/m, `$1 ${readRate}`);
  if (fewer === text) throw new Error(`${file}: no workload.readRate to cut`);
  return tmpFile(fewer, 'lagsim-fewer-reads-', `${name}.yaml`);
}

/**
 * Runs `lagsim <args>` as a user does — without LAGSIM_ASSERT, whose invariant checks keep
 * state of their own, and without the test runner's NODE_OPTIONS (a TypeScript loader) —
 * and returns its exit status, stderr and peak RSS in MB: the process's own high-water mark
 * (VmHWM, Linux), as getrusage's maxrss would carry over the test runner's from the fork.
 * `stdout`: a file descriptor for its output (default: ignored); `nodeArgs`: before the script.
 */
export function peakRun(tmp: string, args: string[], opts: { stdout?: number; nodeArgs?: string[] } = {}): { status: number | null; stderr: string; peakMb: number } {
  const preload = path.join(tmp, 'peak.js');
  fs.writeFileSync(preload, "process.on('exit', () => require('fs').writeSync(2, `peak ${/VmHWM:\\s*(\\d+)/.exec(require('fs').readFileSync('/proc/self/status', 'utf8'))[1]}\\n`));\n");
  const env = { ...process.env };
  delete env.LAGSIM_ASSERT;
  delete env.NODE_OPTIONS;
  const r = spawnSync(process.execPath, [...(opts.nodeArgs ?? []), '-r', preload, path.join(__dirname, '..', 'bin', 'lagsim.js'), ...args],
    { stdio: ['ignore', opts.stdout ?? 'ignore', 'pipe'], encoding: 'utf8', env });
  const peak = /peak (\d+)/.exec(r.stderr);
  return { status: r.status, stderr: r.stderr, peakMb: peak === null ? NaN : Number(peak[1]) / 1024 };
}
