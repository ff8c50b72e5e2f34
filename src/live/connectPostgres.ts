// Opens node-postgres pools to a real PostgreSQL primary and streaming hot standby and
// checks, before any traffic, what live mode needs: both reachable, the primary not in
// recovery, the standby in recovery, table rows_kv there. Failures are one line each
// naming the server (InputError: exit code 2), as for MariaDB.
import { Pool, PoolClient } from 'pg';
import { Endpoint, Endpoints } from './endpoints';
import { InputError } from '../scenario/errors';
import { at, msg, Problem } from '../i18n/problem';
import { LiveCluster, dbProblem, probeAdmin, warmPools } from './connect';
import { postgresEngine, preparePgLoadTable } from './engines/postgres';

const PRIMARY_CONNECTIONS = 16;
const REPLICA_CONNECTIONS = 16;
const CONNECT_TIMEOUT_MS = 5000;

function pool(e: Endpoint, max: number): Pool {
  const p = new Pool({
    host: e.host, port: e.port, user: e.user, password: e.password, database: e.database,
    max, connectionTimeoutMillis: CONNECT_TIMEOUT_MS, idleTimeoutMillis: 0, keepAlive: true,
  });
  // An idle client losing its server surfaces on the pool; the run's next query reports it.
  p.on('error', () => undefined);
  return p;
}

/** `500ms` as the standby reports recovery_min_apply_delay (setting in its unit), in µs. */
function delayUs(setting: string, unit: string | null): number {
  const units: Record<string, number> = { ms: 1e3, s: 1e6, min: 60e6 };
  return Number(setting) * (units[unit ?? 'ms'] ?? 1e3);
}

export async function openPostgresCluster(endpoints: Endpoints, writeLoadRows = 0): Promise<LiveCluster> {
  const primary = pool(endpoints.primary, PRIMARY_CONNECTIONS);
  // One more for the connection that polls the replay LSN for causal waits.
  const replica = pool(endpoints.replica, REPLICA_CONNECTIONS + 1);
  // The account that may pause and resume replay (a pair lagsim started), for stop incidents.
  const replicaAdmin = endpoints.replicaAdmin === undefined ? null : pool(endpoints.replicaAdmin, 1);
  let waitConn: PoolClient | null = null;
  const close = async (): Promise<void> => {
    waitConn?.release();
    await Promise.allSettled([primary.end(), replica.end(), replicaAdmin?.end()]);
  };
  try {
    const problems: Problem[] = [];
    type Probe = { version: string; recovery: boolean; delay: string; unit: string | null };
    const probe = async (p: Pool, e: Endpoint): Promise<Probe | null> => {
      try {
        return (await p.query<Probe>(`SELECT current_setting('server_version') AS version, pg_is_in_recovery() AS recovery,
          setting AS delay, unit FROM pg_settings WHERE name = 'recovery_min_apply_delay'`)).rows[0];
      } catch (err) {
        problems.push(dbProblem(e, err));
        return null;
      }
    };
    const [p, r] = await Promise.all([probe(primary, endpoints.primary), probe(replica, endpoints.replica)]);
    if (p === null || r === null) throw new InputError(problems);
    const where = (e: Endpoint): string => `${e.role} ${e.where}`;
    if (p.recovery) problems.push(at(where(endpoints.primary), msg('v.pgPrimaryInRecovery')));
    if (!r.recovery) problems.push(at(where(endpoints.replica), msg('v.pgNotStandby')));
    if (problems.length > 0) throw new InputError(problems);

    try {
      const exists = (await primary.query<{ ok: boolean }>("SELECT to_regclass('rows_kv') IS NOT NULL AS ok")).rows[0].ok;
      if (!exists) await primary.query('CREATE TABLE rows_kv (k VARCHAR(64) PRIMARY KEY, v JSONB, version BIGINT NOT NULL)');
    } catch (err) {
      throw new InputError([dbProblem(endpoints.primary, err, msg('vh.creatingTable'))]);
    }
    try {
      await preparePgLoadTable(primary, writeLoadRows);
    } catch (err) {
      throw new InputError([dbProblem(endpoints.primary, err, msg('vh.loadTable'))]);
    }
    await warmPools([{ query: (q) => primary.query(q), n: PRIMARY_CONNECTIONS }], endpoints.primary, PRIMARY_CONNECTIONS);
    await warmPools([{ query: (q) => replica.query(q), n: REPLICA_CONNECTIONS + 1 }], endpoints.replica, REPLICA_CONNECTIONS + 1);
    try {
      waitConn = await replica.connect();
    } catch (err) {
      throw new InputError([dbProblem(endpoints.replica, err, msg('vh.openingConnections', { n: REPLICA_CONNECTIONS + 1 }))]);
    }
    await probeAdmin(replicaAdmin, endpoints.replicaAdmin);
    const engine = postgresEngine(primary, replica, waitConn, replicaAdmin, writeLoadRows);
    const applyDelayUs = delayUs(r.delay, r.unit);
    return {
      endpoints, close, engine,
      replicas: [{ engine, where: endpoints.replica.where, masterDelaySec: 0, applyDelayUs }],
      serverVersion: `PostgreSQL ${p.version}`,
      masterDelaySec: 0,
      applyDelayUs,
    };
  } catch (err) {
    await close();
    throw err;
  }
}
