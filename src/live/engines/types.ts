// What live mode needs from a database engine, so the runner, the tracker and the
// monitors stay engine-neutral. A write's *position* is the engine's own token for
// it (a MariaDB GTID, a PostgreSQL LSN); `seqOf` maps it to a number that grows in
// commit order, which is what the harness compares.

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
   * Seconds_Behind_Master, µs (null: NULL), for monitor `seconds-behind-master`; absent
   * on an engine whose own lag report the simulator does not model.
   */
  secondsBehindMasterUs?: () => Promise<number | null>;
  /** Inserts rows (k, JSON, version) on the primary. */
  insertRows(values: Array<[string, string, number]>): Promise<void>;
  /** Deletes the rows whose key starts with `prefix`. */
  deleteRows(prefix: string): Promise<void>;
}
