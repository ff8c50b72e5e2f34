import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import YAML from 'yaml';
import { cli } from './cli';
import { parseThreshold, judge, Slo } from '../src/metrics/threshold';
import { renderMsg, Msg } from '../src/i18n/problem';
import { loadScenarioFile, parseScenario } from '../src/scenario/load';
import { runScenario } from '../src/run';
import { answerLesson } from '../src/lesson/answer';
import { checkSlos } from '../src/metrics/slo';
import { InputError, oneLine } from '../src/scenario/errors';
import { METRIC_PATHS } from '../src/metrics/registry';
import { bundledScenarios } from '../src/scenario/bundled';
import type { Summary } from '../src/metrics/summary';
import type { SloReport } from '../src/metrics/slo';
import { metricValue } from '../src/metrics/registry';
import { scenarioFile } from './helpers';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lagsim-slo-'));
const appleFile = bundledScenarios().find((s) => s.name === 'apple-stock')!.file;
const apple = YAML.parse(fs.readFileSync(appleFile, 'utf8')) as Record<string, unknown>;

// ---
const parsing = suite('SLO expressions');

parsing('a metric of the registry, a comparison and a number; % only on rates, where 0.1% = 0.001', () => {
  const ok = (text: string) => parseThreshold(text) as Slo;
  assert.equal(ok('staleRate < 0.1%'), { metric: 'staleRate', is: '<', than: 0.001, text: 'staleRate < 0.1%' });
  assert.equal(ok('  masterReadShare<30%'), { metric: 'masterReadShare', is: '<', than: 0.3, text: 'masterReadShare < 30%' });
  assert.equal(ok('staleRate <= 0.02'), { metric: 'staleRate', is: '<=', than: 0.02, text: 'staleRate <= 0.02' });
  assert.equal(ok('staleCriticalReads == 0'), { metric: 'staleCriticalReads', is: '==', than: 0, text: 'staleCriticalReads == 0' });
  assert.equal(ok('readLatencyMs.p99 < 50'), { metric: 'readLatencyMs.p99', is: '<', than: 50, text: 'readLatencyMs.p99 < 50' });
  assert.equal(ok('masterOpsPerSec.peak >= 1e3'), { metric: 'masterOpsPerSec.peak', is: '>=', than: 1000, text: 'masterOpsPerSec.peak >= 1e3' });
  assert.equal(ok('staleCriticalReads <= 0e9'), { metric: 'staleCriticalReads', is: '<=', than: 0, text: 'staleCriticalReads <= 0e9' });
  assert.equal(ok('readLatencyMs.p99 < 1e308'), { metric: 'readLatencyMs.p99', is: '<', than: 1e308, text: 'readLatencyMs.p99 < 1e308' });
});

parsing('a problem line keeps its reason: a number of hundreds of digits is shown cut, the list of metrics whole', () => {
  const long = `staleRate < 0.${'0'.repeat(400)}1`;
  const line = oneLine(renderMsg('en', parseThreshold(long) as Msg));
  assert.match(line, /^0\.0{38}… is beyond the numbers a threshold can be compared with/);
  for (const lang of ['en', 'ko'] as const) {
    const list = oneLine(renderMsg(lang, parseThreshold('foo < 1') as Msg));
    assert.ok(METRIC_PATHS.every((p) => list.includes(p)) && list.endsWith(lang === 'en' ? METRIC_PATHS.at(-1)! : `${METRIC_PATHS.at(-1)})`), list);
  }
});

parsing('bad expressions say what is wrong, in English and Korean, with the nearest metric', () => {
  const bad = (text: string): Msg => {
    const r = parseThreshold(text);
    assert.ok('key' in r, text);
    return r as Msg;
  };
  const cases: Array<[string, string, string]> = [
    ['staleRat < 1%', 'staleRat: unknown metric; did you mean staleRate?', 'staleRat: 알 수 없는 지표입니다 (혹시 staleRate입니까?)'],
    ['readLatencyMs.p99 < 5%', 'readLatencyMs.p99 is not a rate: write its threshold without %', 'readLatencyMs.p99는 비율이 아닙니다. 기준값을 % 없이 쓰십시오'],
    ['staleRate < 5', 'staleRate is a rate: expected 0 to 1 or 0% to 100%, got 5', 'staleRate는 비율입니다. 0에서 1 또는 0%에서 100% 사이여야 합니다. 받은 값: 5'],
    ['staleRate < 120%', 'staleRate is a rate: expected 0 to 1 or 0% to 100%, got 120%', 'staleRate는 비율입니다. 0에서 1 또는 0%에서 100% 사이여야 합니다. 받은 값: 120%'],
    // A number past the doubles would be compared as infinity or 0.
    ['readLatencyMs.p99 < 1e999', '1e999 is beyond the numbers a threshold can be compared with (about 5e-324 to 1.8e308 in size)', '1e999는 SLO 기준값으로 쓸 수 있는 수의 범위(절댓값 약 5e-324~1.8e308)를 벗어납니다'],
    ['readLatencyMs.p99 > 1e-999', '1e-999 is beyond the numbers a threshold can be compared with (about 5e-324 to 1.8e308 in size)', '1e-999는 SLO 기준값으로 쓸 수 있는 수의 범위(절댓값 약 5e-324~1.8e308)를 벗어납니다'],
  ];
  for (const [text, en, ko] of cases) {
    assert.is(renderMsg('en', bad(text)), en);
    assert.is(renderMsg('ko', bad(text)), ko);
  }
  for (const text of ['staleRate', 'staleRate = 1%', 'staleRate < 1%%', '< 1', 'staleRate < one', 'staleRate < 1 ms', '']) {
    assert.match(renderMsg('en', bad(text)), /^expected an SLO like "staleRate < 0\.1%"/, text);
    assert.match(renderMsg('ko', bad(text)), /SLO\(지표, < <= == != >= > 중 하나, 숫자\)여야 합니다/, text);
  }
  assert.match(renderMsg('en', bad('bogusMetric < 1')), /^bogusMetric: unknown metric; expected one of reads, writes, staleReads, staleRate, /);
});

parsing('a scenario\'s slo: list is parsed the same way and its problems name the entry', () => {
  const problems = (slo: unknown): string[] => {
    try {
      parseScenario({ ...apple, slo } as object, 'x.yaml');
      return [];
    } catch (err) {
      if (!(err instanceof InputError)) throw err;
      return err.problems;
    }
  };
  assert.equal(problems(['staleRate < 0.1%', 'staleCriticalReads == 0']), []);
  assert.equal(problems(['staleRate < 0.1%', 'staleRte < 1']), ['x.yaml: slo[1]: staleRte: unknown metric; did you mean staleRate?']);
  assert.equal(problems('staleRate < 1%').length, 1);
  assert.equal(problems([3]).length, 1);
});

// ---
const running = suite('lagsim run checks every SLO on every strategy');

interface Run { code: number; stdout: string; stderr: string }
const run = (...args: string[]): Promise<Run> => cli(['run', '--no-report', ...args]);

running('a met SLO exits 0 and says so; the block sits under the table', async () => {
  const r = await run('apple-stock', '--slo', 'staleCriticalReads == 0', '--slo', 'readLatencyMs.p99 < 50');
  assert.is(r.code, 0, r.stderr);
  assert.match(r.stdout, /\n\nSLOs \(2, each checked on every strategy; lagsim exits with code 4 when one is violated\):\n  Every strategy meets every SLO \(10 checks\)\.\n$/);
});

running('a violated SLO exits 4 and names the strategy, the SLO, the value and by how much', async () => {
  const json = JSON.parse((await run('apple-stock', '--json')).stdout) as Summary;
  const r = await run('apple-stock', '--slo', 'staleRate < 0.1%', '--slo', 'staleCriticalReads == 0');
  assert.is(r.code, 4, r.stderr);
  const violators = json.results.filter((x) => x.staleRate >= 0.001);
  assert.ok(violators.length > 0 && violators.length < json.results.length);
  for (const v of violators) {
    const pct = `${Number((v.staleRate * 100).toFixed(3))}%`;
    const by = `${Number(((v.staleRate - 0.001) * 100).toFixed(3))} percentage points`;
    assert.ok(r.stdout.includes(`  VIOLATED  ${v.strategy}: staleRate < 0.1% — ${pct}, ${by} beyond the threshold\n`), r.stdout);
  }
  assert.ok(r.stdout.includes(`  ${violators.length} of ${2 * json.results.length} checks violated, ${2 * json.results.length - violators.length} met.\n`), r.stdout);
  const ko = await run('apple-stock', '--lang', 'ko', '--slo', 'staleRate < 0.1%');
  assert.is(ko.code, 4);
  assert.match(ko.stdout, /SLO 1개, 전략마다 검사 \(하나라도 위반되면 lagsim은 종료 코드 4로 끝납니다\):\n  위반  all-follower: staleRate < 0\.1% — 66\.667%, 기준값을 66\.567%p 벗어남\n/);
});

running('the summary JSON (stdout and summary.json) carries the checks as an slo section after results', async () => {
  const out = path.join(tmp, 'report');
  const r = await cli(['run', 'apple-stock', '--json', '--out', out, '--slo', 'staleRate < 0.1%']);
  assert.is(r.code, 4, r.stderr);
  const s = JSON.parse(r.stdout) as Summary & { slo: SloReport };
  assert.equal(Object.keys(s), ['scenario', 'seed', 'runs', 'horizonMs', 'results', 'slo']);
  assert.equal(JSON.parse(fs.readFileSync(path.join(out, 'summary.json'), 'utf8')), s);
  assert.match(fs.readFileSync(path.join(out, 'summary.txt'), 'utf8'), /\n\nSLOs \(1, .*\n {2}VIOLATED {2}all-follower: staleRate < 0\.1% — 66\.667%, 66\.567 percentage points beyond the threshold\n[^]*checks violated, \d+ met\.\n$/);
  assert.ok(fs.readFileSync(path.join(out, 'index.html'), 'utf8').includes('<ul class="slo">\n<li>SLOs (1, each checked on every strategy; lagsim exits with code 4 when one is violated):</li>\n<li>VIOLATED  all-follower: staleRate &lt; 0.1% — 66.667%, 66.567 percentage points beyond the threshold</li>'));
  assert.is(s.slo.checks.length, s.results.length);
  for (const [i, c] of s.slo.checks.entries()) {
    const value = s.results[i].staleRate;
    assert.equal(c, { strategy: s.results[i].strategy, slo: 'staleRate < 0.1%', metric: 'staleRate', is: '<', than: 0.001, value, holds: value < 0.001, uncertain: false, excess: value < 0.001 ? 0 : value - 0.001 });
  }
  assert.is(s.slo.violated, s.slo.checks.filter((c) => !c.holds).length);
  assert.ok(s.slo.violated > 0);
  // Without SLOs the summary is as before: no slo key at all.
  assert.not.ok('slo' in JSON.parse((await run('apple-stock', '--json')).stdout));
});

running('a scenario\'s slo: list is checked; --slo adds to it and replaces its SLOs on the same metric', async () => {
  const file = path.join(tmp, 'with-slo.yaml');
  fs.writeFileSync(file, YAML.stringify({ ...apple, slo: ['staleRate < 0.1%', 'staleCriticalReads == 0'] }));
  const fromFile = await run(file, '--json');
  assert.is(fromFile.code, 4);
  assert.equal([...new Set((JSON.parse(fromFile.stdout) as { slo: SloReport }).slo.checks.map((c) => c.slo))], ['staleRate < 0.1%', 'staleCriticalReads == 0']);
  const replaced = await run(file, '--json', '--slo', 'staleRate <= 70%', '--slo', 'reads > 0');
  assert.is(replaced.code, 0, replaced.stdout);
  assert.equal([...new Set((JSON.parse(replaced.stdout) as { slo: SloReport }).slo.checks.map((c) => c.slo))], ['staleCriticalReads == 0', 'staleRate <= 70%', 'reads > 0']);
  const bad = await run(file, '--slo', 'stalerate < 1%');
  assert.is(bad.code, 2);
  assert.is(bad.stderr, 'lagsim: --slo: stalerate: unknown metric; did you mean staleRate?\n');
});

running('under --runs the verdict is on the mean, with its 95% interval; "uncertain" when the interval contains the threshold', async () => {
  // Six strategies with random stale rates; under test:fast from a fifth of the reads (scenarioFile).
  const flashSale = scenarioFile('flash-sale', '600/s');
  const base = JSON.parse((await run(flashSale, '--runs', '5', '--json')).stdout) as Summary;
  const r = base.results.find((x) => x.ci95!.staleRate > 0 && x.staleRate > 2 * x.ci95!.staleRate)!;
  assert.ok(r !== undefined);
  const mean = r.staleRate;
  const half = r.ci95!.staleRate;
  const slo = (than: number) => `staleRate < ${than.toPrecision(15)}`;
  const metUnsure = slo(mean + half / 2);
  const violatedUnsure = slo(mean - half / 2);
  const violatedSure = slo(mean - 1.5 * half);
  const out = await run(flashSale, '--runs', '5', '--json', '--slo', metUnsure, '--slo', violatedUnsure, '--slo', violatedSure);
  assert.is(out.code, 4);
  const checks = (JSON.parse(out.stdout) as { slo: SloReport }).slo.checks.filter((c) => c.strategy === r.strategy);
  assert.equal(checks.map((c) => [c.holds, c.uncertain]), [[true, true], [false, true], [false, false]]);
  for (const c of checks) {
    assert.is(c.value, mean);
    assert.is(c.ci95, half);
  }
  const text = (await run(flashSale, '--runs', '5', '--slo', metUnsure, '--slo', violatedUnsure)).stdout;
  assert.ok(text.includes('  Verdicts on the means of 5 runs; ± is the 95% confidence interval; "uncertain": the interval contains the threshold, so more runs could reverse the verdict.\n'), text);
  const lines = text.split('\n').filter((l) => l.includes(`  ${r.strategy}: staleRate`));
  assert.is(lines.length, 2, text);
  assert.match(lines[0], /^ {2}met {7}.*: staleRate < [\d.]+ — [\d.]+% ±[\d.]+% \(uncertain: -?[\d.]+% … [\d.]+% contains [\d.]+%\)$/);
  assert.match(lines[1], /^ {2}VIOLATED {2}.*: staleRate < [\d.]+ — [\d.]+% ±[\d.]+%, [\d.]+ percentage points beyond the threshold \(uncertain: /);
});

// ---
const evaluator = suite('one evaluator for SLOs and lesson claims');

evaluator('judge reads the registry\'s metric, compares, and measures the excess', () => {
  const json = { strategy: 'x', staleRate: 0.02, readLatencyMs: { p50: 1, p99: 60, max: 70, mean: 2 } } as never;
  assert.equal(judge(json, { metric: 'staleRate', is: '<', than: 0.01 }), { value: 0.02, holds: false, uncertain: false, excess: 0.01 });
  assert.equal(judge(json, { metric: 'readLatencyMs.p99', is: '<=', than: 60 }), { value: 60, holds: true, uncertain: false, excess: 0 });
  assert.is(metricValue(json, 'readLatencyMs.p99'), 60);
});

parsing.run();
running.run();
evaluator('on every bundled lesson, an SLO saying what a numeric claim says gets the finding\'s verdict', () => {
  let compared = 0;
  for (const { file } of bundledScenarios().filter((b) => b.name.startsWith('lessons/'))) {
    const sc = loadScenarioFile(file);
    const lesson = sc.input.lesson!;
    const summary = runScenario(sc, { runs: lesson.runs });
    const answers = answerLesson(lesson, summary, 'en').findings;
    lesson.findings.forEach((f, i) => {
      if (!('claim' in f) || typeof f.claim.than !== 'number') return;
      const slo = { metric: f.claim.metric, is: f.claim.is, than: f.claim.than, text: '' };
      const check = checkSlos(summary, [slo]).checks.find((c) => c.strategy === f.claim.strategy)!;
      assert.is(check.holds, answers[i].holds, `${file} finding ${i}`);
      compared++;
    });
  }
  assert.ok(compared >= 10, `${compared} numeric claims`);
});

evaluator.run();
