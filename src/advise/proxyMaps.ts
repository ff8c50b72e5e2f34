import type { Vars } from '../i18n';
import type { Balance, FollowerChoice } from '../strategies/balance';
import type { PostWriteWindowParams } from '../strategies/postWriteWindow';
import type { LagThresholdParams } from '../strategies/lagThreshold';
import type { CausalParams } from '../strategies/causal';
import type { MonitorMode } from '../model/monitor';
import { lagThreshold } from '../strategies/lagThreshold';
import { causal } from '../strategies/causal';
import { postWriteWindow } from '../strategies/postWriteWindow';
import { allFollower } from '../strategies/allFollower';
import { criticalOnly } from '../strategies/criticalOnly';
import { PgpoolParams, PgpoolWriteMode, pgpool as pgpoolStrategy } from '../strategies/pgpool';

/**
 * How each proxy expresses each lagsim strategy: language-neutral plans (setting lines,
 * comment and difference ids from the catalogue src/i18n/proxies.*.ts) or a refusal.
 * One table per proxy, one entry per strategy name: a new strategy's mapping is one entry.
 *
 * Unit conversions round in the direction that keeps reads fresh, and are exact where the
 * real system's own unit makes them so (a whole-second Seconds_Behind_Master compared
 * with a whole-second limit).
 */

/** The real system's stale-read rate against lagsim's for the same workload. */
export type StaleBias = 'higher' | 'lower' | 'either' | 'none';

/** A catalogue text and its variables. */
export interface Said {
  key: string;
  vars?: Vars;
}

/** A setting line as written, or a comment from the catalogue. */
export type Line = string | Said;
export type Diff = Said & { stale: StaleBias };
export type Refusal = { refuse: Said; nearest?: string };
export type Plan = { lines: Line[]; differs: Diff[] } | Refusal;

export interface ProxyMap {
  name: string;
  file: string;
  /** How the file starts a comment line. */
  comment: string;
  strategies: Record<string, (params: any) => Plan>;
}

const US_PER_S = 1_000_000;

/** Whole seconds not above `us`: a lag limit this strict keeps every read the strategy keeps fresh. */
export const secondsDown = (us: number): number => Math.floor(us / US_PER_S);
/** Whole seconds not below `us` (a lag assumed for a stopped follower: larger shuns sooner). */
export const secondsUp = (us: number): number => Math.ceil(us / US_PER_S);
/** Whole milliseconds not above `us` (a probe interval: probing no less often). */
export const msDown = (us: number): number => Math.floor(us / 1000);
/** Whole milliseconds not below `us` (a post-write window: protecting no shorter). */
export const msUp = (us: number): number => Math.ceil(us / 1000);

const refuse = (key: string, vars?: Vars, nearest?: string): Refusal => (nearest !== undefined ? { refuse: { key, vars }, nearest } : { refuse: { key, vars } });
const c = (key: string, vars?: Vars): Said => ({ key, vars });
const d = (key: string, stale: StaleBias, vars?: Vars): Diff => ({ key, vars, stale });

// ---------------------------------------------------------------- ProxySQL

const PSQL_WRITER = 10;
const PSQL_READER = 20;

const proxysqlLoad = ['LOAD MYSQL SERVERS TO RUNTIME; SAVE MYSQL SERVERS TO DISK;', 'LOAD MYSQL QUERY RULES TO RUNTIME; SAVE MYSQL QUERY RULES TO DISK;', 'LOAD MYSQL VARIABLES TO RUNTIME; SAVE MYSQL VARIABLES TO DISK;'];

const proxysqlVar = (name: string, value: string | number): string => `UPDATE global_variables SET variable_value='${value}' WHERE variable_name='${name}';`;

/** SELECTs to the reader hostgroup (SELECT … FOR UPDATE stays on the writer); the writer serves no reads. */
function proxysqlSplit(): Line[] {
  return [
    c('proxy.c.hostgroups', { writer: PSQL_WRITER, reader: PSQL_READER }),
    `INSERT INTO mysql_query_rules (rule_id, active, match_digest, destination_hostgroup, apply) VALUES (100, 1, '^SELECT.*FOR UPDATE', ${PSQL_WRITER}, 1);`,
    `INSERT INTO mysql_query_rules (rule_id, active, match_digest, destination_hostgroup, apply) VALUES (200, 1, '^SELECT', ${PSQL_READER}, 1);`,
    proxysqlVar('mysql-monitor_writer_is_also_reader', 'false'),
  ];
}

/** ProxySQL picks a reader at random by weight; it never picks by lag. */
function proxysqlBalance(p: FollowerChoice, label: (b: Balance) => string): Diff[] | Refusal {
  if (p.balance === 'least-lagged') return refuse('proxy.proxysql.noLeastLagged', undefined, label('random'));
  return p.balance === 'round-robin' ? [d('proxy.d.weightedRandom', 'none', { proxy: 'ProxySQL' })] : [];
}

const proxysql: ProxyMap = {
  name: 'ProxySQL',
  file: 'ProxySQL admin (mysql -h 127.0.0.1 -P 6032)',
  comment: '--',
  strategies: {
    'all-master': () => ({
      lines: [c('proxy.c.hostgroups', { writer: PSQL_WRITER, reader: PSQL_READER }), `DELETE FROM mysql_query_rules WHERE destination_hostgroup = ${PSQL_READER};`, `UPDATE mysql_users SET default_hostgroup = ${PSQL_WRITER};`, 'LOAD MYSQL USERS TO RUNTIME; SAVE MYSQL USERS TO DISK;', proxysqlLoad[1]],
      differs: [],
    }),
    'all-follower': (p: FollowerChoice) => {
      const bal = proxysqlBalance(p, (b) => allFollower.label({ ...p, balance: b, monitor: null }));
      if (!Array.isArray(bal)) return bal;
      return { lines: [...proxysqlSplit(), proxysqlLoad[1], proxysqlLoad[2]], differs: bal };
    },
    'critical-only': (p: FollowerChoice) => {
      const bal = proxysqlBalance(p, (b) => criticalOnly.label({ balance: b, monitor: null }));
      if (!Array.isArray(bal)) return bal;
      return {
        lines: [
          ...proxysqlSplit().slice(0, 2),
          `INSERT INTO mysql_query_rules (rule_id, active, username, match_digest, destination_hostgroup, apply) VALUES (200, 1, 'app', '^SELECT', ${PSQL_READER}, 1);`,
          proxysqlVar('mysql-monitor_writer_is_also_reader', 'false'),
          c('proxy.c.criticalUser'),
          `INSERT INTO mysql_users (username, password, default_hostgroup) VALUES ('app_critical', 'change-me', ${PSQL_WRITER});`,
          'LOAD MYSQL USERS TO RUNTIME; SAVE MYSQL USERS TO DISK;',
          proxysqlLoad[1], proxysqlLoad[2],
        ],
        differs: bal,
      };
    },
    'post-write-window': (p: PostWriteWindowParams) => refuse('proxy.proxysql.noWindow', undefined, p.scope === 'session' ? causal.label({ mode: 'fast', scope: 'session', timeoutUs: 10 * US_PER_S, balance: 'random', monitor: null }) : undefined),
    'lag-threshold': (p: LagThresholdParams) => proxysqlLagThreshold(p),
    causal: (p: CausalParams) => proxysqlCausal(p),
    'adaptive-window': () => refuse('proxy.noAdaptive'),
  },
};

function proxysqlLagThreshold(p: LagThresholdParams): Plan {
  const m = p.monitor!;
  const mode = m.mode === 'replay-timestamp' || m.mode === 'replay-lag' ? 'seconds-behind-master' : m.mode;
  const nearest = lagThreshold.label(lagNearest(p, p.balance === 'least-lagged' ? 'random' : p.balance, mode, US_PER_S, 1000));
  if (m.mode === 'replay-timestamp') return refuse('proxy.mysqlNoReplayTimestamp', { proxy: 'ProxySQL' }, nearest);
  if (m.mode === 'replay-lag') return refuse('proxy.mysqlNoReplayLag', { proxy: 'ProxySQL' }, nearest);
  const limit = secondsDown(p.thresholdUs);
  if (limit < 1) return refuse('proxy.proxysql.thresholdBelow1s', undefined, nearest);
  if (p.balance === 'least-lagged') return refuse('proxy.proxysql.noLeastLagged', undefined, nearest);
  const bal = proxysqlBalance(p, () => nearest) as Diff[];
  const intervalMs = msDown(m.probeIntervalUs);
  if (intervalMs < 1) return refuse('proxy.probeBelow1ms', { proxy: 'ProxySQL' }, nearest);
  const nullS = secondsUp(m.nullLagUs);
  const heartbeat = m.mode === 'heartbeat';
  const lines: Line[] = [
    ...proxysqlSplit(),
    c('proxy.c.proxysqlLag', { limit, threshold: fmtS(p.thresholdUs) }),
    `UPDATE mysql_servers SET max_replication_lag = ${limit} WHERE hostgroup_id = ${PSQL_READER};`,
    proxysqlVar('mysql-monitor_replication_lag_interval', intervalMs),
    ...(heartbeat ? [c('proxy.c.ptHeartbeat'), proxysqlVar('mysql-monitor_replication_lag_use_percona_heartbeat', 'percona.heartbeat')] : [proxysqlVar('mysql-monitor_slave_lag_when_null', nullS)]),
    ...proxysqlLoad,
  ];
  const differs: Diff[] = [d('proxy.d.proxysqlRejoin', 'lower', { limit }), d('proxy.d.proxysqlNoFallback', 'lower'), ...bal];
  if (msDown(m.probeIntervalUs) * 1000 !== m.probeIntervalUs) differs.push(d('proxy.d.intervalRounded', 'lower', { value: `${intervalMs} ms` }));
  if (heartbeat) differs.push(d('proxy.d.proxysqlHeartbeat', 'either'));
  else if (nullS * US_PER_S !== m.nullLagUs) differs.push(d('proxy.d.nullLagRounded', 'lower', { value: `${nullS} s` }));
  return { lines, differs };
}

function proxysqlCausal(p: CausalParams): Plan {
  const fastSession = causal.label({ ...p, mode: 'fast', scope: 'session' });
  if (p.mode === 'wait') return refuse('proxy.proxysql.noWait', undefined, fastSession);
  if (p.scope === 'global') return refuse('proxy.proxysql.noGlobal', undefined, fastSession);
  const bal = proxysqlBalance(p, (b) => causal.label({ ...p, balance: b, monitor: null }));
  if (!Array.isArray(bal)) return bal;
  return {
    lines: [
      ...proxysqlSplit(),
      c('proxy.c.proxysqlGtid'),
      `UPDATE mysql_servers SET gtid_port = 3307 WHERE hostgroup_id IN (${PSQL_WRITER}, ${PSQL_READER});`,
      `UPDATE mysql_query_rules SET gtid_from_hostgroup = ${PSQL_WRITER} WHERE rule_id = 200;`,
      ...proxysqlLoad.slice(0, 2),
    ],
    differs: [d('proxy.d.binlogReader', 'lower'), ...bal],
  };
}

// ---------------------------------------------------------------- MaxScale

const mxsService = ['[Read-Write-Service]', 'type=service', 'router=readwritesplit', 'servers=server1,server2,server3', 'user=maxscale', 'password=change-me'];

/** MaxScale's follower choice: least-lagged is least_behind_master (on the monitor's Seconds_Behind_Master); the others are its load-based default. */
function maxscaleBalance(p: FollowerChoice, label: (c: FollowerChoice) => string): { lines: Line[]; monitor: Line[]; differs: Diff[] } | Refusal {
  if (p.balance !== 'least-lagged') return { lines: [], monitor: [], differs: [d('proxy.d.maxscaleLoadBalance', 'either')] };
  const m = p.monitor!;
  if (m.mode !== 'seconds-behind-master') return refuse(maxscaleNoMonitor(m.mode), { proxy: 'MaxScale' }, label({ ...p, monitor: { ...m, mode: 'seconds-behind-master' } }));
  const ms = msDown(m.probeIntervalUs);
  if (ms < 1) return refuse('proxy.probeBelow1ms', { proxy: 'MaxScale' }, label({ ...p, monitor: { ...m, probeIntervalUs: 1000 } }));
  return { lines: ['slave_selection_criteria=least_behind_master'], monitor: [`monitor_interval=${ms}ms`], differs: [d('proxy.d.maxscaleNoNullLag', 'either')] };
}

function mxsMonitor(lines: Line[]): Line[] {
  return lines.length === 0 ? [] : ['', '[MariaDB-Monitor]', 'type=monitor', 'module=mariadbmon', ...lines];
}

const maxscale: ProxyMap = {
  name: 'MaxScale',
  file: '/etc/maxscale.cnf',
  comment: '#',
  strategies: {
    'all-master': () => ({ lines: [...mxsService, 'max_slave_connections=0'], differs: [] }),
    'all-follower': (p: FollowerChoice) => maxscaleSimple(p, (q) => allFollower.label(q), [], []),
    'critical-only': (p: FollowerChoice) => maxscaleSimple(p, (q) => criticalOnly.label(q), ['filters=Hint', c('proxy.c.maxscaleHint')], ['', '[Hint]', 'type=filter', 'module=hintfilter']),
    'post-write-window': (p: PostWriteWindowParams) => refuse('proxy.maxscale.noWindow', undefined, p.scope === 'session' ? causal.label({ mode: 'wait', scope: 'session', timeoutUs: 10 * US_PER_S, balance: 'round-robin', monitor: null }) : undefined),
    'lag-threshold': (p: LagThresholdParams) => maxscaleLagThreshold(p),
    causal: (p: CausalParams) => maxscaleCausal(p),
    'adaptive-window': () => refuse('proxy.noAdaptive'),
  },
};

/** The service section with the follower choice and `service` lines, then `sections` and the monitor's. */
function maxscaleSimple(p: FollowerChoice, label: (c: FollowerChoice) => string, service: Line[], sections: Line[]): Plan {
  const bal = maxscaleBalance(p, label);
  if ('refuse' in bal) return bal;
  return { lines: [...mxsService, ...bal.lines, ...service, ...sections, ...mxsMonitor(bal.monitor)], differs: bal.differs };
}

function maxscaleLagThreshold(p: LagThresholdParams): Plan {
  const m = p.monitor!;
  const nearest = lagThreshold.label(lagNearest(p, p.balance, 'seconds-behind-master', 0, 1000));
  if (m.mode !== 'seconds-behind-master') return refuse(maxscaleNoMonitor(m.mode), { proxy: 'MaxScale' }, nearest);
  const ms = msDown(m.probeIntervalUs);
  if (ms < 1) return refuse('proxy.probeBelow1ms', { proxy: 'MaxScale' }, nearest);
  // Seconds_Behind_Master is whole seconds N; lagsim keeps N ≤ threshold, MaxScale N < limit.
  const limit = secondsDown(p.thresholdUs) + 1;
  const lines: Line[] = [
    ...mxsService,
    c('proxy.c.maxscaleLag', { limit, threshold: fmtS(p.thresholdUs) }),
    `max_replication_lag=${limit}s`,
    ...(p.balance === 'least-lagged' ? ['slave_selection_criteria=least_behind_master'] : []),
    ...mxsMonitor([`monitor_interval=${ms}ms`]),
  ];
  const differs: Diff[] = [d('proxy.d.maxscaleNoNullLag', 'either')];
  if (p.balance !== 'least-lagged') differs.push(d('proxy.d.maxscaleLoadBalance', 'either'));
  if (ms * 1000 !== m.probeIntervalUs) differs.push(d('proxy.d.intervalRounded', 'lower', { value: `${ms} ms` }));
  return { lines, differs };
}

const CAUSAL_MODE = { 'wait/session': 'local', 'wait/global': 'global', 'fast/session': 'fast', 'fast/global': 'fast_global' } as const;

function maxscaleCausal(p: CausalParams): Plan {
  const timeoutS = secondsDown(p.timeoutUs);
  if (p.mode === 'wait' && timeoutS < 1) return refuse('proxy.maxscale.timeoutBelow1s', undefined, causal.label({ ...p, timeoutUs: US_PER_S }));
  const bal = maxscaleBalance(p, (q) => causal.label({ ...p, ...q }));
  if ('refuse' in bal) return bal;
  const differs: Diff[] = [...bal.differs];
  if (p.mode === 'fast') differs.push(d('proxy.d.maxscaleFastMonitor', 'lower'));
  if (p.mode === 'wait' && timeoutS * US_PER_S !== p.timeoutUs) differs.push(d('proxy.d.timeoutRounded', 'either', { value: `${timeoutS}s` }));
  if (p.scope === 'global') differs.push(d('proxy.d.maxscaleGlobalGtid', 'higher'));
  return {
    lines: [
      ...mxsService,
      `causal_reads=${CAUSAL_MODE[`${p.mode}/${p.scope}`]}`,
      ...(p.mode === 'wait' ? [`causal_reads_timeout=${timeoutS}s`] : []),
      ...bal.lines,
      ...mxsMonitor(bal.monitor),
    ],
    differs,
  };
}

// ---------------------------------------------------------------- Pgpool-II

const pgpoolBalanced = ["backend_clustering_mode = 'streaming_replication'", 'load_balance_mode = on', 'statement_level_load_balance = on', 'backend_weight0 = 0', c('proxy.c.pgpoolWeights')];

/** The pgpool.conf routing settings a snippet leaves at Pgpool-II's defaults or sets (sr_check_period in seconds). */
export interface PgpoolConf {
  delayThreshold: number;
  srCheckPeriodS: number;
  disableLoadBalanceOnWrite: PgpoolWriteMode;
}

/** Pgpool-II 4.3's defaults: no delay check, a check every 10 s, 'transaction'. */
const PGPOOL_DEFAULTS: PgpoolConf = { delayThreshold: 0, srCheckPeriodS: 10, disableLoadBalanceOnWrite: 'transaction' };

/**
 * The settings test/live-pgpool.test.ts plays through a real Pgpool-II 4.3.5 (each with
 * pgpoolBalanced's lines) in front of a PostgreSQL standby delayed 1 s, requiring the stale-read
 * rate and the primary's share of reads measured through it to agree with lagsim's. A snippet
 * says it was validated only when its settings are one of these, exactly.
 */
export const PGPOOL_VALIDATED: readonly PgpoolConf[] = [
  PGPOOL_DEFAULTS,
  { delayThreshold: 1024, srCheckPeriodS: 1, disableLoadBalanceOnWrite: 'transaction' },
  { ...PGPOOL_DEFAULTS, disableLoadBalanceOnWrite: 'always' },
];

const confText = (x: PgpoolConf): string =>
  `delay_threshold = ${x.delayThreshold}, sr_check_period = ${x.srCheckPeriodS}, disable_load_balance_on_write = '${x.disableLoadBalanceOnWrite}'`;

/** Whether `conf` (null: settings the test plays none of) was validated against the real Pgpool-II, said as a comment. */
function pgpoolValidation(conf: PgpoolConf | null): Said {
  const same = (x: PgpoolConf): boolean => conf !== null && x.delayThreshold === conf.delayThreshold
    && x.srCheckPeriodS === conf.srCheckPeriodS && x.disableLoadBalanceOnWrite === conf.disableLoadBalanceOnWrite;
  return PGPOOL_VALIDATED.some(same) ? c('proxy.c.pgpoolValidated') : c('proxy.c.pgpoolNotValidated', { list: PGPOOL_VALIDATED.map(confText).join('; ') });
}

function pgpoolBalance(p: FollowerChoice, label: (b: Balance) => string): Diff[] | Refusal {
  if (p.balance === 'least-lagged') return refuse('proxy.pgpool.noLeastLagged', undefined, label('random'));
  return p.balance === 'round-robin' ? [d('proxy.d.weightedRandom', 'none', { proxy: 'Pgpool-II' })] : [];
}

/**
 * A load-balancing snippet: whether it was validated, pgpoolBalanced, then `lines`; the
 * differences `first`, the follower choice's, then `last` (or the follower choice's refusal).
 * `conf`: its routing settings, null when it does more than pgpool.conf's routing settings.
 */
function pgpoolPlan(p: FollowerChoice, label: (b: Balance) => string, conf: PgpoolConf | null, lines: Line[], first: Diff[] = [], last: Diff[] = []): Plan {
  const bal = pgpoolBalance(p, label);
  if (!Array.isArray(bal)) return bal;
  return { lines: [pgpoolValidation(conf), ...pgpoolBalanced, ...lines], differs: [...first, ...bal, ...last] };
}

const pgpool: ProxyMap = {
  name: 'Pgpool-II',
  file: 'pgpool.conf',
  comment: '#',
  strategies: {
    'all-master': () => ({ lines: [pgpoolValidation(null), 'load_balance_mode = off'], differs: [] }),
    'all-follower': (p: FollowerChoice) => pgpoolPlan(p, (b) => allFollower.label({ ...p, balance: b, monitor: null }), PGPOOL_DEFAULTS, []),
    'critical-only': (p: FollowerChoice) => pgpoolPlan(p, (b) => criticalOnly.label({ balance: b, monitor: null }), null, [c('proxy.c.pgpoolNoLoadBalance')]),
    'post-write-window': () => refuse('proxy.pgpool.noWindow'),
    'lag-threshold': (p: LagThresholdParams) => pgpoolLagThreshold(p),
    causal: () => refuse('proxy.pgpool.noCausal'),
    'adaptive-window': () => refuse('proxy.pgpool.noAdaptive'),
    pgpool: (p: PgpoolParams) => pgpoolSettings(p),
  },
};

/** The pgpool strategy is pgpool.conf's own settings, written back as they were read. */
function pgpoolSettings(p: PgpoolParams): Plan {
  const conf: PgpoolConf = { delayThreshold: p.delayThreshold, srCheckPeriodS: p.srCheckPeriodUs / US_PER_S, disableLoadBalanceOnWrite: p.disableLoadBalanceOnWrite };
  const differs: Diff[] = [];
  if (p.delayThreshold > 0) differs.push(d('proxy.d.pgpoolWalBytes', 'either'));
  if (p.disableLoadBalanceOnWrite !== 'always' && p.disableLoadBalanceOnWrite !== 'off') differs.push(d('proxy.d.pgpoolTransactions', 'lower'));
  const lines = [
    `delay_threshold = ${conf.delayThreshold}`,
    `sr_check_period = ${conf.srCheckPeriodS}`,
    'prefer_lower_delay_standby = off',
    `disable_load_balance_on_write = '${conf.disableLoadBalanceOnWrite}'`,
  ];
  return pgpoolPlan(p, (b) => pgpoolStrategy.label({ ...p, balance: b }), conf, lines, [], differs);
}

/** Why MaxScale cannot play a monitor other than Seconds_Behind_Master. */
function maxscaleNoMonitor(mode: MonitorMode): string {
  return mode === 'heartbeat' ? 'proxy.maxscale.noHeartbeat' : mode === 'replay-lag' ? 'proxy.mysqlNoReplayLag' : 'proxy.mysqlNoReplayTimestamp';
}

function pgpoolLagThreshold(p: LagThresholdParams): Plan {
  const m = p.monitor!;
  const nearest = lagThreshold.label(lagNearest(p, p.balance === 'least-lagged' ? 'random' : p.balance, 'heartbeat', US_PER_S, US_PER_S));
  if (m.mode === 'seconds-behind-master') return refuse('proxy.pgpool.noSbm', undefined, nearest);
  if (m.mode === 'replay-timestamp') return refuse('proxy.pgpool.noReplayTimestamp', undefined, nearest);
  const limit = secondsDown(p.thresholdUs);
  if (limit < 1) return refuse('proxy.pgpool.thresholdBelow1s', undefined, nearest);
  const period = secondsDown(m.probeIntervalUs);
  if (period < 1) return refuse('proxy.pgpool.periodBelow1s', undefined, nearest);
  const lines: Line[] = [
    c('proxy.c.pgpoolVersion'),
    c('proxy.c.pgpoolUnit', { ms: limit * 1000 }),
    `delay_threshold_by_time = ${limit}`,
    'prefer_lower_delay_standby = on',
    `sr_check_period = ${period}`,
  ];
  const rounded = period * US_PER_S !== m.probeIntervalUs ? [d('proxy.d.intervalRounded', 'lower', { value: `${period} s` })] : [];
  // delay_threshold_by_time reads replay_lag: lagsim's replay-lag monitor, except for a NULL.
  const monitorDiff = m.mode === 'replay-lag' ? d('proxy.d.pgpoolNullReplayLag', 'either') : d('proxy.d.pgpoolReplayLag', 'either');
  // delay_threshold_by_time (Pgpool-II 4.4) is not among the settings played through the real 4.3.5.
  return pgpoolPlan(p, () => nearest, null, lines, [monitorDiff, d('proxy.d.pgpoolLowestDelay', 'none')], rounded);
}

// ---------------------------------------------------------------- Rails

const railsSelector = (seconds: string): Line[] => [
  `config.active_record.database_selector = { delay: ${seconds}.seconds }`,
  'config.active_record.database_resolver = ActiveRecord::Middleware::DatabaseSelector::Resolver',
  'config.active_record.database_resolver_context = ActiveRecord::Middleware::DatabaseSelector::Resolver::Session',
];

/** Rails has one replica connection per database: spreading reads over followers is a balancer's job (DNS, HAProxy). */
function frameworkBalance(p: FollowerChoice, label: (b: Balance) => string, framework: string): Diff[] | Refusal {
  if (p.balance === 'least-lagged') return refuse('proxy.framework.noLeastLagged', { framework }, label('round-robin'));
  return [];
}

const rails: ProxyMap = {
  name: 'Rails',
  file: 'config/environments/production.rb',
  comment: '#',
  strategies: {
    'all-master': () => ({ lines: [c('proxy.c.railsModel'), 'connects_to database: { writing: :primary, reading: :primary }'], differs: [] }),
    'all-follower': (p: FollowerChoice) => {
      const bal = frameworkBalance(p, (b) => allFollower.label({ ...p, balance: b, monitor: null }), 'Rails');
      return Array.isArray(bal) ? { lines: railsSelector('0'), differs: [d('proxy.d.railsNonGet', 'lower'), d('proxy.d.railsBalancer', 'either')] } : bal;
    },
    'critical-only': (p: FollowerChoice) => {
      const bal = frameworkBalance(p, (b) => criticalOnly.label({ balance: b, monitor: null }), 'Rails');
      if (!Array.isArray(bal)) return bal;
      return { lines: [...railsSelector('0'), c('proxy.c.railsCritical'), '# ActiveRecord::Base.connected_to(role: :writing) { Product.find(id) }'], differs: [d('proxy.d.railsNonGet', 'lower'), d('proxy.d.railsBalancer', 'either')] };
    },
    'post-write-window': (p: PostWriteWindowParams) => railsWindow(p),
    'lag-threshold': () => refuse('proxy.framework.noLag', { framework: 'Rails' }),
    causal: (p: CausalParams) => refuse('proxy.framework.noGtid', { framework: 'Rails' }, p.scope === 'session' ? postWriteWindow.label({ windowUs: 2 * US_PER_S, scope: 'session', balance: 'round-robin', monitor: null }) : undefined),
    'adaptive-window': () => refuse('proxy.noAdaptive'),
  },
};

function railsWindow(p: PostWriteWindowParams): Plan {
  if (p.scope !== 'session') return refuse('proxy.rails.onlySession', { scope: p.scope }, postWriteWindow.label({ ...p, scope: 'session' }));
  const bal = frameworkBalance(p, (b) => postWriteWindow.label({ ...p, balance: b, monitor: null }), 'Rails');
  if (!Array.isArray(bal)) return bal;
  const ms = msUp(p.windowUs);
  const differs: Diff[] = [d('proxy.d.railsNonGet', 'lower'), d('proxy.d.railsStamp', 'lower'), d('proxy.d.railsBalancer', 'either')];
  if (ms * 1000 !== p.windowUs) differs.push(d('proxy.d.windowRounded', 'lower', { value: `${ms} ms` }));
  return { lines: [c('proxy.c.railsDelay', { window: fmtS(p.windowUs) }), ...railsSelector(String(ms / 1000))], differs };
}

// ---------------------------------------------------------------- Laravel

const laravelConnection = (sticky: boolean): Line[] => [
  "'mysql' => [",
  "    'driver' => 'mysql',",
  "    'read' => ['host' => ['follower-1.internal', 'follower-2.internal']],",
  "    'write' => ['host' => ['master.internal']],",
  `    'sticky' => ${sticky},`,
  "    // 'database', 'username', 'password', … as before",
  '],',
];

const laravel: ProxyMap = {
  name: 'Laravel',
  file: 'config/database.php',
  comment: '//',
  strategies: {
    'all-master': () => ({ lines: [c('proxy.c.laravelOneHost'), "'mysql' => ['driver' => 'mysql', 'host' => 'master.internal', /* … */],"], differs: [] }),
    'all-follower': (p: FollowerChoice) => {
      const bal = frameworkBalance(p, (b) => allFollower.label({ ...p, balance: b, monitor: null }), 'Laravel');
      return Array.isArray(bal) ? { lines: laravelConnection(false), differs: [d('proxy.d.laravelPerConnection', 'none')] } : bal;
    },
    'critical-only': (p: FollowerChoice) => {
      const bal = frameworkBalance(p, (b) => criticalOnly.label({ balance: b, monitor: null }), 'Laravel');
      if (!Array.isArray(bal)) return bal;
      return { lines: [...laravelConnection(false), c('proxy.c.laravelCritical'), '// Product::query()->useWritePdo()->find($id);'], differs: [d('proxy.d.laravelPerConnection', 'none')] };
    },
    'post-write-window': () => refuse('proxy.laravel.sticky'),
    'lag-threshold': () => refuse('proxy.framework.noLag', { framework: 'Laravel' }),
    causal: () => refuse('proxy.framework.noGtid', { framework: 'Laravel' }),
    'adaptive-window': () => refuse('proxy.noAdaptive'),
  },
};

/**
 * The lag-threshold a proxy can express nearest to `p`: its follower choice and monitor
 * mode, a threshold of at least `minThresholdUs` and a probe interval of at least `minProbeUs`.
 */
function lagNearest(p: LagThresholdParams, balance: Balance, mode: 'seconds-behind-master' | 'heartbeat', minThresholdUs: number, minProbeUs: number): LagThresholdParams {
  const m = p.monitor!;
  return { ...p, balance, thresholdUs: Math.max(p.thresholdUs, minThresholdUs), monitor: { ...m, mode, probeIntervalUs: Math.max(m.probeIntervalUs, minProbeUs) } };
}

/** A duration in seconds as the comments print it (1.5 s). */
function fmtS(us: number): string {
  return `${Number((us / US_PER_S).toFixed(6))} s`;
}

export const PROXY_MAPS = { proxysql, maxscale, pgpool, rails, laravel } as const;
