import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { problemsOf, sampleSize, scenario } from './helpers';
import { resultOf, traceOf } from './traceHelpers';
import { MASTER, traitsOf } from '../src/strategies';
import { parseStrategyArg } from '../src/scenario/load';
import { parseBytes, formatBytes } from '../src/scenario/units';
import { Binlog } from '../src/model/binlog';
import { Master } from '../src/model/master';
import { Follower } from '../src/model/follower';
import { DEFAULT_WAL_BYTES_PER_WRITE, WalBytesMonitor } from '../src/model/monitor';
import { makeStream } from '../src/engine/random';
import { explainStrategy } from '../src/report/html/scenarioView';
import { scenarioJsonSchema } from '../src/scenario/jsonSchema';
import { at, msg, renderProblem } from '../src/i18n/problem';
import { StrategyResult } from '../src/metrics/summary';
import { cli } from './cli';
import * as path from 'path';

const S = 1_000_000;
const SEEDS = Array.from({ length: sampleSize(50, 10) }, (_, i) => i + 1);

/** One follower with a constant lag, Poisson traffic over keys and sessions. */
function poisson(seed: number, o: { lag?: string; keys?: number; sessions?: number; writeRate?: string; readRate?: string; duration?: string; followers?: number; walBytesPerWrite?: number; walCommitBytes?: number } = {}) {
  return scenario({
    name: 'pgpool-theory', seed, duration: o.duration ?? '60s',
    cluster: {
      ...(o.walBytesPerWrite !== undefined ? { master: { walBytesPerWrite: o.walBytesPerWrite, ...(o.walCommitBytes !== undefined ? { walCommitBytes: o.walCommitBytes } : {}) } } : {}),
      followers: Array.from({ length: o.followers ?? 1 }, (_, f) => ({ name: `f${f + 1}`, lag: o.lag ?? '500ms' })),
    },
    workload: { keys: o.keys ?? 50, sessions: o.sessions ?? 20, writeRate: o.writeRate ?? '20/s', readRate: o.readRate ?? '200/s' },
  });
}

/** A result without its label, to compare two strategies' numbers. */
const numbers = (r: StrategyResult): Omit<StrategyResult, 'strategy'> => {
  const { strategy: _label, ...rest } = r;
  return rest;
};

/** Mean and standard error over seeds. */
function meanSe(xs: number[]): { mean: number; se: number } {
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  const variance = xs.reduce((a, x) => a + (x - mean) ** 2, 0) / (xs.length - 1);
  return { mean, se: Math.sqrt(variance / xs.length) };
}

// ---
const monitor = suite('the WAL-bytes-behind monitor');

/** A master and one follower with a constant lag, the monitor probing every `periodUs`. */
function walCluster(lagUs: number, bytesPerWrite: number, periodUs: number, seed = 1, commitBytes?: number) {
  const binlog = new Binlog(1);
  const master = new Master(binlog, 1);
  const follower = new Follower(0, { name: 'f', lag: { dist: 'constant', valueUs: lagUs }, applyTime: null, incidents: [], readLatencyUs: 0 },
    binlog, 1, master.rowRef, makeStream(seed, 'lag/f'));
  const m = new WalBytesMonitor(periodUs, bytesPerWrite, binlog, [follower], undefined, commitBytes);
  const write = (tUs: number): void => {
    follower.ship(tUs);
    follower.place(master.commit(0, tUs, null));
  };
  return { m, write };
}

monitor('reads (writes committed − writes replayed) × bytes per write, as of the probe instant', () => {
  const c = walCluster(3 * S, 100, 2 * S);
  c.m.catchUp(0);
  assert.is(c.m.reportedBytes[0], 0);
  c.write(0.5 * S); // replayed at 3.5 s
  c.write(1.0 * S); // replayed at 4.0 s
  c.m.catchUp(1.9 * S);
  assert.is(c.m.reportedBytes[0], 0, 'routing still sees the probe at 0 s');
  c.m.catchUp(2 * S);
  assert.is(c.m.reportedBytes[0], 200);
  c.write(3.9 * S); // replayed at 6.9 s
  c.m.catchUp(4 * S);
  assert.is(c.m.reportedBytes[0], 100, 'the write replayed at 4.0 s is no longer behind at a probe at 4.0 s; the one of 3.9 s is');
  c.m.catchUp(8 * S);
  assert.is(c.m.reportedBytes[0], 0, 'caught up');
});

monitor('with walCommitBytes, the oldest pending write counts its commit record only: (pending − 1) × bytes per write + commit bytes', () => {
  const c = walCluster(3 * S, 220, 2 * S, 1, 40);
  c.write(0.5 * S); // replayed at 3.5 s
  c.write(1.0 * S); // replayed at 4.0 s
  c.m.catchUp(2 * S);
  assert.is(c.m.reportedBytes[0], 220 + 40, 'two pending: one whole write, and the oldest\'s commit record');
  c.write(3.9 * S); // replayed at 6.9 s
  c.m.catchUp(4 * S);
  assert.is(c.m.reportedBytes[0], 40, 'one pending: its commit record');
  c.m.catchUp(8 * S);
  assert.is(c.m.reportedBytes[0], 0, 'caught up');
});

monitor(`walCommitBytes equal to walBytesPerWrite is the whole write; a scenario may set it, at most walBytesPerWrite (${SEEDS.length} seeds)`, () => {
  let fewer = 0;
  for (const seed of SEEDS) {
    const whole = traceOf(poisson(seed, { walBytesPerWrite: 220 }), 'pgpool(delayThreshold=1kB,srCheckPeriod=1s)');
    const same = traceOf(poisson(seed, { walBytesPerWrite: 220, walCommitBytes: 220 }), 'pgpool(delayThreshold=1kB,srCheckPeriod=1s)');
    assert.equal(same.ops.map((r) => r.node), whole.ops.map((r) => r.node), `seed ${seed}`);
    // 1 kB is crossed at 5 whole writes (1100 bytes) but at 6 with a 40-byte commit record (920 at 5, 1140 at 6).
    const held = resultOf(poisson(seed, { walBytesPerWrite: 220, walCommitBytes: 40 }), 'pgpool(delayThreshold=1kB,srCheckPeriod=1s)');
    assert.ok(held.masterReadShare <= whole.result.masterReadShare, `seed ${seed}: fewer bytes behind never sends more reads to the master`);
    if (held.masterReadShare < whole.result.masterReadShare) fewer++;
  }
  assert.ok(fewer > SEEDS.length / 5, `the commit record alone moved reads off the master in ${fewer} of ${SEEDS.length} seeds`);
  const problems = problemsOf(() => poisson(1, { walBytesPerWrite: 220, walCommitBytes: 221 }));
  assert.ok(problems.some((p) => p.includes('walCommitBytes') && p.includes('220')), problems.join('\n'));
});

monitor(`Little's law: with constant lag L, Poisson writes at rate w and b bytes each, the mean bytes behind is b·w·L (${SEEDS.length} seeds)`, () => {
  const lagUs = 0.5 * S, w = 20, b = 120, periodUs = 1 * S, probes = 2000;
  const perSeed = SEEDS.map((seed) => {
    const c = walCluster(lagUs, b, periodUs, seed);
    const rng = makeStream(seed, 'writes');
    let t = 0, next = periodUs, sum = 0;
    // Probes run before the operations at their instant, as in the simulation; the first L is the warm-up.
    for (let k = 0; k < probes;) {
      t += Math.max(1, Math.round((-Math.log(1 - rng()) / w) * S));
      while (next <= t && k < probes) {
        c.m.catchUp(next);
        sum += c.m.reportedBytes[0];
        next += periodUs;
        k++;
      }
      c.write(t);
    }
    return sum / probes;
  });
  const { mean, se } = meanSe(perSeed);
  const expected = b * w * (lagUs / S);
  assert.ok(se > 0 && se < 5, `standard error ${se}`);
  assert.ok(Math.abs(mean - expected) < 3 * se, `mean ${mean} bytes vs b·w·L = ${expected} (se ${se})`);
});

monitor('the default bytes per write is the measured single-row UPDATE, and a scenario can set its own', () => {
  assert.is(DEFAULT_WAL_BYTES_PER_WRITE, 120);
  // Twice the bytes per write is twice the bytes behind: a 2400-byte threshold then trips exactly where 1200 did.
  for (const seed of SEEDS.slice(0, 10)) {
    const plain = traceOf(poisson(seed), 'pgpool(delayThreshold=1200,srCheckPeriod=1s)');
    const doubled = traceOf(poisson(seed, { walBytesPerWrite: 240 }), 'pgpool(delayThreshold=2400,srCheckPeriod=1s)');
    assert.equal(doubled.ops.map((r) => r.node), plain.ops.map((r) => r.node), `seed ${seed}`);
    assert.ok(plain.result.masterReadShare > 0, 'the check did trip');
  }
});

// ---
const routing = suite('pgpool routing');

routing(`a read goes to the master exactly when its follower was more than delayThreshold bytes behind at the last check (${SEEDS.length} seeds)`, () => {
  let toMaster = 0, toFollower = 0;
  for (const seed of SEEDS) {
    const t = traceOf(poisson(seed, { followers: 2 }), 'pgpool(delayThreshold=1kB,srCheckPeriod=2s)');
    const writes = t.ops.filter((r) => r.op === 'write').map((r) => r.tUs);
    // Writes behind at a check τ: committed in (τ − 500 ms, τ), so replayed after it (constant lag).
    const before = (tau: number): number => {
      let lo = 0, hi = writes.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (writes[mid] < tau) lo = mid + 1;
        else hi = mid;
      }
      return lo;
    };
    const behindAt = (tau: number): number => (before(tau) - before(tau - 0.5 * S + 1)) * 120;
    let turn = 0;
    for (const r of t.ops) {
      if (r.op !== 'read') continue;
      const balanced = turn++ % 2; // round-robin: the node chosen before the check
      const tooFar = behindAt(Math.floor(r.issuedUs / (2 * S)) * 2 * S) > 1024;
      assert.is(r.node, tooFar ? MASTER : balanced, `seed ${seed}, read at ${r.issuedUs}`);
      if (tooFar) toMaster++;
      else toFollower++;
    }
  }
  assert.ok(toMaster > 1000 && toFollower > 1000, `both ways exercised: ${toMaster} / ${toFollower}`);
});

routing(`delayThreshold = 0 is all-follower, number for number, whatever the autocommit-inert mode (${SEEDS.length} seeds)`, () => {
  // 20 s: every session has written many times (20 sessions, 20 writes/s); seven runs a seed.
  for (const seed of SEEDS) {
    const sc = poisson(seed, { followers: 2, duration: '20s' });
    const base = numbers(resultOf(sc, 'all-follower'));
    for (const mode of ['off', 'transaction', 'trans_transaction', 'dml_adaptive']) {
      assert.equal(numbers(resultOf(sc, `pgpool(disableLoadBalanceOnWrite=${mode})`)), base, `seed ${seed}, ${mode}`);
    }
    const random = numbers(resultOf(sc, 'all-follower(balance=random)'));
    assert.equal(numbers(resultOf(sc, 'pgpool(balance=random)')), random, `seed ${seed}, random`);
  }
});

routing('off, transaction, trans_transaction and dml_adaptive collapse to one strategy with a delay check too', () => {
  for (const seed of SEEDS.slice(0, 10)) {
    const sc = poisson(seed);
    const runs = ['off', 'transaction', 'trans_transaction', 'dml_adaptive']
      .map((mode) => numbers(resultOf(sc, `pgpool(delayThreshold=1kB,srCheckPeriod=1s,disableLoadBalanceOnWrite=${mode})`)));
    for (const r of runs.slice(1)) assert.equal(r, runs[0], `seed ${seed}`);
    assert.ok(runs[0].masterReadShare > 0, 'the check did send reads to the master');
  }
});

// ---
const always = suite('disable_load_balance_on_write = always');

always(`from a session's first acknowledged write on, its reads go to the master and are never stale; before, to the follower (${SEEDS.length} seeds)`, () => {
  let pinned = 0, before = 0, staleBefore = 0;
  for (const seed of SEEDS) {
    const t = traceOf(poisson(seed, { sessions: 200 }), 'pgpool(disableLoadBalanceOnWrite=always)');
    const firstWrite = new Map<number, number>();
    for (const r of t.ops) if (r.op === 'write' && !firstWrite.has(r.session)) firstWrite.set(r.session, r.tUs);
    for (const r of t.ops) {
      if (r.op !== 'read') continue;
      const wrote = r.issuedUs >= (firstWrite.get(r.session) ?? Infinity);
      assert.is(r.node, wrote ? MASTER : 0, `seed ${seed}, session ${r.session} at ${r.issuedUs}`);
      if (wrote) {
        pinned++;
        assert.ok(r.version >= r.masterVersion, 'a pinned read is fresh');
      } else {
        before++;
        if (r.version < r.masterVersion) staleBefore++;
      }
    }
    assert.is(t.result.rywViolations, 0);
  }
  assert.ok(pinned > 1000 && before > 1000 && staleBefore > 100, `exercised: ${pinned} pinned, ${before} before (${staleBefore} stale)`);
});

/**
 * Stale rate with `always`, constant lag L, uniform keys (K) and sessions (N), writes at w
 * and reads at a constant rate over [0, T]: a read at t by session s is on the follower iff
 * s has not written yet (probability e^{−at}, a = w/N), and then stale iff another session
 * wrote its key in (t − min(t, L), t] (1 − e^{−b·min(t, L)}, b = w(N−1)/(NK)) — disjoint
 * cells of one Poisson process, so independent. Averaged over t:
 * (1/T)·[(1 − e^{−aL})/a − (1 − e^{−(a+b)L})/(a+b) + (1 − e^{−bL})(e^{−aL} − e^{−aT})/a].
 */
function alwaysStaleRate(w: number, n: number, k: number, lS: number, tS: number): number {
  const a = w / n, b = (w * (n - 1)) / (n * k);
  const early = (1 - Math.exp(-a * lS)) / a - (1 - Math.exp(-(a + b) * lS)) / (a + b);
  const late = ((1 - Math.exp(-b * lS)) * (Math.exp(-a * lS) - Math.exp(-a * tS))) / a;
  return (early + late) / tS;
}

always(`the stale rate matches the closed form (${SEEDS.length} seeds, within 3 standard errors)`, () => {
  const w = 10, n = 50, k = 20, lS = 1, tS = 60;
  const rates = SEEDS.map((seed) => resultOf(
    poisson(seed, { lag: '1s', keys: k, sessions: n, writeRate: `${w}/s`, readRate: '100/s', duration: `${tS}s` }),
    'pgpool(disableLoadBalanceOnWrite=always)',
  ).staleRate);
  const { mean, se } = meanSe(rates);
  const expected = alwaysStaleRate(w, n, k, lS, tS);
  assert.ok(expected > 0.02 && expected < 0.05, `the case is not degenerate: ${expected}`);
  assert.ok(Math.abs(mean - expected) < 3 * se, `mean ${mean} vs closed form ${expected} (se ${se})`);
});

// ---
const determinism = suite('pgpool determinism');

determinism('same scenario and seed, same numbers; another seed, other numbers', () => {
  const arg = 'pgpool(delayThreshold=1kB,srCheckPeriod=1s,disableLoadBalanceOnWrite=always,balance=random)';
  const one = traceOf(poisson(7, { followers: 3, sessions: 500 }), arg);
  const two = traceOf(poisson(7, { followers: 3, sessions: 500 }), arg);
  assert.equal(two.ops, one.ops);
  assert.equal(two.result, one.result);
  assert.not.equal(traceOf(poisson(8, { followers: 3, sessions: 500 }), arg).result, one.result);
});

// ---
const params = suite('pgpool parameters');

params('sizes as pgpool.conf writes them: bytes, or B, kB, MB, GB, TB at 1024 each', () => {
  assert.is(parseBytes(65536), 65536);
  assert.is(parseBytes('10kB'), 10240);
  assert.is(parseBytes('1MB'), 1_048_576);
  assert.is(parseBytes(' 2 GB '), 2 * 1024 ** 3);
  assert.is(parseBytes('512B'), 512);
  for (const bad of ['1mb', '1KB', '1.5MB', '-1', -1, 1.5, 'lots', '2TB', null]) assert.type(parseBytes(bad), 'object', String(bad));
  assert.is(formatBytes(0), '0');
  assert.is(formatBytes(1_048_576), '1MB');
  assert.is(formatBytes(10240), '10kB');
  assert.is(formatBytes(1000), '1000');
});

params('the label names every pgpool.conf setting and reads back as the same strategy', () => {
  const spec = parseStrategyArg('pgpool(delayThreshold=1MB,srCheckPeriod=5s,disableLoadBalanceOnWrite=always)');
  assert.is(spec.label, 'pgpool(delayThreshold=1MB,srCheckPeriod=5s,disableLoadBalanceOnWrite=always)');
  assert.is(parseStrategyArg('pgpool').label, 'pgpool(delayThreshold=0,srCheckPeriod=10s,disableLoadBalanceOnWrite=transaction)');
  for (const arg of ['pgpool(delayThreshold=65536)', 'pgpool:balance=random,delayThreshold=10kB,srCheckPeriod=1s']) {
    const s = parseStrategyArg(arg);
    assert.equal(parseStrategyArg(s.label), s);
  }
});

params('what pgpool.conf cannot say is refused, with the reason (en and ko)', () => {
  const en = (arg: string) => problemsOf(() => parseStrategyArg(arg)).join('\n');
  assert.match(en('pgpool(srCheckPeriod=1500ms)'), 'srCheckPeriod: is a whole number of seconds, as sr_check_period in pgpool.conf');
  assert.match(en('pgpool(delayThreshold=1MB,srCheckPeriod=0)'), 'delayThreshold: needs srCheckPeriod above 0');
  assert.match(en('pgpool(delayThreshold=1mb)'), 'write "1MB"');
  assert.match(en('pgpool(disableLoadBalanceOnWrite=dml_adaptive_global)'), 'disableLoadBalanceOnWrite');
  const ko = renderProblem('ko', at('srCheckPeriod', msg('v.pgpoolWholeSeconds')));
  assert.match(ko, '초 단위 정수');
  assert.match(renderProblem('ko', at('delayThreshold', msg('v.bytes', { got: '"1mb"' }))), '바이트 크기');
});

params('a check that is off is fine without a threshold (Pgpool-II then only load-balances)', () => {
  assert.is(parseStrategyArg('pgpool(srCheckPeriod=0)').label, 'pgpool(delayThreshold=0,srCheckPeriod=0ms,disableLoadBalanceOnWrite=transaction)');
});

params('traits and explanations follow the settings', () => {
  const traits = (arg: string) => traitsOf(parseStrategyArg(arg));
  assert.equal(traits('pgpool'), { scope: 'none', routesOn: 'nothing', waits: false });
  assert.equal(traits('pgpool(delayThreshold=1kB)'), { scope: 'global', routesOn: 'reported-lag', waits: false });
  assert.is(traits('pgpool(disableLoadBalanceOnWrite=always)').scope, 'session');
  const spec = parseStrategyArg('pgpool(disableLoadBalanceOnWrite=always)');
  assert.match(explainStrategy(spec.name, spec.params, 'en'), 'after a session\'s first write');
  assert.match(explainStrategy(spec.name, spec.params, 'ko'), '세션이 처음 쓴 뒤로는');
  const inert = parseStrategyArg('pgpool(disableLoadBalanceOnWrite=dml_adaptive)');
  assert.match(explainStrategy(inert.name, inert.params, 'en'), 'every read is load-balanced');
});

params('the JSON Schema lists the strategy with pgpool.conf\'s words, and cluster.master.walBytesPerWrite', () => {
  const text = JSON.stringify(scenarioJsonSchema());
  for (const word of ['"const":"pgpool"', '"delayThreshold"', '"srCheckPeriod"', '"dml_adaptive"', '"trans_transaction"', '"walBytesPerWrite"']) assert.ok(text.includes(word), word);
});

params('lagsim live refuses it before starting anything where it cannot start a Pgpool-II: MariaDB, or a pair it did not start (en and ko)', async () => {
  const apple = path.join(__dirname, '..', 'scenarios', 'apple-stock.yaml');
  const en = await cli(['live', apple, '--strategy', 'pgpool(delayThreshold=1MB)']);
  assert.is(en.code, 2, en.stderr);
  assert.match(en.stderr, 'pgpool(delayThreshold=1MB,srCheckPeriod=10s,disableLoadBalanceOnWrite=transaction): is played live by a real Pgpool-II, which lagsim starts only in front of a PostgreSQL pair it starts itself');
  const ko = await cli(['live', apple, '--strategy', 'pgpool', '--lang', 'ko']);
  assert.is(ko.code, 2, ko.stderr);
  assert.match(ko.stderr, '실제 Pgpool-II가 실행하는데');
  // Nothing listens on port 1: the refusal must come before any connection is tried.
  const given = await cli(['live', apple, '--engine', 'postgres', '--strategy', 'pgpool', '--primary', 'postgres://lagsim:x@127.0.0.1:1/lagsim', '--replica', 'postgres://lagsim:x@127.0.0.1:1/lagsim']);
  assert.is(given.code, 2, given.stderr);
  assert.match(given.stderr, 'is played live by a real Pgpool-II');
});

monitor.run();
routing.run();
always.run();
determinism.run();
params.run();
