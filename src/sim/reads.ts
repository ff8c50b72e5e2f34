import { MASTER } from '../strategies';
import { EV_READ_ARRIVE, EV_READ_SERVE, SimRun } from './context';
import { checkFollowerRead } from './invariants';
import { completeOp, markPending } from './sessions';
import { ASSERTS } from '../engine/assert';
import type { SimObserver } from '../observer';

/*
 * The read path: issue → route → (causal wait) → (queue at the node) → served and judged.
 * Each step is a handler (run, tUs, slot) that either schedules the next step as an event
 * or calls it at once. The read's pending slot is opened by newRead and closed by serveRead.
 * A read is judged stale or fresh when it is served: staleness is measured against the
 * master at that moment.
 */

/** Opens the pending slot of a read `session` issues on `key`. */
export function newRead(run: SimRun, tUs: number, session: number, key: number, critical: boolean): number {
  const slot = run.pending.open(tUs, session, key);
  run.pending.critical[slot] = critical ? 1 : 0;
  return slot;
}

/** The strategy chooses the node, and possibly a wait (a causal read waiting for its GTID). */
export function issueRead(run: SimRun, tUs: number, slot: number): void {
  const { pending, route } = run;
  const session = pending.session[slot], key = pending.key[slot];
  route.node = MASTER;
  route.waitUs = 0;
  run.strategy.route(tUs, key, session, pending.critical[slot] === 1, route);
  pending.node[slot] = route.node;
  pending.waitUs[slot] = route.waitUs;
  pending.writtenFloor[slot] = run.metrics.writtenVersion(session, key);
  if (route.waitUs > 0) {
    run.queue.push(tUs + route.waitUs, EV_READ_ARRIVE, slot);
    markPending(run, session);
  } else arriveRead(run, tUs, slot);
}

/** The read reaches its node, where it queues while a node with a capacity is busy. */
export function arriveRead(run: SimRun, tUs: number, slot: number): void {
  const { queues, pending } = run;
  pending.doneUs[slot] = tUs;
  if (queues !== null) {
    pending.doneUs[slot] = queues.serve(pending.node[slot] + 1, tUs);
    if (queues.startUs > tUs) {
      run.queue.push(queues.startUs, EV_READ_SERVE, slot);
      markPending(run, pending.session[slot]);
      return;
    }
  }
  serveRead(run, tUs, slot);
}

/** The node answers with its version of the key, judged against the master's at `tUs`. */
export function serveRead(run: SimRun, tUs: number, slot: number): void {
  const { pending, master } = run;
  const key = pending.key[slot], node = pending.node[slot];
  const masterVersion = master.version[key];
  let version = masterVersion;
  let ref = master.rowRef[key];
  let baseUs = run.sc.masterReadLatencyUs;
  let staleSinceUs = tUs;
  if (node !== MASTER) {
    const f = run.followers[node];
    f.advanceTo(tUs);
    version = f.version[key];
    ref = f.rowRef[key];
    baseUs = f.config.readLatencyUs;
    if (ASSERTS) checkFollowerRead(run, f, key);
    if (version < masterVersion) staleSinceUs = f.staleSinceUs(key);
  }
  const latencyUs = pending.doneUs[slot] - pending.issuedUs[slot] + baseUs;
  run.metrics.read(tUs, pending.session[slot], key, version, masterVersion, staleSinceUs, node === MASTER, latencyUs, pending.critical[slot] === 1, pending.writtenFloor[slot]);
  if (version < masterVersion && stockOf(run, ref) > 0 && stockOf(run, master.rowRef[key]) <= 0) run.metrics.phantomStock();
  if (run.observer !== null) narrateRead(run, run.observer, tUs, slot, version, ref, staleSinceUs, latencyUs);
  const session = pending.session[slot], doneUs = pending.doneUs[slot];
  if (doneUs > tUs || run.sessions.busyUntil[session] === Infinity) completeOp(run, session, doneUs);
  pending.close(slot);
}

/** Tells the observer of the read in `slot`, served at `tUs` with `version` (row `ref`). */
function narrateRead(run: SimRun, observer: SimObserver, tUs: number, slot: number, version: number, ref: number, staleSinceUs: number, latencyUs: number): void {
  const { pending, master } = run;
  const key = pending.key[slot], node = pending.node[slot], masterVersion = master.version[key];
  const masterSinceUs = version < masterVersion ? run.followers[node].versionSinceUs(key, masterVersion) : staleSinceUs;
  observer.op({
    tUs, op: 'read', session: pending.session[slot], key, node, version, value: master.row(ref), critical: pending.critical[slot] === 1,
    masterVersion, masterValue: master.row(master.rowRef[key]), staleSinceUs, masterSinceUs, pos: 0, latencyUs, issuedUs: pending.issuedUs[slot],
    waitUs: pending.waitUs[slot],
  });
}

/** The stock field of row `ref` (the scenario's `stockField`, default `stock`); NaN when it has none. */
function stockOf(run: SimRun, ref: number): number {
  const v = ref >= 0 ? run.master.rows[ref][run.sc.stockField ?? 'stock'] : undefined;
  return typeof v === 'number' ? v : NaN;
}
