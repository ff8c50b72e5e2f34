import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { Binlog } from '../src/model/binlog';
import { Master } from '../src/model/master';
import { Follower, FollowerConfig } from '../src/model/follower';
import { LagMonitor, MonitorMode } from '../src/model/monitor';
import { makeStream } from '../src/engine/random';

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

sbm.run();
schedule.run();
