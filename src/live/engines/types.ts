// What live mode needs from a database engine, so the runner, the tracker and the
// monitors stay engine-neutral. A write's *position* is the engine's own token for
// it (a MariaDB GTID, a PostgreSQL LSN); `seqOf` maps it to a number that grows in
// commit order, which is what the harness compares.
import type { MonitorMode } from '../../model/monitor';

/** The one connection every write goes through, in issue order. */
export interface EngineWriter {
  /** Upserts row `k` and resolves once the primary acknowledged it, with the write's position. */
  write(k: string, json: string | null, version: number): Promise<string>;
  release(): void;
}

/** A dedicated connection reading the replica's applied position. */
export interface EnginePoller {
  /** The replica's applied position, as a number comparable with `seqOf`. */
  applied(): Promise<number>;
  release(): void;
}

export interface StoredRow {
  version: number;
  v: unknown;
}

/** A replica connection on which a causal wait succeeded; the read follows on it. */
export interface WaitedReplica {
  read(k: string): Promise<StoredRow | null>;
  release(): void;
}

export type EngineKind = 'mariadb' | 'postgres';

/**
 * The monitors live mode plays on each engine: the engine's own lag reports
 * (Seconds_Behind_Master on MariaDB; now() − pg_last_xact_replay_timestamp() on a
 * PostgreSQL standby and replay_lag in the primary's pg_stat_replication) and
 * `heartbeat`, the harness's own on both.
 */
export const ENGINE_MONITORS: Record<EngineKind, readonly MonitorMode[]> = {
  mariadb: ['seconds-behind-master', 'heartbeat'],
  postgres: ['replay-timestamp', 'replay-lag', 'heartbeat'],
};

export interface ReplicationThreads {
  /** Receiving the primary's changes (MariaDB: Slave_IO_Running = Yes; PostgreSQL: a streaming WAL receiver). */
  receiving: boolean;
  /** Applying what it received (MariaDB: Slave_SQL_Running = Yes; PostgreSQL: replay not paused). */
  applying: boolean;
  /** The engine's own words, for messages: `IO Yes, SQL No`. */
  state: string;
  /** The last error the replica reported ('' when none). */
  error: string;
}

/** Stopping and starting the replica's applier, for a scenario's `stop` incident; needs an admin account. */
export interface ApplierControl {
  /** Stops applying; receiving goes on, so the backlog builds up on the replica. */
  stop(): Promise<void>;
  /** Applies again: the backlog drains in order. */
  start(): Promise<void>;
}

export interface LiveEngine {
  readonly kind: EngineKind;
  writer(): Promise<EngineWriter>;
  poller(): Promise<EnginePoller>;
  /** A position's number (monotone in commit order). */
  seqOf(pos: string): number;
  read(node: 'primary' | 'replica', k: string): Promise<StoredRow | null>;
  /** Waits until the replica has applied `pos`, at most `timeoutUs`; null on timeout. */
  causalWait(pos: string, timeoutUs: number): Promise<WaitedReplica | null>;
  /** The primary's current position (everything committed so far). */
  headPos(): Promise<string>;
  /** Blocks until the replica has applied `pos`, or fails naming the replica after `timeoutSec`. */
  waitApplied(pos: string, timeoutSec: number): Promise<void>;
  /**
   * The replica's own lag report, µs (null: SQL NULL), as the monitor `mode` reads it —
   * one of this engine's ENGINE_MONITORS other than `heartbeat`.
   */
  reportedLagUs(mode: MonitorMode): Promise<number | null>;
  /** The replica's replication state, as the harness's own account sees it. */
  threads(): Promise<ReplicationThreads>;
  /** Applier control; null when the endpoints carry no admin account (or the engine has none yet). */
  applier: ApplierControl | null;
  /** Inserts rows (k, JSON, version) on the primary. */
  insertRows(values: Array<[string, string, number]>): Promise<void>;
  /** Deletes the rows whose key starts with `prefix`. */
  deleteRows(prefix: string): Promise<void>;
}
