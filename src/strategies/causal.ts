import { z } from 'zod';
import { issueOf } from '../scenario/zodProblem';
import { msg } from '../i18n/problem';
import { LabValues, MASTER, StrategyDefinition } from './strategy';
import { FollowerChoice, checkMonitorUse, followerChoice, followerChoiceLabel, followerChoiceShape, makeChooser, withParams } from './balance';
import { durationUs } from '../scenario/units';
import { formatDuration } from '../engine/time';

export interface CausalParams extends FollowerChoice {
  mode: 'wait' | 'fast';
  scope: 'session' | 'global';
  timeoutUs: number;
}

/** A read that never waits has no timeout (the schema refuses one): the lab and advise leave it out. */
const timeoutApplies = (field: string, v: LabValues): boolean => field !== 'timeout' || v.mode === 'wait';

/**
 * Causal (GTID) reads. The read carries a GTID: its session's last write (`session`,
 * MaxScale causal_reads=local) or the latest write any session made through the proxy
 * (`global`, MaxScale causal_reads=global). It is 0 (nothing to wait for) before any write.
 * - `wait`: pick a follower as usual and block there until it has applied the GTID
 *   (MASTER_GTID_WAIT / WAIT_FOR_EXECUTED_GTID_SET), at most `timeout` (MaxScale
 *   causal_reads_timeout, 10 s); on timeout the read is retried on the master. The
 *   read's latency includes the wait, and it is served — and judged — when the wait ends.
 * - `fast`: read a follower that has already applied it, else the master; never waits
 *   (MaxScale causal_reads=fast, ProxySQL GTID-consistent reads). Here "has applied"
 *   is known exactly, as ProxySQL's binlog reader streams it; MaxScale learns it from
 *   its monitor, so it would send more reads to the master than this.
 */
export const causal: StrategyDefinition<CausalParams> = {
  name: 'causal',
  params: z
    .strictObject({
      mode: z.enum(['wait', 'fast']).default('wait'),
      scope: z.enum(['session', 'global']).default('session'),
      timeout: durationUs.optional(),
      ...followerChoiceShape,
    })
    .superRefine((p, ctx) => {
      checkMonitorUse(p, ctx);
      if (p.mode === 'fast' && p.timeout !== undefined) ctx.addIssue({ ...issueOf(msg('v.onlyWaitMode')), path: ['timeout'] });
    })
    .transform((p) => ({ mode: p.mode, scope: p.scope, timeoutUs: p.timeout ?? 10_000_000, ...followerChoice(p) })),
  label: (p) => withParams('causal', [`mode=${p.mode}`, `scope=${p.scope}`, ...(p.mode === 'wait' ? [`timeout=${formatDuration(p.timeoutUs)}`] : []), ...followerChoiceLabel(p)]),
  traits: (p) => ({ scope: p.scope, routesOn: 'gtid', waits: p.mode === 'wait' }),
  lab: {
    controls: [
      { field: 'mode', kind: 'choice', options: ['wait', 'fast'] },
      { field: 'scope', kind: 'choice', options: ['session', 'global'] },
      { field: 'timeout', kind: 'duration', minUs: 0, maxUs: 15_000_000, stepUs: 100_000 },
    ],
    values: (p) => ({ mode: p.mode, scope: p.scope, timeout: p.timeoutUs }),
    applies: timeoutApplies,
  },
  advise: {
    axes: [
      { field: 'mode', kind: 'choice', options: ['wait', 'fast'] },
      { field: 'scope', kind: 'choice', options: ['session', 'global'] },
      { field: 'timeout', kind: 'duration', gridUs: [100_000, 1_000_000, 10_000_000], stepUs: 10_000 },
    ],
    applies: timeoutApplies,
  },
  create(p, ctx) {
    const { cluster } = ctx;
    const chooser = makeChooser(p, ctx);
    const n = cluster.followerCount;
    const eligible = new Uint8Array(n);
    // Binlog position (GTID sequence number) of each session's last acknowledged write.
    const sessionPos = new Float64Array(p.scope === 'session' ? ctx.sessions : 0);
    return {
      label: causal.label(p),
      onWrite(_t, _key, session, pos) {
        if (p.scope === 'session' && pos > sessionPos[session]) sessionPos[session] = pos;
      },
      route(tUs, _key, session, _critical, out) {
        const need = p.scope === 'session' ? sessionPos[session] : cluster.masterPos();
        if (need === 0) {
          out.node = chooser.pick(null);
          return;
        }
        if (p.mode === 'fast') {
          for (let f = 0; f < n; f++) eligible[f] = cluster.appliedPos(f, tUs) >= need ? 1 : 0;
          const f = chooser.pick(eligible);
          out.node = f < 0 ? MASTER : f;
          return;
        }
        const f = chooser.pick(null);
        const waitUs = Math.max(0, cluster.applyTimeUs(f, need) - tUs);
        if (waitUs <= p.timeoutUs) {
          out.node = f;
          out.waitUs = waitUs;
        } else {
          out.node = MASTER;
          out.waitUs = p.timeoutUs;
        }
      },
    };
  },
};
