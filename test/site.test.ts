import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { spawn } from 'child_process';
import { findChromium, printPdfs } from '../src/site/pdf';
import { glossaryRows } from '../src/site/pages';
import { siteFileNames } from '../src/site/build';
import { cli, Outcome } from './cli';

// `lagsim site` through the built CLI, in this process (test/cli.ts; needs `npm run build`):
// the folder it writes, every link in it, and the report folder rules (a link in the target
// is refused, never followed). The PDF handouts' printing, and a signal while printing, which
// needs a process of its own.

const root = path.join(__dirname, '..');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lagsim-site-'));
const LESSONS = 10;

const lagsim = (...args: string[]): Promise<Outcome> => cli(args, { locale: { LANG: 'C' } });

const site = path.join(tmp, 'site');
const trapped = path.join(tmp, 'trapped');
const outside = path.join(tmp, 'outside.txt');
let good: Outcome;
let refused: Outcome;

const s = suite('lagsim site: one folder with every lesson, the lab, the glossary and the teacher page');

s.before(async () => {
  fs.mkdirSync(trapped);
  fs.writeFileSync(outside, 'not lagsim\'s\n');
  fs.symlinkSync(outside, path.join(trapped, 'lesson-03.ko.html'));
  // The first builds the whole site (about 3 CPU seconds without PDFs); the second is refused before it builds.
  good = await lagsim('site', '--out', site, '--no-pdf', '--lang', 'ko');
  refused = await lagsim('site', '--out', trapped, '--no-pdf');
});

s.after(() => fs.rmSync(tmp, { recursive: true, force: true }));

s('writes the expected files, and says it skipped the PDFs', () => {
  assert.is(good.code, 0, good.stderr);
  const expected = ['index.html'];
  for (const lang of ['en', 'ko']) {
    for (let i = 1; i <= LESSONS; i++) expected.push(`lesson-${String(i).padStart(2, '0')}.${lang}.html`);
    expected.push(...['index', 'lab', 'glossary', 'teacher'].map((p) => `${p}.${lang}.html`));
  }
  assert.equal(fs.readdirSync(site).sort(), expected.sort());
  // The names the target folder is checked for before the build are the ones written.
  assert.equal(siteFileNames(false).sort(), expected.sort());
  assert.match(good.stdout, `${site}${path.sep}`);
  assert.match(good.stdout, `(파일 ${expected.length}개)`);
  const lines = good.stdout.trim().split('\n');
  assert.is(lines.length, 2);
  assert.match(lines[1], 'PDF를 건너뛰었습니다 (--no-pdf)');
  // index.html is the index in --lang's language.
  assert.is(fs.readFileSync(path.join(site, 'index.html'), 'utf8'), fs.readFileSync(path.join(site, 'index.ko.html'), 'utf8'));
});

s('the index lists the ten lessons in order, in each language', () => {
  for (const lang of ['en', 'ko']) {
    const html = fs.readFileSync(path.join(site, `index.${lang}.html`), 'utf8');
    const order = [...html.matchAll(/href="lesson-(\d\d)\.(\w+)\.html"/g)].map((m) => [Number(m[1]), m[2]]);
    assert.equal(order, Array.from({ length: LESSONS }, (_, i) => [i + 1, lang]));
    assert.match(html, `<html lang="${lang}">`);
    assert.not.match(html, '.pdf"', 'no PDF is linked when none was printed');
  }
  assert.match(fs.readFileSync(path.join(site, 'index.ko.html'), 'utf8'), '수업 1: 사과 재고 400 → 0');
});

s('every link and resource in the site is relative and resolves to a file in the folder', () => {
  let links = 0;
  for (const name of fs.readdirSync(site).filter((n) => n.endsWith('.html'))) {
    const html = fs.readFileSync(path.join(site, name), 'utf8');
    for (const m of html.matchAll(/\s(?:href|src)="([^"]*)"/g)) {
      const target = m[1];
      if (target.startsWith('#') || target.startsWith('data:')) continue;
      links++;
      assert.not.match(target, /^[a-z]+:|^\/|\.\./i, `${name}: ${target} is not a bare file name`);
      const file = target.split('#')[0];
      assert.ok(fs.statSync(path.join(site, file)).isFile(), `${name} links ${target}, which is not in the folder`);
    }
    // Addresses inside bundled code (schema ids, licence notes) are text; the policy forbids any fetch.
    assert.match(html, `content="default-src 'none';`, `${name} fetches nothing`);
  }
  assert.ok(links > 200, `${links} links checked`);
});

s('a lesson page asks first: the prediction form, then the answer marked for the reveal, then the tasks without answers', () => {
  const html = fs.readFileSync(path.join(site, 'lesson-01.en.html'), 'utf8');
  const form = html.indexOf('<form id="predict"'), answer = html.indexOf('id="lesson-answer"');
  assert.ok(form > 0 && answer > form);
  assert.match(html, '<section id="summary" class="reveal">');
  assert.match(html, '<section id="charts" class="reveal">');
  assert.match(html, 'stale reads of all-follower');
  assert.match(html, 'Make follower-1 faster');
  for (const [name, page] of [['lesson-01.en.html', html], ['lesson-01.ko.html', fs.readFileSync(path.join(site, 'lesson-01.ko.html'), 'utf8')]]) {
    assert.not.match(page, /the change is applied at 1\.15 s|변경이 1\.15초에 적용되므로/, `${name}: the exercise's expected outcome is for the teacher page`);
  }
  assert.not.match(html, 'id="files"', 'the site has no report files to list');
  // The frontier lesson asks which strategies are on it, as a choice among its strategies.
  const frontierPage = fs.readFileSync(path.join(site, 'lesson-07.ko.html'), 'utf8');
  assert.match(frontierPage, 'type="checkbox" name="p0" value="all-master"');
});

s('the teacher page has every exercise\'s expected outcome, checked on the changed scenario', () => {
  const html = fs.readFileSync(path.join(site, 'teacher.en.html'), 'utf8');
  assert.match(html, 'the change is applied at 1.15 s');
  const marks = [...html.matchAll(/data-holds="(\w+)"/g)].map((m) => m[1]);
  assert.ok(marks.length >= 10, `${marks.length} checks`);
  assert.ok(marks.every((m) => m === 'true'), 'every exercise check holds on its seed');
  assert.match(fs.readFileSync(path.join(site, 'teacher.ko.html'), 'utf8'), '1.1초의 판매자 읽기 하나뿐입니다');
});

s('the glossary page is docs/glossary.md\'s table', () => {
  const rows = glossaryRows(fs.readFileSync(path.join(root, 'docs', 'glossary.md'), 'utf8'));
  assert.ok(rows.length > 20);
  const html = fs.readFileSync(path.join(site, 'glossary.ko.html'), 'utf8');
  assert.is([...html.matchAll(/<tr><td/g)].length, rows.length);
  assert.match(html, '<td class="text" lang="ko">복제 지연</td>');
  assert.match(html, '<code>monitor: sbm | heartbeat</code>', 'an escaped | in a cell is a |');
});

s('the glossary\'s notes are in the page\'s language: English on the English page, Korean on the Korean one', () => {
  const rows = glossaryRows(fs.readFileSync(path.join(root, 'docs', 'glossary.md'), 'utf8'));
  const notes = (lang: string): string[] => [...fs.readFileSync(path.join(site, `glossary.${lang}.html`), 'utf8')
    .matchAll(/<tr><td[^>]*>.*?<\/td><td[^>]*>.*?<\/td><td class="text">(.*?)<\/td><\/tr>/g)].map((m) => m[1]);
  const entities: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };
  const text = (html: string): string => html.replace(/<code>.*?<\/code>/g, 'code').replace(/&[#\w]+;/g, (e) => entities[e]);
  assert.equal(notes('en').map(text), rows.map((r) => r.notes.en.replace(/`[^`]*`/g, 'code')));
  assert.equal(notes('ko').map(text), rows.map((r) => r.notes.ko.replace(/`[^`]*`/g, 'code')));
  assert.equal(rows.filter((r) => (r.notes.en === '') !== (r.notes.ko === '')).map((r) => r.en), [], 'a note in one language has one in the other');
  // English prose: three Latin words in a row, outside code (names such as lag-threshold or d_i are one word).
  const english = notes('ko').map(text).filter((n) => /[A-Za-z]+ [A-Za-z]+ [A-Za-z]+/.test(n));
  assert.equal(english, [], 'the Korean page\'s notes are Korean');
  assert.ok(notes('en').map(text).filter((n) => /[A-Za-z]+ [A-Za-z]+ [A-Za-z]+/.test(n)).length > 10, 'the English page\'s are English');
});

s('a link in the target folder is refused, never followed, and nothing is written', () => {
  assert.is(refused.code, 2, refused.stderr);
  assert.match(refused.stderr, 'lesson-03.ko.html');
  assert.is(fs.readFileSync(outside, 'utf8'), 'not lagsim\'s\n');
  assert.equal(fs.readdirSync(trapped), ['lesson-03.ko.html']);
});

s('findChromium looks on PATH and finds nothing where there is none', () => {
  const bin = path.join(tmp, 'bin');
  fs.mkdirSync(bin);
  assert.is(findChromium({ PATH: bin }), null);
  fs.writeFileSync(path.join(bin, 'chromium-browser'), '#!/bin/sh\n', { mode: 0o755 });
  assert.is(findChromium({ PATH: bin }), path.join(bin, 'chromium-browser'));
});

s('printPdfs prints each page with Chromium, in page order; a page the browser fails on is left out', async () => {
  const chromium = findChromium();
  assert.ok(chromium !== null, 'Chromium is installed where the tests run (scripts/install-deps.sh --test)');
  const page = (title: string): string => `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title></head><body><h1>${title}</h1></body></html>`;
  const pages: Array<[string, string]> = [['b.html', page('B')], ['a.html', page('가')], ['c.html', page('C')]];
  const progress: string[] = [];
  const pdfs = await printPdfs(chromium, pages, (d, n) => progress.push(`${d}/${n}`));
  assert.equal([...pdfs.keys()], ['b.html', 'a.html', 'c.html']);
  for (const pdf of pdfs.values()) assert.is(pdf.subarray(0, 5).toString('latin1'), '%PDF-');
  assert.equal(progress, ['1/3', '2/3', '3/3']);
  // A browser that prints every page but a.html, as the real one would (--print-to-pdf=FILE).
  const fake = path.join(tmp, 'fake-chromium');
  fs.writeFileSync(fake, '#!/bin/sh\nfor a; do case "$a" in --print-to-pdf=*a.pdf) exit 1;; --print-to-pdf=*) printf %s "%PDF-fake" > "${a#--print-to-pdf=}";; esac; done\n', { mode: 0o755 });
  const some = await printPdfs(fake, pages);
  assert.equal([...some.keys()], ['b.html', 'c.html']);
  assert.is(some.get('c.html')!.toString(), '%PDF-fake');
});

s('SIGTERM while printing: the browser is stopped, no folder and no scratch is left, exit 143', async () => {
  const dir = path.join(tmp, 'term');
  const bin = path.join(dir, 'bin');
  const scratch = path.join(dir, 'tmp');
  fs.mkdirSync(bin, { recursive: true });
  fs.mkdirSync(scratch);
  // A browser that never finishes its print; it notes its process id first.
  fs.writeFileSync(path.join(bin, 'chromium'), `#!/bin/sh\necho $$ > ${dir}/browser.pid\nexec sleep 60\n`, { mode: 0o755 });
  const child = spawn(process.execPath, [path.join(root, 'bin', 'lagsim.js'), 'site', '--out', path.join(dir, 'site')],
    { env: { ...process.env, PATH: `${bin}:${process.env.PATH}`, TMPDIR: scratch }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const pidFile = path.join(dir, 'browser.pid');
  for (let waited = 0; !fs.existsSync(pidFile) || fs.readFileSync(pidFile, 'utf8') === ''; waited += 100) {
    assert.ok(waited < 60_000, 'the site never started printing');
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGTERM');
  assert.is(await exited, 143, stderr);
  assert.match(stderr, 'lagsim: interrupted (SIGTERM)');
  // Stopped: gone, or a zombie waiting for whoever inherited it to collect its exit status.
  const state = (): string => {
    try {
      return fs.readFileSync(`/proc/${Number(fs.readFileSync(pidFile, 'utf8'))}/stat`, 'utf8').split(' ')[2];
    } catch {
      return 'gone';
    }
  };
  assert.ok(['gone', 'Z'].includes(state()), 'the browser was stopped');
  assert.not.ok(fs.existsSync(path.join(dir, 'site')), 'no site folder');
  assert.equal(fs.readdirSync(scratch), [], 'no scratch folder');
});

s.run();
