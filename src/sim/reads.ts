import { MASTER as MASTER_NODE } from '../strategies/strategy';
import { EventKind, SimRun } from './context';
import { checkFollowerRead } from './invariants';
import { completeOp, markPending } from './sessions';
import { ASSERTS as ASSERTS_FLAG } from '../engine/assert';
import type { ReadOp } from '../model/pendingOps';
import type { SimObserver } from '../observer';

/** The checks' flag and the master's node number held in this module: an imported binding is a property load at each use. */
const ASSERTS = ASSERTS_FLAG;
const MASTER = MASTER_NODE;

/*
 * The read path: issue → route → (causal wait) → (queue at the node) → served and judged.
 * Each step is a handler (run, tUs, op) that either schedules the next step as an event,
 * parking the read in a pending slot, or calls it at once. A read that neither waits nor
 * queues is served within its issue and never takes a slot. A read is judged stale or
 * fresh when it is served: staleness is measured against the master at that moment.
 */

/** The run's read, filled for a read `session` issues on `key`. */
export function newRead(run: SimRun, tUs: number, session: number, key: number, critical: boolean): ReadOp {
  const op = run.read;
  op.issuedUs = tUs;
  op.session = session;
  op.key = key;
  op.critical = critical;
  return op;
}

/** The strategy chooses the node, and possibly a wait (a causal read waiting for its GTID). */
export function issueRead(run: SimRun, tUs: number, op: ReadOp): void {
  op.node = MASTER;
  op.waitUs = 0;
  run.strategy.route(tUs, op.key, op.session, op.critical, op);
  op.writtenFloor = run.metrics.writtenVersion(op.session, op.key);
  if (op.waitUs > 0) {
    run.queue.push(tUs + op.waitUs, EventKind.ReadArrive, run.pending.parkRead(op));
    markPending(run, op.session);
  } else if (run.queues !== null) arriveRead(run, tUs, op);
  else {
    // Without node queues a read is served as it arrives; nearly every read takes this path, so it skips arriveRead's call.
    op.doneUs = tUs;
    serveRead(run, tUs, op);
  }
}

/** The read reaches its node, where it queues while a node with a capacity is busy. */
export function arriveRead(run: SimRun, tUs: number, op: ReadOp): void {
  const { queues } = run;
  op.doneUs = tUs;
  if (queues !== null) {
    op.doneUs = queues.serve(op.node + 1, tUs);
    if (queues.startUs > tUs) {
      run.queue.push(queues.startUs, EventKind.ReadServe, run.pending.parkRead(op));
      markPending(run, op.session);
      return;
    }
  }
  serveRead(run, tUs, op);
}

/** The node answers with its version of the key, judged against the master's at `tUs`. */
export function serveRead(run: SimRun, tUs: number, op: ReadOp): void {
  const { master } = run;
  const key = op.key, node = op.node;
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
  const latencyUs = op.doneUs - op.issuedUs + baseUs;
  run.metrics.read(tUs, op.session, key, version, masterVersion, staleSinceUs, node === MASTER, latencyUs, op.critical, op.writtenFloor);
  if (version < masterVersion) checkPhantomStock(run, key, ref);
  if (run.observer !== null) narrateRead(run, run.observer, tUs, op, version, ref, staleSinceUs, latencyUs);
  if (op.doneUs > tUs || run.sessions.busyUntil[op.session] === Infinity) completeOp(run, op.session, op.doneUs);
}

/** Tells the observer of read `op`, served at `tUs` with `version` (row `ref`). */
function narrateRead(run: SimRun, observer: SimObserver, tUs: number, op: ReadOp, version: number, ref: number, staleSinceUs: number, latencyUs: number): void {
  const { master } = run;
  const key = op.key, node = op.node, masterVersion = master.version[key];
  const masterSinceUs = version < masterVersion ? master.versionSinceUs[key] : staleSinceUs;
  observer.op({
    tUs, op: 'read', session: op.session, key, node, version, value: master.row(ref), critical: op.critical,
    masterVersion, masterValue: master.row(master.rowRef[key]), staleSinceUs, masterSinceUs, pos: 0, latencyUs, issuedUs: op.issuedUs,
    waitUs: op.waitUs,
  });
}

/** A stale read that showed row `ref` of `key` with stock while the master has none is a phantom-stock read. */
function checkPhantomStock(run: SimRun, key: number, ref: number): void {
  if (stockOf(run, ref) > 0 && stockOf(run, run.master.rowRef[key]) <= 0) run.metrics.phantomStock();
}

/** The stock field of row `ref` (the scenario's `stockField`, default `stock`); NaN when it has none. */
function stockOf(run: SimRun, ref: number): number {
  const v = ref >= 0 ? run.master.rows[ref][run.sc.stockField ?? 'stock'] : undefined;
  return typeof v === 'number' ? v : NaN;
}
