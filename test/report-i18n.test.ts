import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { lookup, pickLang, t } from '../src/i18n';
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
  for (const [key, text] of Object.entries(en)) {
    const choices = text.match(/\{\w+\|[^{}]*\}/g) ?? [];
    for (const c of choices) assert.match(c, /^\{(\w+)\|[^|{}]*\|[^|{}]*\}$/, `${key}: ${c}`);
    for (const c of choices) assert.ok(text.includes(`{${c.slice(1, c.indexOf('|'))}}`), `${key}: ${c} chooses by a count it also prints`);
  }
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

catalogue.run();
