// Lag from load on a real PostgreSQL pair: no recovery_min_apply_delay, every write made
// heavy by the write load, and the standby's replay process held to a share of one CPU by
// a cgroup quota — a constrained replica: unconstrained, the standby replays those writes
// several times faster than the primary makes them on this machine (docs/live.md). One run
// whose write rate steps up halfway: the lag must grow with the rate, and the simulator
// with the model fitted to the run must agree with its lags and its stale reads. Before
// it, lag-threshold on the primary's replay_lag, through a replay pause, against the
// simulator's replay-lag monitor (the stale rate agrees; the primary's share is printed).
// Nothing may be left behind: no server, no folder, no cgroup.
// lagsim-test: alone — it times real servers, so scripts/test.js runs it with no other file beside it.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'fs';
import * as path from 'path';
import { spawnSync } from 'child_process';
import { agreesInTest, setupFailures } from './liveFake';
import { scenario } from './helpers';
import { PairInfo, startPair, stopPair } from '../src/live/pair';
import { LiveSession, runLiveSession } from '../src/live/session';
import { compareRun, readLatencyBase } from '../src/live/compare';
import { describeFit } from '../src/live/fit';
import { TOLERANCE, calibratedTwoRates } from './liveLoad';
import { liveReport } from '../src/live/report';

/**
 * Rows of load_pad each write updates: 1.3–2 ms of replay CPU per write on this machine (a
 * burst shows one write per 42–60 ms at REPLAY_CPU), more than the 1 ms of CPU the quota grants
 * per 33 ms period. So each write spans periods and the throttled replay behaves as one slow
 * server, the model's applier. With half the rows a write fitted in a period's budget, replay
 * ran at full speed until the budget ran out, and at 70 % of the quota the lag grew under 1.5×
 * in 2 of 14 recorded runs (0.6× and 0.85×); with these rows 4.2–14× in 6 of 6. The single
 * connection the harness writes through keeps up with the faster rate.
 */
const LOAD_ROWS = 4000;
/** The replay process's share of one CPU, %: tens of ms per write, several times the primary's. */
const REPLAY_CPU = 3;

let pair: PairInfo | null = null;
let cgroup: string | null = null;
const load = suite('lag from load on a real PostgreSQL pair with a constrained replay process');

load.before(async () => {
  pair = await startPair({ engine: 'postgres', delayMs: 0, replayCpuPercent: REPLAY_CPU });
  cgroup = fs.readFileSync(`${pair.dir}/replay.cgroup`, 'utf8').trim();
});

load.after(async () => {
  if (pair !== null) await stopPair(pair);
});

function play(sc: ReturnType<typeof scenario>): Promise<LiveSession> {
  return runLiveSession(sc, { engine: 'postgres', pair: pair!, writeLoadRows: LOAD_ROWS });
}

load('monitor replay-lag (replay_lag on the primary): a replay pause sends readers to the primary, and the stale rate agrees with the simulator', async () => {
  // Plain writes at 10/s; replay paused from 2 s to 3.5 s. While paused, each arriving write's
  // reply reads the age of the oldest unreplayed write, which passes the 500 ms threshold half
  // a second into the pause; the reply at catch-up brings it back under. The readers go to the
  // primary for about one second of the six. A NULL replay_lag means the standby has replayed
  // everything it was sent, so it counts as no lag (nullLag 0): between writes the real one
  // reads NULL about a quarter of the time, the model only 10 s after the last apply
  // (docs/live.md). It runs before the load test, whose heavy writes can leave the
  // constrained standby behind when they end.
  const sc = scenario({
    name: 'live-pg-replay-lag', seed: 5, duration: '6s',
    cluster: { followers: [{ name: 'standby', lag: '0s', incidents: [{ at: '2s', duration: '1.5s', type: 'stop' }] }] },
    workload: { keys: 20, sessions: 5, writeRate: '10/s', readRate: '100/s' },
    strategies: [{ name: 'lag-threshold', threshold: '500ms', monitor: 'replay-lag', probeInterval: '100ms', nullLag: '0s' }],
  });
  const session = await runLiveSession(sc, { engine: 'postgres', pair: pair! });
  const run = session.runs[0];
  assert.ok(run.probes >= 50, `${run.probes} probes of pg_stat_replication`);
  const base = readLatencyBase(session.runs, session.scenario);
  const c = compareRun(session.scenario, run, session.ops, base);
  assert.equal(setupFailures(c.checks), []);
  assert.ok(c.checks.checked.includes('stopped'), 'the pause was checked');
  const line = `fit ${describeFit(c.fit, 'en')}: master reads live ${c.masterReadShare.live.toFixed(3)} vs sim ${c.masterReadShare.sim.toFixed(3)} ± ${c.masterReadShare.tolerance.toFixed(3)}; `
    + `stale live ${c.staleRate.live.toFixed(3)} vs sim ${c.staleRate.sim.toFixed(3)} ± ${c.staleRate.tolerance.toFixed(3)}`;
  process.stderr.write(`${line}\n`);
  assert.ok(c.masterReadShare.live > 0.05 && c.masterReadShare.live < 0.5, `the pause, and only the pause, sends readers to the primary: ${line}`);
  assert.ok(agreesInTest(c.masterReadShare), `reads to the primary: ${line}`);
  assert.ok(agreesInTest(c.staleRate), `stale reads: ${line}`);
});

load('the lag grows with the write rate; the simulator with the fitted model agrees on the lag and the stale reads', async () => {
  const { sc, session, o } = await calibratedTwoRates(play, 'live-pg-load', 'standby', 'mean');
  assert.is(session.applyDelayUs, 0, 'no recovery_min_apply_delay: the lag is replay\'s own');
  assert.is(session.replayCpuPercent, REPLAY_CPU);
  const { line, measured, fit, comparison: c, base } = o;
  assert.equal(setupFailures(c.checks), [], 'the pair behaved as configured');
  assert.ok(c.checks.checked.includes('replicating'));
  const en = liveReport(sc, session, [c], base, 'en').text;
  const ko = liveReport(sc, session, [c], base, 'ko').text;
  assert.match(en, `write load: every write also updated each of the ${LOAD_ROWS} rows of table load_pad`);
  assert.match(en, `constrained replica: the standby's replay process was held to ${REPLAY_CPU} % of one CPU`);
  assert.match(ko, `load_pad 테이블의 ${LOAD_ROWS}개 행`);
  assert.match(ko, `CPU 하나의 ${REPLAY_CPU}%`);
  assert.ok(measured[1] > 1.5 * measured[0], `the lag grows with the write rate: ${line}`);
  assert.ok(Math.abs(fit.modelled.meanUs - fit.measured.meanUs) <= TOLERANCE * fit.measured.meanUs, `the run's mean lag within ${TOLERANCE * 100}%: ${line}`);
  assert.ok(agreesInTest(c.staleRate), `stale reads: ${line}`);
});

const root = path.join(__dirname, '..');
const lagsim = (...args: string[]) => spawnSync(process.execPath, [path.join(root, 'bin', 'lagsim.js'), ...args], { encoding: 'utf8', cwd: root, timeout: 60_000 });

load('bad input: --replay-cpu out of range, on MariaDB, with a given pair; --write-load with a pgpool strategy (exit 2)', () => {
  const sc = path.join(root, 'docs', 'live-load.yaml');
  const range = lagsim('live', sc, '--engine', 'postgres', '--replay-cpu', '0');
  assert.is(range.status, 2, range.stderr);
  assert.match(range.stderr, '--replay-cpu: expected a whole number of percent from 1 to 100');
  const maria = lagsim('live', sc, '--replay-cpu', '10', '--no-report');
  assert.is(maria.status, 2, maria.stderr);
  assert.match(maria.stderr, '--replay-cpu: only for a PostgreSQL standby lagsim starts: it needs --engine postgres');
  const given = lagsim('live', sc, '--engine', 'postgres', '--replay-cpu', '10', '--primary', 'postgres://lagsim@127.0.0.1:1/lagsim', '--replica', 'postgres://lagsim@127.0.0.1:2/lagsim', '--no-report', '--lang', 'ko');
  assert.is(given.status, 2, given.stderr);
  assert.match(given.stderr, '--replay-cpu: lagsim이 시작하는 PostgreSQL 대기 서버에만 쓸 수 있습니다');
  const pgpool = lagsim('live', sc, '--engine', 'postgres', '--write-load', '100', '--strategy', 'pgpool', '--no-report');
  assert.is(pgpool.status, 2, pgpool.stderr);
  assert.match(pgpool.stderr, 'without the write load');
});

/** Whether process `pid` is gone (or a zombie no longer running) within five seconds. */
async function exited(pid: string): Promise<boolean> {
  for (let i = 0; i < 50; i++) {
    let state: string;
    try {
      state = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /s, '')[0];
    } catch {
      return true;
    }
    if (state === 'Z') return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
}

load('stopping the pair leaves no server, folder or cgroup behind', async () => {
  const dir = pair!.dir;
  const pids = ['primary', 'replica'].map((role) => fs.readFileSync(`${dir}/${role}/launch.pid`, 'utf8').trim());
  await stopPair(pair!);
  pair = null;
  for (const pid of pids) assert.ok(await exited(pid), `server ${pid} gone`);
  assert.not.ok(fs.existsSync(dir), `${dir} removed`);
  assert.not.ok(fs.existsSync(cgroup!), `${cgroup} removed`);
});

load.run();
