// PostgreSQL behind the LiveEngine interface, with node-postgres (`pg`): a primary and a
// streaming hot standby.
//
// A write's position is the primary's WAL flush LSN read right after its COMMIT, in the
// same round trip (`BEGIN; upsert; COMMIT; SELECT pg_current_wal_flush_lsn()` as one
// simple query; the SELECT runs after the COMMIT, in a transaction of its own). A
// synchronous COMMIT returns only once its commit record is flushed, so that LSN is at or
// after the end of the commit record; it is never past what the primary has flushed,
// which is all a walsender sends. The insert or write LSN read *inside* the transaction
// would lie before the commit record — exactly where a delayed standby stops replaying
// (recovery_min_apply_delay holds the COMMIT record, not the rows before it), so a wait
// for it would return before the write is visible. Between the commit and the SELECT the
// flush LSN may also cover other WAL (the pair runs one writer and no autovacuum, so
// that is rare); a wait for it then lasts until those records are replayed too.
//
// The standby's applied position is pg_last_wal_replay_lsn(). PostgreSQL has no
// MASTER_GTID_WAIT: a causal wait polls that function on the standby until it reaches
// the write's LSN or the timeout passes — one polling connection shared by every
// waiting read.
//
// The lag a standby reports is now() − pg_last_xact_replay_timestamp(): the age of the
// last replayed commit's timestamp on the primary (the same host's clock here), NULL
// before the standby has replayed any commit since it started.
//
// The write load: each write also updates every row of table load_pad in its transaction,
// hundreds of heap records for one startup process to replay. Replay alone is cheaper than
// the primary's work (it was 2.3× faster for 200-row updates on this machine), so the
// standby falls behind only when its replay process has less CPU than the primary
// (postgres-pair.sh's LAGSIM_REPLAY_CPU_PERCENT).
import { Pool, PoolClient } from 'pg';
import { sleepMs } from '../clock';
import { ApplierControl, EnginePoller, EngineWriter, LiveEngine, StoredRow, WaitedReplica } from './types';

export const PG_LOAD_TABLE = 'load_pad';

/** Makes PG_LOAD_TABLE hold exactly `rows` rows (0: no table needed); a pair lagsim starts has the table. */
export async function preparePgLoadTable(primary: Pool, rows: number): Promise<void> {
  if (rows === 0) return;
  const exists = (await primary.query<{ ok: boolean }>(`SELECT to_regclass('${PG_LOAD_TABLE}') IS NOT NULL AS ok`)).rows[0].ok;
  if (!exists) await primary.query(`CREATE TABLE ${PG_LOAD_TABLE} (n BIGINT NOT NULL) WITH (fillfactor = 50)`);
  const have = Number((await primary.query<{ n: string }>(`SELECT count(*) AS n FROM ${PG_LOAD_TABLE}`)).rows[0].n);
  if (have > rows) await primary.query(`DELETE FROM ${PG_LOAD_TABLE} WHERE ctid IN (SELECT ctid FROM ${PG_LOAD_TABLE} LIMIT ${have - rows})`);
  if (have < rows) await primary.query(`INSERT INTO ${PG_LOAD_TABLE} (n) SELECT 0 FROM generate_series(1, ${rows - have})`);
}

/** Gap between two polls of a causal wait or a catch-up: a loopback round trip is ~0.1–0.3 ms. */
const WAIT_POLL_GAP_MS = 1;

/** `16/B374D848` → 16·2³² + 0xB374D848 (exact below 2⁵³ bytes of WAL); 0 for NULL. */
export function lsnSeq(lsn: string | null): number {
  if (lsn === null) return 0;
  const m = /^([0-9A-Fa-f]{1,8})\/([0-9A-Fa-f]{1,8})$/.exec(lsn);
  if (m === null) throw new Error(`not an LSN: ${JSON.stringify(lsn)}`);
  return parseInt(m[1], 16) * 2 ** 32 + parseInt(m[2], 16);
}

async function replayLsn(q: Pool | PoolClient): Promise<number> {
  const res = await q.query<{ lsn: string | null }>('SELECT pg_last_wal_replay_lsn()::text AS lsn');
  return lsnSeq(res.rows[0].lsn);
}

async function readRow(q: Pool, k: string): Promise<StoredRow | null> {
  const res = await q.query<{ version: string; v: unknown }>('SELECT version, v FROM rows_kv WHERE k = $1', [k]);
  return res.rows.length === 0 ? null : { version: Number(res.rows[0].version), v: res.rows[0].v };
}

interface Waiter {
  seq: number;
  deadlineMs: number;
  resolve: (reached: boolean) => void;
  reject: (err: unknown) => void;
}

/** Every pending causal wait, served by one connection polling the standby's replay LSN. */
class ReplayWaits {
  private readonly waiters = new Set<Waiter>();
  private looping = false;

  constructor(private readonly conn: PoolClient) {}

  wait(seq: number, timeoutUs: number): Promise<boolean> {
    return new Promise((resolve, reject) => {
      this.waiters.add({ seq, deadlineMs: performance.now() + timeoutUs / 1000, resolve, reject });
      if (!this.looping) void this.loop();
    });
  }

  private async loop(): Promise<void> {
    this.looping = true;
    try {
      while (this.waiters.size > 0) {
        const applied = await replayLsn(this.conn);
        const nowMs = performance.now();
        for (const w of this.waiters) {
          if (w.seq <= applied) w.resolve(true);
          else if (nowMs >= w.deadlineMs) w.resolve(false);
          else continue;
          this.waiters.delete(w);
        }
        if (this.waiters.size > 0) await sleepMs(WAIT_POLL_GAP_MS);
      }
    } catch (err) {
      for (const w of this.waiters) w.reject(err);
      this.waiters.clear();
    } finally {
      this.looping = false;
    }
  }
}

/**
 * Pausing and resuming the standby's replay (`admin` may EXECUTE the two functions): the
 * WAL receiver keeps streaming, so the backlog builds up on the standby and, once resumed,
 * replays in order — each commit still no sooner than recovery_min_apply_delay after its timestamp.
 */
function replayControl(admin: Pool): ApplierControl {
  return {
    async stop() {
      await admin.query('SELECT pg_wal_replay_pause()');
    },
    async start() {
      await admin.query('SELECT pg_wal_replay_resume()');
    },
  };
}

/** `loadRows` > 0: each write also updates every row of PG_LOAD_TABLE (that many rows) in its transaction. */
export function postgresEngine(primary: Pool, replica: Pool, waitConn: PoolClient, admin: Pool | null, loadRows = 0): LiveEngine {
  const load = loadRows > 0 ? ` UPDATE ${PG_LOAD_TABLE} SET n = n + 1;` : '';
  const waits = new ReplayWaits(waitConn);
  const atLeast = async (seq: number, timeoutSec: number): Promise<boolean> => {
    const deadline = performance.now() + timeoutSec * 1000;
    for (;;) {
      if ((await replayLsn(replica)) >= seq) return true;
      if (performance.now() >= deadline) return false;
      await sleepMs(WAIT_POLL_GAP_MS * 5);
    }
  };
  return {
    kind: 'postgres',
    async writer(): Promise<EngineWriter> {
      const conn = await primary.connect();
      return {
        async write(k, json, version) {
          if (!Number.isSafeInteger(version)) throw new Error(`version ${version} is not an integer`);
          const value = json === null ? 'NULL' : `${conn.escapeLiteral(json)}::jsonb`;
          // A simple query (no parameters) so the COMMIT and the SELECT after it travel in one round trip.
          const results = (await conn.query(`BEGIN; INSERT INTO rows_kv (k, v, version) VALUES (${conn.escapeLiteral(k)}, ${value}, ${version})
            ON CONFLICT (k) DO UPDATE SET v = EXCLUDED.v, version = EXCLUDED.version;${load} COMMIT; SELECT pg_current_wal_flush_lsn()::text AS lsn`)) as unknown as Array<{ rows: Array<{ lsn: string }> }>;
          return results[results.length - 1].rows[0].lsn;
        },
        release: () => conn.release(),
      };
    },
    async poller(): Promise<EnginePoller> {
      const conn = await replica.connect();
      return { applied: () => replayLsn(conn), release: () => conn.release() };
    },
    seqOf: lsnSeq,
    read: (node, k) => readRow(node === 'primary' ? primary : replica, k),
    async causalWait(lsn, timeoutUs): Promise<WaitedReplica | null> {
      if (!(await waits.wait(lsnSeq(lsn), timeoutUs))) return null;
      // The replay LSN only grows and a standby's snapshot sees everything replayed before
      // it is taken, so any standby connection now sees the write.
      return { read: (k) => readRow(replica, k), release: () => undefined };
    },
    async headPos() {
      return (await primary.query<{ lsn: string }>('SELECT pg_current_wal_flush_lsn()::text AS lsn')).rows[0].lsn;
    },
    async waitApplied(lsn, timeoutSec) {
      if (!(await atLeast(lsnSeq(lsn), timeoutSec))) throw new Error(`the replica did not replay ${lsn} within ${timeoutSec}s — is the standby streaming?`);
    },
    async threads() {
      const res = await replica.query(
        'SELECT pg_is_in_recovery() AS recovery, pg_is_wal_replay_paused() AS paused, (SELECT status FROM pg_stat_wal_receiver) AS receiver');
      const row = res.rows[0] as { recovery: boolean; paused: boolean; receiver: string | null };
      const receiving = row.receiver === 'streaming';
      const applying = row.recovery && !row.paused;
      return { receiving, applying, state: `WAL receiver ${row.receiver ?? 'none'}, replay ${!row.recovery ? 'not in recovery' : row.paused ? 'paused' : 'running'}`, error: '' };
    },
    async reportedLagUs(mode) {
      if (mode === 'replay-lag') {
        // The pair has one standby; no row (not streaming) reads as NULL, as a proxy would.
        const res = await primary.query<{ us: number | null }>('SELECT (EXTRACT(EPOCH FROM replay_lag) * 1e6)::float8 AS us FROM pg_stat_replication LIMIT 1');
        return res.rows.length === 0 ? null : res.rows[0].us;
      }
      if (mode !== 'replay-timestamp') throw new Error(`monitor ${mode} is not PostgreSQL's`);
      const res = await replica.query<{ us: number | null }>('SELECT (EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()) * 1e6)::float8 AS us');
      return res.rows[0].us;
    },
    applier: admin === null ? null : replayControl(admin),
    async insertRows(values) {
      const params: unknown[] = [];
      const tuples = values.map(([k, v, version]) => {
        params.push(k, v, version);
        const n = params.length;
        return `($${n - 2}, $${n - 1}::jsonb, $${n})`;
      });
      await primary.query(`INSERT INTO rows_kv (k, v, version) VALUES ${tuples.join(', ')}`, params);
    },
    async deleteRows(prefix) {
      await primary.query('DELETE FROM rows_kv WHERE k LIKE $1', [`${prefix}%`]);
    },
  };
}
