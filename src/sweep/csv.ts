import { csvCell, resultCells, resultHeader } from '../report/csv';
import { SweepResult } from './run';

/** sweep.csv: one row per value × strategy; `x` is the value as a number (ms, per second) for plotting. */
export function sweepCsv(s: SweepResult): string {
  const ci = s.runs > 1;
  const lines = [['param', 'value', 'x', 'family', 'strategy', ...resultHeader(ci)].join(',')];
  for (const p of s.points) {
    p.summary.results.forEach((r, i) => {
      lines.push([s.param.path, p.value, p.x, s.families[i], r.strategy, ...resultCells(r, ci)].map(csvCell).join(','));
    });
  }
  return lines.join('\n') + '\n';
}
