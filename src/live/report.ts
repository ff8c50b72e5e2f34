// The outputs of a live session: the terminal text, the summary JSON (the simulator's
// summary shape for the measured numbers, plus a `live` object), and the report
// folder's files — live.json, live.txt and index.html.
import { Scenario } from '../scenario/types';
import { Summary, StrategyResult } from '../metrics/summary';
import { usToMs } from '../engine/time';
import { LiveSession } from './session';
import { LiveComparison, ReadLatencyBase, SIM_REPLICATIONS } from './compare';
import { LATENCY_RESOLUTION_MS, Z95 } from './stats';
import { PgpoolJson, pgpoolJson, pgpoolLines } from './pgpoolReport';
import { formatComparison, harnessLine, loadLines, perReplicaLines, sessionHeadline, setupLines, storyLines } from './table';
import { RunChecks, failureText, isValid } from './checks';
import { livePage } from './page';
import { LIVE_LAGS_FILE, utcTimeOfDay } from '../import/lag';
import { Lang, t } from '../i18n';

export interface LiveReport {
  text: string;
  json: LiveSummary;
  files: Array<[string, string]>;
}

/** The summary JSON of a live session: `results` are the measured numbers. */
export interface LiveSummary extends Summary {
  live: {
    serverVersion: string;
    primary: string;
    replica: string;
    /** With several replicas: each one, the followers' order (`replica` is the first). */
    replicas?: Array<{ follower: string; where: string; masterDelaySec: number }>;
    engine: string;
    masterDelaySec: number;
    /** The replica's configured apply delay: MASTER_DELAY, or recovery_min_apply_delay on PostgreSQL. */
    applyDelayMs: number;
    timeScale: number;
    startedPair: boolean;
    /** Rows of load_pad every write also updated (0: plain writes). */
    writeLoadRows: number;
    /** PostgreSQL: the share of one CPU (%) the standby's replay process was held to; null: not limited. */
    replayCpuPercent: number | null;
    readLatencyBaseMs: { master: number; replica: number };
    simReplications: number;
    tolerance: string;
    /** False when a run did not behave as configured (its comparison's checks list what failed). */
    valid: boolean;
    comparisons: Array<Omit<LiveComparison, 'measured' | 'simulated' | 'checks' | 'fits'> & { fits?: LiveComparison['fits']; simulated: StrategyResult; checks: JsonChecks }>;
    /** Runs played through a real Pgpool-II (absent when none). */
    pgpool?: PgpoolJson[];
  };
}

/** A run's checks in the JSON: what was checked, whether it passed, each failure with its sentence in English. */
interface JsonChecks {
  valid: boolean;
  checked: string[];
  failures: Array<{ check: string; message: string; values: Record<string, string | number> }>;
}

function jsonChecks(c: RunChecks): JsonChecks {
  return {
    valid: isValid(c),
    checked: c.checked,
    failures: c.failures.map((f) => ({ check: f.check, message: failureText(f, 'en'), values: f.vars })),
  };
}

/** How the comparison is made, in four sentences in `lang` (the page's method section; the last one also in the JSON). */
export const method = (replications: number, lang: Lang): string[] => [
  t(lang, 'live.method.judged'),
  t(lang, 'live.method.fitted'),
  t(lang, 'live.method.replayed', { n: replications }),
  t(lang, 'live.method.tolerance', { z: Z95, resolution: LATENCY_RESOLUTION_MS }),
];

/**
 * Every measured apply lag (µs) in the lag CSV format, so that `{ dist: empirical, file: … }`
 * reads it as it is; `time_of_day` is the write's acknowledgement on the wall clock (UTC),
 * `run` numbers the strategies in live.txt's order, `write` the write within the run. A
 * write never seen applied has no lag and no line; a # line counts them.
 */
export function applyLagsCsv(session: LiveSession): string {
  const lines = [
    '# apply lags measured by lagsim live: the first poll of the replica that showed each write, minus its acknowledgement (wall clock)',
  ];
  const rows: string[] = [];
  let unseen = 0;
  session.runs.forEach((run, r) => {
    for (let pos = 1; pos < run.lagUs.length; pos++) {
      const at = utcTimeOfDay(run.wallStartMs + run.ackUs[pos] / 1000);
      if (Number.isFinite(run.lagUs[pos])) rows.push(`${Math.round(run.lagUs[pos])},${at},${r + 1},${pos}`);
      else unseen++;
    }
  });
  if (unseen > 0) lines.push(`# ${unseen} writes were never seen applied and have no line`);
  return [...lines, 'lag_us,time_of_day,run,write', ...rows, ''].join('\n');
}

/** The files of a live report folder: judged before the servers start (assertFolderReplaceable). */
export const LIVE_FILES = ['live.json', 'live.txt', LIVE_LAGS_FILE, 'index.html'] as const;

/** The outputs in `lang`; the JSON is the same in every language. */
export function liveReport(sc: Scenario, session: LiveSession, comparisons: LiveComparison[], base: ReadLatencyBase, lang: Lang): LiveReport {
  const replications = comparisons[0]?.replications ?? SIM_REPLICATIONS;
  const lines: string[] = [sessionHeadline(sc, session, lang), ''];
  const scripted = session.ops.some((op) => op.event >= 0);
  if (scripted) {
    session.runs.forEach((run, i) => {
      lines.push(run.spec.label);
      for (const l of storyLines(session, i, lang)) lines.push(`  ${l}`);
      lines.push('');
    });
  }
  lines.push(t(lang, 'live.compareIntro'), '');
  lines.push(formatComparison(comparisons, lang), '');
  lines.push(...perReplicaLines(comparisons, lang));
  lines.push(...setupLines(comparisons, session, lang));
  lines.push(...pgpoolLines(session, comparisons, lang));
  lines.push(harnessLine(session, lang));
  lines.push(...loadLines(session, lang));
  const text = lines.join('\n');

  const json: LiveSummary = {
    scenario: sc.name,
    seed: sc.seed,
    runs: 1,
    horizonMs: usToMs(session.scenario.horizonUs),
    results: comparisons.map((c) => c.measured),
    live: {
      serverVersion: session.serverVersion,
      primary: session.primaryWhere,
      replica: session.replicaWhere,
      ...(session.replicas !== undefined ? { replicas: session.replicas.map((r) => ({ follower: r.follower, where: r.where, masterDelaySec: r.masterDelaySec })) } : {}),
      engine: session.engine,
      masterDelaySec: session.masterDelaySec,
      applyDelayMs: session.applyDelayUs / 1000,
      timeScale: session.timeScale,
      startedPair: session.startedPair,
      writeLoadRows: session.writeLoadRows,
      replayCpuPercent: session.replayCpuPercent,
      readLatencyBaseMs: { master: usToMs(base.masterUs), replica: usToMs(base.replicaUs) },
      simReplications: replications,
      tolerance: method(replications, 'en')[3],
      valid: comparisons.every((c) => isValid(c.checks)),
      comparisons: comparisons.map(({ measured: _m, checks, fits, ...rest }) => ({ ...rest, ...(fits.length > 1 ? { fits } : {}), checks: jsonChecks(checks) })),
      ...(session.runs.some((r) => r.proxied) ? { pgpool: pgpoolJson(session) } : {}),
    },
  };
  const contents: Record<(typeof LIVE_FILES)[number], string> = {
    'live.json': JSON.stringify(json, null, 2) + '\n',
    'live.txt': text + '\n',
    [LIVE_LAGS_FILE]: applyLagsCsv(session),
    'index.html': livePage(sc, session, comparisons, method(replications, lang), lang),
  };
  return {
    text,
    json,
    files: LIVE_FILES.map((name) => [name, contents[name]]),
  };
}
