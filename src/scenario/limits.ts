import type { Incident } from '../model/follower';
import type { ScenarioInput } from './schema';
import { RateSchedule } from '../workload/stages';
import { Msg, msg } from '../i18n/problem';
import type { StrategySpec } from '../strategies';
import { delayBound } from '../model/distributions';
import { US_PER_S } from '../engine/time';
import { lastReplayedUs } from './compile';

/**
 * The simulator streams: memory follows what is *in flight*, not how long the run is.
 * A few scenarios still ask for a lot — a follower stopped for a day under heavy writes
 * keeps every write of that day in the binlog ring; a node with a tiny capacity queues
 * nearly every operation and serves the last one years after the horizon; millions of
 * sessions × keys turn the read-your-writes tables into hash maps; and the report keeps
 * a mark for every write. This estimates those worst cases before a run and refuses,
 * with a message saying what to change, what would exhaust memory (or hit V8's
 * 2^24-entry Map limit) hours into it.
 *
 * The estimates are deliberately pessimistic upper bounds, not forecasts: a scenario
 * passes unless its worst case is over the budget.
 */

/** Memory a run may take: in-flight state, per-second series, and the report's data. */
export const MAX_STATE_BYTES = 2 * 1024 ** 3;
/** sessions × keys up to this use flat arrays (see metrics/sessionTable); beyond, hash tables of the pairs touched. */
const FLAT_CELLS = 1 << 24;
/** Bytes per in-flight operation (PendingOps columns + its event in the heap). */
const PENDING_BYTES = 96;
/**
 * Bytes per pair in the session hash table at worst: pair number, written version and
 * read cell (3 × 4 bytes, or 3 × 8 once sessions × keys ≥ 2^31), times 4 — a table at
 * most 3/4 full, and while it doubles the old copy beside the new.
 */
const pairEntryBytes = (cells: number): number => 4 * (cells >= 2 ** 31 ? 24 : 12);
/**
 * Bytes per second of a per-second series (the master's operations, metrics/collector):
 * a Float64Array that doubles, so up to twice the seconds plus the old copy while it grows.
 */
const SERIES_BYTES_PER_S = 3 * 8;

type Path = Array<string | number>;
type Problems = Array<[Path, Msg]>;

/** One consumer of memory, the field that drives it, and how to say it. */
interface Part {
  bytes: number;
  path: Path;
  what: () => Msg;
  /** What to change: a `vw.fix…` word. */
  fix: Msg;
}

/** What the run offers: seconds of traffic and upper bounds on its operations. */
interface Load {
  seconds: number;
  writeRate: number;
  readRate: number;
  writes: number;
  reads: number;
}

/** A count that a Poisson variate of this mean practically never exceeds. */
function countBound(mean: number): number {
  return mean + 7 * Math.sqrt(mean) + 100;
}

function bytes(n: number): string {
  return n >= 1024 ** 3 ? `${(n / 1024 ** 3).toFixed(1)} GB` : `${Math.ceil(n / 1024 ** 2)} MB`;
}

function loadOf(s: ScenarioInput): Load {
  const lastEventUs = Math.max(s.events.reduce((m, e) => Math.max(m, e.atUs), 0), lastReplayedUs(s));
  const seconds = (s.duration ?? lastEventUs + US_PER_S) / US_PER_S;
  const replay = s.replay ?? [];
  const replayedWrites = replay.filter((r) => r.write).length;
  const scriptedWrites = s.events.filter((e) => e.kind === 'write').length + replayedWrites;
  // With stages, the peak rate all along: a bound, as everything here.
  const peak = s.workload?.stages === undefined ? 1 : RateSchedule.peak(s.workload.stages);
  const writeRate = (s.workload?.writeRatePerSec ?? 0) * peak;
  const readRate = (s.workload?.readRatePerSec ?? 0) * peak;
  return {
    seconds, writeRate, readRate,
    writes: countBound(writeRate * seconds) + scriptedWrites,
    reads: countBound(readRate * seconds) + s.events.length + replay.length - scriptedWrites,
  };
}

/**
 * An upper bound on the operations one run of the scenario makes (generated reads and
 * writes at 7 standard deviations above their means, plus the scripted ones): what
 * `lagsim run` weighs to decide whether worker threads pay for their start.
 */
export function operationBound(s: ScenarioInput): number {
  const load = loadOf(s);
  return load.writes + load.reads;
}

/**
 * Problems as [field path, message]; empty when the worst case fits. Runs on the validated
 * file before it is compiled (compiling a million keys × a million sessions takes seconds).
 * A report's data are fixed by its bins (report/collect), whatever the run's length.
 */
export function memoryProblems(s: ScenarioInput, strategies: StrategySpec[]): Problems {
  const load = loadOf(s);
  const replayed = s.replay?.length ?? 0;
  const keyCount = Object.keys(s.data).length + s.events.length + replayed + (s.workload?.keys ?? 0);
  const sessionCount = s.events.length + replayed + (s.workload?.sessions ?? 0);
  // Upper bounds on the key and session counts: names may repeat between data, events and workload.
  const cells = sessionCount * keyCount;
  const tableBytes = cells > FLAT_CELLS ? Math.min(cells, load.reads + load.writes) * pairEntryBytes(cells) : cells * 8;
  const parts: Part[] = [
    binlogPart(s, load),
    pendingPart(s, strategies, load),
    { bytes: tableBytes, path: ['workload', 'sessions'], what: () => msg('v.memTables', { n: cells.toExponential(1), size: bytes(tableBytes) }), fix: msg('vw.fixTables') },
    drainPart(s, load),
  ];
  const total = parts.reduce((sum, p) => sum + p.bytes, 0);
  if (total <= MAX_STATE_BYTES) return [];
  // Every part that alone is over the limit, largest first; else the largest.
  const over = parts.filter((p) => p.bytes > MAX_STATE_BYTES).sort((a, b) => b.bytes - a.bytes);
  const shown = over.length > 0 ? over : [parts.reduce((a, b) => (b.bytes > a.bytes ? b : a))];
  return shown.map((p) => [p.path, msg('v.memLimit', { what: p.what(), limit: bytes(MAX_STATE_BYTES), fix: p.fix })]);
}

/** The largest product of `scale` factors in force at one moment (1 without any): the lag's peak multiplier. */
function peakScale(incidents: readonly Incident[]): number {
  const scales = incidents.filter((x) => x.type === 'scale');
  const at = (tUs: number) => scales.reduce((k, x) => (tUs >= x.atUs && tUs < x.atUs + x.durationUs ? k * x.factor : k), 1);
  return scales.reduce((m, x) => Math.max(m, at(x.atUs)), 1);
}

/**
 * Binlog: events not yet applied by the slowest follower, 28 + 16 bytes per follower each,
 * in a ring that doubles (old and new copies coexist while it grows).
 */
function binlogPart(s: ScenarioInput, load: Load): Part {
  const followers = s.cluster.followers;
  let worstDelayUs = 0;
  let worst = 0;
  followers.forEach((f, i) => {
    let delayUs = delayBound(f.lag).maxUs * peakScale(f.incidents);
    delayUs += Math.max(0, ...f.incidents.map((x) => x.extraUs));
    delayUs += f.incidents.filter((x) => x.type === 'stop').reduce((sum, x) => sum + x.durationUs, 0);
    if (f.applyTime !== undefined) {
      // The SQL thread is a queue: at or near saturation its backlog grows without bound.
      const busy = (load.writeRate * delayBound(f.applyTime).meanUs) / US_PER_S;
      delayUs = busy >= 0.9 ? Infinity : delayUs + (delayBound(f.applyTime).maxUs * 10) / (1 - busy);
    }
    if (delayUs > worstDelayUs) {
      worstDelayUs = delayUs;
      worst = i;
    }
  });
  const scriptedWrites = s.events.filter((e) => e.kind === 'write').length + (s.replay?.filter((r) => r.write).length ?? 0);
  const backlog = Math.min(load.writes, load.writeRate * (worstDelayUs / US_PER_S) + scriptedWrites + 1024);
  const binlogBytes = backlog * (28 + 16 * followers.length) * 3;
  const why = (): Msg => (Number.isFinite(worstDelayUs) ? msg('vw.worstDelay', { s: (worstDelayUs / US_PER_S).toPrecision(3) }) : msg('vw.applySaturates'));
  return {
    bytes: binlogBytes,
    path: ['cluster', 'followers', worst],
    what: () => msg('v.memBinlog', { n: backlog.toExponential(1), name: followers[worst].name, why: why(), size: bytes(binlogBytes) }),
    fix: msg('vw.fixBinlog'),
  };
}

/**
 * Operations in flight: queued at a node whose service is slower than its arrivals (its
 * backlog grows with the run, so every operation counts), in their write round trip, waiting
 * for a semi-sync ack or a GTID, or held behind their session's outstanding operation — when
 * a session's arrivals over the longest wait come near one, its held operations can grow with
 * the run too.
 */
function pendingPart(s: ScenarioInput, strategies: StrategySpec[], load: Load): Part {
  const all = load.writes + load.reads;
  const saturated = (capacity: number | undefined, arrivals: number): boolean => capacity !== undefined && arrivals >= 0.9 * capacity;
  let pending = 0;
  if (saturated(s.cluster.master.capacity, load.writeRate + load.readRate) || s.cluster.followers.some((f) => saturated(f.capacity, load.readRate))) pending = all;
  const semi = s.cluster.master.semiSync;
  if (semi !== undefined) pending += Math.min(load.writes, (load.writeRate * semi.timeoutUs) / US_PER_S);
  const writeUs = s.cluster.master.writeLatency;
  pending += Math.min(load.writes, (load.writeRate * writeUs) / US_PER_S);
  const waitUs = Math.max(0, ...strategies.map((x) => {
    const p = x.params as { timeoutUs?: unknown } | null;
    return p !== null && typeof p === 'object' && typeof p.timeoutUs === 'number' ? p.timeoutUs : 0;
  }));
  pending += Math.min(load.reads, (load.readRate * waitUs) / US_PER_S);
  const longestWaitUs = Math.max(waitUs, (semi?.timeoutUs ?? 0) + writeUs);
  const perSession = (load.writeRate + load.readRate) / (s.workload?.sessions ?? 100);
  if ((perSession * longestWaitUs) / US_PER_S >= 0.9) pending = all;
  pending = Math.min(pending, all);
  const pendingBytes = pending * PENDING_BYTES;
  return { bytes: pendingBytes, path: ['cluster'], what: () => msg('v.memPending', { n: pending.toExponential(1), size: bytes(pendingBytes) }), fix: msg('vw.fixPending') };
}

/**
 * The master's per-second load series runs until its queue has drained: after the
 * horizon by at most the service time of every operation (all reads may go to the
 * master). At 0.000001/s a thousand operations take 30 000 years to serve.
 */
function drainPart(s: ScenarioInput, load: Load): Part {
  const capacity = s.cluster.master.capacity;
  const drainSeconds = capacity === undefined ? 0 : countBound(load.writes + load.reads) / capacity;
  const seriesBytes = (load.seconds + drainSeconds) * SERIES_BYTES_PER_S;
  return {
    bytes: seriesBytes,
    path: ['cluster', 'master', 'capacity'],
    what: () => msg('v.memDrain', { rate: capacity ?? 0, s: drainSeconds.toExponential(1), size: bytes(seriesBytes) }),
    fix: msg('vw.fixDrain'),
  };
}
