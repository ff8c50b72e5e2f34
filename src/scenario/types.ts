import type { FollowerConfig } from '../model/follower';
import type { Row } from '../model/master';
import type { GeneratedWorkloadConfig } from '../workload/generated';
import type { StrategySpec } from '../strategies';
import type { ScenarioInput } from './schema';
import type { ServiceTime } from '../model/nodeQueue';
import type { SemiSyncConfig } from '../model/semiSync';

/** A scripted event with names resolved to ids. */
export interface ScriptedEvent {
  kind: 'read' | 'write';
  atUs: number;
  session: number;
  key: number;
  set: Row | null;
  critical: boolean;
}

/** Recorded operations in file order, as flat columns (one entry per row). */
export interface ReplayOps {
  timeUs: Float64Array;
  session: Int32Array;
  key: Int32Array;
  /** REPLAY_WRITE and REPLAY_CRITICAL bits. */
  flags: Uint8Array;
}
export const REPLAY_WRITE = 1;
export const REPLAY_CRITICAL = 2;

/**
 * A validated scenario, ready for the simulator: every unit parsed, every name
 * resolved to a dense integer id. The core trusts it and checks nothing again.
 */
export interface Scenario {
  name: string;
  title: string;
  seed: number;
  /** Simulated horizon: `duration`, or the last scripted or replayed operation rounded up to a whole second. */
  horizonUs: number;
  masterReadLatencyUs: number;
  /** A write's round trip: it commits, is acknowledged and frees its session this long after it is issued (after any queue at the master). */
  masterWriteLatencyUs: number;
  /** Master capacity in operations/s (reads and writes queue there); absent or null: unlimited. */
  masterCapacityPerSec?: number | null;
  /** Service-time distribution of every node with a capacity (default exponential). */
  serviceTime?: ServiceTime;
  /** WAL bytes each write adds (what a WAL monitor counts); absent: DEFAULT_WAL_BYTES_PER_WRITE. */
  walBytesPerWrite?: number;
  /**
   * The last bytes of each write's WAL, its commit record, which a standby holds until the write
   * is applied (having replayed the rest of the oldest pending write); absent: the whole write.
   */
  walCommitBytes?: number;
  /**
   * When a WAL monitor probes, ascending µs, instead of every probe interval: set only by live
   * mode's replay, to the moments a real Pgpool-II logged its checks. Absent: 0, P, 2P, ….
   */
  walProbeTimesUs?: number[];
  /** Semi-synchronous commits (AFTER_SYNC); absent or null: asynchronous. */
  semiSync?: SemiSyncConfig | null;
  /** Numeric row field whose stale positive value is a phantom-stock view (default "stock"). */
  stockField?: string;
  followers: FollowerConfig[];
  /** Key id → name: data rows, then scripted keys, then replayed keys, then key-0 … key-{n−1} of the workload. */
  keyNames: string[];
  /** Initial row per key id (null: the key starts empty). */
  initialRows: (Row | null)[];
  /** Session id → name: scripted actors in order of appearance, then replayed sessions, then session-0 … of the workload. */
  sessionNames: string[];
  events: ScriptedEvent[];
  /** Recorded operations played at their times (`workload.replay`); null without one. */
  replay: ReplayOps | null;
  workload: GeneratedWorkloadConfig | null;
  /** Workload key index → key id. */
  workloadKeyIds: Int32Array;
  /** Session ids below this are scripted actors (a replayed or workload session may share one's name, and then its id). */
  workloadSessionBase: number;
  /** Workload session index → session id: `session-i` by name, like keys, so an actor named session-0 is that session. */
  workloadSessionIds: Int32Array;
  strategies: StrategySpec[];
  /** The file as parsed (units normalised), for reports. */
  input: ScenarioInput;
  /** The scenario as written, for scenarioDocument (parse.ts). */
  source: ScenarioSource;
}

/**
 * What a scenario was made from: the document as parsed from YAML or JSON (or given as an
 * object), kept as JSON text so later changes to the caller's object do not reach here,
 * and the strategies and SLOs that replaced the file's, in the file's form.
 */
export interface ScenarioSource {
  text: string;
  strategies?: Array<string | Record<string, unknown>>;
  /** Every SLO the run checks, as the file writes them, when the command line added some. */
  slo?: string[];
}
