import * as path from 'path';
import { Scenario } from '../../scenario/types';
import { Summary } from '../../metrics/summary';
import { formatDuration } from '../../engine/time';
import { Lang, MessageKey, lookup, t } from '../../i18n';
import { ChartSpec } from '../charts/spec';
import { chartFigure, esc, htmlPage } from './page';
import { summaryTable } from './summaryTable';
import { findings } from './findings';
import { sloLines } from '../sloText';
import { scenarioView, strategiesView } from './scenarioView';
import { answerLesson } from '../../lesson/answer';
import { lessonHtml, exercisesHtml, withoutExercises } from '../../lesson/render';
import { PREDICT_CSS, PREDICT_SCRIPT, predictForm, predictItems, predictTable } from '../../lesson/predict';
import type { Lesson } from '../../scenario/lesson';
import { ClassroomInput, labHtml, storyHtml } from '../classroom';
import { descriptionIn, inLang } from '../../scenario/text';

/** lagsim's version, for the footer (read once from package.json). */
export function lagsimVersion(): string {
  try {
    return (require(path.join(__dirname, '..', '..', '..', 'package.json')) as { version: string }).version;
  } catch {
    return '';
  }
}

/** A list of the folder's files with what each holds. */
export function filesList(files: string[], charts: ChartSpec[], lang: Lang): string {
  const captionOf = new Map(charts.map((c) => [`${c.id}.png`, c.caption]));
  const items = files.map((f) => {
    const caption = captionOf.get(f);
    const text = caption !== undefined ? t(lang, 'file.png', { caption }) : lookup(lang, `file.${f}`) ?? '';
    // A command in `backticks` is set as code.
    return `<li><a href="${esc(f)}"><code>${esc(f)}</code></a> — ${esc(text).replace(/`([^`]+)`/g, '<code>$1</code>')}</li>`;
  });
  return `<ul>\n${items.join('\n')}\n</ul>`;
}

/** The section links; `hidden` gives each the class of its section, so a link hides with it. */
function nav(lang: Lang, sections: MessageKey[], hidden: (k: MessageKey) => string): string {
  const link = (k: MessageKey): string => `<a href="#${k.slice('section.'.length)}"${hidden(k)}>${esc(t(lang, k))}</a>`;
  return `<nav>${sections.map(link).join('')}</nav>`;
}

/**
 * A lesson's section, predict first: the question, the student's prediction (predict.ts), then
 * — hidden until the prediction or "show the answer" — the guesses beside the run's numbers
 * and what the findings say; last the exercises' tasks (their expected outcomes are for the
 * teacher: `lagsim run --answers` and the site's teacher page).
 */
function lessonSection(sc: Scenario, lesson: Lesson, summary: Summary, lang: Lang): string {
  const items = predictItems(lesson, sc.strategies.map((s) => s.label));
  return `<section id="lesson"><h2>${esc(t(lang, 'section.lesson'))}</h2>
<style>${PREDICT_CSS}</style>
<p class="question"><strong>${esc(t(lang, 'lesson.question'))}:</strong> ${esc(lesson.question[lang])}</p>
${predictForm(items, `lagsim.prediction.${sc.name}`, lang)}
<div class="reveal" id="lesson-answer">
${predictTable(items, summary, lang)}
${lessonHtml(answerLesson(lesson, summary, lang), lang, false)}
</div>
${exercisesHtml(lesson, lang)}
<script>${PREDICT_SCRIPT}</script>
</section>
`;
}

/** The sections of a lesson's page that carry the run's numbers, hidden until the reveal. */
const REVEALED_SECTIONS: readonly MessageKey[] = ['section.story', 'section.summary', 'section.findings', 'section.charts', 'section.lab'];

/** Extra parts a page of the classroom site carries: its navigation, above the title. */
export interface SitePage {
  nav: string;
}

/** The run report: summary, findings, charts, strategies, scenario, files (when there are any). */
export function runPage(sc: Scenario, summary: Summary, charts: ChartSpec[], files: string[], lang: Lang, classroom?: ClassroomInput, site?: SitePage): string {
  // The classroom: the scripted story as sequence diagrams, and the interactive lab.
  const story = storyHtml(sc, lang);
  const lab = classroom === undefined ? '' : labHtml(sc, lang, { ...classroom, doc: classroom.doc === null ? null : withoutExercises(classroom.doc) });
  const runs = summary.runs > 1 ? t(lang, 'html.runs.many', { n: summary.runs }) : t(lang, 'html.runs.one');
  sc = inLang(sc, lang);
  const description = descriptionIn(sc, lang);
  const meta = t(lang, 'html.meta', { name: sc.name, seed: sc.seed, runs, duration: formatDuration(sc.horizonUs), count: sc.strategies.length });
  const lesson = sc.input.lesson;
  const sections: MessageKey[] = [
    ...(lesson !== undefined ? ['section.lesson' as const] : []),
    ...(story !== '' ? ['section.story' as const] : []),
    'section.summary', 'section.findings', 'section.charts', ...(lab !== '' ? ['section.lab' as const] : []),
    'section.strategies', 'section.scenario', ...(files.length > 0 ? ['section.files' as const] : []),
  ];
  // A lesson scenario asks a question; its answer, checked against this run's numbers, comes
  // first — after the student's prediction: until then every section with the run's numbers
  // (class "reveal") is hidden.
  const hidden = (k: MessageKey): string => (lesson !== undefined && REVEALED_SECTIONS.includes(k) ? ' class="reveal"' : '');
  const body = `${site === undefined ? '' : site.nav}<header>
<h1>${esc(sc.title)}</h1>
${description === undefined ? '' : `<p class="description">${esc(description)}</p>\n`}<p class="meta">${esc(meta)}</p>
${nav(lang, sections, hidden)}
</header>
${lesson === undefined ? '' : lessonSection(sc, lesson, summary, lang)}${story === '' ? '' : `<section id="story"${hidden('section.story')}><h2>${esc(t(lang, 'section.story'))}</h2>
${story}
</section>
`}<section id="summary"${hidden('section.summary')}><h2>${esc(t(lang, 'section.summary'))}</h2>
${summaryTable(summary, lang)}${summary.slo === undefined ? '' : `\n<ul class="slo">\n${sloLines(summary.slo, lang).map((l) => `<li>${esc(l.trim())}</li>`).join('\n')}\n</ul>`}
</section>
<section id="findings"${hidden('section.findings')}><h2>${esc(t(lang, 'section.findings'))}</h2>
<ul class="findings">
${findings(summary, sc.strategies, lang).map((s) => `<li>${esc(s)}</li>`).join('\n')}
</ul>
</section>
<section id="charts"${hidden('section.charts')}><h2>${esc(t(lang, 'section.charts'))}</h2>
${charts.map((c) => chartFigure(c, t(lang, 'html.png'), files)).join('\n')}
</section>
${lab === '' ? '' : `<section id="lab"${hidden('section.lab')}><h2>${esc(t(lang, 'section.lab'))}</h2>
${lab}
</section>
`}<section id="strategies"><h2>${esc(t(lang, 'section.strategies'))}</h2>
${strategiesView(sc, lang)}
</section>
<section id="scenario"><h2>${esc(t(lang, 'section.scenario'))}</h2>
${scenarioView(sc, lang, summary.runs)}
</section>
${files.length === 0 ? '' : `<section id="files"><h2>${esc(t(lang, 'section.files'))}</h2>
${filesList(files, charts, lang)}
</section>
`}<footer>${esc(t(lang, 'html.footer', { version: lagsimVersion() }))}</footer>`;
  return htmlPage({ lang, title: t(lang, 'html.title', { title: sc.title }), body, charts });
}
