import { ApplyRecord, OpRecord } from '../src/observer';
import { Summary } from '../src/metrics/summary';
import { Scenario } from '../src/scenario/types';
import { MASTER, StrategySpec } from '../src/strategies';
import { PairWatch } from '../scripts/goldens';

/**
 * Invariants of one scenario × strategy run, checked as it is watched: reads never see a
 * version ahead of the master and never go back, the master reads its own latest version,
 * followers apply in binlog order after the commit, and the summary counts what the run
 * did. `failure` is the first broken one (null while none is); the checks stop there, so a
 * golden pass the checker rides on still runs to its end.
 */
export interface InvariantCheck extends PairWatch {
  failure: string | null;
}

export function invariantCheck(sc: Scenario, spec: StrategySpec): InvariantCheck {
  const lastApplied = new Array<number>(sc.followers.length).fill(0);
  // Per node and key, the last version a read returned (the master first).
  const seen = new Float64Array((sc.followers.length + 1) * sc.keyNames.length);
  let reads = 0, stale = 0, onMaster = 0;
  const check: InvariantCheck = {
    failure: null,
    observer: {
      op(r: OpRecord) {
        if (r.op !== 'read' || check.failure !== null) return;
        reads++;
        if (r.node === MASTER) onMaster++;
        if (r.version < r.masterVersion) stale++;
        check.failure = readFailure(r, seen, sc.keyNames.length, spec.label);
      },
      apply(a: ApplyRecord) {
        if (check.failure !== null) return;
        check.failure = applyFailure(a, lastApplied, spec.label);
      },
    },
    done(summary: Summary) {
      if (check.failure === null) check.failure = summaryFailure(summary, spec, { reads, stale, onMaster });
    },
  };
  return check;
}

/** What a read breaks, if anything; records the version it saw. */
function readFailure(r: OpRecord, seen: Float64Array, keys: number, label: string): string | null {
  // A follower is never ahead of the master; the master always has its own latest version.
  if (!(r.version <= r.masterVersion)) return `${label}: read version ${r.version} > master ${r.masterVersion}`;
  if (r.node === MASTER && r.version !== r.masterVersion) return `${label}: the master read version ${r.version} of its ${r.masterVersion}`;
  if (r.version < r.masterVersion && !(r.staleSinceUs <= r.tUs)) return `${label}: a stale answer became wrong before the read`;
  // Each node's version of a key never decreases.
  const id = (r.node === MASTER ? 0 : r.node + 1) * keys + r.key;
  if (!(r.version >= seen[id])) return `${label}: node ${r.node} went back on key ${r.key}`;
  seen[id] = r.version;
  return null;
}

/** What an apply breaks, if anything: strictly in binlog order, never before the commit. */
function applyFailure(a: ApplyRecord, lastApplied: number[], label: string): string | null {
  if (a.pos !== lastApplied[a.follower] + 1) return `${label}: follower ${a.follower} applied position ${a.pos} after ${lastApplied[a.follower]}`;
  if (!(a.tUs >= a.commitUs)) return `${label}: follower ${a.follower} applied position ${a.pos} at ${a.tUs} µs, before its commit at ${a.commitUs} µs`;
  lastApplied[a.follower] = a.pos;
  return null;
}

/** What the summary of the watched run gets wrong, if anything. */
function summaryFailure(summary: Summary, spec: StrategySpec, counted: { reads: number; stale: number; onMaster: number }): string | null {
  // The counts are the watched run's: a summary over several runs is their mean.
  if (summary.runs !== 1) return `${spec.label}: the summary is over ${summary.runs} runs, the counts of its first only`;
  const s = summary.results[0];
  const wrong = (what: string, summarized: number, seen: number): string => `${spec.label}: the summary has ${summarized} ${what}, the run made ${seen}`;
  if (s.reads !== counted.reads) return wrong('reads', s.reads, counted.reads);
  if (s.staleReads !== counted.stale) return wrong('stale reads', s.staleReads, counted.stale);
  if (s.masterReads !== counted.onMaster) return wrong('reads on the master', s.masterReads, counted.onMaster);
  if (!(s.staleReads <= s.reads)) return `${spec.label}: more stale reads than reads`;
  if (!(s.rywViolations <= s.staleReads)) return `${spec.label}: a read-your-writes violation is a stale read`;
  if (spec.name === 'all-master' && s.staleReads !== 0) return `${spec.label}: all-master is never stale`;
  if (spec.name === 'all-follower' && s.masterReads !== 0) return `${spec.label}: all-follower never reads the master`;
  return null;
}
