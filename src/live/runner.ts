// Plays one strategy's run against the real pair: every operation at its time on the
// wall clock, routed by the same Strategy object the simulator uses, and judged with
// the same MetricsCollector, so a live number means exactly what a simulated one does.
import type * as mysql from 'mysql2/promise';
import { MASTER, ReadRoute, STRATEGIES, StrategySpec } from '../strategies';
import { MetricsCollector } from '../metrics/collector';
import { StrategyResult, summarize } from '../metrics/summary';
import { makeStream } from '../engine/random';
import { Row } from '../model/master';
import { Scenario } from '../scenario/types';
import type { OpRecord } from '../observer';
import { LiveCluster, describeDbError } from './connect';
import { LiveClock, quietPhaseUs, startAtWallPhase, startClock } from './clock';
import { LiveOp } from './schedule';
import { ReplicaTracker } from './tracker';
import { liveView } from './view';
import { rowKey, waitApplied } from './rows';

/** One operation as it happened; the trace's OpRecord plus what only a live run has. */
export interface LiveRecord extends OpRecord {
  /** Index of the operation in the schedule. */
  index: number;
  /** Reads: when the SELECT was sent (the moment it is judged at); writes: acknowledgement. */
  sentUs: number;
  /** How late the harness issued it against the schedule. */
  slipUs: number;
  /** Causal reads whose MASTER_GTID_WAIT timed out (then served by the primary). */
  timedOut: boolean;
  /** Writes: the primary's GTID. Causal reads: the GTID waited for ('' when none). */
  gtid: string;
}

export interface LiveRunResult {
  spec: StrategySpec;
  summary: StrategyResult;
  records: LiveRecord[];
  /** Per write position (index 0 unused): acknowledgement time and measured apply lag, µs. */
  ackUs: number[];
  lagUs: number[];
  /** The replica's MASTER_DELAY (whole seconds) and the wall clock at run time 0 modulo 1 s (µs), for the lag fit. */
  masterDelaySec: number;
  wallOffsetUs: number;
  /** The wall clock at run time 0, unix ms. */
  wallStartMs: number;
  /** Largest half-width of a visibility estimate (polling resolution), µs. */
  visibilityErrUs: number;
  polls: number;
  probes: number;
}

/** Default MASTER_GTID_WAIT timeout when a strategy names none (MaxScale's causal_reads_timeout). */
const DEFAULT_WAIT_TIMEOUT_US = 10_000_000;

function parseRow(v: unknown): Row | null {
  if (v === null || v === undefined) return null;
  const parsed = typeof v === 'string' ? JSON.parse(v) : v;
  return parsed !== null && typeof parsed === 'object' ? (parsed as Row) : null;
}

/**
 * Runs `spec` over `ops` on the cluster. Keys are namespaced by `tag` (rows already
 * seeded by seedRows), so runs never see each other's data. Resolves once every
 * operation has completed and the replica has applied every write of the run.
 */
export async function runLive(cluster: LiveCluster, sc: Scenario, spec: StrategySpec, seed: number, ops: LiveOp[], tag: string): Promise<LiveRunResult> {
  const { primary, replica, endpoints } = cluster;
  const keyCount = sc.keyNames.length;
  const metrics = new MetricsCollector(sc.sessionNames.length, keyCount);
  // What the primary has acknowledged, per key: version, and per version its time and row.
  const committed = new Int32Array(keyCount);
  const commitUs: number[][] = sc.keyNames.map(() => [-Infinity]);
  const rows: (Row | null)[][] = sc.initialRows.map((r) => [r]);
  const headVersion = new Int32Array(keyCount);
  const headRow: (Row | null)[] = [...sc.initialRows];

  const writer = await primary.getConnection().catch((err) => Promise.reject(new Error(describeDbError(endpoints.primary, err))));
  await writer.query("SET SESSION session_track_system_variables = 'last_gtid'").catch(() => undefined);
  const pollConn = await replica.getConnection().catch((err) => {
    writer.release();
    return Promise.reject(new Error(describeDbError(endpoints.replica, err)));
  });
  await startAtWallPhase(quietPhaseUs(ops.filter((op) => op.event >= 0).map((op) => op.atUs)));
  const clock: LiveClock = startClock();
  const tracker = new ReplicaTracker(pollConn, cluster.domain, clock);
  const view = liveView(tracker, replica, clock);
  const strategy = STRATEGIES[spec.name].create(spec.params, {
    cluster: view, keys: keyCount, sessions: sc.sessionNames.length, rng: makeStream(seed, 'strategy'),
  });
  const waitTimeoutUs = (spec.params as { timeoutUs?: number }).timeoutUs ?? DEFAULT_WAIT_TIMEOUT_US;
  const records: LiveRecord[] = new Array(ops.length);
  const route: ReadRoute = { node: MASTER, waitUs: 0 };
  let writeChain: Promise<void> = Promise.resolve();

  const write = async (op: LiveOp, index: number, issuedUs: number): Promise<void> => {
    const version = ++headVersion[op.key];
    const row = op.set === null ? null : { ...(headRow[op.key] ?? {}), ...op.set };
    headRow[op.key] = row;
    // One writer connection, in issue order: commit order = version order = position order.
    writeChain = writeChain.then(async () => {
      const [res] = await writer.query('INSERT INTO rows_kv (k, v, version) VALUES (?, ?, ?) ON DUPLICATE KEY UPDATE v = VALUES(v), version = VALUES(version)',
        [rowKey(tag, op.key), row === null ? null : JSON.stringify(row), version]);
      const ackUs = clock.nowUs();
      // The GTID rides in the OK packet (session tracking, as MaxScale's causal reads
      // get it), so the write is acknowledged and known by its GTID at the same moment.
      const tracked = (res as { stateChanges?: { systemVariables?: Record<string, string> } }).stateChanges?.systemVariables?.last_gtid;
      const gtid = tracked ?? String(((await writer.query('SELECT @@last_gtid AS gtid'))[0] as Array<{ gtid: unknown }>)[0].gtid);
      const pos = tracker.register(gtid, ackUs);
      committed[op.key] = version;
      commitUs[op.key][version] = ackUs;
      rows[op.key][version] = row;
      strategy.onWrite(ackUs, op.key, op.session, pos);
      metrics.write(ackUs, op.session, op.key, version, ackUs - issuedUs);
      records[index] = {
        index, tUs: ackUs, sentUs: ackUs, issuedUs, slipUs: issuedUs - op.atUs, op: 'write', session: op.session, key: op.key,
        node: MASTER, version, value: row, critical: false, masterVersion: version, masterValue: row, staleSinceUs: ackUs, masterSinceUs: ackUs,
        pos, latencyUs: ackUs - issuedUs, waitUs: 0, timedOut: false, gtid,
      };
    });
    await writeChain;
  };

  const read = async (op: LiveOp, index: number, issuedUs: number): Promise<void> => {
    // Read-your-writes counts the session's writes acknowledged before this read was issued,
    // not those acknowledged while it waited (the simulator's rule too).
    const writtenAtIssue = metrics.writtenVersion(op.session, op.key);
    route.node = MASTER;
    route.waitUs = 0;
    view.beginRoute(issuedUs);
    strategy.route(issuedUs, op.key, op.session, op.critical, route);
    let node = route.node;
    let conn: mysql.PoolConnection | null = null;
    let timedOut = false;
    let waitGtid = '';
    if (node !== MASTER && route.waitUs > 0) {
      if (view.waitPos === 0) throw new Error(`${spec.label} asked for a ${route.waitUs} µs wait that live mode cannot perform`);
      waitGtid = tracker.gtid[view.waitPos];
      conn = await cluster.replicaWaits.getConnection();
      const [res] = await conn.query('SELECT MASTER_GTID_WAIT(?, ?) AS r', [waitGtid, waitTimeoutUs / 1e6]);
      if (Number((res as Array<{ r: unknown }>)[0].r) !== 0) {
        conn.release();
        conn = null;
        node = MASTER;
        timedOut = true;
      }
    }
    const sentUs = clock.nowUs();
    const masterVersion = committed[op.key];
    let answer: Array<{ version: unknown; v: unknown }>;
    try {
      const [res] = await (conn ?? (node === MASTER ? primary : replica)).query('SELECT version, v FROM rows_kv WHERE k = ?', [rowKey(tag, op.key)]);
      answer = res as typeof answer;
    } finally {
      conn?.release();
    }
    const doneUs = clock.nowUs();
    const version = answer.length === 0 ? 0 : Number(answer[0].version);
    const stale = version < masterVersion;
    const staleSinceUs = stale ? commitUs[op.key][version + 1] : sentUs;
    metrics.read(sentUs, op.session, op.key, version, masterVersion, staleSinceUs, node === MASTER, doneUs - issuedUs, op.critical, writtenAtIssue);
    records[index] = {
      index, tUs: sentUs, sentUs, issuedUs, slipUs: issuedUs - op.atUs, op: 'read', session: op.session, key: op.key, node,
      version, value: answer.length === 0 ? null : parseRow(answer[0].v), critical: op.critical, masterVersion,
      masterValue: rows[op.key][masterVersion] ?? null, staleSinceUs, masterSinceUs: stale ? commitUs[op.key][masterVersion] : sentUs, pos: 0, latencyUs: doneUs - issuedUs,
      waitUs: sentUs - issuedUs, timedOut, gtid: waitGtid,
    };
  };

  let failure: unknown = null;
  const inFlight: Promise<void>[] = [];
  try {
    tracker.start();
    for (const m of view.monitors) await m.start();
    for (let i = 0; i < ops.length && failure === null; i++) {
      const op = ops[i];
      while (clock.nowUs() < op.atUs) await clock.sleepUntil(op.atUs);
      const issuedUs = clock.nowUs();
      const p = op.kind === 'write' ? write(op, i, issuedUs) : read(op, i, issuedUs);
      inFlight.push(p.catch((err) => {
        failure ??= err;
      }));
    }
    await Promise.all(inFlight);
    for (const m of view.monitors) await m.stop();
    if (failure !== null) throw failure;
    // Every write's apply lag is measured before fitting: those near the end would
    // otherwise be missing, and only the long ones (a biased sample).
    if (tracker.masterPos > 0) await waitApplied(replica, tracker.gtid[tracker.masterPos], cluster.masterDelaySec);
    while (tracker.appliedPos < tracker.masterPos) await tracker.poll().then(() => new Promise((r) => setTimeout(r, 1)));
  } finally {
    for (const m of view.monitors) await m.stop().catch(() => undefined);
    await tracker.stop().catch((err) => {
      failure ??= err;
    });
    writer.release();
    pollConn.release();
  }
  if (failure !== null) throw failure;

  const lagUs = tracker.ackUs.map((_, pos) => (pos === 0 ? NaN : tracker.lagUs(pos)));
  return {
    spec,
    summary: summarize(spec.label, metrics, sc.horizonUs),
    records,
    ackUs: tracker.ackUs,
    lagUs,
    masterDelaySec: cluster.masterDelaySec,
    wallOffsetUs: clock.wallOffsetUs,
    wallStartMs: clock.wallStartMs,
    visibilityErrUs: Math.max(0, ...tracker.visibleErrUs.filter((x) => Number.isFinite(x))),
    polls: tracker.polls,
    probes: view.monitors.reduce((n, m) => n + m.probes, 0),
  };
}
