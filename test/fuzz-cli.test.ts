import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { LANGS } from '../src/i18n';
import fc from 'fast-check';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { spawnSync } from 'child_process';
import { MAX_PROBLEM_CHARS } from '../src/scenario/errors';
import { closest } from '../src/scenario/messages';
import { fuzzCase } from './fuzz-cases';
import { Outcome, cli } from './cli';

/**
 * The command line as a new user meets it: misspelt commands and options, wrong units,
 * values out of range, missing and unreadable files, hostile scenario files. Every case
 * must exit with code 2 and print only `lagsim: …` lines naming the option or file at
 * fault — never a stack trace. The bulk runs in-process (test/cli.ts: main() with a fake
 * exit and captured output); a handful run as real `node bin/lagsim.js` processes to prove it end
 * to end. Replay: FUZZ_SEED=… FUZZ_RUNS=… npx uvu -r tsx/cjs test fuzz-cli
 */
const SEED = Number(process.env.FUZZ_SEED ?? 20_240_607);
const RUNS = Number(process.env.FUZZ_RUNS ?? 3000);
const CASE_LIMIT_MS = 15_000;
const RSS_LIMIT_BYTES = 1.5 * 1024 ** 3;

console.log(`fuzz (CLI arguments): seed ${SEED}, ${RUNS} cases — replay with FUZZ_SEED=${SEED} FUZZ_RUNS=${RUNS}`);

// ── fixtures ──
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lagsim-fuzz-cli-'));
const good = path.join(dir, 'apple.yaml');
fs.copyFileSync(path.join(__dirname, '..', 'scenarios', 'apple-stock.yaml'), good);
const files: Record<string, string> = {
  missing: path.join(dir, 'no-such-file.yaml'),
  folder: path.join(dir, 'a-folder.yaml'),
  binary: path.join(dir, 'binary.yaml'),
  empty: path.join(dir, 'empty.yaml'),
  bad: path.join(dir, 'bad.json'),
};
fs.mkdirSync(files.folder);
fs.writeFileSync(files.binary, Buffer.from(Array.from({ length: 2048 }, (_, i) => (i * 7919) % 256)));
fs.writeFileSync(files.empty, '');
fs.writeFileSync(files.bad, JSON.stringify({ name: 'bad', cluster: { followers: [{ name: 'f', lag: '-3' }] } }));

const COMMANDS = ['run', 'trace', 'validate', 'list', 'sweep', 'lab'];
/** Options each command accepts, read from its --help so new options never turn a case valid. */
const OPTIONS: Record<string, Set<string>> = {};
const SWEEP_PARAM = ['--param', 'strategies[3].window=0ms..2s'];
const needsFile = (cmd: string): boolean => cmd !== 'list';
const required = (cmd: string): string[] => (cmd === 'sweep' ? SWEEP_PARAM : []);

interface CliCase { kind: string; argv: string[]; mentions: string[] }

const word = fc.stringMatching(/^[a-z][a-zA-Z0-9]{1,12}$/);
function typo(w: string, n: number): string {
  const i = n % w.length;
  switch (n % 4) {
    case 0: return w.slice(0, i) + w.slice(i + 1);
    case 1: return w.slice(0, i) + w[i] + w.slice(i);
    case 2: return w.slice(0, i) + 'x' + w.slice(i + 1);
    default: return w.slice(0, i) + w.slice(i, i + 2).split('').reverse().join('') + w.slice(i + 2);
  }
}

const commandTypo = fc.tuple(fc.oneof(fc.constantFrom(...COMMANDS).chain((c) => fc.nat().map((n) => typo(c, n))), word, fc.constantFrom('RUN', 'Run', 'runs', 'help-me')), fc.boolean())
  .filter(([w]) => !COMMANDS.includes(w) && w !== 'help')
  .map(([w, withFile]): CliCase => ({ kind: 'command', argv: withFile ? [w, good] : [w], mentions: [`unknown command "${w}"`] }));

const unknownOption = fc.tuple(fc.constantFrom(...COMMANDS), fc.oneof(word, fc.nat()), fc.nat()).map(([cmd, w, n]): CliCase | null => {
  const known = [...OPTIONS[cmd]];
  const name = typeof w === 'number' ? typo(known[w % known.length], n) : w;
  if (OPTIONS[cmd].has(name) || name.length < 2 || name === 'h') return null;
  const argv = [cmd, ...(needsFile(cmd) ? [good] : []), ...required(cmd), `--${name}`];
  return { kind: 'unknown-option', argv, mentions: [`unknown option --${name}`] };
}).filter((c): c is CliCase => c !== null);

const BAD_STRATEGY_ARGS = ['all-folower', 'All-Follower', 'constructor', '__proto__', 'post-write-window(window=soon)', 'post-write-window(scope=planet',
  '()', '(', 'x y', 'post-write-window(window=1s,window=2s)', 'causal(mode=fast,timeout=1s)', 'post-write-window(windw=1s)', 'causal:mode=wiat', '', ' ', 'a=b'];
const BAD_VALUES: Array<[string[], string, string[]]> = [
  [['run', 'sweep'], 'runs', ['0', '-1', '1.5', '1001', 'abc', 'NaN', 'Infinity', '1e309', 'ten']],
  [['run', 'trace', 'sweep', 'lab'], 'seed', ['-1', '1.5', 'abc', '1e20', 'NaN', '-0.5', '9007199254740993']],
  [['run', 'sweep', 'lab', 'list'], 'lang', ['fr', 'EN', 'kr', '']],
  [['run', 'trace', 'sweep'], 'strategy', BAD_STRATEGY_ARGS],
  [['sweep'], 'steps', ['1', '0', '1001', '1.5', 'abc']],
  [['run', 'sweep'], 'workers', ['0', '-1', '257', '1.5', 'abc']],
  [['run'], 'slo', ['staleRat < 1%', 'staleRate < 5', 'readLatencyMs.p99 < 5%', 'staleRate = 1%', 'staleRate <', '__proto__ < 1', 'constructor == 0', '', ' ']],
  [['sweep'], 'param', ['junk', '=', 'a..b', 'strategies[3].window', 'strategies[3].window=abc..2s', 'no.such.field=1,2', 'strategies[99].window=1s,2s', 'cluster.followers[0].lag=abc,2s']],
];
// `--out` under a file fails only after the run and its charts (~0.7 s): checked once in-process
// below and as a real process, not thousands of times here.

const badValue = fc.tuple(fc.constantFrom(...BAD_VALUES), fc.nat(), fc.nat()).map(([[cmds, option, values], i, j]): CliCase => {
  const cmd = cmds[i % cmds.length];
  const value = values[j % values.length];
  const base = [cmd, ...(needsFile(cmd) ? [good] : []), ...(option === 'param' ? [] : required(cmd))];
  // A value the schema refuses is reported against the swept point, as "file (path=value): field: …".
  const point = option === 'param' && /^(cluster|no)\./.test(value) ? `(${value.split(',')[0]}): ` : null;
  const mentions = [point ?? `--${option}`];
  return { kind: `bad-value:${option}`, argv: [...base, `--${option}`, value], mentions };
});

const missingValue = fc.tuple(fc.constantFrom(...COMMANDS), fc.nat()).map(([cmd, n]): CliCase | null => {
  const valued = [...OPTIONS[cmd]].filter((o) => !['json', 'report', 'applies', 'wide', 'answers', 'help', 'version', 'h'].includes(o));
  if (valued.length === 0) return null;
  const option = valued[n % valued.length];
  const argv = [cmd, ...(needsFile(cmd) ? [good] : []), ...(option === 'param' ? [] : required(cmd)), `--${option}`];
  return { kind: 'missing-value', argv, mentions: [`--${option} needs a value`] };
}).filter((c): c is CliCase => c !== null);

const missingFile = fc.constantFrom('run', 'trace', 'validate', 'sweep', 'lab')
  .map((cmd): CliCase => ({ kind: 'missing-scenario', argv: [cmd, ...required(cmd)], mentions: [`${cmd} needs a scenario file`] }));

const extraArgument = fc.tuple(fc.constantFrom('run', 'trace', 'sweep', 'lab'), word)
  .map(([cmd, extra]): CliCase => ({ kind: 'extra-argument', argv: [cmd, good, extra, ...required(cmd)], mentions: [`unexpected argument "${extra}"`] }));

let written = 0;
const fileProblem = fc.tuple(fc.constantFrom('run', 'trace', 'validate', 'sweep', 'lab'), fc.oneof(
  fc.constantFrom(...Object.keys(files)).map((k) => ({ file: files[k], mentions: [files[k]] })),
  fuzzCase().filter((c) => c.maybeValid !== true).map((c) => {
    const file = path.join(dir, `case-${written++ % 50}${path.extname(c.label)}`);
    fs.writeFileSync(file, c.text);
    return { file, mentions: [file, ...c.mentions] };
  }),
)).map(([cmd, f]): CliCase => ({ kind: 'file', argv: [cmd, f.file, ...required(cmd)], mentions: f.mentions }));

function cliCase(): fc.Arbitrary<CliCase> {
  return fc.oneof(
    { arbitrary: commandTypo, weight: 10 },
    { arbitrary: unknownOption, weight: 20 },
    { arbitrary: badValue, weight: 30 },
    { arbitrary: missingValue, weight: 10 },
    { arbitrary: missingFile, weight: 4 },
    { arbitrary: extraArgument, weight: 6 },
    { arbitrary: fileProblem, weight: 20 },
  );
}

const stats = { cases: 0, slowestMs: 0, slowest: '', peakRss: 0, kinds: new Map<string, number>() };

function checkOutcome(c: CliCase, r: Outcome, ms: number): void {
  const context = `lagsim ${c.argv.map((a) => (a.length > 80 ? a.slice(0, 80) + '…' : a)).join(' ')}\n--- exit ${r.code}, stderr ---\n${r.stderr.slice(0, 2000)}`;
  assert.is(r.code, 2, context);
  assert.ok(ms < CASE_LIMIT_MS, `took ${ms.toFixed(0)} ms: ${context}`);
  const lines = r.stderr.replace(/\n$/, '').split('\n');
  assert.ok(lines.length >= 1 && lines[0] !== '', `no message: ${context}`);
  for (const line of lines) {
    assert.ok(line.startsWith('lagsim: '), `a line without the lagsim: prefix: ${context}`);
    assert.ok(line.length <= 'lagsim: '.length + MAX_PROBLEM_CHARS, `a ${line.length}-char line: ${context}`);
    assert.not.match(line, /internal error|\bat \S+ \(|\w+Error\b/, `internals leak into the message: ${context}`);
  }
  for (const m of c.mentions) assert.ok(lines.some((line) => line.includes(m)), `no line mentions "${m}": ${context}`);
}

async function check(c: CliCase): Promise<void> {
  const t0 = performance.now();
  const r = await cli(c.argv);
  const ms = performance.now() - t0;
  stats.cases++;
  const kind = c.kind.replace(/:.*/, '');
  stats.kinds.set(kind, (stats.kinds.get(kind) ?? 0) + 1);
  if (ms > stats.slowestMs) {
    stats.slowestMs = ms;
    stats.slowest = c.argv.join(' ').slice(0, 120);
  }
  stats.peakRss = Math.max(stats.peakRss, process.memoryUsage.rss());
  assert.ok(stats.peakRss < RSS_LIMIT_BYTES, `resident memory ${stats.peakRss} bytes after lagsim ${c.argv.join(' ').slice(0, 200)}`);
  checkOutcome(c, r, ms);
}

// ---
const fuzz = suite('fuzz: hostile command lines → exit 2, one "lagsim: …" line per problem');

const cwd = process.cwd();
fuzz.before(async () => {
  // Should a case ever succeed, its report lands in the scratch folder, not in the repo.
  process.chdir(dir);
  for (const cmd of COMMANDS) {
    const help = await cli([cmd, '--help']);
    assert.is(help.code, 0, `lagsim ${cmd} --help: ${help.stderr}`);
    OPTIONS[cmd] = new Set([...help.stdout.matchAll(/^\s+(?:-\w, )?--([a-z][\w-]*)/gm)].map((m) => m[1]).concat(['help', 'version', 'h']));
  }
});

fuzz.after(() => process.chdir(cwd));

fuzz(`${RUNS} generated command lines`, async () => {
  await fc.assert(fc.asyncProperty(cliCase(), check), { seed: SEED, numRuns: RUNS, includeErrorInReport: true });
  const kinds = [...stats.kinds.entries()].sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k} ${n}`).join(', ');
  console.log(`fuzz (CLI arguments): ${stats.cases} cases; slowest ${stats.slowestMs.toFixed(0)} ms (lagsim ${stats.slowest}), peak RSS ${(stats.peakRss / 1024 ** 2).toFixed(0)} MB\n  by kind: ${kinds}`);
});

/** What a first scenario file looks like in a classroom. */
const newUser = path.join(dir, 'shop.yaml');
fs.writeFileSync(newUser, [
  'name: My Shop', 'duration: "10"', 'cluster:', '  followers:', '    - name: replica', '      lag: 500', '      lagg: 200ms',
  'workload:', '  keys: 100', '  readrate: 200/s', '  writeRate: 20 per second',
  'strategies:', '  - all-folower', '  - { name: post-write-window, window: 1 second }', '  - causal(mode=wait)', '',
].join('\n'));

fuzz('typos and wrong units are answered with what to write', async () => {
  const cases: Array<[string[], string]> = [
    [['rnu', good], 'lagsim: unknown command "rnu"; did you mean run?'],
    [['run', good, '--sed', '3'], 'lagsim: unknown option --sed; did you mean --seed?'],
    [['run', good, '--strategy', 'post-write-windw'], 'did you mean post-write-window?'],
    [['run', good, '--lang', 'kr'], `lagsim: --lang: expected one of ${LANGS.join(', ')}, got "kr" (did you mean ko?)`],
    [['trace', good, '--strategy', 'post-write-window(scope=sesion)'], 'scope: expected one of key, session, global, got "sesion" (did you mean session?)'],
    [['run', good, '--steps', '5'], 'lagsim: unknown option --steps (--steps is an option of sweep, not run)'],
    [['run', good, '--out', '/dev/null/report'], 'lagsim: /dev/null/report: cannot write (a part of the path is a file, not a folder)'],
    [['run', path.join(dir, 'appel.yaml')], `lagsim: ${path.join(dir, 'appel.yaml')}: no such file; did you mean ${good}?`],
    [['--versoin'], 'lagsim: unknown option --versoin; did you mean --version?'],
    [['validate', newUser], 'name: expected a name of a-z, 0-9 and - (it names the report folder), got "My Shop" (try "my-shop")'],
    [['validate', newUser], 'cluster.followers[0].lagg: unknown field; did you mean lag?'],
    [['validate', newUser], 'cluster.followers[0].lag: a bare number has no unit: 500 ms? write "500ms", or "500s" if you meant seconds'],
    [['validate', newUser], 'workload.readrate: unknown field; did you mean readRate?'],
    [['validate', newUser], 'workload.writeRate: expected a rate like "200/s" or "30/m", got "20 per second" (write "20/s")'],
    [['validate', newUser], 'duration: expected a duration like "500ms", got "10" (add a unit: us, ms, s or m)'],
    [['validate', newUser], 'strategies[0]: unknown strategy "all-folower"; did you mean all-follower?'],
    [['validate', newUser], 'strategies[1].window: expected a duration like "500ms", got "1 second" (write "1s")'],
    [['validate', newUser], 'strategies[2]: "causal(mode=wait)" is the --strategy form; in a file write { name: causal, mode: wait }'],
  ];
  for (const [argv, line] of cases) {
    const r = await cli(argv);
    assert.is(r.code, 2, argv.join(' '));
    assert.ok(r.stderr.includes(line), `lagsim ${argv.join(' ')}:\n${r.stderr}`);
  }
  assert.is(closest('readrate', ['readRate', 'writeRate']), 'readRate');
});

fuzz.run();

// ---
const real = suite('real processes: node bin/lagsim.js exits 2 without a stack trace');
const bin = path.join(__dirname, '..', 'bin', 'lagsim.js');
const realDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lagsim-fuzz-bin-'));
const hostile = (name: string, text: string | Buffer): string => {
  const file = path.join(realDir, name);
  fs.writeFileSync(file, text);
  return file;
};
const bomb = ['name: lol', 'a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
  ...Array.from({ length: 9 }, (_, i) => `a${i + 1}: &a${i + 1} [${Array(10).fill(`*a${i}`).join(',')}]`)].join('\n');
const OK = 'cluster: { followers: [ { name: f, lag: 1s } ] }';

const REAL: Array<[string, () => string[], string]> = [
  ['billion laughs', () => ['run', hostile('bomb.yaml', bomb)], 'aliases'],
  ['YAML nested 100 000 deep', () => ['validate', hostile('deep.yaml', `name: x\ncluster: ${'['.repeat(100_000)}${']'.repeat(100_000)}`)], 'nested too deeply'],
  ['JSON nested 1 000 000 deep', () => ['run', hostile('deep.json', `{"cluster": ${'['.repeat(1_000_000)}${']'.repeat(1_000_000)}}`)], 'nested too deeply'],
  ['a 6 MB file', () => ['trace', hostile('big.yaml', `name: x\ndescription: "${'x'.repeat(6_000_000)}"\n`)], 'limited to'],
  ['a binary file', () => ['run', hostile('binary.yaml', Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)))], 'binary.yaml'],
  ['duplicate keys', () => ['run', hostile('dup.yaml', `name: x\n${OK}\nname: y\n`)], 'name: appears twice'],
  ['a million sessions × keys', () => ['run', hostile('maps.yaml', `name: x\nduration: 20m\n${OK}\nworkload: { keys: 1000000, sessions: 1000000, readRate: 100000/s, writeRate: 1/s }\n`)], 'read-your-writes'],
  ['a follower stopped for 25 minutes under 100 000 writes/s', () => ['run', hostile('backlog.yaml',
    `name: x\nduration: 30m\ncluster: { followers: [ { name: f, lag: 1s, incidents: [ { at: 1s, duration: 25m, type: stop } ] } ] }\nworkload: { keys: 10, readRate: 1/s, writeRate: 100000/s }\n`)], 'binlog events'],
  ['6 × 10^9 operations', () => ['run', hostile('ops.yaml', `name: x\nduration: 20m\n${OK}\nworkload: { keys: 10, readRate: 5000000/s, writeRate: 1/s }\n`)], 'operations; the limit'],
  ['strategy "constructor"', () => ['run', hostile('ctor.yaml', `name: x\n${OK}\nstrategies: [constructor]\n`)], 'unknown strategy "constructor"'],
  ['a unit-less duration', () => ['run', hostile('unitless.yaml', `name: x\nduration: "10"\n${OK}\n`)], 'add a unit'],
  ['a missing file', () => ['run', path.join(realDir, 'nope.yaml')], 'no such file'],
  ['a folder', () => ['validate', realDir], 'is a folder'],
  ['a misspelt command', () => ['rnu', good], 'did you mean run?'],
  ['a misspelt option', () => ['run', good, '--sed', '1'], 'did you mean --seed?'],
  ['--runs 0', () => ['run', good, '--runs', '0'], '--runs'],
  ['--seed 1.5 on trace', () => ['trace', good, '--seed', '1.5'], '--seed'],
  ['--strategy with nothing after it', () => ['run', good, '--strategy'], '--strategy needs a value'],
  ['--out under a file', () => ['run', good, '--out', '/dev/null/report'], '/dev/null/report: cannot write'],
  ['sweep --workers 0', () => ['sweep', good, ...SWEEP_PARAM, '--workers', '0'], '--workers'],
];

for (const [name, argv, mention] of REAL) {
  real(name, () => {
    const args = argv();
    const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', cwd: realDir, timeout: 60_000 });
    const context = `lagsim ${args.map((a) => a.slice(0, 80)).join(' ')} → status ${r.status}, signal ${r.signal}\n${r.stderr.slice(0, 2000)}`;
    assert.is(r.status, 2, context);
    assert.not.match(r.stderr, /\n\s+at |internal error/, context);
    assert.ok(r.stderr.split('\n').filter((l) => l !== '').every((l) => l.startsWith('lagsim: ')), context);
    assert.ok(r.stderr.includes(mention), `expected "${mention}": ${context}`);
  });
}

real.after(() => {
  fs.rmSync(realDir, { recursive: true, force: true });
  fs.rmSync(dir, { recursive: true, force: true });
});
real.run();
