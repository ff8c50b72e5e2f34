// Opens connection pools to the real primary and replica and checks, before any
// traffic, that they are what live mode needs: reachable, a binlogging primary and a
// running GTID replica. Every failure becomes one line naming the server and the
// problem (InputError: exit code 2), never a driver stack trace.
import * as mysql from 'mysql2/promise';
import { Endpoint, Endpoints } from './endpoints';
import { InputError } from '../scenario/errors';

export interface LiveCluster {
  endpoints: Endpoints;
  primary: mysql.Pool;
  replica: mysql.Pool;
  /**
   * Connections for causal reads: MASTER_GTID_WAIT holds one for the whole wait, so
   * waits get their own pool and plain reads never queue behind them.
   */
  replicaWaits: mysql.Pool;
  /** `10.11.19-MariaDB-0+deb12u1` */
  serverVersion: string;
  /** The replica's MASTER_DELAY (SQL_Delay), whole seconds. */
  masterDelaySec: number;
  /** GTID domain of the primary's writes (gtid_domain_id). */
  domain: number;
  close(): Promise<void>;
}

const PRIMARY_CONNECTIONS = 16;
const REPLICA_CONNECTIONS = 16;
/** Causal reads waiting at once (read rate × mean wait); MariaDB allows 151 connections by default. */
const WAIT_CONNECTIONS = 100;
const CONNECT_TIMEOUT_MS = 5000;

const REASONS: Record<string, string> = {
  ECONNREFUSED: 'connection refused — no server is listening on that port',
  ETIMEDOUT: `no answer within ${CONNECT_TIMEOUT_MS / 1000}s (connection timed out)`,
  ENOTFOUND: 'host name not found',
  EAI_AGAIN: 'host name could not be resolved',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ECONNRESET: 'the server closed the connection',
  PROTOCOL_CONNECTION_LOST: 'the server closed the connection',
  ER_ACCESS_DENIED_ERROR: 'access denied — wrong user or password',
  ER_DBACCESS_DENIED_ERROR: 'access denied to the database for this user',
  ER_BAD_DB_ERROR: 'the database does not exist',
  ER_HOST_NOT_PRIVILEGED: 'this client host may not connect to the server',
  ER_SPECIFIC_ACCESS_DENIED_ERROR: 'the user lacks a privilege live mode needs',
};

/** "primary 127.0.0.1:3306 (user lagsim): connection refused — …" */
export function describeDbError(e: Endpoint, err: unknown): string {
  const code = (err as { code?: string })?.code ?? '';
  const message = (err as Error)?.message ?? String(err);
  const reason = REASONS[code] ?? (code !== '' ? `${code}: ${message}` : message);
  return `${e.role} ${e.where} (user ${e.user}, database ${e.database}): ${reason}`;
}

function pool(e: Endpoint, limit: number): mysql.Pool {
  return mysql.createPool({
    host: e.host, port: e.port, user: e.user, password: e.password, database: e.database,
    connectionLimit: limit, connectTimeout: CONNECT_TIMEOUT_MS, charset: 'utf8mb4',
    supportBigNumbers: true, dateStrings: true, enableKeepAlive: true,
  });
}

type Row = Record<string, unknown>;

async function rows(p: mysql.Pool, sql: string, params: unknown[] = []): Promise<Row[]> {
  const [result] = await p.query(sql, params);
  return result as Row[];
}

/** Connects to both servers and checks the replication set-up; closes everything on failure. */
export async function openCluster(endpoints: Endpoints): Promise<LiveCluster> {
  const primary = pool(endpoints.primary, PRIMARY_CONNECTIONS);
  const replica = pool(endpoints.replica, REPLICA_CONNECTIONS);
  const replicaWaits = pool(endpoints.replica, WAIT_CONNECTIONS);
  const close = async (): Promise<void> => {
    await Promise.allSettled([primary.end(), replica.end(), replicaWaits.end()]);
  };
  try {
    const problems: string[] = [];
    const probe = async (p: mysql.Pool, e: Endpoint): Promise<Row | null> => {
      try {
        return (await rows(p, 'SELECT VERSION() AS version, @@server_id AS serverId, @@log_bin AS logBin, @@gtid_domain_id AS domain, @@read_only AS readOnly'))[0];
      } catch (err) {
        problems.push(describeDbError(e, err));
        return null;
      }
    };
    const [p, r] = await Promise.all([probe(primary, endpoints.primary), probe(replica, endpoints.replica)]);
    if (p === null || r === null) throw new InputError(problems);

    const where = (e: Endpoint): string => `${e.role} ${e.where}`;
    if (Number(p.logBin) !== 1) problems.push(`${where(endpoints.primary)}: binary logging is off (start it with --log-bin), so nothing can replicate from it`);
    if (Number(p.serverId) === Number(r.serverId)) {
      problems.push(`${where(endpoints.replica)}: has the same server_id (${String(p.serverId)}) as the primary — is it the same server twice?`);
    }
    let status: Row | undefined;
    try {
      status = (await rows(replica, 'SHOW SLAVE STATUS'))[0];
    } catch (err) {
      problems.push(describeDbError(endpoints.replica, err));
    }
    let delaySec = 0;
    if (status === undefined) {
      if (problems.length === 0) problems.push(`${where(endpoints.replica)}: is not a replica (SHOW SLAVE STATUS is empty; run CHANGE MASTER TO … MASTER_USE_GTID=slave_pos and START SLAVE)`);
    } else {
      if (status.Slave_IO_Running !== 'Yes' || status.Slave_SQL_Running !== 'Yes') {
        const error = String(status.Last_IO_Error || status.Last_SQL_Error || 'no error reported');
        problems.push(`${where(endpoints.replica)}: replication is not running (IO ${String(status.Slave_IO_Running)}, SQL ${String(status.Slave_SQL_Running)}): ${error}`);
      }
      if (String(status.Using_Gtid ?? 'No') === 'No') problems.push(`${where(endpoints.replica)}: replicates without GTIDs; causal reads need CHANGE MASTER TO MASTER_USE_GTID=slave_pos`);
      const masterPort = Number(status.Master_Port);
      if (endpoints.primary.port !== masterPort && ['127.0.0.1', 'localhost', '::1'].includes(endpoints.primary.host)) {
        problems.push(`${where(endpoints.replica)}: replicates from ${String(status.Master_Host)}:${masterPort}, not from the primary given (${endpoints.primary.where})`);
      }
      delaySec = Number(status.SQL_Delay ?? 0);
    }
    if (problems.length > 0) throw new InputError(problems);

    try {
      await primary.query('CREATE TABLE IF NOT EXISTS rows_kv (k VARCHAR(64) PRIMARY KEY, v JSON, version BIGINT NOT NULL) ENGINE=InnoDB');
    } catch (err) {
      throw new InputError([`${describeDbError(endpoints.primary, err)} (creating table rows_kv)`]);
    }
    // Open the connections now: a handshake in the middle of a run costs milliseconds
    // the operation would be charged for.
    const warm = (p: mysql.Pool, n: number): Array<Promise<unknown>> => Array.from({ length: n }, () => p.query('SELECT 1'));
    try {
      await Promise.all([...warm(primary, PRIMARY_CONNECTIONS), ...warm(replica, REPLICA_CONNECTIONS), ...warm(replicaWaits, WAIT_CONNECTIONS)]);
    } catch (err) {
      throw new InputError([`${describeDbError(endpoints.replica, err)} (opening ${REPLICA_CONNECTIONS + WAIT_CONNECTIONS} connections; is max_connections too low?)`]);
    }
    return {
      endpoints, primary, replica, replicaWaits, close,
      serverVersion: String(p.version),
      masterDelaySec: delaySec,
      domain: Number(p.domain),
    };
  } catch (err) {
    await close();
    throw err;
  }
}
