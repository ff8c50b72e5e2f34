import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { spawnSync } from 'child_process';
import fc from 'fast-check';
import { validationEn } from '../src/i18n/validation.en';
import { validationKo } from '../src/i18n/validation.ko';
import { localizeProblem, translateMessage } from '../src/i18n/problems';
import { parseScenario } from '../src/scenario/load';
import { InputError } from '../src/scenario/errors';
import { fuzzCase } from './fuzz-cases';

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

/** The CLI with the locale variables replaced by `env`. */
const lagsim = (env: Record<string, string>, ...args: string[]) => {
  const clean = { ...process.env };
  delete clean.LC_ALL;
  delete clean.LC_MESSAGES;
  delete clean.LANG;
  return spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', cwd: dir, env: { ...clean, ...env } });
};
const HANGUL = /[\uac00-\ud7a3]/;

const KO_BAD = [
  `lagsim: ${bad}: cluster.followers[0].lag: "500ms" 같은 시간 값이어야 합니다. 받은 값: "-3" (시간은 음수일 수 없습니다)`,
  `lagsim: ${bad}: cluster.followers[1].lag: "500ms" 같은 시간 값이어야 합니다. 받은 값: "5 sec" ("5s"처럼 쓰세요)`,
  `lagsim: ${bad}: cluster.followers[1].readLatncy: 알 수 없는 필드입니다 (혹시 readLatency인가요?)`,
  `lagsim: ${bad}: strategies[0]: 알 수 없는 전략 "all-folower". 혹시 all-follower인가요? (가능한 전략: all-follower, all-master, critical-only, post-write-window, lag-threshold, causal, adaptive-window)`,
];
const EN_BAD = [
  `lagsim: ${bad}: cluster.followers[0].lag: expected a duration like "500ms", got "-3" (durations cannot be negative)`,
  `lagsim: ${bad}: cluster.followers[1].lag: expected a duration like "500ms", got "5 sec" (write "5s")`,
  `lagsim: ${bad}: cluster.followers[1].readLatncy: unknown field; did you mean readLatency?`,
  `lagsim: ${bad}: strategies[0]: unknown strategy "all-folower"; did you mean all-follower? (known: all-follower, all-master, critical-only, post-write-window, lag-threshold, causal, adaptive-window)`,
];
const lines = (s: string) => s.split('\n').filter((l) => l !== '');

// ---
const cli = suite('the CLI: bad files and bad usage in the reader\'s language');

cli('--lang ko: Korean problems, exit 2, no stack trace', () => {
  const r = lagsim({}, 'run', bad, '--lang', 'ko');
  assert.is(r.status, 2);
  assert.equal(lines(r.stderr), KO_BAD);
  assert.not.match(r.stderr, /\n\s+at /);
});

cli('LANG=ko_KR.UTF-8 alone gives Korean; LC_ALL=C and no locale give the English as before', () => {
  assert.equal(lines(lagsim({ LANG: 'ko_KR.UTF-8' }, 'validate', bad).stderr), KO_BAD);
  assert.equal(lines(lagsim({ LANG: 'ko_KR.UTF-8', LC_ALL: 'C' }, 'validate', bad).stderr), EN_BAD);
  assert.equal(lines(lagsim({}, 'run', bad).stderr), EN_BAD);
  // --lang en wins over a Korean locale.
  assert.equal(lines(lagsim({ LANG: 'ko_KR.UTF-8' }, 'run', bad, '--lang', 'en').stderr), EN_BAD);
});

cli('a duplicate YAML key and a missing file (with did-you-mean) in Korean', () => {
  const d = lagsim({}, 'run', dup, '--lang', 'ko');
  assert.is(d.status, 2);
  assert.equal(lines(d.stderr), [`lagsim: ${dup}:2:1: name: 같은 매핑에 두 번 나옵니다 (1번째 줄에도 있음). 하나만 남기세요`]);
  const m = lagsim({ LANG: 'ko_KR.UTF-8' }, 'run', path.join(dir, 'bda.yaml'));
  assert.is(m.status, 2);
  assert.equal(lines(m.stderr), [`lagsim: ${path.join(dir, 'bda.yaml')}: 파일이 없습니다 (혹시 ${bad}인가요?)`]);
});

cli('usage errors: unknown command and option, --runs, --seed, --strategy, --lang', () => {
  const cases: Array<[string[], string[]]> = [
    [['rnu', bad], ['lagsim: 알 수 없는 명령 "rnu". 혹시 run인가요? (명령: run, sweep, merge, trace, validate, list, lab, live)', 'lagsim: "lagsim --help"를 참고하세요']],
    [['run', bad, '--sed', '1'], ['lagsim: 알 수 없는 옵션 --sed (혹시 --seed인가요?)', 'lagsim: "lagsim run --help"를 참고하세요']],
    [['run', bad, '--runs', '0'], ['lagsim: --runs: 1에서 1000 사이의 정수여야 합니다', 'lagsim: "lagsim run --help"를 참고하세요']],
    [['run', bad, '--seed', '-1'], ['lagsim: --seed: 0 이상의 정수여야 합니다', 'lagsim: "lagsim run --help"를 참고하세요']],
    [['run'], ['lagsim: run에는 시나리오 파일이 필요합니다. 예: lagsim run scenarios/apple-stock.yaml', 'lagsim: "lagsim run --help"를 참고하세요']],
    [['run', bad, '--out'], ['lagsim: --out에 값이 필요합니다', 'lagsim: "lagsim run --help"를 참고하세요']],
    [['sweep', bad, '--param', 'duration=1s..2s', '--steps', '1'], ['lagsim: --steps: 2에서 1000 사이의 정수여야 합니다', 'lagsim: "lagsim sweep --help"를 참고하세요']],
  ];
  for (const [args, want] of cases) {
    const r = lagsim({ LANG: 'ko_KR.UTF-8' }, ...args);
    assert.is(r.status, 2, args.join(' '));
    assert.equal(lines(r.stderr), want, args.join(' '));
  }
  const s = lagsim({}, 'trace', path.join(root, 'scenarios', 'apple-stock.yaml'), '--strategy', 'all-folower', '--lang', 'ko');
  assert.is(s.status, 2);
  assert.match(s.stderr, /^lagsim: --strategy "all-folower": 알 수 없는 전략 "all-folower". 혹시 all-follower인가요\?/);
  const l = lagsim({}, 'run', bad, '--lang', 'fr');
  assert.equal(lines(l.stderr)[0], 'lagsim: --lang: expected one of en, ko, got "fr"');
  const k = lagsim({ LANG: 'ko_KR.UTF-8' }, 'run', bad, '--lang', 'kr');
  assert.equal(lines(k.stderr)[0], 'lagsim: --lang: en, ko 중 하나여야 합니다. 받은 값: "kr" (혹시 ko인가요?)');
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

cat('every English template reads back as itself, so each one is reachable', () => {
  for (const [key, en] of Object.entries(validationEn)) {
    if (key.startsWith('vw.')) continue;
    const sample = en.replace(/\{(\w+)\}/g, (_, name: string) => (name === 'n' || name === 'line' || name === 'followers' ? '3' : name === 'entries' ? 'entries' : `"v${name}"`));
    const text = key.startsWith('vh.') ? `expected a duration like "500ms", got "x"${sample}` : sample;
    const ko = translateMessage('ko', text);
    assert.ok(ko !== undefined && HANGUL.test(ko), `${key}: ${text} → ${ko}`);
    assert.is(translateMessage('en', text), text, key);
  }
});

cat('only the message changes: file, line:col, field path and values are kept', () => {
  const line = 'a b: c.yaml:3:7: cluster.followers[0]["my key"]: expected at least 2, got -1';
  assert.is(localizeProblem('ko', line), 'a b: c.yaml:3:7: cluster.followers[0]["my key"]: 2 이상이어야 합니다. 받은 값: -1');
  assert.is(localizeProblem('en', line), line);
  assert.is(localizeProblem('ko', 'x.yaml: something new and unknown'), 'x.yaml: something new and unknown');
  assert.is(localizeProblem('ko', 'x.yaml: cluster: unknown fields "lagg" (did you mean lag?), "zz"'), 'x.yaml: cluster: 알 수 없는 필드: "lagg" (혹시 lag인가요?), "zz"');
  assert.is(localizeProblem('ko', '--param "x": expected from..to, got "1"'), '--param "x": 시작..끝 형식이어야 합니다. 받은 값: "1"');
});

cat('fuzzed bad files: nearly every problem has Korean (internal limits may stay English)', () => {
  let total = 0;
  const left: string[] = [];
  for (const c of fc.sample(fuzzCase(), { numRuns: 600, seed: 11 })) {
    try {
      parseScenario(c.text, c.label);
    } catch (err) {
      if (!(err instanceof InputError)) throw err;
      for (const p of err.problems) {
        total++;
        const ko = localizeProblem('ko', p);
        assert.ok(ko.startsWith(c.label), ko);
        if (!HANGUL.test(ko.slice(c.label.length))) left.push(p);
      }
    }
  }
  // Left in English on purpose: the memory-budget limits (limits.ts), strategies' own parameter
  // rules, rare YAML syntax errors and the overflow line of a very long path.
  const known = /binlog events could wait|sessions × keys is|operations could be in flight|read-your-writes tables|\[0\]\[0\]\[0\]|Plain value cannot|Tags and anchors|indicator must be/;
  const unexpected = left.filter((p) => !known.test(p));
  assert.ok(total > 300, `only ${total} problems`);
  assert.equal(unexpected.slice(0, 5), [], `${unexpected.length} of ${total} untranslated`);
});

cat.run();
