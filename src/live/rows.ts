// The rows a live run reads and writes, in table rows_kv (k, v JSON, version). Each
// run gets its own key namespace (`tag:keyId`), so runs — and earlier sessions on a
// pair someone keeps — never see each other's rows, and no reset has to wait out the
// replica's delay between runs.
import { Scenario } from '../scenario/types';
import { LiveCluster } from './connect';

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
 * waits until every replica has them, so every run starts from the same data on all.
 */
export async function seedRows(cluster: LiveCluster, sc: Scenario, tags: string[]): Promise<void> {
  const values: Array<[string, string, number]> = [];
  for (const tag of tags) {
    sc.initialRows.forEach((row, key) => {
      if (row !== null) values.push([rowKey(tag, key), JSON.stringify(row), 0]);
    });
  }
  for (let i = 0; i < values.length; i += BATCH) {
    await cluster.engine.insertRows(values.slice(i, i + BATCH));
  }
  await catchUp(cluster);
}

/** Waits until every replica has applied everything the primary has committed so far. */
export async function catchUp(cluster: LiveCluster): Promise<void> {
  await waitApplied(cluster, await cluster.engine.headPos());
}

/** Removes the runs' rows (they replicate like any write). */
export async function dropRows(cluster: LiveCluster, tags: string[]): Promise<void> {
  for (const tag of tags) await cluster.engine.deleteRows(`${tag}:`);
}

/** Blocks until every replica has applied position `pos`, or fails naming the replica. */
export async function waitApplied(cluster: LiveCluster, pos: string): Promise<void> {
  await Promise.all(cluster.replicas.map((r) => r.engine.waitApplied(pos, Math.ceil(r.applyDelayUs / 1e6) + 30)));
}
