// The replica's replication threads as MariaDB names and drives them: their status, and
// stopping and starting the applier (the SQL thread) for a scenario's `stop` incident.
// Every engine-specific statement about replication control is here.
import type * as mysql from 'mysql2/promise';
import type { ReplicationThreads } from './engines/types';

type Queryable = Pick<mysql.Pool, 'query'> | Pick<mysql.PoolConnection, 'query'>;

/** The replica's threads from SHOW SLAVE STATUS (needs SLAVE MONITOR); both false when it is not a replica. */
export async function replicationThreads(conn: Queryable): Promise<ReplicationThreads> {
  const [res] = await conn.query('SHOW SLAVE STATUS');
  const row = (res as Array<Record<string, unknown>>)[0];
  if (row === undefined) return { receiving: false, applying: false, state: 'not a replica', error: '' };
  const io = String(row.Slave_IO_Running ?? '');
  const sql = String(row.Slave_SQL_Running ?? '');
  return { receiving: io === 'Yes', applying: sql === 'Yes', state: `IO ${io}, SQL ${sql}`, error: String(row.Last_SQL_Error || row.Last_IO_Error || '') };
}

/** Stops the applier; the receiver goes on, so the backlog builds up in the relay log. Needs REPLICATION SLAVE ADMIN. */
export async function stopApplier(conn: Queryable): Promise<void> {
  await conn.query('STOP SLAVE SQL_THREAD');
}

/** Starts the applier again: it drains the backlog in order (MASTER_DELAY still applies to each event). */
export async function startApplier(conn: Queryable): Promise<void> {
  await conn.query('START SLAVE SQL_THREAD');
}
