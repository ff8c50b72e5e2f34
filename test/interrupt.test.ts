import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { spawn, spawnSync } from 'child_process';
import { isTemporaryName } from '../src/report/files';
import { cli } from './cli';

/**
 * Ctrl-C (and SIGTERM, SIGHUP) never leaves a half-written report: a long run dies at once (nothing is open for
 * writing while it computes), writes under way complete before the process exits with 130,
 * and a sweep waiting on its worker threads exits 130 cleanly.
 */
const ROOT = path.join(__dirname, '..');
const bin = path.join(ROOT, 'bin', 'lagsim.js');

interface Ended { code: number | null; signal: NodeJS.Signals | null; stderr: string; afterSignalMs: number }

/** CPU time `pid` has used, in ms (Linux /proc; null elsewhere or once it has ended). */
function cpuMsOf(pid: number): number | null {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10; // utime + stime, in 1/100 s
  } catch {
    return null;
  }
}

/**
 * Starts lagsim, sends `signal` once it has used `busyMs` of CPU (past start-up, whatever
 * the machine's load; `busyMs` of wall time where /proc is missing), long before it could
 * finish, and waits for it to end.
 */
function interrupt(args: string[], busyMs: number, signal: NodeJS.Signals = 'SIGINT'): Promise<Ended> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], { cwd: os.tmpdir(), stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    let sentAt = 0;
    const started = performance.now();
    const send = (): void => {
      if (sentAt !== 0) return;
      sentAt = performance.now();
      child.kill(signal);
    };
    const poll = setInterval(() => {
      const cpu = cpuMsOf(child.pid ?? 0);
      if ((cpu ?? performance.now() - started) >= busyMs) {
        clearInterval(poll);
        send();
      }
    }, 20);
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      clearInterval(poll);
      resolve({ code, signal, stderr, afterSignalMs: sentAt === 0 ? -1 : performance.now() - sentAt });
    });
  });
}

/** Every file under `dir` is complete: no temporary names, JSON parses. */
function assertNothingHalfWritten(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  const names = fs.readdirSync(dir);
  for (const name of names) {
    assert.not.ok(isTemporaryName(name) || name.endsWith('.tmp'), `temporary file left: ${name}`);
    if (name.endsWith('.json')) JSON.parse(fs.readFileSync(path.join(dir, name), 'utf8'));
  }
  return names;
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lagsim-interrupt-'));
/** ~4 × 10^7 operations per strategy: a minute or more, far longer than the test waits. */
const long = path.join(tmp, 'long.yaml');
fs.writeFileSync(long, [
  'name: long', 'duration: 30m',
  'cluster: { followers: [ { name: f1, lag: { dist: exponential, mean: 100ms } } ] }',
  'workload: { keys: 1000, sessions: 100, writeRate: 500/s, readRate: 20000/s }',
  'strategies: [all-follower, all-master, { name: post-write-window, window: 200ms, scope: key }]', '',
].join('\n'));

// ---
const ctrlC = suite('Ctrl-C (SIGINT)');

for (const signal of ['SIGINT', 'SIGTERM'] as const) ctrlC(`${signal} during a long run: the process ends at once, as interrupted, and writes no report`, async () => {
  const out = path.join(tmp, `run-report-${signal}`);
  const r = await interrupt(['run', long, '--out', out], 750, signal);
  assert.ok(r.code === (signal === 'SIGINT' ? 130 : 143) || r.signal === signal, `ended with code ${r.code}, signal ${r.signal}: ${r.stderr}`);
  assert.ok(r.afterSignalMs < 5000, `took ${r.afterSignalMs.toFixed(0)} ms to stop`);
  assert.not.match(r.stderr, /\n\s+at |internal error/);
  assert.equal(assertNothingHalfWritten(out), [], 'no report folder for an interrupted run');
});

/** The signals lagsim handles once it writes, with the exit status each ends it with (128 + the signal's number). */
const HANDLED: Array<[NodeJS.Signals, number]> = [['SIGINT', 130], ['SIGTERM', 143], ['SIGHUP', 129]];

for (const [signal, status] of HANDLED) ctrlC(`${signal} while files are being written: they all complete, cleanups run, temporaries are gone, exit ${status}`, () => {
  const dir = path.join(tmp, `writes-${signal}`);
  // A process that gets the signal after its first file, in the middle of writing 25 files.
  // Node delivers the signal only once the synchronous loop is over, whatever the files'
  // size: what is checked is that none of the 24 writes still to come is cut off.
  const script = `
    const fs = require('fs'), path = require('path');
    const { writeFileAtomic, onInterrupt } = require('./dist/report/files.js');
    const dir = ${JSON.stringify(dir)};
    onInterrupt(() => fs.writeFileSync(path.join(dir, 'cleanup-ran'), 'yes'));
    const data = Buffer.alloc(64 << 10, 120);
    for (let i = 0; i < 25; i++) {
      writeFileAtomic(path.join(dir, 'part-' + i + '.bin'), data);
      if (i === 0) process.kill(process.pid, ${JSON.stringify(signal)});
    }
    setTimeout(() => fs.writeFileSync(path.join(dir, 'still-running'), 'no'), 2000);
  `;
  const r = spawnSync(process.execPath, ['-e', script], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
  assert.is(r.status, status, `status ${r.status}, signal ${r.signal}: ${r.stderr}`);
  assert.match(r.stderr, /lagsim: interrupted/);
  const names = assertNothingHalfWritten(dir);
  for (let i = 0; i < 25; i++) assert.is(fs.statSync(path.join(dir, `part-${i}.bin`)).size, 64 << 10, `part-${i}.bin complete`);
  assert.ok(names.includes('cleanup-ran'), 'the registered cleanup ran');
  assert.not.ok(names.includes('still-running'), 'the process exited instead of carrying on');
});

ctrlC('during a sweep on worker threads: exit 130 within seconds, no temporary or partial file', async () => {
  const out = path.join(tmp, 'sweep-report');
  const r = await interrupt(['sweep', long, '--param', 'strategies[2].window=0ms..1s', '--steps', '6', '--workers', '2', '--out', out], 1000);
  assert.is(r.code, 130, `ended with code ${r.code}, signal ${r.signal}: ${r.stderr}`);
  assert.ok(r.afterSignalMs < 5000, `took ${r.afterSignalMs.toFixed(0)} ms to stop`);
  assert.match(r.stderr, /lagsim: interrupted/);
  assert.not.match(r.stderr, /\n\s+at |internal error/);
  const names = assertNothingHalfWritten(out);
  // The sweep keeps its results in memory and writes its folder at the end, so an
  // interrupted sweep leaves no folder: there are no completed shards on disk to keep.
  if (names.length === 0) console.log('NOTE: the interrupted sweep wrote nothing — lagsim sweep keeps no completed points on disk');
});

ctrlC('during a sweep shard: the shards already written stay intact, the interrupted one leaves nothing', async () => {
  const out = path.join(tmp, 'shards');
  fs.mkdirSync(out);
  const small = path.join(ROOT, 'scenarios', 'apple-stock.yaml');
  // The completed shard, computed in this process and on this thread (the same file as with workers).
  const done = await cli(['sweep', small, '--param', 'strategies[3].window=0ms..1s', '--steps', '3', '--shard', '1/2', '--workers', '1', '--out', path.join(out, 'done-1-of-2.json')]);
  assert.is(done.code, 0, done.stderr);
  const before = fs.readFileSync(path.join(out, 'done-1-of-2.json'));
  const r = await interrupt(['sweep', long, '--param', 'strategies[2].window=0ms..1s', '--steps', '6', '--shard', '2/2', '--workers', '2', '--out', path.join(out, 'long-2-of-2.json')], 1000);
  assert.is(r.code, 130, `ended with code ${r.code}, signal ${r.signal}: ${r.stderr}`);
  assert.equal(assertNothingHalfWritten(out), ['done-1-of-2.json'], 'only the completed shard');
  assert.ok(fs.readFileSync(path.join(out, 'done-1-of-2.json')).equals(before), 'the completed shard is untouched');
});

ctrlC.after(() => fs.rmSync(tmp, { recursive: true, force: true }));
ctrlC.run();
