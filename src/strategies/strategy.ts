import type { ZodType } from 'zod';
import type { Rng } from '../engine/random';
import type { LagMonitor, MonitorConfig, WalBytesMonitor } from '../model/monitor';

/** Node index meaning "the master"; followers are 0 … followerCount − 1. */
export const MASTER = -1;

/** Where a read goes, filled in by Strategy.route (one object reused for every read). */
export interface ReadRoute {
  node: number;
  /** Time the read waits before it is served (causal reads); 0 for most strategies. */
  waitUs: number;
}

/** What a strategy may look at: the replication state, never the metrics or the workload. */
export interface ClusterView {
  readonly followerCount: number;
  /** Latest binlog position committed and visible on the master (its latest GTID). */
  masterPos(): number;
  /** Last position follower f has applied by `tUs` (tUs must not go backwards). */
  appliedPos(f: number, tUs: number): number;
  /**
   * When follower f applies (or applied) committed position `pos`; −∞ for positions so old
   * every follower has applied them. Only for computing a blocking wait such as
   * MASTER_GTID_WAIT exactly — the wait a real system would sit through, not a forecast
   * to route on.
   */
  applyTimeUs(f: number, pos: number): number;
  /**
   * Apply lag a − c of position `pos` on follower f once it has applied it by `tUs`;
   * −1 while it has not (not known yet at `tUs`); NaN when `pos` is too old to remember.
   */
  applyLagUs(f: number, pos: number, tUs: number): number;
  /**
   * A lag monitor probing every follower on its own schedule (see LagMonitor). Call while
   * creating the strategy, not while routing; its `reportedLagUs` is current whenever route() runs.
   */
  monitor(config: MonitorConfig): LagMonitor;
  /**
   * A monitor of how many bytes of WAL each follower has not replayed, probing every
   * `probeIntervalUs` (see WalBytesMonitor). Call while creating the strategy, as monitor().
   */
  walMonitor(probeIntervalUs: number): WalBytesMonitor;
}

export interface Strategy {
  /** As printed in tables and summary JSON, e.g. `post-write-window(window=1s,scope=key)`. */
  readonly label: string;
  /** Called after every write commits on the master at `tUs` with binlog position `pos`. */
  onWrite(tUs: number, key: number, session: number, pos: number): void;
  /** Chooses the node for a read of `key` by `session` issued at `tUs`. */
  route(tUs: number, key: number, session: number, critical: boolean, out: ReadRoute): void;
}

export interface StrategyContext {
  cluster: ClusterView;
  keys: number;
  sessions: number;
  /** The strategies' own random stream, separate from workload and lag. */
  rng: Rng;
  /** Told when a strategy's post-write window changes (reports draw it over time); absent when nobody watches. */
  onWindow?: (tUs: number, windowUs: number) => void;
}

/**
 * What a strategy is, for sentences written about it: whose writes its decision follows
 * (`scope`), what it routes on, and whether a read may wait. Report text picks its
 * reasons from these, never from the numbers alone.
 */
export interface StrategyTraits {
  /**
   * Whose writes change where a read goes: none (a fixed rule), the reading session's own
   * (`session`), any write to the read key (`key`), or any write or replica's state at all
   * (`global`).
   */
  scope: 'none' | 'session' | 'key' | 'global';
  /**
   * What the choice is made on: nothing (always the same place), the read's critical flag,
   * the time since a write, a window learned from observed apply lag, the lag the monitor
   * reports, or the GTID a follower has applied.
   */
  routesOn: 'nothing' | 'critical-flag' | 'time-since-write' | 'observed-lag' | 'reported-lag' | 'gtid';
  /** Reads may wait for a follower to catch up (causal `wait`). */
  waits: boolean;
}

/** A strategy as the registry knows it: its parameters' schema, defaults and factory. */
export interface StrategyDefinition<P = any> {
  /** Its words are in the catalogue: `help.strategy.<name>` (one line for --help) and `strategy.<name>` (the report). */
  name: string;
  /** Validates the parameters given in a scenario or on the command line (durations → µs). */
  params: ZodType<P>;
  label(params: P): string;
  /** What it is with these parameters (see StrategyTraits). */
  traits(params: P): StrategyTraits;
  create(params: P, ctx: StrategyContext): Strategy;
  /** The lab's controls for its parameters; absent when it has none. */
  lab?: LabForm<P>;
  /** The parameters `lagsim advise` searches and the values it tries (no axes: it runs once). */
  advise: AdviseSpace;
}

/**
 * One parameter `lagsim advise` searches, named by its scenario-file field. A number or a
 * duration lies on a lattice of `step`: the grid's values are multiples of it, and the
 * refinement bisects between two grid values down to one step. A choice tries every option.
 */
export type AdviseAxis =
  | { field: string; kind: 'duration'; gridUs: readonly number[]; stepUs: number }
  | { field: string; kind: 'number'; grid: readonly number[]; step: number }
  | { field: string; kind: 'choice'; options: readonly string[] };

/** What `lagsim advise` searches of a strategy: its axes, and which of them apply given the others. */
export interface AdviseSpace {
  axes: readonly AdviseAxis[];
  /** Whether a field applies given the others' values (durations in µs); all do when absent. */
  applies?(field: string, values: LabValues): boolean;
}

/**
 * One control the lab offers for a parameter, named by its scenario-file field: a
 * duration slider (µs), a number slider, or a choice. Its words are the catalogue's
 * `lab.param.<field>` and, for a choice, `lab.choice.<field>.<option>` with its note
 * `lab.choiceNote.<field>.<option>`.
 */
export type LabControl =
  | { field: string; kind: 'duration'; minUs: number; maxUs: number; stepUs: number }
  | { field: string; kind: 'number'; min: number; max: number; step: number }
  | { field: string; kind: 'choice'; options: readonly string[] };

export type LabValues = Record<string, number | string>;

/** A strategy's lab form: its controls and where their values come from. */
export interface LabForm<P> {
  controls: readonly LabControl[];
  /** The controls' values for validated parameters (durations in µs). */
  values(params: P): LabValues;
  /** Whether a field applies given the others (a field that does not is left out of the file); all do when absent. */
  applies?(field: string, values: LabValues): boolean;
}
