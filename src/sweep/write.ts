import { Lang } from '../i18n';
import { writeFolderAtomic } from '../report/files';
import { pngUnavailable, renderPng } from '../report/charts/png';
import { sweepCharts } from '../report/charts/sweepCharts';
import { sweepPage } from '../report/html/sweepPage';
import { SweepPlan } from './plan';
import { SweepResult } from './run';
import { sweepCsv } from './csv';

/** `strategies[3].window` → `sweep-strategies-3-window`: the default folder name of a sweep. */
export function sweepFolderName(pathText: string): string {
  return `sweep-${pathText.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '')}`;
}

/** The files every sweep's folder holds, beside its charts: judged before the runs (assertFolderReplaceable). */
export const SWEEP_FILES = ['sweep.csv', 'sweep.json', 'index.html'] as const;

/** Writes a sweep's folder (CSV, JSON, PNGs where node-canvas loads, index.html) and returns the paths written. */
export function writeSweep(dir: string, plan: SweepPlan, result: SweepResult, lang: Lang): string[] {
  const files: Array<[string, string | Buffer]> = [
    ['sweep.csv', sweepCsv(result)],
    ['sweep.json', JSON.stringify(result, null, 2) + '\n'],
  ];
  const charts = sweepCharts(result, lang);
  if (pngUnavailable() === null) for (const chart of charts) files.push([`${chart.id}.png`, renderPng(chart)]);
  const names = ['index.html', ...files.map(([name]) => name)];
  files.push(['index.html', sweepPage(plan.base, result, charts, names, lang)]);
  return writeFolderAtomic(dir, files);
}
