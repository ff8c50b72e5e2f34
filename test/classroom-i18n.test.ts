import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'fs';
import * as path from 'path';
import { spawnSync } from 'child_process';
import { classroomEn } from '../src/i18n/classroom.en';
import { classroomKo } from '../src/i18n/classroom.ko';
import { LANGS, lookup, t } from '../src/i18n';
import { displayWidth, template } from '../src/i18n/template';
import { langOfArgv } from '../src/cli/localize';
import { STRATEGIES } from '../src/strategies';
import { formatTable } from '../src/report/table';
import { loadScenarioFile } from '../src/scenario/load';
import { runScenario } from '../src/run';
import { cli } from './cli';
import { EXAMPLES } from '../src/cli/examples';

const root = path.join(__dirname, '..');
const apple = path.join(root, 'scenarios', 'apple-stock.yaml');
const bin = path.join(root, 'bin', 'lagsim.js');
/** The CLI as a process under a given locale (LANG), everything else of the environment kept. */
const lagsimProcess = (env: Record<string, string>, ...args: string[]) => {
  const clean = { ...process.env };
  delete clean.LC_ALL;
  delete clean.LC_MESSAGES;
  delete clean.LANG;
  return spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', cwd: root, env: { ...clean, ...env } });
};
/** The same in this process (test/cli.ts): what lagsim prints does not depend on the process. */
const lagsim = (locale: Record<string, string>, ...args: string[]) => cli(args, { locale });

// ---
const cat = suite('catalogue: every classroom string in both languages');

cat('the same keys, the same {placeholders}, nothing empty', () => {
  const names = (s: string): string[] => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
  assert.equal(Object.keys(classroomKo).sort(), Object.keys(classroomEn).sort());
  for (const [key, en] of Object.entries(classroomEn)) {
    const ko = (classroomKo as Record<string, string>)[key];
    assert.ok(ko.length > 0, key);
    assert.equal(names(ko), names(en), key);
  }
});

cat('the command line declares its help by id: every id it names is in the catalogue, every help id is named', () => {
  // Help ids appear as h('help.…') in main.ts, and as the examples' descriptions in cli/examples.ts.
  const main = fs.readFileSync(path.join(root, 'src', 'cli', 'main.ts'), 'utf8');
  const examples = Object.values(EXAMPLES).flatMap((list) => list.map(([, what]) => what)).filter((what) => what !== '');
  const named = [...[...main.matchAll(/h\('(help\.[\w.-]+)'\)/g)].map((m) => m[1]), ...examples];
  assert.ok(named.length > 60);
  assert.not.match(main, /describe: '/, 'descriptions are ids, not English text');
  const ids = Object.keys(classroomEn).filter((k) => k.startsWith('help.'));
  const strategyIds = Object.keys(STRATEGIES).map((name) => `help.strategy.${name}`);
  assert.equal(named.filter((id) => !ids.includes(id)), []);
  assert.equal(ids.filter((id) => !named.includes(id) && !strategyIds.includes(id) && id !== 'help.strategies'), []);
});

cat('every strategy has its help line and its explanation in every language', () => {
  for (const lang of LANGS) {
    for (const name of Object.keys(STRATEGIES)) {
      assert.ok(lookup(lang, `help.strategy.${name}`), `${lang}: help.strategy.${name}`);
      assert.ok(lookup(lang, `strategy.${name}`), `${lang}: strategy.${name}`);
    }
  }
});

cat('template() fills like t() does', () => {
  for (const key of ['narrate.write', 'narrate.apply', 'cli.validOk', 'lesson.check'] as const) {
    const vars = { at: 't=1', who: 'w', key: 'k', row: 'r', version: 2, pos: 3, gtid: 'g', follower: 'f', commit: 'c', lag: 'l', file: 'x', title: 'T', strategies: 4, events: 5, workload: '', metric: 'm', strategy: 's', value: 'v', is: '=', than: '0' };
    for (const lang of ['en', 'ko'] as const) assert.is(template(lang, t(lang, key))(vars), t(lang, key, vars));
  }
});

cat('display width: Hangul takes two columns', () => {
  assert.is(displayWidth('stale'), 5);
  assert.is(displayWidth('구 데이터'), 9);
  assert.is(displayWidth('사과 400 → 0'), 12);
});

// ---
const term = suite('the terminal in English and Korean');

term('English narration is unchanged: the story\'s line, word for word', async () => {
  const r = await lagsim({ LANG: 'C.UTF-8' }, 'trace', apple, '--strategy', 'all-follower');
  assert.is(r.code, 0, r.stderr);
  assert.equal(r.stdout.split('\n').slice(1), [
    't=1.000s seller write apple @master → stock=0 (v1, binlog #1, GTID 0-1-1)',
    't=1.100s seller read apple @follower-1 → stock=400 STALE (master has 0 since 1.000s)',
    't=1.200s user-1 read apple @follower-1 → stock=400 STALE (master has 0 since 1.000s)',
    't=1.500s   follower-1 applies binlog #1: apple v1 (committed 1.000s, lag 500ms)',
    't=1.500s user-1 read apple (critical) @follower-1 → stock=0 fresh',
    '',
  ]);
});

term('Korean narration from the locale, and --lang wins over it', async () => {
  const ko = lagsimProcess({ LANG: 'ko_KR.UTF-8' }, 'trace', apple, '--strategy', 'all-follower');
  assert.is(ko.status, 0, ko.stderr);
  assert.equal(ko.stdout.split('\n').slice(0, 6), [
    '# 사과 재고 400 → 0 직후 조회 — 전략 all-follower, 시드 42',
    't=1.000s seller 쓰기 apple @master → stock=0 (v1, binlog #1, GTID 0-1-1)',
    't=1.100s seller 읽기 apple @follower-1 → stock=400 구 데이터 (마스터는 1.000s부터 0)',
    't=1.200s user-1 읽기 apple @follower-1 → stock=400 구 데이터 (마스터는 1.000s부터 0)',
    't=1.500s   follower-1 binlog #1 적용: apple v1 (커밋 1.000s, 지연 500ms)',
    't=1.500s user-1 읽기 apple (중요) @follower-1 → stock=0 최신',
  ]);
  const en = await lagsim({ LANG: 'ko_KR.UTF-8' }, 'trace', apple, '--strategy', 'all-follower', '--lang', 'en');
  assert.match(en.stdout, 't=1.200s user-1 read apple @follower-1 → stock=400 STALE (master has 0 since 1.000s)');
  // JSON Lines are data, the same in every language.
  const a = await lagsim({ LANG: 'ko_KR.UTF-8' }, 'trace', apple, '--json');
  const b = await lagsim({ LANG: 'C' }, 'trace', apple, '--json');
  assert.is(a.stdout, b.stdout);
});

term('Korean table: translated headers, columns aligned on the screen', () => {
  const table = formatTable(runScenario(loadScenarioFile(apple), { runs: 2 }), 'ko');
  const lines = table.split('\n');
  assert.match(lines[0], /^전략 +읽기 수 +구 데이터 +구 데이터 비율 +마스터 비중/);
  // Right-aligned columns end at the same screen column on every row.
  const rows = lines.slice(0, 7);
  assert.ok(rows.every((l) => displayWidth(l) === displayWidth(rows[0])), rows.map(displayWidth).join(','));
  assert.match(table, '2회 실행의 평균 (시드 42…43); ±는 95% 신뢰구간의 반폭');
  assert.is(formatTable(runScenario(loadScenarioFile(apple))), formatTable(runScenario(loadScenarioFile(apple)), 'en'));
});

term('run, validate and help speak Korean; English stays English', async () => {
  const run = await lagsim({ LANG: 'C' }, 'run', apple, '--no-report', '--lang', 'ko');
  assert.match(run.stdout, '— apple-stock, 시드 42');
  assert.match(run.stdout, /^전략 /m);
  const ok = await lagsim({ LANG: 'ko_KR.UTF-8' }, 'validate', apple);
  assert.match(ok.stdout, '정상 — ');
  const help = await lagsim({ LANG: 'C' }, 'run', '--help', '--lang', 'ko');
  assert.is(help.code, 0);
  for (const s of ['옵션:', '시나리오 파일 (YAML 또는 JSON)', '표와 보고서의 언어', '예시:', '전략:']) assert.match(help.stdout, s);
  const en = await lagsim({ LANG: 'C' }, 'run', '--help');
  assert.match(en.stdout, 'Options:');
  assert.match(en.stdout, 'language of the table and report');
  assert.not.match(en.stdout, /[가-힣]/);
});

term('the language of the command line: --lang, --lang=, else the locale', () => {
  assert.is(langOfArgv(['run', 'x', '--lang', 'ko'], {}), 'ko');
  assert.is(langOfArgv(['run', '--lang=ko'], {}), 'ko');
  assert.is(langOfArgv(['run'], { LANG: 'ko_KR.UTF-8' }), 'ko');
  assert.is(langOfArgv(['run', '--lang', 'en'], { LC_ALL: 'ko_KR.UTF-8' }), 'en');
  assert.is(langOfArgv(['run'], { LANG: 'C' }), 'en');
});

cat.run();
term.run();
