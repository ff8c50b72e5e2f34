import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { execFileSync, spawnSync } from 'child_process';
import { AdviseResult } from '../src/advise/advise';
import { cli } from './cli';

// lagsim advise … --shard i/n: the grid split over processes (run here by GNU parallel, as
// on several machines), lagsim merge joining the shards and running the refinement; the
// result is the single machine's, byte for byte. Needs `npm run build` and GNU parallel
// (scripts/install-deps.sh --test installs it).

const ROOT = path.join(__dirname, '..');
const BIN = path.join(ROOT, 'bin', 'lagsim.js');
const SCENARIO = path.join(ROOT, 'scenarios', 'your-system.yaml');
// Two strategies with numeric axes and 2 runs each: a small grid whose SLO boundaries the refinement narrows.
const ARGS = ['--slo', 'staleRate < 1%', '--slo', 'masterReadShare < 50%', '--strategy', 'causal', '--strategy', 'post-write-window', '--runs', '2'];
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lagsim-advise-shard-'));

function gnuParallel(): string {
  const v = spawnSync('parallel', ['--version'], { encoding: 'utf8' });
  assert.ok(v.status === 0 && /GNU parallel/.test(v.stdout), 'GNU parallel is missing: scripts/install-deps.sh --test installs it');
  return 'parallel';
}

/** Runs the n shards of `args` as n processes under GNU parallel; returns the shard files. */
function shardsUnderParallel(name: string, args: string[], n: number): string[] {
  const files = Array.from({ length: n }, (_, i) => path.join(dir, `${name}-${i + 1}.json`));
  execFileSync(gnuParallel(), ['--quote', '--halt', 'now,fail=1', process.execPath, BIN, 'advise', SCENARIO, ...args, '--workers', '1', '--shard', `{}/${n}`, '--out', path.join(dir, `${name}-{}.json`), ':::', ...files.map((_, i) => String(i + 1))], { stdio: ['ignore', 'pipe', 'pipe'] });
  return files;
}

const read = (d: string, f: string): Buffer => fs.readFileSync(path.join(d, f));

// Two shards, two processes (each about 0.8 CPU-s, mostly starting the CLI): they split the grid at a
// boundary, cross processes and reach merge out of order (reversed below).
test('advise sharded over 2 processes under GNU parallel and merged = one machine, byte for byte', async () => {
  const shards = shardsUnderParallel('a', ARGS, 2);
  // Both write to the same folder name (it is in the text), one after the other; the files are kept between.
  const out = path.join(dir, 'out');
  const one = await cli(['advise', SCENARIO, ...ARGS, '--out', out]);
  // No searched configuration meets both here: the nearest miss, and exit 4, from either command.
  assert.is(one.code, 4, one.stderr);
  assert.match(one.stdout, /Nearest miss: /);
  const files = ['advise.json', 'index.html'].map((f) => read(out, f));
  const merged = await cli(['merge', ...[...shards].reverse(), '--out', out, '--workers', '2']);
  assert.is(merged.code, 4, merged.stderr);
  assert.match(merged.stderr, 'lagsim: lagsim merge exits with code 4: no configuration meets the SLOs.');
  assert.is(merged.stdout, one.stdout);
  ['advise.json', 'index.html'].forEach((f, i) => assert.ok(read(out, f).equals(files[i]), f));
  // The refinement ran at the merge: the grid alone would not have given this result.
  const r = JSON.parse(files[0].toString('utf8')) as AdviseResult;
  assert.ok(r.configs.some((c) => c.phase === 'refine'), 'some configurations were refined');
  const grid = r.configs.filter((c) => c.phase === 'grid').length;
  const held = shards.map((f) => (JSON.parse(fs.readFileSync(f, 'utf8')) as { results: unknown[] }).results.length);
  assert.is(held.reduce((a, b) => a + b, 0), grid, `the shards hold the grid: ${held.join(' + ')}`);
});

test('merge refuses shards of different advise runs, a sweep shard among advise shards, and a missing shard', async () => {
  const shards = ['a-1.json', 'a-2.json'].map((f) => path.join(dir, f));
  // The refused shards run in this thread (--workers 1): what merge checks is in the shard file, not how it was computed.
  const other = await cli(['advise', SCENARIO, ...ARGS.map((x) => (x === 'masterReadShare < 50%' ? 'masterReadShare < 60%' : x)), '--shard', '2/2', '--workers', '1', '--out', path.join(dir, 'b-2.json')]);
  assert.is(other.code, 0, other.stderr);
  const mixed = await cli(['merge', shards[0], path.join(dir, 'b-2.json'), '--no-report']);
  assert.is(mixed.code, 2);
  assert.match(mixed.stderr, `${path.join(dir, 'b-2.json')}: a shard of a different advise run than ${shards[0]} (the scenario, --slo, --runs, --budget, --seed or --strategy differ)`);
  const sweep = await cli(['sweep', SCENARIO, '--param', 'strategies[2].window=0ms..1s', '--steps', '2', '--shard', '1/1', '--workers', '1', '--out', path.join(dir, 'sweep.json')]);
  assert.is(sweep.code, 0, sweep.stderr);
  const kinds = await cli(['merge', ...shards, path.join(dir, 'sweep.json'), '--no-report']);
  assert.is(kinds.code, 2);
  assert.match(kinds.stderr, `${path.join(dir, 'sweep.json')}: a shard of a sweep, but ${shards[0]} is a shard of an advise run: merge the shards of one run`);
  const missing = await cli(['merge', shards[0], '--no-report', '--lang', 'ko']);
  assert.is(missing.code, 2);
  assert.match(missing.stderr, '샤드 2/2');
});

test.after(() => fs.rmSync(dir, { recursive: true, force: true }));
test.run();
