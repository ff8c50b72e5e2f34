import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { lookup, pickLang, t } from '../src/i18n';
import { particle } from '../src/i18n/korean';
import { clipped } from '../src/i18n/problem';
import { en } from '../src/i18n/en';
import { ko } from '../src/i18n/ko';

// ---
const pick = suite('pickLang');

pick('--lang wins; else LC_ALL, then LC_MESSAGES, then LANG — the first one set decides', () => {
  assert.is(pickLang('en', { LANG: 'ko_KR.UTF-8' }), 'en');
  assert.is(pickLang('ko', {}), 'ko');
  assert.is(pickLang(undefined, { LANG: 'ko_KR.UTF-8' }), 'ko');
  assert.is(pickLang(undefined, { LC_MESSAGES: 'ko_KR.UTF-8', LANG: 'en_US.UTF-8' }), 'ko');
  assert.is(pickLang(undefined, { LC_ALL: 'C', LC_MESSAGES: 'ko_KR.UTF-8' }), 'en', 'LC_ALL=C means English');
  assert.is(pickLang(undefined, { LC_ALL: '', LANG: 'ko' }), 'ko', 'empty variables count as unset');
  assert.is(pickLang(undefined, { LANG: 'kok_IN' }), 'en', 'Konkani is not Korean');
  assert.is(pickLang(undefined, {}), 'en');
  assert.is(pickLang('fr', {}), 'en', 'an unknown flag falls back like no flag');
});

pick.run();

/** The report's own keys (other parts of lagsim keep some strings, like SQL, untranslated on purpose). */
const REPORT = /^(chart|axis|series|note|html|section|col|table\.ci|table\.best|find|strategy|scope|scn|file|sweep)\b/;

// ---
const catalogue = suite('the string catalogue');

catalogue('t fills {vars}; a missing var stays visible rather than printing "undefined"', () => {
  assert.is(t('en', 'note.seed', { seed: 42 }), 'seed 42');
  assert.is(t('ko', 'note.seed', { seed: 42 }), '시드 42');
  assert.is(t('en', 'note.seed'), 'seed {seed}');
  assert.is(lookup('en', 'strategy.all-master')?.startsWith('Every read goes to the master'), true);
  assert.is(lookup('en', 'strategy.no-such-strategy'), undefined);
});

catalogue('{n|one|other} picks the word the count takes; every such choice is well formed', () => {
  assert.is(t('en', 'slo.allMet', { checks: 1 }), '  Every strategy meets every SLO (1 check).');
  assert.is(t('en', 'slo.allMet', { checks: 0 }), '  Every strategy meets every SLO (0 checks).');
  assert.is(t('en', 'slo.allMet', { checks: 12 }), '  Every strategy meets every SLO (12 checks).');
  assert.is(t('en', 'scn.replayCount', { n: 2, reads: 1, writes: 1 }), '2 (1 read, 1 write)');
  assert.is(t('ko', 'slo.allMet', { checks: 1 }), ko['slo.allMet'].replace('{checks}', '1'));
  for (const [key, text] of [...Object.entries(en), ...Object.entries(ko)]) {
    const choices = text.match(/\{\w+\|[^{}]*\}/g) ?? [];
    for (const c of choices) assert.match(c, /^\{(\w+)\|[^|{}]*\|[^|{}]*\}$/, `${key}: ${c}`);
    for (const c of choices) assert.ok(text.includes(`{${c.slice(1, c.indexOf('|'))}}`), `${key}: ${c} chooses by a count it also prints`);
  }
});

catalogue('a Korean particle follows the sound its value ends on; both forms where that cannot be told', () => {
  const cases: Array<[string, string, string, string]> = [
    // strategies: the parameters in parentheses are not read
    ['causal(mode=gtid)', '은', '는', '은'], ['all-master', '은', '는', '는'], ['pgpool', '과', '와', '과'],
    ['post-write-window(window=1s,scope=key)', '과', '와', '와'], ['lag-threshold(threshold=500ms)', '은', '는', '는'],
    // numbers by their Korean reading: 일, 이, 십 (10), 퍼센트; 으로 after a consonant but ㄹ
    ['1', '이', '가', '이'], ['2', '이', '가', '가'], ['10', '이', '가', '이'], ['3.5%', '이', '가', '가'],
    ['6', '으로', '로', '으로'], ['7', '으로', '로', '로'], ['500ms', '으로', '로', '로'],
    // Hangul by its last syllable
    ['사과', '을', '를', '를'], ['팔로워 1', '이', '가', '이'], ['서울', '으로', '로', '로'], ['집', '으로', '로', '으로'],
    // names, options and abbreviations
    ['PostgreSQL', '이', '가', '이'], ['MariaDB', '이', '가', '가'], ['--out', '이', '가', '이'], ['--seed', '이', '가', '가'],
    ['lagsim', '은', '는', '은'], ['.lagsim.lock', '을', '를', '을'], ['apple', '은', '는', '은'],
    // a long vowel or a consonant before t, p takes 으 (하트비트, 웨이트, 리포트; 체크), a short one a final consonant (포맷, 스텝; 스윕 as the glossary writes it)
    ['heartbeat', '은', '는', '는'], ['gtid-wait', '은', '는', '는'], ['sweep', '을', '를', '을'], ['report', '은', '는', '는'], ['check', '은', '는', '는'],
    ['format', '은', '는', '은'], ['step', '을', '를', '을'], ['replica-r', '이', '가', '이'], ['lesson-03', '이라는', '라는', '이라는'],
    // names a user picks: 북, 그룹, 백, 타입, 링크; letters where no vowel is written (피엔지, 에이치티엠엘)
    ['book', '을', '를', '을'], ['group', '은', '는', '은'], ['scenario.bak', '을', '를', '을'], ['type', '이', '가', '이'], ['link', '을', '를', '를'],
    ['chart.png', '을', '를', '를'], ['index.html', '을', '를', '을'], ['week', '이', '가', '가'],
    // 오케이, 하이프, 퍼블릭, 앱, 허브, 깃허브, 비트
    ['ok', '을', '를', '를'], ['hype', '을', '를', '를'], ['public', '을', '를', '을'], ['app', '을', '를', '을'], ['github', '을', '를', '를'], ['bit', '이', '가', '가'],
    ['statusOK', '을', '를', '를'], ['seok', '을', '를', '을'],
    // one digit right after a letter by its English name (엠피쓰리, 에스쓰리, 파이썬쓰리, 아이피브이식스, 윈세븐); after a separator by its Korean one (키 삼)
    ['mp3', '을', '를', '를'], ['s3', '이', '가', '가'], ['python3', '은', '는', '는'], ['ipv6', '은', '는', '는'], ['win7', '은', '는', '은'], ['key-3', '은', '는', '은'],
    ['raid1', '으로', '로', '으로'], ['v8', '을', '를', '을'], ['x86', '은', '는', '은'],
    // a romanized Korean word keeps the Korean reading (과제삼, 실습팔)
    ['gwaje3', '을', '를', '을'], ['silseup8', '으로', '로', '로'],
    // a silent b (빗썸); 업비트, 유럽 as they are written
    ['bithumb', '을', '를', '을'], ['upbit', '이', '가', '가'], ['europe', '으로', '로', '으로'],
    // a symbol: both forms
    ['—', '은', '는', '은(는)'], ['', '으로', '로', '(으)로'],
  ];
  for (const [value, a, b, want] of cases) assert.is(particle(value, a, b), want, value);
  assert.is(t('ko', 'find.versus', { baseline: 'pgpool', strategy: 'causal(mode=gtid)', from: '12%', to: '1', share: '3%' }),
    'pgpool과 비교하면 causal(mode=gtid)은 구 데이터 읽기를 12%에서 1로 줄이고, 읽기의 3%를 마스터로 보냅니다.');
});

catalogue('Korean has every key, no empty string, the same {vars} as English, and Hangul in every sentence', () => {
  assert.equal(Object.keys(ko).sort(), Object.keys(en).sort());
  const vars = (s: string): string[] => (s.match(/\{\w+\}/g) ?? []).sort();
  for (const key of Object.keys(en) as Array<keyof typeof en>) {
    assert.ok(ko[key].trim() !== '', key);
    assert.equal(vars(ko[key]), vars(en[key]), `${key}: same placeholders`);
    if (REPORT.test(key) && en[key].split(' ').length > 3) assert.match(ko[key], /[가-힣]/, `${key} is translated`);
  }
});

catalogue('a quoted value longer than 40 characters is cut with …, never inside a character of two code units', () => {
  assert.is(clipped('x'.repeat(40)), 'x'.repeat(40));
  assert.is(clipped('x'.repeat(41)), `${'x'.repeat(40)}…`);
  assert.is(clipped(`${'x'.repeat(39)}😀y`), `${'x'.repeat(39)}…`, 'the emoji would be cut in half');
  assert.is(clipped(`${'x'.repeat(38)}😀y`), `${'x'.repeat(38)}😀…`);
});

catalogue.run();
