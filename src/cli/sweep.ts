import * as path from 'path';
import { pickLang } from '../i18n';
import { planSweep } from '../sweep/plan';
import { runSweep } from '../sweep/run';
import { defaultWorkers } from '../sweep/pool';
import { progressBar } from '../sweep/progress';
import { formatSweepTable } from '../sweep/table';
import { sweepFolderName, writeSweep } from '../sweep/write';
import { Output } from './output';

export interface SweepArgs {
  scenario: string;
  param: string;
  steps: number;
  runs: number;
  seed?: number;
  strategy?: string[];
  workers?: number;
  out?: string;
  report?: boolean;
  json?: boolean;
  lang?: string;
}

/** `lagsim sweep`: plan and validate every point, run them on all cores, print, write the folder. */
export async function sweepCommand(a: SweepArgs): Promise<void> {
  const plan = planSweep(a.scenario, a.param, a.steps, { seed: a.seed, strategies: a.strategy });
  const bar = progressBar(process.stderr, `sweep ${plan.param.pathText}`);
  const result = await runSweep(plan, a.runs, { workers: a.workers ?? defaultWorkers(), onDone: (d, n) => bar.update(d, n) });
  bar.finish();
  const out = new Output();
  if (a.json) out.line(JSON.stringify(result, null, 2));
  else {
    out.line(`${plan.base.title} — ${plan.base.name}, sweep of ${plan.param.pathText}, seed ${plan.base.seed}`);
    out.line('');
    out.line(formatSweepTable(result));
  }
  if (a.report !== false) {
    const dir = a.out ?? path.join('reports', plan.base.name, sweepFolderName(plan.param.pathText));
    writeSweep(dir, plan, result, pickLang(a.lang));
    if (!a.json) out.line(`\nreport: ${dir}${path.sep}`);
    else process.stderr.write(`report: ${dir}${path.sep}\n`);
  }
  out.flush();
}
