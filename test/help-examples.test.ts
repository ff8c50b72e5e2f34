import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { EXAMPLES, ExampleCommand } from '../src/cli/examples';
import { cli } from './cli';

// Every example a command's --help shows is a command line users copy: each one runs here,
// through the built CLI in this process (test/cli.ts; needs `npm run build`), in a folder
// that holds what the examples name.

const root = path.join(__dirname, '..');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lagsim-examples-'));

/** Examples not run here, and why. */
const NOT_RUN: Partial<Record<ExampleCommand, string>> = {
  live: 'they start or need MariaDB servers; test/live*.test.ts runs live on a pair of its own',
};

/** Arguments as a POSIX shell would split `line`: words, "double-quoted" parts kept whole, * in a file name expanded. */
function shellWords(line: string, cwd: string): string[] {
  const words = line.match(/"[^"]*"|[^\s"]+/g) ?? [];
  return words.flatMap((w) => (w.startsWith('"') ? [w.slice(1, -1)] : expand(w, cwd)));
}

/** A word with * in its file name: the matching files, sorted; a word without one: itself. */
function expand(word: string, cwd: string): string[] {
  if (!word.includes('*')) return [word];
  const dir = path.dirname(word);
  const pattern = new RegExp(`^${path.basename(word).split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
  const names = fs.readdirSync(path.join(cwd, dir)).filter((n) => pattern.test(n)).sort();
  assert.ok(names.length > 0, `${word} matches no file`);
  return names.map((n) => path.join(dir, n));
}

/** The folder the examples run in: the bundled scenarios, stand-ins for the user's own files, the shards merge combines. */
async function prepare(): Promise<void> {
  fs.cpSync(path.join(root, 'scenarios'), path.join(tmp, 'scenarios'), { recursive: true });
  fs.copyFileSync(path.join(root, 'test', 'fixtures', 'import', 'sbm.csv'), path.join(tmp, 'sbm.csv'));
  fs.copyFileSync(path.join(root, 'test', 'fixtures', 'mariadb-general.log'), path.join(tmp, 'mysql-general.log'));
  for (let i = 1; i <= 4; i++) {
    const shard = await run(`sweep scenarios/flash-sale.yaml --param "strategies[3].window=0ms..2s" --shard ${i}/4`);
    assert.is(shard.code, 0, shard.stderr);
  }
}

function run(line: string): ReturnType<typeof cli> {
  return cli(shellWords(line, tmp), { cwd: tmp, locale: { LANG: 'C' } });
}

test.before(prepare);
test.after(() => fs.rmSync(tmp, { recursive: true, force: true }));

test('every command has examples, and each names a reason when it is not run here', () => {
  for (const [command, examples] of Object.entries(EXAMPLES)) {
    assert.ok(examples.length > 0, command);
    for (const [args] of examples) assert.ok(args.startsWith(`${command} `), `${command}: ${args}`);
  }
  for (const command of Object.keys(NOT_RUN)) assert.ok(command in EXAMPLES, command);
});

for (const [command, examples] of Object.entries(EXAMPLES) as Array<[ExampleCommand, typeof EXAMPLES[ExampleCommand]]>) {
  if (NOT_RUN[command] !== undefined) continue;
  for (const [args] of examples) {
    // The site example prints its PDFs with Chromium where one is installed (20 pages, about 4 s each); test/site.test.ts prints PDFs.
    const line = command === 'site' ? `${args} --no-pdf` : args;
    test(`lagsim ${line}`, async () => {
      const r = await run(line);
      assert.is(r.code, 0, `exit ${r.code}\n${r.stderr}`);
      assert.ok(r.stdout.length > 0, 'prints something');
    });
  }
}

test.run();
