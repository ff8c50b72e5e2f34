import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import * as path from 'path';
import { loadScenarioFile, parseScenario } from '../src/scenario/load';
import { runScenario } from '../src/run';
import { simulate } from '../src/simulate';
import { findingItems } from '../src/report/html/findings';
import { runPage } from '../src/report/html/runPage';
import { traitsOf } from '../src/strategies';
import { bundledScenarios } from '../scripts/goldens';
import type { Summary } from '../src/metrics/summary';
import { InputError } from '../src/scenario/errors';
import { renderProblem } from '../src/i18n/problem';
import { inputProblems, sampleSize } from './helpers';
import { cli } from './cli';

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
const reasons = suite('"What the numbers say": a reason follows from what the strategy is');

/** Which traits each reason may be written about. */
const FITS: Record<string, (tr: ReturnType<typeof traitsOf>) => boolean> = {
  'find.writerOnly': (tr) => tr.scope === 'session',
  'find.criticalOnly': (tr) => tr.routesOn === 'critical-flag',
  'find.reportedLag': (tr) => tr.routesOn === 'reported-lag',
  'find.versusWait': (tr) => tr.waits,
  'find.versus': (tr) => !tr.waits,
  'find.versusFollowers': (tr) => !tr.waits,
};

const runs = bundledScenarios().map((file) => {
  const sc = loadScenarioFile(file);
  return { file, sc, summary: runScenario(sc, { runs: sc.input.lesson?.runs }) };
});
const written = new Map<string, number>();

for (const { file, sc, summary } of runs) {
  reasons(`${rel(file)}: every reason fits its strategy, in both languages`, () => {
    const traits = new Map(sc.strategies.map((s) => [s.label, traitsOf(s)]));
    const en = findingItems(summary, sc.strategies, 'en');
    const ko = findingItems(summary, sc.strategies, 'ko');
    assert.equal(ko.map((f) => [f.key, f.strategy]), en.map((f) => [f.key, f.strategy]));
    for (const f of en) {
      const fits = FITS[f.key];
      if (fits === undefined) continue;
      written.set(f.key, (written.get(f.key) ?? 0) + 1);
      assert.ok(fits(traits.get(f.strategy!)!), `${f.key} about ${f.strategy}: ${f.text}`);
    }
  });
}

reasons('the reasons are written where they apply (the checks above are not vacuous)', () => {
  for (const key of Object.keys(FITS)) assert.ok((written.get(key) ?? 0) > 0, `${key} never written`);
});

reasons('sbm-blind-spot and causal-reads: "protects the writer" only for session scope', () => {
  for (const name of ['sbm-blind-spot', 'causal-reads']) {
    const { sc, summary } = runs.find((r) => r.sc.name === name)!;
    const about = findingItems(summary, sc.strategies, 'en').filter((f) => f.key === 'find.writerOnly').map((f) => f.strategy!);
    for (const label of about) assert.is(traitsOf(sc.strategies.find((s) => s.label === label)!).scope, 'session', label);
    assert.not.ok(about.some((l) => l.startsWith('lag-threshold') || l.includes('scope=global')), about.join());
  }
});

reasons('the same numbers give a global-scoped strategy no writer-only reason', () => {
  const { sc, summary } = runs.find((r) => r.sc.name === 'causal-reads')!;
  const session = summary.results.find((r) => r.strategy.includes('scope=session'))!;
  const global = sc.strategies.find((s) => s.label.includes('scope=global'))!;
  const swapped: Summary = { ...summary, results: summary.results.map((r) => (r.strategy === global.label ? { ...session, strategy: global.label } : r)) };
  const keys = findingItems(swapped, sc.strategies, 'en').filter((f) => f.strategy === global.label).map((f) => f.key);
  assert.not.ok(keys.includes('find.writerOnly'), keys.join());
});

reasons('a small difference between two follower-only strategies in one run is not called a cut', () => {
  const { sc, summary } = runs.find((r) => r.sc.name === 'least-lagged')!;
  const random = findingItems(summary, sc.strategies, 'en').filter((f) => f.strategy === 'all-follower(balance=random)');
  assert.equal(random.map((f) => f.key), ['find.strategy', 'find.versusClose']);
  assert.not.match(random[1].text, 'cuts');
  const least = findingItems(summary, sc.strategies, 'en').filter((f) => f.strategy?.startsWith('all-follower(balance=least-lagged'));
  assert.ok(least.some((f) => f.key === 'find.versusFollowers'), 'a large cut on the followers is still stated');
});

reasons('with replications, a difference inside both 95% intervals is said to be no difference', () => {
  const { sc, summary } = runs.find((r) => r.sc.name === 'master-capacity')!;
  const base = summary.results.find((r) => r.strategy === 'all-follower')!;
  const wide = (r: typeof base): typeof base => ({ ...r, ci95: { ...structuredClone(r), staleRate: 0.01 } as unknown as typeof base.ci95 });
  const replicated: Summary = { ...summary, runs: 5, results: summary.results.map(wide) };
  const keys = new Map(findingItems(replicated, sc.strategies, 'en').filter((f) => f.key.startsWith('find.versus')).map((f) => [f.strategy!, f.key]));
  assert.is(keys.get('critical-only'), 'find.versusWithinCi', `4.62% vs ${base.staleRate}`);
  assert.is(keys.get('all-master'), 'find.versus');
});

reasons('latency is said when strategies differ in it: master-capacity\'s reads and writes', () => {
  const { sc, summary } = runs.find((r) => r.sc.name === 'master-capacity')!;
  const f = findingItems(summary, sc.strategies, 'en');
  const read = f.find((x) => x.key === 'find.readLatency')!;
  const slowest = summary.results.reduce((a, b) => (b.readLatencyMs.p99 > a.readLatencyMs.p99 ? b : a));
  assert.is(read.strategy, slowest.strategy);
  assert.ok(f.some((x) => x.key === 'find.writeLatency'));
  const apple = runs.find((r) => r.sc.name === 'apple-stock')!;
  assert.not.ok(findingItems(apple.summary, apple.sc.strategies, 'en').some((x) => /Latency/.test(x.key)), 'no latency sentence when all reads take the same time');
});

// ---
const texts = suite('scenario title and description in both languages');

for (const { file, sc } of runs) {
  texts(`${rel(file)}: a title and a description in English and Korean`, () => {
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

texts('a plain string is still a title; { en, ko } needs both; anything else is refused in either language', () => {
  assert.is(parse({ title: 'Plain' }).title, 'Plain');
  assert.equal(inputProblems(() => parse({ title: { en: 'Only English' } })).length, 1);
  assert.match(inputProblems(() => parse({ title: { en: 'Only English' } }))[0], 'x.json: title.ko');
  const [en] = inputProblems(() => parse({ description: 5 }));
  assert.match(en, 'x.json: description: expected a text, or an object with one text per language (en, ko), got 5');
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
  assert.match(bad(['apple'], 'ko')[0], 'x.json: workload.readOnlyKeys[0]: "apple"는 workload가 만드는 키(key-0 … key-2)가 아닙니다');
});

reasons.run();
texts.run();
flash.run();
