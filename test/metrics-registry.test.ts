import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import * as path from 'path';
import { METRICS, METRIC_PATHS, MetricPath, csvName, metricValue, numbersOf } from '../src/metrics/registry';
import { StrategyResult, combineRuns, studentT975 } from '../src/metrics/summary';
import { summaryCsv } from '../src/report/csv';
import { summaryColumns } from '../src/report/columns';
import { formatTable } from '../src/report/table';
import { summaryTable } from '../src/report/html/summaryTable';
import { lessonSchema } from '../src/scenario/lesson';
import { LANGS, lookup } from '../src/i18n';
import { loadScenarioFile } from '../src/scenario/load';
import { runScenario } from '../src/run';

const apple = path.join(__dirname, '..', 'scenarios', 'apple-stock.yaml');
const summary = runScenario(loadScenarioFile(apple));

/** Dotted paths of every number in an object, in key order. */
function leaves(o: object, prefix = ''): string[] {
  return Object.entries(o).flatMap(([k, v]) => (typeof v === 'number' ? [prefix + k] : leaves(v as object, `${prefix}${k}.`)));
}

// ---
const registry = suite('the registry lists every number of a result once');

registry('the same numbers as a real summary, no more, no fewer', () => {
  const real = leaves(numbersOf(summary.results[0]));
  assert.equal([...METRIC_PATHS].sort(), [...real].sort());
  assert.is(new Set(METRIC_PATHS).size, METRIC_PATHS.length);
});

registry('metricValue reads each path of a result', () => {
  const r = summary.results[0];
  assert.is(metricValue(r, 'staleRate'), r.staleRate);
  assert.is(metricValue(r, 'stalenessMs.p99'), r.stalenessMs.p99);
  assert.is(metricValue(r, 'masterOpsPerSec.peak'), r.masterOpsPerSec.peak);
});

registry('every metric has a name in every language, distinct within a language', () => {
  for (const lang of LANGS) {
    const names = METRIC_PATHS.map((p) => lookup(lang, `metric.${p}`));
    assert.ok(names.every((n) => typeof n === 'string' && n.length > 0), `${lang}: ${names}`);
    assert.is(new Set(names).size, names.length, `${lang}: two metrics share a name`);
  }
});

registry('a grouped metric sits next to the rest of its group (one table cell)', () => {
  METRIC_PATHS.forEach((p, i) => {
    const g = METRICS[p].group;
    if (g === undefined || i === 0) return;
    const before = METRICS[METRIC_PATHS[i - 1]].group;
    if (before !== g) assert.not.ok(METRIC_PATHS.slice(0, i).some((q) => METRICS[q].group === g), `${p} is apart from group ${g}`);
  });
});

// ---
const csv = suite('CSV columns come from the registry and keep their places');

csv('the columns users already read stay first and in order', () => {
  const header = summaryCsv(summary).split('\n')[0].split(',');
  assert.equal(header.slice(0, 24), ['strategy', 'reads', 'writes', 'staleReads', 'staleRate', 'masterReads', 'masterReadShare',
    'masterOpsPerSecMean', 'masterOpsPerSecPeak', 'rywViolations', 'monotonicViolations', 'stalenessMsP50', 'stalenessMsP99',
    'stalenessMsMax', 'readLatencyMsP50', 'readLatencyMsP99', 'readLatencyMsMax', 'readLatencyMsMean', 'writeLatencyMsP50',
    'writeLatencyMsP99', 'writeLatencyMsMax', 'writeLatencyMsMean', 'phantomStockReads', 'staleOrders']);
  assert.equal(header.slice(1), METRIC_PATHS.map(csvName));
});

csv('each row holds the result\'s numbers; with replications, each half-width follows', () => {
  const rows = summaryCsv(summary).trim().split('\n').slice(1).map((l) => l.split(','));
  rows.forEach((row, i) => assert.equal(row.slice(-METRIC_PATHS.length).map(Number), METRIC_PATHS.map((p) => metricValue(summary.results[i], p))));
  const two = runScenario(loadScenarioFile(apple), { runs: 2 });
  const header = summaryCsv(two).split('\n')[0].split(',');
  assert.is(header.length, 1 + 2 * METRIC_PATHS.length);
  assert.is(header[header.length - 1], `${csvName(METRIC_PATHS[METRIC_PATHS.length - 1])}Ci95`);
});

// ---
const runs = suite('replications: a mean and a half-width for every number, in the result\'s shape');

runs('mean and Student-t half-width of two runs', () => {
  const a = summary.results[0];
  const b: StrategyResult = structuredClone(a);
  b.staleReads = a.staleReads + 2;
  b.stalenessMs.p99 = a.stalenessMs.p99 + 10;
  const c = combineRuns([a, b]);
  assert.is(c.strategy, a.strategy);
  assert.is(c.staleReads, a.staleReads + 1);
  assert.is(c.stalenessMs.p99, a.stalenessMs.p99 + 5);
  // Two values d apart: s = d/√2, half = t·s/√2 = t·d/2.
  assert.ok(Math.abs(c.ci95!.staleReads - studentT975(1)) < 1e-9);
  assert.ok(Math.abs(c.ci95!.stalenessMs.p99 - studentT975(1) * 5) < 1e-9);
  assert.is(c.ci95!.reads, 0);
  assert.equal(leaves(c.ci95!), leaves(numbersOf(c)));
});

// ---
const tables = suite('tables: columns from the registry');

tables('a scenario-specific column appears only where some strategy has a non-zero value', () => {
  const has = (p: MetricPath) => summaryColumns(summary.results).some((col) => col.metrics.includes(p));
  assert.ok(summary.results.some((r) => r.phantomStockReads > 0));
  assert.ok(has('phantomStockReads'));
  assert.not.ok(has('writeLatencyMs.p50'), 'no write waits in the apple story');
  const zero = summary.results.map((r) => ({ ...r, phantomStockReads: 0 }));
  assert.not.ok(summaryColumns(zero).some((col) => col.metrics.includes('phantomStockReads')));
  assert.not.ok(summaryColumns(summary.results).some((col) => col.metrics.includes('writes')), 'a column set to never is not shown');
});

tables('the terminal and the page show the same columns, the page marks the lowest stale rate', () => {
  const cols = summaryColumns(summary.results).length;
  const terminal = formatTable(summary).split('\n')[0];
  assert.is(terminal.trim().split(/ {2,}/).length, cols + 1);
  const html = summaryTable(summary, 'en');
  assert.is((html.match(/<th[ >]/g) ?? []).length, cols + 1);
  assert.match(html, '<td class="best">0%</td>');
});

// ---
const lessons = suite('lesson claims may name any metric of the registry');

lessons('a claim on a metric the tables show only sometimes', () => {
  const inEvery = (s: string) => Object.fromEntries(LANGS.map((l) => [l, s]));
  const lesson = {
    order: 1, question: inEvery('q'),
    findings: [{ claim: { strategy: 'a', metric: 'phantomStockReads', is: '>', than: 0 }, say: inEvery('s') }],
  };
  assert.ok(lessonSchema.safeParse(lesson).success);
  lesson.findings[0].claim.metric = 'noSuchMetric';
  assert.not.ok(lessonSchema.safeParse(lesson).success);
});

registry.run();
csv.run();
runs.run();
tables.run();
lessons.run();
