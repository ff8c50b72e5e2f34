import { Summary, StrategyResult } from '../metrics/summary';
import { Lang, t } from '../i18n';
import { displayWidth } from '../i18n/template';

/** The comparison table printed by `lagsim run`: one row per strategy, columns padded to fit (wide characters count double). */
export function formatTable(summary: Summary, lang: Lang = 'en'): string {
  const ci = summary.runs > 1;
  const pm = (r: StrategyResult, path: string[], text: string): string => {
    if (!ci || r.ci95 === undefined) return text;
    let h: unknown = r.ci95;
    for (const p of path) h = (h as Record<string, unknown>)?.[p];
    return typeof h === 'number' ? `${text} ±${trimNum(path[0] === 'staleRate' || path[0] === 'masterReadShare' ? h * 100 : h)}` : text;
  };
  const header = (['table.strategy', 'table.reads', 'table.stale', 'table.staleRate', 'table.masterReads', 'table.masterOpsMean', 'table.peak', 'table.ryw', 'table.mono', 'table.staleness', 'table.latency'] as const).map((k) => t(lang, k));
  const rows = summary.results.map((r) => [
    r.strategy,
    num(r.reads),
    num(r.staleReads),
    pm(r, ['staleRate'], pct(r.staleRate)),
    pm(r, ['masterReadShare'], pct(r.masterReadShare)),
    pm(r, ['masterOpsPerSec', 'mean'], trimNum(r.masterOpsPerSec.mean)),
    trimNum(r.masterOpsPerSec.peak),
    num(r.rywViolations),
    num(r.monotonicViolations),
    `${trimNum(r.stalenessMs.p50)} / ${trimNum(r.stalenessMs.p99)} / ${trimNum(r.stalenessMs.max)}`,
    `${trimNum(r.readLatencyMs.p50)} / ${trimNum(r.readLatencyMs.p99)}`,
  ]);
  // Columns that only matter in some scenarios, shown when any strategy has a non-zero value.
  const optional: Array<[string, (r: StrategyResult) => number, (r: StrategyResult) => string]> = [
    [t(lang, 'table.writeLatency'), (r) => r.writeLatencyMs.max, (r) => `${trimNum(r.writeLatencyMs.p50)} / ${trimNum(r.writeLatencyMs.p99)}`],
    [t(lang, 'table.phantom'), (r) => r.phantomStockReads, (r) => num(r.phantomStockReads)],
    [t(lang, 'table.staleOrders'), (r) => r.staleOrders, (r) => num(r.staleOrders)],
  ];
  for (const [title, value, cell] of optional) {
    if (!summary.results.some((r) => value(r) > 0)) continue;
    header.push(title);
    summary.results.forEach((r, i) => rows[i].push(cell(r)));
  }
  const widths = header.map((h, c) => Math.max(displayWidth(h), ...rows.map((r) => displayWidth(r[c]))));
  const pad = (cell: string, c: number): string => ' '.repeat(widths[c] - displayWidth(cell));
  const line = (cells: string[]): string => cells.map((cell, c) => (c === 0 ? cell + pad(cell, c) : pad(cell, c) + cell)).join('  ');
  const out = [line(header), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.map(line)];
  if (ci) out.push('', t(lang, 'table.ciNote', { runs: summary.runs, from: summary.seed, to: summary.seed + summary.runs - 1 }));
  return out.join('\n');
}

function num(x: number): string {
  return Number.isInteger(x) ? String(x) : trimNum(x);
}

function pct(x: number): string {
  return trimNum(x * 100) + '%';
}

/** At most 3 decimals, no trailing zeros: 0.5, 12.346, 400. */
export function trimNum(x: number): string {
  return String(Number(x.toFixed(3)));
}
