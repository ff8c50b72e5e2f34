import { Summary, StrategyResult } from '../metrics/summary';

/** The comparison table printed by `lagsim run`: one row per strategy, columns padded to fit. */
export function formatTable(summary: Summary): string {
  const ci = summary.runs > 1;
  const pm = (r: StrategyResult, path: string[], text: string): string => {
    if (!ci || r.ci95 === undefined) return text;
    let h: unknown = r.ci95;
    for (const p of path) h = (h as Record<string, unknown>)?.[p];
    return typeof h === 'number' ? `${text} ±${trimNum(path[0] === 'staleRate' || path[0] === 'masterReadShare' ? h * 100 : h)}` : text;
  };
  const header = ['strategy', 'reads', 'stale', 'stale rate', 'master reads', 'master ops/s mean', 'peak', 'RYW viol.', 'mono viol.', 'staleness p50/p99/max ms', 'latency p50/p99 ms'];
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
    ['write lat. p50/p99 ms', (r) => r.writeLatencyMs.max, (r) => `${trimNum(r.writeLatencyMs.p50)} / ${trimNum(r.writeLatencyMs.p99)}`],
    ['phantom stock', (r) => r.phantomStockReads, (r) => num(r.phantomStockReads)],
    ['stale orders', (r) => r.staleOrders, (r) => num(r.staleOrders)],
  ];
  for (const [title, value, cell] of optional) {
    if (!summary.results.some((r) => value(r) > 0)) continue;
    header.push(title);
    summary.results.forEach((r, i) => rows[i].push(cell(r)));
  }
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)));
  const line = (cells: string[]): string => cells.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ');
  const out = [line(header), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.map(line)];
  if (ci) out.push('', `means of ${summary.runs} runs (seeds ${summary.seed}…${summary.seed + summary.runs - 1}); ± is the 95% confidence half-width`);
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
