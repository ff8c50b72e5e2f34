import { pct } from '../report/format';
import { SweepResult } from './run';


/**
 * The sweep as the terminal shows it: one row per value, one column per strategy,
 * each cell "stale-read rate / master read share"; strategies are numbered and named below.
 */
export function formatSweepTable(s: SweepResult): string {
  const header = [s.param.path, ...s.families.map((_, i) => `[${i + 1}] stale / master`)];
  const rows = s.points.map((p) => [p.value, ...p.summary.results.map((r) => `${pct(r.staleRate)} / ${pct(r.masterReadShare)}`)]);
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)));
  const line = (cells: string[]): string => cells.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ');
  const out = [line(header), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.map(line), ''];
  s.families.forEach((f, i) => out.push(`[${i + 1}] ${f}`));
  if (s.runs > 1) out.push('', `means of ${s.runs} runs (seeds ${s.seed}…${s.seed + s.runs - 1}); 95% CI in sweep.csv`);
  return out.join('\n');
}
