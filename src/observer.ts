import type { Row } from './model/master';

/** One operation as the trace shows it (trace mode only; `run` keeps none). */
export interface OpRecord {
  /** Reads: when served (after any wait or queueing). Writes: when visible on the master and acknowledged. */
  tUs: number;
  op: 'read' | 'write';
  session: number;
  key: number;
  /** MASTER or a follower index. */
  node: number;
  version: number;
  /** Row content at that version; null when unknown (generated writes carry no payload). */
  value: Row | null;
  critical: boolean;
  /**
   * Reads: the master's version when the read was served, since when the answer was wrong
   * (the visibility time of the oldest master version newer than the one read), and since
   * when the master has shown its version (equal to staleSinceUs when one version behind).
   */
  masterVersion: number;
  masterValue: Row | null;
  staleSinceUs: number;
  masterSinceUs: number;
  /** Writes: binlog position. */
  pos: number;
  /** Issue to answer (reads, network latency included) or to acknowledgement (writes). */
  latencyUs: number;
  /** When the operation arrived (tUs for anything served on the spot); a busy session issues it later. */
  issuedUs: number;
  /** Reads: time spent waiting for a GTID before reaching the node (causal reads); 0 otherwise. */
  waitUs: number;
}

export interface ApplyRecord {
  tUs: number;
  follower: number;
  pos: number;
  key: number;
  version: number;
  commitUs: number;
}

/** Watches a run event by event (narrated traces, diagrams, timelines). */
export interface SimObserver {
  op(r: OpRecord): void;
  apply?(r: ApplyRecord): void;
  /**
   * A lag monitor of the strategy ran a probe at `tUs`: `reportedUs[f]` is the lag it now
   * reports for follower f (what routing sees until its next probe). `monitor` numbers the
   * strategy's monitors in the order it asked for them.
   */
  probe?(monitor: number, tUs: number, reportedUs: Float64Array): void;
  /** The strategy's post-write window is `windowUs` from `tUs` on (strategies whose window changes). */
  window?(tUs: number, windowUs: number): void;
}

/** One observer that gives every record to `a`, then to `b`; a hook neither has stays absent. */
export function bothObservers(a: SimObserver, b: SimObserver): SimObserver {
  const o: SimObserver = { op: (r) => { a.op(r); b.op(r); } };
  if (a.apply || b.apply) o.apply = (r) => { a.apply?.(r); b.apply?.(r); };
  if (a.probe || b.probe) o.probe = (m, t, lag) => { a.probe?.(m, t, lag); b.probe?.(m, t, lag); };
  if (a.window || b.window) o.window = (t, w) => { a.window?.(t, w); b.window?.(t, w); };
  return o;
}
