import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'fs';
import * as path from 'path';

/** README.ko.md keeps README.md's sections: the same headings, level for level, in the same order. */
const headings = (file: string): number[] => {
  const text = fs.readFileSync(path.join(__dirname, '..', file), 'utf8').replace(/^```[\s\S]*?^```/gm, '');
  return [...text.matchAll(/^(#{1,6}) /gm)].map((m) => m[1].length);
};

test('README.ko.md has the section structure of README.md', () => {
  const en = headings('README.md');
  const ko = headings('README.ko.md');
  assert.ok(en.length >= 10, `README.md has ${en.length} headings`);
  assert.equal(ko, en);
});

test('both name every command of the CLI', () => {
  const en = fs.readFileSync(path.join(__dirname, '..', 'README.md'), 'utf8');
  const ko = fs.readFileSync(path.join(__dirname, '..', 'README.ko.md'), 'utf8');
  for (const command of ['run', 'trace', 'validate', 'lab', 'site', 'list', 'init', 'schema', 'sweep', 'advise', 'merge', 'live', 'proxy', 'help', 'completion']) {
    assert.ok(en.includes(`lagsim ${command}`), `README.md: lagsim ${command}`);
    assert.ok(ko.includes(`lagsim ${command}`), `README.ko.md: lagsim ${command}`);
  }
});

test.run();
