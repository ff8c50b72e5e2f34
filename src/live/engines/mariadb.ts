// MariaDB behind the LiveEngine interface: positions are GTIDs (their sequence number in
// the primary's domain orders them), the replica's applied position is @@gtid_slave_pos,
// a causal wait is MASTER_GTID_WAIT on the replica and the reported lag is
// Seconds_Behind_Master.
import type * as mysql from 'mysql2/promise';
import { gtidSeq } from '../tracker';
import { EnginePoller, EngineWriter, LiveEngine, StoredRow, WaitedReplica } from './types';
import { replicationThreads, startApplier, stopApplier } from '../replicaControl';

const UPSERT = 'INSERT INTO rows_kv (k, v, version) VALUES (?, ?, ?) ON DUPLICATE KEY UPDATE v = VALUES(v), version = VALUES(version)';
const SELECT_ROW = 'SELECT version, v FROM rows_kv WHERE k = ?';
/**
 * The write load: a table without a primary key whose every row each write updates in its
 * transaction. The primary finds the rows with one scan; the replica, applying row events,
 * finds each changed row by a scan of its own (no key to look it up by), so its apply time
 * grows with the square of the table's size — the classic way a single applier falls behind.
 */
export const LOAD_TABLE = 'load_pad';
const LOAD_UPDATE = `UPDATE ${LOAD_TABLE} SET n = n + 1`;

async function readRow(q: mysql.Pool | mysql.PoolConnection, k: string): Promise<StoredRow | null> {
  const [res] = await q.query(SELECT_ROW, [k]);
  const rows = res as Array<{ version: unknown; v: unknown }>;
  return rows.length === 0 ? null : { version: Number(rows[0].version), v: rows[0].v };
}

async function gtidWait(q: mysql.Pool | mysql.PoolConnection, gtid: string, timeoutSec: number): Promise<boolean> {
  const [res] = await q.query('SELECT MASTER_GTID_WAIT(?, ?) AS r', [gtid, timeoutSec]);
  return Number((res as Array<{ r: unknown }>)[0].r) === 0;
}

/** Makes LOAD_TABLE hold exactly `rows` rows (none: no table needed). */
export async function prepareLoadTable(primary: mysql.Pool, rows: number): Promise<void> {
  if (rows === 0) return;
  await primary.query(`CREATE TABLE IF NOT EXISTS ${LOAD_TABLE} (n BIGINT NOT NULL) ENGINE=InnoDB`);
  const [res] = await primary.query(`SELECT COUNT(*) AS n FROM ${LOAD_TABLE}`);
  const have = Number((res as Array<{ n: unknown }>)[0].n);
  // Only the difference: deleted rows stay in the scans until InnoDB purges them.
  if (have > rows) await primary.query(`DELETE FROM ${LOAD_TABLE} LIMIT ${have - rows}`);
  if (have < rows) await primary.query(`INSERT INTO ${LOAD_TABLE} (n) VALUES ${Array.from({ length: rows - have }, () => '(0)').join(',')}`);
}

/** `loadRows` > 0: each write also updates every row of LOAD_TABLE (that many rows) in its transaction. */
export function mariadbEngine(primary: mysql.Pool, replica: mysql.Pool, replicaWaits: mysql.Pool, domain: number, replicaAdmin: mysql.Pool | null, loadRows = 0): LiveEngine {
  return {
    kind: 'mariadb',
    async writer(): Promise<EngineWriter> {
      const conn = await primary.getConnection();
      await conn.query("SET SESSION session_track_system_variables = 'last_gtid'").catch(() => undefined);
      return {
        async write(k, json, version) {
          if (loadRows > 0) {
            await conn.query('BEGIN');
            await conn.query(UPSERT, [k, json, version]);
            await conn.query(LOAD_UPDATE);
          }
          const [res] = await conn.query(loadRows > 0 ? 'COMMIT' : UPSERT, loadRows > 0 ? [] : [k, json, version]);
          // The GTID rides in the OK packet (session tracking, as MaxScale's causal reads
          // get it), so the write is acknowledged and known by its GTID at the same moment.
          const tracked = (res as { stateChanges?: { systemVariables?: Record<string, string> } }).stateChanges?.systemVariables?.last_gtid;
          return tracked ?? String(((await conn.query('SELECT @@last_gtid AS gtid'))[0] as Array<{ gtid: unknown }>)[0].gtid);
        },
        release: () => conn.release(),
      };
    },
    async poller(): Promise<EnginePoller> {
      const conn = await replica.getConnection();
      return {
        async applied() {
          const [rows] = await conn.query('SELECT @@gtid_slave_pos AS pos');
          return gtidSeq(String((rows as Array<{ pos: unknown }>)[0].pos ?? ''), domain);
        },
        release: () => conn.release(),
      };
    },
    seqOf: (gtid) => gtidSeq(gtid, domain),
    read: (node, k) => readRow(node === 'primary' ? primary : replica, k),
    async causalWait(gtid, timeoutUs): Promise<WaitedReplica | null> {
      const conn = await replicaWaits.getConnection();
      if (!(await gtidWait(conn, gtid, timeoutUs / 1e6).catch((err) => (conn.release(), Promise.reject(err))))) {
        conn.release();
        return null;
      }
      return { read: (k) => readRow(conn, k), release: () => conn.release() };
    },
    async headPos() {
      const [res] = await primary.query('SELECT @@gtid_binlog_pos AS pos');
      return String((res as Array<{ pos: unknown }>)[0].pos ?? '');
    },
    async waitApplied(gtid, timeoutSec) {
      if (gtid === '') return;
      if (!(await gtidWait(replica, gtid, timeoutSec))) throw new Error(`the replica did not apply ${gtid} within ${timeoutSec}s — is replication running?`);
    },
    async reportedLagUs(mode) {
      if (mode !== 'seconds-behind-master') throw new Error(`monitor ${mode} is not MariaDB's`);
      const [rows] = await replica.query('SHOW SLAVE STATUS');
      const sbm = (rows as Array<{ Seconds_Behind_Master: unknown }>)[0]?.Seconds_Behind_Master;
      return sbm === null || sbm === undefined ? null : Number(sbm) * 1e6;
    },
    threads: () => replicationThreads(replica),
    applier: replicaAdmin === null ? null : { stop: () => stopApplier(replicaAdmin), start: () => startApplier(replicaAdmin) },
    async insertRows(values) {
      await primary.query('INSERT INTO rows_kv (k, v, version) VALUES ?', [values]);
    },
    async deleteRows(prefix) {
      await primary.query('DELETE FROM rows_kv WHERE k LIKE ?', [`${prefix}%`]);
    },
  };
}
