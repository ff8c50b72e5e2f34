import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { spawnSync } from 'child_process';
import { chromium, Browser, Page as Tab } from 'playwright-core';
import { STRATEGIES } from '../src/strategies';
import { MAX_LAB_STRATEGIES } from '../src/lab/params';

// Every page lagsim writes, in headless Chromium at phone, tablet and desktop widths: the page
// never scrolls sideways (wide tables, charts and the story diagram scroll in their own box),
// every chart keeps a plot area a reader can use, the story diagram's text keeps its size and
// stays inside the drawing, on a phone the whole story diagram fits its box, and every
// drop-down shows each of its options whole once chosen.
// The pages come from the built CLI (npm run build), as a user would make them.

const root = path.join(__dirname, '..');
const bin = path.join(root, 'bin', 'lagsim.js');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lagsim-layout-'));
const WIDTHS = [360, 768, 1280];
/** The site's lesson with the most participants in its story: two replicas and two users, eight lanes. */
const eightLanes = path.join(tmp, 'site', 'lesson-08.ko.html');
/** The smallest plot area (Chart.js chartArea, or a drawn chart's box) that still reads. */
const MIN_PLOT = { width: 240, height: 160 };
/** The smallest text on the story diagram, in CSS pixels as drawn. */
const MIN_DIAGRAM_FONT_PX = 10;
/** Up to this width the pages lay out for a phone: the story diagram must fit its box, not scroll in it. */
const PHONE_MAX_PX = 600;

function lagsim(...args: string[]): void {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', cwd: root });
  assert.is(r.status, 0, r.stderr);
}

interface Page { name: string; file: string; charts: number; lab: boolean }

/** The lab showing every strategy that has a lab form, so each of their drop-downs is measured. */
function everyStrategy(lang: string): string {
  const strategies = Object.values(STRATEGIES).filter((d) => d.lab !== undefined).map((d) => ({ name: d.name }));
  assert.ok(strategies.length <= MAX_LAB_STRATEGIES);
  return '#lab=' + encodeURIComponent(JSON.stringify({ tab: 'lab', lang, strategies }));
}

function writePages(): Page[] {
  const at = (...p: string[]) => path.join(tmp, ...p);
  lagsim('run', 'scenarios/apple-stock.yaml', '--out', at('report'));
  lagsim('run', 'scenarios/lessons/04-window-vs-lag.yaml', '--out', at('lesson'), '--lang', 'ko');
  lagsim('lab', 'scenarios/apple-stock.yaml', '--out', at('lab.html'));
  lagsim('sweep', 'scenarios/apple-stock.yaml', '--param', 'strategies[3].window=200ms,1s', '--out', at('sweep'), '--workers', '1');
  lagsim('advise', 'scenarios/apple-stock.yaml', '--slo', 'staleRate == 0', '--slo', 'readLatencyMs.p99 < 50', '--out', at('advise'), '--workers', '1');
  lagsim('advise', 'scenarios/apple-stock.yaml', '--slo', 'staleRate == 0', '--out', at('advise-ko'), '--workers', '1', '--lang', 'ko');
  lagsim('site', '--out', at('site'), '--no-pdf');
  return [
    { name: 'report', file: at('report', 'index.html'), charts: 6, lab: true },
    { name: 'lesson report (ko)', file: at('lesson', 'index.html'), charts: 6, lab: true },
    { name: 'lab.html', file: at('lab.html'), charts: 0, lab: true },
    { name: 'lab.html, every strategy', file: at('lab.html') + everyStrategy('en'), charts: 0, lab: true },
    { name: 'lab.html, every strategy (ko)', file: at('lab.html') + everyStrategy('ko'), charts: 0, lab: true },
    { name: 'sweep page', file: at('sweep', 'index.html'), charts: 3, lab: false },
    { name: 'advise page', file: at('advise', 'index.html'), charts: 1, lab: false },
    { name: 'advise page (ko)', file: at('advise-ko', 'index.html'), charts: 1, lab: false },
  ];
}

interface Measured {
  innerWidth: number;
  scrollWidth: number;
  /** Chart.js charts by canvas id: the plot area. */
  charts: Array<{ id: string; width: number; height: number }>;
  /** Drawn charts (the lab's timeline SVG, PNG images): their box. */
  drawn: Array<{ id: string; width: number; height: number }>;
  /** The smallest text on each visible story diagram, as drawn. */
  diagramFonts: Array<{ id: string; px: number }>;
  /** Each visible story diagram: its width as drawn, the width of the box it scrolls in, and its texts that run off its sides. */
  diagrams: Array<{ id: string; width: number; box: number; outside: string[] }>;
  /** Each visible drop-down's options: the width a select needs to show one whole, and the width it has. */
  selects: Array<{ id: string; text: string; need: number; has: number }>;
  /** Words of table cells drawn over more than one line ("simulat / ed"). */
  splitWords: string[];
  /** Each titled panel of a chart of stacked panels: where its axis title runs, along the panels' direction, as drawn. */
  panels: Array<{ chart: string; id: string; horizontal: boolean; from: number; to: number }>;
  /** Category axes on the left: the widest label and the room left of the plot, as drawn. */
  labelRooms: Array<{ id: string; widest: number; room: number }>;
}

/** What the page shows now, measured in the page. */
function measure(): Measured {
  type Scale = {
    id: string; type: string; top: number; bottom: number; left: number; right: number; isHorizontal(): boolean; ticks: Array<{ label: string | string[] }>;
    options: { stack?: string; title?: { display: boolean; text: string | string[]; font: unknown }; ticks: { font: unknown } };
  };
  const chartJs = (window as unknown as { Chart?: {
    helpers: { toFont(font: unknown): { string: string } };
    instances: Record<string, { canvas: HTMLCanvasElement; ctx: CanvasRenderingContext2D; scales: Record<string, Scale>; chartArea: { left: number; right: number; top: number; bottom: number } }>;
  } }).Chart;
  const charts = Object.values(chartJs?.instances ?? {}).map((c) => ({
    id: c.canvas.id, width: c.chartArea.right - c.chartArea.left, height: c.chartArea.bottom - c.chartArea.top,
  }));
  // Shown (not display:none), however narrow: a chart squeezed to nothing is measured, not skipped.
  const visible = (el: Element) => el.getClientRects().length > 0;
  const drawn = Array.from(document.querySelectorAll<SVGSVGElement | HTMLImageElement>('svg.timeline, img')).filter(visible).map((el) => {
    const b = el.getBoundingClientRect();
    return { id: el.id || el.tagName, width: b.width, height: b.height };
  });
  const diagramFonts = Array.from(document.querySelectorAll<SVGSVGElement>('svg.sequence')).filter(visible).map((svg) => {
    const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
    const sizes = Array.from(svg.querySelectorAll('text')).map((t) => parseFloat(getComputedStyle(t).fontSize));
    return { id: svg.id, px: Math.min(...sizes) * scale };
  });
  const diagrams = Array.from(document.querySelectorAll<SVGSVGElement>('svg.sequence')).filter(visible).map((svg) => {
    const side = svg.viewBox.baseVal.width;
    const outside = Array.from(svg.querySelectorAll('text')).filter((t) => {
      const b = t.getBBox();
      return b.x < -0.5 || b.x + b.width > side + 0.5;
    }).map((t) => t.textContent ?? '');
    return { id: svg.id, width: svg.getBoundingClientRect().width, box: svg.parentElement!.clientWidth, outside };
  });
  // A select sizes itself to its widest option; a lone copy of one option, free of the page's
  // widths, needs exactly what that option takes to show whole (text, padding and arrow).
  const selects = Array.from(document.querySelectorAll('select')).filter(visible).flatMap((s) => {
    const has = s.getBoundingClientRect().width;
    return Array.from(s.options).map((o) => {
      const alone = document.createElement('select');
      alone.style.cssText = `position:absolute;left:0;top:0;visibility:hidden;width:auto;min-width:0;max-width:none;font:${getComputedStyle(s).font}`;
      alone.append(new Option(o.text));
      document.body.append(alone);
      const need = alone.getBoundingClientRect().width;
      alone.remove();
      return { id: s.dataset.param ?? s.id, text: o.text, need, has };
    });
  });
  // A word's range has one box per line it is drawn on. Words here run between the places a
  // line may break without splitting one (spaces, hyphens, slashes, brackets, commas).
  const splitWords = Array.from(document.querySelectorAll('td, th')).filter(visible).flatMap((cell) => {
    const words: string[] = [];
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n !== null; n = walker.nextNode()) {
      for (const m of (n.textContent ?? '').matchAll(/[\p{L}\p{N}.%±]+/gu)) {
        const r = document.createRange();
        r.setStart(n, m.index!);
        r.setEnd(n, m.index! + m[0].length);
        if (new Set(Array.from(r.getClientRects()).map((q) => Math.round(q.top))).size > 1) words.push(m[0]);
      }
    }
    return words;
  });
  // An axis title is centred on its panel and runs along it (up a vertical one, across a horizontal one).
  const panels = Object.values(chartJs?.instances ?? {}).flatMap((c) => Object.values(c.scales)
    .filter((s) => s.options.stack !== undefined && s.options.title?.display === true)
    .map((s) => {
      c.ctx.save();
      c.ctx.font = chartJs!.helpers.toFont(s.options.title!.font).string;
      const title = Math.max(...([] as string[]).concat(s.options.title!.text).map((line) => c.ctx.measureText(line).width));
      c.ctx.restore();
      const horizontal = s.isHorizontal();
      const centre = horizontal ? (s.left + s.right) / 2 : (s.top + s.bottom) / 2;
      return { chart: c.canvas.id, id: s.id, horizontal, from: centre - title / 2, to: centre + title / 2 };
    }));
  // Chart.js cuts a category label wider than the room its axis gets: a label line must fit left of the plot.
  const labelRooms = Object.values(chartJs?.instances ?? {}).flatMap((c) => Object.values(c.scales)
    .filter((s) => s.type === 'category' && !s.isHorizontal())
    .map((s) => {
      c.ctx.save();
      c.ctx.font = chartJs!.helpers.toFont(s.options.ticks.font).string;
      const widest = Math.max(0, ...s.ticks.flatMap((tick) => ([] as string[]).concat(tick.label)).map((line) => c.ctx.measureText(line).width));
      c.ctx.restore();
      return { id: `${c.canvas.id} ${s.id}`, widest, room: s.right };
    }));
  return { innerWidth: window.innerWidth, scrollWidth: document.scrollingElement!.scrollWidth, charts, drawn, diagramFonts, diagrams, selects, splitWords, panels, labelRooms };
}

/** Everything wrong with one measurement, one line each. */
function problems(m: Measured, page: Page): string[] {
  const out: string[] = [];
  if (m.scrollWidth > m.innerWidth) out.push(`the page scrolls sideways: ${m.scrollWidth} px of content in ${m.innerWidth} px`);
  if (m.charts.length !== page.charts) out.push(`${m.charts.length} Chart.js charts, expected ${page.charts}`);
  for (const c of [...m.charts, ...m.drawn]) {
    if (c.width < MIN_PLOT.width || c.height < MIN_PLOT.height) {
      out.push(`${c.id}: plot ${Math.round(c.width)}×${Math.round(c.height)} px, below ${MIN_PLOT.width}×${MIN_PLOT.height}`);
    }
  }
  out.push(...diagramProblems(m));
  if (m.splitWords.length > 0) out.push(`table cells split words over lines: ${m.splitWords.slice(0, 8).join(', ')}`);
  for (const l of m.labelRooms) {
    if (l.widest > l.room) out.push(`${l.id}: a category label ${Math.round(l.widest)} px wide, ${Math.round(l.room)} px of room (cut off)`);
  }
  for (const [i, a] of m.panels.entries()) {
    for (const b of m.panels.slice(i + 1)) {
      if (a.chart === b.chart && a.horizontal === b.horizontal && a.from < b.to && b.from < a.to) out.push(`${a.chart}: the axis titles of panels ${a.id} and ${b.id} overlap`);
    }
  }
  for (const s of m.selects) {
    if (s.need > s.has + 0.5) out.push(`${s.id}: "${s.text}" needs ${Math.round(s.need)} px, its select is ${Math.round(s.has)} px (cut off when chosen)`);
  }
  return out;
}

/** What is wrong with the story diagrams shown: text too small or off the drawing, and on a phone a diagram wider than its box. */
function diagramProblems(m: Measured): string[] {
  const out: string[] = [];
  for (const d of m.diagramFonts) {
    if (d.px < MIN_DIAGRAM_FONT_PX) out.push(`${d.id}: diagram text ${d.px.toFixed(1)} px, below ${MIN_DIAGRAM_FONT_PX}`);
  }
  for (const d of m.diagrams) {
    if (m.innerWidth <= PHONE_MAX_PX && d.width > d.box + 0.5) out.push(`${d.id}: story diagram ${Math.round(d.width)} px wide in a ${d.box} px box (the reader scrolls through its lanes)`);
    for (const text of d.outside) out.push(`${d.id}: "${text}" runs off the diagram`);
  }
  return out;
}

let browser: Browser;
let pages: Page[] = [];

/** A page to measure in; tsx names the helpers inside measure() with __name, which the page must know. */
async function open(width: number, file: string, errors: string[] = []): Promise<Tab> {
  const p = await browser.newPage({ viewport: { width, height: 900 } });
  p.on('pageerror', (e) => errors.push(e.message));
  await p.addInitScript('window.__name = function (f) { return f; };');
  await p.goto(`file://${file}`);
  // A lesson page asks for a prediction first; its charts, story and lab show after "show the answer".
  if (await p.$('#predict-show') !== null) await p.click('#predict-show');
  return p;
}

const layout = suite('every page at 360, 768 and 1280 px: no sideways page scroll, readable charts and diagram');

layout.before(async () => {
  pages = writePages();
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
});

layout.after(async () => {
  await browser?.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

layout('the measurement sees what it checks: charts, the lab\'s timeline and the story diagram', async () => {
  const p = await open(360, pages[0].file);
  await p.waitForFunction(() => Object.keys((window as unknown as { Chart: { instances: object } }).Chart.instances).length === 6);
  await p.waitForSelector('[data-lagsim-lab][data-runs]');
  const m = await p.evaluate(measure);
  await p.close();
  assert.is(m.charts.length, 6);
  assert.ok(m.drawn.length >= 1, 'the lab\'s timeline is measured');
  assert.ok(m.diagramFonts.length >= 1, 'a story diagram is shown');
  assert.equal(m.diagrams.map((d) => d.id), ['story-seq-0-narrow', 'lab-seq-narrow'], 'a phone\'s screen shows the narrow renderings, and they are measured');
  assert.ok(m.panels.length >= 2, 'the timeline\'s panels are measured');
  // A planted narrow chart, a shrunken diagram, a diagram wider than its box on a phone with a text
  // off its side, and a panel shorter than its title are reported.
  const planted = {
    ...m, scrollWidth: 477, charts: [{ id: 'chart-rates', width: 113, height: 0 }], diagramFonts: [{ id: 'story-seq-0', px: 3.4 }], selects: [],
    diagrams: [{ id: 'story-seq-0', width: 1156, box: 336, outside: ['binlog #1 (async)'] }],
    panels: [{ chart: 'chart-timeline', id: 'y', horizontal: false, from: 40, to: 190 }, { chart: 'chart-timeline', id: 'y2', horizontal: false, from: 180, to: 300 }],
    labelRooms: [{ id: 'chart-rates y', widest: 240, room: 180 }],
  };
  const found = problems(planted, { ...pages[0], charts: 1 });
  assert.is(found.length, 7, found.join('\n'));
  assert.ok(m.labelRooms.length >= 2, 'the bar charts\' labels are measured');
});

layout('the table measurement sees a word split over lines', async () => {
  const p = await open(360, pages[0].file);
  const before = await p.evaluate(measure);
  // Cells that may split a word anywhere, as the page's body may: the table squeezes the label column.
  await p.addStyleTag({ content: 'th, td { overflow-wrap: anywhere !important; white-space: normal !important; }' });
  const after = await p.evaluate(measure);
  await p.close();
  assert.equal(before.splitWords, []);
  assert.ok(after.splitWords.length > 0, 'a squeezed column is seen');
});

layout('the drop-down measurement sees an option cut off', async () => {
  const p = await open(360, pages.find((x) => x.name === 'lab.html, every strategy (ko)')!.file);
  await p.waitForSelector('[data-lagsim-lab][data-runs] select[data-param="s.0.name"]');
  const before = await p.evaluate(measure);
  const kinds = new Set(before.selects.map((s) => s.id.replace(/^s\.\d+\./, '')));
  for (const field of ['name', 'scope', 'mode', 'monitor', 'disableLoadBalanceOnWrite', 'lagDist']) assert.ok(kinds.has(field), `${field} measured`);
  // An option as long as the old ones ("option — its explanation") in a select as wide as its row.
  await p.evaluate(() => {
    const s = document.querySelector<HTMLSelectElement>('select[data-param="s.0.scope"]')!;
    s.options[0].text = `${s.options[0].text} — 팔로워가 GTID를 적용할 때까지 기다림 (자동 커밋에서는 효과 없음)`;
  });
  const after = problems(await p.evaluate(measure), { ...pages[0], charts: 0 }).filter((x) => x.includes('cut off'));
  await p.close();
  assert.is(after.length, 1, after.join('\n'));
});

layout('a site lesson: the story of eight participants and seven charts with long legends and labels, at 360, 768 and 1280 px', async () => {
  const bad: string[] = [];
  const page: Page = { name: 'site lesson 8 (ko)', file: eightLanes, charts: 7, lab: true };
  for (const width of WIDTHS) {
    const p = await open(width, eightLanes);
    await p.waitForSelector('[data-lagsim-lab][data-runs]');
    await p.waitForFunction((n) => Object.keys((window as unknown as { Chart: { instances: object } }).Chart.instances).length === n, page.charts);
    const m = await p.evaluate(measure);
    await p.close();
    assert.is(m.diagrams.length, 2, `${width} px: the story and the lab's story are shown`);
    bad.push(...problems(m, page).map((s) => `${width} px: ${s}`));
  }
  assert.equal(bad, [], bad.join('\n'));
});

for (const width of WIDTHS) {
  layout(`${width} px`, async () => {
    const bad: string[] = [];
    for (const page of pages) {
      const errors: string[] = [];
      const p = await open(width, page.file, errors);
      if (page.charts > 0) {
        await p.waitForFunction((n) => Object.keys((window as unknown as { Chart: { instances: object } }).Chart.instances).length === n, page.charts);
      }
      if (page.lab) await p.waitForSelector('[data-lagsim-lab][data-runs]');
      const views: Array<[string, Measured]> = [[page.name, await p.evaluate(measure)]];
      // lab.html opens on the story; its lab tab has the controls, the numbers and the timeline.
      const labTab = p.locator('button[data-tab="lab"]');
      if (await labTab.count() > 0) {
        await labTab.click();
        await p.waitForSelector('svg.timeline', { state: 'attached' });
        views.push([`${page.name}, lab tab`, await p.evaluate(measure)]);
      }
      for (const [name, m] of views) bad.push(...problems(m, page).map((s) => `${name}: ${s}`));
      bad.push(...errors.map((e) => `${page.name}: page error ${e}`));
      await p.close();
    }
    assert.equal(bad, [], bad.join('\n'));
  });
}

layout.run();
