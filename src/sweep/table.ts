import { Lang, t } from '../i18n';
import { displayWidth } from '../i18n/template';
import { pct } from '../report/format';
import { SweepResult } from './run';


/**
 * The sweep as the terminal shows it, in `lang`: one row per value, one column per strategy,
 * each cell "stale-read rate / master read share"; strategies are numbered and named below.
 */
export function formatSweepTable(s: SweepResult, lang: Lang): string {
  const header = [s.param.path, ...s.families.map((_, i) => t(lang, 'table.sweepCell', { n: i + 1 }))];
  const rows = s.points.map((p) => [p.value, ...p.summary.results.map((r) => `${pct(r.staleRate)} / ${pct(r.masterReadShare)}`)]);
  const widths = header.map((h, c) => Math.max(displayWidth(h), ...rows.map((r) => displayWidth(r[c]))));
  const pad = (cell: string, c: number): string => ' '.repeat(widths[c] - displayWidth(cell));
  const line = (cells: string[]): string => cells.map((cell, c) => (c === 0 ? cell + pad(cell, c) : pad(cell, c) + cell)).join('  ');
  const out = [line(header), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.map(line), ''];
  s.families.forEach((f, i) => out.push(`[${i + 1}] ${f}`));
  if (s.runs > 1) out.push('', t(lang, 'table.sweepNote', { runs: s.runs, from: s.seed, to: s.seed + s.runs - 1 }));
  return out.join('\n');
}
