import * as fs from 'fs';
import { Problem } from '../i18n/problem';
import * as path from 'path';
import YAML from 'yaml';
import { loadScenarioFile, parseScenario, parseStrategyArg, readScenarioText, scenarioLabel } from '../scenario/load';
import { InputError } from '../scenario/errors';
import { runScenario } from '../run';
import { simulate } from '../simulate';
import { formatTable } from '../report/table';
import { RUN_FILES, writeReport } from '../report/write';
import { ReportData, collectReport, prepareReport } from '../report/collect';
import { Summary } from '../metrics/summary';
import { PARALLEL_MIN_OPS, runOperations, runReplications, runWorkers } from '../runParallel';
import { progressBar } from '../sweep/progress';
import { assertFolderReplaceable, onInterrupt } from '../report/files';
import { pickLang, t } from '../i18n';
import { narrator } from '../report/narrate';
import { jsonLines } from '../report/traceJson';
import { Output, shellWord, warnIfNoPng, writeStdout } from './output';
import { StdoutThread, stdoutIsFile } from './stdoutThread';
import { printable } from '../report/printable';
import { answerLesson } from '../lesson/answer';
import { exercisesText, lessonText, questionText, revealMode } from '../lesson/render';
import { listLines } from '../lesson/list';
import { LocalText, descriptionIn, textIn, titleIn } from '../scenario/text';
import { labBundleOrNull, scenarioDoc } from './labCommand';
import { bundledScenarioDir, bundledScenarios } from '../scenario/bundled';
import { checkSlos } from '../metrics/slo';
import { sloLines } from '../report/sloText';
import { runSlos, withRunSlos } from './sloOption';

export interface RunArgs {
  scenario: string;
  json?: boolean;
  seed?: number;
  runs?: number;
  strategy?: string[];
  out?: string;
  report?: boolean;
  lang?: string;
  /** Worker threads (default: runWorkers's choice). */
  workers?: number;
  /** A lesson's table and answers at once, without asking for a prediction first. */
  answers?: boolean;
  /** Every column of the table, even on a narrow terminal. */
  wide?: boolean;
  /** SLOs added to the scenario's (one on a metric the file constrains replaces the file's). */
  slo?: string[];
}

/**
 * `lagsim run`. Serial in this thread for a short run; otherwise the strategies ×
 * replications go to worker threads (runParallel.ts), with a progress bar on a terminal.
 * The serial part stays synchronous, so Ctrl-C stops it at once.
 */
export async function runCommand(a: RunArgs): Promise<void> {
  const overrides = { seed: a.seed, strategies: a.strategy };
  const text = readScenarioText(a.scenario);
  const label = scenarioLabel(a.scenario);
  const parsed = parseScenario(text, label, overrides);
  const slos = runSlos(parsed.input.slo ?? [], a.slo ?? []);
  const sc = withRunSlos(parsed, slos, a.slo ?? []);
  // A lesson is judged on the replications it names unless --runs says otherwise.
  const runs = a.runs ?? sc.input.lesson?.runs ?? 1;
  // The folder is judged before the runs, so a refusal loses no work.
  const dir = a.report !== false ? a.out ?? path.join('reports', sc.name) : null;
  if (dir !== null) assertFolderReplaceable(dir, RUN_FILES);
  const workers = runWorkers(sc, runs, a.workers);
  const showBar = process.stderr.isTTY === true && !a.json && runOperations(sc, runs) >= PARALLEL_MIN_OPS;
  let data: ReportData | null;
  let summary: Summary;
  if (workers <= 1 && !showBar) {
    // With a report to write, the runs are watched for the charts' curves (same summary).
    data = a.report !== false ? collectReport(sc, runs) : null;
    summary = data?.summary ?? runScenario(sc, { runs });
  } else {
    // The report's first run fixes the curves' bins; it runs here, synchronously, before
    // any interrupt handler, so Ctrl-C stops it at once.
    const prep = a.report !== false ? prepareReport(sc) : null;
    const bar = progressBar(process.stderr, `run ${sc.name}`, { enabled: showBar, lang: pickLang(a.lang) });
    const forget = onInterrupt(() => bar.finish());
    try {
      const source = { docText: text, label, overrides };
      ({ summary, data } = await runReplications(sc, source, runs, prep, { workers, thread: true, onDone: (d, n) => bar.update(d, n) }));
    } finally {
      bar.finish();
      forget();
    }
  }
  if (slos.length > 0) summary.slo = checkSlos(summary, slos);
  const out = new Output();
  const lang = pickLang(a.lang);
  const lesson = a.json ? undefined : sc.input.lesson;
  // A lesson asks first: its numbers are the answer (render.ts, revealMode).
  const reveal = lesson === undefined ? 'now' : revealMode(a.answers === true, process.stdin.isTTY === true && process.stdout.isTTY === true);
  const answers = (): void => {
    out.lines(formatTable(summary, lang, tableWidth(a.wide)));
    if (summary.slo !== undefined) out.lines('\n' + sloLines(summary.slo, lang).join('\n'));
    if (lesson === undefined) return;
    out.lines('\n' + lessonText(answerLesson(lesson, summary, lang), lang));
    for (const line of exercisesText(lesson, lang, true)) out.printedLine(line);
  };
  if (a.json) out.lines(JSON.stringify(summary, null, 2));
  else {
    out.line(t(lang, 'cli.runHeader', { title: titleIn(sc, lang), name: sc.name, seed: sc.seed }));
    const description = descriptionIn(sc, lang);
    if (description !== undefined) out.lines(description);
    out.line('');
    if (reveal === 'now') answers();
    else out.printedLine(questionText(lesson!, lang));
  }
  let where: string | null = null;
  if (dir !== null) {
    const classroom = { doc: scenarioDoc(text, label, sc.seed), bundleJs: labBundleOrNull() };
    writeReport(dir, sc, summary, data === null ? undefined : { data, lang: pickLang(a.lang), classroom });
    if (data !== null) warnIfNoPng(lang);
    where = printable(t(lang, 'cli.report', { dir: `${dir}${path.sep}` }));
    if (a.json) process.stderr.write(`${where}\n`);
  }
  if (reveal === 'hint') {
    for (const line of exercisesText(lesson!, lang, false)) out.printedLine(line);
    out.line('');
    out.line(t(lang, 'lesson.howToSee', { command: `lagsim run ${shellWord(a.scenario)} --answers` }));
  } else if (reveal === 'keypress') {
    out.line('');
    out.line(t(lang, 'lesson.pressEnter'));
    out.flush();
    await pressOfEnter();
    answers();
  }
  if (where !== null && !a.json) out.lines(`\n${where}`);
  out.flush();
  if ((summary.slo?.violated ?? 0) > 0) process.exitCode = SLO_VIOLATED;
}

/** `lagsim run`'s exit code when a strategy violates an SLO (docs/design.md, Exit codes). */
export const SLO_VIOLATED = 4;

/** Resolves when a line (Enter) or the end of input comes from stdin. */
function pressOfEnter(): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      process.stdin.off('data', done).off('end', done).pause();
      resolve();
    };
    process.stdin.on('data', done).on('end', done).resume();
  });
}

/**
 * The width the run table must fit: the terminal's, unless --wide; none (every column)
 * when stdout is a pipe or a file, so what scripts and files get does not depend on a window.
 */
export function tableWidth(wide: boolean | undefined, stdout: { isTTY?: boolean; columns?: number } = process.stdout): number | undefined {
  return wide || stdout.isTTY !== true || !(stdout.columns! > 0) ? undefined : stdout.columns;
}

export interface TraceArgs {
  scenario: string;
  strategy?: string;
  json?: boolean;
  seed?: number;
  applies?: boolean;
  lang?: string;
}

export function traceCommand(a: TraceArgs): void {
  const sc = loadScenarioFile(a.scenario, { seed: a.seed });
  const spec = a.strategy !== undefined ? parseStrategyArg(a.strategy) : sc.strategies[0];
  const lang = pickLang(a.lang);
  const applies = a.applies !== false;
  if (a.json) {
    // JSON lines come printable already, encoded into their own buffer.
    const thread = stdoutIsFile() ? new StdoutThread() : null;
    const lines = jsonLines(sc, thread ?? writeStdout, applies);
    // A trace is not summarized: the run keeps no session × key statistics (their tables are most of its memory).
    simulate(sc, spec, sc.seed, lines, false);
    lines.end();
    thread?.end();
    return;
  }
  const out = new Output();
  out.line(t(lang, 'cli.traceHeader', { title: titleIn(sc, lang), strategy: spec.label, seed: sc.seed }));
  // Narrated lines go through printable line by line.
  simulate(sc, spec, sc.seed, narrator(sc, (line) => out.line(line), applies, lang), false);
  out.flush();
}

export function validateCommand(files: string[], langFlag?: string): void {
  const lang = pickLang(langFlag);
  const problems: Problem[] = [];
  const out = new Output();
  for (const file of files) {
    try {
      const sc = loadScenarioFile(file);
      out.line(t(lang, 'cli.validOk', {
        file: scenarioLabel(file), title: titleIn(sc, lang), strategies: sc.strategies.length, events: sc.events.length,
        workload: (sc.replay !== null ? t(lang, 'cli.validReplay', { n: sc.replay.timeUs.length }) : '') + (sc.workload ? t(lang, 'cli.validWorkload') : ''),
      }));
    } catch (err) {
      if (!(err instanceof InputError)) throw err;
      problems.push(...err.issues);
    }
  }
  out.flush();
  if (problems.length > 0) throw new InputError(problems);
}

/** `lagsim list`: the bundled scenarios by the names `run` and the others accept, and where they are. */
export function listCommand(lang?: string): void {
  const chosen = pickLang(lang);
  const rows = bundledScenarios().map(({ name, file }) => {
    let title = '';
    let doc: unknown = null;
    try {
      doc = YAML.parse(fs.readFileSync(file, 'utf8'));
      const raw = (doc as { title?: unknown } | null)?.title;
      title = typeof raw === 'string' || (typeof raw === 'object' && raw !== null) ? textIn(raw as LocalText, chosen) ?? '' : '';
    } catch {
      title = '(unreadable)';
    }
    return { file: name, title, doc };
  });
  const out = new Output();
  out.line(t(chosen, 'cli.listHeader', { dir: bundledScenarioDir() }));
  for (const line of listLines(rows, chosen)) out.line(line);
  out.flush();
}
