import * as path from 'path';
import { pickLang, t } from '../i18n';
import { titleIn } from '../scenario/text';
import { SweepPlan, planSweep } from '../sweep/plan';
import { SweepResult, runSweep } from '../sweep/run';
import { defaultWorkers } from '../sweep/pool';
import { progressBar } from '../sweep/progress';
import { formatSweepTable } from '../sweep/table';
import { SWEEP_FILES, sweepFolderName, writeSweep } from '../sweep/write';
import { Output, warnIfNoPng } from './output';
import { printable } from '../report/printable';
import { readScenarioText } from '../scenario/load';
import { assertFileWritable, assertFolderReplaceable, writeFileAtomic } from '../report/files';
import { runShard, shardOf, shardText } from '../sweep/shard';

export interface SweepArgs {
  scenario: string;
  /** "i/n": run only that slice and write a shard file (see sweep/shard). */
  shard?: string;
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
  if (a.shard !== undefined) return shardCommand(a);
  const plan = planSweep(a.scenario, a.param, a.steps, { seed: a.seed, strategies: a.strategy });
  if (a.report !== false) assertFolderReplaceable(sweepDir(plan, a.out), SWEEP_FILES); // before the runs, so a refusal loses no work
  const bar = progressBar(process.stderr, printable(`sweep ${plan.param.pathText}`), { lang: pickLang(a.lang) });
  const result = await runSweep(plan, a.runs, { workers: a.workers ?? defaultWorkers(), onDone: (d, n) => bar.update(d, n) });
  bar.finish();
  reportSweep(plan, result, a);
}

/** Prints a finished sweep (table or JSON) and writes its folder; `lagsim merge` ends the same way. */
export function reportSweep(plan: SweepPlan, result: SweepResult, a: { json?: boolean; report?: boolean; out?: string; lang?: string }): void {
  const out = new Output();
  const lang = pickLang(a.lang);
  if (a.json) out.lines(JSON.stringify(result, null, 2));
  else {
    out.line(t(lang, 'cli.sweepHeader', { title: titleIn(plan.base, lang), name: plan.base.name, param: plan.param.pathText, seed: plan.base.seed }));
    out.line('');
    out.lines(formatSweepTable(result, lang));
  }
  if (a.report !== false) {
    const dir = sweepDir(plan, a.out);
    writeSweep(dir, plan, result, lang);
    warnIfNoPng(lang);
    const where = t(lang, 'cli.report', { dir: `${dir}${path.sep}` });
    if (!a.json) out.lines(`\n${printable(where)}`);
    else process.stderr.write(`${printable(where)}\n`);
  }
  out.flush();
}

/** The folder a sweep's report goes in: `out`, else reports/<scenario>/sweep-<param>/. */
function sweepDir(plan: SweepPlan, out: string | undefined): string {
  return out ?? path.join('reports', plan.base.name, sweepFolderName(plan.param.pathText));
}

/** `lagsim sweep … --shard i/n`: one slice of the sweep, written as a shard file for `lagsim merge`. */
async function shardCommand(a: SweepArgs): Promise<void> {
  const shard = shardOf(a);
  const overrides = { seed: a.seed, strategies: a.strategy };
  // The shard stores the scenario's text and the merge replans from it, so plan from that same text.
  const text = readScenarioText(a.scenario);
  const plan = planSweep(a.scenario, a.param, a.steps, overrides, text);
  const spec = { file: a.scenario, scenarioText: text, param: a.param, steps: a.steps, runs: a.runs, overrides };
  const dest = a.out ?? path.join(sweepDir(plan, undefined), `shard-${shard.index}-of-${shard.count}.json`);
  if (a.report !== false) assertFileWritable(dest);
  const lang = pickLang(a.lang);
  const bar = progressBar(process.stderr, t(lang, 'progress.shard', { i: shard.index, n: shard.count }), { lang });
  const file = await runShard(plan, spec, shard.index, shard.count, { workers: a.workers ?? defaultWorkers(), onDone: (d, n) => bar.update(d, n) });
  bar.finish();
  const out = new Output();
  if (a.json) out.lines(shardText(file).trimEnd());
  if (a.report !== false) writeFileAtomic(dest, shardText(file));
  const what = t(lang, 'sweep.shardDone', { shard: `${shard.index}/${shard.count}`, param: plan.param.pathText, done: file.results.length, runs: file.tasks });
  if (!a.json) out.line(`${what} → ${dest}`);
  out.flush();
}
