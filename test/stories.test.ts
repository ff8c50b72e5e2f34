import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import * as path from 'path';
import { loadScenarioFile, parseScenario } from '../src/scenario/load';
import { runScenario } from '../src/run';
import { simulate } from '../src/simulate';
import { runPage } from '../src/report/html/runPage';
import { bundledScenarios } from '../scripts/goldens';
import { InputError } from '../src/scenario/errors';
import { renderProblem } from '../src/i18n/problem';
import { inputProblems, sampleSize } from './helpers';
import { cli } from './cli';
import * as fs from 'fs';
import { parse as parseYaml } from 'yaml';
import { LANGS } from '../src/i18n';
import { titleIn } from '../src/scenario/text';

/** The problem lines of `fn` in Korean. */
function koProblems(fn: () => unknown): string[] {
  try {
    fn();
  } catch (err) {
    if (err instanceof InputError) return err.issues.map((p) => renderProblem('ko', p));
    throw err;
  }
  return [];
}

const ROOT = path.join(__dirname, '..');
const rel = (f: string): string => path.relative(ROOT, f);

// ---
const texts = suite('scenario title and description in both languages');

for (const file of bundledScenarios()) {
  texts(`${rel(file)}: a title and a description in English and Korean`, () => {
    const sc = loadScenarioFile(file);
    for (const field of ['title', 'description'] as const) {
      const v = sc.input[field] as unknown as Record<string, string>;
      assert.type(v, 'object', `${field}`);
      assert.ok(v.en.length > 0 && !/[가-힣]/.test(v.en), `${field}.en: ${v.en}`);
      assert.match(v.ko, /[가-힣]/);
    }
  });
}

const base = { name: 'x', cluster: { followers: [{ name: 'f1', lag: '500ms' }] }, events: [{ at: '1s', actor: 'a', write: 'k', set: { n: 1 } }] };
const parse = (extra: object) => parseScenario(JSON.stringify({ ...base, ...extra }), 'x.json');

texts('a plain string is still a title; { en, ko } needs en, a language left out reads it; anything else is refused in either language', () => {
  assert.is(parse({ title: 'Plain' }).title, 'Plain');
  const english = parse({ title: { en: 'Only English' } });
  assert.equal(LANGS.map((l) => titleIn(english, l)), LANGS.map(() => 'Only English'));
  assert.match(inputProblems(() => parse({ title: { ko: '한국어만' } }))[0], 'x.json: title.en');
  const [en] = inputProblems(() => parse({ description: 5 }));
  assert.match(en, 'x.json: description: expected a text, or an object with one text per language (en, ko), got 5');
});

texts('every text a bundled scenario or lesson writes per language names every language (none falls back to English)', () => {
  const gaps: string[] = [];
  const walk = (file: string, value: unknown, at: string): void => {
    if (value === null || typeof value !== 'object') return;
    const keys = Object.keys(value);
    if (keys.includes('en') && keys.every((k) => (LANGS as readonly string[]).includes(k))) {
      for (const lang of LANGS) if (!keys.includes(lang)) gaps.push(`${path.basename(file)}: ${at}.${lang}`);
      return;
    }
    for (const [k, v] of Object.entries(value)) walk(file, v, at === '' ? k : `${at}.${k}`);
  };
  const files = bundledScenarios().filter((f) => /\.ya?ml$/.test(f));
  for (const file of files) walk(file, parseYaml(fs.readFileSync(file, 'utf8')), '');
  assert.ok(files.length >= 20, `${files.length} bundled files`);
  assert.equal(gaps, []);
});

texts('the report and the terminal show the chosen language, escaped', async () => {
  const sc = parse({ title: { en: '<b>E</b>', ko: '<i>한</i>' }, description: { en: 'about\u001b[2J', ko: '설명 <script>' } });
  const summary = runScenario(sc);
  const ko = runPage(sc, summary, [], [], 'ko');
  assert.match(ko, '<h1>&lt;i&gt;한&lt;/i&gt;</h1>');
  assert.match(ko, '<p class="description">설명 &lt;script&gt;</p>');
  assert.not.match(ko, '<b>E</b>');
  const r = await cli(['run', path.join(ROOT, 'scenarios', 'flash-sale.yaml'), '--no-report', '--lang', 'ko', '--strategy', 'all-master']);
  assert.is(r.code, 0, r.stderr);
  assert.match(r.stdout.split('\n')[0], '플래시 세일 — 품절 직후 몰리는 조회 — flash-sale, 시드 7');
  assert.match(r.stdout.split('\n')[1], 'key-0은 인기 상품입니다');
});

// ---
const flash = suite('flash sale: only the seller writes the hot product');
const flashFile = path.join(ROOT, 'scenarios', 'flash-sale.yaml');

flash('generated traffic reads key-0 but never writes it; a buyer reads stock=50 after the seller\'s 0', () => {
  const sc = loadScenarioFile(flashFile, { strategies: ['all-follower'] });
  const key0 = sc.keyNames.indexOf('key-0');
  const writes: string[] = [];
  let reads = 0, phantomBuyer = false;
  simulate(sc, sc.strategies[0], sc.seed, { op: (r) => {
    if (r.key !== key0) return;
    if (r.op === 'write') writes.push(sc.sessionNames[r.session]);
    else {
      reads++;
      if (sc.sessionNames[r.session].startsWith('buyer') && r.tUs > 3_000_000 && (r.value as { stock: number }).stock === 50) phantomBuyer = true;
    }
  } });
  assert.equal(writes, ['seller']);
  assert.ok(reads > 5000, `${reads} reads of key-0`);
  assert.ok(phantomBuyer);
});

const PHANTOM_SEEDS = sampleSize(20, 5);
flash(`phantom-stock views for all-follower on seeds 1…${PHANTOM_SEEDS}`, () => {
  const sc = loadScenarioFile(flashFile, { strategies: ['all-follower'] });
  for (let seed = 1; seed <= PHANTOM_SEEDS; seed++) {
    const r = runScenario({ ...sc, seed }).results[0];
    assert.ok(r.phantomStockReads > 0, `seed ${seed}`);
  }
});

flash('readOnlyKeys names generated keys only, each once, and leaves one writable — problems in English and Korean', () => {
  const w = { keys: 3, writeRate: '1/s', readRate: '1/s' };
  const bad = (readOnlyKeys: unknown, lang?: 'ko') => (lang === 'ko' ? koProblems : inputProblems)(() => parse({ duration: '2s', workload: { ...w, readOnlyKeys } }));
  assert.equal(bad(['key-3']), ['x.json: workload.readOnlyKeys[0]: "key-3" is not one of the workload\'s keys (key-0 … key-2); only keys the workload generates can be kept from its writes']);
  assert.equal(bad(['key-1', 'key-1']), ['x.json: workload.readOnlyKeys[1]: "key-1" is named twice']);
  assert.equal(bad(['key-0', 'key-1', 'key-2']), ['x.json: workload.readOnlyKeys: every one of the 3 keys is read-only, so generated writes would have no key left; leave at least one out']);
  assert.match(bad(['apple'], 'ko')[0], 'x.json: workload.readOnlyKeys[0]: "apple"은 workload가 만드는 키(key-0 … key-2)가 아닙니다');
});

texts.run();
flash.run();
