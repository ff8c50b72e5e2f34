// Live mode against a real PostgreSQL primary and streaming hot standby on loopback,
// the standby delayed by recovery_min_apply_delay = 1 s. One pair for the API tests,
// started once; the CLI test starts (and must stop) its own. Every run here must pass its
// setup checks, the delay check included.
// lagsim-test: alone — it times real servers, so scripts/test.js runs it with no other file beside it.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'fs';
import * as path from 'path';
import { spawnSync } from 'child_process';
import { scenario } from './helpers';
import { assertStopIncident, setupFailures, agreesInTest } from './liveFake';
import { loadScenarioFile, parseStrategyArg } from '../src/scenario/load';
import { PairInfo, startPair, stopPair } from '../src/live/pair';
import { pairEndpoints } from '../src/live/endpoints';
import { LiveSession, runLiveSession } from '../src/live/session';
import { compareRun, readLatencyBase } from '../src/live/compare';
import { lsnSeq } from '../src/live/engines/postgres';
import { MASTER } from '../src/strategies';

const root = path.join(__dirname, '..');
const bin = path.join(root, 'bin', 'lagsim.js');
const apple = path.join(root, 'scenarios', 'apple-stock.yaml');

let pair: PairInfo | null = null;
const live = suite('live mode on a real PostgreSQL pair');

live.before(async () => {
  pair = await startPair({ engine: 'postgres', delayMs: 1000 });
});

live.after(async () => {
  if (pair !== null) await stopPair(pair);
});

function readsOf(session: LiveSession, run: number, actor: string) {
  const sc = session.scenario;
  return session.runs[run].records.filter((r) => r.op === 'read' && sc.sessionNames[r.session] === actor);
}

live('LSNs order as numbers', () => {
  assert.is(lsnSeq('0/3000138'), 0x3000138);
  assert.is(lsnSeq('16/B374D848'), 0x16 * 2 ** 32 + 0xb374d848);
  assert.ok(lsnSeq('1/0') > lsnSeq('0/FFFFFFFF'));
  assert.is(lsnSeq(null), 0);
  assert.throws(() => lsnSeq('3000138'), /not an LSN/);
});

live('the apple story on a delayed standby: the user reads 400 after the seller set 0; the strategies fix it; the simulator agrees', async () => {
  const sc = loadScenarioFile(apple);
  const strategies = ['all-follower', 'critical-only', 'post-write-window(window=1s,scope=key)'].map(parseStrategyArg);
  const session = await runLiveSession(sc, { engine: 'postgres', endpoints: pairEndpoints(pair!), strategies });
  assert.match(session.serverVersion, /^PostgreSQL \d+/);
  assert.is(session.applyDelayUs, 1_000_000, 'the standby reports recovery_min_apply_delay = 1 s');
  const [browse, checkout] = readsOf(session, 0, 'user-1');
  assert.is(browse.node, 0);
  assert.equal(browse.value, { stock: 400 });
  assert.ok(browse.version < browse.masterVersion, 'the browse read is stale');
  assert.ok(checkout.version < checkout.masterVersion, 'so is the checkout read');
  // recovery_min_apply_delay holds the COMMIT record until commit time + 1 s (ms resolution).
  const lag = session.runs[0].lagUs[1];
  assert.ok(lag > 950_000 && lag < 1_100_000, `the standby replayed the write ${lag} µs after its acknowledgement`);
  const [browseC, checkoutC] = readsOf(session, 1, 'user-1');
  assert.equal(browseC.value, { stock: 400 });
  assert.equal([checkoutC.node, checkoutC.value], [MASTER, { stock: 0 }]);
  assert.is(session.runs[2].summary.staleReads, 0);
  const base = readLatencyBase(session.runs, session.scenario);
  for (const run of session.runs) {
    const c = compareRun(session.scenario, run, session.ops, base, 3);
    assert.equal(c.checks.checked, ['replicating', 'onTime', 'delay']);
    assert.equal(setupFailures(c.checks), [], `${run.spec.label}: setup checks`);
    assert.is(c.staleRate.diff, 0, `${run.spec.label}: stale rate live ${c.staleRate.live}, sim ${c.staleRate.sim}`);
    assert.is(c.masterReadShare.diff, 0, `${run.spec.label}: master share`);
  }
});

live('causal wait (polling pg_last_wal_replay_lsn() for the commit LSN) gives zero read-your-writes violations; all-follower on Poisson traffic agrees with the simulator', async () => {
  const sc = scenario({
    name: 'live-pg-ryw', seed: 5, duration: '4s',
    cluster: { followers: [{ name: 'standby', lag: '1s' }] },
    workload: { keys: 20, sessions: 5, writeRate: '20/s', readRate: '200/s' },
    strategies: ['all-follower', { name: 'causal', mode: 'wait', scope: 'session', timeout: '5s' }],
  });
  const session = await runLiveSession(sc, { engine: 'postgres', endpoints: pairEndpoints(pair!) });
  const [follower, causal] = session.runs;
  assert.ok(follower.summary.rywViolations > 10, `all-follower: ${follower.summary.rywViolations} violations (the test can fail)`);
  assert.is(causal.summary.rywViolations, 0);
  const waited = causal.records.filter((r) => r.op === 'read' && r.waitUs > 100_000).length;
  assert.ok(waited > 10, `${waited} causal reads really waited for their LSN`);
  assert.is(causal.records.filter((r) => r.timedOut).length, 0);

  const base = readLatencyBase(session.runs, session.scenario);
  const c = compareRun(session.scenario, follower, session.ops, base);
  assert.equal(c.checks.checked, ['replicating', 'onTime', 'delay']);
  assert.equal(setupFailures(c.checks), []);
  assert.equal(compareRun(session.scenario, causal, session.ops, base, 2).checks.failures, []);
  assert.ok(c.staleRate.live > 0.2, `stale rate ${c.staleRate.live}: the delay matters`);
  assert.ok(c.staleRate.tolerance > 0 && c.staleRate.tolerance < 0.12, `tolerance ${c.staleRate.tolerance} is informative`);
  assert.ok(agreesInTest(c.staleRate), `live ${c.staleRate.live} vs sim ${c.staleRate.sim}: |Δ| ${Math.abs(c.staleRate.diff)} > ${c.staleRate.tolerance}`);
  assert.is(c.fit.measured.n, follower.summary.writes, 'every write\'s lag was measured');
  // Every commit waits its own delay from its own timestamp: the lags hardly spread, beyond
  // what the polling that measures them can resolve (wider on a busy machine).
  const spreadUs = 50_000 + 2 * follower.visibilityErrUs;
  assert.ok(c.fit.measured.p99Us - c.fit.measured.p50Us < spreadUs, `lag p50 ${c.fit.measured.p50Us} µs, p99 ${c.fit.measured.p99Us} µs, allowed spread ${spreadUs} µs`);
});

live('monitor replay-timestamp (now() − pg_last_xact_replay_timestamp() on the standby): lag-threshold on it agrees with the simulator', async () => {
  // Poisson writes at 2/s behind a 1 s delay: a probe reads 1 s + Exp(2/s), ≤ 1.5 s with probability 1 − e^(−1) ≈ 0.63.
  // The simulator's write commits when the harness saw it acknowledged; the real commit
  // timestamp is earlier by the commit's round trip, which shortens each write's 500 ms
  // window below the threshold in the live run (docs/live.md): a wide window keeps that small.
  const sc = scenario({
    name: 'live-pg-replay-ts', seed: 9, duration: '5s',
    cluster: { followers: [{ name: 'standby', lag: '1s' }] },
    workload: { keys: 20, sessions: 5, writeRate: '2/s', readRate: '200/s' },
    strategies: [{ name: 'lag-threshold', threshold: '1500ms', monitor: 'replay-timestamp', probeInterval: '200ms' }],
  });
  const session = await runLiveSession(sc, { engine: 'postgres', endpoints: pairEndpoints(pair!) });
  const run = session.runs[0];
  assert.ok(run.probes >= 20, `${run.probes} probes of the standby`);
  const base = readLatencyBase(session.runs, session.scenario);
  const c = compareRun(session.scenario, run, session.ops, base);
  assert.equal(c.checks.checked, ['replicating', 'onTime', 'delay']);
  assert.equal(setupFailures(c.checks), []);
  assert.ok(c.masterReadShare.live > 0.15 && c.masterReadShare.live < 0.7, `master share ${c.masterReadShare.live}: the threshold both passes and fails`);
  // Each real commit timestamp precedes its acknowledgement by about delay − measured lag: the
  // live run can be less eligible than the simulator by at most that time, summed, of the run.
  const offsetsUs = run.lagUs.slice(1).filter(Number.isFinite).map((lag) => Math.max(0, session.applyDelayUs - lag));
  const biasBound = offsetsUs.reduce((a, b) => a + b, 0) / session.scenario.horizonUs;
  const d = c.masterReadShare.live - c.masterReadShare.sim;
  // The tolerance lagsim prints is a 95 % interval: held to it, a correct model fails one run in
  // twenty. The test allows twice it (about 4 standard errors).
  const tol = 2 * c.masterReadShare.tolerance;
  assert.ok(d > -tol && d < tol + biasBound, `master share live ${c.masterReadShare.live} vs sim ${c.masterReadShare.sim}: Δ ${d} outside (−${tol}, ${tol} + ${biasBound})`);
  assert.ok(Math.abs(c.staleRate.diff) <= 2 * c.staleRate.tolerance, `stale live ${c.staleRate.live} vs sim ${c.staleRate.sim} ± ${c.staleRate.tolerance}`);
});

live('a stop incident on the standby (pg_wal_replay_pause() … pg_wal_replay_resume() as lagsim_admin): stale reads during and after it, and the drain, as the simulator says', async () => {
  const sc = scenario({
    // 8 s: the phase after the drain (from resume + 1.5 s) keeps 2.5 s of reads, enough for an informative tolerance.
    name: 'live-pg-stop', seed: 6, duration: '8s',
    cluster: { followers: [{ name: 'standby', lag: '1s', incidents: [{ at: '2s', duration: '2s', type: 'stop' }] }] },
    workload: { keys: 30, sessions: 10, writeRate: '20/s', readRate: '200/s' },
    strategies: ['all-follower'],
  });
  const session = await runLiveSession(sc, { engine: 'postgres', endpoints: pairEndpoints(pair!) });
  assert.match(session.runs[0].stops[0]?.threadsStopped.state ?? '', 'replay paused');
  assertStopIncident(session);
});

async function rejection(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    return (err as Error).message;
  }
  return 'resolved';
}

const lagsim = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', cwd: root, timeout: 60_000 });

live('bad input: a mysql:// URL on postgres, a monitor the engine does not report (exit 2, one line)', () => {
  const url = lagsim('live', apple, '--engine', 'postgres', '--primary', 'mysql://lagsim@127.0.0.1/lagsim', '--replica', 'postgres://lagsim@127.0.0.1/lagsim');
  assert.is(url.status, 2, url.stderr);
  assert.match(url.stderr, '--primary: scheme must be postgres:// or postgresql:// with --engine postgres, got mysql://');
  const sbm = lagsim('live', apple, '--engine', 'postgres', '--strategy', 'lag-threshold(threshold=1s,monitor=seconds-behind-master)', '--no-report');
  assert.is(sbm.status, 2, sbm.stderr);
  assert.match(sbm.stderr, 'monitor seconds-behind-master is not what PostgreSQL reports; on PostgreSQL live mode plays monitor replay-timestamp, replay-lag, heartbeat');
  const rts = lagsim('live', apple, '--strategy', 'lag-threshold(threshold=1s,monitor=replay-timestamp)', '--no-report');
  assert.is(rts.status, 2, rts.stderr);
  assert.match(rts.stderr, 'monitor replay-timestamp is not what MariaDB reports; on MariaDB live mode plays monitor seconds-behind-master, heartbeat');
});

live('one command: start a PostgreSQL pair, play the apple story, print measured vs simulated, stop the pair; nothing left behind', () => {
  const r = lagsim('live', apple, '--engine', 'postgres', '--time-scale', '0.5', '--strategy', 'all-follower', '--no-report');
  assert.is(r.status, 0, r.stderr);
  assert.match(r.stdout, /user-1 read apple @follower-1 → stock=400 STALE/);
  assert.match(r.stdout, /replayed LSN [0-9A-F]+\/[0-9A-F]+: apple v1/);
  assert.match(r.stdout, /recovery_min_apply_delay 500 ms/);
  assert.match(r.stdout, 'polls of pg_last_wal_replay_lsn()');
  const dir = /pair up in (\S+):/.exec(r.stderr)?.[1];
  assert.ok(dir !== undefined, r.stderr);
  assert.not.ok(fs.existsSync(dir!), `${dir} removed`);
  assert.is(spawnSync('pgrep', ['-f', dir!]).status, 1, 'no postgres of that pair is left running');
});

live('the servers do not run as root; the folder and the password files are the starter\'s alone; lagsim cannot create tables nor pause replay; lagsim_admin can only pause and resume it', async () => {
  const pids = spawnSync('pgrep', ['-f', '--', `-D ${pair!.dir}/`], { encoding: 'utf8' }).stdout.trim().split('\n');
  assert.is(pids.length, 2, 'primary and standby postmasters');
  const users = spawnSync('ps', ['-o', 'user=', '-p', pids.join(',')], { encoding: 'utf8' }).stdout.trim().split('\n').map((u) => u.trim());
  if (process.getuid?.() === 0) assert.equal(users, ['postgres', 'postgres']);
  assert.is(fs.statSync(pair!.passwordFile).mode & 0o077, 0, 'password file: mode 0600');
  assert.is(fs.statSync(pair!.adminPasswordFile!).mode & 0o077, 0, 'admin password file: mode 0600');
  assert.is(fs.statSync(pair!.dir).mode & 0o007, 0, 'pair folder: nothing for others');
  const { Client } = await import('pg');
  const c = new Client({ host: '127.0.0.1', port: pair!.primary.port, user: 'lagsim', password: pair!.password, database: 'lagsim' });
  await c.connect();
  try {
    await c.query('SELECT count(*) FROM rows_kv');
    assert.match(await rejection(c.query('CREATE TABLE other (a int)')), 'permission denied');
  } finally {
    await c.end();
  }
  // lagsim_admin may pause and resume replay on the standby, and nothing else; lagsim may not pause it.
  const admin = new Client({ host: '127.0.0.1', port: pair!.replica.port, user: 'lagsim_admin', password: pair!.adminPassword, database: 'postgres' });
  await admin.connect();
  try {
    await admin.query('SELECT pg_wal_replay_pause()');
    await admin.query('SELECT pg_wal_replay_resume()');
    assert.match(await rejection(admin.query('SELECT pg_reload_conf()')), 'permission denied');
  } finally {
    await admin.end();
  }
  const onStandby = new Client({ host: '127.0.0.1', port: pair!.replica.port, user: 'lagsim', password: pair!.password, database: 'lagsim' });
  await onStandby.connect();
  try {
    assert.match(await rejection(onStandby.query('SELECT pg_wal_replay_pause()')), 'permission denied');
  } finally {
    await onStandby.end();
  }
  const adminLagsim = new Client({ host: '127.0.0.1', port: pair!.primary.port, user: 'lagsim_admin', password: pair!.adminPassword, database: 'lagsim' });
  assert.match(await rejection(adminLagsim.connect()), 'no pg_hba.conf entry');
  const wrong = new Client({ host: '127.0.0.1', port: pair!.primary.port, user: 'lagsim', password: 'lagsim', database: 'lagsim' });
  assert.match(await rejection(wrong.connect()), 'password authentication failed');
});

live.run();
