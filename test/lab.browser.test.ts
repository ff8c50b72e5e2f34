import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { spawnSync } from 'child_process';
import YAML from 'yaml';
import { chromium, Browser, Page } from 'playwright-core';
import { labPageHtml } from '../src/lab/page';
import { parseScenario, loadScenarioFile } from '../src/scenario/load';
import { runScenario } from '../src/run';
import { simulate } from '../src/simulate';
import { storyRecorder } from '../src/report/storyTrace';
import type { Summary } from '../src/metrics/summary';

// The lab page in headless Chromium: the bundled simulator must give, for the scenario the
// page shows, exactly what `lagsim run --json` prints — and fetch nothing from anywhere.
const { buildLabBundle } = require('../scripts/build-lab.js') as { buildLabBundle(): Promise<{ js: string }> };

const root = path.join(__dirname, '..');
const appleFile = path.join(root, 'scenarios', 'apple-stock.yaml');
const appleDoc = YAML.parse(fs.readFileSync(appleFile, 'utf8'));
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lagsim-lab-'));
const pageFile = path.join(tmp, 'lab.html');

let browser: Browser;
let page: Page;
const offPage: string[] = [];
const problems: string[] = [];

/** `lagsim run <doc> --json` through the built CLI, as a user would run it. */
function cli(doc: unknown): Summary {
  const file = path.join(tmp, `doc-${Date.now()}-${Math.random().toString(36).slice(2)}.json`);
  fs.writeFileSync(file, JSON.stringify(doc));
  const r = spawnSync(process.execPath, [path.join(root, 'bin', 'lagsim.js'), 'run', file, '--json', '--no-report'], { encoding: 'utf8' });
  assert.is(r.status, 0, r.stderr);
  return JSON.parse(r.stdout);
}

interface Shown {
  doc: Record<string, any>;
  summary: Summary;
  metrics: Record<string, number>;
  text: Record<string, string>;
}

async function shown(): Promise<Shown> {
  return page.evaluate(() => {
    const metrics: Record<string, number> = {};
    const text: Record<string, string> = {};
    for (const el of Array.from(document.querySelectorAll<HTMLElement>('[data-metric]'))) {
      metrics[el.dataset.metric!] = Number(el.dataset.value);
      text[el.dataset.metric!] = el.querySelector('.value')!.textContent!;
    }
    return {
      doc: JSON.parse(document.getElementById('lab-doc')!.textContent!),
      summary: JSON.parse(document.getElementById('lab-summary')!.textContent!),
      metrics, text,
    };
  });
}

/** Moves a control as a user would (fill fires input and change) and waits for the rerun. */
async function set(param: string, value: string): Promise<Shown> {
  const runs = await page.getAttribute('[data-lagsim-lab]', 'data-runs');
  const el = page.locator(`[data-param="${param}"]`);
  if ((await el.evaluate((e) => e.tagName)) === 'SELECT') await el.selectOption(value);
  else await el.fill(value);
  await page.waitForFunction((before) => document.querySelector<HTMLElement>('[data-lagsim-lab]')!.dataset.runs !== before, runs);
  return shown();
}

const lab = suite('lab in headless Chromium');

lab.before(async () => {
  const { js } = await buildLabBundle();
  fs.writeFileSync(pageFile, labPageHtml(js, { name: 'apple-stock', title: 'apple', doc: appleDoc, lang: 'en', langSwitch: true }));
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  page = await browser.newPage({ viewport: { width: 1400, height: 1100 } });
  page.setDefaultTimeout(10_000);
  await page.route('**/*', (route) => {
    const url = route.request().url();
    if (url === `file://${pageFile}`) return route.continue();
    offPage.push(url);
    return route.abort();
  });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`); });
  await page.goto(`file://${pageFile}`);
  await page.waitForSelector('[data-lagsim-lab][data-runs]');
});

// The browser and the folder are shared with the walk-through suite below, which closes them.

lab('the story tab draws the file\'s story from the bundled simulator, step for step as in node, in both renderings', async () => {
  const renderings = await page.evaluate(() => Array.from(document.querySelectorAll<SVGSVGElement>('[data-pane="story"] svg.sequence'))
    .map((svg) => Array.from(svg.querySelectorAll<SVGGElement>('g.step')).map((g) => ({ ...g.dataset }))));
  const sc = loadScenarioFile(appleFile);
  const rec = storyRecorder(sc);
  simulate(sc, sc.strategies[0], sc.seed, rec);
  // The wide one and the narrow one a phone's screen shows instead.
  assert.is(renderings.length, 2);
  for (const steps of renderings) {
    assert.is(steps.length, rec.trace.steps.length);
    assert.equal(steps.map((s) => [s.kind, Number(s.tUs), s.node, s.stale]), rec.trace.steps.map((s) => [
      s.kind, s.tUs, s.kind === 'apply' ? s.follower : s.kind === 'write' ? 'master' : s.node, s.kind === 'read' ? String(s.stale) : undefined,
    ]));
    assert.is(steps.filter((s) => s.stale === 'true').length, 2);
  }
});

lab('initial numbers are exactly the CLI\'s for the scenario the page shows, its own strategies side by side', async () => {
  await page.click('[data-tab="lab"]');
  assert.ok(await page.locator('[data-param="s.3.window"]').isVisible());
  const s = await shown();
  assert.equal(s.summary, cli(s.doc));
  assert.equal(s.summary, runScenario(parseScenario(JSON.stringify(s.doc), 'lab.json')));
  assert.equal(s.summary.results.map((r) => r.strategy), loadScenarioFile(appleFile).strategies.map((x) => x.label));
  // It opens on all-follower, the strategy that shows the problem.
  assert.is(s.summary.results[0].strategy, 'all-follower');
  assert.ok(s.metrics.staleRate > 0);
  assert.is(s.metrics.staleRate, s.summary.results[0].staleRate);
  assert.is(s.metrics.masterReadShare, s.summary.results[0].masterReadShare);
  assert.is(s.metrics['readLatencyMs.p99'], s.summary.results[0].readLatencyMs.p99);
  assert.is(s.metrics['writeLatencyMs.p50'], s.summary.results[0].writeLatencyMs.p50);
  // The comparison table: every strategy's row, numbers as the summary has them.
  const cells = await page.$$eval('.compare tbody tr', (rows) => rows.map((r) => Number(r.querySelector<HTMLElement>('[data-cell="staleRate"]')!.dataset.value)));
  assert.equal(cells, s.summary.results.map((r) => r.staleRate));
});

lab('window slider past the 500 ms lag: the stale-read rate falls to zero while master load rises', async () => {
  const seen: Shown[] = [];
  for (const w of ['0', '100', '200', '300', '400', '490', '500', '800']) seen.push(await set('s.3.window', String(Number(w) * 1000)));
  const stale = seen.map((s) => s.metrics.staleRate);
  const load = seen.map((s) => s.metrics['masterOpsPerSec.mean']);
  for (let i = 1; i < seen.length; i++) {
    assert.ok(stale[i] <= stale[i - 1], `stale rate ${stale}`);
    assert.ok(load[i] >= load[i - 1], `master load ${load}`);
  }
  assert.ok(stale[0] > 0.04, `window 0: ${stale[0]}`);
  assert.ok(stale[5] > 0, 'just below the lag, some reads are still stale');
  assert.is(stale[6], 0);
  assert.is(seen[6].text.staleRate, '0%');
  // Moving a strategy's control shows that strategy; its 0% is not painted in alarm red.
  assert.match(seen[6].doc.strategies[3].name, 'post-write-window');
  assert.is(await page.locator('.metric[data-metric="staleRate"] .value').evaluate((e) => getComputedStyle(e).color), 'rgb(46, 125, 50)');
  assert.is(await page.locator('.compare tr[data-focus="0"] [data-cell="staleRate"]').getAttribute('class'), 'bad');
  assert.ok(load[6] > 2 * load[0]);
  // Every point is runScenario's; two of them also through the CLI binary.
  for (const s of seen) assert.equal(s.summary, runScenario(parseScenario(JSON.stringify(s.doc), 'lab.json')));
  assert.equal(seen[0].summary, cli(seen[0].doc));
  assert.equal(seen[5].summary, cli(seen[5].doc));
});

lab('every other control changes the numbers, and the CLI agrees to the last digit', async () => {
  let prev = await shown();
  const moves: Array<[string, string]> = [
    ['lagDist', 'exponential'], ['lagMeanMs', '300'], ['s.3.scope', 'session'], ['readRatePerSec', '1000'],
    ['writeRatePerSec', '40'], ['s.3.name', 'critical-only'], ['criticalFraction', '0.3'], ['durationMs', '5000'], ['seed', '7'],
  ];
  for (const [param, value] of moves) {
    const now = await set(param, value);
    assert.not.equal(now.summary, prev.summary, `${param}=${value} changed nothing`);
    prev = now;
  }
  assert.equal((prev.doc as { cluster: unknown }).cluster, { followers: [{ name: 'follower-1', lag: { dist: 'exponential', mean: '300000us' } }] });
  assert.equal(prev.summary, cli(prev.doc));
  const r = prev.summary.results[3];
  assert.is(r.strategy, 'critical-only');
  assert.is(prev.metrics.masterReadShare, r.masterReadShare);
  assert.ok(Math.abs(r.masterReadShare - 0.3) < 0.05, `critical share of reads ≈ master read share: ${r.masterReadShare}`);
});

lab('every control of every strategy\'s lab form changes that strategy\'s numbers', async () => {
  // [strategy, then its controls in turn]; each move must change the shown strategy's result.
  const plan: Array<[string, Array<[string, string]>]> = [
    ['lag-threshold', [['threshold', '100000'], ['probeInterval', '200000'], ['monitor', 'heartbeat']]],
    ['causal', [['timeout', '100000'], ['scope', 'global'], ['mode', 'fast']]],
    ['adaptive-window', [['factor', '0.5'], ['percentile', '0.5'], ['scope', 'global']]],
    ['post-write-window', [['window', '200000'], ['scope', 'global']]],
  ];
  for (const [name, moves] of plan) {
    let prev = await set('s.1.name', name);
    assert.is(prev.summary.results[1].strategy.split('(')[0], name);
    for (const [field, value] of moves) {
      const now = await set(`s.1.${field}`, value);
      assert.not.equal(now.summary.results[1], prev.summary.results[1], `${name} ${field}=${value} changed nothing`);
      assert.equal(now.summary.results.filter((_, i) => i !== 1), prev.summary.results.filter((_, i) => i !== 1));
      assert.is(now.metrics.staleRate, now.summary.results[1].staleRate);
      prev = now;
    }
    if (name === 'causal') {
      // A read that never waits has no timeout: its control is off and the file has none.
      assert.ok(await page.locator('[data-param="s.1.timeout"]').isDisabled());
      assert.equal(prev.doc.strategies[1], { name: 'causal', mode: 'fast', scope: 'global' });
    }
    assert.equal(prev.summary, cli(prev.doc));
  }
});

lab('the address holds the page: a link opened elsewhere shows the same settings and numbers', async () => {
  await set('s.1.name', 'causal');
  await set('s.1.timeout', '300000');
  await page.click('[data-action="add"]');
  await page.waitForSelector('[data-param="s.5.name"]');
  const before = await set('s.5.name', 'lag-threshold');
  const url = page.url();
  assert.match(url, /#lab=/);
  const other = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await other.goto(url);
  await other.waitForSelector('[data-lagsim-lab][data-runs]');
  const after = await other.evaluate(() => ({
    doc: JSON.parse(document.getElementById('lab-doc')!.textContent!),
    summary: JSON.parse(document.getElementById('lab-summary')!.textContent!),
    tab: document.querySelector<HTMLElement>('[data-tab].on')!.dataset.tab,
    controls: Array.from(document.querySelectorAll<HTMLInputElement>('[data-param]')).map((e) => [e.dataset.param, e.type === 'checkbox' ? e.checked : e.value]),
  }));
  const controls = await page.evaluate(() => Array.from(document.querySelectorAll<HTMLInputElement>('[data-param]')).map((e) => [e.dataset.param, e.type === 'checkbox' ? e.checked : e.value]));
  assert.equal(after.doc, before.doc);
  assert.equal(after.summary, before.summary);
  assert.is(after.tab, 'lab');
  assert.equal(after.controls, controls);
  await other.close();
});

lab('한국어: labels switch, numbers stay; no request leaves the page', async () => {
  const before = await shown();
  await page.screenshot({ path: path.join(os.tmpdir(), 'lagsim-lab-en.png'), fullPage: true });
  await page.click('[data-lang="ko"]');
  await page.waitForFunction(() => document.documentElement.lang === 'ko');
  await page.waitForFunction((n) => Number(document.querySelector<HTMLElement>('[data-lagsim-lab]')!.dataset.runs) > n, Number(await page.getAttribute('[data-lagsim-lab]', 'data-runs')) - 1);
  const after = await shown();
  assert.equal(after.summary, before.summary);
  const labels = await page.locator('.metric .label').allTextContents();
  assert.ok(labels.includes('구 데이터 읽기 비율'), labels.join(' | '));
  assert.match(await page.locator('[data-lagsim-lab]').innerText(), '실험실');
  // The lab's own page: its heading and title follow (the scenario's title.ko).
  assert.is(await page.locator('h1').innerText(), '사과 재고 400 → 0 직후 조회');
  assert.is(await page.title(), 'lagsim 교실 — 사과 재고 400 → 0 직후 조회');
  await page.screenshot({ path: path.join(os.tmpdir(), 'lagsim-lab-ko.png'), fullPage: true });
  assert.equal(offPage, []);
  assert.equal(problems, []);
});

lab('the language is remembered: the page opened again without its address speaks Korean', async () => {
  await page.goto(`file://${pageFile}`);
  await page.waitForSelector('[data-lagsim-lab][data-runs]');
  assert.is(await page.evaluate(() => document.documentElement.lang), 'ko');
  assert.match(await page.locator('[data-tab="story"]').innerText(), '이야기');
  await page.click('[data-lang="en"]');
  await page.goto('about:blank');
  await page.goto(`file://${pageFile}`);
  await page.waitForSelector('[data-lagsim-lab][data-runs]');
  assert.is(await page.evaluate(() => document.documentElement.lang), 'en');
  assert.equal(problems, []);
});

lab.run();

// ---
const walk = suite('the teacher\'s walk-through of index.html from the apple scenario');

for (const lang of ['en', 'ko'] as const) {
  walk(`${lang}: the stale read on the diagram, then the window slider past the lag`, async () => {
    const out = path.join(tmp, `report-${lang}`);
    const r = spawnSync(process.execPath, [path.join(root, 'bin', 'lagsim.js'), 'run', appleFile, '--out', out, '--lang', lang], { encoding: 'utf8' });
    assert.is(r.status, 0, r.stderr);
    const file = path.join(out, 'index.html');
    const p = await browser.newPage({ viewport: { width: 1300, height: 1000 } });
    p.setDefaultTimeout(10_000);
    const away: string[] = [];
    const errors: string[] = [];
    await p.route('**/*', (route) => {
      if (route.request().url().startsWith(`file://${out}/`)) return route.continue();
      away.push(route.request().url());
      return route.abort();
    });
    p.on('pageerror', (e) => errors.push(e.message));
    await p.goto(`file://${file}`);
    await p.waitForSelector('[data-lagsim-lab][data-runs]');
    // The story: the first strategy (all-follower) is shown, with the user's read at 1.2 s stale.
    const shownStory = p.locator('#story .pane:visible');
    assert.is(await shownStory.getAttribute('data-strategy'), 'all-follower');
    assert.is(await shownStory.locator('svg.sequence:visible g.step[data-stale="true"][data-actor="user-1"]').getAttribute('data-t-us'), '1200000');
    assert.match(await shownStory.innerHTML(), lang === 'en' ? 'STALE (master has 0 since 1.000s)' : '구 데이터 (마스터는 1.000s부터 0)');
    await p.locator('#story label', { hasText: 'post-write-window(window=1s,scope=key)' }).click();
    assert.is(await p.locator('#story .pane:visible g.step[data-stale="true"]').count(), 0);
    // The lab: window 0 → 600 ms, past the 500 ms lag.
    await p.click('nav a[href="#lab"]');
    const metric = async (k: string): Promise<number> => Number(await p.getAttribute(`[data-metric="${k}"]`, 'data-value'));
    const move = async (w: string): Promise<void> => {
      const before = await p.getAttribute('[data-lagsim-lab]', 'data-runs');
      await p.locator('[data-param="s.3.window"]').fill(String(Number(w) * 1000));
      await p.waitForFunction((b) => document.querySelector<HTMLElement>('[data-lagsim-lab]')!.dataset.runs !== b, before);
    };
    await move('0');
    const [stale0, load0] = [await metric('staleRate'), await metric('masterOpsPerSec.mean')];
    await move('600');
    const [stale1, load1] = [await metric('staleRate'), await metric('masterOpsPerSec.mean')];
    assert.ok(stale0 > 0.03, `window 0: ${stale0}`);
    assert.is(stale1, 0);
    assert.ok(load1 > load0, `master load ${load0} → ${load1}`);
    const label = await p.locator('[data-metric="staleRate"] .label').textContent();
    assert.is(label, lang === 'en' ? 'stale-read rate' : '구 데이터 읽기 비율');
    await p.screenshot({ path: path.join(os.tmpdir(), `lagsim-report-${lang}.png`), fullPage: true });
    await p.close();
    assert.equal(away, []);
    assert.equal(errors, []);
  });
}

walk('lab.html of a lesson opens on the question, answered by the numbers the page computes', async () => {
  const lessonFile = path.join(root, 'scenarios', 'lessons', '04-window-vs-lag.yaml');
  const doc = YAML.parse(fs.readFileSync(lessonFile, 'utf8'));
  const { js } = await buildLabBundle();
  const file = path.join(tmp, 'lesson.html');
  fs.writeFileSync(file, labPageHtml(js, { name: 'lesson-04', title: 'lesson 4', doc, lang: 'ko', langSwitch: true }));
  const p = await browser.newPage();
  const errors: string[] = [];
  p.on('pageerror', (e) => errors.push(e.message));
  await p.goto(`file://${file}`);
  await p.waitForSelector('[data-lagsim-lab][data-runs]');
  const pane = p.locator('[data-pane="lesson"]');
  assert.ok(await pane.isVisible());
  assert.match(await pane.innerText(), doc.lesson.question.ko);
  assert.equal(await pane.locator('li').evaluateAll((li) => li.map((x) => (x as HTMLElement).dataset.holds)), ['holds', 'holds', 'holds', 'holds']);
  assert.match(await pane.innerText(), '지연과 같은 500ms 윈도에서는 구 데이터 읽기가 하나도 없습니다');
  // The lab tab opens on the lesson's own four windows.
  await p.click('[data-tab="lab"]');
  const windows = await p.$$eval('input[data-param$=".window"]', (els) => els.map((e) => (e as HTMLInputElement).value));
  assert.equal(windows, ['200000', '400000', '500000', '1000000']);
  await p.close();
  assert.equal(errors, []);
});

walk.after(async () => {
  await browser?.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

walk.run();
