import { msg, Problem } from '../i18n/problem';
import { InputError } from '../scenario/errors';
import { FileRules, readRegularFile } from '../scenario/readFile';
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

/** Shard files: at most 512 MB (results are a few kB per run, so far beyond any real sweep). */
const SHARD_RULES: FileRules = {
  maxBytes: 512 * 1024 * 1024,
  folder: msg('v.isFolderShard'),
  tooBig: (n) => msg('v.shardTooBig', { n }),
  missing: () => msg('v.noSuchFile'),
};

function readShard(file: string): ShardFile {
  return parseShard(file, readRegularFile(file, SHARD_RULES));
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
