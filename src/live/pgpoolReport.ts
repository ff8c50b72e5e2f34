// What a run through a real Pgpool-II adds to the live report: the replication checks
// Pgpool logged (how many, how far apart — the worker sleeps sr_check_period *after* each
// check, so they drift later than the simulator's 0, P, 2P … grid), how many reads went
// where the last check said, and the WAL bytes per write the replay counted.
import { MASTER } from '../strategies';
import type { PgpoolParams } from '../strategies/pgpool';
import type { LiveRunResult } from './runner';
import type { LiveSession } from './session';
import { Lang, t } from '../i18n';

/** Reads this close to a check's logged moment (ms stamps, the decision reaching the children) are not judged. */
export const CHECK_MARGIN_US = 30_000;

/** Reads routed as the last check before them says (delay > delay_threshold: the primary), among those clear of a check. */
export function readsFollowingChecks(run: LiveRunResult, thresholdBytes: number): { judged: number; followed: number } {
  const checks = run.pgpoolChecks ?? [];
  let judged = 0;
  let followed = 0;
  let i = -1;
  const reads = run.records.filter((r) => r.op === 'read').sort((a, b) => a.issuedUs - b.issuedUs);
  for (const r of reads) {
    while (i + 1 < checks.length && checks[i + 1].tUs <= r.issuedUs) i++;
    if (i < 0 || r.issuedUs - checks[i].tUs < CHECK_MARGIN_US) continue;
    if (i + 1 < checks.length && checks[i + 1].tUs - r.issuedUs < CHECK_MARGIN_US) continue;
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
      readsJudged: follow?.judged ?? null,
      readsFollowingCheck: follow?.followed ?? null,
    };
  });
}

/** One line per run through Pgpool-II (none for other runs). */
export function pgpoolLines(s: LiveSession, lang: Lang): string[] {
  const lines: string[] = [];
  for (const run of s.runs) {
    if (!run.proxied || run.spec.name !== 'pgpool') continue;
    const p = run.spec.params as PgpoolParams;
    const checks = checksInRun(run, s.scenario.horizonUs);
    const gaps = checks.slice(1).map((c, i) => (c.tUs - checks[i].tUs) / 1000);
    const vars = {
      strategy: run.spec.label, checks: checks.length, period: p.srCheckPeriodUs / 1e6,
      bytes: run.walBytesPerWrite === null ? '–' : run.walBytesPerWrite.toFixed(0), scenarioBytes: s.scenario.walBytesPerWrite ?? '–',
    };
    if (gaps.length === 0) lines.push(t(lang, 'live.pgpool.fewChecks', vars));
    else {
      const spread = { first: (checks[0].tUs / 1000).toFixed(0), gapMin: Math.min(...gaps).toFixed(0), gapMax: Math.max(...gaps).toFixed(0) };
      lines.push(t(lang, 'live.pgpool.checks', { ...vars, ...spread }));
    }
    if (p.delayThreshold > 0) {
      const { judged, followed } = readsFollowingChecks(run, p.delayThreshold);
      lines.push(`  ${t(lang, 'live.pgpool.followed', { followed, judged, margin: CHECK_MARGIN_US / 1000 })}`);
    }
  }
  return lines;
}
