// Runs one small scenario with one part of the model deliberately broken, for
// test/assert.test.ts, which starts this file in a child process so that LAGSIM_ASSERT is
// read as the modules load. Prints the run's reads as JSON; an invariant that breaks
// throws out of simulate() and exits non-zero with its message on stderr.
//
//   node -r tsx/cjs test/brokenModel.ts <how> <waitFor> <read at>
import { scenario } from './helpers';
import { simulate, OpRecord } from '../src/simulate';
import { Follower } from '../src/model/follower';
import { EventQueue } from '../src/engine/heap';
import { PendingOps } from '../src/model/pendingOps';
import { EV_WRITE_ACK } from '../src/sim/context';

/** Each way to break the model: it patches a prototype before the run. */
const BREAK: Record<string, () => void> = {
  // The model as it is.
  none: () => {},
  // A follower that applies every event the moment it is committed, before its receipt.
  'follower-applies-at-commit': () => {
    const place = Follower.prototype.place;
    Follower.prototype.place = function (this: Follower, pos: number) {
      place.call(this, pos);
      const b = (this as unknown as { binlog: { applyUs: Float64Array[]; slot(p: number): number } }).binlog;
      b.applyUs[this.index][b.slot(pos)] = 0;
    };
  },
  // Acknowledgements scheduled 2 s in the past.
  'ack-in-the-past': () => {
    const push = EventQueue.prototype.push;
    EventQueue.prototype.push = function (this: EventQueue, time: number, kind: number, arg?: number) {
      push.call(this, kind === EV_WRITE_ACK ? time - 2_000_000 : time, kind, arg);
    };
  },
  // Every completed operation closes its slot twice.
  'slot-closed-twice': () => {
    const close = PendingOps.prototype.close;
    PendingOps.prototype.close = function (this: PendingOps, slot: number) {
      close.call(this, slot);
      close.call(this, slot);
    };
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

const [how, waitFor, readAt] = process.argv.slice(2);
BREAK[how]();
process.stdout.write(JSON.stringify(semiSyncRun(Number(waitFor), readAt)) + '\n');
