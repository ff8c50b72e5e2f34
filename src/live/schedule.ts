// The operations a live run plays, in the order and at the times the simulator would
// issue them: the scenario's scripted events and its generated Poisson workload, drawn
// from the same seeded stream, so a live run and a simulation see the same traffic.
import { Scenario } from '../scenario/types';
import { Row } from '../model/master';
import type { Incident } from '../model/follower';
import { GeneratedWorkload } from '../workload/generated';
import { makeStream } from '../engine/random';
import { InputError } from '../scenario/errors';
import { at, msg, Problem } from '../i18n/problem';

export interface LiveOp {
  /** When to issue it, µs from the start of the run (already time-scaled). */
  atUs: number;
  kind: 'read' | 'write';
  session: number;
  key: number;
  critical: boolean;
  /** Fields a scripted write sets; null for generated writes (no payload). */
  set: Row | null;
  /** Index of the scripted event, −1 for generated traffic. */
  event: number;
}

/** Real replicas live mode starts at most (the pair script's limit). */
export const MAX_LIVE_REPLICAS = 8;
/** More than this many operations per wall second is beyond what the harness keeps on time. */
export const MAX_LIVE_OPS_PER_SEC = 3000;
/** A live run is held in memory whole; this bounds it. */
export const MAX_LIVE_OPS = 200_000;

/**
 * The scenario as it plays on a wall clock `scale` times slower (scale 0.5: twice as
 * fast): event times and the horizon × scale, workload rates ÷ scale. Strategy
 * parameters and the replica's lag are not scaled — they are real durations.
 */
export function scaleScenario(sc: Scenario, scale: number): Scenario {
  if (scale === 1) return sc;
  return {
    ...sc,
    horizonUs: Math.round(sc.horizonUs * scale),
    events: sc.events.map((e) => ({ ...e, atUs: Math.round(e.atUs * scale) })),
    // A stop window is scenario time, like the events around it.
    followers: sc.followers.map((f) => ({ ...f, incidents: f.incidents.map((x) => ({ ...x, atUs: Math.round(x.atUs * scale), durationUs: Math.round(x.durationUs * scale) })) })),
    workload: sc.workload === null ? null : {
      ...sc.workload,
      readRatePerSec: sc.workload.readRatePerSec / scale,
      writeRatePerSec: sc.workload.writeRatePerSec / scale,
    },
  };
}

/** Checks that a (scaled) scenario can be played live; InputError naming the problem. */
export function checkPlayable(sc: Scenario, label: string): void {
  const problems: Problem[] = [];
  if (sc.followers.length < 1 || sc.followers.length > MAX_LIVE_REPLICAS) {
    problems.push(at(`${label}: cluster.followers`, msg('v.liveReplicas', { n: sc.followers.length, max: MAX_LIVE_REPLICAS })));
  }
  sc.followers.forEach((f, i) => f.incidents.forEach((x, j) => {
    if (x.type !== 'stop') problems.push(at(`${label}: cluster.followers[${i}].incidents[${j}].type`, msg('v.liveIncidentType', { type: x.type })));
    else if (i > 0) problems.push(at(`${label}: cluster.followers[${i}].incidents[${j}]`, msg('v.liveStopFirstOnly')));
  }));
  if (sc.semiSync) problems.push(at(`${label}: cluster.master.semiSync`, msg('v.liveSemiSync')));
  if (sc.workload?.stages !== undefined) problems.push(at(`${label}: workload.stages`, msg('v.liveStages')));
  if (sc.workload !== null) {
    const rate = sc.workload.readRatePerSec + sc.workload.writeRatePerSec;
    if (rate > MAX_LIVE_OPS_PER_SEC) {
      problems.push(at(`${label}: workload`, msg('v.liveRate', { n: Math.round(rate), max: MAX_LIVE_OPS_PER_SEC })));
    }
    const total = (rate * sc.horizonUs) / 1e6;
    if (total > MAX_LIVE_OPS) problems.push(at(`${label}: workload`, msg('v.liveTotal', { n: Math.round(total), max: MAX_LIVE_OPS })));
  }
  if (problems.length > 0) throw new InputError(problems);
}

/** The follower's `stop` incidents: windows in which the harness stops the real replica's applier. */
export function stopWindows(sc: Scenario): Incident[] {
  return (sc.followers[0]?.incidents ?? []).filter((x) => x.type === 'stop');
}

/** Every operation of the scenario in issue order (ties: scripted first, then by draw order). */
export function liveSchedule(sc: Scenario, seed: number): LiveOp[] {
  const ops: LiveOp[] = sc.events.map((e, i) => ({
    atUs: e.atUs, kind: e.kind, session: e.session, key: e.key, critical: e.critical, set: e.set, event: i,
  }));
  if (sc.workload !== null) {
    // Same stream name as simulate(), so the same seed draws the same traffic.
    const gen = new GeneratedWorkload(sc.workload, makeStream(seed, 'workload'));
    for (gen.next(); gen.timeUs < sc.horizonUs; gen.next()) {
      ops.push({
        atUs: gen.timeUs, kind: gen.isWrite ? 'write' : 'read', session: sc.workloadSessionIds[gen.session],
        key: sc.workloadKeyIds[gen.key], critical: gen.critical, set: null, event: -1,
      });
    }
  }
  // Stable sort: scripted events keep file order among themselves and precede equal-time traffic.
  return ops.sort((a, b) => a.atUs - b.atUs);
}
