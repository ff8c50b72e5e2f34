// Opens connection pools to the real primary and replica and checks, before any
// traffic, that they are what live mode needs: reachable, a binlogging primary and a
// running GTID replica. Every failure becomes one line naming the server and the
// problem (InputError: exit code 2), never a driver stack trace.
import * as mysql from 'mysql2/promise';
import { Endpoint, Endpoints, maskPassword, replicaEndpoints } from './endpoints';
import { InputError } from '../scenario/errors';
import { at, Msg, msg, Problem, renderProblem, text, withHint } from '../i18n/problem';
import { LiveEngine } from './engines/types';
import { mariadbEngine, prepareLoadTable } from './engines/mariadb';

/** One replica of the cluster: the engine's queries against it (writes go to the shared primary). */
export interface LiveReplica {
  engine: LiveEngine;
  /** `127.0.0.1:3307` */
  where: string;
  /** Its MASTER_DELAY (SQL_Delay), whole seconds; 0 on PostgreSQL. */
  masterDelaySec: number;
  /** Its configured apply delay, µs: MASTER_DELAY, or PostgreSQL's recovery_min_apply_delay. */
  applyDelayUs: number;
}

export interface LiveCluster {
  endpoints: Endpoints;
  /** The engine's queries: writes, reads, positions, waits, the lag it reports (the first replica's: `replicas[0].engine`). */
  engine: LiveEngine;
  /** Every replica, the scenario's followers in order. */
  replicas: LiveReplica[];
  /** `10.11.19-MariaDB-0+deb12u1` */
  serverVersion: string;
  /** The first replica's MASTER_DELAY (SQL_Delay), whole seconds; 0 on PostgreSQL. */
  masterDelaySec: number;
  /** The first replica's configured apply delay, µs: MASTER_DELAY, or PostgreSQL's recovery_min_apply_delay. */
  applyDelayUs: number;
  close(): Promise<void>;
}

const PRIMARY_CONNECTIONS = 16;
const REPLICA_CONNECTIONS = 16;
/** Causal reads waiting at once (read rate × mean wait); MariaDB allows 151 connections by default. */
const WAIT_CONNECTIONS = 100;
const CONNECT_TIMEOUT_MS = 5000;

/** The driver's error codes we have words for; any other is shown with the driver's message. */
const REASONS: Record<string, Msg> = {
  ECONNREFUSED: msg('v.dbRefused'),
  ETIMEDOUT: msg('v.dbTimeout', { s: CONNECT_TIMEOUT_MS / 1000 }),
  ENOTFOUND: msg('v.dbHostNotFound'),
  EAI_AGAIN: msg('v.dbHostUnresolved'),
  EHOSTUNREACH: msg('v.dbHostUnreachable'),
  ENETUNREACH: msg('v.dbNetUnreachable'),
  ECONNRESET: msg('v.dbClosed'),
  PROTOCOL_CONNECTION_LOST: msg('v.dbClosed'),
  ER_ACCESS_DENIED_ERROR: msg('v.dbAccessDenied'),
  ER_DBACCESS_DENIED_ERROR: msg('v.dbDatabaseDenied'),
  ER_BAD_DB_ERROR: msg('v.dbNoDatabase'),
  ER_HOST_NOT_PRIVILEGED: msg('v.dbHostNotPrivileged'),
  ER_SPECIFIC_ACCESS_DENIED_ERROR: msg('v.dbPrivilege'),
  // PostgreSQL's SQLSTATEs (node-postgres puts them in `code`).
  '28P01': msg('v.dbAccessDenied'),
  '28000': msg('v.dbHostNotPrivileged'),
  '3D000': msg('v.dbNoDatabase'),
  '42501': msg('v.dbPrivilege'),
};

/** "primary 127.0.0.1:3306 (user lagsim, database lagsim): connection refused — …", with `hint` after it. */
export function dbProblem(e: Endpoint, err: unknown, hint?: Msg): Problem {
  const code = (err as { code?: string })?.code ?? '';
  const message = maskPassword((err as Error)?.message ?? String(err), e.password);
  const reason = Object.hasOwn(REASONS, code) ? REASONS[code] : text(code !== '' ? `${code}: ${message}` : message);
  return at(`${e.role} ${e.where} (user ${e.user}, database ${e.database})`, withHint(reason, hint));
}

/** dbProblem in English, for errors during a run (they are reported as failures, not bad input). */
export function describeDbError(e: Endpoint, err: unknown): string {
  return renderProblem('en', dbProblem(e, err));
}

function pool(e: Endpoint, limit: number): mysql.Pool {
  return mysql.createPool({
    host: e.host, port: e.port, user: e.user, password: e.password, database: e.database === '' ? undefined : e.database,
    connectionLimit: limit, connectTimeout: CONNECT_TIMEOUT_MS, charset: 'utf8mb4',
    supportBigNumbers: true, dateStrings: true, enableKeepAlive: true,
  });
}

type Row = Record<string, unknown>;

async function rows(p: mysql.Pool, sql: string, params: unknown[] = []): Promise<Row[]> {
  const [result] = await p.query(sql, params);
  return result as Row[];
}

/** Opens `n` connections of each pool now: a handshake in the middle of a run costs milliseconds the operation would be charged for. */
export async function warmPools(pools: Array<{ query(sql: string): Promise<unknown>; n: number }>, e: Endpoint, connections: number): Promise<void> {
  try {
    await Promise.all(pools.flatMap((p) => Array.from({ length: p.n }, () => p.query('SELECT 1'))));
  } catch (err) {
    throw new InputError([dbProblem(e, err, msg('vh.openingConnections', { n: connections }))]);
  }
}

/** Fails naming the admin endpoint when its account cannot log in (a stop incident needs it). */
export async function probeAdmin(admin: { query(sql: string): Promise<unknown> } | null, e: Endpoint | undefined): Promise<void> {
  if (admin === null || e === undefined) return;
  try {
    await admin.query('SELECT 1');
  } catch (err) {
    throw new InputError([dbProblem(e, err)]);
  }
}

type Probe = Row | null;

/** Whether `r` replicates from the primary as live mode needs it; pushes what is wrong, returns its SQL_Delay. */
async function checkReplica(replica: mysql.Pool, e: Endpoint, primaryEndpoint: Endpoint, problems: Problem[]): Promise<number> {
  const where = `${e.role} ${e.where}`;
  let status: Row | undefined;
  try {
    status = (await rows(replica, 'SHOW SLAVE STATUS'))[0];
  } catch (err) {
    problems.push(dbProblem(e, err));
    return 0;
  }
  if (status === undefined) {
    problems.push(at(where, msg('v.dbNotReplica')));
    return 0;
  }
  if (status.Slave_IO_Running !== 'Yes' || status.Slave_SQL_Running !== 'Yes') {
    const error = status.Last_IO_Error || status.Last_SQL_Error ? String(status.Last_IO_Error || status.Last_SQL_Error) : msg('vw.noErrorReported');
    problems.push(at(where, msg('v.dbNotRunning', { io: String(status.Slave_IO_Running), sql: String(status.Slave_SQL_Running), error })));
  }
  if (String(status.Using_Gtid ?? 'No') === 'No') problems.push(at(where, msg('v.dbNoGtid')));
  const masterPort = Number(status.Master_Port);
  if (primaryEndpoint.port !== masterPort && ['127.0.0.1', 'localhost', '::1'].includes(primaryEndpoint.host)) {
    problems.push(at(where, msg('v.dbOtherPrimary', { from: `${String(status.Master_Host)}:${masterPort}`, primary: primaryEndpoint.where })));
  }
  return Number(status.SQL_Delay ?? 0);
}

/**
 * Connects to the primary and every replica and checks the replication set-up; closes everything on failure.
 * `loadRows` > 0 makes every write heavy (the write load of engines/mariadb.ts).
 */
export async function openCluster(endpoints: Endpoints, loadRows = 0): Promise<LiveCluster> {
  const primary = pool(endpoints.primary, PRIMARY_CONNECTIONS);
  const replicas = replicaEndpoints(endpoints).map((e) => ({ e, reads: pool(e, REPLICA_CONNECTIONS), waits: pool(e, WAIT_CONNECTIONS) }));
  const replicaAdmin = endpoints.replicaAdmin === undefined ? null : pool(endpoints.replicaAdmin, 1);
  const close = async (): Promise<void> => {
    await Promise.allSettled([primary.end(), ...replicas.flatMap((r) => [r.reads.end(), r.waits.end()]), replicaAdmin?.end()]);
  };
  try {
    const problems: Problem[] = [];
    const probe = async (p: mysql.Pool, e: Endpoint): Promise<Probe> => {
      try {
        return (await rows(p, 'SELECT VERSION() AS version, @@server_id AS serverId, @@log_bin AS logBin, @@gtid_domain_id AS domain, @@read_only AS readOnly'))[0];
      } catch (err) {
        problems.push(dbProblem(e, err));
        return null;
      }
    };
    const [p, ...rs] = await Promise.all([probe(primary, endpoints.primary), ...replicas.map((r) => probe(r.reads, r.e))]);
    if (p === null || rs.includes(null)) throw new InputError(problems);

    const where = (e: Endpoint): string => `${e.role} ${e.where}`;
    if (Number(p.logBin) !== 1) problems.push(at(where(endpoints.primary), msg('v.dbNoBinlog')));
    const ids = [Number(p.serverId)];
    replicas.forEach((r, i) => {
      const id = Number(rs[i]!.serverId);
      if (ids.includes(id)) problems.push(at(where(r.e), msg('v.dbSameServerId', { id: String(id) })));
      ids.push(id);
    });
    if (problems.length > 0) throw new InputError(problems);
    const delaysSec = await Promise.all(replicas.map((r) => checkReplica(r.reads, r.e, endpoints.primary, problems)));
    if (problems.length > 0) throw new InputError(problems);

    try {
      await primary.query('CREATE TABLE IF NOT EXISTS rows_kv (k VARCHAR(64) PRIMARY KEY, v JSON, version BIGINT NOT NULL) ENGINE=InnoDB');
      await prepareLoadTable(primary, loadRows);
    } catch (err) {
      throw new InputError([dbProblem(endpoints.primary, err, msg('vh.creatingTable'))]);
    }
    await warmPools([{ query: (q) => primary.query(q), n: PRIMARY_CONNECTIONS }], endpoints.primary, PRIMARY_CONNECTIONS);
    for (const r of replicas) {
      await warmPools([{ query: (q) => r.reads.query(q), n: REPLICA_CONNECTIONS }, { query: (q) => r.waits.query(q), n: WAIT_CONNECTIONS }], r.e, REPLICA_CONNECTIONS + WAIT_CONNECTIONS);
    }
    await probeAdmin(replicaAdmin, endpoints.replicaAdmin);
    // Causal reads get their own pool: MASTER_GTID_WAIT holds a connection for the
    // whole wait, and plain reads must never queue behind them. The admin account (stop
    // incidents) is the first replica's.
    const live: LiveReplica[] = replicas.map((r, i) => ({
      engine: mariadbEngine(primary, r.reads, r.waits, Number(p.domain), i === 0 ? replicaAdmin : null, loadRows),
      where: r.e.where,
      masterDelaySec: delaysSec[i],
      applyDelayUs: delaysSec[i] * 1e6,
    }));
    return {
      endpoints, close,
      engine: live[0].engine,
      replicas: live,
      serverVersion: String(p.version),
      masterDelaySec: live[0].masterDelaySec,
      applyDelayUs: live[0].applyDelayUs,
    };
  } catch (err) {
    await close();
    throw err;
  }
}
