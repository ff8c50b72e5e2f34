import * as os from 'os';
import { Spread } from './measure';

/** One line of the bench table. */
export interface Row {
  group: string;
  name: string;
  ops: number;
  /** Operations (or events) per wall-clock second. */
  rate: Spread;
  /** Per CPU second of the measured process; null when not measured (multi-process sweeps). */
  cpuRate: Spread | null;
  rssMB: Spread | null;
  /** Cores other processes kept busy meanwhile (the machine is shared); null when unknown. */
  others: Spread | null;
  note: string;
}

/** A performance target and this run's number for it; ok null for context lines. */
export interface Target {
  what: string;
  want: string;
  got: string;
  ok: boolean | null;
}

/** 12 345 678 → "12.3 M". */
export function rate(x: number): string {
  if (x >= 1e6) return `${(x / 1e6).toFixed(x >= 1e7 ? 1 : 2)} M`;
  if (x >= 1e3) return `${(x / 1e3).toFixed(0)} k`;
  return x.toFixed(0);
}

function count(n: number): string {
  if (n >= 1e6) return `${+(n / 1e6).toFixed(1)} M`;
  if (n >= 1e3) return `${+(n / 1e3).toFixed(0)} k`;
  return String(n);
}

/** The median, and with repeats its range: "12.3 M [11.9–12.8]". */
function cell(s: Spread | null, repeat: number, fmt: (x: number) => string): string {
  if (s === null) return '–';
  if (repeat <= 1) return fmt(s.median);
  return `${fmt(s.median)} [${fmt(s.min).replace(/ .*/, '')}–${fmt(s.max)}]`;
}

export function formatTable(rows: Row[], repeat: number): string {
  const header = ['workload', 'case', 'ops', 'ops/s (wall)', 'ops/s (CPU)', 'peak RSS MB', 'others', ''];
  const body = rows.map((r) => [
    r.group, r.name, count(r.ops), cell(r.rate, repeat, rate), cell(r.cpuRate, repeat, rate), cell(r.rssMB, repeat, (x) => x.toFixed(0)),
    cell(r.others, repeat, (x) => x.toFixed(1)), r.note,
  ]);
  const widths = header.map((h, c) => Math.max(h.length, ...body.map((b) => b[c].length)));
  const right = new Set([2, 3, 4, 5, 6]);
  const line = (cells: string[]): string => cells.map((x, c) => (right.has(c) ? x.padStart(widths[c]) : x.padEnd(widths[c]))).join('  ').trimEnd();
  const out = [line(header), widths.map((w) => '─'.repeat(w)).join('  ')];
  let group = '';
  for (const b of body) {
    if (b[0] === group) b[0] = '';
    else group = b[0];
    out.push(line(b));
  }
  out.push('', `ops/s (CPU): per CPU second of the measuring process (all its threads). others: cores that other processes kept busy meanwhile, of ${os.cpus().length}.`);
  if (repeat > 1) out.push(`median of ${repeat} runs [min–max]`);
  return out.join('\n');
}

export function formatTargets(targets: Target[]): string {
  const width = Math.max(...targets.map((t) => t.what.length));
  const lines = targets.map((t) => {
    const mark = t.ok === null ? '    ' : t.ok ? 'MET ' : 'MISS';
    return `${mark}  ${t.what.padEnd(width)}  ${t.got.padStart(12)}  (target ${t.want})`;
  });
  return ['targets', ...lines].join('\n');
}
