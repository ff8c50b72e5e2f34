/**
 * The standard benchmark workloads, as scenario documents (what a user would write).
 * Every one: 100 000 operations per simulated second, 95 % reads, 5 % of reads
 * critical, seed 1; 100 sessions (the schema's default) and constant replication lag
 * unless the workload says otherwise.
 * A run of N operations simulates N / 100 000 seconds. Causal runs are the exception
 * (opsPerSimSec): their sessions are closed loops that wait about one lag after each of
 * their writes, so they get a rate a session can keep up with.
 */

export const OPS_PER_SIM_SEC = 100_000;
/**
 * Operations per simulated second per session in causal runs: a 100 ms mean gap, twice
 * the 50 ms lag a read after the session's write waits, so about 0.5 % of operations
 * arrive while their session is still waiting (at 100 000 operations per second over
 * 100 sessions, 1 000 per session, 99 % would be held and the run would measure a
 * growing queue, not the simulator).
 */
export const CAUSAL_OPS_PER_SESSION_SEC = 10;
export const READ_SHARE = 0.95;
export const LAG_MS = 50;
export const ZIPF = 1.1;
export const KEYS = 10_000;
export const CRITICAL_FRACTION = 0.05;
/** Each follower's read latency (the schema's default), written out so the loop with every statistic can use it. */
export const FOLLOWER_READ_LATENCY_US = 1000;

export interface Workload {
  id: string;
  /** As the table shows it. */
  title: string;
  keys: number;
  zipf: number | null;
  followerLagsMs: number[];
  sessions: number;
  /** Replication lag: each follower's lagMs exactly, or exponential with that mean. */
  lag: 'constant' | 'exponential';
}

export const WORKLOADS: Workload[] = [
  { id: 'a', title: '(a) one hot key', keys: 1, zipf: null, followerLagsMs: [LAG_MS], sessions: 100, lag: 'constant' },
  { id: 'b', title: '(b) 10k keys, zipf 1.1', keys: KEYS, zipf: ZIPF, followerLagsMs: [LAG_MS], sessions: 100, lag: 'constant' },
  { id: 'c', title: '(c) 3 followers', keys: KEYS, zipf: ZIPF, followerLagsMs: [20, LAG_MS, 200], sessions: 100, lag: 'constant' },
  { id: 'd', title: '(d) 1k sessions, exp. lag', keys: KEYS, zipf: ZIPF, followerLagsMs: [LAG_MS], sessions: 1000, lag: 'exponential' },
  { id: 'e', title: '(e) 10k sessions × 100k keys', keys: 100_000, zipf: ZIPF, followerLagsMs: [LAG_MS], sessions: 10_000, lag: 'constant' },
];

/** Strategies benchmarked on each workload, with their default parameters. */
export const STRATEGIES = ['all-follower', 'post-write-window', 'causal', 'lag-threshold'];

/** Operations per simulated second of workload `w` under `strategy` (see CAUSAL_OPS_PER_SESSION_SEC). */
export function opsPerSimSec(w: Workload, strategy: string): number {
  return strategy === 'causal' ? Math.min(OPS_PER_SIM_SEC, w.sessions * CAUSAL_OPS_PER_SESSION_SEC) : OPS_PER_SIM_SEC;
}

/** A scenario document for `ops` operations of workload `w` under `strategies`, at `rate` operations per simulated second. */
export function scenarioDoc(w: Workload, ops: number, strategies: unknown[], rate = OPS_PER_SIM_SEC): Record<string, unknown> {
  return {
    name: `bench-${w.id}`,
    title: `bench workload ${w.title}`,
    seed: 1,
    duration: `${ops / rate}s`,
    cluster: {
      followers: w.followerLagsMs.map((lag, i) => ({
        name: `follower-${i + 1}`, lag: w.lag === 'constant' ? `${lag}ms` : { dist: 'exponential', mean: `${lag}ms` }, readLatency: `${FOLLOWER_READ_LATENCY_US / 1000}ms`,
      })),
    },
    workload: {
      keys: w.keys,
      popularity: w.zipf === null ? 'uniform' : { zipf: w.zipf },
      sessions: w.sessions,
      writeRate: `${rate * (1 - READ_SHARE)}/s`,
      readRate: `${rate * READ_SHARE}/s`,
      criticalFraction: CRITICAL_FRACTION,
    },
    strategies,
  };
}

/** The ceiling loop's model (bench/ceiling.js) for `ops` operations of workload `w` at `rate` operations per simulated second. */
export function ceilingModel(w: Workload, ops: number, rate = OPS_PER_SIM_SEC): Record<string, unknown> {
  return {
    keys: w.keys, zipf: w.zipf, readRate: rate * READ_SHARE, writeRate: rate * (1 - READ_SHARE),
    lags: w.followerLagsMs.map((ms) => ({ exponential: w.lag === 'exponential', us: ms * 1000 })),
    horizonUs: (ops / rate) * 1e6, seed: 1,
  };
}

/** The model of the loop with every statistic (bench/ceilingStats.js): the ceiling's, with sessions, critical reads and read latency. */
export function ceilingStatsModel(w: Workload, ops: number): Record<string, unknown> {
  return { ...ceilingModel(w, ops), sessions: w.sessions, criticalFraction: CRITICAL_FRACTION, readLatencyUs: FOLLOWER_READ_LATENCY_US };
}

/** The SimPy peer's command-line arguments for the same model as workload (b) all-follower. */
export function simpyArgs(ops: number, seed = 1): string[] {
  return [
    '--ops', String(ops), '--keys', String(KEYS), '--zipf', String(ZIPF),
    '--read-rate', String(OPS_PER_SIM_SEC * READ_SHARE), '--write-rate', String(OPS_PER_SIM_SEC * (1 - READ_SHARE)),
    '--lag-ms', String(LAG_MS), '--seed', String(seed),
  ];
}

/**
 * The report workload: a scenario as a user would run it for a long time — 10 000 keys
 * (zipf 1.1), 1 000 sessions, exponential lag of mean 50 ms, 500 writes/s and 9 500
 * reads/s — for `ops` operations, one strategy (all-follower).
 */
export function reportScenarioDoc(ops: number): Record<string, unknown> {
  return {
    name: 'bench-report',
    title: 'bench report workload',
    seed: 1,
    duration: `${ops / 10_000}s`,
    cluster: { followers: [{ name: 'follower-1', lag: { dist: 'exponential', mean: '50ms' } }] },
    workload: { keys: KEYS, popularity: { zipf: ZIPF }, sessions: 1000, writeRate: '500/s', readRate: '9500/s', criticalFraction: 0.05 },
    strategies: ['all-follower'],
  };
}
