import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import seedrandom from 'seedrandom';
import { makeStream } from '../src/engine/random';
import { GeneratedWorkload, GeneratedWorkloadConfig, expectedPairs } from '../src/workload/generated';
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

// ---

const pairs = suite('expectedPairs: the distinct (session, key) pairs a workload touches');

/** Distinct pairs among the arrivals before `horizonUs`. */
function distinctPairs(cfg: GeneratedWorkloadConfig, seed: number, horizonUs: number): number {
  const g = new GeneratedWorkload(cfg, makeStream(seed, 'workload'));
  const seen = new Set<number>();
  for (g.next(); g.timeUs < horizonUs; g.next()) seen.add(g.key * cfg.sessions + g.session);
  return seen.size;
}

pairs('matches the count drawn, zipf and uniform, with stages, over 50 seeds', () => {
  const zipf = { kind: 'zipf', s: 1.1 } as const;
  const cases: Array<[string, GeneratedWorkloadConfig, number]> = [
    ['zipf 1.1', { keys: 2000, popularity: zipf, sessions: 200, writeRatePerSec: 500, readRatePerSec: 9500, criticalFraction: 0 }, 4e6],
    ['uniform', { keys: 1000, popularity: { kind: 'uniform' }, sessions: 100, writeRatePerSec: 500, readRatePerSec: 9500, criticalFraction: 0 }, 4e6],
    ['zipf with a ramp', { keys: 2000, popularity: zipf, sessions: 200, writeRatePerSec: 500, readRatePerSec: 9500, criticalFraction: 0,
      stages: [{ durationUs: 2e6, factor: 3, shape: 'ramp' }] }, 4e6],
  ];
  for (const [what, cfg, horizonUs] of cases) {
    const want = expectedPairs(cfg, horizonUs);
    let sum = 0;
    for (let seed = 1; seed <= 50; seed++) sum += distinctPairs(cfg, seed, horizonUs);
    const mean = sum / 50;
    // The count's spread over seeds is about 0.5 % of it, its mean's 0.07 %: 1 % is many standard errors.
    assert.ok(Math.abs(mean - want) < 0.01 * want, `${what}: expected ${want.toFixed(0)}, drawn ${mean.toFixed(0)} on average`);
  }
});

stream.run();
workload.run();
pairs.run();
