// Live mode's pure parts, without a database: URLs, the tolerance, the lag fit, the
// schedule (the same traffic as the simulator) and the replay.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { inputProblems, scenario } from './helpers';
import { maskPassword, parseEndpointUrl, withoutPassword } from '../src/live/endpoints';
import { InputError } from '../src/scenario/errors';
import { Agreement, agreement, clusteredMean, rateAgreement, replicatedMean } from '../src/live/stats';
import { fitLag, modelLags } from '../src/live/fit';
import { gtidSeq } from '../src/live/tracker';
import { liveSchedule, scaleScenario } from '../src/live/schedule';
import { compareRun, readLatencyBase, replayScenario } from '../src/live/compare';
import { LiveRecord, LiveRunResult } from '../src/live/runner';
import { simulate } from '../src/simulate';
import { parseStrategyArg } from '../src/scenario/load';
import { MASTER } from '../src/strategies';
import { formatComparison, harnessLine, sessionHeadline, storyLines, verdictCell } from '../src/live/table';
import { liveReport } from '../src/live/report';
import { displayWidth } from '../src/i18n/template';
import { REPLICATING, fakeScenario, fakeSession } from './liveFake';
import { quietPhaseUs, startAtWallPhase } from '../src/live/clock';

const urls = suite('parseEndpointUrl');

urls('defaults: port 3306, database lagsim; the password never in `where`', () => {
  const e = parseEndpointUrl('primary', 'mysql://app:s%40cret@db.local/');
  assert.equal([e.host, e.port, e.user, e.password, e.database, e.where], ['db.local', 3306, 'app', 's@cret', 'lagsim', 'db.local:3306']);
});

urls('a URL without a password takes the default one (LAGSIM_PASSWORD); one in the URL wins', () => {
  assert.is(parseEndpointUrl('primary', 'mysql://app@db.local/', 'from-env').password, 'from-env');
  assert.is(parseEndpointUrl('primary', 'mysql://app:s%40cret@db.local/', 'from-env').password, 's@cret');
  assert.is(parseEndpointUrl('primary', 'mysql://app@db.local/').password, '');
});

urls('bad URLs: one problem per line, naming the option', () => {
  const problems = (text: string): string[] => {
    try {
      parseEndpointUrl('replica', text);
    } catch (err) {
      assert.instance(err, InputError);
      return (err as InputError).problems;
    }
    return [];
  };
  assert.equal(problems('http://u@h:1/x'), ['--replica: scheme must be mysql:// or mariadb://, got http://']);
  assert.equal(problems('mysql://h:1/x'), ['--replica: the URL names no user (mysql://USER:PASSWORD@host:port/db)']);
  assert.match(problems('not a url')[0], '--replica "not a url": expected a URL like mysql://');
  assert.match(problems('mysql://u@h:1/a-b')[0], 'database name "a-b"');
});

urls('a bad percent escape is one problem line, not a URIError', () => {
  const problems = inputProblems(() => parseEndpointUrl('primary', 'mysql://u%zz:p%zz@h/d%zz'));
  assert.equal(problems, ['user', 'password', 'database'].map((part) => `--primary: the ${part} in the URL has a bad percent escape (write a literal % as %25)`));
});

urls('no problem ever echoes the password, whether the URL parses or not', () => {
  for (const text of ['mysql://u:hunter2@h:99999999/db', 'mysql://u:hunter2@/db', 'u:hunter2@h', 'mysql://u:hun@ter2@h:x/db', 'mysql://u:hunter2@h:1/a-b?x=1']) {
    const problems = inputProblems(() => parseEndpointUrl('primary', text));
    assert.ok(problems.length > 0, text);
    for (const line of problems) assert.not.match(line, /hunter2|ter2/, line);
  }
  assert.is(withoutPassword('mysql://u:hunter2@h:99999999/db'), 'mysql://u:***@h:99999999/db');
  assert.is(maskPassword('Access denied (hunter2)', 'hunter2'), 'Access denied (***)');
});

// ---

const stats = suite('clusteredMean and agreement');

stats('one read per cluster: the binomial SE (with the n/(n−1) correction)', () => {
  const y = [1, 0, 0, 1, 0, 0, 0, 1, 0, 0];
  const e = clusteredMean(y, y.map((_, i) => i));
  const p = 0.3;
  assert.ok(Math.abs(e.se - Math.sqrt((p * (1 - p)) / 10) * Math.sqrt(10 / 9)) < 1e-12);
});

stats('perfectly correlated clusters count as one observation each', () => {
  // 4 clusters of 25 identical reads: the SE is that of 4 observations, not of 100.
  const y: number[] = [];
  const c: number[] = [];
  [1, 0, 1, 0].forEach((v, k) => {
    for (let i = 0; i < 25; i++) {
      y.push(v);
      c.push(k);
    }
  });
  const e = clusteredMean(y, c);
  const four = clusteredMean([1, 0, 1, 0], [0, 1, 2, 3]);
  assert.ok(Math.abs(e.se - four.se) < 1e-12, `${e.se} vs ${four.se}`);
  assert.ok(e.se > 5 * Math.sqrt(0.25 / 100), 'far wider than the naive binomial SE');
});

stats('agreement: exact matches agree; one cluster cannot judge a difference; z = 1.96', () => {
  const one = clusteredMean([1, 1, 0], [7, 7, 7]);
  assert.is(one.clusters, 1);
  assert.is(agreement(one, replicatedMean([2 / 3, 2 / 3])).within, true);
  assert.is(agreement(one, replicatedMean([0.5, 0.5])).within, null);
  const live = { value: 0.30, se: 0.03, n: 100, clusters: 50 };
  const a = agreement(live, { value: 0.25, se: 0.04, n: 10, clusters: 10 });
  assert.ok(Math.abs(a.tolerance - 1.96 * 0.05) < 1e-12);
  assert.is(a.within, true);
  assert.is(agreement(live, { value: 0.19, se: 0.04, n: 10, clusters: 10 }).within, false);
  assert.ok(Math.abs(agreement(live, { value: 0.3, se: 0, n: 1, clusters: 1 }, 1).tolerance - (1.96 * 0.03 + 1)) < 1e-12, 'latency resolution added');
});

stats('rateAgreement: a live rate of 0 over many clusters takes the binomial SE at the simulated rate, not 0', () => {
  // 46 writes' worth of reads, none stale, against a replay that is stale in one read of ninety.
  const none = clusteredMean(new Array(90).fill(0), Array.from({ length: 90 }, (_, i) => i % 60));
  assert.is(none.se, 0);
  const sim = replicatedMean([0.011, 0.011, 0.011]);
  assert.is(agreement(none, sim).within, false, 'the plain SE of an all-zero sample demands an exact match');
  const r = rateAgreement(none, sim);
  assert.ok(Math.abs(r.tolerance - 1.96 * Math.sqrt((0.011 * 0.989) / 60)) < 1e-12, `tolerance ${r.tolerance}`);
  assert.is(r.within, true);
  assert.is(rateAgreement(none, replicatedMean([0.2, 0.2])).within, false, 'a simulated 20 % is far from none in 60 clusters');
  assert.is(rateAgreement(none, replicatedMean([0, 0])).within, true, 'both none');
  const live = { value: 0.30, se: 0.03, n: 100, clusters: 50 };
  assert.equal(rateAgreement(live, { value: 0.25, se: 0.04, n: 10, clusters: 10 }), agreement(live, { value: 0.25, se: 0.04, n: 10, clusters: 10 }), 'otherwise agreement itself');
});

// ---

const tracker = suite('gtidSeq');

tracker('the sequence number of the primary\'s domain in a GTID list', () => {
  assert.is(gtidSeq('0-1-17,1-2-5', 1), 5);
  assert.is(gtidSeq('0-1-17', 0), 17);
  assert.is(gtidSeq('', 0), 0);
});

// ---

const fit = suite('fitLag');

fit('a constant lag is recovered exactly', () => {
  const commits = Array.from({ length: 100 }, (_, i) => i * 50_000);
  const f = fitLag(commits, commits.map(() => 700_000));
  assert.equal(f.dist, { dist: 'constant', valueUs: 700_000 });
  assert.is(f.w2Us, 0);
});

fit('MASTER_DELAY\'s whole-second ticks: the model\'s lags after its max() match the measured mean and spread', () => {
  // Apply at the next tick (second boundary + phase 0.8 s) at least 1 s after commit:
  // lags spread over (0.8 s, 1.8 s], Poisson commits at 20/s.
  let t = 0;
  let u = 12345;
  const rand = (): number => (u = (u * 16807) % 2147483647) / 2147483647;
  const commits: number[] = [];
  const lags: number[] = [];
  while (t < 5e6) {
    t += -Math.log(1 - rand()) * 50_000;
    commits.push(t);
    lags.push((Math.floor(t / 1e6) + 1) * 1e6 + 800_000 - t);
  }
  const f = fitLag(commits, lags);
  assert.ok(f.dist.dist !== 'constant', 'a shape beats a constant');
  assert.ok(Math.abs(f.modelled.meanUs - f.measured.meanUs) < 0.02 * f.measured.meanUs, `mean ${f.modelled.meanUs} vs ${f.measured.meanUs}`);
  assert.ok(Math.abs(f.modelled.sdUs - f.measured.sdUs) < 0.2 * f.measured.sdUs, `sd ${f.modelled.sdUs} vs ${f.measured.sdUs}`);
  assert.ok(f.ks < 0.2, `KS ${f.ks}`);
  // The fitted shipping delay sits below the lags: queueing behind slower events adds the rest.
  const d = f.dist;
  const dMean = d.dist === 'normal' ? d.meanUs : d.dist === 'uniform' ? (d.minUs + d.maxUs) / 2 : d.dist === 'lognormal' ? d.medianUs : NaN;
  assert.ok(dMean < f.measured.meanUs, `d ≈ ${dMean} < lag ${f.measured.meanUs}`);
});

fit('modelLags queues events behind slower ones: a_i = max(a_{i−1}, c_i + d_i)', () => {
  const lags = modelLags({ dist: 'uniform', minUs: 0, maxUs: 1_000_000 }, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], 50);
  // Within one pass the running max of d makes later lags at least as long as the first.
  assert.ok(lags[lags.length - 1] <= 1_000_000);
  const mean = lags.reduce((a, b) => a + b, 0) / lags.length;
  assert.ok(mean > 700_000, `running max of 10 uniforms has mean ≈ 0.8 s, got ${mean}`);
});

// ---

const schedule = suite('liveSchedule');

const poisson = scenario({
  name: 'live-units', seed: 9, duration: '2s',
  cluster: { followers: [{ name: 'replica', lag: '100ms' }] },
  data: { apple: { stock: 400 } },
  events: [{ at: '500ms', actor: 'seller', write: 'apple', set: { stock: 0 } }, { at: '700ms', actor: 'user', read: 'apple' }],
  workload: { keys: 10, sessions: 3, writeRate: '20/s', readRate: '100/s', criticalFraction: 0.2 },
  strategies: ['all-follower'],
});

schedule('the same operations at the same times as the simulator, scaled by --time-scale', () => {
  for (const scale of [1, 0.5]) {
    const sc = scaleScenario(poisson, scale);
    const ops = liveSchedule(sc, sc.seed);
    const simOps: Array<[number, string, number, number, boolean]> = [];
    simulate(sc, sc.strategies[0], sc.seed, { op: (r) => simOps.push([r.issuedUs, r.op, r.session, r.key, r.critical]) });
    assert.equal(ops.map((o) => [o.atUs, o.kind, o.session, o.key, o.critical]), simOps.sort((a, b) => a[0] - b[0]));
  }
  const half = liveSchedule(scaleScenario(poisson, 0.5), 9);
  assert.is(half.find((o) => o.event === 0)!.atUs, 250_000);
  assert.ok(half[half.length - 1].atUs < 1_000_000);
});

// ---

const phase = suite('where a live run starts in its second');

phase('the whole seconds fall in the middle of the largest gap between scripted operations', () => {
  // The apple story: write at 1 s, reads at 1.1, 1.2 and 1.5 s; the quietest tick is at .75.
  assert.is(quietPhaseUs([1_000_000, 1_100_000, 1_200_000, 1_500_000]), 250_000);
  assert.is(quietPhaseUs([500_000]), 0);
  assert.is(quietPhaseUs([0, 2_000_000]), 500_000);
  assert.is(quietPhaseUs([]), 0);
  // Every result keeps each scripted time at least half the largest gap from a tick.
  const times = [300_000, 1_350_000, 1_900_000, 2_450_000];
  const p = quietPhaseUs(times);
  for (const t of times) {
    const f = (t + p) % 1e6;
    assert.ok(Math.min(f, 1e6 - f) >= 175_000, `${t} at phase ${f}`);
  }
});

phase('a run starts at its phase of the wall clock, not before it', async () => {
  const wallPhaseUs = (): number => ((performance.timeOrigin + performance.now()) * 1000) % 1e6;
  // Each phase in the order the clock reaches them from now: the three waits add up to under a second.
  const from = wallPhaseUs();
  const targets = [0, 250_000, 990_000].sort((a, b) => (a - from + 1e6) % 1e6 - (b - from + 1e6) % 1e6);
  for (const target of targets) {
    await startAtWallPhase(target);
    const now = wallPhaseUs();
    const late = (((now - target) % 1e6) + 1e6) % 1e6;
    assert.ok(late < 100_000, `target ${target}, started at ${now}`);
  }
});

const replay = suite('replayScenario');

/** A one-replica MariaDB run of `strategy` that recorded `records` (each write applied 1 s after its acknowledgement), as the replay reads it. */
function recordedRun(strategy: string, records: LiveRecord[]): LiveRunResult {
  const writes = records.filter((r) => r.op === 'write');
  return {
    spec: parseStrategyArg(strategy), summary: null as never, records,
    ackUs: [0, ...writes.map((r) => r.tUs)], lagUs: [NaN, ...writes.map(() => 1_000_000)], lagErrUs: [NaN, ...writes.map(() => 0)], masterDelaySec: 1, minApplyDelayUs: 0, wallOffsetUs: 0, wallStartMs: Date.UTC(2026, 10, 30, 1, 59, 59, 500), walBytesPerWrite: null, walCommitBytes: null, pendingPolls: 0, partialPolls: 0, proxied: false, visibilityErrUs: 0, polls: 0, probes: 0,
    threadsBefore: REPLICATING, threadsAfter: REPLICATING, stops: [],
  };
}

replay('a live run replayed: writes at their acknowledgement, reads when issued, the fitted lag on the replica', () => {
  const sc = poisson;
  const ops = liveSchedule(sc, sc.seed).filter((o) => o.event >= 0);
  const rec = (i: number, op: 'read' | 'write', tUs: number): LiveRecord => ({
    index: i, tUs, sentUs: tUs, startUs: tUs, issuedUs: tUs, slipUs: 0, scripted: ops[i].event >= 0, op, session: ops[i].session, key: ops[i].key, node: op === 'write' ? MASTER : 0,
    version: op === 'write' ? 1 : 0, value: null, critical: false, masterVersion: 1, masterValue: null, staleSinceUs: 0, masterSinceUs: 0, pos: op === 'write' ? 1 : 0,
    latencyUs: 300, waitUs: 0, timedOut: false, gtid: '', waitedPos: 0, waitStartUs: NaN,
  });
  const run = recordedRun('all-follower', [rec(0, 'write', 500_400), rec(1, 'read', 700_000)]);
  const f = fitLag([500_400], [1_000_000]);
  const replayed = replayScenario(sc, run, ops, [f], { masterUs: 300, replicaUs: 200 }, 3);
  assert.equal(replayed.events.map((e) => [e.kind, e.atUs]), [['write', 500_400], ['read', 700_000]]);
  assert.is(replayed.followers[0].name, 'replica~3');
  assert.equal(replayed.followers[0].lag, { dist: 'constant', valueUs: 1_000_000 });
  const reads: Array<[number, number, number]> = [];
  simulate(replayed, run.spec, replayed.seed, { op: (r) => r.op === 'read' && reads.push([r.version, r.masterVersion, r.latencyUs]) });
  assert.equal(reads, [[0, 1, 200]], 'stale, as on the real replica, with the measured replica latency');
});

replay('closed-loop sessions replayed: writes commit a round trip (the run\'s median) after they are sent, a session\'s operations stay in order', () => {
  const sc = poisson;
  const ops = liveSchedule(sc, sc.seed).filter((o) => o.event >= 0);
  const rec = (op: 'read' | 'write', session: number, issuedUs: number, startUs: number, tUs: number): LiveRecord => ({
    index: 0, tUs, sentUs: tUs, startUs, issuedUs, slipUs: 0, scripted: false, op, session, key: 0, node: MASTER,
    version: 1, value: null, critical: false, masterVersion: 1, masterValue: null, staleSinceUs: 0, masterSinceUs: 0, pos: op === 'write' ? 1 : 0,
    latencyUs: 300, waitUs: 0, timedOut: false, gtid: '', waitedPos: 0, waitStartUs: NaN,
  });
  const records = [
    rec('write', 0, 1_000_000, 1_000_000, 1_010_000), // sent at once, acknowledged 10 ms later
    rec('read', 0, 1_002_000, 1_010_000, 1_010_000),  // held behind it
    rec('read', 1, 1_100_000, 1_100_000, 1_600_000),  // a 500 ms causal wait
    rec('write', 1, 1_200_000, 1_600_000, 1_606_000), // held behind the wait, then 6 ms to its acknowledgement
  ];
  const run = recordedRun('all-master', records);
  const replayed = replayScenario(sc, run, ops, [fitLag([1_010_000], [1_000_000])], { masterUs: 300, replicaUs: 200 }, 0);
  // The median of the round trips 10 and 6 ms (the lower middle of two).
  assert.is(replayed.masterWriteLatencyUs, 6000);
  // Writes at their acknowledgement less their hold and that round trip; the held read not before its session's write.
  assert.equal(replayed.events.map((e) => [e.kind, e.atUs]), [['write', 1_004_000], ['read', 1_004_000], ['read', 1_100_000], ['write', 1_200_000]]);
  const done: Array<[string, number, number, number]> = [];
  simulate(replayed, run.spec, replayed.seed, { op: (r) => done.push([r.op, r.session, r.tUs, r.latencyUs]) });
  assert.equal(done.filter(([, s]) => s === 0), [['write', 0, 1_010_000, 6000], ['read', 0, 1_010_000, 6300]], 'the read waits for its session\'s write and sees it');
});

// ---

const output = suite('what live prints, in English and in Korean');

function fakeReport() {
  const session = fakeSession();
  const base = readLatencyBase(session.runs, session.scenario);
  const comparisons = session.runs.map((run) => compareRun(session.scenario, run, session.ops, base, 3));
  return { session, base, comparisons };
}

const agreeing: Agreement = { live: 0.5, sim: 0.48, diff: 0.02, tolerance: 0.05, within: true, seLive: 0.02, seSim: 0.01 };

output('English: headline, story, table and harness line as they were', () => {
  const { session, comparisons } = fakeReport();
  assert.is(sessionHeadline(fakeScenario, session, 'en'),
    'Apple stock, live — live on MariaDB 11.4.2-MariaDB: primary 127.0.0.1:3306, replica 127.0.0.1:3307 (= replica), MASTER_DELAY 1s, time scale 1');
  assert.equal(storyLines(session, 0, 'en'), [
    't=0.500s seller write apple @master → stock=0 (v1, GTID 0-1-7)',
    't=0.700s user read apple @replica → stock=400 STALE (master has 0 since 0.000s)',
    't=1.500s   replica (the real replica) applied GTID 0-1-7: apple v1 — lag 1.000s',
  ]);
  assert.is(storyLines(session, 1, 'en')[1], 't=0.700s user read apple @master → stock=0 fresh');
  assert.is(formatComparison(comparisons, 'en'), [
    'strategy      reads  lag mean/p99 ms  lag model (fitted)   stale live/sim  Δ pp ± tol  master reads live/sim  Δ pp ± tol  read ms live/sim  Δ ms ± tol',
    '────────────  ─────  ───────────────  ──────────────────  ───────────────  ──────────  ─────────────────────  ──────────  ────────────────  ──────────',
    'all-follower      1      1000 / 1000     constant 1000ms  100.0% / 100.0%     +0.0 ok            0.0% / 0.0%     +0.0 ok       0.20 / 0.20     +0.0 ok',
    'all-master        1      1000 / 1000     constant 1000ms      0.0% / 0.0%     +0.0 ok        100.0% / 100.0%     +0.0 ok       0.30 / 0.30     +0.0 ok',
  ].join('\n'));
  assert.is(harnessLine(session, 'en'), 'harness: operations issued at most 1.20 ms late; applies seen within ±1.50 ms (84 polls of @@gtid_slave_pos)');
  assert.is(verdictCell(agreeing, 'pp', 'en'), '+2.0 ± 5.0 ok');
  assert.is(verdictCell({ ...agreeing, diff: -0.1, within: false }, 'pp', 'en'), '−10.0 ± 5.0 DIFFERS');
  assert.is(verdictCell({ ...agreeing, diff: 3, tolerance: NaN, within: null }, 'ms', 'en'), '+3.0 n/a');
});

output('Korean: the same facts in the glossary\'s words, the table aligned by display width', () => {
  const { session, comparisons } = fakeReport();
  assert.is(sessionHeadline(fakeScenario, session, 'ko'),
    'Apple stock, live — MariaDB 11.4.2-MariaDB에서 실제 실행: 마스터 127.0.0.1:3306, 팔로워 127.0.0.1:3307 (= replica), MASTER_DELAY 1s, 시간 배율 1');
  assert.equal(storyLines(session, 0, 'ko'), [
    't=0.500s seller 쓰기 apple @master → stock=0 (v1, GTID 0-1-7)',
    't=0.700s user 읽기 apple @replica → stock=400 구 데이터 (마스터는 0.000s부터 0)',
    't=1.500s   replica(실제 팔로워) GTID 0-1-7 적용: apple v1 — 지연 1.000s',
  ]);
  assert.is(storyLines(session, 1, 'ko')[1], 't=0.700s user 읽기 apple @master → stock=0 최신');
  assert.is(harnessLine(session, 'ko'), '하네스: 작업은 최대 1.20 ms 늦게 보냈고, 적용은 ±1.50 ms 안에 확인했습니다 (@@gtid_slave_pos 조회 84회)');
  assert.is(verdictCell(agreeing, 'pp', 'ko'), '+2.0 ± 5.0 일치');
  assert.is(verdictCell({ ...agreeing, diff: -0.1, within: false }, 'pp', 'ko'), '−10.0 ± 5.0 불일치');
  assert.is(verdictCell({ ...agreeing, diff: 3, tolerance: NaN, within: null }, 'ms', 'ko'), '+3.0 판정 불가');

  const lines = formatComparison(comparisons, 'ko').split('\n');
  const header = lines[0].split(/ {2,}/);
  assert.equal(header, ['전략', '읽기 수', '지연 평균/p99 ms', '지연 모델(적합)', '구 데이터 실측/시뮬', 'Δ %p ± 허용', '마스터 읽기 실측/시뮬', 'Δ %p ± 허용', '읽기 응답 ms 실측/시뮬', 'Δ ms ± 허용']);
  assert.equal(lines[2].split(/ {2,}/), ['all-follower', '1', '1000 / 1000', '고정 1000ms', '100.0% / 100.0%', '+0.0 일치', '0.0% / 0.0%', '+0.0 일치', '0.20 / 0.20', '+0.0 일치']);
  // Every line as wide as the rule under the header, and each column ends where its rule ends.
  const rule = lines[1];
  for (const line of lines) assert.is(displayWidth(line), displayWidth(rule), line);
  const ruleEnds = [...rule.matchAll(/─+/g)].map((m) => m.index! + m[0].length);
  const endsOf = (line: string): number[] => {
    const ends: number[] = [];
    let col = 0;
    for (const ch of line) {
      col += displayWidth(ch);
      if (ch !== ' ') ends[ends.length - 1] === col - displayWidth(ch) ? (ends[ends.length - 1] = col) : ends.push(col);
    }
    return ends;
  };
  // Right-aligned columns end at the rule's ends; the strategy column (left-aligned) starts at 0.
  for (const line of lines.slice(2)) {
    const ends = endsOf(line);
    for (const end of ruleEnds.slice(1)) assert.ok(ends.includes(end), `${line}: a cell ends at column ${end}`);
  }
  for (const end of ruleEnds.slice(1)) assert.ok(endsOf(lines[0]).includes(end), `header: a heading ends at column ${end}`);
});

output('liveReport: the terminal text and the page in the chosen language; the JSON the same in both', () => {
  const { session, base, comparisons } = fakeReport();
  const en = liveReport(fakeScenario, session, comparisons, base, 'en');
  const ko = liveReport(fakeScenario, session, comparisons, base, 'ko');
  assert.equal(ko.json, en.json);
  assert.match(en.text, 'measured (live) vs simulated (lag model fitted to each run\'s measured apply lags; Δ = live − sim, ± the 95% tolerance)');
  assert.match(ko.text, '실측(live) 대 시뮬레이션');
  for (const english of ['harness', 'live on', 'the real replica', 'measured (live)', ' ok', 'strategy', 'write apple', 'read apple']) {
    assert.not.match(ko.text, english, `Korean text has "${english}"`);
  }
  const page = (r: typeof en): string => r.files.find(([name]) => name === 'index.html')![1];
  assert.match(page(en), '<html lang="en">');
  assert.match(page(en), '<section id="comparison"><h2>Measured vs simulated</h2>\n<p>Δ = live − simulated; “ok” when within the 95% tolerance (± shown), “DIFFERS” when not.</p>');
  assert.match(page(en), 'The lag each run measured and the model fitted to it are under <a href="#calibration">lag calibration</a>.');
  assert.match(page(en), '<figcaption><code>all-follower</code>: 1 writes, measured lag mean 1000 ms, p99 1000 ms;\nfitted shipping delay <b>constant 1000ms</b>,');
  assert.match(page(en), 'The simulator applies event i at max(a<sub>i−1</sub>, c<sub>i</sub> + d<sub>i</sub>).');
  const koPage = page(ko);
  assert.match(koPage, '<html lang="ko">');
  assert.match(koPage, '<h2>실측 대 시뮬레이션</h2>\n<p>Δ = 실측 − 시뮬레이션입니다. 95% 허용 범위(± 표시) 안이면 “일치”, 밖이면 “불일치”입니다.</p>');
  assert.match(koPage, '<th>전략</th><th>읽기 수</th><th>구 데이터 실측/시뮬</th>');
  assert.match(koPage, '이벤트 i를 max(a<sub>i−1</sub>, c<sub>i</sub> + d<sub>i</sub>)에 적용합니다.');
  assert.match(koPage, '<li>허용 범위: 1.96 × √(SE_live² + SE_sim²)');
  for (const english of ['Measured vs simulated', 'The story, live', 'Lag calibration', 'Method', 'harness:', 'Dots:', 'apply lag, ms']) {
    assert.not.match(koPage, english, `Korean page has "${english}"`);
  }
});

urls.run();
stats.run();
tracker.run();
fit.run();
schedule.run();
phase.run();
replay.run();
output.run();
