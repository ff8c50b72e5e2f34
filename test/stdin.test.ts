import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { spawnSync } from 'child_process';
import { cli } from './cli';

/** `-` reads the scenario from standard input, for every command that takes one. */
const ROOT = path.join(__dirname, '..');
const apple = path.join(ROOT, 'scenarios', 'apple-stock.yaml');
const appleText = fs.readFileSync(apple, 'utf8');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lagsim-stdin-'));
const BAD = 'name: x\nduration: "10"\ncluster: { followers: [ { name: f, lag: 1s } ] }\n';

test('validate -: problems of standard input are named <stdin>, in English and Korean, exit 2', async () => {
  const en = await cli(['validate', '-'], { stdin: BAD, locale: { LANG: 'en_US.UTF-8' } });
  assert.is(en.code, 2);
  assert.is(en.stderr, 'lagsim: <stdin>: duration: expected a duration like "500ms", got "10" (add a unit: us, ms, s or m)\n');
  const ko = await cli(['validate', '-', '--lang', 'ko'], { stdin: BAD });
  assert.is(ko.code, 2);
  assert.ok(ko.stderr.startsWith('lagsim: <stdin>: duration: "500ms" 같은 시간 값이어야 합니다'), ko.stderr);
  const ok = await cli(['validate', '-', apple], { stdin: appleText });
  assert.is(ok.code, 0, ok.stderr);
  assert.ok(ok.stdout.startsWith('<stdin>: ok — '), ok.stdout);
});

test('stdin: JSON when it starts with { or [, a YAML flow mapping otherwise; empty and oversize refused', async () => {
  const json = JSON.stringify({ name: 'x', cluster: { followers: [{ name: 'f', lag: '1s' }] } });
  assert.is((await cli(['validate', '-'], { stdin: json })).code, 0);
  const dup = await cli(['validate', '-'], { stdin: '{"name": "x", "name": "y"}' });
  assert.ok(dup.stderr.includes('<stdin>:1:15: name: appears twice'), dup.stderr);
  assert.is((await cli(['validate', '-'], { stdin: '{ name: x, cluster: { followers: [ { name: f, lag: 1s } ] } }' })).code, 0);
  const empty = await cli(['validate', '-'], { stdin: '' });
  assert.is(empty.code, 2);
  assert.ok(empty.stderr.includes('<stdin>: '), empty.stderr);
  const big = await cli(['validate', '-'], { stdin: Buffer.alloc(5 * 1024 * 1024 + 1, 0x20) });
  assert.is(big.code, 2);
  assert.ok(big.stderr.includes('<stdin>: 5242881 bytes; scenario files are limited to 5242880 bytes'), big.stderr);
});

test('run -: the report folder is named by the scenario\'s name, and holds what the file gives', async () => {
  const fromStdin = await cli(['run', '-'], { stdin: appleText, cwd: tmp });
  assert.is(fromStdin.code, 0, fromStdin.stderr);
  const fromFile = await cli(['run', apple, '--out', path.join(tmp, 'file')]);
  assert.is(fromFile.code, 0, fromFile.stderr);
  assert.ok(fromStdin.stdout.endsWith(`report: ${path.join('reports', 'apple-stock')}${path.sep}\n`), fromStdin.stdout);
  for (const name of ['summary.json', 'summary.csv', 'summary.txt', 'scenario.json']) {
    assert.is(fs.readFileSync(path.join(tmp, 'reports', 'apple-stock', name), 'utf8'), fs.readFileSync(path.join(tmp, 'file', name), 'utf8'), name);
  }
});

test('trace, lab and sweep read - too', async () => {
  const trace = await cli(['trace', '-', '--strategy', 'all-follower'], { stdin: appleText });
  assert.is(trace.code, 0, trace.stderr);
  assert.is(trace.stdout, (await cli(['trace', apple, '--strategy', 'all-follower'])).stdout);
  const lab = await cli(['lab', '-', '--out', path.join(tmp, 'lab.html')], { stdin: appleText });
  assert.is(lab.code, 0, lab.stderr);
  assert.ok(fs.readFileSync(path.join(tmp, 'lab.html'), 'utf8').includes('apple-stock'));
});

test('sweep - plans from standard input', async () => {
  const r = await cli(['sweep', '-', '--param', 'strategies[3].window=0ms..1s', '--steps', '2', '--json', '--no-report', '--workers', '1'], { stdin: appleText });
  assert.is(r.code, 0, r.stderr);
  assert.is(JSON.parse(r.stdout).points.length, 2);
});

/** A real process: the exit status a shell sees, with standard input a pipe. */
const lagsim = (args: string[], input: string) => spawnSync(process.execPath, [path.join(ROOT, 'bin', 'lagsim.js'), ...args], { input, encoding: 'utf8', env: { ...process.env, LANG: 'C' }, timeout: 120_000 });

test('a real pipe: cat bad.yaml | lagsim validate - exits 2 with the problem', () => {
  const r = lagsim(['validate', '-'], BAD);
  assert.is(r.status, 2);
  assert.ok(r.stderr.includes('<stdin>: duration: '), r.stderr);
});

test('a folder as standard input (lagsim run - < dir) is refused in words', () => {
  const r = spawnSync('bash', ['-c', `exec "${process.execPath}" "${path.join(ROOT, 'bin', 'lagsim.js')}" run - < "${tmp}"`], { encoding: 'utf8', env: { ...process.env, LANG: 'C' } });
  assert.is(r.status, 2);
  assert.is(r.stderr, 'lagsim: <stdin>: cannot read (it is a folder)\n');
});

test.after(() => fs.rmSync(tmp, { recursive: true, force: true }));
test.run();
