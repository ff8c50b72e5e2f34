import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import * as path from 'path';
import { parseParam } from '../src/sweep/param';
import { substitute } from '../src/sweep/substitute';
import { planSweep } from '../src/sweep/plan';
import { familyName, runSweep, sweepTasks } from '../src/sweep/run';
import { sweepCsv } from '../src/sweep/csv';
import { formatLeft, progressBar, progressLine } from '../src/sweep/progress';
import { parseScenario } from '../src/scenario/load';
import { runScenario } from '../src/run';
import { problemsOf, tmpFile } from './helpers';
import { Problem, renderProblem } from '../src/i18n/problem';

const FLASH_SALE = path.join(__dirname, '..', 'scenarios', 'flash-sale.yaml');

const SMALL = `name: small
seed: 5
duration: 20s
cluster:
  followers:
    - { name: f1, lag: { dist: exponential, mean: 200ms } }
    - { name: f2, lag: 100ms }
workload: { keys: 30, sessions: 40, writeRate: 8/s, readRate: 120/s, criticalFraction: 0.1 }
strategies:
  - all-follower
  - critical-only
  - post-write-window
`;

// ---
const param = suite('parseParam');

param('durations interpolate in µs, ends included, and are written back exactly', () => {
  const p = parseParam('strategies[3].window=0ms..2s', 5);
  assert.equal(p.path, ['strategies', 3, 'window']);
  assert.is(p.kind, 'duration');
  assert.equal(p.values.map((v) => v.raw), ['0ms', '500ms', '1s', '1.5s', '2s']);
  assert.equal(p.values.map((v) => v.x), [0, 500, 1000, 1500, 2000]);
});

param('rates interpolate per second; plain numbers without float noise; lists as given', () => {
  assert.equal(parseParam('workload.writeRate=10/s..200/s', 3).values.map((v) => v.raw), ['10/s', '105/s', '200/s']);
  assert.equal(parseParam('workload.writeRate=60/m..3/s', 3).values.map((v) => v.x), [1, 2, 3]);
  assert.equal(parseParam('workload.criticalFraction=0..0.5', 6).values.map((v) => v.raw), [0, 0.1, 0.2, 0.3, 0.4, 0.5]);
  const list = parseParam('strategies[2].scope=key,session', 99);
  assert.equal(list.values.map((v) => [v.raw, v.x]), [['key', null], ['session', null]]);
});

param('bad input names the option and says what was expected', () => {
  assert.match(problemsOf(() => parseParam('window', 3))[0], /--param "window": expected path=from..to/);
  assert.match(problemsOf(() => parseParam('a..b=1..2', 3))[0], /is not a field path/);
  assert.match(problemsOf(() => parseParam('x=1..2', 1))[0], /--steps: expected a whole number from 2/);
  assert.match(problemsOf(() => parseParam('x=-1ms..2s', 3))[0], /expected a duration like "500ms", got "-1ms"/);
  assert.match(problemsOf(() => parseParam('x=1..2..3', 3))[0], /expected from..to/);
});

param('__proto__, constructor and prototype are refused: through them a sweep polluted Object.prototype or changed nothing', () => {
  for (const arg of ['__proto__.polluted=1,2', '__proto__.toString=1,2', 'data.__proto__=1,2', 'constructor.prototype.x=1,2', 'strategies[0].constructor=1,2']) {
    const name = /__proto__|constructor/.exec(arg)![0];
    assert.equal(problemsOf(() => parseParam(arg, 3)), [`--param ${JSON.stringify(arg)}: ${name} is not a scenario field and cannot be part of a field path`]);
  }
  problemsOf(() => planSweep(tmpFile(SMALL, 'lagsim-sweep-'), '__proto__.polluted=1,2', 3));
  assert.is(({} as Record<string, unknown>).polluted, undefined, 'Object.prototype untouched');
});

param.run();

// ---
const subst = suite('substitute');

subst('a bare strategy name becomes { name } when its parameter is swept; the input is not changed', () => {
  const doc = { strategies: ['all-follower', 'post-write-window'] };
  assert.equal(substitute(doc, ['strategies', 1, 'window'], '2s'), { doc: { strategies: ['all-follower', { name: 'post-write-window', window: '2s' }] } });
  assert.equal(doc, { strategies: ['all-follower', 'post-write-window'] });
});

subst('no strategies: in the file means the default list, as lagsim run would run it', () => {
  const out = substitute({ name: 'x' }, ['strategies', 3, 'window'], '1s') as { doc: { strategies: unknown[] } };
  assert.equal(out.doc.strategies, ['all-follower', 'all-master', 'critical-only', { name: 'post-write-window', window: '1s' }]);
});

subst('paths that lead nowhere say why', () => {
  const why = (doc: unknown, at: Array<string | number>): string => renderProblem('en', (substitute(doc, at, 1) as { problem: Problem }).problem);
  assert.is(why({ strategies: ['a'] }, ['strategies', 4, 'window']), 'strategies[4]: no such element (the list has 1)');
  assert.match(why({ cluster: { followers: [{ lag: '500ms' }] } }, ['cluster', 'followers', 0, 'lag', 'mean']), /^cluster\.followers\[0\]\.lag is "500ms", not a set of fields/);
  assert.is(why({ cluster: { followers: [] } }, ['cluster', 'followers', 'x']), 'cluster.followers is a list; index it like cluster.followers[0]');
});

subst.run();

// ---
const plan = suite('planSweep: every point validated by the normal loader');

plan('a bad value is reported with the point and the field path, once per distinct problem', () => {
  const file = tmpFile(SMALL, 'lagsim-sweep-');
  const problems = problemsOf(() => planSweep(file, 'workload.criticalFraction=0..1.5', 4));
  // Only the last of 0, 0.5, 1, 1.5 is out of range; the message is the loader's own.
  assert.is(problems.length, 1, problems.join('\n'));
  assert.ok(problems[0].startsWith(`${file} (workload.criticalFraction=1.5): workload.criticalFraction: `), problems[0]);
  const unknown = problemsOf(() => planSweep(file, 'workload.bogus=1..2', 3));
  assert.is(unknown.length, 1, unknown.join('\n'));
  assert.match(unknown[0], /workload\.bogus: unknown field/);
});

plan('--strategy with a strategies[…] path is refused', () => {
  const file = tmpFile(SMALL, 'lagsim-sweep-');
  assert.match(problemsOf(() => planSweep(file, 'strategies[2].window=0ms..1s', 3, { strategies: ['all-master'] }))[0], /drop one of the two/);
});

plan('familyName: the swept part of a label becomes "…"', () => {
  assert.is(familyName(['post-write-window(window=0ms,scope=key)', 'post-write-window(window=1.5s,scope=key)']), 'post-write-window(window=…,scope=key)');
  assert.is(familyName(['post-write-window(window=1s,scope=key)', 'post-write-window(window=1s,scope=session)']), 'post-write-window(window=1s,scope=…)');
  assert.is(familyName(['all-master', 'all-master']), 'all-master');
});

plan.run();

// ---
const parallel = suite('runSweep');

parallel('each point is exactly what lagsim run gives for that scenario', async () => {
  const file = tmpFile(SMALL, 'lagsim-sweep-');
  const p = planSweep(file, 'cluster.followers[0].lag.mean=50ms..400ms', 3);
  const result = await runSweep(p, 2, { workers: 1 });
  p.points.forEach((point, i) => {
    assert.equal(result.points[i].summary, runScenario(parseScenario(point.docText, point.label), { runs: 2 }));
  });
});

parallel('worker threads give byte-identical results to a serial run', async () => {
  const file = tmpFile(SMALL, 'lagsim-sweep-');
  const p = planSweep(file, 'strategies[2].window=0ms..1s', 5);
  const serial = await runSweep(p, 2, { workers: 1 });
  let calls = 0;
  // As built (dist/): its threads load the compiled worker, as `lagsim sweep` does, not tsx and the sources.
  const built = require(path.join(__dirname, '..', 'dist', 'sweep', 'run.js')) as typeof import('../src/sweep/run');
  const threaded = await built.runSweep(p, 2, { workers: 2, onDone: () => calls++ });
  assert.is(JSON.stringify(threaded), JSON.stringify(serial));
  assert.is(sweepCsv(threaded), sweepCsv(serial));
  assert.is(calls, 7, 'progress reported once per task (3 strategies at the first point, then the swept one at the other 4)');
});

parallel('flash sale: widening the post-write window only ever trades master load for freshness', async () => {
  const p = planSweep(FLASH_SALE, 'strategies[3].window=0ms..2s', 6);
  // In this thread: the test before this one compares threads with a serial run.
  const s = await runSweep(p, 1, { workers: 1 });
  const family = s.families.indexOf('post-write-window(window=…,scope=key)');
  assert.ok(family >= 0, s.families.join(', '));
  const curve = s.points.map((pt) => pt.summary.results[family]);
  // Same seed at every point, and a read goes to the master iff t − lastWrite(key) < W:
  // a wider window sends a superset of reads to the master, and only follower reads are stale.
  for (let i = 1; i < curve.length; i++) {
    assert.ok(curve[i].staleRate <= curve[i - 1].staleRate, `stale rate never rises (${s.points[i].value})`);
    assert.ok(curve[i].masterReadShare >= curve[i - 1].masterReadShare, `master share never falls (${s.points[i].value})`);
  }
  const allFollower = s.points[0].summary.results[s.families.indexOf('all-follower')];
  assert.is(curve[0].staleRate, allFollower.staleRate, 'a 0 ms window is all-follower');
  assert.is(curve[0].masterReadShare, 0);
  // 13 writes/s over 50 keys (generated writes leave the hot key-0 alone): a 2 s window holds about half the reads on the master.
  assert.ok(curve[curve.length - 1].staleRate < 0.01 && curve[curve.length - 1].masterReadShare > 0.4, 'a 2 s window: fresh, at a price');
});

parallel.run();

// ---
const progress = suite('progressBar');

progress('silent when stderr is not a terminal; redraws in place when it is', () => {
  const quiet: string[] = [];
  const bar = progressBar({ isTTY: false, write: (s: string) => quiet.push(s) }, 'sweep');
  bar.update(1, 2);
  bar.finish();
  assert.equal(quiet, []);
  const shown: string[] = [];
  const tty = progressBar({ isTTY: true, columns: 80, write: (s: string) => shown.push(s) }, 'sweep');
  tty.update(1, 2);
  tty.update(2, 2);
  tty.finish();
  assert.ok(shown[0].startsWith('\rsweep [') && shown[0].endsWith('] 1/2'));
  assert.ok(shown[1].includes('█'.repeat(30)) && shown[1].endsWith('2/2'));
  assert.match(shown[2], /^\r +\r$/);
});

progress('a narrow terminal drops the label first, then narrows the bar; 0 columns counts as 80', () => {
  assert.is(progressLine('sweep workload.criticalFraction', 3, 6, 79), `sweep workload.criticalFraction [${'█'.repeat(15)}${'░'.repeat(15)}] 3/6`);
  assert.is(progressLine('sweep workload.criticalFraction', 3, 6, 30), `[${'█'.repeat(12)}${'░'.repeat(12)}] 3/6`);
  const shown: string[] = [];
  progressBar({ isTTY: true, columns: 0, write: (s: string) => shown.push(s) }, 'sweep x').update(1, 1);
  assert.is(shown[0], `\rsweep x [${'█'.repeat(30)}] 1/1`);
});

/** What a terminal's bar, started at 0 ms, draws when updated at each [time in ms, done, total]. */
function drawn(label: string, columns: number, updates: Array<[number, number, number]>): string[] {
  const shown: string[] = [];
  let now = 0;
  const bar = progressBar({ isTTY: true, columns, write: (s: string) => shown.push(s) }, label, { now: () => now });
  for (const [at, done, total] of updates) {
    now = at;
    bar.update(done, total);
  }
  return shown;
}

progress('throttled: a redraw waits for the interval, the last one does not; a disabled bar is silent', () => {
  const shown = drawn('run', 80, [[0, 1, 4], [50, 2, 4], [120, 3, 4], [130, 4, 4]]);
  assert.equal(shown.map((s) => s.slice(-4)), [' 1/4', ' 3/4', ' 4/4']);
  const none: string[] = [];
  const off = progressBar({ isTTY: true, write: (s: string) => none.push(s) }, 'run', { enabled: false });
  off.update(1, 1);
  off.finish();
  assert.equal(none, []);
});

progress('after 2 s, the time left at the pace so far: a sweep of years says so at once', () => {
  const shown = drawn('sweep', 120, [[1000, 1, 10], [3000, 2, 10], [60_000, 3, 10_000_000], [61_000, 10, 10]]);
  assert.ok(shown[0].endsWith(' 1/10'), 'no estimate in the first 2 s');
  assert.ok(shown[1].endsWith(' 2/10 · ~12s left'), shown[1]);
  assert.ok(shown[2].endsWith(' 3/10000000 · ~2315 days left'), shown[2]);
  assert.ok(shown[3].endsWith(' 10/10'), 'none when done');
  assert.equal(['40s', '12 min', '5 h', '3 days'], [40_000, 12 * 60_000, 5 * 3_600_000, 3 * 86_400_000].map((ms) => formatLeft(ms)));
  assert.is(progressLine('sweep x', 3, 6, 30, 720_000), `[${'█'.repeat(5)}${'░'.repeat(4)}] 3/6 · ~12 min left`);
  assert.equal(['40초', '12분', '5시간', '3일'], [40_000, 12 * 60_000, 5 * 3_600_000, 3 * 86_400_000].map((ms) => formatLeft(ms, 'ko')));
  assert.ok(progressLine('sweep x', 3, 6, 80, 720_000, 'ko').endsWith(' 3/6 · 약 12분 남음'));
});

progress('a Korean line is fitted by the columns it takes (a Hangul syllable is two), and cleared whole', () => {
  // 샤드 1/2 [30 cells] 3/6 · 약 12분 남음: 54 characters, 60 columns.
  assert.ok(progressLine('샤드 1/2', 3, 6, 60, 720_000, 'ko').startsWith('샤드 1/2 ['));
  assert.not.ok(progressLine('샤드 1/2', 3, 6, 59, 720_000, 'ko').startsWith('샤드'), 'one column short: the label goes');
  const shown: string[] = [];
  let now = 0;
  const bar = progressBar({ isTTY: true, columns: 80, write: (s: string) => shown.push(s) }, '샤드 1/2', { now: () => now, lang: 'ko' });
  now = 3000;
  bar.update(3, 6);
  bar.finish();
  assert.is(shown[0], `\r샤드 1/2 [${'█'.repeat(15)}${'░'.repeat(15)}] 3/6 · 약 3초 남음`);
  assert.is(shown[1], `\r${' '.repeat(59)}\r`, 'the clearing covers both columns of each syllable (53 characters)');
});

progress.run();

// ---
const reuse = suite('sweepTasks: a strategy the parameter does not touch runs once');

reuse('a strategy parameter reruns that strategy only; the others\' results are reused at every point', async () => {
  const file = tmpFile(SMALL);
  const plan = planSweep(file, 'strategies[2].window=0ms..1s', 4);
  const { tasks, at } = sweepTasks(plan, 1);
  assert.is(tasks.length, 3 + 3, 'all three at the first point, then post-write-window at the other three');
  assert.equal(at.map((row) => row.slice(0, 2)), [[0, 1], [0, 1], [0, 1], [0, 1]]);
  const result = await runSweep(plan, 1, { workers: 1 });
  plan.points.forEach((point, i) => assert.equal(result.points[i].summary, runScenario(parseScenario(point.docText, point.label))));
});

reuse('a scenario-level parameter (lag, rates) touches every strategy', () => {
  const file = tmpFile(SMALL);
  assert.is(sweepTasks(planSweep(file, 'cluster.followers[1].lag=50ms..1s', 4), 2).tasks.length, 12);
  assert.is(sweepTasks(planSweep(file, 'workload.writeRate=1/s..10/s', 3), 1).tasks.length, 9);
});

reuse.run();
