import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as path from 'path';
import { loadScenarioFile } from '../src/scenario/load';
import { runScenario } from '../src/run';
import { HIDE_FIRST, formatTable } from '../src/report/table';
import { METRICS, METRIC_PATHS } from '../src/metrics/registry';
import { displayWidth } from '../src/i18n/template';
import { tableWidth } from '../src/cli/commands';

/** `lagsim run`'s table follows the terminal's width; pipes and --wide get every column. */
const sc = loadScenarioFile(path.join(__dirname, '..', 'scenarios', 'apple-stock.yaml'));
const summary = runScenario(sc, { runs: 1 });
const widest = (text: string): number => Math.max(...text.split('\n').map(displayWidth));
const tableLines = (text: string): string[] => text.split('\n\n')[0].split('\n');

test('every column the registry can show has its place in the hiding order', () => {
  const ids = new Set(METRIC_PATHS.filter((p) => METRICS[p].column !== 'never').map((p) => METRICS[p].group ?? p));
  assert.equal([...ids].filter((id) => !HIDE_FIRST.includes(id)), []);
  assert.equal(HIDE_FIRST.filter((id) => !ids.has(id)), []);
});

test('without a width, every column; wide enough, the same bytes', () => {
  const all = formatTable(summary, 'en');
  assert.ok(all.includes('stale critical') && all.includes('reads'));
  assert.is(formatTable(summary, 'en', widest(all)), all);
});

test('a narrow terminal: the table fits, the stale rate stays, the hidden columns are named in English and Korean', () => {
  for (const lang of ['en', 'ko'] as const) {
    for (const width of [80, 100, 120, 160]) {
      const text = formatTable(summary, lang, width);
      const lines = tableLines(text);
      assert.ok(Math.max(...lines.map(displayWidth)) <= width, `${lang} ${width}:\n${text}`);
      const note = text.split('\n\n')[1];
      assert.ok(note.includes(String(width)), note);
    }
  }
  const en = formatTable(summary, 'en', 80);
  assert.ok(tableLines(en)[0].includes('stale rate'));
  assert.ok(en.endsWith('hidden to fit 80 columns: reads, stale, peak, mono viol., phantom stock, stale critical, RYW viol., master ops/s mean, latency p50/p99 ms, staleness p50/p99/max ms (--wide shows them all)'), en);
  assert.ok(formatTable(summary, 'ko', 80).includes('터미널 폭 80열에 맞추려고 숨긴 열: 읽기 수'));
  // However narrow, the strategy and the stale rate remain.
  assert.equal(tableLines(formatTable(summary, 'en', 10))[0].split(/\s{2,}/), ['strategy', 'stale rate']);
});

test('the width: the terminal\'s, none for a pipe or with --wide', () => {
  assert.is(tableWidth(undefined, { isTTY: true, columns: 90 }), 90);
  assert.is(tableWidth(true, { isTTY: true, columns: 90 }), undefined);
  assert.is(tableWidth(undefined, { isTTY: false, columns: 90 }), undefined);
  assert.is(tableWidth(undefined, {}), undefined);
  assert.is(tableWidth(undefined, { isTTY: true, columns: 0 }), undefined);
});

test.run();
