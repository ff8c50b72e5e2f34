import { ASSERTS as ASSERTS_FLAG, InvariantError } from './engine/assert';
import { MetricsCollector } from './metrics/collector';
import { StrategySpec } from './strategies';
import { REPLAY_CRITICAL, REPLAY_WRITE, Scenario } from './scenario/types';
import type { SimObserver } from './observer';
import { EventKind, SimRun, createRun } from './sim/context';
import { ackWrite, commitWrite, issueWrite, newWrite } from './sim/writes';
import { arriveRead, issueRead, newRead, serveRead } from './sim/reads';
import { checkAllCompleted, checkClock, checkFollowerPositions } from './sim/invariants';
import { holdOp } from './sim/sessions';
import type { ReadOp, WriteOp } from './model/pendingOps';

/** The invariant checks' flag held in this module: an imported binding is a property load at each check. */
const ASSERTS = ASSERTS_FLAG;

export type { OpRecord, ApplyRecord, SimObserver } from './observer';

export interface RunResult {
  metrics: MetricsCollector;
  horizonUs: number;
}

/**
 * Runs one strategy over a scenario with a given seed: takes events off the queue in
 * time order until none is left. Without capacities, semi-sync or causal waits, every
 * operation completes at the time it is issued; otherwise its later steps are events
 * of their own (the write path in sim/writes, the read path in sim/reads). A read is
 * judged when it is served, against the master at that moment (docs/design.md). The
 * workload, lag, capacity and strategy draws come from separate streams, so every
 * strategy sees the same operations at the same times and the same replication delays.
 * `summarized` false: only the observer's records are wanted (a trace), so the metrics
 * skip their session × key statistics (MetricsCollector); the run is otherwise the same.
 */
export function simulate(sc: Scenario, spec: StrategySpec, seed: number, observer?: SimObserver, summarized = true): RunResult {
  const run = createRun(sc, spec, seed, observer ?? null, summarized);
  try {
    scheduleWorkload(run);
    runEvents(run);
    if (ASSERTS) checkAllCompleted(run);
  } catch (e) {
    if (e instanceof InvariantError) e.message += ` (scenario ${sc.name}, strategy ${spec.label}, seed ${seed})`;
    throw e;
  }
  if (observer) narrateAppliesUpTo(run, Infinity);
  return { metrics: run.metrics, horizonUs: sc.horizonUs };
}

/**
 * Puts the scripted operations, then the replayed ones in file order, and the generated
 * workload's first one on the queue (operations at the same time arrive in that order).
 */
function scheduleWorkload(run: SimRun): void {
  run.sc.events.forEach((e, i) => run.queue.push(e.atUs, EventKind.Scripted, i));
  const replay = run.sc.replay;
  if (replay !== null) for (let i = 0; i < replay.timeUs.length; i++) run.queue.push(replay.timeUs[i], EventKind.Replayed, i);
  const gen = run.workload;
  if (gen !== null) {
    gen.next();
    if (gen.timeUs < run.sc.horizonUs) run.queue.pushArrival(gen.timeUs, EventKind.Generated);
  }
}

/**
 * Takes events off the queue in time order until none is left: for each, sets the clock,
 * brings the model up to it and handles it. One loop with the run's parts in locals, as
 * it runs once per operation or more.
 */
function runEvents(run: SimRun): void {
  const { queue, master, binlog, probes, observer } = run;
  while (queue.pop()) {
    const tUs = queue.time, kind = queue.kind;
    if (ASSERTS) checkClock(run, tUs);
    run.nowUs = tUs;
    for (let m = 0; m < probes.length; m++) probes[m].catchUp(tUs);
    if (master.visiblePos < binlog.head) master.advanceTo(tUs);
    // Applies at exactly an acknowledgement's time are narrated after the write they apply.
    if (observer !== null) {
      const boundUs = kind === EventKind.WriteAck ? tUs - 1 : tUs;
      if (boundUs >= run.nextUnnarratedApplyUs) narrateAppliesUpTo(run, boundUs);
    }
    dispatch(run, tUs, kind, queue.arg);
    if (ASSERTS) checkFollowerPositions(run);
  }
}

/**
 * Brings every follower up to `boundUs` for the observer, in apply-time order across
 * followers (ties in follower order), so narrated applies never go back in time.
 */
function narrateAppliesUpTo(run: SimRun, boundUs: number): void {
  const { followers } = run;
  for (;;) {
    let next = -1, nextUs = Infinity;
    for (let f = 0; f < followers.length; f++) {
      const us = followers[f].nextApplyUs();
      if (us < nextUs) { next = f; nextUs = us; }
    }
    if (next < 0 || nextUs > boundUs) {
      run.nextUnnarratedApplyUs = nextUs;
      return;
    }
    followers[next].advanceTo(nextUs);
  }
}

/** A new operation arrives, a free session issues its held ones, or one parked in a pending slot takes its next step. */
function dispatch(run: SimRun, tUs: number, kind: number, arg: number): void {
  if (kind === EventKind.Generated) issueGenerated(run, tUs);
  else if (kind === EventKind.Scripted) issueScripted(run, tUs, arg);
  else if (kind === EventKind.Replayed) issueReplayed(run, tUs, arg);
  else if (kind === EventKind.SessionFree) releaseSession(run, tUs, arg);
  else resume(run, tUs, kind, arg);
}

/** The operation parked in pending slot `slot` takes the step the event `kind` stands for. */
function resume(run: SimRun, tUs: number, kind: number, slot: number): void {
  const { pending } = run;
  switch (kind) {
    case EventKind.ReadArrive: return arriveRead(run, tUs, pending.takeRead(slot, run.read));
    case EventKind.ReadServe: return serveRead(run, tUs, pending.takeRead(slot, run.read));
    case EventKind.WriteCommit: return commitWrite(run, tUs, pending.takeWrite(slot, run.write));
    case EventKind.WriteAck: return ackWrite(run, tUs, pending.takeWrite(slot, run.write));
  }
}

/** Scripted event `index` of the scenario arrives. */
function issueScripted(run: SimRun, tUs: number, index: number): void {
  const e = run.sc.events[index];
  if (e.kind === 'write') admitWrite(run, tUs, newWrite(run, tUs, e.session, e.key, index));
  else admitRead(run, tUs, newRead(run, tUs, e.session, e.key, e.critical));
}

/** Replayed row `index` arrives: a write carries no payload, as a generated one. */
function issueReplayed(run: SimRun, tUs: number, index: number): void {
  const r = run.sc.replay!;
  const flags = r.flags[index];
  if ((flags & REPLAY_WRITE) !== 0) admitWrite(run, tUs, newWrite(run, tUs, r.session[index], r.key[index], -1));
  else admitRead(run, tUs, newRead(run, tUs, r.session[index], r.key[index], (flags & REPLAY_CRITICAL) !== 0));
}

/** The generated workload's operation arrives, and its next one is scheduled. */
function issueGenerated(run: SimRun, tUs: number): void {
  const g = run.workload!;
  const { sc } = run;
  const key = sc.workloadKeyIds[g.key];
  const session = sc.workloadSessionIds[g.session];
  if (g.isWrite) admitWrite(run, tUs, newWrite(run, tUs, session, key, -1));
  else admitRead(run, tUs, newRead(run, tUs, session, key, g.critical));
  g.next();
  if (g.startsBatch()) run.metrics.warmPairs(sc.workloadSessionIds, sc.workloadKeyIds, g.sessions, g.keys);
  if (g.timeUs < sc.horizonUs) run.queue.pushArrival(g.timeUs, EventKind.Generated);
}

/** A write arrives: issued now, or parked and held while its session's previous operation is outstanding (sim/sessions). */
function admitWrite(run: SimRun, tUs: number, op: WriteOp): void {
  if (run.sessions.busy(op.session, tUs)) holdOp(run, op.session, run.pending.parkWrite(op), true);
  else issueWrite(run, tUs, op);
}

/** A read arrives: issued now, or held as a write is. */
function admitRead(run: SimRun, tUs: number, op: ReadOp): void {
  if (run.sessions.busy(op.session, tUs)) holdOp(run, op.session, run.pending.parkRead(op), false);
  else issueRead(run, tUs, op);
}

/** The session's outstanding operation has completed: its held operations are issued in order while it stays free. */
function releaseSession(run: SimRun, tUs: number, session: number): void {
  const gate = run.sessions, pending = run.pending;
  gate.busyUntil[session] = 0;
  while (gate.hasHeld(session) && gate.busyUntil[session] <= tUs) {
    const slot = gate.shift(session);
    if (gate.isWrite(slot)) issueWrite(run, tUs, pending.takeWrite(slot, run.write));
    else issueRead(run, tUs, pending.takeRead(slot, run.read));
  }
}
