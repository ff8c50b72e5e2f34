import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import YAML from 'yaml';
import { chromium, Browser, BrowserContext, Page } from 'playwright-core';
import { loadScenarioFile } from '../src/scenario/load';
import { collectReport } from '../src/report/collect';
import { runCharts } from '../src/report/charts/runCharts';
import { runPage } from '../src/report/html/runPage';
import { inLang } from '../src/scenario/text';
import { siteNav } from '../src/site/pages';

// Predict, then reveal, in headless Chromium from file:// (as a student opens the site): the
// run's numbers are hidden until the student predicts or asks for the answer, the prediction
// survives a reload, and the printed page carries no controls, lab or navigation.

const root = path.join(__dirname, '..');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lagsim-predict-'));

/**
 * Lesson 1's page in `lang`: the site's, as `lagsim site` writes it, or with `report` the
 * report's, as `lagsim run` writes it (the lab from dist/: needs `npm run build`).
 */
function lessonPage(lang: 'en' | 'ko', report = false): string {
  const file0 = path.join(root, 'scenarios', 'lessons', '01-stale-read.yaml');
  const sc = loadScenarioFile(file0);
  const data = collectReport(sc, sc.input.lesson!.runs);
  const classroom = { doc: { ...YAML.parse(fs.readFileSync(file0, 'utf8')), seed: sc.seed }, bundleJs: fs.readFileSync(path.join(root, 'dist', 'lab', 'lab.bundle.js'), 'utf8') };
  const site = report ? undefined : { nav: siteNav(lang, 'lesson-01') };
  const html = runPage(sc, data.summary, runCharts(inLang(sc, lang), data, lang), [], lang, classroom, site);
  const file = path.join(tmp, `lesson-01${report ? '-report' : ''}.${lang}.html`);
  fs.writeFileSync(file, html);
  return `file://${file}`;
}

let browser: Browser;
let context: BrowserContext;
let urls: Record<'en' | 'ko' | 'report', string>;

const shown = (p: Page, selector: string) => p.locator(selector).first().isVisible();

const s = suite('a lesson page in the browser: predict, then reveal');

s.before(async () => {
  urls = { en: lessonPage('en'), ko: lessonPage('ko'), report: lessonPage('ko', true) };
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--no-first-run'] });
  context = await browser.newContext({ viewport: { width: 360, height: 800 } });
});

s.after(async () => {
  await browser?.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

s('the answer is hidden until the prediction; the prediction shows beside the run\'s number, and stays after a reload', async () => {
  const p = await context.newPage();
  const errors: string[] = [];
  p.on('pageerror', (e) => errors.push(e.message));
  await p.goto(urls.en);
  assert.ok(await shown(p, '#predict'), 'the prediction form is shown');
  for (const id of ['#lesson-answer', '#summary', '#findings', '#charts', '#story']) assert.not.ok(await shown(p, id), `${id} is hidden before the prediction`);
  assert.ok(await shown(p, 'ol.exercises'), 'the exercises\' tasks are shown from the start');

  await p.fill('#guess-p0', '1');
  await p.click('#predict-save');
  for (const id of ['#lesson-answer', '#summary', '#findings', '#charts']) assert.ok(await shown(p, id), `${id} is shown after the prediction`);
  const row = p.locator('table.guesses tbody tr').first();
  assert.equal(await row.locator('td').allTextContents(), ['stale reads of all-follower', '1', '2']);
  assert.match(await p.locator('#predict-record').textContent() ?? '', 'Your prediction is recorded');

  await p.reload();
  assert.is(await p.inputValue('#guess-p0'), '1', 'the prediction is kept');
  assert.ok(await shown(p, '#lesson-answer'), 'and the answer stays shown');
  assert.is(await row.locator('td').nth(1).textContent(), '1');

  await p.click('#predict-reset');
  assert.is(await p.inputValue('#guess-p0'), '');
  assert.not.ok(await shown(p, '#lesson-answer'), 'predicting again hides the answer');
  await p.reload();
  assert.not.ok(await shown(p, '#lesson-answer'), 'and forgets the prediction');
  assert.equal(errors, []);
  await p.close();
});

s('"show the answer" reveals without a prediction (Korean page), and the English page shares the prediction', async () => {
  const p = await context.newPage();
  await p.goto(urls.ko);
  assert.not.ok(await shown(p, '#summary'));
  await p.click('#predict-show');
  assert.ok(await shown(p, '#summary'));
  assert.is(await p.locator('table.guesses tbody tr td').nth(1).textContent(), '—');
  assert.match(await p.locator('#predict-record').textContent() ?? '', '예측 없이 답을 보여 줍니다');
  await p.goto(urls.en);
  assert.ok(await shown(p, '#summary'), 'one lesson, one prediction, whichever language');
  await p.close();
});

/** Each link at the top of the page (header nav) to a section on it: whether the link and its section are shown. */
async function sectionLinks(p: Page): Promise<Array<{ href: string; link: boolean; section: boolean }>> {
  const hrefs = await p.locator('header nav a[href^="#"]').evaluateAll((as) => as.map((a) => a.getAttribute('href')!));
  return Promise.all(hrefs.map(async (href) => ({ href, link: await shown(p, `header nav a[href="${href}"]`), section: await shown(p, href) })));
}

s('the links at the top to sections hidden until the reveal hide with them, and show after it (site page and report)', async () => {
  for (const url of [urls.en, urls.report]) {
    // A browser with no prediction stored yet (the tests above revealed this lesson).
    const fresh = await browser.newContext({ viewport: { width: 360, height: 800 } });
    const p = await fresh.newPage();
    await p.goto(url);
    const before = await sectionLinks(p);
    for (const id of ['#summary', '#findings', '#charts', '#lab']) {
      assert.equal(before.find((l) => l.href === id), { href: id, link: false, section: false }, `${url}: ${id} and its link before the reveal`);
    }
    const open = before.filter((l) => l.section);
    assert.ok(open.length > 0 && open.every((l) => l.link), `${url}: the links to sections shown from the start are shown: ${JSON.stringify(before)}`);
    await p.click('#predict-show');
    const after = await sectionLinks(p);
    assert.is(after.length, before.length);
    for (const l of after) assert.equal(l, { href: l.href, link: true, section: true }, `${url}: ${l.href} after the reveal`);
    await fresh.close();
  }
});

s('without localStorage (a browser that refuses it) the page still predicts and reveals', async () => {
  const p = await context.newPage();
  await p.addInitScript(() => {
    Object.defineProperty(window, 'localStorage', { get() { throw new Error('SecurityError'); } });
  });
  const errors: string[] = [];
  p.on('pageerror', (e) => errors.push(e.message));
  await p.goto(urls.en);
  await p.fill('#guess-p0', '3');
  await p.click('#predict-save');
  assert.ok(await shown(p, '#lesson-answer'));
  assert.is(await p.locator('table.guesses tbody tr td').nth(1).textContent(), '3');
  assert.equal(errors, []);
  await p.close();
});

s('printed, the handout has the question and the prediction\'s fields, and no buttons or navigation', async () => {
  // A fresh profile: the pages above kept a prediction for this lesson (one key for both languages).
  const fresh = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const p = await fresh.newPage();
  await p.goto(urls.en);
  await p.emulateMedia({ media: 'print' });
  assert.ok(await shown(p, '.question'));
  assert.ok(await shown(p, '#guess-p0'), 'the fields to fill on paper');
  for (const sel of ['#predict-save', '#predict-show', 'nav.site-nav', 'header nav', '#lesson-answer']) assert.not.ok(await shown(p, sel), `${sel} is not printed`);
  await p.emulateMedia({ media: 'screen' });
  assert.ok(await shown(p, '#predict-save'), 'on screen the controls are back');
  await p.click('#predict-show');
  assert.ok(await shown(p, '#lab'), 'the lab is on the page after the reveal');
  await p.emulateMedia({ media: 'print' });
  assert.not.ok(await shown(p, '#lab'), 'and never printed');
  assert.ok(await shown(p, '#summary'), 'a revealed page prints its numbers');
  await fresh.close();
});

s.run();
