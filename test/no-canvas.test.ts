import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { spawnSync } from 'child_process';

/**
 * Without a usable node-canvas, a run or sweep writes every report file but the PNGs, says
 * in one line why and how to install it, and exits 0. test/no-canvas.js makes the process
 * meet canvas as such a machine would (absent, or its native build failing to load).
 */
const ROOT = path.join(__dirname, '..');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lagsim-no-canvas-'));
const apple = path.join(ROOT, 'scenarios', 'apple-stock.yaml');

function lagsim(how: string, args: string[]) {
  return spawnSync(process.execPath, ['-r', path.join(__dirname, 'no-canvas.js'), path.join(ROOT, 'bin', 'lagsim.js'), ...args],
    { encoding: 'utf8', env: { ...process.env, LAGSIM_TEST_NO_CANVAS: how, LANG: 'C' }, timeout: 120_000 });
}

for (const [how, reason] of [['missing', "Cannot find module 'canvas'"], ['dlopen', 'libcairo.so.2: cannot open shared object file']]) {
  test(`run, canvas ${how}: every file but the PNGs, one line saying why, exit 0`, () => {
    const out = path.join(tmp, how);
    const r = lagsim(how, ['run', apple, '--out', out]);
    assert.is(r.status, 0, r.stderr);
    assert.equal(fs.readdirSync(out).sort(), ['index.html', 'scenario.json', 'summary.csv', 'summary.json', 'summary.txt']);
    const lines = r.stderr.trim().split('\n');
    assert.is(lines.length, 1, r.stderr);
    assert.ok(lines[0].startsWith('lagsim: warning: PNG charts not written, every other report file is: node-canvas cannot load ('), lines[0]);
    assert.ok(lines[0].includes(reason) && lines[0].includes('libcairo2-dev') && lines[0].endsWith('npm rebuild canvas'), lines[0]);
    assert.not.match(fs.readFileSync(path.join(out, 'index.html'), 'utf8'), /href="[a-z-]+\.png"/);
    assert.ok(r.stdout.includes('stale rate'));
  });
}

test('run --lang ko says it in Korean; --no-report and --json need no canvas and say nothing', () => {
  const ko = lagsim('missing', ['run', apple, '--out', path.join(tmp, 'ko'), '--lang', 'ko']);
  assert.is(ko.status, 0);
  assert.ok(ko.stderr.startsWith('lagsim: 경고: PNG 차트는 쓰지 못했고'), ko.stderr);
  const quiet = lagsim('missing', ['run', apple, '--no-report', '--json']);
  assert.is(quiet.status, 0);
  assert.is(quiet.stderr, '');
});

test('sweep, canvas missing: CSV, JSON and the page, no PNG, exit 0', () => {
  const out = path.join(tmp, 'sweep');
  const r = lagsim('missing', ['sweep', apple, '--param', 'strategies[3].window=0ms..1s', '--steps', '2', '--workers', '1', '--out', out]);
  assert.is(r.status, 0, r.stderr);
  assert.equal(fs.readdirSync(out).sort(), ['index.html', 'sweep.csv', 'sweep.json']);
  assert.ok(r.stderr.includes('PNG charts not written'), r.stderr);
});

test.after(() => fs.rmSync(tmp, { recursive: true, force: true }));
test.run();
