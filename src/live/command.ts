// `lagsim live`: parse, make one call, print, set the exit code. Async (it talks to
// real servers), so it maps errors itself the way main.ts's guard does for the rest.
import * as path from 'path';
import { loadScenarioFile } from '../scenario/load';
import { InputError } from '../scenario/errors';
import { assertFolderReplaceable, writeFolderAtomic } from '../report/files';
import { printable, printableLines } from '../report/printable';
import { Output } from '../cli/output';
import { Endpoints, endpointUrl, pairEndpoints, parseEndpointUrl } from './endpoints';
import { runLiveSession } from './session';
import { LiveComparison, compareRun, readLatencyBase } from './compare';
import { EXIT_INVALID_RUN, isValid } from './checks';
import { LIVE_FILES, liveReport } from './report';
import { pairAddress, startPair } from './pair';
import { at, msg, Problem } from '../i18n/problem';
import { Lang, t } from '../i18n';
import type { EngineKind } from './engines/types';

export interface LiveArgs {
  scenario?: string;
  engine?: EngineKind;
  primary?: string;
  replica?: string;
  startPair?: boolean;
  masterDelay?: number;
  timeScale?: number;
  /** Rows of load_pad every write also updates. */
  writeLoad?: number;
  /** PostgreSQL, a started pair: the replay process's share of one CPU, %. */
  replayCpu?: number;
  strategy?: string[];
  seed?: number;
  json?: boolean;
  out?: string;
  report?: boolean;
  /** Simulated replications per strategy (main.ts fills the default). */
  runs?: number;
}

function endpointsOf(a: LiveArgs): Endpoints | undefined {
  const problems: Problem[] = [];
  if ((a.primary === undefined) !== (a.replica === undefined)) problems.push(at('', msg('v.livePrimaryReplica')));
  if (a.primary !== undefined && a.startPair) problems.push(at('', msg('v.liveStartPair')));
  if (a.primary !== undefined && a.masterDelay !== undefined) problems.push(at('', msg('v.liveMasterDelay')));
  if (problems.length > 0) throw new InputError(problems);
  if (a.primary === undefined || a.replica === undefined) return undefined;
  const parsed: Partial<Endpoints> = {};
  for (const role of ['primary', 'replica'] as const) {
    try {
      parsed[role] = parseEndpointUrl(role, a[role]!, process.env.LAGSIM_PASSWORD, a.engine);
    } catch (err) {
      if (!(err instanceof InputError)) throw err;
      problems.push(...err.issues);
    }
  }
  if (problems.length > 0) throw new InputError(problems);
  return parsed as Endpoints;
}

/** `lagsim live --start-pair` alone: start a pair, print how to use it, keep it until Ctrl-C. */
async function holdPair(a: LiveArgs, lang: Lang): Promise<void> {
  const pg = a.engine === 'postgres';
  const delaySec = a.masterDelay ?? 1;
  const pair = await startPair(pg ? { engine: 'postgres', delayMs: delaySec * 1000 } : { delaySec });
  const e = pairEndpoints(pair);
  const stdout = new Output();
  stdout.line(JSON.stringify(pairAddress(pair)));
  stdout.flush();
  // The password is only named by its file: a terminal, a log or `ps` must not show it.
  const dir = pair.dir;
  const byHand = pg
    ? t(lang, 'live.pg.hold.byHand', { primary: path.join(dir, 'primary.pgpass'), replica: path.join(dir, 'replica.pgpass'), pport: e.primary.port, rport: e.replica.port })
    : t(lang, 'live.hold.byHand', { primary: path.join(dir, 'primary.cnf'), replica: path.join(dir, 'replica.cnf') });
  process.stderr.write(`${t(lang, pg ? 'live.pg.hold' : 'live.hold', { dir, delay: pg ? delaySec * 1000 : delaySec })}\n${byHand}\n`
    + `${t(lang, pg ? 'live.pg.hold.scenario' : 'live.hold.scenario', { password: pair.passwordFile, primaryUrl: endpointUrl(e.primary, false, a.engine), replicaUrl: endpointUrl(e.replica, false, a.engine) })}\n`);
  // pair.ts stops the servers on SIGINT/SIGTERM and exits; until then, wait.
  await new Promise<never>(() => setInterval(() => undefined, 1 << 30));
}

async function live(a: LiveArgs, lang: Lang): Promise<void> {
  if (a.scenario === undefined) {
    if (a.startPair) return holdPair(a, lang);
    throw new InputError([at('', msg('v.liveNeedsScenario'))]);
  }
  const endpoints = endpointsOf(a);
  const sc = loadScenarioFile(a.scenario, { seed: a.seed, strategies: a.strategy });
  if (sc.replay !== null) throw new InputError([at(`${a.scenario}: workload.replay`, msg('v.liveReplay'))]);
  // The folder and the files it will hold are judged before the servers start, so a refusal loses no work.
  const dir = a.report !== false ? a.out ?? path.join('reports', `${sc.name}-live`) : null;
  if (dir !== null) assertFolderReplaceable(dir, LIVE_FILES);
  const log = (line: string): void => void process.stderr.write(`${printableLines(line)}\n`);
  const session = await runLiveSession(sc, { engine: a.engine, endpoints, masterDelaySec: a.masterDelay, timeScale: a.timeScale, writeLoadRows: a.writeLoad, replayCpuPercent: a.replayCpu, label: a.scenario, log, lang });
  const base = readLatencyBase(session.runs, session.scenario);
  const comparisons: LiveComparison[] = session.runs.map((run) => compareRun(session.scenario, run, session.ops, base, a.runs));
  const report = liveReport(sc, session, comparisons, base, lang);

  const out = new Output();
  if (a.json) out.lines(JSON.stringify(report.json, null, 2));
  else out.lines(report.text);
  if (dir !== null) {
    writeFolderAtomic(dir, report.files);
    (a.json ? log : (l: string) => out.lines(l))(`\n${printable(t(lang, 'cli.report', { dir: `${dir}${path.sep}` }))}`);
  }
  out.flush();
  // The report is complete either way; a run whose setup did not hold is not agreement.
  process.exitCode = liveExitCode(comparisons);
}

/** 0, or EXIT_INVALID_RUN when a run did not behave as configured. */
export function liveExitCode(comparisons: LiveComparison[]): number {
  return comparisons.every((c) => isValid(c.checks)) ? 0 : EXIT_INVALID_RUN;
}

/** Entry point from main.ts, speaking `lang` (--lang or the locale); never rejects. Exit codes: 0 ok, 1 failure during the run, 2 bad input, 5 a run that did not behave as configured (EXIT_INVALID_RUN). */
export async function liveMain(a: LiveArgs, lang: Lang): Promise<void> {
  try {
    await live(a, lang);
  } catch (err) {
    if (err instanceof InputError) {
      for (const line of err.lines(lang)) process.stderr.write(`lagsim: ${printable(line)}\n`);
      process.exitCode = 2;
      return;
    }
    // Servers failing mid-run (or failing to start) are not lagsim's bugs: one line, no stack.
    const e = err as Error & { code?: string; sqlMessage?: string };
    const fromDb = e?.code !== undefined || e?.sqlMessage !== undefined || /^(mariadb|postgres)-pair|^pgpool\.sh|^Pgpool-II|replica|primary/.test(e?.message ?? '');
    process.stderr.write(fromDb ? `lagsim: ${t(lang, 'live.failed', { message: printable(e.message) })}\n` : `lagsim: internal error: ${printableLines(e?.stack ?? String(err))}\n`);
    process.exitCode = 1;
  }
}
