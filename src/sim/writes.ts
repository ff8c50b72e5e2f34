import { MASTER } from '../strategies';
import { EventKind, SimRun } from './context';
import type { WriteOp } from '../model/pendingOps';
import type { SimObserver } from '../observer';
import { completeOp, markPending } from './sessions';

/*
 * The write path: issue → (queue at the master) → (round trip) → commit → (semi-sync wait) → acknowledge.
 * Each step is a handler (run, tUs, op) that either schedules the next step as an event,
 * parking the write in a pending slot, or calls it at once. A write that neither queues
 * nor waits is acknowledged within its issue and never takes a slot. A write exists for
 * readers only once it has committed and become visible.
 */

/** The run's write, filled for a write `session` issues on `key`; `event` is its scripted event, −1 for generated traffic. */
export function newWrite(run: SimRun, tUs: number, session: number, key: number, event: number): WriteOp {
  const op = run.write;
  op.issuedUs = tUs;
  op.session = session;
  op.key = key;
  op.event = event;
  return op;
}

/**
 * The client sends the write to the master, where it queues while a master with a capacity is
 * busy; it commits its round trip (`masterWriteLatencyUs`) after that.
 */
export function issueWrite(run: SimRun, tUs: number, op: WriteOp): void {
  const { queues } = run;
  let commitUs = tUs;
  if (queues !== null && queues.limited(0)) commitUs = queues.serve(0, tUs);
  commitUs += run.sc.masterWriteLatencyUs;
  if (commitUs > tUs) {
    run.queue.push(commitUs, EventKind.WriteCommit, run.pending.parkWrite(op));
    markPending(run, op.session);
  } else commitWrite(run, tUs, op);
}

/** The master commits the write: it takes the next binlog position and every follower's apply time is fixed. */
export function commitWrite(run: SimRun, tUs: number, op: WriteOp): void {
  const { binlog, master, followers } = run;
  if (binlog.full()) reclaimBinlog(run, tUs);
  // Followers draw their shipping first: under semi-sync, visibility waits for their receipts.
  for (let f = 0; f < followers.length; f++) followers[f].ship(tUs);
  const visibleUs = run.semiSync !== null ? run.semiSync.commit(tUs) : tUs;
  const pos = master.commit(op.key, tUs, op.event >= 0 ? run.sc.events[op.event].set : null, visibleUs);
  for (let f = 0; f < followers.length; f++) followers[f].place(pos);
  run.nextUnnarratedApplyUs = -Infinity;
  const i = binlog.slot(pos);
  op.pos = pos;
  op.version = binlog.version[i];
  op.rowRef = binlog.rowRef[i];
  if (visibleUs > tUs) {
    run.queue.push(visibleUs, EventKind.WriteAck, run.pending.parkWrite(op));
    markPending(run, op.session);
  } else ackWrite(run, tUs, op);
}

/** Reclaims the binlog positions every follower has applied, before the ring has to grow. */
function reclaimBinlog(run: SimRun, tUs: number): void {
  let oldest = run.master.visiblePos + 1;
  for (const f of run.followers) {
    f.advanceTo(tUs);
    if (f.appliedPos + 1 < oldest) oldest = f.appliedPos + 1;
  }
  run.binlog.release(oldest);
}

/** The write is visible on the master and the client has its OK: the strategy and the metrics learn of it. */
export function ackWrite(run: SimRun, tUs: number, op: WriteOp): void {
  run.strategy.onWrite(tUs, op.key, op.session, op.pos);
  run.metrics.write(tUs, op.session, op.key, op.version, tUs - op.issuedUs);
  if (run.observer !== null) narrateWrite(run, run.observer, tUs, op);
  if (run.sessions.busyUntil[op.session] === Infinity) completeOp(run, op.session, tUs);
}

/** Tells the observer of write `op`, acknowledged at `tUs`. */
function narrateWrite(run: SimRun, observer: SimObserver, tUs: number, op: WriteOp): void {
  const { master } = run;
  const key = op.key;
  observer.op({
    tUs, op: 'write', session: op.session, key, node: MASTER, version: op.version, value: master.row(op.rowRef),
    critical: false, masterVersion: master.version[key], masterValue: master.row(master.rowRef[key]), staleSinceUs: tUs, masterSinceUs: tUs, pos: op.pos,
    latencyUs: tUs - op.issuedUs, issuedUs: op.issuedUs, waitUs: 0,
  });
}
