// Whether a live run was the experiment it claims to be. The lag fit follows whatever the
// replica did, so a pair that did not behave as configured (a replica not replicating,
// MASTER_DELAY not delaying, a harness that could not keep the schedule) would still
// "agree" with a simulator fitted to it. These checks look at the run itself, before any
// comparison, and a run that fails one is reported as invalid, never as agreement.
import { LiveRunResult, replicaCount, replicaRun, waitTimeoutUs } from './runner';
import { masterDelayEarliestUs } from '../model/distributions';
import { formatClock } from '../engine/time';
import { Lang, Vars, t } from '../i18n';
import type { LiveKey } from '../i18n/live.en';
import type { EngineKind } from './engines/types';

/** Exit code of `lagsim live` when a run did not behave as configured (a check failed). */
export const EXIT_INVALID_RUN = 5;

/**
 * Scripted operations and the STOP/START of an incident issued later than this against the
 * schedule make a run invalid: a tenth of MASTER_DELAY's one-second grain, past which the run
 * no longer plays the story's timing (a scripted operation may cross a tick it was placed away from).
 */
export const SLIP_BOUND_US = 100_000;
/**
 * The bound for generated traffic. The comparison replays every operation at the moment it
 * was really issued, so lateness does not bias agreement; past this bound the traffic played
 * is no longer the scenario's.
 */
export const TRAFFIC_SLIP_BOUND_US = 500_000;
/**
 * How far the harness's clock may stand from the servers' (same host, but the harness
 * reads a monotonic clock anchored once to the wall clock): an apply this much before the
 * earliest the whole-second rule allows is still taken as on time.
 */
export const CLOCK_TOLERANCE_US = 5_000;

export type CheckId = 'replicating' | 'delay' | 'onTime' | 'waits' | 'stopped';

/** A failed check: which, and what was found, as a catalogue sentence with its numbers. */
export interface CheckFailure {
  check: CheckId;
  key: LiveKey;
  vars: Vars;
  /** Which replica it concerns (`127.0.0.1:3307`), when the run had several. */
  replica?: string;
}

export interface RunChecks {
  /** The checks that applied to this run (all passed unless listed in `failures`). */
  checked: CheckId[];
  failures: CheckFailure[];
}

const ms = (us: number): string => (us / 1000).toFixed(1);
const clock = (us: number): string => `t=${formatClock(us)}`;

/** Both replication threads running before the run and after it applied every write; the applier really stopped in each stop window. */
function replicating(run: LiveRunResult): CheckFailure[] {
  const out: CheckFailure[] = [];
  for (const [when, th] of [['before', run.threadsBefore], ['after', run.threadsAfter]] as const) {
    if (!th.receiving || !th.applying) {
      out.push({ check: 'replicating', key: when === 'before' ? 'live.check.notReplicatingBefore' : 'live.check.notReplicatingAfter', vars: { state: th.state, error: th.error || '—' } });
    }
  }
  return out;
}

/** The visibility interval of write `pos` on the replica: [lo, hi], µs on the run's axis. */
function seen(run: LiveRunResult, pos: number): { lo: number; hi: number } {
  const at = run.ackUs[pos] + run.lagUs[pos];
  return { lo: at - run.lagErrUs[pos], hi: at + run.lagErrUs[pos] };
}

/**
 * The earliest a write issued at `issuedUs` may be applied, and the sentence when one was
 * applied sooner. MASTER_DELAY: the event's timestamp is the second its statement started on
 * the primary, no earlier than the harness issued it, and the applier starts it no sooner than
 * that second + MASTER_DELAY (masterDelayEarliestUs). recovery_min_apply_delay: the standby
 * replays a COMMIT record no sooner than the commit's timestamp + the delay (to the
 * microsecond: it waits until then, rounding the remaining milliseconds up), and the commit
 * is no earlier than the harness issued the write.
 */
function delayRule(run: LiveRunResult): { earliestUs: (issuedUs: number) => number; key: LiveKey; delay: number } {
  if (run.masterDelaySec > 0) {
    const delayUs = run.masterDelaySec * 1e6;
    return { earliestUs: (issuedUs) => masterDelayEarliestUs(issuedUs, delayUs, run.wallOffsetUs), key: 'live.check.tooEarly', delay: run.masterDelaySec };
  }
  return { earliestUs: (issuedUs) => issuedUs + run.minApplyDelayUs, key: 'live.check.tooEarlyPg', delay: run.minApplyDelayUs / 1000 };
}

/** No write applied sooner than the replica's configured delay allows (less the clock tolerance). */
function delay(run: LiveRunResult): CheckFailure[] {
  const rule = delayRule(run);
  const early: Array<{ pos: number; earliestUs: number; hiUs: number; issuedUs: number; gtid: string }> = [];
  for (const r of run.records) {
    if (r.op !== 'write' || !Number.isFinite(run.lagUs[r.pos])) continue;
    // From when the write was sent: a write held behind its session's previous operation is sent after it arrived.
    const earliestUs = rule.earliestUs(r.startUs);
    const { hi } = seen(run, r.pos);
    if (hi < earliestUs - CLOCK_TOLERANCE_US) early.push({ pos: r.pos, earliestUs, hiUs: hi, issuedUs: r.startUs, gtid: r.gtid });
  }
  if (early.length === 0) return [];
  const f = early[0];
  return [{
    check: 'delay', key: rule.key, vars: {
      n: early.length, writes: run.ackUs.length - 1, delay: rule.delay, pos: f.pos, gtid: f.gtid,
      issued: clock(f.issuedUs), seen: clock(f.hiUs), lag: ms(run.lagUs[f.pos]), earliest: clock(f.earliestUs), early: ms(f.earliestUs - f.hiUs),
    },
  }];
}

/** Scripted operations and STOP/START within SLIP_BOUND_US of their time, generated traffic within TRAFFIC_SLIP_BOUND_US. */
function onTime(run: LiveRunResult): CheckFailure[] {
  const slips = run.records.map((r) => ({ slipUs: r.slipUs, atUs: r.issuedUs, boundUs: r.scripted ? SLIP_BOUND_US : TRAFFIC_SLIP_BOUND_US }));
  for (const s of run.stops) {
    slips.push(
      { slipUs: s.stopSentUs - s.atUs, atUs: s.stopSentUs, boundUs: SLIP_BOUND_US },
      { slipUs: s.startSentUs - (s.atUs + s.durationUs), atUs: s.startSentUs, boundUs: SLIP_BOUND_US },
    );
  }
  const late = slips.filter((s) => s.slipUs > s.boundUs);
  if (late.length === 0) return [];
  const worst = late.reduce((a, b) => (b.slipUs - b.boundUs > a.slipUs - a.boundUs ? b : a));
  return [{ check: 'onTime', key: 'live.check.late', vars: { n: late.length, bound: ms(worst.boundUs), slip: ms(worst.slipUs), at: clock(worst.atUs) } }];
}

/** No causal wait on follower `f` timed out although the replica had applied its GTID well before the deadline. */
function waits(run: LiveRunResult, follower: number): CheckFailure[] {
  const timeoutUs = waitTimeoutUs(run.spec);
  const wrong = run.records.filter((r) => r.timedOut && r.waitedPos > 0 && (r.waitedOn ?? 0) === follower && seen(run, r.waitedPos).hi < r.waitStartUs + timeoutUs - CLOCK_TOLERANCE_US);
  if (wrong.length === 0) return [];
  const f = wrong[0];
  return [{
    check: 'waits', key: 'live.check.waitTimedOut',
    vars: { n: wrong.length, timeout: timeoutUs / 1e6, from: clock(f.waitStartUs), gtid: f.gtid, applied: clock(seen(run, f.waitedPos).hi) },
  }];
}

/** In each stop window the applier reported itself stopped, and no write became visible between STOP returning and START being sent. */
function stopped(run: LiveRunResult): CheckFailure[] {
  const out: CheckFailure[] = [];
  for (const s of run.stops) {
    if (s.threadsStopped.applying) out.push({ check: 'stopped', key: 'live.check.stillApplying', vars: { at: clock(s.stopDoneUs), state: s.threadsStopped.state } });
    for (let pos = 1; pos < run.ackUs.length; pos++) {
      const { lo, hi } = seen(run, pos);
      if (lo > s.stopDoneUs && hi < s.startSentUs) {
        out.push({ check: 'stopped', key: 'live.check.appliedWhileStopped', vars: { pos, seen: clock(hi), from: clock(s.stopDoneUs), to: clock(s.startSentUs) } });
        break;
      }
    }
  }
  return out;
}

/** The checks that apply to `run`, and what failed; replicating, delay and waits on each replica. */
export function checkRun(run: LiveRunResult): RunChecks {
  const checked = new Set<CheckId>(['replicating', 'onTime']);
  const failures = onTime(run);
  const n = replicaCount(run);
  for (let f = 0; f < n; f++) {
    const r = replicaRun(run, f);
    const mine: CheckFailure[] = replicating(r);
    if (r.masterDelaySec > 0 || r.minApplyDelayUs > 0) {
      checked.add('delay');
      mine.push(...delay(r));
    }
    if (run.records.some((x) => x.waitedPos > 0 && (x.waitedOn ?? 0) === f)) {
      checked.add('waits');
      mine.push(...waits(r, f));
    }
    failures.push(...(n > 1 ? mine.map((x) => ({ ...x, replica: run.replicas![f].where })) : mine));
  }
  if (run.stops.length > 0) {
    checked.add('stopped');
    failures.push(...stopped(run));
  }
  return { checked: [...checked], failures };
}

export const isValid = (c: RunChecks): boolean => c.failures.length === 0;

/** One sentence per failure, in `lang`, naming the replica when the run had several. */
export function failureText(f: CheckFailure, lang: Lang): string {
  const text = t(lang, f.key, f.vars);
  return f.replica === undefined ? text : t(lang, 'live.check.onReplica', { replica: f.replica, text });
}

/** The replica's configured delay as a session knows it: MASTER_DELAY, or recovery_min_apply_delay on PostgreSQL. */
export interface ConfiguredDelay {
  engine: EngineKind;
  masterDelaySec: number;
  applyDelayUs: number;
  /** With several replicas, each one's (the fields above are the first's). */
  replicas?: Array<{ follower: string; masterDelaySec: number }>;
}

/**
 * The lines under the comparison: what every run was checked for when all passed, else
 * one line per failed check naming the run, and what an invalid run means.
 */
export function checkLines(runs: Array<{ strategy: string; checks: RunChecks }>, delay: ConfiguredDelay, lang: Lang): string[] {
  const failed = runs.filter((r) => !isValid(r.checks));
  if (failed.length === 0) {
    const ids = new Set(runs.flatMap((r) => r.checks.checked));
    const pg = delay.engine === 'postgres';
    const each = delay.replicas !== undefined;
    const vars = {
      delay: pg ? delay.applyDelayUs / 1000 : delay.masterDelaySec, tol: ms(CLOCK_TOLERANCE_US), bound: ms(SLIP_BOUND_US), trafficBound: ms(TRAFFIC_SLIP_BOUND_US),
      delays: (delay.replicas ?? []).map((r) => `${r.follower} ${r.masterDelaySec}s`).join(', '),
    };
    const key = (id: CheckId): LiveKey => {
      if (id === 'delay') return pg ? 'live.check.pass.delayPg' : each ? 'live.check.pass.delayEach' : 'live.check.pass.delay';
      return id === 'replicating' && each ? 'live.check.pass.replicatingEach' : `live.check.pass.${id}`;
    };
    const parts = [...ids].map((id) => t(lang, key(id), vars));
    return [t(lang, 'live.checks.passed', { checks: parts.join('; ') })];
  }
  return [
    ...failed.flatMap((r) => r.checks.failures.map((f) => t(lang, 'live.checks.invalidRun', { strategy: r.strategy, what: failureText(f, lang) }))),
    t(lang, 'live.checks.invalidNote', { invalid: t(lang, 'live.verdict.invalid'), n: failed.length, runs: runs.length, code: EXIT_INVALID_RUN }),
  ];
}
