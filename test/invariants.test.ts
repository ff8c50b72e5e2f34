import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'fs';
import * as path from 'path';
import { loadScenarioFile } from '../src/scenario/load';
import { simulate, OpRecord, ApplyRecord } from '../src/simulate';
import { summarize } from '../src/metrics/summary';
import { MASTER } from '../src/strategies';

// Invariants over every bundled scenario and every strategy it lists.
const dir = path.join(__dirname, '..', 'scenarios');
const files = fs.readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).map((f) => path.join(dir, f));

const inv = suite('invariants on bundled scenarios');

for (const file of files) {
  inv(path.basename(file), () => {
    const sc = loadScenarioFile(file);
    assert.ok(sc.strategies.length > 0);
    for (const spec of sc.strategies) {
      let lastApplied = new Array<number>(sc.followers.length).fill(0);
      // Per node and key, the last version a read returned (the master first); the checks build their message only when they fail.
      const seen = new Float64Array((sc.followers.length + 1) * sc.keyNames.length);
      let reads = 0, stale = 0, onMaster = 0;
      const { metrics, horizonUs } = simulate(sc, spec, sc.seed, {
        op(r: OpRecord) {
          if (r.op !== 'read') return;
          reads++;
          if (r.node === MASTER) onMaster++;
          // A follower is never ahead of the master; the master always has its own latest version.
          if (!(r.version <= r.masterVersion)) assert.unreachable(`${spec.label}: read version ${r.version} > master ${r.masterVersion}`);
          if (r.node === MASTER && r.version !== r.masterVersion) assert.is(r.version, r.masterVersion);
          if (r.version < r.masterVersion) {
            stale++;
            if (!(r.staleSinceUs <= r.tUs)) assert.unreachable('a stale answer became wrong before the read');
          }
          // Each node's version of a key never decreases.
          const id = (r.node === MASTER ? 0 : r.node + 1) * sc.keyNames.length + r.key;
          if (!(r.version >= seen[id])) assert.unreachable(`${spec.label}: node ${r.node} went back on key ${r.key}`);
          seen[id] = r.version;
        },
        apply(a: ApplyRecord) {
          // Strictly in binlog order, never before the commit.
          assert.is(a.pos, lastApplied[a.follower] + 1);
          assert.ok(a.tUs >= a.commitUs);
          lastApplied[a.follower] = a.pos;
        },
      });
      const s = summarize(spec.label, metrics, horizonUs);
      assert.is(s.reads, reads);
      assert.is(s.staleReads, stale);
      assert.is(s.masterReads, onMaster);
      assert.ok(s.staleReads <= s.reads);
      assert.ok(s.rywViolations <= s.staleReads, 'a read-your-writes violation is a stale read');
      if (spec.name === 'all-master') assert.is(s.staleReads, 0, 'all-master is never stale');
      if (spec.name === 'all-follower') assert.is(s.masterReads, 0);
      lastApplied = [];
    }
  });
}

inv.run();
