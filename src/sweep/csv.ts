import { StrategyResult } from '../metrics/summary';
import { SweepResult } from './run';

type Getter = (r: StrategyResult) => number;

const METRICS: Array<[string, Getter]> = [
  ['reads', (r) => r.reads],
  ['writes', (r) => r.writes],
  ['staleReads', (r) => r.staleReads],
  ['staleRate', (r) => r.staleRate],
  ['masterReads', (r) => r.masterReads],
  ['masterReadShare', (r) => r.masterReadShare],
  ['masterOpsPerSecMean', (r) => r.masterOpsPerSec.mean],
  ['masterOpsPerSecPeak', (r) => r.masterOpsPerSec.peak],
  ['rywViolations', (r) => r.rywViolations],
  ['monotonicViolations', (r) => r.monotonicViolations],
  ['stalenessMsP50', (r) => r.stalenessMs.p50],
  ['stalenessMsP99', (r) => r.stalenessMs.p99],
  ['stalenessMsMax', (r) => r.stalenessMs.max],
  ['readLatencyMsP50', (r) => r.readLatencyMs.p50],
  ['readLatencyMsP99', (r) => r.readLatencyMs.p99],
];

/** With replications: the 95 % half-widths of the numbers a frontier is read from. */
const CI: Array<[string, (ci: Record<string, unknown>) => unknown]> = [
  ['staleRateCi95', (c) => c.staleRate],
  ['masterReadShareCi95', (c) => c.masterReadShare],
  ['masterOpsPerSecMeanCi95', (c) => (c.masterOpsPerSec as Record<string, unknown> | undefined)?.mean],
];

function quote(v: string | number | null): string {
  if (v === null) return '';
  if (typeof v === 'number') return String(v);
  return /[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/** sweep.csv: one row per value × strategy; `x` is the value as a number (ms, per second) for plotting. */
export function sweepCsv(s: SweepResult): string {
  const ci = s.runs > 1;
  const header = ['param', 'value', 'x', 'family', 'strategy', ...METRICS.map(([n]) => n), ...(ci ? CI.map(([n]) => n) : [])];
  const lines = [header.join(',')];
  for (const p of s.points) {
    p.summary.results.forEach((r, i) => {
      const cells: Array<string | number | null> = [s.param.path, p.value, p.x, s.families[i], r.strategy, ...METRICS.map(([, get]) => get(r))];
      if (ci) for (const [, get] of CI) {
        const v = r.ci95 === undefined ? undefined : get(r.ci95);
        cells.push(typeof v === 'number' ? v : null);
      }
      lines.push(cells.map(quote).join(','));
    });
  }
  return lines.join('\n') + '\n';
}
