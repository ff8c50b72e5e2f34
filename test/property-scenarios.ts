import fc from 'fast-check';

/**
 * Random *valid* scenario files (plain objects, as a YAML or JSON file would hold them),
 * shared by the property tests and the fuzz tests (which break them one fault at a time).
 * Small on purpose — at most a few thousand operations — so a hundred of them run in
 * seconds, yet they reach every model feature: several followers, every lag
 * distribution, apply time, stop and delay incidents, capacities, semi-sync, scripted
 * events and generated traffic, and every registered strategy.
 */

export interface ScenarioOptions {
  /** Only lags with a hard upper bound (constant, uniform), for properties that need one. */
  boundedLag?: boolean;
  /** Allow node capacities (queues) and semi-sync. */
  queues?: boolean;
  /** Semi-sync waits for at most this many receipts (default: any up to the follower count). */
  maxWaitFor?: number;
}

export type Doc = Record<string, unknown>;

const ms = (n: number): string => `${n}ms`;

function delayArb(bounded: boolean, maxMs: number): fc.Arbitrary<unknown> {
  // 0 is the one duration a bare number may write.
  const constant = fc.integer({ min: 0, max: maxMs }).map((n) => (n === 0 ? 0 : ms(n)));
  const uniform = fc.tuple(fc.integer({ min: 0, max: maxMs }), fc.integer({ min: 0, max: maxMs }))
    .map(([a, b]) => ({ dist: 'uniform', min: ms(Math.min(a, b)), max: ms(Math.max(a, b)) }));
  if (bounded) return fc.oneof(constant, uniform);
  return fc.oneof(
    constant,
    uniform,
    fc.integer({ min: 0, max: maxMs }).map((m) => ({ dist: 'exponential', mean: ms(m) })),
    fc.tuple(fc.integer({ min: 0, max: maxMs }), fc.integer({ min: 0, max: maxMs })).map(([m, sd]) => ({ dist: 'normal', mean: ms(m), sd: ms(sd) })),
    fc.tuple(fc.integer({ min: 1, max: maxMs }), fc.double({ min: 0, max: 1.5, noNaN: true })).map(([m, s]) => ({ dist: 'lognormal', median: ms(m), sigma: s })),
  );
}

function followerArb(index: number, durationMs: number, o: ScenarioOptions): fc.Arbitrary<Doc> {
  const incident = fc.record({
    at: fc.integer({ min: 0, max: durationMs }),
    duration: fc.integer({ min: 1, max: 1500 }),
    type: fc.constantFrom('stop', 'delay'),
    extra: fc.integer({ min: 0, max: 800 }),
  }).map((x) => (x.type === 'stop' ? { at: ms(x.at), duration: ms(x.duration), type: 'stop' } : { at: ms(x.at), duration: ms(x.duration), type: 'delay', extra: ms(x.extra) }));
  return fc.record({
    lag: delayArb(o.boundedLag === true, 800),
    applyTime: fc.option(delayArb(o.boundedLag === true, 4), { nil: undefined }),
    incidents: fc.option(fc.array(incident, { maxLength: 2 }), { nil: undefined }),
    readLatency: fc.option(fc.integer({ min: 0, max: 5 }).map(ms), { nil: undefined }),
    capacity: o.queues ? fc.option(fc.integer({ min: 50, max: 2000 }).map((n) => `${n}/s`), { nil: undefined }) : fc.constant(undefined),
  }).map((f) => prune({ name: `f${index}`, ...f }));
}

const STRATEGY_SPECS: unknown[] = [
  'all-follower', 'all-master', 'critical-only', 'post-write-window', 'lag-threshold', 'causal', 'adaptive-window',
  { name: 'post-write-window', window: '300ms', scope: 'session' },
  { name: 'post-write-window', window: '2s', scope: 'global' },
  { name: 'causal', mode: 'fast' },
  { name: 'causal', mode: 'wait', scope: 'global', timeout: '200ms' },
  { name: 'critical-only', balance: 'random' },
  { name: 'all-follower', balance: 'least-lagged', monitor: 'heartbeat', probeInterval: '100ms' },
  { name: 'pgpool', delayThreshold: '1kB', srCheckPeriod: '1s', disableLoadBalanceOnWrite: 'always', balance: 'random' },
];

/** Keys of scripted events; each has a row in data (a read of a key nothing gives a value is refused). */
const KEYS = ['apple', 'pear', 'plum', 'key-0', 'key-1'];

/** A valid scenario document; `strategies` is filled by the caller when it wants particular ones. */
export function scenarioDoc(o: ScenarioOptions = {}): fc.Arbitrary<Doc> {
  return fc.tuple(fc.integer({ min: 200, max: 2500 }), fc.integer({ min: 1, max: 3 })).chain(([durationMs, followerCount]) => {
    const keys = fc.constantFrom(...KEYS);
    const actors = fc.constantFrom('seller', 'user-1', 'user-2', 'session-0');
    const at = fc.integer({ min: 0, max: durationMs }).map(ms);
    const event = fc.oneof(
      fc.record({ at, actor: actors, write: keys, set: fc.record({ stock: fc.integer({ min: 0, max: 500 }) }) }),
      fc.record({ at, actor: actors, read: keys, critical: fc.boolean() }),
    );
    return fc.record({
      seed: fc.integer({ min: 0, max: 2 ** 31 }),
      followers: fc.tuple(...Array.from({ length: followerCount }, (_, i) => followerArb(i, durationMs, o))),
      master: o.queues
        ? fc.record({
          capacity: fc.option(fc.integer({ min: 100, max: 5000 }).map((n) => `${n}/s`), { nil: undefined }),
          writeLatency: fc.option(fc.integer({ min: 0, max: 30 }).map(ms), { nil: undefined }),
          semiSync: fc.option(fc.record({ timeout: fc.integer({ min: 1, max: 1000 }).map(ms), waitFor: fc.integer({ min: 1, max: Math.min(followerCount, o.maxWaitFor ?? followerCount) }) }), { nil: undefined }),
        })
        : fc.constant({}),
      events: fc.array(event, { maxLength: 25 }),
      workload: fc.option(fc.record({
        keys: fc.integer({ min: 1, max: 20 }),
        sessions: fc.integer({ min: 1, max: 8 }),
        popularity: fc.oneof(fc.constant('uniform'), fc.double({ min: 0.1, max: 2, noNaN: true }).map((s) => ({ zipf: s }))),
        writeRate: fc.integer({ min: 0, max: 150 }).map((n) => `${n}/s`),
        readRate: fc.integer({ min: 0, max: 600 }).map((n) => `${n}/s`),
        criticalFraction: fc.double({ min: 0, max: 1, noNaN: true }),
      }), { nil: undefined }),
      strategies: fc.subarray(STRATEGY_SPECS, { minLength: 1, maxLength: 4 }),
    }).map((s) => prune({
      name: 'prop',
      seed: s.seed,
      duration: ms(durationMs),
      cluster: prune({ master: Object.keys(prune(s.master)).length > 0 ? prune(s.master) : undefined, followers: s.followers }),
      data: Object.fromEntries(KEYS.map((key) => [key, { stock: 400 }])),
      events: s.events,
      workload: s.workload,
      strategies: s.strategies,
    }));
  });
}

/** Drops undefined fields, as a file would simply not have them. */
export function prune<T extends Record<string, unknown>>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}
