import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { spawnSync } from 'child_process';
import { cli } from './cli';
import { tmpFile } from './helpers';

/** One name per idea across commands, and the conventional entry points: -v, help, completion. */
const version = (require(path.join(__dirname, '..', 'package.json')) as { version: string }).version;

test('-v and --version print the version', async () => {
  for (const flag of ['-v', '--version']) {
    const r = await cli([flag]);
    assert.is(r.code, 0);
    assert.is(r.stdout.trim(), version);
  }
});

test('lagsim help [command] is --help, in the chosen language; an unknown command is a problem line', async () => {
  const help = await cli(['help', 'run']);
  assert.is(help.code, 0);
  assert.is(help.stdout, (await cli(['run', '--help'])).stdout);
  assert.ok(help.stdout.includes('--wide'));
  const ko = await cli(['help', 'live', '--lang', 'ko']);
  assert.ok(ko.stdout.includes('비교를 위한 전략당 시뮬레이션 반복 횟수'), ko.stdout);
  assert.not.match(ko.stdout, /^\s*--replications/m, 'the former name has no line of its own');
  const all = await cli(['help']);
  assert.ok(all.stdout.includes('lagsim completion') && all.stdout.includes('lagsim help [command]'), all.stdout);
  const typo = await cli(['help', 'rnu']);
  assert.is(typo.code, 2);
  assert.ok(typo.stderr.startsWith('lagsim: unknown command "rnu"; did you mean run?'), typo.stderr);
  const typoKo = await cli(['help', 'rnu', '--lang', 'ko']);
  assert.is(typoKo.code, 2);
  assert.ok(typoKo.stderr.startsWith('lagsim: 알 수 없는 명령 "rnu". 혹시 run입니까?'), typoKo.stderr);
});

test('lagsim completion prints a shell script; completions list a command\'s options', async () => {
  const script = await cli(['completion']);
  assert.is(script.code, 0);
  assert.ok(script.stdout.includes('--get-yargs-completions'), script.stdout);
  const options = await cli(['--get-yargs-completions', 'lagsim', 'live', '--']);
  for (const o of ['--runs', '--lang']) assert.ok(options.stdout.split('\n').includes(o), options.stdout);
});

test('live: --runs and --lang like run; --replications, its former name, still parses; both at once is a problem', async () => {
  const both = await cli(['live', 'x.yaml', '--runs', '2', '--replications', '3']);
  assert.is(both.code, 2);
  assert.ok(both.stderr.startsWith('lagsim: --runs and --replications are one option'), both.stderr);
  const bad = await cli(['live', 'x.yaml', '--runs', '0', '--lang', 'ko']);
  assert.is(bad.code, 2);
  assert.ok(bad.stderr.startsWith('lagsim: --runs: 1에서 1000 사이의 정수여야 합니다'), bad.stderr);
  const old = await cli(['live', 'x.yaml', '--replications', '0']);
  assert.ok(old.stderr.startsWith('lagsim: --runs: expected a whole number'), old.stderr);
});

test('an option that takes one value, given twice, is a problem naming it; --slo and --strategy repeat', async () => {
  const out = await cli(['init', '--out', 'a.yaml', '--out', 'b.yaml']);
  assert.is(out.code, 2);
  assert.is(out.stderr, 'lagsim: --out is given more than once (a.yaml, b.yaml); give it once\nlagsim: see "lagsim init --help"\n');
  const ko = await cli(['run', 'apple-stock', '--seed', '1', '--seed', '2', '--no-report', '--lang', 'ko']);
  assert.is(ko.code, 2);
  assert.ok(ko.stderr.startsWith('lagsim: --seed가 여러 번 주어졌습니다 (1, 2). 한 번만 주십시오\n'), ko.stderr);
  const pk = await cli(['import', 'general-log', 'x.log', '--out', 'x.csv', '--pk', 'a', '--pk', 'b']);
  assert.is(pk.code, 2);
  assert.ok(pk.stderr.startsWith('lagsim: --pk is given more than once (a, b)'), pk.stderr);
  const repeated = await cli(['run', 'apple-stock', '--no-report', '--json', '--strategy', 'all-follower', '--strategy', 'all-master', '--slo', 'staleRate < 100%', '--slo', 'masterReadShare <= 100%']);
  assert.is(repeated.code, 0, repeated.stderr);
  assert.equal((JSON.parse(repeated.stdout) as { results: Array<{ strategy: string }> }).results.map((r) => r.strategy), ['all-follower', 'all-master']);
});

test('a number option given no number is a problem quoting what was typed (not NaN, not a silent 0)', async () => {
  for (const [args, line] of [
    [['run', 'apple-stock', '--seed', '', '--no-report'], 'lagsim: --seed: expected a number, got ""'],
    [['trace', 'apple-stock', '--seed=abc'], 'lagsim: --seed: expected a number, got "abc"'],
    [['sweep', 'apple-stock', '--param', 'seed=1,2', '--runs', 'two', '--lang', 'ko'], 'lagsim: --runs: 숫자여야 합니다. 받은 값: "two"'],
  ] as const) {
    const r = await cli([...args]);
    assert.is(r.code, 2, args.join(' '));
    assert.is(r.stderr.split('\n')[0], line);
  }
});

test('import: what is missing is named, a mistyped kind gets its suggestion, help import is its help', async () => {
  const expect = async (args: string[], first: string): Promise<void> => {
    const r = await cli(args);
    assert.is(r.code, 2, args.join(' '));
    assert.is(r.stderr.split('\n')[0], first, args.join(' '));
  };
  await expect(['import'], 'lagsim: import needs what to import: lagsim import lag FILE (a lag series) or lagsim import general-log FILE (a query log)');
  await expect(['import', 'lag'], 'lagsim: import lag needs the file to import, e.g. lagsim import lag sbm.csv --format prometheus-csv --out lag.csv');
  await expect(['import', 'lagg', 'x.csv'], 'lagsim: unknown command "import lagg"; did you mean import lag?');
  await expect(['import', '--lang', 'ko', 'lagg', 'x.csv'], 'lagsim: 알 수 없는 명령 "import lagg". 혹시 import lag입니까?');
  await expect(['imprt'], 'lagsim: unknown command "imprt"; did you mean import? (commands: run, sweep, advise, merge, trace, validate, list, init, import, schema, lab, site, live, proxy, help, completion)');
  const help = await cli(['help', 'import']);
  assert.is(help.code, 0);
  assert.is(help.stdout, (await cli(['import', '--help'])).stdout);
});

test('a count of one takes the singular in English: "1 strategy, 1 scripted event", "(1 check)"', async () => {
  const file = tmpFile(['name: one', 'duration: 2s', 'cluster: { followers: [ { name: f, lag: 100ms } ] }', 'data: { apple: { stock: 1 } }',
    'events: [ { at: 1s, actor: seller, write: apple, set: { stock: 0 } } ]', 'strategies: [all-follower]', ''].join('\n'), 'lagsim-one-');
  const v = await cli(['validate', file]);
  assert.match(v.stdout, /\(1 strategy, 1 scripted event\)/);
  const r = await cli(['run', file, '--no-report', '--slo', 'staleRate < 1%']);
  assert.match(r.stdout, 'Every strategy meets every SLO (1 check).');
});

test('a command lagsim suggests pastes into a shell as it is: a name with a space or a quote is quoted', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lagsim-quote-'));
  const r = await cli(['init', '--out', "it's mine.yaml"], { cwd: dir });
  assert.is(r.code, 0, r.stderr);
  assert.match(r.stdout, "lagsim validate 'it'\\''s mine.yaml', run it with lagsim run 'it'\\''s mine.yaml'");
  const shell = spawnSync('bash', ['-c', `printf '%s' ${"'it'\\''s mine.yaml'"}`], { encoding: 'utf8' });
  assert.is(shell.stdout, "it's mine.yaml");
  fs.rmSync(dir, { recursive: true });
});

test.run();
