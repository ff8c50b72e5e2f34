import { EventQueue } from '../engine/heap';
import { makeStream } from '../engine/random';
import { Binlog } from '../model/binlog';
import { Master } from '../model/master';
import { Follower } from '../model/follower';
import { DEFAULT_WAL_BYTES_PER_WRITE, FollowerProbe, LagMonitor } from '../model/monitor';
import { clusterView } from '../model/clusterView';
import { NodeQueues } from '../model/nodeQueue';
import { SemiSync } from '../model/semiSync';
import { PendingOps, ReadOp, WriteOp } from '../model/pendingOps';
import { SessionGate } from '../model/sessionGate';
import { GeneratedWorkload, expectedPairs } from '../workload/generated';
import { MetricsCollector } from '../metrics/collector';
import { STRATEGIES, Strategy, StrategySpec } from '../strategies';
import { Scenario } from '../scenario/types';
import type { SimObserver } from '../observer';

/**
 * Event kinds. The argument of a scripted event is its index in the scenario; of SessionFree, the session;
 * of the others, the pending slot its operation is parked in. A const enum: the compiler writes each
 * number in where it is used (an exported constant would be a property load at every use).
 */
export const enum EventKind {
  Scripted = 0,
  /** The generated workload's next operation (no argument; held beside the heap, EventQueue.pushArrival). */
  Generated = 1,
  /** A read reaches its node after a causal wait. */
  ReadArrive = 2,
  /** A queued read starts service. */
  ReadServe = 3,
  /** A write queued at the master finishes executing and commits. */
  WriteCommit = 4,
  /** A semi-sync write is acknowledged (visible on the master, OK to the client). */
  WriteAck = 5,
  /** A busy session's operation has completed: its held operations are issued (argument: the session). */
  SessionFree = 6,
  /** A replayed operation arrives (argument: its row). */
  Replayed = 7,
}

/** Everything the handlers of one run share: the model, the strategy, the metrics and the operations in flight. */
export interface SimRun {
  readonly sc: Scenario;
  readonly queue: EventQueue;
  /** Time of the event being handled. */
  nowUs: number;
  /**
   * With an observer: the earliest time a follower applies an event the observer has not
   * been told of, as of the last narration (applies before it need none); −∞ once a commit
   * may have placed an earlier one.
   */
  nextUnnarratedApplyUs: number;
  readonly binlog: Binlog;
  readonly master: Master;
  readonly followers: Follower[];
  /** Every monitor the strategy asked for; their probes run before each event. */
  readonly probes: FollowerProbe[];
  /** Node n: 0 the master, 1 + f follower f. Null when no node has a capacity. */
  readonly queues: NodeQueues | null;
  readonly semiSync: SemiSync | null;
  readonly pending: PendingOps;
  /** Closed-loop sessions: which are busy, and the operations held until they are free. */
  readonly sessions: SessionGate;
  /** The read being handled, one object for every read (Strategy.route fills its node and wait). */
  readonly read: ReadOp;
  /** The write being handled, one object for every write. */
  readonly write: WriteOp;
  readonly strategy: Strategy;
  readonly workload: GeneratedWorkload | null;
  readonly metrics: MetricsCollector;
  readonly observer: SimObserver | null;
}

/**
 * The run of `spec` over `sc` with `seed`, before its first event. The workload, lag,
 * capacity and strategy draws come from separate streams, so every strategy sees the
 * same operations issued at the same times and the same replication delays.
 * Without `summarized` (a run only watched, never summarized) the metrics keep no
 * session × key state (MetricsCollector).
 */
export function createRun(sc: Scenario, spec: StrategySpec, seed: number, observer: SimObserver | null, summarized = true): SimRun {
  const keyCount = sc.keyNames.length;
  const sessionCount = sc.sessionNames.length;
  const binlog = new Binlog(sc.followers.length);
  const master = new Master(binlog, keyCount);
  sc.initialRows.forEach((row, key) => row !== null && master.seed(key, row));
  const followers = sc.followers.map((cfg, i) => new Follower(i, cfg, binlog, keyCount, master.rowRef, makeStream(seed, `lag/${cfg.name}`)));
  const probes: FollowerProbe[] = [];
  const strategy = STRATEGIES[spec.name].create(spec.params, {
    cluster: clusterView(binlog, master, followers, probes, {
      bytesPerWrite: sc.walBytesPerWrite ?? DEFAULT_WAL_BYTES_PER_WRITE, commitBytes: sc.walCommitBytes, probeTimesUs: sc.walProbeTimesUs,
    }), keys: keyCount, sessions: sessionCount, rng: makeStream(seed, 'strategy'),
    onWindow: observer?.window?.bind(observer),
  });
  const onProbe = observer?.probe?.bind(observer);
  // Reports draw reported lag: the lag monitors, numbered in the order the strategy asked for them.
  const monitors = probes.filter((p): p is LagMonitor => p instanceof LagMonitor);
  if (onProbe !== undefined) monitors.forEach((m, i) => (m.onProbe = (tUs, lags) => onProbe(i, tUs, lags)));
  const run: SimRun = {
    sc, queue: new EventQueue(), nowUs: -Infinity, nextUnnarratedApplyUs: -Infinity, binlog, master, followers, probes,
    queues: nodeQueues(sc, seed), semiSync: sc.semiSync ? new SemiSync(sc.semiSync, followers) : null, pending: new PendingOps(),
    sessions: new SessionGate(sessionCount), read: new ReadOp(), write: new WriteOp(), strategy,
    workload: sc.workload !== null ? new GeneratedWorkload(sc.workload, makeStream(seed, 'workload')) : null,
    metrics: new MetricsCollector(sessionCount, keyCount, summarized, () => (sc.workload !== null ? expectedPairs(sc.workload, sc.horizonUs) : 0)), observer,
  };
  if (observer?.apply) narrateApplies(run, observer.apply.bind(observer));
  return run;
}

/** The nodes' FIFO servers, each with its own stream; null when no node has a capacity. */
function nodeQueues(sc: Scenario, seed: number): NodeQueues | null {
  const capacities = [sc.masterCapacityPerSec ?? null, ...sc.followers.map((f) => f.capacityPerSec ?? null)];
  if (capacities.every((c) => c === null)) return null;
  const rngs = capacities.map((_, n) => makeStream(seed, `capacity/${n === 0 ? 'master' : sc.followers[n - 1].name}`));
  return new NodeQueues(capacities, sc.serviceTime ?? 'exponential', rngs);
}

/** Tells the observer of every event each follower applies. */
function narrateApplies(run: SimRun, emit: NonNullable<SimObserver['apply']>): void {
  const { binlog } = run;
  for (const f of run.followers) {
    f.onApply = (index, pos, applyUs) => {
      const i = binlog.slot(pos);
      emit({ tUs: applyUs, follower: index, pos, key: binlog.key[i], version: binlog.version[i], commitUs: binlog.commitUs[i] });
    };
  }
}
