import { EventQueue } from './engine/heap';
import { makeStream } from './engine/random';
import { Binlog } from './model/binlog';
import { Master, Row } from './model/master';
import { Follower } from './model/follower';
import { GeneratedWorkload } from './workload/generated';
import { MetricsCollector } from './metrics/collector';
import { ClusterView, MASTER, ReadRoute, STRATEGIES, Strategy, StrategySpec } from './strategies';
import { Scenario } from './scenario/types';

/** One operation as the trace shows it (trace mode only; `run` keeps none). */
export interface OpRecord {
  tUs: number;
  op: 'read' | 'write';
  session: number;
  key: number;
  /** MASTER or a follower index. */
  node: number;
  version: number;
  /** Row content at that version; null when unknown (generated writes carry no payload). */
  value: Row | null;
  critical: boolean;
  /** Reads: the master's version when the read was served, and since when the answer was wrong. */
  masterVersion: number;
  masterValue: Row | null;
  staleSinceUs: number;
  /** Writes: binlog position. */
  pos: number;
  latencyUs: number;
}

export interface ApplyRecord {
  tUs: number;
  follower: number;
  pos: number;
  key: number;
  version: number;
  commitUs: number;
}

/** Watches a run event by event (narrated traces, diagrams, timelines). */
export interface SimObserver {
  op(r: OpRecord): void;
  apply?(r: ApplyRecord): void;
}

export interface RunResult {
  metrics: MetricsCollector;
  horizonUs: number;
}

const EV_SCRIPTED = 0;
const EV_GENERATED = 1;

/**
 * Runs one strategy over a scenario with a given seed. The workload, lag and
 * strategy draws come from separate streams, so every strategy sees the same
 * operations at the same times and the same replication delays.
 */
export function simulate(sc: Scenario, spec: StrategySpec, seed: number, observer?: SimObserver): RunResult {
  const keyCount = sc.keyNames.length;
  const sessionCount = sc.sessionNames.length;
  const binlog = new Binlog(sc.followers.length);
  const master = new Master(binlog, keyCount);
  sc.initialRows.forEach((row, key) => row !== null && master.seed(key, row));
  const followers = sc.followers.map((cfg, i) => new Follower(i, cfg, binlog, keyCount, master.rowRef, makeStream(seed, `lag/${cfg.name}`)));
  const metrics = new MetricsCollector(sessionCount, keyCount);

  let rr = 0;
  const cluster: ClusterView = {
    followerCount: followers.length,
    pickFollower: () => (followers.length === 1 ? 0 : rr++ % followers.length),
    masterPos: () => binlog.head,
    appliedPos(f, tUs) {
      followers[f].advanceTo(tUs);
      return followers[f].appliedPos;
    },
    trueLagUs(f, tUs) {
      followers[f].advanceTo(tUs);
      return followers[f].trueLagUs(tUs);
    },
  };
  const strategy: Strategy = STRATEGIES[spec.name].create(spec.params, {
    cluster, keys: keyCount, sessions: sessionCount, rng: makeStream(seed, 'strategy'),
  });

  if (observer?.apply) {
    const emit = observer.apply.bind(observer);
    for (const f of followers) {
      f.onApply = (index, pos, applyUs) => {
        const i = binlog.slot(pos);
        emit({ tUs: applyUs, follower: index, pos, key: binlog.key[i], version: binlog.version[i], commitUs: binlog.commitUs[i] });
      };
    }
  }

  const queue = new EventQueue();
  sc.events.forEach((e, i) => queue.push(e.atUs, EV_SCRIPTED, i));
  const gen = sc.workload !== null ? new GeneratedWorkload(sc.workload, makeStream(seed, 'workload')) : null;
  if (gen !== null) {
    gen.next();
    if (gen.timeUs < sc.horizonUs) queue.push(gen.timeUs, EV_GENERATED);
  }

  const route: ReadRoute = { node: MASTER, waitUs: 0 };
  const rowOf = (ref: number): Row | null => (ref >= 0 ? master.rows[ref] : null);

  const write = (tUs: number, session: number, key: number, set: Row | null): void => {
    if (binlog.full()) {
      // Reclaim binlog slots every follower has applied before growing the ring.
      let oldest = binlog.head + 1;
      for (const f of followers) {
        f.advanceTo(tUs);
        if (f.appliedPos + 1 < oldest) oldest = f.appliedPos + 1;
      }
      binlog.release(oldest);
    }
    const pos = master.commit(key, tUs, set);
    for (const f of followers) f.schedule(pos, tUs);
    strategy.onWrite(tUs, key, session, pos);
    metrics.write(tUs, session, key, master.version[key]);
    if (observer) {
      observer.op({
        tUs, op: 'write', session, key, node: MASTER, version: master.version[key], value: rowOf(master.rowRef[key]),
        critical: false, masterVersion: master.version[key], masterValue: rowOf(master.rowRef[key]), staleSinceUs: tUs, pos, latencyUs: 0,
      });
    }
  };

  const read = (tUs: number, session: number, key: number, critical: boolean): void => {
    route.node = MASTER;
    route.waitUs = 0;
    strategy.route(tUs, key, session, critical, route);
    const masterVersion = master.version[key];
    let version: number;
    let latencyUs: number;
    let ref: number;
    if (route.node === MASTER) {
      version = masterVersion;
      ref = master.rowRef[key];
      latencyUs = sc.masterReadLatencyUs + route.waitUs;
    } else {
      const f = followers[route.node];
      f.advanceTo(tUs);
      version = f.version[key];
      ref = f.rowRef[key];
      latencyUs = f.config.readLatencyUs + route.waitUs;
    }
    const staleSinceUs = version < masterVersion ? master.firstCommitAfter(key, version) : tUs;
    metrics.read(tUs, session, key, version, masterVersion, staleSinceUs, route.node === MASTER, latencyUs);
    if (observer) {
      observer.op({
        tUs, op: 'read', session, key, node: route.node, version, value: rowOf(ref), critical,
        masterVersion, masterValue: rowOf(master.rowRef[key]), staleSinceUs, pos: 0, latencyUs,
      });
    }
  };

  while (queue.pop()) {
    const tUs = queue.time;
    if (observer) for (const f of followers) f.advanceTo(tUs);
    if (queue.kind === EV_SCRIPTED) {
      const e = sc.events[queue.arg];
      if (e.kind === 'write') write(tUs, e.session, e.key, e.set);
      else read(tUs, e.session, e.key, e.critical);
    } else {
      const g = gen!;
      const key = sc.workloadKeyIds[g.key];
      const session = sc.workloadSessionBase + g.session;
      if (g.isWrite) write(tUs, session, key, null);
      else read(tUs, session, key, g.critical);
      g.next();
      if (g.timeUs < sc.horizonUs) queue.push(g.timeUs, EV_GENERATED);
    }
  }
  if (observer) for (const f of followers) f.advanceTo(Infinity);
  return { metrics, horizonUs: sc.horizonUs };
}
