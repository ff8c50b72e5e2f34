// What `lagsim live` prints: the scripted story as it happened on the real pair, and
// measured vs simulated per strategy.
import { Scenario } from '../scenario/types';
import { formatClock } from '../engine/time';
import { Lang, t } from '../i18n';
import { displayWidth, template } from '../i18n/template';
import { narrator } from '../report/narrate';
import { LiveSession } from './session';
import { LiveComparison } from './compare';
import { Agreement } from './stats';
import { describeFit } from './fit';
import { checkLines, isValid } from './checks';

/** Narrated lines of one run's scripted events, with the replica's apply of each scripted write, in `lang`. */
export function storyLines(session: LiveSession, runIndex: number, lang: Lang): string[] {
  const sc = session.scenario;
  const run = session.runs[runIndex];
  const lines: Array<[number, string]> = [];
  let text = '';
  const reads = narrator(sc, (l) => (text = l), false, lang);
  const pg = session.engine === 'postgres' ? 'pg.' : '';
  const write = template(lang, t(lang, `live.${pg}story.write`));
  const apply = template(lang, t(lang, `live.${pg}story.apply`));
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
    lines.push([r.tUs, write({ at: `t=${formatClock(r.tUs)}`, who, key, row: value, version: r.version, gtid: r.gtid })]);
    const seenUs = r.tUs + run.lagUs[r.pos];
    if (Number.isFinite(seenUs)) {
      lines.push([seenUs, apply({ at: `t=${formatClock(seenUs)}`, follower: sc.followers[0].name, gtid: r.gtid, key, version: r.version, lag: formatClock(run.lagUs[r.pos]) })]);
    }
  }
  return lines.sort((a, b) => a[0] - b[0]).map(([, l]) => l);
}

export const pct = (x: number): string => (Number.isFinite(x) ? `${(x * 100).toFixed(1)}%` : '—');
const ms = (x: number): string => (Number.isFinite(x) ? x.toFixed(x >= 100 ? 0 : 2) : '—');

/** `+1.2 ± 3.4 ok`: difference, tolerance and verdict (in `lang`), in percentage points or ms; an invalid run's verdict is INVALID. */
export function verdictCell(a: Agreement, unit: 'pp' | 'ms', lang: Lang, valid = true): string {
  const k = unit === 'pp' ? 100 : 1;
  const d = a.diff * k;
  const tol = Number.isFinite(a.tolerance) ? ` ± ${(a.tolerance * k).toFixed(1)}` : '';
  const mark = t(lang, !valid ? 'live.verdict.invalid' : a.within === true ? 'live.verdict.ok' : a.within === false ? 'live.verdict.differs' : 'live.verdict.na');
  return `${d >= 0 ? '+' : '−'}${Math.abs(d).toFixed(1)}${tol} ${mark}`;
}

/** Rows of the measured-vs-simulated table (strings) in `lang`, header first. */
export function comparisonRows(comparisons: LiveComparison[], lang: Lang): string[][] {
  const header = [t(lang, 'table.strategy'), t(lang, 'metric.reads'), ...(['live.col.lag', 'live.col.model', 'live.col.stale', 'live.col.deltaPp', 'live.col.master', 'live.col.deltaPp', 'live.col.latency', 'live.col.deltaMs'] as const).map((k) => t(lang, k))];
  const rows = comparisons.map((c) => [c, isValid(c.checks)] as const).map(([c, valid]) => [
    c.strategy,
    String(c.measured.reads),
    c.fits.map((f) => `${ms(f.measured.meanUs / 1000)} / ${ms(f.measured.p99Us / 1000)}`).join(' | '),
    c.fits.map((f) => describeFit(f, lang)).join(' | '),
    `${pct(c.staleRate.live)} / ${pct(c.staleRate.sim)}`, verdictCell(c.staleRate, 'pp', lang, valid),
    `${pct(c.masterReadShare.live)} / ${pct(c.masterReadShare.sim)}`, verdictCell(c.masterReadShare, 'pp', lang, valid),
    `${ms(c.readLatencyMeanMs.live)} / ${ms(c.readLatencyMeanMs.sim)}`, verdictCell(c.readLatencyMeanMs, 'ms', lang, valid),
  ]);
  return [header, ...rows];
}

/** The measured-vs-simulated table as the terminal shows it, in `lang` (wide characters count double). */
export function formatComparison(comparisons: LiveComparison[], lang: Lang): string {
  const [header, ...rows] = comparisonRows(comparisons, lang);
  const widths = header.map((h, c) => Math.max(displayWidth(h), ...rows.map((r) => displayWidth(r[c]))));
  const pad = (cell: string, c: number): string => ' '.repeat(widths[c] - displayWidth(cell));
  const line = (cells: string[]): string => cells.map((cell, c) => (c === 0 ? cell + pad(cell, c) : pad(cell, c) + cell)).join('  ');
  return [line(header), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/** One line saying what was run where. */
export function sessionHeadline(sc: Scenario, s: LiveSession, lang: Lang): string {
  const pg = s.engine === 'postgres';
  if (s.replicas !== undefined) {
    const replicas = s.replicas.map((r) => t(lang, 'live.headline.replica', { where: r.where, follower: r.follower, delay: r.masterDelaySec })).join(', ');
    return t(lang, 'live.headline.replicas', { title: sc.title, version: s.serverVersion, primary: s.primaryWhere, replicas, scale: s.timeScale });
  }
  return t(lang, pg ? 'live.pg.headline' : 'live.headline', {
    title: sc.title, version: s.serverVersion, primary: s.primaryWhere, replica: s.replicaWhere, follower: sc.followers[0].name,
    delay: pg ? s.applyDelayUs / 1000 : s.masterDelaySec, scale: s.timeScale,
  });
}

/** With several replicas: per strategy and follower, the share of reads it served and served stale, measured / simulated (none with one replica). */
export function perReplicaLines(comparisons: LiveComparison[], lang: Lang): string[] {
  const lines = comparisons.flatMap((c) => (c.perReplica ?? []).map((p) => {
    const valid = isValid(c.checks);
    return t(lang, 'live.perReplica', {
      strategy: c.strategy, follower: p.follower,
      live: pct(p.readShare.live), sim: pct(p.readShare.sim), verdict: verdictCell(p.readShare, 'pp', lang, valid),
      staleLive: pct(p.staleShare.live), staleSim: pct(p.staleShare.sim), staleVerdict: verdictCell(p.staleShare, 'pp', lang, valid),
    });
  }));
  return lines.length === 0 ? [] : [t(lang, 'live.perReplica.intro'), ...lines, ''];
}

/** What each run was checked for, or which checks failed (section Runs that check their own setup, docs/live.md). */
export function setupLines(comparisons: LiveComparison[], s: LiveSession, lang: Lang): string[] {
  return checkLines(comparisons, s, lang);
}

/** What the harness did to make every write heavy, said with the numbers. */
export function writeLoadLine(s: LiveSession, lang: Lang): string {
  if (s.engine !== 'postgres') return t(lang, 'live.writeLoad', { rows: s.writeLoadRows, delay: s.masterDelaySec });
  return t(lang, 'live.pg.writeLoad', { rows: s.writeLoadRows, delay: Math.round(s.applyDelayUs / 1000) });
}

/** What the harness did to the replica to make it fall behind: the write load, a replay held to a CPU share. */
export function loadLines(s: LiveSession, lang: Lang): string[] {
  return [
    ...(s.writeLoadRows > 0 ? [writeLoadLine(s, lang)] : []),
    ...(s.replayCpuPercent !== null ? [t(lang, 'live.pg.replayCpu', { cpu: s.replayCpuPercent })] : []),
  ];
}

/** How well the harness kept to the schedule and how finely it saw applies. */
export function harnessLine(s: LiveSession, lang: Lang): string {
  let maxSlip = 0;
  let maxErr = 0;
  let polls = 0;
  for (const run of s.runs) {
    for (const r of run.records) maxSlip = Math.max(maxSlip, r.slipUs);
    maxErr = Math.max(maxErr, run.visibilityErrUs);
    polls += run.polls;
  }
  return t(lang, s.engine === 'postgres' ? 'live.pg.harness' : 'live.harness', { slip: ms(maxSlip / 1000), err: ms(maxErr / 1000), polls });
}
