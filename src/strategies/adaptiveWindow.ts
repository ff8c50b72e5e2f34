import { z } from 'zod';
import { issueOf } from '../scenario/zodProblem';
import { msg } from '../i18n/problem';
import { MASTER, StrategyDefinition } from './strategy';
import { FollowerChoice, checkMonitorUse, followerChoice, followerChoiceLabel, followerChoiceShape, makeChooser, withParams } from './balance';
import { durationUs, fractionAbove0 } from '../scenario/units';
import { formatDuration } from '../engine/time';

export interface AdaptiveWindowParams extends FollowerChoice {
  scope: 'key' | 'session' | 'global';
  percentile: number;
  factor: number;
  minUs: number;
  maxUs: number;
  initialUs: number;
  samples: number;
}

const DEFAULTS = { minUs: 0, maxUs: 10_000_000, initialUs: 1_000_000, samples: 200 };

/** Writes whose apply lag is still being watched; later writes go unsampled while it is full. */
const WATCHED = 256;

/**
 * post-write-window whose window follows observed replication lag:
 *   window = clamp(percentile(last `samples` apply lags) × factor, min, max),
 * `initial` until the first lag is observed. An apply lag a − c is observed when a
 * write has been applied on every follower (the largest of their lags: the window must
 * cover whichever follower a read lands on) — never earlier, so the window learns
 * about an incident only after it ends. The nearest relative is Pgpool-II's
 * dml_adaptive_global, on its development branch (reads of recently written tables go
 * to the primary for a TTL derived from measured replication delay).
 */
export const adaptiveWindow: StrategyDefinition<AdaptiveWindowParams> = {
  name: 'adaptive-window',
  params: z
    .strictObject({
      scope: z.enum(['key', 'session', 'global']).default('key'),
      percentile: fractionAbove0.default(0.99),
      factor: z.number().min(0).max(100).default(1.5),
      min: durationUs.default(DEFAULTS.minUs),
      max: durationUs.default(DEFAULTS.maxUs),
      initial: durationUs.default(DEFAULTS.initialUs),
      samples: z.number().int().min(1).max(10_000).default(DEFAULTS.samples), // kept sorted by shifting: O(samples) per write
      ...followerChoiceShape,
    })
    .superRefine((p, ctx) => {
      checkMonitorUse(p, ctx);
      if (p.max < p.min) ctx.addIssue({ ...issueOf(msg('v.maxBelowMin')), path: ['max'] });
    })
    .transform((p) => ({
      scope: p.scope, percentile: p.percentile, factor: p.factor, minUs: p.min, maxUs: p.max, initialUs: p.initial, samples: p.samples, ...followerChoice(p),
    })),
  // Bounds, starting window and sample size only when not the defaults, to keep labels readable.
  label: (p) => withParams('adaptive-window', [
    `scope=${p.scope}`, `percentile=${p.percentile}`, `factor=${p.factor}`,
    ...(p.minUs !== DEFAULTS.minUs ? [`min=${formatDuration(p.minUs)}`] : []),
    ...(p.maxUs !== DEFAULTS.maxUs ? [`max=${formatDuration(p.maxUs)}`] : []),
    ...(p.initialUs !== DEFAULTS.initialUs ? [`initial=${formatDuration(p.initialUs)}`] : []),
    ...(p.samples !== DEFAULTS.samples ? [`samples=${p.samples}`] : []),
    ...followerChoiceLabel(p),
  ]),
  traits: (p) => ({ scope: p.scope, routesOn: 'observed-lag', waits: false }),
  lab: {
    controls: [
      { field: 'percentile', kind: 'number', min: 0.5, max: 1, step: 0.01 },
      { field: 'factor', kind: 'number', min: 0, max: 5, step: 0.1 },
      { field: 'scope', kind: 'choice', options: ['key', 'session', 'global'] },
    ],
    values: (p) => ({ percentile: p.percentile, factor: p.factor, scope: p.scope }),
  },
  advise: {
    axes: [
      { field: 'percentile', kind: 'number', grid: [0.9, 0.99], step: 0.01 },
      { field: 'factor', kind: 'number', grid: [1, 1.5, 2, 3], step: 0.1 },
      { field: 'scope', kind: 'choice', options: ['key', 'session'] },
    ],
  },
  create(p, ctx) {
    const { cluster } = ctx;
    const chooser = makeChooser(p, ctx);
    const slots = p.scope === 'key' ? ctx.keys : p.scope === 'session' ? ctx.sessions : 1;
    const lastWriteUs = new Float64Array(slots).fill(-Infinity);
    const slotOf = p.scope === 'key' ? (key: number) => key : p.scope === 'session' ? (_k: number, s: number) => s : () => 0;
    // Writes being watched (a FIFO ring of binlog positions); the last `samples` lags in
    // arrival order (a ring) and the same values kept sorted, updated in place per sample.
    const watched = new Float64Array(WATCHED);
    let watchHead = 0;
    let watchCount = 0;
    const lags = new Float64Array(p.samples);
    const sorted = new Float64Array(p.samples);
    let lagCount = 0;
    let lagNext = 0;
    let windowUs = p.initialUs;
    ctx.onWindow?.(0, windowUs);

    const lowerBound = (x: number): number => {
      let lo = 0;
      let hi = lagCount;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (sorted[mid] < x) lo = mid + 1;
        else hi = mid;
      }
      return lo;
    };
    const addSample = (x: number, tUs: number): void => {
      if (lagCount === p.samples) {
        const i = lowerBound(lags[lagNext]);
        sorted.copyWithin(i, i + 1, lagCount);
        lagCount--;
      }
      const j = lowerBound(x);
      sorted.copyWithin(j + 1, j, lagCount);
      sorted[j] = x;
      lagCount++;
      lags[lagNext] = x;
      lagNext = (lagNext + 1) % p.samples;
      const q = sorted[Math.max(1, Math.ceil(p.percentile * lagCount)) - 1];
      const next = Math.min(p.maxUs, Math.max(p.minUs, q * p.factor));
      if (next !== windowUs) ctx.onWindow?.(tUs, next);
      windowUs = next;
    };
    // Takes in every watched write now applied everywhere, oldest first (they apply in order).
    const observe = (tUs: number): void => {
      while (watchCount > 0) {
        const pos = watched[watchHead];
        let lag = 0;
        let forgotten = false;
        for (let f = 0; f < cluster.followerCount; f++) {
          const l = cluster.applyLagUs(f, pos, tUs);
          if (l < 0) return;
          if (Number.isNaN(l)) forgotten = true;
          else if (l > lag) lag = l;
        }
        watchHead = (watchHead + 1) % WATCHED;
        watchCount--;
        if (!forgotten) addSample(lag, tUs);
      }
    };

    return {
      label: adaptiveWindow.label(p),
      onWrite(tUs, key, session, pos) {
        observe(tUs);
        lastWriteUs[slotOf(key, session)] = tUs;
        if (watchCount < WATCHED) {
          watched[(watchHead + watchCount) % WATCHED] = pos;
          watchCount++;
        }
      },
      route(tUs, key, session, _critical, out) {
        observe(tUs);
        out.node = tUs - lastWriteUs[slotOf(key, session)] < windowUs ? MASTER : chooser.pick(null);
      },
    };
  },
};
