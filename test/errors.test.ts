import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'child_process';
import { defaultWorkers } from '../src/sweep/pool';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseScenario, parseStrategyArg } from '../src/scenario/load';
import { InputError } from '../src/scenario/errors';
import { inputProblems } from './helpers';
import { cli as inProcess } from './cli';

const base = {
  name: 'x', duration: '2s',
  cluster: { followers: [{ name: 'f1', lag: '500ms' }] },
  data: { apple: { stock: 400 } },
  events: [{ at: '1s', actor: 'seller', write: 'apple', set: { stock: 0 } }],
};

/** The problems a document gets, as the CLI prints them. */
function problems(doc: unknown, label = 'scenarios/x.json'): string[] {
  return inputProblems(() => parseScenario(JSON.stringify(doc), label));
}

const msg = suite('bad scenario → one line per problem with file and field path');

msg('the DESIGN example: a negative lag', () => {
  const doc = { ...base, cluster: { followers: [{ name: 'f1', lag: '-3' }] } };
  assert.equal(problems(doc), ['scenarios/x.json: cluster.followers[0].lag: expected a duration like "500ms", got "-3" (durations cannot be negative)']);
});

msg('a unit-less duration string asks for a unit', () => {
  const p = problems({ ...base, duration: '10' });
  assert.is(p.length, 1);
  assert.match(p[0], /^scenarios\/x\.json: duration: .*add a unit/);
});

msg('an unknown field is an error naming it', () => {
  const colour = problems({ ...base, colour: 'red' });
  assert.is(colour.length, 1);
  assert.match(colour[0], /^scenarios\/x\.json: colour: unknown field; expected one of name, title, /);
  const p = problems({ ...base, cluster: { followers: [{ name: 'f1', lag: '1s', lagg: '2s' }] } });
  assert.equal(p, ['scenarios/x.json: cluster.followers[0].lagg: unknown field; did you mean lag?']);
});

msg('every problem is reported, not just the first', () => {
  const p = problems({ ...base, name: 'Bad Name', seed: -1, cluster: { followers: [] } });
  assert.is(p.length, 3, p.join('\n'));
  assert.ok(p.every((line) => line.startsWith('scenarios/x.json: ')));
  assert.ok(p.some((line) => line.includes('name:')));
  assert.ok(p.some((line) => line.includes('seed:')));
  assert.ok(p.some((line) => line.includes('cluster.followers:')));
});

msg('missing required fields say so', () => {
  const p = problems({ name: 'x' });
  assert.equal(p, ['scenarios/x.json: cluster: missing (expected a mapping of fields (key: value))']);
});

msg('unknown strategy lists the known ones', () => {
  const p = problems({ ...base, strategies: ['all-folower'] });
  assert.is(p.length, 1);
  assert.match(p[0], /strategies\[0\]: unknown strategy "all-folower"; did you mean all-follower\? \(known: all-follower, all-master/);
});

msg('bad strategy parameters name the parameter', () => {
  const p = problems({ ...base, strategies: [{ name: 'post-write-window', window: 'soon', scope: 'key' }] });
  assert.equal(p, ['scenarios/x.json: strategies[0].window: expected a duration like "500ms", got "soon"']);
});

msg('an event after the duration, a workload without one', () => {
  const late = problems({ ...base, events: [{ at: '3s', actor: 'a', read: 'apple' }] });
  assert.equal(late, ['scenarios/x.json: events[0].at: at 3000ms is after the scenario\'s duration (2000ms)']);
  const { duration: _d, ...noDuration } = base;
  const w = problems({ ...noDuration, workload: { keys: 10, writeRate: '1/s', readRate: '10/s' } });
  assert.equal(w, ['scenarios/x.json: duration: a workload needs a duration: (how long to generate traffic)']);
});

msg('a scripted read of a key nothing gives a value (not in data:, never written, not generated) is a typo', () => {
  const read = (key: string, extra: Record<string, unknown> = {}) => problems({
    ...base, data: { apple: { stock: 1 } }, ...extra,
    events: [{ at: '1s', actor: 'a', write: 'pear', set: { stock: 2 } }, { at: '1.5s', actor: 'a', read: key }],
  });
  assert.equal(read('appel'), ['scenarios/x.json: events[1].read: reads appel, which is not in data: and is never written, so it can only read no row (did you mean apple?)']);
  assert.equal(read('apple'), [], 'in data:');
  assert.equal(read('pear'), [], 'written by an event, even one after the read');
  const workload = { workload: { keys: 3, writeRate: '1/s', readRate: '1/s' } };
  assert.equal(read('key-2', workload), [], 'a generated key');
  assert.match(read('key-3', workload)[0], /events\[1\]\.read: reads key-3/);
  assert.match(read('key-02', workload)[0], /events\[1\]\.read: reads key-02/);
});

msg('an event that is neither a read nor a write', () => {
  const p = problems({ ...base, events: [{ at: '1s', actor: 'a', delete: 'apple' }] });
  assert.equal(p, ['scenarios/x.json: events[0]: an event needs read: <key> or write: <key> (with set: { … })']);
});

msg('YAML syntax errors and duplicate keys carry line and column', () => {
  try {
    parseScenario('name: x\nname: y\n', 'scenarios/dup.yaml');
    assert.unreachable('should have thrown');
  } catch (err) {
    assert.instance(err, InputError);
    assert.match((err as InputError).problems[0], /^scenarios\/dup\.yaml:2:1: name: appears twice in the same mapping \(also on line 1\)/);
  }
});

msg('--strategy values are checked like file entries', () => {
  assert.throws(() => parseStrategyArg('post-write-window(window=2s,scope=planet)'), (e: InputError) =>
    e.problems[0].startsWith('--strategy "post-write-window(window=2s,scope=planet)": scope: '));
  assert.is(parseStrategyArg('post-write-window:window=250ms').label, 'post-write-window(window=250ms,scope=key)');
});

msg.run();

// ---
const cli = suite('CLI exit codes and messages');
const bin = path.join(__dirname, '..', 'bin', 'lagsim.js');
const lagsim = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', cwd: os.tmpdir() });

// Real processes for the exit status the shell sees; the rest through the CLI in this process (test/cli.ts).
cli('bad scenario file → exit 2, one line per problem, no stack trace', () => {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'lagsim-')), 'bad.yaml');
  fs.writeFileSync(file, 'name: bad\ncluster:\n  followers:\n    - { name: f1, lag: "-3" }\n');
  const r = lagsim('run', file);
  assert.is(r.status, 2);
  assert.is(r.stderr, `lagsim: ${file}: cluster.followers[0].lag: expected a duration like "500ms", got "-3" (durations cannot be negative)\n`);
  assert.is(r.stdout, '');
});

cli('missing file, unknown command, unknown option → exit 2', async () => {
  for (const args of [['run', 'nope.yaml'], ['runn', 'x'], ['run', 'x.yaml', '--colour'], []]) {
    const r = await inProcess(args);
    assert.is(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.not.match(r.stderr, /\n\s+at /, 'no stack trace');
  }
});

cli('--workers is capped at 4 per core and 64: 256 threads on 2 cores took gigabytes to do nothing faster', async () => {
  const max = Math.min(4 * defaultWorkers(), 64);
  const r = await inProcess(['sweep', 'x.yaml', '--param', 'seed=1,2', '--workers', String(max + 1)]);
  assert.is(r.code, 2, r.stderr);
  assert.is(r.stderr.split('\n')[0], `lagsim: --workers: expected a whole number from 1 to ${max} (4 per core, at most 64)`);
  assert.match((await inProcess(['sweep', '--help'])).stdout, 'at most 4 per core and 64');
});

cli('--help and --version exit 0', async () => {
  const h = lagsim('run', '--help');
  assert.is(h.status, 0);
  assert.match(h.stdout, /lagsim run scenarios\/apple-stock\.yaml/);
  assert.is((await inProcess(['--version'])).code, 0);
});

cli('trace of the apple story shows the user reading 400 as STALE', async () => {
  const r = await inProcess(['trace', path.join(__dirname, '..', 'scenarios', 'apple-stock.yaml'), '--strategy', 'all-follower']);
  assert.is(r.code, 0, r.stderr);
  assert.match(r.stdout, 't=1.200s user-1 read apple @follower-1 → stock=400 STALE (master has 0 since 1.000s)');
});

cli.run();
