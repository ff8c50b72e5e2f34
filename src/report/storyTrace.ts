import type { ApplyRecord, OpRecord, SimObserver } from '../simulate';
import type { Scenario } from '../scenario/types';
import type { Row } from '../model/master';
import { MASTER } from '../strategies/strategy';

/**
 * The scripted part of a run, step by step, as the sequence diagram draws it: the
 * operations of the scenario's named actors (not the generated sessions) and the
 * follower applies of the binlog events their writes produced, in the order the
 * simulator reported them. Pure data, no rendering, so it runs in the browser too.
 */

export interface WriteStep {
  kind: 'write';
  tUs: number;
  actor: string;
  key: string;
  value: Row | null;
  version: number;
  pos: number;
}

export interface ReadStep {
  kind: 'read';
  tUs: number;
  actor: string;
  key: string;
  /** 'master' or a follower name. */
  node: string;
  value: Row | null;
  version: number;
  critical: boolean;
  stale: boolean;
  masterValue: Row | null;
  masterVersion: number;
  /** Since when the answer was wrong: when the oldest master version newer than `version` became visible. */
  staleSinceUs: number;
  /** Since when the master has shown `masterVersion`. */
  masterSinceUs: number;
}

export interface ApplyStep {
  kind: 'apply';
  tUs: number;
  follower: string;
  pos: number;
  key: string;
  version: number;
  commitUs: number;
}

export type StoryStep = WriteStep | ReadStep | ApplyStep;

export interface StoryTrace {
  steps: StoryStep[];
  /** Actors in order of first appearance; writers are those with at least one write. */
  actors: string[];
  writers: string[];
  followers: string[];
  /** True when more steps happened than `maxSteps` kept. */
  truncated: boolean;
}

/** Most steps a diagram draws; a longer script is cut (and says so). */
export const MAX_STORY_STEPS = 120;

/** An observer that records the scripted story; read `trace` after simulate() returns. */
export function storyRecorder(sc: Scenario, maxSteps = MAX_STORY_STEPS): SimObserver & { trace: StoryTrace } {
  const scriptedSessions = sc.workloadSessionBase;
  const scriptedPositions = new Set<number>();
  const trace: StoryTrace = { steps: [], actors: [], writers: [], followers: sc.followers.map((f) => f.name), truncated: false };
  const actorSeen = new Set<string>();
  const writerSeen = new Set<string>();
  for (const e of sc.events) {
    const name = sc.sessionNames[e.session];
    if (!actorSeen.has(name)) {
      actorSeen.add(name);
      trace.actors.push(name);
    }
    if (e.kind === 'write' && !writerSeen.has(name)) {
      writerSeen.add(name);
      trace.writers.push(name);
    }
  }
  const push = (step: StoryStep): void => {
    if (trace.steps.length < maxSteps) trace.steps.push(step);
    else trace.truncated = true;
  };
  const nodeName = (node: number): string => (node === MASTER ? 'master' : sc.followers[node].name);
  return {
    trace,
    op(r: OpRecord) {
      if (r.session >= scriptedSessions) return;
      const actor = sc.sessionNames[r.session];
      const key = sc.keyNames[r.key];
      if (r.op === 'write') {
        scriptedPositions.add(r.pos);
        push({ kind: 'write', tUs: r.tUs, actor, key, value: r.value, version: r.version, pos: r.pos });
        return;
      }
      push({
        kind: 'read', tUs: r.tUs, actor, key, node: nodeName(r.node), value: r.value, version: r.version, critical: r.critical,
        stale: r.version < r.masterVersion, masterValue: r.masterValue, masterVersion: r.masterVersion, staleSinceUs: r.staleSinceUs,
        masterSinceUs: r.masterSinceUs,
      });
    },
    apply(a: ApplyRecord) {
      if (!scriptedPositions.has(a.pos)) return;
      push({ kind: 'apply', tUs: a.tUs, follower: sc.followers[a.follower].name, pos: a.pos, key: sc.keyNames[a.key], version: a.version, commitUs: a.commitUs });
    },
  };
}
