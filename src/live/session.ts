// A live session: one pair (started here or given by URLs), the scenario's strategies
// played one after another on it, the pair stopped at the end whatever happens.
import { Scenario } from '../scenario/types';
import { StrategySpec } from '../strategies';
import { meanUs } from '../model/distributions';
import { PairInfo, startPair, stopPair } from './pair';
import { Endpoints, pairEndpoints, replicaEndpoints } from './endpoints';
import { LiveCluster, openCluster } from './connect';
import { openPostgresCluster } from './connectPostgres';
import { ENGINE_MONITORS, EngineKind } from './engines/types';
import { LiveOp, checkPlayable, liveSchedule, scaleScenario, stopWindows } from './schedule';
import { InputError } from '../scenario/errors';
import { at, msg } from '../i18n/problem';
import { LiveRunResult, runLive } from './runner';
import { catchUp, dropRows, runTag, seedRows } from './rows';
import { Lang, t } from '../i18n';
import type { MonitorConfig } from '../model/monitor';
import type { PgpoolParams } from '../strategies/pgpool';
import { openPgpoolProxy, readPgpoolChecks, startPgpool, stopPgpool } from './pgpool';

export interface LiveOptions {
  /** Which database: MariaDB (default) or PostgreSQL. */
  engine?: EngineKind;
  /** A pair to use; absent: start one (with `masterDelaySec`) and stop it afterwards. */
  endpoints?: Endpoints;
  /** A pair started by the caller (startPair), used and left running; `pgpool` strategies need one, or a pair started here. */
  pair?: PairInfo;
  /** Delay of a started pair, whole seconds: MASTER_DELAY, or recovery_min_apply_delay on PostgreSQL. */
  masterDelaySec?: number;
  /** Wall seconds per scenario second (0.5: twice as fast). */
  timeScale?: number;
  /** Overrides the scenario's strategies. */
  strategies?: StrategySpec[];
  /** Progress lines (stderr in the CLI). */
  log?: (line: string) => void;
  /** Scenario file name, for messages. */
  label?: string;
  /** Language of the progress lines (default English). */
  lang?: Lang;
  /** Each write also updates every row of table load_pad, this many rows long (0: plain writes). */
  writeLoadRows?: number;
  /** PostgreSQL, a pair started here: the standby's replay process may use this share (%) of one CPU. */
  replayCpuPercent?: number;
}

export interface SessionReplica {
  /** The scenario's follower it plays. */
  follower: string;
  where: string;
  masterDelaySec: number;
  applyDelayUs: number;
}

export interface LiveSession {
  /** The scenario as played: time-scaled. */
  scenario: Scenario;
  timeScale: number;
  ops: LiveOp[];
  runs: LiveRunResult[];
  serverVersion: string;
  engine: EngineKind;
  masterDelaySec: number;
  /** The replica's configured apply delay (MASTER_DELAY or recovery_min_apply_delay), µs. */
  applyDelayUs: number;
  primaryWhere: string;
  replicaWhere: string;
  /** Every replica with its follower's name, when there are more than one (the fields above are the first's). */
  replicas?: SessionReplica[];
  /** Whether this session started (and stopped) the pair. */
  startedPair: boolean;
  /** The write load each write carried (rows of load_pad it updated; 0: none). */
  writeLoadRows: number;
  /** The share of one CPU (%) the standby's replay process was held to; null: not limited (or not known, for a given pair). */
  replayCpuPercent: number | null;
}

/** The MASTER_DELAY a started replica gets by default: its follower's lag (the first's unless `f` says), rounded to whole seconds. */
export function defaultMasterDelaySec(sc: Scenario, f = 0): number {
  const lag = sc.followers[f]?.lag;
  if (lag === undefined) return 1;
  return Math.max(0, Math.round(meanUs(lag) / 1e6));
}

/** A started PostgreSQL standby's recovery_min_apply_delay by default: the scenario's follower lag, to the millisecond. */
export function defaultApplyDelayMs(sc: Scenario): number {
  const lag = sc.followers[0]?.lag;
  if (lag === undefined) return 1000;
  return Math.max(0, Math.round(meanUs(lag) / 1e3));
}

/** A strategy's monitor must be one the engine reports (a standby has no Seconds_Behind_Master, MariaDB no replay timestamp). */
function checkEngineMonitors(specs: StrategySpec[], engine: EngineKind): void {
  const modes = ENGINE_MONITORS[engine];
  const bad = specs.filter((s) => {
    const mode = (s.params as { monitor?: MonitorConfig | null }).monitor?.mode;
    return mode !== undefined && !modes.includes(mode);
  });
  const name = engine === 'postgres' ? 'PostgreSQL' : 'MariaDB';
  if (bad.length > 0) {
    throw new InputError(bad.map((s) => at(s.label, msg('v.liveEngineMonitor', { mode: (s.params as { monitor: MonitorConfig }).monitor.mode, engine: name, modes: modes.join(', ') }))));
  }
}

/** A `pgpool` strategy played by a real Pgpool-II configured as the strategy, in front of the started pair. */
async function runThroughPgpool(cluster: LiveCluster, sc: Scenario, spec: StrategySpec, ops: LiveOp[], tag: string, pair: PairInfo, log: (line: string) => void, lang: Lang): Promise<LiveRunResult> {
  const sessions = sc.sessionNames.length;
  const params = spec.params as PgpoolParams;
  const addr = await startPgpool(pair.dir, params, sessions);
  log(t(lang, 'live.pg.log.pgpoolUp', { port: addr.port }));
  try {
    const proxy = await openPgpoolProxy(addr, cluster.endpoints.primary, sessions);
    try {
      const run = await runLive(cluster, sc, spec, sc.seed, ops, tag, proxy);
      const checks = readPgpoolChecks(pair.dir).map((c) => ({ tUs: (c.wallMs - run.wallStartMs) * 1000, bytes: c.bytes }));
      return { ...run, pgpoolChecks: checks.filter((c) => c.tUs >= -params.srCheckPeriodUs) };
    } finally {
      await proxy.close();
    }
  } finally {
    await stopPgpool(pair.dir);
  }
}

/** A `pgpool` strategy is played by a real Pgpool-II, which lagsim starts in front of a PostgreSQL pair it started. */
function checkPgpool(specs: StrategySpec[], engine: EngineKind, givenPair: boolean): void {
  const bad = specs.filter((s) => s.name === 'pgpool');
  if (bad.length > 0 && (engine !== 'postgres' || givenPair)) throw new InputError(bad.map((s) => at(s.label, msg('v.livePgpoolPair'))));
}

export async function runLiveSession(input: Scenario, opts: LiveOptions = {}): Promise<LiveSession> {
  const log = opts.log ?? (() => undefined);
  const lang = opts.lang ?? 'en';
  const timeScale = opts.timeScale ?? 1;
  const sc = scaleScenario(input, timeScale);
  checkPlayable(sc, opts.label ?? sc.name);
  if (stopWindows(sc).length > 0 && opts.endpoints !== undefined && opts.endpoints.replicaAdmin === undefined) {
    throw new InputError([at(`${opts.label ?? sc.name}: cluster.followers[0].incidents`, msg('v.liveStopNeedsAdmin'))]);
  }
  const specs = opts.strategies ?? sc.strategies;
  const ops = liveSchedule(sc, sc.seed);
  const engine = opts.engine ?? 'mariadb';
  checkEngineMonitors(specs, engine);
  checkPgpool(specs, engine, opts.endpoints !== undefined && opts.pair === undefined);
  const writeLoadRows = opts.writeLoadRows ?? 0;
  // Writes through Pgpool-II are plain upserts: they would not carry the load the report states.
  if (writeLoadRows > 0 && specs.some((s) => s.name === 'pgpool')) throw new InputError([at('--write-load', msg('v.livePgpoolWriteLoad'))]);
  if (opts.replayCpuPercent !== undefined && (engine !== 'postgres' || opts.endpoints !== undefined || opts.pair !== undefined)) {
    throw new InputError([at('--replay-cpu', msg('v.liveReplayCpu'))]);
  }
  if (engine === 'postgres' && sc.followers.length > 1) throw new InputError([at(`${opts.label ?? sc.name}: cluster.followers`, msg('v.livePgOneReplica', { n: sc.followers.length }))]);

  let pair: PairInfo | null = null;
  let cluster: LiveCluster | null = null;
  try {
    let endpoints = opts.pair !== undefined ? pairEndpoints(opts.pair) : opts.endpoints;
    if (endpoints === undefined) {
      if (engine === 'postgres') {
        const delayMs = opts.masterDelaySec !== undefined ? opts.masterDelaySec * 1000 : defaultApplyDelayMs(input);
        log(t(lang, 'live.pg.log.starting', { delay: delayMs }));
        pair = await startPair({ engine, delayMs, replayCpuPercent: opts.replayCpuPercent });
      } else {
        const delaysSec = input.followers.map((_, f) => opts.masterDelaySec ?? defaultMasterDelaySec(input, f));
        const many = delaysSec.length > 1;
        log(many ? t(lang, 'live.log.startingMany', { n: delaysSec.length, delays: input.followers.map((f, i) => `${f.name} ${delaysSec[i]}s`).join(', ') }) : t(lang, 'live.log.starting', { delay: delaysSec[0] }));
        pair = await startPair({ delaysSec });
      }
      const replicas = pair.replicas ?? [pair.replica];
      log(replicas.length > 1
        ? t(lang, 'live.log.pairUpMany', { dir: pair.dir, primary: pair.primary.port, replicas: replicas.map((r, i) => `${input.followers[i]?.name ?? i} ${r.host}:${r.port}`).join(', ') })
        : t(lang, 'live.log.pairUp', { dir: pair.dir, primary: pair.primary.port, replica: pair.replica.port }));
      endpoints = pairEndpoints(pair);
    }
    const given = replicaEndpoints(endpoints).length;
    if (given !== sc.followers.length) throw new InputError([at(`${opts.label ?? sc.name}: cluster.followers`, msg('v.liveReplicaCount', { n: sc.followers.length, m: given }))]);
    cluster = engine === 'postgres' ? await openPostgresCluster(endpoints, writeLoadRows) : await openCluster(endpoints, writeLoadRows);
    const tags = specs.map((_, i) => runTag(i));
    await seedRows(cluster, sc, tags);
    const runs: LiveRunResult[] = [];
    for (let i = 0; i < specs.length; i++) {
      log(t(lang, 'live.log.run', { strategy: specs[i].label, ops: ops.length, seconds: (sc.horizonUs / 1e6).toFixed(1) }));
      runs.push(specs[i].name === 'pgpool'
        ? await runThroughPgpool(cluster, sc, specs[i], ops, tags[i], (opts.pair ?? pair)!, log, lang)
        : await runLive(cluster, sc, specs[i], sc.seed, ops, tags[i]));
      // The next run starts on a replica with nothing pending, as the simulation does.
      await catchUp(cluster);
    }
    if (pair === null) await dropRows(cluster, tags);
    return {
      scenario: sc, timeScale, ops, runs,
      serverVersion: cluster.serverVersion,
      engine,
      masterDelaySec: cluster.masterDelaySec,
      applyDelayUs: cluster.applyDelayUs,
      primaryWhere: endpoints.primary.where,
      replicaWhere: endpoints.replica.where,
      ...(cluster.replicas.length > 1 ? {
        replicas: cluster.replicas.map((r, f) => ({ follower: sc.followers[f].name, where: r.where, masterDelaySec: r.masterDelaySec, applyDelayUs: r.applyDelayUs })),
      } : {}),
      startedPair: pair !== null,
      writeLoadRows,
      replayCpuPercent: (pair ?? opts.pair)?.replayCpuPercent ?? null,
    };
  } finally {
    await cluster?.close();
    if (pair !== null) {
      log(t(lang, 'live.log.stopping'));
      await stopPair(pair);
    }
  }
}
