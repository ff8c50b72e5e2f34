import { Lang, LANGS } from '../i18n';
import { bundledScenarios } from '../scenario/bundled';
import { parseScenario, readScenarioText } from '../scenario/load';
import { parseDocument } from '../scenario/parseText';
import type { Scenario } from '../scenario/types';
import { collectReport } from '../report/collect';
import { runCharts } from '../report/charts/runCharts';
import { runPage } from '../report/html/runPage';
import { labPageHtml } from '../lab/page';
import { inLang, titleIn } from '../scenario/text';
import { runScenario } from '../run';
import { checkExercise, exerciseScenario } from '../lesson/exercise';
import { SiteLesson, glossaryPage, indexPage, neighbours, pageFile, siteNav, teacherPage } from './pages';

/**
 * `lagsim site`: the bundled lessons as one folder a teacher can hand out. Each lesson page is
 * the lesson's report page (run on its own seed and `runs`), asking for a prediction before
 * it shows the run's numbers; beside them the lab (on the apple story), the glossary and the
 * teacher page with the exercises' expected outcomes, each checked by running the exercise.
 * Every page once per language (`<page>.<lang>.html`), plus index.html: the index in the
 * chosen language. Only relative links; no page fetches anything.
 */

/** The scenario the site's lab opens on. */
const LAB_SCENARIO = 'apple-stock';

export interface SiteInput {
  /** The language of index.html. */
  lang: Lang;
  /** dist/lab/lab.bundle.js. */
  bundleJs: string;
  /** Whether index.html links a PDF handout beside each lesson. */
  withPdf: boolean;
  glossaryMarkdown: string;
}

export interface Site {
  files: Array<[string, string]>;
  /** The lesson pages, in order, for their PDF handouts. */
  lessonPages: string[];
  lessons: SiteLesson[];
}

interface LoadedLesson {
  file: string;
  text: string;
  sc: Scenario;
}

/** The bundled scenarios that are lessons, in their `order`. */
export function bundledLessons(): LoadedLesson[] {
  return bundledScenarios()
    .map(({ name, file }) => ({ file, text: readScenarioText(file), sc: parseScenario(readScenarioText(file), name) }))
    .filter((l) => l.sc.input.lesson !== undefined)
    .sort((a, b) => a.sc.input.lesson!.order - b.sc.input.lesson!.order || a.file.localeCompare(b.file));
}

const stemOf = (order: number): string => `lesson-${String(order).padStart(2, '0')}`;

function siteLesson(l: LoadedLesson): SiteLesson {
  const lesson = l.sc.input.lesson!;
  const exerciseSummaries = lesson.exercises.map((e, i) => runScenario(exerciseScenario(l.text, l.file, e, i), { runs: lesson.runs }));
  const checks = (lang: Lang) => lesson.exercises.map((e, i) => checkExercise(lesson, e, exerciseSummaries[i], lang));
  return {
    stem: stemOf(lesson.order),
    order: lesson.order,
    title: Object.fromEntries(LANGS.map((lang) => [lang, titleIn(l.sc, lang)])) as Record<Lang, string>,
    lesson,
    seed: l.sc.seed,
    runs: lesson.runs,
    exerciseChecks: Object.fromEntries(LANGS.map((lang) => [lang, checks(lang)])) as Record<Lang, ReturnType<typeof checks>>,
  };
}

/**
 * The names of the files `lagsim site` writes — every page buildSite makes and, with
 * `withPdf`, a handout per lesson page — known before any lesson runs, so that a target
 * that cannot take them is refused before the build. `loaded` is bundledLessons(), which
 * parses every bundled scenario; `lagsim site` reads them once for this and the build.
 */
export function siteFileNames(withPdf: boolean, loaded = bundledLessons()): string[] {
  const lessons = loaded.map((l) => stemOf(l.sc.input.lesson!.order));
  const pages = (stems: string[], ext: string) => stems.flatMap((stem) => LANGS.map((lang) => pageFile(stem, lang).replace(/\.html$/, ext)));
  return ['index.html', ...pages([...lessons, 'lab', 'glossary', 'teacher', 'index'], '.html'), ...(withPdf ? pages(lessons, '.pdf') : [])];
}

export function buildSite(input: SiteInput, loaded = bundledLessons()): Site {
  const lessons = loaded.map(siteLesson);
  const files: Array<[string, string]> = [];
  const lessonPages: string[] = [];
  loaded.forEach((l, i) => {
    const data = collectReport(l.sc, lessons[i].runs);
    const doc = { ...(parseDocument(l.text, l.file) as Record<string, unknown>), seed: l.sc.seed };
    for (const lang of LANGS) {
      const charts = runCharts(inLang(l.sc, lang), data, lang);
      const nav = siteNav(lang, lessons[i].stem, neighbours(lessons, i, lang));
      const html = runPage(l.sc, data.summary, charts, [], lang, { doc, bundleJs: input.bundleJs }, { nav });
      files.push([pageFile(lessons[i].stem, lang), html]);
      lessonPages.push(pageFile(lessons[i].stem, lang));
    }
  });
  const labFile = bundledScenarios().find((s) => s.name === LAB_SCENARIO)!.file;
  const labText = readScenarioText(labFile);
  const labSc = parseScenario(labText, LAB_SCENARIO);
  const labDoc = { ...(parseDocument(labText, labFile) as Record<string, unknown>), seed: labSc.seed };
  for (const lang of LANGS) {
    const nav = siteNav(lang, 'lab');
    files.push([pageFile('lab', lang), labPageHtml(input.bundleJs, { name: labSc.name, title: titleIn(labSc, lang), doc: labDoc, lang, langSwitch: false, ownPage: true }, nav)]);
    files.push([pageFile('glossary', lang), glossaryPage(input.glossaryMarkdown, lang)]);
    files.push([pageFile('teacher', lang), teacherPage(lessons, lang)]);
    files.push([pageFile('index', lang), indexPage(lessons, lang, input.withPdf)]);
  }
  files.push(['index.html', indexPage(lessons, input.lang, input.withPdf)]);
  return { files, lessonPages, lessons };
}

