import type { RunChecks } from '../src/live/checks';
import { Agreement, clusteredMean, rateAgreement, readCluster, replicatedMean } from '../src/live/stats';
import { ReadLatencyBase, compareRun, fitRun, readLatencyBase, replayRun } from '../src/live/compare';
import * as assert from 'uvu/assert';
// A live session without a database: the scripted records of a run as the harness would
// have written them, for the tests of what `lagsim live` prints.
import { scenario } from './helpers';
import { liveSchedule } from '../src/live/schedule';
import { LiveRecord, LiveRunResult } from '../src/live/runner';
import { LiveSession } from '../src/live/session';
import type { ReplicationThreads } from '../src/live/engines/types';
import { parseStrategyArg } from '../src/scenario/load';
import { MASTER } from '../src/strategies';
import { MetricsCollector } from '../src/metrics/collector';
import { summarize } from '../src/metrics/summary';

/** A replica whose two threads run. */
export const REPLICATING: ReplicationThreads = { receiving: true, applying: true, state: 'IO Yes, SQL Yes', error: '' };

export const fakeScenario = scenario({
  name: 'live-units', title: 'Apple stock, live', seed: 9, duration: '2s',
  cluster: { followers: [{ name: 'replica', lag: '100ms' }] },
  data: { apple: { stock: 400 } },
  events: [{ at: '500ms', actor: 'seller', write: 'apple', set: { stock: 0 } }, { at: '700ms', actor: 'user', read: 'apple' }],
  workload: { keys: 10, sessions: 3, writeRate: '20/s', readRate: '100/s', criticalFraction: 0.2 },
  strategies: ['all-follower'],
});

/** One run of `strategy`: the scripted write, acknowledged at 500.4 ms and seen on the replica 1 s later, then the read. */
export function fakeRun(strategy: string, readNode: number, slipUs = 0): LiveRunResult {
  const all = liveSchedule(fakeScenario, fakeScenario.seed);
  const index = [0, 1].map((e) => all.findIndex((o) => o.event === e));
  const ops = index.map((i) => all[i]);
  const stale = readNode !== MASTER;
  const rec = (i: number, op: 'read' | 'write', tUs: number): LiveRecord => ({
    index: index[i], tUs, sentUs: tUs, startUs: tUs, issuedUs: tUs, slipUs, scripted: true, op, session: ops[i].session, key: ops[i].key, node: op === 'write' ? MASTER : readNode,
    version: op === 'write' || !stale ? 1 : 0, value: op === 'write' || !stale ? { stock: 0 } : { stock: 400 }, critical: false,
    masterVersion: 1, masterValue: { stock: 0 }, staleSinceUs: 0, masterSinceUs: 0, pos: op === 'write' ? 1 : 0,
    latencyUs: stale ? 200 : 300, waitUs: 0, timedOut: false, gtid: op === 'write' ? '0-1-7' : '', waitedPos: 0, waitStartUs: NaN,
  });
  const records = [rec(0, 'write', 500_400), rec(1, 'read', 700_000)];
  const metrics = new MetricsCollector(fakeScenario.sessionNames.length, fakeScenario.keyNames.length);
  const [w, r] = records;
  metrics.write(w.tUs, w.session, w.key, w.version, w.latencyUs);
  metrics.read(r.sentUs, r.session, r.key, r.version, r.masterVersion, r.staleSinceUs, r.node === MASTER, r.latencyUs, r.critical, 0);
  return {
    spec: parseStrategyArg(strategy), summary: summarize(strategy, metrics, fakeScenario.horizonUs),
    records,
    ackUs: [0, 500_400], lagUs: [NaN, 1_000_000], lagErrUs: [NaN, 1500], masterDelaySec: 1, wallOffsetUs: 0, minApplyDelayUs: 0, wallStartMs: Date.UTC(2026, 10, 30, 1, 59, 59, 500), walBytesPerWrite: null, walCommitBytes: null, pendingPolls: 0, partialPolls: 0, proxied: false, visibilityErrUs: 1500, polls: 42, probes: 0,
    threadsBefore: REPLICATING, threadsAfter: REPLICATING, stops: [],
  };
}

/** A MariaDB session of two fake runs (test/tsconfig.json type-checks it against LiveSession: npx tsc -p test). */
export function fakeSession(): LiveSession {
  return {
    scenario: fakeScenario, timeScale: 1, ops: liveSchedule(fakeScenario, fakeScenario.seed),
    runs: [fakeRun('all-follower', 0, 1200), fakeRun('all-master', MASTER)],
    serverVersion: '11.4.2-MariaDB', engine: 'mariadb', masterDelaySec: 1, applyDelayUs: 1_000_000,
    primaryWhere: '127.0.0.1:3306', replicaWhere: '127.0.0.1:3307', startedPair: true, writeLoadRows: 0, replayCpuPercent: null,
  };
}

/**
 * The checks that say a real pair did not behave as configured. The harness's own lateness
 * (onTime) is left out here: a test machine running other suites at once can stall it, the
 * comparison replays every operation at the moment it was really issued (so lateness does
 * not bias agreement), and the check itself is tested in live-checks.test.ts.
 */
export function setupFailures(checks: RunChecks): RunChecks['failures'] {
  return checks.failures.filter((f) => f.check !== 'onTime');
}

/**
 * Whether a live number agrees with the simulator's, for a test. lagsim prints a 95 % tolerance,
 * which a correct model misses one run in twenty; a test that plays real databases on every CI
 * run allows twice it (about 4 standard errors), so it fails on a real disagreement, not on chance.
 */
export function agreesInTest(a: Agreement): boolean {
  return a.diff === 0 || a.within === null || Math.abs(a.diff) <= 2 * a.tolerance;
}

/**
 * A live run of one strategy with a 2 s stop incident on the replica (STOP/START SLAVE
 * SQL_THREAD on MariaDB, pg_wal_replay_pause/resume on PostgreSQL), behind a 1 s delay: the
 * applier stopped for the window, the pair behaved as configured, the overall stale rate
 * agrees with the simulator's, the backlog drained at the restart (assertDrain), each phase
 * agrees (assertStopPhases), and the stop moved the stale rate by more than chance does.
 */
export function assertStopIncident(session: LiveSession): void {
  const run = session.runs[0];
  const [played] = run.stops;
  assert.ok(played !== undefined && played.threadsStopped.applying === false, JSON.stringify(played?.threadsStopped));
  assert.ok(played.startSentUs - played.stopSentUs > 1_900_000, `the applier was stopped for the window: stop sent at ${played.stopSentUs} µs, start at ${played.startSentUs} µs`);
  const base = readLatencyBase(session.runs, session.scenario);
  const c = compareRun(session.scenario, run, session.ops, base);
  assert.equal(c.checks.checked, ['replicating', 'onTime', 'delay', 'stopped']);
  assert.equal(setupFailures(c.checks), []);
  assert.ok(agreesInTest(c.staleRate), `overall: live ${c.staleRate.live} vs sim ${c.staleRate.sim} ± ${c.staleRate.tolerance}`);
  assertDrain(run);
  assert.ok(c.fit.measured.maxUs > 1_900_000, `the longest lag ${c.fit.measured.maxUs} µs spans the stop`);
  const rates = assertStopPhases(session, run, base);
  // The effect, beyond what chance moves a phase's rate (a few points with a few hundred reads each).
  assert.ok(rates.stopped > rates.before + 0.1, `stale rises during the stop: ${JSON.stringify(rates)}`);
  assert.ok(rates.after < rates.stopped - 0.1, `and falls once drained: ${JSON.stringify(rates)}`);
}

export type StopPhase = 'before' | 'stopped' | 'draining' | 'after';

/** Which part of the stop incident a moment falls in: before it, the window, the 1.5 s after the applier restarted, after that. */
export function stopPhaseOf(run: LiveRunResult, tUs: number): StopPhase {
  const s = run.stops[0];
  if (tUs < s.stopSentUs) return 'before';
  if (tUs < s.startDoneUs) return 'stopped';
  return tUs < s.startDoneUs + 1_500_000 ? 'draining' : 'after';
}

/**
 * The drain after a run's stop incident: the writes committed while the replica's applier was
 * stopped (and more than the 1 s delay before it restarted) were applied together right after
 * the restart, so their lags reach back to the stop. Each apply is known to within the polling
 * resolution, [seen − err, seen + err]: it must overlap the restart (sent, until 150 ms after it returned).
 */
function assertDrain(run: LiveRunResult): void {
  const s = run.stops[0];
  const backlog: Array<{ seenUs: number; errUs: number }> = [];
  for (let pos = 1; pos < run.ackUs.length; pos++) {
    if (run.ackUs[pos] > s.stopDoneUs && run.ackUs[pos] < s.startSentUs - 1_100_000) backlog.push({ seenUs: run.ackUs[pos] + run.lagUs[pos], errUs: run.lagErrUs[pos] });
  }
  assert.ok(backlog.length > 10, `${backlog.length} writes waited out the stop`);
  for (const { seenUs, errUs } of backlog) {
    assert.ok(seenUs + errUs > s.startSentUs && seenUs - errUs < s.startDoneUs + 150_000, `applied at ${seenUs} ± ${errUs}, restart sent at ${s.startSentUs}, returned at ${s.startDoneUs}`);
  }
}

/**
 * Stale reads per phase of a run's stop incident, live vs the simulator replaying the same
 * window (10 replications): each phase agrees (agreesInTest) with an informative tolerance
 * (< 0.2). Returns the live rate of each phase.
 */
function assertStopPhases(session: LiveSession, run: LiveRunResult, base: ReadLatencyBase): Record<StopPhase, number> {
  const reps = replayRun(session.scenario, run, session.ops, base, 10, [fitRun(run)]).map((r) => r.reads);
  const rates = {} as Record<StopPhase, number>;
  for (const phase of ['before', 'stopped', 'draining', 'after'] as const) {
    const mine = run.records.filter((r) => r.op === 'read' && stopPhaseOf(run, r.issuedUs) === phase);
    const live = clusteredMean(mine.map((r) => (r.version < r.masterVersion ? 1 : 0)), mine.map((r) => readCluster(r.key, r.masterVersion)));
    const sim = replicatedMean(reps.map((reads) => {
      const xs = reads.filter((r) => stopPhaseOf(run, r.issuedUs) === phase);
      return xs.filter((r) => r.version < r.masterVersion).length / xs.length;
    }));
    const a = rateAgreement(live, sim);
    rates[phase] = live.value;
    assert.ok(agreesInTest(a), `${phase}: stale live ${live.value} vs sim ${sim.value}, |Δ| ${Math.abs(a.diff)} > ${a.tolerance}`);
    assert.ok(a.tolerance < 0.2, `${phase}: tolerance ${a.tolerance} is informative`);
  }
  return rates;
}
