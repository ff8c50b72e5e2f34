'use strict';
// One process of scripts/test.js, started with tsx: runs the test files the runner sends
// (over IPC), one after another, the way uvu's own command line runs files (one module
// cache). Everything a file prints, on stdout or stderr, goes to stdout in order, and after
// each file a line END_MARK <file> <exit code> <CPU ms> tells the runner where that file's
// output ends. The CPU time is this process's (all its threads) and, where /proc tells it,
// that of the processes the file started and waited for.
globalThis.UVU_DEFER = 1;
// The run's temporary folder (scripts/test.js), for the files and for what they start.
if (process.env.LAGSIM_TEST_TMPDIR) process.env.TMPDIR = process.env.LAGSIM_TEST_TMPDIR;
const path = require('path');
const { exec } = require('uvu');

const END_MARK = '\x1elagsim-test-end';
const out = process.stdout.write.bind(process.stdout);
process.stderr.write = (chunk, encoding, done) => out(chunk, encoding, done);

/** CPU ms used so far by this process and its ended children (Linux /proc/self/stat). */
function cpuMs() {
  const { user, system } = process.cpuUsage();
  let children = 0;
  try {
    const fields = require('fs').readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
    children = (Number(fields[13]) + Number(fields[14])) * 10; // cutime + cstime, in 1/100 s
  } catch {
    // Elsewhere only this process's time is known.
  }
  return (user + system) / 1000 + children;
}

async function runFile(file) {
  const cpu0 = cpuMs();
  globalThis.UVU_QUEUE = [[file]];
  globalThis.UVU_INDEX = 0;
  process.exitCode = 0;
  try {
    require(path.resolve('test', file));
    await exec();
  } catch (err) {
    out(`\n${err && err.stack ? err.stack : String(err)}\n`);
    process.exitCode = 1;
  }
  const code = process.exitCode;
  process.exitCode = 0;
  out(`\n${END_MARK} ${file} ${code} ${Math.round(cpuMs() - cpu0)}\n`);
}

// An error no test caught (a stray timer, an unhandled rejection) ends the process: the
// runner counts the file under way as failed and starts another process for the next.
process.on('uncaughtException', (err) => {
  out(`\nuncaught exception: ${err && err.stack ? err.stack : String(err)}\n`);
  process.exit(1);
});

process.on('message', (msg) => void runFile(msg.file));
process.on('disconnect', () => process.exit(0));
