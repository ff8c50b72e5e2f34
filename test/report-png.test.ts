import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { loadImage, createCanvas } from 'canvas';
import { loadScenarioFile } from '../src/scenario/load';
import { collectReport } from '../src/report/collect';
import { writeReport } from '../src/report/write';
import { chartClient, koreanFonts } from '../src/report/charts/png';
import { PNG_HEIGHT, PNG_WIDTH } from '../src/report/charts/theme';
import { scenario } from './helpers';
import { execFileSync } from 'child_process';
import { ko } from '../src/i18n/ko';

const apple = loadScenarioFile(path.join(__dirname, '..', 'scenarios', 'apple-stock.yaml'));
const CHARTS = ['rates.png', 'tradeoff.png', 'timeline.png', 'latency.png', 't-visibility.png', 'staleness.png'];

function tmpDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'lagsim-png-'));
}

/** Decodes a PNG and returns its size and the share of pixels that are not white. */
async function inspect(file: string): Promise<{ width: number; height: number; inked: number; colours: number }> {
  const img = await loadImage(fs.readFileSync(file));
  const canvas = createCanvas(img.width, img.height);
  const ctx = canvas.getContext('2d');
  ctx.drawImage(img, 0, 0);
  const px = ctx.getImageData(0, 0, img.width, img.height).data;
  let inked = 0;
  const colours = new Set<number>();
  for (let i = 0; i < px.length; i += 4) {
    if (px[i] < 245 || px[i + 1] < 245 || px[i + 2] < 245) inked++;
    if (i % 64 === 0) colours.add((px[i] << 16) | (px[i + 1] << 8) | px[i + 2]);
  }
  return { width: img.width, height: img.height, inked: inked / (px.length / 4), colours: colours.size };
}

/** Writes the apple story's report, in English, into a new folder; returns the folder and the names written. */
function appleReport(): { dir: string; written: string[] } {
  const dir = tmpDir();
  const data = collectReport(apple);
  return { dir, written: writeReport(dir, apple, data.summary, { data, lang: 'en' }).map((f) => path.basename(f)) };
}

/** The first apple report: its charts are inspected, and a second one must equal it byte for byte. */
let first: ReturnType<typeof appleReport>;

// ---
const files = suite('writeReport: the PNG charts');

files.before(() => {
  first = appleReport();
});

files('apple story: every chart decodes at 1280×720 and has something drawn on it', async () => {
  const { dir, written } = first;
  for (const name of CHARTS) {
    assert.ok(written.includes(name), `${name} written`);
    const png = await inspect(path.join(dir, name));
    assert.is(png.width, PNG_WIDTH, name);
    assert.is(png.height, PNG_HEIGHT, name);
    assert.ok(png.inked > 0.02, `${name}: ${(png.inked * 100).toFixed(1)}% of pixels drawn`);
    assert.ok(png.colours > 8, `${name}: ${png.colours} colours — more than axes and text`);
  }
  assert.ok(written.includes('index.html'));
});

files('replications with CIs, in Korean: same sizes', async () => {
  const sc = scenario({
    name: 'ci', seed: 3, duration: '20s',
    cluster: { followers: [{ name: 'f1', lag: { dist: 'exponential', mean: '200ms' } }, { name: 'f2', lag: '100ms' }] },
    workload: { keys: 20, sessions: 30, writeRate: '5/s', readRate: '60/s', criticalFraction: 0.1 },
    strategies: ['all-follower', 'critical-only', { name: 'post-write-window', window: '300ms', scope: 'session' }],
  });
  const dir = tmpDir();
  const data = collectReport(sc, 4);
  writeReport(dir, sc, data.summary, { data, lang: 'ko' });
  for (const name of CHARTS) {
    const png = await loadImage(fs.readFileSync(path.join(dir, name)));
    assert.equal([png.width, png.height], [PNG_WIDTH, PNG_HEIGHT], name);
  }
});

files('the same scenario and seed give the same bytes, PNGs and HTML included', () => {
  const second = appleReport();
  assert.equal(second.written, first.written);
  for (const name of first.written) assert.ok(fs.readFileSync(path.join(first.dir, name)).equals(fs.readFileSync(path.join(second.dir, name))), name);
});

files.run();

// ---
const fonts = suite('fonts: Hangul renders with a real font, not boxes');

fonts('fontconfig has a Korean font, and it is the first family the charts ask for', () => {
  const families = koreanFonts().join('\n');
  const first = /'([^']+)'/.exec(chartClient().FONT)![1];
  assert.ok(families.includes(first), `fc-list :lang=ko lists ${first} (Debian: fonts-noto-cjk); it lists:\n${families}`);
});

fonts('that font has a glyph for every character of the Korean strings and the bundled scenario files', () => {
  const first = /'([^']+)'/.exec(chartClient().FONT)![1];
  const root = path.join(__dirname, '..', 'scenarios');
  const titles = (fs.readdirSync(root, { recursive: true }) as string[])
    .filter((f) => /\.(ya?ml|json)$/.test(f))
    .map((f) => fs.readFileSync(path.join(root, f), 'utf8'));
  const text = Object.values(ko).join('') + titles.join('');
  const codes = [...new Set([...text].map((c) => c.codePointAt(0)!).filter((c) => c > 0x7f))].sort((x, y) => x - y);
  assert.ok(codes.some((c) => c >= 0xac00 && c <= 0xd7af), 'there is Hangul to check');
  // fontconfig lists the family only if it covers every code point of the charset.
  const out = execFileSync('fc-list', [`${first}:charset=${codes.map((c) => c.toString(16)).join(' ')}`, 'family'], { encoding: 'utf8' });
  assert.ok(out.includes(first), `${first} lacks some of: ${String.fromCodePoint(...codes)}`);
});

fonts.run();
