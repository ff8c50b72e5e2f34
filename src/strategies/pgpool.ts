import { z } from 'zod';
import { MASTER, StrategyDefinition, StrategyTraits } from './strategy';
import { FollowerChoice, followerChoiceLabel, makeChooser, withParams } from './balance';
import { bytes, durationUs, formatBytes } from '../scenario/units';
import { issueOf } from '../scenario/zodProblem';
import { msg } from '../i18n/problem';
import { formatDuration, US_PER_S } from '../engine/time';

/** Pgpool-II's `disable_load_balance_on_write` values. */
export const PGPOOL_WRITE_MODES = ['off', 'transaction', 'trans_transaction', 'always', 'dml_adaptive'] as const;
export type PgpoolWriteMode = (typeof PGPOOL_WRITE_MODES)[number];

export interface PgpoolParams extends FollowerChoice {
  /** `delay_threshold`, bytes of WAL; 0: no delay check. */
  delayThreshold: number;
  /** `sr_check_period` in µs (whole seconds); 0: the check never runs. */
  srCheckPeriodUs: number;
  disableLoadBalanceOnWrite: PgpoolWriteMode;
}

/**
 * Pgpool-II 4.3 in streaming-replication mode with load balancing, as pgpool.conf sets it:
 *
 * - `delay_threshold` / `sr_check_period`: every `sr_check_period` the streaming
 *   replication check reads pg_current_wal_lsn() on the primary and
 *   pg_last_wal_replay_lsn() on each standby; a read whose load-balance node was more than
 *   `delay_threshold` bytes behind at the last check goes to the primary instead (with
 *   prefer_lower_delay_standby off, its default). 0 turns the check off.
 * - `disable_load_balance_on_write`: lagsim's operations are single statements in
 *   autocommit, and Pgpool marks a session as having written only inside an explicit
 *   transaction — except with `always`, which marks it on any write and never clears the
 *   mark. So `always` sends every read of a session to the primary from its first
 *   acknowledged write on, and `off`, `transaction`, `trans_transaction` and
 *   `dml_adaptive` (which act within explicit transactions only) load-balance every read.
 *
 * The follower a read is balanced to is chosen per read (`balance`), as with
 * statement_level_load_balance = on and the primary's backend_weight 0.
 */
export const pgpool: StrategyDefinition<PgpoolParams> = {
  name: 'pgpool',
  params: z
    .strictObject({
      delayThreshold: bytes.default(0),
      srCheckPeriod: durationUs.default(10_000_000),
      disableLoadBalanceOnWrite: z.enum(PGPOOL_WRITE_MODES).default('transaction'),
      balance: z.enum(['round-robin', 'random']).default('round-robin'),
    })
    .superRefine((p, ctx) => {
      if (p.srCheckPeriod % US_PER_S !== 0) ctx.addIssue({ ...issueOf(msg('v.pgpoolWholeSeconds')), path: ['srCheckPeriod'] });
      else if (p.delayThreshold > 0 && p.srCheckPeriod === 0) ctx.addIssue({ ...issueOf(msg('v.pgpoolNoCheck')), path: ['delayThreshold'] });
    })
    .transform((p) => ({
      delayThreshold: p.delayThreshold, srCheckPeriodUs: p.srCheckPeriod, disableLoadBalanceOnWrite: p.disableLoadBalanceOnWrite,
      balance: p.balance, monitor: null,
    })),
  label: (p) => withParams('pgpool', [
    `delayThreshold=${formatBytes(p.delayThreshold)}`, `srCheckPeriod=${formatDuration(p.srCheckPeriodUs)}`,
    `disableLoadBalanceOnWrite=${p.disableLoadBalanceOnWrite}`, ...followerChoiceLabel(p),
  ]),
  traits: pgpoolTraits,
  advise: {
    axes: [
      { field: 'delayThreshold', kind: 'number', grid: [0, 1024, 16_384, 262_144], step: 512 },
      { field: 'srCheckPeriod', kind: 'duration', gridUs: [1_000_000, 10_000_000], stepUs: 1_000_000 },
      // transaction, trans_transaction and dml_adaptive act on explicit transactions only: in
      // lagsim's autocommit operations they load-balance like off, so one of them is enough.
      { field: 'disableLoadBalanceOnWrite', kind: 'choice', options: ['transaction', 'always'] },
    ],
    applies: (field, values) => field !== 'srCheckPeriod' || Number(values.delayThreshold) > 0,
  },
  lab: {
    controls: [
      { field: 'delayThreshold', kind: 'number', min: 0, max: 1_048_576, step: 1024 },
      { field: 'srCheckPeriod', kind: 'duration', minUs: 1_000_000, maxUs: 30_000_000, stepUs: 1_000_000 },
      { field: 'disableLoadBalanceOnWrite', kind: 'choice', options: PGPOOL_WRITE_MODES },
    ],
    values: (p) => ({ delayThreshold: p.delayThreshold, srCheckPeriod: p.srCheckPeriodUs, disableLoadBalanceOnWrite: p.disableLoadBalanceOnWrite }),
  },
  create(p, ctx) {
    const chooser = makeChooser(p, ctx);
    const checked = p.delayThreshold > 0 ? ctx.cluster.walMonitor(p.srCheckPeriodUs) : null;
    // Sessions that have written (`always` only): from then on every read goes to the primary.
    const wrote = p.disableLoadBalanceOnWrite === 'always' ? new Uint8Array(ctx.sessions) : null;
    return {
      label: pgpool.label(p),
      onWrite(_t, _key, session) {
        if (wrote !== null) wrote[session] = 1;
      },
      route(_t, _key, session, _critical, out) {
        if (wrote !== null && wrote[session] === 1) {
          out.node = MASTER;
          return;
        }
        const f = chooser.pick(null);
        out.node = checked !== null && checked.reportedBytes[f] > p.delayThreshold ? MASTER : f;
      },
    };
  },
};

/** A session pin (`always`) follows the reader's own writes; the delay check, the reported WAL bytes. */
function pgpoolTraits(p: PgpoolParams): StrategyTraits {
  const pinned = p.disableLoadBalanceOnWrite === 'always';
  if (p.delayThreshold > 0) return { scope: pinned ? 'session' : 'global', routesOn: 'reported-lag', waits: false };
  return pinned ? { scope: 'session', routesOn: 'time-since-write', waits: false } : { scope: 'none', routesOn: 'nothing', waits: false };
}
