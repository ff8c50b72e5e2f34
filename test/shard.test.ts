import { suite } from 'uvu';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as assert from 'uvu/assert';
import { planSweep } from '../src/sweep/plan';
import { assembleSweep, runSweep, sweepTasks } from '../src/sweep/run';
import { ShardFile, SweepSpec, mergeShards, parseShard, parseShardArg, runShard, shardTaskIndices, shardText } from '../src/sweep/shard';
import { sweepCsv } from '../src/sweep/csv';
import { METRIC_PATHS, setMetric } from '../src/metrics/registry';
import { problemsOf, tmpFile } from './helpers';
import { cli } from './cli';

const TEXT = `name: shards
seed: 9
duration: 10s
cluster:
  followers:
    - { name: f1, lag: { dist: exponential, mean: 150ms } }
    - { name: f2, lag: 60ms }
workload: { keys: 25, sessions: 30, writeRate: 10/s, readRate: 150/s, criticalFraction: 0.1 }
strategies:
  - all-follower
  - critical-only
  - post-write-window
`;
const PARAM = 'strategies[2].window=0ms..1s';
const STEPS = 5;

/** Runs all `count` shards of the test sweep, each written and read back as its file would be. */
async function shards(count: number, runs = 2, file = tmpFile(TEXT, 'lagsim-shard-')): Promise<Array<[string, ShardFile]>> {
  const spec: SweepSpec = { file, scenarioText: TEXT, param: PARAM, steps: STEPS, runs, overrides: {} };
  const plan = planSweep(file, PARAM, STEPS, {}, TEXT);
  const out: Array<[string, ShardFile]> = [];
  for (let i = 1; i <= count; i++) {
    const name = `shard-${i}-of-${count}.json`;
    out.push([name, parseShard(name, shardText(await runShard(plan, spec, i, count, { workers: 1 })))]);
  }
  return out;
}

// ---
const slicing = suite('shard slices');

slicing('i/n parsed and checked', () => {
  assert.equal(parseShardArg('2/8'), { index: 2, count: 8 });
  assert.equal(parseShardArg(' 1 / 1 '), { index: 1, count: 1 });
  for (const bad of ['0/3', '4/3', '1/0', '1', 'a/b', '1/2/3', '-1/2', '1.5/3', '']) assert.is(parseShardArg(bad), null, bad);
});

slicing('every run in exactly one shard, whatever n (more shards than runs included)', () => {
  for (const total of [0, 1, 7, 30]) {
    for (const n of [1, 2, 3, 8, 40]) {
      const all = Array.from({ length: n }, (_, i) => shardTaskIndices(total, i + 1, n)).flat().sort((a, b) => a - b);
      assert.equal(all, Array.from({ length: total }, (_, k) => k), `${total} runs, ${n} shards`);
    }
  }
});

// ---
const merge = suite('lagsim merge = the single-machine sweep');

merge('3 shards, merged in any order: the same result and the same CSV bytes as runSweep', async () => {
  const file = tmpFile(TEXT, 'lagsim-shard-');
  const plan = planSweep(file, PARAM, STEPS);
  const whole = await runSweep(plan, 2, { workers: 1 });
  const parts = await shards(3, 2, file);
  const merged = mergeShards([parts[2], parts[0], parts[1]]);
  const result = assembleSweep(merged.plan, merged.runs, merged.results);
  assert.equal(result, whole);
  assert.is(sweepCsv(result), sweepCsv(whole));
  assert.is(JSON.stringify(result), JSON.stringify(whole));
});

/** A shard's text with `edit` applied to its first result (as a hand or a disk would). */
function tampered(shard: ShardFile, edit: (result: Record<string, unknown>) => void): string {
  const doc = JSON.parse(shardText(shard)) as { results: Array<{ result: Record<string, unknown> }> };
  edit(doc.results[0].result);
  return JSON.stringify(doc).replace('"__inf__"', '1e999');
}

merge('every number of every result is checked as a run makes it: finite, non-negative, rates 0..1, none missing', async () => {
  const [[, shard]] = await shards(1);
  const cases: Array<[(r: Record<string, unknown>) => void, RegExp]> = [
    [(r) => { r.staleRate = 'lots'; }, /^x\.json: results\[0\]\.result\.staleRate: expected a number, got "lots"$/],
    [(r) => { r.reads = -5; }, /^x\.json: results\[0\]\.result\.reads: expected at least 0, got -5$/],
    [(r) => { r.masterReadShare = 1.5; }, /^x\.json: results\[0\]\.result\.masterReadShare: expected at most 1, got 1\.5$/],
    [(r) => { (r.stalenessMs as Record<string, unknown>).max = '__inf__'; }, /^x\.json: results\[0\]\.result\.stalenessMs\.max: .*infinity/i],
    [(r) => { delete r.writes; }, /^x\.json: results\[0\]\.result\.writes: missing/],
    [(r) => { r.bogus = 1; }, /^x\.json: results\[0\]\.result\.bogus: unknown field/],
  ];
  for (const [edit, want] of cases) assert.match(problemsOf(() => parseShard('x.json', tampered(shard, edit))).join('\n'), want);
  for (const path of METRIC_PATHS) {
    const bad = structuredClone(shard);
    setMetric(bad.results[0].result, path, -1);
    assert.match(problemsOf(() => parseShard('x.json', shardText(bad)))[0], `result.${path}: expected at least 0`, path);
  }
  const empty = JSON.parse(shardText(shard)) as Record<string, unknown>;
  empty.results = [{}];
  assert.match(problemsOf(() => parseShard('x.json', JSON.stringify(empty)))[0], /^x\.json: results\[0\]\.task: missing/);
  assert.match(problemsOf(() => parseShard('x.json', '{}'))[0], /^x\.json: not a lagsim shard/);
  assert.equal(parseShard('x.json', shardText(shard)), shard, 'an untouched shard reads back as written');
  assert.equal(parseShard('x.json', `\uFEFF${shardText(shard)}`), shard, 'an editor\'s byte-order mark is not content');
});

merge('a result changed to another number a run could give is refused: the results no longer match their digest', async () => {
  const [[, shard]] = await shards(1);
  const edits: Array<(r: Record<string, unknown>) => void> = [
    (r) => { r.staleRate = (r.staleRate as number) / 2; },
    (r) => { r.reads = (r.reads as number) + 1; },
  ];
  for (const edit of edits) {
    assert.equal(problemsOf(() => parseShard('x.json', tampered(shard, edit))), ["x.json: the shard's results do not match their digest (the file was edited or damaged); run the shard again"]);
  }
  const undigested = JSON.parse(shardText(shard)) as Record<string, unknown>;
  delete undigested.resultsDigest;
  assert.equal(problemsOf(() => parseShard('old.json', JSON.stringify(undigested))),
    ['old.json: no digest of its results (resultsDigest): written by an earlier version of lagsim, or edited; run the shard again with this version'], 'a shard from before the digest');
  const swapped = structuredClone(shard);
  [swapped.results[0].result, swapped.results[1].result] = [swapped.results[1].result, swapped.results[0].result];
  assert.equal(problemsOf(() => parseShard('x.json', shardText(swapped))).length, 1, 'two results swapped');
});

merge('missing, repeated, foreign and edited shards are refused with one line each', async () => {
  const parts = await shards(3);
  assert.match(problemsOf(() => mergeShards([parts[0], parts[2]]))[0], /^missing shard 2\/3: merge needs all 3$/);
  assert.match(problemsOf(() => mergeShards([parts[0], parts[1], parts[1], parts[2]]))[0], /shard 2\/3 again/);
  const two = await shards(2);
  assert.match(problemsOf(() => mergeShards([parts[0], two[1], parts[2]]))[0], /shard 2\/2, but shard-1-of-3.json is one of 3/);
  const otherRuns = await shards(3, 1);
  assert.match(problemsOf(() => mergeShards([parts[0], otherRuns[1], parts[2]]))[0], /a shard of a different sweep/);
  const edited = JSON.parse(shardText(parts[1][1])) as ShardFile;
  edited.sweep.steps = 6;
  assert.match(problemsOf(() => parseShard('edited.json', JSON.stringify(edited)))[0], /does not match its fingerprint/);
  const dropped = { ...parts[1][1], results: parts[1][1].results.slice(1) };
  assert.match(problemsOf(() => mergeShards([parts[0], ['dropped.json', dropped], parts[2]]))[0], /^dropped.json: holds runs/);
  assert.match(problemsOf(() => parseShard('x.json', '{"hello": 1}'))[0], /^x.json: not a lagsim shard/);
  assert.match(problemsOf(() => parseShard('y.json', 'not json'))[0], /^y.json: not a lagsim shard/);
});

merge('a file larger than a shard holds is refused from its size, before it is read', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lagsim-shard-size-'));
  // Sparse: 512 MiB that take no disk; read whole, its text would pass the longest string V8 holds.
  const huge = path.join(dir, 'huge.json');
  fs.closeSync(fs.openSync(huge, 'w'));
  fs.truncateSync(huge, 512 * 1024 * 1024);
  for (const lang of ['en', 'ko']) {
    const r = await cli(['merge', huge, '--lang', lang]);
    assert.is(r.code, 2, r.stderr);
    assert.match(r.stderr, lang === 'en' ? /huge\.json: 536870912 bytes, more than a shard file holds \(128 MiB\); not a shard file/ : /536870912바이트입니다. 샤드 파일의 최대 크기\(128 MiB\)보다 크므로 샤드 파일이 아닙니다/);
  }
  fs.rmSync(dir, { recursive: true, force: true });
});

merge('the file path is a label: shards run from different paths to the same scenario merge', async () => {
  const a = await shards(2, 2, tmpFile(TEXT, 'lagsim-shard-'));
  const b = await shards(2, 2, tmpFile(TEXT, 'lagsim-shard-'));
  const merged = mergeShards([a[0], b[1]]);
  assert.is(merged.results.length, sweepTasks(merged.plan, 2).tasks.length);
});

slicing('--shard with --no-report and no --json is refused before any run: the shard would go nowhere', async () => {
  const file = tmpFile(TEXT, 'lagsim-shard-');
  for (const command of [['sweep', file, '--param', PARAM], ['advise', file, '--slo', 'staleRate < 1%']]) {
    const r = await cli([...command, '--shard', '1/2', '--no-report']);
    assert.is(r.code, 2, r.stderr);
    assert.is(r.stderr, 'lagsim: --shard: with --no-report the shard would be neither written nor printed: drop --no-report, or add --json to print it\n');
  }
  const printed = await cli(['sweep', file, '--param', PARAM, '--steps', '2', '--shard', '1/2', '--no-report', '--json']);
  assert.is(printed.code, 0, printed.stderr);
  assert.equal(parseShard('stdout', printed.stdout).shard, { index: 1, count: 2 });
});

slicing('a shard says what it ran and where it went, in the language asked for', async () => {
  const file = tmpFile(TEXT, 'lagsim-shard-');
  const out = path.join(path.dirname(file), `${path.basename(file)}-1.json`);
  const en = await cli(['sweep', file, '--param', PARAM, '--steps', '2', '--shard', '1/2', '--out', out]);
  assert.is(en.code, 0, en.stderr);
  const runs = parseShard(out, fs.readFileSync(out, 'utf8'));
  assert.is(en.stdout, `shard 1/2 of the sweep of ${PARAM.split('=')[0]}: ${runs.results.length} of ${runs.tasks} runs → ${out}\n`);
  const ko = await cli(['sweep', file, '--param', PARAM, '--steps', '2', '--shard', '1/2', '--out', out, '--lang', 'ko']);
  assert.is(ko.stdout, `${PARAM.split('=')[0]} 스윕의 샤드 1/2: 실행 ${runs.tasks}회 중 ${runs.results.length}회 → ${out}\n`);
  fs.rmSync(out);
});

slicing.run();
merge.run();
