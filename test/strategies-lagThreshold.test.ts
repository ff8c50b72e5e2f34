import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { scenario } from './helpers';
import { LagOracle, traceOf } from './traceHelpers';
import { MASTER } from '../src/strategies';
import { loadScenarioFile } from '../src/scenario/load';
import * as path from 'path';

const S = 1_000_000;

/** Three followers with different troubles: a slow SQL thread, a network delay, a stop. */
function troubled(seed: number) {
  return scenario({
    name: 'troubled', seed, duration: '30s',
    cluster: {
      followers: [
        { name: 'a', lag: { dist: 'exponential', mean: '40ms' }, applyTime: { dist: 'exponential', mean: '15ms' } },
        { name: 'b', lag: { dist: 'exponential', mean: '40ms' }, incidents: [{ at: '5s', duration: '10s', type: 'delay', extra: '2s' }] },
        { name: 'c', lag: { dist: 'lognormal', median: '100ms', sigma: 1.2 }, incidents: [{ at: '12s', duration: '8s', type: 'stop' }] },
      ],
    },
    workload: { keys: 100, sessions: 200, writeRate: '50/s', readRate: '400/s' },
  });
}

// ---
const heartbeat = suite('lag-threshold with a heartbeat monitor');

for (const [seed, threshold, probe] of [[1, '300ms', '500ms'], [2, '1s', '2s'], [3, '100ms', '250ms']] as const) {
  heartbeat(`never serves a follower whose true lag exceeded the threshold at the last probe (seed ${seed}, ${threshold}, every ${probe})`, () => {
    const sc = troubled(seed);
    const t = traceOf(sc, `lag-threshold(threshold=${threshold},monitor=heartbeat,probeInterval=${probe})`);
    const oracle = new LagOracle(t, 3);
    const thresholdUs = parseFloat(threshold) * (threshold.endsWith('ms') ? 1000 : S);
    const probeUs = parseFloat(probe) * (probe.endsWith('ms') ? 1000 : S);
    let onFollowers = 0, onMaster = 0;
    for (const r of t.ops) {
      if (r.op !== 'read') continue;
      const lastProbeUs = Math.floor(r.issuedUs / probeUs) * probeUs;
      const eligible = [0, 1, 2].filter((f) => oracle.lagUs(f, lastProbeUs) <= thresholdUs);
      if (r.node === MASTER) {
        onMaster++;
        assert.is(eligible.length, 0, `t=${r.issuedUs}: went to the master with follower(s) ${eligible} eligible`);
      } else {
        onFollowers++;
        assert.ok(eligible.includes(r.node), `t=${r.issuedUs}: served by follower ${r.node}, lag ${oracle.lagUs(r.node, lastProbeUs)} at the probe`);
      }
    }
    assert.ok(onFollowers > 0, 'the test must exercise follower reads');
    if (seed === 3) assert.ok(onMaster > 0, 'and, with a tight threshold, master fallbacks');
  });
}

// ---
const blind = suite('lag-threshold with Seconds_Behind_Master');

blind('keeps serving a follower that is 3 s behind on the network (it reports 0): sbm-blind-spot.yaml', () => {
  const sc = loadScenarioFile(path.join(__dirname, '..', 'scenarios', 'sbm-blind-spot.yaml'));
  const count = (strategy: string): number => {
    const t = traceOf(sc, strategy);
    // replica-b, while its link adds 3 s (5 s … 25 s), after the first probes have run.
    return t.ops.filter((r) => r.op === 'read' && r.node === 1 && r.tUs >= 10 * S && r.tUs < 25 * S).length;
  };
  const sbm = count('lag-threshold(threshold=1s,probeInterval=2s)');
  const hb = count('lag-threshold(threshold=1s,monitor=heartbeat,probeInterval=2s)');
  assert.ok(sbm > 3000, `Seconds_Behind_Master keeps replica-b in rotation (${sbm} reads)`);
  assert.is(hb, 0, 'a heartbeat sees 3 s and shuns it');
});

blind('NULL while stopped: reported as nullLag, so a stopped follower is shunned after the next probe', () => {
  const sc = scenario({
    name: 'stopped', duration: '10s',
    cluster: { followers: [{ name: 'f1', lag: '10ms', incidents: [{ at: '2s', duration: '5s', type: 'stop' }] }] },
    workload: { keys: 10, sessions: 10, writeRate: '5/s', readRate: '100/s' },
  });
  const t = traceOf(sc, 'lag-threshold(threshold=1s,probeInterval=3s)');
  for (const r of t.ops) {
    if (r.op !== 'read') continue;
    // Probes at 0, 3, 6, 9 s: the stop (2 s … 7 s) is seen by the probes at 3 s and 6 s.
    const shunned = r.tUs >= 3 * S && r.tUs < 9 * S;
    assert.is(r.node === MASTER, shunned, `t=${r.tUs}`);
  }
  const lenient = traceOf(sc, 'lag-threshold(threshold=1s,probeInterval=3s,nullLag=0s)');
  assert.is(lenient.result.masterReads, 0, 'nullLag 0 (ProxySQL set to keep NULL replicas) never shuns');
});

blind('the default label spells out the ProxySQL defaults', () => {
  const t = traceOf(troubled(1), 'lag-threshold');
  assert.is(t.result.strategy, 'lag-threshold(threshold=1s,monitor=seconds-behind-master,probeInterval=10s)');
});

heartbeat.run();
blind.run();
