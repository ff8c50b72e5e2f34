// Live mode on two real MariaDB replicas (MASTER_DELAY 1 s and 2 s): every strategy of
// docs/live-two.yaml passes its setup checks on both replicas, and every one but lag-threshold
// (see onKnifeEdge) agrees with the simulator replaying the same operations with each replica's lag fitted on its own — the stale rate,
// the primary's share and, per replica, the share of reads it served and served stale.
// Starts its own pair through the CLI path too, and checks nothing is left behind.
// lagsim-test: alone — it times real servers, so scripts/test.js runs it with no other file beside it.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'fs';
import * as path from 'path';
import { spawnSync } from 'child_process';
import { agreesInTest, setupFailures } from './liveFake';
import { loadScenarioFile } from '../src/scenario/load';
import { PairInfo, startPair, stopPair } from '../src/live/pair';
import { pairEndpoints } from '../src/live/endpoints';
import { runLiveSession } from '../src/live/session';
import { compareRun, readLatencyBase } from '../src/live/compare';
import { liveReport } from '../src/live/report';
import { Agreement } from '../src/live/stats';

const root = path.join(__dirname, '..');
const two = path.join(root, 'docs', 'live-two.yaml');

/**
 * lag-threshold at 1 s drops the 2 s replica only while it reports 2, which it does between the
 * second's tick and the apply: whether a probe falls there hangs on the sub-second phase at which
 * each replica took its events up. Its agreement is printed, not asserted (docs/live.md, "Two
 * replicas", has a run at 50.0 % live against 64.7 % simulated).
 */
const onKnifeEdge = (strategy: string): boolean => strategy.startsWith('lag-threshold');

let pair: PairInfo | null = null;
const live = suite('live mode on two real replicas');

live.before(async () => {
  pair = await startPair({ delaysSec: [1, 2] });
});

live.after(async () => {
  if (pair !== null) await stopPair(pair);
  const dir = pair?.dir;
  if (dir !== undefined) {
    assert.not.ok(fs.existsSync(dir), `${dir} removed`);
    assert.is(spawnSync('pgrep', ['-f', dir]).status, 1, 'no mariadbd of that pair is left running');
  }
});

const show = (name: string, a: Agreement): string => `${name} live ${a.live.toFixed(3)} vs sim ${a.sim.toFixed(3)} (|Δ| ${Math.abs(a.diff).toFixed(3)}, tolerance ${a.tolerance.toFixed(3)})`;

live('two replicas: each strategy checks its setup on both and agrees with the simulator, replica by replica', async () => {
  const sc = loadScenarioFile(two);
  const session = await runLiveSession(sc, { endpoints: pairEndpoints(pair!) });
  assert.equal(session.replicas?.map((r) => [r.follower, r.masterDelaySec]), [['fast', 1], ['slow', 2]]);
  const base = readLatencyBase(session.runs, session.scenario);
  const comparisons = session.runs.map((run) => compareRun(session.scenario, run, session.ops, base));
  const lines: string[] = [];
  for (const c of comparisons) {
    assert.equal(setupFailures(c.checks), [], `${c.strategy}: setup checks`);
    assert.ok(c.checks.checked.includes('delay'), `${c.strategy}: the delay of each replica was checked`);
    assert.is(c.fits.length, 2);
    // Each replica's own lag: under MASTER_DELAY D the writes of one second apply together, D − 1 s to D
    // after their commit (more while a backlog drains), so the means lie about a second apart.
    const [fast, slow] = c.fits.map((f) => f.measured.meanUs);
    assert.ok(fast > 0 && fast < 1_300_000 && slow > fast + 500_000 && slow < 2_300_000, `${c.strategy}: mean lags ${fast} µs and ${slow} µs`);
    const all = [['stale', c.staleRate], ['primary share', c.masterReadShare]] as Array<[string, Agreement]>;
    for (const p of c.perReplica!) all.push([`${p.follower} share`, p.readShare], [`${p.follower} stale share`, p.staleShare]);
    for (const [name, a] of all) {
      lines.push(`${c.strategy}: ${show(name, a)}`);
      if (!onKnifeEdge(c.strategy)) assert.ok(agreesInTest(a), `${c.strategy}: ${show(name, a)}`);
    }
  }
  process.stderr.write(`${lines.join('\n')}\n`);
  const [rr, leastSbm, leastHeartbeat] = comparisons;
  // Round-robin: half of the reads on each replica, live and simulated.
  for (const p of rr.perReplica!) assert.ok(Math.abs(p.readShare.live - 0.5) < 0.02, `round-robin share ${p.follower} ${p.readShare.live}`);
  // Least-lagged prefers the replica 1 s behind over the one 2 s behind, and is less stale for it.
  for (const c of [leastSbm, leastHeartbeat]) {
    assert.ok(c.perReplica![0].readShare.live > c.perReplica![1].readShare.live, `${c.strategy}: fast serves more reads`);
    assert.ok(c.staleRate.live < rr.staleRate.live, `${c.strategy}: stale ${c.staleRate.live} < round-robin ${rr.staleRate.live}`);
  }
  // Both replicas are named in what live mode prints, in both languages.
  for (const lang of ['en', 'ko'] as const) {
    const report = liveReport(sc, session, comparisons, base, lang);
    const page = report.files.find(([name]) => name === 'index.html')![1];
    for (const r of session.replicas!) {
      assert.match(report.text, r.where);
      assert.match(page, r.where);
    }
    const text = report.text;
    assert.match(text, lang === 'en' ? 'fast served' : 'fast — 처리한 읽기');
  }
  process.stderr.write(`${liveReport(sc, session, comparisons, base, 'en').text}\n`);
});

live.run();
