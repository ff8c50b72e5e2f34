// Plays one strategy's run against the real pair: every operation at its time on the
// wall clock, routed by the same Strategy object the simulator uses, and judged with
// the same MetricsCollector, so a live number means exactly what a simulated one does.
import type { ApplierControl, EnginePoller, LiveEngine, ReplicationThreads, StoredRow, WaitedReplica } from './engines/types';
import { MASTER, ReadRoute, STRATEGIES, StrategySpec } from '../strategies';
import { MetricsCollector } from '../metrics/collector';
import { StrategyResult, summarize } from '../metrics/summary';
import { makeStream } from '../engine/random';
import { Row } from '../model/master';
import { Scenario } from '../scenario/types';
import type { OpRecord } from '../observer';
import { LiveCluster, describeDbError } from './connect';
import { replicaEndpoints } from './endpoints';
import { LiveClock, quietPhaseUs, startAtWallPhase, startClock } from './clock';
import { LiveOp, stopWindows } from './schedule';
import type { Incident } from '../model/follower';
import { ReplicaTracker } from './tracker';
import { liveView } from './view';
import { rowKey, waitApplied } from './rows';
import type { LiveProxy } from './pgpool';

/** One operation as it happened; the trace's OpRecord plus what only a live run has. */
export interface LiveRecord extends OpRecord {
  /** Index of the operation in the schedule. */
  index: number;
  /** Reads: when the SELECT was sent (the moment it is judged at); writes: acknowledgement. */
  sentUs: number;
  /** When the harness started it: its arrival (`issuedUs`), or later when it was held behind its session's previous operation. */
  startUs: number;
  /** How late the operation arrived against the schedule. */
  slipUs: number;
  /** A scripted event of the scenario (not generated traffic). */
  scripted: boolean;
  /** Causal reads whose wait timed out (then served by the primary). */
  timedOut: boolean;
  /** Causal reads: the position waited for (0 when none) and when the wait was sent. */
  waitedPos: number;
  waitStartUs: number;
  /** Writes: the primary's position (GTID or LSN). Causal reads: the position waited for ('' when none). */
  gtid: string;
  /** Causal reads: the follower the wait ran on (absent: follower 0). */
  waitedOn?: number;
}

/** A `stop` incident as the harness played it on the real replica. */
export interface LiveStop {
  /** The scheduled window, µs from the run's start. */
  atUs: number;
  durationUs: number;
  /** When STOP SLAVE SQL_THREAD was sent and returned, and START SLAVE SQL_THREAD likewise. */
  stopSentUs: number;
  stopDoneUs: number;
  startSentUs: number;
  startDoneUs: number;
  /** The replica's threads right after the stop returned. */
  threadsStopped: ReplicationThreads;
}

/** What the run measured on one replica; LiveRunResult's own fields of these names are the first replica's. */
export interface ReplicaMeasures {
  /** `127.0.0.1:3307` */
  where: string;
  lagUs: number[];
  lagErrUs: number[];
  threadsBefore: ReplicationThreads;
  threadsAfter: ReplicationThreads;
  masterDelaySec: number;
  minApplyDelayUs: number;
  visibilityErrUs: number;
  polls: number;
}

export interface LiveRunResult {
  spec: StrategySpec;
  summary: StrategyResult;
  records: LiveRecord[];
  /** Per write position (index 0 unused): acknowledgement time and measured apply lag, µs. */
  ackUs: number[];
  lagUs: number[];
  /** Per write position: half-width of the interval its visibility on the replica is known to lie in, µs. */
  lagErrUs: number[];
  /** The replica's threads just before the run and after it had applied every write. */
  threadsBefore: ReplicationThreads;
  threadsAfter: ReplicationThreads;
  /** The follower's stop incidents as played. */
  stops: LiveStop[];
  /** The replica's MASTER_DELAY (whole seconds; 0 on PostgreSQL) and the wall clock at run time 0 modulo 1 s (µs), for the lag fit. */
  masterDelaySec: number;
  wallOffsetUs: number;
  /** The standby's recovery_min_apply_delay, µs (PostgreSQL; 0 on MariaDB, whose delay is masterDelaySec). */
  minApplyDelayUs: number;
  /** The wall clock at run time 0, unix ms. */
  wallStartMs: number;
  /** Mean WAL bytes between consecutive writes' positions (PostgreSQL; null on MariaDB or with fewer than two writes). */
  walBytesPerWrite: number | null;
  /**
   * How many WAL bytes of the oldest pending write the standby held back — the median over the
   * polls that found it partway through that write — when most polls with a write pending did
   * (PostgreSQL replays every record as it arrives but holds commit records through
   * recovery_min_apply_delay); null otherwise (MariaDB, or a standby seldom seen partway).
   */
  walCommitBytes: number | null;
  /** Polls that found a write pending, and among them those that found the standby partway through the oldest. */
  pendingPolls: number;
  partialPolls: number;
  /** Whether a real proxy, not the strategy object, routed the reads. */
  proxied: boolean;
  /** Through Pgpool-II: its replication checks from one period before the run on (µs from the run's start, WAL bytes behind). */
  pgpoolChecks?: Array<{ tUs: number; bytes: number }>;
  /** Largest half-width of a visibility estimate (polling resolution), µs. */
  visibilityErrUs: number;
  polls: number;
  probes: number;
  /** With several replicas, each one's measurements, the followers' order (absent: one replica). */
  replicas?: ReplicaMeasures[];
}

/** How many replicas the run played on. */
export function replicaCount(run: LiveRunResult): number {
  return run.replicas?.length ?? 1;
}

/** The run as seen from replica `i`: its lags, threads and delay in the fields the checks and the fit read. */
export function replicaRun(run: LiveRunResult, i: number): LiveRunResult {
  return run.replicas === undefined ? run : { ...run, ...run.replicas[i] };
}

/** Default causal wait timeout when a strategy names none (MaxScale's causal_reads_timeout). */
const DEFAULT_WAIT_TIMEOUT_US = 10_000_000;

/** The MASTER_GTID_WAIT timeout a strategy's causal reads use, µs. */
export function waitTimeoutUs(spec: StrategySpec): number {
  return (spec.params as { timeoutUs?: number }).timeoutUs ?? DEFAULT_WAIT_TIMEOUT_US;
}

async function untilUs(clock: LiveClock, tUs: number): Promise<void> {
  while (clock.nowUs() < tUs) await clock.sleepUntil(tUs);
}

/** Stops and restarts the replica's applier at each window's times; returns what happened when. */
async function playStops(engine: LiveEngine, applier: ApplierControl, windows: Incident[], clock: LiveClock): Promise<LiveStop[]> {
  const played: LiveStop[] = [];
  for (const w of windows) {
    await untilUs(clock, w.atUs);
    const stopSentUs = clock.nowUs();
    await applier.stop();
    const stopDoneUs = clock.nowUs();
    const threadsStopped = await engine.threads();
    await untilUs(clock, w.atUs + w.durationUs);
    const startSentUs = clock.nowUs();
    await applier.start();
    played.push({ atUs: w.atUs, durationUs: w.durationUs, stopSentUs, stopDoneUs, startSentUs, startDoneUs: clock.nowUs(), threadsStopped });
  }
  return played;
}

function parseRow(v: unknown): Row | null {
  if (v === null || v === undefined) return null;
  const parsed = typeof v === 'string' ? JSON.parse(v) : v;
  return parsed !== null && typeof parsed === 'object' ? (parsed as Row) : null;
}

/** Mean bytes between the first and the last write's positions, per write (PostgreSQL LSNs are byte offsets). */
function walBytesPerWrite(engine: LiveEngine, positions: string[]): number | null {
  if (engine.kind !== 'postgres' || positions.length < 3) return null;
  return (engine.seqOf(positions[positions.length - 1]) - engine.seqOf(positions[1])) / (positions.length - 2);
}

/** The median of the replica's partway remainders, when it was partway in most polls that found a write pending. */
function walCommitBytes(tracker: ReplicaTracker): number | null {
  const r = [...tracker.partialRemainders].sort((a, b) => a - b);
  if (r.length === 0 || 2 * r.length <= tracker.pendingPolls) return null;
  return r[Math.floor((r.length - 1) / 2)];
}

/**
 * Closed-loop sessions, as in the simulator (model/sessionGate.ts): an operation that arrives
 * while its session's previous one is pending — a read in its causal wait, a write before its
 * acknowledgement — starts when that one frees the session; its latency counts from its
 * arrival. A read frees its session when it is sent (the simulator adds a read's network
 * latency to its latency without holding the session), a write when it is acknowledged.
 */
class SessionLoop {
  /** Per session, when its last operation started or queued frees it (null: the session is free). */
  private readonly freed: Array<Promise<void> | null>;
  held = 0;

  constructor(sessions: number) {
    this.freed = new Array<Promise<void> | null>(sessions).fill(null);
  }

  /** Starts `op` for `session` now, or once the session is free; `op` calls `free` when the session may go on (at the latest when it ends). */
  play(session: number, op: (free: () => void) => Promise<void>): Promise<void> {
    const prev = this.freed[session];
    if (prev !== null) this.held++;
    let free!: () => void;
    const freed = new Promise<void>((resolve) => {
      free = resolve;
    });
    this.freed[session] = freed;
    void freed.then(() => {
      if (this.freed[session] === freed) this.freed[session] = null;
    });
    const done = prev === null ? op(free) : prev.then(() => op(free));
    done.then(free, free);
    return done;
  }
}

/**
 * Runs `spec` over `ops` on the cluster. Keys are namespaced by `tag` (rows already
 * seeded by seedRows), so runs never see each other's data. Resolves once every
 * operation has completed and the replica has applied every write of the run.
 * With a `proxy` (a real Pgpool-II configured as `spec`), every session reads and
 * writes through its own proxy connection and the proxy routes: the strategy object
 * is not consulted, and each read's node is the server that answered it.
 */
export async function runLive(cluster: LiveCluster, sc: Scenario, spec: StrategySpec, seed: number, ops: LiveOp[], tag: string, proxy?: LiveProxy): Promise<LiveRunResult> {
  const { engine, endpoints, replicas } = cluster;
  const keyCount = sc.keyNames.length;
  const metrics = new MetricsCollector(sc.sessionNames.length, keyCount);
  // What the primary has acknowledged, per key: version, and per version its time and row.
  const committed = new Int32Array(keyCount);
  const commitUs: number[][] = sc.keyNames.map(() => [-Infinity]);
  const rows: (Row | null)[][] = sc.initialRows.map((r) => [r]);
  const headVersion = new Int32Array(keyCount);
  const headRow: (Row | null)[] = [...sc.initialRows];

  const writer = await engine.writer().catch((err) => Promise.reject(new Error(describeDbError(endpoints.primary, err))));
  const pollers: EnginePoller[] = [];
  for (const [i, r] of replicas.entries()) {
    pollers.push(await r.engine.poller().catch((err) => {
      writer.release();
      for (const p of pollers) p.release();
      return Promise.reject(new Error(describeDbError(replicaEndpoints(endpoints)[i], err)));
    }));
  }
  const windows = stopWindows(sc);
  const applier = engine.applier;
  if (windows.length > 0 && applier === null) throw new Error('a stop incident needs the replica admin connection');
  const threadsBefore = await Promise.all(replicas.map((r) => r.engine.threads()));
  const scriptedUs = [...ops.filter((op) => op.event >= 0).map((op) => op.atUs), ...windows.flatMap((w) => [w.atUs, w.atUs + w.durationUs])];
  await startAtWallPhase(quietPhaseUs(scriptedUs));
  const clock: LiveClock = startClock();
  const trackers = pollers.map((p) => new ReplicaTracker(p, engine.seqOf, clock));
  const tracker = trackers[0];
  const view = liveView(trackers, replicas.map((r) => r.engine), clock);
  const strategy = proxy !== undefined ? null : STRATEGIES[spec.name].create(spec.params, {
    cluster: view, keys: keyCount, sessions: sc.sessionNames.length, rng: makeStream(seed, 'strategy'),
  });
  const timeoutUs = waitTimeoutUs(spec);
  const sessions = new SessionLoop(sc.sessionNames.length);
  const records: LiveRecord[] = new Array(ops.length);
  const route: ReadRoute = { node: MASTER, waitUs: 0 };
  let writeChain: Promise<void> = Promise.resolve();

  const write = async (op: LiveOp, index: number, issuedUs: number): Promise<void> => {
    const startUs = clock.nowUs();
    const version = ++headVersion[op.key];
    const row = op.set === null ? null : { ...(headRow[op.key] ?? {}), ...op.set };
    headRow[op.key] = row;
    // One writer connection, in issue order: commit order = version order = position order.
    writeChain = writeChain.then(async () => {
      const json = row === null ? null : JSON.stringify(row);
      let gtid: string;
      if (proxy === undefined) gtid = await writer.write(rowKey(tag, op.key), json, version);
      else {
        // Acknowledged through the proxy; the primary's flush position read right after covers it.
        await proxy.write(op.session, rowKey(tag, op.key), json, version);
        gtid = await engine.headPos();
      }
      const ackUs = clock.nowUs();
      const pos = tracker.register(gtid, ackUs);
      for (const other of trackers.slice(1)) other.register(gtid, ackUs);
      committed[op.key] = version;
      commitUs[op.key][version] = ackUs;
      rows[op.key][version] = row;
      strategy?.onWrite(ackUs, op.key, op.session, pos);
      metrics.write(ackUs, op.session, op.key, version, ackUs - issuedUs);
      records[index] = {
        index, tUs: ackUs, sentUs: ackUs, startUs, issuedUs, slipUs: issuedUs - op.atUs, scripted: op.event >= 0, op: 'write', session: op.session, key: op.key,
        node: MASTER, version, value: row, critical: false, masterVersion: version, masterValue: row, staleSinceUs: ackUs, masterSinceUs: ackUs,
        pos, latencyUs: ackUs - issuedUs, waitUs: 0, timedOut: false, gtid, waitedPos: 0, waitStartUs: NaN,
      };
    });
    await writeChain;
  };

  const read = async (op: LiveOp, index: number, issuedUs: number, free: () => void): Promise<void> => {
    const startUs = clock.nowUs();
    // Read-your-writes counts the session's writes acknowledged before this read started,
    // not those acknowledged while it waited (the simulator's rule too).
    const writtenAtIssue = metrics.writtenVersion(op.session, op.key);
    route.node = MASTER;
    route.waitUs = 0;
    view.beginRoute(startUs);
    strategy?.route(startUs, op.key, op.session, op.critical, route);
    let node = route.node;
    let conn: WaitedReplica | null = null;
    let timedOut = false;
    let waitGtid = '';
    let waitedPos = 0;
    let waitStartUs = NaN;
    if (node !== MASTER && route.waitUs > 0) {
      if (view.waitPos === 0) throw new Error(`${spec.label} asked for a ${route.waitUs} µs wait that live mode cannot perform`);
      waitedPos = view.waitPos;
      waitGtid = tracker.gtid[waitedPos];
      waitStartUs = clock.nowUs();
      conn = await replicas[node].engine.causalWait(waitGtid, timeoutUs);
      if (conn === null) {
        node = MASTER;
        timedOut = true;
      }
    }
    const sentUs = clock.nowUs();
    free();
    const masterVersion = committed[op.key];
    let answer: StoredRow | null;
    try {
      const k = rowKey(tag, op.key);
      if (proxy !== undefined) {
        const got = await proxy.read(op.session, k);
        answer = got.row;
        node = got.primary ? MASTER : 0;
      } else answer = await (conn !== null ? conn.read(k) : node === MASTER ? engine.read('primary', k) : replicas[node].engine.read('replica', k));
    } finally {
      conn?.release();
    }
    const doneUs = clock.nowUs();
    const version = answer === null ? 0 : answer.version;
    const stale = version < masterVersion;
    const staleSinceUs = stale ? commitUs[op.key][version + 1] : sentUs;
    metrics.read(sentUs, op.session, op.key, version, masterVersion, staleSinceUs, node === MASTER, doneUs - issuedUs, op.critical, writtenAtIssue);
    records[index] = {
      index, tUs: sentUs, sentUs, startUs, issuedUs, slipUs: issuedUs - op.atUs, scripted: op.event >= 0, op: 'read', session: op.session, key: op.key, node,
      version, value: answer === null ? null : parseRow(answer.v), critical: op.critical, masterVersion,
      masterValue: rows[op.key][masterVersion] ?? null, staleSinceUs, masterSinceUs: stale ? commitUs[op.key][masterVersion] : sentUs, pos: 0, latencyUs: doneUs - issuedUs,
      waitUs: sentUs - startUs, timedOut, gtid: waitGtid, waitedPos, waitStartUs, ...(waitedPos > 0 ? { waitedOn: route.node } : {}),
    };
  };

  let failure: unknown = null;
  const inFlight: Promise<void>[] = [];
  let stops: LiveStop[] = [];
  let threadsAfter = threadsBefore;
  let completed = false;
  try {
    for (const t of trackers) t.start();
    for (const m of view.monitors) await m.start();
    if (windows.length > 0) {
      inFlight.push(playStops(engine, applier!, windows, clock).then((played) => void (stops = played), (err) => {
        failure ??= err;
      }));
    }
    for (let i = 0; i < ops.length && failure === null; i++) {
      const op = ops[i];
      while (clock.nowUs() < op.atUs) await clock.sleepUntil(op.atUs);
      const issuedUs = clock.nowUs();
      const p = sessions.play(op.session, (free) => (op.kind === 'write' ? write(op, i, issuedUs) : read(op, i, issuedUs, free)));
      inFlight.push(p.catch((err) => {
        failure ??= err;
      }));
    }
    await Promise.all(inFlight);
    for (const m of view.monitors) await m.stop();
    if (failure !== null) throw failure;
    // Every write's apply lag is measured before fitting: those near the end would
    // otherwise be missing, and only the long ones (a biased sample).
    if (tracker.masterPos > 0) await waitApplied(cluster, tracker.gtid[tracker.masterPos]);
    for (const t of trackers) while (t.appliedPos < t.masterPos) await t.poll().then(() => new Promise((r) => setTimeout(r, 1)));
    threadsAfter = await Promise.all(replicas.map((r) => r.engine.threads()));
    completed = true;
  } finally {
    // A run that failed inside a stop window must not leave the applier stopped for the next.
    if (windows.length > 0 && !completed) await applier!.start().catch(() => undefined);
    for (const m of view.monitors) await m.stop().catch(() => undefined);
    for (const t of trackers) {
      await t.stop().catch((err) => {
        failure ??= err;
      });
    }
    writer.release();
    for (const p of pollers) p.release();
  }
  if (failure !== null) throw failure;

  const measures = trackers.map((t, i): ReplicaMeasures => ({
    where: replicaEndpoints(endpoints)[i].where,
    lagUs: t.ackUs.map((_, pos) => (pos === 0 ? NaN : t.lagUs(pos))),
    lagErrUs: t.visibleErrUs,
    threadsBefore: threadsBefore[i],
    threadsAfter: threadsAfter[i],
    masterDelaySec: replicas[i].masterDelaySec,
    minApplyDelayUs: engine.kind === 'postgres' ? replicas[i].applyDelayUs : 0,
    visibilityErrUs: Math.max(0, ...t.visibleErrUs.filter((x) => Number.isFinite(x))),
    polls: t.polls,
  }));
  const first = measures[0];
  metrics.heldOps = sessions.held;
  return {
    spec,
    summary: summarize(spec.label, metrics, sc.horizonUs),
    records,
    ackUs: tracker.ackUs,
    lagUs: first.lagUs,
    lagErrUs: first.lagErrUs,
    threadsBefore: first.threadsBefore,
    threadsAfter: first.threadsAfter,
    stops,
    masterDelaySec: first.masterDelaySec,
    wallOffsetUs: clock.wallOffsetUs,
    minApplyDelayUs: first.minApplyDelayUs,
    wallStartMs: clock.wallStartMs,
    walBytesPerWrite: walBytesPerWrite(engine, tracker.gtid),
    walCommitBytes: walCommitBytes(tracker),
    pendingPolls: tracker.pendingPolls,
    partialPolls: tracker.partialRemainders.length,
    proxied: proxy !== undefined,
    visibilityErrUs: first.visibilityErrUs,
    polls: first.polls,
    probes: view.monitors.reduce((n, m) => n + m.probes, 0),
    ...(measures.length > 1 ? { replicas: measures } : {}),
  };
}
