import * as fs from 'fs';
import * as path from 'path';
import { Lang, LANGS, langName, t } from '../i18n';
import { esc, plainPage } from '../report/html/page';
import type { Lesson } from '../scenario/lesson';
import type { FindingAnswer } from '../lesson/answer';

/**
 * The classroom site's own pages — the index of lessons, the glossary, the teacher page —
 * and the navigation every page of the site carries. The site is one flat folder: each page
 * exists once per language as `<page>.<lang>.html`, so every link is a bare file name.
 */

/** A lesson of the site: its file stem (`lesson-01`), and what the index and teacher page show. */
export interface SiteLesson {
  stem: string;
  order: number;
  title: Record<Lang, string>;
  lesson: Lesson;
  seed: number;
  runs: number;
  /** Each exercise's check claims judged on its changed scenario (per language). */
  exerciseChecks: Record<Lang, FindingAnswer[][]>;
}

export const pageFile = (stem: string, lang: Lang): string => `${stem}.${lang}.html`;
export const pdfFile = (stem: string, lang: Lang): string => `${stem}.${lang}.pdf`;

/** The links above every page: all lessons, neighbours, lab, glossary, teacher page, the other languages. */
export function siteNav(lang: Lang, stem: string, extra: Array<[string, string]> = []): string {
  const links: Array<[string, string]> = [
    [pageFile('index', lang), t(lang, 'site.index')],
    ...extra,
    [pageFile('lab', lang), t(lang, 'section.lab')],
    [pageFile('glossary', lang), t(lang, 'site.glossary')],
  ];
  const others = LANGS.filter((l) => l !== lang).map((l) => `<a href="${esc(pageFile(stem, l))}" hreflang="${l}" lang="${l}">${esc(langName(l))}</a>`);
  return `<nav class="site-nav">${links.map(([href, text]) => `<a href="${esc(href)}">${esc(text)}</a>`).join('')}` +
    `<span>${esc(t(lang, 'site.otherLang'))} ${others.join(' ')}</span></nav>`;
}

/** A lesson page's neighbours, for its navigation. */
export function neighbours(lessons: SiteLesson[], i: number, lang: Lang): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  if (i > 0) out.push([pageFile(lessons[i - 1].stem, lang), t(lang, 'site.prev')]);
  if (i + 1 < lessons.length) out.push([pageFile(lessons[i + 1].stem, lang), t(lang, 'site.next')]);
  return out;
}

export function indexPage(lessons: SiteLesson[], lang: Lang, withPdf: boolean): string {
  const title = t(lang, 'site.title', { count: lessons.length });
  const items = lessons.map((l) => {
    const runs = l.runs > 1 ? t(lang, 'html.runs.many', { n: l.runs }) : t(lang, 'html.runs.one');
    const pdf = withPdf ? ` · <a href="${esc(pdfFile(l.stem, lang))}">${esc(t(lang, 'site.handout'))}</a>` : '';
    return `<li><a href="${esc(pageFile(l.stem, lang))}"><strong>${esc(l.title[lang])}</strong></a>${pdf}` +
      `<br><span class="question">${esc(l.lesson.question[lang])}</span> <span class="meta">(${esc(t(lang, 'site.seed', { seed: l.seed, runs }))})</span></li>`;
  });
  const body = `${siteNav(lang, 'index')}
<header><h1>${esc(title)}</h1><p class="description">${esc(t(lang, 'site.intro'))}</p></header>
<section id="lessons"><h2>${esc(t(lang, 'site.lessons'))}</h2>
<ol class="lessons">
${items.join('\n')}
</ol>
</section>
<section id="more"><ul>
<li><a href="${esc(pageFile('lab', lang))}">${esc(t(lang, 'site.lab'))}</a></li>
<li><a href="${esc(pageFile('glossary', lang))}">${esc(t(lang, 'site.glossary'))}</a></li>
<li><a href="${esc(pageFile('teacher', lang))}">${esc(t(lang, 'site.teacher'))}</a></li>
</ul></section>
<style>ol.lessons li { margin: 14px 0; } ol.lessons .question { color: var(--fg); } ol.lessons .meta { font-size: .85rem; }</style>`;
  return plainPage(lang, title, body);
}

/** A term of the glossary: its English and Korean words, and its notes in each language. */
export interface GlossaryRow {
  en: string;
  ko: string;
  notes: Record<Lang, string>;
}

/**
 * The rows of docs/glossary.md's term table (the one whose header starts with "| English"):
 * English, Korean, forbidden alternatives (for the glossary test), notes, notes in Korean.
 */
export function glossaryRows(text: string): GlossaryRow[] {
  const lines = text.split('\n');
  const start = lines.findIndex((l) => l.startsWith('| English'));
  if (start < 0) return [];
  const rows: GlossaryRow[] = [];
  for (const line of lines.slice(start + 2)) {
    if (!line.startsWith('|')) break;
    const cells = line.split(/(?<!\\)\|/).slice(1, -1).map((c) => c.trim().replace(/\\\|/g, '|'));
    rows.push({ en: cells[0], ko: cells[1], notes: { en: cells[3] ?? '', ko: cells[4] ?? '' } });
  }
  return rows;
}

/** docs/glossary.md as the package ships it (`files` in package.json lists docs/). */
export function readGlossary(): string {
  return fs.readFileSync(path.join(__dirname, '..', '..', 'docs', 'glossary.md'), 'utf8');
}

/** Markdown `code` in a glossary cell as <code>, everything else as text. */
function cell(text: string): string {
  return text.split('`').map((part, i) => (i % 2 === 1 ? `<code>${esc(part)}</code>` : esc(part))).join('');
}

export function glossaryPage(markdown: string, lang: Lang): string {
  const title = t(lang, 'glossary.title');
  const rows = glossaryRows(markdown).map((r) => `<tr><td class="text">${cell(r.en)}</td><td class="text" lang="ko">${cell(r.ko)}</td><td class="text">${cell(r.notes[lang])}</td></tr>`);
  const body = `${siteNav(lang, 'glossary')}
<header><h1>${esc(title)}</h1><p class="description">${esc(t(lang, 'glossary.intro'))}</p></header>
<div class="scroll"><table class="glossary"><thead><tr><th class="text">${esc(t(lang, 'glossary.en'))}</th><th class="text">${esc(t(lang, 'glossary.ko'))}</th><th class="text">${esc(t(lang, 'glossary.notes'))}</th></tr></thead>
<tbody>
${rows.join('\n')}
</tbody></table></div>
<style>table.glossary td { white-space: normal; min-width: 8em; }</style>`;
  return plainPage(lang, title, body);
}

export function teacherPage(lessons: SiteLesson[], lang: Lang): string {
  const title = t(lang, 'teacher.title');
  const sections = lessons.map((l) => {
    const exercises = l.lesson.exercises.map((e, i) => {
      const change = Object.entries(e.change).map(([k, v]) => `${k}: ${JSON.stringify(v)}`).join(', ');
      const checks = l.exerciseChecks[lang][i].map((c) => {
        const mark = c.holds === true ? '✓' : c.holds === false ? '✗' : '?';
        const state = c.holds === true ? t(lang, 'lesson.holds') : t(lang, c.holds === false ? 'lesson.fails' : 'lesson.unknown');
        return `<li data-holds="${c.holds}"><span class="mark">${mark}</span> <span class="check">${esc(c.check)} — ${esc(state)}</span></li>`;
      });
      return `<li><p>${esc(e.task[lang])}</p><p class="check">${esc(t(lang, 'teacher.change', { change }))}</p>` +
        `<p><strong>${esc(t(lang, 'lesson.expect'))}:</strong> ${esc(e.answer[lang])}</p><ul class="answers">${checks.join('')}</ul></li>`;
    });
    const list = exercises.length === 0 ? `<p>${esc(t(lang, 'teacher.noExercises'))}</p>` : `<ol>${exercises.join('\n')}</ol>`;
    return `<section id="${esc(l.stem)}" class="lesson"><h2><a href="${esc(pageFile(l.stem, lang))}">${esc(l.title[lang])}</a></h2>
<p class="question"><strong>${esc(t(lang, 'lesson.question'))}:</strong> ${esc(l.lesson.question[lang])}</p>
${list}
</section>`;
  });
  const body = `${siteNav(lang, 'teacher')}
<header><h1>${esc(title)}</h1><p class="description">${esc(t(lang, 'teacher.intro'))}</p></header>
${sections.join('\n')}`;
  return plainPage(lang, title, body);
}
