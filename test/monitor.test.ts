import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { Binlog } from '../src/model/binlog';
import { Master } from '../src/model/master';
import { Follower, FollowerConfig } from '../src/model/follower';
import { LagMonitor, MonitorMode } from '../src/model/monitor';
import { exponential, makeStream } from '../src/engine/random';

// Seconds_Behind_Master as MySQL computes it, and a heartbeat, on hand-built histories
// whose answers follow from the definitions.

const S = 1_000_000;

function cluster(cfg: Partial<FollowerConfig>) {
  const binlog = new Binlog(1);
  const master = new Master(binlog, 1);
  const follower = new Follower(0, { name: 'f', lag: { dist: 'constant', valueUs: 0 }, applyTime: null, incidents: [], readLatencyUs: 0, ...cfg },
    binlog, 1, master.rowRef, makeStream(1, 'lag/f'));
  const write = (tUs: number): void => {
    follower.ship(tUs);
    follower.place(master.commit(0, tUs, null));
  };
  const probe = (mode: MonitorMode, tUs: number, probeIntervalUs = 1): number => {
    const m = new LagMonitor({ mode, probeIntervalUs, nullLagUs: 60 * S }, [follower]);
    m.catchUp(tUs);
    return m.reportedLagUs[0];
  };
  return { write, probe, follower };
}

// ---
const sbm = suite('Seconds_Behind_Master');

sbm('reads 0 while the lag is on the network (SQL thread idle), the heartbeat sees it', () => {
  const c = cluster({ lag: { dist: 'constant', valueUs: 3 * S } });
  c.write(0.5 * S);
  assert.is(c.probe('seconds-behind-master', 2 * S), 0);
  assert.is(c.probe('heartbeat', 2 * S), 1.5 * S);
  assert.is(c.probe('heartbeat', 3.5 * S), 0, 'applied at 3.5 s');
});

sbm('measures from the event being executed, in whole seconds of both clocks', () => {
  const c = cluster({ applyTime: { dist: 'constant', valueUs: 2.5 * S } });
  c.write(0.9 * S); // executes 0.9 s → 3.4 s
  c.write(1.0 * S); // executes 3.4 s → 5.9 s
  // 0.2 s behind, but the clocks read 1 and 0: MySQL says 1.
  assert.is(c.probe('seconds-behind-master', 1.1 * S), 1 * S);
  assert.is(c.probe('heartbeat', 1.1 * S), 0.2 * S);
  assert.is(c.probe('seconds-behind-master', 3.0 * S), 3 * S);
  // From 3.4 s the second event (committed at 1.0 s) is executing: ⌊4.0⌋ − ⌊1.0⌋ = 3.
  assert.is(c.probe('seconds-behind-master', 4.0 * S), 3 * S);
  assert.is(c.probe('heartbeat', 4.0 * S), 3 * S);
  assert.is(c.probe('seconds-behind-master', 6 * S), 0, 'caught up');
});

sbm('is NULL while the SQL thread is stopped: the monitor reports nullLag', () => {
  const c = cluster({ incidents: [{ type: 'stop', atUs: 2 * S, durationUs: 3 * S, extraUs: 0, factor: 1 }] });
  assert.is(c.probe('seconds-behind-master', 2.5 * S), 60 * S, 'stopped, even with nothing to apply');
  c.write(3 * S);
  assert.is(c.probe('heartbeat', 4 * S), 1 * S);
  assert.is(c.probe('seconds-behind-master', 5 * S), 0, 'restarted at 5 s and applied the backlog at once');
});

// ---
const schedule = suite('probe schedule');

schedule('routing sees the last probe at a multiple of probeInterval, not the present', () => {
  const c = cluster({ lag: { dist: 'constant', valueUs: 3 * S } });
  const m = new LagMonitor({ mode: 'heartbeat', probeIntervalUs: 10 * S, nullLagUs: 60 * S }, [c.follower]);
  m.catchUp(0);
  c.write(1 * S);
  m.catchUp(9.9 * S);
  assert.is(m.reportedLagUs[0], 0, 'still the probe at 0 s');
  assert.is(m.lastProbeUs, 0);
  m.catchUp(10 * S);
  assert.is(m.reportedLagUs[0], 0, 'applied at 4 s, before the probe at 10 s');
  c.write(11 * S);
  m.catchUp(25 * S);
  assert.is(m.lastProbeUs, 20 * S);
  assert.is(m.reportedLagUs[0], 0, 'applied at 14 s');
  c.write(29 * S);
  m.catchUp(30 * S);
  assert.is(m.reportedLagUs[0], 1 * S);
});

// ---
const replay = suite('now() − pg_last_xact_replay_timestamp()');

replay('is NULL (nullLag) before the first replay, then the age of the last replayed commit: it grows while the primary is idle', () => {
  const c = cluster({ lag: { dist: 'constant', valueUs: 1 * S } });
  assert.is(c.probe('replay-timestamp', 0.5 * S), 60 * S, 'nothing replayed yet: NULL');
  c.write(1 * S); // replayed at 2 s
  assert.is(c.probe('replay-timestamp', 1.5 * S), 60 * S, 'committed, not yet replayed: still NULL');
  assert.is(c.probe('replay-timestamp', 2 * S), 1 * S, 'replayed at 2 s: the lag of that commit');
  assert.is(c.probe('heartbeat', 2 * S), 0, 'caught up');
  assert.is(c.probe('replay-timestamp', 7 * S), 6 * S, 'idle primary: caught up, yet it reads 6 s');
  c.write(7.5 * S); // replayed at 8.5 s
  assert.is(c.probe('replay-timestamp', 8 * S), 7 * S, 'the pending write does not move it');
  assert.is(c.probe('heartbeat', 8 * S), 0.5 * S);
  assert.is(c.probe('replay-timestamp', 8.5 * S), 1 * S);
});

replay('keeps its last value while replay is paused (a `stop`): grows, never NULL; the backlog resets it as it drains', () => {
  const c = cluster({
    lag: { dist: 'constant', valueUs: 0.1 * S }, applyTime: { dist: 'constant', valueUs: 0.5 * S },
    incidents: [{ type: 'stop', atUs: 2 * S, durationUs: 3 * S, extraUs: 0, factor: 1 }],
  });
  c.write(1 * S); // applies 1.1 → 1.6 s
  c.write(2.5 * S); // held by the stop: starts at 5 s, applied at 5.5 s
  c.write(3 * S); // applied at 6 s
  assert.is(c.probe('replay-timestamp', 4 * S), 3 * S, 'paused: the commit of 1 s is still the last replayed');
  assert.is(c.probe('seconds-behind-master', 4 * S), 60 * S, 'Seconds_Behind_Master is NULL then');
  assert.is(c.probe('replay-timestamp', 5.5 * S), 3 * S, 'the write of 2.5 s replayed at 5.5 s');
  assert.is(c.probe('replay-timestamp', 6 * S), 3 * S, 'the write of 3 s replayed at 6 s');
  assert.is(c.probe('replay-timestamp', 9 * S), 6 * S);
});

/**
 * Poisson writes at rate w, constant lag L: at a probe time τ the last replayed commit is
 * the last write before τ − L, whose age behind τ − L is Exp(w) (backward recurrence time),
 * so the probe reads L + Exp(w): mean L + 1/w, and P(read ≤ θ) = 1 − e^{−w(θ − L)} for θ ≥ L.
 */
function poissonProbes(seed: number, wPerS: number, lagUs: number, probes: number, gapUs: number) {
  const c = cluster({ lag: { dist: 'constant', valueUs: lagUs } });
  const rng = makeStream(seed, 'writes');
  const warmUs = lagUs + 20 * S / wPerS;
  const endUs = warmUs + probes * gapUs;
  const reads: number[] = [];
  let t = exponential(rng, S / wPerS);
  let nextProbe = warmUs;
  const m = new LagMonitor({ mode: 'replay-timestamp', probeIntervalUs: gapUs, nullLagUs: 60 * S }, [c.follower]);
  while (nextProbe < endUs) {
    // Probe before any write at or after it (a probe at τ runs before the operations at τ).
    while (nextProbe <= t && nextProbe < endUs) {
      m.catchUp(nextProbe);
      reads.push(m.reportedLagUs[0]);
      nextProbe += gapUs;
    }
    c.write(Math.round(t));
    t += exponential(rng, S / wPerS);
  }
  return reads;
}

replay('Poisson writes at rate w, constant lag L: the probe reads L + 1/w on average, and ≤ θ with probability 1 − e^(−w(θ−L)) (50 seeds, each within 4 standard errors)', () => {
  const w = 4;
  const L = 0.5 * S;
  const theta = 0.75 * S;
  const expectMean = L + S / w;
  const expectShare = 1 - Math.exp(-w * (theta - L) / S);
  const n = 400;
  let worstZ = 0;
  let worstShareZ = 0;
  for (let seed = 1; seed <= 50; seed++) {
    // Probes 2 s apart (8 mean gaps between writes): nearly independent draws.
    const reads = poissonProbes(seed, w, L, n, 2 * S);
    assert.is(reads.length, n);
    const mean = reads.reduce((a, b) => a + b, 0) / n;
    const sd = Math.sqrt(reads.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1));
    worstZ = Math.max(worstZ, Math.abs(mean - expectMean) / (sd / Math.sqrt(n)));
    const share = reads.filter((r) => r <= theta).length / n;
    worstShareZ = Math.max(worstShareZ, Math.abs(share - expectShare) / Math.sqrt(expectShare * (1 - expectShare) / n));
    assert.ok(reads.every((r) => r >= L), 'never below the lag of the last replayed commit');
  }
  assert.ok(worstZ < 4, `mean reading off L + 1/w by ${worstZ.toFixed(2)} standard errors`);
  assert.ok(worstShareZ < 4, `share ≤ θ off 1 − e^(−w(θ−L)) by ${worstShareZ.toFixed(2)} standard errors`);
});

// ---
const rlag = suite('replay_lag in pg_stat_replication');

/** A cluster whose follower keeps the primary's replay_lag from its first write. */
function tracked(cfg: Partial<FollowerConfig>) {
  const c = cluster(cfg);
  c.follower.trackReplayLag();
  return c;
}

rlag('a caught-up standby reads each write\'s lag until the status reply after it, then NULL; the replay timestamp grows instead', () => {
  const c = tracked({ lag: { dist: 'constant', valueUs: 1 * S } });
  assert.is(c.probe('replay-lag', 0.2 * S), 60 * S, 'no reply yet: NULL');
  c.write(0.5 * S); // received and replayed at 1.5 s
  assert.is(c.probe('replay-lag', 1.2 * S), 60 * S, 'not received yet: no reply has passed it');
  assert.is(c.probe('replay-lag', 2 * S), 1 * S, 'replayed at 1.5 s: 1.5 − 0.5');
  c.write(3 * S); // received and replayed at 4 s
  assert.is(c.probe('replay-lag', 13.9 * S), 1 * S, 'stale: the last reply (4 s) said replayed at 1 s of lag');
  assert.is(c.probe('replay-timestamp', 13.9 * S), 10.9 * S, 'the replay timestamp grows meanwhile');
  assert.is(c.probe('replay-lag', 14 * S), 60 * S, 'the status reply at 4 s + 10 s is the second saying all replayed: NULL');
  c.write(20 * S);
  assert.is(c.probe('replay-lag', 21 * S), 1 * S, 'the next write brings it back');
});

rlag('a backlog with no new WAL keeps the value of the last reply; the reply at catch-up reads the last write\'s lag', () => {
  const c = tracked({ applyTime: { dist: 'constant', valueUs: 1 * S } });
  c.write(0); // applied at 1 s
  c.write(0.1 * S); // 2 s
  c.write(0.2 * S); // 3 s
  assert.is(c.probe('replay-lag', 0.2 * S), 0.2 * S, 'receipt of 0.2 s, nothing replayed: the oldest unreplayed write\'s age');
  assert.is(c.probe('replay-lag', 2.5 * S), 0.2 * S, 'no reply while replay works through the backlog');
  assert.is(c.probe('heartbeat', 2.5 * S), 2.3 * S, 'the true lag is 2.3 s then');
  assert.is(c.probe('replay-lag', 3 * S), 2.8 * S, 'caught up at 3 s: 3 − 0.2');
});

rlag('a reply that passes no new sample reads the age of the last sample passed (interpolation at its position)', () => {
  const c = tracked({ applyTime: { dist: 'constant', valueUs: 1 * S } });
  c.write(0); // applied at 1 s
  c.write(0.5 * S); // 2 s
  c.write(1.5 * S); // 3 s: its receipt reports write 1 replayed: 1.5 − 0
  c.write(1.8 * S); // 4 s: its receipt passes no new sample: still write 1's, 1.8 − 0
  assert.is(c.probe('replay-lag', 1.6 * S), 1.5 * S);
  assert.is(c.probe('replay-lag', 1.9 * S), 1.8 * S);
  assert.is(c.probe('replay-lag', 4 * S), 4 * S - 1.8 * S, 'caught up at 4 s: the last write\'s lag');
});

rlag('paused replay (a `stop`): each arriving write reports the oldest unreplayed write\'s age; the drain reports the last one\'s lag', () => {
  const c = tracked({ incidents: [{ type: 'stop', atUs: 2 * S, durationUs: 3 * S, extraUs: 0, factor: 1 }] });
  c.write(1 * S); // replayed at once
  c.write(2.5 * S); // held until 5 s
  c.write(3 * S);
  assert.is(c.probe('replay-lag', 2.6 * S), 0, 'the write of 2.5 s arrives: its own age, 0');
  assert.is(c.probe('replay-lag', 4 * S), 0.5 * S, 'the write of 3 s arrives: 3 − 2.5');
  assert.is(c.probe('replay-lag', 5 * S), 2 * S, 'drained at 5 s: 5 − 3');
});

/**
 * Invariant: with no apply time and writes further apart than the lag, every reply passes
 * the write just replayed, so replay_lag reads exactly the constant lag whenever it is not
 * NULL, and it is NULL only from a status reply 10 s after an apply until the next receipt.
 */
rlag('constant lag, sparse writes: replay_lag is the lag or NULL, never anything else (50 seeds)', () => {
  for (let seed = 1; seed <= 50; seed++) {
    const lagUs = 0.3 * S;
    const c = tracked({ lag: { dist: 'constant', valueUs: lagUs } });
    const rng = makeStream(seed, 'sparse');
    const m = new LagMonitor({ mode: 'replay-lag', probeIntervalUs: 0.1 * S, nullLagUs: 60 * S }, [c.follower]);
    let t = 0;
    let lastApplyUs = -Infinity;
    for (let i = 0; i < 40; i++) {
      const next = t + lagUs + Math.round(exponential(rng, 5 * S));
      for (let p = Math.ceil((t + 1) / (0.1 * S)) * 0.1 * S; p < next; p += 0.1 * S) {
        m.catchUp(p);
        const read = m.reportedLagUs[0];
        const nullExpected = p >= lastApplyUs + 10 * S;
        if (p > lastApplyUs && p < lastApplyUs + 10 * S) assert.is(read, lagUs, `seed ${seed} at ${p}`);
        if (nullExpected) assert.is(read, 60 * S, `seed ${seed} at ${p}: idle for 10 s`);
      }
      t = next;
      c.write(t);
      lastApplyUs = t + lagUs;
    }
  }
});

sbm.run();
schedule.run();
replay.run();
rlag.run();
