import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'fs';
import * as path from 'path';
import { spawnSync } from 'child_process';
import { FileRules, readRegularFile } from '../src/scenario/readFile';
import { loadScenarioFile } from '../src/scenario/load';
import { mergeCommand } from '../src/cli/merge';
import { msg } from '../src/i18n/problem';
import { problemsOf, problemsOfAsync, tmpFile } from './helpers';

const RULES: FileRules = {
  maxBytes: 10,
  folder: msg('v.isFolder'),
  tooBig: (n) => msg('v.fileTooBig', { n, limit: 10 }),
  missing: () => msg('v.noSuchFile'),
};

/** A FIFO nobody writes to: reading it the plain way blocks forever. */
function fifo(): string {
  const file = path.join(path.dirname(tmpFile('')), 'pipe.yaml');
  const r = spawnSync('mkfifo', [file]);
  assert.is(r.status, 0, 'mkfifo');
  return file;
}

// ---
const read = suite('readRegularFile');

read('a regular file within the cap is read whole', () => {
  assert.is(readRegularFile(tmpFile('0123456789'), RULES), '0123456789');
});

read('past the cap, a folder, nothing there: one problem naming the path', () => {
  const big = tmpFile('01234567890');
  assert.equal(problemsOf(() => readRegularFile(big, RULES)), [`${big}: 11 bytes; scenario files are limited to 10 bytes`]);
  const dir = path.dirname(big);
  assert.equal(problemsOf(() => readRegularFile(dir, RULES)), [`${dir}: is a folder, not a scenario file`]);
  assert.equal(problemsOf(() => readRegularFile(path.join(dir, 'nope'), RULES)), [`${path.join(dir, 'nope')}: no such file`]);
});

read('a path the system cannot follow is refused in words, not by its error code', () => {
  const dir = path.dirname(tmpFile(''));
  fs.symlinkSync(path.join(dir, 'loop-b'), path.join(dir, 'loop-a'));
  fs.symlinkSync(path.join(dir, 'loop-a'), path.join(dir, 'loop-b'));
  const loop = path.join(dir, 'loop-a');
  assert.equal(problemsOf(() => readRegularFile(loop, RULES)), [`${loop}: cannot read (its symbolic links lead round in a loop)`]);
  const long = path.join(dir, `${'a'.repeat(300)}.yaml`);
  assert.equal(problemsOf(() => readRegularFile(long, RULES)), [`${long}: cannot read (the name is too long)`]);
  const through = path.join(tmpFile('x'), 'inside.yaml');
  assert.equal(problemsOf(() => readRegularFile(through, RULES)), [`${through}: cannot read (a part of the path is a file, not a folder)`]);
});

if (process.platform !== 'win32') {
  read('a FIFO is refused at once instead of waiting for a writer', async () => {
    const file = fifo();
    assert.match(problemsOf(() => loadScenarioFile(file))[0], /pipe\.yaml: is not a regular file/);
    assert.match((await problemsOfAsync(() => mergeCommand({ shards: [file] })))[0], /pipe\.yaml: is not a regular file/);
  });

  read('/dev/zero (size 0 to stat, endless to read) is refused, not read until memory runs out', async () => {
    assert.equal(problemsOf(() => loadScenarioFile('/dev/zero')), ['/dev/zero: is not a regular file (a device, pipe or socket); give the path of a file']);
    assert.equal(await problemsOfAsync(() => mergeCommand({ shards: ['/dev/zero'] })), ['/dev/zero: is not a regular file (a device, pipe or socket); give the path of a file']);
  });
}

read.run();
