import { Summary } from '../metrics/summary';
import { Scenario } from '../scenario/types';
import { Lang } from '../i18n';
import { summaryCsv } from './csv';
import { sloLines } from './sloText';
import { writeFolderAtomic } from './files';
import { formatTable } from './table';
import { ReportData } from './collect';
import { runCharts } from './charts/runCharts';
import { pngUnavailable, renderPng } from './charts/png';
import { runPage } from './html/runPage';
import type { ClassroomInput } from './classroom';
import { inLang } from '../scenario/text';
import { scenarioDocument } from '../scenario/parse';

/** What the charts and the HTML page need beyond the summary (see collectReport). */
export interface ReportVisuals {
  data: ReportData;
  lang: Lang;
  /** The scenario as written and the lab bundle, for the report's story and lab sections. */
  classroom?: ClassroomInput;
}

/** The files every run's report folder holds, beside its charts: judged before the runs (assertFolderReplaceable). */
export const RUN_FILES = ['summary.json', 'summary.csv', 'summary.txt', 'scenario.json', 'index.html'] as const;

/**
 * Writes the report folder for a run and returns the paths written: the summary as
 * JSON, CSV and text, the scenario, and — given the collected curves — one PNG per
 * chart (none where node-canvas cannot load: pngUnavailable) and index.html
 * (reports/README.md describes each file).
 */
export function writeReport(dir: string, sc: Scenario, summary: Summary, visuals?: ReportVisuals): string[] {
  const files: Array<[string, string | Buffer]> = [
    ['summary.json', JSON.stringify(summary, null, 2) + '\n'],
    ['summary.csv', summaryCsv(summary)],
    ['summary.txt', [formatTable(summary, visuals?.lang), ...(summary.slo === undefined ? [] : ['', ...sloLines(summary.slo, visuals?.lang ?? 'en')])].join('\n') + '\n'],
    ['scenario.json', JSON.stringify(scenarioDocument(sc), null, 2) + '\n'],
  ];
  if (visuals !== undefined) {
    sc = inLang(sc, visuals.lang);
    const charts = runCharts(sc, visuals.data, visuals.lang);
    if (pngUnavailable() === null) for (const chart of charts) files.push([`${chart.id}.png`, renderPng(chart)]);
    const names = ['index.html', ...files.map(([name]) => name)];
    files.push(['index.html', runPage(sc, summary, charts, names, visuals.lang, visuals.classroom)]);
  }
  return writeFolderAtomic(dir, files);
}
