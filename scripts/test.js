#!/usr/bin/env node
'use strict';
// Runs the uvu test files in parallel: one Node process (TypeScript through tsx) per core,
// each taking the next file, the longest first, and running it as uvu's command line would
// (a process loads the simulator once for all the files it runs, rather than once per
// file). A file's output is printed whole when it ends, so files never interleave; each
// ends with uvu's own "Total / Passed / Skipped" block, which .ci/run sums. A final summary
// names every failing file, and the exit code is non-zero if any file failed.
//
//   node scripts/test.js [--ignore REGEX] [--jobs N] [REGEX…]
//
// Files are test/*.test.ts; REGEXes (any of them) narrow the choice, --ignore drops the
// files it matches. "Longest first" uses each file's wall time from the last run, kept in
// node_modules/.cache/lagsim/test-times.json; a file without one counts as its size in
// bytes / 100 ms, so the first run on a fresh clone is still roughly longest first.
//
// A file whose first lines hold the mark `lagsim-test: alone` (the live tests, which compare
// real database servers' timing with the simulator) runs with no other file beside it. Those
// files run first, one at a time, then the others share the processes. One of them failed
// twice in CI with a browser test beside it and passed without one (docs/live.md).
//
// The files run with TMPDIR set to one fresh folder for the whole run, removed when the run
// ends, so the temporary files and folders tests make are not left in /tmp. Ctrl-C, SIGTERM
// or a reader that stops reading (`npm test | head`) end the run early: the test processes
// get the signal, stop the servers they started, and the folder goes once they have ended
// (a second Ctrl-C does not wait). The folder is mode 0711: the throwaway database servers
// the live tests start run as their own users and must reach their folders inside it. The
// test processes set TMPDIR to it once tsx has loaded (scripts/test-worker.js), so tsx keeps
// its cache of compiled files in the usual place and a run does not compile every source
// file again.
const { fork } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const root = path.join(__dirname, '..');
const testDir = path.join(root, 'test');
const timesFile = path.join(root, 'node_modules', '.cache', 'lagsim', 'test-times.json');

function parseArgs(argv) {
  const opts = { ignore: null, jobs: 0, patterns: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--ignore' || a === '-i') opts.ignore = new RegExp(argv[++i]);
    else if (a === '--jobs' || a === '-j') opts.jobs = Number(argv[++i]);
    else opts.patterns.push(new RegExp(a));
  }
  if (!(opts.jobs >= 1)) opts.jobs = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
  return opts;
}

function testFiles(opts) {
  return fs.readdirSync(testDir)
    .filter((f) => /\.test\.ts$/.test(f))
    .filter((f) => opts.patterns.length === 0 || opts.patterns.some((p) => p.test(f)))
    .filter((f) => !(opts.ignore && opts.ignore.test(f)))
    .sort();
}

/** The mark a test file carries in its first lines to run with no other file beside it. */
const ALONE_MARK = 'lagsim-test: alone';

function runsAlone(file) {
  return fs.readFileSync(path.join(testDir, file), 'utf8').slice(0, 2000).includes(ALONE_MARK);
}

function readTimes() {
  try {
    return JSON.parse(fs.readFileSync(timesFile, 'utf8'));
  } catch {
    return {};
  }
}

/** Keeps this run's times, and the earlier ones of test files this run did not run. */
function writeTimes(times) {
  try {
    const kept = Object.entries({ ...readTimes(), ...times }).filter(([file]) => fs.existsSync(path.join(testDir, file)));
    fs.mkdirSync(path.dirname(timesFile), { recursive: true });
    const tmp = `${timesFile}.${process.pid}`;
    fs.writeFileSync(tmp, JSON.stringify(Object.fromEntries(kept), null, 1) + '\n');
    fs.renameSync(tmp, timesFile);
  } catch {
    // Only the order of the next run depends on it.
  }
}

function expectedMs(file, times) {
  return times[file] ?? fs.statSync(path.join(testDir, file)).size / 100;
}

/** uvu's closing block: the last "Total / Passed / Skipped" numbers in a file's output. */
function counts(output) {
  const clean = output.replace(/\x1b\[[0-9;]*m/g, '');
  const last = (label) => {
    const all = [...clean.matchAll(new RegExp(`^ *${label}: +(\\d+)`, 'gm'))];
    return all.length ? Number(all[all.length - 1][1]) : null;
  };
  return { total: last('Total'), passed: last('Passed'), skipped: last('Skipped') };
}

const END_MARK = '\x1elagsim-test-end';
const workers = new Set();

/**
 * A process that runs test files one after another (scripts/test-worker.js); `run(file)`
 * resolves with the file's output and exit status. When the process ends in the middle of a
 * file, that file has failed and the process is replaced for the next one.
 */
function startWorker(env) {
  const child = fork(path.join(__dirname, 'test-worker.js'), [], { cwd: root, env, execArgv: ['--require', 'tsx/cjs'], stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
  workers.add(child);
  let text = '';
  let pending = null;
  const settle = (code, signal, cpuMs = null) => {
    const { file, started, resolve } = pending;
    const cut = text.indexOf(`\n${END_MARK} `);
    const output = cut < 0 ? text : text.slice(0, cut);
    text = cut < 0 ? '' : text.slice(text.indexOf('\n', cut + 1) + 1);
    pending = null;
    resolve({ file, output, code, signal, cpuMs, ms: Date.now() - started });
  };
  const take = (chunk) => {
    text += chunk;
    if (pending === null) return;
    const m = new RegExp(`\n${END_MARK} \\S+ (\\d+) (\\d+)\n`).exec(text);
    if (m) settle(Number(m[1]), null, Number(m[2]));
  };
  child.stdout.setEncoding('utf8').on('data', take);
  child.stderr.setEncoding('utf8').on('data', take);
  child.on('error', () => {}); // a message to a process that is ending; 'close' follows
  child.on('close', (code, signal) => {
    workers.delete(child);
    if (pending !== null) settle(code === 0 || code === null ? 1 : code, signal);
  });
  return {
    alive: () => child.exitCode === null && child.signalCode === null,
    run: (file) => new Promise((resolve) => {
      pending = { file, started: Date.now(), resolve };
      child.send({ file });
    }),
    stop: () => child.connected && child.disconnect(),
  };
}

function judge(r) {
  const c = counts(r.output);
  return { ...r, ...c, failed: r.code !== 0 || c.total === null || c.passed + c.skipped < c.total };
}

function report(r) {
  const seconds = (r.ms / 1000).toFixed(1);
  const cpu = r.cpuMs === null ? '' : ` (${(r.cpuMs / 1000).toFixed(1)} s CPU)`;
  const status = r.failed ? `FAILED (${r.signal ? `signal ${r.signal}` : `exit code ${r.code}`})` : 'ok';
  process.stdout.write(`\n━━ test/${r.file} · ${seconds} s${cpu} · ${status}\n`);
  process.stdout.write(r.output.endsWith('\n') ? r.output : `${r.output}\n`);
}

function summary(results, wallMs) {
  const sum = (k) => results.reduce((n, r) => n + (r[k] ?? 0), 0);
  const bad = results.filter((r) => r.failed);
  const lines = ['', '━━ summary'];
  for (const r of [...results].sort((a, b) => b.ms - a.ms)) {
    const cpu = r.cpuMs === null ? '' : `${(r.cpuMs / 1000).toFixed(1).padStart(6)} s CPU`;
    lines.push(`  ${(r.ms / 1000).toFixed(1).padStart(6)} s  ${cpu.padEnd(12)}  ${r.failed ? 'FAILED' : 'ok    '}  test/${r.file}`);
  }
  const tests = `${sum('passed')} of ${sum('total')} tests passed, ${sum('skipped')} skipped`;
  lines.push(`  files: ${results.length - bad.length} passed, ${bad.length} failed · ${tests} · ${(wallMs / 1000).toFixed(1)} s wall; summed over files ${(sum('ms') / 1000).toFixed(1)} s, ${(sum('cpuMs') / 1000).toFixed(1)} s CPU`);
  for (const r of bad) {
    const why = r.total === null ? 'it ended before uvu printed its totals' : `${r.total - r.passed - r.skipped} of ${r.total} tests failed`;
    lines.push(`  FAILED: test/${r.file} (${why}; its output is above)`);
  }
  process.stdout.write(lines.join('\n') + '\n');
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const times = readTimes();
  const files = testFiles(opts).sort((a, b) => expectedMs(b, times) - expectedMs(a, times));
  if (files.length === 0) {
    process.stderr.write('test: no test file matches\n');
    process.exit(1);
  }
  const alone = [], shared = [];
  for (const f of files) (runsAlone(f) ? alone : shared).push(f);
  const jobs = Math.min(opts.jobs, shared.length);
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'lagsim-tests-'));
  fs.chmodSync(scratch, 0o711);
  const env = { ...process.env, LAGSIM_TEST_TMPDIR: scratch };
  if (process.stdout.isTTY && env.NO_COLOR === undefined && env.FORCE_COLOR === undefined) env.FORCE_COLOR = '1';
  process.stdout.write(`running ${files.length} test files: ${planText(alone.length, shared.length, jobs)}\n`);
  const started = Date.now();
  const results = [];
  await runLanes(alone, 1, env, results);
  await runLanes(shared, jobs, env, results);
  // An early end (abort) finishes the run itself; the files it cut short say nothing of their times.
  if (aborting) return;
  summary(results, Date.now() - started);
  writeTimes(Object.fromEntries(results.map((r) => [r.file, r.ms])));
  removeScratch();
  process.exitCode = results.some((r) => r.failed) ? 1 : 0;
}

/** How the files will run: "6 alone, then the other 86, 2 at a time", or the part that applies. */
function planText(alone, shared, jobs) {
  if (shared === 0) return `${alone} alone`;
  if (alone === 0) return `${jobs} at a time`;
  return `${alone} alone, then the other ${shared}, ${jobs} at a time`;
}

/** Runs the files in `jobs` processes, each taking the next file when it is free; appends to `results`. */
async function runLanes(queue, jobs, env, results) {
  if (aborting) return;
  const lane = async () => {
    let w = startWorker(env);
    for (let file = queue.shift(); file !== undefined && !aborting; file = queue.shift()) {
      if (!w.alive()) w = startWorker(env);
      const r = judge(await w.run(file));
      results.push(r);
      report(r);
    }
    w.stop();
  };
  await Promise.all(Array.from({ length: Math.min(jobs, queue.length) }, lane));
}

/** Set when the run ends early: no lane starts another file. */
let aborting = false;

/** The run's TMPDIR (see the header); null until main makes it. */
let scratch = null;

function removeScratch() {
  if (scratch !== null) fs.rmSync(scratch, { recursive: true, force: true });
}

/**
 * How long an early end waits for the test processes: a live test stops its servers one after
 * another, each stop allowed about ten seconds by the pair scripts before they kill it.
 */
const ABORT_WAIT_MS = 60_000;

/**
 * Ends the run early with exit code `code`: the test processes get `signal` and stop what
 * they started; once they have ended (or after ABORT_WAIT_MS), the scratch folder is removed.
 * Asked a second time, it does not wait.
 */
async function abort(signal, code) {
  if (aborting) {
    removeScratch();
    process.exit(code);
  }
  aborting = true;
  const running = [...workers];
  for (const child of running) child.kill(signal);
  const ended = Promise.all(running.map((child) => new Promise((resolve) => child.once('close', resolve))));
  await Promise.race([ended, new Promise((resolve) => setTimeout(resolve, ABORT_WAIT_MS))]);
  removeScratch();
  process.exit(code);
}

for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => abort(sig, 128 + os.constants.signals[sig]));
// The reader went away (`npm test | head`): nothing more can be reported, so the run ends.
process.stdout.on('error', () => abort('SIGTERM', 1));

main();
