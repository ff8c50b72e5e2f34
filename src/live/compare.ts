// Holds the simulator to what the real pair did. For each live run: fit the lag model
// to that run's measured apply lags, replay the run's operations — each at the moment
// it really happened — through the simulator with the fitted model, R times with fresh lag
// draws, and set the measured numbers beside the simulated ones with a tolerance.
import { runOnce } from '../run';
import { Scenario, ScriptedEvent } from '../scenario/types';
import { StrategyResult, combineRuns } from '../metrics/summary';
import { MASTER } from '../strategies';
import { LiveOp } from './schedule';
import { LiveRecord, LiveRunResult, replicaCount, replicaRun } from './runner';
import { LagFit, StopWindow, fitLag } from './fit';
import type { Incident } from '../model/follower';
import { RunChecks, checkRun } from './checks';
import { Agreement, Estimate, LATENCY_RESOLUTION_MS, agreement, clusteredMean, rateAgreement, readCluster, replicatedMean } from './stats';

/** Simulated replications per strategy: they differ only in the lag draws. */
export const SIM_REPLICATIONS = 10;
/** A read is "plain" (no causal wait) when it reached its node within this of being issued. */
const PLAIN_WAIT_US = 1000;

export interface ReadLatencyBase {
  masterUs: number;
  replicaUs: number;
}

export interface LiveComparison {
  strategy: string;
  /** Whether the run behaved as configured; an invalid run's agreements are not agreement. */
  checks: RunChecks;
  /** The first replica's lag model (`fits[0]`). */
  fit: LagFit;
  /** Each replica's lag model, fitted to its own measured lags, the followers' order. */
  fits: LagFit[];
  /** With several replicas: per follower, the share of reads it served and the stale share of all reads served by it. */
  perReplica?: Array<{ follower: string; readShare: Agreement; staleShare: Agreement }>;
  measured: StrategyResult;
  /** Mean over the replications, with ci95. */
  simulated: StrategyResult;
  staleRate: Agreement;
  masterReadShare: Agreement;
  readLatencyMeanMs: Agreement;
  /** Simulated replications behind `simulated`. */
  replications: number;
}

/** Median latency of plain reads per node across every run: the simulator's fixed read latencies. */
export function readLatencyBase(runs: LiveRunResult[], sc: Scenario): ReadLatencyBase {
  const median = (xs: number[], fallback: number): number => {
    if (xs.length === 0) return fallback;
    const s = [...xs].sort((a, b) => a - b);
    return Math.round(s[Math.floor(s.length / 2)]);
  };
  const master: number[] = [];
  const replica: number[] = [];
  for (const run of runs) {
    for (const r of run.records) {
      if (r.op !== 'read' || r.sentUs - r.issuedUs > PLAIN_WAIT_US) continue;
      (r.node === MASTER ? master : replica).push(r.latencyUs);
    }
  }
  return { masterUs: median(master, sc.masterReadLatencyUs), replicaUs: median(replica, sc.followers[0].readLatencyUs) };
}

/**
 * The run's stop incidents as they were played: from the moment STOP was sent to the moment
 * START returned — the whole span in which the real applier may have been stopped.
 */
export function playedStops(run: LiveRunResult): StopWindow[] {
  return run.stops.map((s) => ({ atUs: s.stopSentUs, durationUs: s.startDoneUs - s.stopSentUs }));
}

/** walCommitBytes for the replay: measured (at most the bytes per write the replay counts), else the scenario's. */
function replayedCommitBytes(sc: Scenario, run: LiveRunResult): Pick<Scenario, 'walCommitBytes'> {
  if (run.walCommitBytes === null || run.walBytesPerWrite === null) return sc.walCommitBytes === undefined ? {} : { walCommitBytes: sc.walCommitBytes };
  return { walCommitBytes: Math.min(Math.max(1, Math.round(run.walCommitBytes)), Math.max(1, Math.round(run.walBytesPerWrite))) };
}

/** The median round trip of the run's writes, from sending to the acknowledgement, µs: the replay's `masterWriteLatencyUs`. */
function writeRoundTripUs(run: LiveRunResult): number {
  const rt = run.records.filter((r) => r.op === 'write').map((r) => r.tUs - r.startUs).sort((a, b) => a - b);
  return rt.length === 0 ? 0 : Math.round(rt[Math.floor((rt.length - 1) / 2)]);
}

/**
 * When each live operation arrives in the replay, the records' order. A read: when it arrived.
 * A write: its acknowledgement less the time it was held behind its session's previous
 * operation and less the replay's round trip `rtUs`, so that, not held, it commits when the
 * real one did; held, the simulator holds it likewise and it commits a round trip after its
 * release. Never before its session's previous operation: a session's operations reach the
 * simulator in the order they reached the pair.
 */
function replayTimesUs(run: LiveRunResult, sessions: number, rtUs: number): number[] {
  const lastUs = new Array<number>(sessions).fill(-Infinity);
  return run.records.map((r) => {
    const own = Math.round(r.op === 'write' ? r.tUs - (r.startUs - r.issuedUs) - rtUs : r.issuedUs);
    lastUs[r.session] = Math.max(own, lastUs[r.session]);
    return lastUs[r.session];
  });
}

/**
 * The live run as a scenario of scripted events (see replayTimesUs). `fits` are the followers'
 * lag models, one per replica in the followers' order.
 */
export function replayScenario(sc: Scenario, run: LiveRunResult, ops: LiveOp[], fits: LagFit[], base: ReadLatencyBase, replication: number): Scenario {
  const rtUs = writeRoundTripUs(run);
  const atUs = replayTimesUs(run, sc.sessionNames.length, rtUs);
  const events: ScriptedEvent[] = run.records.map((r, i) => ({
    kind: r.op, atUs: atUs[i], session: r.session, key: r.key,
    set: r.op === 'write' ? ops[r.index].set : null, critical: r.critical,
  }));
  const incidents: Incident[] = playedStops(run).map((w) => ({ type: 'stop', atUs: Math.round(w.atUs), durationUs: Math.round(w.durationUs), extraUs: 0, factor: 1 }));
  return {
    ...sc,
    events,
    workload: null,
    workloadKeyIds: new Int32Array(0),
    masterReadLatencyUs: base.masterUs,
    masterWriteLatencyUs: rtUs,
    masterCapacityPerSec: null,
    semiSync: null,
    // What a write really added to the WAL, where the run measured it (a WAL monitor counts it).
    walBytesPerWrite: run.walBytesPerWrite !== null ? Math.max(1, Math.round(run.walBytesPerWrite)) : sc.walBytesPerWrite,
    // And the part of the oldest pending write the standby held back, where the polls saw it.
    ...replayedCommitBytes(sc, run),
    // Through a real Pgpool-II: its checks at the moments it logged them (before the run, the standby was caught up: a check at 0).
    ...(run.pgpoolChecks === undefined ? {} : { walProbeTimesUs: [0, ...run.pgpoolChecks.filter((c) => c.tUs > 0).map((c) => Math.round(c.tUs))] }),
    // The lag stream is named after the follower: a suffix gives each replication its own draws.
    followers: fits.map((ft, i) => {
      const f = sc.followers[i];
      return { ...f, name: replication === 0 ? f.name : `${f.name}~${replication}`, lag: ft.dist, applyTime: ft.applyTime, incidents: i === 0 ? incidents : [], readLatencyUs: base.replicaUs, capacityPerSec: null };
    }),
    strategies: [run.spec],
  };
}

interface ReadColumns {
  /** The node that served each read (MASTER or a follower index). */
  node: number[];
  stale: number[];
  master: number[];
  latencyMs: number[];
  cluster: number[];
}

function columns(reads: Array<{ key: number; version: number; masterVersion: number; node: number; latencyUs: number }>): ReadColumns {
  const c: ReadColumns = { node: [], stale: [], master: [], latencyMs: [], cluster: [] };
  for (const r of reads) {
    c.node.push(r.node);
    c.stale.push(r.version < r.masterVersion ? 1 : 0);
    c.master.push(r.node === MASTER ? 1 : 0);
    c.latencyMs.push(r.latencyUs / 1000);
    c.cluster.push(readCluster(r.key, r.masterVersion));
  }
  return c;
}

/** The read a replay made, as the comparison needs it. */
export interface ReplayRead {
  key: number;
  version: number;
  masterVersion: number;
  node: number;
  latencyUs: number;
  issuedUs: number;
}

/** The run's operations replayed `replications` times with the fitted lags (one per replica): each replay's summary and reads. */
export function replayRun(sc: Scenario, run: LiveRunResult, ops: LiveOp[], base: ReadLatencyBase, replications: number, fits: LagFit[]): Array<{ result: StrategyResult; reads: ReplayRead[] }> {
  const out: Array<{ result: StrategyResult; reads: ReplayRead[] }> = [];
  for (let rep = 0; rep < replications; rep++) {
    const replay = replayScenario(sc, run, ops, fits, base, rep);
    const reads: ReplayRead[] = [];
    const result = runOnce(replay, run.spec, replay.seed, {
      op: (r) => {
        if (r.op === 'read') reads.push({ key: r.key, version: r.version, masterVersion: r.masterVersion, node: r.node, latencyUs: r.latencyUs, issuedUs: r.issuedUs });
      },
    });
    out.push({ result, reads });
  }
  return out;
}

/** The lag model fitted to the run's measured apply lags on its first replica (or replica `i`), with its MASTER_DELAY and the stops as played. */
export function fitRun(run: LiveRunResult, i = 0): LagFit {
  const r = replicaRun(run, i);
  // Stops are played on the first replica only.
  return fitLag(r.ackUs.slice(1), r.lagUs.slice(1), { delayUs: r.masterDelaySec * 1e6, clockOffsetUs: r.wallOffsetUs }, i === 0 ? playedStops(r) : []);
}

/** Mean of `xs`; NaN when empty. */
const meanOf = (xs: number[]): number => (xs.length === 0 ? NaN : xs.reduce((a, b) => a + b, 0) / xs.length);

/** Per follower: its share of the reads, and the share of all reads that it served stale. */
function perReplica(sc: Scenario, n: number, live: ReadColumns, sims: ReadColumns[]): NonNullable<LiveComparison['perReplica']> {
  const share = (c: ReadColumns, f: number, staleOnly: boolean): number[] => c.node.map((node, j) => (node === f && (!staleOnly || c.stale[j] === 1) ? 1 : 0));
  return sc.followers.slice(0, n).map((fl, f) => ({
    follower: fl.name,
    readShare: rateAgreement(clusteredMean(share(live, f, false), live.cluster), replicatedMean(sims.map((c) => meanOf(share(c, f, false))))),
    staleShare: rateAgreement(clusteredMean(share(live, f, true), live.cluster), replicatedMean(sims.map((c) => meanOf(share(c, f, true))))),
  }));
}

export function compareRun(sc: Scenario, run: LiveRunResult, ops: LiveOp[], base: ReadLatencyBase, replications = SIM_REPLICATIONS): LiveComparison {
  const checks = checkRun(run);
  const n = replicaCount(run);
  const fits = Array.from({ length: n }, (_, i) => fitRun(run, i));
  const live = columns(run.records.filter((r: LiveRecord) => r.op === 'read'));
  const replays = replayRun(sc, run, ops, base, replications, fits);
  const perRun = replays.map((r) => r.result);
  const sims = replays.map((r) => columns(r.reads));
  const simEstimate = (pick: (c: ReadColumns) => number[]): Estimate => replicatedMean(sims.map((c) => meanOf(pick(c))));
  return {
    strategy: run.spec.label,
    checks,
    fit: fits[0],
    fits,
    ...(n > 1 ? { perReplica: perReplica(sc, n, live, sims) } : {}),
    measured: run.summary,
    simulated: combineRuns(perRun),
    staleRate: rateAgreement(clusteredMean(live.stale, live.cluster), simEstimate((c) => c.stale)),
    masterReadShare: rateAgreement(clusteredMean(live.master, live.cluster), simEstimate((c) => c.master)),
    readLatencyMeanMs: agreement(clusteredMean(live.latencyMs, live.cluster), simEstimate((c) => c.latencyMs), LATENCY_RESOLUTION_MS),
    replications,
  };
}
