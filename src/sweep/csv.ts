import { RESULT_COLUMNS, csvCell } from '../report/csv';
import { SweepResult } from './run';

/** With replications: the 95 % half-widths of the numbers a frontier is read from. */
const CI: Array<[string, (ci: Record<string, unknown>) => unknown]> = [
  ['staleRateCi95', (c) => c.staleRate],
  ['masterReadShareCi95', (c) => c.masterReadShare],
  ['masterOpsPerSecMeanCi95', (c) => (c.masterOpsPerSec as Record<string, unknown> | undefined)?.mean],
];

/** sweep.csv: one row per value × strategy; `x` is the value as a number (ms, per second) for plotting. */
export function sweepCsv(s: SweepResult): string {
  const ci = s.runs > 1;
  const header = ['param', 'value', 'x', 'family', 'strategy', ...RESULT_COLUMNS.map(([n]) => n), ...(ci ? CI.map(([n]) => n) : [])];
  const lines = [header.join(',')];
  for (const p of s.points) {
    p.summary.results.forEach((r, i) => {
      const cells: Array<string | number | null> = [s.param.path, p.value, p.x, s.families[i], r.strategy, ...RESULT_COLUMNS.map(([, get]) => get(r))];
      if (ci) for (const [, get] of CI) {
        const v = r.ci95 === undefined ? undefined : get(r.ci95);
        cells.push(typeof v === 'number' ? v : null);
      }
      lines.push(cells.map(csvCell).join(','));
    });
  }
  return lines.join('\n') + '\n';
}
