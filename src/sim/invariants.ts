import { violated } from '../engine/assert';
import { Follower } from '../model/follower';
import { SimRun } from './context';

/*
 * The run's invariants, checked when ASSERTS is on (callers test the flag, so none of
 * this runs otherwise). Each names what broke and where; simulate() adds the seed.
 */

/** Events are handled in time order: the clock never goes back. */
export function checkClock(run: SimRun, tUs: number): void {
  if (tUs < run.nowUs) violated(`an event at ${tUs} µs was handled after one at ${run.nowUs} µs`);
}

/**
 * A follower is never ahead of the master. It applies only what the master has committed,
 * so its applied position is at most the binlog head. Without semi-sync, or waiting for one
 * receipt, it applies a write no earlier than the master makes it visible (a ≥ r ≥ v), so
 * it is also behind the master's visible position. With waitFor ≥ 2 a fast follower can
 * apply a write before the master's engine commit shows it (AFTER_SYNC): only the first
 * bound holds.
 */
export function checkFollowerPositions(run: SimRun): void {
  const bound = mayLead(run) ? run.binlog.head : run.master.visiblePos;
  for (const f of run.followers) {
    if (f.appliedPos > bound) violated(`follower ${f.config.name} has applied position ${f.appliedPos}, ahead of the master's ${bound}`);
  }
}

/** The same bound per key, for the key a read on follower `f` (advanced to now) returns. */
export function checkFollowerRead(run: SimRun, f: Follower, key: number): void {
  const { master } = run;
  const bound = mayLead(run) ? master.committedVersion[key] : master.version[key];
  if (f.version[key] > bound) violated(`follower ${f.config.name} shows version ${f.version[key]} of key ${key}, ahead of the master's ${bound}`);
}

/** Every operation issued has completed once the queue is empty: each one parked was taken back. */
export function checkAllCompleted(run: SimRun): void {
  if (run.pending.inFlight !== 0) violated(`${run.pending.inFlight} operations never completed`);
}

function mayLead(run: SimRun): boolean {
  return (run.sc.semiSync?.waitFor ?? 0) >= 2;
}
