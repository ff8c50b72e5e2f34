import { z } from 'zod';
import { issueOf } from '../scenario/zodProblem';
import { msg } from '../i18n/problem';
import type { LabControl, LabValues, StrategyContext } from './strategy';
import { LagMonitor, MonitorConfig } from '../model/monitor';
import { durationUs, positiveDurationUs } from '../scenario/units';
import { formatDuration } from '../engine/time';

/**
 * Which follower a read goes to when several qualify.
 * - `round-robin`: the next one in turn (ProxySQL spreads by weight instead).
 * - `random`: uniformly at random, from the strategies' own stream.
 * - `least-lagged`: the smallest *reported* lag (MaxScale slave_selection_criteria =
 *   LEAST_BEHIND_MASTER); ties — e.g. every follower reporting 0 — go round-robin.
 */
export const BALANCES = ['round-robin', 'random', 'least-lagged'] as const;
export type Balance = (typeof BALANCES)[number];

/** ProxySQL's monitor defaults: Seconds_Behind_Master every 10 s, NULL read as 60 s. */
export const DEFAULT_MONITOR: MonitorConfig = { mode: 'seconds-behind-master', probeIntervalUs: 10_000_000, nullLagUs: 60_000_000 };

/** The parameters every strategy that picks followers accepts (spread into its schema). */
export const followerChoiceShape = {
  balance: z.enum(BALANCES).default('round-robin'),
  monitor: z.enum(['seconds-behind-master', 'heartbeat', 'replay-timestamp', 'replay-lag']).optional(),
  probeInterval: positiveDurationUs.optional(),
  nullLag: durationUs.optional(),
};

interface FollowerChoiceInput {
  balance: Balance;
  monitor?: MonitorConfig['mode'];
  probeInterval?: number;
  nullLag?: number;
}

export interface FollowerChoice {
  balance: Balance;
  /** The monitor's settings; null when nothing reads reported lag. */
  monitor: MonitorConfig | null;
}

/** The lab's controls for a lag monitor (strategies that always read reported lag). */
export const MONITOR_CONTROLS: readonly LabControl[] = [
  { field: 'monitor', kind: 'choice', options: ['seconds-behind-master', 'heartbeat', 'replay-timestamp', 'replay-lag'] },
  { field: 'probeInterval', kind: 'duration', minUs: 100_000, maxUs: 20_000_000, stepUs: 100_000 },
];

/** Those controls' values for a monitor's settings. */
export function monitorValues(m: MonitorConfig): LabValues {
  return { monitor: m.mode, probeInterval: m.probeIntervalUs };
}

/** Adds an issue when monitor settings are given but nothing would use them. */
export function checkMonitorUse(p: FollowerChoiceInput, ctx: z.RefinementCtx): void {
  if (p.balance === 'least-lagged') return;
  for (const field of ['monitor', 'probeInterval', 'nullLag'] as const) {
    if (p[field] !== undefined) ctx.addIssue({ ...issueOf(msg('v.onlyLeastLagged')), path: [field] });
  }
}

/** Resolves the follower-choice parameters; `needsMonitor` for strategies that always read lag. */
export function followerChoice(p: FollowerChoiceInput, needsMonitor = false): FollowerChoice {
  const used = needsMonitor || p.balance === 'least-lagged';
  return {
    balance: p.balance,
    monitor: used ? {
      mode: p.monitor ?? DEFAULT_MONITOR.mode,
      probeIntervalUs: p.probeInterval ?? DEFAULT_MONITOR.probeIntervalUs,
      nullLagUs: p.nullLag ?? DEFAULT_MONITOR.nullLagUs,
    } : null,
  };
}

/** Label parts for a label's parameter list: defaults left out, so seed labels stay as they were. */
export function followerChoiceLabel(c: FollowerChoice): string[] {
  const parts: string[] = [];
  if (c.balance !== 'round-robin') parts.push(`balance=${c.balance}`);
  if (c.monitor !== null) {
    parts.push(`monitor=${c.monitor.mode}`, `probeInterval=${formatDuration(c.monitor.probeIntervalUs)}`);
    if (c.monitor.mode !== 'heartbeat' && c.monitor.nullLagUs !== DEFAULT_MONITOR.nullLagUs) parts.push(`nullLag=${formatDuration(c.monitor.nullLagUs)}`);
  }
  return parts;
}

/** `name` alone, or `name(k=v,…)` when there are parameters to show. */
export function withParams(name: string, parts: string[]): string {
  return parts.length === 0 ? name : `${name}(${parts.join(',')})`;
}

/** Picks a follower; `eligible[f] = 1` marks the candidates (null: all). −1 when none is eligible. */
export interface FollowerChooser {
  pick(eligible: Uint8Array | null): number;
  /** The monitor behind least-lagged (or the strategy's own, when it passed one in). */
  readonly monitor: LagMonitor | null;
}

export function makeChooser(c: FollowerChoice, ctx: StrategyContext, monitor: LagMonitor | null = null): FollowerChooser {
  const n = ctx.cluster.followerCount;
  const mon = monitor ?? (c.monitor !== null ? ctx.cluster.monitor(c.monitor) : null);
  let rr = 0;
  // Round-robin from the turn pointer, skipping ineligible followers; with all of them
  // eligible this is plain `rr++ % n`.
  const roundRobin = (eligible: Uint8Array | null): number => {
    if (n === 1) return eligible === null || eligible[0] === 1 ? 0 : -1;
    for (let k = 0; k < n; k++) {
      const f = (rr + k) % n;
      if (eligible === null || eligible[f] === 1) {
        rr += k + 1;
        return f;
      }
    }
    return -1;
  };
  const random = (eligible: Uint8Array | null): number => {
    let m = n;
    if (eligible !== null) {
      m = 0;
      for (let f = 0; f < n; f++) m += eligible[f];
    }
    if (m === 0) return -1;
    let j = Math.floor(ctx.rng() * m);
    for (let f = 0; f < n; f++) if ((eligible === null || eligible[f] === 1) && j-- === 0) return f;
    return -1;
  };
  const leastLagged = (eligible: Uint8Array | null): number => {
    const lag = mon!.reportedLagUs;
    let best = -1;
    let bestK = 0;
    for (let k = 0; k < n; k++) {
      const f = (rr + k) % n;
      if (eligible !== null && eligible[f] !== 1) continue;
      if (best < 0 || lag[f] < lag[best]) {
        best = f;
        bestK = k;
      }
    }
    if (best >= 0) rr += bestK + 1;
    return best;
  };
  const pick = c.balance === 'random' ? random : c.balance === 'least-lagged' ? leastLagged : roundRobin;
  return { pick, monitor: mon };
}
