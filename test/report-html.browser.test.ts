import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { chromium, Browser } from 'playwright-core';
import { loadScenarioFile } from '../src/scenario/load';
import { collectReport } from '../src/report/collect';
import { writeReport } from '../src/report/write';
import { planSweep } from '../src/sweep/plan';
import { runSweep } from '../src/sweep/run';
import { writeSweep } from '../src/sweep/write';

// The HTML report opened the way a reader opens it: a file:// page in Chromium.

const apple = loadScenarioFile(path.join(__dirname, '..', 'scenarios', 'apple-stock.yaml'));

interface PageCheck {
  errors: string[];
  requests: string[];
  /** Per canvas: datasets, data elements laid out inside the plot area, share of pixels drawn. */
  charts: Array<{ id: string; datasets: number; placed: number; inked: number }>;
}

let browser: Browser;

/** Opens a page with every request outside the file itself refused, and inspects each chart. */
async function open(file: string): Promise<PageCheck & { page: import('playwright-core').Page }> {
  const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
  const page = await context.newPage();
  const url = pathToFileURL(file).href;
  const errors: string[] = [];
  const requests: string[] = [];
  page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('request', (r) => { if (r.url() !== url) requests.push(r.url()); });
  await context.route('**/*', (route) => (route.request().url() === url ? route.continue() : route.abort()));
  await page.goto(url);
  // A lesson page asks for a prediction first; its charts are drawn once the answer is shown.
  if (await page.$('#predict-show') !== null) await page.click('#predict-show');
  // Charts are responsive: let the first layout (scroll bar appearing) and Chart.js's resize settle.
  // (A string, not a function: tsx would wrap a named inner function in a helper the page lacks.)
  await page.evaluate(`new Promise((done) => {
    let frames = 5;
    function tick() { if (--frames === 0) done(); else requestAnimationFrame(tick); }
    requestAnimationFrame(tick);
  })`);
  const charts = await page.evaluate(() => {
    const Chart = (window as any).Chart;
    return [...document.querySelectorAll('canvas')].map((canvas) => {
      const chart = Chart.getChart(canvas);
      let placed = 0;
      if (chart) {
        const a = chart.chartArea;
        chart.data.datasets.forEach((_: unknown, i: number) => {
          for (const el of chart.getDatasetMeta(i).data) {
            if (Number.isFinite(el.x) && Number.isFinite(el.y) && el.x >= a.left - 1 && el.x <= a.right + 1 && el.y >= a.top - 1 && el.y <= a.bottom + 1) placed++;
          }
        });
      }
      const ctx = canvas.getContext('2d')!;
      const px = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
      let inked = 0;
      for (let i = 3; i < px.length; i += 4) if (px[i] > 0) inked++;
      return { id: canvas.id, datasets: chart ? chart.data.datasets.length : 0, placed, inked: inked / (px.length / 4) };
    });
  });
  return { page, errors, requests, charts };
}

/**
 * Polls an expression in the page until it is true. (page.waitForFunction would eval a
 * string inside the page, which the report's Content-Security-Policy rightly forbids.)
 */
async function until(page: import('playwright-core').Page, expr: string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (await page.evaluate(expr)) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${expr}`);
}

// ---
const run = suite('index.html of lagsim run');

run.before(async () => {
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
});

/** The apple story's English report, written once for the tests that only look at it. */
let appleReport: string | null = null;
function appleReportPage(): string {
  if (appleReport === null) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lagsim-html-'));
    const data = collectReport(apple);
    writeReport(dir, apple, data.summary, { data, lang: 'en' });
    appleReport = path.join(dir, 'index.html');
  }
  return appleReport;
}

run('loads from file:// with no console error, no request, and all six charts drawn', async () => {
  const { page, errors, requests, charts } = await open(appleReportPage());
  assert.equal(errors, []);
  assert.equal(requests, []);
  assert.equal(charts.map((c) => c.id), ['chart-rates', 'chart-tradeoff', 'chart-timeline', 'chart-latency', 'chart-t-visibility', 'chart-staleness']);
  for (const c of charts) {
    assert.ok(c.datasets > 0 && c.placed > 0, `${c.id}: ${c.datasets} datasets, ${c.placed} data elements in the plot area`);
    assert.ok(c.inked > 0.02, `${c.id}: ${(c.inked * 100).toFixed(1)}% of the canvas drawn`);
  }
  const text = await page.textContent('body');
  assert.ok(text!.includes('사과 재고 400 → 0'), 'the scenario title');
  assert.ok(text!.includes('all-follower: 66.7% of reads were stale (2 of 3)'), 'a finding with the story\'s numbers');
  await page.context().close();
});

run('charts are interactive: a tooltip names the point, a legend click hides a series', async () => {
  const { page, errors } = await open(appleReportPage());
  const canvas = page.locator('#chart-tradeoff');
  await canvas.scrollIntoViewIfNeeded();
  const box = (await canvas.boundingBox())!;
  type Probe = { point: { x: number; y: number }; legend: { x: number; y: number } };
  const at = await page.evaluate((): Probe => {
    const chart = (window as any).Chart.getChart(document.getElementById('chart-tradeoff'));
    const el = chart.getDatasetMeta(0).data[0];
    const hit = chart.legend.legendHitBoxes[0];
    return { point: { x: el.x, y: el.y }, legend: { x: hit.left + hit.width / 2, y: hit.top + hit.height / 2 } };
  });
  // Chart.js handles DOM events on the next animation frame: wait for their effect.
  const chartJs = "Chart.getChart(document.getElementById('chart-tradeoff'))";
  await page.mouse.move(box.x + at.point.x, box.y + at.point.y);
  await until(page, `${chartJs}.tooltip.getActiveElements().length > 0`);
  const tooltip = await page.evaluate(() => {
    const chart = (window as any).Chart.getChart(document.getElementById('chart-tradeoff'));
    return chart.tooltip.body?.map((b: { lines: string[] }) => b.lines.join(' ')) ?? [];
  });
  assert.equal(tooltip, ['1. all-follower: master read share 0%, stale-read rate 66.7%'], 'the strategy alone, not the frontier through it');
  await page.mouse.click(box.x + at.legend.x, box.y + at.legend.y);
  await until(page, `!${chartJs}.isDatasetVisible(0)`);
  assert.is(await page.evaluate(`${chartJs}.isDatasetVisible(1)`), true, 'only the clicked series is hidden');
  assert.equal(errors, []);
  await page.context().close();
});

run('Korean: lang="ko", Korean headings and chart titles', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lagsim-html-'));
  const data = collectReport(apple, 3);
  writeReport(dir, apple, data.summary, { data, lang: 'ko' });
  const { page, errors, requests, charts } = await open(path.join(dir, 'index.html'));
  assert.equal(errors, []);
  assert.equal(requests, []);
  assert.is(charts.length, 6);
  assert.ok(charts.every((c) => c.placed > 0), 'every chart drawn');
  assert.is(await page.getAttribute('html', 'lang'), 'ko');
  const headings = await page.locator('h2').allTextContents();
  assert.ok(headings.includes('요약') && headings.includes('차트'), headings.join(' | '));
  const title = await page.evaluate(() => (window as any).Chart.getChart(document.getElementById('chart-rates')).options.plugins.title.text);
  assert.is(title, '전략별 구 데이터 읽기와 마스터 부하');
  await page.context().close();
});

run('a lesson scenario opens with its question and the answer checked against the run', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lagsim-html-'));
  const lesson = loadScenarioFile(path.join(__dirname, '..', 'scenarios', 'lessons', '05-session-scope.yaml'));
  const data = collectReport(lesson);
  writeReport(dir, lesson, data.summary, { data, lang: 'en' });
  const { page, errors } = await open(path.join(dir, 'index.html'));
  assert.equal(errors, []);
  assert.is((await page.locator('h2').first().textContent()), 'Lesson');
  assert.ok((await page.locator('#lesson .question').textContent())!.includes(lesson.input.lesson!.question.en));
  assert.ok(await page.locator('#lesson li').count() > 0);
  await page.context().close();
});

// ---
run('sweep index.html: no error, no request, three charts drawn', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lagsim-html-'));
  const file = path.join(dir, 'tiny.yaml');
  fs.writeFileSync(file, `name: tiny
duration: 10s
cluster: { followers: [ { name: f1, lag: { dist: exponential, mean: 200ms } } ] }
workload: { keys: 10, sessions: 20, writeRate: 5/s, readRate: 50/s }
strategies: [ all-follower, all-master, { name: post-write-window, window: 100ms, scope: key } ]
`);
  const plan = planSweep(file, 'strategies[2].window=0ms..1s', 4);
  const result = await runSweep(plan, 2, { workers: 1 });
  writeSweep(path.join(dir, 'sweep'), plan, result, 'en');
  const { errors, requests, charts } = await open(path.join(dir, 'sweep', 'index.html'));
  assert.equal(errors, []);
  assert.equal(requests, []);
  assert.equal(charts.map((c) => c.id), ['chart-frontier', 'chart-stale-vs-param', 'chart-master-vs-param']);
  for (const c of charts) assert.ok(c.placed > 0 && c.inked > 0.02, `${c.id} drawn`);
});

run.after(async () => {
  await browser?.close();
});

run.run();
