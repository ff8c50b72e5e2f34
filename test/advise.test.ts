import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'fs';
import * as path from 'path';
import { parseScenario } from '../src/scenario/load';
import { parseThreshold, Slo } from '../src/metrics/threshold';
import { STRATEGIES } from '../src/strategies';
import { AdviseResult, advise } from '../src/advise/advise';
import { gridCandidates } from '../src/advise/space';
import { objectives, paretoFront } from '../src/advise/frontier';
import { cli } from './cli';
import { tmpFile } from './helpers';

// lagsim advise: the search finds known answers, the frontier is non-dominated, the
// output is a function of the scenario and seed, a miss is named with what it would take.

const LAG_MS = 730;

/** One key, constant lag L: under post-write-window(scope=key) a read is stale exactly when window < t − write < L. */
function constantLag(seed: number): string {
  return JSON.stringify({
    name: 'constant-lag', seed, duration: '20s',
    cluster: { followers: [{ name: 'f1', lag: `${LAG_MS}ms` }] },
    workload: { keys: 1, sessions: 100, writeRate: '1/s', readRate: '300/s' },
  });
}

function slos(...texts: string[]): Slo[] {
  return texts.map((s) => parseThreshold(s) as Slo);
}

async function adviseOn(text: string, sloTexts: string[], strategies: string[], runs = 2, budget = 1000): Promise<AdviseResult> {
  const sc = parseScenario(text, 'test.json', {});
  return advise(sc, { docText: text, label: 'test.json', overrides: {} }, slos(...sloTexts), { runs, budget, strategies, workers: 1 });
}

test('post-write-window under a constant lag L: the smallest window with no stale read is L, to the refinement step', async () => {
  const step = STRATEGIES['post-write-window'].advise.axes[0];
  assert.is(step.kind, 'duration');
  const stepMs = (step as { stepUs: number }).stepUs / 1000;
  for (const seed of [1, 2, 3]) {
    const r = await adviseOn(constantLag(seed), ['staleRate == 0'], ['post-write-window']);
    assert.ok(r.winner !== null, `seed ${seed}: a window ≥ L meets the SLO`);
    const w = r.configs[r.winner!];
    assert.is(w.params.scope, 'key', w.label);
    const windowMs = Number(w.params.window.replace(/ms$/, ''));
    assert.ok(windowMs >= LAG_MS && windowMs <= LAG_MS + stepMs, `seed ${seed}: ${w.label}`);
    // The refinement reached the boundary: one step below the winner was searched and has stale reads.
    const below = r.configs.find((c) => c.params.scope === 'key' && c.params.window === `${windowMs - stepMs}ms`);
    assert.ok(below !== undefined && !below.meets && below.result.staleRate > 0, `seed ${seed}: ${windowMs - stepMs}ms searched and stale`);
    assert.is(r.open, 0);
  }
});

test('the frontier is exactly the non-dominated configurations', async () => {
  const r = await adviseOn(constantLag(1), ['staleRate < 1%', 'readLatencyMs.p99 < 50'], [], 2);
  const points = r.configs.map((c) => objectives(c.result));
  const dominated = (i: number): boolean => points.some((q) => q.every((v, k) => v <= points[i][k]) && q.some((v, k) => v < points[i][k]));
  r.configs.forEach((c, i) => assert.is(c.frontier, !dominated(i), c.label));
  assert.equal(paretoFront([[1, 1, 1], [0, 2, 1], [2, 2, 2], [1, 1, 1]]), [0, 1, 3]);
  // The winner meets every SLO and no configuration that does is cheaper.
  const w = r.configs[r.winner!];
  assert.ok(w.meets);
  for (const i of r.meeting) assert.ok(r.configs[i].result.masterReadShare >= w.result.masterReadShare);
});

test('a budget smaller than the grid is refused before anything runs; a budget the refinement outgrows says so', async () => {
  const grid = gridCandidates(['post-write-window']).length;
  const text = constantLag(1);
  const refused = await adviseOn(text, ['staleRate == 0'], ['post-write-window'], 2, 2 * grid - 1).then(() => null, (err: Error) => err.message);
  assert.match(String(refused), /the grid alone takes/);
  const r = await adviseOn(text, ['staleRate == 0'], ['post-write-window'], 2, 2 * grid + 2);
  assert.is(r.spent, 2 * grid + 2);
  assert.ok(r.open > 0);
});

test('nearest miss: no window is both fresh and cheap; it names the SLO, the excess and the direction', async () => {
  const r = await adviseOn(constantLag(1), ['staleRate == 0', 'masterReadShare < 10%'], ['post-write-window']);
  assert.is(r.winner, null);
  const near = r.nearestMiss!;
  const c = r.configs[near.config];
  assert.is(near.misses.length, 1, c.label);
  const miss = near.misses[0];
  const k = c.checks.find((x) => x.slo === miss.slo)!;
  assert.is(miss.excess, k.excess);
  assert.ok(miss.excess > 0);
  // Along a parameter, the move comes closer on the missed SLO and names what it then breaks.
  for (const mv of miss.moves) {
    const to = r.configs[mv.config];
    const check = to.checks.find((x) => x.slo === miss.slo)!;
    assert.ok(check.excess < miss.excess, `${mv.field} ${mv.from} → ${mv.to}`);
    assert.equal(mv.breaks, to.checks.filter((x, j) => !x.holds && c.checks[j].holds).map((x) => x.slo));
  }
  // Here the freshest window misses on load: the move is a smaller window, the largest one that meets it.
  assert.is(miss.slo, 'masterReadShare < 10%');
  const window = miss.moves.find((m) => m.field === 'window')!;
  const ms = (text: string): number => parseFloat(text) * (text.endsWith('ms') ? 1 : 1000);
  assert.ok(ms(window.to) < ms(window.from) && window.holds, `${window.from} → ${window.to}`);
  assert.equal(window.breaks, ['staleRate == 0']);
  const larger = r.configs.filter((x) => x.strategy === 'post-write-window' && x.params.scope === c.params.scope && ms(x.params.window) > ms(window.to) && ms(x.params.window) < ms(window.from));
  for (const x of larger) assert.not.ok(x.checks[1].holds, `${x.label} would have been a smaller move`);
});

test('CLI: recommendation, page and JSON; exit 0 when met, 4 with the nearest miss when not; the same bytes on 1 and 2 worker threads', async () => {
  const dir = fs.mkdtempSync(path.join(path.dirname(tmpFile('')), 'advise-'));
  const ok = await cli(['advise', 'scenarios/apple-stock.yaml', '--slo', 'staleRate == 0', '--slo', 'readLatencyMs.p99 < 50', '--out', path.join(dir, 'a'), '--workers', '1']);
  assert.is(ok.code, 0, ok.stderr);
  assert.match(ok.stdout, /Recommended: post-write-window\(window=210ms,scope=key\)/);
  assert.match(ok.stdout, /Pareto frontier/);
  const page = fs.readFileSync(path.join(dir, 'a', 'index.html'), 'utf8');
  assert.match(page, /Content-Security-Policy/);
  assert.match(page, /class="winner"/);
  const json = JSON.parse(fs.readFileSync(path.join(dir, 'a', 'advise.json'), 'utf8')) as AdviseResult;
  assert.is(json.configs[json.winner!].label, 'post-write-window(window=210ms,scope=key)');
  const ko = await cli(['advise', 'scenarios/apple-stock.yaml', '--slo', 'staleRate == 0', '--slo', 'readLatencyMs.p99 < 1', '--out', path.join(dir, 'b'), '--lang', 'ko']);
  assert.is(ko.code, 4, ko.stderr);
  assert.match(ko.stdout, /가장 가까운 실패: all-master/);
  // p99 is 1 ms everywhere: on the threshold of `< 1`, and no configuration does better.
  assert.match(ko.stdout, /readLatencyMs.p99 < 1을 충족하려면 지금 정확히 걸쳐 있는 기준값을 넘어서야 합니다/);
  assert.match(ko.stdout, /이 SLO를 충족하는 구성은 탐색 범위에 없습니다/);
  assert.match(ko.stderr, /종료 코드 4/);
  assert.match(fs.readFileSync(path.join(dir, 'b', 'index.html'), 'utf8'), /<html lang="ko">/);
  // Same scenario and seed, whatever the number of worker threads: the same text and the same
  // files, byte for byte (advise.json is the whole result, every configuration of every strategy searched).
  const again = await cli(['advise', 'scenarios/apple-stock.yaml', '--slo', 'staleRate == 0', '--slo', 'readLatencyMs.p99 < 50', '--out', path.join(dir, 'c'), '--workers', '2']);
  assert.is(again.stdout.replace(path.join(dir, 'c'), path.join(dir, 'a')), ok.stdout);
  for (const f of ['index.html', 'advise.json']) assert.ok(fs.readFileSync(path.join(dir, 'a', f)).equals(fs.readFileSync(path.join(dir, 'c', f))), f);
});

test('the READMEs show what advise prints on the story, in each language', async () => {
  for (const [file, lang] of [['README.md', 'en'], ['README.ko.md', 'ko']]) {
    const text = fs.readFileSync(path.join(__dirname, '..', file), 'utf8');
    const m = /^\$ npx lagsim advise apple-stock (.*)\n([\s\S]*?)^```/m.exec(text);
    assert.ok(m !== null, `${file}: the advise example`);
    const args = [...m![1].matchAll(/"([^"]*)"|(\S+)/g)].map((x) => x[1] ?? x[2]);
    const out = await cli(['advise', 'apple-stock', ...args]);
    assert.is(out.stdout, m![2], `${file} (${lang})`);
  }
});

test('CLI: bad --slo, no SLO, an unknown strategy and a short budget are input errors (exit 2)', async () => {
  const typo = await cli(['advise', 'scenarios/apple-stock.yaml', '--slo', 'staleRat < 1%', '--no-report']);
  assert.is(typo.code, 2);
  assert.match(typo.stderr, /--slo: staleRat: unknown metric; did you mean staleRate\?/);
  const form = await cli(['advise', 'scenarios/apple-stock.yaml', '--slo', 'staleRate about 1%', '--no-report']);
  assert.is(form.code, 2);
  assert.match(form.stderr, /expected an SLO like/);
  const none = await cli(['advise', 'scenarios/apple-stock.yaml', '--no-report']);
  assert.is(none.code, 2);
  assert.match(none.stderr, /advise needs SLOs/);
  const strategy = await cli(['advise', 'scenarios/apple-stock.yaml', '--slo', 'staleRate == 0', '--strategy', 'post-write-windw', '--no-report']);
  assert.is(strategy.code, 2);
  assert.match(strategy.stderr, /did you mean post-write-window/);
  const params = await cli(['advise', 'scenarios/apple-stock.yaml', '--slo', 'staleRate == 0', '--strategy', 'post-write-window(window=1s)', '--no-report']);
  assert.is(params.code, 2);
  assert.match(params.stderr, /advise searches a strategy's parameters itself: name the strategy alone, --strategy post-write-window/);
  const budget = await cli(['advise', 'scenarios/apple-stock.yaml', '--slo', 'staleRate == 0', '--budget', '10', '--no-report']);
  assert.is(budget.code, 2);
  assert.match(budget.stderr, /--budget: the grid alone takes \d+ simulation runs/);
});

test.run();
