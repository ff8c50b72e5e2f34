import * as path from 'path';
import { parseScenario, readScenarioText, scenarioLabel } from '../scenario/load';
import { pickLang, t } from '../i18n';
import { titleIn } from '../scenario/text';
import { progressBar } from '../sweep/progress';
import { assertFileWritable, assertFolderReplaceable, onInterrupt, writeFolderAtomic } from '../report/files';
import { printable } from '../report/printable';
import { ADVISE_BUDGET, ADVISE_RUNS, AdviseResult, advise } from '../advise/advise';
import { frontierLines, proxyLines, recommendationLines, searchLines } from '../advise/text';
import { adviseChart, adviseHtml, adviseSections } from '../advise/page';
import { Scenario } from '../scenario/types';
import { Lang } from '../i18n';
import { Output } from './output';
import { runSlos } from './sloOption';
import { SLO_VIOLATED } from './commands';
import { writeFileAtomic } from '../report/files';
import { shardOf, shardText } from '../sweep/shard';
import { AdviseSpec, runAdviseShard } from '../advise/shard';
import { defaultWorkers } from '../sweep/pool';

export interface AdviseArgs {
  scenario: string;
  slo?: string[];
  runs?: number;
  budget?: number;
  /** Strategy names to search (default: all). */
  strategy?: string[];
  seed?: number;
  /** "i/n": run only that slice of the grid and write a shard file (see advise/shard). */
  shard?: string;
  workers?: number;
  out?: string;
  report?: boolean;
  json?: boolean;
  lang?: string;
}

/**
 * `lagsim advise`: search, print the frontier and the recommendation (or the nearest
 * miss), write advise.json and index.html. Exits with code 4 (as `run` does for a
 * violated SLO) when no configuration searched meets every SLO.
 */
export async function adviseCommand(a: AdviseArgs): Promise<void> {
  if (a.shard !== undefined) return adviseShardCommand(a);
  const overrides = { seed: a.seed };
  const text = readScenarioText(a.scenario);
  const label = scenarioLabel(a.scenario);
  const sc = parseScenario(text, label, overrides);
  const slos = runSlos(sc.input.slo ?? [], a.slo ?? []);
  if (a.report !== false) assertFolderReplaceable(adviseDir(sc, a.out), ADVISE_FILES); // before the search, so a refusal loses no work
  const bar = progressBar(process.stderr, printable(`advise ${sc.name}`), { enabled: !a.json, lang: pickLang(a.lang) });
  const forget = onInterrupt(() => bar.finish());
  let result: AdviseResult;
  try {
    result = await advise(sc, { docText: text, label, overrides }, slos, {
      runs: a.runs ?? ADVISE_RUNS, budget: a.budget ?? ADVISE_BUDGET, strategies: a.strategy ?? [], workers: a.workers, onDone: (d, n) => bar.update(d, n),
    });
  } finally {
    bar.finish();
    forget();
  }
  reportAdvise(sc, result, a, 'advise');
}

/** Prints a finished advise run and writes its folder; `lagsim merge` of advise shards ends the same way. */
export function reportAdvise(sc: Scenario, result: AdviseResult, a: { json?: boolean; report?: boolean; out?: string; lang?: string }, command: 'advise' | 'merge'): void {
  const lang = pickLang(a.lang);
  const out = new Output();
  if (a.json) out.lines(JSON.stringify(result, null, 2));
  else for (const line of adviseText(sc, result, lang)) out.line(line);
  if (a.report !== false) {
    const dir = adviseDir(sc, a.out);
    writeAdvise(dir, sc, result, lang);
    const where = printable(t(lang, 'cli.report', { dir: `${dir}${path.sep}` }));
    if (a.json) process.stderr.write(`${where}\n`);
    else {
      out.line('');
      out.printedLine(where);
    }
  }
  out.flush();
  if (result.winner === null) {
    process.stderr.write(`lagsim: ${printable(t(lang, 'advise.exit', { command }))}\n`);
    process.exitCode = SLO_VIOLATED;
  }
}

/** The folder an advise report goes in: `out`, else reports/<scenario>-advise/. */
function adviseDir(sc: Scenario, out: string | undefined): string {
  return out ?? path.join('reports', `${sc.name}-advise`);
}

/**
 * The terminal text in blocks: header and search, frontier, recommendation. A further
 * block (settings for a proxy) goes after the recommendation, the last one here.
 */
export function adviseText(sc: Scenario, r: AdviseResult, lang: Lang): string[] {
  return [
    t(lang, 'advise.header', { title: titleIn(sc, lang), name: sc.name, seed: r.seed }),
    ...searchLines(r, lang),
    '',
    ...frontierLines(r, lang),
    '',
    ...recommendationLines(r, lang),
    ...(r.winner === null ? [] : ['', ...proxyLines(r, lang)]),
  ];
}

/** The files of an advise folder, as its page lists them. */
const ADVISE_FILES = ['index.html', 'advise.json'];

/** advise.json and the page, staged and renamed in together. */
export function writeAdvise(dir: string, sc: Scenario, r: AdviseResult, lang: Lang): string[] {
  const files = ADVISE_FILES;
  const chart = adviseChart(r, lang);
  const html = adviseHtml(sc, r, adviseSections(r, chart, files, lang), chart, lang);
  return writeFolderAtomic(dir, [['advise.json', JSON.stringify(r, null, 2) + '\n'], ['index.html', html]]);
}

/** `lagsim advise … --shard i/n`: one slice of the grid, written as a shard file for `lagsim merge`. */
async function adviseShardCommand(a: AdviseArgs): Promise<void> {
  const shard = shardOf(a);
  const spec: AdviseSpec = {
    file: scenarioLabel(a.scenario), scenarioText: readScenarioText(a.scenario), slo: a.slo ?? [],
    runs: a.runs ?? ADVISE_RUNS, budget: a.budget ?? ADVISE_BUDGET, strategies: a.strategy ?? [], overrides: { seed: a.seed },
  };
  if (a.report !== false && a.out !== undefined) assertFileWritable(a.out); // the default's folder is named by the scenario, parsed in the run
  const lang = pickLang(a.lang);
  const bar = progressBar(process.stderr, t(lang, 'progress.shard', { i: shard.index, n: shard.count }), { enabled: !a.json, lang });
  const forget = onInterrupt(() => bar.finish());
  let ran: Awaited<ReturnType<typeof runAdviseShard>>;
  try {
    ran = await runAdviseShard(spec, shard.index, shard.count, { workers: a.workers ?? defaultWorkers(), onDone: (d, n) => bar.update(d, n) });
  } finally {
    bar.finish();
    forget();
  }
  const file = ran.shard;
  const dest = a.out ?? path.join(adviseDir(ran.sc, undefined), `shard-${shard.index}-of-${shard.count}.json`);
  const out = new Output();
  if (a.json) out.lines(shardText(file).trimEnd());
  if (a.report !== false) writeFileAtomic(dest, shardText(file));
  const what = t(lang, 'advise.shardDone', { shard: `${shard.index}/${shard.count}`, configs: file.results.length, grid: file.tasks });
  if (!a.json) out.line(`${what} → ${dest}`);
  out.flush();
}
