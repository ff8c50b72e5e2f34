import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { cli } from './cli';

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
  for (const command of ['run', 'trace', 'validate', 'lab', 'site', 'list', 'init', 'import', 'schema', 'sweep', 'advise', 'merge', 'live', 'proxy', 'help', 'completion']) {
    assert.ok(en.includes(`lagsim ${command}`), `README.md: lagsim ${command}`);
    assert.ok(ko.includes(`lagsim ${command}`), `README.ko.md: lagsim ${command}`);
  }
});

const root = path.join(__dirname, '..');
const readme = (file: string): string => fs.readFileSync(path.join(root, file), 'utf8');

/** The lines of the first code block after `intro` in `text`. */
function blockAfter(text: string, intro: string, file: string): string[] {
  const at = text.indexOf(intro);
  assert.ok(at >= 0, `${file}: ${intro}`);
  const m = /^```\n([\s\S]*?)^```/m.exec(text.slice(at));
  assert.ok(m !== null, `${file}: a code block after ${intro}`);
  return m![1].replace(/\n$/, '').split('\n');
}

/** What `lagsim …args` prints on stdout, as lines (no report written). */
async function printed(args: string[]): Promise<string[]> {
  const r = await cli(args, { locale: { LANG: 'C' } });
  assert.is(r.code, 0, r.stderr);
  return r.stdout.replace(/\n$/, '').split('\n');
}

test('the story\'s trace in each README is what lagsim trace prints', async () => {
  for (const [file, lang] of [['README.md', 'en'], ['README.ko.md', 'ko']]) {
    const args = ['trace', 'scenarios/apple-stock.yaml', '--strategy', 'all-follower', '--lang', lang];
    const intro = `\`npx lagsim trace scenarios/apple-stock.yaml --strategy all-follower${lang === 'ko' ? ' --lang ko' : ''}\``;
    assert.equal(blockAfter(readme(file), intro, file), await printed(args), file);
  }
});

test('the story\'s table in each README is what lagsim run prints (Korean: its first columns)', async () => {
  const en = blockAfter(readme('README.md'), '`npm start` compares the strategies:', 'README.md');
  const enOut = await printed(['run', 'scenarios/apple-stock.yaml', '--no-report', '--lang', 'en']);
  assert.equal(enOut.slice(enOut.indexOf(en[0]), enOut.indexOf(en[0]) + en.length), en);
  const ko = blockAfter(readme('README.ko.md'), '가 전략들을 비교합니다', 'README.ko.md');
  const koOut = await printed(['run', 'scenarios/apple-stock.yaml', '--no-report', '--lang', 'ko']);
  const first = koOut.findIndex((line) => line.startsWith('전략 '));
  assert.ok(first >= 0, koOut.join('\n'));
  ko.forEach((line, i) => assert.ok(koOut[first + i].startsWith(line), `README.ko.md line ${i + 1} of the table:\n${line}\nprinted:\n${koOut[first + i]}`));
});

test('the bad-input example in each README is what lagsim prints for that mistake', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lagsim-readme-'));
  try {
    const story = fs.readFileSync(path.join(root, 'scenarios', 'apple-stock.yaml'), 'utf8');
    fs.writeFileSync(path.join(dir, 'bad.yaml'), story.replace(/^(\s+lag:) 500ms/m, '$1 "-3"'));
    for (const [file, args] of [['README.md', []], ['README.ko.md', ['--lang', 'ko']]] as const) {
      const shown = /^\$ npx lagsim run bad\.yaml.*\n([\s\S]*?)^```/m.exec(readme(file));
      assert.ok(shown !== null, `${file}: the bad.yaml example`);
      const r = await cli(['run', 'bad.yaml', ...args], { cwd: dir, locale: { LANG: 'C' } });
      assert.is(r.code, 2);
      assert.is(r.stderr, shown![1], file);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
