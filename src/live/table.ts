// What `lagsim live` prints: the scripted story as it happened on the real pair, and
// measured vs simulated per strategy.
import { Scenario } from '../scenario/types';
import { formatClock } from '../engine/time';
import { displayWidth } from '../i18n/template';
import { narrator } from '../report/narrate';
import { LiveSession } from './session';
import { LiveComparison } from './compare';
import { Agreement } from './stats';
import { describeDist } from './fit';

/** Narrated lines of one run's scripted events, with the replica's apply of each scripted write. */
export function storyLines(session: LiveSession, runIndex: number): string[] {
  const sc = session.scenario;
  const run = session.runs[runIndex];
  const lines: Array<[number, string]> = [];
  let text = '';
  const reads = narrator(sc, (l) => (text = l), false);
  for (const r of run.records) {
    if (session.ops[r.index].event < 0) continue;
    const who = sc.sessionNames[r.session];
    const key = sc.keyNames[r.key];
    if (r.op === 'read') {
      reads.op(r);
      lines.push([r.tUs, text]);
      continue;
    }
    const value = r.value === null ? `v${r.version}` : Object.entries(r.value).map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`).join(', ');
    lines.push([r.tUs, `t=${formatClock(r.tUs)} ${who} write ${key} @master → ${value} (v${r.version}, GTID ${r.gtid})`]);
    const seenUs = r.tUs + run.lagUs[r.pos];
    if (Number.isFinite(seenUs)) {
      lines.push([seenUs, `t=${formatClock(seenUs)}   ${sc.followers[0].name} (the real replica) applied GTID ${r.gtid}: ${key} v${r.version} — lag ${formatClock(run.lagUs[r.pos])}`]);
    }
  }
  return lines.sort((a, b) => a[0] - b[0]).map(([, l]) => l);
}

const pct = (x: number): string => (Number.isFinite(x) ? `${(x * 100).toFixed(1)}%` : '—');
const ms = (x: number): string => (Number.isFinite(x) ? x.toFixed(x >= 100 ? 0 : 2) : '—');

/** `+1.2 ± 3.4 ✓`: difference, tolerance and verdict, in the unit of `fmt`. */
export function verdictCell(a: Agreement, unit: 'pp' | 'ms'): string {
  const k = unit === 'pp' ? 100 : 1;
  const d = a.diff * k;
  const tol = Number.isFinite(a.tolerance) ? ` ± ${(a.tolerance * k).toFixed(1)}` : '';
  const mark = a.within === true ? 'ok' : a.within === false ? 'DIFFERS' : 'n/a';
  return `${d >= 0 ? '+' : '−'}${Math.abs(d).toFixed(1)}${tol} ${mark}`;
}

/** Rows of the measured-vs-simulated table (strings), header first. */
export function comparisonRows(comparisons: LiveComparison[]): string[][] {
  const header = ['strategy', 'reads', 'lag mean/p99 ms', 'lag model (fitted)', 'stale live/sim', 'Δ pp ± tol', 'master reads live/sim', 'Δ pp ± tol', 'read ms live/sim', 'Δ ms ± tol'];
  const rows = comparisons.map((c) => [
    c.strategy,
    String(c.measured.reads),
    `${ms(c.fit.measured.meanUs / 1000)} / ${ms(c.fit.measured.p99Us / 1000)}`,
    describeDist(c.fit.dist),
    `${pct(c.staleRate.live)} / ${pct(c.staleRate.sim)}`, verdictCell(c.staleRate, 'pp'),
    `${pct(c.masterReadShare.live)} / ${pct(c.masterReadShare.sim)}`, verdictCell(c.masterReadShare, 'pp'),
    `${ms(c.readLatencyMeanMs.live)} / ${ms(c.readLatencyMeanMs.sim)}`, verdictCell(c.readLatencyMeanMs, 'ms'),
  ]);
  return [header, ...rows];
}

export function formatComparison(comparisons: LiveComparison[]): string {
  const [header, ...rows] = comparisonRows(comparisons);
  const widths = header.map((h, c) => Math.max(displayWidth(h), ...rows.map((r) => displayWidth(r[c]))));
  const pad = (cell: string, c: number): string => ' '.repeat(widths[c] - displayWidth(cell));
  const line = (cells: string[]): string => cells.map((cell, c) => (c === 0 ? cell + pad(cell, c) : pad(cell, c) + cell)).join('  ');
  return [line(header), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/** One line saying what was run where. */
export function sessionHeadline(sc: Scenario, s: LiveSession): string {
  return `${sc.title} — live on MariaDB ${s.serverVersion}: primary ${s.primaryWhere}, replica ${s.replicaWhere} (= ${sc.followers[0].name}), MASTER_DELAY ${s.masterDelaySec}s, time scale ${s.timeScale}`;
}

/** How well the harness kept to the schedule and how finely it saw applies. */
export function harnessLine(s: LiveSession): string {
  let maxSlip = 0;
  let maxErr = 0;
  let polls = 0;
  for (const run of s.runs) {
    for (const r of run.records) maxSlip = Math.max(maxSlip, r.slipUs);
    maxErr = Math.max(maxErr, run.visibilityErrUs);
    polls += run.polls;
  }
  return `harness: operations issued at most ${ms(maxSlip / 1000)} ms late; applies seen within ±${ms(maxErr / 1000)} ms (${polls} polls of @@gtid_slave_pos)`;
}
