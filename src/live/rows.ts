// The rows a live run reads and writes, in table rows_kv (k, v JSON, version). Each
// run gets its own key namespace (`tag:keyId`), so runs — and earlier sessions on a
// pair someone keeps — never see each other's rows, and no reset has to wait out the
// replica's delay between runs.
import { Scenario } from '../scenario/types';
import { LiveCluster } from './connect';
import type * as mysql from 'mysql2/promise';

/** The table key of scenario key `key` in run `tag`. Key ids, not names: any script fits. */
export function rowKey(tag: string, key: number): string {
  return `${tag}:${key}`;
}

/** A namespace unique to this process and run (wall time, not the model's: live is real). */
export function runTag(index: number): string {
  return `${Date.now().toString(36)}${process.pid.toString(36)}-${index}`;
}

const BATCH = 500;

/**
 * Inserts the scenario's initial rows (version 0) for every run on the primary and
 * waits until the replica has them, so every run starts from the same data on both.
 */
export async function seedRows(cluster: LiveCluster, sc: Scenario, tags: string[]): Promise<void> {
  const values: unknown[][] = [];
  for (const tag of tags) {
    sc.initialRows.forEach((row, key) => {
      if (row !== null) values.push([rowKey(tag, key), JSON.stringify(row), 0]);
    });
  }
  for (let i = 0; i < values.length; i += BATCH) {
    await cluster.primary.query('INSERT INTO rows_kv (k, v, version) VALUES ?', [values.slice(i, i + BATCH)]);
  }
  await catchUp(cluster);
}

/** Waits until the replica has applied everything the primary has committed so far. */
export async function catchUp(cluster: LiveCluster): Promise<void> {
  const [res] = await cluster.primary.query('SELECT @@gtid_binlog_pos AS pos');
  const pos = String((res as Array<{ pos: unknown }>)[0].pos ?? '');
  if (pos !== '') await waitApplied(cluster.replica, pos, cluster.masterDelaySec);
}

/** Removes the runs' rows (they replicate like any write). */
export async function dropRows(cluster: LiveCluster, tags: string[]): Promise<void> {
  for (const tag of tags) await cluster.primary.query('DELETE FROM rows_kv WHERE k LIKE ?', [`${tag}:%`]);
}

/** Blocks until the replica has applied `gtid` (MASTER_GTID_WAIT), or fails naming the replica. */
export async function waitApplied(replica: mysql.Pool, gtid: string, delaySec: number): Promise<void> {
  const timeoutSec = delaySec + 30;
  const [res] = await replica.query('SELECT MASTER_GTID_WAIT(?, ?) AS r', [gtid, timeoutSec]);
  if (Number((res as Array<{ r: unknown }>)[0].r) !== 0) {
    throw new Error(`the replica did not apply ${gtid} within ${timeoutSec}s — is replication running?`);
  }
}
