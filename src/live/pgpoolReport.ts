// What a run through a real Pgpool-II adds to the live report: the replication checks
// Pgpool logged (how many, how far apart — the worker sleeps sr_check_period *after* each
// check, so they drift later than the simulator's 0, P, 2P … grid), how many reads went
// where the last check said, the pgpool.conf it ran with, which server answered the reads,
// and the WAL bytes the replay counted: per write, and held back of the oldest pending one.
import { MASTER } from '../strategies';
import type { PgpoolParams } from '../strategies/pgpool';
import type { LiveRunResult } from './runner';
import type { LiveSession } from './session';
import type { LiveComparison } from './compare';
import { isValid } from './checks';
import { pct, verdictCell } from './table';
import { Lang, t } from '../i18n';

/** Reads this close to a check's logged moment (ms stamps, the decision reaching the children) are not judged. */
export const CHECK_MARGIN_US = 30_000;

/** Reads routed as the last check before them says (delay > delay_threshold: the primary), among those clear of a check. */
export function readsFollowingChecks(run: LiveRunResult, thresholdBytes: number): { judged: number; followed: number } {
  const checks = run.pgpoolChecks ?? [];
  let judged = 0;
  let followed = 0;
  let i = -1;
  const reads = run.records.filter((r) => r.op === 'read').sort((a, b) => a.startUs - b.startUs);
  for (const r of reads) {
    while (i + 1 < checks.length && checks[i + 1].tUs <= r.startUs) i++;
    if (i < 0 || r.startUs - checks[i].tUs < CHECK_MARGIN_US) continue;
    if (i + 1 < checks.length && checks[i + 1].tUs - r.startUs < CHECK_MARGIN_US) continue;
    judged++;
    if ((r.node === MASTER) === (checks[i].bytes > thresholdBytes)) followed++;
  }
  return { judged, followed };
}

/** The checks Pgpool logged within the run, µs from its start. */
export function checksInRun(run: LiveRunResult, horizonUs: number): Array<{ tUs: number; bytes: number }> {
  return (run.pgpoolChecks ?? []).filter((c) => c.tUs >= 0 && c.tUs <= horizonUs);
}

/** What live.json says of a run through Pgpool-II. */
export interface PgpoolJson {
  strategy: string;
  /** Replication checks Pgpool logged during the run: ms from its start, WAL bytes behind. */
  checks: Array<{ atMs: number; bytes: number }>;
  walBytesPerWrite: number | null;
  /** What the standby held back of the oldest pending write (its commit record), when most polls with a write pending saw it; null: whole writes. */
  walCommitBytes: number | null;
  /** Polls that found a write pending, and those that found the standby partway through the oldest. */
  pendingPolls: number;
  partialPolls: number;
  /** With delay_threshold > 0: reads clear of a check, and those routed as the last check said. */
  readsJudged: number | null;
  readsFollowingCheck: number | null;
}

export function pgpoolJson(s: LiveSession): PgpoolJson[] {
  return s.runs.filter((run) => run.proxied && run.spec.name === 'pgpool').map((run) => {
    const p = run.spec.params as PgpoolParams;
    const follow = p.delayThreshold > 0 ? readsFollowingChecks(run, p.delayThreshold) : null;
    return {
      strategy: run.spec.label,
      checks: checksInRun(run, s.scenario.horizonUs).map((c) => ({ atMs: Math.round(c.tUs) / 1000, bytes: c.bytes })),
      walBytesPerWrite: run.walBytesPerWrite,
      walCommitBytes: run.walCommitBytes,
      pendingPolls: run.pendingPolls,
      partialPolls: run.partialPolls,
      readsJudged: follow?.judged ?? null,
      readsFollowingCheck: follow?.followed ?? null,
    };
  });
}

/** The lines of each run through Pgpool-II (none for other runs): its pgpool.conf, where its reads went, its checks (and with delay_threshold, what they counted and followed). */
export function pgpoolLines(s: LiveSession, comparisons: LiveComparison[], lang: Lang): string[] {
  const lines: string[] = [];
  s.runs.forEach((run, i) => {
    if (!run.proxied || run.spec.name !== 'pgpool') return;
    const p = run.spec.params as PgpoolParams;
    lines.push(t(lang, 'live.pgpool.conf', {
      strategy: run.spec.label, threshold: p.delayThreshold, period: p.srCheckPeriodUs / 1e6, onWrite: p.disableLoadBalanceOnWrite,
    }));
    lines.push(`  ${servedLine(run, comparisons[i], lang)}`);
    lines.push(`  ${checksLine(s, run, p, lang)}`);
    if (p.delayThreshold > 0) {
      const held = heldLine(run, lang);
      if (held !== null) lines.push(`  ${held}`);
      const { judged, followed } = readsFollowingChecks(run, p.delayThreshold);
      lines.push(`  ${t(lang, 'live.pgpool.followed', { followed, judged, margin: CHECK_MARGIN_US / 1000 })}`);
    }
  });
  return lines;
}

/** Which server answered the reads, and the primary's share live against the simulator's. */
function servedLine(run: LiveRunResult, c: LiveComparison, lang: Lang): string {
  const reads = run.records.filter((r) => r.op === 'read');
  const primary = reads.filter((r) => r.node === MASTER).length;
  return t(lang, 'live.pgpool.served', {
    primary, reads: reads.length, standby: reads.length - primary,
    share: pct(c.masterReadShare.live), sim: pct(c.masterReadShare.sim), verdict: verdictCell(c.masterReadShare, 'pp', lang, isValid(c.checks)),
  });
}

function checksLine(s: LiveSession, run: LiveRunResult, p: PgpoolParams, lang: Lang): string {
  const checks = checksInRun(run, s.scenario.horizonUs);
  const gaps = checks.slice(1).map((c, i) => (c.tUs - checks[i].tUs) / 1000);
  const vars = {
    checks: checks.length, period: p.srCheckPeriodUs / 1e6,
    bytes: run.walBytesPerWrite === null ? '–' : run.walBytesPerWrite.toFixed(0), scenarioBytes: s.scenario.walBytesPerWrite ?? '–',
  };
  if (gaps.length === 0) return t(lang, 'live.pgpool.fewChecks', vars);
  const spread = { first: (checks[0].tUs / 1000).toFixed(0), gapMin: Math.min(...gaps).toFixed(0), gapMax: Math.max(...gaps).toFixed(0) };
  return t(lang, 'live.pgpool.checks', { ...vars, ...spread });
}

/** What the standby held back of the oldest pending write, as the polls saw it; null when no poll found a write pending. */
function heldLine(run: LiveRunResult, lang: Lang): string | null {
  if (run.pendingPolls === 0) return null;
  const vars = { partial: run.partialPolls, pending: run.pendingPolls };
  return run.walCommitBytes === null ? t(lang, 'live.pgpool.wholeWrites', vars) : t(lang, 'live.pgpool.held', { ...vars, bytes: run.walCommitBytes });
}
