// Runs small scenarios, each with one part of the model deliberately broken, for
// test/assert.test.ts, which starts this file in a child process so that LAGSIM_ASSERT is
// read as the modules load. For each case it prints the run's reads, or the invariant
// error that broke out of simulate(), as one JSON array; any other error ends the process.
//
//   node -r tsx/cjs test/brokenModel.ts '[[<how>, <waitFor>, <read at>], …]'
import { scenario } from './helpers';
import { simulate, OpRecord } from '../src/simulate';
import { Follower } from '../src/model/follower';
import { EventQueue } from '../src/engine/heap';
import { PendingOps } from '../src/model/pendingOps';
import { EventKind } from '../src/sim/context';
import { InvariantError } from '../src/engine/assert';

/** Each way to break the model: it patches a prototype before the run and returns what mends it. */
const BREAK: Record<string, () => () => void> = {
  // The model as it is.
  none: () => () => {},
  // A follower that applies every event the moment it is committed, before its receipt.
  'follower-applies-at-commit': () => {
    const place = Follower.prototype.place;
    Follower.prototype.place = function (this: Follower, pos: number) {
      place.call(this, pos);
      const b = (this as unknown as { binlog: { applyUs: Float64Array[]; slot(p: number): number } }).binlog;
      b.applyUs[this.index][b.slot(pos)] = 0;
    };
    return () => void (Follower.prototype.place = place);
  },
  // Acknowledgements scheduled 2 s in the past.
  'ack-in-the-past': () => {
    const push = EventQueue.prototype.push;
    EventQueue.prototype.push = function (this: EventQueue, time: number, kind: number, arg?: number) {
      push.call(this, kind === EventKind.WriteAck ? time - 2_000_000 : time, kind, arg);
    };
    return () => void (EventQueue.prototype.push = push);
  },
  // Every completed operation closes its slot twice.
  'slot-closed-twice': () => {
    const close = PendingOps.prototype.close;
    PendingOps.prototype.close = function (this: PendingOps, slot: number) {
      close.call(this, slot);
      close.call(this, slot);
    };
    return () => void (PendingOps.prototype.close = close);
  },
};

/**
 * Semi-sync waiting for `waitFor` receipts of followers near (5 ms) and far (20 ms): a write
 * at 3 s is visible on the master at 3.005 s (waitFor 1) or 3.02 s (waitFor 2), and `near`
 * applies it at 3.005 s. One read at `readAt`, on `near` (all-follower's round-robin starts there).
 */
function semiSyncRun(waitFor: number, readAt: string): OpRecord[] {
  const sc = scenario({
    name: 'broken-model', duration: '5s',
    cluster: { master: { semiSync: { timeout: '1s', waitFor } }, followers: [{ name: 'near', lag: '5ms' }, { name: 'far', lag: '20ms' }] },
    data: { apple: { stock: 400 } },
    events: [{ at: '3s', actor: 'seller', write: 'apple', set: { stock: 0 } }, { at: readAt, actor: 'user-1', read: 'apple' }],
    strategies: ['all-follower'],
  });
  const ops: OpRecord[] = [];
  simulate(sc, sc.strategies[0], sc.seed, { op: (r) => ops.push(r) });
  return ops.filter((r) => r.op === 'read');
}

export interface CaseOutcome {
  reads: OpRecord[];
  /** The invariant error's "InvariantError: message", or null when none fired. */
  error: string | null;
}

function runCase(how: string, waitFor: number, readAt: string): CaseOutcome {
  const mend = BREAK[how]();
  try {
    return { reads: semiSyncRun(waitFor, readAt), error: null };
  } catch (err) {
    if (!(err instanceof InvariantError)) throw err;
    return { reads: [], error: `${err.name}: ${err.message}` };
  } finally {
    mend();
  }
}

if (require.main === module) {
  const cases = JSON.parse(process.argv[2]) as Array<[string, number, string]>;
  process.stdout.write(JSON.stringify(cases.map(([how, waitFor, readAt]) => runCase(how, waitFor, readAt))) + '\n');
}
