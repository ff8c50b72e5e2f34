import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { LANGS } from '../src/i18n';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { spawnSync } from 'child_process';
import fc from 'fast-check';
import { validationEn } from '../src/i18n/validation.en';
import { validationKo } from '../src/i18n/validation.ko';
import { Problem, at, keysOf, msg, renderProblem, text } from '../src/i18n/problem';
import { parseScenario } from '../src/scenario/load';
import { InputError } from '../src/scenario/errors';
import { fuzzCase } from './fuzz-cases';
import { STRATEGIES } from '../src/strategies';
import { cli as inProcess } from './cli';
import { sampleSize } from './helpers';

/**
 * Scenario problems and usage errors follow --lang and the locale like the rest of the CLI. English stays exactly as before (errors.test.ts asserts it); Korean
 * keeps the file, field path and values and translates only the message.
 */
const root = path.join(__dirname, '..');
const bin = path.join(root, 'bin', 'lagsim.js');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lagsim-i18n-msg-'));
const bad = path.join(dir, 'bad.yaml');
fs.writeFileSync(bad, [
  'name: bad',
  'cluster:',
  '  followers:',
  '    - name: f1',
  '      lag: "-3"',
  '    - name: f2',
  '      lag: 5 sec',
  '      readLatncy: 1ms',
  'strategies: [all-folower]',
  'events:',
  '  - { at: 1s, actor: u, read: apple }',
  '',
].join('\n'));
const dup = path.join(dir, 'dup.yaml');
fs.writeFileSync(dup, 'name: dup\nname: again\ncluster: { followers: [{ name: f1, lag: 1s }] }\nevents: []\n');

/** The CLI as a process, with the locale variables replaced by `env`: the locale as a shell sets it. */
const lagsimProcess = (env: Record<string, string>, ...args: string[]) => {
  const clean = { ...process.env };
  delete clean.LC_ALL;
  delete clean.LC_MESSAGES;
  delete clean.LANG;
  return spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', cwd: dir, env: { ...clean, ...env } });
};
/** The same in this process (test/cli.ts), for everything that does not depend on the process. */
const lagsim = (locale: Record<string, string>, ...args: string[]) => inProcess(args, { locale });
const HANGUL = /[\uac00-\ud7a3]/;

/** Every strategy's name, as the unknown-strategy message lists them. */
const STRATEGY_NAMES = Object.keys(STRATEGIES).join(', ');
const KO_BAD = [
  `lagsim: ${bad}: cluster.followers[0].lag: "500ms" 같은 시간 값이어야 합니다. 받은 값: "-3" (시간은 음수일 수 없습니다)`,
  `lagsim: ${bad}: cluster.followers[1].lag: "500ms" 같은 시간 값이어야 합니다. 받은 값: "5 sec" ("5s"처럼 쓰십시오)`,
  `lagsim: ${bad}: cluster.followers[1].readLatncy: 알 수 없는 필드입니다 (혹시 readLatency입니까?)`,
  `lagsim: ${bad}: strategies[0]: 알 수 없는 전략 "all-folower". 혹시 all-follower입니까? (가능한 전략: ${STRATEGY_NAMES})`,
];
const EN_BAD = [
  `lagsim: ${bad}: cluster.followers[0].lag: expected a duration like "500ms", got "-3" (durations cannot be negative)`,
  `lagsim: ${bad}: cluster.followers[1].lag: expected a duration like "500ms", got "5 sec" (write "5s")`,
  `lagsim: ${bad}: cluster.followers[1].readLatncy: unknown field; did you mean readLatency?`,
  `lagsim: ${bad}: strategies[0]: unknown strategy "all-folower"; did you mean all-follower? (known: ${STRATEGY_NAMES})`,
];
const lines = (s: string) => s.split('\n').filter((l) => l !== '');

// ---
const cli = suite('the CLI: bad files and bad usage in the reader\'s language');

cli('--lang ko: Korean problems, exit 2, no stack trace', async () => {
  const r = await lagsim({}, 'run', bad, '--lang', 'ko');
  assert.is(r.code, 2);
  assert.equal(lines(r.stderr), KO_BAD);
  assert.not.match(r.stderr, /\n\s+at /);
});

cli('LANG=ko_KR.UTF-8 alone gives Korean; LC_ALL=C and no locale give the English as before', async () => {
  const ko = lagsimProcess({ LANG: 'ko_KR.UTF-8' }, 'validate', bad);
  assert.is(ko.status, 2);
  assert.equal(lines(ko.stderr), KO_BAD);
  assert.equal(lines((await lagsim({ LANG: 'ko_KR.UTF-8', LC_ALL: 'C' }, 'validate', bad)).stderr), EN_BAD);
  assert.equal(lines((await lagsim({}, 'run', bad)).stderr), EN_BAD);
  // --lang en wins over a Korean locale.
  assert.equal(lines((await lagsim({ LANG: 'ko_KR.UTF-8' }, 'run', bad, '--lang', 'en')).stderr), EN_BAD);
});

cli('a duplicate YAML key and a missing file (with did-you-mean) in Korean', async () => {
  const d = await lagsim({}, 'run', dup, '--lang', 'ko');
  assert.is(d.code, 2);
  assert.equal(lines(d.stderr), [`lagsim: ${dup}:2:1: name: 같은 매핑에 두 번 나옵니다 (1번째 줄에도 있음). 하나만 남기십시오`]);
  const m = await lagsim({ LANG: 'ko_KR.UTF-8' }, 'run', path.join(dir, 'bda.yaml'));
  assert.is(m.code, 2);
  assert.equal(lines(m.stderr), [`lagsim: ${path.join(dir, 'bda.yaml')}: 파일이 없습니다 (혹시 ${bad}입니까?)`]);
});

cli('usage errors: unknown command and option, --runs, --seed, --strategy, --lang', async () => {
  const cases: Array<[string[], string[]]> = [
    [['rnu', bad], ['lagsim: 알 수 없는 명령 "rnu". 혹시 run입니까? (명령: run, sweep, advise, merge, trace, validate, list, init, import, schema, lab, site, live, proxy, help, completion)', 'lagsim: "lagsim --help"를 참고하십시오']],
    [['run', bad, '--sed', '1'], ['lagsim: 알 수 없는 옵션 --sed (혹시 --seed입니까?)', 'lagsim: "lagsim run --help"를 참고하십시오']],
    [['run', bad, '--runs', '0'], ['lagsim: --runs: 1에서 1000 사이의 정수여야 합니다', 'lagsim: "lagsim run --help"를 참고하십시오']],
    [['run', bad, '--seed', '-1'], ['lagsim: --seed: 0 이상의 정수여야 합니다', 'lagsim: "lagsim run --help"를 참고하십시오']],
    [['run'], ['lagsim: run에는 시나리오 파일이 필요합니다. 예: lagsim run scenarios/apple-stock.yaml', 'lagsim: "lagsim run --help"를 참고하십시오']],
    [['run', bad, '--out'], ['lagsim: --out에 값이 필요합니다', 'lagsim: "lagsim run --help"를 참고하십시오']],
    [['sweep', bad, '--param', 'duration=1s..2s', '--steps', '1'], ['lagsim: --steps: 2에서 1000 사이의 정수여야 합니다', 'lagsim: "lagsim sweep --help"를 참고하십시오']],
  ];
  for (const [args, want] of cases) {
    const r = await lagsim({ LANG: 'ko_KR.UTF-8' }, ...args);
    assert.is(r.code, 2, args.join(' '));
    assert.equal(lines(r.stderr), want, args.join(' '));
  }
  const s = await lagsim({}, 'trace', path.join(root, 'scenarios', 'apple-stock.yaml'), '--strategy', 'all-folower', '--lang', 'ko');
  assert.is(s.code, 2);
  assert.match(s.stderr, /^lagsim: --strategy "all-folower": 알 수 없는 전략 "all-folower". 혹시 all-follower입니까\?/);
  const l = await lagsim({}, 'run', bad, '--lang', 'fr');
  assert.equal(lines(l.stderr)[0], `lagsim: --lang: expected one of ${LANGS.join(', ')}, got "fr"`);
  const k = await lagsim({ LANG: 'ko_KR.UTF-8' }, 'run', bad, '--lang', 'kr');
  assert.equal(lines(k.stderr)[0], `lagsim: --lang: ${LANGS.join(', ')} 중 하나여야 합니다. 받은 값: "kr" (혹시 ko입니까?)`);
});

cli.run();

// ---
const cat = suite('catalogue: validation messages in both languages');

cat('the same keys, the same {placeholders}, nothing empty', () => {
  assert.equal(Object.keys(validationKo).sort(), Object.keys(validationEn).sort());
  for (const [key, en] of Object.entries(validationEn)) {
    const ko = (validationKo as Record<string, string>)[key];
    assert.ok(ko.trim() !== '', key);
    const names = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    assert.equal(names(ko), names(en), key);
    if (!key.startsWith('vw.') && !key.startsWith('u.see')) assert.ok(HANGUL.test(ko) || key === 'vw.boolean', `${key} has Korean`);
  }
});

cat('every key is used by the code that finds its problem (a plural by its stem)', () => {
  const src = path.join(root, 'src');
  const code = fs.readdirSync(src, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts') && !/^i18n[\\/](validation|en|ko)\b/.test(f))
    .map((f) => fs.readFileSync(path.join(src, f), 'utf8')).join('\n');
  const unused = Object.keys(validationEn).filter((key) => !code.includes(`'${key.replace(/\.(one|other)$/, '')}'`));
  assert.equal(unused, []);
});

cat('every key renders in both languages with every {placeholder} filled', () => {
  for (const key of Object.keys(validationEn) as Array<keyof typeof validationEn>) {
    const names = [...validationEn[key].matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
    const m = msg(key, Object.fromEntries(names.map((n) => [n, n === 'n' ? 3 : `<${n}>`])));
    const en = renderProblem('en', at('f.yaml', m));
    const ko = renderProblem('ko', at('f.yaml', m));
    assert.not.match(en, /\{\w+\}/, key);
    assert.not.match(ko, /\{\w+\}/, key);
    for (const n of names) assert.ok(ko.includes(n === 'n' ? '3' : `<${n}>`), `${key}: ${ko} lacks {${n}}`);
    if (!key.startsWith('vw.') && key !== 'u.see') assert.ok(HANGUL.test(ko), `${key}: ${ko}`);
  }
});

cat.run();

// ---
const locales = suite('each language renders the same problems: English as lagsim has always printed it, Korean translating only the message');

const nineShards = msg('v.shardsMissing', { shards: { plural: 'vw.shards', count: 9 }, list: msg('vw.listAndMore', { list: ['1/9', '2/9'], n: 7 }), n: 9 });
const RENDERED: Array<[string, Problem, string, string]> = [
  ['a bad value with a hint', at('x.yaml: cluster.followers[0].lag', msg('v.duration', { got: '"5 sec"' }, msg('vh.write', { fix: '5s' }))),
    'x.yaml: cluster.followers[0].lag: expected a duration like "500ms", got "5 sec" (write "5s")',
    'x.yaml: cluster.followers[0].lag: "500ms" 같은 시간 값이어야 합니다. 받은 값: "5 sec" ("5s"처럼 쓰십시오)'],
  ['a nested message', at('x.json', msg('v.notJson', { detail: msg('v.tooDeep', { n: 64 }) })),
    'x.json: not valid JSON: nested too deeply (more than 64 levels)',
    'x.json: 올바른 JSON이 아닙니다: 너무 깊게 중첩되었습니다 (64단계 초과)'],
  ['a counted word, one', at('', msg('v.shardsMissing', { shards: { plural: 'vw.shards', count: 1 }, list: ['2/4'], n: 4 })),
    'missing shard 2/4: merge needs all 4',
    '샤드 2/4가 없습니다: merge에는 4개가 모두 필요합니다'],
  ['a counted word, many, with a list cut short', at('', nineShards),
    'missing shards 1/9, 2/9 and 7 more: merge needs all 9',
    '샤드 1/9, 2/9 외 7개가 없습니다: merge에는 9개가 모두 필요합니다'],
];

for (const [what, problem, en, ko] of RENDERED) {
  locales(what, () => {
    assert.is(renderProblem('en', problem), en);
    assert.is(renderProblem('ko', problem), ko);
  });
}

locales.run();

// ---
const data = suite('catalogue: plural words and the problem data');

data('plural words follow Intl.PluralRules: one entry, two entries; Korean has one form', () => {
  const entries = (n: number) => msg('v.atLeastEntries', { n, entries: { plural: 'vw.entries', count: n }, got: 0 });
  assert.is(renderProblem('en', at('x', entries(1))), 'x: expected at least 1 entry, got 0');
  assert.is(renderProblem('en', at('x', entries(2))), 'x: expected at least 2 entries, got 0');
  assert.is(renderProblem('ko', at('x', entries(1))), 'x: 항목이 1개 이상이어야 합니다. 받은 개수: 0');
  assert.is(renderProblem('ko', at('x', entries(2))), 'x: 항목이 2개 이상이어야 합니다. 받은 개수: 0');
});

data('only the message changes: file, line:col, field path and values are kept', () => {
  const p = at('a b: c.yaml:3:7: cluster.followers[0]["my key"]', msg('v.atLeast', { n: 2, got: -1 }));
  assert.is(renderProblem('ko', p), 'a b: c.yaml:3:7: cluster.followers[0]["my key"]: 2 이상이어야 합니다. 받은 값: -1');
  assert.is(renderProblem('en', p), 'a b: c.yaml:3:7: cluster.followers[0]["my key"]: expected at least 2, got -1');
  assert.is(renderProblem('ko', at('x.yaml', text('something new and unknown'))), 'x.yaml: something new and unknown');
  const fields = at('x.yaml: cluster', msg('v.unknownFields', { list: [msg('vw.text', { text: '"lagg"' }, msg('vh.didYouMeanParen', { near: 'lag' })), '"zz"'] }));
  assert.is(renderProblem('en', fields), 'x.yaml: cluster: unknown fields "lagg" (did you mean lag?), "zz"');
  assert.is(renderProblem('ko', fields), 'x.yaml: cluster: 알 수 없는 필드: "lagg" (혹시 lag입니까?), "zz"');
  assert.equal(keysOf(fields), ['v.unknownFields', 'vw.text', 'vh.didYouMeanParen']);
});

data('an InputError keeps the problems as data; its English lines and message are rendered from them', () => {
  const err = new InputError([at('--param "x"', msg('v.paramRange', { got: '"1"' })), 'a line with no key']);
  assert.equal(err.problems, ['--param "x": expected from..to, got "1"', 'a line with no key']);
  assert.is(err.message, err.problems.join('\n'));
  assert.equal(err.lines('ko'), ['--param "x": 시작..끝 형식이어야 합니다. 받은 값: "1"', 'a line with no key']);
  assert.is(err.issues[0].key, 'v.paramRange');
  const many = new InputError(Array.from({ length: 60 }, (_, i) => at(`f${i}`, msg('v.notEmpty'))));
  assert.is(many.problems.length, 50);
  assert.is(many.problems[49], '… and 11 more problems');
  assert.is(many.lines('ko')[49], '… 그 밖에 문제 11개');
});

data('fuzzed bad files: nearly every problem has Korean (internal limits may stay English)', () => {
  let total = 0;
  const left: string[] = [];
  const cases = sampleSize(600, 200);
  for (const c of fc.sample(fuzzCase(), { numRuns: cases, seed: 11 })) {
    try {
      parseScenario(c.text, c.label);
    } catch (err) {
      if (!(err instanceof InputError)) throw err;
      const ko = err.lines('ko');
      err.problems.forEach((p, i) => {
        total++;
        assert.ok(ko[i].startsWith(c.label), ko[i]);
        if (!HANGUL.test(ko[i].slice(c.label.length))) left.push(p);
      });
    }
  }
  // Left in the yaml library's words: its sentences that have no catalogue entry (see parseText.ts).
  const known = /^fuzz\/[^:]+:\d+:\d+: [A-Z]/;
  const unexpected = left.filter((p) => !known.test(p));
  assert.ok(total > cases / 2, `only ${total} problems in ${cases} files`);
  assert.equal(unexpected.slice(0, 5), [], `${unexpected.length} of ${total} untranslated`);
});

data.run();
