import { EventKind, SimRun } from './context';

/* The closed loop's steps (the state is model/sessionGate.ts): see SessionGate. */

/** The session's operation went pending (an event carries it on): its session is busy until it completes. */
export function markPending(run: SimRun, session: number): void {
  run.sessions.busyUntil[session] = Infinity;
}

/**
 * The session's operation completes at `doneUs` (≥ now: a read still in service at a node
 * with a capacity). Its held operations are issued then, by an EventKind.SessionFree event; with
 * none held, the session is simply busy until `doneUs`.
 */
export function completeOp(run: SimRun, session: number, doneUs: number): void {
  const gate = run.sessions;
  if (gate.hasHeld(session)) {
    run.queue.push(doneUs, EventKind.SessionFree, session);
    gate.busyUntil[session] = Infinity;
  } else gate.busyUntil[session] = doneUs;
}

/**
 * An operation arrives for `session` while it is busy: held. When it is the first held
 * and the session's current operation has a known end, the release is scheduled for then;
 * otherwise the current operation's completion schedules it.
 */
export function holdOp(run: SimRun, session: number, slot: number, isWrite: boolean): void {
  const gate = run.sessions;
  run.metrics.heldOps++;
  if (gate.hold(session, slot, isWrite) && gate.busyUntil[session] !== Infinity) {
    run.queue.push(gate.busyUntil[session], EventKind.SessionFree, session);
    gate.busyUntil[session] = Infinity;
  }
}
