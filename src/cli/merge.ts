import * as fs from 'fs';
import { at, msg, Problem } from '../i18n/problem';
import { InputError } from '../scenario/errors';
import { assembleSweep } from '../sweep/run';
import { ShardFile, mergeShards, parseShard } from '../sweep/shard';
import { reportSweep } from './sweep';

export interface MergeArgs {
  shards: string[];
  out?: string;
  report?: boolean;
  json?: boolean;
  lang?: string;
}

/** Largest shard file read: results are a few kB per run, so this is far beyond any real sweep. */
const MAX_SHARD_BYTES = 512 * 1024 * 1024;

function readShard(file: string): ShardFile {
  let text: string;
  try {
    const stat = fs.statSync(file);
    if (stat.isDirectory()) throw new InputError([at(file, msg('v.isFolderShard'))]);
    if (stat.size > MAX_SHARD_BYTES) throw new InputError([at(file, msg('v.shardTooBig', { n: stat.size }))]);
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    if (err instanceof InputError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    throw new InputError([at(file, code === 'ENOENT' ? msg('v.noSuchFile') : msg('v.cannotRead', { code: code ?? String(err) }))]);
  }
  return parseShard(file, text);
}

/**
 * `lagsim merge <shard files…>`: the shards of one `lagsim sweep … --shard i/n`, every i
 * once, become exactly the sweep a single machine would have run — the same table, JSON
 * and report folder (default reports/<scenario>/sweep-<param>/).
 */
export function mergeCommand(a: MergeArgs): void {
  const problems: Problem[] = [];
  const shards: Array<[string, ShardFile]> = [];
  for (const file of a.shards) {
    try {
      shards.push([file, readShard(file)]);
    } catch (err) {
      if (!(err instanceof InputError)) throw err;
      problems.push(...err.issues);
    }
  }
  if (problems.length > 0) throw new InputError(problems);
  const { plan, runs, results } = mergeShards(shards);
  reportSweep(plan, assembleSweep(plan, runs, results), a);
}
