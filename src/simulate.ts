import { EventQueue } from './engine/heap';
import { makeStream } from './engine/random';
import { Binlog } from './model/binlog';
import { Master, Row } from './model/master';
import { Follower } from './model/follower';
import { LagMonitor } from './model/monitor';
import { clusterView } from './model/clusterView';
import { NodeQueues } from './model/nodeQueue';
import { SemiSync } from './model/semiSync';
import { PendingOps } from './model/pendingOps';
import { GeneratedWorkload } from './workload/generated';
import { MetricsCollector } from './metrics/collector';
import { MASTER, ReadRoute, STRATEGIES, Strategy, StrategySpec } from './strategies';
import { Scenario } from './scenario/types';
import type { OpRecord, SimObserver } from './observer';

export type { OpRecord, ApplyRecord, SimObserver } from './observer';

export interface RunResult {
  metrics: MetricsCollector;
  horizonUs: number;
}

const EV_SCRIPTED = 0;
const EV_GENERATED = 1;
/** A read reaches its node after a causal wait. */
const EV_READ_ARRIVE = 2;
/** A queued read starts service. */
const EV_READ_SERVE = 3;
/** A write queued at the master finishes executing and commits. */
const EV_WRITE_COMMIT = 4;
/** A semi-sync write is acknowledged (visible on the master, OK to the client). */
const EV_WRITE_ACK = 5;

/**
 * Runs one strategy over a scenario with a given seed. The workload, lag, capacity and
 * strategy draws come from separate streams, so every strategy sees the same operations
 * issued at the same times and the same replication delays.
 *
 * Without capacities, semi-sync or causal waits, every operation completes at the time
 * it is issued. Otherwise its later steps are events of their own, carrying a slot of
 * PendingOps: a read is judged stale or fresh when it is served — docs/design.md measures
 * staleness against the master at that moment — and a write exists for readers only
 * once it has committed (after queueing) and become visible (after its semi-sync wait).
 */
export function simulate(sc: Scenario, spec: StrategySpec, seed: number, observer?: SimObserver): RunResult {
  const keyCount = sc.keyNames.length;
  const sessionCount = sc.sessionNames.length;
  const binlog = new Binlog(sc.followers.length);
  const master = new Master(binlog, keyCount);
  sc.initialRows.forEach((row, key) => row !== null && master.seed(key, row));
  const followers = sc.followers.map((cfg, i) => new Follower(i, cfg, binlog, keyCount, master.rowRef, makeStream(seed, `lag/${cfg.name}`)));
  const metrics = new MetricsCollector(sessionCount, keyCount);
  const monitors: LagMonitor[] = [];

  const cluster = clusterView(binlog, master, followers, monitors);
  const strategy: Strategy = STRATEGIES[spec.name].create(spec.params, {
    cluster, keys: keyCount, sessions: sessionCount, rng: makeStream(seed, 'strategy'),
  });

  // Node n of the queues: 0 the master, 1 + f follower f.
  const capacities = [sc.masterCapacityPerSec ?? null, ...sc.followers.map((f) => f.capacityPerSec ?? null)];
  const queues = capacities.some((c) => c !== null)
    ? new NodeQueues(capacities, sc.serviceTime ?? 'exponential', capacities.map((_, n) => makeStream(seed, `capacity/${n === 0 ? 'master' : sc.followers[n - 1].name}`)))
    : null;
  const semiSync = sc.semiSync ? new SemiSync(sc.semiSync, followers) : null;
  const pending = new PendingOps();

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
  const stockField = sc.stockField ?? 'stock';
  const stockOf = (ref: number): number => {
    const v = ref >= 0 ? master.rows[ref][stockField] : undefined;
    return typeof v === 'number' ? v : NaN;
  };

  // ── writes: issue → (queue at the master) → commit → (semi-sync wait) → acknowledge ──

  const issueWrite = (tUs: number, session: number, key: number, event: number): void => {
    if (queues !== null && queues.limited(0)) {
      const doneUs = queues.serve(0, tUs);
      if (doneUs > tUs) {
        const slot = pending.alloc();
        pending.issuedUs[slot] = tUs; pending.session[slot] = session; pending.key[slot] = key; pending.event[slot] = event;
        queue.push(doneUs, EV_WRITE_COMMIT, slot);
        return;
      }
    }
    commitWrite(tUs, tUs, session, key, event, -1);
  };

  const commitWrite = (tUs: number, issuedUs: number, session: number, key: number, event: number, slot: number): void => {
    if (binlog.full()) {
      // Reclaim binlog slots every follower has applied before growing the ring.
      let oldest = master.visiblePos + 1;
      for (const f of followers) {
        f.advanceTo(tUs);
        if (f.appliedPos + 1 < oldest) oldest = f.appliedPos + 1;
      }
      binlog.release(oldest);
    }
    // Followers draw their shipping first: under semi-sync, visibility waits for their receipts.
    for (const f of followers) f.ship(tUs);
    const visibleUs = semiSync !== null ? semiSync.commit(tUs) : tUs;
    const pos = master.commit(key, tUs, event >= 0 ? sc.events[event].set : null, visibleUs);
    for (const f of followers) f.place(pos);
    const i = binlog.slot(pos);
    if (visibleUs > tUs) {
      const s = slot >= 0 ? slot : pending.alloc();
      pending.issuedUs[s] = issuedUs; pending.session[s] = session; pending.key[s] = key;
      pending.pos[s] = pos; pending.version[s] = binlog.version[i]; pending.rowRef[s] = binlog.rowRef[i];
      queue.push(visibleUs, EV_WRITE_ACK, s);
      return;
    }
    if (slot >= 0) pending.release(slot);
    ackWrite(tUs, issuedUs, session, key, pos, binlog.version[i], binlog.rowRef[i]);
  };

  const ackWrite = (tUs: number, issuedUs: number, session: number, key: number, pos: number, version: number, ref: number): void => {
    strategy.onWrite(tUs, key, session, pos);
    metrics.write(tUs, session, key, version, tUs - issuedUs);
    if (observer) {
      observer.op({
        tUs, op: 'write', session, key, node: MASTER, version, value: rowOf(ref), critical: false, masterVersion: master.version[key],
        masterValue: rowOf(master.rowRef[key]), staleSinceUs: tUs, pos, latencyUs: tUs - issuedUs, issuedUs, waitUs: 0,
      });
    }
  };

  // ── reads: issue → route → (causal wait) → (queue at the node) → served and judged ──

  const issueRead = (tUs: number, session: number, key: number, critical: boolean): void => {
    route.node = MASTER;
    route.waitUs = 0;
    strategy.route(tUs, key, session, critical, route);
    if (route.waitUs > 0) {
      const slot = pending.alloc();
      pending.issuedUs[slot] = tUs; pending.session[slot] = session; pending.key[slot] = key;
      pending.node[slot] = route.node; pending.critical[slot] = critical ? 1 : 0; pending.waitUs[slot] = route.waitUs;
      pending.writtenFloor[slot] = metrics.writtenVersion(session, key);
      queue.push(tUs + route.waitUs, EV_READ_ARRIVE, slot);
      return;
    }
    arriveRead(tUs, tUs, session, key, route.node, critical, 0, metrics.writtenVersion(session, key), -1);
  };

  const arriveRead = (tUs: number, issuedUs: number, session: number, key: number, node: number, critical: boolean, waitUs: number,
                      writtenFloor: number, slot: number): void => {
    let doneUs = tUs;
    if (queues !== null) {
      doneUs = queues.serve(node + 1, tUs);
      if (queues.startUs > tUs) {
        const s = slot >= 0 ? slot : pending.alloc();
        pending.issuedUs[s] = issuedUs; pending.session[s] = session; pending.key[s] = key; pending.node[s] = node;
        pending.critical[s] = critical ? 1 : 0; pending.waitUs[s] = waitUs; pending.doneUs[s] = doneUs; pending.writtenFloor[s] = writtenFloor;
        queue.push(queues.startUs, EV_READ_SERVE, s);
        return;
      }
    }
    if (slot >= 0) pending.release(slot);
    serveRead(tUs, issuedUs, session, key, node, critical, waitUs, writtenFloor, doneUs);
  };

  const serveRead = (tUs: number, issuedUs: number, session: number, key: number, node: number, critical: boolean, waitUs: number,
                     writtenFloor: number, doneUs: number): void => {
    const masterVersion = master.version[key];
    let version: number;
    let ref: number;
    let baseUs: number;
    let staleSinceUs = tUs;
    if (node === MASTER) {
      version = masterVersion;
      ref = master.rowRef[key];
      baseUs = sc.masterReadLatencyUs;
    } else {
      const f = followers[node];
      f.advanceTo(tUs);
      version = f.version[key];
      ref = f.rowRef[key];
      baseUs = f.config.readLatencyUs;
      if (version < masterVersion) staleSinceUs = f.staleSinceUs(key);
    }
    const latencyUs = doneUs - issuedUs + baseUs;
    const stale = version < masterVersion;
    metrics.read(tUs, session, key, version, masterVersion, staleSinceUs, node === MASTER, latencyUs, critical, writtenFloor);
    if (stale && stockOf(ref) > 0 && stockOf(master.rowRef[key]) <= 0) metrics.phantomStock();
    if (observer) {
      observer.op({
        tUs, op: 'read', session, key, node, version, value: rowOf(ref), critical, masterVersion,
        masterValue: rowOf(master.rowRef[key]), staleSinceUs, pos: 0, latencyUs, issuedUs, waitUs,
      });
    }
  };

  while (queue.pop()) {
    const tUs = queue.time;
    const kind = queue.kind;
    const s = queue.arg;
    for (let m = 0; m < monitors.length; m++) monitors[m].catchUp(tUs);
    if (master.visiblePos < binlog.head) master.advanceTo(tUs);
    // Applies at exactly an acknowledgement's time are narrated after the write they apply.
    if (observer) for (const f of followers) f.advanceTo(kind === EV_WRITE_ACK ? tUs - 1 : tUs);
    switch (kind) {
      case EV_SCRIPTED: {
        const e = sc.events[s];
        if (e.kind === 'write') issueWrite(tUs, e.session, e.key, s);
        else issueRead(tUs, e.session, e.key, e.critical);
        break;
      }
      case EV_GENERATED: {
        const g = gen!;
        const key = sc.workloadKeyIds[g.key];
        const session = sc.workloadSessionIds[g.session];
        if (g.isWrite) issueWrite(tUs, session, key, -1);
        else issueRead(tUs, session, key, g.critical);
        g.next();
        if (g.timeUs < sc.horizonUs) queue.push(g.timeUs, EV_GENERATED);
        break;
      }
      case EV_READ_ARRIVE:
        arriveRead(tUs, pending.issuedUs[s], pending.session[s], pending.key[s], pending.node[s], pending.critical[s] === 1, pending.waitUs[s], pending.writtenFloor[s], s);
        break;
      case EV_READ_SERVE:
        serveRead(tUs, pending.issuedUs[s], pending.session[s], pending.key[s], pending.node[s], pending.critical[s] === 1, pending.waitUs[s],
          pending.writtenFloor[s], pending.doneUs[s]);
        pending.release(s);
        break;
      case EV_WRITE_COMMIT:
        commitWrite(tUs, pending.issuedUs[s], pending.session[s], pending.key[s], pending.event[s], s);
        break;
      case EV_WRITE_ACK:
        ackWrite(tUs, pending.issuedUs[s], pending.session[s], pending.key[s], pending.pos[s], pending.version[s], pending.rowRef[s]);
        pending.release(s);
        break;
    }
  }
  if (observer) for (const f of followers) f.advanceTo(Infinity);
  return { metrics, horizonUs: sc.horizonUs };
}
