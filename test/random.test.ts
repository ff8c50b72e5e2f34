import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import seedrandom from 'seedrandom';
import { makeStream } from '../src/engine/random';
import { GeneratedWorkload, GeneratedWorkloadConfig } from '../src/workload/generated';
import { AliasTable, zipfWeights } from '../src/workload/alias';

// lagsim steps Alea itself (faster, see engine/random) and draws the workload in batches
// with the step inlined. Both must give exactly the numbers seedrandom gives, or every
// published result would silently change.

const stream = suite('makeStream is seedrandom.alea');

stream('the same 200 000 numbers for several seeds and names', () => {
  for (const [seed, name] of [[1, 'workload'], [42, 'lag/follower-1'], ['x', 'strategy'], [2 ** 31, 'capacity/master']] as const) {
    const mine = makeStream(seed, name);
    const ref = seedrandom.alea(`${seed}/${name}`);
    for (let i = 0; i < 200_000; i++) {
      const a = mine();
      const b = ref();
      if (a !== b) assert.unreachable(`${seed}/${name} draw ${i}: ${a} vs ${b}`);
    }
  }
});

// ---

const workload = suite('GeneratedWorkload draws five numbers per arrival, in order');

/** The workload as it was first written: one rng() call per number. */
function* reference(cfg: GeneratedWorkloadConfig, rng: () => number): Generator<[number, boolean, number, number, boolean]> {
  const total = cfg.readRatePerSec + cfg.writeRatePerSec;
  const table = cfg.popularity.kind === 'zipf' ? new AliasTable(zipfWeights(cfg.keys, cfg.popularity.s)) : null;
  let exact = 0;
  for (;;) {
    exact += -(1_000_000 / total) * Math.log(1 - rng());
    const isWrite = rng() < cfg.writeRatePerSec / total;
    const key = table !== null ? table.sample(rng) : Math.floor(rng() * cfg.keys);
    const session = Math.floor(rng() * cfg.sessions);
    const critical = rng() < cfg.criticalFraction && !isWrite;
    yield [Math.round(exact), isWrite, key, session, critical];
  }
}

workload('zipf and uniform keys, across several batches', () => {
  for (const popularity of [{ kind: 'zipf', s: 1.1 }, { kind: 'uniform' }] as const) {
    const cfg: GeneratedWorkloadConfig = { keys: 1000, popularity, sessions: 37, writeRatePerSec: 30, readRatePerSec: 900, criticalFraction: 0.1 };
    const g = new GeneratedWorkload(cfg, makeStream(7, 'workload'));
    const ref = reference(cfg, seedrandom.alea('7/workload'));
    for (let i = 0; i < 5000; i++) {
      g.next();
      const [t, w, k, s, c] = ref.next().value as [number, boolean, number, number, boolean];
      assert.equal([g.timeUs, g.isWrite, g.key, g.session, g.critical], [t, w, k, s, c], `${popularity.kind} arrival ${i}`);
    }
  }
});

stream.run();
workload.run();
