import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { spawn, spawnSync, SpawnSyncReturns } from 'child_process';
import { assertReplaceable, isTemporaryName, writeFileAtomic, writeFolderAtomic } from '../src/report/files';
import { LOCK_NAME } from '../src/report/lock';
import { printable, printableLines } from '../src/report/printable';
import { formatTable } from '../src/report/table';
import { InputError } from '../src/scenario/errors';
import { Outcome, cli } from './cli';
import { loadScenarioFile } from '../src/scenario/load';
import { simulate } from '../src/simulate';
import { jsonLines } from '../src/report/traceJson';
import { sampleSize } from './helpers';

/**
 * lagsim writes only where the user asked — regular files or new names, through temporary
 * files nothing planted can redirect, a report folder as a unit — and prints nothing a
 * scenario could turn against the reader's terminal.
 */
const ROOT = path.join(__dirname, '..');
const bin = path.join(ROOT, 'bin', 'lagsim.js');
const apple = path.join(ROOT, 'scenarios', 'apple-stock.yaml');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lagsim-outputs-'));

/**
 * lagsim as a process writing a report without PNG charts (node-canvas made unloadable by
 * test/no-canvas.js; the folder keeps its other files): for what depends on the process (two
 * at once, a file size limit) and not on the charts' pixels.
 */
const noPng = { argv: ['-r', path.join(__dirname, 'no-canvas.js'), bin], env: { ...process.env, LAGSIM_TEST_NO_CANVAS: 'missing' } };

/** lagsim in this process (test/cli.ts): for what it prints and where it writes. */
const lagsimHere = (args: string[], cwd = tmp): Promise<Outcome> => cli(args, { cwd });

/** A failure as the CLI must report it: exit 2, problem lines only, no stack trace. */
function assertProblem(r: SpawnSyncReturns<string> | Outcome, pattern: RegExp): void {
  const status = 'code' in r ? r.code : r.status;
  assert.is(status, 2, `status ${status}: ${r.stderr}`);
  assert.match(r.stderr, pattern);
  assert.not.match(r.stderr, /\n\s+at |internal error/);
}

function scenario(name: string, lines: string[]): string {
  const file = path.join(tmp, `${name}.yaml`);
  fs.writeFileSync(file, lines.join('\n') + '\n');
  return file;
}

/** Everything in `dir`, name → bytes (a folder's state to compare before and after). */
function snapshot(dir: string): Record<string, string> {
  return Object.fromEntries(fs.readdirSync(dir).sort().map((n) => [n, fs.readFileSync(path.join(dir, n)).toString('base64')]));
}

/** A report folder written by one run: every file agrees on the seed and the numbers. */
function assertOneRun(dir: string): number {
  const summary = JSON.parse(fs.readFileSync(path.join(dir, 'summary.json'), 'utf8'));
  assert.is(JSON.parse(fs.readFileSync(path.join(dir, 'scenario.json'), 'utf8')).seed, summary.seed, 'scenario.json');
  assert.is(fs.readFileSync(path.join(dir, 'summary.txt'), 'utf8'), formatTable(summary) + '\n', 'summary.txt');
  assert.ok(fs.readFileSync(path.join(dir, 'index.html'), 'utf8').includes(`seed ${summary.seed} ·`), 'index.html');
  for (const name of fs.readdirSync(dir)) assert.not.ok(isTemporaryName(name) || name === LOCK_NAME, `left behind: ${name}`);
  return summary.seed;
}

/** A title and a value that would write the clipboard (OSC 52), forge a status line and a whole fake line. */
const evil = scenario('evil', [
  'name: evil',
  'title: "Hi\\e]52;c;ZXZpbA==\\a\\e[2K\\rFAKE\\nlagsim: report: /etc/"',
  'cluster: { followers: [ { name: f1, lag: { dist: constant, value: 100ms } } ] }',
  'events:',
  '  - { at: 0ms, actor: alice, write: stock, set: { v: "x\\e[31mred\\nfake line" } }',
  '  - { at: 10ms, actor: alice, read: stock }',
]);

// ---
const terminal = suite('terminal output');

terminal('printable escapes every control character as JSON would, and leaves other text alone', () => {
  const controls = 'a\x1b]52;c;eA==\x07\x1b[2K\rb\nc\td\x7f\x9b\u2028\u202e';
  assert.is(printable(controls), 'a\\u001b]52;c;eA==\\u0007\\u001b[2K\\rb\\nc\\td\\u007f\\u009b\\u2028\\u202e');
  assert.is(JSON.parse(`"${printable(controls)}"`), controls);
  assert.is(printableLines('a\x1b\nb'), 'a\\u001b\nb');
  for (const plain of ['사과 재고 400 → 0', 'stale rate 66.667%', '👩‍👩‍👧 ✓']) assert.is(printable(plain), plain);
});

terminal('run and trace print the title and the values escaped: no control character, no forged line', async () => {
  for (const args of [['run', evil, '--no-report'], ['trace', evil]]) {
    const r = await lagsimHere(args);
    assert.is(r.code, 0, r.stderr);
    assert.not.match(r.stdout, /[\x00-\x09\x0b-\x1f\x7f]/, `${args[0]}: raw control character`);
    assert.not.match(r.stdout, /^(lagsim: report|fake line)/m, `${args[0]}: a forged line`);
    assert.ok(r.stdout.includes('Hi\\u001b]52;c;ZXZpbA==\\u0007\\u001b[2K\\rFAKE\\nlagsim: report: /etc/'), args[0]);
  }
  assert.ok((await lagsimHere(['trace', evil])).stdout.includes('v=x\\u001b[31mred\\nfake line'));
});

terminal('trace --json stays JSON: the value parses back to what the scenario wrote', async () => {
  const r = await lagsimHere(['trace', evil, '--json']);
  assert.is(r.code, 0, r.stderr);
  assert.is(JSON.parse(r.stdout.split('\n')[0]).value.v, 'x\x1b[31mred\nfake line');
});

terminal('ESC and other control characters in an actor or a key are refused at validation, and the problem line is escaped', async () => {
  const cases: Array<[string, string]> = [
    ['actor', '  - { at: 0ms, actor: "al\\e[2Kice", read: stock }'],
    ['key', '  - { at: 0ms, actor: alice, read: "st\\x9bock" }'],
    ['key', '  - { at: 0ms, actor: alice, read: "st\\u202eock" }'],
  ];
  for (const [what, event] of cases) {
    const file = scenario(`bad-${what}`, ['name: bad', 'cluster: { followers: [ { name: f1, lag: { dist: constant, value: 1ms } } ] }', 'events:', event]);
    const r = await lagsimHere(['validate', file]);
    assertProblem(r, new RegExp(`${what === 'actor' ? 'an actor name' : 'a key name'}.*without spaces or control characters`));
    assert.not.match(r.stderr, /[\x1b\x9b\u202e]/, 'the refused name is printed escaped');
  }
});

terminal.run();

// ---
const targets = suite('write targets');

targets('a symbolic link planted at a temporary name is never followed', () => {
  const dir = path.join(tmp, 'planted');
  fs.mkdirSync(dir);
  const victim = path.join(tmp, 'victim.txt');
  fs.writeFileSync(victim, 'precious');
  // The name lagsim used to stage under (pid and thread id): predictable, hence plantable.
  fs.symlinkSync(victim, path.join(dir, `.summary.json.${process.pid}-0.tmp`));
  writeFileAtomic(path.join(dir, 'summary.json'), 'new');
  assert.is(fs.readFileSync(victim, 'utf8'), 'precious');
  assert.is(fs.readFileSync(path.join(dir, 'summary.json'), 'utf8'), 'new');
});

targets('a FIFO, a device or a symbolic link at the target is refused and left as it was', async () => {
  const dir = path.join(tmp, 'special');
  fs.mkdirSync(dir);
  const victim = path.join(tmp, 'victim-2.txt');
  fs.writeFileSync(victim, 'precious');
  fs.symlinkSync(victim, path.join(dir, 'link.html'));
  const made = ['link.html'];
  if (spawnSync('mkfifo', [path.join(dir, 'fifo.html')]).status === 0) made.push('fifo.html');
  // A character device like /dev/null (as root only); never /dev/null itself.
  if (spawnSync('mknod', [path.join(dir, 'fakenull'), 'c', '1', '3']).status === 0) made.push('fakenull');
  else console.log('SKIPPED: a character device as --out — mknod needs root');
  const before = made.map((n) => fs.lstatSync(path.join(dir, n)));
  for (const name of made) {
    assertProblem(await lagsimHere(['lab', apple, '--out', path.join(dir, name)]), /cannot write \(it is not a regular file/);
  }
  made.forEach((n, i) => {
    const after = fs.lstatSync(path.join(dir, n));
    assert.is(after.mode, before[i].mode, `${n} keeps its type`);
    assert.is(after.ino, before[i].ino, `${n} is the same node`);
  });
  assert.is(fs.readFileSync(victim, 'utf8'), 'precious');
  assert.equal(fs.readdirSync(dir).filter(isTemporaryName), []);
});

targets('/dev/null is refused by the check that runs before any write (nothing touches it)', () => {
  assert.throws(() => assertReplaceable('/dev/null'), (e: unknown) => e instanceof InputError && /not a regular file/.test(e.lines('en').join()));
  assert.not.throws(() => assertReplaceable(path.join(tmp, 'no-such-file')));
});

targets('a folder to write into that is a symbolic link, or not a folder, is refused before anything is written', async () => {
  const dir = path.join(tmp, 'linked-folder');
  const real = path.join(dir, 'real');
  fs.mkdirSync(real, { recursive: true });
  fs.symlinkSync(real, path.join(dir, 'link'));
  fs.symlinkSync(path.join(dir, 'nowhere'), path.join(dir, 'dangling'));
  const sweepArgs = ['sweep', apple, '--param', 'cluster.followers[0].lag=10ms,20ms', '--strategy', 'all-follower'];
  for (const out of ['link', 'link/', 'dangling']) {
    assertProblem(await lagsimHere(['run', apple, '--out', out], dir), new RegExp(`^lagsim: ${out}: cannot write \\(it is a symbolic link; lagsim does not write into a folder that is a link`));
    assertProblem(await lagsimHere([...sweepArgs, '--out', out], dir), /cannot write \(it is a symbolic link/);
  }
  assertProblem(await lagsimHere(['lab', apple, '--out', 'link/lab.html'], dir), /^lagsim: link: cannot write \(it is a symbolic link/);
  assertProblem(await lagsimHere(['run', apple, '--out', 'link', '--lang', 'ko'], dir), /^lagsim: link: 쓸 수 없습니다 \(심볼릭 링크입니다/);
  assert.equal(fs.readdirSync(real), [], 'nothing lands where the link points');
  assert.not.ok(fs.existsSync(path.join(dir, 'nowhere')));
  // A device named as the folder is named itself, not the lock file lagsim would take in it.
  for (const args of [['run', apple], sweepArgs]) assertProblem(await lagsimHere([...args, '--out', '/dev/null'], dir), /^lagsim: \/dev\/null: cannot write \(it is not a folder\)\n/);
  // Judged before the runs: these runs would take hours, so a check made only when the report is written would not return within the test's time.
  const hours = scenario('hours-long', ['name: hours-long', 'seed: 1', 'duration: 100000s', 'cluster: { followers: [ { name: f, lag: 10ms } ] }',
    'workload: { keys: 10, sessions: 10, writeRate: 1000/s, readRate: 18000/s }', 'strategies: [all-follower, all-master]']);
  assertProblem(await lagsimHere(['run', hours, '--out', 'link'], dir), /^lagsim: link: cannot write \(it is a symbolic link/);
  assertProblem(await lagsimHere(['sweep', hours, '--param', 'cluster.followers[0].lag=10ms,20ms', '--out', 'link'], dir), /^lagsim: link: cannot write/);
  assertProblem(await lagsimHere(['sweep', hours, '--param', 'cluster.followers[0].lag=10ms,20ms', '--shard', '1/2', '--out', 'link/s.json'], dir), /^lagsim: link: cannot write/);
  assertProblem(await lagsimHere(['advise', hours, '--slo', 'staleRate < 1%', '--out', 'link'], dir), /^lagsim: link: cannot write/);
  assertProblem(await lagsimHere(['advise', hours, '--slo', 'staleRate < 1%', '--shard', '1/2', '--out', 'link/a.json'], dir), /^lagsim: link: cannot write/);
  // `..` after a link is taken where the system takes it: past the link's target, where `other` is a link again.
  fs.mkdirSync(path.join(dir, 'real', 'inner'));
  fs.symlinkSync(path.join(dir, 'real', 'inner'), path.join(dir, 'inner-link'));
  fs.symlinkSync(path.join(dir, 'elsewhere'), path.join(dir, 'real', 'other'));
  fs.mkdirSync(path.join(dir, 'elsewhere'));
  const gl = path.join(ROOT, 'test', 'fixtures', 'mariadb-general.log');
  const viaParent = 'inner-link/../other'; // not path.join, which would take the .. away before the system sees it
  for (const args of [['init', '--out', `${viaParent}/s.yaml`], ['import', 'lag', path.join(ROOT, 'test', 'fixtures', 'import', 'sbm.csv'), '--out', `${viaParent}/lag.csv`],
    ['import', 'general-log', gl, '--out', `${viaParent}/ops.csv`], ['run', apple, '--out', viaParent], ['merge', 'no-such-shard.json', '--out', 'link'], ['import', 'lag', path.join(ROOT, 'test', 'fixtures', 'import', 'sbm.csv'), '--out', 'link/lag.csv']]) {
    assertProblem(await lagsimHere(args, dir), /cannot write \(it is a symbolic link/);
  }
  assert.equal(fs.readdirSync(path.join(dir, 'elsewhere')), [], 'nothing lands past a link reached through ..');
  assert.equal(fs.readdirSync(real).sort(), ['inner', 'other'], 'nor where --out link/ points');
  fs.rmSync(path.join(real, 'inner'), { recursive: true });
  fs.rmSync(path.join(real, 'other'));
  // A link above the folder named is the user's own arrangement: the report is written in the real folder below it.
  const r = await lagsimHere(['lab', apple, '--out', 'link/sub/lab.html'], dir);
  assert.is(r.code, 0, r.stderr);
  assert.ok(fs.existsSync(path.join(real, 'sub', 'lab.html')));
});

targets('what the system reaches is what is judged and written: .. after a link, a linked folder deeper in init\'s data, a file in the report folder', async () => {
  const dir = path.join(tmp, 'reached');
  fs.mkdirSync(path.join(dir, 'mid', 'real'), { recursive: true });
  fs.symlinkSync(path.join(dir, 'mid', 'real'), path.join(dir, 'midlink'));
  // midlink/.. is mid: the report goes there, whole, and nowhere else.
  const r = await lagsimHere(['run', apple, '--out', 'midlink/../x'], dir);
  assert.is(r.code, 0, r.stderr);
  assert.ok(fs.existsSync(path.join(dir, 'mid', 'x', 'index.html')));
  assert.not.ok(fs.existsSync(path.join(dir, 'x')));
  const lab = await lagsimHere(['lab', apple, '--out', 'midlink/../y/lab.html'], dir);
  assert.is(lab.code, 0, lab.stderr);
  assert.ok(fs.existsSync(path.join(dir, 'mid', 'y', 'lab.html')));
  // your-system's files go in data/your-system/: a link as data/ is refused, and nothing is written where it points.
  fs.mkdirSync(path.join(dir, 'c9'));
  fs.mkdirSync(path.join(dir, 'c9t'));
  fs.symlinkSync(path.join(dir, 'c9t'), path.join(dir, 'c9', 'data'));
  assertProblem(await lagsimHere(['init', 'your-system', '--out', 'c9/s.yaml'], dir), /^lagsim: c9\/data: cannot write \(it is a symbolic link/);
  assert.equal(fs.readdirSync(path.join(dir, 'c9t')), []);
  assert.equal(fs.readdirSync(path.join(dir, 'c9')), ['data']);
  // A file that cannot be replaced inside the report folder is named before the runs.
  fs.mkdirSync(path.join(dir, 'pf'));
  fs.mkdirSync(path.join(dir, 'pf', 'summary.csv'));
  const hours = scenario('hours-long-pf', ['name: hours-long-pf', 'duration: 100000s', 'cluster: { followers: [ { name: f, lag: 10ms } ] }',
    'workload: { keys: 10, sessions: 10, writeRate: 1000/s, readRate: 18000/s }']);
  assertProblem(await lagsimHere(['run', hours, '--out', 'pf'], dir), /^lagsim: pf\/summary.csv: cannot write \(it is not a regular file/);
  // live's, before it connects: nothing listens on port 1, so reaching the servers would fail instead.
  fs.mkdirSync(path.join(dir, 'pf', 'live.json'));
  assertProblem(await lagsimHere(['live', apple, '--primary', 'mysql://root@127.0.0.1:1/db', '--replica', 'mysql://root@127.0.0.1:1/db', '--out', 'pf'], dir),
    /^lagsim: pf\/live.json: cannot write \(it is not a regular file/);
  // A file name ending in a slash names a folder; import makes the folders it writes into, as the others do.
  for (const args of [['lab', apple, '--out', 'nd/'], ['init', '--out', 'nd/'], ['import', 'lag', path.join(ROOT, 'test', 'fixtures', 'import', 'sbm.csv'), '--out', 'nd/']]) {
    assertProblem(await lagsimHere(args, dir), /^lagsim: nd\/: cannot write \(it ends in a slash, so it names a folder; give a file name\)/);
  }
  assert.not.ok(fs.existsSync(path.join(dir, 'nd')));
  const made = await lagsimHere(['import', 'lag', path.join(ROOT, 'test', 'fixtures', 'import', 'sbm.csv'), '--out', 'new/lag.csv'], dir);
  assert.is(made.code, 0, made.stderr);
  assert.ok(fs.existsSync(path.join(dir, 'new', 'lag.csv')));
});

targets('--out "" is refused instead of writing into the current folder', async () => {
  const cwd = path.join(tmp, 'cwd');
  fs.mkdirSync(cwd);
  for (const args of [['run', apple], ['lab', apple]]) assertProblem(await lagsimHere([...args, '--out', ''], cwd), /--out: expected a file or folder name/);
  assert.equal(fs.readdirSync(cwd), []);
});

targets('a folder on a read-only file system is reported as read-only', async () => {
  const ro = path.join(tmp, 'ro');
  fs.mkdirSync(ro);
  if (spawnSync('mount', ['-t', 'tmpfs', '-o', 'ro,size=1m', 'tmpfs', ro]).status !== 0) {
    console.log('SKIPPED: a read-only file system — mount needs root');
    return;
  }
  try {
    // lab writes one file: its folder is made as a report folder's is (report/files makeFolder),
    // without first rendering a report's charts.
    assertProblem(await lagsimHere(['lab', apple, '--out', path.join(ro, 'a', 'b', 'lab.html')]), /ro\/a: cannot write \(read-only file system\)/);
    // Before the runs (these would take hours), naming the folder asked for, not the lock file lagsim takes in it.
    const hours = scenario('hours-long-ro', ['name: hours-long-ro', 'duration: 100000s', 'cluster: { followers: [ { name: f, lag: 10ms } ] }',
      'workload: { keys: 10, sessions: 10, writeRate: 1000/s, readRate: 18000/s }']);
    for (const out of [ro, path.join(ro, 'sub')]) {
      assertProblem(await lagsimHere(['run', hours, '--out', out]), new RegExp(`^lagsim: ${out}: cannot write \\(read-only file system\\)\n`));
      assertProblem(await lagsimHere(['sweep', hours, '--param', 'cluster.followers[0].lag=10ms,20ms', '--out', out]), new RegExp(`^lagsim: ${out}: cannot write \\(read-only`));
    }
  } finally {
    spawnSync('umount', [ro]);
  }
});

targets.run();

// ---
const folders = suite('report folders');

folders('a write that fails part-way (file size limit) leaves the previous report whole', async () => {
  const dir = path.join(tmp, 'full');
  assert.is((await lagsimHere(['run', apple, '--out', dir, '--seed', '1'])).code, 0);
  const before = snapshot(dir);
  // SIGXFSZ ignored: past 100 KiB a write fails with EFBIG, as a full disk fails with ENOSPC.
  const r = spawnSync('bash', ['-c', `trap '' XFSZ; ulimit -f 100; exec "${process.execPath}" ${noPng.argv.map((a) => `"${a}"`).join(' ')} run "${apple}" --out "${dir}" --seed 2`], { encoding: 'utf8', env: noPng.env });
  assertProblem(r, /cannot write \(the file is larger than/);
  assert.equal(snapshot(dir), before);
  assert.is(assertOneRun(dir), 1);
});

folders('a folder another lagsim is writing is refused with its process id; a stale lock is taken over', async () => {
  const dir = path.join(tmp, 'locked');
  fs.mkdirSync(dir);
  // The lock of a process that runs (the test runner that started this one), not lagsim's own.
  fs.writeFileSync(path.join(dir, LOCK_NAME), `${process.ppid}\n`);
  assertProblem(await lagsimHere(['run', apple, '--out', dir]), new RegExp(`another lagsim \\(process ${process.ppid}\\) is writing this folder`));
  assert.equal(fs.readdirSync(dir), [LOCK_NAME]);
  const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout;
  fs.writeFileSync(path.join(dir, LOCK_NAME), `${gone}\n`);
  assert.is((await lagsimHere(['run', apple, '--out', dir])).code, 0);
  assertOneRun(dir);
});

folders('two runs into one folder at once: each exits 0 or is refused, and the folder holds one run', async () => {
  const dir = path.join(tmp, 'concurrent');
  const runOnce = (seed: number): Promise<{ code: number | null; stderr: string }> => new Promise((resolve) => {
    const child = spawn(process.execPath, [...noPng.argv, 'run', apple, '--out', dir, '--seed', String(seed)], { stdio: ['ignore', 'ignore', 'pipe'], env: noPng.env });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => void (stderr += d.toString()));
    child.on('exit', (code) => resolve({ code, stderr }));
  });
  // Each round is one draw of the race between the two: test:fast plays one, npm test three.
  for (let round = 0; round < sampleSize(3, 1); round++) {
    const ends = await Promise.all([runOnce(10 + round), runOnce(20 + round)]);
    for (const e of ends) assert.ok(e.code === 0 || (e.code === 2 && /is writing this folder/.test(e.stderr)), `exit ${e.code}: ${e.stderr}`);
    assert.ok([10 + round, 20 + round].includes(assertOneRun(dir)));
  }
});

folders('writeFolderAtomic refuses a special file among the names before replacing any', () => {
  const dir = path.join(tmp, 'unit');
  writeFolderAtomic(dir, [['a.txt', 'old a'], ['b.txt', 'old b']]);
  fs.rmSync(path.join(dir, 'b.txt'));
  fs.mkdirSync(path.join(dir, 'b.txt'));
  assert.throws(() => writeFolderAtomic(dir, [['a.txt', 'new a'], ['b.txt', 'new b']]), /cannot write/);
  assert.is(fs.readFileSync(path.join(dir, 'a.txt'), 'utf8'), 'old a');
  assert.equal(fs.readdirSync(dir).sort(), ['a.txt', 'b.txt']);
});

folders.run();

// ---
const stdout = suite('stdout failures');

stdout('a full disk on stdout is one line and exit 2, no stack', () => {
  const r = spawnSync('bash', ['-c', `exec "${process.execPath}" "${bin}" run "${apple}" --no-report > /dev/full`], { encoding: 'utf8' });
  assertProblem(r, /^lagsim: stdout: cannot write \(no space left on the device\)\n$/);
  const readOnly = spawnSync('bash', ['-c', `exec "${process.execPath}" "${bin}" run "${apple}" --no-report 1< "${apple}"`], { encoding: 'utf8' });
  assertProblem(readOnly, /^lagsim: stdout: cannot write \(it is not open for writing\)\n$/);
});

stdout('a reader that goes away (| head -1) ends lagsim quietly with 0', () => {
  const r = spawnSync('bash', ['-c', `"${process.execPath}" "${bin}" trace "${apple}" | head -1 >/dev/null; exit "\${PIPESTATUS[0]}"`], { encoding: 'utf8' });
  assert.is(r.status, 0, r.stderr);
  assert.is(r.stderr, '');
});

/**
 * A scenario whose `trace --json` is about 2.2 MB a second of `seconds` (45 MB by default):
 * into a file, written past its first megabyte by a thread of its own (cli/stdoutThread.ts).
 */
function longTrace(seconds = 20): string {
  const file = path.join(tmp, `long-trace-${seconds}.json`);
  fs.writeFileSync(file, JSON.stringify({
    name: 'long-trace', seed: 3, duration: `${seconds}s`,
    cluster: { followers: [{ name: 'follower-1', lag: { dist: 'exponential', mean: '50ms' } }] },
    workload: { keys: 1000, popularity: { zipf: 1.1 }, sessions: 200, writeRate: '500/s', readRate: '9500/s' },
    strategies: ['all-follower'],
  }));
  return file;
}

stdout('a trace of many megabytes reaches a file and a pipe whole and in order, the bytes the encoder made', () => {
  const file = longTrace();
  const sc = loadScenarioFile(file);
  const chunks: Buffer[] = [];
  const lines = jsonLines(sc, (bytes) => void chunks.push(Buffer.from(bytes)));
  simulate(sc, sc.strategies[0], sc.seed, lines, false);
  lines.end();
  const want = Buffer.concat(chunks);
  assert.ok(want.length > 20 * 2 ** 20, `${want.length} bytes: the thread writes past the first megabyte`);
  const out = path.join(tmp, 'long-trace.jsonl');
  const toFile = spawnSync('bash', ['-c', `exec "${process.execPath}" "${bin}" trace "${file}" --json > "${out}"`], { encoding: 'utf8' });
  assert.is(toFile.status, 0, toFile.stderr);
  assert.ok(fs.readFileSync(out).equals(want), 'the file holds the encoder\'s bytes');
  fs.rmSync(out);
  const piped = spawnSync(process.execPath, [bin, 'trace', file, '--json'], { maxBuffer: 2 * want.length });
  assert.is(piped.status, 0, String(piped.stderr));
  assert.ok(piped.stdout.equals(want), 'a pipe gets the same bytes');
});

/**
 * `lagsim trace --json` of `file` into a file, with `--require` of test/fixtures/thread/`fixture`
 * in every thread when given; a fixture `third-write.js:exit` is third-write.js with THIRD_WRITE=exit.
 */
function traceToFile(file: string, fixture: string | null, lang = 'en'): { r: SpawnSyncReturns<string>; bytes: Buffer } {
  const out = path.join(tmp, 'thread-trace.jsonl');
  const [script, fault = ''] = (fixture ?? '').split(':');
  const env = { ...process.env, NODE_OPTIONS: fixture === null ? '' : `--require ${path.join(ROOT, 'test', 'fixtures', 'thread', script)}`, THIRD_WRITE: fault };
  const r = spawnSync('bash', ['-c', `exec "${process.execPath}" "${bin}" trace "${file}" --json --lang ${lang} > "${out}"`], { encoding: 'utf8', env });
  const bytes = fs.readFileSync(out);
  fs.rmSync(out);
  return { r, bytes };
}

stdout('a trace into a file whose writing thread is late, cannot start or stops: every byte, or one line and exit 2', () => {
  // 45 MB: the run finds the thread missing while waiting for a slot; 3.2 MB (one megabyte
  // written directly, three slots): only when it waits at the end for all to be written.
  for (const file of [longTrace(), longTrace(1.5)]) {
    const want = traceToFile(file, null);
    assert.is(want.r.status, 0, want.r.stderr);
    for (const fixture of ['slow-start.js', 'cannot-start.js']) {
      const late = traceToFile(file, fixture);
      assert.is(late.r.status, 0, `${fixture}: ${late.r.stderr}`);
      assert.is(late.r.stderr, '', fixture);
      assert.ok(late.bytes.equals(want.bytes), `${fixture}: lagsim writes every byte itself`);
    }
  }
  const file = longTrace();
  assertProblem(traceToFile(file, 'third-write.js:exit').r, /^lagsim: stdout: cannot write \(the thread writing it stopped\)\n$/);
  assertProblem(traceToFile(file, 'third-write.js:exit', 'ko').r, /^lagsim: stdout: 쓸 수 없습니다 \(쓰던 스레드가 멈췄습니다\)\n$/);
  // Gone without its exit handlers: the run sees its task leave (Linux) instead of waiting for it.
  if (fs.existsSync('/proc/thread-self')) assertProblem(traceToFile(file, 'third-write.js:vanish').r, /^lagsim: stdout: cannot write \(the thread writing it stopped\)\n$/);
  // An error that is no system error is a bug, reported as one (exit 1), not blamed on the disk.
  const bug = traceToFile(file, 'third-write.js:throw').r;
  assert.is(bug.status, 1, bug.stderr);
  assert.match(bug.stderr, /^lagsim: internal error: .*the thread writing standard output failed: TypeError: a bug in the writing thread/);
  const misuse = traceToFile(file, 'third-write.js:misuse').r;
  assert.is(misuse.status, 1, misuse.stderr);
  assert.match(misuse.stderr, /^lagsim: internal error: .*the thread writing standard output failed: RangeError \[ERR_OUT_OF_RANGE\]/);
});

stdout('a trace line longer than the writing thread\'s slots reaches the file whole', () => {
  const file = path.join(tmp, 'wide-rows.json');
  const row = Object.fromEntries(Array.from({ length: 300 }, (_, i) => [`f${i}`, 'x'.repeat(9000)]));
  fs.writeFileSync(file, JSON.stringify({
    name: 'wide-rows', seed: 1, duration: '2s', cluster: { followers: [{ name: 'f1', lag: '100ms' }] },
    data: { a: row }, events: [{ at: '1s', actor: 's', read: 'a' }, { at: '1.2s', actor: 's', read: 'a' }, { at: '1.4s', actor: 's', read: 'a' }],
    workload: { keys: 100, sessions: 10, writeRate: '500/s', readRate: '5000/s' }, strategies: ['all-follower'],
  }));
  const sc = loadScenarioFile(file);
  const chunks: Buffer[] = [];
  const lines = jsonLines(sc, (bytes) => void chunks.push(Buffer.from(bytes)));
  simulate(sc, sc.strategies[0], sc.seed, lines, false);
  lines.end();
  const got = traceToFile(file, null);
  assert.is(got.r.status, 0, got.r.stderr);
  assert.ok(got.bytes.equals(Buffer.concat(chunks)), 'three lines of 2.7 MB among the rest');
});

stdout('a long trace whose reader leaves after 3 MB ends with 0; one that meets a file size limit is one line and exit 2', () => {
  const file = longTrace();
  const gone = spawnSync('bash', ['-c', `"${process.execPath}" "${bin}" trace "${file}" --json | head -c 3000000 >/dev/null; exit "\${PIPESTATUS[0]}"`], { encoding: 'utf8' });
  assert.is(gone.status, 0, gone.stderr);
  assert.is(gone.stderr, '');
  const capped = spawnSync('bash', ['-c', `ulimit -f 3000; exec "${process.execPath}" "${bin}" trace "${file}" --json > "${path.join(tmp, 'capped.jsonl')}"`], { encoding: 'utf8' });
  assertProblem(capped, /^lagsim: stdout: cannot write \(the file is larger than this file system or the process limit allows\)\n$/);
  assert.is(fs.statSync(path.join(tmp, 'capped.jsonl')).size, 3000 * 1024, 'written up to the limit');
});

stdout.after(() => fs.rmSync(tmp, { recursive: true, force: true }));
stdout.run();
