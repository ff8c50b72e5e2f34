// A live run checks its own setup before it is compared: each check on fabricated runs,
// passing and failing, and what an invalid run looks like in the table, the text, the JSON
// and the page. Also the parts of the stop incident and of several replicas that need no database.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { inputProblems, scenario } from './helpers';
import { REPLICATING, fakeRun, fakeScenario, fakeSession } from './liveFake';
import { CLOCK_TOLERANCE_US, EXIT_INVALID_RUN, SLIP_BOUND_US, TRAFFIC_SLIP_BOUND_US, checkRun, failureText } from '../src/live/checks';
import { runLiveSession } from '../src/live/session';
import { pairEndpoints } from '../src/live/endpoints';
import { InputError } from '../src/scenario/errors';
import { LiveRunResult, LiveStop } from '../src/live/runner';
import { compareRun, readLatencyBase, replayScenario } from '../src/live/compare';
import { fitLag, modelLags } from '../src/live/fit';
import { formatComparison } from '../src/live/table';
import { liveReport } from '../src/live/report';
import { liveExitCode } from '../src/live/command';
import { checkPlayable, scaleScenario, stopWindows } from '../src/live/schedule';
import { masterDelayEarliestUs, masterDelayStartUs, meanUs } from '../src/model/distributions';
import { makeStream } from '../src/engine/random';
import { MASTER } from '../src/strategies';

const checks = suite('the checks of a live run');

const ids = (run: LiveRunResult): string[] => checkRun(run).failures.map((f) => f.check);
const sentence = (run: LiveRunResult): string => {
  const { session, comparisons } = reportOf(run);
  return liveReport(fakeScenario, session, comparisons, readLatencyBase(session.runs, session.scenario), 'en').text;
};

function reportOf(...runs: LiveRunResult[]) {
  const session = { ...fakeSession(), runs };
  const base = readLatencyBase(session.runs, session.scenario);
  return { session, comparisons: runs.map((r) => compareRun(session.scenario, r, session.ops, base, 2)) };
}

checks('a run that behaved as configured passes every check that applies to it', () => {
  const run = fakeRun('all-follower', 0);
  assert.equal(checkRun(run), { checked: ['replicating', 'onTime', 'delay'], failures: [] });
  assert.equal(checkRun({ ...run, masterDelaySec: 0 }).checked, ['replicating', 'onTime'], 'no MASTER_DELAY: no delay check');
});

checks('replicating: a replica whose SQL thread was not running, before or after the run', () => {
  const run = fakeRun('all-follower', 0);
  const stopped = { receiving: true, applying: false, state: 'IO Yes, SQL No', error: 'Duplicate entry' };
  assert.equal(ids({ ...run, threadsBefore: stopped }), ['replicating']);
  assert.equal(ids({ ...run, threadsAfter: stopped }), ['replicating']);
  assert.match(sentence({ ...run, threadsAfter: stopped }), 'INVALID RUN all-follower: after the run (every write applied) the replica was not replicating (IO Yes, SQL No; last error: Duplicate entry)');
});

checks('delay: a write seen on the replica 1 ms after its commit with MASTER_DELAY=1 fails, with the numbers', () => {
  const run = { ...fakeRun('all-follower', 0), lagUs: [NaN, 1000], lagErrUs: [NaN, 500] };
  assert.equal(ids(run), ['delay']);
  assert.match(sentence(run), 'INVALID RUN all-follower: 1 of 1 writes were applied sooner than MASTER_DELAY 1s allows: write 1 (GTID 0-1-7), issued at t=0.500s, was on the replica by t=0.502s (lag 1.0 ms), 498.1 ms before the earliest the whole-second rule allows (t=1.000s)');
});

checks('delay: the whole-second rule, not commit + delay, is the bound (a write a hair before a tick may apply a second early)', () => {
  const base = fakeRun('all-follower', 0);
  // Issued at 0.9994 s, acknowledged at 0.9996 s, seen 1 ms later: the rule allows 1.000 s.
  const knife = (wallOffsetUs: number, lagUs: number): LiveRunResult => ({
    ...base, wallOffsetUs, ackUs: [0, 999_600], lagUs: [NaN, lagUs], lagErrUs: [NaN, 200],
    records: base.records.map((r) => (r.op === 'write' ? { ...r, issuedUs: 999_400, tUs: 999_600, sentUs: 999_600 } : r)),
  });
  assert.equal(ids(knife(0, 1000)), [], 'applied at 1.0006 s ≥ 1.000 s');
  // The same write with the wall clock at 0.5 s into its second at run time 0: the write's
  // second began at run time 0.5 s, so the earliest apply is 1.5 s and 1 ms is far too soon.
  assert.equal(ids(knife(500_000, 1000)), ['delay']);
  // The bound is the earliest moment less the clock tolerance, against the last moment the write may have appeared.
  const at = (lagUs: number): LiveRunResult => ({ ...base, lagUs: [NaN, lagUs] });
  const boundary = 1_000_000 - CLOCK_TOLERANCE_US - 500_400 - 1500;
  assert.equal(ids(at(boundary)), []);
  assert.equal(ids(at(boundary - 1)), ['delay']);
});

checks('delay on PostgreSQL: no write replayed sooner than its issue time + recovery_min_apply_delay (less the clock tolerance)', () => {
  // Issued (and acknowledged) at 0.5004 s, seen within ±1.5 ms; recovery_min_apply_delay 1 s: not before 1.5004 s.
  const pg = (lagUs: number, minApplyDelayUs = 1_000_000): LiveRunResult => ({ ...fakeRun('all-follower', 0), masterDelaySec: 0, minApplyDelayUs, lagUs: [NaN, lagUs] });
  assert.equal(checkRun(pg(1_000_000)), { checked: ['replicating', 'onTime', 'delay'], failures: [] });
  const boundary = 1_500_400 - CLOCK_TOLERANCE_US - 500_400 - 1500;
  assert.equal(ids(pg(boundary)), []);
  assert.equal(ids(pg(boundary - 1)), ['delay']);
  // Not the whole-second rule: 300 ms of delay is 300 ms, wherever the second ticks.
  assert.equal(ids(pg(290_000, 300_000)), ['delay']);
  assert.equal(ids(pg(300_000, 300_000)), []);
  assert.equal(checkRun(pg(1000, 0)).checked, ['replicating', 'onTime'], 'no delay configured: no delay check');
  assert.match(sentence(pg(1000)), 'INVALID RUN all-follower: 1 of 1 writes were replayed sooner than recovery_min_apply_delay 1000 ms allows: write 1 (LSN 0-1-7), issued at t=0.500s, was on the standby by t=0.503s (lag 1.0 ms), 997.5 ms before its issue time + the delay (t=1.500s)');
});

checks('onTime: an operation or a STOP issued more than the bound late', () => {
  assert.equal(ids(fakeRun('all-follower', 0, SLIP_BOUND_US)), []);
  const late = fakeRun('all-follower', 0, SLIP_BOUND_US + 1);
  assert.equal(ids(late), ['onTime']);
  assert.match(sentence(late), 'INVALID RUN all-follower: 2 operations were issued more than 100.0 ms late (the latest 100.0 ms late, at t=0.500s): the harness did not keep the schedule');
  const stop: LiveStop = { atUs: 600_000, durationUs: 500_000, stopSentUs: 750_000, stopDoneUs: 751_000, startSentUs: 1_100_000, startDoneUs: 1_101_000, threadsStopped: { ...REPLICATING, applying: false } };
  assert.equal(ids({ ...fakeRun('all-follower', 0), stops: [stop] }), ['onTime'], 'STOP sent 150 ms late');
  // Generated traffic is replayed at the moments it was really issued: a looser bound.
  const traffic = (slipUs: number): LiveRunResult => {
    const run = fakeRun('all-follower', 0, slipUs);
    return { ...run, records: run.records.map((r) => ({ ...r, scripted: false })) };
  };
  assert.equal(ids(traffic(TRAFFIC_SLIP_BOUND_US)), []);
  assert.equal(ids(traffic(TRAFFIC_SLIP_BOUND_US + 1)), ['onTime']);
});

checks('waits: a causal wait that timed out although its GTID was applied well before the deadline', () => {
  const base = fakeRun('causal(mode=wait,scope=session,timeout=1s)', 0);
  const timedOut = (waitStartUs: number): LiveRunResult => ({
    ...base, records: base.records.map((r) => (r.op === 'read' ? { ...r, node: MASTER, timedOut: true, waitedPos: 1, waitStartUs, gtid: '0-1-7' } : r)),
  });
  // Applied at 1.5004 s (± 1.5 ms): a wait from 0.7 s with a 1 s timeout should have returned.
  assert.equal(ids(timedOut(700_000)), ['waits']);
  assert.match(sentence(timedOut(700_000)), 'INVALID RUN causal(mode=wait,scope=session,timeout=1s): 1 causal waits timed out on a GTID the replica had already applied: the first waited 1s from t=0.700s for GTID 0-1-7, on the replica by t=1.502s');
  // From 0.6 s the deadline is 1.6 s; from 0.51 s it is 1.51 s, inside the tolerance: a fair timeout.
  assert.equal(ids(timedOut(505_000)), []);
  assert.equal(checkRun(timedOut(505_000)).checked, ['replicating', 'onTime', 'delay', 'waits']);
});

checks('stopped: the applier must report itself stopped, and nothing may appear while it is', () => {
  const base = fakeRun('all-follower', 0);
  const stop: LiveStop = { atUs: 800_000, durationUs: 1_000_000, stopSentUs: 800_100, stopDoneUs: 801_000, startSentUs: 1_800_200, startDoneUs: 1_801_000, threadsStopped: { ...REPLICATING, applying: false, state: 'IO Yes, SQL No' } };
  // The write (seen at 1.5 s) appeared inside the window: the stop did not hold.
  assert.equal(ids({ ...base, stops: [stop] }), ['stopped']);
  assert.match(sentence({ ...base, stops: [stop] }), 'write 1 became visible on the replica by t=1.502s, while its applier was stopped (t=0.801s to t=1.800s)');
  // Seen after START: fine (it drained).
  assert.equal(ids({ ...base, lagUs: [NaN, 1_400_000], stops: [stop] }), []);
  assert.equal(ids({ ...base, lagUs: [NaN, 1_400_000], stops: [{ ...stop, threadsStopped: REPLICATING }] }), ['stopped']);
});

checks('an invalid run: no "ok" in its row, a line saying why, invalid in the JSON and the page, exit code 5', () => {
  const bad = { ...fakeRun('all-follower', 0), lagUs: [NaN, 1000], lagErrUs: [NaN, 500] };
  const good = fakeRun('all-master', MASTER);
  const { session, comparisons } = reportOf(bad, good);
  const rows = formatComparison(comparisons, 'en').split('\n');
  assert.not.match(rows[2], / ok\b/);
  assert.match(rows[2], '+0.0 INVALID');
  assert.match(rows[3], '+0.0 ok');
  const base = readLatencyBase(session.runs, session.scenario);
  const en = liveReport(fakeScenario, session, comparisons, base, 'en');
  assert.match(en.text, '1 of 2 runs did not behave as configured: their rows say INVALID, not agreement (exit code 5)');
  assert.is(en.json.live.valid, false);
  assert.equal(en.json.live.comparisons.map((c) => [c.checks.valid, c.checks.failures.map((f) => f.check)]), [[false, ['delay']], [true, []]]);
  assert.match(en.json.live.comparisons[0].checks.failures[0].message, 'applied sooner than MASTER_DELAY 1s allows');
  const page = en.files.find(([name]) => name === 'index.html')![1];
  const badRow = /<tr><td>all-follower<\/td>.*<\/tr>/.exec(page)![0];
  assert.not.match(badRow, '>+0.0 ok<');
  assert.match(badRow, 'INVALID');
  assert.match(page, 'INVALID RUN all-follower: 1 of 1 writes were applied sooner');
  const ko = liveReport(fakeScenario, session, comparisons, base, 'ko');
  assert.match(ko.text, '무효 실행 all-follower: 쓰기 1개 중 1개가 MASTER_DELAY 1s가 허용하는 것보다 일찍 적용되었습니다');
  assert.match(ko.text, '실행 2개 중 1개가 설정대로 동작하지 않았습니다: 그 행은 일치가 아니라 무효로 표시합니다 (종료 코드 5)');
  assert.equal(ko.json, en.json);
  assert.is(EXIT_INVALID_RUN, 5);
  assert.is(liveExitCode(comparisons), 5);
  assert.is(liveExitCode(reportOf(good).comparisons), 0);
});

checks('a valid session says what was checked, in both languages', () => {
  const { session, comparisons } = reportOf(fakeRun('all-follower', 0), fakeRun('all-master', MASTER));
  const base = readLatencyBase(session.runs, session.scenario);
  assert.match(liveReport(fakeScenario, session, comparisons, base, 'en').text,
    'setup checks passed: replica replicating before and after each run; scripted operations issued at most 100.0 ms late, generated traffic at most 500.0 ms; no write applied sooner than MASTER_DELAY 1s allows (whole-second rule, 5.0 ms clock tolerance)');
  assert.match(liveReport(fakeScenario, session, comparisons, base, 'ko').text, '설정 검사 통과: 각 실행 전후에 팔로워가 복제 중이었습니다');
});

// ---

const rule = suite('the earliest apply MASTER_DELAY allows');

rule('masterDelayStartUs never starts an event before masterDelayEarliestUs, and reaches it', () => {
  const rng = makeStream(7, 'earliest');
  for (let i = 0; i < 2000; i++) {
    const c = Math.round(rng() * 5e6);
    const offset = Math.round(rng() * 1e6) % 1e6;
    const d = (1 + Math.floor(rng() * 3)) * 1e6;
    const earliest = masterDelayEarliestUs(c, d, offset);
    for (const t of [c, c + rng() * 3e6, earliest, earliest - 1]) {
      if (t < c) continue;
      assert.ok(masterDelayStartUs(c, t, d, offset) >= earliest, `c ${c}, t ${t}, offset ${offset}`);
    }
    if (earliest >= c) assert.is(masterDelayStartUs(c, earliest, d, offset), earliest);
  }
});

// ---

const stop = suite('a stop incident, live');

const stopScenario = scenario({
  name: 'live-stop-units', seed: 3, duration: '4s',
  cluster: { followers: [{ name: 'replica', lag: '1s', incidents: [{ at: '1s', duration: '2s', type: 'stop' }] }] },
  workload: { keys: 5, sessions: 2, writeRate: '5/s', readRate: '10/s' },
  strategies: ['all-follower'],
});

stop('stop incidents are playable (scaled with the scenario); delay and scale are refused, saying why', () => {
  checkPlayable(stopScenario, 'stop.yaml');
  assert.equal(stopWindows(scaleScenario(stopScenario, 0.5)).map((w) => [w.atUs, w.durationUs]), [[500_000, 1_000_000]]);
  const delayed = scenario({
    name: 'live-delay', duration: '4s',
    cluster: { followers: [{ name: 'replica', lag: '1s', incidents: [{ at: '1s', duration: '1s', type: 'delay', extra: '1s' }] }] },
    workload: { keys: 5, sessions: 2, writeRate: '5/s', readRate: '10/s' },
    strategies: ['all-follower'],
  });
  assert.equal(inputProblems(() => checkPlayable(delayed, 'd.yaml')), [
    'd.yaml: cluster.followers[0].incidents[0].type: a delay incident is not played live: live mode can stop and start the real replica\'s applier (type stop), not change how long its events take to ship; remove it',
  ]);
});

stop('the fit sees the window: lags stretched by a stop are not read as a longer shipping delay', () => {
  const commits = Array.from({ length: 100 }, (_, i) => i * 40_000 + 5_000);
  const window = [{ atUs: 1_000_000, durationUs: 2_000_000 }];
  const lags = modelLags({ dist: 'constant', valueUs: 300_000 }, commits, 1, 'calibration', window);
  assert.ok(Math.max(...lags) > 2_000_000, 'the backlog waited for the window to end');
  assert.is(Math.min(...lags), 300_000);
  // Measured lags made by a 300 ms delay and the stop: told of the window, the fit finds a
  // shipping delay near 300 ms whose lags match; not told, it must stretch the delay itself.
  const measured = commits.map((c) => (c + 300_000 >= 1_000_000 && c + 300_000 < 3_000_000 ? 3_000_000 : c + 300_000) - c);
  const told = fitLag(commits, measured, null, window);
  assert.ok(meanUs(told.dist) > 290_000 && meanUs(told.dist) < 310_000, JSON.stringify(told.dist));
  assert.ok(told.w2Us < 20_000, `distance ${told.w2Us}`);
  const blind = fitLag(commits, measured);
  assert.ok(blind.w2Us > 5 * told.w2Us, `without the window: distance ${blind.w2Us}`);
});

stop('the replay stops the simulated follower over the window as played, from STOP sent to START returned', () => {
  const run = fakeRun('all-follower', 0);
  const played: LiveStop = { atUs: 600_000, durationUs: 500_000, stopSentUs: 600_300, stopDoneUs: 601_000, startSentUs: 1_100_100, startDoneUs: 1_101_000, threadsStopped: { ...REPLICATING, applying: false } };
  const withStop = { ...run, stops: [played] };
  const ops = fakeSession().ops;
  const replayed = replayScenario(fakeScenario, withStop, ops, [fitLag([500_400], [1_000_000])], { masterUs: 300, replicaUs: 200 }, 0);
  assert.equal(replayed.followers[0].incidents, [{ type: 'stop', atUs: 600_300, durationUs: 500_700, extraUs: 0, factor: 1 }]);
  assert.equal(replayScenario(fakeScenario, run, ops, [fitLag([500_400], [1_000_000])], { masterUs: 300, replicaUs: 200 }, 0).followers[0].incidents, []);
});

checks.run();
rule.run();
stop.run();

const several = suite('several replicas');

several('each replica is checked against its own delay, and a failure names the replica', () => {
  const base = fakeRun('all-follower', 0);
  const measures = (where: string, lagUs: number, masterDelaySec: number) => ({
    where, lagUs: [NaN, lagUs], lagErrUs: [NaN, 1500], threadsBefore: REPLICATING, threadsAfter: REPLICATING, masterDelaySec, minApplyDelayUs: 0, visibilityErrUs: 1500, polls: 1,
  });
  const fine: LiveRunResult = { ...base, replicas: [measures('127.0.0.1:3307', 1_000_000, 1), measures('127.0.0.1:3308', 2_000_000, 2)] };
  assert.equal(checkRun(fine).failures, []);
  assert.ok(checkRun(fine).checked.includes('delay'));
  // The second replica saw the write after 1 s although its MASTER_DELAY is 2 s.
  const early: LiveRunResult = { ...base, replicas: [measures('127.0.0.1:3307', 1_000_000, 1), measures('127.0.0.1:3308', 1_000_000, 2)] };
  const failures = checkRun(early).failures;
  assert.equal(failures.map((f) => [f.check, f.replica]), [['delay', '127.0.0.1:3308']]);
  assert.match(failureText(failures[0], 'en'), /^replica 127\.0\.0\.1:3308: 1 of 1 writes were applied sooner than MASTER_DELAY 2s allows/);
  assert.match(failureText(failures[0], 'ko'), /^팔로워 127\.0\.0\.1:3308: /);
});

several('what live mode does not play with several followers is refused before anything starts', async () => {
  const two = (extra: Record<string, unknown> = {}) => scenario({
    name: 'live-two-units', duration: '2s',
    cluster: { followers: [{ name: 'fast', lag: '1s', ...extra }, { name: 'slow', lag: '2s' }] },
    workload: { keys: 5, sessions: 2, writeRate: '5/s', readRate: '10/s' },
    strategies: ['all-follower'],
  });
  const refused = async (run: () => Promise<unknown>): Promise<string[]> => {
    try {
      await run();
    } catch (err) {
      if (err instanceof InputError) return err.problems;
      throw err;
    }
    return [];
  };
  const slowStops = scenario({
    name: 'live-two-stop', duration: '2s',
    cluster: { followers: [{ name: 'fast', lag: '1s' }, { name: 'slow', lag: '2s', incidents: [{ at: '1s', duration: '500ms', type: 'stop' }] }] },
    workload: { keys: 5, sessions: 2, writeRate: '5/s', readRate: '10/s' },
    strategies: ['all-follower'],
  });
  assert.equal(inputProblems(() => checkPlayable(slowStops, 't.yaml')), ['t.yaml: cluster.followers[1].incidents[0]: live mode plays stop incidents on the first follower only']);
  assert.equal(await refused(() => runLiveSession(two(), { engine: 'postgres', label: 't.yaml' })), ['t.yaml: cluster.followers: PostgreSQL live mode drives one standby; the scenario has 2 followers']);
  const one = pairEndpoints({ primary: { host: '127.0.0.1', port: 1, socket: '' }, replica: { host: '127.0.0.1', port: 2, socket: '' }, user: 'lagsim', passwordFile: '', database: 'lagsim', dir: '', password: 'x' });
  assert.equal(await refused(() => runLiveSession(two(), { endpoints: one, label: 't.yaml' })), ['t.yaml: cluster.followers: the scenario has 2 followers but 1 replica was given (--replica names one); use a scenario with one follower, or let lagsim start the replicas']);
});

several.run();
