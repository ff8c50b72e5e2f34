import { MASTER } from '../strategies';
import { EV_WRITE_ACK, EV_WRITE_COMMIT, SimRun } from './context';
import type { SimObserver } from '../observer';
import { completeOp, markPending } from './sessions';

/*
 * The write path: issue → (queue at the master) → commit → (semi-sync wait) → acknowledge.
 * Each step is a handler (run, tUs, slot) that either schedules the next step as an event
 * or calls it at once. The write's pending slot is opened by newWrite and closed by ackWrite.
 * A write exists for readers only once it has committed and become visible.
 */

/** Opens the pending slot of a write `session` issues on `key`; `event` is its scripted event, −1 for generated traffic. */
export function newWrite(run: SimRun, tUs: number, session: number, key: number, event: number): number {
  const slot = run.pending.open(tUs, session, key);
  run.pending.event[slot] = event;
  return slot;
}

/** The client sends the write to the master, where it queues while a master with a capacity is busy. */
export function issueWrite(run: SimRun, tUs: number, slot: number): void {
  const { queues } = run;
  if (queues !== null && queues.limited(0)) {
    const doneUs = queues.serve(0, tUs);
    if (doneUs > tUs) {
      run.queue.push(doneUs, EV_WRITE_COMMIT, slot);
      markPending(run, run.pending.session[slot]);
      return;
    }
  }
  commitWrite(run, tUs, slot);
}

/** The master commits the write: it takes the next binlog position and every follower's apply time is fixed. */
export function commitWrite(run: SimRun, tUs: number, slot: number): void {
  const { binlog, master, followers, pending } = run;
  if (binlog.full()) reclaimBinlog(run, tUs);
  // Followers draw their shipping first: under semi-sync, visibility waits for their receipts.
  for (const f of followers) f.ship(tUs);
  const visibleUs = run.semiSync !== null ? run.semiSync.commit(tUs) : tUs;
  const event = pending.event[slot];
  const pos = master.commit(pending.key[slot], tUs, event >= 0 ? run.sc.events[event].set : null, visibleUs);
  for (const f of followers) f.place(pos);
  const i = binlog.slot(pos);
  pending.pos[slot] = pos;
  pending.version[slot] = binlog.version[i];
  pending.rowRef[slot] = binlog.rowRef[i];
  if (visibleUs > tUs) {
    run.queue.push(visibleUs, EV_WRITE_ACK, slot);
    markPending(run, pending.session[slot]);
  } else ackWrite(run, tUs, slot);
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
export function ackWrite(run: SimRun, tUs: number, slot: number): void {
  const { pending } = run;
  const session = pending.session[slot], key = pending.key[slot];
  run.strategy.onWrite(tUs, key, session, pending.pos[slot]);
  run.metrics.write(tUs, session, key, pending.version[slot], tUs - pending.issuedUs[slot]);
  if (run.observer !== null) narrateWrite(run, run.observer, tUs, slot);
  if (run.sessions.busyUntil[session] === Infinity) completeOp(run, session, tUs);
  pending.close(slot);
}

/** Tells the observer of the write in `slot`, acknowledged at `tUs`. */
function narrateWrite(run: SimRun, observer: SimObserver, tUs: number, slot: number): void {
  const { pending, master } = run;
  const key = pending.key[slot], issuedUs = pending.issuedUs[slot];
  observer.op({
    tUs, op: 'write', session: pending.session[slot], key, node: MASTER, version: pending.version[slot], value: master.row(pending.rowRef[slot]),
    critical: false, masterVersion: master.version[key], masterValue: master.row(master.rowRef[key]), staleSinceUs: tUs, masterSinceUs: tUs, pos: pending.pos[slot],
    latencyUs: tUs - issuedUs, issuedUs, waitUs: 0,
  });
}
