import { z } from 'zod';
import { MASTER, StrategyDefinition } from './strategy';
import { durationUs } from '../scenario/units';
import { formatDuration } from '../engine/time';
import { FollowerChoice, checkMonitorUse, followerChoice, followerChoiceLabel, followerChoiceShape, makeChooser } from './balance';

export interface PostWriteWindowParams extends FollowerChoice {
  windowUs: number;
  scope: 'key' | 'session' | 'global';
}

/**
 * For `window` after a write, reads go to the master; afterwards to a follower.
 * The scope decides whose reads: `key` — anyone reading the written row (needs shared
 * state, e.g. a cache key with a TTL); `session` — only the writer's own session
 * (Rails' DatabaseSelector, a 2 s cookie timestamp); `global` — every read of anything.
 * A read at t is routed to the master when t − lastWrite < window.
 */
export const postWriteWindow: StrategyDefinition<PostWriteWindowParams> = {
  name: 'post-write-window',
  params: z
    .strictObject({
      window: durationUs.default(1_000_000),
      scope: z.enum(['key', 'session', 'global']).default('key'),
      ...followerChoiceShape,
    })
    .superRefine(checkMonitorUse)
    .transform((p) => ({ windowUs: p.window, scope: p.scope, ...followerChoice(p) })),
  label: (p) => `post-write-window(${[`window=${formatDuration(p.windowUs)}`, `scope=${p.scope}`, ...followerChoiceLabel(p)].join(',')})`,
  traits: (p) => ({ scope: p.scope, routesOn: 'time-since-write', waits: false }),
  lab: {
    controls: [
      { field: 'window', kind: 'duration', minUs: 0, maxUs: 3_000_000, stepUs: 10_000 },
      { field: 'scope', kind: 'choice', options: ['key', 'session', 'global'] },
    ],
    values: (p) => ({ window: p.windowUs, scope: p.scope }),
  },
  advise: {
    axes: [
      { field: 'window', kind: 'duration', gridUs: [0, 250_000, 500_000, 1_000_000, 2_000_000, 4_000_000], stepUs: 10_000 },
      { field: 'scope', kind: 'choice', options: ['key', 'session', 'global'] },
    ],
  },
  create(p, ctx) {
    const { keys, sessions } = ctx;
    const chooser = makeChooser(p, ctx);
    const slots = p.scope === 'key' ? keys : p.scope === 'session' ? sessions : 1;
    // Last write time per key / session / everything; −∞ until the first write.
    const lastWriteUs = new Float64Array(slots).fill(-Infinity);
    const slotOf = p.scope === 'key' ? (key: number) => key : p.scope === 'session' ? (_k: number, s: number) => s : () => 0;
    return {
      label: postWriteWindow.label(p),
      onWrite(tUs, key, session) {
        lastWriteUs[slotOf(key, session)] = tUs;
      },
      route(tUs, key, session, _critical, out) {
        out.node = tUs - lastWriteUs[slotOf(key, session)] < p.windowUs ? MASTER : chooser.pick(null);
      },
    };
  },
};
