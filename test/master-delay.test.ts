import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { Binlog } from '../src/model/binlog';
import { Master } from '../src/model/master';
import { Follower } from '../src/model/follower';
import { DelayDist, masterDelayStartUs } from '../src/model/distributions';
import { makeStream } from '../src/engine/random';
import { parseScenario } from '../src/scenario/load';
import { fitLag } from '../src/live/fit';

// The `master-delay` lag: MariaDB/MySQL MASTER_DELAY, whose event timestamp has
// whole-second resolution. slave.cc sql_delay_event: nap = ev->when.tv_sec + D − my_time(0)
// whole seconds, slept from the moment the SQL thread read the event. Expected values
// below follow from that rule by hand.

const S = 1_000_000;

function replica(lag: DelayDist) {
  const binlog = new Binlog(1);
  const master = new Master(binlog, 1);
  const follower = new Follower(0, { name: 'f', lag, applyTime: null, incidents: [], readLatencyUs: 0 }, binlog, 1, master.rowRef, makeStream(1, 'lag/f'));
  /** Commits a write at `tUs` and returns when the replica applies it. */
  const write = (tUs: number): number => {
    follower.ship(tUs);
    const pos = master.commit(0, tUs, null);
    follower.place(pos);
    return follower.applyTimeOf(pos);
  };
  return { write, follower };
}

const rule = suite('masterDelayStartUs');

rule('a lone event on an idle applier: read at its commit, applied exactly D later', () => {
  assert.is(masterDelayStartUs(1.3 * S, 1.3 * S, 1 * S, 0), 2.3 * S);
  assert.is(masterDelayStartUs(1.3 * S, 1.3 * S, 3 * S, 0), 4.3 * S);
});

rule('read later in the same second: sleeps whole seconds from the read, so the lag grows', () => {
  // now = 1 s, end = floor(1.3) + 1 = 2 s: nap 1 s from 1.9 s.
  assert.is(masterDelayStartUs(1.3 * S, 1.9 * S, 1 * S, 0), 2.9 * S);
});

rule('read once its second has come: no sleep', () => {
  assert.is(masterDelayStartUs(1.5 * S, 2.9 * S, 1 * S, 0), 2.9 * S);
  assert.is(masterDelayStartUs(0.2 * S, 5 * S, 1 * S, 0), 5 * S);
});

rule('the clock offset moves where seconds tick', () => {
  // Wall = t + 0.7 s: commit 0.2 s is wall 0.9 (second 0), read at 0.35 s is wall 1.05 (second 1): nap 0.
  assert.is(masterDelayStartUs(0.2 * S, 0.35 * S, 1 * S, 0.7 * S), 0.35 * S);
  assert.is(masterDelayStartUs(0.2 * S, 0.25 * S, 1 * S, 0.7 * S), 1.25 * S);
});

const follower = suite('Follower with a master-delay lag');

follower('events committed in the same second are applied together, in order, at the applier phase', () => {
  const r = replica({ dist: 'master-delay', delayUs: 1 * S, clockOffsetUs: 0 });
  assert.is(r.write(0.3 * S), 1.3 * S, 'idle: exactly 1 s');
  assert.is(r.write(0.5 * S), 1.3 * S, 'read at 1.3 s, its second (0) + 1 has come');
  assert.is(r.write(0.9 * S), 1.3 * S);
  assert.is(r.write(1.2 * S), 2.3 * S, 'read at 1.3 s: sleeps 1 s from there (phase .3)');
  assert.is(r.write(1.8 * S), 2.3 * S, 'same second as the previous: applied with it');
  assert.is(r.write(2.1 * S), 3.3 * S, 'lag 1.2 s: the phase, not 1 s');
  assert.is(r.write(5.6 * S), 6.6 * S, 'idle again: the phase resets');
  r.follower.advanceTo(2.3 * S);
  assert.is(r.follower.appliedPos, 5, 'the batch is visible at once, in binlog order');
});

follower('receipt is immediate: MASTER_DELAY holds the SQL thread, not the relay log', () => {
  const r = replica({ dist: 'master-delay', delayUs: 2 * S, clockOffsetUs: 0 });
  r.write(0.4 * S);
  assert.is(r.follower.receiptUs, 0.4 * S);
  assert.is(r.follower.applyTimeOf(1), 2.4 * S);
});

follower('Seconds_Behind_Master counts while the SQL thread waits out the delay (a real MariaDB replica with MASTER_DELAY=2 reports 1, then 2)', () => {
  const r = replica({ dist: 'master-delay', delayUs: 2 * S, clockOffsetUs: 0 });
  r.write(0.4 * S);
  const sbm = (tUs: number): number => {
    r.follower.advanceTo(tUs);
    return r.follower.secondsBehindMasterUs(tUs) / S;
  };
  assert.equal([0.2, 0.5, 1.3, 2.1, 2.3, 2.5].map((t) => sbm(t * S)), [0, 0, 1, 2, 2, 0], 'waiting from 0.4 s, applied at 2.4 s');
});

follower('Seconds_Behind_Master reads the servers\' whole seconds, which tick where the MASTER_DELAY rule\'s do', () => {
  // Wall = t + 0.7 s: the write at 0.2 s is wall 0.9 (second 0); at 0.35 s the wall clock is in second 1.
  const r = replica({ dist: 'master-delay', delayUs: 2 * S, clockOffsetUs: 0.7 * S });
  r.write(0.2 * S);
  r.follower.advanceTo(0.35 * S);
  assert.is(r.follower.secondsBehindMasterUs(0.35 * S), 1 * S);
});

const schema = suite('scenario: lag { dist: master-delay }');

const doc = (lag: string, extra = ''): string => `name: md
duration: 2s
cluster:
  followers:
    - name: replica
      lag: ${lag}
${extra}workload:
  keys: 2
  writeRate: 1/s
  readRate: 1/s
`;

function problems(text: string): string[] {
  try {
    parseScenario(text, 'md.yaml');
    return [];
  } catch (err) {
    return (err as { problems?: string[] }).problems ?? [String(err)];
  }
}

schema('parses delay and clock offset into µs', () => {
  const sc = parseScenario(doc('{ dist: master-delay, delay: 2s, clockOffset: 250ms }'), 'md.yaml');
  assert.equal(sc.followers[0].lag, { dist: 'master-delay', delayUs: 2 * S, clockOffsetUs: 250_000 });
  const plain = parseScenario(doc('{ dist: master-delay, delay: 1s }'), 'md.yaml');
  assert.equal(plain.followers[0].lag, { dist: 'master-delay', delayUs: 1 * S, clockOffsetUs: 0 });
});

schema('rejects a fractional MASTER_DELAY, an offset of a second or more, and use as an apply time', () => {
  assert.match(problems(doc('{ dist: master-delay, delay: 1500ms }')).join('\n'), /lag\.delay.*whole seconds/);
  assert.match(problems(doc('{ dist: master-delay, delay: 1s, clockOffset: 1s }')).join('\n'), /clockOffset.*below 1s/);
  assert.match(problems(doc('1s', '      applyTime: { dist: master-delay, delay: 1s }\n')).join('\n'), /applyTime.*not an apply time/);
});

const fit = suite('fitLag with MASTER_DELAY');

fit('lags made by the rule are fitted by the rule, exactly, and it wins', () => {
  const rng = makeStream(7, 'commits');
  const commitUs: number[] = [];
  let t = 0.37 * S;
  for (let i = 0; i < 200; i++) commitUs.push((t += Math.round(-Math.log(1 - rng()) * 50_000)));
  const r = replica({ dist: 'master-delay', delayUs: 1 * S, clockOffsetUs: 0.42 * S });
  const lagUs = commitUs.map((c) => r.write(c) - c);
  const f = fitLag(commitUs, lagUs, { delayUs: 1 * S, clockOffsetUs: 0.42 * S });
  assert.equal(f.dist, { dist: 'master-delay', delayUs: 1 * S, clockOffsetUs: 0.42 * S });
  assert.is(f.w2Us, 0);
  assert.ok(f.candidates[1].w2Us > 0, "an iid family fits the marginal only approximately");
  assert.not.ok(fitLag(commitUs, lagUs).candidates.some((c) => c.dist.dist === 'master-delay'), 'offered only with MASTER_DELAY');
});

rule.run();
follower.run();
schema.run();
fit.run();
