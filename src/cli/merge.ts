import { pickLang } from '../i18n';
import { at, msg, Msg, Problem } from '../i18n/problem';
import { InputError } from '../scenario/errors';
import { FileRules, readRegularFile } from '../scenario/readFile';
import { assembleSweep } from '../sweep/run';
import { ShardFile, mergeShards, shardDocument, sweepShardOf } from '../sweep/shard';
import { AdviseShardFile, adviseShardOf, mergeAdviseShards } from '../advise/shard';
import { progressBar } from '../sweep/progress';
import { assertOwnFolder, onInterrupt } from '../report/files';
import { reportAdvise } from './adviseCommand';
import { reportSweep } from './sweep';

export interface MergeArgs {
  shards: string[];
  out?: string;
  report?: boolean;
  json?: boolean;
  lang?: string;
  /** Threads for an advise run's refinement. */
  workers?: number;
}

/**
 * Shard files: at most 128 MiB. A result takes under 1 kB, so the largest sweep (1 000
 * points × 64 strategies) writes under 70 MB; the bound keeps the text well below the
 * longest string V8 holds (2^29 − 24 characters), which a 512 MiB file passed.
 */
const SHARD_MAX_BYTES = 128 * 1024 * 1024;

const SHARD_RULES: FileRules = {
  maxBytes: SHARD_MAX_BYTES,
  folder: msg('v.isFolderShard'),
  tooBig: (n) => msg('v.shardTooBig', { n, limit: `${SHARD_MAX_BYTES / 2 ** 20} MiB` }),
  missing: () => msg('v.noSuchFile'),
};

type AnyShard = { kind: 'sweep'; shard: ShardFile } | { kind: 'advise'; shard: AdviseShardFile };

function readShard(file: string): AnyShard {
  const doc = shardDocument(file, readRegularFile(file, SHARD_RULES));
  return doc.lagsimAdviseShard === 1 ? { kind: 'advise', shard: adviseShardOf(file, doc) } : { kind: 'sweep', shard: sweepShardOf(file, doc) };
}

/**
 * `lagsim merge <shard files…>`: the shards of one `lagsim sweep … --shard i/n` or one
 * `lagsim advise … --shard i/n`, every i once, become exactly the result a single machine
 * gives — the same text, JSON and report folder (default reports/<scenario>/sweep-<param>/
 * or reports/<scenario>-advise/). An advise run's refinement runs here (advise/shard.ts).
 */
export async function mergeCommand(a: MergeArgs): Promise<void> {
  // A named folder is judged before an advise run's refinement, so a refusal loses no work.
  if (a.report !== false && a.out !== undefined) assertOwnFolder(a.out);
  const problems: Problem[] = [];
  const shards: Array<[string, AnyShard]> = [];
  for (const file of a.shards) {
    try {
      shards.push([file, readShard(file)]);
    } catch (err) {
      if (!(err instanceof InputError)) throw err;
      problems.push(...err.issues);
    }
  }
  if (problems.length > 0) throw new InputError(problems);
  const [firstFile, first] = shards[0];
  const kindWord = (s: AnyShard): Msg => msg(s.kind === 'sweep' ? 'vw.shardOfSweep' : 'vw.shardOfAdvise');
  const mixed = shards.filter(([, s]) => s.kind !== first.kind);
  if (mixed.length > 0) throw new InputError(mixed.map(([file, s]) => at(file, msg('v.shardKind', { kind: kindWord(s), first: firstFile, firstKind: kindWord(first) }))));
  if (first.kind === 'advise') {
    const advised = shards.map(([file, s]) => [file, s.shard] as [string, AdviseShardFile]);
    const bar = progressBar(process.stderr, 'merge', { enabled: !a.json, lang: pickLang(a.lang) });
    const forget = onInterrupt(() => bar.finish());
    let merged: Awaited<ReturnType<typeof mergeAdviseShards>>;
    try {
      merged = await mergeAdviseShards(advised, { workers: a.workers, onDone: (d, n) => bar.update(d, n) });
    } finally {
      bar.finish();
      forget();
    }
    return reportAdvise(merged.sc, merged.result, a, 'merge');
  }
  const { plan, runs, results } = mergeShards(shards.map(([file, s]) => [file, s.shard as ShardFile]));
  reportSweep(plan, assembleSweep(plan, runs, results), a);
}
