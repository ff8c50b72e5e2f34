import { ScenarioInput } from './schema';
import { RateSchedule } from '../workload/stages';
import { REPLAY_CRITICAL, REPLAY_WRITE, ReplayOps, Scenario } from './types';
import type { ReplayRow } from '../workload/replay';
import { DEFAULT_STRATEGIES, STRATEGIES, StrategySpec } from '../strategies';
import { US_PER_S, formatDuration } from '../engine/time';
import { Row } from '../model/master';
import { DEFAULT_WAL_BYTES_PER_WRITE } from '../model/monitor';
import { lessonProblems } from './lesson';
import { Msg, msg } from '../i18n/problem';
import { nearHint } from './messages';
import { textIn } from './text';
import { DAY_US, formatTimeOfDay } from './units';
import { emptyBucketsReached } from '../model/distributions';

/** Operations a run may generate (duration × rates), so a typo can't ask for a year of traffic. */
export const MAX_GENERATED_OPS = 2e9;

/** The simulated time the run covers: `duration`, else the last scripted or replayed operation rounded up to whole seconds (at least 1 s). */
export function horizonOf(s: ScenarioInput): number {
  const lastEventUs = Math.max(s.events.reduce((m, e) => Math.max(m, e.atUs), 0), lastReplayedUs(s));
  return s.duration ?? Math.max(US_PER_S, Math.ceil(lastEventUs / US_PER_S) * US_PER_S);
}

/** Time of the last replayed operation (0 without a replay). */
export function lastReplayedUs(s: ScenarioInput): number {
  return s.replay === null ? 0 : s.replay.reduce((m, r) => Math.max(m, r.timeUs), 0);
}

/** Replayed operations after `duration`, said once with the first of them (each is played at its recorded time, or the run refuses). */
function lateReplay(s: ScenarioInput): Array<[Array<string | number>, Msg]> {
  if (s.replay === null || s.duration === undefined) return [];
  const late = s.replay.findIndex((r) => r.timeUs > s.duration!);
  if (late < 0) return [];
  const n = s.replay.filter((r) => r.timeUs > s.duration!).length;
  const vars = { n, row: late + 1, at: formatDuration(s.replay[late].timeUs), duration: formatDuration(s.duration) };
  return [[['workload', 'replay'], msg('v.replayAfterEnd', vars)]];
}

/**
 * Incidents that start after the run's horizon: no read could ever show them, so each
 * is most likely a unit slip or a duration set too short.
 */
function lateIncidents(s: ScenarioInput): Array<[Array<string | number>, Msg]> {
  const horizonUs = horizonOf(s);
  const problems: Array<[Array<string | number>, Msg]> = [];
  s.cluster.followers.forEach((f, i) => f.incidents.forEach((x, j) => {
    if (x.atUs <= horizonUs) return;
    const vars = { at: formatDuration(x.atUs), end: formatDuration(horizonUs) };
    problems.push([['cluster', 'followers', i, 'incidents', j, 'at'], msg(s.duration !== undefined ? 'v.incidentAfterEnd' : 'v.incidentAfterEvents', vars)]);
  }));
  return problems;
}

/**
 * A lag drawn by time of day needs the scenario's `startAt`, and samples in every bucket
 * the run reaches from it: an empty one is refused rather than filled from its neighbours.
 */
function timeOfDayProblems(s: ScenarioInput): Array<[Array<string | number>, Msg]> {
  const problems: Array<[Array<string | number>, Msg]> = [];
  const horizonUs = horizonOf(s);
  s.cluster.followers.forEach((f, i) => {
    for (const field of ['lag', 'applyTime'] as const) {
      const d = f[field];
      if (d?.dist !== 'empirical' || d.byTimeOfDayUs === undefined) continue;
      const at = ['cluster', 'followers', i, field, 'byTimeOfDay'];
      if (s.startAt === undefined) {
        problems.push([at, msg('v.byTimeOfDayNeedsStart')]);
        continue;
      }
      const empty = emptyBucketsReached(d, s.startAt, horizonUs);
      const vars = { list: empty.join(', '), from: formatTimeOfDay(s.startAt), to: formatTimeOfDay((s.startAt + horizonUs) % DAY_US) };
      if (empty.length > 0) problems.push([at, msg('v.byTimeOfDayEmpty', vars)]);
    }
  });
  return problems;
}

/** Checks that span several fields; returns [path, problem] pairs. */
export function crossCheck(s: ScenarioInput): Array<[Array<string | number>, Msg]> {
  const problems: Array<[Array<string | number>, Msg]> = [];
  if (s.workload !== undefined) {
    if (s.duration === undefined) problems.push([['duration'], msg('v.workloadNeedsDuration')]);
    else {
      const stages = s.workload.stages;
      const seconds = (stages === undefined ? s.duration : new RateSchedule(stages).massAt(s.duration)) / US_PER_S;
      const ops = seconds * (s.workload.readRatePerSec + s.workload.writeRatePerSec);
      if (ops > MAX_GENERATED_OPS) {
        problems.push([['workload'], msg('v.tooManyOps', { ops: ops.toExponential(2), limit: MAX_GENERATED_OPS.toExponential(0) })]);
      }
    }
  }
  if (s.duration !== undefined) {
    s.events.forEach((e, i) => {
      if (e.atUs > s.duration!) problems.push([['events', i, 'at'], msg('v.eventAfterEnd', { at: `${e.atUs / 1000}ms`, duration: `${s.duration! / 1000}ms` })]);
    });
  }
  problems.push(...lateReplay(s));
  problems.push(...lateIncidents(s));
  problems.push(...timeOfDayProblems(s));
  const semi = s.cluster.master.semiSync;
  if (semi !== undefined && semi.waitFor > s.cluster.followers.length) {
    problems.push([['cluster', 'master', 'semiSync', 'waitFor'], msg('v.semiSyncWaitFor', { n: semi.waitFor, followers: s.cluster.followers.length })]);
  }
  const seen = new Set<string>();
  s.cluster.followers.forEach((f, i) => {
    if (f.name === 'master') problems.push([['cluster', 'followers', i, 'name'], msg('v.followerMaster')]);
    if (seen.has(f.name)) problems.push([['cluster', 'followers', i, 'name'], msg('v.duplicateFollower', { name: `"${f.name}"` })]);
    seen.add(f.name);
  });
  problems.push(...readsOfUnknownKeys(s));
  problems.push(...readOnlyKeyProblems(s));
  if (s.lesson !== undefined) {
    const labels = (s.strategies ?? DEFAULT_STRATEGIES.map(defaultSpec)).map((x) => x.label);
    problems.push(...lessonProblems(s.lesson, labels));
  }
  return problems;
}

/**
 * Scripted reads of a key that nothing ever gives a value — not `data:`, no scripted
 * write, not one of the workload's generated key-0…key-(n−1). Such a read can only see
 * no row, on every node, so it is never stale: almost certainly a typo, and it would
 * quietly count as a fresh read.
 */
function readsOfUnknownKeys(s: ScenarioInput): Array<[Array<string | number>, Msg]> {
  const known = new Set(Object.keys(s.data));
  for (const e of s.events) if (e.kind === 'write') known.add(e.key);
  for (const r of s.replay ?? []) if (r.write) known.add(r.key);
  const isGenerated = (key: string): boolean => isGeneratedKey(key, s.workload?.keys ?? 0);
  const problems: Array<[Array<string | number>, Msg]> = [];
  s.events.forEach((e, i) => {
    if (e.kind !== 'read' || known.has(e.key) || isGenerated(e.key)) return;
    problems.push([['events', i, 'read'], msg('v.readUnknownKey', { key: e.key }, nearHint(e.key, [...known]))]);
  });
  return problems;
}

/** `workload.readOnlyKeys` must name generated keys, each once, and leave at least one key for generated writes. */
function readOnlyKeyProblems(s: ScenarioInput): Array<[Array<string | number>, Msg]> {
  const w = s.workload;
  if (w?.readOnlyKeys === undefined) return [];
  const problems: Array<[Array<string | number>, Msg]> = [];
  const seen = new Set<string>();
  w.readOnlyKeys.forEach((key, i) => {
    const at = ['workload', 'readOnlyKeys', i];
    if (!isGeneratedKey(key, w.keys)) problems.push([at, msg('v.readOnlyKey', { key: `"${key}"`, last: `key-${w.keys - 1}` })]);
    else if (seen.has(key)) problems.push([at, msg('v.readOnlyTwice', { key: `"${key}"` })]);
    seen.add(key);
  });
  if (problems.length === 0 && seen.size === w.keys) problems.push([['workload', 'readOnlyKeys'], msg('v.readOnlyAll', { keys: w.keys })]);
  return problems;
}

/** Whether `key` is one of the workload's generated key-0 … key-(keys−1). */
function isGeneratedKey(key: string, keys: number): boolean {
  return generatedIndex(key, 'key-', keys) !== null;
}

/** i when `name` is `${prefix}i` with 0 ≤ i < count (the workload's generated names), else null. */
function generatedIndex(name: string, prefix: string, count: number): number | null {
  if (!name.startsWith(prefix) || !/^(0|[1-9]\d*)$/.test(name.slice(prefix.length))) return null;
  const i = Number(name.slice(prefix.length));
  return i < count ? i : null;
}

/**
 * Ids of the workload's `${prefix}0` … `${prefix}(n−1)` (its keys or its sessions): a name
 * the scenario's data, events or replay already gave an id (in `ids`) keeps it, the others
 * get new ones from `add`, in order. Only those few names can match, so they are looked for
 * instead of looking each of up to a million names up.
 */
function generatedIds(prefix: string, n: number, ids: Map<string, number>, add: (name: string) => number): Int32Array {
  const named = new Map<number, number>();
  for (const [name, id] of ids) {
    const i = generatedIndex(name, prefix, n);
    if (i !== null) named.set(i, id);
  }
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = named.get(i) ?? add(`${prefix}${i}`);
  return out;
}

/** Resolves names to ids and fills defaults. Input must already have passed the schema and crossCheck. */
export function compile(s: ScenarioInput, strategies?: StrategySpec[]): Omit<Scenario, 'source'> {
  const keyIds = new Map<string, number>();
  const keyNames: string[] = [];
  const initialRows: (Row | null)[] = [];
  const keyId = (name: string): number => {
    let id = keyIds.get(name);
    if (id === undefined) {
      id = keyNames.push(name) - 1;
      keyIds.set(name, id);
      initialRows.push(null);
    }
    return id;
  };
  for (const [name, row] of Object.entries(s.data)) initialRows[keyId(name)] = row;

  const sessionIds = new Map<string, number>();
  const sessionNames: string[] = [];
  const sessionId = (name: string): number => {
    let id = sessionIds.get(name);
    if (id === undefined) {
      id = sessionNames.push(name) - 1;
      sessionIds.set(name, id);
    }
    return id;
  };
  const events = s.events.map((e) => ({
    kind: e.kind, atUs: e.atUs, session: sessionId(e.actor), key: keyId(e.key), set: e.set, critical: e.critical,
  }));

  const workloadSessionBase = sessionNames.length;
  const replay = s.replay === null ? null : compileReplay(s.replay, sessionId, keyId);
  const w = s.workload ?? null;
  const workloadKeyIds = generatedIds('key-', w === null ? 0 : w.keys, keyIds, (name) => {
    initialRows.push(null);
    return keyNames.push(name) - 1;
  });
  const workloadSessionIds = generatedIds('session-', w === null ? 0 : w.sessions, sessionIds, (name) => sessionNames.push(name) - 1);

  const horizonUs = horizonOf(s);

  return {
    name: s.name,
    // English where one string is needed (sweep JSON, live); each language reads titleIn().
    title: textIn(s.title ?? s.name, 'en'),
    seed: s.seed,
    horizonUs,
    masterReadLatencyUs: s.cluster.master.readLatency,
    masterWriteLatencyUs: s.cluster.master.writeLatency,
    masterCapacityPerSec: s.cluster.master.capacity ?? null,
    serviceTime: s.cluster.serviceTime,
    semiSync: s.cluster.master.semiSync ?? null,
    walBytesPerWrite: s.cluster.master.walBytesPerWrite ?? DEFAULT_WAL_BYTES_PER_WRITE,
    ...(s.cluster.master.walCommitBytes === undefined ? {} : { walCommitBytes: s.cluster.master.walCommitBytes }),
    stockField: s.stockField,
    followers: s.cluster.followers.map((f) => ({
      name: f.name, lag: f.lag, applyTime: f.applyTime ?? null, incidents: f.incidents, readLatencyUs: f.readLatency,
      capacityPerSec: f.capacity ?? null, ...(s.startAt === undefined ? {} : { clockStartUs: s.startAt }),
    })),
    keyNames,
    initialRows,
    sessionNames,
    events,
    replay,
    workload: w,
    workloadKeyIds,
    workloadSessionBase,
    workloadSessionIds,
    strategies: strategies ?? s.strategies ?? DEFAULT_STRATEGIES.map(defaultSpec),
    input: s,
  };
}

function defaultSpec(name: string): StrategySpec {
  const def = STRATEGIES[name];
  const params = def.params.parse({});
  return { name, params, label: def.label(params) };
}

/** The replayed rows as flat columns, names resolved to ids (after the scripted ones, so a shared name is one session or key). */
function compileReplay(rows: readonly ReplayRow[], sessionId: (name: string) => number, keyId: (name: string) => number): ReplayOps {
  const ops: ReplayOps = {
    timeUs: new Float64Array(rows.length), session: new Int32Array(rows.length), key: new Int32Array(rows.length),
    flags: new Uint8Array(rows.length),
  };
  rows.forEach((r, i) => {
    ops.timeUs[i] = r.timeUs;
    ops.session[i] = sessionId(r.session);
    ops.key[i] = keyId(r.key);
    ops.flags[i] = (r.write ? REPLAY_WRITE : 0) | (r.critical ? REPLAY_CRITICAL : 0);
  });
  return ops;
}
