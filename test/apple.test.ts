import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import * as path from 'path';
import { loadScenarioFile } from '../src/scenario/load';
import { simulate, OpRecord } from '../src/simulate';
import { MASTER } from '../src/strategies';
import { parseStrategyArg } from '../src/scenario/load';
import { resultsOf } from './helpers';

// The story (seed problem): seller sets 사과 400 → 0 at 1 s; follower-1 applies it 500 ms later.
const file = path.join(__dirname, '..', 'scenarios', 'apple-stock.yaml');

/** What each read of the story returns under a strategy: [actor, node, stock]. */
function reads(strategy: string): Array<[string, string, unknown]> {
  const sc = loadScenarioFile(file);
  const out: Array<[string, string, unknown]> = [];
  simulate(sc, parseStrategyArg(strategy), sc.seed, {
    op(r: OpRecord) {
      if (r.op === 'read') out.push([sc.sessionNames[r.session], r.node === MASTER ? 'master' : sc.followers[r.node].name, r.value?.stock]);
    },
  });
  return out;
}

const story = suite('apple story');

story('all-follower: seller and user see 400 after the seller set 0; checkout at 1.5 s sees the apply', () => {
  assert.equal(reads('all-follower'), [
    ['seller', 'follower-1', 400],
    ['user-1', 'follower-1', 400],
    ['user-1', 'follower-1', 0], // 1.5 s = commit 1 s + 500 ms lag: visible at exactly a_i
  ]);
});

story('all-master: every read sees 0', () => {
  assert.equal(reads('all-master').map((r) => r[2]), [0, 0, 0]);
});

story('critical-only: the checkout read goes to the master and sees 0; browsing still sees 400', () => {
  assert.equal(reads('critical-only'), [
    ['seller', 'follower-1', 400],
    ['user-1', 'follower-1', 400],
    ['user-1', 'master', 0],
  ]);
});

story('post-write-window key scope: everyone reading apple within 1 s gets 0', () => {
  assert.equal(reads('post-write-window(window=1s,scope=key)').map((r) => r[2]), [0, 0, 0]);
});

story('post-write-window session scope protects the seller, not the user', () => {
  assert.equal(reads('post-write-window(window=1s,scope=session)'), [
    ['seller', 'master', 0],
    ['user-1', 'follower-1', 400],
    ['user-1', 'follower-1', 0],
  ]);
});

story('summary numbers of the story', () => {
  const r = resultsOf(loadScenarioFile(file));
  const base = r['all-follower'];
  assert.is(base.reads, 3);
  assert.is(base.writes, 1);
  assert.is(base.staleReads, 2);
  assert.is(base.rywViolations, 1); // the seller reads 400 after writing 0
  assert.equal(base.stalenessMs, { p50: 100, p99: 200, max: 200 }); // 1.1 s and 1.2 s after the 1.0 s commit
  assert.is(base.masterOpsPerSec.mean, 0.5); // one write over the 2 s horizon
  const session = r['post-write-window(window=1s,scope=session)'];
  assert.is(session.staleReads, 1);
  assert.is(session.rywViolations, 0);
  assert.is(r['all-master'].staleReads, 0);
  assert.is(r['all-master'].masterReadShare, 1);
  assert.is(r['all-master'].masterOpsPerSec.peak, 4); // write + 3 reads, all in second [1, 2)
});

story.run();
