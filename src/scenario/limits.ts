import type { ScenarioInput } from './schema';
import { Msg, msg } from '../i18n/problem';
import type { StrategySpec } from '../strategies';
import { delayBound } from '../model/distributions';
import { US_PER_S } from '../engine/time';

/**
 * The simulator streams: memory follows what is *in flight*, not how long the run is.
 * A few scenarios still ask for a lot in flight — a follower stopped for a day under
 * heavy writes keeps every write of that day in the binlog ring; a node with a tiny
 * capacity queues nearly every operation; millions of sessions × keys turn the
 * read-your-writes tables into hash maps. This estimates those worst cases before a run
 * and refuses, with a message saying what to change, what would exhaust memory
 * (or hit V8's 2^24-entry Map limit) hours into it.
 *
 * The estimates are deliberately pessimistic upper bounds, not forecasts: a scenario
 * passes unless its worst case is over the budget.
 */

/** Memory the in-flight state may take: binlog backlog, queued operations, session tables. */
export const MAX_STATE_BYTES = 2 * 1024 ** 3;
/** V8's Map and Set hold at most 2^24 entries. */
const MAX_MAP_ENTRIES = 1 << 24;
/** sessions × keys up to this use flat arrays (see metrics/sessionTable); beyond, Maps. */
const FLAT_CELLS = 1 << 24;
/** Bytes per in-flight operation (PendingOps columns + its event in the heap). */
const PENDING_BYTES = 96;
/** Bytes per Map entry of a session table, with the hash table's slack. */
const MAP_ENTRY_BYTES = 48;

/** A count that a Poisson variate of this mean practically never exceeds. */
function countBound(mean: number): number {
  return mean + 7 * Math.sqrt(mean) + 100;
}

function bytes(n: number): string {
  return n >= 1024 ** 3 ? `${(n / 1024 ** 3).toFixed(1)} GB` : `${Math.ceil(n / 1024 ** 2)} MB`;
}

/**
 * Problems as [field path, message]; empty when the worst case fits. Runs on the validated
 * file before it is compiled (compiling a million keys × a million sessions takes seconds).
 */
export function memoryProblems(s: ScenarioInput, strategies: StrategySpec[]): Array<[Array<string | number>, Msg]> {
  const problems: Array<[Array<string | number>, Msg]> = [];
  const lastEventUs = s.events.reduce((m, e) => Math.max(m, e.atUs), 0);
  const seconds = (s.duration ?? lastEventUs + US_PER_S) / US_PER_S;
  const w = s.workload;
  const scriptedWrites = s.events.filter((e) => e.kind === 'write').length;
  const scriptedReads = s.events.length - scriptedWrites;
  const writeRate = w?.writeRatePerSec ?? 0;
  const readRate = w?.readRatePerSec ?? 0;
  const writes = countBound(writeRate * seconds) + scriptedWrites;
  const reads = countBound(readRate * seconds) + scriptedReads;
  const sc = {
    followers: s.cluster.followers.map((f) => ({ name: f.name, lag: f.lag, applyTime: f.applyTime ?? null, incidents: f.incidents, capacityPerSec: f.capacity })),
    masterCapacityPerSec: s.cluster.master.capacity,
    semiSync: s.cluster.master.semiSync,
    strategies,
  };
  const followers = sc.followers.length;

  // Binlog: events not yet applied by the slowest follower, 28 + 16 bytes per follower each,
  // in a ring that doubles (old and new copies coexist while it grows).
  let worstDelayUs = 0;
  let worst = 0;
  sc.followers.forEach((f, i) => {
    let delayUs = delayBound(f.lag).maxUs;
    delayUs += Math.max(0, ...f.incidents.map((x) => x.extraUs));
    delayUs += f.incidents.filter((x) => x.type === 'stop').reduce((sum, x) => sum + x.durationUs, 0);
    if (f.applyTime !== null) {
      // The SQL thread is a queue: at or near saturation its backlog grows without bound.
      const load = (writeRate * delayBound(f.applyTime).meanUs) / US_PER_S;
      delayUs = load >= 0.9 ? Infinity : delayUs + (delayBound(f.applyTime).maxUs * 10) / (1 - load);
    }
    if (delayUs > worstDelayUs) {
      worstDelayUs = delayUs;
      worst = i;
    }
  });
  const backlog = Math.min(writes, writeRate * (worstDelayUs / US_PER_S) + scriptedWrites + 1024);
  const binlogBytes = backlog * (28 + 16 * followers) * 3;

  // Operations in flight: queued at a saturated node, waiting for a semi-sync ack or a GTID.
  let pending = 0;
  const saturated = (capacity: number | null | undefined, arrivals: number): boolean => capacity != null && arrivals >= 0.9 * capacity;
  if (saturated(sc.masterCapacityPerSec, writeRate + readRate) || sc.followers.some((f) => saturated(f.capacityPerSec, readRate))) pending = writes + reads;
  if (sc.semiSync) pending += Math.min(writes, (writeRate * sc.semiSync.timeoutUs) / US_PER_S);
  const waitUs = Math.max(0, ...sc.strategies.map((x) => {
    const p = x.params as { timeoutUs?: unknown } | null;
    return p !== null && typeof p === 'object' && typeof p.timeoutUs === 'number' ? p.timeoutUs : 0;
  }));
  pending += Math.min(reads, (readRate * waitUs) / US_PER_S);
  pending = Math.min(pending, writes + reads);
  const pendingBytes = pending * PENDING_BYTES;

  // Read-your-writes and monotonic-read tables: flat arrays, or Maps of the pairs touched.
  // Upper bounds on the key and session counts: names may repeat between data, events and workload.
  const keyCount = Object.keys(s.data).length + s.events.length + (w?.keys ?? 0);
  const sessionCount = s.events.length + (w?.sessions ?? 0);
  const cells = sessionCount * keyCount;
  const mapEntries = cells > FLAT_CELLS ? Math.min(cells, reads) : 0;
  const tableBytes = cells > FLAT_CELLS ? (Math.min(cells, writes) + 2 * mapEntries) * MAP_ENTRY_BYTES : cells * 9;
  if (mapEntries > MAX_MAP_ENTRIES) {
    problems.push([['workload'], msg('v.tooManyPairs', { cells: cells.toExponential(1), reads: reads.toExponential(1), max: MAX_MAP_ENTRIES, flat: FLAT_CELLS })]);
    return problems;
  }

  const total = binlogBytes + pendingBytes + tableBytes;
  if (total <= MAX_STATE_BYTES) return problems;
  const why = Number.isFinite(worstDelayUs) ? msg('vw.worstDelay', { s: (worstDelayUs / US_PER_S).toPrecision(3) }) : msg('vw.applySaturates');
  const parts: Array<[number, Array<string | number>, Msg]> = [
    [binlogBytes, ['cluster', 'followers', worst], msg('v.memBinlog', { n: backlog.toExponential(1), name: sc.followers[worst].name, why, size: bytes(binlogBytes) })],
    [pendingBytes, ['cluster'], msg('v.memPending', { n: pending.toExponential(1), size: bytes(pendingBytes) })],
    [tableBytes, ['workload', 'sessions'], msg('v.memTables', { n: cells.toExponential(1), size: bytes(tableBytes) })],
  ];
  parts.sort((a, b) => b[0] - a[0]);
  const [, path, what] = parts[0];
  problems.push([path, msg('v.memLimit', { what, limit: bytes(MAX_STATE_BYTES) })]);
  return problems;
}
